// VelocityScale, VelocityCurve and Humanize: velocity tables worked by hand
// (the curve values computed from the documented formulas with a
// calculator, k = 4), note-offs untouched, and Humanize's draws reproduced
// here from cm::theory::Random in the documented order.
#include <coremusic/midi/transform/velocity.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/theory/random.hpp>

namespace {

using namespace cm::midi;

MidiSequence with_velocities(const std::vector<int>& vels) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track("t");
    std::int64_t at = 0;
    for (const int v : vels) {
        t.add_note(at, 100, 60, v);
        at += 200;
    }
    return s;
}

std::vector<int> velocities(const MidiSequence& s) {
    std::vector<int> out;
    for (const TrackNote& n : s.track(0).notes()) {
        out.push_back(n.velocity);
    }
    return out;
}

TEST(VelocityScale, FactorThenRange) {
    const std::vector<int> in = {1, 2, 64, 100, 127};
    EXPECT_EQ(velocities(with_velocities(in) | VelocityScale{}), in);
    // Halved: 0.5 -> 1 (llround), 1 -> 1, 32, 50, 63.5 -> 64.
    EXPECT_EQ(velocities(with_velocities(in) | VelocityScale{.factor = 0.5}), (std::vector<int>{1, 1, 32, 50, 64}));
    // 1.5: 96, 150 -> 127 (clamped).
    EXPECT_EQ(velocities(with_velocities(in) | VelocityScale{.factor = 1.5}), (std::vector<int>{2, 3, 96, 127, 127}));
    // 1..127 onto 40..100: 40 + llround((v - 1) * 60 / 126): 1 -> 40, 2 -> 40 (0.476),
    // 64 -> 70, 100 -> 40 + 47.14 = 87, 127 -> 100.
    EXPECT_EQ(velocities(with_velocities(in) | VelocityScale{.min = 40, .max = 100}),
              (std::vector<int>{40, 40, 70, 87, 100}));
    // Factor 0 puts everything at the bottom of the range.
    EXPECT_EQ(velocities(with_velocities(in) | VelocityScale{.factor = 0.0, .min = 10}),
              (std::vector<int>{10, 10, 10, 10, 10}));
    EXPECT_THROW((void)(with_velocities(in) | VelocityScale{.factor = -1.0}), cm::MidiError);
    EXPECT_THROW((void)(with_velocities(in) | VelocityScale{.min = 0}), cm::MidiError);
    EXPECT_THROW((void)(with_velocities(in) | VelocityScale{.min = 100, .max = 50}), cm::MidiError);
}

TEST(VelocityScale, NoteOffVelocitiesStay) {
    MidiSequence s(480);
    s.add_track().add_message(0, MidiMessage::note_on(0, 60, 100));
    s.track(0).add_message(10, MidiMessage::note_off(0, 60, 90));
    const MidiSequence out = s | VelocityScale{.factor = 0.5};
    EXPECT_EQ(out.track(0).events()[0].message, MidiMessage::note_on(0, 60, 50));
    EXPECT_EQ(out.track(0).events()[1].message, MidiMessage::note_off(0, 60, 90));
}

TEST(VelocityCurve, ShapesByTheFormulas) {
    const std::vector<int> in = {1, 32, 64, 96, 127};
    EXPECT_EQ(velocities(with_velocities(in) | VelocityCurve{CurveShape::Linear}), in);
    // 127 ln(1 + 4x) / ln 5 at x = v/127: 2.447, 55.006, 87.104, 109.856, 127.
    EXPECT_EQ(velocities(with_velocities(in) | VelocityCurve{CurveShape::Log, 4.0}),
              (std::vector<int>{2, 55, 87, 110, 127}));
    // 127 (e^(4x) - 1) / (e^4 - 1): 0.076 (-> 1), 4.122, 15.417, 46.361, 127.
    EXPECT_EQ(velocities(with_velocities(in) | VelocityCurve{CurveShape::Exp, 4.0}),
              (std::vector<int>{1, 4, 15, 46, 127}));
    // 127 (1/2 + tanh(4 (x - 1/2)) / (2 tanh 2)): 0.151 (-> 1), 13.553, 64.537, 114.308, 127.
    EXPECT_EQ(velocities(with_velocities(in) | VelocityCurve{CurveShape::SCurve, 4.0}),
              (std::vector<int>{1, 14, 65, 114, 127}));
    EXPECT_THROW((void)(with_velocities(in) | VelocityCurve{CurveShape::Log, 0.0}), cm::MidiError);
}

