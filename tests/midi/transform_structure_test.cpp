// TrackMerge (order at equal ticks, name, end, format) and Arpeggiate
// (chord detection, the Arpeggiator's pattern, gate and swing converted to
// ticks by hand at 480 ppq, truncation at the chord's end, octaves kept in
// range), and the seed's pattern names.
#include <coremusic/midi/transform/structure.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <system_error>
#include <tuple>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/theory/arpeggiator.hpp>
#include <coremusic/theory/note_value.hpp>

namespace {

using namespace cm::midi;
using cm::theory::ArpPattern;
using cm::theory::NoteValue;
using Note = std::tuple<std::int64_t, std::int64_t, int, int, int>;  // start, end, note, velocity, channel

MidiEvent msg(std::int64_t tick, MidiMessage m) { return MidiEvent::from_message(tick, m); }

std::vector<Note> notes(const MidiSequence& s, std::size_t track = 0) {
    std::vector<Note> out;
    for (const TrackNote& n : s.track(track).notes()) {
        out.emplace_back(n.start, n.end, n.note, n.velocity, n.channel);
    }
    return out;
}

MidiSequence chord(const std::vector<int>& pitches, std::int64_t start, std::int64_t len, int vel = 100, int ch = 0) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track("t");
    for (const int p : pitches) {
        t.add_note(start, len, p, vel, ch);
        ++vel;
    }
    return s;
}

TEST(TrackMerge, MergesInTrackOrderAtEqualTicks) {
    MidiSequence s(480);
    MidiTrack& a = s.add_track("Lead", 2);
    a.add_note(0, 100, 60);
    a.add_cc(50, 1, 1);
    a.set_end_tick(300);
    MidiTrack& b = s.add_track("Bass", 3);
    b.add_cc(50, 2, 2);
    b.add_note(0, 100, 40);
    b.add_tempo(50, 100.0);
    b.set_end_tick(500);
    s.track(0).add_cc(50, 3, 3);
    const MidiSequence out = s | TrackMerge{};
    EXPECT_EQ(out.format(), 0);
    ASSERT_EQ(out.track_count(), 1u);
    EXPECT_EQ(out.track(0).name(), "Lead");
    EXPECT_EQ(out.track(0).channel(), 2);
    EXPECT_EQ(out.track(0).end_tick(), 500);
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(2, 60, 100)),
        msg(0, MidiMessage::note_on(3, 40, 100)),
        MidiEvent::tempo(50, 600000),
        msg(50, MidiMessage::control_change(2, 1, 1)),
        msg(50, MidiMessage::control_change(2, 3, 3)),
        msg(50, MidiMessage::control_change(3, 2, 2)),
        msg(100, MidiMessage::note_off(2, 60, 64)),
        msg(100, MidiMessage::note_off(3, 40, 64)),
    };
    EXPECT_EQ(std::vector<MidiEvent>(out.track(0).events().begin(), out.track(0).events().end()), want);
    EXPECT_EQ(MidiSequence{} | TrackMerge{}, MidiSequence{});
}

TEST(Arpeggiate, UpSixteenthsWithHalfGate) {
    // C E G held for a beat (480 ticks): sixteenths (120), gate 0.5 (60 ticks),
    // at the loudest velocity (102).
    const MidiSequence out = chord({64, 60, 67}, 0, 480) | Arpeggiate{};
    EXPECT_EQ(notes(out), (std::vector<Note>{{0, 60, 60, 102, 0},
                                             {120, 180, 64, 102, 0},
                                             {240, 300, 67, 102, 0},
                                             {360, 420, 60, 102, 0}}));
}

TEST(Arpeggiate, PatternGateSwingAndTruncation) {
    // UpDown: C E G E C ...; gate 1 is legato; the chord lasts 500 ticks, so a
    // fifth step starts at 480 and is cut at 500.
    const MidiSequence s = chord({60, 64, 67}, 960, 500, 90, 4);
    EXPECT_EQ(notes(s | Arpeggiate{.pattern = ArpPattern::UpDown, .gate = 1.0}),
              (std::vector<Note>{{960, 1080, 60, 92, 4},
                                 {1080, 1200, 64, 92, 4},
                                 {1200, 1320, 67, 92, 4},
                                 {1320, 1440, 64, 92, 4},
                                 {1440, 1460, 60, 92, 4}}));
    // Swing 0.5: odd steps 0.5 * 0.25 / 2 = 1/16 beat (30 ticks) late:
    // onsets 0, 150, 240, 390; gate 1: lengths 150, 90, 150, 90.
    EXPECT_EQ(notes(chord({60, 64, 67}, 0, 480) | Arpeggiate{.gate = 1.0, .swing = 0.5}),
              (std::vector<Note>{{0, 150, 60, 102, 0}, {150, 240, 64, 102, 0}, {240, 390, 67, 102, 0}, {390, 480, 60, 102, 0}}));
    // Eighths, two octaves, Down: G5 E5 C5 G4 ... over 960 ticks (4 steps of 240).
    EXPECT_EQ(notes(chord({60, 64, 67}, 0, 960) | Arpeggiate{.pattern = ArpPattern::Down, .rate = NoteValue::Eighth, .octaves = 2}),
              (std::vector<Note>{{0, 120, 79, 102, 0}, {240, 360, 76, 102, 0}, {480, 600, 72, 102, 0}, {720, 840, 67, 102, 0}}));
}

