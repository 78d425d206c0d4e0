// Resampler and resample() against analytic sines: the frequency survives
// (DFT peak within one bin, interpolated within 0.1 Hz), the length is
// exactly llround(n x to / from), the error against the ideal sine at the
// new rate is below a stated bound, tones above the new Nyquist are
// suppressed, and the real-time engine neither allocates nor locks.
#include <coremusic/ca/resampler.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "rt_check.hpp"

namespace {

using cm::ca::ResampleQuality;
using cm::ca::Resampler;
using cm::ca::ResamplerEngine;

constexpr double amp = 0.5;

std::vector<float> sine(double freq, double rate, std::size_t n) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = static_cast<float>(amp * std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate));
    }
    return v;
}

cm::ConstAudioBufferView mono(const std::vector<float>& v) {
    const float* p = v.data();
    return cm::ConstAudioBufferView(&p, 1, v.size());
}

// |DFT| of the Hann-windowed x[start, start + n) at frequency f (a direct
// sum, independent of the library's FFT).
double dft_magnitude(std::span<const float> x, double f, double rate) {
    double re = 0;
    double im = 0;
    const std::size_t n = x.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n));
        const double ph = 2.0 * std::numbers::pi * f * static_cast<double>(i) / rate;
        re += w * x[i] * std::cos(ph);
        im -= w * x[i] * std::sin(ph);
    }
    return std::hypot(re, im);
}

// The frequency of the strongest bin near `expect` (bins of rate / n) and
// its parabolic interpolation on log magnitudes.
struct Peak {
    double bin_freq;
    double interpolated;
    double bin_width;
};
Peak find_peak(std::span<const float> x, double rate, double expect) {
    const double width = rate / static_cast<double>(x.size());
    const auto centre = static_cast<long>(std::lround(expect / width));
    long best = centre;
    double best_mag = -1;
    for (long k = centre - 20; k <= centre + 20; ++k) {
        const double m = dft_magnitude(x, static_cast<double>(k) * width, rate);
        if (m > best_mag) {
            best_mag = m;
            best = k;
        }
    }
    const double a = std::log(dft_magnitude(x, static_cast<double>(best - 1) * width, rate));
    const double b = std::log(best_mag);
    const double c = std::log(dft_magnitude(x, static_cast<double>(best + 1) * width, rate));
    const double delta = 0.5 * (a - c) / (a - 2 * b + c);
    return {static_cast<double>(best) * width, (static_cast<double>(best) + delta) * width, width};
}

// RMS of (y - the analytic sine at the output rate) over the middle 80 %,
// relative to the sine's RMS, in dB. The sine's phase is known: the
// converter must be time-aligned.
double error_db(std::span<const float> y, double freq, double rate) {
    const std::size_t skip = y.size() / 10;
    double e = 0;
    double s = 0;
    for (std::size_t i = skip; i < y.size() - skip; ++i) {
        const double ideal = amp * std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate);
        e += (y[i] - ideal) * (y[i] - ideal);
        s += ideal * ideal;
    }
    return 10 * std::log10(e / s);
}

struct RateCase {
    double from;
    double to;
};

class ResampleSine : public ::testing::TestWithParam<RateCase> {};

TEST_P(ResampleSine, OneShotKeepsFrequencyLengthAndShape) {
    const auto [from, to] = GetParam();
    const std::size_t n = 48011;  // not a multiple of anything, ~0.5-1 s
    const auto x = sine(1000.0, from, n);
    const cm::AudioBuffer y = cm::ca::resample(mono(x), from, to, ResampleQuality::High);
    EXPECT_EQ(y.frames(), static_cast<std::size_t>(std::llround(static_cast<double>(n) * to / from)));
    const auto ch = y.channel(0);
    const std::size_t len = 8192;
    const Peak p = find_peak(ch.subspan(ch.size() / 2 - len / 2, len), to, 1000.0);
    EXPECT_LE(std::fabs(p.bin_freq - 1000.0), p.bin_width) << "bin " << p.bin_freq;
    EXPECT_NEAR(p.interpolated, 1000.0, 0.1);
    // soxr HQ is a 20-bit recipe: -120 dB is its design floor; -90 dB is the
    // bound promised for High.
    EXPECT_LT(error_db(ch, 1000.0, to), -90.0);
}

