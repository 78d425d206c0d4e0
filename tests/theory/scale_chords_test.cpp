// Chords in thirds and modes of scales: triads and sevenths on each degree
// checked against hand-written tables (the diatonic chords of major, natural,
// harmonic and melodic minor as harmony textbooks list them), and modes
// against hand-checked names (the church modes, the modes of harmonic and
// melodic minor) and tonal 6.4.3's Scale.modeNames for every scale type.
#include <coremusic/theory/scale.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using cm::theory::Chord;
using cm::theory::ChordType;
using cm::theory::Letter;
using cm::theory::Note;
using cm::theory::Scale;
using cm::theory::ScaleType;

static_assert(Scale{}.chord(5, 4)->type() == ChordType::Dominant7);
static_assert(Scale{}.chord(7)->root() == Note{Letter::B, 0, 4});
static_assert(Scale{}.mode(2).type() == ScaleType::Dorian);

Note n(std::string_view name) { return Note::from_name(name); }

struct Expected {
    std::string_view root;  // with octave
    ChordType type;
};

void expect_chords(const std::vector<std::optional<Chord>>& got, const std::vector<Expected>& want,
                   std::string_view what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < want.size(); ++i) {
        ASSERT_TRUE(got[i].has_value()) << what << " degree " << i + 1;
        EXPECT_EQ(got[i]->root(), n(want[i].root)) << what << " degree " << i + 1;
        EXPECT_EQ(got[i]->type(), want[i].type) << what << " degree " << i + 1 << ": " << got[i]->symbol();
        EXPECT_FALSE(got[i]->bass().has_value());
    }
}

// Hand-written: the diatonic triads and seventh chords of C major and of A
// natural, harmonic and melodic (ascending) minor, as Aldwell/Schachter and
// Kostka/Payne tabulate them.
TEST(ScaleChords, MajorTriadsAndSevenths) {
    const Scale c{n("C4"), ScaleType::Major};
    expect_chords(c.triads(),
                  {{"C4", ChordType::Major},
                   {"D4", ChordType::Minor},
                   {"E4", ChordType::Minor},
                   {"F4", ChordType::Major},
                   {"G4", ChordType::Major},
                   {"A4", ChordType::Minor},
                   {"B4", ChordType::Diminished}},
                  "C major triads");
    expect_chords(c.sevenths(),
                  {{"C4", ChordType::Major7},
                   {"D4", ChordType::Minor7},
                   {"E4", ChordType::Minor7},
                   {"F4", ChordType::Major7},
                   {"G4", ChordType::Dominant7},
                   {"A4", ChordType::Minor7},
                   {"B4", ChordType::HalfDiminished7}},
                  "C major sevenths");
    // Spelling follows the scale: F# major's seventh degree is E#, its vii° E# G# B.
    const Scale fs{n("F#4"), ScaleType::Major};
    expect_chords(fs.triads(),
                  {{"F#4", ChordType::Major},
                   {"G#4", ChordType::Minor},
                   {"A#4", ChordType::Minor},
                   {"B4", ChordType::Major},
                   {"C#5", ChordType::Major},
                   {"D#5", ChordType::Minor},
                   {"E#5", ChordType::Diminished}},
                  "F# major triads");
    const Scale db{n("Db4"), ScaleType::Major};
    expect_chords(db.sevenths(),
                  {{"Db4", ChordType::Major7},
                   {"Eb4", ChordType::Minor7},
                   {"F4", ChordType::Minor7},
                   {"Gb4", ChordType::Major7},
                   {"Ab4", ChordType::Dominant7},
                   {"Bb4", ChordType::Minor7},
                   {"C5", ChordType::HalfDiminished7}},
                  "Db major sevenths");
}

