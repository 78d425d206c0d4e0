// coremusic/theory/arpeggiator.hpp
// An arpeggiator: a held set of notes played one at a time in a pattern (up,
// down, up-down, random, ...) over several octaves, at a rate, gate and swing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/note_value.hpp>
#include <coremusic/theory/random.hpp>

namespace cm::theory {

/// The order an Arpeggiator plays its notes in. Each is defined over the
/// pool: the held notes without repeats, each copy one octave higher for
/// every extra octave (Arpeggiator::Options::octaves), sorted from low to
/// high, s0 < s1 < ... < s(n-1) (AsPlayed keeps the order played instead).
/// Examples are over C E G (C E G B where said), one octave. A pattern is a
/// cycle repeated as long as notes are asked for.
enum class ArpPattern : std::uint8_t {
    Up,               ///< s0 .. s(n-1): C E G
    Down,             ///< s(n-1) .. s0: G E C
    UpDown,           ///< up then down without repeating the ends: C E G E (2n-2 notes; n <= 2 is Up)
    DownUp,           ///< down then up without repeating the ends: G E C E (n <= 2 is Down)
    UpDownInclusive,  ///< up then down repeating both ends: C E G G E C (2n notes)
    Random,           ///< each note drawn uniformly from the pool, independently
    RandomWalk,       ///< starts on s0; each next note is the neighbour above or below with equal
                      ///< chance, bouncing off the ends (from s0 always up, from s(n-1) always down)
    AsPlayed,         ///< the notes in the order given, then again an octave up for each extra octave
    OutsideIn,        ///< lowest, highest, next lowest, next highest, ...: C E G B -> C B E G; C E G -> C G E
    InsideOut,        ///< the middle note (the lower middle when n is even), then alternately the nearest
                      ///< unplayed note above and below: C E G B -> E G C B; C E G -> E G C; C D E F G -> E F D G C
};

/// The pattern's name as written above ("Up", "UpDownInclusive").
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::string_view to_string(ArpPattern p) noexcept {
    constexpr std::string_view names[] = {"Up",     "Down",       "UpDown",   "DownUp",    "UpDownInclusive",
                                          "Random", "RandomWalk", "AsPlayed", "OutsideIn", "InsideOut"};
    const auto i = static_cast<std::size_t>(p);
    return i < std::size(names) ? names[i] : std::string_view{"?"};
}

/// Plays a set of notes one at a time: note i of the output is the i-th note
/// of the pattern's cycle (repeated), on step i of a grid of
/// `rate` steps.
///
/// Timing, with step = rate.beats_double() and swing s in [0, 1]: every
/// second step (odd i, counting from 0) is delayed by s * step / 2, so
/// onset(i) = (i + (i odd ? s / 2 : 0)) * step, computed from i (no running
/// sum). s = 0 is straight, s = 2/3 puts the off-beat two thirds of the way
/// through each pair (triplet swing), s = 1 three quarters (dotted). Each
/// note sounds for gate times the time to the next onset:
/// duration(i) = gate * (onset(i + 1) - onset(i)), so the long (even) notes
/// stretch with swing, the short (odd) ones shrink, and gate 1 is legato
/// without overlap.
///
/// Random and RandomWalk draw from cm::theory::Random seeded with
/// Options::seed, afresh on every generate() call, so a seed always gives
/// the same notes on every platform.
/// Thread-safe: a value type; generate() is const. Not realtime-safe
/// (construction and generate() allocate).
class Arpeggiator {
public:
    /// How the notes are played.
    struct Options {
        ArpPattern pattern = ArpPattern::Up;      ///< the order
        int octaves = 1;                          ///< octaves spanned, 1..10; each adds the notes 12 higher
        NoteValue rate = NoteValue::Sixteenth;    ///< one step
        double gate = 0.5;                        ///< sounding fraction of the time to the next onset, (0, 1]
        double swing = 0.0;                       ///< delay of odd steps, in half steps, [0, 1]
        int velocity = 100;                       ///< MIDI velocity of every note, 1..127
        int channel = 0;                          ///< MIDI channel, 0..15
        std::uint64_t seed = 0;                   ///< for Random and RandomWalk
    };

    /// The most octaves accepted.
    static constexpr int max_octaves = 10;

    /// Arpeggiates notes (by MIDI number; repeats of a pitch are dropped,
    /// the first kept). Throws TheoryError: Errc::InvalidArgument for no
    /// notes, Errc::OutOfRange for a note whose octave copies leave 0..127 or
    /// an option outside the ranges in Options.
    Arpeggiator(std::span<const Note> notes, const Options& options) : options_(options) {
        std::vector<int> midi;
        midi.reserve(notes.size());
        for (const Note& n : notes) {
            midi.push_back(n.midi());
        }
        init(midi);
    }

    /// Arpeggiates notes given as MIDI numbers; as the Note overload.
    Arpeggiator(std::span<const int> midi_notes, const Options& options) : options_(options) { init(midi_notes); }

    /// With default Options (Up, one octave, sixteenths, gate 0.5).
    explicit Arpeggiator(std::span<const Note> notes) : Arpeggiator(notes, Options{}) {}
    /// With default Options (Up, one octave, sixteenths, gate 0.5).
    explicit Arpeggiator(std::span<const int> midi_notes) : Arpeggiator(midi_notes, Options{}) {}

    /// The options.
    [[nodiscard]] const Options& options() const noexcept { return options_; }

    /// The pool in play order for AsPlayed, else sorted low to high (see ArpPattern).
    [[nodiscard]] const std::vector<int>& pool() const noexcept { return pool_; }

