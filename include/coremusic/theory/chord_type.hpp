// coremusic/theory/chord_type.hpp
// The dictionary of chord types (tonal's 106: triads, sixths, sevenths,
// ninths, elevenths, thirteenths, altered, add, sus, power), with symbols.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/detail/interval_list.hpp>
#include <coremusic/theory/interval.hpp>

namespace cm::theory {

/// The quality tonal assigns each chord type, from its third and fifth.
/// Unknown: no third (power chords, sus chords, quartal).
enum class ChordQuality : std::int8_t { Major, Minor, Augmented, Diminished, Unknown };

namespace detail {

struct ChordTypeRow {
    std::string_view name;  // tonal's name; empty for the many types it names only by symbol
    std::string_view aliases[9];
    std::uint8_t alias_count;
    std::string_view intervals;  // tonal's spelling: number then quality, "1P 3M 5P 7m"
    ChordQuality quality;
};

// Generated once from tonal 6.4.3's ChordType dictionary (Tonal.ChordType.all():
// name, aliases, intervals, quality), in its order. The first alias is the
// symbol tonal prints; ours differs only for major (see ChordType::symbol).
inline constexpr ChordTypeRow chord_type_rows[] = {
    {"fifth", {"5"}, 1, "1P 5P", ChordQuality::Unknown},
    {"", {"M7#5sus4"}, 1, "1P 4P 5A 7M", ChordQuality::Augmented},
    {"", {"7#5sus4"}, 1, "1P 4P 5A 7m", ChordQuality::Augmented},
    {"suspended fourth", {"sus4", "sus"}, 2, "1P 4P 5P", ChordQuality::Unknown},
    {"", {"M7sus4"}, 1, "1P 4P 5P 7M", ChordQuality::Unknown},
    {"suspended fourth seventh", {"7sus4", "7sus"}, 2, "1P 4P 5P 7m", ChordQuality::Unknown},
    {"", {"7no5"}, 1, "1P 3M 7m", ChordQuality::Major},
    {"augmented", {"aug", "+", "+5", "^#5"}, 4, "1P 3M 5A", ChordQuality::Augmented},
    {"major seventh flat sixth", {"M7b6", "^7b6"}, 2, "1P 3M 6m 7M", ChordQuality::Major},
    {"augmented seventh", {"maj7#5", "maj7+5", "+maj7", "^7#5"}, 4, "1P 3M 5A 7M", ChordQuality::Augmented},
    {"", {"7#5", "+7", "7+", "7aug", "aug7"}, 5, "1P 3M 5A 7m", ChordQuality::Augmented},
    {"", {"7b13"}, 1, "1P 3M 7m 13m", ChordQuality::Major},
    {"major", {"M", "^", "", "maj"}, 4, "1P 3M 5P", ChordQuality::Major},
    {"major seventh", {"maj7", "Δ", "ma7", "M7", "Maj7", "^7"}, 6, "1P 3M 5P 7M", ChordQuality::Major},
    {"dominant seventh", {"7", "dom"}, 2, "1P 3M 5P 7m", ChordQuality::Major},
    {"sixth", {"6", "add6", "add13", "M6"}, 4, "1P 3M 5P 6M", ChordQuality::Major},
    {"", {"7add6", "67", "7add13"}, 3, "1P 3M 5P 7m 13M", ChordQuality::Major},
    {"", {"7b6"}, 1, "1P 3M 5P 6m 7m", ChordQuality::Major},
    {"", {"Mb5"}, 1, "1P 3M 5d", ChordQuality::Major},
    {"", {"M7b5"}, 1, "1P 3M 5d 7M", ChordQuality::Major},
    {"", {"7b5"}, 1, "1P 3M 5d 7m", ChordQuality::Major},
    {"major seventh sharp eleventh", {"maj#4", "Δ#4", "Δ#11", "M7#11", "^7#11", "maj7#11"}, 6, "1P 3M 5P 7M 11A", ChordQuality::Major},
    {"lydian dominant seventh", {"7#11", "7#4"}, 2, "1P 3M 5P 7m 11A", ChordQuality::Major},
    {"", {"M6#11", "M6b5", "6#11", "6b5"}, 4, "1P 3M 5P 6M 11A", ChordQuality::Major},
    {"", {"7#11b13", "7b5b13"}, 2, "1P 3M 5P 7m 11A 13m", ChordQuality::Major},
    {"minor augmented", {"m#5", "-#5", "m+"}, 3, "1P 3m 5A", ChordQuality::Augmented},
    {"", {"mb6M7"}, 1, "1P 3m 6m 7M", ChordQuality::Minor},
    {"", {"m7#5"}, 1, "1P 3m 6m 7m", ChordQuality::Minor},
    {"minor", {"m", "min", "-"}, 3, "1P 3m 5P", ChordQuality::Minor},
    {"minor/major seventh", {"m/ma7", "m/maj7", "mM7", "mMaj7", "m/M7", "-Δ7", "mΔ", "-^7", "-maj7"}, 9, "1P 3m 5P 7M", ChordQuality::Minor},
    {"minor seventh", {"m7", "min7", "mi7", "-7"}, 4, "1P 3m 5P 7m", ChordQuality::Minor},
    {"minor sixth", {"m6", "-6"}, 2, "1P 3m 5P 6M", ChordQuality::Minor},
    {"", {"mMaj7b6"}, 1, "1P 3m 5P 6m 7M", ChordQuality::Minor},
    {"diminished", {"dim", "°", "o"}, 3, "1P 3m 5d", ChordQuality::Diminished},
    {"", {"oM7"}, 1, "1P 3m 5d 7M", ChordQuality::Diminished},
    {"half-diminished", {"m7b5", "ø", "-7b5", "h7", "h"}, 5, "1P 3m 5d 7m", ChordQuality::Diminished},
    {"diminished seventh", {"dim7", "°7", "o7"}, 3, "1P 3m 5d 7d", ChordQuality::Diminished},
    {"", {"o7M7"}, 1, "1P 3m 5d 6M 7M", ChordQuality::Diminished},
    {"", {"4", "quartal"}, 2, "1P 4P 7m 10m", ChordQuality::Unknown},
    {"", {"madd4"}, 1, "1P 3m 4P 5P", ChordQuality::Minor},
    {"", {"m7add11", "m7add4"}, 2, "1P 3m 5P 7m 11P", ChordQuality::Minor},
    {"", {"+add#9"}, 1, "1P 3M 5A 9A", ChordQuality::Augmented},
    {"", {"7#5#9", "7#9#5", "7alt"}, 3, "1P 3M 5A 7m 9A", ChordQuality::Augmented},
    {"dominant sharp ninth", {"7#9"}, 1, "1P 3M 5P 7m 9A", ChordQuality::Major},
    {"", {"13#9"}, 1, "1P 3M 5P 7m 9A 13M", ChordQuality::Major},
    {"", {"7#9b13"}, 1, "1P 3M 5P 7m 9A 13m", ChordQuality::Major},
    {"", {"maj7#9#11"}, 1, "1P 3M 5P 7M 9A 11A", ChordQuality::Major},
    {"", {"7#9#11", "7b5#9", "7#9b5"}, 3, "1P 3M 5P 7m 9A 11A", ChordQuality::Major},
    {"", {"13#9#11"}, 1, "1P 3M 5P 7m 9A 11A 13M", ChordQuality::Major},
    {"", {"7#9#11b13"}, 1, "1P 3M 5P 7m 9A 11A 13m", ChordQuality::Major},
    {"suspended second", {"sus2"}, 1, "1P 2M 5P", ChordQuality::Unknown},
    {"", {"M9#5sus4"}, 1, "1P 4P 5A 7M 9M", ChordQuality::Augmented},
    {"", {"sus24", "sus4add9"}, 2, "1P 2M 4P 5P", ChordQuality::Unknown},
    {"", {"M9sus4"}, 1, "1P 4P 5P 7M 9M", ChordQuality::Unknown},
    {"eleventh", {"11"}, 1, "1P 5P 7m 9M 11P", ChordQuality::Unknown},
    {"", {"9sus4", "9sus"}, 2, "1P 4P 5P 7m 9M", ChordQuality::Unknown},
    {"", {"13sus4", "13sus"}, 2, "1P 4P 5P 7m 9M 13M", ChordQuality::Unknown},
    {"", {"9no5"}, 1, "1P 3M 7m 9M", ChordQuality::Major},
    {"", {"13no5"}, 1, "1P 3M 7m 9M 13M", ChordQuality::Major},
    {"", {"M#5add9", "+add9"}, 2, "1P 3M 5A 9M", ChordQuality::Augmented},
    {"", {"maj9#5", "Maj9#5"}, 2, "1P 3M 5A 7M 9M", ChordQuality::Augmented},
    {"", {"9#5", "9+"}, 2, "1P 3M 5A 7m 9M", ChordQuality::Augmented},
    {"", {"9b13"}, 1, "1P 3M 7m 9M 13m", ChordQuality::Major},
    {"", {"Madd9", "2", "add9", "add2"}, 4, "1P 3M 5P 9M", ChordQuality::Major},
    {"major ninth", {"maj9", "Δ9", "^9"}, 3, "1P 3M 5P 7M 9M", ChordQuality::Major},
    {"dominant ninth", {"9"}, 1, "1P 3M 5P 7m 9M", ChordQuality::Major},
    {"sixth added ninth", {"6add9", "6/9", "69", "M69"}, 4, "1P 3M 5P 6M 9M", ChordQuality::Major},
    {"major thirteenth", {"maj13", "Maj13", "^13"}, 3, "1P 3M 5P 7M 9M 13M", ChordQuality::Major},
    {"", {"M7add13"}, 1, "1P 3M 5P 6M 7M 9M", ChordQuality::Major},
    {"dominant thirteenth", {"13"}, 1, "1P 3M 5P 7m 9M 13M", ChordQuality::Major},
    {"", {"M9b5"}, 1, "1P 3M 5d 7M 9M", ChordQuality::Major},
    {"", {"9b5"}, 1, "1P 3M 5d 7m 9M", ChordQuality::Major},
    {"", {"13b5"}, 1, "1P 3M 5d 6M 7m 9M", ChordQuality::Major},
    {"", {"9#5#11"}, 1, "1P 3M 5A 7m 9M 11A", ChordQuality::Augmented},
    {"major sharp eleventh (lydian)", {"maj9#11", "Δ9#11", "^9#11"}, 3, "1P 3M 5P 7M 9M 11A", ChordQuality::Major},
    {"", {"9#11", "9+4", "9#4"}, 3, "1P 3M 5P 7m 9M 11A", ChordQuality::Major},
    {"", {"69#11"}, 1, "1P 3M 5P 6M 9M 11A", ChordQuality::Major},
    {"", {"M13#11", "maj13#11", "M13+4", "M13#4"}, 4, "1P 3M 5P 7M 9M 11A 13M", ChordQuality::Major},
    {"", {"13#11", "13+4", "13#4"}, 3, "1P 3M 5P 7m 9M 11A 13M", ChordQuality::Major},
    {"", {"9#11b13", "9b5b13"}, 2, "1P 3M 5P 7m 9M 11A 13m", ChordQuality::Major},
    {"", {"m9#5"}, 1, "1P 3m 6m 7m 9M", ChordQuality::Minor},
    {"", {"madd9"}, 1, "1P 3m 5P 9M", ChordQuality::Minor},
    {"minor/major ninth", {"mM9", "mMaj9", "-^9"}, 3, "1P 3m 5P 7M 9M", ChordQuality::Minor},
    {"minor ninth", {"m9", "-9"}, 2, "1P 3m 5P 7m 9M", ChordQuality::Minor},
    {"", {"m69", "-69"}, 2, "1P 3m 5P 6M 9M", ChordQuality::Minor},
    {"minor thirteenth", {"m13", "-13"}, 2, "1P 3m 5P 7m 9M 13M", ChordQuality::Minor},
    {"", {"mMaj9b6"}, 1, "1P 3m 5P 6m 7M 9M", ChordQuality::Minor},
    {"", {"m9b5"}, 1, "1P 2M 3m 5d 7m", ChordQuality::Diminished},
    {"", {"m11A"}, 1, "1P 3m 5A 7m 9M 11P", ChordQuality::Augmented},
    {"minor eleventh", {"m11", "-11"}, 2, "1P 3m 5P 7m 9M 11P", ChordQuality::Minor},
    {"suspended fourth flat ninth", {"b9sus", "phryg", "7b9sus", "7b9sus4"}, 4, "1P 4P 5P 7m 9m", ChordQuality::Unknown},
    {"", {"11b9"}, 1, "1P 5P 7m 9m 11P", ChordQuality::Unknown},
    {"", {"7sus4b9b13", "7b9b13sus4"}, 2, "1P 4P 5P 7m 9m 13m", ChordQuality::Unknown},
    {"altered", {"alt7"}, 1, "1P 3M 7m 9m", ChordQuality::Major},
    {"", {"7#5b9", "7b9#5"}, 2, "1P 3M 5A 7m 9m", ChordQuality::Augmented},
    {"", {"Maddb9"}, 1, "1P 3M 5P 9m", ChordQuality::Major},
    {"", {"M7b9"}, 1, "1P 3M 5P 7M 9m", ChordQuality::Major},
    {"dominant flat ninth", {"7b9"}, 1, "1P 3M 5P 7m 9m", ChordQuality::Major},
    {"", {"13b9"}, 1, "1P 3M 5P 7m 9m 13M", ChordQuality::Major},
    {"", {"7b9b13"}, 1, "1P 3M 5P 7m 9m 13m", ChordQuality::Major},
    {"", {"7#5b9#11"}, 1, "1P 3M 5A 7m 9m 11A", ChordQuality::Augmented},
    {"", {"7b9#11", "7b5b9", "7b9b5"}, 3, "1P 3M 5P 7m 9m 11A", ChordQuality::Major},
    {"", {"13b9#11"}, 1, "1P 3M 5P 7m 9m 11A 13M", ChordQuality::Major},
    {"", {"7b9b13#11", "7b9#11b13", "7b5b9b13"}, 3, "1P 3M 5P 7m 9m 11A 13m", ChordQuality::Major},
    {"", {"mb6b9"}, 1, "1P 3m 6m 9m", ChordQuality::Minor},
    {"", {"7b9#9"}, 1, "1P 3M 5P 7m 9m 9A", ChordQuality::Major},
};

inline constexpr std::size_t chord_type_count = std::size(chord_type_rows);
inline constexpr std::size_t max_chord_size = 7;

using ChordTypeIntervals = IntervalList<max_chord_size>;

consteval std::array<ChordTypeIntervals, chord_type_count> parse_all_chord_intervals() {
    std::array<ChordTypeIntervals, chord_type_count> out{};
    for (std::size_t i = 0; i < chord_type_count; ++i) {
        out[i] = parse_interval_list<max_chord_size>(chord_type_rows[i].intervals);
    }
    return out;
}

inline constexpr std::array<ChordTypeIntervals, chord_type_count> chord_type_intervals = parse_all_chord_intervals();

// Index of the row with this symbol (an alias, compared exactly: "M7" is not
// "m7") or else this name (ASCII case-insensitive), or chord_type_count.
[[nodiscard]] constexpr std::size_t find_chord_type(std::string_view text) noexcept {
    for (std::size_t i = 0; i < chord_type_count; ++i) {
        const ChordTypeRow& row = chord_type_rows[i];
        for (std::size_t a = 0; a < row.alias_count; ++a) {
            if (row.aliases[a] == text) {
                return i;
            }
        }
    }
    const std::string_view name = trim_spaces(text);
    if (name.empty()) {
        return chord_type_count;
    }
    for (std::size_t i = 0; i < chord_type_count; ++i) {
        if (iequals(chord_type_rows[i].name, name)) {
            return i;
        }
    }
    return chord_type_count;
}

// For the named constants: a misspelt symbol stops compilation.
consteval std::size_t chord_type_index(std::string_view symbol) {
    const std::size_t i = find_chord_type(symbol);
    if (i == chord_type_count) {
        throw "no such chord type in the table";
    }
    return i;
}

} // namespace detail

/// One chord type of the dictionary: a symbol ("m7b5"), other symbols
/// ("ø", "h7", ...), maybe a name ("half-diminished"), the intervals above
/// the root ("1P 3m 5d 7m") and a quality. A small value type (an index into
/// a constant table); the seed's names are constants: ChordType::Major7,
/// ChordType::Minor7, ChordType::Dominant7, ...
/// Thread-safe: a value type. Realtime-safe: everything except the throwing
/// from_name(std::string_view) (it allocates its message when it throws).
class ChordType {
public:
    /// How many chord types the dictionary has (106, as tonal 6.4.3).
    static constexpr std::size_t count = detail::chord_type_count;

