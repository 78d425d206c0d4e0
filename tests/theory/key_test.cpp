// Keys: signatures, scales, diatonic triads and seventh chords of the 15
// major and 15 minor keys (each minor in its natural, harmonic and melodic
// forms) checked against tonal 6.4.3's Key.majorKey / Key.minorKey, and the
// roman numeral labels, names, relative and parallel keys against
// hand-written tables (the conventions of Aldwell/Schachter and Kostka/Payne).
#include <coremusic/theory/key.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

using cm::theory::Chord;
using cm::theory::ChordType;
using cm::theory::Key;
using cm::theory::KeyMode;
using cm::theory::Letter;
using cm::theory::Note;
using cm::theory::ScaleType;

static_assert(Key{}.signature() == 0);
static_assert(Key{Note{Letter::E, -1, 4}, KeyMode::Major}.signature() == -3);
static_assert(Key{Note{Letter::F, 1, 4}, KeyMode::HarmonicMinor}.signature() == 3);
static_assert(Key{}.relative() == Key{Note{Letter::A, 0, 3}, KeyMode::NaturalMinor});

Note n(std::string_view name) { return Note::from_name(name); }

// Letter and accidentals, no octave: the form tonal prints.
std::string pc(Note note) {
    std::string s = note.name();
    while (s.size() > 1 && ((s.back() >= '0' && s.back() <= '9') || s.back() == '-')) {
        s.pop_back();
    }
    return s;
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

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) {
        out += (out.empty() ? "" : " ") + p;
    }
    return out;
}

// A tonal chord symbol ("F#m7b5", "G##o7", "C+maj7") as root + type, both
// read by hand: the root is the letter and its accidentals, the rest one of
// the dictionary's symbols.
struct Symbol {
    std::string root;
    std::optional<ChordType> type;
};
Symbol read_symbol(std::string_view s) {
    std::size_t i = 1;
    while (i < s.size() && (s[i] == '#' || s[i] == 'b')) {
        ++i;
    }
    return {std::string(s.substr(0, i)), ChordType::find(s.substr(i))};
}

void expect_chords(const std::vector<Chord>& got, std::string_view tonal, const std::string& what,
                   std::size_t skip = 99) {
    const std::vector<std::string> want = split(tonal);
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (i == skip) {
            continue;
        }
        const Symbol s = read_symbol(want[i]);
        ASSERT_TRUE(s.type.has_value()) << want[i];
        EXPECT_EQ(pc(got[i].root()), s.root) << what << " degree " << i + 1;
        EXPECT_EQ(got[i].type(), *s.type) << what << " degree " << i + 1 << ": " << got[i].symbol() << " vs "
                                          << want[i];
    }
}

int signature_count(std::string_view tonal) {
    const auto sharps = std::count(tonal.begin(), tonal.end(), '#');
    const auto flats = std::count(tonal.begin(), tonal.end(), 'b');
    return static_cast<int>(sharps - flats);
}

// tonal's grades name each degree against the major scale on the tonic
// ("bIII" in minor); from our scale, that is the accidental difference.
std::string grades(const Key& key) {
    static constexpr std::string_view romans[7] = {"I", "II", "III", "IV", "V", "VI", "VII"};
    const cm::theory::Scale major{key.tonic(), ScaleType::Major};
    std::vector<std::string> out;
    for (int d = 1; d <= 7; ++d) {
        const int diff = key.scale().degree(d).accidental() - major.degree(d).accidental();
        std::string g(static_cast<std::size_t>(diff < 0 ? -diff : diff), diff < 0 ? 'b' : '#');
        out.push_back(g + std::string(romans[d - 1]));
    }
    return joined(out);
}

struct MajorRow {
    std::string_view tonic;
    std::string_view signature;
    std::string_view relative_minor;
    std::string_view scale;
    std::string_view grades;
    std::string_view triads;
    std::string_view chords;
};

