// The buffer operations and sample conversions of cm::core on 64 Ki frames,
// each beside memcpy of the same bytes and a naive scalar loop, with a table
// of throughput ratios printed after the runs.
//
// "Bytes" of an op are the bytes it writes (peak and rms: the bytes they
// read), and its memcpy peer copies that many bytes, so "x memcpy" = 1.0
// means the op produces its output as fast as memcpy would copy it. Ops that
// read more than they write (mix_into, mix_stereo_buffers) move more memory
// than that memcpy, so the table also gives the ratio per byte moved (read +
// written; memcpy moves twice what it copies). The naive loops are what one
// writes without thinking about vectorisation; they are kept scalar (no
// auto-vectorisation) so they show what the vector code buys.
//
// In-place ops run over and over on the same buffer, which decays towards
// zero under gains < 1; the process sets FTZ/DAZ (as audio threads do) so
// denormal slowdowns do not distort the figures.
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/buffer_ops.hpp>
#include <coremusic/core/sample_conversion.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <numbers>
#include <random>
#include <set>
#include <string>
#include <vector>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

#if defined(__clang__)
#define CM_BENCH_SCALAR_FN __attribute__((noinline))
#define CM_BENCH_SCALAR_LOOP _Pragma("clang loop vectorize(disable) interleave(disable)")
#elif defined(__GNUC__)
#define CM_BENCH_SCALAR_FN __attribute__((noinline, optimize("no-tree-vectorize")))
#define CM_BENCH_SCALAR_LOOP
#else
#define CM_BENCH_SCALAR_FN
#define CM_BENCH_SCALAR_LOOP
#endif

namespace {

constexpr std::size_t frames = 65536;
constexpr std::size_t float_bytes = frames * sizeof(float);

// Opaque to the optimiser: gains it cannot fold.
volatile float g_unit_gain = 1.0f;
volatile float g_small_gain = 1e-3f;
volatile float g_pan = 0.3f;

// ---- naive scalar peers -------------------------------------------------

namespace naive {

CM_BENCH_SCALAR_FN void apply_gain(float* p, std::size_t n, float gain) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) p[i] *= gain;
}

CM_BENCH_SCALAR_FN void mix_into(float* d, const float* s, std::size_t n, float gain) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) d[i] += gain * s[i];
}

CM_BENCH_SCALAR_FN void mix_stereo(const float* l, const float* r, float* o, std::size_t n,
                                   float pan) {
    const float gl = (1.0f - pan) * 0.5f;
    const float gr = (1.0f + pan) * 0.5f;
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) o[i] = gl * l[i] + gr * r[i];
}

CM_BENCH_SCALAR_FN void pan_mono(const float* m, float* l, float* r, std::size_t n, float pan) {
    const double angle = (static_cast<double>(pan) + 1.0) * std::numbers::pi / 4.0;
    const auto gl = static_cast<float>(std::cos(angle));
    const auto gr = static_cast<float>(std::sin(angle));
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        l[i] = gl * m[i];
        r[i] = gr * m[i];
    }
}

CM_BENCH_SCALAR_FN void fade_in(float* p, std::size_t n, cm::FadeCurve curve) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / static_cast<double>(n);
        double g = t;
        if (curve == cm::FadeCurve::EqualPower) g = std::sin(std::numbers::pi / 2.0 * t);
        if (curve == cm::FadeCurve::Exponential) g = (std::pow(10.0, 3.0 * t) - 1.0) / 999.0;
        p[i] *= static_cast<float>(g);
    }
}

CM_BENCH_SCALAR_FN void fade_out(float* p, std::size_t n, cm::FadeCurve curve) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(n - 1 - i) / static_cast<double>(n);
        double g = t;
        if (curve == cm::FadeCurve::EqualPower) g = std::sin(std::numbers::pi / 2.0 * t);
        if (curve == cm::FadeCurve::Exponential) g = (std::pow(10.0, 3.0 * t) - 1.0) / 999.0;
        p[i] *= static_cast<float>(g);
    }
}

