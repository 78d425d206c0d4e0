// coremusic/theory/interval.hpp
// Spelled musical intervals (m3, P5, A4, d5, M9, P15): quality plus number, so
// that an augmented fourth and a diminished fifth stay different things.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>

namespace cm::theory {

/// The quality of an interval. Perfect belongs to unisons, fourths, fifths and
/// their octave compounds (1, 4, 5, 8, 11, 12, 15, ...); Minor and Major to
/// seconds, thirds, sixths, sevenths and their compounds (2, 3, 6, 7, 9, 10,
/// 13, 14, ...). The (doubly) diminished and augmented qualities go with any
/// number, except that a unison cannot be diminished (it would be descending).
enum class Quality : std::int8_t {
    DoublyDiminished,  ///< "dd"
    Diminished,        ///< "d"
    Minor,             ///< "m"
    Perfect,           ///< "P"
    Major,             ///< "M"
    Augmented,         ///< "A"
    DoublyAugmented,   ///< "AA"
};

namespace detail {

// Semitones of the perfect or major interval on each simple number 1..7.
inline constexpr int interval_base_semitones[7] = {0, 2, 4, 5, 7, 9, 11};

[[nodiscard]] constexpr bool is_perfect_number(int number) noexcept {
    const int s = (number - 1) % 7;
    return s == 0 || s == 3 || s == 4;
}

// Offset in semitones of a quality from the perfect/major interval, or 99
// when the quality does not go with that kind of number.
[[nodiscard]] constexpr int quality_offset(Quality q, bool perfect) noexcept {
    switch (q) {
    case Quality::DoublyDiminished:
        return perfect ? -2 : -3;
    case Quality::Diminished:
        return perfect ? -1 : -2;
    case Quality::Minor:
        return perfect ? 99 : -1;
    case Quality::Perfect:
        return perfect ? 0 : 99;
    case Quality::Major:
        return perfect ? 99 : 0;
    case Quality::Augmented:
        return 1;
    case Quality::DoublyAugmented:
        return 2;
    }
    return 99;
}

[[nodiscard]] constexpr std::string_view quality_symbol(Quality q) noexcept {
    switch (q) {
    case Quality::DoublyDiminished:
        return "dd";
    case Quality::Diminished:
        return "d";
    case Quality::Minor:
        return "m";
    case Quality::Perfect:
        return "P";
    case Quality::Major:
        return "M";
    case Quality::Augmented:
        return "A";
    case Quality::DoublyAugmented:
        return "AA";
    }
    return "?";
}

[[nodiscard]] inline std::string quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    out.append(text.data(), text.size());
    out += '"';
    return out;
}

} // namespace detail

/// A spelled, ascending (or unison) interval: a Quality and a number 1, 2, ...
/// (1 = unison, 8 = octave, 9 = ninth, 15 = double octave). Names are the
/// usual abbreviations: "P1", "m2", "M3", "A4", "d5", "P8", "M9", "P15",
/// "dd7", "AA4". Only valid combinations exist: P goes with 1, 4, 5 (+ octaves),
/// m and M with 2, 3, 6, 7 (+ octaves), and the unison cannot be diminished.
/// Numbers run from 1 to max_number.
/// Equality compares spelling (A4 != d5 though both are 6 semitones); the
/// order is by size in semitones, then by number (so A4 < d5).
/// Thread-safe: a value type. Realtime-safe: everything except name(), the
/// functions that throw, and operator+ (which throws on overflow).
class Interval {
public:
    /// The largest number accepted (a thousand and more octaves: wider than
    /// any pitch a Note can reach).
    static constexpr int max_number = 10'000;

    /// The perfect unison (P1).
    constexpr Interval() noexcept = default;

