// Roman numerals: a hand-written table of numerals in C major and A minor
// with the chords harmony textbooks give them (Aldwell/Schachter,
// Kostka/Payne: V7 the dominant seventh, vii°7 fully diminished, minor keys
// with V and vii° on the raised leading tone, figured-bass inversions,
// secondary dominants), tonal 6.4.3's Progression.fromRomanNumerals for the
// numerals it reads the same way, and round trips through to_roman for the
// diatonic numerals of all 15 major and 15 minor keys.
#include <coremusic/theory/roman_numeral.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using cm::theory::Chord;
using cm::theory::ChordType;
using cm::theory::Key;
using cm::theory::KeyMode;
using cm::theory::Note;
using cm::theory::RomanNumeral;
using cm::theory::SeventhQuality;
using cm::theory::TriadQuality;
using cm::theory::to_roman;

static_assert(RomanNumeral{5, TriadQuality::Major, SeventhQuality::Diatonic, 1}.inversion() == 1);
static_assert(RomanNumeral{} == RomanNumeral{1, TriadQuality::Major});

Note n(std::string_view name) { return Note::from_name(name); }

std::string pc(Note note) {
    std::string s = note.name();
    while (s.size() > 1 && ((s.back() >= '0' && s.back() <= '9') || s.back() == '-')) {
        s.pop_back();
    }
    return s;
}

std::string joined(const std::vector<Note>& notes) {
    std::string out;
    for (const Note& x : notes) {
        out += (out.empty() ? "" : " ") + pc(x);
    }
    return out;
}

