// TempoMap: seconds across tempo changes worked out by hand in the comments
// (seconds = ticks / ppq * microseconds per quarter / 1e6, segment by
// segment), SMPTE divisions (seconds = ticks / (frames per second * ticks
// per frame), 29 meaning 30000/1001), beats under SMPTE, bars and beats
// across meter changes, and the defaults the Standard MIDI Files
// specification gives (120 bpm and 4/4 until told otherwise).
#include <coremusic/midi/tempo_map.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using namespace cm::midi;

TEST(TempoMap, DefaultsAre120BpmAnd44) {
    const TempoMap m{Division::ppq(480), {}};
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{480}), 0.5);   // one quarter at 500000 µs
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{1920}), 2.0);  // one 4/4 bar
    EXPECT_EQ(m.tempo_at(100000), 500000u);
    EXPECT_DOUBLE_EQ(m.bpm_at(0), 120.0);
    EXPECT_EQ(m.meter_at(0), (MeterChange{0, 4, 4}));
    EXPECT_EQ(m.bar_beat(1920 + 480 + 10), (BarBeat{1, 1, 10}));
}

TEST(TempoMap, SecondsAcrossTempoChanges) {
    // 96 PPQ. 0..192: 500000 µs (120 bpm); 192..480: 250000 (240 bpm);
    // from 480: 1000000 (60 bpm).
    const TempoMap m{Division::ppq(96), {{192, 250000}, {0, 500000}, {480, 1000000}}};
    // 192 ticks = 2 quarters * 0.5 s = 1.0 s
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{192}), 1.0);
    // + 288 ticks = 3 quarters * 0.25 s = 0.75 s -> 1.75 s
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{480}), 1.75);
    // + 48 ticks = half a quarter * 1 s = 0.5 s -> 2.25 s
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{528}), 2.25);
    // inside the fast segment: 192 + 24 ticks = 1.0 + 0.25 * 0.25 = 1.0625
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{216}), 1.0625);
    // fractional tick 100.5 in the first segment: 100.5 / 96 * 0.5
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(100.5), 100.5 / 96.0 * 0.5);
    // and back
    EXPECT_DOUBLE_EQ(m.seconds_to_tick(1.75), 480.0);
    EXPECT_DOUBLE_EQ(m.seconds_to_tick(1.0625), 216.0);
    EXPECT_DOUBLE_EQ(m.seconds_to_tick(2.25), 528.0);
    EXPECT_EQ(m.tempo_at(191), 500000u);
    EXPECT_EQ(m.tempo_at(192), 250000u);
    EXPECT_DOUBLE_EQ(m.bpm_at(600), 60.0);
    // Beats in PPQ are ticks / ppq whatever the tempo.
    EXPECT_DOUBLE_EQ(m.tick_to_beats(528), 5.5);
    EXPECT_DOUBLE_EQ(m.beats_to_tick(5.5), 528.0);
}

TEST(TempoMap, OddTempiStayExactToTheMicrosecond) {
    // 480 PPQ, 600001 µs from tick 333, then 16777215 µs (the largest) from 960.
    const TempoMap m{Division::ppq(480), {{333, 600001}, {960, 16777215}}};
    // 333 ticks at 500000: 333 / 480 * 0.5 = 0.346875
    EXPECT_NEAR(m.tick_to_seconds(std::int64_t{333}), 0.346875, 1e-12);
    // + 627 ticks at 600001: 627 / 480 * 0.600001 = 0.783751306250
    EXPECT_NEAR(m.tick_to_seconds(std::int64_t{960}), 0.346875 + 0.78375130625, 1e-12);
    // + 0x0FFFFFFF ticks at 16.777215 s per quarter: 268435455 / 480 * 16.777215 = 9382629.7...
    const double tail = 268435455.0 / 480.0 * 16.777215;
    EXPECT_NEAR(m.tick_to_seconds(std::int64_t{960 + 268435455}), 0.346875 + 0.78375130625 + tail, 1e-6);
}

TEST(TempoMap, SeveralChangesAtOneTickTheLastWins) {
    const TempoMap m{Division::ppq(100), {{0, 400000}, {100, 300000}, {100, 200000}}};
    EXPECT_EQ(m.tempo_changes().size(), 2u);
    EXPECT_EQ(m.tempo_at(100), 200000u);
    // 100 ticks at 0.4 s + 50 at 0.2 s per 100 ticks = 0.4 + 0.1
    EXPECT_DOUBLE_EQ(m.tick_to_seconds(std::int64_t{150}), 0.5);
}