TEST(ScaleChords, MinorTriadsAndSevenths) {
    expect_chords(Scale{n("A4"), ScaleType::Minor}.triads(),
                  {{"A4", ChordType::Minor},
                   {"B4", ChordType::Diminished},
                   {"C5", ChordType::Major},
                   {"D5", ChordType::Minor},
                   {"E5", ChordType::Minor},
                   {"F5", ChordType::Major},
                   {"G5", ChordType::Major}},
                  "A natural minor triads");
    expect_chords(Scale{n("A4"), ScaleType::Minor}.sevenths(),
                  {{"A4", ChordType::Minor7},
                   {"B4", ChordType::HalfDiminished7},
                   {"C5", ChordType::Major7},
                   {"D5", ChordType::Minor7},
                   {"E5", ChordType::Minor7},
                   {"F5", ChordType::Major7},
                   {"G5", ChordType::Dominant7}},
                  "A natural minor sevenths");
    const Scale harmonic{n("A4"), ScaleType::HarmonicMinor};
    expect_chords(harmonic.triads(),
                  {{"A4", ChordType::Minor},
                   {"B4", ChordType::Diminished},
                   {"C5", ChordType::Augmented},
                   {"D5", ChordType::Minor},
                   {"E5", ChordType::Major},
                   {"F5", ChordType::Major},
                   {"G#5", ChordType::Diminished}},
                  "A harmonic minor triads");
    expect_chords(harmonic.sevenths(),
                  {{"A4", ChordType::MinorMajor7},
                   {"B4", ChordType::HalfDiminished7},
                   {"C5", ChordType::AugmentedMajor7},
                   {"D5", ChordType::Minor7},
                   {"E5", ChordType::Dominant7},
                   {"F5", ChordType::Major7},
                   {"G#5", ChordType::Diminished7}},
                  "A harmonic minor sevenths");
    const Scale melodic{n("A4"), ScaleType::MelodicMinor};
    expect_chords(melodic.triads(),
                  {{"A4", ChordType::Minor},
                   {"B4", ChordType::Minor},
                   {"C5", ChordType::Augmented},
                   {"D5", ChordType::Major},
                   {"E5", ChordType::Major},
                   {"F#5", ChordType::Diminished},
                   {"G#5", ChordType::Diminished}},
                  "A melodic minor triads");
    expect_chords(melodic.sevenths(),
                  {{"A4", ChordType::MinorMajor7},
                   {"B4", ChordType::Minor7},
                   {"C5", ChordType::AugmentedMajor7},
                   {"D5", ChordType::Dominant7},
                   {"E5", ChordType::Dominant7},
                   {"F#5", ChordType::HalfDiminished7},
                   {"G#5", ChordType::HalfDiminished7}},
                  "A melodic minor sevenths");
    // Eb harmonic minor: the leading tone is D natural, its vii°7 D F Ab Cb.
    const auto eb = Scale{n("Eb4"), ScaleType::HarmonicMinor}.chord(7, 4);
    ASSERT_TRUE(eb.has_value());
    EXPECT_EQ(eb->root(), n("D5"));
    EXPECT_EQ(eb->type(), ChordType::Diminished7);
    std::vector<std::string> names;
    for (const Note& x : eb->notes()) {
        names.push_back(x.name());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"D5", "F5", "Ab5", "Cb6"}));
}

TEST(ScaleChords, ChordOnADegree) {
    const Scale c{n("C4"), ScaleType::Major};
    EXPECT_EQ(c.chord(2), (Chord{n("D4"), ChordType::Minor}));
    EXPECT_EQ(c.chord(5, 4), (Chord{n("G4"), ChordType::Dominant7}));
    // Ninths by stacking one more third (hand-checked: C E G B D, D F A C E, G B D F A).
    EXPECT_EQ(c.chord(1, 5), (Chord{n("C4"), ChordType::Major9}));
    EXPECT_EQ(c.chord(2, 5), (Chord{n("D4"), ChordType::Minor9}));
    EXPECT_EQ(c.chord(5, 5), (Chord{n("G4"), ChordType::Dominant9}));
    // D dorian's i11: D F A C E G = 1 b3 5 b7 9 11.
    EXPECT_EQ((Scale{n("D4"), ScaleType::Dorian}.chord(1, 6)), (Chord{n("D4"), ChordType::Minor11}));
    // C hungarian minor (C D Eb F# G Ab B): on F#, F# Ab C stacks a
    // diminished third, which no chord type has.
    const Scale hungarian{n("C4"), ScaleType::HungarianMinor};
    EXPECT_FALSE(hungarian.chord(4).has_value());
    EXPECT_FALSE(hungarian.triads()[3].has_value());
    EXPECT_EQ(hungarian.chord(1), (Chord{n("C4"), ChordType::Minor}));
}

