// Markov chains: transition counts of a hand-made melody worked out by hand,
// back-off and the scale constraint on small tables, a chi-square test of
// generated transitions against the trained probabilities, temperature
// (p^(1/T), checked against std::pow) and the argument checks.
#include <coremusic/theory/markov_generator.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

using cm::theory::Letter;
using cm::theory::MarkovGenerator;
using cm::theory::Note;
using cm::theory::Scale;
using cm::theory::ScaleType;
using Choice = MarkovGenerator::Choice;

// 60 62 64 62 60 62 67 60 62 64, by hand (positions 0..9):
//   60 -> 62 at 0, 4, 7            : 3 of 3
//   62 -> 64 at 1, 8; -> 60 at 3; -> 67 at 5 : 2, 1, 1 of 4
//   64 -> 62 at 2 (64 at 9 ends the melody) : 1 of 1
//   67 -> 60 at 6                  : 1 of 1
//   notes: 60 x3, 62 x4, 64 x2, 67 x1 (10)
// Second order (context of two notes):
//   (60,62) -> 64 at 2 and 9, -> 67 at 6 : 2, 1 of 3
//   (62,64) -> 62 at 3 : 1;  (64,62) -> 60 at 4 : 1;  (62,60) -> 62 at 5 : 1
//   (62,67) -> 60 at 7 : 1;  (67,60) -> 62 at 8 : 1
const std::vector<int> melody = {60, 62, 64, 62, 60, 62, 67, 60, 62, 64};

// Upper 0.1% points of the chi-square distribution: NIST/SEMATECH e-Handbook
// of Statistical Methods, section 1.3.6.7.4, "Critical Values of the
// Chi-Square Distribution", column 0.001.
constexpr double chi2_critical_df1 = 10.828;
constexpr double chi2_critical_df2 = 13.816;

double chi_square(const std::vector<double>& observed, const std::vector<double>& expected_probability) {
    double n = 0.0;
    for (const double o : observed) {
        n += o;
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const double e = n * expected_probability[i];
        sum += (observed[i] - e) * (observed[i] - e) / e;
    }
    return sum;
}

// How often each note followed `from` in a generated melody.
std::map<int, double> transitions_from(const std::vector<int>& notes, int from) {
    std::map<int, double> out;
    for (std::size_t i = 0; i + 1 < notes.size(); ++i) {
        if (notes[i] == from) {
            out[notes[i + 1]] += 1.0;
        }
    }
    return out;
}

bool in_c_major(int midi) {
    constexpr std::array<bool, 12> c_major = {true, false, true, false, true, true, false, true, false, true, false, true};
    return c_major[static_cast<std::size_t>(midi % 12)];
}

TEST(MarkovGenerator, FirstOrderCountsAndProbabilitiesMatchHandCount) {
    MarkovGenerator m;
    m.train(melody);
    const int c60[] = {60};
    const int c62[] = {62};
    EXPECT_EQ(m.count(c60, 62), 3u);
    EXPECT_EQ(m.count(c62, 64), 2u);
    EXPECT_EQ(m.count(c62, 60), 1u);
    EXPECT_EQ(m.count(c62, 67), 1u);
    EXPECT_EQ(m.count(c62, 62), 0u);
    EXPECT_DOUBLE_EQ(m.probability(60, 62), 1.0);
    EXPECT_DOUBLE_EQ(m.probability(62, 64), 0.5);
    EXPECT_DOUBLE_EQ(m.probability(62, 60), 0.25);
    EXPECT_DOUBLE_EQ(m.probability(62, 67), 0.25);
    EXPECT_DOUBLE_EQ(m.probability(64, 62), 1.0);
    EXPECT_DOUBLE_EQ(m.probability(67, 60), 1.0);
    EXPECT_DOUBLE_EQ(m.probability(65, 60), 0.0);  // never seen
    EXPECT_DOUBLE_EQ(m.probability({}, 62), 0.4);
    EXPECT_DOUBLE_EQ(m.probability({}, 67), 0.1);
    EXPECT_TRUE(m.trained());
}

