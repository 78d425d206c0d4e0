// Step sequencer: onsets and lengths worked out by hand (ratchets split a
// step into equal parts), probability 0 and 1 exactly and 0.5 against the
// binomial distribution, accents with their cap, seeding and argument checks.
#include <coremusic/theory/sequence_generator.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

using cm::theory::NoteEvent;
using cm::theory::SequenceGenerator;
using Step = SequenceGenerator::Step;

// Two-sided 0.1% point of the standard normal distribution: NIST/SEMATECH
// e-Handbook of Statistical Methods, 1.3.6.7.1: |z| > 3.291 has probability 0.001.
constexpr double z_critical = 3.291;

Step on(int note, int velocity = 100) {
    Step s;
    s.note = note;
    s.velocity = velocity;
    return s;
}

TEST(SequenceGenerator, NewSequencerIsSilent) {
    SequenceGenerator seq;
    EXPECT_EQ(seq.size(), 16u);
    EXPECT_EQ(seq.step_duration(), 0.25);
    EXPECT_EQ(seq.cycle_beats(), 4.0);
    EXPECT_FALSE(seq.step(0).enabled);
    EXPECT_TRUE(seq.generate(4).empty());
}

TEST(SequenceGenerator, StepsPlayAtTheirOnsetsEveryCycle) {
    // 4 steps of 0.5 beats: a cycle is 2 beats. Steps 0 and 2 on.
    SequenceGenerator seq{4, 0.5};
    seq.set_step(0, on(60));
    Step s2 = on(67, 90);
    s2.gate = 1.0;
    seq.set_step(2, s2);
    const auto events = seq.generate(3);
    // Cycle c: step 0 at 2c, step 2 at 2c + 1.
    const std::vector<NoteEvent> expected = {
        {0.0, 0.25, 60, 100, 0}, {1.0, 0.5, 67, 90, 0}, {2.0, 0.25, 60, 100, 0},
        {3.0, 0.5, 67, 90, 0},   {4.0, 0.25, 60, 100, 0}, {5.0, 0.5, 67, 90, 0},
    };
    EXPECT_EQ(events, expected);
}

TEST(SequenceGenerator, OnsetsDoNotDrift) {
    SequenceGenerator seq{16, 0.25};
    seq.set_step(3, on(60));
    const auto events = seq.generate(2000);
    ASSERT_EQ(events.size(), 2000u);
    // Cycle 1999, step 3: 1999 * 4 + 3 * 0.25 = 7996.75, exactly representable.
    EXPECT_EQ(events.back().start_beat, 7996.75);
    EXPECT_EQ(events[1000].start_beat, 4000.75);
}

TEST(SequenceGenerator, RatchetsSplitTheStepEvenly) {
    SequenceGenerator seq{2, 0.5};
    Step r = on(62);
    r.ratchet = 4;
    r.gate = 1.0;
    seq.set_step(1, r);
    const auto events = seq.generate(1);
    // Step 1 spans 0.5..1.0; four parts of 0.125 beats.
    ASSERT_EQ(events.size(), 4u);
    const double onsets[] = {0.5, 0.625, 0.75, 0.875};
    for (std::size_t j = 0; j < 4; ++j) {
        EXPECT_EQ(events[j].start_beat, onsets[j]);
        EXPECT_EQ(events[j].duration_beats, 0.125);
        EXPECT_EQ(events[j].note, 62);
    }

    // Three parts of a quarter-beat step at index 2 (0.5..0.75): 1/12 beat each,
    // gate 0.5 -> 1/24 beat sounding.
    SequenceGenerator triplets{4, 0.25};
    Step t = on(64);
    t.ratchet = 3;
    triplets.set_step(2, t);
    const auto tr = triplets.generate(1);
    ASSERT_EQ(tr.size(), 3u);
    for (std::size_t j = 0; j < 3; ++j) {
        EXPECT_NEAR(tr[j].start_beat, 0.5 + static_cast<double>(j) / 12.0, 1e-12);
        EXPECT_NEAR(tr[j].duration_beats, 1.0 / 24.0, 1e-12);
    }

    // Eight parts, the maximum.
    t.ratchet = 8;
    triplets.set_step(2, t);
    EXPECT_EQ(triplets.generate(1).size(), 8u);
}

TEST(SequenceGenerator, ProbabilityZeroAndOneAreExact) {
    SequenceGenerator seq{2, 1.0, 77};
    Step never = on(60);
    never.probability = 0.0;
    Step always = on(72);
    always.probability = 1.0;
    seq.set_step(0, never);
    seq.set_step(1, always);
    const auto events = seq.generate(1000);
    ASSERT_EQ(events.size(), 1000u);
    for (const NoteEvent& e : events) {
        ASSERT_EQ(e.note, 72);
    }
}

TEST(SequenceGenerator, ProbabilityHalfIsBinomial) {
    SequenceGenerator seq{1, 1.0, 2024};
    Step half = on(60);
    half.probability = 0.5;
    half.ratchet = 2;  // a step's ratchets sound together or not at all
    seq.set_step(0, half);
    const auto events = seq.generate(10000);
    ASSERT_EQ(events.size() % 2, 0u);
    const double sounded = static_cast<double>(events.size() / 2);
    // Binomial(10000, 0.5): mean 5000, standard deviation sqrt(2500) = 50.
    EXPECT_LT(std::abs((sounded - 5000.0) / 50.0), z_critical) << sounded;
    for (std::size_t i = 0; i < events.size(); i += 2) {
        ASSERT_EQ(events[i + 1].start_beat, events[i].start_beat + 0.5);
    }
}

