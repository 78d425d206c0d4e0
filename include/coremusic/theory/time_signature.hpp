// coremusic/theory/time_signature.hpp
// Time signatures (4/4, 6/8, 7/8): bar length in quarter notes, the counted
// beat (a dotted quarter in 6/8), simple and compound meter, and "7/8" text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_value.hpp>

namespace cm::theory {

/// A time signature numerator/denominator: numerator 1..255 (what a MIDI
/// time-signature event can carry), denominator a power of two from 1 to 64.
/// Compound meters are those whose numerator is a multiple of 3 above 3
/// (6/8, 9/8, 12/8, 6/4, 15/16): their counted beat is three of the
/// denominator's notes (a dotted quarter in 6/8), so 6/8 has 2 beats. All
/// others are simple (3/8, 4/4, 7/8): one beat per denominator note.
/// Thread-safe: a value type. Realtime-safe: everything except name(), the
/// throwing from_name and the constructor when it throws.
class TimeSignature {
public:
    /// The largest numerator accepted.
    static constexpr int max_numerator = 255;

    /// 4/4.
    constexpr TimeSignature() noexcept = default;

    /// numerator/denominator. Throws TheoryError: Errc::OutOfRange for a
    /// numerator outside 1..255, Errc::InvalidArgument for a denominator that
    /// is not 1, 2, 4, 8, 16, 32 or 64.
    constexpr TimeSignature(int numerator, int denominator) : numerator_(numerator), denominator_(denominator) {
        if (const Errc e = check(numerator, denominator); e != Errc{}) {
            cm::detail::report<TheoryError>(nullptr, e, [&] {
                return "time signature " + std::to_string(numerator) + "/" + std::to_string(denominator) + ": " +
                       expected;
            });
        }
    }

    /// Parses "numerator/denominator" with optional spaces ("7/8", " 12 / 8 "),
    /// or "C" (common time, 4/4) or "C|" (cut time, 2/2).
    /// Throws TheoryError quoting the text: Errc::InvalidFormat when it is
    /// not of that form, otherwise the constructor's codes.
    [[nodiscard]] static TimeSignature from_name(std::string_view text) { return parse(text, nullptr); }

    /// As from_name, but sets ec instead of throwing and then returns 4/4;
    /// clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static TimeSignature from_name(std::string_view text, std::error_code& ec) noexcept {
        return parse(text, &ec);
    }

    /// The upper number.
    [[nodiscard]] constexpr int numerator() const noexcept { return numerator_; }
    /// The lower number (the note value counted: 4 quarter, 8 eighth).
    [[nodiscard]] constexpr int denominator() const noexcept { return denominator_; }

    /// A bar's length in quarter notes, exactly: 4/4 -> 4, 7/8 -> 7/2,
    /// 6/8 -> 3, 5/16 -> 5/4.
    [[nodiscard]] constexpr NoteValue::Fraction bar_length() const noexcept {
        return reduce(4 * numerator_, denominator_);
    }

    /// bar_length() as a double: quarter notes (beats) per bar. 7/8 -> 3.5.
    [[nodiscard]] constexpr double beats_per_bar() const noexcept { return bar_length().to_double(); }

    /// Whether the meter is compound (see the class comment).
    [[nodiscard]] constexpr bool is_compound() const noexcept { return numerator_ > 3 && numerator_ % 3 == 0; }
    /// Whether the meter is simple (not compound).
    [[nodiscard]] constexpr bool is_simple() const noexcept { return !is_compound(); }

    /// Counted beats per bar: numerator / 3 when compound, else numerator.
    /// 6/8 -> 2, 12/8 -> 4, 3/4 -> 3, 7/8 -> 7.
    [[nodiscard]] constexpr int beat_count() const noexcept { return is_compound() ? numerator_ / 3 : numerator_; }

    /// The counted beat's length in quarter notes: 6/8 -> 3/2 (a dotted
    /// quarter), 4/4 -> 1, 2/2 -> 2, 7/8 -> 1/2.
    [[nodiscard]] constexpr NoteValue::Fraction beat_length() const noexcept {
        return reduce(is_compound() ? 12 : 4, denominator_);
    }

    /// The text "7/8" (from_name reads it back).
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const { return std::to_string(numerator_) + "/" + std::to_string(denominator_); }

    /// Same numerator and denominator (2/4 != 4/8).
    friend constexpr bool operator==(const TimeSignature&, const TimeSignature&) noexcept = default;

private:
    static constexpr Errc check(int numerator, int denominator) noexcept {
        if (numerator < 1 || numerator > max_numerator) {
            return Errc::OutOfRange;
        }
        if (denominator < 1 || denominator > 64 || (denominator & (denominator - 1)) != 0) {
            return Errc::InvalidArgument;
        }
        return Errc{};
    }

    static constexpr const char* expected =
        "expected a numerator from 1 to 255 and a denominator 1, 2, 4, 8, 16, 32 or 64";

    static constexpr NoteValue::Fraction reduce(std::int64_t num, std::int64_t den) noexcept {
        std::int64_t a = num;
        std::int64_t b = den;
        while (b != 0) {
            const std::int64_t t = a % b;
            a = b;
            b = t;
        }
        return {num / a, den / a};
    }

    static TimeSignature parse(std::string_view text, std::error_code* ec) {
        std::string_view s = text;
        while (!s.empty() && s.front() == ' ') {
            s.remove_prefix(1);
        }
        while (!s.empty() && s.back() == ' ') {
            s.remove_suffix(1);
        }
        if (s == "C" || s == "c") {
            cm::detail::report_success(ec);
            return TimeSignature{4, 4};
        }
        if (s == "C|" || s == "c|") {
            cm::detail::report_success(ec);
            return TimeSignature{2, 2};
        }
        std::size_t i = 0;
        // At most 4 digits, so the value fits an int before range checking.
        const auto number = [&]() {
            while (i < s.size() && s[i] == ' ') {
                ++i;
            }
            int n = 0;
            std::size_t digits = 0;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (++digits > 4) {
                    return -1;
                }
                n = n * 10 + (s[i] - '0');
                ++i;
            }
            while (i < s.size() && s[i] == ' ') {
                ++i;
            }
            return digits == 0 ? -1 : n;
        };
        const int numerator = number();
        const bool slash = i < s.size() && s[i] == '/';
        i += slash ? 1 : 0;
        const int denominator = slash ? number() : -1;
        if (numerator < 0 || denominator < 0 || i != s.size()) {
            cm::detail::report<TheoryError>(ec, Errc::InvalidFormat, [&] {
                return "time signature \"" + std::string(text) +
                       "\": expected numerator/denominator such as \"4/4\" or \"7/8\", or \"C\" or \"C|\"";
            });
            return TimeSignature{};
        }
        if (const Errc e = check(numerator, denominator); e != Errc{}) {
            cm::detail::report<TheoryError>(ec, e, [&] {
                return "time signature \"" + std::string(text) + "\": " + expected;
            });
            return TimeSignature{};
        }
        cm::detail::report_success(ec);
        TimeSignature out;
        out.numerator_ = numerator;
        out.denominator_ = denominator;
        return out;
    }

    int numerator_ = 4;
    int denominator_ = 4;
};

} // namespace cm::theory
