// bench/ca_src_bench.cpp
// Sample-rate conversion: libsoxr against libsamplerate, called directly, at
// comparable quality (soxr HQ / VHQ beside SRC_SINC_MEDIUM / BEST), for speed
// (input frames per second, stereo float, 44.1 kHz -> 48 kHz in 1024-frame
// blocks, as a streaming converter runs) and quality (THD+N of a 1 kHz sine
// against the analytic sine at the new rate; rejection of a 30 kHz tone when
// going 96 kHz -> 44.1 kHz). This measurement chose the library behind
// cm::ca::Resampler; the last rows run Resampler itself beside the library.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include <coremusic/ca/resampler.hpp>

#include "support/rate_reporter.hpp"

#if COREMUSIC_BENCH_HAVE_SOXR
#include <soxr.h>
#endif
#if COREMUSIC_BENCH_HAVE_SAMPLERATE
#include <samplerate.h>
#endif

namespace {

constexpr std::size_t block = 1024;
constexpr std::size_t channels = 2;

std::vector<float> sine(double freq, double rate, std::size_t frames, std::size_t ch, double amp = 0.89) {
    std::vector<float> v(frames * ch);
    for (std::size_t i = 0; i < frames; ++i) {
        const auto x = static_cast<float>(amp * std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate));
        for (std::size_t c = 0; c < ch; ++c) v[i * ch + c] = x;
    }
    return v;
}

// A converter over interleaved float: feed blocks, then drain.
struct Converter {
    virtual ~Converter() = default;
    // Returns output frames written to out (room for `room` frames).
    virtual std::size_t process(const float* in, std::size_t frames, float* out, std::size_t room) = 0;
    virtual std::size_t drain(float* out, std::size_t room) = 0;
};

#if COREMUSIC_BENCH_HAVE_SOXR
struct Soxr final : Converter {
    soxr_t s = nullptr;
    Soxr(double from, double to, std::size_t ch, unsigned long recipe) {
        const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        const soxr_quality_spec_t q = soxr_quality_spec(recipe, 0);
        const soxr_runtime_spec_t rt = soxr_runtime_spec(1);
        soxr_error_t err = nullptr;
        s = soxr_create(from, to, static_cast<unsigned>(ch), &err, &io, &q, &rt);
    }
    ~Soxr() override { soxr_delete(s); }
    Soxr(const Soxr&) = delete;
    Soxr& operator=(const Soxr&) = delete;
    std::size_t process(const float* in, std::size_t frames, float* out, std::size_t room) override {
        std::size_t idone = 0;
        std::size_t odone = 0;
        soxr_process(s, in, frames, &idone, out, room, &odone);
        return odone;
    }
    std::size_t drain(float* out, std::size_t room) override {
        std::size_t odone = 0;
        soxr_process(s, nullptr, 0, nullptr, out, room, &odone);
        return odone;
    }
};
#endif

#if COREMUSIC_BENCH_HAVE_SAMPLERATE
struct Src final : Converter {
    SRC_STATE* s = nullptr;
    double ratio;
    std::vector<float> pending;  // input src_process did not take
    std::size_t ch;
    Src(double from, double to, std::size_t channel_count, int type) : ratio(to / from), ch(channel_count) {
        int err = 0;
        s = src_new(type, static_cast<int>(channel_count), &err);
    }
    ~Src() override { src_delete(s); }
    Src(const Src&) = delete;
    Src& operator=(const Src&) = delete;
    std::size_t run(const float* in, std::size_t frames, float* out, std::size_t room, bool end) {
        SRC_DATA d{};
        d.data_in = in;
        d.input_frames = static_cast<long>(frames);
        d.data_out = out;
        d.output_frames = static_cast<long>(room);
        d.src_ratio = ratio;
        d.end_of_input = end ? 1 : 0;
        std::size_t total = 0;
        for (;;) {
            src_process(s, &d);
            total += static_cast<std::size_t>(d.output_frames_gen);
            d.data_in += d.input_frames_used * static_cast<long>(ch);
            d.input_frames -= d.input_frames_used;
            d.data_out += d.output_frames_gen * static_cast<long>(ch);
            d.output_frames -= d.output_frames_gen;
            if (d.output_frames_gen == 0 && d.input_frames_used == 0) break;
            if (d.output_frames == 0) break;
            if (d.input_frames == 0 && !end) break;
        }
        return total;
    }
    std::size_t process(const float* in, std::size_t frames, float* out, std::size_t room) override {
        return run(in, frames, out, room, false);
    }
    std::size_t drain(float* out, std::size_t room) override { return run(nullptr, 0, out, room, true); }
};
#endif

