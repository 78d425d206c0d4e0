// UMP encode, decode and protocol translation, each beside a naive peer in the
// same process, with a ratio table printed after the runs.
//
// The messages: 4096 channel voice messages (note on, note off, control
// change, pitch bend, program change, channel pressure in a fixed
// pseudo-random mix), the same set for every run.
//
// Encode: ours builds each MIDI 2.0 packet with the ump_builders.hpp free
// functions and appends its words to a reserved buffer. Peers: the same packets
// built the way one writes it first, a std::vector<uint32_t> per message
// (pushed onto a vector of vectors), and a MIDI 1.0 byte-stream encoding of
// the same messages (MidiMessage factories, bytes() appended to a reserved
// byte vector), which is what UMP replaces.
//
// Decode: ours walks the encoded words with parse_ump and reads the fields
// with Midi2View. The peer copies each packet into a std::vector<uint32_t>
// (its size found with a chain of ifs on the type) and then shifts out the
// same fields.
//
// Translate: MIDI 2.0 -> 1.0 and MIDI 1.0 -> 2.0 over the same set (no peer;
// reported as messages/s).
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/ump.hpp>
#include <coremusic/midi/ump_builders.hpp>
#include <coremusic/midi/ump_parser.hpp>
#include <coremusic/midi/ump_translate.hpp>

#include <benchmark/benchmark.h>

#include "support/rate_reporter.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace cm::midi;

struct Msg {
    int kind;  // 0 note on, 1 note off, 2 cc, 3 pitch bend, 4 program, 5 channel pressure
    int channel;
    int a;            // note, controller, program
    std::uint32_t v;  // 32-bit value (velocity in the top 16 bits for notes)
};

const std::vector<Msg>& messages() {
    static const std::vector<Msg> set = [] {
        std::vector<Msg> out;
        std::uint32_t x = 0x12345678U;
        const auto next = [&] {
            x = x * 1664525U + 1013904223U;  // fixed LCG: the same set every run
            return x;
        };
        for (int i = 0; i < 4096; ++i) {
            const std::uint32_t r = next();
            out.push_back(Msg{static_cast<int>(r % 6U), static_cast<int>((r >> 8) & 15U),
                              static_cast<int>((r >> 12) & 127U), next()});
        }
        return out;
    }();
    return set;
}

Ump encode2(const Msg& m) noexcept {
    switch (m.kind) {
    case 0: return midi2_note_on(0, m.channel, m.a, static_cast<std::uint16_t>(m.v >> 16));
    case 1: return midi2_note_off(0, m.channel, m.a, static_cast<std::uint16_t>(m.v >> 16));
    case 2: return midi2_control_change(0, m.channel, m.a, m.v);
    case 3: return midi2_pitch_bend(0, m.channel, m.v);
    case 4: return midi2_program_change(0, m.channel, m.a);
    default: return midi2_channel_pressure(0, m.channel, m.v);
    }
}

void BM_UmpEncode(benchmark::State& state) {
    const auto& set = messages();
    std::vector<std::uint32_t> out(set.size() * 2);
    for (auto _ : state) {
        std::size_t n = 0;
        for (const Msg& m : set) {
            const Ump p = encode2(m);
            for (const std::uint32_t w : p.words()) {
                out[n++] = w;
            }
        }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(set.size()));
}
BENCHMARK(BM_UmpEncode);

// The peer: a vector per packet, fields shifted in by hand.
std::vector<std::uint32_t> naive_encode(const Msg& m) {
    const std::uint32_t op = m.kind == 0 ? 0x9 : m.kind == 1 ? 0x8 : m.kind == 2 ? 0xB : m.kind == 3 ? 0xE
                             : m.kind == 4 ? 0xC : 0xD;
    std::vector<std::uint32_t> w;
    std::uint32_t w0 = 0x4U << 28 | op << 20 | static_cast<std::uint32_t>(m.channel) << 16;
    std::uint32_t w1 = m.v;
    if (m.kind <= 2) {
        w0 |= static_cast<std::uint32_t>(m.a) << 8;
    }
    if (m.kind <= 1) {
        w1 = m.v & 0xFFFF0000U;
    }
    if (m.kind == 4) {
        w1 = static_cast<std::uint32_t>(m.a) << 24;
    }
    w.push_back(w0);
    w.push_back(w1);
    return w;
}

