// coremusic/core/sample_conversion.hpp
// Moving samples between layouts (interleaved <-> planar) and formats (int16,
// int24, int32 <-> float): the edge between files/devices and processing.
#pragma once

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

// The integer <-> float convention, for an N-bit signed format (N = 16, 24,
// 32), with full scale F = 2^(N-1):
//
//   int -> float:  x = i / F. -F maps to exactly -1.0; F - 1 maps to
//                  1 - 1/F (32767 -> 0.999969482421875). Exact for N <= 24;
//                  for int32 the quotient is rounded to float's 24-bit
//                  mantissa (2147483647 -> 1.0f).
//   float -> int:  i = clamp(round(x * F), -F, F - 1), rounding to nearest with
//                  ties to even, NaN -> 0. So 1.0 -> F - 1 (32767), -1.0 -> -F
//                  (-32768), 2.0 -> F - 1, -inf -> -F, and int -> float ->
//                  int is the identity.
//
// The same scale both ways (rather than 32767 one way and 32768 the other,
// as some libraries do) keeps int -> float -> int exact and every step the
// same size; the only cost is that +1.0 clips by one step.
//
// All functions: noexcept, no allocation, no lock, CM_NONBLOCKING; spans of
// different lengths are processed over their common length, which is
// returned; overlapping source and destination give a defined result (one
// sample at a time, in order) on a slower path. Thread-safe on distinct
// buffers; realtime-safe.

namespace cm {

namespace detail {

// Clamping is done after rounding and NaN is replaced last: GCC (with the
// default -ftrapping-math) will not if-convert a select that feeds further
// float arithmetic, and a loop with a branch does not vectorise.

/// round-to-nearest-even of v for |v| <= 2^22 by the 1.5 * 2^23 trick: the
/// sum lands in [2^23, 2^24), where floats are exactly the integers. Larger
/// |v| come out near v with its sign, beyond the int16 range either way, so
/// the clamp that follows gives the right answer.
[[nodiscard]] inline float round_small(float v) noexcept CM_NONBLOCKING {
    constexpr float magic = 12582912.0f; // 1.5 * 2^23
    return (v + magic) - magic;
}

/// The same for doubles, |v| <= 2^51.
[[nodiscard]] inline double round_small(double v) noexcept CM_NONBLOCKING {
    constexpr double magic = 6755399441055744.0; // 1.5 * 2^52
    return (v + magic) - magic;
}

[[nodiscard]] inline float int16_sample_to_float(std::int16_t i) noexcept CM_NONBLOCKING {
    return static_cast<float>(i) * (1.0f / 32768.0f);
}

[[nodiscard]] inline std::int16_t float_to_int16_sample(float x) noexcept CM_NONBLOCKING {
    float v = round_small(x * 32768.0f);
    v = v > -32768.0f ? v : -32768.0f;
    v = v < 32767.0f ? v : 32767.0f;
    v = x == x ? v : 0.0f;
    return static_cast<std::int16_t>(static_cast<std::int32_t>(v));
}

// 24-bit: x * 2^23 may reach 2^23, beyond round_small(float)'s range, so
// these round in double (exact: a float times 2^23 fits a double).
[[nodiscard]] inline std::int32_t float_to_int24_value(float x) noexcept CM_NONBLOCKING {
    double v = round_small(static_cast<double>(x) * 8388608.0);
    v = v > -8388608.0 ? v : -8388608.0;
    v = v < 8388607.0 ? v : 8388607.0;
    v = x == x ? v : 0.0;
    return static_cast<std::int32_t>(v);
}

[[nodiscard]] inline float int24_value_to_float(std::int32_t i) noexcept CM_NONBLOCKING {
    return static_cast<float>(i) * (1.0f / 8388608.0f);
}

/// Sign-extends the low 24 bits (the high byte is ignored).
[[nodiscard]] inline std::int32_t sign_extend_24(std::int32_t container) noexcept CM_NONBLOCKING {
    // C++20: unsigned -> signed conversion is modular and >> is arithmetic.
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(container) << 8U) >> 8U;
}

[[nodiscard]] inline float int24_packed_sample_to_float(const unsigned char* b) noexcept
    CM_NONBLOCKING {
    const auto u = static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8U) |
                   (static_cast<std::uint32_t>(b[2]) << 16U);
    return int24_value_to_float(sign_extend_24(static_cast<std::int32_t>(u)));
}

