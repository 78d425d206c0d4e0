// coremusic/core/buffer_ops.hpp
// The everyday sample loops of a mixer: gain, mix, pan, fades, peak and RMS,
// written to vectorise and safe to call on the audio thread.
#pragma once

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

// Every function here is noexcept, allocates nothing, takes no lock and is
// CM_NONBLOCKING. Arguments cannot cause undefined behaviour: spans of
// different lengths are processed over their common length (the functions
// that take two or more spans return that length), out-of-range parameters
// are clamped as each function says, and overlapping spans give a defined
// result (the operation done one sample at a time, in order) on a slower path.

namespace cm {

/// How a pan position in [-1, 1] becomes a left and a right gain.
enum class PanLaw {
    /// left = (1 - pan) / 2, right = (1 + pan) / 2: the gains sum to 1, so a
    /// signal panned anywhere keeps its amplitude when the sides are summed
    /// (-6 dB each side at centre).
    Linear,
    /// left = cos(pi/4 (pan + 1)), right = sin(pi/4 (pan + 1)): the squared
    /// gains sum to 1, so loudness stays constant across the stereo field
    /// (-3 dB, 0.70710678, each side at centre).
    EqualPower,
};

/// The shape of a fade. With t = n / N the position of sample n in a fade of
/// N samples (0 <= t < 1), a fade-in multiplies by g(t):
enum class FadeCurve {
    /// g(t) = t.
    Linear,
    /// g(t) = sin(pi/2 t): with the mirrored fade-out it keeps the summed
    /// power of a crossfade constant.
    EqualPower,
    /// g(t) = (10^(3t) - 1) / 999: a constant slope of 60 dB per fade length
    /// (g ~ 10^(3(t - 1)), from -60 dB to 0 dB), offset by 10^-3 and rescaled
    /// so that it starts at exactly 0 and ends at 1. Heard as an even fade.
    Exponential,
};
// The fades apply EqualPower and Exponential within 1e-6 of the exact curves:
// fades over 512 (EqualPower) or 192 (Exponential) samples and more by
// tables, within 3e-7 (1.1e-7 measured over 100 000-sample fades), shorter
// ones by a polynomial per sample in float (8e-7 measured at worst, on short
// whole exponential fades). Tested against libm. g(0) is exactly 0 for
// every curve.

/// A left and a right gain.
struct StereoGains {
    float left = 0.0f;  ///< Gain for the left channel.
    float right = 0.0f; ///< Gain for the right channel.
};

namespace detail {

// sin(pi/2 x) ~ x P(x^2) on [0, 1]: the odd degree-9 minimax polynomial for
// absolute error (Remez exchange), max error 3.4e-9, far below float
// precision. A polynomial instead of std::sin because it vectorises: the
// equal-power fade runs 15-20x faster than a std::sin per sample (measured,
// bench/core_buffer_ops_bench.cpp).
inline constexpr double sin_half_pi_c1 = 1.5707962900224306641;
inline constexpr double sin_half_pi_c3 = -0.64596335986686591849;
inline constexpr double sin_half_pi_c5 = 0.079688480544293509171;
inline constexpr double sin_half_pi_c7 = -0.004672227928931485976;
inline constexpr double sin_half_pi_c9 = 0.00015082056717687544134;

/// sin(pi/2 x) for x in [0, 1], in double (used for per-call gains).
[[nodiscard]] inline double sin_half_pi(double x) noexcept CM_NONBLOCKING {
    const double x2 = x * x;
    return x * (sin_half_pi_c1 +
                x2 * (sin_half_pi_c3 +
                      x2 * (sin_half_pi_c5 + x2 * (sin_half_pi_c7 + x2 * sin_half_pi_c9))));
}

/// sin(pi/2 x) for x in [0, 1], in float (used per sample).
[[nodiscard]] inline float sin_half_pi(float x) noexcept CM_NONBLOCKING {
    constexpr auto c1 = static_cast<float>(sin_half_pi_c1);
    constexpr auto c3 = static_cast<float>(sin_half_pi_c3);
    constexpr auto c5 = static_cast<float>(sin_half_pi_c5);
    constexpr auto c7 = static_cast<float>(sin_half_pi_c7);
    constexpr auto c9 = static_cast<float>(sin_half_pi_c9);
    const float x2 = x * x;
    return x * (c1 + x2 * (c3 + x2 * (c5 + x2 * (c7 + x2 * c9))));
}

/// (10^(3t) - 1) / 999 for t in [0, 1]. 10^(3t) = 2^e with e = 3 log2(10) t,
/// split into integer i and fraction f; 2^f by the degree-5 minimax
/// polynomial 1 + f Q(f) (Remez, relative error 8.2e-8, exact at f = 0, so
/// the curve is exactly 0 at t = 0) and 2^i by writing the float exponent.
[[nodiscard]] inline float exponential_fade(float t) noexcept CM_NONBLOCKING {
    constexpr float log2_1000 = 9.965784284662087f; // 3 log2(10)
    constexpr float q1 = 0.69315131180752295536f;
    constexpr float q2 = 0.24016445013606755314f;
    constexpr float q3 = 0.055799913145968066977f;
    constexpr float q4 = 0.0090170302844367490406f;
    constexpr float q5 = 0.0018671300819070081778f;
    const float e = t * log2_1000;                  // in [0, 9.97]: truncation is floor
    const auto i = static_cast<std::int32_t>(e);
    const float f = e - static_cast<float>(i);
    const float two_f = 1.0f + f * (q1 + f * (q2 + f * (q3 + f * (q4 + f * q5))));
    const float two_i = std::bit_cast<float>(static_cast<std::uint32_t>(i + 127) << 23U);
    return (two_f * two_i - 1.0f) * (1.0f / 999.0f);
}

template <FadeCurve Curve>
[[nodiscard]] inline float fade_gain_at(float t) noexcept CM_NONBLOCKING {
    if constexpr (Curve == FadeCurve::Linear) {
        return t;
    } else if constexpr (Curve == FadeCurve::EqualPower) {
        return sin_half_pi(t);
    } else {
        return exponential_fade(t);
    }
}

/// Multiplies p[m], m < count, by curve(d / fade_frames), d = m (Descending
/// false: a fade-in) or count - 1 - m (Descending true: a fade-out ending at
/// the last sample).
///
/// Positions t are made per run of simd_block samples: the run's first
/// position plus a constant ramp of k / fade_frames. That costs one vector
/// add per 4 samples, where converting each sample's index to float costs
/// three and halved the linear fade's speed (measured). The loop over a run
/// is unrolled completely and vectorised as a whole. Indices are
/// 32-bit in chunks of 2^24 samples (exact in float, and a 64-bit index
/// would cost 64-bit vector arithmetic); positions never go below 0, and a
/// fade-out's last sample gets exactly curve(0) = 0.
template <FadeCurve Curve, bool Descending>
inline void fade_region(float* CM_DETAIL_RESTRICT p, std::size_t count,
                        std::size_t fade_frames) noexcept CM_NONBLOCKING {
    constexpr std::size_t chunk = std::size_t{1} << 24U;
    constexpr auto run = static_cast<std::int32_t>(simd_block);
    const double inv_n = 1.0 / static_cast<double>(fade_frames);
    const auto dt = static_cast<float>(inv_n);
    float ramp[simd_block];
    for (std::size_t k = 0; k < simd_block; ++k) {
        // -(k dt) rounds exactly as k dt does, so a fade-out reaches 0.
        ramp[k] = (Descending ? -1.0f : 1.0f) * (static_cast<float>(k) * dt);
    }
    for (std::size_t c0 = 0; c0 < count; c0 += chunk) {
        const std::size_t len = count - c0 < chunk ? count - c0 : chunk;
        float* q = p + c0;
        // Sample l of this chunk is at distance base + j, j = l or len-1-l.
        const std::size_t base = Descending ? count - c0 - len : c0;
        const auto t0 = static_cast<float>(static_cast<double>(base) * inv_n);
        const auto len32 = static_cast<std::int32_t>(len);
        const std::int32_t last = len32 - 1;
        const std::int32_t whole = len32 & ~(run - 1);
        for (std::int32_t b = 0; b < whole; b += run) {
            const float tb = t0 + static_cast<float>(Descending ? last - b : b) * dt;
            CM_DETAIL_UNROLL_RUN
            for (std::int32_t k = 0; k < run; ++k) q[b + k] *= fade_gain_at<Curve>(tb + ramp[k]);
        }
        for (std::int32_t l = whole; l < len32; ++l) {
            q[l] *= fade_gain_at<Curve>(t0 + static_cast<float>(Descending ? last - l : l) * dt);
        }
    }
}

// EqualPower and Exponential by tables. A polynomial per sample (above)
// made long fades compute-bound, at 0.1-0.2x memcpy on SSE2 (no FMA).
// Instead, with d = a + b the distance of a sample from the fade's start,
//     sin(pi/2 (a + b)/N) = sin(pi/2 a/N) cos(pi/2 b/N) + cos(pi/2 a/N) sin(pi/2 b/N),
//     1000^((a + b)/N)    = 1000^(a/N) 1000^(b/N),
// so a fade goes in runs: a is the run's first distance and b < run the
// offset in it, whose two terms come from a per-call float table. A sample
// then costs two or three multiplies and an add, close to the linear fade.
// A run's own terms come the same way, in double, from the terms at the
// start of its group of fade_group runs, computed from scratch, and a
// per-call table over the runs of a group. So every gain is at most two
// combinations away from values computed from scratch and no error
// accumulates along the fade. The tables are built by doubling (entry k + L
// from entry k and the terms at L) in double from values accurate to 3e-13;
// each gain is then a few float roundings of exact terms, below 3e-7 from
// the curve (1.3e-7 measured; the two products of the sum are never
// negative, so nothing cancels). At distance 0 the terms are exactly 0, or
// 1/999 - 1/999, so a fade-in starts, and a fade-out ends, on exactly 0.

/// 1 / n! for n = 0..18: n! is exact in double up to 18! < 2^53, then
/// rounded once.
inline constexpr std::array<double, 19> inverse_factorials = [] {
    std::array<double, 19> r{};
    double f = 1.0;
    for (std::size_t n = 0; n < r.size(); ++n) {
        f *= n == 0 ? 1.0 : static_cast<double>(n);
        r[n] = 1.0 / f;
    }
    return r;
}();

/// Two terms of a curve at one distance, in double. Why double: the tables
/// combine up to a dozen of them, and float's roundings would add up.
struct SinCos {
    double s;
    double c;
};

/// sin(pi/2 b) and cos(pi/2 b) for b in [0, 1], within 1e-13: their Taylor
/// series in x = pi/2 b up to x^17 and x^18 (the first terms left out are
/// below (pi/2)^19 / 19! = 4.4e-14 and (pi/2)^20 / 20! = 3.5e-15), where
/// sin_half_pi's 3.4e-9 would add up through the tables. Exactly 0 and 1 at
/// b = 0.
[[nodiscard]] inline SinCos sin_cos_half_pi(double b) noexcept CM_NONBLOCKING {
    constexpr double half_pi = 1.5707963267948966192;
    const double x = b * half_pi;
    const double y = -(x * x);
    // sin x = x sum y^k / (2k + 1)!, cos x = sum y^k / (2k)!, k <= 8 and 9,
    // by Horner.
    double s = inverse_factorials[17];
    double c = inverse_factorials[18];
    for (std::size_t k = 8; k-- > 0;) {
        s = s * y + inverse_factorials[2 * k + 1];
        c = c * y + inverse_factorials[2 * k + 2];
    }
    return {x * s, c * y + 1.0};
}

/// 1000^t = 10^(3t) for t in [0, 1], within a relative 3e-13. 1000^t = 2^e
/// with e = 3 log2(10) t = i + f, i the nearest integer and |f| <= 1/2;
/// 2^f = e^x, x = f ln 2, |x| <= 0.35, by its Taylor series up to x^10 (the
/// first term left out is below 0.35^11 / 11! = 2.4e-13). Exactly 1 at
/// t = 0.
[[nodiscard]] inline double thousand_pow(double t) noexcept CM_NONBLOCKING {
    constexpr double log2_1000 = 9.9657842846620870436; // 3 log2(10)
    constexpr double ln2 = 0.69314718055994530942;
    const double e = t * log2_1000;
    const auto i = static_cast<std::int64_t>(e + 0.5); // e >= 0: truncation is floor
    const double x = (e - static_cast<double>(i)) * ln2;
    double p = inverse_factorials[10];
    for (std::size_t k = 10; k-- > 0;) p = p * x + inverse_factorials[k];
    return p * std::bit_cast<double>(static_cast<std::uint64_t>(i + 1023) << 52U);
}

/// The longest run of a tabulated fade, and runs per group.
inline constexpr std::size_t fade_max_run = 256;
inline constexpr std::size_t fade_group = 16;

/// The run length for a fade over `count` samples. Each run costs a few
/// double operations and each table entry a few more, once per call; on
/// the benchmark machine runs of 256 made 64 Ki-sample fades 15-25% faster
/// than runs of 64, which made 1 Ki-sample fades 30% faster than runs of
/// 256 (measured).
[[nodiscard]] constexpr std::size_t fade_run_for(std::size_t count) noexcept {
    return count >= 8192 ? 256 : (count >= 2048 ? 128 : 64);
}

/// The curve's terms at one distance, in double: EqualPower (sin, cos),
/// Exponential (unused 0, 1000^(d/N)). Combining the terms at a and at b
/// gives those at a + b.
[[nodiscard]] inline SinCos fade_combine(SinCos a, SinCos b) noexcept CM_NONBLOCKING {
    return {a.s * b.c + a.c * b.s, a.c * b.c - a.s * b.s};
}

template <FadeCurve Curve>
[[nodiscard]] inline SinCos fade_terms(double d_over_n) noexcept CM_NONBLOCKING {
    if constexpr (Curve == FadeCurve::EqualPower) {
        return sin_cos_half_pi(d_over_n);
    } else {
        return {0.0, thousand_pow(d_over_n)};
    }
}

/// The terms at distances 2^m, m < fade_levels: what the tables are built
/// from. They are independent of each other, so computed together they
/// overlap instead of waiting for each other.
inline constexpr std::size_t fade_levels = 12;
static_assert(std::size_t{1} << fade_levels == fade_max_run * fade_group,
              "the run table's last doubling uses 2^(fade_levels - 1)");

struct FadePowers {
    SinCos at[fade_levels];
};

template <FadeCurve Curve>
inline void fade_powers(FadePowers& p, std::size_t levels, double inv_n) noexcept CM_NONBLOCKING {
    for (std::size_t m = 0; m < levels; ++m) {
        p.at[m] = fade_terms<Curve>(static_cast<double>(std::size_t{1} << m) * inv_n);
    }
}

/// t[k] = the terms at distance k * 2^m0 for k < n (n a power of two), by
/// doubling: t[k + L] = t[k] combined with the terms at L 2^m0.
inline void fade_doubling(SinCos* t, std::size_t n, const FadePowers& p,
                          std::size_t m0) noexcept CM_NONBLOCKING {
    t[0] = {0.0, 1.0};
    for (std::size_t len = 1, m = m0; len < n; len *= 2, ++m) {
        const SinCos at = p.at[m];
        for (std::size_t k = 0; k < len; ++k) t[k + len] = fade_combine(t[k], at);
    }
}

/// The float table of the offsets k in a run of `run` samples: entry j
/// goes with the run's j-th sample in memory, whose offset is k = j
/// (fade-in) or k = run - 1 - j (fade-out, whose distances run backwards).
/// For EqualPower u = cos, v = sin of pi/2 k/N; for Exponential
/// u = 1000^(k/N) and v = 0.
struct FadeTable {
    alignas(64) float u[fade_max_run];
    alignas(64) float v[fade_max_run];
};

/// Fills the entries of offsets k < n (n <= run, both powers of two; n/2
/// below N). Offset k = 16 i + j combines a row value at 16 i and a column
/// value at j, each table built by doubling, which keeps the double
/// precision work on the stack small.
template <bool Descending>
inline void fade_offset_table(FadeTable& t, std::size_t run, std::size_t n,
                              const FadePowers& p) noexcept CM_NONBLOCKING {
    constexpr std::size_t w = 16;
    SinCos col[w];
    SinCos row[fade_max_run / w];
    const std::size_t cols = n < w ? n : w;
    const std::size_t rows = n / cols;
    fade_doubling(col, cols, p, 0);
    fade_doubling(row, rows, p, 4);
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < cols; ++j) {
            const SinCos e = fade_combine(row[i], col[j]);
            const std::size_t k = i * w + j;
            const std::size_t at = Descending ? run - 1 - k : k;
            t.u[at] = static_cast<float>(e.c);
            t.v[at] = static_cast<float>(e.s);
        }
    }
}

