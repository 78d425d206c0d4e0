// coremusic/theory/chord_progression.hpp
// A chord progression: a sequence of chords, made from roman numerals in a
// key (I vi IV V in C) and analysed back into numerals.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/key.hpp>
#include <coremusic/theory/roman_numeral.hpp>

namespace cm::theory {

/// A sequence of chords: ChordProgression::from_roman("C", {"I", "vi", "IV",
/// "V"}) is C Am F G. The numerals follow RomanNumeral's rules (V7 = the
/// dominant seventh, vii°7 fully diminished, minor keys on the natural minor
/// with V and vii° raised, V/V tonicizes).
/// Thread-safe: a value type. Realtime-safe: size(), empty(), operator[]
/// and chords(); not the factories or to_roman() (they allocate).
class ChordProgression {
public:
    /// No chords.
    ChordProgression() = default;

    /// These chords.
    explicit ChordProgression(std::vector<Chord> chords) : chords_(std::move(chords)) {}

    /// The chords of these numerals in key: C major {I, vi, IV, V7} ->
    /// C Am F G7; A minor {i, iv, V} -> Am Dm E. Throws TheoryError
    /// (Errc::InvalidFormat) naming the position and text of the first
    /// numeral that does not parse, or Errc::OutOfRange (see RomanNumeral::chord).
    [[nodiscard]] static ChordProgression from_roman(const Key& key, std::span<const std::string_view> numerals) {
        return build(key, numerals, nullptr);
    }
    /// As above, for a braced list: from_roman(key, {"ii7", "V7", "I"}).
    [[nodiscard]] static ChordProgression from_roman(const Key& key, std::initializer_list<std::string_view> numerals) {
        return build(key, std::span<const std::string_view>{numerals.begin(), numerals.size()}, nullptr);
    }
    /// As above, with the key by name (Key::from_name: "C", "A minor",
    /// "f# harmonic minor"): from_roman("C", {"I", "vi", "IV", "V"}).
    /// Throws TheoryError (Errc::InvalidFormat) for a bad key name too.
    [[nodiscard]] static ChordProgression from_roman(std::string_view key,
                                                     std::span<const std::string_view> numerals) {
        return build(Key::from_name(key), numerals, nullptr);
    }
    /// As above, for a braced list.
    [[nodiscard]] static ChordProgression from_roman(std::string_view key,
                                                     std::initializer_list<std::string_view> numerals) {
        return build(Key::from_name(key), std::span<const std::string_view>{numerals.begin(), numerals.size()},
                     nullptr);
    }

    /// As from_roman(key, numerals), but sets ec instead of throwing and
    /// then returns an empty progression; clears ec on success.
    /// Thread-safe. Not realtime-safe (allocates; terminates if allocation fails).
    [[nodiscard]] static ChordProgression from_roman(const Key& key, std::span<const std::string_view> numerals,
                                                     std::error_code& ec) noexcept {
        return build(key, numerals, &ec);
    }
    /// As from_roman(key name, numerals), but sets ec instead of throwing
    /// and then returns an empty progression; clears ec on success.
    /// Thread-safe. Not realtime-safe (allocates; terminates if allocation fails).
    [[nodiscard]] static ChordProgression from_roman(std::string_view key, std::span<const std::string_view> numerals,
                                                     std::error_code& ec) noexcept {
        const Key k = Key::from_name(key, ec);
        if (ec) {
            return {};
        }
        return build(k, numerals, &ec);
    }

    /// The chords, in order.
    [[nodiscard]] const std::vector<Chord>& chords() const& noexcept { return chords_; }
    /// The chords of a temporary, moved out, so that
    /// `for (const Chord& c : ChordProgression::from_roman(...).chords())`
    /// iterates a live vector rather than one destroyed with the temporary.
    [[nodiscard]] std::vector<Chord> chords() && noexcept { return std::move(chords_); }
    /// How many chords.
    [[nodiscard]] std::size_t size() const noexcept { return chords_.size(); }
    /// True without chords.
    [[nodiscard]] bool empty() const noexcept { return chords_.empty(); }
    /// The i-th chord (i < size(), unchecked).
    [[nodiscard]] const Chord& operator[](std::size_t i) const noexcept { return chords_[i]; }

    /// Each chord's numeral in key (RomanNumeral::from_chord), empty where
    /// none names it: C Am F G7 in C major -> I vi IV V7.
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::vector<std::optional<RomanNumeral>> to_roman(const Key& key) const {
        std::vector<std::optional<RomanNumeral>> out;
        out.reserve(chords_.size());
        for (const Chord& c : chords_) {
            out.push_back(RomanNumeral::from_chord(key, c));
        }
        return out;
    }

    /// Same chords in the same order (Chord's ==: octaves count).
    [[nodiscard]] friend bool operator==(const ChordProgression&, const ChordProgression&) = default;

private:
    static ChordProgression build(const Key& key, std::span<const std::string_view> numerals, std::error_code* ec) {
        std::vector<Chord> chords;
        chords.reserve(numerals.size());
        for (std::size_t i = 0; i < numerals.size(); ++i) {
            std::error_code parse_ec;
            const RomanNumeral rn = RomanNumeral::parse(numerals[i], parse_ec);
            if (parse_ec) {
                if (ec != nullptr) {
                    *ec = parse_ec;
                    return {};
                }
                try {
                    (void)RomanNumeral::parse(numerals[i]);
                } catch (const TheoryError& e) {
                    // Say where in the progression, keeping the parser's reason.
                    throw TheoryError(e.code(), "numeral " + std::to_string(i + 1) + " of " +
                                                    std::to_string(numerals.size()) + " in " + key.name() + ": " +
                                                    e.what());
                }
            }
            if (ec == nullptr) {
                chords.push_back(rn.chord(key));
                continue;
            }
            try {
                chords.push_back(rn.chord(key));
            } catch (const TheoryError& e) {
                *ec = e.code();
                return {};
            }
        }
        cm::detail::report_success(ec);
        return ChordProgression{std::move(chords)};
    }

    std::vector<Chord> chords_;
};

} // namespace cm::theory
