// Gain, mix, pan, fades, peak and RMS against values worked out by hand (the
// arithmetic is in the comments), their edge cases, and their real-time
// contract (no allocation, no lock).
#include <coremusic/core/buffer_ops.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iomanip>
#include <limits>
#include <numbers>
#include <span>
#include <sstream>
#include <vector>

namespace {

constexpr float nan_f = std::numeric_limits<float>::quiet_NaN();
// The polynomials are accurate to ~1e-8; float evaluation adds a few ulps.
constexpr float curve_tolerance = 1e-6f;

using cm::FadeCurve;
using cm::PanLaw;

std::vector<float> ones(std::size_t n) { return std::vector<float>(n, 1.0f); }

TEST(BufferOps, ApplyGain) {
    std::vector<float> x{1.0f, -1.0f, 0.25f};
    cm::apply_gain(x, 0.5f);
    EXPECT_EQ(x, (std::vector<float>{0.5f, -0.5f, 0.125f})); // exact: halving is exact
    cm::apply_gain(std::span<float>{}, 2.0f);                 // empty: nothing to do
}

TEST(BufferOps, ApplyGainCoversBlocksAndTail) {
    std::vector<float> x(16 * 3 + 5, 3.0f);
    cm::apply_gain(x, -2.0f);
    for (const float v : x) ASSERT_EQ(v, -6.0f);
}

TEST(BufferOps, ApplyGainToEveryChannel) {
    std::vector<float> l{1.0f, 2.0f};
    std::vector<float> r{4.0f, 8.0f};
    cm::apply_gain(cm::AudioBufferView{l, r}, 0.25f);
    EXPECT_EQ(l, (std::vector<float>{0.25f, 0.5f}));
    EXPECT_EQ(r, (std::vector<float>{1.0f, 2.0f}));
}

TEST(BufferOps, MixInto) {
    std::vector<float> dst{1.0f, 2.0f, 3.0f};
    const std::vector<float> src{0.5f, 0.5f, 0.5f};
    EXPECT_EQ(cm::mix_into(dst, src, 2.0f), 3U);
    EXPECT_EQ(dst, (std::vector<float>{2.0f, 3.0f, 4.0f})); // 1 + 2*0.5, ...
    EXPECT_EQ(cm::mix_into(dst, src), 3U);                   // default gain 1
    EXPECT_EQ(dst, (std::vector<float>{2.5f, 3.5f, 4.5f}));
}

TEST(BufferOps, MixIntoCommonLengthOnly) {
    std::vector<float> dst{1.0f, 1.0f, 1.0f};
    const std::vector<float> src{1.0f, 1.0f};
    EXPECT_EQ(cm::mix_into(dst, src), 2U);
    EXPECT_EQ(dst, (std::vector<float>{2.0f, 2.0f, 1.0f}));
}

TEST(BufferOps, MixIntoItselfAndOverlapping) {
    std::vector<float> x{1.0f, 2.0f, 3.0f};
    cm::mix_into(x, x, 1.0f); // x + x
    EXPECT_EQ(x, (std::vector<float>{2.0f, 4.0f, 6.0f}));
    // Overlap shifted by one, done in order: d[i] += s[i] with s = d + 1:
    // y = [1,2,3,4]: y0 = 1 + 2 = 3, y1 = 2 + 3 = 5, y2 = 3 + 4 = 7.
    std::vector<float> y{1.0f, 2.0f, 3.0f, 4.0f};
    cm::mix_into(std::span<float>(y.data(), 3), std::span<const float>(y.data() + 1, 3));
    EXPECT_EQ(y, (std::vector<float>{3.0f, 5.0f, 7.0f, 4.0f}));
}

TEST(BufferOps, MixIntoViews) {
    std::vector<float> dl{1.0f, 1.0f};
    std::vector<float> dr{2.0f, 2.0f};
    std::vector<float> s{1.0f, 3.0f, 5.0f};
    EXPECT_EQ(cm::mix_into(cm::AudioBufferView{dl, dr}, cm::AudioBufferView{std::span<float>(s.data(), 2)}, 0.5f),
              2U);
    EXPECT_EQ(dl, (std::vector<float>{1.5f, 2.5f})); // 1 + 0.5*1, 1 + 0.5*3
    EXPECT_EQ(dr, (std::vector<float>{2.0f, 2.0f})); // no source channel 1: untouched
}

TEST(BufferOps, PanGainsEqualPower) {
    // Centre: cos(pi/4) = sin(pi/4) = sqrt(2)/2 = 0.70710678 (-3.01 dB).
    const cm::StereoGains centre = cm::pan_gains(0.0f, PanLaw::EqualPower);
    EXPECT_NEAR(centre.left, 0.70710678f, curve_tolerance);
    EXPECT_NEAR(centre.right, 0.70710678f, curve_tolerance);
    // pan 0.5: angle pi/4 * 1.5 = 3pi/8; cos(3pi/8) = sin(pi/8) = 0.38268343,
    // sin(3pi/8) = 0.92387953.
    const cm::StereoGains half_right = cm::pan_gains(0.5f, PanLaw::EqualPower);
    EXPECT_NEAR(half_right.left, 0.38268343f, curve_tolerance);
    EXPECT_NEAR(half_right.right, 0.92387953f, curve_tolerance);
    // Hard left and right are exact.
    const cm::StereoGains hard_left = cm::pan_gains(-1.0f, PanLaw::EqualPower);
    EXPECT_EQ(hard_left.left, 1.0f);
    EXPECT_EQ(hard_left.right, 0.0f);
    const cm::StereoGains hard_right = cm::pan_gains(1.0f, PanLaw::EqualPower);
    EXPECT_EQ(hard_right.left, 0.0f);
    EXPECT_EQ(hard_right.right, 1.0f);
    // Constant power everywhere: l^2 + r^2 = 1.
    for (float p = -1.0f; p <= 1.0f; p += 0.125f) {
        const cm::StereoGains g = cm::pan_gains(p, PanLaw::EqualPower);
        EXPECT_NEAR(g.left * g.left + g.right * g.right, 1.0f, 2e-6f) << "pan " << p;
    }
}

TEST(BufferOps, PanGainsLinearAndOutOfRange) {
    const cm::StereoGains centre = cm::pan_gains(0.0f, PanLaw::Linear);
    EXPECT_EQ(centre.left, 0.5f);
    EXPECT_EQ(centre.right, 0.5f);
    const cm::StereoGains quarter = cm::pan_gains(0.5f, PanLaw::Linear); // (1 - 0.5)/2, (1 + 0.5)/2
    EXPECT_EQ(quarter.left, 0.25f);
    EXPECT_EQ(quarter.right, 0.75f);
    const cm::StereoGains hard_left = cm::pan_gains(-1.0f, PanLaw::Linear);
    EXPECT_EQ(hard_left.left, 1.0f);
    EXPECT_EQ(hard_left.right, 0.0f);
    // Clamped, and NaN is the centre.
    const cm::StereoGains beyond = cm::pan_gains(2.0f, PanLaw::Linear);
    EXPECT_EQ(beyond.left, 0.0f);
    EXPECT_EQ(beyond.right, 1.0f);
    const cm::StereoGains nan = cm::pan_gains(nan_f, PanLaw::EqualPower);
    EXPECT_NEAR(nan.left, 0.70710678f, curve_tolerance);
    EXPECT_NEAR(nan.right, 0.70710678f, curve_tolerance);
}

TEST(BufferOps, PanMonoToStereo) {
    const std::vector<float> mono{1.0f, -0.5f, 0.25f};
    std::vector<float> left(3, 9.0f);
    std::vector<float> right(3, 9.0f);
    EXPECT_EQ(cm::pan_mono_to_stereo(mono, left, right, 0.0f), 3U); // equal power by default
    EXPECT_NEAR(left[0], 0.70710678f, curve_tolerance);
    EXPECT_NEAR(right[1], -0.35355339f, curve_tolerance); // -0.5 * 0.70710678
    EXPECT_EQ(left[0], right[0]);

    EXPECT_EQ(cm::pan_mono_to_stereo(mono, left, right, 0.5f, PanLaw::Linear), 3U);
    EXPECT_EQ(left, (std::vector<float>{0.25f, -0.125f, 0.0625f}));  // x * 0.25
    EXPECT_EQ(right, (std::vector<float>{0.75f, -0.375f, 0.1875f})); // x * 0.75

    cm::pan_mono_to_stereo(mono, left, right, -1.0f); // hard left
    EXPECT_EQ(left, mono);
    EXPECT_EQ(right, (std::vector<float>{0.0f, -0.0f, 0.0f}));
}

TEST(BufferOps, PanMonoInPlaceIntoLeft) {
    std::vector<float> mono_then_left{1.0f, 2.0f};
    std::vector<float> right(2);
    cm::pan_mono_to_stereo(mono_then_left, mono_then_left, right, 0.0f, PanLaw::Linear);
    EXPECT_EQ(mono_then_left, (std::vector<float>{0.5f, 1.0f}));
    EXPECT_EQ(right, (std::vector<float>{0.5f, 1.0f}));
}

TEST(BufferOps, MixStereoBuffers) {
    const std::vector<float> left{1.0f, 0.0f, 0.5f};
    const std::vector<float> right{0.0f, 1.0f, 0.5f};
    std::vector<float> out(3);
    EXPECT_EQ(cm::mix_stereo_buffers(left, right, out), 3U); // pan 0: the average
    EXPECT_EQ(out, (std::vector<float>{0.5f, 0.5f, 0.5f}));
    cm::mix_stereo_buffers(left, right, out, -1.0f);
    EXPECT_EQ(out, left);
    cm::mix_stereo_buffers(left, right, out, 0.5f); // 0.25 L + 0.75 R
    EXPECT_EQ(out, (std::vector<float>{0.25f, 0.75f, 0.5f}));
    // The seed's value 0.5 (its centre) is pan 2 * 0.5 - 1 = 0.
    std::vector<float> in_place = left;
    cm::mix_stereo_buffers(in_place, right, in_place);
    EXPECT_EQ(in_place, (std::vector<float>{0.5f, 0.5f, 0.5f}));
    std::vector<float> shorter(2);
    EXPECT_EQ(cm::mix_stereo_buffers(left, right, shorter), 2U);
}

TEST(BufferOps, FadeGainCurvesByHand) {
    // Linear g = t.
    EXPECT_EQ(cm::fade_gain(FadeCurve::Linear, 0.25f), 0.25f);
    // Equal power g = sin(pi/2 t): t = 1/4 -> sin(pi/8) = 0.38268343,
    // t = 1/2 -> sin(pi/4) = 0.70710678, t = 3/4 -> sin(3pi/8) = 0.92387953.
    EXPECT_EQ(cm::fade_gain(FadeCurve::EqualPower, 0.0f), 0.0f);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::EqualPower, 0.25f), 0.38268343f, curve_tolerance);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::EqualPower, 0.5f), 0.70710678f, curve_tolerance);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::EqualPower, 0.75f), 0.92387953f, curve_tolerance);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::EqualPower, 1.0f), 1.0f, curve_tolerance);
    // Exponential g = (10^(3t) - 1) / 999:
    //   t = 1/4: 10^0.75 = 5.6234133, (5.6234133 - 1) / 999 = 0.0046280413
    //   t = 1/2: 10^1.5 = 31.622777, 30.622777 / 999 = 0.030653430
    //   t = 3/4: 10^2.25 = 177.82794, 176.82794 / 999 = 0.17700495
    EXPECT_EQ(cm::fade_gain(FadeCurve::Exponential, 0.0f), 0.0f);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::Exponential, 0.25f), 0.0046280413f, 1e-8f);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::Exponential, 0.5f), 0.030653430f, 1e-7f);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::Exponential, 0.75f), 0.17700495f, curve_tolerance);
    EXPECT_NEAR(cm::fade_gain(FadeCurve::Exponential, 1.0f), 1.0f, curve_tolerance);
    // Out of range is clamped, NaN gives 0.
    EXPECT_EQ(cm::fade_gain(FadeCurve::Linear, -1.0f), 0.0f);
    EXPECT_EQ(cm::fade_gain(FadeCurve::Linear, 3.0f), 1.0f);
    EXPECT_EQ(cm::fade_gain(FadeCurve::EqualPower, nan_f), 0.0f);
}

