// Weighted random notes: chi-square goodness-of-fit of pitch, duration and
// velocity frequencies against the weights, the rest rate against the
// negative binomial mean and variance, exact end-to-end timing, seeding and
// the argument checks.
#include <coremusic/theory/probabilistic_generator.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

using cm::theory::NoteEvent;
using cm::theory::ProbabilisticGenerator;

// Upper 0.1% points of the chi-square distribution: NIST/SEMATECH e-Handbook
// of Statistical Methods, section 1.3.6.7.4, "Critical Values of the
// Chi-Square Distribution", column 0.001.
constexpr double chi2_critical_df1 = 10.828;
constexpr double chi2_critical_df2 = 13.816;
constexpr double chi2_critical_df3 = 16.266;
constexpr double chi2_critical_df9 = 27.877;

// Two-sided 0.1% point of the standard normal distribution (same handbook,
// 1.3.6.7.1): |z| > 3.291 has probability 0.001.
constexpr double z_critical = 3.291;

template <class Key>
double chi_square(const std::map<Key, double>& observed, const std::map<Key, double>& expected_probability) {
    double n = 0.0;
    for (const auto& [key, count] : observed) {
        n += count;
    }
    double sum = 0.0;
    for (const auto& [key, p] : expected_probability) {
        const auto it = observed.find(key);
        const double o = it == observed.end() ? 0.0 : it->second;
        sum += (o - n * p) * (o - n * p) / (n * p);
    }
    return sum;
}

TEST(ProbabilisticGenerator, PitchFrequenciesMatchWeights) {
    ProbabilisticGenerator g{42};
    const int notes[] = {60, 62, 64, 65};
    const std::uint64_t weights[] = {1, 2, 3, 4};
    g.set_pitches(notes, weights);
    std::map<int, double> observed;
    for (const NoteEvent& e : g.generate(20000)) {
        observed[e.note] += 1.0;
    }
    EXPECT_EQ(observed.size(), 4u);
    EXPECT_LT(chi_square(observed, {{60, 0.1}, {62, 0.2}, {64, 0.3}, {65, 0.4}}), chi2_critical_df3);
}

TEST(ProbabilisticGenerator, ZeroWeightIsNeverChosen) {
    ProbabilisticGenerator g{1};
    const int notes[] = {60, 61, 62};
    const std::uint64_t weights[] = {1, 0, 1};
    g.set_pitches(notes, weights);
    for (const NoteEvent& e : g.generate(5000)) {
        ASSERT_NE(e.note, 61);
    }
}

TEST(ProbabilisticGenerator, DurationFrequenciesMatchWeights) {
    ProbabilisticGenerator g{7};
    const int notes[] = {60};
    g.set_pitches(notes);
    const double beats[] = {0.25, 0.5, 1.0};
    const std::uint64_t weights[] = {2, 1, 1};
    g.set_durations(beats, weights);
    std::map<double, double> observed;
    for (const NoteEvent& e : g.generate(20000)) {
        observed[e.duration_beats] += 1.0;
    }
    EXPECT_EQ(observed.size(), 3u);
    EXPECT_LT(chi_square(observed, {{0.25, 0.5}, {0.5, 0.25}, {1.0, 0.25}}), chi2_critical_df2);
}

TEST(ProbabilisticGenerator, VelocityTableAndRange) {
    ProbabilisticGenerator g{9};
    const int notes[] = {60};
    g.set_pitches(notes);
    const int velocities[] = {64, 100, 127};
    const std::uint64_t weights[] = {1, 0, 3};
    g.set_velocities(velocities, weights);
    std::map<int, double> table;
    for (const NoteEvent& e : g.generate(20000)) {
        table[e.velocity] += 1.0;
    }
    EXPECT_EQ(table.count(100), 0u);
    EXPECT_LT(chi_square(table, {{64, 0.25}, {127, 0.75}}), chi2_critical_df1);

    g.set_velocity_range(100, 109);  // ten values, each 1/10
    std::map<int, double> range;
    for (const NoteEvent& e : g.generate(20000)) {
        range[e.velocity] += 1.0;
    }
    EXPECT_EQ(range.size(), 10u);
    EXPECT_EQ(range.begin()->first, 100);
    EXPECT_EQ(range.rbegin()->first, 109);
    std::map<int, double> uniform;
    for (int v = 100; v <= 109; ++v) {
        uniform[v] = 0.1;
    }
    EXPECT_LT(chi_square(range, uniform), chi2_critical_df9);
}

TEST(ProbabilisticGenerator, DefaultsAndEndToEndTiming) {
    ProbabilisticGenerator g{3};
    const int notes[] = {60, 67};
    g.set_pitches(notes);
    const auto plain = g.generate(8);
    ASSERT_EQ(plain.size(), 8u);
    for (std::size_t i = 0; i < plain.size(); ++i) {
        EXPECT_EQ(plain[i].start_beat, static_cast<double>(i));  // 1 beat each from 0
        EXPECT_EQ(plain[i].duration_beats, 1.0);
        EXPECT_EQ(plain[i].velocity, 100);
        EXPECT_EQ(plain[i].channel, 0);
    }

    const double beats[] = {0.1, 0.3, 0.7};  // not binary fractions: sums round
    const std::uint64_t weights[] = {1, 1, 1};
    g.set_durations(beats, weights);
    g.set_channel(9);
    const auto events = g.generate(500);
    EXPECT_EQ(events.front().start_beat, 0.0);
    for (std::size_t i = 1; i < events.size(); ++i) {
        ASSERT_EQ(events[i].start_beat, events[i - 1].end_beat()) << i;
        EXPECT_EQ(events[i].channel, 9);
    }
    EXPECT_TRUE(g.generate(0).empty());
}

