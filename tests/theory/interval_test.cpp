// Spelled intervals: semitones of every simple interval (a theory textbook's
// table), names, from_semitones spelling, validation and its errors,
// inversion, compounds and addition, all checked against hand calculation.
#include <coremusic/theory/interval.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

namespace {

using cm::theory::Interval;
using cm::theory::Quality;

// Compile-time use works.
static_assert(Interval{Quality::Major, 3}.semitones() == 4);
static_assert(Interval{Quality::Perfect, 15}.semitones() == 24);
static_assert(Interval{Quality::Major, 3} + Interval{Quality::Minor, 3} == Interval{Quality::Perfect, 5});
static_assert(Interval::from_semitones(6) == Interval{Quality::Diminished, 5});
static_assert(Interval{Quality::Augmented, 4}.inversion() == Interval{Quality::Diminished, 5});

struct SemitoneRow {
    std::string_view name;
    int semitones;
};

// Semitones of every simple interval, dd through AA: the perfect/major sizes
// 0 2 4 5 7 9 11 12, minor one less, diminished one less than minor (or
// perfect), augmented one more than major (or perfect).
constexpr SemitoneRow simple_table[] = {
    {"P1", 0},  {"A1", 1},  {"AA1", 2},
    {"dd2", -1}, {"d2", 0}, {"m2", 1}, {"M2", 2}, {"A2", 3}, {"AA2", 4},
    {"dd3", 1}, {"d3", 2}, {"m3", 3}, {"M3", 4}, {"A3", 5}, {"AA3", 6},
    {"dd4", 3}, {"d4", 4}, {"P4", 5}, {"A4", 6}, {"AA4", 7},
    {"dd5", 5}, {"d5", 6}, {"P5", 7}, {"A5", 8}, {"AA5", 9},
    {"dd6", 6}, {"d6", 7}, {"m6", 8}, {"M6", 9}, {"A6", 10}, {"AA6", 11},
    {"dd7", 8}, {"d7", 9}, {"m7", 10}, {"M7", 11}, {"A7", 12}, {"AA7", 13},
    {"dd8", 10}, {"d8", 11}, {"P8", 12}, {"A8", 13}, {"AA8", 14},
};

TEST(Interval, SemitonesOfEverySimpleInterval) {
    for (const auto& row : simple_table) {
        const Interval i = Interval::from_name(row.name);
        EXPECT_EQ(i.semitones(), row.semitones) << row.name;
        EXPECT_EQ(i.name(), row.name);
        EXPECT_FALSE(i.is_compound()) << row.name;
    }
}

TEST(Interval, CompoundIntervals) {
    // A ninth is an octave plus a second, and so on.
    constexpr SemitoneRow table[] = {
        {"m9", 13}, {"M9", 14}, {"m10", 15}, {"M10", 16}, {"P11", 17}, {"A11", 18}, {"d12", 18},
        {"P12", 19}, {"m13", 20}, {"M13", 21}, {"m14", 22}, {"M14", 23}, {"P15", 24}, {"M16", 26},
        {"P22", 36},
    };
    for (const auto& row : table) {
        const Interval i = Interval::from_name(row.name);
        EXPECT_EQ(i.semitones(), row.semitones) << row.name;
        EXPECT_EQ(i.name(), row.name);
        EXPECT_TRUE(i.is_compound()) << row.name;
    }
    EXPECT_EQ(Interval::from_name("M9").simple(), Interval::from_name("M2"));
    EXPECT_EQ(Interval::from_name("P11").simple(), Interval::from_name("P4"));
    EXPECT_EQ(Interval::from_name("m13").simple(), Interval::from_name("m6"));
    EXPECT_EQ(Interval::from_name("P15").simple(), Interval::from_name("P8"));
    EXPECT_EQ(Interval::from_name("P8").simple(), Interval::from_name("P8"));
    EXPECT_EQ(Interval::from_name("A4").simple(), Interval::from_name("A4"));
    EXPECT_EQ(Interval::from_name("M3").number(), 3);
    EXPECT_EQ(Interval::from_name("M3").quality(), Quality::Major);
    EXPECT_EQ(Interval::from_name("M3").steps(), 2);
}

TEST(Interval, FromSemitonesUsesTheDocumentedSpelling) {
    constexpr std::string_view expected[] = {"P1", "m2", "M2", "m3", "M3", "P4", "d5", "P5", "m6", "M6",
                                             "m7", "M7", "P8", "m9", "M9", "m10", "M10", "P11", "d12",
                                             "P12", "m13", "M13", "m14", "M14", "P15"};
    for (int n = 0; n < 25; ++n) {
        const Interval i = Interval::from_semitones(n);
        EXPECT_EQ(i.name(), expected[n]) << n;
        EXPECT_EQ(i.semitones(), n);
    }
}

TEST(Interval, FromSemitonesRejectsNegative) {
    try {
        (void)Interval::from_semitones(-1);
        FAIL() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("-1 semitones"), std::string::npos) << e.what();
    }
    std::error_code ec;
    EXPECT_EQ(Interval::from_semitones(-5, ec), Interval{});
    EXPECT_EQ(ec, cm::Errc::OutOfRange);
    EXPECT_EQ(Interval::from_semitones(7, ec), Interval::from_name("P5"));
    EXPECT_FALSE(ec);
}