TEST(BufferOps, ExponentialCurveHasConstantDecibelSlope) {
    // g ~ 10^(3(t - 1)) is 60 dB per fade length, 15 dB per quarter; the
    // -1 offset (so the curve starts at 0) steepens it a little, more so
    // towards the start. By hand:
    //   t = 3/4 -> 1:   20 log10(999 / 176.82794)       = 15.04 dB
    //   t = 1/2 -> 3/4: 20 log10(176.82794 / 30.622777) = 15.23 dB
    const auto db = [](float t) {
        return 20.0 * std::log10(static_cast<double>(cm::fade_gain(FadeCurve::Exponential, t)));
    };
    EXPECT_NEAR(db(1.0f) - db(0.75f), 15.04, 0.01);
    EXPECT_NEAR(db(0.75f) - db(0.5f), 15.23, 0.01);
}

TEST(BufferOps, FadeInSamplesByHand) {
    // N = 8 over ones: sample n gets g(n / 8).
    std::vector<float> linear = ones(8);
    cm::apply_fade_in(linear, 8);
    EXPECT_EQ(linear, (std::vector<float>{0.0f, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f}));

    std::vector<float> equal_power = ones(8);
    cm::apply_fade_in(equal_power, 8, FadeCurve::EqualPower);
    EXPECT_EQ(equal_power[0], 0.0f);
    EXPECT_NEAR(equal_power[2], 0.38268343f, curve_tolerance); // n = N/4: sin(pi/8)
    EXPECT_NEAR(equal_power[4], 0.70710678f, curve_tolerance); // n = N/2: sin(pi/4)
    EXPECT_NEAR(equal_power[6], 0.92387953f, curve_tolerance); // n = 3N/4: sin(3pi/8)

    std::vector<float> exponential = ones(8);
    cm::apply_fade_in(exponential, 8, FadeCurve::Exponential);
    EXPECT_EQ(exponential[0], 0.0f);
    EXPECT_NEAR(exponential[2], 0.0046280413f, 1e-8f);
    EXPECT_NEAR(exponential[4], 0.030653430f, 1e-7f);
    EXPECT_NEAR(exponential[6], 0.17700495f, curve_tolerance);
}

