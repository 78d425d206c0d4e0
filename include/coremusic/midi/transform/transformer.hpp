// coremusic/midi/transform/transformer.hpp
// What a MIDI transform is (a value with apply(MidiSequence&)), the fluent
// `seq | Transpose{5}`, and the note-level helpers the transforms share.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/midi_track.hpp>

namespace cm::midi {

/// A MIDI transform: a value type whose `void apply(MidiSequence&) const`
/// changes a sequence in place. Every transform in cm::midi also has
/// `MidiSequence operator()(MidiSequence) const` (apply to a copy, or to a
/// moved-in sequence without copying).
///
/// Every transform keeps these invariants, for sequences whose notes pair
/// (every note-off ends a note): each track's events stay sorted in the
/// track's order (MidiTrack, event_rank); every note-on has a note-off of
/// its channel and pitch after it and no note-off is orphaned; notes last at
/// least one tick; note numbers stay 0..127, note-on velocities 1..127 and
/// channels 0..15, by the rule each transform documents (clamp or drop).
/// Transforms that move, add or pick notes (Quantize, TimeStretch,
/// TimeShift, Reverse, Humanize, Harmonize, NoteFilter, Arpeggiate) pair
/// notes first as MidiTrack::notes() does and
/// also repair a track that does not pair: a stray note-off is removed and a
/// note-on never released gets a note-off at the track's end. Transforms
/// that map values event by event (Transpose, Invert, ScaleFilter,
/// VelocityScale, VelocityCurve, EventTypeFilter, ChannelRemap) and
/// TrackMerge leave unpaired events as they were.
///
/// Notes of one channel and pitch may overlap after a transform (a channel
/// merge, a clamp, a snap to a scale); they then pair first-in first-out
/// again, which keeps every note closed but may pair a note-on with another
/// note's note-off, as any MIDI receiver would.
template <class T>
concept Transformer = std::copy_constructible<T> && requires(const T& t, MidiSequence& s) { t.apply(s); };

/// `seq | t`: t applied to seq (moved in, changed in place, returned), so
/// `std::move(seq) | Transpose{5} | Quantize{}` copies nothing and
/// `seq | Transpose{5}` copies once.
/// Thread-safe as t.apply is. Not realtime-safe.
template <Transformer T>
[[nodiscard]] MidiSequence operator|(MidiSequence seq, const T& t) {
    t.apply(seq);
    return seq;
}

/// What a pitch transform does with a note it would move outside 0..127.
enum class RangeRule : std::uint8_t {
    Drop,   ///< remove the note (its note-on, note-off and poly pressure)
    Clamp,  ///< put it at 0 or 127
};

namespace detail {

/// A map of note numbers: the new note for each of 0..127, or -1 to drop.
using PitchMap = std::array<std::int16_t, 128>;

/// The channel message with this status and data bytes (0..127 each; a
/// pitch bend's value is d1 | d2 << 7), through the checked factories, which
/// are cheap inline code; other statuses go through from_bytes.
[[nodiscard]] inline MidiMessage make_message(std::uint8_t status, int d1, int d2) {
    const int ch = status & 0x0F;
    switch (status & 0xF0) {
    case 0x80: return MidiMessage::note_off(ch, d1, d2);
    case 0x90: return MidiMessage::note_on(ch, d1, d2);
    case 0xA0: return MidiMessage::poly_pressure(ch, d1, d2);
    case 0xB0: return MidiMessage::control_change(ch, d1, d2);
    case 0xC0: return MidiMessage::program_change(ch, d1);
    case 0xD0: return MidiMessage::channel_pressure(ch, d1);
    case 0xE0: return MidiMessage::pitch_bend(ch, d1 | d2 << 7);
    default: {
        const std::uint8_t bytes[3] = {status, static_cast<std::uint8_t>(d1), static_cast<std::uint8_t>(d2)};
        return MidiMessage::from_bytes(std::span<const std::uint8_t>(bytes, static_cast<std::size_t>(message_size(status))));
    }
    }
}

/// Maps the note of every note-on, note-off and poly pressure message; an
/// event whose note maps to -1 is removed. Ticks and ranks do not change,
/// and a note-on and its note-off share a pitch, so they map alike: a
/// dropped note loses both, and FIFO pairing still closes every note.
inline void map_pitches(MidiSequence& seq, const PitchMap& map) {
    for (MidiTrack& t : seq.tracks()) {
        std::vector<MidiEvent>& ev = TrackAccess::events_in_order(t);
        std::size_t w = 0;
        for (std::size_t r = 0; r < ev.size(); ++r) {
            MidiEvent& e = ev[r];
            if (e.kind == EventKind::Message) {
                const int hi = e.message.status() & 0xF0;
                if (hi == 0x80 || hi == 0x90 || hi == 0xA0) {
                    const int to = map[static_cast<std::size_t>(e.message.note())];
                    if (to < 0) {
                        continue;
                    }
                    e.message = make_message(e.message.status(), to, e.message.data2());
                }
            }
            if (w != r) {
                ev[w] = std::move(e);
            }
            ++w;
        }
        ev.resize(w);
    }
}

/// Pairs the notes of ev (pair_notes) and repairs what does not pair: stray
/// note-offs are removed, and a note-on never released gets a note-off
/// (release velocity 0) at end_tick, or one tick after it when that is not
/// later, appended to ev. Returns, per event of ev as left here, the index
/// of its note-off for a note-on (every note-on has one now), claimed_off
/// for a note-off, no_event for anything else. The caller re-sorts (through
/// MidiTrack::edit).
[[nodiscard]] inline std::vector<std::uint32_t> close_pairs(std::vector<MidiEvent>& ev, std::int64_t end_tick) {
    NotePairing p = pair_notes(ev);
    if (p.stray_note_offs > 0) {
        std::vector<std::uint32_t> new_index(ev.size(), no_event);
        std::size_t w = 0;
        for (std::size_t r = 0; r < ev.size(); ++r) {
            if (p.is_stray(ev, r)) {
                continue;
            }
            new_index[r] = static_cast<std::uint32_t>(w);
            if (w != r) {
                ev[w] = std::move(ev[r]);
                p.off_of[w] = p.off_of[r];
            }
            ++w;
        }
        ev.resize(w);
        p.off_of.resize(w);
        for (std::uint32_t& off : p.off_of) {
            if (off != no_event && off != claimed_off) {
                off = new_index[off];
            }
        }
    }
    if (p.unmatched_note_ons > 0) {
        const std::size_t n = ev.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (p.off_of[i] != no_event || ev[i].kind != EventKind::Message || !ev[i].message.is_note_on()) {
                continue;
            }
            const MidiMessage on = ev[i].message;
            p.off_of[i] = static_cast<std::uint32_t>(ev.size());
            ev.push_back(MidiEvent::from_message(std::max(end_tick, ev[i].tick + 1),
                                                 MidiMessage::note_off(on.channel(), on.note(), 0)));
            p.off_of.push_back(claimed_off);
        }
    }
    return std::move(p.off_of);
}

/// One note of a track as the note transforms see it: indices into the
/// events and times.
struct NoteRef {
    std::uint32_t on = 0;
    std::uint32_t off = 0;
    std::int64_t start = 0;
    std::int64_t end = 0;
};

/// The notes of ev after close_pairs, in note-on order.
[[nodiscard]] inline std::vector<NoteRef> close_notes(std::vector<MidiEvent>& ev, std::int64_t end_tick) {
    const std::vector<std::uint32_t> off_of = close_pairs(ev, end_tick);
    std::vector<NoteRef> notes;
    for (std::size_t i = 0; i < off_of.size(); ++i) {
        const std::uint32_t off = off_of[i];
        if (off != no_event && off != claimed_off) {
            notes.push_back({static_cast<std::uint32_t>(i), off, ev[i].tick, ev[off].tick});
        }
    }
    return notes;
}

/// Moves every note of every track: `note_fn(start, end, on_event)` may
/// change start and end (and the note-on's velocity); then start is clamped
/// to 0 or more and end to start + 1 or more. `other_fn(event)` may change
/// the tick of every other event (then clamped to 0 or more). Notes are
/// visited in note-on order, track by track. Unpaired events are repaired
/// first (close_pairs) and each track re-sorted after. One pass besides the
/// pairing and the sort.
template <class NoteFn, class OtherFn>
void retime(MidiSequence& seq, NoteFn&& note_fn, OtherFn&& other_fn) {
    for (MidiTrack& t : seq.tracks()) {
        const std::int64_t end_tick = t.end_tick();
        t.edit([&](std::vector<MidiEvent>& ev) {
            const std::vector<std::uint32_t> off_of = close_pairs(ev, end_tick);
            const std::size_t n = ev.size();
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint32_t off = off_of[i];
                if (off == claimed_off) {
                    continue;  // moved with its note-on
                }
                MidiEvent& e = ev[i];
                if (off == no_event) {
                    other_fn(e);
                    e.tick = std::max<std::int64_t>(0, e.tick);
                    continue;
                }
                std::int64_t s = e.tick;
                std::int64_t end = ev[off].tick;
                note_fn(s, end, e);
                s = std::max<std::int64_t>(0, s);
                e.tick = s;
                ev[off].tick = std::max(end, s + 1);
            }
        });
    }
}

/// The integer nearest to x, ties away from zero (std::llround), saturated
/// to the int64 range.
[[nodiscard]] inline std::int64_t round_ticks(double x) noexcept {
    if (!(x > -9.2e18)) {
        return x != x ? 0 : -9'200'000'000'000'000'000;
    }
    if (!(x < 9.2e18)) {
        return 9'200'000'000'000'000'000;
    }
    return std::llround(x);
}

} // namespace detail

} // namespace cm::midi