    /// From a quality and number; throws TheoryError (Errc::InvalidArgument)
    /// when they do not go together (P3, M5, d1) or number is not 1..max_number.
    constexpr Interval(Quality quality, int number) : quality_(quality), number_(number) {
        if (!is_valid(quality, number)) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "invalid interval " + describe(quality, number) + ": " + expected_for(quality, number);
            });
        }
    }

    /// Whether quality and number form an interval (see the class comment).
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static constexpr bool is_valid(Quality quality, int number) noexcept {
        if (number < 1 || number > max_number) {
            return false;
        }
        if (detail::quality_offset(quality, detail::is_perfect_number(number)) == 99) {
            return false;
        }
        return !(number == 1 && (quality == Quality::Diminished || quality == Quality::DoublyDiminished));
    }

    /// Parses "m3", "P5", "A4", "d5", "M9", "P15", "dd7", "AA4" (case matters:
    /// m is minor, M major). Throws TheoryError (Errc::InvalidFormat) naming
    /// the text and what was expected, e.g. for "P3" or "X5".
    [[nodiscard]] static Interval from_name(std::string_view name) { return parse(name, nullptr); }

    /// As from_name, but sets ec (Errc::InvalidFormat) instead of throwing and
    /// then returns P1; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Interval from_name(std::string_view name, std::error_code& ec) noexcept {
        return parse(name, &ec);
    }

    /// The interval of n >= 0 semitones, spelled as: 0 P1, 1 m2, 2 M2, 3 m3,
    /// 4 M3, 5 P4, 6 d5 (the tritone is spelled as a diminished fifth, as
    /// tonal does; use Interval{Quality::Augmented, 4} for A4), 7 P5, 8 m6,
    /// 9 M6, 10 m7, 11 M7, 12 P8, and beyond the octave the same pattern
    /// compounded: 13 m9, 14 M9, 17 P11, 18 d12, 20 m13, 24 P15.
    /// Throws TheoryError (Errc::OutOfRange) for a negative n or one too large.
    [[nodiscard]] static constexpr Interval from_semitones(int n) { return from_semitones_impl(n, nullptr); }

    /// As from_semitones, but sets ec (Errc::OutOfRange) instead of throwing
    /// and then returns P1; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static constexpr Interval from_semitones(int n, std::error_code& ec) noexcept {
        return from_semitones_impl(n, &ec);
    }

    /// The quality (Major for M3).
    [[nodiscard]] constexpr Quality quality() const noexcept { return quality_; }
    /// The number (3 for M3, 9 for M9).
    [[nodiscard]] constexpr int number() const noexcept { return number_; }

    /// Size in semitones: m3 = 3, A4 = d5 = 6, P8 = 12, M9 = 14, dd7 = 8.
    /// A doubly diminished second is -1 (C# up to Dbb), the one negative size.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] constexpr int semitones() const noexcept {
        const int simple_index = (number_ - 1) % 7;
        const int octaves = (number_ - 1) / 7;
        return detail::interval_base_semitones[simple_index] + 12 * octaves +
               detail::quality_offset(quality_, detail::is_perfect_number(number_));
    }

    /// How many staff steps (letter names) the interval spans: number() - 1.
    [[nodiscard]] constexpr int steps() const noexcept { return number_ - 1; }

    /// True beyond the octave (number > 8): M9, P11, m13, P15. P8 is simple.
    [[nodiscard]] constexpr bool is_compound() const noexcept { return number_ > 8; }

    /// The interval reduced by whole octaves to a number 1..8: M9 -> M2,
    /// P11 -> P4, P15 -> P8, A8 -> A8. Simple intervals are returned as is.
    [[nodiscard]] constexpr Interval simple() const noexcept {
        if (!is_compound()) {
            return *this;
        }
        return Interval{quality_, (number_ - 2) % 7 + 2, Unchecked{}};
    }

    /// The inversion within the octave of simple(): numbers add to 9 and the
    /// quality flips (M <-> m, A <-> d, AA <-> dd, P stays): M3 <-> m6,
    /// P4 <-> P5, A4 <-> d5, P1 <-> P8, M9 -> m7. Throws TheoryError
    /// (Errc::InvalidArgument) for A8 and AA8 (and compounds that reduce to
    /// them, such as A15), whose inversion would be a diminished unison, which
    /// is not an ascending interval.
    [[nodiscard]] constexpr Interval inversion() const {
        const Interval s = simple();
        Quality q = Quality::Perfect;
        switch (s.quality_) {
        case Quality::DoublyDiminished:
            q = Quality::DoublyAugmented;
            break;
        case Quality::Diminished:
            q = Quality::Augmented;
            break;
        case Quality::Minor:
            q = Quality::Major;
            break;
        case Quality::Perfect:
            q = Quality::Perfect;
            break;
        case Quality::Major:
            q = Quality::Minor;
            break;
        case Quality::Augmented:
            q = Quality::Diminished;
            break;
        case Quality::DoublyAugmented:
            q = Quality::DoublyDiminished;
            break;
        }
        return Interval{q, 9 - s.number_};
    }

    /// The name: "m3", "P5", "A4", "M9", "dd7".
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const {
        std::string out{detail::quality_symbol(quality_)};
        out += std::to_string(number_);
        return out;
    }

    /// Stacks two intervals: numbers add less one, semitones add, and the
    /// quality follows: M3 + m3 = P5, M3 + M3 = A5, P5 + P5 = M9, P8 + M3 = M10.
    /// Throws TheoryError (Errc::OutOfRange) when the sum needs a quality
    /// beyond doubly augmented (AA5 + AA5) or a number beyond max_number.
    [[nodiscard]] friend constexpr Interval operator+(Interval a, Interval b) {
        const int number = a.number_ + b.number_ - 1;
        const int semis = a.semitones() + b.semitones();
        Interval out{};
        if (!from_parts(number, semis, out)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "interval " + a.name() + " + " + b.name() + " = " + std::to_string(semis) +
                       " semitones over " + std::to_string(number) +
                       " letter names, which no quality from dd to AA spells";
            });
        }
        return out;
    }

    /// a = a + b.
    constexpr Interval& operator+=(Interval b) { return *this = *this + b; }

    /// Same quality and number (A4 != d5).
    [[nodiscard]] friend constexpr bool operator==(Interval, Interval) noexcept = default;

    /// By semitones, then by number: m3 < M3 < P4, A4 < d5, M7 < P8.
    [[nodiscard]] friend constexpr std::strong_ordering operator<=>(Interval a, Interval b) noexcept {
        if (const auto c = a.semitones() <=> b.semitones(); c != 0) {
            return c;
        }
        return a.number_ <=> b.number_;
    }

    /// The interval number and semitones give; false when no quality fits
    /// (the value of out is then unspecified). Thread-safe. Realtime-safe.
    [[nodiscard]] static constexpr bool from_parts(int number, int semitones, Interval& out) noexcept {
        if (number < 1 || number > max_number) {
            return false;
        }
        const bool perfect = detail::is_perfect_number(number);
        const int base = detail::interval_base_semitones[(number - 1) % 7] + 12 * ((number - 1) / 7);
        const int offset = semitones - base;
        constexpr Quality all[] = {Quality::DoublyDiminished, Quality::Diminished, Quality::Minor,
                                   Quality::Perfect,          Quality::Major,      Quality::Augmented,
                                   Quality::DoublyAugmented};
        for (const Quality q : all) {
            if (detail::quality_offset(q, perfect) == offset && is_valid(q, number)) {
                out = Interval{q, number, Unchecked{}};
                return true;
            }
        }
        return false;
    }