TEST_P(ResampleSine, StreamingRealtimeEngineMatchesTheSineAndTheExactLength) {
    const auto [from, to] = GetParam();
    const std::size_t n = 48011;
    const auto x = sine(1000.0, from, n);
    Resampler r(from, to, 1, ResampleQuality::High, ResamplerEngine::Realtime, 1024);
    EXPECT_EQ(r.engine(), ResamplerEngine::Realtime);
    const auto expected = static_cast<std::size_t>(std::llround(static_cast<double>(n) * to / from));
    std::vector<float> y(expected + 64);
    std::mt19937 rng(7);
    std::size_t read = 0;
    std::size_t written = 0;
    while (read < n) {
        // Blocks of random size, as a host's callback might give.
        const std::size_t want = std::min<std::size_t>(1 + rng() % 700, n - read);
        float* out = y.data() + written;
        const auto res = r.process(mono(x).subview(read, want), cm::AudioBufferView(&out, 1, y.size() - written));
        read += res.frames_read;
        written += res.frames_written;
    }
    for (;;) {
        float* out = y.data() + written;
        const std::size_t got = r.flush(cm::AudioBufferView(&out, 1, y.size() - written));
        if (got == 0) break;
        written += got;
    }
    EXPECT_EQ(written, expected);
    EXPECT_EQ(r.latency(), 0);
    y.resize(written);
    EXPECT_LT(error_db(y, 1000.0, to), -90.0);
    const Peak p = find_peak(std::span<const float>(y).subspan(y.size() / 2 - 4096, 8192), to, 1000.0);
    EXPECT_NEAR(p.interpolated, 1000.0, 0.1);
}

INSTANTIATE_TEST_SUITE_P(Rates, ResampleSine,
                         ::testing::Values(RateCase{44100, 48000}, RateCase{48000, 44100}, RateCase{96000, 44100}),
                         [](const auto& tp) {
                             return std::to_string(static_cast<int>(tp.param.from)) + "_to_" +
                                    std::to_string(static_cast<int>(tp.param.to));
                         });

// A 30 kHz tone at 96 kHz has no place below 22.05 kHz: converting to
// 44.1 kHz must remove it, not fold it to 14.1 kHz.
TEST(Resampler, ToneAboveTheNewNyquistIsSuppressed) {
    const auto x = sine(30000.0, 96000.0, 96000);
    for (const auto engine : {ResamplerEngine::Realtime, ResamplerEngine::Offline}) {
        Resampler r(96000, 44100, 1, ResampleQuality::High, engine, 4096);
        std::vector<float> y(r.max_output_frames(x.size()) + 64);
        float* out = y.data();
        const auto res = r.process(mono(x), cm::AudioBufferView(&out, 1, y.size()));
        EXPECT_EQ(res.frames_read, x.size());
        double e = 0;
        const std::size_t from = 4410;
        const std::size_t to = res.frames_written - 4410;
        for (std::size_t i = from; i < to; ++i) e += static_cast<double>(y[i]) * y[i];
        const double level_db = 10 * std::log10(e / static_cast<double>(to - from) / (amp * amp / 2) + 1e-30);
        EXPECT_LT(level_db, -100.0) << (engine == ResamplerEngine::Realtime ? "realtime" : "offline");
    }
}