    /// The major triad.
    constexpr ChordType() noexcept = default;

    /// @name The seed's names and other common ones.
    /// @{
    static const ChordType Major;             ///< "" (M, maj): 1 3 5
    static const ChordType Minor;             ///< "m": 1 b3 5
    static const ChordType Diminished;        ///< "dim": 1 b3 b5
    static const ChordType Augmented;         ///< "aug": 1 3 #5
    static const ChordType Sus2;              ///< "sus2": 1 2 5
    static const ChordType Sus4;              ///< "sus4": 1 4 5
    static const ChordType Power;             ///< "5": 1 5
    static const ChordType Major6;            ///< "6": 1 3 5 6
    static const ChordType Minor6;            ///< "m6": 1 b3 5 6
    static const ChordType SixNine;           ///< "6add9" (6/9): 1 3 5 6 9
    static const ChordType Major7;            ///< "maj7": 1 3 5 7
    static const ChordType Minor7;            ///< "m7": 1 b3 5 b7
    static const ChordType Dominant7;         ///< "7": 1 3 5 b7
    static const ChordType HalfDiminished7;   ///< "m7b5" (ø): 1 b3 b5 b7
    static const ChordType Diminished7;       ///< "dim7": 1 b3 b5 bb7
    static const ChordType MinorMajor7;       ///< "m/ma7" (mM7): 1 b3 5 7
    static const ChordType Augmented7;        ///< "7#5": 1 3 #5 b7
    static const ChordType AugmentedMajor7;   ///< "maj7#5": 1 3 #5 7
    static const ChordType Dominant7Sus4;     ///< "7sus4": 1 4 5 b7
    static const ChordType Dominant7Flat5;    ///< "7b5": 1 3 b5 b7
    static const ChordType Dominant7Flat9;    ///< "7b9": 1 3 5 b7 b9
    static const ChordType Dominant7Sharp9;   ///< "7#9": 1 3 5 b7 #9
    static const ChordType Dominant7Sharp11;  ///< "7#11": 1 3 5 b7 #11
    static const ChordType Add9;              ///< "Madd9" (add9): 1 3 5 9
    static const ChordType MinorAdd9;         ///< "madd9": 1 b3 5 9
    static const ChordType Major9;            ///< "maj9": 1 3 5 7 9
    static const ChordType Minor9;            ///< "m9": 1 b3 5 b7 9
    static const ChordType Dominant9;         ///< "9": 1 3 5 b7 9
    static const ChordType Major7Sharp11;     ///< "maj#4" (maj7#11): 1 3 5 7 #11
    static const ChordType Dominant11;        ///< "11": 1 5 b7 9 11
    static const ChordType Minor11;           ///< "m11": 1 b3 5 b7 9 11
    static const ChordType Major13;           ///< "maj13": 1 3 5 7 9 13
    static const ChordType Minor13;           ///< "m13": 1 b3 5 b7 9 13
    static const ChordType Dominant13;        ///< "13": 1 3 5 b7 9 13
    /// @}

