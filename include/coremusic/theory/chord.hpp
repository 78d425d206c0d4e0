// coremusic/theory/chord.hpp
// A chord is a root note and a chord type, maybe over another bass note
// ("C/E"): its spelled notes, inversions and symbol, and reading symbols back.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>

namespace cm::theory {

namespace detail {

// One accidental at the start of s (# ♯ x 𝄪 b ♭ 𝄫 ♮, as Note::from_name
// reads them): its length in bytes, or 0 when s starts with none.
[[nodiscard]] constexpr std::size_t accidental_token(std::string_view s, int& value) noexcept {
    struct Token {
        std::string_view text;
        int value;
    };
    constexpr Token tokens[] = {{"#", 1},           {"\u266F", 1},  {"x", 2},  {"\U0001D12A", 2},
                                {"b", -1},          {"\u266D", -1}, {"\U0001D12B", -2}, {"\u266E", 0}};
    for (const Token& t : tokens) {
        if (s.starts_with(t.text)) {
            value = t.value;
            return t.text.size();
        }
    }
    return 0;
}

[[nodiscard]] constexpr int letter_index(char c) noexcept {
    switch (c) {
    case 'C': case 'c': return 0;
    case 'D': case 'd': return 1;
    case 'E': case 'e': return 2;
    case 'F': case 'f': return 3;
    case 'G': case 'g': return 4;
    case 'A': case 'a': return 5;
    case 'B': case 'b': return 6;
    default: return -1;
    }
}

// A letter and at most a double sharp or flat (not mixed) filling all of s:
// the bass after a slash. Empty for anything else.
struct PitchClassName {
    Letter letter;
    int accidental;
};
[[nodiscard]] constexpr std::optional<PitchClassName> parse_pitch_class_name(std::string_view s) noexcept {
    if (s.empty() || letter_index(s[0]) < 0) {
        return std::nullopt;
    }
    const int letter = letter_index(s[0]);
    s.remove_prefix(1);
    int sharps = 0;
    int flats = 0;
    while (!s.empty()) {
        int v = 0;
        const std::size_t len = accidental_token(s, v);
        if (len == 0) {
            return std::nullopt;
        }
        (v > 0 ? sharps : flats) += v > 0 ? v : -v;
        s.remove_prefix(len);
        if (sharps > 2 || flats > 2) {
            return std::nullopt;
        }
    }
    if (sharps > 0 && flats > 0) {
        return std::nullopt;
    }
    return PitchClassName{static_cast<Letter>(letter), sharps - flats};
}

// The longest symbol of the dictionary, in bytes: no base of an altered
// symbol ("7" of "7(b9,#5)") is longer, which bounds the search.
consteval std::size_t longest_chord_alias() {
    std::size_t n = 0;
    for (const ChordTypeRow& row : chord_type_rows) {
        for (std::size_t a = 0; a < row.alias_count; ++a) {
            n = row.aliases[a].size() > n ? row.aliases[a].size() : n;
        }
    }
    return n;
}

// The dictionary index of the type with exactly this symbol (aliases only,
// not names), or chord_type_count.
[[nodiscard]] constexpr std::size_t find_chord_alias(std::string_view symbol) noexcept {
    for (std::size_t i = 0; i < chord_type_count; ++i) {
        for (std::size_t a = 0; a < chord_type_rows[i].alias_count; ++a) {
            if (chord_type_rows[i].aliases[a] == symbol) {
                return i;
            }
        }
    }
    return chord_type_count;
}

// A chord's intervals while alterations are applied; fixed capacity so that
// parsing never allocates.
struct AlteredIntervals {
    static constexpr std::size_t capacity = 16;
    std::array<Interval, capacity> intervals{};
    std::size_t size = 0;

