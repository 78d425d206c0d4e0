// coremusic/theory/detail/interval_list.hpp
// Shared by the scale and chord dictionaries: compile-time parsing of tonal's
// interval lists ("1P 3M 5P 7m") and ASCII-only name comparison.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <coremusic/theory/interval.hpp>

namespace cm::theory::detail {

// Up to N intervals above a root, and their pitch classes as a bit set.
template <std::size_t N>
struct IntervalList {
    std::array<Interval, N> intervals{};
    std::uint8_t size = 0;
    std::uint16_t chroma = 0;  // bit k set when some interval is k semitones (mod 12)
};

// Parses one of tonal's interval lists (number then quality, "1P 2M 3m 5d 13M");
// a malformed table row stops compilation (it throws during constant evaluation).
template <std::size_t N>
consteval IntervalList<N> parse_interval_list(std::string_view text) {
    IntervalList<N> out{};
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        int number = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            number = number * 10 + (text[i] - '0');
            ++i;
        }
        const std::size_t q_begin = i;
        while (i < text.size() && text[i] != ' ') {
            ++i;
        }
        const std::string_view q = text.substr(q_begin, i - q_begin);
        Quality quality = Quality::Perfect;
        if (q == "P") {
            quality = Quality::Perfect;
        } else if (q == "M") {
            quality = Quality::Major;
        } else if (q == "m") {
            quality = Quality::Minor;
        } else if (q == "d") {
            quality = Quality::Diminished;
        } else if (q == "A") {
            quality = Quality::Augmented;
        } else if (q == "dd") {
            quality = Quality::DoublyDiminished;
        } else if (q == "AA") {
            quality = Quality::DoublyAugmented;
        } else {
            throw "bad interval quality in a dictionary table";
        }
        if (out.size == N) {
            throw "too many intervals in a dictionary table row";
        }
        const Interval interval{quality, number};
        out.intervals[out.size++] = interval;
        const int pc = ((interval.semitones() % 12) + 12) % 12;
        out.chroma = static_cast<std::uint16_t>(out.chroma | (1u << static_cast<unsigned>(pc)));
    }
    return out;
}

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Equal ignoring ASCII case (dictionary names are ASCII; other bytes compare exactly).
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

[[nodiscard]] constexpr std::string_view trim_spaces(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace cm::theory::detail