void BM_UmpEncode_VectorPeer(benchmark::State& state) {
    const auto& set = messages();
    for (auto _ : state) {
        std::vector<std::vector<std::uint32_t>> out;
        out.reserve(set.size());
        for (const Msg& m : set) {
            out.push_back(naive_encode(m));
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(set.size()));
}
BENCHMARK(BM_UmpEncode_VectorPeer);

void BM_Midi1ByteStream_Peer(benchmark::State& state) {
    const auto& set = messages();
    std::vector<std::uint8_t> out;
    out.reserve(set.size() * 3);
    for (auto _ : state) {
        out.clear();
        for (const Msg& m : set) {
            const int v7 = static_cast<int>(m.v >> 25);
            MidiMessage mm;
            switch (m.kind) {
            case 0: mm = MidiMessage::note_on(m.channel, m.a, v7); break;
            case 1: mm = MidiMessage::note_off(m.channel, m.a, v7); break;
            case 2: mm = MidiMessage::control_change(m.channel, m.a, v7); break;
            case 3: mm = MidiMessage::pitch_bend(m.channel, static_cast<int>(m.v >> 18)); break;
            case 4: mm = MidiMessage::program_change(m.channel, m.a); break;
            default: mm = MidiMessage::channel_pressure(m.channel, v7); break;
            }
            const auto b = mm.bytes();
            out.insert(out.end(), b.begin(), b.end());
        }
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(set.size()));
}
BENCHMARK(BM_Midi1ByteStream_Peer);

std::vector<std::uint32_t> encoded_words() {
    std::vector<std::uint32_t> out;
    for (const Msg& m : messages()) {
        const Ump p = encode2(m);
        out.insert(out.end(), p.words().begin(), p.words().end());
    }
    return out;
}

void BM_UmpDecode(benchmark::State& state) {
    const auto words = encoded_words();
    std::size_t packets = 0;
    for (auto _ : state) {
        std::uint64_t sum = 0;
        const UmpParseResult r = parse_ump(words, [&](const Ump& p) noexcept {
            if (const auto v = Midi2View::of(p)) {
                sum += static_cast<std::uint64_t>(v->channel()) + static_cast<std::uint64_t>(v->note()) + v->value() +
                       static_cast<std::uint64_t>(v->opcode());
            }
        });
        packets = r.packets;
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(packets));
}
BENCHMARK(BM_UmpDecode);

void BM_UmpDecode_NaivePeer(benchmark::State& state) {
    const auto words = encoded_words();
    std::size_t packets = 0;
    for (auto _ : state) {
        std::uint64_t sum = 0;
        packets = 0;
        std::size_t i = 0;
        while (i < words.size()) {
            const std::uint32_t mt = words[i] >> 28;
            std::size_t n = 1;
            if (mt == 3 || mt == 4 || mt == 8 || mt == 9 || mt == 10) {
                n = 2;
            } else if (mt == 11 || mt == 12) {
                n = 3;
            } else if (mt == 5 || mt >= 13) {
                n = 4;
            }
            if (i + n > words.size()) {
                break;
            }
            const std::vector<std::uint32_t> p(words.begin() + static_cast<std::ptrdiff_t>(i),
                                               words.begin() + static_cast<std::ptrdiff_t>(i + n));
            if (mt == 4) {
                sum += ((p[0] >> 16) & 0xFU) + ((p[0] >> 8) & 0xFFU) + p[1] + ((p[0] >> 20) & 0xFU);
            }
            i += n;
            ++packets;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(packets));
}
BENCHMARK(BM_UmpDecode_NaivePeer);

void BM_Translate2to1(benchmark::State& state) {
    const auto words = encoded_words();
    std::size_t packets = 0;
    for (auto _ : state) {
        std::uint64_t sum = 0;
        packets = parse_ump(words, [&](const Ump& p) noexcept {
                      translate_midi2_to_midi1(p, [&](const Ump& q) noexcept { sum += q.word(0); });
                  }).packets;
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(packets));
}
BENCHMARK(BM_Translate2to1);

void BM_Translate1to2(benchmark::State& state) {
    std::vector<std::uint32_t> midi1;
    const auto words = encoded_words();
    for (const Ump& p : UmpReader{words}) {
        translate_midi2_to_midi1(p, [&](const Ump& q) { midi1.push_back(q.word(0)); });
    }
    Midi1ToMidi2Translator t;
    for (auto _ : state) {
        std::uint64_t sum = 0;
        for (const std::uint32_t w : midi1) {
            t.translate(Ump{w}, [&](const Ump& q) noexcept { sum += q.word(1); });
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(midi1.size()));
}
BENCHMARK(BM_Translate1to2);

void print_table(const cm::bench::RateReporter& r) {
    const auto get = [&](const char* name) { return r.items(name); };
    using cm::bench::ratio;
    std::printf("\n%-26s %16s %14s %16s\n", "", "messages/s", "x vector peer", "x MIDI 1.0 bytes");
    std::printf("%-26s %16.0f %14.2f %16.2f\n", "UMP encode (MIDI 2.0)", get("BM_UmpEncode"),
                ratio(get("BM_UmpEncode"), get("BM_UmpEncode_VectorPeer")),
                ratio(get("BM_UmpEncode"), get("BM_Midi1ByteStream_Peer")));
    std::printf("%-26s %16.0f %14.2f %16s\n", "UMP decode (MIDI 2.0)", get("BM_UmpDecode"),
                ratio(get("BM_UmpDecode"), get("BM_UmpDecode_NaivePeer")), "-");
    std::printf("%-26s %16.0f %14s %16s\n", "translate 2.0 -> 1.0", get("BM_Translate2to1"), "-", "-");
    std::printf("%-26s %16.0f %14s %16s\n", "translate 1.0 -> 2.0", get("BM_Translate1to2"), "-", "-");
}

} // namespace

int main(int argc, char** argv) { return cm::bench::run_benchmarks(argc, argv, print_table); }
