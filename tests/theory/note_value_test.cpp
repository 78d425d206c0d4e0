// Note values: exact beats checked against a hand-worked table (a quarter is
// one beat; a dot adds half, a second dot a quarter more; n:m scales by m/n),
// both text spellings read and written, ticks rounded half away from zero.
#include <coremusic/theory/note_value.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <coremusic/theory/note_event.hpp>

namespace {

using cm::theory::NoteValue;
using Fraction = NoteValue::Fraction;

static_assert(NoteValue{}.beats() == Fraction{1, 1});
static_assert(NoteValue::DottedEighth.beats() == Fraction{3, 4});
static_assert(NoteValue::EighthTriplet.beats() == Fraction{1, 3});

TEST(NoteValue, BeatsMatchHandTable) {
    struct Row {
        NoteValue value;
        std::int64_t num;
        std::int64_t den;
    };
    // Worked by hand: plain 4/d; dots multiply by 3/2, 7/4, 15/8; n:m by m/n.
    const Row rows[] = {
        {NoteValue::Whole, 4, 1},
        {NoteValue::Half, 2, 1},
        {NoteValue::Quarter, 1, 1},
        {NoteValue::Eighth, 1, 2},
        {NoteValue::Sixteenth, 1, 4},
        {NoteValue::ThirtySecond, 1, 8},
        {NoteValue::SixtyFourth, 1, 16},
        {NoteValue::DottedWhole, 6, 1},
        {NoteValue::DottedHalf, 3, 1},
        {NoteValue::DottedQuarter, 3, 2},
        {NoteValue::DottedEighth, 3, 4},
        {NoteValue::DottedSixteenth, 3, 8},
        {NoteValue{2, 2}, 7, 2},           // double-dotted half: 2 + 1 + 1/2
        {NoteValue{4, 2}, 7, 4},           // double-dotted quarter: 1 + 1/2 + 1/4
        {NoteValue{1, 3}, 15, 2},          // triple-dotted whole: 4 + 2 + 1 + 1/2
        {NoteValue::HalfTriplet, 4, 3},    // 3 in the time of 2 halves (4 beats)
        {NoteValue::QuarterTriplet, 2, 3},
        {NoteValue::EighthTriplet, 1, 3},
        {NoteValue::SixteenthTriplet, 1, 6},
        {NoteValue{16, 0, 5, 4}, 1, 5},    // 5 sixteenths in the time of 4 (1 beat)
        {NoteValue{16, 0, 6, 4}, 1, 6},    // sextuplet: same as a sixteenth triplet
        {NoteValue{8, 0, 7, 4}, 2, 7},     // 7 eighths in the time of 4 (2 beats)
        {NoteValue{4, 1, 3, 2}, 1, 1},     // dotted quarter triplet: 3/2 * 2/3
        {NoteValue{8, 0, 2, 3}, 3, 4},     // duplet in 6/8: 2 eighths in the time of 3
    };
    for (const Row& r : rows) {
        EXPECT_EQ(r.value.beats(), (Fraction{r.num, r.den})) << r.value.name();
        EXPECT_DOUBLE_EQ(r.value.beats_double(), static_cast<double>(r.num) / static_cast<double>(r.den))
            << r.value.name();
    }
}

TEST(NoteValue, Parts) {
    const NoteValue v = NoteValue::Eighth.dotted().triplet();
    EXPECT_EQ(v.denominator(), 8);
    EXPECT_EQ(v.dots(), 1);
    EXPECT_TRUE(v.is_tuplet());
    EXPECT_TRUE(v.is_triplet());
    EXPECT_EQ(NoteValue::Quarter.tuplet(5, 4).tuplet_notes(), 5);
    EXPECT_EQ(NoteValue::Quarter.tuplet(5, 4).tuplet_span(), 4);
    // n == m is no tuplet at all.
    EXPECT_EQ(NoteValue(4, 0, 2, 2), NoteValue::Quarter);
    EXPECT_FALSE(NoteValue::Quarter.is_tuplet());
    // Same length, different spelling.
    EXPECT_NE(NoteValue(16, 0, 6, 4), NoteValue::SixteenthTriplet);
    EXPECT_EQ(NoteValue(16, 0, 6, 4).beats(), NoteValue::SixteenthTriplet.beats());
}

TEST(NoteValue, InvalidPartsThrow) {
    for (const int d : {0, 3, 5, 12, 128, -4}) {
        EXPECT_THROW((void)NoteValue{d}, cm::TheoryError) << d;
    }
    EXPECT_THROW((void)NoteValue(4, 4), cm::TheoryError);
    EXPECT_THROW((void)NoteValue(4, -1), cm::TheoryError);
    EXPECT_THROW((void)NoteValue(4, 0, 0, 2), cm::TheoryError);
    EXPECT_THROW((void)NoteValue(4, 0, 3, 129), cm::TheoryError);
    EXPECT_THROW((void)NoteValue(4, 3).dotted(), cm::TheoryError);
    try {
        (void)NoteValue{12};
        ADD_FAILURE();
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("1/12"), std::string::npos) << e.what();
    }
}

