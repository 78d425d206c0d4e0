// coremusic/midi/midi_track.hpp
// One track of a sequence: its events kept sorted by tick with a fixed order
// at equal ticks, note helpers in ticks and beats, and the paired notes.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <coremusic/core/detail/stable_sort.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/theory/duration.hpp>
#include <coremusic/theory/note_event.hpp>

namespace cm::midi {

/// The rank of an event among events at the same tick; a track keeps its
/// events sorted by (tick, rank), stably. From first to last: 0 meta events
/// (tempo, time signature, names, markers: the setting comes before what it
/// sets), 1 SysEx, 2 note-offs (incl. note-ons of velocity 0), 3 every other
/// message (controllers, program, pressure, pitch bend), 4 note-ons. Note-offs
/// before note-ons means a note repeated at the tick where the previous one
/// ends is not cut off by that note's note-off; programs and controllers
/// before note-ons means a note starts with the sound set at its tick.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr int event_rank(const MidiEvent& e) noexcept {
    if (e.kind == EventKind::Meta) {
        return 0;
    }
    if (e.kind == EventKind::SysEx) {
        return 1;
    }
    if (e.message.is_note_off()) {
        return 2;
    }
    return e.message.is_note_on() ? 4 : 3;
}

/// Whether a sorts before b in a track: earlier tick, or the same tick and a
/// lower event_rank. Thread-safe. Realtime-safe.
[[nodiscard]] constexpr bool event_before(const MidiEvent& a, const MidiEvent& b) noexcept {
    return a.tick < b.tick || (a.tick == b.tick && event_rank(a) < event_rank(b));
}

/// One sounding note of a track, found by pairing a note-on with its
/// note-off (see MidiTrack::notes()). `off_index` is npos for a note-on
/// never released, which lasts to the track's end.
/// Thread-safe: a value type. Realtime-safe: yes.
struct TrackNote {
    /// off_index of a note with no note-off.
    static constexpr std::size_t npos = ~std::size_t{0};

    std::int64_t start = 0;      ///< tick of the note-on
    std::int64_t end = 0;        ///< tick of the note-off (or the track's end)
    int note = 60;               ///< 0..127
    int velocity = 100;          ///< note-on velocity 1..127
    int off_velocity = 64;       ///< note-off (release) velocity; 0 for a velocity-0 note-on or none
    int channel = 0;             ///< 0..15
    std::size_t on_index = 0;    ///< index of the note-on in MidiTrack::events()
    std::size_t off_index = npos;///< index of the note-off, or npos

    /// end - start, in ticks.
    [[nodiscard]] constexpr std::int64_t duration() const noexcept { return end - start; }
    /// Whether a note-off ends the note.
    [[nodiscard]] constexpr bool has_note_off() const noexcept { return off_index != npos; }

    friend constexpr bool operator==(const TrackNote&, const TrackNote&) noexcept = default;
};

/// The notes of a track in note-on order, with what did not pair: note-offs
/// with no sounding note (ignored) and note-ons never released (kept, ending
/// at the track's end). A range of TrackNote.
/// Thread-safe: a value type. Not realtime-safe (allocates).
struct TrackNotes {
    std::vector<TrackNote> notes{};
    std::size_t stray_note_offs = 0;     ///< note-offs that found no sounding note of their channel and pitch
    std::size_t unmatched_note_ons = 0;  ///< notes with no note-off (has_note_off() false)

    [[nodiscard]] std::size_t size() const noexcept { return notes.size(); }
    [[nodiscard]] bool empty() const noexcept { return notes.empty(); }
    [[nodiscard]] auto begin() const noexcept { return notes.begin(); }
    [[nodiscard]] auto end() const noexcept { return notes.end(); }
    [[nodiscard]] const TrackNote& operator[](std::size_t i) const noexcept { return notes[i]; }
};

