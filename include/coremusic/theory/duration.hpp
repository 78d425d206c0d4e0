// coremusic/theory/duration.hpp
// A length of musical time in beats (quarter notes): built from note values,
// added and scaled, and converted to seconds at a tempo, to bars and to ticks.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <string>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/note_value.hpp>
#include <coremusic/theory/time_signature.hpp>

namespace cm::theory {

/// A signed length of time in beats (quarter notes), held as a double like
/// NoteEvent's times. Sums of plain and dotted values are exact (their beats
/// are dyadic fractions); tuplet lengths are the nearest double, so keep
/// NoteValue::beats() where exactness matters.
/// Arithmetic follows IEEE 754 (dividing by zero gives an infinity); only the
/// constructors check that the value is finite.
/// Thread-safe: a value type. Realtime-safe: everything except the
/// functions that throw, when they throw.
class Duration {
public:
    /// Zero beats.
    constexpr Duration() noexcept = default;

    /// beats beats (negative allowed). Throws TheoryError (Errc::OutOfRange)
    /// unless beats is finite.
    constexpr explicit Duration(double beats) : beats_(beats) {
        if (!(beats - beats == 0.0)) {  // false for infinities and NaN, and constexpr unlike std::isfinite
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "duration of " + std::to_string(beats) + " beats: expected a finite number";
            });
        }
    }

    /// The length of a note value: Duration{NoteValue::DottedEighth} is 0.75 beats.
    constexpr explicit Duration(NoteValue value) noexcept : beats_(value.beats_double()) {}

    /// count note values: Duration::of(3, NoteValue::EighthTriplet) is 1 beat.
    /// Computed from the exact fraction (count * numerator / denominator,
    /// one rounding), not by adding.
    [[nodiscard]] static constexpr Duration of(std::int64_t count, NoteValue value) noexcept {
        const NoteValue::Fraction f = value.beats();
        return Duration{static_cast<double>(count * f.numerator) / static_cast<double>(f.denominator), Raw{}};
    }

    /// The duration lasting seconds at bpm quarter notes per minute.
    /// Throws TheoryError (Errc::OutOfRange) unless bpm is finite and above 0
    /// and seconds is finite.
    [[nodiscard]] static Duration from_seconds(double seconds, double bpm) {
        check_bpm(bpm);
        return Duration{seconds * bpm / 60.0};
    }

    /// bars bars of ts: 2 bars of 7/8 are 7 beats. Throws TheoryError
    /// (Errc::OutOfRange) unless bars is finite.
    [[nodiscard]] static Duration from_bars(double bars, TimeSignature ts) {
        const NoteValue::Fraction bar = ts.bar_length();
        return Duration{bars * static_cast<double>(bar.numerator) / static_cast<double>(bar.denominator)};
    }

    /// The length in beats (quarter notes).
    [[nodiscard]] constexpr double beats() const noexcept { return beats_; }

    /// The length in seconds at bpm quarter notes per minute: 1 beat at 120
    /// bpm is 0.5 s. Throws TheoryError (Errc::OutOfRange) unless bpm is
    /// finite and above 0.
    [[nodiscard]] double seconds(double bpm) const { return beats_to_seconds(beats_, bpm); }

    /// The length in bars of ts: 7 beats are 2 bars of 7/8, 3 beats are 0.75
    /// of a 4/4 bar.
    [[nodiscard]] constexpr double bars(TimeSignature ts) const noexcept {
        const NoteValue::Fraction bar = ts.bar_length();
        return beats_ * static_cast<double>(bar.denominator) / static_cast<double>(bar.numerator);
    }

    /// The length in MIDI ticks at ppq ticks per quarter, through
    /// beats_to_ticks(): rounded to the nearest tick, ties away from zero
    /// (half a tick is 1 tick, minus half a tick is -1).
    /// Throws TheoryError (Errc::OutOfRange) unless ppq is above 0.
    [[nodiscard]] std::int64_t ticks(int ppq) const {
        if (ppq < 1) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "ticks of a duration at " + std::to_string(ppq) + " ppq: expected 1 ppq or more";
            });
        }
        return beats_to_ticks(beats_, ppq);
    }

    /// Sum.
    [[nodiscard]] friend constexpr Duration operator+(Duration a, Duration b) noexcept {
        return Duration{a.beats_ + b.beats_, Raw{}};
    }
    /// Difference (may be negative).
    [[nodiscard]] friend constexpr Duration operator-(Duration a, Duration b) noexcept {
        return Duration{a.beats_ - b.beats_, Raw{}};
    }
    /// Negation.
    [[nodiscard]] friend constexpr Duration operator-(Duration a) noexcept { return Duration{-a.beats_, Raw{}}; }
    /// Scaled by k.
    [[nodiscard]] friend constexpr Duration operator*(Duration a, double k) noexcept {
        return Duration{a.beats_ * k, Raw{}};
    }
    /// Scaled by k.
    [[nodiscard]] friend constexpr Duration operator*(double k, Duration a) noexcept {
        return Duration{k * a.beats_, Raw{}};
    }
    /// Divided by k.
    [[nodiscard]] friend constexpr Duration operator/(Duration a, double k) noexcept {
        return Duration{a.beats_ / k, Raw{}};
    }
    /// How many times b fits in a: Duration{1.5} / Duration{NoteValue::Eighth} = 3.
    [[nodiscard]] friend constexpr double operator/(Duration a, Duration b) noexcept { return a.beats_ / b.beats_; }

    /// a = a + b.
    constexpr Duration& operator+=(Duration b) noexcept { return *this = *this + b; }
    /// a = a - b.
    constexpr Duration& operator-=(Duration b) noexcept { return *this = *this - b; }
    /// a = a * k.
    constexpr Duration& operator*=(double k) noexcept { return *this = *this * k; }
    /// a = a / k.
    constexpr Duration& operator/=(double k) noexcept { return *this = *this / k; }

    /// Same number of beats.
    friend constexpr bool operator==(Duration, Duration) noexcept = default;
    /// By beats.
    friend constexpr std::partial_ordering operator<=>(Duration a, Duration b) noexcept {
        return a.beats_ <=> b.beats_;
    }

private:
    struct Raw {};
    constexpr Duration(double beats, Raw) noexcept : beats_(beats) {}

    static void check_bpm(double bpm) {
        if (!(bpm > 0.0) || !std::isfinite(bpm)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "tempo " + std::to_string(bpm) + " bpm: expected a finite number above 0";
            });
        }
    }

    double beats_ = 0.0;
};

} // namespace cm::theory
