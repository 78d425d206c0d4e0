// coremusic/theory/scale_type.hpp
// The dictionary of scale types (tonal's 92: modes, pentatonics, blues, bebop,
// messiaen modes, world scales), each with its name, aliases and intervals.
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

namespace detail {

struct ScaleTypeRow {
    std::string_view name;
    std::string_view aliases[3];
    std::uint8_t alias_count;
    std::string_view intervals;  // tonal's spelling: number then quality, "1P 2M 3m 5d"
};

// Generated once from tonal 6.4.3's ScaleType dictionary (Tonal.ScaleType.all():
// name, aliases, intervals), in its order; detection lists results in this order.
inline constexpr ScaleTypeRow scale_type_rows[] = {
    {"major pentatonic", {"pentatonic"}, 1, "1P 2M 3M 5P 6M"},
    {"major", {"ionian"}, 1, "1P 2M 3M 4P 5P 6M 7M"},
    {"minor", {"aeolian"}, 1, "1P 2M 3m 4P 5P 6m 7m"},
    {"major blues", {}, 0, "1P 2M 3m 3M 5P 6M"},
    {"minor blues", {"blues"}, 1, "1P 3m 4P 5d 5P 7m"},
    {"melodic minor", {}, 0, "1P 2M 3m 4P 5P 6M 7M"},
    {"harmonic minor", {}, 0, "1P 2M 3m 4P 5P 6m 7M"},
    {"bebop", {}, 0, "1P 2M 3M 4P 5P 6M 7m 7M"},
    {"diminished", {"whole-half diminished"}, 1, "1P 2M 3m 4P 5d 6m 6M 7M"},
    {"dorian", {}, 0, "1P 2M 3m 4P 5P 6M 7m"},
    {"lydian", {}, 0, "1P 2M 3M 4A 5P 6M 7M"},
    {"mixolydian", {"dominant"}, 1, "1P 2M 3M 4P 5P 6M 7m"},
    {"phrygian", {}, 0, "1P 2m 3m 4P 5P 6m 7m"},
    {"locrian", {}, 0, "1P 2m 3m 4P 5d 6m 7m"},
    {"ionian pentatonic", {}, 0, "1P 3M 4P 5P 7M"},
    {"mixolydian pentatonic", {"indian"}, 1, "1P 3M 4P 5P 7m"},
    {"ritusen", {}, 0, "1P 2M 4P 5P 6M"},
    {"egyptian", {}, 0, "1P 2M 4P 5P 7m"},
    {"neapolitan major pentatonic", {}, 0, "1P 3M 4P 5d 7m"},
    {"vietnamese 1", {}, 0, "1P 3m 4P 5P 6m"},
    {"pelog", {}, 0, "1P 2m 3m 5P 6m"},
    {"kumoijoshi", {}, 0, "1P 2m 4P 5P 6m"},
    {"hirajoshi", {}, 0, "1P 2M 3m 5P 6m"},
    {"iwato", {}, 0, "1P 2m 4P 5d 7m"},
    {"in-sen", {}, 0, "1P 2m 4P 5P 7m"},
    {"lydian pentatonic", {"chinese"}, 1, "1P 3M 4A 5P 7M"},
    {"malkos raga", {}, 0, "1P 3m 4P 6m 7m"},
    {"locrian pentatonic", {"minor seven flat five pentatonic"}, 1, "1P 3m 4P 5d 7m"},
    {"minor pentatonic", {"vietnamese 2"}, 1, "1P 3m 4P 5P 7m"},
    {"minor six pentatonic", {}, 0, "1P 3m 4P 5P 6M"},
    {"flat three pentatonic", {"kumoi"}, 1, "1P 2M 3m 5P 6M"},
    {"flat six pentatonic", {}, 0, "1P 2M 3M 5P 6m"},
    {"scriabin", {}, 0, "1P 2m 3M 5P 6M"},
    {"whole tone pentatonic", {}, 0, "1P 3M 5d 6m 7m"},
    {"lydian #5p pentatonic", {}, 0, "1P 3M 4A 5A 7M"},
    {"lydian dominant pentatonic", {}, 0, "1P 3M 4A 5P 7m"},
    {"minor #7m pentatonic", {}, 0, "1P 3m 4P 5P 7M"},
    {"super locrian pentatonic", {}, 0, "1P 3m 4d 5d 7m"},
    {"minor hexatonic", {}, 0, "1P 2M 3m 4P 5P 7M"},
    {"augmented", {}, 0, "1P 2A 3M 5P 5A 7M"},
    {"piongio", {}, 0, "1P 2M 4P 5P 6M 7m"},
    {"prometheus neapolitan", {}, 0, "1P 2m 3M 4A 6M 7m"},
    {"prometheus", {}, 0, "1P 2M 3M 4A 6M 7m"},
    {"mystery #1", {}, 0, "1P 2m 3M 5d 6m 7m"},
    {"six tone symmetric", {}, 0, "1P 2m 3M 4P 5A 6M"},
    {"whole tone", {"messiaen's mode #1"}, 1, "1P 2M 3M 4A 5A 6A"},
    {"messiaen's mode #5", {}, 0, "1P 2m 4P 4A 5P 7M"},
    {"locrian major", {"arabian"}, 1, "1P 2M 3M 4P 5d 6m 7m"},
    {"double harmonic lydian", {}, 0, "1P 2m 3M 4A 5P 6m 7M"},
    {"altered", {"super locrian", "diminished whole tone", "pomeroy"}, 3, "1P 2m 2A 3M 4A 6m 7m"},
    {"locrian #2", {"half-diminished", "aeolian b5"}, 2, "1P 2M 3m 4P 5d 6m 7m"},
    {"mixolydian b6", {"melodic minor fifth mode", "hindu"}, 2, "1P 2M 3M 4P 5P 6m 7m"},
    {"lydian dominant", {"lydian b7", "overtone"}, 2, "1P 2M 3M 4A 5P 6M 7m"},
    {"lydian augmented", {}, 0, "1P 2M 3M 4A 5A 6M 7M"},
    {"dorian b2", {"phrygian #6", "melodic minor second mode"}, 2, "1P 2m 3m 4P 5P 6M 7m"},
    {"ultralocrian", {"superlocrian bb7", "superlocrian diminished"}, 2, "1P 2m 3m 4d 5d 6m 7d"},
    {"locrian 6", {"locrian natural 6", "locrian sharp 6"}, 2, "1P 2m 3m 4P 5d 6M 7m"},
    {"augmented heptatonic", {}, 0, "1P 2A 3M 4P 5P 5A 7M"},
    {"dorian #4", {"ukrainian dorian", "romanian minor", "altered dorian"}, 3, "1P 2M 3m 4A 5P 6M 7m"},
    {"lydian diminished", {}, 0, "1P 2M 3m 4A 5P 6M 7M"},
    {"leading whole tone", {}, 0, "1P 2M 3M 4A 5A 7m 7M"},
    {"lydian minor", {}, 0, "1P 2M 3M 4A 5P 6m 7m"},
    {"phrygian dominant", {"spanish", "phrygian major"}, 2, "1P 2m 3M 4P 5P 6m 7m"},
    {"balinese", {}, 0, "1P 2m 3m 4P 5P 6m 7M"},
    {"neapolitan major", {}, 0, "1P 2m 3m 4P 5P 6M 7M"},
    {"harmonic major", {}, 0, "1P 2M 3M 4P 5P 6m 7M"},
    {"double harmonic major", {"gypsy"}, 1, "1P 2m 3M 4P 5P 6m 7M"},
    {"hungarian minor", {}, 0, "1P 2M 3m 4A 5P 6m 7M"},
    {"hungarian major", {}, 0, "1P 2A 3M 4A 5P 6M 7m"},
    {"oriental", {}, 0, "1P 2m 3M 4P 5d 6M 7m"},
    {"flamenco", {}, 0, "1P 2m 3m 3M 4A 5P 7m"},
    {"todi raga", {}, 0, "1P 2m 3m 4A 5P 6m 7M"},
    {"persian", {}, 0, "1P 2m 3M 4P 5d 6m 7M"},
    {"enigmatic", {}, 0, "1P 2m 3M 5d 6m 7m 7M"},
    {"major augmented", {"major #5", "ionian augmented", "ionian #5"}, 3, "1P 2M 3M 4P 5A 6M 7M"},
    {"lydian #9", {}, 0, "1P 2A 3M 4A 5P 6M 7M"},
    {"messiaen's mode #4", {}, 0, "1P 2m 2M 4P 4A 5P 6m 7M"},
    {"purvi raga", {}, 0, "1P 2m 3M 4P 4A 5P 6m 7M"},
    {"spanish heptatonic", {}, 0, "1P 2m 3m 3M 4P 5P 6m 7m"},
    {"bebop minor", {}, 0, "1P 2M 3m 3M 4P 5P 6M 7m"},
    {"bebop major", {}, 0, "1P 2M 3M 4P 5P 5A 6M 7M"},
    {"bebop locrian", {}, 0, "1P 2m 3m 4P 5d 5P 6m 7m"},
    {"minor bebop", {}, 0, "1P 2M 3m 4P 5P 6m 7m 7M"},
    {"ichikosucho", {}, 0, "1P 2M 3M 4P 5d 5P 6M 7M"},
    {"minor six diminished", {}, 0, "1P 2M 3m 4P 5P 6m 6M 7M"},
    {"half-whole diminished", {"dominant diminished", "messiaen's mode #2"}, 2, "1P 2m 3m 3M 4A 5P 6M 7m"},
    {"kafi raga", {}, 0, "1P 3m 3M 4P 5P 6M 7m 7M"},
    {"messiaen's mode #6", {}, 0, "1P 2M 3M 4P 4A 5A 6A 7M"},
    {"composite blues", {}, 0, "1P 2M 3m 3M 4P 5d 5P 6M 7m"},
    {"messiaen's mode #3", {}, 0, "1P 2M 3m 3M 4A 5P 6m 7m 7M"},
    {"messiaen's mode #7", {}, 0, "1P 2m 2M 3m 4P 4A 5P 6m 6M 7M"},
    {"chromatic", {}, 0, "1P 2m 2M 3m 3M 4P 5d 5P 6m 6M 7m 7M"},
};

inline constexpr std::size_t scale_type_count = std::size(scale_type_rows);
inline constexpr std::size_t max_scale_size = 12;

using ScaleTypeIntervals = IntervalList<max_scale_size>;

consteval std::array<ScaleTypeIntervals, scale_type_count> parse_all_scale_intervals() {
    std::array<ScaleTypeIntervals, scale_type_count> out{};
    for (std::size_t i = 0; i < scale_type_count; ++i) {
        out[i] = parse_interval_list<max_scale_size>(scale_type_rows[i].intervals);
    }
    return out;
}

inline constexpr std::array<ScaleTypeIntervals, scale_type_count> scale_type_intervals = parse_all_scale_intervals();

// Index of the row whose name or alias is name (ASCII case-insensitive), or
// scale_type_count.
[[nodiscard]] constexpr std::size_t find_scale_type(std::string_view name) noexcept {
    name = trim_spaces(name);
    for (std::size_t i = 0; i < scale_type_count; ++i) {
        const ScaleTypeRow& row = scale_type_rows[i];
        if (iequals(row.name, name)) {
            return i;
        }
        for (std::size_t a = 0; a < row.alias_count; ++a) {
            if (iequals(row.aliases[a], name)) {
                return i;
            }
        }
    }
    return scale_type_count;
}

// For the named constants: a misspelt name stops compilation.
consteval std::size_t scale_type_index(std::string_view name) {
    const std::size_t i = find_scale_type(name);
    if (i == scale_type_count) {
        throw "no such scale type in the table";
    }
    return i;
}

} // namespace detail

