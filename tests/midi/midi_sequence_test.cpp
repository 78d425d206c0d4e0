// MidiSequence: from_file on hand-built SmfFiles (names, end-of-track,
// equal-tick order, zero-length notes), to_file written out by hand, round
// trips through to_file/from_file and through save/load on disk, durations
// in ticks, beats and seconds worked by hand across a tempo change, and the
// format and ppq rules.
#include <coremusic/midi/midi_sequence.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_track.hpp>
#include <coremusic/midi/smf_file.hpp>

namespace {

using cm::midi::Division;
using cm::midi::MidiEvent;
using cm::midi::MidiMessage;
using cm::midi::MidiSequence;
using cm::midi::MidiTrack;
using cm::midi::SmfFile;
using cm::midi::SmfTrack;

MidiEvent msg(std::int64_t tick, MidiMessage m) { return MidiEvent::from_message(tick, m); }
MidiEvent name(std::int64_t tick, const char* s) { return MidiEvent::text_event(tick, cm::midi::meta::track_name, s); }

SmfFile two_track_file() {
    SmfFile f;
    f.format = 1;
    f.division = Division::ppq(96);
    SmfTrack conductor;
    conductor.events = {name(0, "Song"), MidiEvent::tempo(0, 500000), MidiEvent::time_signature(0, 3, 4),
                        MidiEvent::end_of_track(384)};
    SmfTrack piano;
    piano.events = {
        name(0, "Piano"),
        msg(0, MidiMessage::program_change(2, 0)),
        msg(0, MidiMessage::note_on(2, 60, 100)),
        msg(96, MidiMessage::note_on(2, 62, 90)),   // file order: the new note-on first ...
        msg(96, MidiMessage::note_off(2, 60, 64)),  // ... then the old note-off
        msg(192, MidiMessage::note_off(2, 62, 64)),
        MidiEvent::end_of_track(200),
    };
    f.tracks = {conductor, piano};
    f.declared_tracks = 2;
    return f;
}

TEST(MidiSequence, Defaults) {
    const MidiSequence s;
    EXPECT_EQ(s.ppq(), 480);
    EXPECT_EQ(s.format(), 1);
    EXPECT_EQ(s.track_count(), 0u);
    EXPECT_EQ(s.duration_ticks(), 0);
    EXPECT_THROW(MidiSequence(0), cm::MidiError);
    EXPECT_THROW(MidiSequence(480, 3), cm::MidiError);
}

TEST(MidiSequence, FromFileReadsNamesEndsAndSortsEqualTicks) {
    const MidiSequence s = MidiSequence::from_file(two_track_file());
    EXPECT_EQ(s.ppq(), 96);
    EXPECT_EQ(s.format(), 1);
    ASSERT_EQ(s.track_count(), 2u);
    const MidiTrack& c = s.track(0);
    EXPECT_EQ(c.name(), "Song");
    EXPECT_EQ(c.end_tick(), 384);
    EXPECT_EQ(c.size(), 2u);  // the name and end of track are not events
    const MidiTrack& p = s.track(1);
    EXPECT_EQ(p.name(), "Piano");
    EXPECT_EQ(p.channel(), 2);
    EXPECT_EQ(p.ppq(), 96);
    EXPECT_EQ(p.end_tick(), 200);
    const std::vector<MidiEvent> want = {
        msg(0, MidiMessage::program_change(2, 0)),
        msg(0, MidiMessage::note_on(2, 60, 100)),
        msg(96, MidiMessage::note_off(2, 60, 64)),
        msg(96, MidiMessage::note_on(2, 62, 90)),
        msg(192, MidiMessage::note_off(2, 62, 64)),
    };
    EXPECT_EQ(std::vector<MidiEvent>(p.events().begin(), p.events().end()), want);
    EXPECT_EQ(s.duration_ticks(), 384);
    EXPECT_THROW((void)s.track(2), cm::MidiError);
}

TEST(MidiSequence, ZeroLengthNoteInAFileLastsOneTick) {
    SmfFile f;
    f.division = Division::ppq(96);
    SmfTrack t;
    t.events = {msg(10, MidiMessage::note_on(0, 60, 100)), msg(10, MidiMessage::note_off(0, 60, 64)),
                MidiEvent::end_of_track(10)};
    f.tracks = {t};
    const MidiSequence s = MidiSequence::from_file(f);
    const auto notes = s.track(0).notes();
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].start, 10);
    EXPECT_EQ(notes[0].end, 11);
    EXPECT_EQ(notes.stray_note_offs, 0u);
    EXPECT_EQ(notes.unmatched_note_ons, 0u);
}

TEST(MidiSequence, NameOnlyAtTickZeroAndEncodingsDropped) {
    SmfFile f;
    f.division = Division::ppq(96);
    SmfTrack t;
    MidiEvent on = msg(0, MidiMessage::note_on(0, 60, 100));
    on.encoding.delta_bytes = 3;
    t.events = {on, name(5, "late"), msg(10, MidiMessage::note_off(0, 60, 64)), MidiEvent::end_of_track(10)};
    f.tracks = {t};
    const MidiSequence s = MidiSequence::from_file(f);
    EXPECT_EQ(s.track(0).name(), "");
    ASSERT_EQ(s.track(0).size(), 3u);
    EXPECT_EQ(s.track(0).events()[0].encoding, cm::midi::EventEncoding{});
    EXPECT_TRUE(s.track(0).events()[1].is_meta(cm::midi::meta::track_name));
}

