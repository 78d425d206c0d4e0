// coremusic/theory/melody_generator.hpp
// Seeded melodies in a scale: a contour shapes each phrase, leaps are filled in
// by step the other way, and the melody always comes home to the tonic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/random.hpp>
#include <coremusic/theory/scale.hpp>

namespace cm::theory {

/// The direction a MelodyGenerator prefers for each move within a phrase.
/// For the move into note i (i >= 1) let t = i mod phrase_length, its place
/// in the phrase, and L = phrase_length.
enum class Contour : std::uint8_t {
    Ascending,   ///< always up
    Descending,  ///< always down
    Arch,        ///< up while 2t < L, then down: rises to the middle of the phrase and falls back
    Valley,      ///< down while 2t < L, then up
    Wave,        ///< four quarter-phrase segments, up, down, up, down: up when floor(4t / L) is even
    Random,      ///< no preference: each free move's direction is a fair coin toss
};

/// Generates melodies from the notes of a scale within a MIDI range.
///
/// The melody moves through the scale's notes in the range (its "pool",
/// ascending); one scale step is one place in the pool, so in C major E->F
/// and E->D are steps and C->G is a leap of 4 steps. Consecutive notes always
/// differ. Rules, in order of priority:
/// 1. Ending: the last note is a tonic (its pitch class is the scale root's).
///    Before each move the generator knows, from an exact table of what can
///    still be reached in the moves left, which moves keep that possible, and
///    only those are candidates; so the rules below give way only where the
///    ending would otherwise be missed. (The table exists for any pool of at
///    least two notes containing a tonic, which set_range() requires.)
/// 2. Gap-fill: a leap (2 or more steps) is followed by one step in the
///    opposite direction. The last move may be a leap, having no follower.
/// 3. Every other ("free") move is at most max_leap steps, in the contour's
///    direction (Contour) when any such move is a candidate, otherwise the
///    other way; a step with probability step_probability, otherwise a leap
///    (2..max_leap, uniformly among the candidates); when the chosen kind has
///    no candidate, the other kind is used.
/// The first note is drawn uniformly from the candidates in the lower half of
/// the pool for Ascending and Arch, the upper half for Descending and Valley,
/// the whole pool for Wave and Random (the whole pool if that half has none).
/// Durations are drawn from the rhythm table and the notes laid end to end
/// from beat 0.
///
/// Draws, in order: the first note (Random::below), then per free move the
/// direction (Random contour only: below(2)), step-or-leap (chance) and the
/// move (below); forced gap-fill moves draw nothing. generate() then draws
/// one duration per note (weighted). Determinism: the same seed gives the same melody on every
/// platform, compiler and standard library (no std::*_distribution and no
/// floating point in any decision except Random::chance, which compares
/// 53-bit integers).
///
/// Defaults: range root.midi() .. root.midi() + 24 (two octaves; when that
/// leaves 0..127, two octaves from the root's pitch class in octave 4), Arch,
/// max_leap 4, step_probability 0.7, phrase_length 8, every note 1 beat,
/// velocity 100, channel 0.
/// Every generate() call starts a Random afresh from seed(), so the same
/// settings and seed always give the same melody (as Arpeggiator does); use
/// another seed for another phrase.
/// Thread-safety: a value type; const members (generate included) may be
/// called concurrently, anything else needs exclusive access.
/// Realtime-safe: no (generate allocates).
class MelodyGenerator {
public:
    /// Melodies in scale from seed, with the defaults above.
    explicit MelodyGenerator(const Scale& scale, std::uint64_t seed = 0) : scale_(scale), seed_(seed) {
        const int root = scale.root().midi();
        if (root >= 0 && root + 24 <= 127) {
            set_range(root, root + 24);
        } else {
            set_range(60 + scale.root().pitch_class(), 84 + scale.root().pitch_class());
        }
    }