// From tonal 6.4.3: Tonal.Key.majorKey(tonic) -> tonic, keySignature,
// minorRelative, scale, grades, triads, chords (dump script tests/oracle/tonal/keys.js).
const MajorRow tonal_major[] = {
    {"C", "", "A", "C D E F G A B", "I II III IV V VI VII", "C Dm Em F G Am Bdim", "Cmaj7 Dm7 Em7 Fmaj7 G7 Am7 Bm7b5"},
    {"G", "#", "E", "G A B C D E F#", "I II III IV V VI VII", "G Am Bm C D Em F#dim", "Gmaj7 Am7 Bm7 Cmaj7 D7 Em7 F#m7b5"},
    {"D", "##", "B", "D E F# G A B C#", "I II III IV V VI VII", "D Em F#m G A Bm C#dim", "Dmaj7 Em7 F#m7 Gmaj7 A7 Bm7 C#m7b5"},
    {"A", "###", "F#", "A B C# D E F# G#", "I II III IV V VI VII", "A Bm C#m D E F#m G#dim", "Amaj7 Bm7 C#m7 Dmaj7 E7 F#m7 G#m7b5"},
    {"E", "####", "C#", "E F# G# A B C# D#", "I II III IV V VI VII", "E F#m G#m A B C#m D#dim", "Emaj7 F#m7 G#m7 Amaj7 B7 C#m7 D#m7b5"},
    {"B", "#####", "G#", "B C# D# E F# G# A#", "I II III IV V VI VII", "B C#m D#m E F# G#m A#dim", "Bmaj7 C#m7 D#m7 Emaj7 F#7 G#m7 A#m7b5"},
    {"F#", "######", "D#", "F# G# A# B C# D# E#", "I II III IV V VI VII", "F# G#m A#m B C# D#m E#dim", "F#maj7 G#m7 A#m7 Bmaj7 C#7 D#m7 E#m7b5"},
    {"C#", "#######", "A#", "C# D# E# F# G# A# B#", "I II III IV V VI VII", "C# D#m E#m F# G# A#m B#dim", "C#maj7 D#m7 E#m7 F#maj7 G#7 A#m7 B#m7b5"},
    {"F", "b", "D", "F G A Bb C D E", "I II III IV V VI VII", "F Gm Am Bb C Dm Edim", "Fmaj7 Gm7 Am7 Bbmaj7 C7 Dm7 Em7b5"},
    {"Bb", "bb", "G", "Bb C D Eb F G A", "I II III IV V VI VII", "Bb Cm Dm Eb F Gm Adim", "Bbmaj7 Cm7 Dm7 Ebmaj7 F7 Gm7 Am7b5"},
    {"Eb", "bbb", "C", "Eb F G Ab Bb C D", "I II III IV V VI VII", "Eb Fm Gm Ab Bb Cm Ddim", "Ebmaj7 Fm7 Gm7 Abmaj7 Bb7 Cm7 Dm7b5"},
    {"Ab", "bbbb", "F", "Ab Bb C Db Eb F G", "I II III IV V VI VII", "Ab Bbm Cm Db Eb Fm Gdim", "Abmaj7 Bbm7 Cm7 Dbmaj7 Eb7 Fm7 Gm7b5"},
    {"Db", "bbbbb", "Bb", "Db Eb F Gb Ab Bb C", "I II III IV V VI VII", "Db Ebm Fm Gb Ab Bbm Cdim", "Dbmaj7 Ebm7 Fm7 Gbmaj7 Ab7 Bbm7 Cm7b5"},
    {"Gb", "bbbbbb", "Eb", "Gb Ab Bb Cb Db Eb F", "I II III IV V VI VII", "Gb Abm Bbm Cb Db Ebm Fdim", "Gbmaj7 Abm7 Bbm7 Cbmaj7 Db7 Ebm7 Fm7b5"},
    {"Cb", "bbbbbbb", "Ab", "Cb Db Eb Fb Gb Ab Bb", "I II III IV V VI VII", "Cb Dbm Ebm Fb Gb Abm Bbdim", "Cbmaj7 Dbm7 Ebm7 Fbmaj7 Gb7 Abm7 Bbm7b5"},
};

struct MinorRow {
    std::string_view tonic;
    std::string_view form;
    std::string_view signature;
    std::string_view relative_major;
    std::string_view scale;
    std::string_view grades;
    std::string_view triads;
    std::string_view chords;
};

