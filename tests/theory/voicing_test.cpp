// Voicings and voice leading, all hand-worked from the standard definitions:
// drop-N lowers the N-th voice from the top of the close voicing by an
// octave; spread lowers the 1st, 3rd, 5th ... from the bottom; voice-leading
// distances and nearest voicings are worked out over every candidate in the comments.
#include <coremusic/theory/voicing.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace {

using cm::theory::Chord;
using cm::theory::ChordType;
using cm::theory::Note;
using cm::theory::VoicingStyle;
using cm::theory::nearest_voicing;
using cm::theory::revoice;
using cm::theory::voice_leading_distance;
using cm::theory::voicing;

Note n(std::string_view name) { return Note::from_name(name); }

std::vector<Note> notes(std::string_view names) {
    std::vector<Note> out;
    std::size_t i = 0;
    while (i < names.size()) {
        const std::size_t end = std::min(names.find(' ', i), names.size());
        out.push_back(n(names.substr(i, end - i)));
        i = end + 1;
    }
    return out;
}

std::string joined(const std::vector<Note>& v) {
    std::string out;
    for (const Note& x : v) {
        out += (out.empty() ? "" : " ") + x.name();
    }
    return out;
}

TEST(Voicing, Styles) {
    struct Row {
        std::string_view chord;  // root with octave, then the type
        ChordType type;
        VoicingStyle style;
        std::string_view notes;
    };
    const Row rows[] = {
        // Cmaj7 close C4 E4 G4 B4; from the top: B4 = 1, G4 = 2, E4 = 3, C4 = 4.
        {"C4", ChordType::Major7, VoicingStyle::Close, "C4 E4 G4 B4"},
        {"C4", ChordType::Major7, VoicingStyle::Drop2, "G3 C4 E4 B4"},
        {"C4", ChordType::Major7, VoicingStyle::Drop3, "E3 C4 G4 B4"},
        {"C4", ChordType::Major7, VoicingStyle::Drop24, "C3 G3 E4 B4"},
        {"C4", ChordType::Major7, VoicingStyle::Spread, "C3 G3 E4 B4"},  // C4, G4 down: 1 5 3 7
        // C triad: G4 = 1, E4 = 2, C4 = 3.
        {"C4", ChordType::Major, VoicingStyle::Drop2, "E3 C4 G4"},
        {"C4", ChordType::Major, VoicingStyle::Drop3, "C3 E4 G4"},
        {"C4", ChordType::Major, VoicingStyle::Spread, "C3 G3 E4"},      // root, fifth, tenth
        // G7 from G3: G3 B3 D4 F4.
        {"G3", ChordType::Dominant7, VoicingStyle::Close, "G3 B3 D4 F4"},
        {"G3", ChordType::Dominant7, VoicingStyle::Drop2, "D3 G3 B3 F4"},
        {"G3", ChordType::Dominant7, VoicingStyle::Drop3, "B2 G3 D4 F4"},
        {"G3", ChordType::Dominant7, VoicingStyle::Drop24, "G2 D3 B3 F4"},
        // C9: C4 E4 G4 Bb4 D5.
        {"C4", ChordType::Dominant9, VoicingStyle::Drop2, "Bb3 C4 E4 G4 D5"},
        {"C4", ChordType::Dominant9, VoicingStyle::Spread, "C3 G3 D4 E4 Bb4"},  // C4 G4 D5 down
        // Power chord C4 G4: the second voice from the top is C4.
        {"C4", ChordType::Power, VoicingStyle::Drop2, "C3 G4"},
    };
    for (const Row& row : rows) {
        const Chord c{n(row.chord), row.type};
        EXPECT_EQ(joined(voicing(c, row.style)), row.notes) << c.symbol() << " " << static_cast<int>(row.style);
    }
    // A slash chord is voiced from its own close stack, C7/E = E4 G4 Bb4 C5.
    const Chord c7e = Chord{n("C4"), ChordType::Dominant7}.inversion(1);
    EXPECT_EQ(joined(voicing(c7e)), "E4 G4 Bb4 C5");
    EXPECT_EQ(joined(voicing(c7e, VoicingStyle::Drop2)), "Bb3 E4 G4 C5");
    EXPECT_EQ(joined(voicing(c7e, VoicingStyle::Spread)), "E3 Bb3 G4 C5");  // E4 and Bb4 down
    // revoice works on any ascending stack.
    EXPECT_EQ(joined(revoice(notes("D4 F4 A4 C5"), VoicingStyle::Drop2)), "A3 D4 F4 C5");
    // Spellings are kept.
    EXPECT_EQ(joined(voicing(Chord{n("Db4"), ChordType::Dominant7}, VoicingStyle::Drop2)), "Ab3 Db4 F4 Cb5");
}

