// Standard MIDI File parsing: coremusic's read_smf beside libsmf's
// smf_load_from_memory (Debian libsmf-dev) on the same bytes, with a ratio
// table printed after the runs (MB/s and events/s; target >= 3x libsmf).
//
// Inputs: the fixtures of tests/data/midi (abc2midi, lilypond and
// midi-file output, 0.3 to 6 KB each) that libsmf 1.3 can read, parsed one
// after another per iteration (libsmf refuses format 2 and SMPTE
// divisions and aborts on an F7 SysEx event, so format2.mid, smpte25.mid,
// smpte2997.mid and sysex.mid are left out: 15 files), and a large
// generated format 1 file: 16 tracks of 100 000
// events each (notes with running status, controllers, pitch bends, a
// text event every 1000 events), about 5 MB. Both libraries build their
// whole in-memory model (every event of every track) and free it per
// iteration. Without libsmf only our figures are printed.
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>

#include <benchmark/benchmark.h>

#include "support/rate_reporter.hpp"

#ifdef COREMUSIC_BENCH_HAVE_LIBSMF
#include <smf.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace cm::midi;
using Bytes = std::vector<std::uint8_t>;

const std::vector<Bytes>& fixtures() {
    static const std::vector<Bytes> files = [] {
        std::vector<Bytes> out;
        std::vector<std::filesystem::path> paths;
        for (const auto& e : std::filesystem::recursive_directory_iterator(COREMUSIC_MIDI_DATA_DIR)) {
            if (e.path().extension() == ".mid") {
                paths.push_back(e.path());
            }
        }
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths) {
            std::ifstream in(p, std::ios::binary);
            Bytes b{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            const SmfFile f = read_smf(b);
            bool f7 = false;
            for (const SmfTrack& t : f.tracks) {
                for (const MidiEvent& e : t.events) {
                    f7 = f7 || (e.kind == EventKind::SysEx && e.status == 0xF7);
                }
            }
            if (f.format != 2 && !f.division.is_smpte() && !f7) {
                out.push_back(std::move(b));
            }
        }
        return out;
    }();
    return files;
}

// 16 tracks x 100 000 events, deterministic (a fixed LCG, no <random> distributions).
const Bytes& large_file() {
    static const Bytes bytes = [] {
        SmfFile f;
        f.format = 1;
        f.division = Division::ppq(480);
        std::uint32_t state = 12345;
        const auto next = [&](std::uint32_t n) {
            state = state * 1664525u + 1013904223u;
            return (state >> 8) % n;
        };
        for (int t = 0; t < 16; ++t) {
            SmfTrack track;
            track.events.reserve(100000);
            std::int64_t tick = 0;
            const int ch = t;
            int open_note = -1;
            while (track.events.size() < 100000 - 1) {
                tick += next(60);
                const std::size_t i = track.events.size();
                if (i % 1000 == 999) {
                    track.events.push_back(MidiEvent::text_event(tick, meta::marker, "bar " + std::to_string(i)));
                } else if (i % 50 == 25) {
                    track.events.push_back(
                        MidiEvent::from_message(tick, MidiMessage::control_change(ch, 1, static_cast<int>(next(128)))));
                } else if (i % 50 == 40) {
                    track.events.push_back(
                        MidiEvent::from_message(tick, MidiMessage::pitch_bend(ch, static_cast<int>(next(16384)))));
                } else if (open_note >= 0) {
                    track.events.push_back(MidiEvent::from_message(tick, MidiMessage::note_on(ch, open_note, 0)));
                    open_note = -1;
                } else {
                    open_note = 36 + static_cast<int>(next(48));
                    track.events.push_back(MidiEvent::from_message(
                        tick, MidiMessage::note_on(ch, open_note, 1 + static_cast<int>(next(127)))));
                }
            }
            f.tracks.push_back(std::move(track));  // the writer adds the end of track: 100 000 events
        }
        return write_smf(f, SmfWriteOptions{.running_status = true});
    }();
    return bytes;
}

