// coremusic/theory/key.hpp
// A key is a tonic and a mode (C major, A harmonic minor): its signature, its
// scale, and the triads and seventh chords it builds on each degree.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/scale_type.hpp>

namespace cm::theory {

/// Major, or one of the three forms of minor textbooks teach: natural
/// (aeolian), harmonic (raised seventh) and melodic (ascending: raised sixth
/// and seventh).
enum class KeyMode : std::int8_t {
    Major,          ///< "major": C D E F G A B
    NaturalMinor,   ///< "minor" or "natural minor": A B C D E F G
    HarmonicMinor,  ///< "harmonic minor": A B C D E F G#
    MelodicMinor,   ///< "melodic minor" (ascending): A B C D E F# G#
};

/// A tonic note and a KeyMode: Key{Note::from_name("A4"), KeyMode::HarmonicMinor}.
/// The three minor modes share the minor key's signature (A harmonic minor
/// has none: its G# is written as an accidental) and its relative major.
/// Chords and scales start on the tonic as given, octave included, and
/// rise from it. Functions that spell notes throw TheoryError
/// (Errc::OutOfRange) for theoretical keys whose scales would need more than
/// a double sharp or flat (B## major).
/// Thread-safe: a value type. Realtime-safe: tonic(), mode(), is_minor(),
/// scale(), signature(), relative(), parallel(), the comparisons and the
/// non-throwing from_name; not the functions returning strings or vectors
/// (they allocate) nor the throwing from_name.
class Key {
public:
    /// C4 major.
    constexpr Key() noexcept = default;

    /// mode on tonic.
    constexpr Key(Note tonic, KeyMode mode) noexcept : tonic_(tonic), mode_(mode) {}

    /// Parses a tonic and an optional mode, ignoring ASCII case and extra
    /// spaces: "C major", "A minor", "f# harmonic minor", "Bb melodic minor",
    /// "Eb" (major), "Am" and "F#m" (minor), "c natural minor", "Db maj",
    /// "g min". A tonic without an octave is in octave 4 ("C4 major" keeps
    /// its 4). "minor" alone is the natural minor. Throws TheoryError
    /// (Errc::InvalidFormat) quoting the text and saying what was expected.
    [[nodiscard]] static Key from_name(std::string_view name) { return parse(name, nullptr); }

    /// As from_name, but sets ec (Errc::InvalidFormat) instead of throwing
    /// and then returns C4 major; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Key from_name(std::string_view name, std::error_code& ec) noexcept {
        return parse(name, &ec);
    }

    /// The tonic.
    [[nodiscard]] constexpr Note tonic() const noexcept { return tonic_; }
    /// The mode.
    [[nodiscard]] constexpr KeyMode mode() const noexcept { return mode_; }
    /// True for the three minor modes.
    [[nodiscard]] constexpr bool is_minor() const noexcept { return mode_ != KeyMode::Major; }

    /// The tonic's letter and accidentals and the mode: "C major", "A minor"
    /// (natural), "F# harmonic minor", "Bb melodic minor".
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const {
        return tonic_.pitch_class_name() + " " + std::string(scale_type(mode_).name());
    }

    /// The key's scale: major, minor (aeolian), harmonic minor or melodic
    /// minor on the tonic.
    [[nodiscard]] constexpr Scale scale() const noexcept { return Scale{tonic_, scale_type(mode_)}; }

    /// The key signature as a count: sharps positive, flats negative. C major
    /// and A minor (all three forms) 0, G major 1, F major -1, C# major 7,
    /// Cb major -7, F# minor 3, Eb minor -6. Keys beyond seven (G# major, 8)
    /// count on, as double sharps or flats in the signature.
    [[nodiscard]] constexpr int signature() const noexcept {
        // Position of each letter on the line of fifths, C = 0.
        constexpr int letter_fifths[7] = {0, 2, 4, -1, 1, 3, 5};
        const int fifths = letter_fifths[static_cast<int>(tonic_.letter())] + 7 * tonic_.accidental();
        return is_minor() ? fifths - 3 : fifths;
    }