    /// The type with this symbol, compared exactly ("maj7", "m7b5", "ø",
    /// "7#9", and "" for major), or else this name ignoring ASCII case and
    /// surrounding spaces ("Dominant Seventh"); empty when there is none.
    [[nodiscard]] static constexpr std::optional<ChordType> find(std::string_view symbol_or_name) noexcept {
        const std::size_t i = detail::find_chord_type(symbol_or_name);
        if (i == count) {
            return std::nullopt;
        }
        return ChordType{i};
    }

    /// As find(), but throws TheoryError (Errc::InvalidArgument) quoting the
    /// text when there is no such type.
    /// Thread-safe. Not realtime-safe when it throws.
    [[nodiscard]] static ChordType from_name(std::string_view symbol_or_name) {
        return from_name_impl(symbol_or_name, nullptr);
    }

    /// As from_name, but sets ec (Errc::InvalidArgument) instead of throwing
    /// and then returns Major; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static ChordType from_name(std::string_view symbol_or_name, std::error_code& ec) noexcept {
        return from_name_impl(symbol_or_name, &ec);
    }

    /// The type whose intervals are exactly these, spelled as the dictionary
    /// spells them (in any order, each once): {P1, M3, P5, m7} is Dominant7;
    /// {P1, M3, m6, M7} is "M7b6" while {P1, M3, A5, M7} is "maj7#5", though
    /// both sound the same. Empty when no type has them.
    [[nodiscard]] static constexpr std::optional<ChordType> from_intervals(std::span<const Interval> intervals) noexcept {
        for (std::size_t i = 0; i < count; ++i) {
            const detail::ChordTypeIntervals& d = detail::chord_type_intervals[i];
            if (d.size != intervals.size()) {
                continue;
            }
            bool all_found = true;
            for (std::size_t k = 0; k < d.size && all_found; ++k) {
                bool found = false;
                for (const Interval x : intervals) {
                    found = found || x == d.intervals[k];
                }
                all_found = found;
            }
            if (all_found) {
                return ChordType{i};
            }
        }
        return std::nullopt;
    }

