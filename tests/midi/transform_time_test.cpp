// Quantize, TimeStretch, TimeShift and Reverse: grid positions, strength,
// swing and window worked by hand at 480 ppq (a sixteenth = 120 ticks), the
// start/end rules, and the moves of every kind of event.
#include <coremusic/midi/transform/time.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/smf_file.hpp>
#include <coremusic/theory/note_value.hpp>

namespace {

using namespace cm::midi;
using cm::theory::NoteValue;
using Span = std::pair<std::int64_t, std::int64_t>;  // start, end

std::vector<Span> spans(const MidiSequence& s) {
    std::vector<Span> out;
    for (const TrackNote& n : s.track(0).notes()) {
        out.emplace_back(n.start, n.end);
    }
    return out;
}

MidiSequence notes_at(const std::vector<Span>& ns, int ppq = 480) {
    MidiSequence s(ppq);
    MidiTrack& t = s.add_track("t");
    int pitch = 40;
    for (const auto& [start, end] : ns) {
        t.add_note(start, end - start, pitch++, 100);  // distinct pitches: pairing is unambiguous
    }
    return s;
}

TEST(Quantize, StrengthMovesPartWay) {
    Quantize q;  // 1/16, strength 1, starts
    EXPECT_EQ(q.step(480), 120);
    EXPECT_EQ(q.quantize_tick(130, 120), 120);
    q.strength = 0.5;
    EXPECT_EQ(q.quantize_tick(130, 120), 125);  // 130 + 0.5 * (120 - 130)
    EXPECT_EQ(q.quantize_tick(100, 120), 110);  // 100 + 0.5 * 20
    q.strength = 0.25;
    EXPECT_EQ(q.quantize_tick(130, 120), 127);  // 130 + llround(-2.5): ties away from zero, -3
}

TEST(Quantize, GridTable) {
    const Quantize q;
    // Nearest line, ties to the later: 60 is halfway between 0 and 120.
    const std::vector<std::pair<std::int64_t, std::int64_t>> table = {
        {0, 0}, {59, 0}, {60, 120}, {61, 120}, {179, 120}, {180, 240}, {1000, 960}, {1020, 1080},
    };
    for (const auto& [in, out] : table) {
        EXPECT_EQ(q.quantize_tick(in, 120), out) << in;
    }
}

TEST(Quantize, SwingTable) {
    Quantize q;
    q.swing = 0.5;  // odd lines delayed by llround(0.5 * 120 / 2) = 30: 0, 150, 240, 390, 480, ...
    const std::vector<std::pair<std::int64_t, std::int64_t>> table = {
        {70, 0},     // 70 from 0, 80 from 150
        {75, 150},   // 75 either way: the later line
        {100, 150},  {140, 150}, {194, 150}, {195, 240},  // 195: 45 from both 150 and 240
        {250, 240},  {314, 240}, {315, 390}, {370, 390}, {440, 480},
    };
    for (const auto& [in, out] : table) {
        EXPECT_EQ(q.quantize_tick(in, 120), out) << in;
    }
    q.swing = 2.0 / 3.0;  // triplet swing: offset llround(40) = 40, line 1 at 160
    EXPECT_EQ(q.quantize_tick(150, 120), 160);
    q.swing = 1.0;        // dotted: offset 60, line 1 at 180
    EXPECT_EQ(q.quantize_tick(150, 120), 180);
}

TEST(Quantize, WindowLimitsWhatMoves) {
    Quantize q;
    q.window = 5;
    EXPECT_EQ(q.quantize_tick(130, 120), 130);  // 10 away: stays
    EXPECT_EQ(q.quantize_tick(124, 120), 120);  // 4 away: moves
    EXPECT_EQ(q.quantize_tick(125, 120), 120);  // 5 away: moves
    EXPECT_EQ(q.quantize_tick(236, 120), 240);
}

TEST(Quantize, GridInTicksAndNoteValues) {
    Quantize q;
    q.grid_ticks = 100;
    EXPECT_EQ(q.step(480), 100);
    EXPECT_EQ(q.quantize_tick(149, 100), 100);
    EXPECT_EQ(q.quantize_tick(150, 100), 200);
    q.grid_ticks = 0;
    q.grid = NoteValue::EighthTriplet;  // 480 / 3 = 160
    EXPECT_EQ(q.step(480), 160);
    EXPECT_EQ(q.step(96), 32);
    q.grid = NoteValue::SixtyFourth;    // 1/16 beat at 8 ppq is half a tick: 1
    EXPECT_EQ(q.step(8), 1);
    q.grid = NoteValue::Quarter;
    EXPECT_THROW((void)q.step(0), cm::MidiError);  // SMPTE: no beats
}

TEST(Quantize, StartsKeepLengthsEndsQuantizeOnTheirOwn) {
    const MidiSequence s = notes_at({{130, 370}, {100, 110}, {470, 500}});
    // Starts only: each note moves whole.
    // Notes come in note-on order; the two now at 120 keep their order.
    EXPECT_EQ(spans(s | Quantize{}), (std::vector<Span>{{120, 130}, {120, 360}, {480, 510}}));
    // Starts and ends: 370 -> 360; (100, 110) -> start 120, end 120 would not be
    // after it, so the note keeps its 10 ticks; 500 -> 480 = start: keeps 30.
    EXPECT_EQ(spans(s | Quantize{.ends = true}), (std::vector<Span>{{120, 130}, {120, 360}, {480, 510}}));
    // Ends only: 370 -> 360, 110 -> 120; 500 -> 480 is after 470.
    EXPECT_EQ(spans(s | Quantize{.starts = false, .ends = true}), (std::vector<Span>{{100, 120}, {130, 360}, {470, 480}}));
    // Neither: nothing moves.
    EXPECT_EQ(spans(s | Quantize{.starts = false}), spans(s));
    // Ends only, a note-off that would reach its note-on stays.
    EXPECT_EQ(spans(notes_at({{125, 170}}) | Quantize{.starts = false, .ends = true}), (std::vector<Span>{{125, 170}}));
}

TEST(Quantize, OtherEventsStayAndConvenienceFunction) {
    MidiSequence s = notes_at({{130, 200}});
    s.track(0).add_cc(130, 1, 2);
    s.track(0).add_tempo(130, 100.0);
    const MidiSequence out = quantize(s, NoteValue::Eighth);  // 240: 130 -> 240
    EXPECT_EQ(spans(out), (std::vector<Span>{{240, 310}}));
    ASSERT_EQ(out.track(0).size(), 4u);
    EXPECT_EQ(out.track(0).events()[0].tick, 130);  // tempo
    EXPECT_EQ(out.track(0).events()[1].tick, 130);  // controller
    EXPECT_EQ(quantize(s, NoteValue::Sixteenth, 0.5).track(0).notes()[0].start, 125);
}

TEST(Quantize, Validation) {
    const MidiSequence s = notes_at({{0, 10}});
    EXPECT_THROW((void)(s | Quantize{.strength = 1.5}), cm::MidiError);
    EXPECT_THROW((void)(s | Quantize{.strength = -0.1}), cm::MidiError);
    EXPECT_THROW((void)(s | Quantize{.swing = 2.0}), cm::MidiError);
    EXPECT_THROW((void)(s | Quantize{.grid_ticks = -1}), cm::MidiError);
    EXPECT_THROW((void)(s | Quantize{.window = -1}), cm::MidiError);
    MidiSequence smpte(Division::smpte(25, 40), 1);
    smpte.add_track().add_note(0, 10, 60);
    EXPECT_THROW((void)(smpte | Quantize{}), cm::MidiError);
    EXPECT_EQ(spans(smpte | Quantize{.grid_ticks = 40}), (std::vector<Span>{{0, 10}}));
}

TEST(TimeStretch, ScalesEveryTickAndTheEnd) {
    MidiSequence s = notes_at({{10, 20}, {100, 250}});
    s.track(0).add_tempo(100, 90.0);
    s.track(0).set_end_tick(1000);
    const MidiSequence out = s | TimeStretch{2.0};
    EXPECT_EQ(spans(out), (std::vector<Span>{{20, 40}, {200, 500}}));
    EXPECT_EQ(out.track(0).events()[2].tick, 200);  // the tempo event, before the note-on at 200
    EXPECT_TRUE(out.track(0).events()[2].is_meta(meta::tempo));
    EXPECT_EQ(out.duration_ticks(), 2000);
    // 0.1: 10 -> 1, 14 -> llround(1.4) = 1: the note keeps one tick.
    EXPECT_EQ(spans(notes_at({{10, 14}, {100, 250}}) | TimeStretch{0.1}), (std::vector<Span>{{1, 2}, {10, 25}}));
    // 1.5: 15 -> llround(22.5) = 23 (ties away from zero).
    EXPECT_EQ(spans(notes_at({{15, 16}}) | TimeStretch{1.5}), (std::vector<Span>{{23, 24}}));
    EXPECT_THROW((void)(s | TimeStretch{0.0}), cm::MidiError);
    EXPECT_THROW((void)(s | TimeStretch{-1.0}), cm::MidiError);
}

TEST(TimeShift, MovesEventsClampsAtZeroKeepsSetupMeta) {
    MidiSequence s = notes_at({{0, 50}, {50, 150}, {20, 60}});
    s.track(0).add_tempo(0, 100.0);
    s.track(0).add_tempo(40, 90.0);
    s.track(0).add_cc(30, 7, 1);
    s.track(0).set_end_tick(300);
    const MidiSequence later = s | TimeShift{100};
    EXPECT_EQ(spans(later), (std::vector<Span>{{100, 150}, {120, 160}, {150, 250}}));
    const auto ev = later.track(0).events();
    EXPECT_EQ(ev[0].tick, 0);    // tempo at 0 stays
    EXPECT_TRUE(ev[0].is_meta(meta::tempo));
    EXPECT_EQ(later.track(0).end_tick(), 400);
    std::vector<std::int64_t> meta_ticks;
    std::int64_t cc_tick = -1;
    for (const MidiEvent& e : ev) {
        if (e.kind == EventKind::Meta) {
            meta_ticks.push_back(e.tick);
        } else if (e.message.type() == MessageType::ControlChange) {
            cc_tick = e.tick;
        }
    }
    EXPECT_EQ(meta_ticks, (std::vector<std::int64_t>{0, 140}));
    EXPECT_EQ(cc_tick, 130);

    const MidiSequence earlier = s | TimeShift{-100};
    // (0, 50) and (20, 60) wholly before 0 -> (0, 1); (50, 150) -> (0, 50)
    // partly; in their former order.
    EXPECT_EQ(spans(earlier), (std::vector<Span>{{0, 1}, {0, 1}, {0, 50}}));
    EXPECT_EQ(earlier.track(0).end_tick(), 200);
}

TEST(Reverse, MirrorsNotesWithinTheLength) {
    MidiSequence s = notes_at({{100, 300}, {0, 50}});
    s.track(0).add_cc(200, 1, 5);
    s.track(0).add_tempo(0, 100.0);
    s.track(0).set_end_tick(1000);
    const MidiSequence out = s | Reverse{};
    // (100, 300) -> (700, 900); (0, 50) -> (950, 1000); controller 200 -> 800.
    EXPECT_EQ(spans(out), (std::vector<Span>{{700, 900}, {950, 1000}}));
    const auto ev = out.track(0).events();
    EXPECT_TRUE(ev[0].is_meta(meta::tempo));
    EXPECT_EQ(ev[0].tick, 0);
    EXPECT_EQ(ev[2].tick, 800);
    EXPECT_EQ(ev[2].message, MidiMessage::control_change(0, 1, 5));
    // Twice is the identity.
    EXPECT_EQ(out | Reverse{}, s);
}

} // namespace
