// The chord-type dictionary: every one of the 106 entries' name, aliases,
// intervals, quality and pitch-class set checked against tonal 6.4.3's
// ChordType dictionary (the table below is Tonal.ChordType.all() dumped by
// node), plus lookup by symbol, name and intervals, the named constants, and errors.
#include <coremusic/theory/chord_type.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using cm::theory::ChordType;
using cm::theory::Interval;
using cm::theory::Quality;
using Q = cm::theory::ChordQuality;

static_assert(ChordType::count == 106);
static_assert(ChordType{} == ChordType::Major);
static_assert(ChordType::find("m7b5") == ChordType::HalfDiminished7);
static_assert(ChordType::find("Dominant Seventh") == ChordType::Dominant7);
static_assert(ChordType::Major7.chroma() == 0b1000'1001'0001);  // bits 0 4 7 11

struct TonalRow {
    std::string_view name;
    std::vector<std::string_view> aliases;
    std::string_view intervals;  // tonal's notation: number then quality
    Q quality;
    std::string_view chroma;  // 12 characters, root first: '1' where the chord has the pitch class
};

// From tonal 6.4.3: Tonal.ChordType.all() -> name, aliases, intervals.join(' '), quality, chroma.
const TonalRow tonal_chord_types[] = {
    {"fifth", {"5"}, "1P 5P", Q::Unknown, "100000010000"},
    {"", {"M7#5sus4"}, "1P 4P 5A 7M", Q::Augmented, "100001001001"},
    {"", {"7#5sus4"}, "1P 4P 5A 7m", Q::Augmented, "100001001010"},
    {"suspended fourth", {"sus4", "sus"}, "1P 4P 5P", Q::Unknown, "100001010000"},
    {"", {"M7sus4"}, "1P 4P 5P 7M", Q::Unknown, "100001010001"},
    {"suspended fourth seventh", {"7sus4", "7sus"}, "1P 4P 5P 7m", Q::Unknown, "100001010010"},
    {"", {"7no5"}, "1P 3M 7m", Q::Major, "100010000010"},
    {"augmented", {"aug", "+", "+5", "^#5"}, "1P 3M 5A", Q::Augmented, "100010001000"},
    {"major seventh flat sixth", {"M7b6", "^7b6"}, "1P 3M 6m 7M", Q::Major, "100010001001"},
    {"augmented seventh", {"maj7#5", "maj7+5", "+maj7", "^7#5"}, "1P 3M 5A 7M", Q::Augmented, "100010001001"},
    {"", {"7#5", "+7", "7+", "7aug", "aug7"}, "1P 3M 5A 7m", Q::Augmented, "100010001010"},
    {"", {"7b13"}, "1P 3M 7m 13m", Q::Major, "100010001010"},
    {"major", {"M", "^", "", "maj"}, "1P 3M 5P", Q::Major, "100010010000"},
    {"major seventh", {"maj7", "Δ", "ma7", "M7", "Maj7", "^7"}, "1P 3M 5P 7M", Q::Major, "100010010001"},
    {"dominant seventh", {"7", "dom"}, "1P 3M 5P 7m", Q::Major, "100010010010"},
    {"sixth", {"6", "add6", "add13", "M6"}, "1P 3M 5P 6M", Q::Major, "100010010100"},
    {"", {"7add6", "67", "7add13"}, "1P 3M 5P 7m 13M", Q::Major, "100010010110"},
    {"", {"7b6"}, "1P 3M 5P 6m 7m", Q::Major, "100010011010"},
    {"", {"Mb5"}, "1P 3M 5d", Q::Major, "100010100000"},
    {"", {"M7b5"}, "1P 3M 5d 7M", Q::Major, "100010100001"},
    {"", {"7b5"}, "1P 3M 5d 7m", Q::Major, "100010100010"},
    {"major seventh sharp eleventh", {"maj#4", "Δ#4", "Δ#11", "M7#11", "^7#11", "maj7#11"}, "1P 3M 5P 7M 11A", Q::Major, "100010110001"},
    {"lydian dominant seventh", {"7#11", "7#4"}, "1P 3M 5P 7m 11A", Q::Major, "100010110010"},
    {"", {"M6#11", "M6b5", "6#11", "6b5"}, "1P 3M 5P 6M 11A", Q::Major, "100010110100"},
    {"", {"7#11b13", "7b5b13"}, "1P 3M 5P 7m 11A 13m", Q::Major, "100010111010"},
    {"minor augmented", {"m#5", "-#5", "m+"}, "1P 3m 5A", Q::Augmented, "100100001000"},
    {"", {"mb6M7"}, "1P 3m 6m 7M", Q::Minor, "100100001001"},
    {"", {"m7#5"}, "1P 3m 6m 7m", Q::Minor, "100100001010"},
    {"minor", {"m", "min", "-"}, "1P 3m 5P", Q::Minor, "100100010000"},
    {"minor/major seventh", {"m/ma7", "m/maj7", "mM7", "mMaj7", "m/M7", "-Δ7", "mΔ", "-^7", "-maj7"}, "1P 3m 5P 7M", Q::Minor, "100100010001"},
    {"minor seventh", {"m7", "min7", "mi7", "-7"}, "1P 3m 5P 7m", Q::Minor, "100100010010"},
    {"minor sixth", {"m6", "-6"}, "1P 3m 5P 6M", Q::Minor, "100100010100"},
    {"", {"mMaj7b6"}, "1P 3m 5P 6m 7M", Q::Minor, "100100011001"},
    {"diminished", {"dim", "°", "o"}, "1P 3m 5d", Q::Diminished, "100100100000"},
    {"", {"oM7"}, "1P 3m 5d 7M", Q::Diminished, "100100100001"},
    {"half-diminished", {"m7b5", "ø", "-7b5", "h7", "h"}, "1P 3m 5d 7m", Q::Diminished, "100100100010"},
    {"diminished seventh", {"dim7", "°7", "o7"}, "1P 3m 5d 7d", Q::Diminished, "100100100100"},
    {"", {"o7M7"}, "1P 3m 5d 6M 7M", Q::Diminished, "100100100101"},
    {"", {"4", "quartal"}, "1P 4P 7m 10m", Q::Unknown, "100101000010"},
    {"", {"madd4"}, "1P 3m 4P 5P", Q::Minor, "100101010000"},
    {"", {"m7add11", "m7add4"}, "1P 3m 5P 7m 11P", Q::Minor, "100101010010"},
    {"", {"+add#9"}, "1P 3M 5A 9A", Q::Augmented, "100110001000"},
    {"", {"7#5#9", "7#9#5", "7alt"}, "1P 3M 5A 7m 9A", Q::Augmented, "100110001010"},
    {"dominant sharp ninth", {"7#9"}, "1P 3M 5P 7m 9A", Q::Major, "100110010010"},
    {"", {"13#9"}, "1P 3M 5P 7m 9A 13M", Q::Major, "100110010110"},
    {"", {"7#9b13"}, "1P 3M 5P 7m 9A 13m", Q::Major, "100110011010"},
    {"", {"maj7#9#11"}, "1P 3M 5P 7M 9A 11A", Q::Major, "100110110001"},
    {"", {"7#9#11", "7b5#9", "7#9b5"}, "1P 3M 5P 7m 9A 11A", Q::Major, "100110110010"},
    {"", {"13#9#11"}, "1P 3M 5P 7m 9A 11A 13M", Q::Major, "100110110110"},
    {"", {"7#9#11b13"}, "1P 3M 5P 7m 9A 11A 13m", Q::Major, "100110111010"},
    {"suspended second", {"sus2"}, "1P 2M 5P", Q::Unknown, "101000010000"},
    {"", {"M9#5sus4"}, "1P 4P 5A 7M 9M", Q::Augmented, "101001001001"},
    {"", {"sus24", "sus4add9"}, "1P 2M 4P 5P", Q::Unknown, "101001010000"},
    {"", {"M9sus4"}, "1P 4P 5P 7M 9M", Q::Unknown, "101001010001"},
    {"eleventh", {"11"}, "1P 5P 7m 9M 11P", Q::Unknown, "101001010010"},
    {"", {"9sus4", "9sus"}, "1P 4P 5P 7m 9M", Q::Unknown, "101001010010"},
    {"", {"13sus4", "13sus"}, "1P 4P 5P 7m 9M 13M", Q::Unknown, "101001010110"},
    {"", {"9no5"}, "1P 3M 7m 9M", Q::Major, "101010000010"},
    {"", {"13no5"}, "1P 3M 7m 9M 13M", Q::Major, "101010000110"},
    {"", {"M#5add9", "+add9"}, "1P 3M 5A 9M", Q::Augmented, "101010001000"},
    {"", {"maj9#5", "Maj9#5"}, "1P 3M 5A 7M 9M", Q::Augmented, "101010001001"},
    {"", {"9#5", "9+"}, "1P 3M 5A 7m 9M", Q::Augmented, "101010001010"},
    {"", {"9b13"}, "1P 3M 7m 9M 13m", Q::Major, "101010001010"},
    {"", {"Madd9", "2", "add9", "add2"}, "1P 3M 5P 9M", Q::Major, "101010010000"},
    {"major ninth", {"maj9", "Δ9", "^9"}, "1P 3M 5P 7M 9M", Q::Major, "101010010001"},
    {"dominant ninth", {"9"}, "1P 3M 5P 7m 9M", Q::Major, "101010010010"},
    {"sixth added ninth", {"6add9", "6/9", "69", "M69"}, "1P 3M 5P 6M 9M", Q::Major, "101010010100"},
    {"major thirteenth", {"maj13", "Maj13", "^13"}, "1P 3M 5P 7M 9M 13M", Q::Major, "101010010101"},
    {"", {"M7add13"}, "1P 3M 5P 6M 7M 9M", Q::Major, "101010010101"},
    {"dominant thirteenth", {"13"}, "1P 3M 5P 7m 9M 13M", Q::Major, "101010010110"},
    {"", {"M9b5"}, "1P 3M 5d 7M 9M", Q::Major, "101010100001"},
    {"", {"9b5"}, "1P 3M 5d 7m 9M", Q::Major, "101010100010"},
    {"", {"13b5"}, "1P 3M 5d 6M 7m 9M", Q::Major, "101010100110"},
    {"", {"9#5#11"}, "1P 3M 5A 7m 9M 11A", Q::Augmented, "101010101010"},
    {"major sharp eleventh (lydian)", {"maj9#11", "Δ9#11", "^9#11"}, "1P 3M 5P 7M 9M 11A", Q::Major, "101010110001"},
    {"", {"9#11", "9+4", "9#4"}, "1P 3M 5P 7m 9M 11A", Q::Major, "101010110010"},
    {"", {"69#11"}, "1P 3M 5P 6M 9M 11A", Q::Major, "101010110100"},
    {"", {"M13#11", "maj13#11", "M13+4", "M13#4"}, "1P 3M 5P 7M 9M 11A 13M", Q::Major, "101010110101"},
    {"", {"13#11", "13+4", "13#4"}, "1P 3M 5P 7m 9M 11A 13M", Q::Major, "101010110110"},
    {"", {"9#11b13", "9b5b13"}, "1P 3M 5P 7m 9M 11A 13m", Q::Major, "101010111010"},
    {"", {"m9#5"}, "1P 3m 6m 7m 9M", Q::Minor, "101100001010"},
    {"", {"madd9"}, "1P 3m 5P 9M", Q::Minor, "101100010000"},
    {"minor/major ninth", {"mM9", "mMaj9", "-^9"}, "1P 3m 5P 7M 9M", Q::Minor, "101100010001"},
    {"minor ninth", {"m9", "-9"}, "1P 3m 5P 7m 9M", Q::Minor, "101100010010"},
    {"", {"m69", "-69"}, "1P 3m 5P 6M 9M", Q::Minor, "101100010100"},
    {"minor thirteenth", {"m13", "-13"}, "1P 3m 5P 7m 9M 13M", Q::Minor, "101100010110"},
    {"", {"mMaj9b6"}, "1P 3m 5P 6m 7M 9M", Q::Minor, "101100011001"},
    {"", {"m9b5"}, "1P 2M 3m 5d 7m", Q::Diminished, "101100100010"},
    {"", {"m11A"}, "1P 3m 5A 7m 9M 11P", Q::Augmented, "101101001010"},
    {"minor eleventh", {"m11", "-11"}, "1P 3m 5P 7m 9M 11P", Q::Minor, "101101010010"},
    {"suspended fourth flat ninth", {"b9sus", "phryg", "7b9sus", "7b9sus4"}, "1P 4P 5P 7m 9m", Q::Unknown, "110001010010"},
    {"", {"11b9"}, "1P 5P 7m 9m 11P", Q::Unknown, "110001010010"},
    {"", {"7sus4b9b13", "7b9b13sus4"}, "1P 4P 5P 7m 9m 13m", Q::Unknown, "110001011010"},
    {"altered", {"alt7"}, "1P 3M 7m 9m", Q::Major, "110010000010"},
    {"", {"7#5b9", "7b9#5"}, "1P 3M 5A 7m 9m", Q::Augmented, "110010001010"},
    {"", {"Maddb9"}, "1P 3M 5P 9m", Q::Major, "110010010000"},
    {"", {"M7b9"}, "1P 3M 5P 7M 9m", Q::Major, "110010010001"},
    {"dominant flat ninth", {"7b9"}, "1P 3M 5P 7m 9m", Q::Major, "110010010010"},
    {"", {"13b9"}, "1P 3M 5P 7m 9m 13M", Q::Major, "110010010110"},
    {"", {"7b9b13"}, "1P 3M 5P 7m 9m 13m", Q::Major, "110010011010"},
    {"", {"7#5b9#11"}, "1P 3M 5A 7m 9m 11A", Q::Augmented, "110010101010"},
    {"", {"7b9#11", "7b5b9", "7b9b5"}, "1P 3M 5P 7m 9m 11A", Q::Major, "110010110010"},
    {"", {"13b9#11"}, "1P 3M 5P 7m 9m 11A 13M", Q::Major, "110010110110"},
    {"", {"7b9b13#11", "7b9#11b13", "7b5b9b13"}, "1P 3M 5P 7m 9m 11A 13m", Q::Major, "110010111010"},
    {"", {"mb6b9"}, "1P 3m 6m 9m", Q::Minor, "110100001000"},
    {"", {"7b9#9"}, "1P 3M 5P 7m 9m 9A", Q::Major, "110110010010"},
};

