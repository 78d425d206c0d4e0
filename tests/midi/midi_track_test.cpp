// MidiTrack: the equal-tick order (meta, SysEx, note-off, other messages,
// note-on) and stable insertion written out by hand, FIFO note pairing with
// overlapping notes of one pitch, velocity-0 note-ons, unmatched and stray
// events, beats -> ticks with the documented rounding worked by hand, the
// meta event payloads from the Standard MIDI Files 1.0 specification, and
// the adaptive sort against an independent keyed sort.
#include <coremusic/midi/midi_track.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/theory/duration.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/note_value.hpp>
#include <coremusic/theory/random.hpp>

namespace {

using cm::midi::MidiEvent;
using cm::midi::MidiMessage;
using cm::midi::MidiTrack;
using cm::midi::TrackNote;
using cm::theory::Duration;
using cm::theory::NoteEvent;
using cm::theory::NoteValue;

MidiEvent msg(std::int64_t tick, MidiMessage m) { return MidiEvent::from_message(tick, m); }

std::vector<MidiEvent> events_of(const MidiTrack& t) { return {t.events().begin(), t.events().end()}; }

TEST(MidiTrack, DefaultsAndConstruction) {
    const MidiTrack t;
    EXPECT_EQ(t.name(), "");
    EXPECT_EQ(t.channel(), 0);
    EXPECT_EQ(t.ppq(), 480);
    EXPECT_TRUE(t.empty());
    EXPECT_EQ(t.end_tick(), 0);
    const MidiTrack p("Piano", 3, 96);
    EXPECT_EQ(p.name(), "Piano");
    EXPECT_EQ(p.channel(), 3);
    EXPECT_EQ(p.ppq(), 96);
    EXPECT_THROW(MidiTrack("x", 16), cm::MidiError);
    EXPECT_THROW(MidiTrack("x", -1), cm::MidiError);
    EXPECT_THROW(MidiTrack("x", 0, 40000), cm::MidiError);
}

TEST(MidiTrack, AddNoteWritesNoteOnAndNoteOff) {
    MidiTrack t("t", 2);
    t.add_note(0, 480, 60, 100);
    t.add_note(480, 240, 64, 90, 5);
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(2, 60, 100)),
        msg(480, MidiMessage::note_off(2, 60, 64)),
        msg(480, MidiMessage::note_on(5, 64, 90)),
        msg(720, MidiMessage::note_off(5, 64, 64)),
    };
    EXPECT_EQ(events_of(t), want);
    EXPECT_EQ(t.end_tick(), 720);
}

TEST(MidiTrack, EqualTickOrderMetaSysExNoteOffOtherNoteOn) {
    MidiTrack t;
    // Added in the reverse of the order they must end up in at tick 480.
    t.add_note(480, 480, 62, 80);                               // on@480, off@960
    t.add_cc(480, 7, 100);                                      // other message
    t.add_note(0, 480, 60, 100);                                // on@0, off@480
    t.add_event(MidiEvent::sysex(480, {0x7E, 0x7F, 0x09, 0x01, 0xF7}));
    t.add_tempo(480, 120.0);
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(0, 60, 100)),
        MidiEvent::meta_event(480, 0x51, {0x07, 0xA1, 0x20}),    // 500000 us
        MidiEvent::sysex(480, {0x7E, 0x7F, 0x09, 0x01, 0xF7}),
        msg(480, MidiMessage::note_off(0, 60, 64)),
        msg(480, MidiMessage::control_change(0, 7, 100)),
        msg(480, MidiMessage::note_on(0, 62, 80)),
        msg(960, MidiMessage::note_off(0, 62, 64)),
    };
    EXPECT_EQ(events_of(t), want);
}