    /// The scale.
    [[nodiscard]] const Scale& scale() const noexcept { return scale_; }
    /// The seed every generate() call starts from.
    [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
    /// Sets the seed for later generate() calls; the settings are kept.
    void set_seed(std::uint64_t seed) noexcept { seed_ = seed; }

    /// The contour of each phrase.
    void set_contour(Contour contour) noexcept { contour_ = contour; }
    /// The contour of each phrase.
    [[nodiscard]] Contour contour() const noexcept { return contour_; }

    /// The lowest and highest MIDI notes the melody may use (inclusive).
    /// Throws TheoryError (Errc::OutOfRange) unless 0 <= low <= high <= 127
    /// and the scale has at least two notes in the range, one of them a tonic.
    void set_range(int low, int high) {
        if (low < 0 || high > 127 || low > high) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator range " + std::to_string(low) + ".." + std::to_string(high) +
                       ": expected MIDI notes with 0 <= low <= high <= 127";
            });
        }
        std::vector<int> pool;
        bool has_tonic = false;
        for (int m = low; m <= high; ++m) {
            if (in_scale(m)) {
                pool.push_back(m);
                has_tonic = has_tonic || is_tonic(m);
            }
        }
        if (pool.size() < 2 || !has_tonic) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator range " + std::to_string(low) + ".." + std::to_string(high) + " holds " +
                       std::to_string(pool.size()) + " notes of " + scale_.name() +
                       (has_tonic ? "" : " and no tonic") +
                       "; expected at least two notes of the scale, one of them its tonic";
            });
        }
        low_ = low;
        high_ = high;
        pool_ = std::move(pool);
    }
    /// The lowest MIDI note the melody may use.
    [[nodiscard]] int low() const noexcept { return low_; }
    /// The highest MIDI note the melody may use.
    [[nodiscard]] int high() const noexcept { return high_; }

    /// The largest move, in scale steps (>= 1; 1 allows no leaps). Throws
    /// TheoryError (Errc::OutOfRange).
    void set_max_leap(int scale_steps) {
        if (scale_steps < 1) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator max leap " + std::to_string(scale_steps) +
                       " scale steps: expected 1 or more";
            });
        }
        max_leap_ = scale_steps;
    }
    /// The largest move, in scale steps.
    [[nodiscard]] int max_leap() const noexcept { return max_leap_; }

    /// The probability, 0..1, that a free move is a step rather than a leap.
    /// Throws TheoryError (Errc::OutOfRange).
    void set_step_probability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator step probability " + std::to_string(p) + ": expected 0..1";
            });
        }
        step_probability_ = p;
    }
    /// The probability that a free move is a step.
    [[nodiscard]] double step_probability() const noexcept { return step_probability_; }

    /// The number of notes over which the contour runs once (>= 2; it then
    /// starts again). Throws TheoryError (Errc::OutOfRange).
    void set_phrase_length(std::size_t notes) {
        if (notes < 2) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator phrase length " + std::to_string(notes) +
                       " notes: expected 2 or more (a contour needs a move)";
            });
        }
        phrase_length_ = notes;
    }
    /// The number of notes over which the contour runs once.
    [[nodiscard]] std::size_t phrase_length() const noexcept { return phrase_length_; }

    /// The note lengths in beats (finite, > 0) to choose from and their
    /// integer weights (same length, at least one positive, total below 2^64).
    /// Throws TheoryError (Errc::InvalidArgument for the lengths or weights,
    /// Errc::OutOfRange for a duration) and keeps the previous table.
    void set_rhythm(std::span<const double> durations, std::span<const std::uint64_t> weights) {
        if (durations.empty() || durations.size() != weights.size()) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "MelodyGenerator::set_rhythm: " + std::to_string(durations.size()) + " durations and " +
                       std::to_string(weights.size()) + " weights; expected one weight per duration and at least one";
            });
        }
        std::uint64_t total = 0;
        for (const std::uint64_t w : weights) {
            if (total + w < total) {
                cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument,
                                                "MelodyGenerator::set_rhythm: the weights add up to more than 2^64");
            }
            total += w;
        }
        if (total == 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument,
                                            "MelodyGenerator::set_rhythm: every weight is 0; expected a positive one");
        }
        for (std::size_t i = 0; i < durations.size(); ++i) {
            if (!(durations[i] > 0.0) || durations[i] > 1.7976931348623157e308) {
                cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                    return "MelodyGenerator::set_rhythm: duration " + std::to_string(i) + " is " +
                           std::to_string(durations[i]) + " beats; expected a finite number above 0";
                });
            }
        }
        durations_.assign(durations.begin(), durations.end());
        duration_weights_.assign(weights.begin(), weights.end());
    }

    /// Velocity of the events, 1..127. Throws TheoryError (Errc::OutOfRange).
    void set_velocity(int velocity) {
        if (velocity < 1 || velocity > 127) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator velocity " + std::to_string(velocity) + ": expected 1..127";
            });
        }
        velocity_ = velocity;
    }
    /// MIDI channel of the events, 0..15. Throws TheoryError (Errc::OutOfRange).
    void set_channel(int channel) {
        if (channel < 0 || channel > 15) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MelodyGenerator channel " + std::to_string(channel) + ": expected 0..15";
            });
        }
        channel_ = channel;
    }

    /// num_notes MIDI notes following the rules of the class comment.
    [[nodiscard]] std::vector<int> generate_notes(std::size_t num_notes) const {
        Random rng{seed_};
        return notes_from(num_notes, rng);
    }

    /// generate_notes(num_notes) as events laid end to end from beat 0, each
    /// lasting a duration drawn from the rhythm table, with the set velocity
    /// and channel. The pitches are those generate_notes() gives; the
    /// durations are drawn after them from the same Random.
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes) const {
        Random rng{seed_};
        const std::vector<int> notes = notes_from(num_notes, rng);
        std::vector<NoteEvent> out;
        out.reserve(notes.size());
        double beat = 0.0;
        for (const int note : notes) {
            const double duration = durations_[rng.weighted(duration_weights_)];
            out.push_back({beat, duration, note, velocity_, channel_});
            beat += duration;
        }
        return out;
    }