template <class Parse>
void run(benchmark::State& state, const std::vector<const Bytes*>& inputs, Parse parse) {
    std::int64_t bytes = 0;
    std::int64_t events = 0;
    for (const Bytes* b : inputs) {
        bytes += static_cast<std::int64_t>(b->size());
    }
    for (auto _ : state) {
        events = 0;
        for (const Bytes* b : inputs) {
            events += parse(*b);
        }
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.SetItemsProcessed(state.iterations() * events);
    state.counters["events"] = static_cast<double>(events);
}

std::vector<const Bytes*> fixture_inputs() {
    std::vector<const Bytes*> v;
    for (const Bytes& b : fixtures()) {
        v.push_back(&b);
    }
    return v;
}

std::int64_t ours(const Bytes& b) {
    const SmfFile f = read_smf(b);
    std::int64_t n = 0;
    for (const SmfTrack& t : f.tracks) {
        n += static_cast<std::int64_t>(t.events.size());
    }
    benchmark::DoNotOptimize(f.tracks.data());
    return n;
}

void BM_Fixtures_Ours(benchmark::State& state) { run(state, fixture_inputs(), ours); }
BENCHMARK(BM_Fixtures_Ours);

void BM_Large_Ours(benchmark::State& state) { run(state, {&large_file()}, ours); }
BENCHMARK(BM_Large_Ours)->Unit(benchmark::kMillisecond);

void BM_Large_OursWriteCanonical(benchmark::State& state) {
    const SmfFile f = read_smf(large_file());
    for (auto _ : state) {
        benchmark::DoNotOptimize(write_smf(f).data());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(large_file().size()));
}
BENCHMARK(BM_Large_OursWriteCanonical)->Unit(benchmark::kMillisecond);

#ifdef COREMUSIC_BENCH_HAVE_LIBSMF
std::int64_t libsmf(const Bytes& b) {
    smf_t* smf = smf_load_from_memory(b.data(), static_cast<int>(b.size()));
    if (smf == nullptr) {
        return 0;
    }
    std::int64_t n = 0;
    for (int t = 1; t <= smf->number_of_tracks; ++t) {
        n += smf_get_track_by_number(smf, t)->number_of_events;
    }
    smf_delete(smf);
    return n;
}

void BM_Fixtures_Libsmf(benchmark::State& state) { run(state, fixture_inputs(), libsmf); }
BENCHMARK(BM_Fixtures_Libsmf);

void BM_Large_Libsmf(benchmark::State& state) { run(state, {&large_file()}, libsmf); }
BENCHMARK(BM_Large_Libsmf)->Unit(benchmark::kMillisecond);
#endif

void print_table(const cm::bench::RateReporter& r) {
    std::printf("\n%-16s %10s %14s %12s %14s %10s\n", "SMF parse", "MB/s", "events/s", "libsmf MB/s", "libsmf ev/s",
                "x libsmf");
    for (const char* set : {"Fixtures", "Large"}) {
        // Appended piecewise: GCC 12 -O3 warns falsely (-Wrestrict) on "lit" + std::string&&.
        std::string o = "BM_";
        o.append(set).append("_Ours");
        std::string l = "BM_";
        l.append(set).append("_Libsmf");
        const double ratio = r.items(l) > 0 ? r.items(o) / r.items(l) : 0.0;
        std::printf("%-16s %10.1f %14.0f %12.1f %14.0f %10.2f\n", set, r.bytes(o) / 1e6, r.items(o),
                    r.bytes(l) / 1e6, r.items(l), ratio);
    }
    std::printf("%-16s %10.1f  (canonical write of the large file)\n", "write", r.bytes("BM_Large_OursWriteCanonical") / 1e6);
}

} // namespace

int main(int argc, char** argv) { return cm::bench::run_benchmarks(argc, argv, print_table); }