    [[nodiscard]] constexpr bool contains(Interval i) const noexcept {
        for (std::size_t k = 0; k < size; ++k) {
            if (intervals[k] == i) {
                return true;
            }
        }
        return false;
    }
    constexpr void remove_if(Quality q, int number, bool any_quality) noexcept {
        std::size_t out = 0;
        for (std::size_t k = 0; k < size; ++k) {
            const bool match = intervals[k].number() == number && (any_quality || intervals[k].quality() == q);
            if (!match) {
                intervals[out++] = intervals[k];
            }
        }
        size = out;
    }
    [[nodiscard]] constexpr bool add(Interval i) noexcept {
        if (contains(i)) {
            return true;
        }
        if (size == capacity) {
            return false;
        }
        intervals[size++] = i;
        return true;
    }
};

// Applies a list of alterations to w: tokens "b5" "#5" "5", "b9" "#9" "9",
// "#11" "11", "b13" "13" (each optionally after "add"; + and - may stand
// for # and b), "no3" "no5" "omit3" "omit5", separated by nothing or by
// parentheses, commas and spaces: "(b9,#5)", "b9#5", "(add9)", "no3".
// A fifth replaces the fifth; an altered 9, 11 or 13 replaces the natural
// one and is otherwise added; a natural one is added. False when s is not
// such a list (or is empty).
[[nodiscard]] constexpr bool apply_alterations(std::string_view s, AlteredIntervals& w) noexcept {
    constexpr std::size_t max_tokens = 8;
    std::size_t tokens = 0;
    for (;;) {
        while (!s.empty() && (s[0] == '(' || s[0] == ')' || s[0] == ',' || s[0] == ' ')) {
            s.remove_prefix(1);
        }
        if (s.empty()) {
            break;
        }
        if (++tokens > max_tokens) {
            return false;
        }
        bool omit = false;
        if (s.starts_with("add")) {
            s.remove_prefix(3);
        } else if (s.starts_with("no")) {
            omit = true;
            s.remove_prefix(2);
        } else if (s.starts_with("omit")) {
            omit = true;
            s.remove_prefix(4);
        }
        int accidental = 0;
        if (!omit) {
            if (s.starts_with("b") || s.starts_with("-")) {
                accidental = -1;
                s.remove_prefix(1);
            } else if (s.starts_with("#") || s.starts_with("+")) {
                accidental = 1;
                s.remove_prefix(1);
            } else if (s.starts_with("\u266D") || s.starts_with("\u266F")) {
                accidental = s.starts_with("\u266D") ? -1 : 1;
                s.remove_prefix(3);
            }
        }
        int number = 0;
        std::size_t digits = 0;
        while (!s.empty() && s[0] >= '0' && s[0] <= '9' && digits < 2) {
            number = number * 10 + (s[0] - '0');
            s.remove_prefix(1);
            ++digits;
        }
        if (digits == 0) {
            return false;
        }
        if (omit) {
            if (number != 3 && number != 5) {
                return false;
            }
            w.remove_if(Quality::Perfect, number, true);
            continue;
        }
        const bool perfect = number == 5 || number == 11;
        if (number != 5 && number != 9 && number != 11 && number != 13) {
            return false;
        }
        const Quality natural = perfect ? Quality::Perfect : Quality::Major;
        const Quality lowered = perfect ? Quality::Diminished : Quality::Minor;
        const Quality q = accidental < 0 ? lowered : accidental > 0 ? Quality::Augmented : natural;
        if (number == 5) {
            w.remove_if(q, 5, true);
        } else if (accidental != 0) {
            w.remove_if(natural, number, false);
        }
        if (!w.add(Interval{q, number})) {
            return false;
        }
    }
    return tokens > 0;
}

// Why a chord symbol did not parse, with what from_symbol's message needs.
enum class ChordSymbolFailure : std::uint8_t { None, NoRoot, Accidentals, UnknownType, BadBass, NoSuchType, Octave };

struct ChordSymbolParse {
    ChordSymbolFailure failure = ChordSymbolFailure::None;
    ChordType type{};
    std::optional<PitchClassName> bass{};
    std::string_view part{};       // the text that failed: the type or the bass
    AlteredIntervals altered{};    // for NoSuchType: the intervals no type has
};

// The type text of a symbol (after the root, before any slash): a symbol or
// name of the dictionary, or else the longest symbol that starts it followed
// by alterations that lead to a type of the dictionary.
[[nodiscard]] constexpr ChordSymbolParse parse_chord_type_text(std::string_view text) noexcept {
    ChordSymbolParse out{};
    const std::string_view trimmed = trim_spaces(text);
    if (const std::size_t i = find_chord_type(trimmed); i < chord_type_count) {
        out.type = ChordType::from_index(i);
        return out;
    }
    out.failure = ChordSymbolFailure::UnknownType;
    out.part = trimmed;
    constexpr std::size_t longest = longest_chord_alias();
    for (std::size_t len = trimmed.size() < longest ? trimmed.size() : longest;; --len) {
        if (const std::size_t i = find_chord_alias(trimmed.substr(0, len)); i < chord_type_count) {
            const ChordType base = ChordType::from_index(i);
            AlteredIntervals w{};
            for (const Interval iv : base.intervals()) {
                w.intervals[w.size++] = iv;
            }
            if (apply_alterations(trimmed.substr(len), w)) {
                if (const auto t = ChordType::from_intervals({w.intervals.data(), w.size})) {
                    out.failure = ChordSymbolFailure::None;
                    out.type = *t;
                    return out;
                }
                if (out.failure != ChordSymbolFailure::NoSuchType) {
                    out.failure = ChordSymbolFailure::NoSuchType;
                    out.altered = w;
                }
            }
        }
        if (len == 0) {
            break;
        }
    }
    return out;
}

// Everything after the root: a type text, maybe "/bass".
[[nodiscard]] constexpr ChordSymbolParse parse_chord_after_root(std::string_view rest) noexcept {
    // The whole text first: "6/9" and "m/ma7" are symbols with a slash.
    ChordSymbolParse whole = parse_chord_type_text(rest);
    const std::size_t slash = rest.rfind('/');
    if (whole.failure == ChordSymbolFailure::None || slash == std::string_view::npos) {
        return whole;
    }
    const std::string_view bass_text = trim_spaces(rest.substr(slash + 1));
    const auto bass = parse_pitch_class_name(bass_text);
    if (!bass) {
        ChordSymbolParse out{};
        out.failure = ChordSymbolFailure::BadBass;
        out.part = bass_text;
        return out;
    }
    ChordSymbolParse out = parse_chord_type_text(rest.substr(0, slash));
    out.bass = bass;
    return out;
}

} // namespace detail

/// A chord type on a root: Chord{Note::from_name("C4"), ChordType::Major7}
/// is C4 E4 G4 B4. Notes are spelled by transposing the root by the type's
/// intervals, so F#m7b5 has C natural and Db7 has Cb. An optional bass note
/// makes a slash chord: C/E (first inversion), C/Bb (a bass outside the chord).
/// Thread-safe: a value type. Realtime-safe: root(), type(), bass(),
/// inversion_number(), the comparisons and the non-throwing from_symbol;
/// not notes(), symbol() or the throwing from_symbol (they allocate).
class Chord {
public:
    /// C4 major.
    constexpr Chord() noexcept = default;