// tonal's spelling of an interval: number, then quality ("3M", "5d", "9A").
std::string tonal_interval(Interval i) {
    std::string q = i.name();
    std::size_t digits = 0;
    while (digits < q.size() && (q[q.size() - 1 - digits] >= '0' && q[q.size() - 1 - digits] <= '9')) {
        ++digits;
    }
    return q.substr(q.size() - digits) + q.substr(0, q.size() - digits);
}

TEST(ChordType, EveryTypeMatchesTonal) {
    ASSERT_EQ(std::size(tonal_chord_types), ChordType::count);
    const auto all = ChordType::all();
    for (std::size_t i = 0; i < ChordType::count; ++i) {
        const TonalRow& row = tonal_chord_types[i];
        const ChordType t = all[i];
        SCOPED_TRACE(std::string(row.aliases.front()));
        EXPECT_EQ(t.index(), i);
        EXPECT_EQ(t.name(), row.name);
        ASSERT_EQ(t.aliases().size(), row.aliases.size());
        for (std::size_t a = 0; a < row.aliases.size(); ++a) {
            EXPECT_EQ(t.aliases()[a], row.aliases[a]);
        }
        // Ours prints the major triad as "" (C, not CM); every other symbol is tonal's first alias.
        EXPECT_EQ(t.symbol(), row.aliases.front() == "M" ? std::string_view{} : row.aliases.front());
        std::string intervals;
        for (const Interval iv : t.intervals()) {
            intervals += (intervals.empty() ? "" : " ") + tonal_interval(iv);
        }
        EXPECT_EQ(intervals, row.intervals);
        EXPECT_EQ(t.size(), t.intervals().size());
        EXPECT_EQ(t.quality(), row.quality);
        std::string chroma;
        for (int pc = 0; pc < 12; ++pc) {
            chroma += t.has_semitone(pc) ? '1' : '0';
            EXPECT_EQ(t.has_semitone(pc), ((t.chroma() >> static_cast<unsigned>(pc)) & 1u) != 0);
        }
        EXPECT_EQ(chroma, row.chroma);
        EXPECT_EQ(ChordType::from_index(i), t);
    }
}

