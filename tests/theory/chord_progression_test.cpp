// Chord progressions from roman numerals: hand-checked progressions in major
// and minor keys, tonal 6.4.3's Progression.fromRomanNumerals for numerals it
// reads as standard practice does, error reporting, and analysis back to numerals.
#include <coremusic/theory/chord_progression.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using cm::theory::Chord;
using cm::theory::ChordProgression;
using cm::theory::ChordType;
using cm::theory::Key;
using cm::theory::KeyMode;
using cm::theory::Note;
using cm::theory::RomanNumeral;

Note n(std::string_view name) { return Note::from_name(name); }

std::string pc(Note note) {
    std::string s = note.name();
    while (s.size() > 1 && ((s.back() >= '0' && s.back() <= '9') || s.back() == '-')) {
        s.pop_back();
    }
    return s;
}

// Root, ':', the type's first dictionary alias, and "/bass": the form the
// tonal rows below are written in ("G:7", "D:m/F").
std::string describe(const ChordProgression& p) {
    std::string out;
    for (const Chord& c : p.chords()) {
        out += (out.empty() ? "" : " ") + pc(c.root()) + ":" + std::string(c.type().aliases()[0]);
        if (c.bass()) {
            out += "/" + pc(*c.bass());
        }
    }
    return out;
}

TEST(ChordProgression, FromRomanByKeyName) {
    // The seed README's example: I vi IV V in C is C Am F G.
    const ChordProgression p = ChordProgression::from_roman("C", {"I", "vi", "IV", "V"});
    ASSERT_EQ(p.size(), 4u);
    EXPECT_EQ(p.chords(), (std::vector<Chord>{Chord{n("C4"), ChordType::Major}, Chord{n("A4"), ChordType::Minor},
                                              Chord{n("F4"), ChordType::Major}, Chord{n("G4"), ChordType::Major}}));
    EXPECT_EQ(p[1], (Chord{n("A4"), ChordType::Minor}));
    EXPECT_FALSE(p.empty());
    EXPECT_EQ(p, ChordProgression::from_roman(Key::from_name("C major"), {"I", "vi", "IV", "V"}));
}

// Hand-checked progressions (textbook cadences and sequences).
TEST(ChordProgression, HandChecked) {
    struct Row {
        std::string_view key;
        std::vector<std::string_view> numerals;
        std::string_view chords;
    };
    const Row rows[] = {
        {"C major", {"I", "IV", "V7", "I"}, "C:M F:M G:7 C:M"},
        {"C major", {"ii65", "V7", "I"}, "D:m7/F G:7 C:M"},
        {"C major", {"I", "I6", "IV", "Cad64", "V7", "I"}, "C:M C:M/E F:M C:M/G G:7 C:M"},
        {"C major", {"I", "V7/IV", "IV", "V7/V", "V", "I"}, "C:M C:7 F:M D:7 G:M C:M"},
        {"C major", {"I", "viio7/ii", "ii", "V43", "I6"}, "C:M C#:dim7 D:m G:7/D C:M/E"},
        {"C major", {"I", "bVI", "bVII", "I"}, "C:M Ab:M Bb:M C:M"},
        {"C major", {"N6", "V7", "I"}, "Db:M/F G:7 C:M"},
        {"A minor", {"i", "iv", "V"}, "A:m D:m E:M"},
        {"A minor", {"i", "iiø65", "V7", "i"}, "A:m B:m7b5/D E:7 A:m"},
        {"A minor", {"i", "VI", "III", "VII"}, "A:m F:M C:M G:M"},
        {"A minor", {"i", "bVI", "bVII", "i"}, "A:m F:M G:M A:m"},
        {"A minor", {"i", "vii°7", "i6", "bII6", "V"}, "A:m G#:dim7 A:m/C Bb:M/D E:M"},
        {"E minor", {"i", "V/III", "III", "V7", "i"}, "E:m D:M G:M B:7 E:m"},
        {"f# harmonic minor", {"i", "iv6", "V", "i"}, "F#:m B:m/D C#:M F#:m"},
        {"Eb", {"I", "vi", "ii", "V7"}, "Eb:M C:m F:m Bb:7"},
    };
    for (const Row& r : rows) {
        const ChordProgression p = ChordProgression::from_roman(r.key, std::span<const std::string_view>{r.numerals});
        EXPECT_EQ(describe(p), r.chords) << r.key;
    }
}