    /// The notes the signature alters, in the order they are written (octave
    /// 4; compare letters and accidentals): sharps F# C# G# D# A# E# B#,
    /// flats Bb Eb Ab Db Gb Cb Fb; beyond seven the order repeats with double
    /// accidentals (G# major: F## C# G# D# A# E# B#, written F# ... B# F##).
    /// Throws TheoryError (Errc::OutOfRange) beyond 14 (triple accidentals).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Note> signature_notes() const {
        const int n = signature();
        if (n > 14 || n < -14) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return name() + ": a signature of " + std::to_string(n > 0 ? n : -n) + (n > 0 ? " sharps" : " flats") +
                       " needs triple accidentals; expected at most 14";
            });
        }
        constexpr Letter sharp_order[7] = {Letter::F, Letter::C, Letter::G, Letter::D, Letter::A, Letter::E, Letter::B};
        constexpr Letter flat_order[7] = {Letter::B, Letter::E, Letter::A, Letter::D, Letter::G, Letter::C, Letter::F};
        std::vector<Note> out;
        const int count = n > 0 ? n : -n;
        out.reserve(static_cast<std::size_t>(count));
        for (int k = 0; k < count; ++k) {
            const std::size_t at = static_cast<std::size_t>(k % 7);
            out.emplace_back(n > 0 ? sharp_order[at] : flat_order[at], (n > 0 ? 1 : -1) * (1 + k / 7), 4);
        }
        return out;
    }

    /// The triads on the seven degrees, in thirds of the key's scale
    /// (Scale::triads): C major C Dm Em F G Am Bdim; A minor Am Bdim C Dm Em
    /// F G; A harmonic minor Am Bdim Caug Dm E F G#dim; A melodic minor Am Bm
    /// Caug D E F#dim G#dim.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Chord> triads() const { return unwrap(scale().triads()); }

    /// The seventh chords on the seven degrees (Scale::sevenths): C major
    /// Cmaj7 Dm7 Em7 Fmaj7 G7 Am7 Bm7b5; A harmonic minor AmM7 Bm7b5 Cmaj7#5
    /// Dm7 E7 Fmaj7 G#dim7; A melodic minor AmM7 Bm7 Cmaj7#5 D7 E7 F#m7b5
    /// G#m7b5 (tonal lists Am6 for its first; the stacked third gives mM7).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Chord> sevenths() const { return unwrap(scale().sevenths()); }

    /// The roman numerals of triads(), as RomanNumeral (roman_numeral.hpp)
    /// reads and writes them: case for major/minor, ° diminished, + augmented;
    /// in minor keys numerals count from the natural minor, except that a
    /// lower-case vii is on the leading tone. Major I ii iii IV V vi vii°;
    /// natural minor i ii° III iv v VI VII; harmonic minor i ii° III+ iv V VI
    /// vii°; melodic minor i ii III+ IV V #vi° vii°.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<std::string> roman_numerals() const { return numerals(false); }

    /// The roman numerals of sevenths(): "7" where diatonic_seventh() gives
    /// the chord, "maj7" for a major seventh it does not give, ø7 for
    /// half-diminished, °7 for diminished. Major I7 ii7 iii7 IV7 V7 vi7
    /// viiø7; natural minor i7 iiø7 III7 iv7 v7 VI7 VII7; harmonic minor i7
    /// iiø7 III+7 iv7 V7 VI7 vii°7; melodic minor i7 ii7 III+7 IV7 V7 #viø7 viiø7.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<std::string> seventh_numerals() const { return numerals(true); }

    /// The seventh chord this key makes of a triad it holds: the triad's
    /// root and type are looked up among the triads of the key's own scale,
    /// then (minor keys) of the natural, harmonic and melodic minor on the
    /// same tonic, and the first scale holding it adds its own seventh above
    /// the root. C major: G -> G7, C -> Cmaj7, Dm -> Dm7; A minor: Am -> Am7,
    /// E -> E7 (harmonic), D -> D7 (melodic); A harmonic minor: Am -> AmM7.
    /// Empty when no such scale holds the triad (Bb or Fm in C major). The
    /// root is compared by spelling, not octave; the result keeps the
    /// triad's root. This is what "7" means in a roman numeral (V7, ii7, I7).
    [[nodiscard]] constexpr std::optional<Chord> diatonic_seventh(const Chord& triad) const {
        const std::array<KeyMode, 4> forms = search_order();
        for (const KeyMode form : forms) {
            const Scale s{tonic_, scale_type(form)};
            for (int d = 1; d <= 7; ++d) {
                const Note n = s.degree(d);
                if (n.letter() != triad.root().letter() || n.accidental() != triad.root().accidental()) {
                    continue;
                }
                const std::optional<Chord> three = s.chord(d, 3);
                if (three && three->type() == triad.type()) {
                    if (const std::optional<Chord> four = s.chord(d, 4)) {
                        return Chord{triad.root(), four->type()};
                    }
                }
            }
        }
        return std::nullopt;
    }

    /// Whether the chord (root spelling and type; octave and bass ignored)
    /// stands on a degree of the key's scale in its thirds (Scale::chord with
    /// three or four notes) or, for a minor key, of any of the three minor
    /// forms on the tonic: in A minor Am, E, E7, G, G#dim7, Caug and D7 all
    /// do; in C major Cmaj7 and Bm7b5 do, C7 and Bb do not.
    [[nodiscard]] constexpr bool is_diatonic(const Chord& chord) const {
        for (const KeyMode form : search_order()) {
            const Scale s{tonic_, scale_type(form)};
            for (int d = 1; d <= 7; ++d) {
                const Note n = s.degree(d);
                if (n.letter() != chord.root().letter() || n.accidental() != chord.root().accidental()) {
                    continue;
                }
                for (int size = 3; size <= 4; ++size) {
                    if (const std::optional<Chord> c = s.chord(d, size); c && c->type() == chord.type()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// The key with the same signature in the other mode: C major -> A minor
    /// (natural, a minor third down: C4 -> A3), and any minor -> its major a
    /// minor third up (A harmonic minor -> C major).
    [[nodiscard]] constexpr Key relative() const {
        if (is_minor()) {
            return Key{tonic_.transpose(Interval{Quality::Minor, 3}), KeyMode::Major};
        }
        return Key{tonic_.transpose_down(Interval{Quality::Minor, 3}), KeyMode::NaturalMinor};
    }

    /// The key on the same tonic in the other mode: C major <-> C minor
    /// (natural); any minor form -> major.
    [[nodiscard]] constexpr Key parallel() const noexcept {
        return Key{tonic_, is_minor() ? KeyMode::Major : KeyMode::NaturalMinor};
    }

    /// Same tonic (spelling and octave) and mode.
    [[nodiscard]] friend constexpr bool operator==(Key, Key) noexcept = default;

private:
    [[nodiscard]] static constexpr ScaleType scale_type(KeyMode mode) noexcept {
        switch (mode) {
        case KeyMode::Major:
            return ScaleType::Major;
        case KeyMode::NaturalMinor:
            return ScaleType::Minor;
        case KeyMode::HarmonicMinor:
            return ScaleType::HarmonicMinor;
        case KeyMode::MelodicMinor:
            return ScaleType::MelodicMinor;
        }
        return ScaleType::Major;
    }

    // The scales diatonic_seventh() consults, the key's own first; a major
    // key repeats its own (harmless: the first pass already decided).
    [[nodiscard]] constexpr std::array<KeyMode, 4> search_order() const noexcept {
        if (!is_minor()) {
            return {KeyMode::Major, KeyMode::Major, KeyMode::Major, KeyMode::Major};
        }
        return {mode_, KeyMode::NaturalMinor, KeyMode::HarmonicMinor, KeyMode::MelodicMinor};
    }

    static std::vector<Chord> unwrap(const std::vector<std::optional<Chord>>& chords) {
        std::vector<Chord> out;
        out.reserve(chords.size());
        for (const std::optional<Chord>& c : chords) {
            // The four key scales stack to dictionary chords on every degree.
            out.push_back(c.value_or(Chord{}));
        }
        return out;
    }

    std::vector<std::string> numerals(bool with_sevenths) const {
        static constexpr std::string_view upper[7] = {"I", "II", "III", "IV", "V", "VI", "VII"};
        static constexpr std::string_view lower[7] = {"i", "ii", "iii", "iv", "v", "vi", "vii"};
        const std::vector<Chord> three = triads();
        const std::vector<Chord> four = sevenths();
        const Scale reference{tonic_, is_minor() ? ScaleType::Minor : ScaleType::Major};
        std::vector<std::string> out;
        out.reserve(7);
        for (std::size_t i = 0; i < 7; ++i) {
            const ChordQuality q = three[i].type().quality();
            const bool is_lower = q == ChordQuality::Minor || q == ChordQuality::Diminished;
            std::string label;
            // Raised sixth (melodic) and seventh degrees against the natural
            // minor; a lower-case vii already means the leading tone.
            const int raised = three[i].root().accidental() - reference.degree(static_cast<int>(i) + 1).accidental();
            if (raised > 0 && !(i == 6 && is_lower)) {
                label += '#';
            }
            label += is_lower ? lower[i] : upper[i];
            if (!with_sevenths) {
                label += q == ChordQuality::Diminished ? "°" : q == ChordQuality::Augmented ? "+" : "";
            } else if (four[i].type() == ChordType::HalfDiminished7) {
                label += "ø7";
            } else if (four[i].type() == ChordType::Diminished7) {
                label += "°7";
            } else {
                label += q == ChordQuality::Augmented ? "+" : "";
                const std::optional<Chord> implied = diatonic_seventh(three[i]);
                label += implied && implied->type() == four[i].type() ? "7" : "maj7";
            }
            out.push_back(std::move(label));
        }
        return out;
    }


    static Key parse(std::string_view text, std::error_code* ec) {
        const auto fail = [&](const char* why) {
            cm::detail::report<TheoryError>(ec, Errc::InvalidFormat, [&] {
                return "key name \"" + std::string(text) + "\": " + why;
            });
            return Key{};
        };
        const std::string_view trimmed = detail::trim_spaces(text);
        const std::size_t space = trimmed.find(' ');
        std::string_view tonic_text = trimmed.substr(0, space);
        const std::string_view mode_text =
            space == std::string_view::npos ? std::string_view{} : detail::trim_spaces(trimmed.substr(space + 1));
        std::optional<KeyMode> mode;
        if (mode_text.empty()) {
            mode = KeyMode::Major;
            // "Am", "F#m": a minor key in chord-symbol shorthand.
            if (tonic_text.size() >= 2 && tonic_text.back() == 'm') {
                tonic_text.remove_suffix(1);
                mode = KeyMode::NaturalMinor;
            }
        } else {
            mode = mode_from_name(mode_text);
            if (!mode) {
                return fail("unknown mode; expected major, minor, natural minor, harmonic minor or melodic minor "
                            "after the tonic (\"C major\", \"f# harmonic minor\"), or none for major");
            }
        }
        std::array<char, 32> buffer{};
        if (tonic_text.empty() || tonic_text.size() + 1 > buffer.size()) {
            return fail("expected a tonic note such as C, F#, Bb or Eb4, then optionally a mode (\"A minor\")");
        }
        std::size_t len = tonic_text.copy(buffer.data(), tonic_text.size());
        if (const char last = tonic_text.back(); last < '0' || last > '9') {
            buffer[len++] = '4';
        }
        std::error_code note_ec;
        const Note tonic = Note::from_name(std::string_view{buffer.data(), len}, note_ec);
        if (note_ec) {
            return fail("the tonic is not a note name; expected a letter A-G, accidentals and an optional octave "
                        "(C, F#, Bb3), then optionally a mode (\"A minor\", \"Eb harmonic minor\")");
        }
        cm::detail::report_success(ec);
        return Key{tonic, *mode};
    }

    [[nodiscard]] static constexpr std::optional<KeyMode> mode_from_name(std::string_view m) noexcept {
        // Collapse inner runs of spaces so "harmonic  minor" reads as one name.
        std::array<char, 32> buffer{};
        std::size_t len = 0;
        for (const char c : m) {
            if (c == ' ' && len > 0 && buffer[len - 1] == ' ') {
                continue;
            }
            if (len == buffer.size()) {
                return std::nullopt;
            }
            buffer[len++] = detail::ascii_lower(c);
        }
        const std::string_view s{buffer.data(), len};
        if (s == "major" || s == "maj" || s == "ionian") {
            return KeyMode::Major;
        }
        if (s == "minor" || s == "min" || s == "natural minor" || s == "aeolian") {
            return KeyMode::NaturalMinor;
        }
        if (s == "harmonic minor") {
            return KeyMode::HarmonicMinor;
        }
        if (s == "melodic minor") {
            return KeyMode::MelodicMinor;
        }
        return std::nullopt;
    }

    Note tonic_{};
    KeyMode mode_ = KeyMode::Major;
};

} // namespace cm::theory
