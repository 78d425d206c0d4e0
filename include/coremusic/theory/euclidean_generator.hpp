// coremusic/theory/euclidean_generator.hpp
// Euclidean rhythms E(k,n): k onsets spread as evenly as possible over n steps
// by Bjorklund's algorithm, as in Toussaint's paper, and notes played on them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>

namespace cm::theory {

/// The most steps euclidean_rhythm() accepts.
inline constexpr int max_euclidean_steps = 4096;

/// E(pulses, steps) rotated left by `rotation` steps: true where a step
/// sounds. The rhythm is the one G. Toussaint lists in "The Euclidean
/// Algorithm Generates Traditional Musical Rhythms" (BRIDGES 2005,
/// pp. 47-56), made as the paper describes Bjorklund's algorithm: start with
/// `pulses` groups [x] and `steps - pulses` groups [.]; append one remainder
/// group to each leading group, the leftover groups becoming the new
/// remainder; repeat while more than one remainder group is left, always
/// taking the first step (that is what makes E(3,4) = x.xx, as the paper
/// lists, rather than xxx.); then read the leading groups followed by the
/// remainder. The result starts with an onset and is used unrotated, so it
/// equals the paper's strings: E(3,8) = x..x..x., E(5,8) = x.xx.xx.,
/// E(2,5) = x.x.., E(3,4) = x.xx, E(4,9) = x.x.x.x.., E(5,12) = x..x.x..x.x.
/// Bjorklund's own count-and-remainder program (his SNS timing note) builds
/// rotations of these (E(3,8) as .x..x..x, E(5,12) as .x.x..x.x..x); the
/// paper's reading is the one followed here, and `rotation` then moves the
/// start: rotation k makes step i of the result step (i + k) mod steps of
/// E(pulses, steps), so rotation 2 turns x..x..x. into .x..x.x.; negative k
/// rotates right. Throws TheoryError (Errc::OutOfRange) unless
/// 1 <= steps <= max_euclidean_steps and 0 <= pulses <= steps.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<bool> euclidean_rhythm(int pulses, int steps, int rotation = 0) {
    if (steps < 1 || steps > max_euclidean_steps || pulses < 0 || pulses > steps) {
        cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
            return "euclidean rhythm E(" + std::to_string(pulses) + "," + std::to_string(steps) +
                   "): expected 1 to " + std::to_string(max_euclidean_steps) + " steps and 0 to steps pulses";
        });
    }
    // Only two distinct groups exist at any time (the leading one and the
    // remainder), so each is kept once with a count instead of as a list.
    std::vector<bool> lead{true};
    std::vector<bool> rest{false};
    int lead_count = pulses;
    int rest_count = steps - pulses;
    if (pulses == 0) {
        lead_count = 0;
    } else if (rest_count > 0) {
        do {
            const int paired = lead_count < rest_count ? lead_count : rest_count;
            std::vector<bool> joined = lead;
            joined.insert(joined.end(), rest.begin(), rest.end());
            if (lead_count > rest_count) {
                rest_count = lead_count - paired;
                rest = lead;
            } else {
                rest_count -= paired;
            }
            lead = std::move(joined);
            lead_count = paired;
        } while (rest_count > 1);
    }
    std::vector<bool> pattern;
    pattern.reserve(static_cast<std::size_t>(steps));
    for (int i = 0; i < lead_count; ++i) {
        pattern.insert(pattern.end(), lead.begin(), lead.end());
    }
    for (int i = 0; i < rest_count; ++i) {
        pattern.insert(pattern.end(), rest.begin(), rest.end());
    }
    const auto n = static_cast<std::int64_t>(steps);
    const auto shift = static_cast<std::size_t>(((static_cast<std::int64_t>(rotation) % n) + n) % n);
    std::vector<bool> out(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        out[i] = pattern[(i + shift) % pattern.size()];
    }
    return out;
}