TEST(MidiTrack, RepeatedNoteIsNotCutByThePreviousNoteOff) {
    MidiTrack t;
    t.add_note(480, 480, 60, 100);
    t.add_note(0, 480, 60, 100);
    // At 480 the first note's note-off comes before the second's note-on,
    // so both notes last 480 ticks.
    const auto notes = t.notes();
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0].start, 0);
    EXPECT_EQ(notes[0].end, 480);
    EXPECT_EQ(notes[1].start, 480);
    EXPECT_EQ(notes[1].end, 960);
    EXPECT_EQ(notes.stray_note_offs, 0u);
}

TEST(MidiTrack, EventsOfEqualRankKeepInsertionOrder) {
    MidiTrack t;
    t.add_cc(10, 1, 1);
    t.add_cc(5, 2, 2);
    t.add_cc(10, 3, 3);
    t.add_program(10, 4);
    t.add_cc(10, 5, 5);
    const std::vector<MidiEvent> want = {
        msg(5, MidiMessage::control_change(0, 2, 2)),  msg(10, MidiMessage::control_change(0, 1, 1)),
        msg(10, MidiMessage::control_change(0, 3, 3)), msg(10, MidiMessage::program_change(0, 4)),
        msg(10, MidiMessage::control_change(0, 5, 5)),
    };
    EXPECT_EQ(events_of(t), want);
}

TEST(MidiTrack, NotesPairFirstInFirstOutPerChannelAndPitch) {
    MidiTrack t;
    t.add_message(0, MidiMessage::note_on(0, 60, 100));    // A
    t.add_message(100, MidiMessage::note_on(0, 60, 50));   // B, same pitch, overlapping
    t.add_message(150, MidiMessage::note_on(1, 60, 70));   // C, other channel
    t.add_message(200, MidiMessage::note_off(0, 60, 10));  // ends A (the earliest)
    t.add_message(250, MidiMessage::note_off(1, 60, 30));  // ends C
    t.add_message(300, MidiMessage::note_off(0, 60, 20));  // ends B
    const auto n = t.notes();
    ASSERT_EQ(n.size(), 3u);
    EXPECT_EQ((std::tuple{n[0].start, n[0].end, n[0].velocity, n[0].off_velocity, n[0].channel}),
              (std::tuple{std::int64_t{0}, std::int64_t{200}, 100, 10, 0}));
    EXPECT_EQ((std::tuple{n[1].start, n[1].end, n[1].velocity, n[1].off_velocity, n[1].channel}),
              (std::tuple{std::int64_t{100}, std::int64_t{300}, 50, 20, 0}));
    EXPECT_EQ((std::tuple{n[2].start, n[2].end, n[2].velocity, n[2].off_velocity, n[2].channel}),
              (std::tuple{std::int64_t{150}, std::int64_t{250}, 70, 30, 1}));
    EXPECT_EQ(n[0].on_index, 0u);
    EXPECT_EQ(n[0].off_index, 3u);
    EXPECT_EQ(n[1].off_index, 5u);
    EXPECT_EQ(n[1].duration(), 200);
    EXPECT_EQ(n.stray_note_offs, 0u);
    EXPECT_EQ(n.unmatched_note_ons, 0u);
}

TEST(MidiTrack, VelocityZeroNoteOnIsANoteOff) {
    MidiTrack t;
    t.add_message(0, MidiMessage::note_on(0, 60, 100));
    t.add_message(240, MidiMessage::note_on(0, 60, 0));
    t.add_message(240, MidiMessage::note_on(0, 62, 90));
    // The velocity-0 note-on ranks as a note-off: before the note-on at 240.
    EXPECT_EQ(t.events()[1].message, MidiMessage::note_on(0, 60, 0));
    const auto n = t.notes();
    ASSERT_EQ(n.size(), 2u);
    EXPECT_EQ(n[0].end, 240);
    EXPECT_EQ(n[0].off_velocity, 0);
    EXPECT_TRUE(n[0].has_note_off());
    EXPECT_FALSE(n[1].has_note_off());
}