    /// type on root, in root position.
    constexpr Chord(Note root, ChordType type) noexcept : root_(root), type_(type) {}

    /// type on root over bass. A bass of the root's pitch class is root
    /// position (no slash is kept). The bass's octave is ignored: notes()
    /// places it below the rest.
    constexpr Chord(Note root, ChordType type, Note bass) noexcept : root_(root), type_(type) {
        if (bass.pitch_class() != root.pitch_class() || bass.letter() != root.letter()) {
            bass_ = bass;
        }
    }

    /// Parses a chord symbol: a root (a letter A-G, either case, and
    /// accidentals as Note::from_name reads them: # ♯ x 𝄪 b ♭ 𝄫), then a
    /// symbol or name of the dictionary ("maj7", "m7b5", "ø", "°7", "Δ",
    /// "6/9", "sus4", "", " dominant seventh"), then an optional "/bass" (a
    /// letter and accidentals): "Cmaj7", "F#m7b5", "Bb13#11", "C/E", "Am/C",
    /// "Ebm7", "G7sus4", "Cø". Everything after the root is the type, as in
    /// tonal: "C4" is C quartal, "C5" the power chord; the root's octave is
    /// `octave`. A symbol of the dictionary followed by alterations in
    /// parentheses or run on also parses when the result is a type of the
    /// dictionary: "C7(b9,#5)" is C7#5b9, "C9(#11)" C9#11, "Cm7(b5)" Cm7b5,
    /// "C(add9)" Cadd9. A fifth (b5, #5) replaces the fifth; an altered 9, 11
    /// or 13 (b9, #9, #11, b13) replaces the natural one or is added; a
    /// natural 9, 11, 13 (or add9 ...) is added; no3 and no5 remove the third
    /// or fifth. The root reads as many accidentals as it can and gives some
    /// back only when the rest would not parse, so "Cb9sus" is Cb 9sus4 (as
    /// tonal reads it) while "C#b9" is C# with an added b9.
    /// Throws TheoryError quoting the symbol and saying what was expected:
    /// Errc::InvalidFormat for a missing root ("H7", ""), a root beyond a
    /// double sharp or flat, or a bad bass ("C/", "C/H"); Errc::InvalidArgument
    /// for an unknown type ("Cxyz") or alterations that lead to no type of
    /// the dictionary (the message lists the intervals they give);
    /// Errc::OutOfRange for an octave outside Note's range.
    /// Thread-safe. Not realtime-safe when it throws.
    [[nodiscard]] static Chord from_symbol(std::string_view symbol, int octave = 4) {
        return parse_symbol(symbol, octave, nullptr);
    }

