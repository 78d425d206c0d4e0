// coremusic/core/buffer_ops.hpp
// The everyday sample loops of a mixer: gain, mix, pan, fades, peak and RMS,
// written to vectorise and safe to call on the audio thread.
#pragma once

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

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
// EqualPower and Exponential are evaluated with polynomials in float, within
// 1e-6 of the exact curves (tested against libm over 65 541-sample fades);
// g(0) is exactly 0 for every curve.

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

template <bool Descending>
inline void fade_region(float* p, std::size_t count, std::size_t fade_frames,
                        FadeCurve curve) noexcept CM_NONBLOCKING {
    switch (curve) {
    case FadeCurve::Linear:
        fade_region<FadeCurve::Linear, Descending>(p, count, fade_frames);
        return;
    case FadeCurve::EqualPower:
        fade_region<FadeCurve::EqualPower, Descending>(p, count, fade_frames);
        return;
    case FadeCurve::Exponential:
        fade_region<FadeCurve::Exponential, Descending>(p, count, fade_frames);
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
/// the same function the fades apply, computed in float as they do.
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