TEST(MidiTrack, UnmatchedNoteOnsEndAtTheTrackEndAndStrayNoteOffsAreCounted) {
    MidiTrack t;
    t.set_end_tick(1000);
    t.add_message(50, MidiMessage::note_off(0, 60, 64));   // nothing sounding: stray
    t.add_message(100, MidiMessage::note_on(0, 60, 100));  // never released
    t.add_message(120, MidiMessage::note_on(0, 61, 100));
    t.add_message(130, MidiMessage::note_off(1, 61, 64));  // other channel: stray too
    const auto n = t.notes();
    ASSERT_EQ(n.size(), 2u);
    EXPECT_EQ(n[0].start, 100);
    EXPECT_EQ(n[0].end, 1000);
    EXPECT_EQ(n[0].off_index, TrackNote::npos);
    EXPECT_EQ(n[0].off_velocity, 0);
    EXPECT_EQ(n[1].end, 1000);
    EXPECT_EQ(n.stray_note_offs, 2u);
    EXPECT_EQ(n.unmatched_note_ons, 2u);
}

TEST(MidiTrack, EndTickIsTheLaterOfExplicitEndAndLastEvent) {
    MidiTrack t;
    t.add_note(0, 100, 60);
    EXPECT_EQ(t.end_tick(), 100);
    t.set_end_tick(50);
    EXPECT_EQ(t.end_tick(), 100);
    t.set_end_tick(400);
    EXPECT_EQ(t.end_tick(), 400);
    // An end-of-track meta event sets the end and is not stored.
    t.add_event(MidiEvent::end_of_track(900));
    EXPECT_EQ(t.end_tick(), 900);
    EXPECT_EQ(t.size(), 2u);
    EXPECT_THROW(t.set_end_tick(-1), cm::MidiError);
}

TEST(MidiTrack, AddNoteValidates) {
    MidiTrack t;
    EXPECT_THROW(t.add_note(0, 10, 60, 0), cm::MidiError);     // velocity 0 is a note-off
    EXPECT_THROW(t.add_note(0, 10, 60, 128), cm::MidiError);
    EXPECT_THROW(t.add_note(0, 10, 128, 100), cm::MidiError);
    EXPECT_THROW(t.add_note(0, 10, -1, 100), cm::MidiError);
    EXPECT_THROW(t.add_note(0, 0, 60, 100), cm::MidiError);    // zero length
    EXPECT_THROW(t.add_note(-1, 10, 60, 100), cm::MidiError);
    EXPECT_THROW(t.add_note(0, 10, 60, 100, 16), cm::MidiError);
    EXPECT_THROW(t.add_cc(-5, 1, 1), cm::MidiError);
    EXPECT_THROW(t.add_pitch_bend(0, 16384), cm::MidiError);
    try {
        t.add_note(0, 10, 60, 0);
    } catch (const cm::MidiError& e) {
        EXPECT_NE(std::string(e.what()).find("velocity 0"), std::string::npos) << e.what();
        EXPECT_EQ(e.code(), cm::make_error_code(cm::Errc::OutOfRange));
    }
    EXPECT_TRUE(t.empty());
}

TEST(MidiTrack, AddNoteInBeatsRoundsBothEnds) {
    MidiTrack t("", 0, 480);
    // 0.5 beat = 240; end 0.5 + 1/3 = 0.8333.. beat = 400 ticks.
    t.add_note(Duration{0.5}, Duration{NoteValue::EighthTriplet}, 60);
    EXPECT_EQ(t.events()[0].tick, 240);
    EXPECT_EQ(t.events()[1].tick, 400);

    MidiTrack u("", 0, 100);
    // 1/3 beat = 33.33 -> 33; end 2/3 beat = 66.67 -> 67: the length is 34,
    // because the end is rounded, not the length.
    u.add_note(Duration{1.0 / 3.0}, Duration{1.0 / 3.0}, 60);
    EXPECT_EQ(u.events()[0].tick, 33);
    EXPECT_EQ(u.events()[1].tick, 67);
    // A length below half a tick still lasts one tick.
    u.add_note(Duration{2.0}, Duration{0.001}, 62);
    EXPECT_EQ(u.events()[2].tick, 200);
    EXPECT_EQ(u.events()[3].tick, 201);
    EXPECT_THROW(u.add_note(Duration{-1.0}, Duration{1.0}, 60), cm::MidiError);
    EXPECT_THROW(u.add_note(Duration{0.0}, Duration{0.0}, 60), cm::MidiError);

    MidiTrack smpte("", 0, 0);
    EXPECT_THROW(smpte.add_note(Duration{0.0}, Duration{1.0}, 60), cm::MidiError);
    EXPECT_THROW((void)smpte.to_note_events(), cm::MidiError);
}