/// A rhythm as text, 'x' for an onset and '.' for a rest: "x..x..x.".
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::string rhythm_to_string(const std::vector<bool>& pattern) {
    std::string out;
    out.reserve(pattern.size());
    for (const bool onset : pattern) {
        out += onset ? 'x' : '.';
    }
    return out;
}

/// Plays one note on the onsets of E(pulses, steps) (rotated as
/// euclidean_rhythm() does), cycle after cycle. Step i of cycle c starts at
/// (c * steps + i) * step_duration beats, computed from the index (one
/// multiplication, no running sum, so late cycles land exactly on the grid),
/// and each note lasts one step.
/// Thread-safe: a value type; generate() is const. Not realtime-safe
/// (the constructor may throw and generate() allocates).
class EuclideanGenerator {
public:
    /// The generator; ranges as in NoteEvent. Throws TheoryError
    /// (Errc::OutOfRange) for pulses or steps outside euclidean_rhythm()'s
    /// ranges, note outside 0..127, a step_duration that is not finite and
    /// above 0, velocity outside 1..127 or channel outside 0..15.
    EuclideanGenerator(int pulses, int steps, int note = 36, double step_duration = 0.25, int velocity = 100,
                       int channel = 0, int rotation = 0)
        : pattern_(euclidean_rhythm(pulses, steps, rotation)), pulses_(pulses), steps_(steps), note_(note),
          step_duration_(step_duration), velocity_(velocity), channel_(channel), rotation_(rotation) {
        const bool ok = note >= 0 && note <= 127 && step_duration > 0.0 && std::isfinite(step_duration) &&
                        velocity >= 1 && velocity <= 127 && channel >= 0 && channel <= 15;
        if (!ok) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "euclidean generator with note " + std::to_string(note) + ", step duration " +
                       std::to_string(step_duration) + " beats, velocity " + std::to_string(velocity) +
                       " and channel " + std::to_string(channel) +
                       ": expected a note 0..127, a finite step duration above 0, a velocity 1..127 and a "
                       "channel 0..15";
            });
        }
    }

    /// Onsets per cycle.
    [[nodiscard]] int pulses() const noexcept { return pulses_; }
    /// Steps per cycle.
    [[nodiscard]] int steps() const noexcept { return steps_; }
    /// The MIDI note played.
    [[nodiscard]] int note() const noexcept { return note_; }
    /// Beats per step.
    [[nodiscard]] double step_duration() const noexcept { return step_duration_; }
    /// MIDI velocity of every note.
    [[nodiscard]] int velocity() const noexcept { return velocity_; }
    /// MIDI channel, 0-based.
    [[nodiscard]] int channel() const noexcept { return channel_; }
    /// Left rotation applied to the rhythm.
    [[nodiscard]] int rotation() const noexcept { return rotation_; }
    /// One cycle of the (rotated) rhythm.
    [[nodiscard]] const std::vector<bool>& pattern() const noexcept { return pattern_; }
    /// A cycle's length in beats: steps * step_duration.
    [[nodiscard]] double cycle_beats() const noexcept { return static_cast<double>(steps_) * step_duration_; }

    /// The notes of num_cycles cycles in time order (pulses per cycle).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_cycles) const {
        std::vector<NoteEvent> out;
        out.reserve(num_cycles * static_cast<std::size_t>(pulses_));
        const auto steps = static_cast<std::size_t>(steps_);
        for (std::size_t c = 0; c < num_cycles; ++c) {
            for (std::size_t i = 0; i < steps; ++i) {
                if (pattern_[i]) {
                    const double start = static_cast<double>(c * steps + i) * step_duration_;
                    out.push_back({start, step_duration_, note_, velocity_, channel_});
                }
            }
        }
        return out;
    }

private:
    std::vector<bool> pattern_;
    int pulses_;
    int steps_;
    int note_;
    double step_duration_;
    int velocity_;
    int channel_;
    int rotation_;
};

} // namespace cm::theory