TEST(Voicing, TooFewNotes) {
    const Chord power{n("C4"), ChordType::Power};
    EXPECT_THROW((void)voicing(power, VoicingStyle::Drop3), cm::TheoryError);
    EXPECT_THROW((void)voicing(Chord{}, VoicingStyle::Drop24), cm::TheoryError);
    try {
        (void)voicing(Chord{}, VoicingStyle::Drop24);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("drop-2-and-4 voicing of 3 notes: expected at least 4"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW((void)nearest_voicing(power, notes("C4 E4 G4"), VoicingStyle::Drop3), cm::TheoryError);
}

TEST(Voicing, Distance) {
    EXPECT_EQ(voice_leading_distance(notes("C4 E4 G4"), notes("C4 F4 A4")), 3);  // 0 + 1 + 2
    EXPECT_EQ(voice_leading_distance(notes("G4 C4 E4"), notes("A4 F4 C4")), 3);  // any order
    EXPECT_EQ(voice_leading_distance(notes("C4 F4 A4"), notes("C4 E4 G4")), 3);  // symmetric
    // Sizes differ: C E G take C E G, and B4 is 4 from its nearest, G4.
    EXPECT_EQ(voice_leading_distance(notes("C4 E4 G4"), notes("C4 E4 G4 B4")), 4);
    EXPECT_EQ(voice_leading_distance(notes("C4 E4 G4 B4"), notes("C4 E4 G4")), 4);
    EXPECT_EQ(voice_leading_distance(notes("C4"), notes("C4 C5")), 12);
    // Paired bottom-up without crossing: C4 G4 -> G4 C5 is 7 + 5, not 0 + 12.
    EXPECT_EQ(voice_leading_distance(notes("C4 G4"), notes("G4 C5")), 12);
    EXPECT_EQ(voice_leading_distance(notes("C4 E4"), {}), 0);
}

TEST(Voicing, NearestClose) {
    // C4 E4 G4 -> F: F A C at F4 15, F3 21, F/A A3 C4 F4 9, F/C C4 F4 A4 3 (others further).
    const Chord f{n("F4"), ChordType::Major};
    EXPECT_EQ(joined(nearest_voicing(f, notes("C4 E4 G4"), VoicingStyle::Close)), "C4 F4 A4");
    // ii-V-I. D4 F4 A4 C5 -> G7: G3 B3 D4 F4 27, G4.. 21, B3 D4 F4 G4 15, D4 F4 G4 B4 3,
    // F4 G4 B4 D5 9.
    const Chord g7{n("G4"), ChordType::Dominant7};
    const std::vector<Note> v = nearest_voicing(g7, notes("D4 F4 A4 C5"), VoicingStyle::Close);
    EXPECT_EQ(joined(v), "D4 F4 G4 B4");
    EXPECT_EQ(voice_leading_distance(notes("D4 F4 A4 C5"), v), 3);
    // D4 F4 G4 B4 -> Cmaj7: C4 E4 G4 B4 3, E4 G4 B4 C5 9, B3 C4 E4 G4 15, G3 B3 C4 E4 27.
    const Chord cmaj7{n("C4"), ChordType::Major7};
    EXPECT_EQ(joined(nearest_voicing(cmaj7, v, VoicingStyle::Close)), "C4 E4 G4 B4");
    // A slash chord keeps its bass: C/E after C4 E4 G4 is E4 G4 C5 (4 + 3 + 5), not E3 G3 C4.
    const Chord ce{n("C4"), ChordType::Major, n("E4")};
    EXPECT_EQ(joined(nearest_voicing(ce, notes("C4 E4 G4"), VoicingStyle::Close)), "E4 G4 C5");
    // With nothing before, the plain voicing.
    EXPECT_EQ(joined(nearest_voicing(cmaj7, {}, VoicingStyle::Drop2)), "G3 C4 E4 B4");
}

TEST(Voicing, NearestAnyStyle) {
    // A voicing of the chord itself comes back: it moves 0.
    const Chord cmaj7{n("C4"), ChordType::Major7};
    for (const std::string_view prev : {"C3 G3 E4 B4", "G3 C4 E4 B4", "E2 C3 G3 B3", "B3 C4 E4 G4"}) {
        EXPECT_EQ(joined(nearest_voicing(cmaj7, notes(prev))), prev);
    }
    // Never further than the best close voicing.
    const std::vector<Note> prev = notes("D3 A3 C4 F4");
    const Chord g7{n("G3"), ChordType::Dominant7};
    EXPECT_LE(voice_leading_distance(prev, nearest_voicing(g7, prev)),
              voice_leading_distance(prev, nearest_voicing(g7, prev, VoicingStyle::Close)));
    // Dm7 drop-2 (A3 D4 F4 C5) -> G7 in drop-2: G7 D3 G3 B3 F4 (or an octave up) moves 27
    // (21); G7/B B3 D4 F4 G4 -> F3 B3 D4 G4 moves 4 + 3 + 3 + 5 = 15; G7/F F4 G4 B4 D5 ->
    // B3 F4 G4 D5 moves 2 + 3 + 2 + 2 = 9; G7/D D4 F4 G4 B4 -> G3 D4 F4 B4 moves 2 + 0 + 0 + 1 = 3.
    EXPECT_EQ(joined(nearest_voicing(g7, notes("A3 D4 F4 C5"), VoicingStyle::Drop2)), "G3 D4 F4 B4");
}

} // namespace