// From tonal 6.4.3: Tonal.Key.minorKey(tonic) -> tonic, then for each of its
// natural, harmonic and melodic fields: keySignature, relativeMajor, and the
// form's scale, grades, triads and chords (dump script tests/oracle/tonal/keys.js).
const MinorRow tonal_minor[] = {
    {"A", "natural", "", "C", "A B C D E F G", "I II bIII IV V bVI bVII", "Am Bdim C Dm Em F G", "Am7 Bm7b5 Cmaj7 Dm7 Em7 Fmaj7 G7"},
    {"A", "harmonic", "", "C", "A B C D E F G#", "I II bIII IV V bVI VII", "Am Bdim Caug Dm E F G#dim", "AmMaj7 Bm7b5 C+maj7 Dm7 E7 Fmaj7 G#o7"},
    {"A", "melodic", "", "C", "A B C D E F# G#", "I II bIII IV V VI VII", "Am Bm Caug D E F#dim G#dim", "Am6 Bm7 C+maj7 D7 E7 F#m7b5 G#m7b5"},
    {"E", "natural", "#", "G", "E F# G A B C D", "I II bIII IV V bVI bVII", "Em F#dim G Am Bm C D", "Em7 F#m7b5 Gmaj7 Am7 Bm7 Cmaj7 D7"},
    {"E", "harmonic", "#", "G", "E F# G A B C D#", "I II bIII IV V bVI VII", "Em F#dim Gaug Am B C D#dim", "EmMaj7 F#m7b5 G+maj7 Am7 B7 Cmaj7 D#o7"},
    {"E", "melodic", "#", "G", "E F# G A B C# D#", "I II bIII IV V VI VII", "Em F#m Gaug A B C#dim D#dim", "Em6 F#m7 G+maj7 A7 B7 C#m7b5 D#m7b5"},
    {"B", "natural", "##", "D", "B C# D E F# G A", "I II bIII IV V bVI bVII", "Bm C#dim D Em F#m G A", "Bm7 C#m7b5 Dmaj7 Em7 F#m7 Gmaj7 A7"},
    {"B", "harmonic", "##", "D", "B C# D E F# G A#", "I II bIII IV V bVI VII", "Bm C#dim Daug Em F# G A#dim", "BmMaj7 C#m7b5 D+maj7 Em7 F#7 Gmaj7 A#o7"},
    {"B", "melodic", "##", "D", "B C# D E F# G# A#", "I II bIII IV V VI VII", "Bm C#m Daug E F# G#dim A#dim", "Bm6 C#m7 D+maj7 E7 F#7 G#m7b5 A#m7b5"},
    {"F#", "natural", "###", "A", "F# G# A B C# D E", "I II bIII IV V bVI bVII", "F#m G#dim A Bm C#m D E", "F#m7 G#m7b5 Amaj7 Bm7 C#m7 Dmaj7 E7"},
    {"F#", "harmonic", "###", "A", "F# G# A B C# D E#", "I II bIII IV V bVI VII", "F#m G#dim Aaug Bm C# D E#dim", "F#mMaj7 G#m7b5 A+maj7 Bm7 C#7 Dmaj7 E#o7"},
    {"F#", "melodic", "###", "A", "F# G# A B C# D# E#", "I II bIII IV V VI VII", "F#m G#m Aaug B C# D#dim E#dim", "F#m6 G#m7 A+maj7 B7 C#7 D#m7b5 E#m7b5"},
    {"C#", "natural", "####", "E", "C# D# E F# G# A B", "I II bIII IV V bVI bVII", "C#m D#dim E F#m G#m A B", "C#m7 D#m7b5 Emaj7 F#m7 G#m7 Amaj7 B7"},
    {"C#", "harmonic", "####", "E", "C# D# E F# G# A B#", "I II bIII IV V bVI VII", "C#m D#dim Eaug F#m G# A B#dim", "C#mMaj7 D#m7b5 E+maj7 F#m7 G#7 Amaj7 B#o7"},
    {"C#", "melodic", "####", "E", "C# D# E F# G# A# B#", "I II bIII IV V VI VII", "C#m D#m Eaug F# G# A#dim B#dim", "C#m6 D#m7 E+maj7 F#7 G#7 A#m7b5 B#m7b5"},
    {"G#", "natural", "#####", "B", "G# A# B C# D# E F#", "I II bIII IV V bVI bVII", "G#m A#dim B C#m D#m E F#", "G#m7 A#m7b5 Bmaj7 C#m7 D#m7 Emaj7 F#7"},
    {"G#", "harmonic", "#####", "B", "G# A# B C# D# E F##", "I II bIII IV V bVI VII", "G#m A#dim Baug C#m D# E F##dim", "G#mMaj7 A#m7b5 B+maj7 C#m7 D#7 Emaj7 F##o7"},
    {"G#", "melodic", "#####", "B", "G# A# B C# D# E# F##", "I II bIII IV V VI VII", "G#m A#m Baug C# D# E#dim F##dim", "G#m6 A#m7 B+maj7 C#7 D#7 E#m7b5 F##m7b5"},
    {"D#", "natural", "######", "F#", "D# E# F# G# A# B C#", "I II bIII IV V bVI bVII", "D#m E#dim F# G#m A#m B C#", "D#m7 E#m7b5 F#maj7 G#m7 A#m7 Bmaj7 C#7"},
    {"D#", "harmonic", "######", "F#", "D# E# F# G# A# B C##", "I II bIII IV V bVI VII", "D#m E#dim F#aug G#m A# B C##dim", "D#mMaj7 E#m7b5 F#+maj7 G#m7 A#7 Bmaj7 C##o7"},
    {"D#", "melodic", "######", "F#", "D# E# F# G# A# B# C##", "I II bIII IV V VI VII", "D#m E#m F#aug G# A# B#dim C##dim", "D#m6 E#m7 F#+maj7 G#7 A#7 B#m7b5 C##m7b5"},
    {"A#", "natural", "#######", "C#", "A# B# C# D# E# F# G#", "I II bIII IV V bVI bVII", "A#m B#dim C# D#m E#m F# G#", "A#m7 B#m7b5 C#maj7 D#m7 E#m7 F#maj7 G#7"},
    {"A#", "harmonic", "#######", "C#", "A# B# C# D# E# F# G##", "I II bIII IV V bVI VII", "A#m B#dim C#aug D#m E# F# G##dim", "A#mMaj7 B#m7b5 C#+maj7 D#m7 E#7 F#maj7 G##o7"},
    {"A#", "melodic", "#######", "C#", "A# B# C# D# E# F## G##", "I II bIII IV V VI VII", "A#m B#m C#aug D# E# F##dim G##dim", "A#m6 B#m7 C#+maj7 D#7 E#7 F##m7b5 G##m7b5"},
    {"D", "natural", "b", "F", "D E F G A Bb C", "I II bIII IV V bVI bVII", "Dm Edim F Gm Am Bb C", "Dm7 Em7b5 Fmaj7 Gm7 Am7 Bbmaj7 C7"},
    {"D", "harmonic", "b", "F", "D E F G A Bb C#", "I II bIII IV V bVI VII", "Dm Edim Faug Gm A Bb C#dim", "DmMaj7 Em7b5 F+maj7 Gm7 A7 Bbmaj7 C#o7"},
    {"D", "melodic", "b", "F", "D E F G A B C#", "I II bIII IV V VI VII", "Dm Em Faug G A Bdim C#dim", "Dm6 Em7 F+maj7 G7 A7 Bm7b5 C#m7b5"},
    {"G", "natural", "bb", "Bb", "G A Bb C D Eb F", "I II bIII IV V bVI bVII", "Gm Adim Bb Cm Dm Eb F", "Gm7 Am7b5 Bbmaj7 Cm7 Dm7 Ebmaj7 F7"},
    {"G", "harmonic", "bb", "Bb", "G A Bb C D Eb F#", "I II bIII IV V bVI VII", "Gm Adim Bbaug Cm D Eb F#dim", "GmMaj7 Am7b5 Bb+maj7 Cm7 D7 Ebmaj7 F#o7"},
    {"G", "melodic", "bb", "Bb", "G A Bb C D E F#", "I II bIII IV V VI VII", "Gm Am Bbaug C D Edim F#dim", "Gm6 Am7 Bb+maj7 C7 D7 Em7b5 F#m7b5"},
    {"C", "natural", "bbb", "Eb", "C D Eb F G Ab Bb", "I II bIII IV V bVI bVII", "Cm Ddim Eb Fm Gm Ab Bb", "Cm7 Dm7b5 Ebmaj7 Fm7 Gm7 Abmaj7 Bb7"},
    {"C", "harmonic", "bbb", "Eb", "C D Eb F G Ab B", "I II bIII IV V bVI VII", "Cm Ddim Ebaug Fm G Ab Bdim", "CmMaj7 Dm7b5 Eb+maj7 Fm7 G7 Abmaj7 Bo7"},
    {"C", "melodic", "bbb", "Eb", "C D Eb F G A B", "I II bIII IV V VI VII", "Cm Dm Ebaug F G Adim Bdim", "Cm6 Dm7 Eb+maj7 F7 G7 Am7b5 Bm7b5"},
    {"F", "natural", "bbbb", "Ab", "F G Ab Bb C Db Eb", "I II bIII IV V bVI bVII", "Fm Gdim Ab Bbm Cm Db Eb", "Fm7 Gm7b5 Abmaj7 Bbm7 Cm7 Dbmaj7 Eb7"},
    {"F", "harmonic", "bbbb", "Ab", "F G Ab Bb C Db E", "I II bIII IV V bVI VII", "Fm Gdim Abaug Bbm C Db Edim", "FmMaj7 Gm7b5 Ab+maj7 Bbm7 C7 Dbmaj7 Eo7"},
    {"F", "melodic", "bbbb", "Ab", "F G Ab Bb C D E", "I II bIII IV V VI VII", "Fm Gm Abaug Bb C Ddim Edim", "Fm6 Gm7 Ab+maj7 Bb7 C7 Dm7b5 Em7b5"},
    {"Bb", "natural", "bbbbb", "Db", "Bb C Db Eb F Gb Ab", "I II bIII IV V bVI bVII", "Bbm Cdim Db Ebm Fm Gb Ab", "Bbm7 Cm7b5 Dbmaj7 Ebm7 Fm7 Gbmaj7 Ab7"},
    {"Bb", "harmonic", "bbbbb", "Db", "Bb C Db Eb F Gb A", "I II bIII IV V bVI VII", "Bbm Cdim Dbaug Ebm F Gb Adim", "BbmMaj7 Cm7b5 Db+maj7 Ebm7 F7 Gbmaj7 Ao7"},
    {"Bb", "melodic", "bbbbb", "Db", "Bb C Db Eb F G A", "I II bIII IV V VI VII", "Bbm Cm Dbaug Eb F Gdim Adim", "Bbm6 Cm7 Db+maj7 Eb7 F7 Gm7b5 Am7b5"},
    {"Eb", "natural", "bbbbbb", "Gb", "Eb F Gb Ab Bb Cb Db", "I II bIII IV V bVI bVII", "Ebm Fdim Gb Abm Bbm Cb Db", "Ebm7 Fm7b5 Gbmaj7 Abm7 Bbm7 Cbmaj7 Db7"},
    {"Eb", "harmonic", "bbbbbb", "Gb", "Eb F Gb Ab Bb Cb D", "I II bIII IV V bVI VII", "Ebm Fdim Gbaug Abm Bb Cb Ddim", "EbmMaj7 Fm7b5 Gb+maj7 Abm7 Bb7 Cbmaj7 Do7"},
    {"Eb", "melodic", "bbbbbb", "Gb", "Eb F Gb Ab Bb C D", "I II bIII IV V VI VII", "Ebm Fm Gbaug Ab Bb Cdim Ddim", "Ebm6 Fm7 Gb+maj7 Ab7 Bb7 Cm7b5 Dm7b5"},
    {"Ab", "natural", "bbbbbbb", "Cb", "Ab Bb Cb Db Eb Fb Gb", "I II bIII IV V bVI bVII", "Abm Bbdim Cb Dbm Ebm Fb Gb", "Abm7 Bbm7b5 Cbmaj7 Dbm7 Ebm7 Fbmaj7 Gb7"},
    {"Ab", "harmonic", "bbbbbbb", "Cb", "Ab Bb Cb Db Eb Fb G", "I II bIII IV V bVI VII", "Abm Bbdim Cbaug Dbm Eb Fb Gdim", "AbmMaj7 Bbm7b5 Cb+maj7 Dbm7 Eb7 Fbmaj7 Go7"},
    {"Ab", "melodic", "bbbbbbb", "Cb", "Ab Bb Cb Db Eb F G", "I II bIII IV V VI VII", "Abm Bbm Cbaug Db Eb Fdim Gdim", "Abm6 Bbm7 Cb+maj7 Db7 Eb7 Fm7b5 Gm7b5"},
};

