// coremusic/theory/sequence_generator.hpp
// A step sequencer: a loop of steps, each with a note, velocity, gate,
// probability, ratchets and accent, played for a number of cycles.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/random.hpp>

namespace cm::theory {

/// A loop of equal steps, step_duration beats each, in the manner of a
/// hardware step sequencer. generate(c) plays the loop c times from beat 0.
///
/// A step that is enabled sounds with its probability (one Random::chance per
/// step per cycle; 0 never and 1 always, neither drawing a number). A
/// sounding step with ratchet count r (1..8) is split into r equal parts,
/// each an event: part j starts at step start + j * step_duration / r and
/// lasts gate * step_duration / r. An accented step's velocity is raised by
/// the sequencer's accent amount, capped at 127.
///
/// Onsets are computed from the step index (index * step_duration), not by
/// summing, so they do not drift over long runs. Determinism: the same seed
/// gives the same events on every platform, compiler and standard library
/// (no std::*_distribution; Random::chance compares 53-bit integers).
///
/// Every generate() call starts a Random afresh from seed() (and its onsets
/// from beat 0), so the same steps and seed always give the same events (as
/// Arpeggiator does); use another seed for another take.
/// Thread-safety: a value type; const members (generate included) may be
/// called concurrently, anything else needs exclusive access.
/// Realtime-safe: no (generate allocates).
class SequenceGenerator {
public:
    /// One step of the loop.
    struct Step {
        int note = 60;             ///< MIDI note number, 0..127
        int velocity = 100;        ///< 1..127, before the accent
        double gate = 0.5;         ///< sounding fraction of the step (of each ratchet part), in (0, 1]
        double probability = 1.0;  ///< chance that the step sounds in a cycle, 0..1
        int ratchet = 1;           ///< repeats within the step, 1..8
        bool accent = false;       ///< add the sequencer's accent amount to the velocity
        bool enabled = true;       ///< false: the step is silent and draws nothing
        /// All fields equal.
        friend bool operator==(const Step&, const Step&) = default;
    };

    /// num_steps (>= 1) steps of step_duration beats (finite, > 0), all
    /// disabled like a cleared hardware sequencer, generating from seed.
    /// Throws TheoryError (Errc::OutOfRange).
    explicit SequenceGenerator(std::size_t num_steps = 16, double step_duration = 0.25, std::uint64_t seed = 0)
        : seed_(seed) {
        if (num_steps == 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange,
                                            "SequenceGenerator with 0 steps: expected 1 or more");
        }
        set_step_duration(step_duration);
        Step off;
        off.enabled = false;
        steps_.assign(num_steps, off);
    }

    /// The number of steps.
    [[nodiscard]] std::size_t size() const noexcept { return steps_.size(); }
    /// The length of one step in beats.
    [[nodiscard]] double step_duration() const noexcept { return step_duration_; }
    /// The length of one cycle in beats (size() * step_duration()).
    [[nodiscard]] double cycle_beats() const noexcept { return static_cast<double>(steps_.size()) * step_duration_; }