TEST(MidiSequence, ToFileWritesNameEventsAndEndOfTrack) {
    MidiSequence s(96, 0);
    MidiTrack& t = s.add_track("Lead", 1);
    t.add_note(0, 96, 64, 80);
    t.set_end_tick(384);
    const SmfFile f = s.to_file();
    EXPECT_EQ(f.format, 0);
    EXPECT_EQ(f.division, Division::ppq(96));
    EXPECT_EQ(f.declared_tracks, 1);
    ASSERT_EQ(f.tracks.size(), 1u);
    const std::vector<MidiEvent> want = {
        name(0, "Lead"),
        msg(0, MidiMessage::note_on(1, 64, 80)),
        msg(96, MidiMessage::note_off(1, 64, 64)),
        MidiEvent::end_of_track(384),
    };
    EXPECT_EQ(f.tracks[0].events, want);
}

TEST(MidiSequence, RoundTripThroughSmfFile) {
    const MidiSequence s = MidiSequence::from_file(two_track_file());
    EXPECT_EQ(MidiSequence::from_file(s.to_file()), s);

    MidiSequence g(480);
    MidiTrack& t = g.add_track("gen", 3);
    t.add_note(0, 480, 60, 100);
    t.add_note(240, 480, 60, 90);  // overlapping same pitch
    t.add_cc(0, 64, 127);
    t.add_pitch_bend(100, 0);
    g.add_tempo(0, 100.0);
    EXPECT_EQ(MidiSequence::from_file(g.to_file()), g);
}

TEST(MidiSequence, SaveAndLoadRoundTrip) {
    const auto dir = std::filesystem::temp_directory_path() / "coremusic_midi_sequence_test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "seq.mid";
    const MidiSequence s = MidiSequence::from_file(two_track_file());
    s.save(path);
    EXPECT_EQ(MidiSequence::load(path), s);

    std::error_code ec;
    const MidiSequence missing = MidiSequence::load(dir / "absent.mid", {}, ec);
    EXPECT_TRUE(ec);
    EXPECT_EQ(missing.track_count(), 0u);
    MidiSequence bad(96, 1);
    bad.add_track();
    bad.add_track();
    bad.tracks()[1] = MidiTrack("other ppq", 0, 480);
    bad.save(dir / "bad.mid", {}, ec);
    EXPECT_TRUE(ec);
    std::filesystem::remove_all(dir);
}

TEST(MidiSequence, DurationsAcrossATempoChange) {
    MidiSequence s(480);
    s.add_tempo(0, 120.0);
    s.add_tempo(960, 60.0);
    MidiTrack& t = s.add_track("notes");
    t.add_note(0, 1920, 60);
    // 1920 ticks = 4 beats; the first 2 beats at 120 bpm take 1 s, the next
    // 2 at 60 bpm take 2 s.
    EXPECT_EQ(s.duration_ticks(), 1920);
    EXPECT_DOUBLE_EQ(s.duration_beats(), 4.0);
    EXPECT_DOUBLE_EQ(s.duration_seconds(), 3.0);
    EXPECT_EQ(s.tempo_map().tempo_at(1000), 1000000u);
    EXPECT_EQ(s.event_count(), 4u);
}

TEST(MidiSequence, Format2TempoMapComesFromTheFirstTrackOnly) {
    MidiSequence s(480, 2);
    s.add_track().add_tempo(0, 120.0);
    s.add_track().add_tempo(0, 60.0);
    EXPECT_EQ(s.tempo_map().tempo_at(0), 500000u);
    s.set_format(1);
    // Two tempo events at tick 0: the later one (in track order) wins.
    EXPECT_EQ(s.tempo_map().tempo_at(0), 1000000u);
}

TEST(MidiSequence, FormatAndPpqRules) {
    MidiSequence s(96, 0);
    s.add_track();
    EXPECT_THROW(s.add_track(), cm::MidiError);
    MidiSequence m(96, 1);
    m.add_track();
    m.add_track();
    EXPECT_THROW(m.set_format(0), cm::MidiError);
    EXPECT_THROW(m.add_track(MidiTrack("x", 0, 480)), cm::MidiError);
    m.tracks()[0] = MidiTrack("swapped", 0, 480);
    EXPECT_THROW((void)m.to_file(), cm::MidiError);
    m.remove_track(0);
    EXPECT_EQ(m.track_count(), 1u);
    m.set_format(0);
    EXPECT_EQ(m.format(), 0);
    EXPECT_THROW(m.remove_track(3), cm::MidiError);
}

TEST(MidiSequence, SmpteDivisionHasNoPpq) {
    MidiSequence s(Division::smpte(25, 40), 1);
    EXPECT_EQ(s.ppq(), 0);
    MidiTrack& t = s.add_track();
    t.add_note(0, 1000, 60);
    // 25 fps * 40 ticks = 1000 ticks per second.
    EXPECT_DOUBLE_EQ(s.duration_seconds(), 1.0);
    EXPECT_EQ(MidiSequence::from_file(s.to_file()), s);
}

} // namespace