private:
    [[nodiscard]] std::vector<int> notes_from(std::size_t num_notes, Random& rng) const {
        std::vector<int> out;
        if (num_notes == 0) {
            return out;
        }
        out.reserve(num_notes);
        const Reach reach = build_reach(num_notes - 1);
        const std::size_t n = pool_.size();

        std::vector<std::size_t> candidates;
        std::size_t zone_begin = 0;
        std::size_t zone_end = n;
        if (contour_ == Contour::Ascending || contour_ == Contour::Arch) {
            zone_end = (n + 1) / 2;
        } else if (contour_ == Contour::Descending || contour_ == Contour::Valley) {
            zone_begin = n / 2;
        }
        for (std::size_t p = zone_begin; p < zone_end; ++p) {
            if (reach.ok(num_notes - 1, p, Free)) {
                candidates.push_back(p);
            }
        }
        if (candidates.empty()) {
            for (std::size_t p = 0; p < n; ++p) {
                if (reach.ok(num_notes - 1, p, Free)) {
                    candidates.push_back(p);
                }
            }
        }
        std::size_t pos = candidates[rng.below(candidates.size())];
        int state = Free;
        out.push_back(pool_[pos]);

        std::vector<int> preferred;
        std::vector<int> other;
        std::vector<int> steps;
        std::vector<int> leaps;
        for (std::size_t i = 1; i < num_notes; ++i) {
            const std::size_t left = num_notes - 1 - i;  // moves after this one
            int move = 0;
            if (state != Free) {
                move = state == MustStepDown ? -1 : 1;
            } else {
                const int direction = preferred_direction(i, rng);
                preferred.clear();
                other.clear();
                for (int d = -max_leap_; d <= max_leap_; ++d) {
                    const long long target = static_cast<long long>(pos) + d;
                    if (d == 0 || target < 0 || target >= static_cast<long long>(n)) {
                        continue;
                    }
                    if (reach.ok(left, static_cast<std::size_t>(target), state_after(d))) {
                        ((d > 0) == (direction > 0) ? preferred : other).push_back(d);
                    }
                }
                const std::vector<int>& pick_from = preferred.empty() ? other : preferred;
                steps.clear();
                leaps.clear();
                for (const int d : pick_from) {
                    (d == 1 || d == -1 ? steps : leaps).push_back(d);
                }
                const bool want_step = rng.chance(step_probability_);
                const std::vector<int>& kind =
                    want_step ? (steps.empty() ? leaps : steps) : (leaps.empty() ? steps : leaps);
                move = kind[rng.below(kind.size())];
            }
            pos = static_cast<std::size_t>(static_cast<long long>(pos) + move);
            state = state_after(move);
            out.push_back(pool_[pos]);
        }
        return out;
    }

    // Gap-fill obligations: after a leap up the next move must be a step down.
    enum : int { Free = 0, MustStepDown = 1, MustStepUp = 2 };

    [[nodiscard]] static int state_after(int move) noexcept {
        if (move >= 2) {
            return MustStepDown;
        }
        if (move <= -2) {
            return MustStepUp;
        }
        return Free;
    }

    // Which (pool position, state) pairs can still end on a tonic in exactly
    // m more moves. Layer m depends only on layer m - 1, and step-up/step-down
    // pairs make every walk extendable by 2, so once layer m equals layer
    // m - 2 the layers alternate forever and need not be stored further.
    struct Reach {
        std::vector<std::vector<std::uint8_t>> layers;  // [m][position * 3 + state]

        [[nodiscard]] bool ok(std::size_t m, std::size_t position, int state) const noexcept {
            const std::size_t last = layers.size() - 1;
            const std::size_t layer = m <= last ? m : last - (m - last) % 2;
            return layers[layer][position * 3 + static_cast<std::size_t>(state)] != 0;
        }
    };

    [[nodiscard]] Reach build_reach(std::size_t max_moves) const {
        const std::size_t n = pool_.size();
        Reach reach;
        std::vector<std::uint8_t> layer(n * 3);
        for (std::size_t p = 0; p < n; ++p) {
            const std::uint8_t tonic = is_tonic(pool_[p]) ? 1 : 0;
            layer[p * 3] = layer[p * 3 + 1] = layer[p * 3 + 2] = tonic;
        }
        reach.layers.push_back(layer);
        while (reach.layers.size() <= max_moves) {
            const std::size_t size = reach.layers.size();
            if (size >= 3 && reach.layers[size - 1] == reach.layers[size - 3]) {
                break;
            }
            const std::vector<std::uint8_t>& prev = reach.layers.back();
            std::vector<std::uint8_t> next(n * 3, 0);
            for (std::size_t p = 0; p < n; ++p) {
                for (int state = Free; state <= MustStepUp; ++state) {
                    bool any = false;
                    for (int d = -max_leap_; d <= max_leap_ && !any; ++d) {
                        const long long target = static_cast<long long>(p) + d;
                        if (d == 0 || target < 0 || target >= static_cast<long long>(n)) {
                            continue;
                        }
                        if ((state == MustStepDown && d != -1) || (state == MustStepUp && d != 1)) {
                            continue;
                        }
                        any = prev[static_cast<std::size_t>(target) * 3 + static_cast<std::size_t>(state_after(d))] != 0;
                    }
                    next[p * 3 + static_cast<std::size_t>(state)] = any ? 1 : 0;
                }
            }
            reach.layers.push_back(std::move(next));
        }
        return reach;
    }

    [[nodiscard]] int preferred_direction(std::size_t i, Random& rng) const {
        const std::size_t t = i % phrase_length_;
        const bool first_half = 2 * t < phrase_length_;
        switch (contour_) {
        case Contour::Ascending:
            return 1;
        case Contour::Descending:
            return -1;
        case Contour::Arch:
            return first_half ? 1 : -1;
        case Contour::Valley:
            return first_half ? -1 : 1;
        case Contour::Wave:
            return (4 * t / phrase_length_) % 2 == 0 ? 1 : -1;
        case Contour::Random:
            break;
        }
        return rng.below(2) == 0 ? 1 : -1;
    }

    [[nodiscard]] bool in_scale(int midi) const noexcept {
        return scale_.type().has_semitone(midi - scale_.root().pitch_class());
    }
    [[nodiscard]] bool is_tonic(int midi) const noexcept {
        return detail::floor_mod(midi - scale_.root().pitch_class(), 12) == 0;
    }

    Scale scale_;
    std::uint64_t seed_;
    int low_ = 60;
    int high_ = 84;
    std::vector<int> pool_;  // the scale's notes in low_..high_, ascending
    Contour contour_ = Contour::Arch;
    int max_leap_ = 4;
    double step_probability_ = 0.7;
    std::size_t phrase_length_ = 8;
    std::vector<double> durations_{1.0};
    std::vector<std::uint64_t> duration_weights_{1};
    int velocity_ = 100;
    int channel_ = 0;
};

} // namespace cm::theory