/// A run's two float factors: for EqualPower x = sin, y = cos of pi/2 a/N,
/// for Exponential x = 1000^(a/N) / 999 and y = 1/999, where a is the run's
/// first distance.
struct FadeSeed {
    float x;
    float y;
};

template <FadeCurve Curve>
[[nodiscard]] inline FadeSeed fade_seed(SinCos a) noexcept CM_NONBLOCKING {
    if constexpr (Curve == FadeCurve::EqualPower) {
        return {static_cast<float>(a.s), static_cast<float>(a.c)};
    } else {
        return {static_cast<float>(a.c * (1.0 / 999.0)), static_cast<float>(1.0 / 999.0)};
    }
}

/// Multiplies q[j], j < n, by the gain of table entry j of a run with
/// factors `seed`: x u + y v (EqualPower) or x u - y (Exponential).
template <FadeCurve Curve>
inline void fade_run_kernel(float* CM_DETAIL_RESTRICT q, const float* CM_DETAIL_RESTRICT u,
                            const float* CM_DETAIL_RESTRICT v, std::size_t n,
                            FadeSeed seed) noexcept CM_NONBLOCKING {
    const float x = seed.x;
    const float y = seed.y;
    const std::size_t whole = whole_runs(n);
    if constexpr (Curve == FadeCurve::EqualPower) {
        CM_DETAIL_UNROLL
        for (std::size_t j = 0; j < whole; ++j) q[j] *= x * u[j] + y * v[j];
        for (std::size_t j = whole; j < n; ++j) q[j] *= x * u[j] + y * v[j];
    } else {
        CM_DETAIL_UNROLL
        for (std::size_t j = 0; j < whole; ++j) q[j] *= x * u[j] - y;
        for (std::size_t j = whole; j < n; ++j) q[j] *= x * u[j] - y;
    }
}

