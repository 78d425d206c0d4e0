// The scale-type dictionary: every one of the 92 entries' name, aliases,
// intervals and pitch-class set checked against tonal 6.4.3's ScaleType
// dictionary (the table below is Tonal.ScaleType.all() dumped by node), plus
// lookup by name and alias, the seed's named constants, and errors.
#include <coremusic/theory/scale_type.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using cm::theory::Interval;
using cm::theory::Quality;
using cm::theory::ScaleType;

static_assert(ScaleType::count == 92);
static_assert(ScaleType{} == ScaleType::Major);
static_assert(ScaleType::Dorian.name() == "dorian");
static_assert(ScaleType::find("Harmonic Minor") == ScaleType::HarmonicMinor);
static_assert(ScaleType::Major.chroma() == 0b1010'1011'0101);

struct TonalRow {
    std::string_view name;
    std::vector<std::string_view> aliases;
    std::string_view intervals;  // tonal's notation: number then quality
    std::string_view chroma;     // 12 characters, C first: '1' where the scale has the pitch class
};

// From tonal 6.4.3: Tonal.ScaleType.all() -> name, aliases, intervals.join(' '), chroma.
const TonalRow tonal_scale_types[] = {
    {"major pentatonic", {"pentatonic"}, "1P 2M 3M 5P 6M", "101010010100"},
    {"major", {"ionian"}, "1P 2M 3M 4P 5P 6M 7M", "101011010101"},
    {"minor", {"aeolian"}, "1P 2M 3m 4P 5P 6m 7m", "101101011010"},
    {"major blues", {}, "1P 2M 3m 3M 5P 6M", "101110010100"},
    {"minor blues", {"blues"}, "1P 3m 4P 5d 5P 7m", "100101110010"},
    {"melodic minor", {}, "1P 2M 3m 4P 5P 6M 7M", "101101010101"},
    {"harmonic minor", {}, "1P 2M 3m 4P 5P 6m 7M", "101101011001"},
    {"bebop", {}, "1P 2M 3M 4P 5P 6M 7m 7M", "101011010111"},
    {"diminished", {"whole-half diminished"}, "1P 2M 3m 4P 5d 6m 6M 7M", "101101101101"},
    {"dorian", {}, "1P 2M 3m 4P 5P 6M 7m", "101101010110"},
    {"lydian", {}, "1P 2M 3M 4A 5P 6M 7M", "101010110101"},
    {"mixolydian", {"dominant"}, "1P 2M 3M 4P 5P 6M 7m", "101011010110"},
    {"phrygian", {}, "1P 2m 3m 4P 5P 6m 7m", "110101011010"},
    {"locrian", {}, "1P 2m 3m 4P 5d 6m 7m", "110101101010"},
    {"ionian pentatonic", {}, "1P 3M 4P 5P 7M", "100011010001"},
    {"mixolydian pentatonic", {"indian"}, "1P 3M 4P 5P 7m", "100011010010"},
    {"ritusen", {}, "1P 2M 4P 5P 6M", "101001010100"},
    {"egyptian", {}, "1P 2M 4P 5P 7m", "101001010010"},
    {"neapolitan major pentatonic", {}, "1P 3M 4P 5d 7m", "100011100010"},
    {"vietnamese 1", {}, "1P 3m 4P 5P 6m", "100101011000"},
    {"pelog", {}, "1P 2m 3m 5P 6m", "110100011000"},
    {"kumoijoshi", {}, "1P 2m 4P 5P 6m", "110001011000"},
    {"hirajoshi", {}, "1P 2M 3m 5P 6m", "101100011000"},
    {"iwato", {}, "1P 2m 4P 5d 7m", "110001100010"},
    {"in-sen", {}, "1P 2m 4P 5P 7m", "110001010010"},
    {"lydian pentatonic", {"chinese"}, "1P 3M 4A 5P 7M", "100010110001"},
    {"malkos raga", {}, "1P 3m 4P 6m 7m", "100101001010"},
    {"locrian pentatonic", {"minor seven flat five pentatonic"}, "1P 3m 4P 5d 7m", "100101100010"},
    {"minor pentatonic", {"vietnamese 2"}, "1P 3m 4P 5P 7m", "100101010010"},
    {"minor six pentatonic", {}, "1P 3m 4P 5P 6M", "100101010100"},
    {"flat three pentatonic", {"kumoi"}, "1P 2M 3m 5P 6M", "101100010100"},
    {"flat six pentatonic", {}, "1P 2M 3M 5P 6m", "101010011000"},
    {"scriabin", {}, "1P 2m 3M 5P 6M", "110010010100"},
    {"whole tone pentatonic", {}, "1P 3M 5d 6m 7m", "100010101010"},
    {"lydian #5p pentatonic", {}, "1P 3M 4A 5A 7M", "100010101001"},
    {"lydian dominant pentatonic", {}, "1P 3M 4A 5P 7m", "100010110010"},
    {"minor #7m pentatonic", {}, "1P 3m 4P 5P 7M", "100101010001"},
    {"super locrian pentatonic", {}, "1P 3m 4d 5d 7m", "100110100010"},
    {"minor hexatonic", {}, "1P 2M 3m 4P 5P 7M", "101101010001"},
    {"augmented", {}, "1P 2A 3M 5P 5A 7M", "100110011001"},
    {"piongio", {}, "1P 2M 4P 5P 6M 7m", "101001010110"},
    {"prometheus neapolitan", {}, "1P 2m 3M 4A 6M 7m", "110010100110"},
    {"prometheus", {}, "1P 2M 3M 4A 6M 7m", "101010100110"},
    {"mystery #1", {}, "1P 2m 3M 5d 6m 7m", "110010101010"},
    {"six tone symmetric", {}, "1P 2m 3M 4P 5A 6M", "110011001100"},
    {"whole tone", {"messiaen's mode #1"}, "1P 2M 3M 4A 5A 6A", "101010101010"},
    {"messiaen's mode #5", {}, "1P 2m 4P 4A 5P 7M", "110001110001"},
    {"locrian major", {"arabian"}, "1P 2M 3M 4P 5d 6m 7m", "101011101010"},
    {"double harmonic lydian", {}, "1P 2m 3M 4A 5P 6m 7M", "110010111001"},
    {"altered", {"super locrian", "diminished whole tone", "pomeroy"}, "1P 2m 2A 3M 4A 6m 7m", "110110101010"},
    {"locrian #2", {"half-diminished", "aeolian b5"}, "1P 2M 3m 4P 5d 6m 7m", "101101101010"},
    {"mixolydian b6", {"melodic minor fifth mode", "hindu"}, "1P 2M 3M 4P 5P 6m 7m", "101011011010"},
    {"lydian dominant", {"lydian b7", "overtone"}, "1P 2M 3M 4A 5P 6M 7m", "101010110110"},
    {"lydian augmented", {}, "1P 2M 3M 4A 5A 6M 7M", "101010101101"},
    {"dorian b2", {"phrygian #6", "melodic minor second mode"}, "1P 2m 3m 4P 5P 6M 7m", "110101010110"},
    {"ultralocrian", {"superlocrian bb7", "superlocrian diminished"}, "1P 2m 3m 4d 5d 6m 7d", "110110101100"},
    {"locrian 6", {"locrian natural 6", "locrian sharp 6"}, "1P 2m 3m 4P 5d 6M 7m", "110101100110"},
    {"augmented heptatonic", {}, "1P 2A 3M 4P 5P 5A 7M", "100111011001"},
    {"dorian #4", {"ukrainian dorian", "romanian minor", "altered dorian"}, "1P 2M 3m 4A 5P 6M 7m", "101100110110"},
    {"lydian diminished", {}, "1P 2M 3m 4A 5P 6M 7M", "101100110101"},
    {"leading whole tone", {}, "1P 2M 3M 4A 5A 7m 7M", "101010101011"},
    {"lydian minor", {}, "1P 2M 3M 4A 5P 6m 7m", "101010111010"},
    {"phrygian dominant", {"spanish", "phrygian major"}, "1P 2m 3M 4P 5P 6m 7m", "110011011010"},
    {"balinese", {}, "1P 2m 3m 4P 5P 6m 7M", "110101011001"},
    {"neapolitan major", {}, "1P 2m 3m 4P 5P 6M 7M", "110101010101"},
    {"harmonic major", {}, "1P 2M 3M 4P 5P 6m 7M", "101011011001"},
    {"double harmonic major", {"gypsy"}, "1P 2m 3M 4P 5P 6m 7M", "110011011001"},
    {"hungarian minor", {}, "1P 2M 3m 4A 5P 6m 7M", "101100111001"},
    {"hungarian major", {}, "1P 2A 3M 4A 5P 6M 7m", "100110110110"},
    {"oriental", {}, "1P 2m 3M 4P 5d 6M 7m", "110011100110"},
    {"flamenco", {}, "1P 2m 3m 3M 4A 5P 7m", "110110110010"},
    {"todi raga", {}, "1P 2m 3m 4A 5P 6m 7M", "110100111001"},
    {"persian", {}, "1P 2m 3M 4P 5d 6m 7M", "110011101001"},
    {"enigmatic", {}, "1P 2m 3M 5d 6m 7m 7M", "110010101011"},
    {"major augmented", {"major #5", "ionian augmented", "ionian #5"}, "1P 2M 3M 4P 5A 6M 7M", "101011001101"},
    {"lydian #9", {}, "1P 2A 3M 4A 5P 6M 7M", "100110110101"},
    {"messiaen's mode #4", {}, "1P 2m 2M 4P 4A 5P 6m 7M", "111001111001"},
    {"purvi raga", {}, "1P 2m 3M 4P 4A 5P 6m 7M", "110011111001"},
    {"spanish heptatonic", {}, "1P 2m 3m 3M 4P 5P 6m 7m", "110111011010"},
    {"bebop minor", {}, "1P 2M 3m 3M 4P 5P 6M 7m", "101111010110"},
    {"bebop major", {}, "1P 2M 3M 4P 5P 5A 6M 7M", "101011011101"},
    {"bebop locrian", {}, "1P 2m 3m 4P 5d 5P 6m 7m", "110101111010"},
    {"minor bebop", {}, "1P 2M 3m 4P 5P 6m 7m 7M", "101101011011"},
    {"ichikosucho", {}, "1P 2M 3M 4P 5d 5P 6M 7M", "101011110101"},
    {"minor six diminished", {}, "1P 2M 3m 4P 5P 6m 6M 7M", "101101011101"},
    {"half-whole diminished", {"dominant diminished", "messiaen's mode #2"}, "1P 2m 3m 3M 4A 5P 6M 7m", "110110110110"},
    {"kafi raga", {}, "1P 3m 3M 4P 5P 6M 7m 7M", "100111010111"},
    {"messiaen's mode #6", {}, "1P 2M 3M 4P 4A 5A 6A 7M", "101011101011"},
    {"composite blues", {}, "1P 2M 3m 3M 4P 5d 5P 6M 7m", "101111110110"},
    {"messiaen's mode #3", {}, "1P 2M 3m 3M 4A 5P 6m 7m 7M", "101110111011"},
    {"messiaen's mode #7", {}, "1P 2m 2M 3m 4P 4A 5P 6m 6M 7M", "111101111101"},
    {"chromatic", {}, "1P 2m 2M 3m 3M 4P 5d 5P 6m 6M 7m 7M", "111111111111"},
};

