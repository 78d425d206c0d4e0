// Transpose, Invert and Harmonize: expected notes worked out by hand (note
// numbers: C4 = 60), the drop and clamp rules at the ends of 0..127, poly
// pressure following its note, and diatonic harmony in C major.
#include <coremusic/midi/transform/pitch.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/scale_type.hpp>

namespace {

using namespace cm::midi;
using Note = std::tuple<std::int64_t, std::int64_t, int, int, int>;  // start, end, note, velocity, channel

std::vector<Note> notes(const MidiSequence& s, std::size_t track = 0) {
    std::vector<Note> out;
    for (const TrackNote& n : s.track(track).notes()) {
        out.emplace_back(n.start, n.end, n.note, n.velocity, n.channel);
    }
    return out;
}

MidiSequence one_track(const std::vector<Note>& ns) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track("t");
    for (const auto& [start, end, note, vel, ch] : ns) {
        t.add_note(start, end - start, note, vel, ch);
    }
    return s;
}

TEST(Transpose, MovesNotesAndPolyPressure) {
    MidiSequence s = one_track({{0, 480, 60, 100, 0}, {480, 960, 64, 90, 1}});
    s.track(0).add_message(100, MidiMessage::poly_pressure(0, 60, 33));
    s.track(0).add_cc(100, 1, 60);  // a controller value of 60 is not a note
    const MidiSequence out = s | Transpose{5};
    EXPECT_EQ(notes(out), (std::vector<Note>{{0, 480, 65, 100, 0}, {480, 960, 69, 90, 1}}));
    // Same rank at tick 100: in the order added.
    EXPECT_EQ(out.track(0).events()[1].message, MidiMessage::poly_pressure(0, 65, 33));
    EXPECT_EQ(out.track(0).events()[2].message, MidiMessage::control_change(0, 1, 60));
    EXPECT_EQ(notes(transpose(s, -12)), (std::vector<Note>{{0, 480, 48, 100, 0}, {480, 960, 52, 90, 1}}));
}

TEST(Transpose, OutOfRangeDropsOrClamps) {
    const MidiSequence s = one_track({{0, 100, 120, 100, 0}, {0, 100, 125, 100, 0}, {200, 300, 3, 90, 0}});
    // Drop (default): 125 + 5 = 130 leaves the range, its note-on and note-off go.
    const MidiSequence up = s | Transpose{5};
    EXPECT_EQ(notes(up), (std::vector<Note>{{0, 100, 125, 100, 0}, {200, 300, 8, 90, 0}}));
    EXPECT_EQ(up.track(0).size(), 4u);
    // Clamp: 130 -> 127.
    EXPECT_EQ(notes(s | Transpose{5, RangeRule::Clamp}),
              (std::vector<Note>{{0, 100, 125, 100, 0}, {0, 100, 127, 100, 0}, {200, 300, 8, 90, 0}}));
    // Down by 5: 3 - 5 = -2 dropped, or clamped to 0.
    EXPECT_EQ(notes(s | Transpose{-5}), (std::vector<Note>{{0, 100, 115, 100, 0}, {0, 100, 120, 100, 0}}));
    EXPECT_EQ(notes(s | Transpose{-5, RangeRule::Clamp}),
              (std::vector<Note>{{0, 100, 115, 100, 0}, {0, 100, 120, 100, 0}, {200, 300, 0, 90, 0}}));
    // Far beyond the range: everything goes.
    EXPECT_EQ((s | Transpose{1000}).track(0).size(), 0u);
}

TEST(Invert, MirrorsAroundThePivot) {
    const MidiSequence s = one_track({{0, 10, 60, 100, 0}, {10, 20, 64, 100, 0}, {20, 30, 67, 100, 0}});
    // Around C4: E4 (64) -> Ab3 (56), G4 (67) -> F3 (53).
    EXPECT_EQ(notes(s | Invert{60}), (std::vector<Note>{{0, 10, 60, 100, 0}, {10, 20, 56, 100, 0}, {20, 30, 53, 100, 0}}));
    // Around E4: C4 -> G#4 (68), E4 stays, G4 -> C#4 (61).
    EXPECT_EQ(notes(s | Invert{64}), (std::vector<Note>{{0, 10, 68, 100, 0}, {10, 20, 64, 100, 0}, {20, 30, 61, 100, 0}}));
    // Around 10: 60 -> -40, out of range.
    EXPECT_EQ((s | Invert{10}).track(0).size(), 0u);
    EXPECT_EQ(notes(s | Invert{10, RangeRule::Clamp}),
              (std::vector<Note>{{0, 10, 0, 100, 0}, {10, 20, 0, 100, 0}, {20, 30, 0, 100, 0}}));
    EXPECT_THROW((void)(s | Invert{128}), cm::MidiError);
}

TEST(Harmonize, ChromaticIntervals) {
    const MidiSequence s = one_track({{0, 480, 60, 100, 2}, {480, 960, 125, 80, 2}});
    // A major triad above each note; 125 + 4 and 125 + 7 leave the range.
    const MidiSequence out = s | Harmonize{{4, 7}, {}};
    EXPECT_EQ(notes(out), (std::vector<Note>{{0, 480, 60, 100, 2},
                                             {0, 480, 64, 100, 2},
                                             {0, 480, 67, 100, 2},
                                             {480, 960, 125, 80, 2}}));
    // Interval 0 and repeats add nothing; negative intervals add below
    // (added notes follow the note they harmonize).
    EXPECT_EQ(notes(one_track({{0, 10, 60, 100, 0}}) | Harmonize{{0, -12, -12}, {}}),
              (std::vector<Note>{{0, 10, 60, 100, 0}, {0, 10, 48, 100, 0}}));
}

TEST(Harmonize, DiatonicStepsInAScale) {
    const cm::theory::Scale c_major{cm::theory::Note::from_name("C4"), cm::theory::ScaleType::Major};
    const MidiSequence s =
        one_track({{0, 10, 60, 100, 0}, {10, 20, 62, 100, 0}, {20, 30, 71, 100, 0}, {30, 40, 61, 100, 0}});
    const MidiSequence out = s | Harmonize{{2, 4}, c_major};
    // C -> E G; D -> F A (minor third, perfect fifth); B -> D5 F5 (diminished);
    // C# is not in C major: nothing added.
    EXPECT_EQ(notes(out), (std::vector<Note>{{0, 10, 60, 100, 0},
                                             {0, 10, 64, 100, 0},
                                             {0, 10, 67, 100, 0},
                                             {10, 20, 62, 100, 0},
                                             {10, 20, 65, 100, 0},
                                             {10, 20, 69, 100, 0},
                                             {20, 30, 71, 100, 0},
                                             {20, 30, 74, 100, 0},
                                             {20, 30, 77, 100, 0},
                                             {30, 40, 61, 100, 0}}));
    // A third below in A minor (the same notes): A3 -> F3.
    const cm::theory::Scale a_minor{cm::theory::Note::from_name("A3"), cm::theory::ScaleType::Minor};
    EXPECT_EQ(notes(one_track({{0, 10, 57, 100, 0}}) | Harmonize{{-2}, a_minor}),
              (std::vector<Note>{{0, 10, 57, 100, 0}, {0, 10, 53, 100, 0}}));
}

} // namespace
