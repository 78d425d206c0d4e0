// NoteFilter (per note, not per pitch), ScaleFilter (snap with ties down,
// or drop) in C major, EventTypeFilter and ChannelRemap, with the expected
// events written out by hand.
#include <coremusic/midi/transform/filter.hpp>

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

MidiEvent msg(std::int64_t tick, MidiMessage m) { return MidiEvent::from_message(tick, m); }

std::vector<MidiEvent> events_of(const MidiSequence& s, std::size_t track = 0) {
    return {s.track(track).events().begin(), s.track(track).events().end()};
}

std::vector<int> pitches(const MidiSequence& s) {
    std::vector<int> out;
    for (const TrackNote& n : s.track(0).notes()) {
        out.push_back(n.note);
    }
    return out;
}

TEST(NoteFilter, RemovesOneNoteOfAPitchWithItsOwnNoteOff) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track();
    t.add_message(0, MidiMessage::note_on(0, 60, 100));    // A: 0..200 (FIFO)
    t.add_message(100, MidiMessage::note_on(0, 60, 20));   // B: 100..300
    t.add_message(200, MidiMessage::note_off(0, 60, 64));
    t.add_message(300, MidiMessage::note_off(0, 60, 64));
    t.add_cc(150, 1, 1);
    const MidiSequence out = s | NoteFilter{[](const TrackNote& n) { return n.velocity > 50; }};
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(0, 60, 100)),
        msg(150, MidiMessage::control_change(0, 1, 1)),
        msg(200, MidiMessage::note_off(0, 60, 64)),
    };
    EXPECT_EQ(events_of(out), want);
    // The predicate sees the paired note.
    std::vector<std::tuple<std::int64_t, std::int64_t, int>> seen;
    (void)(s | NoteFilter{[&](const TrackNote& n) {
               seen.emplace_back(n.start, n.end, n.velocity);
               return true;
           }});
    EXPECT_EQ(seen, (std::vector<std::tuple<std::int64_t, std::int64_t, int>>{{0, 200, 100}, {100, 300, 20}}));
    // An empty predicate keeps everything.
    EXPECT_EQ(s | NoteFilter{}, s);
}

TEST(NoteFilter, RepairsUnpairedEvents) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track();
    t.set_end_tick(500);
    t.add_message(10, MidiMessage::note_off(0, 61, 64));   // stray: removed
    t.add_message(20, MidiMessage::note_on(0, 60, 100));   // never released: closed at 500
    const MidiSequence out = s | NoteFilter{[](const TrackNote&) { return true; }};
    const std::vector<MidiEvent> want = {
        msg(20, MidiMessage::note_on(0, 60, 100)),
        msg(500, MidiMessage::note_off(0, 60, 0)),
    };
    EXPECT_EQ(events_of(out), want);
}

TEST(ScaleFilter, SnapsToTheNearestScaleNoteTiesDown) {
    const cm::theory::Scale c_major{cm::theory::Note::from_name("C4"), cm::theory::ScaleType::Major};
    MidiSequence s(480);
    MidiTrack& t = s.add_track();
    std::int64_t at = 0;
    for (const int p : {60, 61, 63, 66, 68, 70, 0, 1, 127}) {
        t.add_note(at, 10, p);
        at += 20;
    }
    // C#4 -> C4, D#4 -> D4, F#4 -> F4, G#4 -> G4, A#4 -> A4 (all ties, down);
    // 1 (C#-1) -> 0; 127 (G9) is in C major.
    EXPECT_EQ(pitches(s | ScaleFilter{c_major}), (std::vector<int>{60, 60, 62, 65, 67, 69, 0, 0, 127}));
    EXPECT_EQ(pitches(s | ScaleFilter{c_major, ScaleFilterMode::Drop}), (std::vector<int>{60, 0, 127}));
    // In C minor pentatonic (C Eb F G Bb), D (62) is 1 from Eb and 2 from C: Eb.
    const cm::theory::Scale c_pent{cm::theory::Note::from_name("C4"), cm::theory::ScaleType::PentatonicMinor};
    EXPECT_EQ(ScaleFilter{c_pent}.map(62), 63);
    EXPECT_EQ(ScaleFilter{c_pent}.map(64), 63);  // E: Eb 1 below, F 1 above: down
    EXPECT_EQ(ScaleFilter{c_pent}.map(69), 70);  // A: G 2 below, Bb 1 above
}

TEST(EventTypeFilter, KeepsOrRemovesKinds) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track();
    t.add_tempo(0, 120.0);
    t.add_marker(0, "m");
    t.add_event(MidiEvent::sysex(0, {0x01, 0xF7}));
    t.add_note(0, 10, 60);
    t.add_cc(0, 1, 2);
    t.add_program(0, 3);
    t.add_pitch_bend(0, 100);
    t.add_message(0, MidiMessage::channel_pressure(0, 4));
    t.add_message(0, MidiMessage::poly_pressure(0, 60, 5));
    const auto kinds = [](const MidiSequence& x) {
        std::vector<EventTypes> out;
        for (const MidiEvent& e : x.track(0).events()) {
            out.push_back(event_type(e));
        }
        return out;
    };
    EXPECT_EQ(kinds(s | EventTypeFilter::only(EventTypes::Notes)), (std::vector<EventTypes>{EventTypes::Notes, EventTypes::Notes}));
    EXPECT_EQ(kinds(s | EventTypeFilter::only(EventTypes::Timing | EventTypes::SysEx)),
              (std::vector<EventTypes>{EventTypes::Timing, EventTypes::SysEx}));
    EXPECT_EQ(kinds(s | EventTypeFilter::remove(EventTypes::Notes | EventTypes::ControlChange | EventTypes::OtherMeta)),
              (std::vector<EventTypes>{EventTypes::Timing, EventTypes::SysEx, EventTypes::ProgramChange,
                                       EventTypes::PitchBend, EventTypes::ChannelPressure, EventTypes::PolyPressure}));
    EXPECT_EQ(s | EventTypeFilter{}, s);
    EXPECT_EQ((s | EventTypeFilter::only(EventTypes::None)).event_count(), 0u);
}

TEST(ChannelRemap, MovesAndDropsChannels) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track("t", 1);
    t.add_note(0, 10, 60, 100, 0);
    t.add_pitch_bend(5, 12345, 1);
    t.add_cc(6, 7, 8, 2);
    t.add_tempo(7, 100.0);
    ChannelRemap r;
    r.map[0] = 9;
    r.map[1] = 3;
    r.map[2] = -1;
    const MidiSequence out = s | r;
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(9, 60, 100)),
        msg(5, MidiMessage::pitch_bend(3, 12345)),
        MidiEvent::tempo(7, 600000),
        msg(10, MidiMessage::note_off(9, 60, 64)),
    };
    EXPECT_EQ(events_of(out), want);
    EXPECT_EQ(out.track(0).channel(), 3);
    EXPECT_EQ(s | ChannelRemap{}, s);
    const MidiSequence all = s | ChannelRemap::all_to(15);
    for (const MidiEvent& e : all.track(0).events()) {
        if (e.is_message()) {
            EXPECT_EQ(e.message.channel(), 15);
        }
    }
    r.map[4] = 16;
    EXPECT_THROW((void)(s | r), cm::MidiError);
}

} // namespace