std::string tonal_interval(Interval i) {
    std::string q;
    switch (i.quality()) {
    case Quality::DoublyDiminished: q = "dd"; break;
    case Quality::Diminished: q = "d"; break;
    case Quality::Minor: q = "m"; break;
    case Quality::Perfect: q = "P"; break;
    case Quality::Major: q = "M"; break;
    case Quality::Augmented: q = "A"; break;
    case Quality::DoublyAugmented: q = "AA"; break;
    }
    return std::to_string(i.number()) + q;
}

TEST(ScaleType, EveryEntryMatchesTonal) {
    ASSERT_EQ(std::size(tonal_scale_types), ScaleType::count);
    const auto all = ScaleType::all();
    for (std::size_t k = 0; k < ScaleType::count; ++k) {
        const TonalRow& row = tonal_scale_types[k];
        const ScaleType t = all[k];
        SCOPED_TRACE(std::string(row.name));
        EXPECT_EQ(t.index(), k);
        EXPECT_EQ(t.name(), row.name);
        ASSERT_EQ(t.aliases().size(), row.aliases.size());
        for (std::size_t a = 0; a < row.aliases.size(); ++a) {
            EXPECT_EQ(t.aliases()[a], row.aliases[a]);
        }
        std::string intervals;
        for (const Interval i : t.intervals()) {
            intervals += (intervals.empty() ? "" : " ") + tonal_interval(i);
        }
        EXPECT_EQ(intervals, row.intervals);
        EXPECT_EQ(t.size(), t.intervals().size());
        std::string chroma;
        for (int pc = 0; pc < 12; ++pc) {
            chroma += t.has_semitone(pc) ? '1' : '0';
        }
        EXPECT_EQ(chroma, row.chroma);
        // Every name and alias finds this entry, in any case.
        EXPECT_EQ(ScaleType::from_name(row.name), t);
        for (const std::string_view alias : row.aliases) {
            EXPECT_EQ(ScaleType::from_name(alias), t) << alias;
            std::string upper(alias);
            for (char& c : upper) {
                if (c >= 'a' && c <= 'z') {
                    c = static_cast<char>(c - 'a' + 'A');
                }
            }
            EXPECT_EQ(ScaleType::find(upper), t) << upper;
        }
    }
}

