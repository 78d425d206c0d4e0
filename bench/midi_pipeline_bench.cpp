// The MIDI transform pipeline: a 4-stage Pipeline (Transpose | VelocityScale
// | Quantize | ChannelRemap) on one sequence of about a million events, in
// events per second, beside two peers in the same process, with a ratio
// table and the target (10 M events/s) printed after the runs.
//
// Ours: Pipeline{...}(seq): one copy of the input, then each stage in place
// (Quantize pairs notes, moves whole notes and re-sorts, adaptively); and
// the stages alone, in place (`std::move(seq) | pipeline`). The copy is
// timed apart because a fresh 48 MB buffer costs mostly page faults.
// The naive peer: the same four stages written the obvious way, each a
// function from a std::vector<MidiEvent> to a new one, Quantize pairing notes
// through a std::map of deques and re-sorting with a merge sort.
// The floor: one hand-written loop over plain 16-byte events doing the four
// value changes with no note pairing and no sorting (so it would leave
// notes unsorted or stuck); what the memory traffic alone costs.
#include <coremusic/core/detail/stable_sort.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/pipeline.hpp>
#include <coremusic/midi/transform/filter.hpp>
#include <coremusic/midi/transform/pitch.hpp>
#include <coremusic/midi/transform/time.hpp>
#include <coremusic/midi/transform/velocity.hpp>
#include <coremusic/theory/random.hpp>

#include <benchmark/benchmark.h>

#include "support/rate_reporter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace cm::midi;

constexpr int notes_in_bench = 500000;  // 1 000 000 events
constexpr int ppq = 480;

// Notes every 60 ticks, jittered by up to 20, 30..400 ticks long, on
// channels 0..3 and pitches 36..96 (so notes of one pitch overlap at times).
const MidiSequence& bench_sequence() {
    static const MidiSequence seq = [] {
        MidiSequence s(ppq);
        MidiTrack& t = s.add_track("bench");
        cm::theory::Random rng{2024};
        std::vector<MidiEvent> ev;
        ev.reserve(2 * notes_in_bench);
        for (int i = 0; i < notes_in_bench; ++i) {
            const std::int64_t start = std::max<std::int64_t>(0, std::int64_t{i} * 60 + rng.between(-20, 20));
            const int ch = rng.between(0, 3);
            const int note = rng.between(36, 96);
            ev.push_back(MidiEvent::from_message(start, MidiMessage::note_on(ch, note, rng.between(1, 127))));
            ev.push_back(MidiEvent::from_message(start + rng.between(30, 400), MidiMessage::note_off(ch, note)));
        }
        t.edit([&](std::vector<MidiEvent>& v) { v = std::move(ev); });
        return s;
    }();
    return seq;
}

const Transpose transpose_stage{2};
const VelocityScale velocity_stage{.factor = 0.8};
const Quantize quantize_stage{.strength = 0.5};
ChannelRemap remap_stage() {
    ChannelRemap r;
    r.map[0] = 9;
    r.map[1] = 0;
    return r;
}

void BM_Pipeline(benchmark::State& state) {
    const MidiSequence& in = bench_sequence();
    const Pipeline p{transpose_stage, velocity_stage, quantize_stage, remap_stage()};
    for (auto _ : state) {
        MidiSequence out = p(in);
        benchmark::DoNotOptimize(out.track(0).events().data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.event_count()));
}
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);

// The stages alone: the input is copied into the working sequence (reusing
// its memory) outside the timed region, then the pipeline runs in place, as
// `std::move(seq) | pipeline` does.
void BM_PipelineInPlace(benchmark::State& state) {
    const MidiSequence& in = bench_sequence();
    const Pipeline p{transpose_stage, velocity_stage, quantize_stage, remap_stage()};
    MidiSequence work = in;
    for (auto _ : state) {
        state.PauseTiming();
        work = in;
        state.ResumeTiming();
        p.apply(work);
        benchmark::DoNotOptimize(work.track(0).events().data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.event_count()));
}
BENCHMARK(BM_PipelineInPlace)->Unit(benchmark::kMillisecond);

// ---- the naive peer --------------------------------------------------------

std::vector<MidiEvent> naive_transpose(const std::vector<MidiEvent>& in, int semitones) {
    std::vector<MidiEvent> out;
    for (const MidiEvent& e : in) {
        MidiEvent c = e;
        if (c.is_message() && (c.message.type() == MessageType::NoteOn || c.message.type() == MessageType::NoteOff)) {
            const int n = c.message.note() + semitones;
            if (n < 0 || n > 127) {
                continue;
            }
            c.message = c.message.type() == MessageType::NoteOn
                            ? MidiMessage::note_on(c.message.channel(), n, c.message.velocity())
                            : MidiMessage::note_off(c.message.channel(), n, c.message.velocity());
        }
        out.push_back(c);
    }
    return out;
}

std::vector<MidiEvent> naive_velocity(const std::vector<MidiEvent>& in, double factor) {
    std::vector<MidiEvent> out;
    for (const MidiEvent& e : in) {
        MidiEvent c = e;
        if (c.is_message() && c.message.is_note_on()) {
            const auto v = static_cast<int>(std::clamp<long long>(std::llround(c.message.velocity() * factor), 1, 127));
            c.message = MidiMessage::note_on(c.message.channel(), c.message.note(), v);
        }
        out.push_back(c);
    }
    return out;
}

