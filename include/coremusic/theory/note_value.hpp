// coremusic/theory/note_value.hpp
// Written note lengths (quarter, dotted eighth, eighth triplet, 5:4 sixteenth)
// as exact fractions of a beat, with the "1/8t" and "dotted eighth" spellings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>

namespace cm::theory {

/// A written note length: a plain value (whole down to sixty-fourth), up to
/// three dots, and an optional tuplet n:m (n notes in the time of m, so a
/// triplet is 3:2). One beat is a quarter note.
/// Equality compares the spelling (a 6:4 sixteenth and a 3:2 sixteenth last
/// as long but are written differently); compare beats() for length.
/// Thread-safe: a value type. Realtime-safe: everything except name(),
/// symbol(), the throwing from_name and the functions that throw.
class NoteValue {
public:
    /// An exact number of beats, in lowest terms with a positive denominator.
    /// Thread-safe: a value type. Realtime-safe: yes.
    struct Fraction {
        std::int64_t numerator = 0;    ///< may be negative where a caller subtracts
        std::int64_t denominator = 1;  ///< always above 0

        /// The nearest double (exact whenever the denominator is a power of two).
        [[nodiscard]] constexpr double to_double() const noexcept {
            return static_cast<double>(numerator) / static_cast<double>(denominator);
        }
        /// Same numerator and denominator (fractions are kept in lowest terms,
        /// so this is equality of value).
        friend constexpr bool operator==(const Fraction&, const Fraction&) noexcept = default;
    };

    /// The most dots accepted (a triple-dotted note is 15/8 of its plain value).
    static constexpr int max_dots = 3;
    /// The largest n or m accepted in a tuplet n:m.
    static constexpr int max_tuplet = 128;

    /// A quarter note.
    constexpr NoteValue() noexcept = default;

