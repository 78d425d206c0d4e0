// Pipeline: stages run in order (results worked by hand for orders that
// differ), the fluent forms build the same thing, copies and moves, and a
// pipeline inside a pipeline.
#include <coremusic/midi/pipeline.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/transform/filter.hpp>
#include <coremusic/midi/transform/pitch.hpp>
#include <coremusic/midi/transform/structure.hpp>
#include <coremusic/midi/transform/time.hpp>
#include <coremusic/midi/transform/velocity.hpp>

namespace {

using namespace cm::midi;
using Note = std::tuple<std::int64_t, std::int64_t, int, int, int>;  // start, end, note, velocity, channel

std::vector<Note> notes(const MidiSequence& s) {
    std::vector<Note> out;
    for (const TrackNote& n : s.track(0).notes()) {
        out.emplace_back(n.start, n.end, n.note, n.velocity, n.channel);
    }
    return out;
}

MidiSequence sample() {
    MidiSequence s(480);
    MidiTrack& t = s.add_track("t");
    t.add_note(130, 240, 60, 100);
    t.add_note(500, 100, 125, 80, 1);
    return s;
}

TEST(Pipeline, RunsStagesInOrder) {
    const Pipeline p{Transpose{5}, VelocityScale{.factor = 0.5}, Quantize{}, ChannelRemap::all_to(2)};
    EXPECT_EQ(p.size(), 4u);
    // 60 -> 65, 125 -> 130 dropped; 100 -> 50; 130 -> 120 keeping 240 ticks; channel 2.
    EXPECT_EQ(notes(p(sample())), (std::vector<Note>{{120, 360, 65, 50, 2}}));
    // The same with the fluent form on a sequence.
    EXPECT_EQ(sample() | Transpose{5} | VelocityScale{.factor = 0.5} | Quantize{} | ChannelRemap::all_to(2), p(sample()));
    EXPECT_EQ(sample() | p, p(sample()));
}

TEST(Pipeline, OrderMatters) {
    // Shift 20 then quantize: 130 -> 150 -> 120. Quantize then shift: 130 -> 120 -> 140.
    EXPECT_EQ(std::get<0>(notes(sample() | Pipeline{TimeShift{20}, Quantize{}})[0]), 120);
    EXPECT_EQ(std::get<0>(notes(sample() | Pipeline{Quantize{}, TimeShift{20}})[0]), 140);
    // Transpose by 3 then clamp-invert around 64 vs the other way round:
    // 60 -> 63 -> 65; 60 -> 68 -> 71.
    EXPECT_EQ(std::get<2>(notes(sample() | Pipeline{Transpose{3}, Invert{64}})[0]), 65);
    EXPECT_EQ(std::get<2>(notes(sample() | Pipeline{Invert{64}, Transpose{3}})[0]), 71);
}

TEST(Pipeline, BuiltWithBarsAndThen) {
    const Pipeline a = Transpose{1} | Transpose{2};
    EXPECT_EQ(a.size(), 2u);
    const Pipeline b = a | Transpose{3} | VelocityScale{};
    EXPECT_EQ(b.size(), 4u);
    EXPECT_EQ(a.size(), 2u);  // a was copied, not changed
    Pipeline c;
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c(sample()), sample());
    c.then(Transpose{6}).then(Quantize{});
    EXPECT_EQ(c.size(), 2u);
    EXPECT_EQ(std::get<2>(notes(b(sample()))[0]), 66);
    EXPECT_EQ(notes(c(sample())), (std::vector<Note>{{120, 360, 66, 100, 0}}));
}

TEST(Pipeline, NestsAndCopies) {
    const Pipeline inner{Transpose{12}, Transpose{-5}};
    Pipeline outer;
    outer.then(inner).then(VelocityScale{.factor = 0.5});
    const Pipeline copy = outer;
    EXPECT_EQ(notes(copy(sample())), (std::vector<Note>{{130, 370, 67, 50, 0}}));  // 125 + 7 leaves the range
    Pipeline moved = std::move(outer);
    EXPECT_EQ(moved(sample()), copy(sample()));
}

TEST(Pipeline, MovedInSequenceIsNotCopied) {
    MidiSequence s = sample();
    const auto* before = s.track(0).events().data();
    MidiSequence out = std::move(s) | Transpose{1} | VelocityScale{};
    EXPECT_EQ(out.track(0).events().data(), before);  // the same buffer all the way
}

} // namespace