/// fade_region() for EqualPower and Exponential, by tables (see above).
/// Runs are laid out by distance from 0, so a fade-out's runs start from
/// the end of the region and its partial run is at the start.
template <FadeCurve Curve, bool Descending>
inline void fade_region_tabulated(float* p, std::size_t count,
                                  std::size_t fade_frames) noexcept CM_NONBLOCKING {
    if (count == 0) return;
    const std::size_t run = fade_run_for(count);
    const std::size_t group_frames = fade_group * run;
    const double inv_n = 1.0 / static_cast<double>(fade_frames);
    const std::size_t whole = count - count % run;

    FadePowers powers;
    // Every distance the tables double over is below count.
    const auto levels = static_cast<std::size_t>(std::bit_width(count - 1));
    fade_powers<Curve>(powers, levels < fade_levels ? levels : fade_levels, inv_n);
    FadeTable table;
    fade_offset_table<Descending>(table, run, count < run ? std::bit_ceil(count) : run, powers);
    // The runs within a group, as far as the whole runs need them.
    SinCos runs[fade_group];
    if (whole != 0) {
        const std::size_t r = whole / run;
        fade_doubling(runs, r < fade_group ? std::bit_ceil(r) : fade_group, powers,
                      static_cast<std::size_t>(std::countr_zero(run)));
    }

    // Each group's start is computed one group ahead, so that out-of-order
    // execution overlaps its long chain of dependent operations with the
    // runs of the group before.
    SinCos start = {0.0, 1.0};
    for (std::size_t g0 = 0; g0 < whole; g0 += group_frames) {
        const std::size_t g1 = whole - g0 < group_frames ? whole : g0 + group_frames;
        const SinCos next = g1 < whole ? fade_terms<Curve>(static_cast<double>(g1) * inv_n) : start;
        for (std::size_t d = g0, r = 0; d < g1; d += run, ++r) {
            float* q = p + (Descending ? count - d - run : d);
            fade_run_kernel<Curve>(q, table.u, table.v, run,
                                   fade_seed<Curve>(fade_combine(start, runs[r])));
        }
        start = next;
    }
    const std::size_t rest = count - whole;
    if (rest != 0) {
        // A fade-out's farthest distances are its first rest samples, with
        // the last rest table entries.
        const std::size_t from = Descending ? run - rest : 0;
        fade_run_kernel<Curve>(Descending ? p : p + whole, table.u + from, table.v + from, rest,
                               fade_seed<Curve>(fade_terms<Curve>(static_cast<double>(whole) * inv_n)));
    }
}