namespace detail {

inline constexpr std::uint32_t no_event = ~std::uint32_t{0};
/// off_of of a note-off that ends some note-on.
inline constexpr std::uint32_t claimed_off = no_event - 1;

/// For each event index, the index of the note-off that ends it when it is a
/// note-on (no_event when it has none), claimed_off for a note-off that
/// ends a note, and the count of note-offs that end nothing. FIFO per
/// channel and pitch: a note-off ends the earliest sounding note-on of its
/// channel and pitch. Linear time, one array: while a note-on waits in its
/// channel and pitch's queue, its slot links to the next waiting note-on.
struct NotePairing {
    std::vector<std::uint32_t> off_of{};  ///< per event (see above); no_event for every other event
    std::size_t stray_note_offs = 0;
    std::size_t unmatched_note_ons = 0;

    /// Whether event i is a note-off no note-on claimed.
    [[nodiscard]] bool is_stray(std::span<const MidiEvent> events, std::size_t i) const noexcept {
        return events[i].kind == EventKind::Message && events[i].message.is_note_off() && off_of[i] != claimed_off;
    }
};

[[nodiscard]] inline NotePairing pair_notes(std::span<const MidiEvent> events) {
    NotePairing p;
    const std::size_t n = events.size();
    if (n >= claimed_off) {
        cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
            return "a track of " + std::to_string(n) + " events: expected fewer than 2^32 - 2";
        });
    }
    p.off_of.assign(n, no_event);
    std::array<std::uint32_t, 16 * 128> head;
    std::array<std::uint32_t, 16 * 128> tail;
    head.fill(no_event);
    tail.fill(no_event);
    std::uint32_t* const link = p.off_of.data();
    for (std::size_t i = 0; i < n; ++i) {
        const MidiEvent& e = events[i];
        if (e.kind != EventKind::Message) {
            continue;
        }
        const MidiMessage m = e.message;
        const int hi = m.status() & 0xF0;
        if (hi != 0x80 && hi != 0x90) {
            continue;
        }
        const auto key = static_cast<std::size_t>(m.channel() * 128 + m.note());
        const auto idx = static_cast<std::uint32_t>(i);
        if (m.is_note_on()) {
            if (tail[key] == no_event) {
                head[key] = idx;
            } else {
                link[tail[key]] = idx;
            }
            tail[key] = idx;
        } else if (head[key] != no_event) {
            const std::uint32_t on = head[key];
            head[key] = link[on];
            if (head[key] == no_event) {
                tail[key] = no_event;
            }
            link[on] = idx;
            link[i] = claimed_off;
        } else {
            ++p.stray_note_offs;
        }
    }
    // Note-ons still waiting hold links, not note-offs: clear them.
    for (std::size_t key = 0; key < head.size(); ++key) {
        for (std::uint32_t i = head[key]; i != no_event;) {
            const std::uint32_t next = link[i];
            link[i] = no_event;
            ++p.unmatched_note_ons;
            i = next;
        }
    }
    return p;
}

/// Sorts events by event_before, stably. Adaptive, because transforms
/// leave events nearly sorted (notes moved by less than a grid step): one
/// pass that checks each neighbour and, where one is out of order,
/// insertion-sorts it back, giving up after about 8 moves per event and
/// handing the partly sorted range (still in stable order: the prefix is
/// sorted, the rest untouched) to cm::detail::stable_sort. So one pass when
/// sorted, O(n) when nearly so, O(n log n) at worst. Throws MidiError
/// (Errc::OutOfRange) for a negative tick.
inline void sort_events(std::vector<MidiEvent>& events) {
    const auto negative = [](std::int64_t t) {
        cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
            return "MIDI event at tick " + std::to_string(t) + ": expected a tick of 0 or more";
        });
    };
    const std::size_t n = events.size();
    if (n > 0 && events[0].tick < 0) {
        negative(events[0].tick);
    }
    std::size_t budget = 8 * n + 64;
    for (std::size_t i = 1; i < n; ++i) {
        if (events[i].tick < 0) {
            negative(events[i].tick);
        }
        if (!event_before(events[i], events[i - 1])) {
            continue;
        }
        MidiEvent moving = std::move(events[i]);
        std::size_t j = i;
        while (j > 0 && event_before(moving, events[j - 1]) && budget > 0) {
            events[j] = std::move(events[j - 1]);
            --j;
            --budget;
        }
        events[j] = std::move(moving);
        if (budget == 0) {
            for (std::size_t k = i + 1; k < n; ++k) {
                if (events[k].tick < 0) {
                    negative(events[k].tick);
                }
            }
            cm::detail::stable_sort(events.begin(), events.end(), event_before);
            return;
        }
    }
}