    /// The first num_notes notes (see the class comment for the timing).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes) const {
        const std::vector<std::size_t> order = indices(num_notes);
        const double step = options_.rate.beats_double();
        const double s = options_.swing;
        const auto onset = [&](std::size_t i) {
            return (static_cast<double>(i) + (i % 2 == 1 ? s / 2.0 : 0.0)) * step;
        };
        std::vector<NoteEvent> out;
        out.reserve(num_notes);
        for (std::size_t i = 0; i < num_notes; ++i) {
            const double start = onset(i);
            out.push_back({start, options_.gate * (onset(i + 1) - start), pool_[order[i]], options_.velocity,
                           options_.channel});
        }
        return out;
    }

private:
    void init(std::span<const int> midi) {
        const Options& o = options_;
        const double step = o.rate.beats_double();
        const bool options_ok = o.octaves >= 1 && o.octaves <= max_octaves && o.gate > 0.0 && o.gate <= 1.0 &&
                                o.swing >= 0.0 && o.swing <= 1.0 && o.velocity >= 1 && o.velocity <= 127 &&
                                o.channel >= 0 && o.channel <= 15 && step > 0.0;
        if (!options_ok) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "arpeggiator options octaves " + std::to_string(o.octaves) + ", gate " +
                       std::to_string(o.gate) + ", swing " + std::to_string(o.swing) + ", velocity " +
                       std::to_string(o.velocity) + ", channel " + std::to_string(o.channel) +
                       ": expected octaves 1.." + std::to_string(max_octaves) +
                       ", a gate in (0, 1], a swing in [0, 1], a velocity 1..127 and a channel 0..15";
            });
        }
        if (midi.empty()) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument,
                                            "arpeggiator with no notes: expected at least one note to play");
        }
        std::vector<int> played;
        for (const int m : midi) {
            if (m < 0 || m + 12 * (o.octaves - 1) > 127) {
                cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                    return "arpeggiator note " + std::to_string(m) + " over " + std::to_string(o.octaves) +
                           " octaves reaches " + std::to_string(m + 12 * (o.octaves - 1)) +
                           ": expected every octave copy within MIDI notes 0..127";
                });
            }
            if (std::find(played.begin(), played.end(), m) == played.end()) {
                played.push_back(m);
            }
        }
        for (int octave = 0; octave < o.octaves; ++octave) {
            for (const int m : played) {
                pool_.push_back(m + 12 * octave);
            }
        }
        if (o.pattern != ArpPattern::AsPlayed) {
            std::sort(pool_.begin(), pool_.end());
        }
        cycle_ = cycle(pool_.size(), o.pattern);
    }

    // One cycle of pool indices for the deterministic patterns.
    static std::vector<std::size_t> cycle(std::size_t n, ArpPattern p) {
        std::vector<std::size_t> c;
        const auto up = [&] {
            for (std::size_t i = 0; i < n; ++i) {
                c.push_back(i);
            }
        };
        const auto down = [&] {
            for (std::size_t i = n; i-- > 0;) {
                c.push_back(i);
            }
        };
        switch (p) {
        case ArpPattern::Up:
        case ArpPattern::AsPlayed:
        case ArpPattern::Random:
        case ArpPattern::RandomWalk:
            up();
            break;
        case ArpPattern::Down:
            down();
            break;
        case ArpPattern::UpDown:
            up();
            for (std::size_t i = n - 1; i-- > 1;) {
                c.push_back(i);
            }
            break;
        case ArpPattern::DownUp:
            down();
            for (std::size_t i = 1; i + 1 < n; ++i) {
                c.push_back(i);
            }
            break;
        case ArpPattern::UpDownInclusive:
            up();
            down();
            break;
        case ArpPattern::OutsideIn:
            for (std::size_t lo = 0, hi = n - 1; lo <= hi; ++lo, --hi) {
                c.push_back(lo);
                if (hi != lo) {
                    c.push_back(hi);
                }
                if (hi == 0) {
                    break;
                }
            }
            break;
        case ArpPattern::InsideOut: {
            const std::size_t mid = (n - 1) / 2;
            c.push_back(mid);
            for (std::size_t k = 1; c.size() < n; ++k) {
                if (mid + k < n) {
                    c.push_back(mid + k);
                }
                if (k <= mid) {
                    c.push_back(mid - k);
                }
            }
            break;
        }
        }
        return c;
    }

    std::vector<std::size_t> indices(std::size_t count) const {
        std::vector<std::size_t> out;
        out.reserve(count);
        const std::size_t n = pool_.size();
        if (options_.pattern == ArpPattern::Random) {
            Random rng{options_.seed};
            for (std::size_t i = 0; i < count; ++i) {
                out.push_back(static_cast<std::size_t>(rng.below(n)));
            }
        } else if (options_.pattern == ArpPattern::RandomWalk) {
            Random rng{options_.seed};
            std::size_t at = 0;
            for (std::size_t i = 0; i < count; ++i) {
                out.push_back(at);
                if (n == 1) {
                    continue;
                }
                if (at == 0) {
                    at = 1;
                } else if (at == n - 1) {
                    at = n - 2;
                } else {
                    at = rng.below(2) == 0 ? at - 1 : at + 1;
                }
            }
        } else {
            for (std::size_t i = 0; i < count; ++i) {
                out.push_back(cycle_[i % cycle_.size()]);
            }
        }
        return out;
    }

    Options options_;
    std::vector<int> pool_;
    std::vector<std::size_t> cycle_;
};

} // namespace cm::theory