TEST(ScaleChords, OnlySevenNoteScalesStackThirds) {
    for (const ScaleType t : {ScaleType::PentatonicMajor, ScaleType::BluesMinor, ScaleType::Bebop,
                              ScaleType::WholeTone, ScaleType::Chromatic}) {
        const Scale s{n("C4"), t};
        try {
            (void)s.triads();
            ADD_FAILURE() << "expected TheoryError for " << s.name();
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
            EXPECT_NE(std::string(e.what()).find(s.name()), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("seven"), std::string::npos) << e.what();
        }
        EXPECT_THROW((void)s.sevenths(), cm::TheoryError);
        EXPECT_THROW((void)s.chord(1), cm::TheoryError);
    }
    const Scale c{n("C4"), ScaleType::Major};
    for (const auto& [degree, notes] : {std::pair{0, 3}, std::pair{8, 3}, std::pair{1, 2}, std::pair{1, 8}}) {
        try {
            (void)c.chord(degree, notes);
            ADD_FAILURE() << "expected TheoryError for degree " << degree << ", " << notes << " notes";
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        }
    }
}

std::string names(const std::vector<Scale>& scales) {
    std::string out;
    for (const Scale& s : scales) {
        out += (out.empty() ? "" : ", ") + s.name();
    }
    return out;
}

// Hand-checked: the church modes are the rotations of the major scale; the
// modes of harmonic minor (harmonic minor, locrian 6, ionian #5, dorian #4,
// phrygian dominant, lydian #9, ultralocrian) and of melodic minor (dorian
// b2, lydian augmented, lydian dominant, mixolydian b6, locrian #2, altered).
TEST(ScaleModes, ChurchModes) {
    const Scale c{n("C4"), ScaleType::Major};
    const Scale want[] = {
        {n("C4"), ScaleType::Major},  {n("D4"), ScaleType::Dorian},     {n("E4"), ScaleType::Phrygian},
        {n("F4"), ScaleType::Lydian}, {n("G4"), ScaleType::Mixolydian}, {n("A4"), ScaleType::Aeolian},
        {n("B4"), ScaleType::Locrian},
    };
    for (int i = 1; i <= 7; ++i) {
        EXPECT_EQ(c.mode(i), want[i - 1]) << i;
    }
    EXPECT_EQ(c.modes(), std::vector<Scale>(std::begin(want), std::end(want)));
    // And back; the root is the degree, so it rises from the mode's root.
    EXPECT_EQ(Scale(n("D4"), ScaleType::Dorian).mode(7), (Scale{n("C5"), ScaleType::Major}));
    EXPECT_EQ(Scale(n("A4"), ScaleType::Minor).mode(3), (Scale{n("C5"), ScaleType::Major}));
}