TEST(TempoMap, SmpteDivisions) {
    // 25 fps x 40 ticks per frame: 1 ms per tick, tempo irrelevant to seconds.
    const TempoMap a{Division::smpte(25, 40), {{0, 500000}, {1000, 250000}}};
    EXPECT_DOUBLE_EQ(a.tick_to_seconds(std::int64_t{1000}), 1.0);
    EXPECT_DOUBLE_EQ(a.tick_to_seconds(std::int64_t{2500}), 2.5);
    EXPECT_DOUBLE_EQ(a.seconds_to_tick(2.5), 2500.0);
    // Beats go through the tempo: 1 s at 120 bpm = 2 beats, then 1.5 s at 240 bpm = 6 beats.
    EXPECT_NEAR(a.tick_to_beats(1000), 2.0, 1e-12);
    EXPECT_NEAR(a.tick_to_beats(2500), 8.0, 1e-12);
    EXPECT_NEAR(a.beats_to_tick(8.0), 2500.0, 1e-9);
    EXPECT_NEAR(a.beats_to_tick(1.0), 500.0, 1e-9);
    EXPECT_EQ(a.bar_beat(1234), (BarBeat{0, 0, 1234}));  // no bars under SMPTE
    // 29.97 drop-frame x 80: a tick is 1001 / (30000 * 80) s.
    const TempoMap b{Division::smpte(29, 80), {}};
    EXPECT_NEAR(b.tick_to_seconds(std::int64_t{2400000}), 1001.0, 1e-9);
    EXPECT_NEAR(b.tick_to_seconds(std::int64_t{80}), 1001.0 / 30000.0, 1e-15);
    // 24 and 30 fps.
    EXPECT_DOUBLE_EQ(TempoMap(Division::smpte(24, 10), {}).tick_to_seconds(std::int64_t{240}), 1.0);
    EXPECT_DOUBLE_EQ(TempoMap(Division::smpte(30, 100), {}).tick_to_seconds(std::int64_t{1500}), 0.5);
}

TEST(TempoMap, BarsAndBeatsAcrossMeterChanges) {
    // 96 PPQ. 4/4 (384 ticks a bar) for two bars, 6/8 (beat = eighth = 48
    // ticks, bar = 288) from 768, 3/2 (beat = half = 192, bar = 576) from 1344.
    const TempoMap m{Division::ppq(96), {}, {{0, 4, 4}, {768, 6, 8}, {1344, 3, 2}}};
    EXPECT_EQ(m.bar_beat(0), (BarBeat{0, 0, 0}));
    EXPECT_EQ(m.bar_beat(383), (BarBeat{0, 3, 95}));
    EXPECT_EQ(m.bar_beat(768), (BarBeat{2, 0, 0}));
    EXPECT_EQ(m.bar_beat(768 + 288 + 50), (BarBeat{3, 1, 2}));  // 50 = one eighth (48) + 2
    EXPECT_EQ(m.bar_beat(1344), (BarBeat{4, 0, 0}));            // 768 + 2 * 288
    EXPECT_EQ(m.bar_beat(1344 + 576 + 400), (BarBeat{5, 2, 16}));  // 400 = 2 halves (384) + 16
    // A change in mid-bar starts a new bar: 4/4 for 1.5 bars then 3/4.
    const TempoMap n{Division::ppq(96), {}, {{576, 3, 4}}};
    EXPECT_EQ(n.bar_beat(576), (BarBeat{2, 0, 0}));
    EXPECT_EQ(n.meter_at(575), (MeterChange{0, 4, 4}));
}

TEST(TempoMap, FromAFileReadsEveryTrackExceptInFormat2) {
    SmfFile f;
    f.division = Division::ppq(96);
    f.tracks.resize(2);
    f.tracks[0].events = {MidiEvent::tempo(0, 1000000)};
    f.tracks[1].events = {MidiEvent::tempo(96, 250000), MidiEvent::time_signature(0, 3, 4)};
    f.format = 1;
    const TempoMap one = TempoMap::from_file(f);
    // 96 ticks at 1 s per quarter, then 96 at 0.25 s.
    EXPECT_DOUBLE_EQ(one.tick_to_seconds(std::int64_t{192}), 1.25);
    EXPECT_EQ(one.meter_at(0).numerator, 3);
    f.format = 2;
    const TempoMap two = TempoMap::from_file(f);
    EXPECT_DOUBLE_EQ(two.tick_to_seconds(std::int64_t{192}), 2.0);
    EXPECT_EQ(two.meter_at(0).numerator, 4);
}

TEST(TempoMap, RejectsNonsense) {
    EXPECT_THROW((TempoMap{Division::from_raw(0), {}}), cm::MidiFileError);
    EXPECT_THROW((TempoMap{Division::ppq(96), {{0, 0}}}), cm::MidiFileError);
    EXPECT_THROW((TempoMap{Division::ppq(96), {{-1, 500000}}}), cm::MidiFileError);
    EXPECT_THROW((TempoMap{Division::ppq(96), {}, {{0, 0, 4}}}), cm::MidiFileError);
}

} // namespace