TEST(ScaleType, IntervalsStartWithUnisonAndAscend) {
    for (const ScaleType t : ScaleType::all()) {
        ASSERT_FALSE(t.intervals().empty());
        EXPECT_EQ(t.intervals()[0], (Interval{Quality::Perfect, 1})) << t.name();
        for (std::size_t i = 1; i < t.size(); ++i) {
            EXPECT_LT(t.intervals()[i - 1].semitones(), t.intervals()[i].semitones()) << t.name();
        }
    }
}

TEST(ScaleType, SeedNames) {
    struct Named {
        ScaleType type;
        std::string_view name;
    };
    const Named named[] = {
        {ScaleType::Major, "major"},
        {ScaleType::Ionian, "major"},
        {ScaleType::Minor, "minor"},
        {ScaleType::NaturalMinor, "minor"},
        {ScaleType::Aeolian, "minor"},
        {ScaleType::Dorian, "dorian"},
        {ScaleType::Phrygian, "phrygian"},
        {ScaleType::Lydian, "lydian"},
        {ScaleType::Mixolydian, "mixolydian"},
        {ScaleType::Locrian, "locrian"},
        {ScaleType::HarmonicMinor, "harmonic minor"},
        {ScaleType::MelodicMinor, "melodic minor"},
        {ScaleType::HarmonicMajor, "harmonic major"},
        {ScaleType::PentatonicMajor, "major pentatonic"},
        {ScaleType::PentatonicMinor, "minor pentatonic"},
        {ScaleType::BluesMinor, "minor blues"},
        {ScaleType::BluesMajor, "major blues"},
        {ScaleType::HungarianMinor, "hungarian minor"},
        {ScaleType::HungarianMajor, "hungarian major"},
        {ScaleType::PhrygianDominant, "phrygian dominant"},
        {ScaleType::LydianDominant, "lydian dominant"},
        {ScaleType::Altered, "altered"},
        {ScaleType::DoubleHarmonic, "double harmonic major"},
        {ScaleType::Bebop, "bebop"},
        {ScaleType::Diminished, "diminished"},
        {ScaleType::HalfWholeDiminished, "half-whole diminished"},
        {ScaleType::WholeTone, "whole tone"},
        {ScaleType::Chromatic, "chromatic"},
    };
    for (const Named& n : named) {
        EXPECT_EQ(n.type.name(), n.name);
    }
    // Hand-checked sizes: 7 for the church modes, 5 for pentatonics, 6 for
    // whole tone and the blues, 12 for chromatic.
    EXPECT_EQ(ScaleType::Dorian.size(), 7U);
    EXPECT_EQ(ScaleType::PentatonicMinor.size(), 5U);
    EXPECT_EQ(ScaleType::WholeTone.size(), 6U);
    EXPECT_EQ(ScaleType::BluesMinor.size(), 6U);
    EXPECT_EQ(ScaleType::Chromatic.size(), 12U);
}