    /// From its parts: the plain value as a fraction of a whole note
    /// (1 whole, 2 half, 4 quarter ... 64 sixty-fourth), the number of dots
    /// and the tuplet n:m (1:1 for none; n == m is taken as 1:1).
    /// NoteValue{8, 1} is a dotted eighth, NoteValue{8, 0, 3, 2} an eighth triplet.
    /// Throws TheoryError (Errc::OutOfRange) for a denominator that is not a
    /// power of two from 1 to 64, dots outside 0..max_dots, or n or m outside
    /// 1..max_tuplet.
    constexpr explicit NoteValue(int denominator, int dots = 0, int tuplet_notes = 1, int tuplet_span = 1)
        : denominator_(denominator), dots_(dots), tuplet_notes_(tuplet_notes), tuplet_span_(tuplet_span) {
        if (!valid(denominator, dots, tuplet_notes, tuplet_span)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "note value 1/" + std::to_string(denominator) + " with " + std::to_string(dots) +
                       " dots and tuplet " + std::to_string(tuplet_notes) + ":" + std::to_string(tuplet_span) +
                       ": expected a denominator 1, 2, 4, 8, 16, 32 or 64, 0 to " + std::to_string(max_dots) +
                       " dots and a tuplet n:m with n and m from 1 to " + std::to_string(max_tuplet);
            });
        }
        if (tuplet_notes_ == tuplet_span_) {
            tuplet_notes_ = tuplet_span_ = 1;
        }
    }

    /// @name Common values.
    /// @{
    static const NoteValue Whole;             ///< 4 beats
    static const NoteValue Half;              ///< 2 beats
    static const NoteValue Quarter;           ///< 1 beat
    static const NoteValue Eighth;            ///< 1/2 beat
    static const NoteValue Sixteenth;         ///< 1/4 beat
    static const NoteValue ThirtySecond;      ///< 1/8 beat
    static const NoteValue SixtyFourth;       ///< 1/16 beat
    static const NoteValue DottedWhole;       ///< 6 beats
    static const NoteValue DottedHalf;        ///< 3 beats
    static const NoteValue DottedQuarter;     ///< 3/2 beats
    static const NoteValue DottedEighth;      ///< 3/4 beat
    static const NoteValue DottedSixteenth;   ///< 3/8 beat
    static const NoteValue HalfTriplet;       ///< 4/3 beats
    static const NoteValue QuarterTriplet;    ///< 2/3 beat
    static const NoteValue EighthTriplet;     ///< 1/3 beat
    static const NoteValue SixteenthTriplet;  ///< 1/6 beat
    /// @}

    /// Parses either spelling, ignoring ASCII case and surrounding spaces:
    /// - symbols: "1/4", "1/8." (dotted), "1/8.." (double dotted), "1/8d"
    ///   (dotted), "1/8t" (triplet), "1/16(5:4)" (any tuplet), "1/4.t";
    /// - words: "quarter", "dotted eighth", "double dotted half", "eighth
    ///   triplet", "sixteenth 5:4 tuplet", optionally with "note" after the
    ///   value ("dotted quarter note"); the values are whole, half, quarter,
    ///   eighth, sixteenth, thirty-second and sixty-fourth.
    /// Throws TheoryError (Errc::InvalidFormat) quoting the text and saying
    /// what was expected.
    [[nodiscard]] static NoteValue from_name(std::string_view text) { return parse(text, nullptr); }

    /// As from_name, but sets ec (Errc::InvalidFormat) instead of throwing and
    /// then returns a quarter; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static NoteValue from_name(std::string_view text, std::error_code& ec) noexcept {
        return parse(text, &ec);
    }

    /// The plain value as a fraction of a whole note: 4 for a quarter, also
    /// for a dotted quarter or a quarter triplet.
    [[nodiscard]] constexpr int denominator() const noexcept { return denominator_; }
    /// The number of dots, 0..max_dots.
    [[nodiscard]] constexpr int dots() const noexcept { return dots_; }
    /// n of the tuplet n:m (1 when there is none).
    [[nodiscard]] constexpr int tuplet_notes() const noexcept { return tuplet_notes_; }
    /// m of the tuplet n:m (1 when there is none).
    [[nodiscard]] constexpr int tuplet_span() const noexcept { return tuplet_span_; }
    /// Whether there is a tuplet (n != m).
    [[nodiscard]] constexpr bool is_tuplet() const noexcept { return tuplet_notes_ != tuplet_span_; }
    /// Whether the tuplet is 3:2.
    [[nodiscard]] constexpr bool is_triplet() const noexcept { return tuplet_notes_ == 3 && tuplet_span_ == 2; }

    /// The same value with one more dot. Throws TheoryError (Errc::OutOfRange)
    /// past max_dots.
    [[nodiscard]] constexpr NoteValue dotted() const {
        return NoteValue{denominator_, dots_ + 1, tuplet_notes_, tuplet_span_};
    }
    /// The same value as a 3:2 triplet (replacing any other tuplet).
    [[nodiscard]] constexpr NoteValue triplet() const { return tuplet(3, 2); }
    /// The same value in an n:m tuplet (replacing any other). Throws as the
    /// constructor does.
    [[nodiscard]] constexpr NoteValue tuplet(int notes, int span) const {
        return NoteValue{denominator_, dots_, notes, span};
    }

    /// The exact length in beats (quarter notes), in lowest terms:
    /// 4/denominator, times (2^(dots+1) - 1)/2^dots, times m/n.
    /// Quarter = 1/1, dotted eighth = 3/4, eighth triplet = 1/3,
    /// double-dotted half = 7/2, 5:4 sixteenth = 1/5.
    [[nodiscard]] constexpr Fraction beats() const noexcept {
        const std::int64_t dot_den = std::int64_t{1} << dots_;
        std::int64_t num = 4 * ((dot_den << 1) - 1) * tuplet_span_;
        std::int64_t den = std::int64_t{denominator_} * dot_den * tuplet_notes_;
        const std::int64_t g = gcd(num, den);
        return {num / g, den / g};
    }

    /// beats() as the nearest double.
    [[nodiscard]] constexpr double beats_double() const noexcept { return beats().to_double(); }

    /// The length in MIDI ticks at ppq ticks per quarter, rounded to the
    /// nearest tick with ties away from zero, the rule beats_to_ticks() uses
    /// (computed in integers, so it is exact): at 480 ppq an eighth triplet
    /// is 160 ticks; at 8 ppq a sixty-fourth (half a tick) is 1.
    /// Throws TheoryError (Errc::OutOfRange) unless ppq is from 1 to 2^24.
    [[nodiscard]] constexpr std::int64_t ticks(int ppq) const {
        if (ppq < 1 || ppq > (1 << 24)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "ticks of a note value at " + std::to_string(ppq) + " ppq: expected 1 to 16777216 ppq";
            });
        }
        const Fraction b = beats();
        return (2 * b.numerator * ppq + b.denominator) / (2 * b.denominator);
    }

    /// The words: "quarter", "dotted eighth", "double dotted half",
    /// "triple dotted whole", "eighth triplet", "sixteenth 5:4 tuplet",
    /// "thirty-second", "sixty-fourth". from_name reads them back.
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const {
        constexpr std::string_view dot_words[] = {"", "dotted ", "double dotted ", "triple dotted "};
        std::string out(dot_words[dots_]);
        out += base_names[log2(denominator_)];
        if (is_triplet()) {
            out += " triplet";
        } else if (is_tuplet()) {
            out += " " + std::to_string(tuplet_notes_) + ":" + std::to_string(tuplet_span_) + " tuplet";
        }
        return out;
    }

    /// The symbol: "1/4", "1/8.", "1/2..", "1/8t", "1/16(5:4)", "1/4.t".
    /// from_name reads it back.
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::string symbol() const {
        std::string out = "1/" + std::to_string(denominator_) + std::string(static_cast<std::size_t>(dots_), '.');
        if (is_triplet()) {
            out += 't';
        } else if (is_tuplet()) {
            out += "(" + std::to_string(tuplet_notes_) + ":" + std::to_string(tuplet_span_) + ")";
        }
        return out;
    }

    /// Same plain value, dots and tuplet.
    friend constexpr bool operator==(const NoteValue&, const NoteValue&) noexcept = default;