TEST(MidiTrack, MetaEventPayloadsFollowTheSmfSpecification) {
    MidiTrack t;
    t.add_tempo(0, 90.0);                 // 60e6 / 90 = 666666.67 -> 666667 = 0x0A2C2B
    t.add_time_signature(0, 6, 8);        // nn=6 dd=3 (2^3) cc=24 bb=8
    t.add_key_signature(0, -3, true);     // sf=-3 (0xFD) mi=1: C minor
    t.add_marker(0, "A");
    t.add_text(0, "hi", cm::midi::meta::lyric);
    t.add_pitch_bend(0, 8192);            // E0 00 40: LSB first
    t.add_program(0, 5);
    const std::vector<MidiEvent> want = {
        MidiEvent::meta_event(0, 0x51, {0x0A, 0x2C, 0x2B}),
        MidiEvent::meta_event(0, 0x58, {6, 3, 24, 8}),
        MidiEvent::meta_event(0, 0x59, {0xFD, 1}),
        MidiEvent::meta_event(0, 0x06, {'A'}),
        MidiEvent::meta_event(0, 0x05, {'h', 'i'}),
        msg(0, MidiMessage::from_bytes(std::vector<std::uint8_t>{0xE0, 0x00, 0x40})),
        msg(0, MidiMessage::from_bytes(std::vector<std::uint8_t>{0xC0, 0x05})),
    };
    EXPECT_EQ(events_of(t), want);
    EXPECT_THROW(t.add_tempo(0, 0.0), cm::MidiError);
    EXPECT_THROW(t.add_tempo(0, 3.0), cm::MidiError);  // 20 000 000 us does not fit 24 bits
}

TEST(MidiTrack, FromNoteEventsConvertsBeatsWithBeatsToTicks) {
    const std::vector<NoteEvent> ev = {
        {1.0, 0.5, 64, 90, 1},
        {0.0, 1.0, 60, 100, 1},
        {2.0, 0.0001, 67, 80, 1},  // 0.048 tick: still one tick long
    };
    const MidiTrack t = MidiTrack::from_note_events(ev, 480, "gen");
    EXPECT_EQ(t.name(), "gen");
    EXPECT_EQ(t.channel(), 1);
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(1, 60, 100)),   msg(480, MidiMessage::note_off(1, 60, 64)),
        msg(480, MidiMessage::note_on(1, 64, 90)),  msg(720, MidiMessage::note_off(1, 64, 64)),
        msg(960, MidiMessage::note_on(1, 67, 80)),  msg(961, MidiMessage::note_off(1, 67, 64)),
    };
    EXPECT_EQ(events_of(t), want);

    const std::vector<NoteEvent> back = t.to_note_events();
    ASSERT_EQ(back.size(), 3u);
    EXPECT_EQ(back[0], (NoteEvent{0.0, 1.0, 60, 100, 1}));
    EXPECT_EQ(back[1], (NoteEvent{1.0, 0.5, 64, 90, 1}));
    EXPECT_EQ(back[2], (NoteEvent{2.0, 1.0 / 480.0, 67, 80, 1}));

    EXPECT_THROW((void)MidiTrack::from_note_events(std::vector<NoteEvent>{{0.0, 1.0, 60, 0, 0}}, 480), cm::MidiError);
    EXPECT_THROW((void)MidiTrack::from_note_events(std::vector<NoteEvent>{{-1.0, 1.0, 60, 9, 0}}, 480), cm::MidiError);
    EXPECT_THROW((void)MidiTrack::from_note_events(std::vector<NoteEvent>{{0.0, 0.0, 60, 9, 0}}, 480), cm::MidiError);
    EXPECT_THROW((void)MidiTrack::from_note_events(std::vector<NoteEvent>{{0.0, 1.0, 60, 9, 16}}, 480), cm::MidiError);
    EXPECT_THROW((void)MidiTrack::from_note_events(std::vector<NoteEvent>{}, 0), cm::MidiError);
}