/// Below these many samples a fade is faster by a polynomial per sample
/// than by tables, whose setup costs some 150 ns (measured: the two cost
/// the same at about 450 and 180 samples).
inline constexpr std::size_t fade_table_from_equal_power = 512;
inline constexpr std::size_t fade_table_from_exponential = 192;

template <bool Descending>
inline void fade_region(float* p, std::size_t count, std::size_t fade_frames,
                        FadeCurve curve) noexcept CM_NONBLOCKING {
    switch (curve) {
    case FadeCurve::Linear:
        fade_region<FadeCurve::Linear, Descending>(p, count, fade_frames);
        return;
    case FadeCurve::EqualPower:
        if (count < fade_table_from_equal_power) {
            fade_region<FadeCurve::EqualPower, Descending>(p, count, fade_frames);
        } else {
            fade_region_tabulated<FadeCurve::EqualPower, Descending>(p, count, fade_frames);
        }
        return;
    case FadeCurve::Exponential:
        if (count < fade_table_from_exponential) {
            fade_region<FadeCurve::Exponential, Descending>(p, count, fade_frames);
        } else {
            fade_region_tabulated<FadeCurve::Exponential, Descending>(p, count, fade_frames);
        }
        return;
    }
}

// The loops proper. Their pointers are restrict-qualified function
// parameters because GCC honours restrict there (through inlining) but not
// on local variables; callers check for overlap first.