private:
    static constexpr std::string_view base_names[] = {"whole",     "half",          "quarter",     "eighth",
                                                      "sixteenth", "thirty-second", "sixty-fourth"};

    static constexpr bool valid(int denominator, int dots, int notes, int span) noexcept {
        const bool power_of_two = denominator >= 1 && denominator <= 64 && (denominator & (denominator - 1)) == 0;
        return power_of_two && dots >= 0 && dots <= max_dots && notes >= 1 && notes <= max_tuplet && span >= 1 &&
               span <= max_tuplet;
    }

    static constexpr int log2(int power_of_two) noexcept {
        int n = 0;
        while ((1 << n) < power_of_two) {
            ++n;
        }
        return n;
    }

    static constexpr std::int64_t gcd(std::int64_t a, std::int64_t b) noexcept {
        while (b != 0) {
            const std::int64_t t = a % b;
            a = b;
            b = t;
        }
        return a < 0 ? -a : a;
    }

    static constexpr char lower(char c) noexcept {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }

    // A cursor over the text, case-folded on reading; parse() is written
    // against it so the two spellings share the number and tuplet readers.
    struct Reader {
        std::string_view s;
        std::size_t i = 0;

        [[nodiscard]] constexpr bool done() const noexcept { return i >= s.size(); }
        [[nodiscard]] constexpr char peek() const noexcept { return done() ? '\0' : lower(s[i]); }
        constexpr bool eat(char c) noexcept {
            if (peek() == c) {
                ++i;
                return true;
            }
            return false;
        }
        constexpr bool eat(std::string_view word) noexcept {
            if (s.size() - i < word.size()) {
                return false;
            }
            for (std::size_t k = 0; k < word.size(); ++k) {
                if (lower(s[i + k]) != word[k]) {
                    return false;
                }
            }
            i += word.size();
            return true;
        }
        constexpr void skip_spaces() noexcept {
            while (peek() == ' ') {
                ++i;
            }
        }
        // A decimal number of at most 4 digits, or -1.
        constexpr int number() noexcept {
            int n = 0;
            std::size_t digits = 0;
            while (peek() >= '0' && peek() <= '9' && digits < 5) {
                n = n * 10 + (peek() - '0');
                ++i;
                ++digits;
            }
            return (digits == 0 || digits > 4) ? -1 : n;
        }
    };

    static constexpr NoteValue make_unchecked(int denominator, int dots, int notes, int span) noexcept {
        NoteValue v;
        v.denominator_ = denominator;
        v.dots_ = dots;
        v.tuplet_notes_ = notes == span ? 1 : notes;
        v.tuplet_span_ = notes == span ? 1 : span;
        return v;
    }

    static NoteValue parse(std::string_view text, std::error_code* ec) {
        Reader r{text};
        r.skip_spaces();
        int denominator = 0;
        int dots = 0;
        int notes = 1;
        int span = 1;
        bool ok = true;
        if (r.peek() >= '0' && r.peek() <= '9') {
            ok = r.number() == 1 && r.eat('/');
            denominator = ok ? r.number() : -1;
            while (r.eat('.')) {
                ++dots;
            }
            if (dots == 0 && r.eat('d')) {
                dots = 1;
            }
            if (r.eat('t')) {
                notes = 3;
                span = 2;
            } else if (r.eat('(')) {
                notes = r.number();
                ok = ok && r.eat(':');
                span = r.number();
                ok = ok && r.eat(')');
            }
        } else {
            if (r.eat("triple dotted ") || r.eat("triple-dotted ")) {
                dots = 3;
            } else if (r.eat("double dotted ") || r.eat("double-dotted ")) {
                dots = 2;
            } else if (r.eat("dotted ")) {
                dots = 1;
            }
            r.skip_spaces();
            for (int k = 0; k < 7 && denominator == 0; ++k) {
                if (r.eat(base_names[k])) {
                    denominator = 1 << k;
                }
            }
            // The value must end at a word boundary ("eighths" is not "eighth").
            ok = denominator != 0 && (r.done() || r.peek() == ' ');
            r.skip_spaces();
            if (r.eat("note")) {
                r.skip_spaces();
            }
            if (r.eat("triplet")) {
                notes = 3;
                span = 2;
            } else if (r.peek() >= '0' && r.peek() <= '9') {
                notes = r.number();
                ok = ok && r.eat(':');
                span = r.number();
                r.skip_spaces();
                ok = ok && r.eat("tuplet");
            }
        }
        r.skip_spaces();
        if (!ok || !r.done() || !valid(denominator, dots, notes, span)) {
            cm::detail::report<TheoryError>(ec, Errc::InvalidFormat, [&] {
                return "note value \"" + std::string(text) +
                       "\": expected a symbol such as \"1/4\", \"1/8.\", \"1/8t\" or \"1/16(5:4)\" (1/1 to 1/64, up "
                       "to 3 dots), or words such as \"quarter\", \"dotted eighth\", \"eighth triplet\" or "
                       "\"sixteenth 5:4 tuplet\"";
            });
            return NoteValue{};
        }
        cm::detail::report_success(ec);
        return make_unchecked(denominator, dots, notes, span);
    }

    int denominator_ = 4;
    int dots_ = 0;
    int tuplet_notes_ = 1;
    int tuplet_span_ = 1;
};

inline constexpr NoteValue NoteValue::Whole{1};
inline constexpr NoteValue NoteValue::Half{2};
inline constexpr NoteValue NoteValue::Quarter{4};
inline constexpr NoteValue NoteValue::Eighth{8};
inline constexpr NoteValue NoteValue::Sixteenth{16};
inline constexpr NoteValue NoteValue::ThirtySecond{32};
inline constexpr NoteValue NoteValue::SixtyFourth{64};
inline constexpr NoteValue NoteValue::DottedWhole{1, 1};
inline constexpr NoteValue NoteValue::DottedHalf{2, 1};
inline constexpr NoteValue NoteValue::DottedQuarter{4, 1};
inline constexpr NoteValue NoteValue::DottedEighth{8, 1};
inline constexpr NoteValue NoteValue::DottedSixteenth{16, 1};
inline constexpr NoteValue NoteValue::HalfTriplet{2, 0, 3, 2};
inline constexpr NoteValue NoteValue::QuarterTriplet{4, 0, 3, 2};
inline constexpr NoteValue NoteValue::EighthTriplet{8, 0, 3, 2};
inline constexpr NoteValue NoteValue::SixteenthTriplet{16, 0, 3, 2};

} // namespace cm::theory