TEST(MidiTrack, EditResortsStably) {
    MidiTrack t;
    t.add_note(0, 100, 60);
    t.add_note(200, 100, 62);
    t.edit([](std::vector<MidiEvent>& ev) {
        ev[2].tick = 50;  // the note-on of 62 moves before the note-off of 60
        ev[3].tick = 100; // its note-off ties with 60's: added after it
    });
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::note_on(0, 60, 100)),
        msg(50, MidiMessage::note_on(0, 62, 100)),
        msg(100, MidiMessage::note_off(0, 60, 64)),
        msg(100, MidiMessage::note_off(0, 62, 64)),
    };
    EXPECT_EQ(events_of(t), want);
    EXPECT_THROW(t.edit([](std::vector<MidiEvent>& ev) { ev[0].tick = -1; }), cm::MidiError);
}

// The adaptive sort (insertion with a budget, then a merge sort) against a
// keyed std::sort that carries the original position, which makes it stable.
TEST(MidiTrack, SortMatchesAnIndependentStableSortOnDisorderedInput) {
    for (const int spread : {3, 50, 100000}) {  // nearly sorted .. shuffled
        cm::theory::Random rng{static_cast<std::uint64_t>(spread)};
        std::vector<MidiEvent> ev;
        for (int i = 0; i < 3000; ++i) {
            const std::int64_t tick = std::max(0, i / 4 + rng.between(-spread, spread));
            switch (rng.between(0, 3)) {
            case 0: ev.push_back(msg(tick, MidiMessage::note_on(0, rng.between(0, 127), 100))); break;
            case 1: ev.push_back(msg(tick, MidiMessage::note_off(0, rng.between(0, 127), 64))); break;
            case 2: ev.push_back(msg(tick, MidiMessage::control_change(0, 1, rng.between(0, 127)))); break;
            default: ev.push_back(MidiEvent::meta_event(tick, 0x01, {static_cast<std::uint8_t>(i & 0x7F)})); break;
            }
        }
        // Rank by hand: meta 0, sysex 1, note-off 2, other 3, note-on 4.
        const auto rank = [](const MidiEvent& e) {
            if (e.kind == cm::midi::EventKind::Meta) return 0;
            if ((e.message.status() & 0xF0) == 0x80) return 2;
            if ((e.message.status() & 0xF0) == 0x90) return e.message.velocity() == 0 ? 2 : 4;
            return 3;
        };
        std::vector<std::tuple<std::int64_t, int, std::size_t>> keys;
        for (std::size_t i = 0; i < ev.size(); ++i) {
            keys.emplace_back(ev[i].tick, rank(ev[i]), i);
        }
        std::sort(keys.begin(), keys.end());
        std::vector<MidiEvent> want;
        for (const auto& k : keys) {
            want.push_back(ev[std::get<2>(k)]);
        }
        MidiTrack t;
        t.edit([&](std::vector<MidiEvent>& v) { v = ev; });
        EXPECT_EQ(events_of(t), want) << "spread " << spread;
    }
}

TEST(MidiTrack, EqualityComparesContent) {
    MidiTrack a("x", 1);
    MidiTrack b("x", 1);
    a.add_note(0, 10, 60);
    EXPECT_NE(a, b);
    b.add_note(0, 10, 60);
    EXPECT_EQ(a, b);
    b.set_end_tick(100);
    EXPECT_NE(a, b);
}

} // namespace