// Converts all of `in` (interleaved, ch channels) in blocks; returns the output.
std::vector<float> convert_all(Converter& c, const std::vector<float>& in, std::size_t ch, double ratio) {
    const std::size_t frames = in.size() / ch;
    std::vector<float> out(static_cast<std::size_t>(static_cast<double>(frames) * ratio + 4096) * ch);
    std::size_t made = 0;
    for (std::size_t at = 0; at < frames; at += block) {
        const std::size_t n = std::min(block, frames - at);
        made += c.process(in.data() + at * ch, n, out.data() + made * ch, out.size() / ch - made);
    }
    for (int i = 0; i < 64; ++i) {
        const std::size_t got = c.drain(out.data() + made * ch, out.size() / ch - made);
        made += got;
        if (got == 0) break;
    }
    out.resize(made * ch);
    return out;
}

// THD+N of channel 0 of `out` against a sine of `freq` at `rate`: the sine
// (amplitude and phase fitted by least squares) is removed and the residual
// RMS over the middle of the signal (edges skipped: filter start-up) is
// given relative to the sine's RMS, in dB.
double thd_n_db(const std::vector<float>& out, std::size_t ch, double freq, double rate) {
    const std::size_t frames = out.size() / ch;
    const std::size_t skip = frames / 10;
    double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
    for (std::size_t i = skip; i < frames - skip; ++i) {
        const double w = 2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate;
        const double s = std::sin(w), c = std::cos(w), y = out[i * ch];
        ss += s * s; cc += c * c; sc += s * c; ys += y * s; yc += y * c;
    }
    const double det = ss * cc - sc * sc;
    const double a = (ys * cc - yc * sc) / det;
    const double b = (yc * ss - ys * sc) / det;
    double err = 0, sig = 0;
    for (std::size_t i = skip; i < frames - skip; ++i) {
        const double w = 2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate;
        const double fit = a * std::sin(w) + b * std::cos(w);
        err += (out[i * ch] - fit) * (out[i * ch] - fit);
        sig += fit * fit;
    }
    return 10.0 * std::log10(err / sig);
}

double rms_db(const std::vector<float>& v, std::size_t ch, double reference_rms) {
    const std::size_t frames = v.size() / ch;
    const std::size_t skip = frames / 10;
    double e = 0;
    for (std::size_t i = skip; i < frames - skip; ++i) e += static_cast<double>(v[i * ch]) * v[i * ch];
    return 10.0 * std::log10(e / static_cast<double>(frames - 2 * skip) / (reference_rms * reference_rms) + 1e-30);
}

template <class Make>
void bench_library(benchmark::State& state, Make make) {
    const std::vector<float> in = sine(1000.0, 44100.0, 44100, channels);
    const double ratio = 48000.0 / 44100.0;
    std::vector<float> out((block * 2 + 64) * channels);
    for (auto _ : state) {
        auto c = make();
        const std::size_t frames = in.size() / channels;
        for (std::size_t at = 0; at < frames; at += block) {
            const std::size_t n = std::min(block, frames - at);
            benchmark::DoNotOptimize(c->process(in.data() + at * channels, n, out.data(), out.size() / channels));
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size() / channels));
    (void)ratio;
}

#if COREMUSIC_BENCH_HAVE_SOXR
void BM_soxr_hq(benchmark::State& s) {
    bench_library(s, [] { return std::make_unique<Soxr>(44100.0, 48000.0, channels, SOXR_HQ); });
}
void BM_soxr_vhq(benchmark::State& s) {
    bench_library(s, [] { return std::make_unique<Soxr>(44100.0, 48000.0, channels, SOXR_VHQ); });
}
void BM_soxr_mq(benchmark::State& s) {
    bench_library(s, [] { return std::make_unique<Soxr>(44100.0, 48000.0, channels, SOXR_MQ); });
}
BENCHMARK(BM_soxr_mq)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_soxr_hq)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_soxr_vhq)->Unit(benchmark::kMillisecond);
#endif
#if COREMUSIC_BENCH_HAVE_SAMPLERATE
void BM_src_medium(benchmark::State& s) {
    bench_library(s, [] { return std::make_unique<Src>(44100.0, 48000.0, channels, SRC_SINC_MEDIUM_QUALITY); });
}
void BM_src_best(benchmark::State& s) {
    bench_library(s, [] { return std::make_unique<Src>(44100.0, 48000.0, channels, SRC_SINC_BEST_QUALITY); });
}
BENCHMARK(BM_src_medium)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_src_best)->Unit(benchmark::kMillisecond);
#endif