TEST(Arpeggiate, OctavesAboveTheRangeAreLeftOut) {
    // 120 and 124: a second octave would reach 136; one octave is played.
    EXPECT_EQ(notes(chord({120, 124}, 0, 240) | Arpeggiate{.octaves = 3}),
              (std::vector<Note>{{0, 60, 120, 101, 0}, {120, 180, 124, 101, 0}}));
}

TEST(Arpeggiate, OnlyChordsAreArpeggiated) {
    MidiSequence s = chord({60, 64}, 0, 240);
    MidiTrack& t = s.track(0);
    t.add_note(480, 240, 72);           // a single note: stays
    t.add_note(960, 240, 50, 100, 1);   // one note on channel 1 and ...
    t.add_note(965, 240, 53, 100, 0);   // ... one on channel 0 five ticks later: no chord
    t.add_cc(0, 1, 1);
    const MidiSequence out = s | Arpeggiate{};
    EXPECT_EQ(notes(out), (std::vector<Note>{{0, 60, 60, 101, 0},
                                             {120, 180, 64, 101, 0},
                                             {480, 720, 72, 100, 0},
                                             {960, 1200, 50, 100, 1},
                                             {965, 1205, 53, 100, 0}}));
    EXPECT_EQ(out.track(0).events()[0].message, MidiMessage::control_change(0, 1, 1));
    // With a window of 5 ticks two notes on one channel 5 ticks apart form a
    // chord lasting from 960 to the later end, 1205:
    MidiSequence w = chord({}, 0, 1);
    w.track(0).add_note(960, 240, 50);
    w.track(0).add_note(965, 240, 53);
    EXPECT_EQ(notes(w | Arpeggiate{.gate = 1.0, .chord_window = 5}),
              (std::vector<Note>{{960, 1080, 50, 100, 0}, {1080, 1200, 53, 100, 0}, {1200, 1205, 50, 100, 0}}));
}

TEST(Arpeggiate, PatternNamesAsTheSeedWritesThem) {
    EXPECT_EQ(arp_pattern_from_name("up"), ArpPattern::Up);
    EXPECT_EQ(arp_pattern_from_name("up_down"), ArpPattern::UpDown);
    EXPECT_EQ(arp_pattern_from_name("UpDown"), ArpPattern::UpDown);
    EXPECT_EQ(arp_pattern_from_name("down_up"), ArpPattern::DownUp);
    EXPECT_EQ(arp_pattern_from_name("up_down_inclusive"), ArpPattern::UpDownInclusive);
    EXPECT_EQ(arp_pattern_from_name("random"), ArpPattern::Random);
    EXPECT_EQ(arp_pattern_from_name("random-walk"), ArpPattern::RandomWalk);
    EXPECT_EQ(arp_pattern_from_name("as played"), ArpPattern::AsPlayed);
    EXPECT_EQ(arp_pattern_from_name("outside_in"), ArpPattern::OutsideIn);
    EXPECT_EQ(arp_pattern_from_name("INSIDE_OUT"), ArpPattern::InsideOut);
    EXPECT_THROW((void)arp_pattern_from_name("sideways"), cm::MidiError);
    std::error_code ec;
    EXPECT_EQ(arp_pattern_from_name("sideways", ec), ArpPattern::Up);
    EXPECT_EQ(ec, cm::make_error_code(cm::Errc::InvalidArgument));
    EXPECT_EQ(arp_pattern_from_name("down", ec), ArpPattern::Down);
    EXPECT_FALSE(ec);
}

TEST(Arpeggiate, Validation) {
    const MidiSequence s = chord({60, 64}, 0, 240);
    EXPECT_THROW((void)(s | Arpeggiate{.octaves = 0}), cm::MidiError);
    EXPECT_THROW((void)(s | Arpeggiate{.gate = 0.0}), cm::MidiError);
    EXPECT_THROW((void)(s | Arpeggiate{.swing = 1.5}), cm::MidiError);
    EXPECT_THROW((void)(s | Arpeggiate{.min_notes = 0}), cm::MidiError);
    MidiSequence smpte(Division::smpte(25, 40), 1);
    smpte.add_track();
    EXPECT_THROW((void)(smpte | Arpeggiate{}), cm::MidiError);
}

} // namespace
