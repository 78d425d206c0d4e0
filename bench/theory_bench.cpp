// Chord detection and Euclidean rhythm generation, each beside a naive peer in
// the same process, with a ratio table printed after the runs.
//
// Chord detection: all 106 chord types on all 12 roots (1272 note sets,
// spelled) per iteration. Ours is detect_chords (chroma match against the
// dictionary, then ranking). The peer is what one writes first: for each
// note of the input as a root and each dictionary type, add up the type's
// semitones into a pitch-class set, compare it with the input's, and collect
// the matches (without ranking or spelling, so it does less than ours).
//
// Euclidean rhythms: every E(k, n) with 1 <= k <= n <= 32 (528 patterns) per
// iteration. Ours is euclidean_rhythm (Bjorklund, Toussaint's form). The peers
// are the textbook recursive Bjorklund on vectors of vectors (how most
// implementations write it) and the Bresenham line ((i * k) % n < k), which
// gives a rotation of the same rhythm with no work at all: the floor.
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_detect.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/euclidean_generator.hpp>

#include <benchmark/benchmark.h>

#include "support/rate_reporter.hpp"

#include <cstddef>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

using namespace cm::theory;

std::vector<std::vector<Note>> all_chord_note_sets() {
    const char* roots[] = {"C4", "Db4", "D4", "Eb4", "E4", "F4", "F#4", "G4", "Ab4", "A4", "Bb4", "B4"};
    std::vector<std::vector<Note>> out;
    for (const char* r : roots) {
        for (const ChordType t : ChordType::all()) {
            out.push_back(Chord{Note::from_name(r), t}.notes());
        }
    }
    return out;
}

// The peer: try every candidate and compare pitch-class sets.
std::vector<Chord> naive_detect(const std::vector<Note>& notes) {
    unsigned set = 0;
    for (const Note& n : notes) {
        set |= 1u << static_cast<unsigned>(n.pitch_class());
    }
    std::vector<Chord> out;
    for (const Note& root : notes) {
        for (const ChordType t : ChordType::all()) {
            unsigned chord_set = 0;
            for (const Interval i : t.intervals()) {
                chord_set |= 1u << static_cast<unsigned>((root.pitch_class() + i.semitones()) % 12);
            }
            if (chord_set == set) {
                out.emplace_back(root, t, notes.front());
            }
        }
    }
    return out;
}

void BM_ChordDetect(benchmark::State& state) {
    const auto sets = all_chord_note_sets();
    for (auto _ : state) {
        for (const auto& s : sets) {
            benchmark::DoNotOptimize(detect_chords(s));
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(sets.size()));
}
BENCHMARK(BM_ChordDetect);

void BM_ChordDetect_NaivePeer(benchmark::State& state) {
    const auto sets = all_chord_note_sets();
    for (auto _ : state) {
        for (const auto& s : sets) {
            benchmark::DoNotOptimize(naive_detect(s));
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(sets.size()));
}
BENCHMARK(BM_ChordDetect_NaivePeer);

// The recursive Bjorklund most implementations copy: groups as vectors.
std::vector<bool> textbook_bjorklund(int k, int n) {
    std::vector<std::vector<bool>> a(static_cast<std::size_t>(k), std::vector<bool>{true});
    std::vector<std::vector<bool>> b(static_cast<std::size_t>(n - k), std::vector<bool>{false});
    while (b.size() > 1) {
        const std::size_t m = std::min(a.size(), b.size());
        std::vector<std::vector<bool>> joined;
        for (std::size_t i = 0; i < m; ++i) {
            auto g = a[i];
            g.insert(g.end(), b[i].begin(), b[i].end());
            joined.push_back(std::move(g));
        }
        std::vector<std::vector<bool>> rest;
        if (a.size() > m) {
            rest.assign(a.begin() + static_cast<std::ptrdiff_t>(m), a.end());
        } else {
            rest.assign(b.begin() + static_cast<std::ptrdiff_t>(m), b.end());
        }
        a = std::move(joined);
        b = std::move(rest);
    }
    std::vector<bool> out;
    for (const auto& g : a) {
        out.insert(out.end(), g.begin(), g.end());
    }
    for (const auto& g : b) {
        out.insert(out.end(), g.begin(), g.end());
    }
    return out;
}

std::vector<bool> bresenham(int k, int n) {
    std::vector<bool> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        out[static_cast<std::size_t>(i)] = (i * k) % n < k;
    }
    return out;
}

template <class F>
void run_euclid(benchmark::State& state, F f) {
    std::size_t patterns = 0;
    for (auto _ : state) {
        patterns = 0;
        for (int n = 1; n <= 32; ++n) {
            for (int k = 1; k <= n; ++k) {
                benchmark::DoNotOptimize(f(k, n));
                ++patterns;
            }
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(patterns));
}

void BM_Euclidean(benchmark::State& state) {
    run_euclid(state, [](int k, int n) { return euclidean_rhythm(k, n); });
}
BENCHMARK(BM_Euclidean);

void BM_Euclidean_TextbookPeer(benchmark::State& state) { run_euclid(state, textbook_bjorklund); }
BENCHMARK(BM_Euclidean_TextbookPeer);

void BM_Euclidean_BresenhamFloor(benchmark::State& state) { run_euclid(state, bresenham); }
BENCHMARK(BM_Euclidean_BresenhamFloor);

void print_table(const cm::bench::RateReporter& r) {
    const auto get = [&](const char* name) { return r.items(name); };
    using cm::bench::ratio;
    std::printf("\n%-22s %14s %12s %12s\n", "", "items/s", "x peer", "x floor");
    std::printf("%-22s %14.0f %12.2f %12s\n", "chord detect", get("BM_ChordDetect"),
                ratio(get("BM_ChordDetect"), get("BM_ChordDetect_NaivePeer")), "-");
    std::printf("%-22s %14.0f %12.2f %12.2f\n", "euclidean rhythm", get("BM_Euclidean"),
                ratio(get("BM_Euclidean"), get("BM_Euclidean_TextbookPeer")),
                ratio(get("BM_Euclidean"), get("BM_Euclidean_BresenhamFloor")));
}

} // namespace

int main(int argc, char** argv) { return cm::bench::run_benchmarks(argc, argv, print_table); }
