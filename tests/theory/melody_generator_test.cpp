// Melodies: every generated melody is checked against the rules themselves,
// with the scales' pitch classes written out by hand and the scale-step
// positions recomputed here: ends on the tonic, stays in range and scale,
// never leaps further than allowed, fills every leap by an opposite step;
// contours checked where the rules say they must hold exactly; seeding and
// the argument checks.
#include <coremusic/theory/melody_generator.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace {

using cm::theory::Contour;
using cm::theory::Letter;
using cm::theory::MelodyGenerator;
using cm::theory::Note;
using cm::theory::NoteEvent;
using cm::theory::Scale;
using cm::theory::ScaleType;

struct Case {
    Scale scale;
    std::set<int> pitch_classes;  // by hand, C = 0
    int root_pc;
};

const Case cases[] = {
    {Scale{Note{Letter::C, 0, 4}, ScaleType::Major}, {0, 2, 4, 5, 7, 9, 11}, 0},
    {Scale{Note{Letter::A, 0, 3}, ScaleType::PentatonicMinor}, {9, 0, 2, 4, 7}, 9},         // A C D E G
    {Scale{Note{Letter::D, 0, 4}, ScaleType::Dorian}, {2, 4, 5, 7, 9, 11, 0}, 2},            // D E F G A B C
    {Scale{Note{Letter::E, -1, 4}, ScaleType::HarmonicMinor}, {3, 5, 6, 8, 10, 11, 2}, 3},  // Eb F Gb Ab Bb Cb D
    {Scale{Note{Letter::C, 0, 4}, ScaleType::WholeTone}, {0, 2, 4, 6, 8, 10}, 0},
    {Scale{Note{Letter::F, 1, 2}, ScaleType::Chromatic}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6},
};

constexpr Contour contours[] = {Contour::Ascending, Contour::Descending, Contour::Arch,
                                Contour::Valley,    Contour::Wave,       Contour::Random};

// The scale's notes in low..high, ascending: a note's index is its position in scale steps.
std::vector<int> pool_of(const std::set<int>& pcs, int low, int high) {
    std::vector<int> out;
    for (int m = low; m <= high; ++m) {
        if (pcs.count(m % 12) != 0) {
            out.push_back(m);
        }
    }
    return out;
}

// Scale-step moves between consecutive notes; fails the test on a note outside the pool.
std::vector<int> moves_of(const std::vector<int>& notes, const std::vector<int>& pool) {
    std::vector<int> index;
    for (const int n : notes) {
        const auto it = std::find(pool.begin(), pool.end(), n);
        EXPECT_NE(it, pool.end()) << n << " is outside the range or the scale";
        index.push_back(static_cast<int>(it - pool.begin()));
    }
    std::vector<int> out;
    for (std::size_t i = 1; i < index.size(); ++i) {
        out.push_back(index[i] - index[i - 1]);
    }
    return out;
}

void expect_rules(const std::vector<int>& notes, const Case& c, int low, int high, int max_leap,
                  const std::string& where) {
    SCOPED_TRACE(where);
    ASSERT_FALSE(notes.empty());
    EXPECT_EQ(notes.back() % 12, c.root_pc) << "does not end on the tonic";
    for (const int n : notes) {
        ASSERT_GE(n, low);
        ASSERT_LE(n, high);
        ASSERT_EQ(c.pitch_classes.count(n % 12), 1u) << n;
    }
    const std::vector<int> moves = moves_of(notes, pool_of(c.pitch_classes, low, high));
    for (std::size_t i = 0; i < moves.size(); ++i) {
        ASSERT_NE(moves[i], 0) << "repeated note at " << i + 1;
        ASSERT_LE(std::abs(moves[i]), max_leap) << "move " << i + 1;
        if (std::abs(moves[i]) >= 2 && i + 1 < moves.size()) {
            ASSERT_EQ(moves[i + 1], moves[i] > 0 ? -1 : 1) << "leap at move " << i + 1 << " not filled";
        }
    }
}

TEST(MelodyGenerator, EveryMelodyFollowsTheRules) {
    const std::size_t lengths[] = {1, 2, 3, 5, 8, 17, 64};
    int checked = 0;
    for (const Case& c : cases) {
        for (const Contour contour : contours) {
            for (const int max_leap : {1, 2, 4, 7}) {
                for (std::uint64_t seed = 0; seed < 4; ++seed) {
                    MelodyGenerator g{c.scale, seed};
                    g.set_contour(contour);
                    g.set_max_leap(max_leap);
                    g.set_range(55, 81);
                    for (const std::size_t n : lengths) {
                        const auto notes = g.generate_notes(n);
                        ASSERT_EQ(notes.size(), n);
                        expect_rules(notes, c, 55, 81, max_leap,
                                     c.scale.name() + " contour " + std::to_string(static_cast<int>(contour)) +
                                         " leap " + std::to_string(max_leap) + " seed " + std::to_string(seed) +
                                         " length " + std::to_string(n));
                        ++checked;
                    }
                }
            }
        }
    }
    EXPECT_EQ(checked, 6 * 6 * 4 * 4 * 7);
}