std::vector<std::string> split(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = std::min(text.find(' ', i), text.size());
        out.emplace_back(text.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

struct Row {
    std::string_view numeral;
    std::string_view root;
    ChordType type;
    std::string_view bass;   // empty in root position
    std::string_view notes;  // bass first, as Chord::notes() orders them
};

// Hand-written from the textbook conventions (see RomanNumeral's comment).
const Row c_major[] = {
    {"I", "C", ChordType::Major, "", "C E G"},
    {"ii", "D", ChordType::Minor, "", "D F A"},
    {"iii", "E", ChordType::Minor, "", "E G B"},
    {"IV", "F", ChordType::Major, "", "F A C"},
    {"V", "G", ChordType::Major, "", "G B D"},
    {"vi", "A", ChordType::Minor, "", "A C E"},
    {"vii°", "B", ChordType::Diminished, "", "B D F"},
    {"viio", "B", ChordType::Diminished, "", "B D F"},
    {"I6", "C", ChordType::Major, "E", "E G C"},
    {"I64", "C", ChordType::Major, "G", "G C E"},
    {"ii6", "D", ChordType::Minor, "F", "F A D"},
    {"vii°6", "B", ChordType::Diminished, "D", "D F B"},
    {"V7", "G", ChordType::Dominant7, "", "G B D F"},
    {"V65", "G", ChordType::Dominant7, "B", "B D F G"},
    {"V43", "G", ChordType::Dominant7, "D", "D F G B"},
    {"V42", "G", ChordType::Dominant7, "F", "F G B D"},
    {"V2", "G", ChordType::Dominant7, "F", "F G B D"},
    {"I7", "C", ChordType::Major7, "", "C E G B"},
    {"ii7", "D", ChordType::Minor7, "", "D F A C"},
    {"ii65", "D", ChordType::Minor7, "F", "F A C D"},
    {"ii42", "D", ChordType::Minor7, "C", "C D F A"},
    {"iii7", "E", ChordType::Minor7, "", "E G B D"},
    {"IV7", "F", ChordType::Major7, "", "F A C E"},
    {"IVmaj7", "F", ChordType::Major7, "", "F A C E"},
    {"vi7", "A", ChordType::Minor7, "", "A C E G"},
    {"viiø7", "B", ChordType::HalfDiminished7, "", "B D F A"},
    {"viiø65", "B", ChordType::HalfDiminished7, "D", "D F A B"},
    {"vii°7", "B", ChordType::Diminished7, "", "B D F Ab"},
    {"viio7", "B", ChordType::Diminished7, "", "B D F Ab"},
    {"vii°42", "B", ChordType::Diminished7, "Ab", "Ab B D F"},
    {"bVII", "Bb", ChordType::Major, "", "Bb D F"},
    {"bVII7", "Bb", ChordType::Dominant7, "", "Bb D F Ab"},
    {"bVIIM7", "Bb", ChordType::Major7, "", "Bb D F A"},
    {"bVI", "Ab", ChordType::Major, "", "Ab C Eb"},
    {"bIII", "Eb", ChordType::Major, "", "Eb G Bb"},
    {"bII", "Db", ChordType::Major, "", "Db F Ab"},
    {"bII6", "Db", ChordType::Major, "F", "F Ab Db"},
    {"N6", "Db", ChordType::Major, "F", "F Ab Db"},
    {"#iv°", "F#", ChordType::Diminished, "", "F# A C"},
    {"#iv°7", "F#", ChordType::Diminished7, "", "F# A C Eb"},
    {"iv", "F", ChordType::Minor, "", "F Ab C"},
    {"iv7", "F", ChordType::Minor7, "", "F Ab C Eb"},
    {"v", "G", ChordType::Minor, "", "G Bb D"},
    {"II7", "D", ChordType::Dominant7, "", "D F# A C"},
    {"III+", "E", ChordType::Augmented, "", "E G# B#"},
    {"I+7", "C", ChordType::Augmented7, "", "C E G# Bb"},
    {"iiø7", "D", ChordType::HalfDiminished7, "", "D F Ab C"},
    {"V/V", "D", ChordType::Major, "", "D F# A"},
    {"V7/V", "D", ChordType::Dominant7, "", "D F# A C"},
    {"V65/V", "D", ChordType::Dominant7, "F#", "F# A C D"},
    {"V7/ii", "A", ChordType::Dominant7, "", "A C# E G"},
    {"viio7/ii", "C#", ChordType::Diminished7, "", "C# E G Bb"},
    {"vii°7/V", "F#", ChordType::Diminished7, "", "F# A C Eb"},
    {"viiø7/V", "F#", ChordType::HalfDiminished7, "", "F# A C E"},
    {"V7/IV", "C", ChordType::Dominant7, "", "C E G Bb"},
    {"V/vi", "E", ChordType::Major, "", "E G# B"},
    {"V7/iii", "B", ChordType::Dominant7, "", "B D# F# A"},
    {"V7/bVII", "F", ChordType::Dominant7, "", "F A C Eb"},
    {"V/V/V", "A", ChordType::Major, "", "A C# E"},
    {"Cad64", "C", ChordType::Major, "G", "G C E"},
};

const Row a_minor[] = {
    {"i", "A", ChordType::Minor, "", "A C E"},
    {"ii°", "B", ChordType::Diminished, "", "B D F"},
    {"III", "C", ChordType::Major, "", "C E G"},
    {"III+", "C", ChordType::Augmented, "", "C E G#"},
    {"iv", "D", ChordType::Minor, "", "D F A"},
    {"IV", "D", ChordType::Major, "", "D F# A"},
    {"v", "E", ChordType::Minor, "", "E G B"},
    {"V", "E", ChordType::Major, "", "E G# B"},
    {"VI", "F", ChordType::Major, "", "F A C"},
    {"VII", "G", ChordType::Major, "", "G B D"},
    {"vii°", "G#", ChordType::Diminished, "", "G# B D"},
    {"i6", "A", ChordType::Minor, "C", "C E A"},
    {"i64", "A", ChordType::Minor, "E", "E A C"},
    {"ii°6", "B", ChordType::Diminished, "D", "D F B"},
    {"i7", "A", ChordType::Minor7, "", "A C E G"},
    {"iiø7", "B", ChordType::HalfDiminished7, "", "B D F A"},
    {"iiø65", "B", ChordType::HalfDiminished7, "D", "D F A B"},
    {"III7", "C", ChordType::Major7, "", "C E G B"},
    {"iv7", "D", ChordType::Minor7, "", "D F A C"},
    {"IV7", "D", ChordType::Dominant7, "", "D F# A C"},
    {"V7", "E", ChordType::Dominant7, "", "E G# B D"},
    {"V65", "E", ChordType::Dominant7, "G#", "G# B D E"},
    {"V43", "E", ChordType::Dominant7, "B", "B D E G#"},
    {"V42", "E", ChordType::Dominant7, "D", "D E G# B"},
    {"v7", "E", ChordType::Minor7, "", "E G B D"},
    {"VI7", "F", ChordType::Major7, "", "F A C E"},
    {"VII7", "G", ChordType::Dominant7, "", "G B D F"},
    {"vii°7", "G#", ChordType::Diminished7, "", "G# B D F"},
    {"viio65", "G#", ChordType::Diminished7, "B", "B D F G#"},
    {"viiø7", "G#", ChordType::HalfDiminished7, "", "G# B D F#"},
    {"III+7", "C", ChordType::AugmentedMajor7, "", "C E G# B"},
    {"#vi°", "F#", ChordType::Diminished, "", "F# A C"},
    {"bII6", "Bb", ChordType::Major, "D", "D F Bb"},
    {"N6", "Bb", ChordType::Major, "D", "D F Bb"},
    {"bVI", "F", ChordType::Major, "", "F A C"},
    {"bVII", "G", ChordType::Major, "", "G B D"},
    {"bIII", "C", ChordType::Major, "", "C E G"},
    {"bvii°", "G", ChordType::Diminished, "", "G Bb Db"},
    {"#iv°7", "D#", ChordType::Diminished7, "", "D# F# A C"},
    {"V/III", "G", ChordType::Major, "", "G B D"},
    {"V7/III", "G", ChordType::Dominant7, "", "G B D F"},
    {"V/iv", "A", ChordType::Major, "", "A C# E"},
    {"V7/iv", "A", ChordType::Dominant7, "", "A C# E G"},
    {"V/VI", "C", ChordType::Major, "", "C E G"},
    {"V/vi", "C", ChordType::Major, "", "C E G"},
    {"V/V", "B", ChordType::Major, "", "B D# F#"},
    {"vii°7/V", "D#", ChordType::Diminished7, "", "D# F# A C"},
    {"Cad64", "A", ChordType::Minor, "E", "E A C"},
};

void check_rows(const Key& key, std::span<const Row> rows) {
    for (const Row& r : rows) {
        const Chord c = RomanNumeral::parse(r.numeral).chord(key);
        EXPECT_EQ(pc(c.root()), r.root) << key.name() << " " << r.numeral;
        EXPECT_EQ(c.type(), r.type) << key.name() << " " << r.numeral << ": " << c.symbol();
        EXPECT_EQ(c.bass() ? pc(*c.bass()) : std::string{}, r.bass) << key.name() << " " << r.numeral;
        EXPECT_EQ(joined(c.notes()), r.notes) << key.name() << " " << r.numeral;
    }
}

TEST(RomanNumeral, HandTableCMajor) {
    EXPECT_GE(std::size(c_major) + std::size(a_minor), 40u);
    check_rows(Key::from_name("C major"), c_major);
}

TEST(RomanNumeral, HandTableAMinor) {
    check_rows(Key::from_name("A minor"), a_minor);
    // The minor forms read numerals alike; only "7" on the tonic follows the key's own scale.
    for (const KeyMode m : {KeyMode::HarmonicMinor, KeyMode::MelodicMinor}) {
        const Key key{n("A4"), m};
        for (const Row& r : a_minor) {
            if (r.numeral == "i7") {
                continue;
            }
            EXPECT_EQ(RomanNumeral::parse(r.numeral).chord(key).type(), r.type) << key.name() << " " << r.numeral;
        }
        EXPECT_EQ(RomanNumeral::parse("i7").chord(key).type(), ChordType::MinorMajor7) << key.name();
    }
}

TEST(RomanNumeral, ChordOctaves) {
    const Key c{n("C4"), KeyMode::Major};
    EXPECT_EQ(RomanNumeral::parse("V7").chord(c), (Chord{n("G4"), ChordType::Dominant7}));
    EXPECT_EQ(RomanNumeral::parse("ii6").chord(c), (Chord{n("D4"), ChordType::Minor, n("F4")}));
    EXPECT_EQ(RomanNumeral::parse("bVII").chord(c), (Chord{n("Bb4"), ChordType::Major}));
    const Key a{n("A4"), KeyMode::NaturalMinor};
    EXPECT_EQ(RomanNumeral::parse("V").chord(a), (Chord{n("E5"), ChordType::Major}));
    EXPECT_EQ(RomanNumeral::parse("vii°7").chord(a), (Chord{n("G#5"), ChordType::Diminished7}));
}

struct TonalRow {
    std::string_view numeral;
    std::string_view chords;  // "tonic:alias" for each of the 15 major tonics
};

// From tonal 6.4.3: for tonic in C G D A E B F# C# F Bb Eb Ab Db Gb Cb,
// Tonal.Progression.fromRomanNumerals(tonic, [numeral]) read back with
// Tonal.Chord.get -> tonic + ":" + aliases[0] (dump script
// tests/oracle/tonal/progressions.js). Only numerals tonal reads as standard
// practice does: tonal ignores case (its ii is D major) and reads 7 as a
// dominant seventh always (its I7 is C7), so lower-case triads and I7, IV7
// are left out.
const std::string_view tonal_tonics = "C G D A E B F# C# F Bb Eb Ab Db Gb Cb";
const TonalRow tonal_rows[] = {
    {"I", "C:M G:M D:M A:M E:M B:M F#:M C#:M F:M Bb:M Eb:M Ab:M Db:M Gb:M Cb:M"},
    {"IV", "F:M C:M G:M D:M A:M E:M B:M F#:M Bb:M Eb:M Ab:M Db:M Gb:M Cb:M Fb:M"},
    {"V", "G:M D:M A:M E:M B:M F#:M C#:M G#:M C:M F:M Bb:M Eb:M Ab:M Db:M Gb:M"},
    {"II", "D:M A:M E:M B:M F#:M C#:M G#:M D#:M G:M C:M F:M Bb:M Eb:M Ab:M Db:M"},
    {"III", "E:M B:M F#:M C#:M G#:M D#:M A#:M E#:M A:M D:M G:M C:M F:M Bb:M Eb:M"},
    {"VI", "A:M E:M B:M F#:M C#:M G#:M D#:M A#:M D:M G:M C:M F:M Bb:M Eb:M Ab:M"},
    {"VII", "B:M F#:M C#:M G#:M D#:M A#:M E#:M B#:M E:M A:M D:M G:M C:M F:M Bb:M"},
    {"bII", "Db:M Ab:M Eb:M Bb:M F:M C:M G:M D:M Gb:M Cb:M Fb:M Bbb:M Ebb:M Abb:M Dbb:M"},
    {"bIII", "Eb:M Bb:M F:M C:M G:M D:M A:M E:M Ab:M Db:M Gb:M Cb:M Fb:M Bbb:M Ebb:M"},
    {"bVI", "Ab:M Eb:M Bb:M F:M C:M G:M D:M A:M Db:M Gb:M Cb:M Fb:M Bbb:M Ebb:M Abb:M"},
    {"bVII", "Bb:M F:M C:M G:M D:M A:M E:M B:M Eb:M Ab:M Db:M Gb:M Cb:M Fb:M Bbb:M"},
    {"#IV", "F#:M C#:M G#:M D#:M A#:M E#:M B#:M F##:M B:M E:M A:M D:M G:M C:M F:M"},
    {"#I", "C#:M G#:M D#:M A#:M E#:M B#:M F##:M C##:M F#:M B:M E:M A:M D:M G:M C:M"},
    {"III+", "E:aug B:aug F#:aug C#:aug G#:aug D#:aug A#:aug E#:aug A:aug D:aug G:aug C:aug F:aug Bb:aug Eb:aug"},
    {"V+", "G:aug D:aug A:aug E:aug B:aug F#:aug C#:aug G#:aug C:aug F:aug Bb:aug Eb:aug Ab:aug Db:aug Gb:aug"},
    {"V7", "G:7 D:7 A:7 E:7 B:7 F#:7 C#:7 G#:7 C:7 F:7 Bb:7 Eb:7 Ab:7 Db:7 Gb:7"},
    {"II7", "D:7 A:7 E:7 B:7 F#:7 C#:7 G#:7 D#:7 G:7 C:7 F:7 Bb:7 Eb:7 Ab:7 Db:7"},
    {"III7", "E:7 B:7 F#:7 C#:7 G#:7 D#:7 A#:7 E#:7 A:7 D:7 G:7 C:7 F:7 Bb:7 Eb:7"},
    {"VI7", "A:7 E:7 B:7 F#:7 C#:7 G#:7 D#:7 A#:7 D:7 G:7 C:7 F:7 Bb:7 Eb:7 Ab:7"},
    {"VII7", "B:7 F#:7 C#:7 G#:7 D#:7 A#:7 E#:7 B#:7 E:7 A:7 D:7 G:7 C:7 F:7 Bb:7"},
    {"bVII7", "Bb:7 F:7 C:7 G:7 D:7 A:7 E:7 B:7 Eb:7 Ab:7 Db:7 Gb:7 Cb:7 Fb:7 Bbb:7"},
    {"bVI7", "Ab:7 Eb:7 Bb:7 F:7 C:7 G:7 D:7 A:7 Db:7 Gb:7 Cb:7 Fb:7 Bbb:7 Ebb:7 Abb:7"},
    {"bII7", "Db:7 Ab:7 Eb:7 Bb:7 F:7 C:7 G:7 D:7 Gb:7 Cb:7 Fb:7 Bbb:7 Ebb:7 Abb:7 Dbb:7"},
    {"Imaj7", "C:maj7 G:maj7 D:maj7 A:maj7 E:maj7 B:maj7 F#:maj7 C#:maj7 F:maj7 Bb:maj7 Eb:maj7 Ab:maj7 Db:maj7 Gb:maj7 Cb:maj7"},
    {"IVmaj7", "F:maj7 C:maj7 G:maj7 D:maj7 A:maj7 E:maj7 B:maj7 F#:maj7 Bb:maj7 Eb:maj7 Ab:maj7 Db:maj7 Gb:maj7 Cb:maj7 Fb:maj7"},
    {"Vmaj7", "G:maj7 D:maj7 A:maj7 E:maj7 B:maj7 F#:maj7 C#:maj7 G#:maj7 C:maj7 F:maj7 Bb:maj7 Eb:maj7 Ab:maj7 Db:maj7 Gb:maj7"},
    {"bVImaj7", "Ab:maj7 Eb:maj7 Bb:maj7 F:maj7 C:maj7 G:maj7 D:maj7 A:maj7 Db:maj7 Gb:maj7 Cb:maj7 Fb:maj7 Bbb:maj7 Ebb:maj7 Abb:maj7"},
    {"bIIImaj7", "Eb:maj7 Bb:maj7 F:maj7 C:maj7 G:maj7 D:maj7 A:maj7 E:maj7 Ab:maj7 Db:maj7 Gb:maj7 Cb:maj7 Fb:maj7 Bbb:maj7 Ebb:maj7"},
    {"bVIIM7", "Bb:maj7 F:maj7 C:maj7 G:maj7 D:maj7 A:maj7 E:maj7 B:maj7 Eb:maj7 Ab:maj7 Db:maj7 Gb:maj7 Cb:maj7 Fb:maj7 Bbb:maj7"},
    {"vii°7", "B:dim7 F#:dim7 C#:dim7 G#:dim7 D#:dim7 A#:dim7 E#:dim7 B#:dim7 E:dim7 A:dim7 D:dim7 G:dim7 C:dim7 F:dim7 Bb:dim7"},
    {"viio7", "B:dim7 F#:dim7 C#:dim7 G#:dim7 D#:dim7 A#:dim7 E#:dim7 B#:dim7 E:dim7 A:dim7 D:dim7 G:dim7 C:dim7 F:dim7 Bb:dim7"},
    {"ii°7", "D:dim7 A:dim7 E:dim7 B:dim7 F#:dim7 C#:dim7 G#:dim7 D#:dim7 G:dim7 C:dim7 F:dim7 Bb:dim7 Eb:dim7 Ab:dim7 Db:dim7"},
    {"#iv°7", "F#:dim7 C#:dim7 G#:dim7 D#:dim7 A#:dim7 E#:dim7 B#:dim7 F##:dim7 B:dim7 E:dim7 A:dim7 D:dim7 G:dim7 C:dim7 F:dim7"},
    {"#i°7", "C#:dim7 G#:dim7 D#:dim7 A#:dim7 E#:dim7 B#:dim7 F##:dim7 C##:dim7 F#:dim7 B:dim7 E:dim7 A:dim7 D:dim7 G:dim7 C:dim7"},
    {"#ii°7", "D#:dim7 A#:dim7 E#:dim7 B#:dim7 F##:dim7 C##:dim7 G##:dim7 D##:dim7 G#:dim7 C#:dim7 F#:dim7 B:dim7 E:dim7 A:dim7 D:dim7"},
};

TEST(RomanNumeral, MatchesTonalWhereTonalIsStandard) {
    const std::vector<std::string> tonics = split(tonal_tonics);
    for (const TonalRow& row : tonal_rows) {
        const std::vector<std::string> want = split(row.chords);
        ASSERT_EQ(want.size(), tonics.size()) << row.numeral;
        for (std::size_t i = 0; i < tonics.size(); ++i) {
            const Key key = Key::from_name(tonics[i]);
            const Chord c = RomanNumeral::parse(row.numeral).chord(key);
            const std::size_t colon = want[i].find(':');
            EXPECT_EQ(pc(c.root()), want[i].substr(0, colon)) << key.name() << " " << row.numeral;
            EXPECT_EQ(c.type(), ChordType::from_name(std::string_view{want[i]}.substr(colon + 1)))
                << key.name() << " " << row.numeral << ": " << c.symbol();
        }
    }
}

const std::string_view major_tonics = "C G D A E B F# C# F Bb Eb Ab Db Gb Cb";
const std::string_view minor_tonics = "A E B F# C# G# D# A# D G C F Bb Eb Ab";

std::vector<Key> all_keys() {
    std::vector<Key> keys;
    for (const std::string& t : split(major_tonics)) {
        keys.emplace_back(n(t + "4"), KeyMode::Major);
    }
    for (const std::string& t : split(minor_tonics)) {
        for (const KeyMode m : {KeyMode::NaturalMinor, KeyMode::HarmonicMinor, KeyMode::MelodicMinor}) {
            keys.emplace_back(n(t + "4"), m);
        }
    }
    return keys;
}

// The label with its last figure replaced: "V7" + "65" -> "V65", "I" + "6" -> "I6".
std::string with_figure(const std::string& label, std::string_view figure, bool seventh) {
    return (seventh ? label.substr(0, label.size() - 1) : label) + std::string(figure);
}

TEST(RomanNumeral, DiatonicRoundTripsInEveryKey) {
    std::size_t checked = 0;
    for (const Key& key : all_keys()) {
        const std::vector<Chord> triads = key.triads();
        const std::vector<Chord> sevenths = key.sevenths();
        const std::vector<std::string> triad_labels = key.roman_numerals();
        const std::vector<std::string> seventh_labels = key.seventh_numerals();
        for (std::size_t d = 0; d < 7; ++d) {
            static constexpr std::string_view triad_figures[3] = {"", "6", "64"};
            static constexpr std::string_view seventh_figures[4] = {"7", "65", "43", "42"};
            for (int inv = 0; inv < 4; ++inv) {
                const bool seventh_only = inv == 3;
                for (const bool seventh : {false, true}) {
                    if (!seventh && seventh_only) {
                        continue;
                    }
                    const std::string label =
                        seventh ? with_figure(seventh_labels[d], seventh_figures[inv], true)
                                : with_figure(triad_labels[d], triad_figures[inv], false);
                    const Chord want = (seventh ? sevenths[d] : triads[d]).inversion(inv);
                    const RomanNumeral rn = RomanNumeral::parse(label);
                    EXPECT_EQ(rn.chord(key), want) << key.name() << " " << label;
                    const std::optional<RomanNumeral> back = to_roman(key, want);
                    ASSERT_TRUE(back.has_value()) << key.name() << " " << label;
                    EXPECT_EQ(back->name(), label) << key.name() << " " << want.symbol();
                    EXPECT_EQ(*back, rn) << key.name() << " " << label;
                    ++checked;
                }
            }
        }
    }
    EXPECT_EQ(checked, 60u * 7u * 7u);
}

TEST(RomanNumeral, SecondaryRoundTripsInEveryKey) {
    for (const Key& key : all_keys()) {
        const std::vector<std::string_view> targets =
            key.is_minor() ? std::vector<std::string_view>{"III", "iv", "V", "VI", "VII"}
                           : std::vector<std::string_view>{"ii", "iii", "IV", "V", "vi"};
        for (const std::string_view t : targets) {
            const bool major_target = t.front() >= 'A' && t.front() <= 'Z';
            for (const std::string_view f : {"V", "V7", "V65", "V42", "vii°", "vii°7", "vii°43", "viiø7"}) {
                if (f == "viiø7" && !major_target) {
                    continue;
                }
                const std::string label = std::string(f) + "/" + std::string(t);
                const Chord c = RomanNumeral::parse(label).chord(key);
                const std::optional<RomanNumeral> back = to_roman(key, c);
                ASSERT_TRUE(back.has_value()) << key.name() << " " << label;
                EXPECT_EQ(back->chord(key).symbol(), c.symbol()) << key.name() << " " << label;
                // A chord of the key keeps its diatonic reading: V/IV = I,
                // and in minor V/III = VII, V7/VII = IV7 (melodic), vii°/III = ii°.
                if (key.is_diatonic(Chord{c.root(), c.type()})) {
                    EXPECT_TRUE(back->tonicized().empty()) << key.name() << " " << label << " -> " << back->name();
                    continue;
                }
                EXPECT_EQ(back->name(), label) << key.name() << " " << c.symbol();
            }
        }
    }
}

// Hand-checked analyses: diatonic first, then secondary dominants, then
// chromatic numerals, then dominants of chromatic degrees.
TEST(RomanNumeral, ToRoman) {
    struct Case {
        std::string_view key;
        Chord chord;
        std::string_view numeral;  // empty: no numeral
    };
    const Case cases[] = {
        {"C", Chord{n("G4"), ChordType::Dominant7}, "V7"},
        {"C", Chord{n("C4"), ChordType::Major7}, "I7"},
        {"C", Chord{n("D4"), ChordType::Dominant7}, "V7/V"},
        {"C", Chord{n("D4"), ChordType::Major, n("F#4")}, "V6/V"},
        {"C", Chord{n("C4"), ChordType::Dominant7}, "V7/IV"},
        {"C", Chord{n("A4"), ChordType::Major}, "V/ii"},
        {"C", Chord{n("E4"), ChordType::Dominant7}, "V7/vi"},
        {"C", Chord{n("C#4"), ChordType::Diminished7}, "vii°7/ii"},
        {"C", Chord{n("F#4"), ChordType::Diminished}, "vii°/V"},
        {"C", Chord{n("F#4"), ChordType::HalfDiminished7}, "viiø7/V"},
        {"C", Chord{n("Bb4"), ChordType::Major}, "bVII"},
        {"C", Chord{n("Bb4"), ChordType::Dominant7}, "bVII7"},
        {"C", Chord{n("Bb4"), ChordType::Major7}, "bVIImaj7"},
        {"C", Chord{n("F4"), ChordType::Minor}, "iv"},
        {"C", Chord{n("Ab4"), ChordType::Major}, "bVI"},
        {"C", Chord{n("Db4"), ChordType::Major, n("F4")}, "bII6"},
        {"C", Chord{n("B4"), ChordType::Diminished7}, "vii°7"},
        {"C", Chord{n("D4"), ChordType::HalfDiminished7}, "iiø7"},
        {"C", Chord{n("F4"), ChordType::Dominant7}, "V7/bVII"},
        {"C", Chord{n("C4"), ChordType::Minor7}, "i7"},
        {"C", Chord{n("G4"), ChordType::Major7}, "Vmaj7"},
        {"C", Chord{n("C4"), ChordType::Major, n("G4")}, "I64"},
        {"A minor", Chord{n("E4"), ChordType::Major}, "V"},
        {"A minor", Chord{n("E4"), ChordType::Dominant7, n("G#4")}, "V65"},
        {"A minor", Chord{n("G4"), ChordType::Dominant7}, "VII7"},
        {"A minor", Chord{n("C4"), ChordType::Augmented}, "III+"},
        {"A minor", Chord{n("D4"), ChordType::Major}, "IV"},
        {"A minor", Chord{n("F#4"), ChordType::Diminished}, "#vi°"},
        {"A minor", Chord{n("G#4"), ChordType::Diminished7}, "vii°7"},
        {"A minor", Chord{n("Bb4"), ChordType::Major, n("D4")}, "bII6"},
        {"A minor", Chord{n("B4"), ChordType::Major}, "V/V"},
        {"A minor", Chord{n("A4"), ChordType::Dominant7}, "V7/iv"},
        {"A minor", Chord{n("A4"), ChordType::Major}, "V/iv"},
        {"A harmonic minor", Chord{n("A4"), ChordType::MinorMajor7}, "i7"},
        {"A minor", Chord{n("A4"), ChordType::MinorMajor7}, "imaj7"},
        {"C", Chord{n("C4"), ChordType::Sus4}, ""},
        {"C", Chord{n("G4"), ChordType::Dominant9}, ""},
        {"C", Chord{n("C4"), ChordType::Major, n("Bb3")}, ""},
    };
    for (const Case& c : cases) {
        const Key key = Key::from_name(c.key);
        const std::optional<RomanNumeral> rn = to_roman(key, c.chord);
        if (c.numeral.empty()) {
            EXPECT_FALSE(rn.has_value()) << c.key << " " << c.chord.symbol() << " -> " << rn->name();
            continue;
        }
        ASSERT_TRUE(rn.has_value()) << c.key << " " << c.chord.symbol();
        EXPECT_EQ(rn->name(), c.numeral) << c.key << " " << c.chord.symbol();
        EXPECT_EQ(RomanNumeral::from_chord(key, c.chord), rn);
    }
}

TEST(RomanNumeral, SpellingsAndParts) {
    struct Same {
        std::string_view a;
        std::string_view b;
    };
    const Same same[] = {
        {"viio7", "vii°7"}, {"V2", "V42"},     {"N6", "bII6"},       {"N", "bII"},       {"\u266DVII", "bVII"},
        {"\u266Fiv°", "#iv°"}, {"IVM7", "IVmaj7"}, {"viiØ7", "viiø7"}, {"viiø", "viiø7"}, {"I\u03947", "Imaj7"},
        {" V7 ", "V7"},     {"I63", "I6"},     {"I53", "I"},         {"cad64", "Cad64"},
    };
    for (const Same& s : same) {
        EXPECT_EQ(RomanNumeral::parse(s.a), RomanNumeral::parse(s.b)) << s.a << " vs " << s.b;
    }
    const RomanNumeral v65 = RomanNumeral::parse("bVII65/ii");
    EXPECT_EQ(v65.degree(), 7);
    EXPECT_EQ(v65.accidental(), -1);
    EXPECT_EQ(v65.triad(), TriadQuality::Major);
    EXPECT_EQ(v65.seventh(), SeventhQuality::Diatonic);
    EXPECT_EQ(v65.inversion(), 1);
    ASSERT_EQ(v65.tonicized().size(), 1u);
    EXPECT_EQ(v65.tonicized()[0], (RomanNumeral::Tonicized{0, 2, true}));
    EXPECT_FALSE(v65.is_cadential());
    EXPECT_TRUE(RomanNumeral::parse("Cad64").is_cadential());
    const RomanNumeral chain = RomanNumeral::parse("V/ii/V");
    ASSERT_EQ(chain.tonicized().size(), 2u);
    EXPECT_EQ(chain.tonicized()[0], (RomanNumeral::Tonicized{0, 2, true}));
    EXPECT_EQ(chain.tonicized()[1], (RomanNumeral::Tonicized{0, 5, false}));
    // V of ii of V in C: ii of G is A minor, its V is E.
    EXPECT_EQ(pc(chain.chord(Key::from_name("C")).root()), "E");

    struct Name {
        RomanNumeral rn;
        std::string_view name;
    };
    const Name names[] = {
        {RomanNumeral{5, TriadQuality::Major, SeventhQuality::Diatonic, 1}, "V65"},
        {RomanNumeral{7, TriadQuality::Major, SeventhQuality::None, 0, -1}, "bVII"},
        {RomanNumeral{7, TriadQuality::Diminished, SeventhQuality::Minor, 2}, "viiø43"},
        {RomanNumeral{7, TriadQuality::Diminished, SeventhQuality::Diminished, 3}, "vii°42"},
        {RomanNumeral{4, TriadQuality::Major, SeventhQuality::Major, 0}, "IVmaj7"},
        {RomanNumeral{3, TriadQuality::Augmented}, "III+"},
        {RomanNumeral{4, TriadQuality::Diminished, SeventhQuality::None, 0, 1}, "#iv°"},
        {RomanNumeral{1, TriadQuality::Minor, SeventhQuality::Major}, "imaj7"},
        {RomanNumeral::parse("N6"), "bII6"},
        {RomanNumeral::parse("viio65/V"), "vii°65/V"},
        {RomanNumeral::parse("V7/bVI"), "V7/bVI"},
        {RomanNumeral::parse("Cad64"), "Cad64"},
    };
    for (const Name& x : names) {
        EXPECT_EQ(x.rn.name(), x.name);
        EXPECT_EQ(RomanNumeral::parse(x.rn.name()), x.rn) << x.name;
    }
    struct BadParts {
        int degree;
        TriadQuality triad;
        SeventhQuality seventh;
        int inversion;
        int accidental;
    };
    const BadParts bad_parts[] = {
        {0, TriadQuality::Major, SeventhQuality::None, 0, 0},
        {8, TriadQuality::Major, SeventhQuality::None, 0, 0},
        {5, TriadQuality::Major, SeventhQuality::None, 3, 0},
        {5, TriadQuality::Major, SeventhQuality::Diatonic, 4, 0},
        {5, TriadQuality::Major, SeventhQuality::None, 0, 3},
        {5, TriadQuality::Major, SeventhQuality::Minor, 0, 0},
        {5, TriadQuality::Minor, SeventhQuality::Diminished, 0, 0},
        {7, TriadQuality::Diminished, SeventhQuality::Diatonic, 0, 0},
    };
    for (const BadParts& b : bad_parts) {
        try {
            (void)RomanNumeral{b.degree, b.triad, b.seventh, b.inversion, b.accidental};
            ADD_FAILURE() << "expected TheoryError for degree " << b.degree;
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
            EXPECT_NE(std::string(e.what()).find("expected"), std::string::npos) << e.what();
        }
    }
}

TEST(RomanNumeral, ParseErrors) {
    for (const std::string_view bad :
         {"", "X", "IIV", "VIII", "Vi", "bbbVII", "#bV", "V°", "ii+", "Iø7", "viiø6", "Vmaj", "V8", "V/", "V/V7",
          "V/vii°", "V/V/V/V/V", "/V", "N7", "H", "v o"}) {
        try {
            (void)RomanNumeral::parse(bad);
            ADD_FAILURE() << "expected TheoryError for \"" << bad << "\"";
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidFormat) << bad;
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(bad) + "\""), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("expected"), std::string::npos) << e.what();
        }
        std::error_code ec;
        EXPECT_EQ(RomanNumeral::parse(bad, ec), RomanNumeral{}) << bad;
        EXPECT_EQ(ec, cm::Errc::InvalidFormat) << bad;
    }
    std::error_code ec = cm::Errc::InvalidState;
    EXPECT_EQ(RomanNumeral::parse("V7", ec), (RomanNumeral{5, TriadQuality::Major, SeventhQuality::Diatonic}));
    EXPECT_FALSE(ec);
}

} // namespace