inline void scale_kernel(float* CM_DETAIL_RESTRICT p, std::size_t n,
                         float gain) noexcept CM_NONBLOCKING {
    const std::size_t whole = whole_runs(n);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) p[i] *= gain;
    for (std::size_t i = whole; i < n; ++i) p[i] *= gain;
}

inline void mix_kernel(float* CM_DETAIL_RESTRICT d, const float* CM_DETAIL_RESTRICT s,
                       std::size_t n, float gain) noexcept CM_NONBLOCKING {
    const std::size_t whole = whole_runs(n);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) d[i] += gain * s[i];
    for (std::size_t i = whole; i < n; ++i) d[i] += gain * s[i];
}

inline void pan_kernel(const float* CM_DETAIL_RESTRICT m, float* CM_DETAIL_RESTRICT l,
                       float* CM_DETAIL_RESTRICT r, std::size_t n, StereoGains g) noexcept
    CM_NONBLOCKING {
    const std::size_t whole = whole_runs(n);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) {
        l[i] = g.left * m[i];
        r[i] = g.right * m[i];
    }
    for (std::size_t i = whole; i < n; ++i) {
        l[i] = g.left * m[i];
        r[i] = g.right * m[i];
    }
}

// a and b are only read, so they may alias each other.
inline void weighted_sum_kernel(const float* CM_DETAIL_RESTRICT a, const float* CM_DETAIL_RESTRICT b,
                                float* CM_DETAIL_RESTRICT o, std::size_t n, StereoGains g) noexcept
    CM_NONBLOCKING {
    const std::size_t whole = whole_runs(n);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) o[i] = g.left * a[i] + g.right * b[i];
    for (std::size_t i = whole; i < n; ++i) o[i] = g.left * a[i] + g.right * b[i];
}

} // namespace detail

