// coremusic/midi/transform/filter.hpp
// Filtering transforms on a sequence: NoteFilter (per note), ScaleFilter
// (snap to or keep only a scale), EventTypeFilter and ChannelRemap.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/midi_track.hpp>
#include <coremusic/midi/transform/transformer.hpp>
#include <coremusic/theory/scale.hpp>

namespace cm::midi {

/// Keeps the notes for which `keep(note)` is true and removes the others,
/// each with both its note-on and its note-off (a note, not a pitch: of two
/// notes of one pitch one may go). The predicate sees the paired note
/// (TrackNote; on_index and off_index are positions in the track as it is
/// being filtered) once per note, track by track, in note-on order. An
/// empty predicate keeps everything. Other events are left alone; unpaired
/// notes are repaired first (see Transformer).
/// Thread-safe: apply is const, and as thread-safe as the predicate. Not
/// realtime-safe.
struct NoteFilter {
    std::function<bool(const TrackNote&)> keep{};

    void apply(MidiSequence& seq) const {
        if (!keep) {
            return;
        }
        for (MidiTrack& t : seq.tracks()) {
            const std::int64_t end_tick = t.end_tick();
            t.edit([&](std::vector<MidiEvent>& ev) {
                const std::vector<detail::NoteRef> notes = detail::close_notes(ev, end_tick);
                std::vector<bool> remove(ev.size(), false);
                for (const detail::NoteRef& r : notes) {
                    const MidiMessage on = ev[r.on].message;
                    const MidiMessage off = ev[r.off].message;
                    TrackNote n;
                    n.start = r.start;
                    n.end = r.end;
                    n.note = on.note();
                    n.velocity = on.velocity();
                    n.off_velocity = off.is_note_on() ? 0 : off.velocity();
                    n.channel = on.channel();
                    n.on_index = r.on;
                    n.off_index = r.off;
                    if (!keep(n)) {
                        remove[r.on] = true;
                        remove[r.off] = true;
                    }
                }
                std::size_t w = 0;
                for (std::size_t r = 0; r < ev.size(); ++r) {
                    if (!remove[r]) {
                        if (w != r) {
                            ev[w] = std::move(ev[r]);
                        }
                        ++w;
                    }
                }
                ev.resize(w);
            });
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// What ScaleFilter does with a note outside its scale.
enum class ScaleFilterMode : std::uint8_t {
    Snap,  ///< move it to the nearest note of the scale (the lower one on a tie)
    Drop,  ///< remove it
};

/// Puts every note in `scale` (membership by pitch class, any octave):
/// notes already in it stay; others snap to the nearest scale note (ties go
/// down: in C major, C# becomes C, F# becomes F) or are dropped, with their
/// note-off and poly pressure. Snapping stays within 0..127.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct ScaleFilter {
    cm::theory::Scale scale{};
    ScaleFilterMode mode = ScaleFilterMode::Snap;

    /// Where note p (0..127) goes, or -1 when dropped.
    [[nodiscard]] int map(int p) const noexcept {
        const int root = scale.root().pitch_class();
        const auto in = [&](int m) { return m >= 0 && m <= 127 && scale.type().has_semitone(m - root); };
        if (in(p)) {
            return p;
        }
        if (mode == ScaleFilterMode::Drop) {
            return -1;
        }
        for (int d = 1; d < 128; ++d) {
            if (in(p - d)) {
                return p - d;
            }
            if (in(p + d)) {
                return p + d;
            }
        }
        return -1;  // a scale with no notes: not one ScaleType has
    }

    void apply(MidiSequence& seq) const {
        detail::PitchMap m{};
        for (int p = 0; p < 128; ++p) {
            m[static_cast<std::size_t>(p)] = static_cast<std::int16_t>(map(p));
        }
        detail::map_pitches(seq, m);
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Kinds of event, as bits, for EventTypeFilter.
enum class EventTypes : std::uint32_t {
    None = 0,
    Notes = 1u << 0,            ///< note-ons and note-offs
    PolyPressure = 1u << 1,
    ControlChange = 1u << 2,    ///< incl. channel mode messages
    ProgramChange = 1u << 3,
    ChannelPressure = 1u << 4,
    PitchBend = 1u << 5,
    SystemMessages = 1u << 6,   ///< system common and real-time messages
    SysEx = 1u << 7,
    Timing = 1u << 8,           ///< tempo and time-signature meta events (the tempo map)
    OtherMeta = 1u << 9,        ///< every other meta event (text, names, markers, key signature, ...)
    All = (1u << 10) - 1,
};

/// Union of kinds.
[[nodiscard]] constexpr EventTypes operator|(EventTypes a, EventTypes b) noexcept {
    return static_cast<EventTypes>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}
/// Intersection of kinds.
[[nodiscard]] constexpr EventTypes operator&(EventTypes a, EventTypes b) noexcept {
    return static_cast<EventTypes>(static_cast<std::uint32_t>(a) & static_cast<std::uint32_t>(b));
}
/// Every kind not in a.
[[nodiscard]] constexpr EventTypes operator~(EventTypes a) noexcept {
    return static_cast<EventTypes>(~static_cast<std::uint32_t>(a) & static_cast<std::uint32_t>(EventTypes::All));
}

/// The kind of an event (one bit of EventTypes).
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr EventTypes event_type(const MidiEvent& e) noexcept {
    if (e.kind == EventKind::SysEx) {
        return EventTypes::SysEx;
    }
    if (e.kind == EventKind::Meta) {
        return e.status == meta::tempo || e.status == meta::time_signature ? EventTypes::Timing
                                                                            : EventTypes::OtherMeta;
    }
    switch (e.message.type()) {
    case MessageType::NoteOff:
    case MessageType::NoteOn: return EventTypes::Notes;
    case MessageType::PolyPressure: return EventTypes::PolyPressure;
    case MessageType::ControlChange: return EventTypes::ControlChange;
    case MessageType::ProgramChange: return EventTypes::ProgramChange;
    case MessageType::ChannelPressure: return EventTypes::ChannelPressure;
    case MessageType::PitchBend: return EventTypes::PitchBend;
    default: return EventTypes::SystemMessages;
    }
}

/// Keeps the events whose kind is in `keep` and removes the rest. Notes go
/// as wholes (note-ons and note-offs are one kind). only(kinds) and
/// remove(kinds) spell the two uses.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct EventTypeFilter {
    EventTypes keep = EventTypes::All;

    /// Keeps only kinds.
    [[nodiscard]] static constexpr EventTypeFilter only(EventTypes kinds) noexcept { return {kinds}; }
    /// Removes kinds, keeps the rest.
    [[nodiscard]] static constexpr EventTypeFilter remove(EventTypes kinds) noexcept { return {~kinds}; }

    void apply(MidiSequence& seq) const {
        for (MidiTrack& t : seq.tracks()) {
            std::erase_if(detail::TrackAccess::events_in_order(t),
                          [&](const MidiEvent& e) { return (event_type(e) & keep) == EventTypes::None; });
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Moves channel messages from channel c to map[c] (0..15), or removes
/// them where map[c] is -1; a track's default channel moves too. The
/// default is the identity. Merging channels may overlap notes of one
/// pitch; they stay closed (see Transformer). Throws MidiError
/// (Errc::OutOfRange) for an entry outside -1..15.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct ChannelRemap {
    std::array<int, 16> map{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    /// Every channel to ch.
    [[nodiscard]] static ChannelRemap all_to(int ch) {
        ChannelRemap r;
        r.map.fill(ch);
        return r;
    }

    void apply(MidiSequence& seq) const {
        for (const int c : map) {
            detail::check_range(c, -1, 15, "ChannelRemap target channel (-1 drops)");
        }
        for (MidiTrack& t : seq.tracks()) {
            // Channels change no tick or rank: the order holds.
            std::vector<MidiEvent>& ev = detail::TrackAccess::events_in_order(t);
            std::size_t w = 0;
            for (std::size_t r = 0; r < ev.size(); ++r) {
                MidiEvent& e = ev[r];
                if (e.kind == EventKind::Message && e.message.is_channel_message()) {
                    const int to = map[static_cast<std::size_t>(e.message.channel())];
                    if (to < 0) {
                        continue;
                    }
                    if (to != e.message.channel()) {
                        e.message = detail::make_message(static_cast<std::uint8_t>((e.message.status() & 0xF0) | to),
                                                         e.message.data1(), e.message.data2());
                    }
                }
                if (w != r) {
                    ev[w] = std::move(e);
                }
                ++w;
            }
            ev.resize(w);
            const int to = map[static_cast<std::size_t>(t.channel())];
            if (to >= 0) {
                t.set_channel(to);
            }
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

} // namespace cm::midi