inline void check_range(int v, int lo, int hi, const char* what) {
    if (v < lo || v > hi) {
        cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
            return std::string(what) + " " + std::to_string(v) + ": expected " + std::to_string(lo) + " to " +
                   std::to_string(hi);
        });
    }
}

inline void check_tick(std::int64_t tick, const char* what) {
    if (tick < 0) {
        cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
            return std::string(what) + " at tick " + std::to_string(tick) + ": expected a tick of 0 or more";
        });
    }
}

struct TrackAccess;

} // namespace detail

/// A track of a MidiSequence: a name, a default channel, the ticks per
/// quarter note of its sequence (for the beat overloads), and events kept
/// sorted by tick, stably, with the equal-tick order of event_rank (meta,
/// SysEx, note-offs, other messages, note-ons). Adding an event puts it
/// after the events it ties with, so events added in order stay in order.
///
/// The track's end (end_tick()) is the later of its last event and an
/// explicit end (the end-of-track tick of a file): end-of-track meta events
/// are not stored as events, the track writes one at end_tick(). Notes last
/// at least one tick: with note-offs sorted before note-ons a zero-length
/// note could not be told from a note-off followed by a new note.
///
/// Channels are 0-based (0..15). Every add_* without a channel argument
/// uses channel().
/// Thread-safe: a value type (const members may be called concurrently).
/// Not realtime-safe (events allocate).
class MidiTrack {
public:
    /// An unnamed track on channel 0 at 480 ticks per quarter note.
    MidiTrack() = default;

    /// A track named name, adding on channel (0..15), at ppq ticks per
    /// quarter note (1..32767, or 0 for a track timed in SMPTE ticks, which
    /// has no beat overloads). Throws MidiError (Errc::OutOfRange) otherwise.
    explicit MidiTrack(std::string name, int channel = 0, int ppq = 480) : name_(std::move(name)) {
        detail::check_range(channel, 0, 15, "MidiTrack channel (0-based)");
        detail::check_range(ppq, 0, 0x7FFF, "MidiTrack ticks per quarter note");
        channel_ = channel;
        ppq_ = ppq;
    }