TEST(BufferOps, FadeOutMirrorsFadeIn) {
    // The sample d before the end gets g(d / N); the last one is exactly 0.
    std::vector<float> linear = ones(8);
    cm::apply_fade_out(linear, 8);
    EXPECT_EQ(linear, (std::vector<float>{0.875f, 0.75f, 0.625f, 0.5f, 0.375f, 0.25f, 0.125f, 0.0f}));

    std::vector<float> equal_power = ones(8);
    cm::apply_fade_out(equal_power, 8, FadeCurve::EqualPower);
    EXPECT_EQ(equal_power[7], 0.0f);
    EXPECT_NEAR(equal_power[5], 0.38268343f, curve_tolerance); // d = 2 = N/4
    EXPECT_NEAR(equal_power[3], 0.70710678f, curve_tolerance); // d = 4 = N/2

    std::vector<float> exponential = ones(8);
    cm::apply_fade_out(exponential, 8, FadeCurve::Exponential);
    EXPECT_EQ(exponential[7], 0.0f);
    EXPECT_NEAR(exponential[3], 0.030653430f, 1e-7f);
}

TEST(BufferOps, FadeOverWholeVectorRunsIsExactForLinear) {
    // N = 64: whole runs of 16, no tail. dt = 1/64 is a power of two, so
    // every position, n/64 in and (63 - n)/64 out, is exact.
    std::vector<float> in = ones(64);
    std::vector<float> out = ones(64);
    cm::apply_fade_in(in, 64);
    cm::apply_fade_out(out, 64);
    for (std::size_t n = 0; n < 64; ++n) {
        ASSERT_EQ(in[n], static_cast<float>(n) / 64.0f) << n;
        ASSERT_EQ(out[n], static_cast<float>(63 - n) / 64.0f) << n;
    }
    // Equal power at n = 16, 32, 48 of 64: sin(pi/8), sin(pi/4), sin(3pi/8).
    std::vector<float> eq = ones(64);
    cm::apply_fade_in(eq, 64, FadeCurve::EqualPower);
    EXPECT_EQ(eq[0], 0.0f);
    EXPECT_NEAR(eq[16], 0.38268343f, curve_tolerance);
    EXPECT_NEAR(eq[32], 0.70710678f, curve_tolerance);
    EXPECT_NEAR(eq[48], 0.92387953f, curve_tolerance);
    std::vector<float> ex = ones(64);
    cm::apply_fade_out(ex, 64, FadeCurve::Exponential);
    EXPECT_EQ(ex[63], 0.0f);
    EXPECT_NEAR(ex[31], 0.030653430f, 1e-7f); // d = 32: t = 1/2
}