private:
    struct Unchecked {};
    constexpr Interval(Quality quality, int number, Unchecked) noexcept : quality_(quality), number_(number) {}

    static std::string describe(Quality quality, int number) {
        return detail::quote(std::string{detail::quality_symbol(quality)} + std::to_string(number));
    }

    static std::string expected_for(Quality quality, int number) {
        if (number < 1 || number > max_number) {
            return "expected a number from 1 to " + std::to_string(max_number);
        }
        if (number == 1) {
            return "a unison cannot be diminished (expected P1, A1 or AA1)";
        }
        if (detail::is_perfect_number(number)) {
            return "a unison, fourth, fifth or octave (1, 4, 5, 8, 11, 12, 15, ...) takes P, d, dd, A or AA, not " +
                   std::string{detail::quality_symbol(quality)};
        }
        return "a second, third, sixth or seventh (2, 3, 6, 7, 9, 10, 13, 14, ...) takes m, M, d, dd, A or AA, not " +
               std::string{detail::quality_symbol(quality)};
    }

    static constexpr Interval from_semitones_impl(int n, std::error_code* ec) {
        constexpr int numbers[12] = {1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 7, 7};
        constexpr Quality qualities[12] = {Quality::Perfect, Quality::Minor, Quality::Major, Quality::Minor,
                                           Quality::Major,   Quality::Perfect, Quality::Diminished,
                                           Quality::Perfect, Quality::Minor,   Quality::Major,
                                           Quality::Minor,   Quality::Major};
        constexpr int max_semitones = 12 * ((max_number - 1) / 7);
        if (n < 0 || n > max_semitones) {
            cm::detail::report<TheoryError>(ec, Errc::OutOfRange, [&] {
                return "interval of " + std::to_string(n) + " semitones: expected 0 to " +
                       std::to_string(max_semitones) + " (intervals are ascending)";
            });
            return Interval{};
        }
        if (ec != nullptr) {
            // Not constexpr, so only reached when there is an ec.
            cm::detail::report_success(ec);
        }
        const int r = n % 12;
        return Interval{qualities[r], numbers[r] + 7 * (n / 12), Unchecked{}};
    }

    static Interval parse(std::string_view text, std::error_code* ec) {
        const auto fail = [&](auto&& why) {
            cm::detail::report<TheoryError>(ec, Errc::InvalidFormat, [&] {
                return "invalid interval name " + detail::quote(text) + ": " + std::string(why());
            });
            return Interval{};
        };
        const auto generic = [] {
            return std::string{"expected a quality (dd, d, m, P, M, A, AA) followed by a number from 1, "
                               "e.g. \"m3\", \"P5\", \"A4\", \"d5\", \"M9\", \"P15\""};
        };
        std::size_t i = 0;
        Quality q{};
        if (text.starts_with("dd")) {
            q = Quality::DoublyDiminished;
            i = 2;
        } else if (text.starts_with("AA")) {
            q = Quality::DoublyAugmented;
            i = 2;
        } else if (!text.empty()) {
            switch (text[0]) {
            case 'd':
                q = Quality::Diminished;
                break;
            case 'm':
                q = Quality::Minor;
                break;
            case 'P':
                q = Quality::Perfect;
                break;
            case 'M':
                q = Quality::Major;
                break;
            case 'A':
                q = Quality::Augmented;
                break;
            default:
                return fail(generic);
            }
            i = 1;
        } else {
            return fail(generic);
        }
        if (i == text.size()) {
            return fail(generic);
        }
        int number = 0;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c < '0' || c > '9') {
                return fail(generic);
            }
            number = number * 10 + (c - '0');
            if (number > max_number) {
                return fail([] { return "expected a number from 1 to " + std::to_string(max_number); });
            }
        }
        if (!is_valid(q, number)) {
            return fail([&] { return expected_for(q, number); });
        }
        cm::detail::report_success(ec);
        return Interval{q, number, Unchecked{}};
    }

    Quality quality_ = Quality::Perfect;
    int number_ = 1;
};

} // namespace cm::theory