/// One scale type of the dictionary: a name ("dorian"), aliases, and the
/// intervals above the root ("1P 2M 3m 4P 5P 6M 7m"), without a root note.
/// A small value type (an index into a constant table); the seed's names are
/// constants: ScaleType::Major, ScaleType::Dorian, ScaleType::BluesMinor, ...
/// Thread-safe: a value type. Realtime-safe: everything except the throwing
/// from_name(std::string_view) (it allocates its message when it throws).
class ScaleType {
public:
    /// How many scale types the dictionary has (92, as tonal 6.4.3).
    static constexpr std::size_t count = detail::scale_type_count;

    /// The major scale.
    constexpr ScaleType() noexcept = default;

    /// @name The seed's names and other common ones.
    /// @{
    static const ScaleType Major;            ///< "major" (ionian)
    static const ScaleType Ionian;           ///< "major"
    static const ScaleType Minor;            ///< "minor" (aeolian, natural minor)
    static const ScaleType NaturalMinor;     ///< "minor"
    static const ScaleType Aeolian;          ///< "minor"
    static const ScaleType Dorian;           ///< "dorian"
    static const ScaleType Phrygian;         ///< "phrygian"
    static const ScaleType Lydian;           ///< "lydian"
    static const ScaleType Mixolydian;       ///< "mixolydian"
    static const ScaleType Locrian;          ///< "locrian"
    static const ScaleType HarmonicMinor;    ///< "harmonic minor"
    static const ScaleType MelodicMinor;     ///< "melodic minor"
    static const ScaleType HarmonicMajor;    ///< "harmonic major"
    static const ScaleType PentatonicMajor;  ///< "major pentatonic"
    static const ScaleType PentatonicMinor;  ///< "minor pentatonic"
    static const ScaleType BluesMinor;       ///< "minor blues" (blues)
    static const ScaleType BluesMajor;       ///< "major blues"
    static const ScaleType HungarianMinor;   ///< "hungarian minor"
    static const ScaleType HungarianMajor;   ///< "hungarian major"
    static const ScaleType PhrygianDominant; ///< "phrygian dominant" (spanish)
    static const ScaleType LydianDominant;   ///< "lydian dominant"
    static const ScaleType Altered;          ///< "altered" (super locrian)
    static const ScaleType DoubleHarmonic;   ///< "double harmonic major" (gypsy)
    static const ScaleType Bebop;            ///< "bebop" (dominant bebop)
    static const ScaleType Diminished;       ///< "diminished" (whole-half)
    static const ScaleType HalfWholeDiminished; ///< "half-whole diminished"
    static const ScaleType WholeTone;        ///< "whole tone"
    static const ScaleType Chromatic;        ///< "chromatic"
    /// @}