TEST(BufferOps, FadeShorterAndLongerThanTheBuffer) {
    std::vector<float> shorter_in = ones(8);
    cm::apply_fade_in(shorter_in, 4); // g = n/4 for n < 4, then untouched
    EXPECT_EQ(shorter_in, (std::vector<float>{0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 1.0f, 1.0f, 1.0f}));
    std::vector<float> shorter_out = ones(8);
    cm::apply_fade_out(shorter_out, 4);
    EXPECT_EQ(shorter_out, (std::vector<float>{1.0f, 1.0f, 1.0f, 1.0f, 0.75f, 0.5f, 0.25f, 0.0f}));
    // A fade of 8 over 4 samples: the first (or last) four gains of it.
    std::vector<float> longer_in = ones(4);
    cm::apply_fade_in(longer_in, 8);
    EXPECT_EQ(longer_in, (std::vector<float>{0.0f, 0.125f, 0.25f, 0.375f}));
    std::vector<float> longer_out = ones(4);
    cm::apply_fade_out(longer_out, 8);
    EXPECT_EQ(longer_out, (std::vector<float>{0.375f, 0.25f, 0.125f, 0.0f}));
    // Zero frames: nothing.
    std::vector<float> none = ones(4);
    cm::apply_fade_in(none, 0);
    cm::apply_fade_out(none, 0, FadeCurve::Exponential);
    EXPECT_EQ(none, ones(4));
    cm::apply_fade_in(std::span<float>{}, 16);
}