KeyMode mode_of(std::string_view form) {
    if (form == "natural") {
        return KeyMode::NaturalMinor;
    }
    return form == "harmonic" ? KeyMode::HarmonicMinor : KeyMode::MelodicMinor;
}

std::vector<std::string> pcs(const std::vector<Note>& notes) {
    std::vector<std::string> out;
    for (const Note& x : notes) {
        out.push_back(pc(x));
    }
    return out;
}

TEST(Key, MajorKeysMatchTonal) {
    ASSERT_EQ(std::size(tonal_major), 15u);
    for (const MajorRow& row : tonal_major) {
        const Key key = Key::from_name(std::string(row.tonic) + " major");
        const std::string what = key.name();
        EXPECT_EQ(key, (Key{n(std::string(row.tonic) + "4"), KeyMode::Major}));
        EXPECT_EQ(key.signature(), signature_count(row.signature)) << what;
        EXPECT_EQ(joined(pcs(key.scale().notes())), row.scale) << what;
        EXPECT_EQ(grades(key), row.grades) << what;
        EXPECT_EQ(pc(key.relative().tonic()), row.relative_minor) << what;
        EXPECT_EQ(key.relative().mode(), KeyMode::NaturalMinor) << what;
        expect_chords(key.triads(), row.triads, what + " triads");
        expect_chords(key.sevenths(), row.chords, what + " sevenths");
    }
}