TEST(ScaleModes, HarmonicAndMelodicMinorModes) {
    const Scale harmonic{n("A4"), ScaleType::HarmonicMinor};
    EXPECT_EQ(names(harmonic.modes()),
              "A harmonic minor, B locrian 6, C major augmented, D dorian #4, E phrygian dominant, F lydian #9, "
              "G# ultralocrian");
    EXPECT_EQ(harmonic.mode(5), (Scale{n("E5"), ScaleType::PhrygianDominant}));
    const Scale melodic{n("A4"), ScaleType::MelodicMinor};
    EXPECT_EQ(names(melodic.modes()),
              "A melodic minor, B dorian b2, C lydian augmented, D lydian dominant, E mixolydian b6, "
              "F# locrian #2, G# altered");
    EXPECT_EQ(melodic.mode(4), (Scale{n("D5"), ScaleType::LydianDominant}));
    // The dictionary spells the altered scale 1P 2m 2A 3M 4A 6m 7m, so its
    // notes are that spelling on G#, not the rotation's G# A B C D E F#.
    EXPECT_EQ(melodic.mode(7), (Scale{n("G#5"), ScaleType::Altered}));
}

TEST(ScaleModes, Errors) {
    const Scale c{n("C4"), ScaleType::Major};
    for (const int bad : {0, 8, -1}) {
        try {
            (void)c.mode(bad);
            ADD_FAILURE() << "expected TheoryError for mode " << bad;
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
            EXPECT_NE(std::string(e.what()).find("C major"), std::string::npos) << e.what();
        }
    }
    // Harmonic major's second rotation (D E F G Ab B C) has no dictionary name.
    const Scale hm{n("C4"), ScaleType::HarmonicMajor};
    try {
        (void)hm.mode(2);
        ADD_FAILURE() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("C harmonic major"), std::string::npos) << e.what();
    }
    EXPECT_EQ(names(hm.modes()), "C harmonic major, F lydian diminished");
}

struct ModesRow {
    std::string_view type;
    std::string_view modes;
};