TEST(Interval, ValidCombinations) {
    EXPECT_TRUE(Interval::is_valid(Quality::Perfect, 1));
    EXPECT_TRUE(Interval::is_valid(Quality::Perfect, 4));
    EXPECT_TRUE(Interval::is_valid(Quality::Perfect, 5));
    EXPECT_TRUE(Interval::is_valid(Quality::Perfect, 8));
    EXPECT_TRUE(Interval::is_valid(Quality::Perfect, 11));
    EXPECT_TRUE(Interval::is_valid(Quality::Perfect, 12));
    EXPECT_FALSE(Interval::is_valid(Quality::Perfect, 3));
    EXPECT_FALSE(Interval::is_valid(Quality::Perfect, 9));
    EXPECT_FALSE(Interval::is_valid(Quality::Major, 5));
    EXPECT_FALSE(Interval::is_valid(Quality::Minor, 8));
    EXPECT_TRUE(Interval::is_valid(Quality::Minor, 13));
    EXPECT_FALSE(Interval::is_valid(Quality::Diminished, 1));
    EXPECT_FALSE(Interval::is_valid(Quality::DoublyDiminished, 1));
    EXPECT_TRUE(Interval::is_valid(Quality::Augmented, 1));
    EXPECT_FALSE(Interval::is_valid(Quality::Major, 0));
    EXPECT_FALSE(Interval::is_valid(Quality::Perfect, Interval::max_number + 3));
    EXPECT_THROW((Interval{Quality::Perfect, 3}), cm::TheoryError);
    EXPECT_THROW((Interval{Quality::Major, 0}), cm::TheoryError);
}

std::string parse_error(std::string_view text) {
    try {
        (void)Interval::from_name(text);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidFormat) << text;
        return e.what();
    }
    ADD_FAILURE() << "expected TheoryError for " << text;
    return {};
}

TEST(Interval, FromNameErrorsNameTheInputAndWhatWasExpected) {
    const std::string p3 = parse_error("P3");
    EXPECT_NE(p3.find("\"P3\""), std::string::npos) << p3;
    EXPECT_NE(p3.find("takes m, M"), std::string::npos) << p3;

    const std::string m5 = parse_error("M5");
    EXPECT_NE(m5.find("\"M5\""), std::string::npos) << m5;
    EXPECT_NE(m5.find("takes P"), std::string::npos) << m5;

    const std::string d1 = parse_error("d1");
    EXPECT_NE(d1.find("unison cannot be diminished"), std::string::npos) << d1;

    for (const std::string_view bad : {"", "X5", "P", "m", "3", "m3x", "p5", "mm3", "M-3", "P0", "ddd5", "m 3"}) {
        const std::string msg = parse_error(bad);
        EXPECT_NE(msg.find("\"" + std::string(bad) + "\""), std::string::npos) << msg;
        EXPECT_NE(msg.find("expected"), std::string::npos) << msg;
    }
    const std::string huge = parse_error("P99999999999");
    EXPECT_NE(huge.find("expected a number from 1 to"), std::string::npos) << huge;
}