TEST(SequenceGenerator, AccentRaisesVelocityAndCapsAt127) {
    SequenceGenerator seq{3, 0.25};
    Step a = on(60, 100);
    a.accent = true;
    Step b = on(60, 120);
    b.accent = true;
    seq.set_step(0, a);
    seq.set_step(1, b);
    seq.set_step(2, on(60, 100));
    auto events = seq.generate(1);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].velocity, 120);  // 100 + 20 (the default amount)
    EXPECT_EQ(events[1].velocity, 127);  // 120 + 20 capped
    EXPECT_EQ(events[2].velocity, 100);  // not accented
    seq.set_accent_amount(5);
    EXPECT_EQ(seq.accent_amount(), 5);
    events = seq.generate(1);
    EXPECT_EQ(events[0].velocity, 105);
    EXPECT_EQ(events[1].velocity, 125);
}

TEST(SequenceGenerator, DisabledStepsAndChannel) {
    std::vector<Step> steps(4, on(60));
    steps[1].enabled = false;
    steps[3].enabled = false;
    SequenceGenerator seq{1, 0.5};
    seq.set_steps(steps);
    seq.set_channel(9);
    EXPECT_EQ(seq.size(), 4u);
    const auto events = seq.generate(1);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].start_beat, 0.0);
    EXPECT_EQ(events[1].start_beat, 1.0);
    EXPECT_EQ(events[1].channel, 9);
    EXPECT_EQ(seq.step(1), steps[1]);
}

TEST(SequenceGenerator, SameSeedSameOutputDifferentSeedDifferentOutput) {
    const auto run = [](std::uint64_t seed) {
        SequenceGenerator seq{8, 0.25, seed};
        for (std::size_t i = 0; i < 8; ++i) {
            Step s = on(60 + static_cast<int>(i));
            s.probability = 0.5;
            seq.set_step(i, s);
        }
        return seq.generate(20);
    };
    EXPECT_EQ(run(3), run(3));
    EXPECT_NE(run(3), run(4));

    SequenceGenerator seq{1, 1.0, 10};
    Step s = on(60);
    s.probability = 0.5;
    seq.set_step(0, s);
    const auto first = seq.generate(64);
    EXPECT_EQ(seq.generate(64), first);  // each call starts from the seed
    seq.set_seed(11);
    EXPECT_EQ(seq.seed(), 11u);
    EXPECT_NE(seq.generate(64), first);
    seq.set_seed(10);
    EXPECT_EQ(seq.generate(64), first);
}

TEST(SequenceGenerator, InvalidArgumentsThrow) {
    EXPECT_THROW(SequenceGenerator(0), cm::TheoryError);
    EXPECT_THROW(SequenceGenerator(4, 0.0), cm::TheoryError);
    EXPECT_THROW(SequenceGenerator(4, -1.0), cm::TheoryError);
    EXPECT_THROW(SequenceGenerator(4, std::numeric_limits<double>::infinity()), cm::TheoryError);

    SequenceGenerator seq{4};
    EXPECT_THROW(seq.set_step(4, on(60)), cm::TheoryError);
    EXPECT_THROW((void)seq.step(4), cm::TheoryError);
    const auto bad = [&](auto change) {
        Step s = on(60);
        change(s);
        EXPECT_THROW(seq.set_step(0, s), cm::TheoryError);
    };
    bad([](Step& s) { s.note = 128; });
    bad([](Step& s) { s.note = -1; });
    bad([](Step& s) { s.velocity = 0; });
    bad([](Step& s) { s.velocity = 128; });
    bad([](Step& s) { s.gate = 0.0; });
    bad([](Step& s) { s.gate = 1.5; });
    bad([](Step& s) { s.probability = -0.1; });
    bad([](Step& s) { s.probability = 1.1; });
    bad([](Step& s) { s.probability = std::numeric_limits<double>::quiet_NaN(); });
    bad([](Step& s) { s.ratchet = 0; });
    bad([](Step& s) { s.ratchet = 9; });
    EXPECT_FALSE(seq.step(0).enabled);  // unchanged by the failed calls

    try {
        Step s = on(60);
        s.ratchet = 9;
        seq.set_step(2, s);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        const std::string what = e.what();
        EXPECT_NE(what.find("step 2"), std::string::npos);
        EXPECT_NE(what.find("ratchet 9"), std::string::npos);
    }
    EXPECT_THROW(seq.set_steps(std::span<const Step>{}), cm::TheoryError);
    EXPECT_THROW(seq.set_accent_amount(-1), cm::TheoryError);
    EXPECT_THROW(seq.set_accent_amount(127), cm::TheoryError);
    EXPECT_THROW(seq.set_channel(16), cm::TheoryError);
    EXPECT_THROW(seq.set_step_duration(0.0), cm::TheoryError);
}

} // namespace
