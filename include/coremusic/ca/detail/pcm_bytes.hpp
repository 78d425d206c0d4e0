// coremusic/ca/detail/pcm_bytes.hpp
// Byte-level helpers of the WAV/AIFF codec: little- and big-endian integers,
// the 80-bit IEEE extended numbers AIFF keeps its sample rate in, and the
// KSDATAFORMAT GUIDs of WAVE_FORMAT_EXTENSIBLE.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include <coremusic/core/config.hpp>

namespace cm::ca::detail {

static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
              "coremusic's PCM codec needs a little- or big-endian host");

[[nodiscard]] constexpr std::uint16_t bswap(std::uint16_t v) noexcept CM_NONBLOCKING {
    return static_cast<std::uint16_t>((v >> 8U) | (v << 8U));
}
[[nodiscard]] constexpr std::uint32_t bswap(std::uint32_t v) noexcept CM_NONBLOCKING {
    return __builtin_bswap32(v);
}
[[nodiscard]] constexpr std::uint64_t bswap(std::uint64_t v) noexcept CM_NONBLOCKING {
    return __builtin_bswap64(v);
}

/// Reads an unsigned integer of type U stored with the given byte order.
template <class U>
[[nodiscard]] inline U load_uint(const unsigned char* p, bool big_endian) noexcept CM_NONBLOCKING {
    U v;
    std::memcpy(&v, p, sizeof v);
    const bool host_big = std::endian::native == std::endian::big;
    if constexpr (sizeof(U) > 1) {
        if (big_endian != host_big) v = bswap(v);
    }
    return v;
}

template <class U>
inline void store_uint(unsigned char* p, U v, bool big_endian) noexcept CM_NONBLOCKING {
    const bool host_big = std::endian::native == std::endian::big;
    if constexpr (sizeof(U) > 1) {
        if (big_endian != host_big) v = bswap(v);
    }
    std::memcpy(p, &v, sizeof v);
}

[[nodiscard]] inline std::uint16_t le16(const unsigned char* p) noexcept { return load_uint<std::uint16_t>(p, false); }
[[nodiscard]] inline std::uint32_t le32(const unsigned char* p) noexcept { return load_uint<std::uint32_t>(p, false); }
[[nodiscard]] inline std::uint64_t le64(const unsigned char* p) noexcept { return load_uint<std::uint64_t>(p, false); }
[[nodiscard]] inline std::uint16_t be16(const unsigned char* p) noexcept { return load_uint<std::uint16_t>(p, true); }
[[nodiscard]] inline std::uint32_t be32(const unsigned char* p) noexcept { return load_uint<std::uint32_t>(p, true); }

/// A chunk ID as text, with unprintable bytes as \xNN, for error messages.
[[nodiscard]] inline std::string chunk_id_text(const unsigned char* p) {
    std::string s;
    constexpr std::string_view hex = "0123456789ABCDEF";
    for (int i = 0; i < 4; ++i) {
        const unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            s += static_cast<char>(c);
        } else {
            s += "\\x";
            s += hex[c >> 4U];
            s += hex[c & 0xFU];
        }
    }
    return s;
}

[[nodiscard]] inline bool id_is(const unsigned char* p, const char (&id)[5]) noexcept {
    return std::memcmp(p, id, 4) == 0;
}

/// The value of an 80-bit IEEE 754 extended number stored big-endian (sign,
/// 15-bit exponent biased by 16383, 64-bit significand with an explicit
/// integer bit), as AIFF's COMM chunk stores the sample rate. Infinities
/// and NaNs come back as such; the significand is rounded to double.
[[nodiscard]] inline double load_extended(const unsigned char* p) noexcept {
    const unsigned se = (static_cast<unsigned>(p[0]) << 8U) | p[1];
    const bool negative = (se & 0x8000U) != 0;
    const int exponent = static_cast<int>(se & 0x7FFFU);
    std::uint64_t mant = 0;
    for (int i = 0; i < 8; ++i) mant = (mant << 8U) | p[2 + i];
    double v = 0.0;
    if (exponent == 0x7FFF) {
        v = (mant << 1U) == 0 ? std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::quiet_NaN();
    } else if (mant != 0) {
        v = std::ldexp(static_cast<double>(mant), exponent - 16383 - 63);
    }
    return negative ? -v : v;
}

/// Stores `v` (finite) as an 80-bit IEEE extended number, big-endian. Exact:
/// a double's 53-bit significand fits the 64-bit one.
inline void store_extended(unsigned char* p, double v) noexcept {
    std::memset(p, 0, 10);
    if (v == 0.0 || !std::isfinite(v)) return;
    unsigned sign = 0;
    if (v < 0) {
        sign = 0x8000U;
        v = -v;
    }
    int e = 0;
    const double f = std::frexp(v, &e);  // v = f * 2^e, f in [0.5, 1)
    const auto mant = static_cast<std::uint64_t>(std::ldexp(f, 64));
    const auto se = static_cast<unsigned>(sign | static_cast<unsigned>(e - 1 + 16383));
    p[0] = static_cast<unsigned char>(se >> 8U);
    p[1] = static_cast<unsigned char>(se & 0xFFU);
    for (int i = 0; i < 8; ++i) p[2 + i] = static_cast<unsigned char>(mant >> (56U - 8U * static_cast<unsigned>(i)));
}

/// Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID derived from a WAVE
/// format tag (mmreg.h: {tag-0000-0010-8000-00AA00389B71}) as stored:
/// Data1's high half (0), Data2 (0), Data3 (0x0010) little-endian, Data4.
inline constexpr std::array<unsigned char, 14> ksdataformat_guid_rest{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                                     0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

} // namespace cm::ca::detail