    /// A track of the notes in events, times in beats converted with
    /// cm::theory::beats_to_ticks (nearest tick, ties away from zero): a
    /// note starts at beats_to_ticks(start_beat) and ends at
    /// beats_to_ticks(end_beat()) (the end is rounded, not the length, so
    /// notes that touch in beats touch in ticks), and lasts at least one
    /// tick. The track's channel is the first event's (0 if none). Throws
    /// MidiError (Errc::OutOfRange) naming the event for a negative start, a
    /// length not above 0, or a note, velocity (1..127) or channel out of
    /// range, and for ppq outside 1..32767.
    [[nodiscard]] static MidiTrack from_note_events(std::span<const cm::theory::NoteEvent> events, int ppq,
                                                    std::string name = {}) {
        detail::check_range(ppq, 1, 0x7FFF, "MidiTrack::from_note_events ticks per quarter note");
        MidiTrack t(std::move(name), events.empty() ? 0 : std::clamp(events.front().channel, 0, 15), ppq);
        t.events_.reserve(events.size() * 2);
        for (std::size_t i = 0; i < events.size(); ++i) {
            const cm::theory::NoteEvent& e = events[i];
            const bool ok = e.start_beat >= 0.0 && e.duration_beats > 0.0 && e.note >= 0 && e.note <= 127 &&
                            e.velocity >= 1 && e.velocity <= 127 && e.channel >= 0 && e.channel <= 15 &&
                            e.end_beat() < 1e15;
            if (!ok) {
                cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                    return "note event " + std::to_string(i) + " (start " + std::to_string(e.start_beat) +
                           " beats, length " + std::to_string(e.duration_beats) + ", note " +
                           std::to_string(e.note) + ", velocity " + std::to_string(e.velocity) + ", channel " +
                           std::to_string(e.channel) +
                           "): expected a start >= 0, a length > 0, note 0..127, velocity 1..127, channel 0..15";
                });
            }
            const std::int64_t start = cm::theory::beats_to_ticks(e.start_beat, ppq);
            const std::int64_t end = std::max(start + 1, cm::theory::beats_to_ticks(e.end_beat(), ppq));
            t.events_.push_back(MidiEvent::from_message(start, MidiMessage::note_on(e.channel, e.note, e.velocity)));
            t.events_.push_back(MidiEvent::from_message(end, MidiMessage::note_off(e.channel, e.note)));
        }
        detail::sort_events(t.events_);
        return t;
    }

    /// The notes as cm::theory::NoteEvent in beats (tick / ppq), in note-on
    /// order; a note never released ends at the track's end. Throws MidiError
    /// (Errc::InvalidState) for a track in SMPTE ticks (ppq 0).
    [[nodiscard]] std::vector<cm::theory::NoteEvent> to_note_events() const {
        require_ppq("MidiTrack::to_note_events");
        const auto q = static_cast<double>(ppq_);
        std::vector<cm::theory::NoteEvent> out;
        for (const TrackNote& n : notes()) {
            out.push_back({static_cast<double>(n.start) / q, static_cast<double>(n.duration()) / q, n.note,
                           n.velocity, n.channel});
        }
        return out;
    }

    /// The name (written as a track-name meta event at tick 0).
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    void set_name(std::string name) { name_ = std::move(name); }
    /// The channel add_* uses when given none.
    [[nodiscard]] int channel() const noexcept { return channel_; }
    /// Sets channel() (0..15); throws MidiError (Errc::OutOfRange) otherwise.
    void set_channel(int channel) {
        detail::check_range(channel, 0, 15, "MidiTrack channel (0-based)");
        channel_ = channel;
    }
    /// Ticks per quarter note (0: SMPTE ticks).
    [[nodiscard]] int ppq() const noexcept { return ppq_; }

    /// The events, sorted (see the class comment).
    [[nodiscard]] std::span<const MidiEvent> events() const noexcept { return events_; }
    [[nodiscard]] std::size_t size() const noexcept { return events_.size(); }
    [[nodiscard]] bool empty() const noexcept { return events_.empty(); }

    /// The later of the last event's tick and the explicit end.
    [[nodiscard]] std::int64_t end_tick() const noexcept {
        return events_.empty() ? end_ : std::max(end_, events_.back().tick);
    }
    /// Sets the explicit end (end_tick() never falls before the last event).
    void set_end_tick(std::int64_t tick) {
        detail::check_tick(tick, "MidiTrack end");
        end_ = tick;
    }

    /// @name Adding events (each inserted after the events it ties with)
    /// @{
    /// Any event; throws MidiError (Errc::OutOfRange) for a negative tick.
    /// An end-of-track meta event sets the explicit end instead of being stored.
    void add_event(MidiEvent e) {
        detail::check_tick(e.tick, "MIDI event");
        if (e.is_meta(meta::end_of_track)) {
            end_ = std::max(end_, e.tick);
            return;
        }
        e.encoding = {};
        if (events_.empty() || !event_before(e, events_.back())) {
            events_.push_back(std::move(e));
            return;
        }
        const auto at = std::upper_bound(events_.begin(), events_.end(), e, event_before);
        events_.insert(at, std::move(e));
    }
    /// A message at tick.
    void add_message(std::int64_t tick, MidiMessage m) { add_event(MidiEvent::from_message(tick, m)); }

    /// A note-on at start and a note-off (release velocity 64) at start +
    /// duration, in ticks. Throws MidiError (Errc::OutOfRange) for start < 0,
    /// duration < 1, note outside 0..127, velocity outside 1..127 (0 would
    /// be a note-off) or a channel outside 0..15.
    void add_note(std::int64_t start, std::int64_t duration, int note, int velocity = 100,
                  std::optional<int> channel = std::nullopt) {
        const int ch = channel.value_or(channel_);
        detail::check_tick(start, "note");
        if (duration < 1) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "note of " + std::to_string(duration) + " ticks: expected a length of 1 tick or more";
            });
        }
        detail::check_range(velocity, 1, 127, "note-on velocity");
        add_event(MidiEvent::from_message(start, MidiMessage::note_on(ch, note, velocity)));
        add_event(MidiEvent::from_message(start + duration, MidiMessage::note_off(ch, note)));
    }
    /// As the tick overload, times in beats (quarter notes) converted as
    /// from_note_events does: both ends rounded to the nearest tick, at
    /// least one tick long. Throws MidiError (Errc::InvalidState) in SMPTE
    /// ticks, (Errc::OutOfRange) for a negative start or a length not above 0.
    void add_note(cm::theory::Duration start, cm::theory::Duration length, int note, int velocity = 100,
                  std::optional<int> channel = std::nullopt) {
        require_ppq("MidiTrack::add_note in beats");
        if (!(start.beats() >= 0.0) || !(length.beats() > 0.0)) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "note at " + std::to_string(start.beats()) + " beats lasting " +
                       std::to_string(length.beats()) + " beats: expected a start >= 0 and a length > 0";
            });
        }
        const std::int64_t s = cm::theory::beats_to_ticks(start.beats(), ppq_);
        const std::int64_t e = cm::theory::beats_to_ticks((start + length).beats(), ppq_);
        add_note(s, std::max<std::int64_t>(1, e - s), note, velocity, channel);
    }
    /// Control change (controller and value 0..127).
    void add_cc(std::int64_t tick, int controller, int value, std::optional<int> channel = std::nullopt) {
        add_message(tick, MidiMessage::control_change(channel.value_or(channel_), controller, value));
    }
    /// Program change (0..127).
    void add_program(std::int64_t tick, int program, std::optional<int> channel = std::nullopt) {
        add_message(tick, MidiMessage::program_change(channel.value_or(channel_), program));
    }
    /// Pitch bend 0..16383, 8192 the centre (MIDI's own scale).
    void add_pitch_bend(std::int64_t tick, int value, std::optional<int> channel = std::nullopt) {
        add_message(tick, MidiMessage::pitch_bend(channel.value_or(channel_), value));
    }
    /// A tempo of bpm quarter notes per minute, stored as the nearest whole
    /// microseconds per quarter (60e6 / bpm). Throws MidiError
    /// (Errc::OutOfRange) unless that is 1..16777215 (bpm about 3.58 and up).
    void add_tempo(std::int64_t tick, double bpm) {
        const double us = bpm > 0.0 ? 60e6 / bpm : 0.0;
        if (!(us >= 0.5) || !(us < 16777215.5)) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "tempo of " + std::to_string(bpm) +
                       " bpm: expected 60e6 / bpm to round to 1..16777215 microseconds per quarter note";
            });
        }
        add_event(MidiEvent::tempo(tick, static_cast<std::uint32_t>(std::llround(us))));
    }
    /// A time signature numerator / denominator (a power of two).
    void add_time_signature(std::int64_t tick, int numerator, int denominator) {
        add_event(MidiEvent::time_signature(tick, numerator, denominator));
    }
    /// A key signature: sharps (positive) or flats (negative), -7..7.
    void add_key_signature(std::int64_t tick, int sharps_or_flats, bool minor = false) {
        add_event(MidiEvent::key_signature(tick, sharps_or_flats, minor));
    }
    /// A marker meta event.
    void add_marker(std::int64_t tick, std::string_view text) {
        add_event(MidiEvent::text_event(tick, meta::marker, text));
    }
    /// A text-like meta event, meta::text unless type says otherwise
    /// (meta::lyric, meta::cue_point, ...).
    void add_text(std::int64_t tick, std::string_view text, std::uint8_t type = meta::text) {
        add_event(MidiEvent::text_event(tick, type, text));
    }
    /// @}

    /// Changes the events with f(std::vector<MidiEvent>&), which may edit,
    /// add or remove any, then sorts them again (stably, in linear time when
    /// f kept them in order). Throws MidiError (Errc::OutOfRange) if f left a
    /// negative tick (the events are then as f left them, sorted or not).
    /// This is how transforms work in place.
    template <class F>
    void edit(F&& f) {
        f(events_);
        detail::sort_events(events_);
    }

    /// Removes every event; keeps the name, channel and explicit end.
    void clear() noexcept { events_.clear(); }

    /// The notes: each note-on paired with the note-off that ends it. FIFO
    /// per channel and pitch: a note-off ends the earliest still sounding
    /// note-on of its channel and pitch, so overlapping notes of one pitch
    /// (on A, on B, off, off) pair as A with the first note-off and B with
    /// the second. A note-on of velocity 0 is a note-off. A note-on never
    /// released lasts to end_tick(); a note-off with nothing to end is
    /// ignored and counted. In note-on order. Not realtime-safe (allocates).
    [[nodiscard]] TrackNotes notes() const {
        const detail::NotePairing p = detail::pair_notes(events_);
        TrackNotes out;
        out.stray_note_offs = p.stray_note_offs;
        out.unmatched_note_ons = p.unmatched_note_ons;
        const std::int64_t last = end_tick();
        for (std::size_t i = 0; i < events_.size(); ++i) {
            const MidiEvent& e = events_[i];
            if (e.kind != EventKind::Message || !e.message.is_note_on()) {
                continue;
            }
            TrackNote n;
            n.start = e.tick;
            n.note = e.message.note();
            n.velocity = e.message.velocity();
            n.channel = e.message.channel();
            n.on_index = i;
            if (p.off_of[i] != detail::no_event) {
                const MidiEvent& off = events_[p.off_of[i]];
                n.end = off.tick;
                n.off_velocity = off.message.velocity();
                n.off_index = p.off_of[i];
            } else {
                n.end = last;
                n.off_velocity = 0;
            }
            out.notes.push_back(n);
        }
        return out;
    }

    /// Same name, channel, ppq, events (encodings ignored) and end_tick().
    [[nodiscard]] friend bool operator==(const MidiTrack& a, const MidiTrack& b) {
        return a.name_ == b.name_ && a.channel_ == b.channel_ && a.ppq_ == b.ppq_ && a.events_ == b.events_ &&
               a.end_tick() == b.end_tick();
    }

private:
    friend struct detail::TrackAccess;

    void require_ppq(const char* what) const {
        if (ppq_ == 0) {
            cm::detail::report<MidiError>(nullptr, Errc::InvalidState, [&] {
                return std::string(what) + ": the track is timed in SMPTE ticks; beats need ticks per quarter note";
            });
        }
    }

    std::string name_{};
    int channel_ = 0;
    int ppq_ = 480;
    std::int64_t end_ = 0;
    std::vector<MidiEvent> events_{};
};

namespace detail {

/// For transforms that keep events in order (they change no tick and no
/// event_rank, and only remove or edit events in place): the events without
/// the re-sort check of MidiTrack::edit, a full pass saved per transform.
struct TrackAccess {
    [[nodiscard]] static std::vector<MidiEvent>& events_in_order(MidiTrack& t) noexcept { return t.events_; }
};

} // namespace detail

} // namespace cm::midi
