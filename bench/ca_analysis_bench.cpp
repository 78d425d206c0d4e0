// Analysis throughput: the STFT (2048-point Hann frames, hop 512) through
// cm::ca::Stft beside a naive O(n^2) DFT and beside FFTW alone
// (fftwf_execute on the same frames, no windowing, no magnitudes), and EBU
// R128 loudness (integrated + loudness range of a 5-minute stereo signal)
// through cm::ca::LoudnessMeter beside libebur128 1.2. Ratios are printed
// after the runs.
//
// Inputs are generated: 3 minutes of mono 48 kHz (a tone sweep plus noise)
// for the STFT, of which the naive DFT gets the first 64 frames (it is
// ~100x slower; its rate is per frame, so it compares directly); 5 minutes
// of stereo 48 kHz programme-like material (tones at changing levels) for
// loudness. libebur128 gets interleaved samples prepared outside the timed
// loop (its only input form); ours reads the planar buffer. The table also
// reports how much heap each loudness meter acquires while it is fed (from
// glibc's mallinfo2), the claim behind LoudnessMeter's "no allocation on
// the add path".
#include <coremusic/ca/loudness.hpp>
#include <coremusic/ca/stft.hpp>

#include <benchmark/benchmark.h>

#include "support/rate_reporter.hpp"

#ifdef COREMUSIC_BENCH_HAVE_FFTW3F
#include <fftw3.h>
#endif
#ifdef COREMUSIC_BENCH_HAVE_EBUR128
#include <ebur128.h>
#endif
#include <malloc.h>

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <vector>

namespace {

constexpr double sample_rate = 48000.0;
constexpr std::size_t frame_size = 2048;
constexpr std::size_t hop = 512;

const std::vector<float>& stft_signal() {
    static const std::vector<float> x = [] {
        const std::size_t n = static_cast<std::size_t>(180.0 * sample_rate);
        std::vector<float> v(n);
        std::uint32_t state = 1;
        double phase = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / sample_rate;
            phase += 2.0 * std::numbers::pi * (200.0 + 50.0 * t) / sample_rate;
            state = state * 1664525U + 1013904223U;
            const double noise = static_cast<double>(state >> 8) / 16777216.0 - 0.5;
            v[i] = static_cast<float>(0.5 * std::sin(phase) + 0.05 * noise);
        }
        return v;
    }();
    return x;
}

std::size_t stft_frames(std::size_t samples) { return 1 + (samples - frame_size) / hop; }