TEST(MelodyGenerator, NarrowRangesAndExtremeStepProbabilities) {
    const Case& c_major = cases[0];
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        // C4 D4 only: the melody can only alternate and must end on C4.
        MelodyGenerator two{c_major.scale, seed};
        two.set_range(60, 62);
        const auto notes = two.generate_notes(9);
        expect_rules(notes, c_major, 60, 62, 4, "two notes");
        for (std::size_t i = 0; i < notes.size(); ++i) {
            EXPECT_EQ(notes[i], (notes.size() - 1 - i) % 2 == 0 ? 60 : 62);
        }
        for (const double p : {0.0, 1.0}) {
            MelodyGenerator g{c_major.scale, seed};
            g.set_step_probability(p);
            g.set_range(48, 67);  // C3..G4, one tonic-free stretch at the top
            g.set_contour(Contour::Random);
            expect_rules(g.generate_notes(100), c_major, 48, 67, 4, "step probability " + std::to_string(p));
        }
    }
}

// With max leap 1 in C major over C2..C7 (36 scale notes, a tonic every 7),
// a tonic is reachable from anywhere with 7 or more moves left (tonics lie
// d and 7 - d steps away, one of each parity, and a step up and back wastes
// 2 moves), so every move with at least 7 moves after it goes the contour's
// way, unless the pool ends in that direction.
TEST(MelodyGenerator, ContoursSetTheDirectionOfFreeMoves) {
    const auto expected_up = [](Contour contour, std::size_t i, std::size_t phrase) {
        const std::size_t t = i % phrase;
        switch (contour) {
        case Contour::Ascending: return true;
        case Contour::Descending: return false;
        case Contour::Arch: return 2 * t < phrase;
        case Contour::Valley: return 2 * t >= phrase;
        case Contour::Wave: return (4 * t / phrase) % 2 == 0;
        case Contour::Random: break;
        }
        return true;
    };
    const Case& c_major = cases[0];
    const std::vector<int> pool = pool_of(c_major.pitch_classes, 36, 96);
    ASSERT_EQ(pool.size(), 36u);
    for (const Contour contour : {Contour::Ascending, Contour::Descending, Contour::Arch, Contour::Valley,
                                  Contour::Wave}) {
        for (const std::size_t phrase : {std::size_t{4}, std::size_t{8}, std::size_t{12}}) {
            for (std::uint64_t seed = 0; seed < 10; ++seed) {
                MelodyGenerator g{c_major.scale, seed};
                g.set_range(36, 96);
                g.set_max_leap(1);
                g.set_contour(contour);
                g.set_phrase_length(phrase);
                const std::size_t n = 40;
                const auto notes = g.generate_notes(n);
                expect_rules(notes, c_major, 36, 96, 1, "contour");
                const auto start = static_cast<std::size_t>(std::find(pool.begin(), pool.end(), notes[0]) - pool.begin());
                // The first note's half of the pool.
                if (contour == Contour::Ascending || contour == Contour::Arch) {
                    EXPECT_LT(start, 18u);
                } else if (contour == Contour::Descending || contour == Contour::Valley) {
                    EXPECT_GE(start, 18u);
                }
                std::size_t pos = start;
                const std::vector<int> moves = moves_of(notes, pool);
                for (std::size_t i = 1; i + 7 <= n - 1; ++i) {
                    const bool up = expected_up(contour, i, phrase);
                    const bool blocked = up ? pos == pool.size() - 1 : pos == 0;
                    EXPECT_EQ(moves[i - 1], (up != blocked) ? 1 : -1)
                        << "move " << i << " contour " << static_cast<int>(contour) << " phrase " << phrase;
                    pos = static_cast<std::size_t>(static_cast<int>(pos) + moves[i - 1]);
                }
            }
        }
    }
}

// Step probability 1: with 7 or more moves left a step the contour's way
// always keeps the ending reachable (as above), so there are no leaps then.
// Step probability 0: leaps wherever the rules allow a free one, so far more
// leaps than steps among the free moves.
TEST(MelodyGenerator, StepProbabilityChoosesStepsOrLeaps) {
    const Case& c_major = cases[0];
    int free_moves = 0;
    int free_leaps = 0;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        MelodyGenerator steps{c_major.scale, seed};
        steps.set_range(36, 96);
        steps.set_step_probability(1.0);
        steps.set_max_leap(5);
        const auto smooth = steps.generate_notes(50);
        const auto smooth_moves = moves_of(smooth, pool_of(c_major.pitch_classes, 36, 96));
        for (std::size_t i = 0; i + 7 < smooth_moves.size(); ++i) {
            EXPECT_EQ(std::abs(smooth_moves[i]), 1) << "seed " << seed << " move " << i + 1;
        }

        MelodyGenerator leaps{c_major.scale, seed};
        leaps.set_range(36, 96);
        leaps.set_step_probability(0.0);
        leaps.set_max_leap(5);
        const auto jumpy = leaps.generate_notes(50);
        expect_rules(jumpy, c_major, 36, 96, 5, "leaps");
        const auto jumpy_moves = moves_of(jumpy, pool_of(c_major.pitch_classes, 36, 96));
        for (std::size_t i = 0; i < jumpy_moves.size(); ++i) {
            const bool forced = i > 0 && std::abs(jumpy_moves[i - 1]) >= 2;
            if (!forced) {
                ++free_moves;
                free_leaps += std::abs(jumpy_moves[i]) >= 2 ? 1 : 0;
            }
        }
    }
    EXPECT_GT(free_leaps, free_moves * 9 / 10);
}