TEST(BufferOps, LongFadesTrackTheExactCurves) {
    // 65536 + 5 samples: many vector blocks plus a tail. Compared with the
    // curves in double precision through libm.
    constexpr std::size_t n = 65541;
    std::vector<float> eq_in = ones(n);
    std::vector<float> exp_out = ones(n);
    std::vector<float> lin_out = ones(n);
    cm::apply_fade_in(eq_in, n, FadeCurve::EqualPower);
    cm::apply_fade_out(exp_out, n, FadeCurve::Exponential);
    cm::apply_fade_out(lin_out, n, FadeCurve::Linear);
    double worst_eq = 0.0;
    double worst_exp = 0.0;
    double worst_lin = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double t_in = static_cast<double>(i) / static_cast<double>(n);
        const double t_out = static_cast<double>(n - 1 - i) / static_cast<double>(n);
        worst_eq = std::max(worst_eq, std::abs(eq_in[i] - std::sin(std::numbers::pi / 2 * t_in)));
        worst_exp = std::max(worst_exp, std::abs(exp_out[i] - (std::pow(10.0, 3 * t_out) - 1) / 999));
        worst_lin = std::max(worst_lin, std::abs(lin_out[i] - t_out));
    }
    EXPECT_LT(worst_eq, 1e-6);
    EXPECT_LT(worst_exp, 1e-6);
    EXPECT_LT(worst_lin, 1e-6);
    EXPECT_EQ(exp_out[n - 1], 0.0f);
    EXPECT_EQ(eq_in[0], 0.0f);
}

// Long fades go by tables (see buffer_ops.hpp): runs of 256 samples for a
// fade of 100 000, seeded from values computed from scratch at every 16th
// run (every 4096 samples). The positions below sit on both sides of a run
// boundary (255/256/257), a group boundary (4095/4096/4097) and the start of
// the partial last run (100 000 = 390 * 256 + 160: 99 839/99 840), so an
// error in how runs are stitched together would show. Those are float
// roundings of exact terms: within 3e-7, well inside curve_tolerance.
constexpr std::size_t long_fade = 100000;
constexpr float table_tolerance = 3e-7f;

// g = sin(pi/2 n/N), N = 100 000, x = pi/2 n/N = 1.5707963268 n/N, by hand:
//   n = 256:    x = 0.0040212386; x - x^3/6 = 0.0040212386 - 0.0000000108
//               = 0.0040212278 (x^5/120 = 9e-15)
//   n = 4096:   x = 0.0643398175; x - x^3/6 + x^5/120
//               = 0.0643398175 - 0.0000443903 + 0.0000000092 = 0.0642954364
//   n = 12345:  x = 0.1939148065; x - x^3/6 + x^5/120 - x^7/5040
//               = 0.1939148065 - 0.0012152949 + 0.0000022849 - 0.0000000020
//               = 0.1927017945
//   n = 50000:  sin(pi/4) = 0.7071067812
//   near the end, g = cos(e), e = pi/2 (N - n)/N, cos e = 1 - e^2/2 (+ e^4/24 < 2e-12):
//   n = 99840:  e = 0.0025132741, 1 - 0.0000031583 = 0.9999968417
//   n = 99999:  e = 0.0000157080, 1 - 1.2e-10 = 0.9999999999
// Neighbours (255, 257, ...) by the same formulas:
//   n = 255: 0.0040055199, n = 257: 0.0040369356,
//   n = 4095: 0.0642797609, n = 4097: 0.0643111119,
//   n = 99839: 1 - e^2/2 with e = 0.0025289821: 0.9999968021.
struct HandGain {
    std::size_t n;
    float g;
};
constexpr HandGain equal_power_100k[] = {
    {255, 0.0040055199f},   {256, 0.0040212278f},   {257, 0.0040369356f},
    {4095, 0.0642797609f},  {4096, 0.0642954364f},  {4097, 0.0643111119f},
    {12345, 0.1927017945f}, {50000, 0.7071067812f}, {99839, 0.9999968021f},
    {99840, 0.9999968417f}, {99999, 0.9999999999f},
};