/// Multiplies every sample by `gain`. Thread-safe on distinct buffers.
/// Realtime-safe.
inline void apply_gain(std::span<float> buffer, float gain) noexcept CM_NONBLOCKING {
    detail::scale_kernel(buffer.data(), buffer.size(), gain);
}

/// apply_gain() on every channel. Thread-safe on distinct buffers.
/// Realtime-safe.
inline void apply_gain(const AudioBufferView& buffer, float gain) noexcept CM_NONBLOCKING {
    for (std::size_t c = 0; c < buffer.channels(); ++c) apply_gain(buffer.channel(c), gain);
}

/// dst[i] += gain * src[i] over the common length, which it returns. `src`
/// may be `dst` itself (dst becomes (1 + gain) dst). Thread-safe on distinct
/// buffers. Realtime-safe.
inline std::size_t mix_into(std::span<float> dst, std::span<const float> src,
                            float gain = 1.0f) noexcept CM_NONBLOCKING {
    const std::size_t n = dst.size() < src.size() ? dst.size() : src.size();
    if (detail::ranges_overlap(dst.data(), n * sizeof(float), src.data(), n * sizeof(float))) {
        float* d = dst.data();
        const float* s = src.data();
        for (std::size_t i = 0; i < n; ++i) d[i] += gain * s[i];
        return n;
    }
    detail::mix_kernel(dst.data(), src.data(), n, gain);
    return n;
}

/// mix_into() channel by channel over the common channels and frames;
/// returns the frames mixed (0 when either view is empty). Extra channels of
/// either side are left alone. Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t mix_into(const AudioBufferView& dst, const ConstAudioBufferView& src,
                            float gain = 1.0f) noexcept CM_NONBLOCKING {
    const std::size_t channels = dst.channels() < src.channels() ? dst.channels() : src.channels();
    if (channels == 0) return 0;
    std::size_t frames = 0;
    for (std::size_t c = 0; c < channels; ++c) frames = mix_into(dst.channel(c), src.channel(c), gain);
    return frames;
}

/// The gains that place a mono signal at `pan` in [-1 (left), 1 (right)],
/// 0 = centre, by `law` (see PanLaw). A pan outside [-1, 1] is clamped and a
/// NaN pan counts as centre. Hard left is exactly (1, 0), hard right (0, 1).
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline StereoGains pan_gains(float pan, PanLaw law) noexcept CM_NONBLOCKING {
    double p = pan == pan ? static_cast<double>(pan) : 0.0;
    p = p < -1.0 ? -1.0 : (p > 1.0 ? 1.0 : p);
    const double u = (p + 1.0) * 0.5; // 0 at hard left, 1 at hard right
    if (law == PanLaw::Linear) {
        return {static_cast<float>(1.0 - u), static_cast<float>(u)};
    }
    // cos(pi/2 u) = sin(pi/2 (1 - u)); the polynomial's 3.4e-9 error rounds
    // away in float, so the end points come out exactly 1 and 0.
    const double left = detail::sin_half_pi(1.0 - u);
    const double right = detail::sin_half_pi(u);
    return {static_cast<float>(left < 1.0 ? left : 1.0), static_cast<float>(right < 1.0 ? right : 1.0)};
}