    /// As from_symbol, but sets ec instead of throwing and then returns C4
    /// major; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Chord from_symbol(std::string_view symbol, int octave, std::error_code& ec) noexcept {
        return parse_symbol(symbol, octave, &ec);
    }

    /// from_symbol(symbol, 4, ec).
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Chord from_symbol(std::string_view symbol, std::error_code& ec) noexcept {
        return parse_symbol(symbol, 4, &ec);
    }

    /// The root.
    [[nodiscard]] constexpr Note root() const noexcept { return root_; }
    /// The chord type.
    [[nodiscard]] constexpr ChordType type() const noexcept { return type_; }
    /// The bass of a slash chord, empty in root position.
    [[nodiscard]] constexpr std::optional<Note> bass() const noexcept { return bass_; }

    /// The notes upward from the root (octave from the root's note), spelled
    /// by the type's intervals: C4 maj7 -> C4 E4 G4 B4, C4 13 -> C4 E4 G4 Bb4 D5 A5.
    /// With a bass that is a chord tone, the chord is inverted so that tone
    /// is lowest and the others follow upward in the chord's order, each
    /// above the last (C4/E: E4 G4 C5). With a bass outside the chord, that
    /// bass is added below the root-position chord (C/Bb: Bb3 C4 E4 G4).
    /// Throws TheoryError (Errc::OutOfRange) for a note that would need more
    /// than a double sharp or flat.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Note> notes() const {
        std::vector<Note> out;
        out.reserve(type_.size() + 1);
        for (const Interval i : type_.intervals()) {
            out.push_back(root_.transpose(i));
        }
        if (!bass_) {
            return out;
        }
        const std::optional<std::size_t> k = chord_tone_index(*bass_);
        if (!k) {
            out.insert(out.begin(), below(*bass_, out.front()));
            return out;
        }
        return rotate_up(out, *k);
    }

    /// Which chord tone is in the bass: 0 in root position (or with a bass
    /// outside the chord), 1 for the first inversion (C/E), 2 for the second
    /// (C/G), 3 for the third (C7/Bb).
    [[nodiscard]] constexpr std::size_t inversion_number() const noexcept {
        if (!bass_) {
            return 0;
        }
        return chord_tone_index(*bass_).value_or(0);
    }

    /// The same chord with its n-th chord tone in the bass (0 = root
    /// position), keeping root and type, so the quality is unchanged: C
    /// inversion(1) = C/E, C7 inversion(3) = C7/Bb. Throws TheoryError
    /// (Errc::OutOfRange) unless 0 <= n < type().size().
    [[nodiscard]] constexpr Chord inversion(int n) const {
        if (n < 0 || static_cast<std::size_t>(n) >= type_.size()) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "inversion " + std::to_string(n) + " of a chord of " + std::to_string(type_.size()) +
                       " notes: expected 0 to " + std::to_string(type_.size() - 1);
            });
        }
        Chord out{root_, type_};
        if (n > 0) {
            out.bass_ = root_.transpose(type_.intervals()[static_cast<std::size_t>(n)]);
        }
        return out;
    }

    /// The symbol: root letter and accidentals, the type's symbol, and
    /// "/bass" for a slash chord: "C", "Cmaj7", "F#m7b5", "Bb13#11", "C/E".
    /// A type symbol that starts like an accidental would be read as part of
    /// the root ("b9sus": "Cb9sus" is Cb 9sus4), so for it the first alias
    /// that does not is used ("Cphryg"); from_symbol(symbol()) gives the
    /// chord back.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::string symbol() const {
        std::string out = root_.pitch_class_name();
        out += unambiguous_type_symbol(type_);
        if (bass_) {
            out += '/';
            out += bass_->pitch_class_name();
        }
        return out;
    }

    /// Same root (spelling and octave), type and bass (spelling; its octave
    /// is ignored).
    [[nodiscard]] friend constexpr bool operator==(const Chord& a, const Chord& b) noexcept {
        if (a.root_ != b.root_ || a.type_ != b.type_ || a.bass_.has_value() != b.bass_.has_value()) {
            return false;
        }
        return !a.bass_ || (a.bass_->letter() == b.bass_->letter() && a.bass_->accidental() == b.bass_->accidental());
    }