TEST(Key, MinorKeysMatchTonal) {
    ASSERT_EQ(std::size(tonal_minor), 45u);
    for (const MinorRow& row : tonal_minor) {
        const Key key{n(std::string(row.tonic) + "4"), mode_of(row.form)};
        const std::string what = key.name();
        EXPECT_EQ(Key::from_name(std::string(row.tonic) + " " + std::string(row.form) + " minor"), key) << what;
        EXPECT_EQ(key.signature(), signature_count(row.signature)) << what;
        EXPECT_EQ(joined(pcs(key.scale().notes())), row.scale) << what;
        EXPECT_EQ(grades(key), row.grades) << what;
        EXPECT_EQ(pc(key.relative().tonic()), row.relative_major) << what;
        EXPECT_EQ(key.relative().mode(), KeyMode::Major) << what;
        expect_chords(key.triads(), row.triads, what + " triads");
        // tonal writes melodic minor's tonic seventh chord as a minor sixth
        // (Am6); stacking the scale's thirds gives the minor-major seventh
        // (A C E G#), checked by hand below.
        expect_chords(key.sevenths(), row.chords, what + " sevenths", row.form == "melodic" ? 0 : 99);
        if (row.form == "melodic") {
            EXPECT_EQ(key.sevenths()[0].type(), ChordType::MinorMajor7) << what;
        }
    }
}