// g = (10^(3n/N) - 1) / 999, N = 100 000, 10^y by calculator:
//   n = 1:     10^0.00003 = 1.0000690799,  0.0000690799 / 999 = 0.0000000691
//   n = 255:   10^0.00765 = 1.0177708311,  0.0177708311 / 999 = 0.0000177886
//   n = 256:   10^0.00768 = 1.0178411386,  0.0178411386 / 999 = 0.0000178590
//   n = 257:   10^0.00771 = 1.0179114510,  0.0179114510 / 999 = 0.0000179294
//   n = 4095:  10^0.12285 = 1.3269360711,  0.3269360711 / 999 = 0.0003272633
//   n = 4096:  10^0.12288 = 1.3270277358,  0.3270277358 / 999 = 0.0003273551
//   n = 4097:  10^0.12291 = 1.3271194067,  0.3271194067 / 999 = 0.0003274469
//   n = 12345: 10^0.37035 = 2.3461188020,  1.3461188020 / 999 = 0.0013474663
//   n = 50000: 10^1.5     = 31.622776602, 30.622776602 / 999 = 0.0306534300
//   n = 99839: 10^2.99517 = 988.94012910, 987.94012910 / 999 = 0.9889290582
//   n = 99840: 10^2.9952  = 989.00844502, 988.00844502 / 999 = 0.9889974425
//   n = 99999: 10^2.99997 = 999.93092483, 998.93092483 / 999 = 0.9999308557
constexpr HandGain exponential_100k[] = {
    {1, 0.0000000691f},     {255, 0.0000177886f},   {256, 0.0000178590f},
    {257, 0.0000179294f},   {4095, 0.0003272633f},  {4096, 0.0003273551f},
    {4097, 0.0003274469f},  {12345, 0.0013474663f}, {50000, 0.0306534300f},
    {99839, 0.9889290582f}, {99840, 0.9889974425f}, {99999, 0.9999308557f},
};

TEST(BufferOps, LongEqualPowerFadeByHand) {
    std::vector<float> in = ones(long_fade);
    std::vector<float> out = ones(long_fade);
    cm::apply_fade_in(in, long_fade, FadeCurve::EqualPower);
    cm::apply_fade_out(out, long_fade, FadeCurve::EqualPower);
    EXPECT_EQ(in[0], 0.0f);
    EXPECT_EQ(out[long_fade - 1], 0.0f);
    for (const HandGain& h : equal_power_100k) {
        // Fade-in: sample n. Fade-out: the sample n before the last.
        EXPECT_NEAR(in[h.n], h.g, table_tolerance) << "fade-in, n = " << h.n;
        EXPECT_NEAR(out[long_fade - 1 - h.n], h.g, table_tolerance) << "fade-out, n = " << h.n;
    }
}

TEST(BufferOps, LongExponentialFadeByHand) {
    std::vector<float> in = ones(long_fade);
    std::vector<float> out = ones(long_fade);
    cm::apply_fade_in(in, long_fade, FadeCurve::Exponential);
    cm::apply_fade_out(out, long_fade, FadeCurve::Exponential);
    EXPECT_EQ(in[0], 0.0f);
    EXPECT_EQ(out[long_fade - 1], 0.0f);
    for (const HandGain& h : exponential_100k) {
        EXPECT_NEAR(in[h.n], h.g, table_tolerance) << "fade-in, n = " << h.n;
        EXPECT_NEAR(out[long_fade - 1 - h.n], h.g, table_tolerance) << "fade-out, n = " << h.n;
    }
}

TEST(BufferOps, LongFadeOverAShorterBufferByHand) {
    // A fade of 100 000 over 20 000 samples applies its first (fade-in) or
    // last (fade-out) 20 000 gains: the same gains as over the whole fade.
    // Its partial last run starts at 19 968 (20 000 = 78 * 256 + 32).
    // n = 19999: x = pi/2 0.19999 = 0.3141435574, sin x = x - x^3/6 + x^5/120
    // - x^7/5040 = 0.3141435574 - 0.0051669377 + 0.0000254953 - 0.0000000599
    // = 0.3090020551 (x^9/9! = 8e-11).
    constexpr std::size_t frames = 20000;
    for (const FadeCurve curve : {FadeCurve::EqualPower, FadeCurve::Exponential}) {
        std::vector<float> in = ones(frames);
        std::vector<float> out = ones(frames);
        cm::apply_fade_in(in, long_fade, curve);
        cm::apply_fade_out(out, long_fade, curve);
        EXPECT_EQ(in[0], 0.0f);
        EXPECT_EQ(out[frames - 1], 0.0f);
        const bool eq = curve == FadeCurve::EqualPower;
        for (const HandGain& h : eq ? std::span<const HandGain>(equal_power_100k)
                                    : std::span<const HandGain>(exponential_100k)) {
            if (h.n >= frames) continue;
            EXPECT_NEAR(in[h.n], h.g, table_tolerance) << "fade-in, n = " << h.n;
            EXPECT_NEAR(out[frames - 1 - h.n], h.g, table_tolerance) << "fade-out, n = " << h.n;
        }
        if (eq) {
            EXPECT_NEAR(in[frames - 1], 0.3090020551f, table_tolerance);
            EXPECT_NEAR(out[0], 0.3090020551f, table_tolerance);
        }
    }
}