TEST(MelodyGenerator, EventsUseTheRhythmTable) {
    MelodyGenerator g{cases[0].scale, 12};
    const double beats[] = {0.5, 1.0, 1.5};
    const std::uint64_t weights[] = {1, 0, 1};
    g.set_rhythm(beats, weights);
    g.set_velocity(80);
    g.set_channel(2);
    const auto events = g.generate(64);
    ASSERT_EQ(events.size(), 64u);
    EXPECT_EQ(events.front().start_beat, 0.0);
    std::set<double> seen;
    for (std::size_t i = 0; i < events.size(); ++i) {
        seen.insert(events[i].duration_beats);
        EXPECT_EQ(events[i].velocity, 80);
        EXPECT_EQ(events[i].channel, 2);
        if (i > 0) {
            EXPECT_EQ(events[i].start_beat, events[i - 1].end_beat());
        }
    }
    EXPECT_EQ(seen, (std::set<double>{0.5, 1.5}));
    EXPECT_EQ(events.back().note % 12, 0);
    EXPECT_TRUE(g.generate(0).empty());
}

TEST(MelodyGenerator, Defaults) {
    const MelodyGenerator g{cases[0].scale};
    EXPECT_EQ(g.low(), 60);   // C4
    EXPECT_EQ(g.high(), 84);  // two octaves up
    EXPECT_EQ(g.contour(), Contour::Arch);
    EXPECT_EQ(g.max_leap(), 4);
    EXPECT_EQ(g.phrase_length(), 8u);
    EXPECT_EQ(g.step_probability(), 0.7);
    // A root beyond MIDI: two octaves from its pitch class in octave 4.
    const MelodyGenerator high{Scale{Note{Letter::D, 0, 12}, ScaleType::Major}};
    EXPECT_EQ(high.low(), 62);
    EXPECT_EQ(high.high(), 86);
}

TEST(MelodyGenerator, SameSeedSameOutputDifferentSeedDifferentOutput) {
    const auto run = [](std::uint64_t seed) {
        MelodyGenerator g{cases[2].scale, seed};
        g.set_contour(Contour::Random);
        return g.generate(32);
    };
    EXPECT_EQ(run(1), run(1));
    EXPECT_NE(run(1), run(2));

    MelodyGenerator g{cases[0].scale, 4};
    const auto first = g.generate_notes(32);
    EXPECT_EQ(g.generate_notes(32), first);  // each call starts from the seed
    g.set_seed(5);
    EXPECT_EQ(g.seed(), 5u);
    EXPECT_NE(g.generate_notes(32), first);
    g.set_seed(4);
    EXPECT_EQ(g.generate_notes(32), first);
    // The events carry the same pitches as generate_notes().
    const auto events = g.generate(32);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].note, first[i]);
    }
}

TEST(MelodyGenerator, InvalidArgumentsThrow) {
    MelodyGenerator g{cases[0].scale};
    EXPECT_THROW(g.set_range(70, 60), cm::TheoryError);
    EXPECT_THROW(g.set_range(-1, 60), cm::TheoryError);
    EXPECT_THROW(g.set_range(60, 128), cm::TheoryError);
    EXPECT_THROW(g.set_range(62, 71), cm::TheoryError);  // D..B: no C
    EXPECT_THROW(g.set_range(60, 61), cm::TheoryError);  // only C4
    try {
        g.set_range(62, 71);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("no tonic"), std::string::npos);
    }
    EXPECT_EQ(g.low(), 60);  // unchanged
    EXPECT_THROW(g.set_max_leap(0), cm::TheoryError);
    EXPECT_THROW(g.set_step_probability(-0.1), cm::TheoryError);
    EXPECT_THROW(g.set_step_probability(1.5), cm::TheoryError);
    EXPECT_THROW(g.set_step_probability(std::numeric_limits<double>::quiet_NaN()), cm::TheoryError);
    EXPECT_THROW(g.set_phrase_length(1), cm::TheoryError);
    const double beats[] = {0.5, -1.0};
    const std::uint64_t weights[] = {1, 1};
    const std::uint64_t zeros[] = {0, 0};
    const std::uint64_t one[] = {1};
    EXPECT_THROW(g.set_rhythm(beats, weights), cm::TheoryError);
    const double good[] = {0.5, 1.0};
    EXPECT_THROW(g.set_rhythm(good, zeros), cm::TheoryError);
    EXPECT_THROW(g.set_rhythm(good, one), cm::TheoryError);
    EXPECT_THROW(g.set_velocity(0), cm::TheoryError);
    EXPECT_THROW(g.set_channel(16), cm::TheoryError);
}

} // namespace