inline void store_int24_packed(float x, unsigned char* b) noexcept CM_NONBLOCKING {
    const auto u = static_cast<std::uint32_t>(float_to_int24_value(x));
    b[0] = static_cast<unsigned char>(u & 0xffU);
    b[1] = static_cast<unsigned char>((u >> 8U) & 0xffU);
    b[2] = static_cast<unsigned char>((u >> 16U) & 0xffU);
}

[[nodiscard]] inline float int32_sample_to_float(std::int32_t i) noexcept CM_NONBLOCKING {
    // The int -> float rounding is the only one; the scale is a power of 2.
    return static_cast<float>(i) * (1.0f / 2147483648.0f);
}

[[nodiscard]] inline std::int32_t float_to_int32_sample(float x) noexcept CM_NONBLOCKING {
    // 2^31 - 1 is not a float, so the clamp happens in double.
    double v = round_small(static_cast<double>(x) * 2147483648.0);
    v = v > -2147483648.0 ? v : -2147483648.0;
    v = v < 2147483647.0 ? v : 2147483647.0;
    v = x == x ? v : 0.0;
    return static_cast<std::int32_t>(v);
}

[[nodiscard]] inline std::size_t min_size(std::size_t a, std::size_t b) noexcept CM_NONBLOCKING {
    return a < b ? a : b;
}

// The loops proper, with restrict-qualified parameters (GCC honours
// restrict there, through inlining, but not on local variables); callers
// check for overlap first.

inline void int24_packed_kernel(const unsigned char* CM_DETAIL_RESTRICT s, float* CM_DETAIL_RESTRICT d,
                                std::size_t n) noexcept CM_NONBLOCKING {
    for (std::size_t i = 0; i < n; ++i) d[i] = int24_packed_sample_to_float(s + 3 * i);
}

inline void float_to_int24_packed_kernel(const float* CM_DETAIL_RESTRICT s,
                                         unsigned char* CM_DETAIL_RESTRICT d,
                                         std::size_t n) noexcept CM_NONBLOCKING {
    for (std::size_t i = 0; i < n; ++i) store_int24_packed(s[i], d + 3 * i);
}

// The two source channels are only read, so they may alias each other.
inline void interleave2_kernel(const float* CM_DETAIL_RESTRICT l, const float* CM_DETAIL_RESTRICT r,
                               float* CM_DETAIL_RESTRICT d, std::size_t frames) noexcept
    CM_NONBLOCKING {
    const std::size_t whole = whole_runs(frames);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) {
        d[2 * i] = l[i];
        d[2 * i + 1] = r[i];
    }
    for (std::size_t i = whole; i < frames; ++i) {
        d[2 * i] = l[i];
        d[2 * i + 1] = r[i];
    }
}

inline void deinterleave2_kernel(const float* CM_DETAIL_RESTRICT s, float* CM_DETAIL_RESTRICT l,
                                 float* CM_DETAIL_RESTRICT r, std::size_t frames) noexcept
    CM_NONBLOCKING {
    const std::size_t whole = whole_runs(frames);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) {
        l[i] = s[2 * i];
        r[i] = s[2 * i + 1];
    }
    for (std::size_t i = whole; i < frames; ++i) {
        l[i] = s[2 * i];
        r[i] = s[2 * i + 1];
    }
}

/// d[f * stride] = s[f] for f < frames.
inline void scatter_kernel(const float* CM_DETAIL_RESTRICT s, float* CM_DETAIL_RESTRICT d,
                           std::size_t frames, std::size_t stride) noexcept CM_NONBLOCKING {
    for (std::size_t f = 0; f < frames; ++f) d[f * stride] = s[f];
}

/// d[f] = s[f * stride] for f < frames.
inline void gather_kernel(const float* CM_DETAIL_RESTRICT s, float* CM_DETAIL_RESTRICT d,
                          std::size_t frames, std::size_t stride) noexcept CM_NONBLOCKING {
    for (std::size_t f = 0; f < frames; ++f) d[f] = s[f * stride];
}

} // namespace detail

