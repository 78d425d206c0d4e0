// Durations: beats from note values, seconds at a tempo and bars in a time
// signature checked against hand arithmetic (60 / bpm seconds per beat),
// and ticks rounded half away from zero as beats_to_ticks does.
#include <coremusic/theory/duration.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace {

using cm::theory::Duration;
using cm::theory::NoteValue;
using cm::theory::TimeSignature;

static_assert(Duration{NoteValue::DottedEighth}.beats() == 0.75);
static_assert((Duration{1.0} + Duration{0.5}).beats() == 1.5);

TEST(Duration, FromNoteValues) {
    EXPECT_EQ(Duration{NoteValue::Whole}.beats(), 4.0);
    EXPECT_EQ(Duration{NoteValue::DottedQuarter}.beats(), 1.5);
    EXPECT_EQ(Duration{NoteValue::SixtyFourth}.beats(), 0.0625);
    // Three eighth triplets make exactly one beat when made from the fraction.
    EXPECT_EQ(Duration::of(3, NoteValue::EighthTriplet).beats(), 1.0);
    EXPECT_EQ(Duration::of(5, NoteValue(16, 0, 5, 4)).beats(), 1.0);
    EXPECT_EQ(Duration::of(7, NoteValue::Sixteenth).beats(), 1.75);
    EXPECT_EQ(Duration::of(-2, NoteValue::Quarter).beats(), -2.0);
    // Dotted values are dyadic, so sums are exact: 1.5 + 0.75 + 0.375 + 0.375.
    const Duration sum = Duration{NoteValue::DottedQuarter} + Duration{NoteValue::DottedEighth} +
                         Duration{NoteValue::DottedSixteenth} + Duration{NoteValue::DottedSixteenth};
    EXPECT_EQ(sum.beats(), 3.0);
}

TEST(Duration, Seconds) {
    // 60 / bpm seconds per beat.
    EXPECT_DOUBLE_EQ(Duration{1.0}.seconds(120.0), 0.5);
    EXPECT_DOUBLE_EQ(Duration{4.0}.seconds(60.0), 4.0);
    EXPECT_DOUBLE_EQ(Duration{NoteValue::DottedEighth}.seconds(100.0), 0.45);
    EXPECT_DOUBLE_EQ(Duration{3.0}.seconds(90.0), 2.0);
    EXPECT_DOUBLE_EQ(Duration::from_seconds(1.5, 120.0).beats(), 3.0);
    EXPECT_DOUBLE_EQ(Duration::from_seconds(2.0, 90.0).beats(), 3.0);
    EXPECT_THROW((void)Duration{1.0}.seconds(0.0), cm::TheoryError);
    EXPECT_THROW((void)Duration{1.0}.seconds(-120.0), cm::TheoryError);
    EXPECT_THROW((void)Duration{1.0}.seconds(std::numeric_limits<double>::infinity()), cm::TheoryError);
    EXPECT_THROW((void)Duration::from_seconds(1.0, std::nan("")), cm::TheoryError);
}

TEST(Duration, Bars) {
    // A bar of n/d is 4n/d beats.
    EXPECT_DOUBLE_EQ(Duration{7.0}.bars(TimeSignature{7, 8}), 2.0);
    EXPECT_DOUBLE_EQ(Duration{3.0}.bars(TimeSignature{4, 4}), 0.75);
    EXPECT_DOUBLE_EQ(Duration{9.0}.bars(TimeSignature{6, 8}), 3.0);
    EXPECT_DOUBLE_EQ(Duration{5.0}.bars(TimeSignature{5, 16}), 4.0);
    EXPECT_DOUBLE_EQ(Duration::from_bars(2.0, TimeSignature{7, 8}).beats(), 7.0);
    EXPECT_DOUBLE_EQ(Duration::from_bars(1.5, TimeSignature{12, 8}).beats(), 9.0);
    EXPECT_DOUBLE_EQ(Duration::from_bars(0.25, TimeSignature{3, 4}).beats(), 0.75);
}

TEST(Duration, Arithmetic) {
    const Duration a{1.5};
    const Duration b{0.25};
    EXPECT_EQ((a + b).beats(), 1.75);
    EXPECT_EQ((a - b).beats(), 1.25);
    EXPECT_EQ((b - a).beats(), -1.25);
    EXPECT_EQ((-a).beats(), -1.5);
    EXPECT_EQ((a * 2.0).beats(), 3.0);
    EXPECT_EQ((2.0 * a).beats(), 3.0);
    EXPECT_EQ((a / 3.0).beats(), 0.5);
    EXPECT_EQ(a / b, 6.0);
    EXPECT_EQ(Duration{1.5} / Duration{NoteValue::Eighth}, 3.0);
    Duration c{1.0};
    c += a;
    EXPECT_EQ(c.beats(), 2.5);
    c -= b;
    EXPECT_EQ(c.beats(), 2.25);
    c *= 4.0;
    EXPECT_EQ(c.beats(), 9.0);
    c /= 3.0;
    EXPECT_EQ(c.beats(), 3.0);
    EXPECT_LT(b, a);
    EXPECT_GT(a, b);
    EXPECT_EQ(Duration{0.5}, Duration{NoteValue::Eighth});
    EXPECT_EQ(Duration{}.beats(), 0.0);
}

TEST(Duration, InvalidThrows) {
    EXPECT_THROW((void)Duration{std::numeric_limits<double>::infinity()}, cm::TheoryError);
    EXPECT_THROW((void)Duration{-std::numeric_limits<double>::infinity()}, cm::TheoryError);
    EXPECT_THROW((void)Duration{std::nan("")}, cm::TheoryError);
    EXPECT_THROW((void)Duration::from_bars(std::numeric_limits<double>::infinity(), TimeSignature{}), cm::TheoryError);
    EXPECT_THROW((void)Duration{1.0}.ticks(0), cm::TheoryError);
    try {
        (void)Duration{std::numeric_limits<double>::infinity()};
        ADD_FAILURE();
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
    }
}

TEST(Duration, TicksTieRule) {
    EXPECT_EQ(Duration{1.0}.ticks(480), 480);
    EXPECT_EQ(Duration{NoteValue::DottedEighth}.ticks(480), 360);
    // Half a tick at 480 ppq is 1/960 beat; 960 is not a power of two, so
    // use 1/1024 beat at 512 ppq (exactly half a tick) and its multiples.
    EXPECT_EQ(Duration{1.0 / 1024.0}.ticks(512), 1);     // 0.5 -> 1, not 0
    EXPECT_EQ(Duration{3.0 / 1024.0}.ticks(512), 2);     // 1.5 -> 2
    EXPECT_EQ(Duration{5.0 / 1024.0}.ticks(512), 3);     // 2.5 -> 3, not 2 (no banker's rounding)
    EXPECT_EQ(Duration{-1.0 / 1024.0}.ticks(512), -1);   // -0.5 -> -1
    EXPECT_EQ(Duration{-5.0 / 1024.0}.ticks(512), -3);   // -2.5 -> -3
    EXPECT_EQ(Duration{0.49 / 512.0}.ticks(512), 0);
    // 1/3 beat at 480 ppq is 160 ticks although 1/3 is not a double.
    EXPECT_EQ(Duration::of(1, NoteValue::EighthTriplet).ticks(480), 160);
}

} // namespace