TEST(BufferOps, LongFadesStayWithinAFewFloatRoundings) {
    // Every sample of 100 000-sample fades against libm in double: the
    // tables keep them within 3e-7 (1.1e-7 measured; the per-sample float
    // polynomials they replaced reached 1.01e-6 on the exponential fade).
    std::vector<float> eq_in = ones(long_fade);
    std::vector<float> eq_out = ones(long_fade);
    std::vector<float> exp_in = ones(long_fade);
    std::vector<float> exp_out = ones(long_fade);
    cm::apply_fade_in(eq_in, long_fade, FadeCurve::EqualPower);
    cm::apply_fade_out(eq_out, long_fade, FadeCurve::EqualPower);
    cm::apply_fade_in(exp_in, long_fade, FadeCurve::Exponential);
    cm::apply_fade_out(exp_out, long_fade, FadeCurve::Exponential);
    double worst_eq = 0.0;
    double worst_exp = 0.0;
    for (std::size_t i = 0; i < long_fade; ++i) {
        const double t_in = static_cast<double>(i) / static_cast<double>(long_fade);
        const double t_out = static_cast<double>(long_fade - 1 - i) / static_cast<double>(long_fade);
        const auto eq = [](double t) { return std::sin(std::numbers::pi / 2 * t); };
        const auto ex = [](double t) { return (std::pow(10.0, 3 * t) - 1) / 999; };
        worst_eq = std::max({worst_eq, std::abs(eq_in[i] - eq(t_in)), std::abs(eq_out[i] - eq(t_out))});
        worst_exp = std::max({worst_exp, std::abs(exp_in[i] - ex(t_in)), std::abs(exp_out[i] - ex(t_out))});
    }
    const auto show = [](double e) {
        std::ostringstream o;
        o << std::setprecision(3) << e;
        return o.str();
    };
    RecordProperty("max_error_equal_power", show(worst_eq));
    RecordProperty("max_error_exponential", show(worst_exp));
    EXPECT_LT(worst_eq, table_tolerance);
    EXPECT_LT(worst_exp, table_tolerance);
}

TEST(BufferOps, FadesOfEveryShapeTrackTheExactCurves) {
    // Lengths on both sides of where the fades switch from a polynomial per
    // sample to tables and change run length, and of run boundaries, each
    // as a whole fade and as the start or end of one three times longer;
    // every sample against libm.
    for (const std::size_t frames :
         {1U, 2U, 3U, 17U, 191U, 192U, 193U, 511U, 512U, 513U, 1000U, 2047U, 2048U, 2049U, 8191U,
          8192U, 8193U, 12289U}) {
        for (const std::size_t fade : {frames, 3 * frames}) {
            for (const FadeCurve curve : {FadeCurve::EqualPower, FadeCurve::Exponential}) {
                std::vector<float> in = ones(frames);
                std::vector<float> out = ones(frames);
                cm::apply_fade_in(in, fade, curve);
                cm::apply_fade_out(out, fade, curve);
                double worst = 0.0;
                for (std::size_t i = 0; i < frames; ++i) {
                    const double t_in = static_cast<double>(i) / static_cast<double>(fade);
                    const double t_out = static_cast<double>(frames - 1 - i) / static_cast<double>(fade);
                    const auto g = [curve](double t) {
                        return curve == FadeCurve::EqualPower ? std::sin(std::numbers::pi / 2 * t)
                                                              : (std::pow(10.0, 3 * t) - 1) / 999;
                    };
                    worst = std::max({worst, std::abs(in[i] - g(t_in)), std::abs(out[i] - g(t_out))});
                }
                EXPECT_LT(worst, curve_tolerance) << frames << " of " << fade << " curve " << static_cast<int>(curve);
                EXPECT_EQ(in[0], 0.0f) << frames << " of " << fade;
                EXPECT_EQ(out[frames - 1], 0.0f) << frames << " of " << fade;
            }
        }
    }
}

TEST(BufferOps, FadesOnViews) {
    std::vector<float> l = ones(4);
    std::vector<float> r = ones(4);
    cm::apply_fade_in(cm::AudioBufferView{l, r}, 4);
    EXPECT_EQ(r, (std::vector<float>{0.0f, 0.25f, 0.5f, 0.75f}));
    cm::apply_fade_out(cm::AudioBufferView{l, r}, 2);
    EXPECT_EQ(l, (std::vector<float>{0.0f, 0.25f, 0.25f, 0.0f})); // last two * 0.5, 0
}

TEST(BufferOps, Peak) {
    EXPECT_EQ(cm::peak(std::vector<float>{0.5f, -0.75f, 0.25f}), 0.75f);
    EXPECT_EQ(cm::peak(std::span<const float>{}), 0.0f);
    std::vector<float> long_buffer(16 * 10 + 3, 0.125f);
    long_buffer[37] = -0.9f; // in a vector block
    EXPECT_EQ(cm::peak(long_buffer), 0.9f);
    long_buffer[16 * 10 + 2] = 1.5f; // in the tail
    EXPECT_EQ(cm::peak(long_buffer), 1.5f);
    long_buffer[3] = nan_f;
    EXPECT_TRUE(std::isnan(cm::peak(long_buffer)));
    EXPECT_EQ(cm::peak(std::vector<float>{-std::numeric_limits<float>::infinity(), 1.0f}),
              std::numeric_limits<float>::infinity());
}