/// Writes a mono signal into a stereo pair: left[i] = gl * mono[i],
/// right[i] = gr * mono[i], with (gl, gr) = pan_gains(pan, law). Overwrites
/// (does not add to) the outputs. Returns the common length of the three
/// spans, which is what it processes. `left` may be `mono` itself.
/// Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t pan_mono_to_stereo(std::span<const float> mono, std::span<float> left,
                                      std::span<float> right, float pan,
                                      PanLaw law = PanLaw::EqualPower) noexcept CM_NONBLOCKING {
    std::size_t n = mono.size() < left.size() ? mono.size() : left.size();
    n = n < right.size() ? n : right.size();
    const StereoGains g = pan_gains(pan, law);
    const std::size_t bytes = n * sizeof(float);
    if (detail::ranges_overlap(right.data(), bytes, mono.data(), bytes) ||
        detail::ranges_overlap(right.data(), bytes, left.data(), bytes) ||
        detail::ranges_overlap(left.data(), bytes, mono.data(), bytes)) {
        const float* m = mono.data();
        float* l = left.data();
        float* r = right.data();
        for (std::size_t i = 0; i < n; ++i) {
            const float x = m[i];
            l[i] = g.left * x;
            r[i] = g.right * x;
        }
        return n;
    }
    detail::pan_kernel(mono.data(), left.data(), right.data(), n, g);
    return n;
}

/// The seed's mix_stereo_buffers(left, right, pan): mixes a left and a right
/// channel into one mono signal, out[i] = gl * left[i] + gr * right[i], with
/// the linear law's gains for `pan` in [-1, 1]: gl = (1 - pan) / 2,
/// gr = (1 + pan) / 2. So pan 0 (the default) averages the channels (the
/// standard stereo-to-mono downmix), -1 takes left only, 1 right only; the
/// gains always sum to 1 so material common to both sides keeps its level.
/// (The seed wrote pan as a 0..1 balance with 0.5 the centre; here pan uses
/// the same [-1, 1] convention as pan_gains(): seed value b is pan 2b - 1.)
/// Pan is clamped, NaN counts as 0. Returns the common length of the three
/// spans, which is what it processes. `out` may be `left` or `right`.
/// Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t mix_stereo_buffers(std::span<const float> left, std::span<const float> right,
                                      std::span<float> out, float pan = 0.0f) noexcept
    CM_NONBLOCKING {
    std::size_t n = left.size() < right.size() ? left.size() : right.size();
    n = n < out.size() ? n : out.size();
    const StereoGains g = pan_gains(pan, PanLaw::Linear);
    const std::size_t bytes = n * sizeof(float);
    if (detail::ranges_overlap(out.data(), bytes, left.data(), bytes) ||
        detail::ranges_overlap(out.data(), bytes, right.data(), bytes)) {
        const float* a = left.data();
        const float* b = right.data();
        float* o = out.data();
        for (std::size_t i = 0; i < n; ++i) o[i] = g.left * a[i] + g.right * b[i];
        return n;
    }
    detail::weighted_sum_kernel(left.data(), right.data(), out.data(), n, g);
    return n;
}

/// The fade-in gain g(t) of `curve` at t in [0, 1] (clamped; NaN gives 0),
/// computed in float by the polynomials short fades apply (longer fades
/// compute the same curve by tables; both within 1e-6 of it).
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline float fade_gain(FadeCurve curve, float t) noexcept CM_NONBLOCKING {
    t = t == t ? t : 0.0f;
    t = t < 0.0f ? 0.0f : (t > 1.0f ? 1.0f : t);
    switch (curve) {
    case FadeCurve::Linear:
        return detail::fade_gain_at<FadeCurve::Linear>(t);
    case FadeCurve::EqualPower:
        return detail::fade_gain_at<FadeCurve::EqualPower>(t);
    case FadeCurve::Exponential:
        return detail::fade_gain_at<FadeCurve::Exponential>(t);
    }
    return t;
}

/// Fades in the first `fade_frames` samples: sample n (0 <= n < fade_frames)
/// is multiplied by g(n / fade_frames) of `curve` (see FadeCurve), so the
/// first sample becomes exactly 0 and the samples after the fade are
/// untouched. A fade longer than the buffer applies its first buffer.size()
/// gains (the buffer is the start of a longer fade); 0 does nothing.
/// Thread-safe on distinct buffers. Realtime-safe.
inline void apply_fade_in(std::span<float> buffer, std::size_t fade_frames,
                          FadeCurve curve = FadeCurve::Linear) noexcept CM_NONBLOCKING {
    if (fade_frames == 0) return;
    const std::size_t count = fade_frames < buffer.size() ? fade_frames : buffer.size();
    detail::fade_region<false>(buffer.data(), count, fade_frames, curve);
}