private:
    [[nodiscard]] static constexpr std::string_view unambiguous_type_symbol(ChordType t) noexcept {
        const auto starts_like_accidental = [](std::string_view a) {
            int v = 0;
            return detail::accidental_token(a, v) != 0;
        };
        if (!starts_like_accidental(t.symbol())) {
            return t.symbol();
        }
        for (const std::string_view a : t.aliases()) {
            if (!starts_like_accidental(a)) {
                return a;
            }
        }
        return t.symbol();
    }

    static Chord parse_symbol(std::string_view text, int octave, std::error_code* ec) {
        using detail::ChordSymbolFailure;
        const std::string_view s = detail::trim_spaces(text);
        if (octave < Note::min_octave || octave > Note::max_octave) {
            cm::detail::report<TheoryError>(ec, Errc::OutOfRange, [&] {
                return "chord symbol " + detail::quote(text) + " in octave " + std::to_string(octave) +
                       ": expected an octave from " + std::to_string(Note::min_octave) + " to " +
                       std::to_string(Note::max_octave);
            });
            return Chord{};
        }
        detail::ChordSymbolParse failure{};
        std::string_view failed_root{};
        const int letter = s.empty() ? -1 : detail::letter_index(s[0]);
        if (letter < 0) {
            failure.failure = ChordSymbolFailure::NoRoot;
        } else {
            // Every way to split the leading accidentals between root and
            // type, most accidentals in the root first.
            constexpr std::size_t max_splits = 8;
            std::array<std::size_t, max_splits> ends{};
            std::array<int, max_splits> values{};
            std::array<bool, max_splits> valid{};
            ends[0] = 1;
            valid[0] = true;
            std::size_t splits = 1;
            int sharps = 0;
            int flats = 0;
            while (splits < max_splits) {
                int v = 0;
                const std::size_t len = detail::accidental_token(s.substr(ends[splits - 1]), v);
                if (len == 0) {
                    break;
                }
                (v > 0 ? sharps : flats) += v > 0 ? v : -v;
                ends[splits] = ends[splits - 1] + len;
                values[splits] = sharps - flats;
                valid[splits] = sharps <= 2 && flats <= 2 && (sharps == 0 || flats == 0);
                ++splits;
            }
            for (std::size_t k = splits; k-- > 0;) {
                detail::ChordSymbolParse p{};
                if (valid[k]) {
                    p = detail::parse_chord_after_root(s.substr(ends[k]));
                } else {
                    p.failure = ChordSymbolFailure::Accidentals;
                }
                if (p.failure == ChordSymbolFailure::None) {
                    const Note root{static_cast<Letter>(letter), values[k], octave};
                    cm::detail::report_success(ec);
                    if (!p.bass) {
                        return Chord{root, p.type};
                    }
                    return Chord{root, p.type, Note{p.bass->letter, p.bass->accidental, octave}};
                }
                if (failure.failure == ChordSymbolFailure::None) {
                    failure = p;
                    failed_root = s.substr(0, ends[k]);
                }
            }
        }
        const Errc code = failure.failure == ChordSymbolFailure::UnknownType ||
                                  failure.failure == ChordSymbolFailure::NoSuchType
                              ? Errc::InvalidArgument
                              : Errc::InvalidFormat;
        cm::detail::report<TheoryError>(ec, code, [&] {
            std::string m = "chord symbol " + detail::quote(text) + ": ";
            switch (failure.failure) {
            case ChordSymbolFailure::NoRoot:
                m += s.empty() ? "empty" : "it does not start with a root letter A-G";
                m += "; expected a root, a chord type and an optional /bass, as in \"Cmaj7\", \"F#m7b5\", "
                     "\"Bb13#11\" or \"C/E\"";
                break;
            case ChordSymbolFailure::Accidentals:
                m += "the root " + detail::quote(failed_root) +
                     " has more than a double sharp or flat, or mixes sharps and flats";
                break;
            case ChordSymbolFailure::BadBass:
                m += failure.part.empty() ? std::string("nothing after '/'")
                                          : "the bass " + detail::quote(failure.part) + " is not a note name";
                m += "; expected a letter A-G and accidentals, without an octave, as in \"C/E\" or \"D7/F#\"";
                break;
            case ChordSymbolFailure::NoSuchType: {
                m += "the alterations give the intervals";
                for (std::size_t i = 0; i < failure.altered.size; ++i) {
                    m += " " + failure.altered.intervals[i].name();
                }
                m += ", which no chord type of the dictionary has";
                break;
            }
            default:
                m += "unknown chord type " + detail::quote(failure.part) + " after the root " +
                     detail::quote(failed_root) +
                     "; expected a symbol or name of the dictionary (tonal's), such as \"maj7\", \"m7\", "
                     "\"7#9\", \"m7b5\", \"sus4\", maybe with alterations as in \"7(b9,#5)\"";
                break;
            }
            return m;
        });
        return Chord{};
    }


    // Index of the chord tone spelled like n (letter and accidental), or
    // else sounding like it; empty when n is not in the chord.
    [[nodiscard]] constexpr std::optional<std::size_t> chord_tone_index(Note n) const noexcept {
        const auto intervals = type_.intervals();
        std::optional<std::size_t> by_pitch;
        for (std::size_t i = 0; i < intervals.size(); ++i) {
            const int semis = intervals[i].semitones();
            const int letter = (static_cast<int>(root_.letter()) + intervals[i].steps()) % 7;
            const int pc = detail::floor_mod(root_.pitch_class() + semis, 12);
            if (pc == n.pitch_class()) {
                if (letter == static_cast<int>(n.letter())) {
                    return i;
                }
                if (!by_pitch) {
                    by_pitch = i;
                }
            }
        }
        return by_pitch;
    }

    // The note with bass's spelling in the octave below `above` (strictly lower).
    static Note below(Note bass, Note above) {
        Note b{bass.letter(), bass.accidental(), above.octave()};
        while (b.midi() >= above.midi()) {
            b = Note{b.letter(), b.accidental(), b.octave() - 1};
        }
        return b;
    }

    // The root-position notes with the k-th moved to the bottom at its own
    // octave, and every following note raised by octaves to stay above the last.
    static std::vector<Note> rotate_up(const std::vector<Note>& root_position, std::size_t k) {
        std::vector<Note> out;
        out.reserve(root_position.size());
        for (std::size_t j = 0; j < root_position.size(); ++j) {
            Note n = root_position[(k + j) % root_position.size()];
            while (!out.empty() && n.midi() <= out.back().midi()) {
                n = Note{n.letter(), n.accidental(), n.octave() + 1};
            }
            out.push_back(n);
        }
        return out;
    }

    Note root_{};
    ChordType type_{};
    std::optional<Note> bass_{};
};

} // namespace cm::theory
