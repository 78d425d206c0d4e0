// coremusic/theory/note_event.hpp
// What every generator produces: notes placed in beats, with a velocity and a
// channel, convertible to seconds at a tempo and to MIDI ticks.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>

namespace cm::theory {

/// One note of generated music. Times are in beats (quarter notes unless the
/// generator says otherwise), so the same events play at any tempo.
/// `note` is a MIDI note number 0..127, `velocity` 1..127, `channel` 0..15;
/// generators only produce values in these ranges.
/// Thread-safe: a value type. Realtime-safe: yes.
struct NoteEvent {
    double start_beat = 0.0;      ///< onset, in beats from the start
    double duration_beats = 1.0;  ///< length, in beats (> 0)
    int note = 60;                ///< MIDI note number
    int velocity = 100;           ///< MIDI velocity
    int channel = 0;              ///< MIDI channel, 0-based

    /// The end, in beats.
    [[nodiscard]] constexpr double end_beat() const noexcept { return start_beat + duration_beats; }

    /// The onset in seconds at bpm beats per minute.
    [[nodiscard]] constexpr double start_seconds(double bpm) const noexcept { return start_beat * 60.0 / bpm; }
    /// The length in seconds at bpm beats per minute.
    [[nodiscard]] constexpr double duration_seconds(double bpm) const noexcept {
        return duration_beats * 60.0 / bpm;
    }

    /// All fields equal.
    friend constexpr bool operator==(const NoteEvent&, const NoteEvent&) noexcept = default;
};

/// Beats to whole ticks at ppq ticks per beat, rounded to the nearest tick
/// with ties away from zero (std::llround): at 480 ppq, 1/3 beat = 160 ticks
/// and 0.5/480 beat (half a tick) = 1 tick. This is the one rounding rule
/// used wherever generated beats become MIDI ticks, so a note that ends where
/// the next begins still touches it after rounding.
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline std::int64_t beats_to_ticks(double beats, int ppq) noexcept {
    return std::llround(beats * static_cast<double>(ppq));
}

/// Seconds for a number of beats at bpm beats per minute. Throws TheoryError
/// (Errc::OutOfRange) unless bpm is finite and positive.
[[nodiscard]] inline double beats_to_seconds(double beats, double bpm) {
    if (!(bpm > 0.0) || !std::isfinite(bpm)) {
        cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
            return "tempo " + std::to_string(bpm) + " bpm: expected a finite number above 0";
        });
    }
    return beats * 60.0 / bpm;
}

/// A NoteEvent timed in seconds (what an audio renderer wants).
struct TimedNote {
    double start_seconds = 0.0;
    double duration_seconds = 0.0;
    int note = 60;
    int velocity = 100;
    int channel = 0;

    friend constexpr bool operator==(const TimedNote&, const TimedNote&) noexcept = default;
};

/// The events with their beats converted to seconds at bpm. Throws as
/// beats_to_seconds does. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<TimedNote> to_seconds(std::span<const NoteEvent> events, double bpm) {
    const double seconds_per_beat = beats_to_seconds(1.0, bpm);
    std::vector<TimedNote> out;
    out.reserve(events.size());
    for (const NoteEvent& e : events) {
        out.push_back({e.start_beat * seconds_per_beat, e.duration_beats * seconds_per_beat, e.note, e.velocity,
                       e.channel});
    }
    return out;
}

} // namespace cm::theory