/// int16 -> float, x = i / 32768 (exact). Returns the samples converted,
/// min(src.size(), dst.size()). Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t int16_to_float(std::span<const std::int16_t> src,
                                  std::span<float> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size());
    detail::map_samples_checked(src.data(), dst.data(), n, [](std::int16_t i) noexcept CM_NONBLOCKING {
        return detail::int16_sample_to_float(i);
    });
    return n;
}

/// float -> int16, round(x * 32768) clamped to [-32768, 32767], NaN -> 0.
/// Returns the samples converted. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t float_to_int16(std::span<const float> src,
                                  std::span<std::int16_t> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size());
    detail::map_samples_checked(src.data(), dst.data(), n, [](float x) noexcept CM_NONBLOCKING {
        return detail::float_to_int16_sample(x);
    });
    return n;
}

/// Packed 24-bit little-endian (3 bytes a sample, low byte first, as in WAV)
/// -> float, x = i / 2^23 (exact). Converts min(src.size() / 3, dst.size())
/// samples and returns that count; a trailing partial sample is ignored.
/// Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t int24_to_float(std::span<const std::byte> src,
                                  std::span<float> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size() / 3, dst.size());
    // std::byte and unsigned char may alias anything, so reading through
    // unsigned char is well-defined.
    const auto* bytes = reinterpret_cast<const unsigned char*>(src.data());
    if (detail::ranges_overlap(bytes, n * 3, dst.data(), n * sizeof(float))) {
        float* d = dst.data();
        for (std::size_t i = 0; i < n; ++i) d[i] = detail::int24_packed_sample_to_float(bytes + 3 * i);
        return n;
    }
    detail::int24_packed_kernel(bytes, dst.data(), n);
    return n;
}

/// float -> packed 24-bit little-endian, round(x * 2^23) clamped to
/// [-2^23, 2^23 - 1], NaN -> 0. Converts min(src.size(), dst.size() / 3)
/// samples and returns that count. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t float_to_int24(std::span<const float> src,
                                  std::span<std::byte> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size() / 3);
    auto* bytes = reinterpret_cast<unsigned char*>(dst.data());
    if (detail::ranges_overlap(src.data(), n * sizeof(float), bytes, n * 3)) {
        const float* s = src.data();
        for (std::size_t i = 0; i < n; ++i) detail::store_int24_packed(s[i], bytes + 3 * i);
        return n;
    }
    detail::float_to_int24_packed_kernel(src.data(), bytes, n);
    return n;
}

/// 24-bit samples in the low three bytes of an int32 (ALSA's S24_LE; the high
/// byte is ignored and bit 23 is the sign) -> float, x = i / 2^23 (exact).
/// For 24 bits in the high three bytes (CoreAudio's "aligned high") use
/// int32_to_float(): those are int32 samples whose low byte is 0.
/// Returns the samples converted. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t int24_in_int32_to_float(std::span<const std::int32_t> src,
                                           std::span<float> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size());
    detail::map_samples_checked(src.data(), dst.data(), n, [](std::int32_t i) noexcept CM_NONBLOCKING {
        return detail::int24_value_to_float(detail::sign_extend_24(i));
    });
    return n;
}

/// float -> 24-bit in int32 (ALSA's S24_LE), round(x * 2^23) clamped to
/// [-2^23, 2^23 - 1], NaN -> 0, written sign-extended (the high byte copies
/// bit 23). Returns the samples converted. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t float_to_int24_in_int32(std::span<const float> src,
                                           std::span<std::int32_t> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size());
    detail::map_samples_checked(src.data(), dst.data(), n, [](float x) noexcept CM_NONBLOCKING {
        return detail::float_to_int24_value(x);
    });
    return n;
}

/// int32 -> float, x = i / 2^31 rounded to float (see the convention above).
/// Returns the samples converted. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t int32_to_float(std::span<const std::int32_t> src,
                                  std::span<float> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size());
    detail::map_samples_checked(src.data(), dst.data(), n, [](std::int32_t i) noexcept CM_NONBLOCKING {
        return detail::int32_sample_to_float(i);
    });
    return n;
}