struct TonalRow {
    std::string_view tonic;
    std::string_view numerals;
    std::string_view chords;
};

// From tonal 6.4.3: Tonal.Progression.fromRomanNumerals(tonic, numerals), each
// read back with Tonal.Chord.get -> tonic + ":" + aliases[0] (dump script
// tests/oracle/tonal/progressions_upper.js), for numerals tonal reads as standard practice does.
const TonalRow tonal_rows[] = {
    {"C", "I IV V7 I", "C:M F:M G:7 C:M"},
    {"Eb", "I IV V7 I", "Eb:M Ab:M Bb:7 Eb:M"},
    {"F#", "I IV V7 I", "F#:M B:M C#:7 F#:M"},
    {"Ab", "I IV V7 I", "Ab:M Db:M Eb:7 Ab:M"},
    {"C", "I bVII IV I", "C:M Bb:M F:M C:M"},
    {"Eb", "I bVII IV I", "Eb:M Db:M Ab:M Eb:M"},
    {"F#", "I bVII IV I", "F#:M E:M B:M F#:M"},
    {"Ab", "I bVII IV I", "Ab:M Gb:M Db:M Ab:M"},
    {"C", "Imaj7 bIIImaj7 bVImaj7 bII7", "C:maj7 Eb:maj7 Ab:maj7 Db:7"},
    {"Eb", "Imaj7 bIIImaj7 bVImaj7 bII7", "Eb:maj7 Gb:maj7 Cb:maj7 Fb:7"},
    {"F#", "Imaj7 bIIImaj7 bVImaj7 bII7", "F#:maj7 A:maj7 D:maj7 G:7"},
    {"Ab", "Imaj7 bIIImaj7 bVImaj7 bII7", "Ab:maj7 Cb:maj7 Fb:maj7 Bbb:7"},
    {"C", "I II7 V7 I", "C:M D:7 G:7 C:M"},
    {"Eb", "I II7 V7 I", "Eb:M F:7 Bb:7 Eb:M"},
    {"F#", "I II7 V7 I", "F#:M G#:7 C#:7 F#:M"},
    {"Ab", "I II7 V7 I", "Ab:M Bb:7 Eb:7 Ab:M"},
    {"C", "I bVI bVII I", "C:M Ab:M Bb:M C:M"},
    {"Eb", "I bVI bVII I", "Eb:M Cb:M Db:M Eb:M"},
    {"F#", "I bVI bVII I", "F#:M D:M E:M F#:M"},
    {"Ab", "I bVI bVII I", "Ab:M Fb:M Gb:M Ab:M"},
    {"C", "IVmaj7 vii°7 III7 VI7", "F:maj7 B:dim7 E:7 A:7"},
    {"Eb", "IVmaj7 vii°7 III7 VI7", "Ab:maj7 D:dim7 G:7 C:7"},
    {"F#", "IVmaj7 vii°7 III7 VI7", "B:maj7 E#:dim7 A#:7 D#:7"},
    {"Ab", "IVmaj7 vii°7 III7 VI7", "Db:maj7 G:dim7 C:7 F:7"},
};

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = std::min(text.find(' ', i), text.size());
        out.push_back(text.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

TEST(ChordProgression, MatchesTonal) {
    for (const TonalRow& r : tonal_rows) {
        const std::vector<std::string_view> numerals = words(r.numerals);
        const ChordProgression p = ChordProgression::from_roman(r.tonic, std::span<const std::string_view>{numerals});
        EXPECT_EQ(describe(p), r.chords) << r.tonic << ": " << r.numerals;
    }
}

TEST(ChordProgression, Errors) {
    try {
        (void)ChordProgression::from_roman("C", {"I", "IIV", "V"});
        ADD_FAILURE() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidFormat);
        const std::string what = e.what();
        EXPECT_NE(what.find("numeral 2 of 3"), std::string::npos) << what;
        EXPECT_NE(what.find("C major"), std::string::npos) << what;
        EXPECT_NE(what.find("\"IIV\""), std::string::npos) << what;
    }
    try {
        (void)ChordProgression::from_roman("H major", {"I"});
        ADD_FAILURE() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidFormat);
        EXPECT_NE(std::string(e.what()).find("\"H major\""), std::string::npos) << e.what();
    }
    // bbVII in Cb major would need Bbbb.
    EXPECT_THROW((void)ChordProgression::from_roman("Cb", {"bbVII"}), cm::TheoryError);

    const std::vector<std::string_view> bad{"I", "V/"};
    std::error_code ec;
    EXPECT_TRUE(ChordProgression::from_roman(Key{}, bad, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    ec.clear();
    EXPECT_TRUE(ChordProgression::from_roman("Q", std::span<const std::string_view>{}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    ec.clear();
    const std::vector<std::string_view> too_flat{"bbVII"};
    EXPECT_TRUE(ChordProgression::from_roman("Cb", too_flat, ec).empty());
    EXPECT_EQ(ec, cm::Errc::OutOfRange);
    const std::vector<std::string_view> good{"ii7", "V7", "I"};
    ec = cm::Errc::InvalidState;
    EXPECT_EQ(ChordProgression::from_roman("Bb", good, ec).size(), 3u);
    EXPECT_FALSE(ec);
    EXPECT_TRUE(ChordProgression{}.empty());
}

TEST(ChordProgression, ToRoman) {
    const Key c = Key::from_name("C");
    const ChordProgression p = ChordProgression::from_roman(c, {"I", "V65/V", "V7", "bVI", "I64", "viiø7"});
    std::vector<std::string> names;
    for (const std::optional<RomanNumeral>& rn : p.to_roman(c)) {
        ASSERT_TRUE(rn.has_value());
        names.push_back(rn->name());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"I", "V65/V", "V7", "bVI", "I64", "viiø7"}));
    const ChordProgression sus{{Chord{n("C4"), ChordType::Sus4}}};
    EXPECT_FALSE(sus.to_roman(c)[0].has_value());
    // In A minor the same chords read as the minor key's own degrees.
    const ChordProgression minor = ChordProgression::from_roman("A minor", {"i", "iv", "V7", "VI"});
    std::vector<std::string> minor_names;
    for (const std::optional<RomanNumeral>& rn : minor.to_roman(Key::from_name("A minor"))) {
        minor_names.push_back(rn ? rn->name() : "-");
    }
    EXPECT_EQ(minor_names, (std::vector<std::string>{"i", "iv", "V7", "VI"}));
    std::vector<std::string> in_c;
    for (const std::optional<RomanNumeral>& rn : minor.to_roman(c)) {
        in_c.push_back(rn ? rn->name() : "-");
    }
    EXPECT_EQ(in_c, (std::vector<std::string>{"vi", "ii", "V7/vi", "IV"}));
}

// Iterating the chords of a temporary progression must see live chords (the
// rvalue overload moves them out); ASan catches the dangling alternative.
TEST(ChordProgression, ChordsOfATemporaryStayAlive) {
    std::vector<std::string> symbols;
    for (const Chord& chord : ChordProgression::from_roman("C", {"ii7", "V7", "I"}).chords()) {
        symbols.push_back(chord.symbol());
    }
    EXPECT_EQ(symbols, (std::vector<std::string>{"Dm7", "G7", "C"}));
}

} // namespace