CM_BENCH_SCALAR_FN float peak(const float* p, std::size_t n) {
    float m = 0.0f;
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(p[i]));
    return m;
}

CM_BENCH_SCALAR_FN float rms(const float* p, std::size_t n) {
    double sum = 0.0;
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) sum += static_cast<double>(p[i]) * static_cast<double>(p[i]);
    return static_cast<float>(std::sqrt(sum / static_cast<double>(n)));
}

CM_BENCH_SCALAR_FN void int16_to_float(const std::int16_t* s, float* d, std::size_t n) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<float>(s[i]) / 32768.0f;
}

CM_BENCH_SCALAR_FN void float_to_int16(const float* s, std::int16_t* d, std::size_t n) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        const float x = s[i];
        if (std::isnan(x)) {
            d[i] = 0;
            continue;
        }
        const float v = std::nearbyint(std::clamp(x * 32768.0f, -32768.0f, 32767.0f));
        d[i] = static_cast<std::int16_t>(v);
    }
}

CM_BENCH_SCALAR_FN void interleave2(const float* l, const float* r, float* d, std::size_t n) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        d[2 * i] = l[i];
        d[2 * i + 1] = r[i];
    }
}

CM_BENCH_SCALAR_FN void deinterleave2(const float* s, float* l, float* r, std::size_t n) {
    CM_BENCH_SCALAR_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        l[i] = s[2 * i];
        r[i] = s[2 * i + 1];
    }
}

} // namespace naive

// ---- data ---------------------------------------------------------------

/// Cache-line aligned buffers, one set per benchmark so none disturbs another.
struct Data {
    cm::AudioBuffer noise{frames, 2};   // read-only inputs in [-1, 1)
    cm::AudioBuffer work{frames, 2};    // in-place targets and planar outputs
    cm::AudioBuffer wide{frames * 2, 1}; // interleaved stereo / memcpy target
    std::vector<std::int16_t> pcm16 = std::vector<std::int16_t>(frames);

    Data() {
        std::mt19937 rng(42);
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        for (std::size_t c = 0; c < 2; ++c) {
            for (float& x : noise.channel(c)) x = dist(rng);
            std::copy(noise.channel(c).begin(), noise.channel(c).end(), work.channel(c).begin());
        }
        for (std::size_t i = 0; i < frames; ++i) {
            wide.channel(0)[2 * i] = noise.channel(0)[i];
            wide.channel(0)[2 * i + 1] = noise.channel(1)[i];
        }
        cm::float_to_int16(noise.channel(0), pcm16);
    }
};

using Body = std::function<void(Data&)>;

void run(benchmark::State& state, const Body& body, std::size_t bytes) {
    Data data;
    for (auto _ : state) {
        body(data);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(bytes));
}

struct Case {
    std::string op;
    std::size_t bytes; // written (peak, rms: read)
    std::size_t moved; // read + written
    Body ours;
    Body scalar;
};