void BM_Stft_Ours(benchmark::State& state) {
    const auto& x = stft_signal();
    cm::ca::StftSettings s;
    s.frame_size = frame_size;
    s.hop_size = hop;
    s.center = false;
    cm::ca::Stft stft(s);
    std::vector<float> mags(stft.bins());
    const std::size_t frames = stft_frames(x.size());
    for (auto _ : state) {
        for (std::size_t f = 0; f < frames; ++f) {
            stft.magnitudes(std::span<const float>(x).subspan(f * hop, frame_size), mags);
            benchmark::DoNotOptimize(mags.data());
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(frames));
}
BENCHMARK(BM_Stft_Ours)->Unit(benchmark::kMillisecond);

void BM_Stft_OursSpectrogram(benchmark::State& state) {
    // The whole-signal call: framing, the output allocation and all.
    const auto& x = stft_signal();
    cm::ca::StftSettings s;
    s.frame_size = frame_size;
    s.hop_size = hop;
    s.center = false;
    cm::ca::Stft stft(s);
    for (auto _ : state) {
        const cm::ca::Spectrogram spec = stft.spectrogram(x, sample_rate);
        benchmark::DoNotOptimize(spec.values().data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(stft.frame_count(x.size())));
}
BENCHMARK(BM_Stft_OursSpectrogram)->Unit(benchmark::kMillisecond);

void BM_Stft_NaiveDft(benchmark::State& state) {
    // X[k] = sum_t w[t] x[t] e^{-2 pi i k t / n} with a twiddle table
    // (index k t mod n): n^2 complex multiply-adds per frame, the textbook DFT.
    const auto& x = stft_signal();
    const std::vector<float> w = cm::ca::make_window(cm::ca::WindowType::Hann, frame_size);
    std::vector<std::complex<float>> twiddle(frame_size);
    for (std::size_t i = 0; i < frame_size; ++i) {
        twiddle[i] = std::polar(1.0F, static_cast<float>(-2.0 * std::numbers::pi * static_cast<double>(i) /
                                                          static_cast<double>(frame_size)));
    }
    constexpr std::size_t frames = 64;
    std::vector<float> frame(frame_size);
    std::vector<float> mags(frame_size / 2 + 1);
    for (auto _ : state) {
        for (std::size_t f = 0; f < frames; ++f) {
            for (std::size_t t = 0; t < frame_size; ++t) frame[t] = x[f * hop + t] * w[t];
            for (std::size_t k = 0; k < mags.size(); ++k) {
                std::complex<float> acc{};
                std::size_t idx = 0;
                for (std::size_t t = 0; t < frame_size; ++t) {
                    acc += frame[t] * twiddle[idx];
                    idx = (idx + k) & (frame_size - 1);
                }
                mags[k] = std::abs(acc);
            }
            benchmark::DoNotOptimize(mags.data());
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(frames));
}
BENCHMARK(BM_Stft_NaiveDft)->Unit(benchmark::kMillisecond);

#ifdef COREMUSIC_BENCH_HAVE_FFTW3F
void BM_Stft_FftwAlone(benchmark::State& state) {
    const auto& x = stft_signal();
    float* in = fftwf_alloc_real(frame_size);
    fftwf_complex* out = fftwf_alloc_complex(frame_size / 2 + 1);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(static_cast<int>(frame_size), in, out, FFTW_MEASURE);
    const std::size_t frames = stft_frames(x.size());
    for (auto _ : state) {
        for (std::size_t f = 0; f < frames; ++f) {
            std::memcpy(in, x.data() + f * hop, frame_size * sizeof(float));
            fftwf_execute(plan);
            benchmark::DoNotOptimize(out);
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(frames));
    fftwf_destroy_plan(plan);
    fftwf_free(out);
    fftwf_free(in);
}
BENCHMARK(BM_Stft_FftwAlone)->Unit(benchmark::kMillisecond);
#endif

// ---- loudness ---------------------------------------------------------------

struct Programme {
    std::vector<float> left, right, interleaved;
};

const Programme& programme() {
    static const Programme p = [] {
        Programme q;
        const std::size_t n = static_cast<std::size_t>(300.0 * sample_rate);
        q.left.resize(n);
        q.right.resize(n);
        q.interleaved.resize(2 * n);
        std::uint32_t state = 7;
        for (std::size_t i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / sample_rate;
            // Levels stepping every 5 s between -40 and -10 dBFS: gating and LRA have work to do.
            const double level = -40.0 + 30.0 * std::fabs(std::sin(0.7 * std::floor(t / 5.0)));
            const double a = std::pow(10.0, level / 20.0);
            state = state * 1664525U + 1013904223U;
            const double noise = static_cast<double>(state >> 8) / 16777216.0 - 0.5;
            q.left[i] = static_cast<float>(a * (std::sin(2.0 * std::numbers::pi * 440.0 * t) + 0.3 * noise));
            q.right[i] = static_cast<float>(a * (std::sin(2.0 * std::numbers::pi * 660.0 * t) - 0.3 * noise));
            q.interleaved[2 * i] = q.left[i];
            q.interleaved[2 * i + 1] = q.right[i];
        }
        return q;
    }();
    return p;
}

constexpr std::size_t loudness_block = 4096;

double run_ours(const Programme& p) {
    cm::ca::LoudnessSettings s;
    s.sample_rate = sample_rate;
    s.channels = 2;
    s.max_duration_seconds = 310.0;
    cm::ca::LoudnessMeter m(s);
    const cm::ConstAudioBufferView v{std::span<const float>(p.left), std::span<const float>(p.right)};
    for (std::size_t i = 0; i < v.frames(); i += loudness_block) (void)m.add(v.subview(i, loudness_block));
    return m.integrated() + m.loudness_range();
}

void BM_Loudness_Ours(benchmark::State& state) {
    const Programme& p = programme();
    for (auto _ : state) benchmark::DoNotOptimize(run_ours(p));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(p.left.size()));
}
BENCHMARK(BM_Loudness_Ours)->Unit(benchmark::kMillisecond);

#ifdef COREMUSIC_BENCH_HAVE_EBUR128
double run_libebur128(const Programme& p, int mode) {
    ebur128_state* st = ebur128_init(2, static_cast<unsigned long>(sample_rate), mode);
    const std::size_t n = p.left.size();
    for (std::size_t i = 0; i < n; i += loudness_block) {
        const std::size_t len = std::min(loudness_block, n - i);
        ebur128_add_frames_float(st, p.interleaved.data() + 2 * i, len);
    }
    double integrated = 0.0;
    double range = 0.0;
    ebur128_loudness_global(st, &integrated);
    ebur128_loudness_range(st, &range);
    ebur128_destroy(&st);
    return integrated + range;
}

void BM_Loudness_Libebur128(benchmark::State& state) {
    const Programme& p = programme();
    for (auto _ : state) benchmark::DoNotOptimize(run_libebur128(p, EBUR128_MODE_I | EBUR128_MODE_LRA));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(p.left.size()));
}
BENCHMARK(BM_Loudness_Libebur128)->Unit(benchmark::kMillisecond);

void BM_Loudness_Libebur128Histogram(benchmark::State& state) {
    // Its approximate mode (0.1 LU histogram), which avoids the per-block list.
    const Programme& p = programme();
    for (auto _ : state) {
        benchmark::DoNotOptimize(run_libebur128(p, EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_HISTOGRAM));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(p.left.size()));
}
BENCHMARK(BM_Loudness_Libebur128Histogram)->Unit(benchmark::kMillisecond);
#endif

// Heap acquired while feeding: malloc calls made between construction and
// the end of the add loop show up as growth of the in-use bytes.
struct AddPathHeap {
    long long ours = 0;
    long long libebur128 = -1;
    double ours_lufs = 0.0;
    double ref_lufs = 0.0;
};

AddPathHeap add_path_heap() {
    const Programme& p = programme();
    AddPathHeap h;
    {
        cm::ca::LoudnessSettings s;
        s.sample_rate = sample_rate;
        s.channels = 2;
        s.max_duration_seconds = 310.0;
        cm::ca::LoudnessMeter m(s);
        const cm::ConstAudioBufferView v{std::span<const float>(p.left), std::span<const float>(p.right)};
        const auto before = static_cast<long long>(mallinfo2().uordblks);
        for (std::size_t i = 0; i < v.frames(); i += loudness_block) (void)m.add(v.subview(i, loudness_block));
        h.ours = static_cast<long long>(mallinfo2().uordblks) - before;
        h.ours_lufs = m.integrated();
    }
#ifdef COREMUSIC_BENCH_HAVE_EBUR128
    ebur128_state* st = ebur128_init(2, static_cast<unsigned long>(sample_rate), EBUR128_MODE_I | EBUR128_MODE_LRA);
    const auto before = static_cast<long long>(mallinfo2().uordblks);
    for (std::size_t i = 0; i < p.left.size(); i += loudness_block) {
        ebur128_add_frames_float(st, p.interleaved.data() + 2 * i, std::min(loudness_block, p.left.size() - i));
    }
    h.libebur128 = static_cast<long long>(mallinfo2().uordblks) - before;
    ebur128_loudness_global(st, &h.ref_lufs);
    ebur128_destroy(&st);
#endif
    return h;
}

void print_table(const cm::bench::RateReporter& r) {
    using cm::bench::ratio;
    const double ours = r.items("BM_Stft_Ours");
    std::printf("\n%-34s %14s %12s\n", "STFT 2048/512 (frames/s)", "frames/s", "ours / this");
    for (const char* name : {"BM_Stft_Ours", "BM_Stft_OursSpectrogram", "BM_Stft_NaiveDft", "BM_Stft_FftwAlone"}) {
        std::printf("%-34s %14.0f %12.2f\n", name, r.items(name), ratio(ours, r.items(name)));
    }
    const double lo = r.items("BM_Loudness_Ours");
    std::printf("\n%-34s %14s %12s %10s\n", "Loudness I+LRA, 5 min stereo", "frames/s", "ours / this", "x realtime");
    for (const char* name : {"BM_Loudness_Ours", "BM_Loudness_Libebur128", "BM_Loudness_Libebur128Histogram"}) {
        std::printf("%-34s %14.0f %12.2f %10.0f\n", name, r.items(name), ratio(lo, r.items(name)),
                    r.items(name) / sample_rate);
    }
    const AddPathHeap h = add_path_heap();
    std::printf("\nheap acquired while adding 5 min: ours %lld bytes, libebur128 %lld bytes"
                " (integrated: ours %.2f, libebur128 %.2f LUFS)\n",
                h.ours, h.libebur128, h.ours_lufs, h.ref_lufs);
}

} // namespace

int main(int argc, char** argv) { return cm::bench::run_benchmarks(argc, argv, print_table); }
