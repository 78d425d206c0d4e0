// coremusic/theory/probabilistic_generator.hpp
// Notes drawn independently from weighted tables of pitches, durations and
// velocities, with optional rests: the simplest seeded source of melodic material.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/random.hpp>

namespace cm::theory {

/// Generates notes one after another, each independent of the last: a pitch,
/// a duration and a velocity drawn from weighted tables, laid end to end from
/// beat 0, with a rest (silence of a drawn duration) before any note with a
/// set probability.
///
/// Weights are non-negative integers, chosen by Random::weighted with
/// probability weight / total, exactly. (Scale fractional weights to integers
/// yourself: {0.5, 0.25, 0.25} -> {2, 1, 1}.) Determinism: the same seed gives
/// the same notes on every platform, compiler and standard library — no
/// std::*_distribution, only cm::theory::Random's specified mappings.
///
/// Draw order, per slot: rest? (Random::chance, only when the rest
/// probability is above 0), then for a rest its duration; for a note its
/// pitch, duration and velocity (a velocity range uses Random::between).
///
/// Defaults: no pitches (generate() throws until set_pitches()), a duration
/// of 1 beat, velocity 100, no rests, channel 0.
/// Every generate() call starts a Random afresh from seed(), so the same
/// settings and seed always give the same notes (as Arpeggiator does); use
/// another seed for another phrase.
/// Thread-safety: a value type; const members (generate included) may be
/// called concurrently, anything else needs exclusive access.
/// Realtime-safe: no (generate and the setters allocate).
class ProbabilisticGenerator {
public:
    /// A generator with the defaults above, generating from seed.
    explicit ProbabilisticGenerator(std::uint64_t seed = 0) noexcept : seed_(seed) {}

    /// The seed every generate() call starts from.
    [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
    /// Sets the seed for later generate() calls; the tables are kept.
    void set_seed(std::uint64_t seed) noexcept { seed_ = seed; }

    /// The pitches (MIDI 0..127) to choose from and their weights (same
    /// length, at least one positive, total below 2^64). Throws TheoryError
    /// (Errc::InvalidArgument for the lengths or weights, Errc::OutOfRange for
    /// a pitch) and keeps the previous table.
    void set_pitches(std::span<const int> notes, std::span<const std::uint64_t> weights) {
        check_table("set_pitches", notes.size(), weights);
        for (std::size_t i = 0; i < notes.size(); ++i) {
            check_int("set_pitches: note", i, notes[i], 0, 127);
        }
        pitches_.assign(notes.begin(), notes.end());
        pitch_weights_.assign(weights.begin(), weights.end());
    }

    /// The pitches with equal weights. Throws as above (and for none).
    void set_pitches(std::span<const int> notes) {
        const std::vector<std::uint64_t> ones(notes.size(), 1);
        set_pitches(notes, ones);
    }

    /// The durations in beats (finite, above 0) and their weights. Throws
    /// TheoryError as set_pitches() does and keeps the previous table.
    void set_durations(std::span<const double> beats, std::span<const std::uint64_t> weights) {
        check_table("set_durations", beats.size(), weights);
        for (std::size_t i = 0; i < beats.size(); ++i) {
            if (!(beats[i] > 0.0) || beats[i] > 1.7976931348623157e308) {
                cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                    return "ProbabilisticGenerator::set_durations: duration " + std::to_string(i) + " is " +
                           std::to_string(beats[i]) + " beats; expected a finite number above 0";
                });
            }
        }
        durations_.assign(beats.begin(), beats.end());
        duration_weights_.assign(weights.begin(), weights.end());
    }

    /// The velocities (1..127) and their weights; replaces any velocity
    /// range. Throws TheoryError as set_pitches() does and keeps the previous
    /// setting.
    void set_velocities(std::span<const int> velocities, std::span<const std::uint64_t> weights) {
        check_table("set_velocities", velocities.size(), weights);
        for (std::size_t i = 0; i < velocities.size(); ++i) {
            check_int("set_velocities: velocity", i, velocities[i], 1, 127);
        }
        velocities_.assign(velocities.begin(), velocities.end());
        velocity_weights_.assign(weights.begin(), weights.end());
    }