std::vector<Case> cases() {
    using cm::FadeCurve;
    std::vector<Case> all;
    all.push_back({"apply_gain", float_bytes, 2 * float_bytes,
                   [](Data& d) { cm::apply_gain(d.work.channel(0), g_unit_gain); },
                   [](Data& d) { naive::apply_gain(d.work.channel(0).data(), frames, g_unit_gain); }});
    all.push_back({"mix_into", float_bytes, 3 * float_bytes,
                   [](Data& d) { cm::mix_into(d.work.channel(0), d.noise.channel(0), g_small_gain); },
                   [](Data& d) {
                       naive::mix_into(d.work.channel(0).data(), d.noise.channel(0).data(), frames,
                                       g_small_gain);
                   }});
    all.push_back({"mix_stereo_buffers", float_bytes, 3 * float_bytes,
                   [](Data& d) {
                       cm::mix_stereo_buffers(d.noise.channel(0), d.noise.channel(1), d.work.channel(0), g_pan);
                   },
                   [](Data& d) {
                       naive::mix_stereo(d.noise.channel(0).data(), d.noise.channel(1).data(),
                                         d.work.channel(0).data(), frames, g_pan);
                   }});
    all.push_back({"pan_mono_to_stereo", 2 * float_bytes, 3 * float_bytes,
                   [](Data& d) {
                       cm::pan_mono_to_stereo(d.noise.channel(0), d.work.channel(0), d.work.channel(1), g_pan);
                   },
                   [](Data& d) {
                       naive::pan_mono(d.noise.channel(0).data(), d.work.channel(0).data(),
                                       d.work.channel(1).data(), frames, g_pan);
                   }});
    for (const auto& [name, curve] : {std::pair{"fade_in_linear", FadeCurve::Linear},
                                      std::pair{"fade_in_equal_power", FadeCurve::EqualPower},
                                      std::pair{"fade_in_exponential", FadeCurve::Exponential}}) {
        all.push_back({name, float_bytes, 2 * float_bytes,
                       [curve](Data& d) { cm::apply_fade_in(d.work.channel(0), frames, curve); },
                       [curve](Data& d) { naive::fade_in(d.work.channel(0).data(), frames, curve); }});
    }
    for (const auto& [name, curve] : {std::pair{"fade_out_linear", FadeCurve::Linear},
                                      std::pair{"fade_out_equal_power", FadeCurve::EqualPower},
                                      std::pair{"fade_out_exponential", FadeCurve::Exponential}}) {
        all.push_back({name, float_bytes, 2 * float_bytes,
                       [curve](Data& d) { cm::apply_fade_out(d.work.channel(0), frames, curve); },
                       [curve](Data& d) { naive::fade_out(d.work.channel(0).data(), frames, curve); }});
    }
    all.push_back({"peak", float_bytes, float_bytes,
                   [](Data& d) { benchmark::DoNotOptimize(cm::peak(d.noise.channel(0))); },
                   [](Data& d) { benchmark::DoNotOptimize(naive::peak(d.noise.channel(0).data(), frames)); }});
    all.push_back({"rms", float_bytes, float_bytes,
                   [](Data& d) { benchmark::DoNotOptimize(cm::rms(d.noise.channel(0))); },
                   [](Data& d) { benchmark::DoNotOptimize(naive::rms(d.noise.channel(0).data(), frames)); }});
    all.push_back({"int16_to_float", float_bytes, float_bytes + frames * sizeof(std::int16_t),
                   [](Data& d) { cm::int16_to_float(d.pcm16, d.work.channel(0)); },
                   [](Data& d) { naive::int16_to_float(d.pcm16.data(), d.work.channel(0).data(), frames); }});
    all.push_back({"float_to_int16", frames * sizeof(std::int16_t), float_bytes + frames * sizeof(std::int16_t),
                   [](Data& d) { cm::float_to_int16(d.noise.channel(0), d.pcm16); },
                   [](Data& d) { naive::float_to_int16(d.noise.channel(0).data(), d.pcm16.data(), frames); }});
    all.push_back({"interleave_stereo", 2 * float_bytes, 4 * float_bytes,
                   [](Data& d) {
                       cm::interleave(d.noise.view(), cm::InterleavedView(d.wide.channel(0), 2));
                   },
                   [](Data& d) {
                       naive::interleave2(d.noise.channel(0).data(), d.noise.channel(1).data(),
                                          d.wide.channel(0).data(), frames);
                   }});
    all.push_back({"deinterleave_stereo", 2 * float_bytes, 4 * float_bytes,
                   [](Data& d) {
                       cm::deinterleave(cm::ConstInterleavedView(d.wide.channel(0), 2), d.work.view());
                   },
                   [](Data& d) {
                       naive::deinterleave2(d.wide.channel(0).data(), d.work.channel(0).data(),
                                            d.work.channel(1).data(), frames);
                   }});
    return all;
}

std::string memcpy_name(std::size_t bytes) { return "memcpy/" + std::to_string(bytes / 1024) + "KiB"; }