// Hand-written: the order of sharps F C G D A E B and of flats B E A D G C F.
TEST(Key, SignatureNotes) {
    struct Row {
        std::string_view key;
        int count;
        std::string_view notes;
    };
    const Row rows[] = {
        {"C major", 0, ""},
        {"A minor", 0, ""},
        {"A harmonic minor", 0, ""},
        {"G major", 1, "F#"},
        {"E minor", 1, "F#"},
        {"D major", 2, "F# C#"},
        {"E major", 4, "F# C# G# D#"},
        {"C# major", 7, "F# C# G# D# A# E# B#"},
        {"A# melodic minor", 7, "F# C# G# D# A# E# B#"},
        {"F major", -1, "Bb"},
        {"D minor", -1, "Bb"},
        {"Eb major", -3, "Bb Eb Ab"},
        {"C harmonic minor", -3, "Bb Eb Ab"},
        {"Gb major", -6, "Bb Eb Ab Db Gb Cb"},
        {"Cb major", -7, "Bb Eb Ab Db Gb Cb Fb"},
        {"Ab minor", -7, "Bb Eb Ab Db Gb Cb Fb"},
        // Theoretical keys continue with double accidentals.
        {"G# major", 8, "F# C# G# D# A# E# B# F##"},
        {"Fb major", -8, "Bb Eb Ab Db Gb Cb Fb Bbb"},
    };
    for (const Row& r : rows) {
        const Key key = Key::from_name(r.key);
        EXPECT_EQ(key.signature(), r.count) << r.key;
        EXPECT_EQ(joined(pcs(key.signature_notes())), r.notes) << r.key;
        for (const Note& x : key.signature_notes()) {
            EXPECT_EQ(x.octave(), 4);
        }
    }
    // Every key of the tables: the signature alters exactly the natural
    // minor's or major's notes that carry accidentals.
    for (const MajorRow& row : tonal_major) {
        const Key key = Key::from_name(row.tonic);
        std::vector<std::string> altered;
        for (const Note& x : key.scale().notes()) {
            if (x.accidental() != 0) {
                altered.push_back(pc(x));
            }
        }
        std::vector<std::string> sig = pcs(key.signature_notes());
        std::sort(altered.begin(), altered.end());
        std::sort(sig.begin(), sig.end());
        EXPECT_EQ(sig, altered) << key.name();
    }
    try {
        (void)Key::from_name("B## major").signature_notes();
        ADD_FAILURE() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("B## major"), std::string::npos) << e.what();
    }
}