TEST(ScaleType, LookupIgnoresCaseAndSpaces) {
    EXPECT_EQ(ScaleType::from_name("dorian"), ScaleType::Dorian);
    EXPECT_EQ(ScaleType::from_name("DORIAN"), ScaleType::Dorian);
    EXPECT_EQ(ScaleType::from_name("  Aeolian "), ScaleType::Minor);
    EXPECT_EQ(ScaleType::from_name("Blues"), ScaleType::BluesMinor);
    EXPECT_EQ(ScaleType::from_name("super locrian"), ScaleType::Altered);
    EXPECT_EQ(ScaleType::from_name("Messiaen's Mode #1"), ScaleType::WholeTone);
    EXPECT_FALSE(ScaleType::find("dorian b9").has_value());
    EXPECT_FALSE(ScaleType::find("").has_value());
}

TEST(ScaleType, UnknownNameIsAnError) {
    try {
        (void)ScaleType::from_name("dorain");
        FAIL() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("\"dorain\""), std::string::npos) << e.what();
    }
    std::error_code ec;
    EXPECT_EQ(ScaleType::from_name("dorain", ec), ScaleType::Major);
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    EXPECT_EQ(ScaleType::from_name("lydian", ec), ScaleType::Lydian);
    EXPECT_FALSE(ec);
    EXPECT_THROW((void)ScaleType::from_index(ScaleType::count), cm::TheoryError);
}

} // namespace