    /// The i-th type of the dictionary, 0 <= i < count (in tonal's order).
    /// Throws TheoryError (Errc::OutOfRange) for other i.
    [[nodiscard]] static constexpr ChordType from_index(std::size_t i) {
        if (i >= count) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "chord type index " + std::to_string(i) + ": expected 0 to " + std::to_string(count - 1);
            });
        }
        return ChordType{i};
    }

    /// Every type, in the dictionary's order.
    [[nodiscard]] static constexpr std::array<ChordType, count> all() noexcept {
        std::array<ChordType, count> out{};
        for (std::size_t i = 0; i < count; ++i) {
            out[i] = ChordType{i};
        }
        return out;
    }

    /// The position in the dictionary.
    [[nodiscard]] constexpr std::size_t index() const noexcept { return index_; }

    /// The symbol written after the root: "m7", "maj7", "7#9", "m7b5", and
    /// "" for the major triad (C, not tonal's CM). Every other type's symbol
    /// is tonal's (its first alias).
    [[nodiscard]] constexpr std::string_view symbol() const noexcept {
        return row().aliases[0] == "M" ? std::string_view{} : row().aliases[0];
    }

    /// Every symbol the type is known by, the canonical one first as tonal
    /// lists them ({"M", "^", "", "maj"} for major).
    [[nodiscard]] constexpr std::span<const std::string_view> aliases() const noexcept {
        return {row().aliases, row().alias_count};
    }

    /// tonal's name ("dominant seventh", "half-diminished"), or empty for the
    /// types it names only by symbol ("7b13", "m9b5").
    [[nodiscard]] constexpr std::string_view name() const noexcept { return row().name; }

    /// The quality (Unknown when there is no third).
    [[nodiscard]] constexpr ChordQuality quality() const noexcept { return row().quality; }

    /// The intervals above the root, ascending, starting with P1 (compound
    /// where the dictionary writes them so: 9M, 11A, 13m).
    [[nodiscard]] constexpr std::span<const Interval> intervals() const noexcept {
        const detail::ChordTypeIntervals& d = detail::chord_type_intervals[index_];
        return {d.intervals.data(), d.size};
    }

    /// The number of notes (2 for the power chord, 7 for 13#9#11).
    [[nodiscard]] constexpr std::size_t size() const noexcept { return detail::chord_type_intervals[index_].size; }

    /// The pitch classes above the root as a bit set: bit k is set when the
    /// chord has a note k semitones (mod 12) above its root. Six pairs of
    /// types share a chroma (M7b6 and maj7#5, 11 and 9sus4, ...): they differ
    /// only in spelling.
    [[nodiscard]] constexpr std::uint16_t chroma() const noexcept { return detail::chord_type_intervals[index_].chroma; }

    /// Whether the chord has a note `semitones` (taken mod 12) above its root.
    [[nodiscard]] constexpr bool has_semitone(int semitones) const noexcept {
        const int pc = ((semitones % 12) + 12) % 12;
        return (chroma() >> static_cast<unsigned>(pc) & 1u) != 0;
    }

    /// Same dictionary entry.
    [[nodiscard]] friend constexpr bool operator==(ChordType, ChordType) noexcept = default;