// Hand-written: numerals by case and sign, minor keys counted on the
// natural minor with a lower-case vii on the leading tone.
TEST(Key, RomanNumerals) {
    struct Row {
        KeyMode mode;
        std::string_view triads;
        std::string_view sevenths;
    };
    const Row rows[] = {
        {KeyMode::Major, "I ii iii IV V vi vii°", "I7 ii7 iii7 IV7 V7 vi7 viiø7"},
        {KeyMode::NaturalMinor, "i ii° III iv v VI VII", "i7 iiø7 III7 iv7 v7 VI7 VII7"},
        {KeyMode::HarmonicMinor, "i ii° III+ iv V VI vii°", "i7 iiø7 III+7 iv7 V7 VI7 vii°7"},
        {KeyMode::MelodicMinor, "i ii III+ IV V #vi° vii°", "i7 ii7 III+7 IV7 V7 #viø7 viiø7"},
    };
    for (const Row& r : rows) {
        for (const std::string_view tonic : {"C4", "A4", "F#3", "Bb4", "Cb4", "A#4"}) {
            const Key key{n(tonic), r.mode};
            EXPECT_EQ(joined(key.roman_numerals()), r.triads) << key.name();
            EXPECT_EQ(joined(key.seventh_numerals()), r.sevenths) << key.name();
        }
    }
}

TEST(Key, FromNameAndName) {
    struct Row {
        std::string_view text;
        std::string_view tonic;
        KeyMode mode;
        std::string_view name;
    };
    const Row rows[] = {
        {"C major", "C4", KeyMode::Major, "C major"},
        {"A minor", "A4", KeyMode::NaturalMinor, "A minor"},
        {"f# harmonic minor", "F#4", KeyMode::HarmonicMinor, "F# harmonic minor"},
        {"Eb", "Eb4", KeyMode::Major, "Eb major"},
        {"Am", "A4", KeyMode::NaturalMinor, "A minor"},
        {"F#m", "F#4", KeyMode::NaturalMinor, "F# minor"},
        {"Bb melodic minor", "Bb4", KeyMode::MelodicMinor, "Bb melodic minor"},
        {"c natural minor", "C4", KeyMode::NaturalMinor, "C minor"},
        {"  D   MAJOR ", "D4", KeyMode::Major, "D major"},
        {"Db maj", "Db4", KeyMode::Major, "Db major"},
        {"g min", "G4", KeyMode::NaturalMinor, "G minor"},
        {"E harmonic  minor", "E4", KeyMode::HarmonicMinor, "E harmonic minor"},
        {"C3 major", "C3", KeyMode::Major, "C major"},
        {"b", "B4", KeyMode::Major, "B major"},
    };
    for (const Row& r : rows) {
        const Key key = Key::from_name(r.text);
        EXPECT_EQ(key, (Key{n(r.tonic), r.mode})) << r.text;
        EXPECT_EQ(key.name(), r.name) << r.text;
        std::error_code ec = cm::Errc::InvalidState;
        EXPECT_EQ(Key::from_name(r.text, ec), key) << r.text;
        EXPECT_FALSE(ec) << r.text;
    }
    for (const std::string_view bad : {"", "H major", "C dorian", "C# majestic", "Cm minor", "major"}) {
        try {
            (void)Key::from_name(bad);
            ADD_FAILURE() << "expected TheoryError for \"" << bad << "\"";
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidFormat) << bad;
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(bad) + "\""), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("expected"), std::string::npos) << e.what();
        }
        std::error_code ec;
        EXPECT_EQ(Key::from_name(bad, ec), Key{}) << bad;
        EXPECT_EQ(ec, cm::Errc::InvalidFormat) << bad;
    }
}

TEST(Key, RelativeAndParallel) {
    const Key c = Key::from_name("C4 major");
    EXPECT_EQ(c.relative(), (Key{n("A3"), KeyMode::NaturalMinor}));
    EXPECT_EQ(c.relative().relative(), c);
    EXPECT_EQ(c.parallel(), (Key{n("C4"), KeyMode::NaturalMinor}));
    EXPECT_EQ(c.parallel().parallel(), c);
    EXPECT_EQ(Key::from_name("A harmonic minor").relative(), (Key{n("C5"), KeyMode::Major}));
    EXPECT_EQ(Key::from_name("A melodic minor").parallel(), (Key{n("A4"), KeyMode::Major}));
    EXPECT_EQ(Key::from_name("Eb").relative(), (Key{n("C4"), KeyMode::NaturalMinor}));
    EXPECT_EQ(Key::from_name("F# minor").relative(), (Key{n("A4"), KeyMode::Major}));
    EXPECT_EQ(Key::from_name("Gb").relative(), (Key{n("Eb4"), KeyMode::NaturalMinor}));
    for (const MinorRow& row : tonal_minor) {
        const Key key{n(std::string(row.tonic) + "4"), mode_of(row.form)};
        EXPECT_EQ(key.relative().signature(), key.signature()) << key.name();
        EXPECT_EQ(key.parallel().signature(), key.signature() + 3) << key.name();
    }
}