TEST(NoteValue, ParsesSymbolsAndWords) {
    struct Row {
        std::string_view text;
        NoteValue value;
    };
    const Row rows[] = {
        {"1/1", NoteValue::Whole},
        {"1/4", NoteValue::Quarter},
        {"1/8", NoteValue::Eighth},
        {"1/16", NoteValue::Sixteenth},
        {"1/64", NoteValue::SixtyFourth},
        {"1/8.", NoteValue::DottedEighth},
        {"1/8d", NoteValue::DottedEighth},
        {"1/2..", NoteValue(2, 2)},
        {"1/8t", NoteValue::EighthTriplet},
        {"1/8T", NoteValue::EighthTriplet},
        {"1/4.t", NoteValue(4, 1, 3, 2)},
        {"1/16(5:4)", NoteValue(16, 0, 5, 4)},
        {"  1/4  ", NoteValue::Quarter},
        {"quarter", NoteValue::Quarter},
        {"Quarter Note", NoteValue::Quarter},
        {"dotted eighth", NoteValue::DottedEighth},
        {"double dotted half", NoteValue(2, 2)},
        {"double-dotted half", NoteValue(2, 2)},
        {"triple dotted whole", NoteValue(1, 3)},
        {"eighth triplet", NoteValue::EighthTriplet},
        {"quarter note triplet", NoteValue::QuarterTriplet},
        {"sixteenth 5:4 tuplet", NoteValue(16, 0, 5, 4)},
        {"thirty-second", NoteValue::ThirtySecond},
        {"sixty-fourth", NoteValue::SixtyFourth},
        {"sixteenth", NoteValue::Sixteenth},
        {"whole", NoteValue::Whole},
    };
    for (const Row& r : rows) {
        EXPECT_EQ(NoteValue::from_name(r.text), r.value) << r.text;
        std::error_code ec = cm::Errc::InvalidState;
        EXPECT_EQ(NoteValue::from_name(r.text, ec), r.value) << r.text;
        EXPECT_FALSE(ec) << r.text;
    }
}

TEST(NoteValue, RejectsBadText) {
    for (const std::string_view bad :
         {"", "1/3", "1/128", "2/4", "1/", "/4", "1/4x", "1/8....", "1/16(5:)", "1/16(5:4", "quarters",
          "dotted", "quadruple dotted quarter", "eighth 5:4", "eighth triplets", "1/4 t", "quarternote"}) {
        try {
            (void)NoteValue::from_name(bad);
            ADD_FAILURE() << "expected TheoryError for \"" << bad << "\"";
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidFormat) << bad;
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(bad) + "\""), std::string::npos) << e.what();
        }
        std::error_code ec;
        EXPECT_EQ(NoteValue::from_name(bad, ec), NoteValue::Quarter) << bad;
        EXPECT_EQ(ec, cm::Errc::InvalidFormat) << bad;
    }
}

TEST(NoteValue, NamesAndSymbols) {
    struct Row {
        NoteValue value;
        std::string_view name;
        std::string_view symbol;
    };
    const Row rows[] = {
        {NoteValue::Quarter, "quarter", "1/4"},
        {NoteValue::DottedEighth, "dotted eighth", "1/8."},
        {NoteValue(2, 2), "double dotted half", "1/2.."},
        {NoteValue::EighthTriplet, "eighth triplet", "1/8t"},
        {NoteValue(16, 0, 5, 4), "sixteenth 5:4 tuplet", "1/16(5:4)"},
        {NoteValue::ThirtySecond, "thirty-second", "1/32"},
        {NoteValue(4, 1, 3, 2), "dotted quarter triplet", "1/4.t"},
    };
    for (const Row& r : rows) {
        EXPECT_EQ(r.value.name(), r.name);
        EXPECT_EQ(r.value.symbol(), r.symbol);
    }
    // Every spelling reads back.
    for (const int d : {1, 2, 4, 8, 16, 32, 64}) {
        for (int dots = 0; dots <= NoteValue::max_dots; ++dots) {
            for (const auto& [n, m] : {std::pair{1, 1}, std::pair{3, 2}, std::pair{5, 4}, std::pair{2, 3}}) {
                const NoteValue v{d, dots, n, m};
                EXPECT_EQ(NoteValue::from_name(v.name()), v) << v.name();
                EXPECT_EQ(NoteValue::from_name(v.symbol()), v) << v.symbol();
            }
        }
    }
}

TEST(NoteValue, TicksRoundHalfAwayFromZero) {
    // Hand-worked at 480 ppq.
    EXPECT_EQ(NoteValue::Quarter.ticks(480), 480);
    EXPECT_EQ(NoteValue::DottedEighth.ticks(480), 360);
    EXPECT_EQ(NoteValue::EighthTriplet.ticks(480), 160);
    EXPECT_EQ(NoteValue::SixtyFourth.ticks(480), 30);
    // Ties: a sixty-fourth at 8 ppq is half a tick -> 1, at 24 ppq 1.5 -> 2;
    // a 32nd triplet at 4 ppq is 4/12 = 0.33 -> 0; 5:4 sixteenth at 96 ppq
    // is 19.2 -> 19; a 64th triplet at 36 ppq is 36/24 = 1.5 -> 2.
    EXPECT_EQ(NoteValue::SixtyFourth.ticks(8), 1);
    EXPECT_EQ(NoteValue::SixtyFourth.ticks(24), 2);
    EXPECT_EQ(NoteValue(32, 0, 3, 2).ticks(4), 0);
    EXPECT_EQ(NoteValue(16, 0, 5, 4).ticks(96), 19);
    EXPECT_EQ(NoteValue(64, 0, 3, 2).ticks(36), 2);
    // The same rule as beats_to_ticks wherever the double is exact.
    for (const int d : {1, 2, 4, 8, 16, 32, 64}) {
        for (int dots = 0; dots <= 3; ++dots) {
            for (const int ppq : {1, 2, 3, 8, 24, 96, 480, 960}) {
                const NoteValue v{d, dots};
                EXPECT_EQ(v.ticks(ppq), cm::theory::beats_to_ticks(v.beats_double(), ppq)) << v.name() << ppq;
            }
        }
    }
    EXPECT_THROW((void)NoteValue::Quarter.ticks(0), cm::TheoryError);
}

} // namespace