TEST(ChordType, EveryAliasAndNameFindsItsType) {
    for (const TonalRow& row : tonal_chord_types) {
        const auto t = ChordType::find(row.aliases.front());
        ASSERT_TRUE(t.has_value()) << row.aliases.front();
        for (const std::string_view a : row.aliases) {
            EXPECT_EQ(ChordType::find(a), t) << a;
            EXPECT_EQ(ChordType::from_name(a), *t) << a;
        }
        if (!row.name.empty()) {
            EXPECT_EQ(ChordType::find(row.name), t) << row.name;
            std::string upper(row.name);
            for (char& c : upper) {
                c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
            }
            EXPECT_EQ(ChordType::find("  " + upper + " "), t) << upper;
        }
        EXPECT_EQ(ChordType::from_intervals(t->intervals()), t);
    }
    // Symbols compare exactly: M7 is major seventh, m7 minor seventh.
    EXPECT_EQ(ChordType::find("M7"), ChordType::Major7);
    EXPECT_EQ(ChordType::find("m7"), ChordType::Minor7);
    EXPECT_EQ(ChordType::find(""), ChordType::Major);
}

TEST(ChordType, SixPairsShareAChromaAndDifferInSpelling) {
    // From tonal 6.4.3: ChordType.all() grouped by chroma, the groups of two.
    const std::string_view pairs[][2] = {
        {"M7b6", "maj7#5"}, {"7#5", "7b13"},        {"11", "9sus4"},
        {"9#5", "9b13"},    {"maj13", "M7add13"},   {"b9sus", "11b9"},
    };
    std::size_t sharing = 0;
    const auto all = ChordType::all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (std::size_t j = i + 1; j < all.size(); ++j) {
            sharing += all[i].chroma() == all[j].chroma() ? 1u : 0u;
        }
    }
    EXPECT_EQ(sharing, std::size(pairs));
    for (const auto& p : pairs) {
        const ChordType a = ChordType::from_name(p[0]);
        const ChordType b = ChordType::from_name(p[1]);
        EXPECT_EQ(a.chroma(), b.chroma()) << p[0];
        EXPECT_NE(a, b);
        EXPECT_EQ(ChordType::from_intervals(a.intervals()), a);
        EXPECT_EQ(ChordType::from_intervals(b.intervals()), b);
    }
}