/// Fades out the last `fade_frames` samples, the mirror image of
/// apply_fade_in(): the sample d places before the end (d = 0 for the last
/// one) is multiplied by g(d / fade_frames), so the buffer ends on exactly 0
/// and the samples before the fade are untouched. A fade longer than the
/// buffer applies its last buffer.size() gains; 0 does nothing.
/// Thread-safe on distinct buffers. Realtime-safe.
inline void apply_fade_out(std::span<float> buffer, std::size_t fade_frames,
                           FadeCurve curve = FadeCurve::Linear) noexcept CM_NONBLOCKING {
    if (fade_frames == 0) return;
    const std::size_t count = fade_frames < buffer.size() ? fade_frames : buffer.size();
    detail::fade_region<true>(buffer.data() + (buffer.size() - count), count, fade_frames, curve);
}

/// apply_fade_in() on every channel. Thread-safe on distinct buffers.
/// Realtime-safe.
inline void apply_fade_in(const AudioBufferView& buffer, std::size_t fade_frames,
                          FadeCurve curve = FadeCurve::Linear) noexcept CM_NONBLOCKING {
    for (std::size_t c = 0; c < buffer.channels(); ++c) {
        apply_fade_in(buffer.channel(c), fade_frames, curve);
    }
}

/// apply_fade_out() on every channel. Thread-safe on distinct buffers.
/// Realtime-safe.
inline void apply_fade_out(const AudioBufferView& buffer, std::size_t fade_frames,
                           FadeCurve curve = FadeCurve::Linear) noexcept CM_NONBLOCKING {
    for (std::size_t c = 0; c < buffer.channels(); ++c) {
        apply_fade_out(buffer.channel(c), fade_frames, curve);
    }
}

/// The largest |sample|, 0 for an empty span. A NaN sample makes the result
/// NaN (a meter should show that something is broken rather than hide it).
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline float peak(std::span<const float> buffer) noexcept CM_NONBLOCKING {
    // On the bit patterns: |x| is x with the sign bit cleared, and for
    // non-negative floats integer order is value order (NaNs sort above
    // infinity). An integer max reduction vectorises without -ffast-math; a
    // float one does not. 16 independent lanes let GCC vectorise it at -O2.
    constexpr std::int32_t magnitude_mask = 0x7fffffff;
    const float* p = buffer.data();
    const std::size_t n = buffer.size();
    std::int32_t lanes[detail::simd_block] = {};
    const std::size_t whole = detail::whole_runs(n);
    for (std::size_t i = 0; i < whole; i += detail::simd_block) {
        CM_DETAIL_UNROLL_RUN
        for (std::size_t k = 0; k < detail::simd_block; ++k) {
            const std::int32_t a = std::bit_cast<std::int32_t>(p[i + k]) & magnitude_mask;
            lanes[k] = a > lanes[k] ? a : lanes[k];
        }
    }
    std::int32_t m = 0;
    for (std::size_t i = whole; i < n; ++i) {
        const std::int32_t a = std::bit_cast<std::int32_t>(p[i]) & magnitude_mask;
        m = a > m ? a : m;
    }
    for (const std::int32_t lane : lanes) m = lane > m ? lane : m;
    return std::bit_cast<float>(m);
}

/// Root mean square, sqrt(sum x^2 / n), 0 for an empty span; a NaN or
/// infinite sample makes it NaN or infinite. Relative error below 4e-6 for
/// any length (typically 1e-7). Thread-safe. Realtime-safe.
[[nodiscard]] inline float rms(std::span<const float> buffer) noexcept CM_NONBLOCKING {
    // Squares are summed in 16 float lanes, which vectorises without
    // reordering any one sum (a single float accumulator would not vectorise
    // without -ffast-math), over runs of 1024 samples, so each lane adds only
    // 64 terms in float; the runs are added in double.
    constexpr std::size_t run = 1024;
    const float* p = buffer.data();
    const std::size_t n = buffer.size();
    if (n == 0) return 0.0f;
    double total[detail::simd_block] = {};
    const std::size_t whole = detail::whole_runs(n);
    for (std::size_t r0 = 0; r0 < whole; r0 += run) {
        const std::size_t r1 = whole - r0 < run ? whole : r0 + run;
        float lanes[detail::simd_block] = {};
        for (std::size_t i = r0; i < r1; i += detail::simd_block) {
            CM_DETAIL_UNROLL_RUN
            for (std::size_t k = 0; k < detail::simd_block; ++k) lanes[k] += p[i + k] * p[i + k];
        }
        for (std::size_t k = 0; k < detail::simd_block; ++k) total[k] += static_cast<double>(lanes[k]);
    }
    double sum = 0.0;
    for (std::size_t i = whole; i < n; ++i) sum += static_cast<double>(p[i]) * static_cast<double>(p[i]);
    for (const double lane : total) sum += lane;
    return static_cast<float>(std::sqrt(sum / static_cast<double>(n)));
}

} // namespace cm