    /// Velocities uniform over low..high inclusive (1 <= low <= high <= 127);
    /// replaces any velocity table. Throws TheoryError (Errc::OutOfRange).
    void set_velocity_range(int low, int high) {
        if (low < 1 || high > 127 || low > high) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "ProbabilisticGenerator::set_velocity_range(" + std::to_string(low) + ", " +
                       std::to_string(high) + "): expected 1 <= low <= high <= 127";
            });
        }
        velocities_.clear();
        velocity_weights_.clear();
        velocity_low_ = low;
        velocity_high_ = high;
    }

    /// The probability, 0 <= p < 1, that a rest comes before a note (each
    /// rest is followed by another with the same probability, so a gap holds
    /// k rests with probability p^k (1 - p)). 1 is excluded: no note would
    /// ever come. Throws TheoryError (Errc::OutOfRange).
    void set_rest_probability(double p) {
        if (!(p >= 0.0 && p < 1.0)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "ProbabilisticGenerator rest probability " + std::to_string(p) +
                       ": expected 0 <= p < 1 (1 would never play a note)";
            });
        }
        rest_probability_ = p;
    }

    /// MIDI channel of the events, 0..15. Throws TheoryError (Errc::OutOfRange).
    void set_channel(int channel) {
        if (channel < 0 || channel > 15) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "ProbabilisticGenerator channel " + std::to_string(channel) + ": expected 0..15";
            });
        }
        channel_ = channel;
    }

    /// num_notes notes (rests are extra and leave gaps), the first starting
    /// at beat 0 unless rests come first, each starting where the previous
    /// note or rest ended (start = previous start + previous duration, the
    /// same sum as end_beat(), so without rests events touch exactly). Throws TheoryError (Errc::InvalidState) when no
    /// pitches were set.
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes) const {
        if (pitches_.empty()) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidState,
                                            "ProbabilisticGenerator: no pitches to choose from; call set_pitches() "
                                            "before generate()");
        }
        Random rng{seed_};
        std::vector<NoteEvent> out;
        out.reserve(num_notes);
        double beat = 0.0;
        while (out.size() < num_notes) {
            if (rest_probability_ > 0.0 && rng.chance(rest_probability_)) {
                beat += durations_[rng.weighted(duration_weights_)];
                continue;
            }
            const int note = pitches_[rng.weighted(pitch_weights_)];
            const double duration = durations_[rng.weighted(duration_weights_)];
            const int velocity = velocities_.empty() ? rng.between(velocity_low_, velocity_high_)
                                                     : velocities_[rng.weighted(velocity_weights_)];
            out.push_back({beat, duration, note, velocity, channel_});
            beat += duration;
        }
        return out;
    }

private:
    static void check_table(const char* what, std::size_t values, std::span<const std::uint64_t> weights) {
        if (values == 0 || values != weights.size()) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "ProbabilisticGenerator::" + std::string(what) + ": " + std::to_string(values) +
                       " values and " + std::to_string(weights.size()) +
                       " weights; expected one weight per value and at least one value";
            });
        }
        std::uint64_t total = 0;
        for (const std::uint64_t w : weights) {
            if (total + w < total) {
                cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                    return "ProbabilisticGenerator::" + std::string(what) +
                           ": the weights add up to more than 2^64; expected a smaller total";
                });
            }
            total += w;
        }
        if (total == 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "ProbabilisticGenerator::" + std::string(what) +
                       ": every weight is 0; expected at least one positive weight";
            });
        }
    }

    static void check_int(const char* what, std::size_t index, int value, int low, int high) {
        if (value < low || value > high) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "ProbabilisticGenerator::" + std::string(what) + " " + std::to_string(index) + " is " +
                       std::to_string(value) + "; expected " + std::to_string(low) + ".." + std::to_string(high);
            });
        }
    }

    std::uint64_t seed_;
    std::vector<int> pitches_;
    std::vector<std::uint64_t> pitch_weights_;
    std::vector<double> durations_{1.0};
    std::vector<std::uint64_t> duration_weights_{1};
    std::vector<int> velocities_;  // empty: the range below
    std::vector<std::uint64_t> velocity_weights_;
    int velocity_low_ = 100;
    int velocity_high_ = 100;
    double rest_probability_ = 0.0;
    int channel_ = 0;
};

} // namespace cm::theory