private:
    explicit constexpr ChordType(std::size_t i) noexcept : index_(static_cast<std::uint8_t>(i)) {}

    [[nodiscard]] constexpr const detail::ChordTypeRow& row() const noexcept { return detail::chord_type_rows[index_]; }

    static ChordType from_name_impl(std::string_view text, std::error_code* ec) {
        if (const auto t = find(text)) {
            cm::detail::report_success(ec);
            return *t;
        }
        cm::detail::report<TheoryError>(ec, Errc::InvalidArgument, [&] {
            return "unknown chord type \"" + std::string(text) +
                   "\": expected a symbol or name of the dictionary (tonal's), such as \"m7\", \"maj7\", "
                   "\"7#9\", \"m7b5\", \"sus4\" or \"dominant seventh\"";
        });
        return ChordType{};
    }

    static_assert(detail::chord_type_count < 256, "ChordType stores its index in a byte");
    std::uint8_t index_ = static_cast<std::uint8_t>(detail::chord_type_index("M"));
};

inline constexpr ChordType ChordType::Major = ChordType::from_index(detail::chord_type_index("M"));
inline constexpr ChordType ChordType::Minor = ChordType::from_index(detail::chord_type_index("m"));
inline constexpr ChordType ChordType::Diminished = ChordType::from_index(detail::chord_type_index("dim"));
inline constexpr ChordType ChordType::Augmented = ChordType::from_index(detail::chord_type_index("aug"));
inline constexpr ChordType ChordType::Sus2 = ChordType::from_index(detail::chord_type_index("sus2"));
inline constexpr ChordType ChordType::Sus4 = ChordType::from_index(detail::chord_type_index("sus4"));
inline constexpr ChordType ChordType::Power = ChordType::from_index(detail::chord_type_index("5"));
inline constexpr ChordType ChordType::Major6 = ChordType::from_index(detail::chord_type_index("6"));
inline constexpr ChordType ChordType::Minor6 = ChordType::from_index(detail::chord_type_index("m6"));
inline constexpr ChordType ChordType::SixNine = ChordType::from_index(detail::chord_type_index("6/9"));
inline constexpr ChordType ChordType::Major7 = ChordType::from_index(detail::chord_type_index("maj7"));
inline constexpr ChordType ChordType::Minor7 = ChordType::from_index(detail::chord_type_index("m7"));
inline constexpr ChordType ChordType::Dominant7 = ChordType::from_index(detail::chord_type_index("7"));
inline constexpr ChordType ChordType::HalfDiminished7 = ChordType::from_index(detail::chord_type_index("m7b5"));
inline constexpr ChordType ChordType::Diminished7 = ChordType::from_index(detail::chord_type_index("dim7"));
inline constexpr ChordType ChordType::MinorMajor7 = ChordType::from_index(detail::chord_type_index("mM7"));
inline constexpr ChordType ChordType::Augmented7 = ChordType::from_index(detail::chord_type_index("7#5"));
inline constexpr ChordType ChordType::AugmentedMajor7 = ChordType::from_index(detail::chord_type_index("maj7#5"));
inline constexpr ChordType ChordType::Dominant7Sus4 = ChordType::from_index(detail::chord_type_index("7sus4"));
inline constexpr ChordType ChordType::Dominant7Flat5 = ChordType::from_index(detail::chord_type_index("7b5"));
inline constexpr ChordType ChordType::Dominant7Flat9 = ChordType::from_index(detail::chord_type_index("7b9"));
inline constexpr ChordType ChordType::Dominant7Sharp9 = ChordType::from_index(detail::chord_type_index("7#9"));
inline constexpr ChordType ChordType::Dominant7Sharp11 = ChordType::from_index(detail::chord_type_index("7#11"));
inline constexpr ChordType ChordType::Add9 = ChordType::from_index(detail::chord_type_index("add9"));
inline constexpr ChordType ChordType::MinorAdd9 = ChordType::from_index(detail::chord_type_index("madd9"));
inline constexpr ChordType ChordType::Major9 = ChordType::from_index(detail::chord_type_index("maj9"));
inline constexpr ChordType ChordType::Minor9 = ChordType::from_index(detail::chord_type_index("m9"));
inline constexpr ChordType ChordType::Dominant9 = ChordType::from_index(detail::chord_type_index("9"));
inline constexpr ChordType ChordType::Major7Sharp11 = ChordType::from_index(detail::chord_type_index("maj7#11"));
inline constexpr ChordType ChordType::Dominant11 = ChordType::from_index(detail::chord_type_index("11"));
inline constexpr ChordType ChordType::Minor11 = ChordType::from_index(detail::chord_type_index("m11"));
inline constexpr ChordType ChordType::Major13 = ChordType::from_index(detail::chord_type_index("maj13"));
inline constexpr ChordType ChordType::Minor13 = ChordType::from_index(detail::chord_type_index("m13"));
inline constexpr ChordType ChordType::Dominant13 = ChordType::from_index(detail::chord_type_index("13"));

} // namespace cm::theory