// From tonal 6.4.3: for every ScaleType, Tonal.Scale.modeNames("C " + type)
// -> "root name" pairs joined by ", " (dump script tests/oracle/tonal/modes.js).
const ModesRow tonal_modes[] = {
    {"major pentatonic", "C major pentatonic, D egyptian, E malkos raga, G ritusen, A minor pentatonic"},
    {"major", "C major, D dorian, E phrygian, F lydian, G mixolydian, A minor, B locrian"},
    {"minor", "C minor, D locrian, Eb major, F dorian, G phrygian, Ab lydian, Bb mixolydian"},
    {"major blues", "C major blues, A minor blues"},
    {"minor blues", "C minor blues, Eb major blues"},
    {"melodic minor", "C melodic minor, D dorian b2, Eb lydian augmented, F lydian dominant, G mixolydian b6, A locrian #2, B altered"},
    {"harmonic minor", "C harmonic minor, D locrian 6, Eb major augmented, F dorian #4, G phrygian dominant, Ab lydian #9, B ultralocrian"},
    {"bebop", "C bebop, E bebop locrian, F ichikosucho, G bebop minor"},
    {"diminished", "C diminished, D half-whole diminished, Eb diminished, F half-whole diminished, Gb diminished, Ab half-whole diminished, A diminished, B half-whole diminished"},
    {"dorian", "C dorian, D phrygian, Eb lydian, F mixolydian, G minor, A locrian, Bb major"},
    {"lydian", "C lydian, D mixolydian, E minor, F# locrian, G major, A dorian, B phrygian"},
    {"mixolydian", "C mixolydian, D minor, E locrian, F major, G dorian, A phrygian, Bb lydian"},
    {"phrygian", "C phrygian, Db lydian, Eb mixolydian, F minor, G locrian, Ab major, Bb dorian"},
    {"locrian", "C locrian, Db major, Eb dorian, F phrygian, Gb lydian, Ab mixolydian, Bb minor"},
    {"ionian pentatonic", "C ionian pentatonic, E pelog"},
    {"mixolydian pentatonic", "C mixolydian pentatonic"},
    {"ritusen", "C ritusen, D minor pentatonic, F major pentatonic, G egyptian, A malkos raga"},
    {"egyptian", "C egyptian, D malkos raga, F ritusen, G minor pentatonic, Bb major pentatonic"},
    {"neapolitan major pentatonic", "C neapolitan major pentatonic"},
    {"vietnamese 1", "C vietnamese 1"},
    {"pelog", "C pelog, Ab ionian pentatonic"},
    {"kumoijoshi", "C kumoijoshi, Db lydian pentatonic, F hirajoshi, G iwato"},
    {"hirajoshi", "C hirajoshi, D iwato, G kumoijoshi, Ab lydian pentatonic"},
    {"iwato", "C iwato, F kumoijoshi, Gb lydian pentatonic, Bb hirajoshi"},
    {"in-sen", "C in-sen, G locrian pentatonic, Bb flat three pentatonic"},
    {"lydian pentatonic", "C lydian pentatonic, E hirajoshi, F# iwato, B kumoijoshi"},
    {"malkos raga", "C malkos raga, Eb ritusen, F minor pentatonic, Ab major pentatonic, Bb egyptian"},
    {"locrian pentatonic", "C locrian pentatonic, Eb flat three pentatonic, F in-sen"},
    {"minor pentatonic", "C minor pentatonic, Eb major pentatonic, F egyptian, G malkos raga, Bb ritusen"},
    {"minor six pentatonic", "C minor six pentatonic"},
    {"flat three pentatonic", "C flat three pentatonic, D in-sen, A locrian pentatonic"},
    {"flat six pentatonic", "C flat six pentatonic, Ab lydian #5p pentatonic"},
    {"scriabin", "C scriabin"},
    {"whole tone pentatonic", "C whole tone pentatonic"},
    {"lydian #5p pentatonic", "C lydian #5p pentatonic, E flat six pentatonic"},
    {"lydian dominant pentatonic", "C lydian dominant pentatonic"},
    {"minor #7m pentatonic", "C minor #7m pentatonic"},
    {"super locrian pentatonic", "C super locrian pentatonic"},
    {"minor hexatonic", "C minor hexatonic"},
    {"augmented", "C augmented, D# six tone symmetric, E augmented, G six tone symmetric, G# augmented, B six tone symmetric"},
    {"piongio", "C piongio"},
    {"prometheus neapolitan", "C prometheus neapolitan"},
    {"prometheus", "C prometheus"},
    {"mystery #1", "C mystery #1"},
    {"six tone symmetric", "C six tone symmetric, Db augmented, E six tone symmetric, F augmented, G# six tone symmetric, A augmented"},
    {"whole tone", "C whole tone, D whole tone, E whole tone, F# whole tone, G# whole tone, A# whole tone"},
    {"messiaen's mode #5", "C messiaen's mode #5, F# messiaen's mode #5"},
    {"locrian major", "C locrian major, F neapolitan major, Gb leading whole tone, Bb lydian minor"},
    {"double harmonic lydian", "C double harmonic lydian"},
    {"altered", "C altered, Db melodic minor, D# dorian b2, E lydian augmented, F# lydian dominant, Ab mixolydian b6, Bb locrian #2"},
    {"locrian #2", "C locrian #2, D altered, Eb melodic minor, F dorian b2, Gb lydian augmented, Ab lydian dominant, Bb mixolydian b6"},
    {"mixolydian b6", "C mixolydian b6, D locrian #2, E altered, F melodic minor, G dorian b2, Ab lydian augmented, Bb lydian dominant"},
    {"lydian dominant", "C lydian dominant, D mixolydian b6, E locrian #2, F# altered, G melodic minor, A dorian b2, Bb lydian augmented"},
    {"lydian augmented", "C lydian augmented, D lydian dominant, E mixolydian b6, F# locrian #2, G# altered, A melodic minor, B dorian b2"},
    {"dorian b2", "C dorian b2, Db lydian augmented, Eb lydian dominant, F mixolydian b6, G locrian #2, A altered, Bb melodic minor"},
    {"ultralocrian", "C ultralocrian, Db harmonic minor, Eb locrian 6, Fb major augmented, Gb dorian #4, Ab phrygian dominant, Bbb lydian #9"},
    {"locrian 6", "C locrian 6, Db major augmented, Eb dorian #4, F phrygian dominant, Gb lydian #9, A ultralocrian, Bb harmonic minor"},
    {"augmented heptatonic", "C augmented heptatonic"},
    {"dorian #4", "C dorian #4, D phrygian dominant, Eb lydian #9, F# ultralocrian, G harmonic minor, A locrian 6, Bb major augmented"},
    {"lydian diminished", "C lydian diminished, G harmonic major"},
    {"leading whole tone", "C leading whole tone, E lydian minor, F# locrian major, B neapolitan major"},
    {"lydian minor", "C lydian minor, D locrian major, G neapolitan major, Ab leading whole tone"},
    {"phrygian dominant", "C phrygian dominant, Db lydian #9, E ultralocrian, F harmonic minor, G locrian 6, Ab major augmented, Bb dorian #4"},
    {"balinese", "C balinese"},
    {"neapolitan major", "C neapolitan major, Db leading whole tone, F lydian minor, G locrian major"},
    {"harmonic major", "C harmonic major, F lydian diminished"},
    {"double harmonic major", "C double harmonic major, F hungarian minor, G oriental"},
    {"hungarian minor", "C hungarian minor, D oriental, G double harmonic major"},
    {"hungarian major", "C hungarian major"},
    {"oriental", "C oriental, F double harmonic major, Bb hungarian minor"},
    {"flamenco", "C flamenco"},
    {"todi raga", "C todi raga, G persian"},
    {"persian", "C persian, F todi raga"},
    {"enigmatic", "C enigmatic"},
    {"major augmented", "C major augmented, D dorian #4, E phrygian dominant, F lydian #9, G# ultralocrian, A harmonic minor, B locrian 6"},
    {"lydian #9", "C lydian #9, D# ultralocrian, E harmonic minor, F# locrian 6, G major augmented, A dorian #4, B phrygian dominant"},
    {"messiaen's mode #4", "C messiaen's mode #4, F# messiaen's mode #4"},
    {"purvi raga", "C purvi raga"},
    {"spanish heptatonic", "C spanish heptatonic, F minor bebop, Ab bebop major"},
    {"bebop minor", "C bebop minor, F bebop, A bebop locrian, Bb ichikosucho"},
    {"bebop major", "C bebop major, E spanish heptatonic, A minor bebop"},
    {"bebop locrian", "C bebop locrian, Db ichikosucho, Eb bebop minor, Ab bebop"},
    {"minor bebop", "C minor bebop, Eb bebop major, G spanish heptatonic"},
    {"ichikosucho", "C ichikosucho, D bebop minor, G bebop, B bebop locrian"},
    {"minor six diminished", "C minor six diminished"},
    {"half-whole diminished", "C half-whole diminished, Db diminished, Eb half-whole diminished, E diminished, F# half-whole diminished, G diminished, A half-whole diminished, Bb diminished"},
    {"kafi raga", "C kafi raga"},
    {"messiaen's mode #6", "C messiaen's mode #6, F# messiaen's mode #6"},
    {"composite blues", "C composite blues"},
    {"messiaen's mode #3", "C messiaen's mode #3, E messiaen's mode #3, Ab messiaen's mode #3"},
    {"messiaen's mode #7", "C messiaen's mode #7, F# messiaen's mode #7"},
    {"chromatic", "C chromatic, Db chromatic, D chromatic, Eb chromatic, E chromatic, F chromatic, Gb chromatic, G chromatic, Ab chromatic, A chromatic, Bb chromatic, B chromatic"},
};

TEST(ScaleModes, MatchTonalModeNamesForEveryType) {
    ASSERT_EQ(std::size(tonal_modes), ScaleType::count);
    for (const ModesRow& row : tonal_modes) {
        const Scale s{n("C4"), ScaleType::from_name(row.type)};
        EXPECT_EQ(names(s.modes()), row.modes) << row.type;
    }
}

} // namespace