TEST(MarkovGenerator, SecondOrderCountsMatchHandCount) {
    MarkovGenerator m{2};
    m.train(melody);
    const int c60_62[] = {60, 62};
    const int c62_64[] = {62, 64};
    const int c67_60[] = {67, 60};
    EXPECT_EQ(m.count(c60_62, 64), 2u);
    EXPECT_EQ(m.count(c60_62, 67), 1u);
    EXPECT_DOUBLE_EQ(m.probability(c60_62, 64), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.probability(c60_62, 67), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.probability(c62_64, 62), 1.0);
    EXPECT_DOUBLE_EQ(m.probability(c67_60, 62), 1.0);
    // The first-order table is kept too, for back-off.
    EXPECT_DOUBLE_EQ(m.probability(62, 64), 0.5);
    const int too_long[] = {60, 62, 64};
    EXPECT_THROW((void)m.probability(too_long, 60), cm::TheoryError);
}

TEST(MarkovGenerator, SequencesAreNotJoined) {
    MarkovGenerator a;
    a.train(std::vector<int>{60, 62});
    a.train(std::vector<int>{64, 65});
    const int c62[] = {62};
    EXPECT_EQ(a.count(c62, 64), 0u);
    EXPECT_DOUBLE_EQ(a.probability(60, 62), 1.0);

    MarkovGenerator b;
    const std::vector<std::vector<int>> sequences = {{60, 62}, {64, 65}};
    b.train_sequences(sequences);
    EXPECT_EQ(b.count(c62, 64), 0u);
    EXPECT_EQ(b.next_choices(std::vector<int>{60}), a.next_choices(std::vector<int>{60}));

    // Training accumulates: 60 -> 62 twice more.
    b.train(std::vector<int>{60, 62, 60, 62});
    const int c60[] = {60};
    EXPECT_EQ(b.count(c60, 62), 3u);
    EXPECT_EQ(b.count(c62, 60), 1u);

    b.clear();
    EXPECT_FALSE(b.trained());
    EXPECT_EQ(b.count(c60, 62), 0u);
}

TEST(MarkovGenerator, TrainsOnNotesByMidiNumber) {
    MarkovGenerator m;
    const Note notes[] = {Note{Letter::C, 1, 4}, Note{Letter::D, -1, 4}, Note{Letter::E, 0, 4}};  // 61 61 64
    m.train(notes);
    const int c61[] = {61};
    EXPECT_EQ(m.count(c61, 61), 1u);
    EXPECT_EQ(m.count(c61, 64), 1u);
}

TEST(MarkovGenerator, BacksOffToShorterContextThenUnigram) {
    MarkovGenerator m{2};
    m.train(melody);
    // (64, 60) never occurs as a context; (60) was followed by 62 three times.
    EXPECT_EQ(m.next_choices(std::vector<int>{64, 60}), (std::vector<Choice>{{62, 3}}));
    // (60, 62) was seen: its own counts, not the first-order ones.
    EXPECT_EQ(m.next_choices(std::vector<int>{60, 62}), (std::vector<Choice>{{64, 2}, {67, 1}}));
    // Only the last two notes matter.
    EXPECT_EQ(m.next_choices(std::vector<int>{67, 67, 60, 62}), (std::vector<Choice>{{64, 2}, {67, 1}}));
    // Empty history: the unigram counts.
    EXPECT_EQ(m.next_choices({}), (std::vector<Choice>{{60, 3}, {62, 4}, {64, 2}, {67, 1}}));

    // 67 ends the only melody, so nothing ever followed it: unigram.
    MarkovGenerator u;
    u.train(std::vector<int>{60, 62, 67});
    EXPECT_EQ(u.next_choices(std::vector<int>{67}), (std::vector<Choice>{{60, 1}, {62, 1}, {67, 1}}));
    // A generated melody continues through the dead end.
    EXPECT_EQ(u.generate_notes(5, 67).size(), 5u);
}

TEST(MarkovGenerator, GeneratedTransitionsFollowTrainedProbabilities) {
    MarkovGenerator m{1, 12345};
    m.train(melody);
    const std::vector<int> notes = m.generate_notes(40000, 60);
    ASSERT_EQ(notes.size(), 40000u);
    EXPECT_EQ(notes.front(), 60);

    // Probability-1 transitions never vary.
    const auto after60 = transitions_from(notes, 60);
    const auto after64 = transitions_from(notes, 64);
    const auto after67 = transitions_from(notes, 67);
    EXPECT_EQ(after60.size(), 1u);
    EXPECT_EQ(after60.count(62), 1u);
    EXPECT_EQ(after64.size(), 1u);
    EXPECT_EQ(after67.size(), 1u);
    EXPECT_EQ(after67.count(60), 1u);

    // 62 -> 60, 64, 67 with 1/4, 1/2, 1/4: chi-square with 2 degrees of freedom.
    auto after62 = transitions_from(notes, 62);
    EXPECT_EQ(after62.size(), 3u);
    const std::vector<double> observed = {after62[60], after62[64], after62[67]};
    EXPECT_GT(observed[0] + observed[1] + observed[2], 10000.0);
    EXPECT_LT(chi_square(observed, {0.25, 0.5, 0.25}), chi2_critical_df2);
}