TEST(Interval, FromNameErrorCodeOverload) {
    std::error_code ec = cm::Errc::IoError;
    EXPECT_EQ(Interval::from_name("AA4", ec), (Interval{Quality::DoublyAugmented, 4}));
    EXPECT_FALSE(ec);
    EXPECT_EQ(Interval::from_name("P3", ec), Interval{});
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    EXPECT_EQ(ec, std::errc::invalid_argument);
    ec.clear();
    EXPECT_EQ(Interval::from_name("", ec), Interval{});
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    static_assert(noexcept(Interval::from_name(std::string_view{}, ec)));
}

TEST(Interval, Inversion) {
    const std::pair<std::string_view, std::string_view> table[] = {
        {"M3", "m6"}, {"m6", "M3"}, {"P4", "P5"}, {"P5", "P4"}, {"A4", "d5"}, {"d5", "A4"},
        {"P1", "P8"}, {"P8", "P1"}, {"m2", "M7"}, {"M2", "m7"}, {"m3", "M6"}, {"dd7", "AA2"},
        {"AA4", "dd5"}, {"A1", "d8"}, {"d8", "A1"},
        // Compound: reduce first.
        {"M9", "m7"}, {"P11", "P5"}, {"m13", "M3"}, {"P15", "P1"},
    };
    for (const auto& [from, to] : table) {
        EXPECT_EQ(Interval::from_name(from).inversion().name(), to) << from;
    }
    // Inversions of simple intervals add up to an octave.
    for (const auto& row : simple_table) {
        const Interval i = Interval::from_name(row.name);
        if (i.number() == 8 && (i.quality() == Quality::Augmented || i.quality() == Quality::DoublyAugmented)) {
            EXPECT_THROW((void)i.inversion(), cm::TheoryError) << row.name;
            continue;
        }
        EXPECT_EQ(i.semitones() + i.inversion().semitones(), 12) << row.name;
        EXPECT_EQ(i.inversion().inversion(), i) << row.name;
    }
}

TEST(Interval, Addition) {
    const std::tuple<std::string_view, std::string_view, std::string_view> table[] = {
        {"M3", "m3", "P5"},  {"M3", "M3", "A5"},  {"P5", "P5", "M9"},  {"m3", "m3", "d5"},
        {"P4", "P5", "P8"},  {"M2", "M2", "M3"},  {"m2", "m2", "d3"},  {"A4", "A4", "A7"},
        {"M6", "M3", "A8"},  {"P8", "M3", "M10"}, {"P8", "P8", "P15"}, {"P1", "m7", "m7"},
        {"m3", "M3", "P5"},  {"M3", "m3", "P5"},  {"P5", "M3", "M7"},  {"P5", "m3", "m7"},
        {"m7", "m3", "m9"},  {"M2", "P4", "P5"},
    };
    for (const auto& [a, b, sum] : table) {
        EXPECT_EQ((Interval::from_name(a) + Interval::from_name(b)).name(), sum) << a << " + " << b;
    }
    Interval i = Interval::from_name("M3");
    i += Interval::from_name("m3");
    EXPECT_EQ(i, Interval::from_name("P5"));

    try {
        (void)(Interval::from_name("AA5") + Interval::from_name("AA5"));
        FAIL() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("AA5 + AA5"), std::string::npos) << e.what();
    }
}

TEST(Interval, Comparison) {
    EXPECT_NE(Interval::from_name("A4"), Interval::from_name("d5"));
    EXPECT_EQ(Interval::from_name("A4").semitones(), Interval::from_name("d5").semitones());
    EXPECT_LT(Interval::from_name("A4"), Interval::from_name("d5"));
    EXPECT_LT(Interval::from_name("m3"), Interval::from_name("M3"));
    EXPECT_LT(Interval::from_name("M3"), Interval::from_name("P4"));
    EXPECT_LT(Interval::from_name("M7"), Interval::from_name("P8"));
    EXPECT_GT(Interval::from_name("M9"), Interval::from_name("P8"));
    EXPECT_EQ(Interval::from_name("P5"), (Interval{Quality::Perfect, 5}));
    EXPECT_EQ(Interval{}, Interval::from_name("P1"));
}

} // namespace