void register_all(const std::vector<Case>& all) {
    std::set<std::size_t> sizes;
    for (const Case& c : all) sizes.insert(c.bytes);
    for (const std::size_t bytes : sizes) {
        benchmark::RegisterBenchmark(memcpy_name(bytes).c_str(), [bytes](benchmark::State& state) {
            Data data;
            // Both hold the largest size, 512 KiB: wide is 2 x 64 Ki floats and
            // noise's two channels are contiguous (64 Ki is a whole number of
            // cache lines, so there is no padding between them).
            const void* src = data.noise.channel(0).data();
            void* dst = data.wide.channel(0).data();
            for (auto _ : state) {
                std::memcpy(dst, src, bytes);
                benchmark::ClobberMemory();
            }
            state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                                    static_cast<std::int64_t>(bytes));
        });
    }
    for (const Case& c : all) {
        benchmark::RegisterBenchmark((c.op + "/coremusic").c_str(),
                                     [&c](benchmark::State& state) { run(state, c.ours, c.bytes); });
        benchmark::RegisterBenchmark((c.op + "/naive").c_str(),
                                     [&c](benchmark::State& state) { run(state, c.scalar, c.bytes); });
    }
}

/// Console output as usual, plus each benchmark's time per iteration (the
/// median when repetitions are asked for) for the ratio table.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred) continue;
            const std::string name = run.run_name.function_name;
            if (run.run_type == Run::RT_Aggregate) {
                if (run.aggregate_name == "median") medians_[name] = run.GetAdjustedRealTime();
            } else {
                samples_[name].push_back(run.GetAdjustedRealTime());
            }
        }
    }

    [[nodiscard]] double time_of(const std::string& name) const {
        if (const auto m = medians_.find(name); m != medians_.end()) return m->second;
        const auto s = samples_.find(name);
        if (s == samples_.end() || s->second.empty()) return 0.0;
        std::vector<double> v = s->second;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    }

private:
    std::map<std::string, double> medians_;
    std::map<std::string, std::vector<double>> samples_;
};

void print_table(const RatioReporter& reporter, const std::vector<Case>& all) {
    std::printf("\n%-22s %10s %10s %8s %10s %10s %14s\n", "op (64 Ki frames)", "bytes", "moved",
                "GB/s", "x memcpy", "x naive", "x memcpy/moved");
    for (const Case& c : all) {
        const double ours = reporter.time_of(c.op + "/coremusic");
        const double scalar = reporter.time_of(c.op + "/naive");
        const double copy = reporter.time_of(memcpy_name(c.bytes));
        if (ours <= 0.0) continue; // filtered out
        // Times are in the benchmark's unit (ns by default).
        const double gbps = static_cast<double>(c.bytes) / ours;
        std::printf("%-22s %10zu %10zu %8.2f", c.op.c_str(), c.bytes, c.moved, gbps);
        // A ratio is 0.00 when its peer was filtered out of the run.
        const double vs_copy = copy > 0.0 ? copy / ours : 0.0;
        const double vs_naive = scalar > 0.0 ? scalar / ours : 0.0;
        // memcpy of `bytes` moves 2 * bytes.
        const double per_moved =
            vs_copy * static_cast<double>(c.moved) / (2.0 * static_cast<double>(c.bytes));
        std::printf(" %10.2f %10.2f %14.2f\n", vs_copy, vs_naive, per_moved);
    }
    for (const auto bytes : {frames * sizeof(std::int16_t), float_bytes, 2 * float_bytes}) {
        const double copy = reporter.time_of(memcpy_name(bytes));
        if (copy > 0.0) {
            std::printf("%-22s %10zu %10zu %8.2f\n", memcpy_name(bytes).c_str(), bytes, 2 * bytes,
                        static_cast<double>(bytes) / copy);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
#if defined(__SSE__) || defined(__x86_64__)
    // Flush-to-zero and denormals-are-zero, as on an audio thread.
    _mm_setcsr(_mm_getcsr() | 0x8040U);
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    const std::vector<Case> all = cases();
    register_all(all);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    print_table(reporter, all);
    benchmark::Shutdown();
    return 0;
}