TEST(MarkovGenerator, SecondOrderTransitionsFollowTrainedProbabilities) {
    MarkovGenerator m{2, 99};
    m.train(melody);
    const std::vector<int> notes = m.generate_notes(30000, std::vector<int>{60, 62});
    double to64 = 0.0;
    double to67 = 0.0;
    for (std::size_t i = 0; i + 2 < notes.size(); ++i) {
        if (notes[i] == 60 && notes[i + 1] == 62) {
            (notes[i + 2] == 64 ? to64 : to67) += 1.0;
            EXPECT_TRUE(notes[i + 2] == 64 || notes[i + 2] == 67);
        }
    }
    EXPECT_GT(to64 + to67, 5000.0);
    EXPECT_LT(chi_square({to64, to67}, {2.0 / 3.0, 1.0 / 3.0}), chi2_critical_df1);
}

TEST(MarkovGenerator, TemperatureWeightsArePowersOfTheProbabilities) {
    MarkovGenerator m;
    m.train(melody);
    const std::vector<int> h62 = {62};
    // 62 -> 60, 64, 67 counted 1, 2, 1: relative to the largest, 1/2, 1, 1/2.
    // T = 0.5: squared, times 2^32 -> 2^30, 2^32, 2^30.
    m.set_temperature(0.5);
    auto w = m.next_choices(h62);
    ASSERT_EQ(w.size(), 3u);
    EXPECT_NEAR(static_cast<double>(w[0].weight), 1073741824.0, 1.0);
    EXPECT_EQ(w[1].weight, 4294967296u);
    EXPECT_NEAR(static_cast<double>(w[2].weight), 1073741824.0, 1.0);
    // T = 2: square root; 2^32 / sqrt(2) = 3037000499.976...
    m.set_temperature(2.0);
    w = m.next_choices(h62);
    EXPECT_NEAR(static_cast<double>(w[0].weight), 3037000499.0, 1.0);
    EXPECT_EQ(w[1].weight, 4294967296u);
    // T = 1: the counts themselves.
    m.set_temperature(1.0);
    EXPECT_EQ(m.next_choices(h62), (std::vector<Choice>{{60, 1}, {64, 2}, {67, 1}}));
    // T = 0.01: (1/2)^100 * 2^32 = 2^-68 rounds down to 0.
    m.set_temperature(0.01);
    EXPECT_EQ(m.next_choices(h62), (std::vector<Choice>{{60, 0}, {64, 4294967296u}, {67, 0}}));
}

TEST(MarkovGenerator, HalfTemperatureSquaresProbabilities) {
    MarkovGenerator m{1, 7};
    m.train(melody);
    m.set_temperature(0.5);
    auto after62 = transitions_from(m.generate_notes(40000, 60), 62);
    // p^2 normalised: (1/16, 4/16, 1/16) / (6/16) = 1/6, 2/3, 1/6.
    EXPECT_LT(chi_square({after62[60], after62[64], after62[67]}, {1.0 / 6.0, 2.0 / 3.0, 1.0 / 6.0}),
              chi2_critical_df2);
}

TEST(MarkovGenerator, LowTemperatureIsGreedy) {
    MarkovGenerator m{1, 3};
    m.train(melody);
    m.set_temperature(0.01);
    const auto after62 = transitions_from(m.generate_notes(10000, 62), 62);
    ASSERT_EQ(after62.size(), 1u);
    EXPECT_EQ(after62.begin()->first, 64);

    // T = 0.05: the others keep (1/2)^20 of the weight each, so over a few
    // thousand choices after 62 almost surely none is taken.
    m.set_temperature(0.05);
    auto near_greedy = transitions_from(m.generate_notes(10000, 62), 62);
    const double total = near_greedy[60] + near_greedy[64] + near_greedy[67];
    EXPECT_GE(near_greedy[64], total - 3.0);
}