TEST(VelocityCurve, EveryShapeKeepsOrderAndRange) {
    for (const CurveShape shape : {CurveShape::Linear, CurveShape::Log, CurveShape::Exp, CurveShape::SCurve}) {
        for (const double k : {0.01, 1.0, 4.0, 20.0}) {
            const VelocityCurve c{shape, k};
            int last = 1;
            for (int v = 1; v <= 127; ++v) {
                const int y = c.map(v);
                EXPECT_GE(y, last);
                EXPECT_GE(y, 1);
                EXPECT_LE(y, 127);
                last = y;
            }
            EXPECT_EQ(c.map(127), 127);
        }
    }
}

TEST(Humanize, DrawsInTheDocumentedOrder) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track();
    t.add_note(10, 100, 60, 100);
    t.add_note(500, 50, 62, 3);
    t.add_note(1000, 20, 64, 126);
    const Humanize h{.seed = 42, .timing = 30, .velocity = 10};
    const MidiSequence out = s | h;
    // The same draws, made here: d then dv for each note in note-on order.
    cm::theory::Random rng{42};
    std::vector<std::pair<std::int64_t, std::int64_t>> want_spans;
    std::vector<int> want_vel;
    const std::vector<std::pair<std::int64_t, std::int64_t>> in = {{10, 110}, {500, 550}, {1000, 1020}};
    const std::vector<int> in_vel = {100, 3, 126};
    for (std::size_t i = 0; i < in.size(); ++i) {
        const int d = rng.between(-30, 30);
        const int dv = rng.between(-10, 10);
        const std::int64_t start = std::max<std::int64_t>(0, in[i].first + d);
        want_spans.emplace_back(start, start + (in[i].second - in[i].first));
        want_vel.push_back(std::clamp(in_vel[i] + dv, 1, 127));
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> got_spans;
    for (const TrackNote& n : out.track(0).notes()) {
        got_spans.emplace_back(n.start, n.end);
    }
    EXPECT_EQ(got_spans, want_spans);
    EXPECT_EQ(velocities(out), want_vel);
    // Same seed, same result; another seed, another.
    EXPECT_EQ(s | h, out);
    EXPECT_NE((s | Humanize{.seed = 43, .timing = 30, .velocity = 10}), out);
    EXPECT_EQ(humanize(s, 30, 10, 42), out);
    // No bounds: nothing changes.
    EXPECT_EQ(s | Humanize{.seed = 7}, s);
}

TEST(Humanize, BoundsHoldOverManyNotes) {
    MidiSequence s(480);
    MidiTrack& t = s.add_track();
    for (int i = 0; i < 500; ++i) {
        t.add_note(i * 100, 50, i % 128, 1 + i % 127);
    }
    const MidiSequence out = s | Humanize{.seed = 1, .timing = 20, .velocity = 5};
    const auto a = s.track(0).notes();
    const auto b = out.track(0).notes();
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {  // notes 100 apart: the order cannot change
        EXPECT_LE(std::abs(b[i].start - a[i].start), 20);
        EXPECT_EQ(b[i].duration(), 50);
        EXPECT_LE(std::abs(b[i].velocity - a[i].velocity), 5);
        EXPECT_GE(b[i].velocity, 1);
        EXPECT_LE(b[i].velocity, 127);
    }
    EXPECT_THROW((void)(s | Humanize{.timing = -1}), cm::MidiError);
    EXPECT_THROW((void)(s | Humanize{.velocity = 127}), cm::MidiError);
}

} // namespace