    /// The type with this name or alias, compared ignoring ASCII case and
    /// surrounding spaces ("Dorian", "aeolian", "blues"); empty when there is none.
    [[nodiscard]] static constexpr std::optional<ScaleType> find(std::string_view name) noexcept {
        const std::size_t i = detail::find_scale_type(name);
        if (i == count) {
            return std::nullopt;
        }
        return ScaleType{i};
    }

    /// As find(), but throws TheoryError (Errc::InvalidArgument) quoting the
    /// name when there is no such type.
    /// Thread-safe. Not realtime-safe when it throws.
    [[nodiscard]] static ScaleType from_name(std::string_view name) { return from_name_impl(name, nullptr); }

    /// As from_name, but sets ec (Errc::InvalidArgument) instead of throwing
    /// and then returns Major; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static ScaleType from_name(std::string_view name, std::error_code& ec) noexcept {
        return from_name_impl(name, &ec);
    }

    /// The i-th type of the dictionary, 0 <= i < count (in tonal's order).
    /// Throws TheoryError (Errc::OutOfRange) for other i.
    [[nodiscard]] static constexpr ScaleType from_index(std::size_t i) {
        if (i >= count) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "scale type index " + std::to_string(i) + ": expected 0 to " + std::to_string(count - 1);
            });
        }
        return ScaleType{i};
    }

    /// Every type, in the dictionary's order.
    [[nodiscard]] static constexpr std::array<ScaleType, count> all() noexcept {
        std::array<ScaleType, count> out{};
        for (std::size_t i = 0; i < count; ++i) {
            out[i] = ScaleType{i};
        }
        return out;
    }

    /// The position in the dictionary.
    [[nodiscard]] constexpr std::size_t index() const noexcept { return index_; }
    /// The canonical (tonal) name, lower case: "major", "harmonic minor".
    [[nodiscard]] constexpr std::string_view name() const noexcept { return row().name; }
    /// The other names: {"ionian"} for major, {} for dorian.
    [[nodiscard]] constexpr std::span<const std::string_view> aliases() const noexcept {
        return {row().aliases, row().alias_count};
    }
    /// The intervals above the root, ascending, starting with P1: for dorian
    /// P1 M2 m3 P4 P5 M6 m7.
    [[nodiscard]] constexpr std::span<const Interval> intervals() const noexcept {
        const detail::ScaleTypeIntervals& d = detail::scale_type_intervals[index_];
        return {d.intervals.data(), d.size};
    }
    /// The number of notes in one octave (7 for dorian, 5 for pentatonics).
    [[nodiscard]] constexpr std::size_t size() const noexcept { return detail::scale_type_intervals[index_].size; }
    /// The pitch classes above the root as a bit set: bit k is set when the
    /// scale has the note k semitones (mod 12) above its root. Major: bits
    /// 0 2 4 5 7 9 11.
    [[nodiscard]] constexpr std::uint16_t chroma() const noexcept { return detail::scale_type_intervals[index_].chroma; }
    /// Whether the scale has the note `semitones` (taken mod 12) above its root.
    [[nodiscard]] constexpr bool has_semitone(int semitones) const noexcept {
        const int pc = ((semitones % 12) + 12) % 12;
        return (chroma() >> static_cast<unsigned>(pc) & 1u) != 0;
    }

    /// Same dictionary entry.
    [[nodiscard]] friend constexpr bool operator==(ScaleType, ScaleType) noexcept = default;