TEST(MarkovGenerator, HighTemperatureIsNearlyUniform) {
    MarkovGenerator m{1, 11};
    m.train(melody);
    m.set_temperature(1000.0);
    auto after62 = transitions_from(m.generate_notes(40000, 62), 62);
    // Expected: p^(1/1000) normalised, computed with the standard library.
    const double a = std::pow(0.25, 0.001);
    const double b = std::pow(0.5, 0.001);
    const double sum = a + b + a;
    EXPECT_NEAR(a / sum, 1.0 / 3.0, 0.001);
    EXPECT_LT(chi_square({after62[60], after62[64], after62[67]}, {a / sum, b / sum, a / sum}), chi2_critical_df2);
    // And exactly uniform is not rejected either at this sample size.
    EXPECT_LT(chi_square({after62[60], after62[64], after62[67]}, {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0}),
              chi2_critical_df2);
}

TEST(MarkovGenerator, ScaleConstraintKeepsEveryNoteInTheScale) {
    // Chromatic runs up and down an octave: most contexts lead out of C major.
    std::vector<int> chromatic;
    for (int rep = 0; rep < 4; ++rep) {
        for (int n = 60; n <= 72; ++n) {
            chromatic.push_back(n);
        }
        for (int n = 71; n > 60; --n) {
            chromatic.push_back(n);
        }
    }
    for (int order = 1; order <= 3; ++order) {
        MarkovGenerator m{order, 2024};
        m.train(chromatic);
        m.set_scale_constraint(Scale{Note{Letter::C, 0, 4}, ScaleType::Major});
        const std::vector<int> notes = m.generate_notes(10000);
        ASSERT_EQ(notes.size(), 10000u);
        for (const int n : notes) {
            ASSERT_TRUE(in_c_major(n)) << n << " at order " << order;
        }
        m.clear_scale_constraint();
        const std::vector<int> free = m.generate_notes(2000);
        EXPECT_TRUE(std::any_of(free.begin(), free.end(), [](int n) { return !in_c_major(n); }));
    }
}

TEST(MarkovGenerator, ScaleConstraintFallsBackWhenAContextEmpties) {
    // 60 -> 61 twice (61 is not in C major), 61 -> 60, 62; 62 -> 64; 64 -> 62.
    MarkovGenerator m;
    m.train(std::vector<int>{60, 61, 60, 61, 62, 64, 62});
    m.set_scale_constraint(Scale{Note{Letter::C, 0, 4}, ScaleType::Major});
    // Context 60 keeps nothing: the in-scale unigram counts, 60 x2, 62 x2, 64 x1.
    EXPECT_EQ(m.next_choices(std::vector<int>{60}), (std::vector<Choice>{{60, 2}, {62, 2}, {64, 1}}));
    // Context 61 keeps 60 and 62 (61 itself is dropped from the unigram too).
    EXPECT_EQ(m.next_choices(std::vector<int>{61}), (std::vector<Choice>{{60, 1}, {62, 1}}));
    // A constraint no trained note satisfies: only C# and D# trained.
    MarkovGenerator black;
    black.train(std::vector<int>{61, 63, 61});
    black.set_scale_constraint(Scale{Note{Letter::C, 0, 4}, ScaleType::Major});
    EXPECT_THROW((void)black.generate_notes(4), cm::TheoryError);
    EXPECT_THROW((void)black.next_choices({61}), cm::TheoryError);
    try {
        (void)black.generate_notes(4);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidState);
    }
}

TEST(MarkovGenerator, SameSeedSameOutputDifferentSeedDifferentOutput) {
    const auto run = [](std::uint64_t seed) {
        MarkovGenerator m{2, seed};
        m.train(melody);
        m.train(std::vector<int>{62, 65, 67, 65, 64, 62, 60});
        return m.generate_notes(200);
    };
    EXPECT_EQ(run(1), run(1));
    EXPECT_NE(run(1), run(2));

    MarkovGenerator m{1, 5};
    m.train(melody);
    const auto first = m.generate_notes(100, 62);
    EXPECT_EQ(m.generate_notes(100, 62), first);  // each call starts from the seed
    m.set_seed(6);
    EXPECT_EQ(m.seed(), 6u);
    EXPECT_NE(m.generate_notes(100, 62), first);
    m.set_seed(5);
    EXPECT_EQ(m.generate_notes(100, 62), first);
    // The events carry the same notes as generate_notes().
    const auto events = m.generate(100, 62);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].note, first[i]);
    }
}