// coremusic's Resampler (planar) at High on both engines, same signal and blocks.
void resampler_bench(benchmark::State& state, cm::ca::ResampleQuality q, cm::ca::ResamplerEngine engine) {
    const std::size_t frames = 44100;
    cm::AudioBuffer in(frames, channels);
    for (std::size_t c = 0; c < channels; ++c) {
        for (std::size_t i = 0; i < frames; ++i) {
            in.channel(c)[i] = static_cast<float>(0.89 * std::sin(2.0 * std::numbers::pi * 1000.0 * static_cast<double>(i) / 44100.0));
        }
    }
    cm::AudioBuffer out(block * 2 + 64, channels);
    for (auto _ : state) {
        cm::ca::Resampler r(44100.0, 48000.0, channels, q, engine, block);
        for (std::size_t at = 0; at < frames; at += block) {
            const auto res = r.process(cm::ConstAudioBufferView(in.view()).subview(at, block), out.view());
            benchmark::DoNotOptimize(res.frames_written);
        }
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(frames));
}
void BM_resampler_realtime_high(benchmark::State& s) {
    resampler_bench(s, cm::ca::ResampleQuality::High, cm::ca::ResamplerEngine::Realtime);
}
void BM_resampler_offline_high(benchmark::State& s) {
    resampler_bench(s, cm::ca::ResampleQuality::High, cm::ca::ResamplerEngine::Offline);
}
BENCHMARK(BM_resampler_realtime_high)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_resampler_offline_high)->Unit(benchmark::kMillisecond);

template <class Make>
void print_quality(const char* name, Make make) {
    // THD+N: 1 kHz at -1 dBFS, 44.1k -> 48k.
    const auto a = sine(1000.0, 44100.0, 88200, 1);
    auto c1 = make(44100.0, 48000.0);
    const auto up = convert_all(*c1, a, 1, 48000.0 / 44100.0);
    // 1 kHz through 48k -> 44.1k as well.
    const auto b = sine(1000.0, 48000.0, 96000, 1);
    auto c2 = make(48000.0, 44100.0);
    const auto down = convert_all(*c2, b, 1, 44100.0 / 48000.0);
    // Alias rejection: a 30 kHz tone at 96k has no place below 22.05 kHz.
    const auto hi = sine(30000.0, 96000.0, 192000, 1);
    auto c3 = make(96000.0, 44100.0);
    const auto alias = convert_all(*c3, hi, 1, 44100.0 / 96000.0);
    // Passband: 20 kHz at 96k -> 44.1k should pass (level in dB, 0 = untouched).
    const auto pass = sine(20000.0, 96000.0, 192000, 1);
    auto c4 = make(96000.0, 44100.0);
    const auto passed = convert_all(*c4, pass, 1, 44100.0 / 96000.0);
    const double ref = 0.89 / std::sqrt(2.0);
    std::printf("  %-22s THD+N 1k up %7.1f dB  down %7.1f dB | 30k alias %7.1f dB | 20k passband %6.2f dB\n", name,
                thd_n_db(up, 1, 1000.0, 48000.0), thd_n_db(down, 1, 1000.0, 44100.0), rms_db(alias, 1, ref),
                rms_db(passed, 1, ref));
}

} // namespace

int main(int argc, char** argv) {
    return cm::bench::run_benchmarks(argc, argv, [](const cm::bench::RateReporter& r) {
        std::printf("\nSpeed, stereo 44.1k -> 48k in 1024-frame blocks (input frames/s, ratio to SRC_SINC_BEST):\n");
        for (const char* n : {"BM_soxr_mq", "BM_soxr_hq", "BM_soxr_vhq", "BM_src_medium", "BM_src_best",
                              "BM_resampler_realtime_high", "BM_resampler_offline_high"}) {
            std::printf("  %-24s %10.3g frames/s  x%.2f\n", n, r.items(n), cm::bench::ratio(r.items(n), r.items("BM_src_best")));
        }
        std::printf("  Resampler(Realtime, High) / SRC_SINC_BEST: x%.2f   Resampler(Offline, High) / soxr HQ: x%.2f\n",
                    cm::bench::ratio(r.items("BM_resampler_realtime_high"), r.items("BM_src_best")),
                    cm::bench::ratio(r.items("BM_resampler_offline_high"), r.items("BM_soxr_hq")));
        std::printf("\nQuality (mono, whole signal in 1024-frame blocks):\n");
#if COREMUSIC_BENCH_HAVE_SOXR
        print_quality("soxr MQ", [](double f, double t) { return std::make_unique<Soxr>(f, t, 1, SOXR_MQ); });
        print_quality("soxr HQ", [](double f, double t) { return std::make_unique<Soxr>(f, t, 1, SOXR_HQ); });
        print_quality("soxr VHQ", [](double f, double t) { return std::make_unique<Soxr>(f, t, 1, SOXR_VHQ); });
#endif
#if COREMUSIC_BENCH_HAVE_SAMPLERATE
        print_quality("SRC_SINC_MEDIUM", [](double f, double t) { return std::make_unique<Src>(f, t, 1, SRC_SINC_MEDIUM_QUALITY); });
        print_quality("SRC_SINC_BEST", [](double f, double t) { return std::make_unique<Src>(f, t, 1, SRC_SINC_BEST_QUALITY); });
#endif
    });
}
