// Time signatures: bar lengths and beat groupings worked by hand (a bar of
// n/d is 4n/d quarter notes; 6/8, 9/8, 12/8 are compound with a dotted
// quarter beat), parsing and validation.
#include <coremusic/theory/time_signature.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using cm::theory::NoteValue;
using cm::theory::TimeSignature;
using Fraction = NoteValue::Fraction;

static_assert(TimeSignature{}.numerator() == 4 && TimeSignature{}.denominator() == 4);
static_assert(TimeSignature{6, 8}.is_compound());
static_assert(TimeSignature{7, 8}.bar_length() == Fraction{7, 2});

TEST(TimeSignature, HandTable) {
    struct Row {
        int num;
        int den;
        Fraction bar;        // quarter notes per bar
        double beats;        // the same as a double
        bool compound;
        int beat_count;      // counted beats
        Fraction beat;       // quarter notes per counted beat
    };
    const Row rows[] = {
        {4, 4, {4, 1}, 4.0, false, 4, {1, 1}},
        {3, 4, {3, 1}, 3.0, false, 3, {1, 1}},
        {2, 2, {4, 1}, 4.0, false, 2, {2, 1}},
        {2, 4, {2, 1}, 2.0, false, 2, {1, 1}},
        {3, 8, {3, 2}, 1.5, false, 3, {1, 2}},
        {5, 4, {5, 1}, 5.0, false, 5, {1, 1}},
        {7, 8, {7, 2}, 3.5, false, 7, {1, 2}},
        {5, 16, {5, 4}, 1.25, false, 5, {1, 4}},
        {6, 8, {3, 1}, 3.0, true, 2, {3, 2}},     // two dotted quarters
        {9, 8, {9, 2}, 4.5, true, 3, {3, 2}},
        {12, 8, {6, 1}, 6.0, true, 4, {3, 2}},
        {6, 4, {6, 1}, 6.0, true, 2, {3, 1}},     // two dotted halves
        {12, 16, {3, 1}, 3.0, true, 4, {3, 4}},   // four dotted eighths
        {1, 64, {1, 16}, 0.0625, false, 1, {1, 16}},
        {255, 1, {1020, 1}, 1020.0, true, 85, {12, 1}},
    };
    for (const Row& r : rows) {
        const TimeSignature ts{r.num, r.den};
        const std::string name = std::to_string(r.num) + "/" + std::to_string(r.den);
        EXPECT_EQ(ts.bar_length(), r.bar) << name;
        EXPECT_DOUBLE_EQ(ts.beats_per_bar(), r.beats) << name;
        EXPECT_EQ(ts.is_compound(), r.compound) << name;
        EXPECT_EQ(ts.is_simple(), !r.compound) << name;
        EXPECT_EQ(ts.beat_count(), r.beat_count) << name;
        EXPECT_EQ(ts.beat_length(), r.beat) << name;
        EXPECT_EQ(ts.name(), name);
        EXPECT_EQ(TimeSignature::from_name(name), ts) << name;
    }
    EXPECT_NE((TimeSignature{2, 4}), (TimeSignature{4, 8}));
}

TEST(TimeSignature, InvalidThrows) {
    struct Bad {
        int num;
        int den;
        cm::Errc code;
    };
    const Bad bad[] = {
        {0, 4, cm::Errc::OutOfRange},   {-3, 4, cm::Errc::OutOfRange},     {256, 4, cm::Errc::OutOfRange},
        {4, 0, cm::Errc::InvalidArgument}, {4, 3, cm::Errc::InvalidArgument}, {4, 6, cm::Errc::InvalidArgument},
        {4, 128, cm::Errc::InvalidArgument}, {4, -4, cm::Errc::InvalidArgument},
    };
    for (const Bad& b : bad) {
        try {
            (void)TimeSignature{b.num, b.den};
            ADD_FAILURE() << b.num << "/" << b.den;
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), b.code) << b.num << "/" << b.den;
            const std::string text = std::to_string(b.num) + "/" + std::to_string(b.den);
            EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
        }
    }
}

TEST(TimeSignature, Parses) {
    EXPECT_EQ(TimeSignature::from_name("7/8"), (TimeSignature{7, 8}));
    EXPECT_EQ(TimeSignature::from_name(" 12 / 8 "), (TimeSignature{12, 8}));
    EXPECT_EQ(TimeSignature::from_name("C"), (TimeSignature{4, 4}));
    EXPECT_EQ(TimeSignature::from_name("C|"), (TimeSignature{2, 2}));
    struct Bad {
        std::string_view text;
        cm::Errc code;
    };
    const Bad bad[] = {
        {"", cm::Errc::InvalidFormat},      {"7", cm::Errc::InvalidFormat},        {"7/", cm::Errc::InvalidFormat},
        {"/8", cm::Errc::InvalidFormat},    {"7/8/4", cm::Errc::InvalidFormat},    {"seven/8", cm::Errc::InvalidFormat},
        {"-7/8", cm::Errc::InvalidFormat},  {"7/8x", cm::Errc::InvalidFormat},     {"99999/4", cm::Errc::InvalidFormat},
        {"7/6", cm::Errc::InvalidArgument}, {"0/4", cm::Errc::OutOfRange},         {"300/4", cm::Errc::OutOfRange},
    };
    for (const Bad& b : bad) {
        try {
            (void)TimeSignature::from_name(b.text);
            ADD_FAILURE() << b.text;
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), b.code) << b.text;
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(b.text) + "\""), std::string::npos) << e.what();
        }
        std::error_code ec;
        EXPECT_EQ(TimeSignature::from_name(b.text, ec), TimeSignature{}) << b.text;
        EXPECT_EQ(ec, b.code) << b.text;
    }
    std::error_code ec = cm::Errc::InvalidState;
    EXPECT_EQ(TimeSignature::from_name("5/4", ec), (TimeSignature{5, 4}));
    EXPECT_FALSE(ec);
}

} // namespace