TEST(MarkovGenerator, StartNotesAndEvents) {
    MarkovGenerator m;
    m.train(melody);
    const auto notes = m.generate_notes(6, std::vector<int>{67, 60});
    ASSERT_EQ(notes.size(), 6u);
    EXPECT_EQ(notes[0], 67);
    EXPECT_EQ(notes[1], 60);
    EXPECT_EQ(notes[2], 62);  // 60 -> 62 with probability 1
    EXPECT_EQ(m.generate_notes(1, std::vector<int>{67, 60}), std::vector<int>{67});
    EXPECT_TRUE(m.generate_notes(0).empty());

    m.set_step(0.25);
    m.set_velocity(90);
    m.set_channel(3);
    const auto events = m.generate(4, 64);
    ASSERT_EQ(events.size(), 4u);
    // 64 -> 62 -> 60|64|67; 60 -> 62.
    EXPECT_EQ(events[0].note, 64);
    EXPECT_EQ(events[1].note, 62);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_DOUBLE_EQ(events[i].start_beat, 0.25 * static_cast<double>(i));
        EXPECT_DOUBLE_EQ(events[i].duration_beats, 0.25);
        EXPECT_EQ(events[i].velocity, 90);
        EXPECT_EQ(events[i].channel, 3);
    }
}

TEST(MarkovGenerator, InvalidArgumentsThrow) {
    EXPECT_THROW(MarkovGenerator{0}, cm::TheoryError);
    EXPECT_THROW(MarkovGenerator{-2}, cm::TheoryError);

    MarkovGenerator m;
    EXPECT_THROW((void)m.generate_notes(3), cm::TheoryError);  // nothing trained
    EXPECT_THROW(m.train(std::vector<int>{60, 128}), cm::TheoryError);
    EXPECT_THROW(m.train(std::vector<int>{-1}), cm::TheoryError);
    EXPECT_FALSE(m.trained());  // nothing counted from the bad sequences
    const std::vector<std::vector<int>> bad = {{60, 62}, {62, 300}};
    EXPECT_THROW(m.train_sequences(bad), cm::TheoryError);
    EXPECT_FALSE(m.trained());
    EXPECT_THROW(m.train(std::vector<Note>{Note{Letter::G, 1, 9}}), cm::TheoryError);  // G#9 = 128

    m.train(melody);
    EXPECT_THROW((void)m.generate_notes(3, 128), cm::TheoryError);
    EXPECT_THROW(m.set_temperature(0.0), cm::TheoryError);
    EXPECT_THROW(m.set_temperature(-1.0), cm::TheoryError);
    EXPECT_THROW(m.set_temperature(std::numeric_limits<double>::quiet_NaN()), cm::TheoryError);
    EXPECT_THROW(m.set_temperature(std::numeric_limits<double>::infinity()), cm::TheoryError);
    EXPECT_THROW(m.set_step(0.0), cm::TheoryError);
    EXPECT_THROW(m.set_velocity(0), cm::TheoryError);
    EXPECT_THROW(m.set_velocity(128), cm::TheoryError);
    EXPECT_THROW(m.set_channel(16), cm::TheoryError);
    EXPECT_THROW(m.set_channel(-1), cm::TheoryError);
    try {
        m.set_temperature(-1.0);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("temperature"), std::string::npos);
    }
    EXPECT_DOUBLE_EQ(m.temperature(), 1.0);
}

TEST(MarkovGeneratorDetail, LogAndExpMatchTheStandardLibrary) {
    for (double x = 1.0; x < 1e12; x *= 1.37) {
        EXPECT_NEAR(cm::theory::detail::markov_log(x), std::log(x), 1e-15 * std::max(1.0, std::abs(std::log(x))))
            << x;
    }
    for (double y = -700.0; y < 700.0; y += 0.731) {
        EXPECT_NEAR(cm::theory::detail::markov_exp(y), std::exp(y), 1e-14 * std::exp(y)) << y;
    }
    EXPECT_EQ(cm::theory::detail::markov_exp(0.0), 1.0);
    EXPECT_EQ(cm::theory::detail::markov_log(1.0), 0.0);
    EXPECT_EQ(cm::theory::detail::markov_exp(-800.0), 0.0);
}

} // namespace