std::vector<MidiEvent> naive_quantize(const std::vector<MidiEvent>& in, std::int64_t grid, double strength) {
    std::vector<MidiEvent> out = in;
    std::map<int, std::deque<std::size_t>> sounding;
    const auto q = [&](std::int64_t t) {
        const std::int64_t line = (t + grid / 2) / grid * grid;
        return t + std::llround(strength * static_cast<double>(line - t));
    };
    std::vector<std::int64_t> start_of(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        start_of[i] = out[i].tick;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        const MidiEvent& e = out[i];
        if (!e.is_message()) {
            continue;
        }
        const int key = e.message.channel() * 128 + e.message.note();
        if (e.message.is_note_on()) {
            sounding[key].push_back(i);
        } else if (e.message.is_note_off() && !sounding[key].empty()) {
            const std::size_t on = sounding[key].front();
            sounding[key].pop_front();
            const std::int64_t moved = q(out[on].tick) - out[on].tick;
            start_of[i] = out[i].tick + moved;
            start_of[on] = out[on].tick + moved;
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].tick = start_of[i];
    }
    cm::detail::stable_sort(out.begin(), out.end(), event_before);
    return out;
}

std::vector<MidiEvent> naive_remap(const std::vector<MidiEvent>& in, const std::array<int, 16>& map) {
    std::vector<MidiEvent> out;
    for (const MidiEvent& e : in) {
        MidiEvent c = e;
        if (c.is_message() && c.message.is_channel_message()) {
            std::vector<std::uint8_t> bytes(c.message.bytes().begin(), c.message.bytes().end());
            bytes[0] = static_cast<std::uint8_t>((bytes[0] & 0xF0) | map[static_cast<std::size_t>(c.message.channel())]);
            c.message = MidiMessage::from_bytes(bytes);
        }
        out.push_back(c);
    }
    return out;
}

void BM_NaivePeer(benchmark::State& state) {
    const MidiSequence& in = bench_sequence();
    const std::vector<MidiEvent> events(in.track(0).events().begin(), in.track(0).events().end());
    const std::array<int, 16> map = remap_stage().map;
    for (auto _ : state) {
        auto out = naive_remap(naive_quantize(naive_velocity(naive_transpose(events, 2), 0.8), 120, 0.5), map);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_NaivePeer)->Unit(benchmark::kMillisecond);

// ---- the floor -------------------------------------------------------------

struct PlainEvent {
    std::int64_t tick;
    std::uint8_t status, data1, data2, pad;
};

void BM_HandLoopFloor(benchmark::State& state) {
    const MidiSequence& in = bench_sequence();
    std::vector<PlainEvent> events;
    for (const MidiEvent& e : in.track(0).events()) {
        events.push_back({e.tick, e.message.status(), static_cast<std::uint8_t>(e.message.data1()),
                          static_cast<std::uint8_t>(e.message.data2()), 0});
    }
    std::array<std::uint8_t, 128> vel{};
    for (int v = 0; v < 128; ++v) {
        vel[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(std::clamp<long long>(std::llround(v * 0.8), 1, 127));
    }
    const std::array<int, 16> map = remap_stage().map;
    std::vector<PlainEvent> out = events;
    for (auto _ : state) {
        state.PauseTiming();
        out = events;
        state.ResumeTiming();
        for (PlainEvent& e : out) {
            const int hi = e.status & 0xF0;
            if (hi == 0x80 || hi == 0x90) {
                e.data1 = static_cast<std::uint8_t>(std::min(e.data1 + 2, 127));
                if (hi == 0x90) {
                    e.data2 = vel[e.data2];
                    const std::int64_t line = (e.tick + 60) / 120 * 120;
                    e.tick += (line - e.tick) / 2;
                }
            }
            e.status = static_cast<std::uint8_t>(hi | map[e.status & 0x0F]);
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_HandLoopFloor)->Unit(benchmark::kMillisecond);

void print_table(const cm::bench::RateReporter& r) {
    const auto get = [&](const char* name) { return r.items(name); };
    using cm::bench::ratio;
    const double copying = get("BM_Pipeline");
    const double in_place = get("BM_PipelineInPlace");
    const double peer = get("BM_NaivePeer");
    const double floor = get("BM_HandLoopFloor");
    std::printf("\n%-40s %14s %10s %10s\n", "", "events/s", "x peer", "x floor");
    std::printf("%-40s %14.0f %10.2f %10.2f\n", "pipeline in place (ours)", in_place, ratio(in_place, peer),
                ratio(in_place, floor));
    std::printf("%-40s %14.0f %10.2f %10.2f\n", "pipeline incl. copy of input (ours)", copying, ratio(copying, peer),
                ratio(copying, floor));
    std::printf("%-40s %14.0f\n", "naive peer (4 copying passes)", peer);
    std::printf("%-40s %14.0f\n", "floor (one loop, no pairing/sort)", floor);
    std::printf("target >= 10 M events/s: in place %s (%.1f M/s), with the copy %s (%.1f M/s)\n",
                in_place >= 10e6 ? "met" : "NOT met", in_place / 1e6, copying >= 10e6 ? "met" : "NOT met",
                copying / 1e6);
}

} // namespace

int main(int argc, char** argv) { return cm::bench::run_benchmarks(argc, argv, print_table); }