TEST(Resampler, StereoChannelsStayApartAndAligned) {
    const auto l = sine(500.0, 44100, 20000);
    const auto rgt = sine(3000.0, 44100, 20000);
    cm::AudioBuffer in(20000, 2);
    std::copy(l.begin(), l.end(), in.channel(0).begin());
    std::copy(rgt.begin(), rgt.end(), in.channel(1).begin());
    for (const auto engine : {ResamplerEngine::Realtime, ResamplerEngine::Offline}) {
        Resampler r(44100, 48000, 2, ResampleQuality::High, engine, 2048);
        cm::AudioBuffer out(r.max_output_frames(20000) + 100, 2);
        const auto res = r.process(in.view(), out.view());
        std::size_t n = res.frames_written;
        for (;;) {
            const std::size_t got = r.flush(out.view().subview(n));
            if (got == 0) break;
            n += got;
        }
        ASSERT_EQ(n, 21769U);  // llround(20000 * 48000 / 44100) = 21768.7
        EXPECT_LT(error_db(out.channel(0).subspan(0, n), 500.0, 48000), -90.0);
        EXPECT_LT(error_db(out.channel(1).subspan(0, n), 3000.0, 48000), -90.0);
    }
}

TEST(Resampler, RealtimeEngineNeitherAllocatesNorLocks) {
    Resampler r(44100, 48000, 2, ResampleQuality::High, ResamplerEngine::Realtime, 512);
    cm::AudioBuffer in(4096, 2);
    for (std::size_t i = 0; i < 4096; ++i) in.channel(0)[i] = in.channel(1)[i] = static_cast<float>(std::sin(0.01 * static_cast<double>(i)));
    cm::AudioBuffer out(8192, 2);
    std::size_t produced = 0;
    {
        cm::test::RtScope scope;
        for (std::size_t block : {64U, 512U, 1000U, 4096U, 3U, 256U}) {
            const auto res = r.process(cm::ConstAudioBufferView(in.view()).subview(0, block), out.view());
            produced += res.frames_written;
        }
        (void)r.latency();
        (void)r.max_output_frames(512);
        while (r.flush(out.view()) != 0) {
        }
        r.reset();
        (void)r.process(cm::ConstAudioBufferView(in.view()).subview(0, 256), out.view());
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_GT(produced, 0U);
}

TEST(Resampler, MismatchedChannelsDoNothing) {
    Resampler r(44100, 48000, 2);
    cm::AudioBuffer in(100, 1);
    cm::AudioBuffer out(200, 2);
    const auto res = r.process(in.view(), out.view());
    EXPECT_EQ(res.frames_read, 0U);
    EXPECT_EQ(res.frames_written, 0U);
}

TEST(Resampler, BadArgumentsAreClearErrors) {
    auto code_of = [](auto&& f) {
        try {
            f();
        } catch (const cm::Error& e) {
            return e.code();
        }
        return std::error_code{};
    };
    EXPECT_EQ(code_of([] { Resampler r(0.0, 48000, 1); }), cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { Resampler r(std::nan(""), 48000, 1); }), cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { Resampler r(44100, -1, 1); }), cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { Resampler r(1000, 300000, 1); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { Resampler r(44100, 48000, 0); }), cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { Resampler r(44100, 48000, 65); }), cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { Resampler r(44100, 48000, 1, ResampleQuality::High, ResamplerEngine::Realtime, 0); }),
              cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { (void)cm::ca::resample(cm::ConstAudioBufferView{}, 44100, 48000); }),
              cm::Errc::InvalidArgument);
    try {
        Resampler r(44100, 0.5, 1);
        FAIL();
    } catch (const cm::Error& e) {
        EXPECT_NE(std::string(e.what()).find("0.5"), std::string::npos) << e.what();
    }
}

TEST(Resample, EqualRatesCopyAndEmptyInputGivesEmptyOutput) {
    const auto x = sine(1000, 44100, 1000);
    const auto same = cm::ca::resample(mono(x), 44100, 44100);
    ASSERT_EQ(same.frames(), 1000U);
    for (std::size_t i = 0; i < 1000; ++i) ASSERT_EQ(same.channel(0)[i], x[i]);
    const std::vector<float> none;
    EXPECT_EQ(cm::ca::resample(mono(none), 44100, 48000).frames(), 0U);
}

} // namespace