TEST(Key, TriadsAndSeventhsStartOnTheTonic) {
    const Key a{n("A3"), KeyMode::HarmonicMinor};
    const std::vector<Chord> t = a.triads();
    EXPECT_EQ(t[0], (Chord{n("A3"), ChordType::Minor}));
    EXPECT_EQ(t[4], (Chord{n("E4"), ChordType::Major}));
    EXPECT_EQ(t[6], (Chord{n("G#4"), ChordType::Diminished}));
    EXPECT_EQ(a.sevenths()[6], (Chord{n("G#4"), ChordType::Diminished7}));
}

// Hand-checked: what "7" adds in each key (see RomanNumeral).
TEST(Key, DiatonicSeventh) {
    const Key c = Key::from_name("C major");
    EXPECT_EQ(c.diatonic_seventh(Chord{n("G4"), ChordType::Major}), (Chord{n("G4"), ChordType::Dominant7}));
    EXPECT_EQ(c.diatonic_seventh(Chord{n("C3"), ChordType::Major}), (Chord{n("C3"), ChordType::Major7}));
    EXPECT_EQ(c.diatonic_seventh(Chord{n("D4"), ChordType::Minor}), (Chord{n("D4"), ChordType::Minor7}));
    EXPECT_EQ(c.diatonic_seventh(Chord{n("B4"), ChordType::Diminished}),
              (Chord{n("B4"), ChordType::HalfDiminished7}));
    EXPECT_FALSE(c.diatonic_seventh(Chord{n("Bb4"), ChordType::Major}).has_value());
    EXPECT_FALSE(c.diatonic_seventh(Chord{n("F4"), ChordType::Minor}).has_value());
    EXPECT_FALSE(c.diatonic_seventh(Chord{n("D4"), ChordType::Major}).has_value());
    const Key am = Key::from_name("A minor");
    EXPECT_EQ(am.diatonic_seventh(Chord{n("A4"), ChordType::Minor}), (Chord{n("A4"), ChordType::Minor7}));
    EXPECT_EQ(am.diatonic_seventh(Chord{n("E5"), ChordType::Major}), (Chord{n("E5"), ChordType::Dominant7}));
    EXPECT_EQ(am.diatonic_seventh(Chord{n("D5"), ChordType::Major}), (Chord{n("D5"), ChordType::Dominant7}));
    EXPECT_EQ(am.diatonic_seventh(Chord{n("G#5"), ChordType::Diminished}),
              (Chord{n("G#5"), ChordType::Diminished7}));
    EXPECT_EQ(am.diatonic_seventh(Chord{n("C5"), ChordType::Augmented}),
              (Chord{n("C5"), ChordType::AugmentedMajor7}));
    const Key harmonic = Key::from_name("A harmonic minor");
    EXPECT_EQ(harmonic.diatonic_seventh(Chord{n("A4"), ChordType::Minor}),
              (Chord{n("A4"), ChordType::MinorMajor7}));
    EXPECT_EQ(harmonic.diatonic_seventh(Chord{n("E5"), ChordType::Minor}), (Chord{n("E5"), ChordType::Minor7}));

    EXPECT_TRUE(c.is_diatonic(Chord{n("B4"), ChordType::HalfDiminished7}));
    EXPECT_TRUE(c.is_diatonic(Chord{n("C4"), ChordType::Major7}));
    EXPECT_FALSE(c.is_diatonic(Chord{n("C4"), ChordType::Dominant7}));
    EXPECT_FALSE(c.is_diatonic(Chord{n("Bb4"), ChordType::Major}));
    for (const auto& [root, type] : {std::pair{"A4", ChordType::Minor}, std::pair{"E5", ChordType::Major},
                                     std::pair{"E5", ChordType::Dominant7}, std::pair{"G5", ChordType::Major},
                                     std::pair{"G#5", ChordType::Diminished7}, std::pair{"C5", ChordType::Augmented},
                                     std::pair{"D5", ChordType::Dominant7}}) {
        EXPECT_TRUE(am.is_diatonic(Chord{n(root), type})) << root;
    }
    EXPECT_FALSE(am.is_diatonic(Chord{n("Bb4"), ChordType::Major}));
}

} // namespace