private:
    explicit constexpr ScaleType(std::size_t i) noexcept : index_(static_cast<std::uint8_t>(i)) {}

    [[nodiscard]] constexpr const detail::ScaleTypeRow& row() const noexcept { return detail::scale_type_rows[index_]; }

    static ScaleType from_name_impl(std::string_view name, std::error_code* ec) {
        if (const auto t = find(name)) {
            cm::detail::report_success(ec);
            return *t;
        }
        cm::detail::report<TheoryError>(ec, Errc::InvalidArgument, [&] {
            return "unknown scale type \"" + std::string(name) +
                   "\": expected a name or alias of the dictionary (tonal's), such as \"major\", \"dorian\", "
                   "\"harmonic minor\", \"minor pentatonic\" or \"blues\"";
        });
        return ScaleType{};
    }

    static_assert(detail::scale_type_count < 256, "ScaleType stores its index in a byte");
    std::uint8_t index_ = static_cast<std::uint8_t>(detail::scale_type_index("major"));
};

inline constexpr ScaleType ScaleType::Major = ScaleType::from_index(detail::scale_type_index("major"));
inline constexpr ScaleType ScaleType::Ionian = ScaleType::from_index(detail::scale_type_index("major"));
inline constexpr ScaleType ScaleType::Minor = ScaleType::from_index(detail::scale_type_index("minor"));
inline constexpr ScaleType ScaleType::NaturalMinor = ScaleType::from_index(detail::scale_type_index("minor"));
inline constexpr ScaleType ScaleType::Aeolian = ScaleType::from_index(detail::scale_type_index("minor"));
inline constexpr ScaleType ScaleType::Dorian = ScaleType::from_index(detail::scale_type_index("dorian"));
inline constexpr ScaleType ScaleType::Phrygian = ScaleType::from_index(detail::scale_type_index("phrygian"));
inline constexpr ScaleType ScaleType::Lydian = ScaleType::from_index(detail::scale_type_index("lydian"));
inline constexpr ScaleType ScaleType::Mixolydian = ScaleType::from_index(detail::scale_type_index("mixolydian"));
inline constexpr ScaleType ScaleType::Locrian = ScaleType::from_index(detail::scale_type_index("locrian"));
inline constexpr ScaleType ScaleType::HarmonicMinor = ScaleType::from_index(detail::scale_type_index("harmonic minor"));
inline constexpr ScaleType ScaleType::MelodicMinor = ScaleType::from_index(detail::scale_type_index("melodic minor"));
inline constexpr ScaleType ScaleType::HarmonicMajor = ScaleType::from_index(detail::scale_type_index("harmonic major"));
inline constexpr ScaleType ScaleType::PentatonicMajor = ScaleType::from_index(detail::scale_type_index("major pentatonic"));
inline constexpr ScaleType ScaleType::PentatonicMinor = ScaleType::from_index(detail::scale_type_index("minor pentatonic"));
inline constexpr ScaleType ScaleType::BluesMinor = ScaleType::from_index(detail::scale_type_index("minor blues"));
inline constexpr ScaleType ScaleType::BluesMajor = ScaleType::from_index(detail::scale_type_index("major blues"));
inline constexpr ScaleType ScaleType::HungarianMinor = ScaleType::from_index(detail::scale_type_index("hungarian minor"));
inline constexpr ScaleType ScaleType::HungarianMajor = ScaleType::from_index(detail::scale_type_index("hungarian major"));
inline constexpr ScaleType ScaleType::PhrygianDominant = ScaleType::from_index(detail::scale_type_index("phrygian dominant"));
inline constexpr ScaleType ScaleType::LydianDominant = ScaleType::from_index(detail::scale_type_index("lydian dominant"));
inline constexpr ScaleType ScaleType::Altered = ScaleType::from_index(detail::scale_type_index("altered"));
inline constexpr ScaleType ScaleType::DoubleHarmonic = ScaleType::from_index(detail::scale_type_index("double harmonic major"));
inline constexpr ScaleType ScaleType::Bebop = ScaleType::from_index(detail::scale_type_index("bebop"));
inline constexpr ScaleType ScaleType::Diminished = ScaleType::from_index(detail::scale_type_index("diminished"));
inline constexpr ScaleType ScaleType::HalfWholeDiminished = ScaleType::from_index(detail::scale_type_index("half-whole diminished"));
inline constexpr ScaleType ScaleType::WholeTone = ScaleType::from_index(detail::scale_type_index("whole tone"));
inline constexpr ScaleType ScaleType::Chromatic = ScaleType::from_index(detail::scale_type_index("chromatic"));

} // namespace cm::theory
