// coremusic/core/fourcc.hpp
// Four-character codes ('lpcm', 'WAVE', 'fmt ', OSStatus 'fmt?'): the 32-bit
// identifiers Apple's APIs and the RIFF/AIFF/CAF chunk formats are built on.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/config.hpp>
#include <coremusic/core/error.hpp>

namespace cm {

/// A four-character code packed big-endian into 32 bits, as Apple does:
/// FourCC{"lpcm"}.value() == 0x6C70636D, the value of the C literal 'lpcm'.
/// So the first character is the most significant byte, and the bytes in
/// memory order of a RIFF/AIFF chunk ID are the characters in reading order.
/// Any 32-bit value is a valid FourCC (OSStatus codes such as -50 included);
/// text, from a literal or parse(), must be exactly 4 printable ASCII
/// characters (0x20..0x7E).
/// Thread-safe: a value type. Realtime-safe: everything but to_string() and
/// the throwing parse().
class FourCC {
public:
    /// The zero code (four NUL bytes), also what a failed parse() returns.
    constexpr FourCC() noexcept = default;

    /// From a string literal of exactly four printable characters, checked at
    /// compile time: FourCC{"lpc"} and FourCC{"lp\x01m"} do not compile.
    template <std::size_t N>
        requires(N == 5)
    consteval explicit FourCC(const char (&text)[N]) : value_(pack(text)) {
        for (std::size_t i = 0; i < 4; ++i) {
            if (!is_printable(text[i])) {
                // Not constexpr, so calling it makes a bad literal fail to compile.
                invalid_fourcc_literal();
            }
        }
        if (text[4] != '\0') {
            invalid_fourcc_literal();
        }
    }

    /// From a 32-bit value, e.g. a format ID or an OSStatus an API returned.
    constexpr explicit FourCC(std::uint32_t value) noexcept CM_NONBLOCKING : value_(value) {}

    /// The packed value ('lpcm' -> 0x6C70636D).
    [[nodiscard]] constexpr std::uint32_t value() const noexcept CM_NONBLOCKING { return value_; }

    /// True when all four bytes are printable ASCII (0x20..0x7E), i.e. when
    /// to_string() gives back text that parse() accepts.
    [[nodiscard]] constexpr bool printable() const noexcept CM_NONBLOCKING {
        for (int shift = 24; shift >= 0; shift -= 8) {
            if (!is_printable(static_cast<char>((value_ >> shift) & 0xFFU))) {
                return false;
            }
        }
        return true;
    }

    /// The four characters ("lpcm") when printable(); otherwise each byte that
    /// is not printable, or is a backslash, written as \xNN
    /// ("\xFF\xFF\xFF\xCE" for -50), so distinct codes never print alike.
    [[nodiscard]] std::string to_string() const {
        std::string out;
        const bool plain = printable();
        for (int shift = 24; shift >= 0; shift -= 8) {
            const auto byte = static_cast<unsigned>((value_ >> shift) & 0xFFU);
            const char c = static_cast<char>(byte);
            if (plain || (is_printable(c) && c != '\\')) {
                out += c;
            } else {
                constexpr std::string_view hex = "0123456789ABCDEF";
                out += "\\x";
                out += hex[byte >> 4U];
                out += hex[byte & 0xFU];
            }
        }
        return out;
    }

    /// Parses run-time text of exactly 4 printable ASCII characters.
    /// Throws AudioFormatError (code Errc::InvalidFormat) naming the input
    /// and what was expected. Thread-safe. Not realtime-safe.
    [[nodiscard]] static FourCC parse(std::string_view text) { return parse_impl(text, nullptr); }

    /// As parse(text), but reports failure through ec (Errc::InvalidFormat)
    /// and returns FourCC{}; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static FourCC parse(std::string_view text, std::error_code& ec) noexcept {
        return parse_impl(text, &ec);
    }

    /// Ordered by value, which is also the byte-wise order of the characters.
    friend constexpr auto operator<=>(FourCC, FourCC) noexcept = default;

private:
    static constexpr bool is_printable(char c) noexcept {
        return c >= 0x20 && c <= 0x7E;
    }

    static void invalid_fourcc_literal() {}

    template <std::size_t N>
    static constexpr std::uint32_t pack(const char (&text)[N]) noexcept {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            v = (v << 8U) | static_cast<unsigned char>(text[i]);
        }
        return v;
    }

    // Where the first offending byte is, for the message; npos when text is fine.
    static constexpr std::size_t first_non_printable(std::string_view text) noexcept {
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (!is_printable(text[i])) {
                return i;
            }
        }
        return std::string_view::npos;
    }

    static std::string quote(std::string_view text) {
        // Long input is cut: the message must stay readable when a whole file
        // header was passed by mistake.
        constexpr std::size_t shown = 32;
        std::string out = "\"";
        for (std::size_t i = 0; i < text.size() && i < shown; ++i) {
            const char c = text[i];
            if (is_printable(c) && c != '"' && c != '\\') {
                out += c;
            } else {
                constexpr std::string_view hex = "0123456789ABCDEF";
                const auto byte = static_cast<unsigned char>(c);
                out += "\\x";
                out += hex[byte >> 4U];
                out += hex[byte & 0xFU];
            }
        }
        out += text.size() > shown ? "\"..." : "\"";
        return out;
    }

    static std::string describe(std::string_view text) {
        std::string msg = "FourCC " + quote(text) + ": ";
        const std::size_t bad = first_non_printable(text.substr(0, 4));
        if (text.size() != 4) {
            msg += std::to_string(text.size()) + (text.size() == 1 ? " byte" : " bytes");
        } else {
            constexpr std::string_view hex = "0123456789ABCDEF";
            const auto byte = static_cast<unsigned char>(text[bad]);
            msg += "byte ";
            msg += std::to_string(bad);
            msg += " is 0x";
            msg += hex[byte >> 4U];
            msg += hex[byte & 0xFU];
            msg += ", not printable";
        }
        msg += "; expected exactly 4 printable ASCII characters (0x20..0x7E), e.g. \"lpcm\"";
        return msg;
    }

    static FourCC parse_impl(std::string_view text, std::error_code* ec) {
        if (text.size() != 4 || first_non_printable(text) != std::string_view::npos) {
            detail::report<AudioFormatError>(ec, Errc::InvalidFormat, [text] { return describe(text); });
            return FourCC{};
        }
        detail::report_success(ec);
        std::uint32_t v = 0;
        for (const char c : text) {
            v = (v << 8U) | static_cast<unsigned char>(c);
        }
        return FourCC{v};
    }

    std::uint32_t value_ = 0;
};

} // namespace cm

/// Hashes the packed value, so FourCC works as an unordered_map key.
template <>
struct std::hash<cm::FourCC> {
    [[nodiscard]] std::size_t operator()(cm::FourCC f) const noexcept {
        return std::hash<std::uint32_t>{}(f.value());
    }
};