/// float -> int32, round(x * 2^31) clamped to [-2^31, 2^31 - 1], NaN -> 0.
/// Returns the samples converted. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t float_to_int32(std::span<const float> src,
                                  std::span<std::int32_t> dst) noexcept CM_NONBLOCKING {
    const std::size_t n = detail::min_size(src.size(), dst.size());
    detail::map_samples_checked(src.data(), dst.data(), n, [](float x) noexcept CM_NONBLOCKING {
        return detail::float_to_int32_sample(x);
    });
    return n;
}

/// Planar -> interleaved: dst.sample(f, c) = src.channel(c)[f] for the common
/// frames and channels, which it returns as frames (0 when either view is
/// empty). Destination channels beyond src's are left alone. Source
/// channels may share samples (e.g. mono copied to both sides). The
/// destination must not overlap a source channel; if it does the copy is
/// done sample by sample, frame-major (defined, but the result is garbled).
/// Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t interleave(const ConstAudioBufferView& src,
                              const InterleavedView& dst) noexcept CM_NONBLOCKING {
    const std::size_t channels = detail::min_size(src.channels(), dst.channels());
    const std::size_t frames = detail::min_size(src.frames(), dst.frames());
    if (channels == 0 || frames == 0) return 0;
    const std::size_t stride = dst.channels();
    const std::size_t dst_bytes = frames * stride * sizeof(float);
    bool overlap = false;
    for (std::size_t c = 0; c < channels; ++c) {
        overlap = overlap || detail::ranges_overlap(src.data()[c], frames * sizeof(float),
                                                    dst.data(), dst_bytes);
    }
    if (overlap) {
        for (std::size_t f = 0; f < frames; ++f) {
            for (std::size_t c = 0; c < channels; ++c) dst.data()[f * stride + c] = src.data()[c][f];
        }
        return frames;
    }
    float* d = dst.data();
    if (stride == 1) {
        std::memcpy(d, src.data()[0], frames * sizeof(float));
        return frames;
    }
    if (stride == 2 && channels == 2) {
        // The common case gets its own loop: GCC turns the pair of strided
        // stores into unpack instructions.
        detail::interleave2_kernel(src.data()[0], src.data()[1], d, frames);
        return frames;
    }
    for (std::size_t c = 0; c < channels; ++c) detail::scatter_kernel(src.data()[c], d + c, frames, stride);
    return frames;
}

/// Interleaved -> planar: dst.channel(c)[f] = src.sample(f, c) for the common
/// frames and channels, which it returns as frames (0 when either view is
/// empty). Destination channels beyond src's are left alone. The
/// destination channels should not overlap the source or each other; if
/// they do the result is defined (the copy is done sample by sample) but
/// garbled. Thread-safe on distinct buffers.
/// Realtime-safe.
inline std::size_t deinterleave(const ConstInterleavedView& src,
                                const AudioBufferView& dst) noexcept CM_NONBLOCKING {
    const std::size_t channels = detail::min_size(src.channels(), dst.channels());
    const std::size_t frames = detail::min_size(src.frames(), dst.frames());
    if (channels == 0 || frames == 0) return 0;
    const std::size_t stride = src.channels();
    const std::size_t src_bytes = frames * stride * sizeof(float);
    bool overlap = false;
    for (std::size_t c = 0; c < channels; ++c) {
        overlap = overlap || detail::ranges_overlap(dst.data()[c], frames * sizeof(float),
                                                    src.data(), src_bytes);
    }
    if (overlap) {
        for (std::size_t f = 0; f < frames; ++f) {
            for (std::size_t c = 0; c < channels; ++c) dst.data()[c][f] = src.data()[f * stride + c];
        }
        return frames;
    }
    const float* s = src.data();
    if (stride == 1) {
        std::memcpy(dst.data()[0], s, frames * sizeof(float));
        return frames;
    }
    if (stride == 2 && channels == 2 &&
        !detail::ranges_overlap(dst.data()[0], frames * sizeof(float), dst.data()[1],
                                frames * sizeof(float))) {
        detail::deinterleave2_kernel(s, dst.data()[0], dst.data()[1], frames);
        return frames;
    }
    for (std::size_t c = 0; c < channels; ++c) detail::gather_kernel(s + c, dst.data()[c], frames, stride);
    return frames;
}

} // namespace cm