TEST(BufferOps, Rms) {
    // [3, 4]: sqrt((9 + 16) / 2) = sqrt(12.5) = 3.5355339.
    EXPECT_NEAR(cm::rms(std::vector<float>{3.0f, 4.0f}), 3.5355339f, 1e-6f);
    EXPECT_EQ(cm::rms(std::span<const float>{}), 0.0f);
    EXPECT_EQ(cm::rms(std::vector<float>(100, -0.5f)), 0.5f);
    // A full-scale sine over whole periods (64 samples a period, 160 periods,
    // so runs, blocks and no tail): mean of sin^2 is 1/2, RMS = 1/sqrt(2).
    std::vector<float> sine(64 * 160);
    for (std::size_t i = 0; i < sine.size(); ++i) {
        sine[i] = static_cast<float>(std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 64.0));
    }
    EXPECT_NEAR(cm::rms(sine), 0.70710678f, 1e-6f);
    // A tail of 7 zeros (not a whole vector block) changes the mean square
    // to (N/2) / (N + 7), N = 10240.
    sine.resize(sine.size() + 7, 0.0f);
    const double expected = std::sqrt((64.0 * 160 / 2) / (64.0 * 160 + 7));
    EXPECT_NEAR(cm::rms(sine), static_cast<float>(expected), 1e-6f);
}

// An audio callback's worth of work. CM_NONBLOCKING makes the rtsan preset
// check it twice: at compile time (-Wfunction-effects: everything it calls
// must be verifiably non-blocking) and at run time (RealtimeSanitizer aborts
// on any allocation, lock or blocking call inside it).
std::size_t render_all_ops(std::span<float> a, std::span<float> b, std::span<float> c,
                           const cm::AudioBufferView& view, float& sink) noexcept CM_NONBLOCKING {
    std::size_t count = 0;
    cm::apply_gain(a, 0.5f);
    cm::apply_gain(view, 2.0f);
    count += cm::mix_into(a, b, 0.5f);
    count += cm::mix_into(a, a, 0.5f); // the overlapping path
    count += cm::mix_into(view, view, 0.0f);
    count += cm::pan_mono_to_stereo(a, b, c, 0.3f);
    count += cm::pan_mono_to_stereo(a, b, c, 0.3f, PanLaw::Linear);
    count += cm::mix_stereo_buffers(a, b, c, 0.1f);
    // EqualPower and Exponential over 1000 and 4099 samples go by tables,
    // over 10 by a polynomial per sample.
    for (const FadeCurve curve : {FadeCurve::Linear, FadeCurve::EqualPower, FadeCurve::Exponential}) {
        cm::apply_fade_in(a, 1000, curve);
        cm::apply_fade_out(b, a.size() * 2, curve);
        cm::apply_fade_in(view, 10, curve);
        cm::apply_fade_out(view, 10, curve);
        sink += cm::fade_gain(curve, 0.3f);
    }
    sink += cm::peak(a) + cm::rms(b) + cm::pan_gains(0.2f, PanLaw::EqualPower).left;
    return count;
}

// The tabulated fades with every run length (256, 128, 64), whole groups
// and partial runs, in and out, whole and longer than the buffer.
void render_long_fades(std::span<float> a, float& sink) noexcept CM_NONBLOCKING {
    for (const FadeCurve curve : {FadeCurve::EqualPower, FadeCurve::Exponential}) {
        cm::apply_fade_in(a, a.size(), curve);
        cm::apply_fade_out(a, 5 * a.size(), curve);
        cm::apply_fade_in(a.subspan(0, 3000), 100000, curve);
        cm::apply_fade_out(a.subspan(0, 700), 700, curve);
        sink += a[a.size() / 2];
    }
}

TEST(BufferOps, LongFadesAreRealtimeSafe) {
    std::vector<float> a(20000 + 7, 0.5f);
    float sink = 0.0f;
    cm::test::RtScope scope;
    render_long_fades(a, sink);
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
    EXPECT_FALSE(std::isnan(sink));
}

TEST(BufferOps, AllOpsAreRealtimeSafe) {
    constexpr std::size_t n = 4096 + 3;
    std::vector<float> a(n, 0.5f);
    std::vector<float> b(n, -0.25f);
    std::vector<float> c(n);
    const cm::AudioBufferView view{a, b};
    float sink = 0.0f;
    cm::test::RtScope scope;
    const std::size_t count = render_all_ops(a, b, c, view, sink);
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
    EXPECT_GT(count, 0U);
    EXPECT_FALSE(std::isnan(sink));
}

} // namespace
