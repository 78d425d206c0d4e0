// Polyrhythms: onsets k * cycle / divisions worked by hand (3 against 2,
// 4 against 3), merged order, exactness over many cycles, validation.
#include <coremusic/theory/polyrhythm_generator.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <vector>

#include <coremusic/theory/note_event.hpp>

namespace {

using cm::theory::NoteEvent;
using cm::theory::PolyrhythmGenerator;

TEST(PolyrhythmGenerator, ThreeAgainstTwo) {
    // Cycle 2 beats: 3 notes at 0, 2/3, 4/3 lasting 2/3; 2 notes at 0, 1
    // lasting 1. At 0 both sound; the lower note (C 48) comes first.
    PolyrhythmGenerator g{2.0};
    g.add_layer(3, 60, 90, 1).add_layer(2, 48, 80, 2);
    const double third = 2.0 / 3.0;
    const std::vector<NoteEvent> expected = {
        {0.0, 1.0, 48, 80, 2},
        {0.0, third, 60, 90, 1},
        {2.0 / 3.0, third, 60, 90, 1},
        {1.0, 1.0, 48, 80, 2},
        {4.0 / 3.0, third, 60, 90, 1},
        {2.0, 1.0, 48, 80, 2},  // second cycle
        {2.0, third, 60, 90, 1},
        {8.0 / 3.0, third, 60, 90, 1},
        {3.0, 1.0, 48, 80, 2},
        {10.0 / 3.0, third, 60, 90, 1},
    };
    EXPECT_EQ(g.generate(2), expected);
}

TEST(PolyrhythmGenerator, OrderDoesNotDependOnLayerOrder) {
    PolyrhythmGenerator a{4.0};
    a.add_layer(4, 36).add_layer(3, 42).add_layer(5, 38);
    PolyrhythmGenerator b{4.0};
    b.add_layer(5, 38).add_layer(3, 42).add_layer(4, 36);
    EXPECT_EQ(a.generate(3), b.generate(3));
    const std::vector<NoteEvent> ev = a.generate(3);
    EXPECT_EQ(ev.size(), 3u * (4 + 3 + 5));
    for (std::size_t i = 1; i < ev.size(); ++i) {
        const bool ordered = ev[i - 1].start_beat < ev[i].start_beat ||
                             (ev[i - 1].start_beat == ev[i].start_beat && ev[i - 1].note <= ev[i].note);
        EXPECT_TRUE(ordered) << i;
    }
}

TEST(PolyrhythmGenerator, ExactOnsets) {
    // 3 and 6 divisions of a 1-beat cycle: k/3 and 2k/6 are the same real
    // number, so with one rounding each they are the same double, in every
    // cycle; cycle c starts at exactly c.
    PolyrhythmGenerator g{1.0};
    g.add_layer(3, 60).add_layer(6, 72);
    const std::vector<NoteEvent> ev = g.generate(500);
    ASSERT_EQ(ev.size(), 500u * 9);
    // Per cycle, sorted: (c, 60) (c, 72) (c+1/6, 72) (c+1/3, 60) (c+1/3, 72) ...
    for (std::size_t c = 0; c < 500; ++c) {
        const NoteEvent* e = &ev[9 * c];
        EXPECT_EQ(e[0].start_beat, static_cast<double>(c));
        EXPECT_EQ(e[1].start_beat, static_cast<double>(c));
        EXPECT_EQ(e[3].start_beat, e[4].start_beat) << c;  // k = 1 of 3, k = 2 of 6
        EXPECT_EQ(e[3].note, 60);
        EXPECT_EQ(e[4].note, 72);
        EXPECT_EQ(e[6].start_beat, e[7].start_beat) << c;  // k = 2 of 3, k = 4 of 6
        EXPECT_EQ(e[3].start_beat, static_cast<double>(3 * c + 1) / 3.0);
    }
    // Far out the onset is the single-rounded value, not a drifting sum.
    EXPECT_EQ(ev.back().start_beat, static_cast<double>(6 * 500 - 1) / 6.0);
}

TEST(PolyrhythmGenerator, TieRuleWhenRoundedToTicks) {
    // 8 divisions of a 1/128-beat cycle at 512 ppq: onsets at 0.5-tick
    // steps, i.e. 0, 0.5, 1, 1.5, ... ticks; beats_to_ticks rounds the
    // halves away from zero: 0, 1, 1, 2, 2, 3, 3, 4.
    PolyrhythmGenerator g{1.0 / 128.0};
    g.add_layer(8, 60);
    const std::vector<NoteEvent> ev = g.generate(1);
    const long long expected[] = {0, 1, 1, 2, 2, 3, 3, 4};
    ASSERT_EQ(ev.size(), 8u);
    for (std::size_t i = 0; i < ev.size(); ++i) {
        EXPECT_EQ(cm::theory::beats_to_ticks(ev[i].start_beat, 512), expected[i]) << i;
    }
}

TEST(PolyrhythmGenerator, EmptyAndInvalid) {
    PolyrhythmGenerator g;
    EXPECT_EQ(g.cycle_duration(), 4.0);
    EXPECT_TRUE(g.generate(4).empty());
    g.add_layer(2, 60);
    EXPECT_TRUE(g.generate(0).empty());
    EXPECT_THROW(PolyrhythmGenerator{0.0}, cm::TheoryError);
    EXPECT_THROW(PolyrhythmGenerator{-1.0}, cm::TheoryError);
    EXPECT_THROW(PolyrhythmGenerator{std::numeric_limits<double>::infinity()}, cm::TheoryError);
    EXPECT_THROW(g.add_layer(0, 60), cm::TheoryError);
    EXPECT_THROW(g.add_layer(PolyrhythmGenerator::max_divisions + 1, 60), cm::TheoryError);
    EXPECT_THROW(g.add_layer(3, 128), cm::TheoryError);
    EXPECT_THROW(g.add_layer(3, 60, 0), cm::TheoryError);
    EXPECT_THROW(g.add_layer(3, 60, 100, 16), cm::TheoryError);
    EXPECT_EQ(g.layers().size(), 1u);
}

} // namespace