TEST(ChordType, FromIntervals) {
    using cm::theory::Quality;
    const Interval dom7[] = {Interval{Quality::Minor, 7}, Interval{Quality::Perfect, 1}, Interval{Quality::Major, 3},
                             Interval{Quality::Perfect, 5}};
    EXPECT_EQ(ChordType::from_intervals(dom7), ChordType::Dominant7);  // any order
    const Interval aug_maj7[] = {Interval{Quality::Perfect, 1}, Interval{Quality::Major, 3},
                                 Interval{Quality::Augmented, 5}, Interval{Quality::Major, 7}};
    EXPECT_EQ(ChordType::from_intervals(aug_maj7), ChordType::AugmentedMajor7);
    const Interval none[] = {Interval{Quality::Perfect, 1}, Interval{Quality::Major, 2}};
    EXPECT_FALSE(ChordType::from_intervals(none).has_value());
}

TEST(ChordType, NamedConstants) {
    struct Named {
        ChordType type;
        std::string_view intervals;
    };
    // Hand-checked: the usual spellings of these chords.
    const Named named[] = {
        {ChordType::Major, "1P 3M 5P"},           {ChordType::Minor, "1P 3m 5P"},
        {ChordType::Diminished, "1P 3m 5d"},      {ChordType::Augmented, "1P 3M 5A"},
        {ChordType::Sus2, "1P 2M 5P"},            {ChordType::Sus4, "1P 4P 5P"},
        {ChordType::Power, "1P 5P"},              {ChordType::Major6, "1P 3M 5P 6M"},
        {ChordType::Minor6, "1P 3m 5P 6M"},       {ChordType::SixNine, "1P 3M 5P 6M 9M"},
        {ChordType::Major7, "1P 3M 5P 7M"},       {ChordType::Minor7, "1P 3m 5P 7m"},
        {ChordType::Dominant7, "1P 3M 5P 7m"},    {ChordType::HalfDiminished7, "1P 3m 5d 7m"},
        {ChordType::Diminished7, "1P 3m 5d 7d"},  {ChordType::MinorMajor7, "1P 3m 5P 7M"},
        {ChordType::Augmented7, "1P 3M 5A 7m"},   {ChordType::AugmentedMajor7, "1P 3M 5A 7M"},
        {ChordType::Dominant7Sus4, "1P 4P 5P 7m"}, {ChordType::Dominant7Flat5, "1P 3M 5d 7m"},
        {ChordType::Dominant7Flat9, "1P 3M 5P 7m 9m"}, {ChordType::Dominant7Sharp9, "1P 3M 5P 7m 9A"},
        {ChordType::Dominant7Sharp11, "1P 3M 5P 7m 11A"}, {ChordType::Add9, "1P 3M 5P 9M"},
        {ChordType::MinorAdd9, "1P 3m 5P 9M"},    {ChordType::Major9, "1P 3M 5P 7M 9M"},
        {ChordType::Minor9, "1P 3m 5P 7m 9M"},    {ChordType::Dominant9, "1P 3M 5P 7m 9M"},
        {ChordType::Major7Sharp11, "1P 3M 5P 7M 11A"}, {ChordType::Dominant11, "1P 5P 7m 9M 11P"},
        {ChordType::Minor11, "1P 3m 5P 7m 9M 11P"}, {ChordType::Major13, "1P 3M 5P 7M 9M 13M"},
        {ChordType::Minor13, "1P 3m 5P 7m 9M 13M"}, {ChordType::Dominant13, "1P 3M 5P 7m 9M 13M"},
    };
    for (const Named& n : named) {
        std::string intervals;
        for (const Interval iv : n.type.intervals()) {
            intervals += (intervals.empty() ? "" : " ") + tonal_interval(iv);
        }
        EXPECT_EQ(intervals, n.intervals) << n.type.symbol();
    }
    EXPECT_EQ(ChordType::Major.symbol(), "");
    EXPECT_EQ(ChordType::HalfDiminished7.name(), "half-diminished");
    EXPECT_EQ(ChordType::Dominant7.quality(), Q::Major);
    EXPECT_EQ(ChordType::Sus4.quality(), Q::Unknown);
}

TEST(ChordType, Errors) {
    const std::string_view bad[] = {"xyz", "M8", "dominant", "maj 7"};
    for (const std::string_view b : bad) {
        try {
            (void)ChordType::from_name(b);
            ADD_FAILURE() << "expected TheoryError for " << b;
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(b) + "\""), std::string::npos) << e.what();
        }
        std::error_code ec;
        EXPECT_EQ(ChordType::from_name(b, ec), ChordType::Major);
        EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    }
    std::error_code ec = cm::Errc::InvalidState;
    EXPECT_EQ(ChordType::from_name("m7", ec), ChordType::Minor7);
    EXPECT_FALSE(ec);
    EXPECT_THROW((void)ChordType::from_index(ChordType::count), cm::TheoryError);
}

} // namespace