TEST(ProbabilisticGenerator, RestRateMatchesProbability) {
    ProbabilisticGenerator g{11};
    const int notes[] = {60};
    g.set_pitches(notes);
    g.set_rest_probability(0.2);
    constexpr double n = 20000.0;
    const auto events = g.generate(static_cast<std::size_t>(n));
    ASSERT_EQ(events.size(), 20000u);
    // Every note and rest lasts 1 beat, so the rests fill the gaps.
    double rests = events.front().start_beat;
    for (std::size_t i = 1; i < events.size(); ++i) {
        const double gap = events[i].start_beat - events[i - 1].end_beat();
        ASSERT_GE(gap, 0.0);
        ASSERT_EQ(gap, std::floor(gap));
        rests += gap;
    }
    // Rests before n notes: negative binomial with mean n p / (1 - p) and
    // variance n p / (1 - p)^2; p = 0.2 -> 5000 and 6250.
    const double z = (rests - 5000.0) / std::sqrt(6250.0);
    EXPECT_LT(std::abs(z), z_critical) << rests;
}

TEST(ProbabilisticGenerator, SameSeedSameOutputDifferentSeedDifferentOutput) {
    const auto run = [](std::uint64_t seed) {
        ProbabilisticGenerator g{seed};
        const int notes[] = {60, 62, 64, 65, 67};
        const std::uint64_t weights[] = {3, 1, 2, 1, 3};
        g.set_pitches(notes, weights);
        const double beats[] = {0.5, 1.0};
        const std::uint64_t duration_weights[] = {1, 1};
        g.set_durations(beats, duration_weights);
        g.set_velocity_range(60, 120);
        g.set_rest_probability(0.1);
        return g.generate(100);
    };
    EXPECT_EQ(run(5), run(5));
    EXPECT_NE(run(5), run(6));

    ProbabilisticGenerator g{8};
    const int notes[] = {60, 62, 64};
    g.set_pitches(notes);
    const auto first = g.generate(50);
    EXPECT_EQ(g.generate(50), first);  // each call starts from the seed
    g.set_seed(9);
    EXPECT_EQ(g.seed(), 9u);
    EXPECT_NE(g.generate(50), first);
    g.set_seed(8);
    EXPECT_EQ(g.generate(50), first);
}

TEST(ProbabilisticGenerator, InvalidArgumentsThrow) {
    ProbabilisticGenerator g;
    EXPECT_THROW((void)g.generate(1), cm::TheoryError);  // no pitches yet
    try {
        (void)g.generate(1);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidState);
    }
    const int notes[] = {60, 62};
    const std::uint64_t one_weight[] = {1};
    const std::uint64_t zeros[] = {0, 0};
    const std::uint64_t huge[] = {std::numeric_limits<std::uint64_t>::max(), 1};
    EXPECT_THROW(g.set_pitches(notes, one_weight), cm::TheoryError);
    EXPECT_THROW(g.set_pitches(notes, zeros), cm::TheoryError);
    EXPECT_THROW(g.set_pitches(notes, huge), cm::TheoryError);
    EXPECT_THROW(g.set_pitches(std::span<const int>{}), cm::TheoryError);
    const int bad_notes[] = {60, 128};
    EXPECT_THROW(g.set_pitches(bad_notes), cm::TheoryError);
    const int negative[] = {-1};
    EXPECT_THROW(g.set_pitches(negative), cm::TheoryError);
    try {
        g.set_pitches(bad_notes);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("128"), std::string::npos);
    }

    const double bad_beats[] = {0.5, 0.0};
    const std::uint64_t two[] = {1, 1};
    EXPECT_THROW(g.set_durations(bad_beats, two), cm::TheoryError);
    const double nan_beats[] = {std::numeric_limits<double>::quiet_NaN()};
    EXPECT_THROW(g.set_durations(nan_beats, one_weight), cm::TheoryError);
    const int bad_velocities[] = {0, 100};
    EXPECT_THROW(g.set_velocities(bad_velocities, two), cm::TheoryError);
    EXPECT_THROW(g.set_velocity_range(0, 10), cm::TheoryError);
    EXPECT_THROW(g.set_velocity_range(100, 128), cm::TheoryError);
    EXPECT_THROW(g.set_velocity_range(90, 80), cm::TheoryError);
    EXPECT_THROW(g.set_rest_probability(1.0), cm::TheoryError);
    EXPECT_THROW(g.set_rest_probability(-0.1), cm::TheoryError);
    EXPECT_THROW(g.set_rest_probability(std::numeric_limits<double>::quiet_NaN()), cm::TheoryError);
    EXPECT_THROW(g.set_channel(16), cm::TheoryError);

    // A failed setter keeps the previous table: still no pitches.
    EXPECT_THROW((void)g.generate(1), cm::TheoryError);
}

} // namespace