    /// The seed every generate() call starts from.
    [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
    /// Sets the seed for later generate() calls; the steps are kept.
    void set_seed(std::uint64_t seed) noexcept { seed_ = seed; }

    /// Sets the step length in beats. Throws TheoryError (Errc::OutOfRange)
    /// unless beats is finite and above 0.
    void set_step_duration(double beats) {
        if (!(beats > 0.0) || beats > 1.7976931348623157e308) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "SequenceGenerator step duration " + std::to_string(beats) +
                       " beats: expected a finite number above 0";
            });
        }
        step_duration_ = beats;
    }

    /// Replaces step `index` (0-based). Throws TheoryError (Errc::OutOfRange)
    /// for an index past the end or a field outside its range (see Step);
    /// the step is then unchanged.
    void set_step(std::size_t index, const Step& step) {
        if (index >= steps_.size()) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "SequenceGenerator step " + std::to_string(index) + ": expected an index below " +
                       std::to_string(steps_.size());
            });
        }
        check_step(index, step);
        steps_[index] = step;
    }

    /// Replaces every step (and the number of steps, which must be >= 1).
    /// Throws TheoryError (Errc::OutOfRange) as set_step() does, changing nothing.
    void set_steps(std::span<const Step> steps) {
        if (steps.empty()) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange,
                                            "SequenceGenerator::set_steps with no steps: expected 1 or more");
        }
        for (std::size_t i = 0; i < steps.size(); ++i) {
            check_step(i, steps[i]);
        }
        steps_.assign(steps.begin(), steps.end());
    }

    /// Step `index`. Throws TheoryError (Errc::OutOfRange) past the end.
    [[nodiscard]] const Step& step(std::size_t index) const {
        if (index >= steps_.size()) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "SequenceGenerator step " + std::to_string(index) + ": expected an index below " +
                       std::to_string(steps_.size());
            });
        }
        return steps_[index];
    }

    /// The velocity added to accented steps, 0..126 (default 20). Throws
    /// TheoryError (Errc::OutOfRange).
    void set_accent_amount(int amount) {
        if (amount < 0 || amount > 126) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "SequenceGenerator accent amount " + std::to_string(amount) + ": expected 0..126";
            });
        }
        accent_amount_ = amount;
    }
    /// The velocity added to accented steps.
    [[nodiscard]] int accent_amount() const noexcept { return accent_amount_; }

    /// MIDI channel of the events, 0..15 (default 0). Throws TheoryError (Errc::OutOfRange).
    void set_channel(int channel) {
        if (channel < 0 || channel > 15) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "SequenceGenerator channel " + std::to_string(channel) + ": expected 0..15";
            });
        }
        channel_ = channel;
    }

    /// The events of num_cycles passes through the loop from beat 0, in time
    /// order (see the class comment).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_cycles) const {
        Random rng{seed_};
        std::vector<NoteEvent> out;
        for (std::size_t cycle = 0; cycle < num_cycles; ++cycle) {
            for (std::size_t i = 0; i < steps_.size(); ++i) {
                const Step& s = steps_[i];
                if (!s.enabled || !rng.chance(s.probability)) {
                    continue;
                }
                const double step_start = static_cast<double>(cycle * steps_.size() + i) * step_duration_;
                const double part = step_duration_ / static_cast<double>(s.ratchet);
                const int velocity = s.accent ? std::min(127, s.velocity + accent_amount_) : s.velocity;
                for (int j = 0; j < s.ratchet; ++j) {
                    out.push_back({step_start + static_cast<double>(j) * part, s.gate * part, s.note, velocity,
                                   channel_});
                }
            }
        }
        return out;
    }

private:
    static void check_step(std::size_t index, const Step& s) {
        const auto fail = [&](const char* field, const std::string& value, const char* expected) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "SequenceGenerator step " + std::to_string(index) + ": " + field + " " + value + "; expected " +
                       expected;
            });
        };
        if (s.note < 0 || s.note > 127) {
            fail("note", std::to_string(s.note), "a MIDI note number 0..127");
        }
        if (s.velocity < 1 || s.velocity > 127) {
            fail("velocity", std::to_string(s.velocity), "1..127");
        }
        if (!(s.gate > 0.0 && s.gate <= 1.0)) {
            fail("gate", std::to_string(s.gate), "a fraction of the step above 0 and at most 1");
        }
        if (!(s.probability >= 0.0 && s.probability <= 1.0)) {
            fail("probability", std::to_string(s.probability), "0..1");
        }
        if (s.ratchet < 1 || s.ratchet > 8) {
            fail("ratchet", std::to_string(s.ratchet), "1..8 repeats");
        }
    }

    std::uint64_t seed_;
    std::vector<Step> steps_;
    double step_duration_ = 0.25;
    int accent_amount_ = 20;
    int channel_ = 0;
};

} // namespace cm::theory
