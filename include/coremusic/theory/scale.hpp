// coremusic/theory/scale.hpp
// A scale is a root note and a scale type ("D dorian"): its spelled notes and
// degrees, membership by pitch class, its modes and chords in thirds, and
// detection of the scales a set of notes fits.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale_type.hpp>

namespace cm::theory {

/// A scale type on a root note: Scale{Note::from_name("D4"), ScaleType::Dorian}
/// is D E F G A B C. Notes are spelled by transposing the root by the type's
/// intervals (Note::transpose), so Eb harmonic minor has D natural and
/// F# major has E#. Membership and detection go by pitch class.
/// Thread-safe: a value type. Realtime-safe: root(), type(), size(),
/// degree(), contains(), index_of(), chord() and mode() when they do not
/// throw, and the non-throwing from_name; not name(), notes(), triads(),
/// sevenths(), modes(), detect() or the throwing from_name (they allocate).
class Scale {
public:
    /// C4 major.
    constexpr Scale() noexcept = default;

    /// type on root.
    constexpr Scale(Note root, ScaleType type) noexcept : root_(root), type_(type) {}

    /// Parses a root note, a space and a scale type name or alias (any ASCII
    /// case): "D dorian", "Eb harmonic minor", "F#3 Major", "Bb bebop". A root
    /// without an octave is in octave 4. Throws TheoryError
    /// (Errc::InvalidFormat for a bad root or a missing type,
    /// Errc::InvalidArgument for an unknown type) quoting the text.
    [[nodiscard]] static Scale from_name(std::string_view name) { return parse(name, nullptr); }

    /// As from_name, but sets ec instead of throwing and then returns C4
    /// major; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Scale from_name(std::string_view name, std::error_code& ec) noexcept {
        return parse(name, &ec);
    }

    /// The root (the first degree).
    [[nodiscard]] constexpr Note root() const noexcept { return root_; }
    /// The scale type.
    [[nodiscard]] constexpr ScaleType type() const noexcept { return type_; }
    /// Notes per octave.
    [[nodiscard]] constexpr std::size_t size() const noexcept { return type_.size(); }

    /// The root's letter and accidentals (no octave), a space and the type's
    /// name: "D dorian", "Eb harmonic minor" (the form tonal uses).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const { return root_.pitch_class_name() + " " + std::string(type_.name()); }

    /// The notes of `octaves` octaves upward from the root, size() per
    /// octave, without the closing root: C major, 1 -> C4 D4 E4 F4 G4 A4 B4;
    /// 2 -> C4 ... B4 C5 ... B5. 0 gives none. Throws TheoryError
    /// (Errc::OutOfRange) for negative octaves or a note that would need more
    /// than a double sharp or flat.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Note> notes(int octaves = 1) const {
        if (octaves < 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return name() + ": " + std::to_string(octaves) + " octaves of notes; expected 0 or more";
            });
        }
        std::vector<Note> out;
        out.reserve(size() * static_cast<std::size_t>(octaves));
        for (int o = 0; o < octaves; ++o) {
            const Note base = o == 0 ? root_ : root_.transpose(Interval{Quality::Perfect, 7 * o + 1});
            for (const Interval i : type_.intervals()) {
                out.push_back(base.transpose(i));
            }
        }
        return out;
    }

    /// The n-th degree, 1-based, continuing into higher octaves: in C4 major
    /// 1 = C4, 7 = B4, 8 = C5, 15 = C6. Negative n count down from the root
    /// as tonal's Scale.degrees does: -1 = B3, -7 = C3. Throws TheoryError
    /// (Errc::OutOfRange) for n = 0 or a note that cannot be spelled with at
    /// most a double sharp or flat or lies beyond Note's octaves.
    [[nodiscard]] constexpr Note degree(int n) const {
        if (n == 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return name() + ": degree 0; degrees count from 1 upward and from -1 downward";
            });
        }
        const int k = n > 0 ? n - 1 : n;  // steps from the root, 0-based
        const int len = static_cast<int>(size());
        const int octave = detail::floor_div(k, len);
        const Interval i = type_.intervals()[static_cast<std::size_t>(detail::floor_mod(k, len))];
        const Note in_first_octave = root_.transpose(i);
        if (octave == 0) {
            return in_first_octave;
        }
        const Interval shift{Quality::Perfect, 7 * (octave > 0 ? octave : -octave) + 1};
        return octave > 0 ? in_first_octave.transpose(shift) : in_first_octave.transpose_down(shift);
    }

    /// Whether the scale has note's pitch class, however spelled: C major
    /// contains B#2 and Dbb7 (as C and C), not C#.
    [[nodiscard]] constexpr bool contains(Note note) const noexcept {
        return type_.has_semitone(note.pitch_class() - root_.pitch_class());
    }

    /// The 0-based position within one octave of the scale of note's pitch
    /// class (so degree(*index_of(n) + 1) has n's pitch class), or empty when
    /// the scale lacks it: D dorian, F -> 2, C -> 6, C# -> empty.
    [[nodiscard]] constexpr std::optional<std::size_t> index_of(Note note) const noexcept {
        const int rel = detail::floor_mod(note.pitch_class() - root_.pitch_class(), 12);
        const auto intervals = type_.intervals();
        for (std::size_t i = 0; i < intervals.size(); ++i) {
            if (detail::floor_mod(intervals[i].semitones(), 12) == rel) {
                return i;
            }
        }
        return std::nullopt;
    }

    /// The chord on a degree (1 to 7) stacking the scale's own thirds: the
    /// degrees degree, degree + 2, degree + 4, ... (`tones` of them, 3 to 7,
    /// so 4 is the seventh chord and 5 the ninth), named by the dictionary
    /// type with exactly those spelled intervals (ChordType::from_intervals).
    /// C major: chord(2) = D4 minor, chord(5, 4) = G4 dominant seventh;
    /// A harmonic minor: chord(3) = C5 augmented, chord(7, 4) = G#5 dim7.
    /// Empty when the dictionary has no such stack (F# Ab C in C hungarian
    /// minor: a diminished third). The chord's root is degree(degree), so
    /// roots rise from the scale's root.
    /// Throws TheoryError: Errc::InvalidArgument unless the scale has seven
    /// notes (thirds are every other note only then), Errc::OutOfRange for a
    /// degree outside 1..7 or tones outside 3..7.
    [[nodiscard]] constexpr std::optional<Chord> chord(int degree, int tones = 3) const {
        require_heptatonic("chords in thirds");
        if (degree < 1 || degree > 7 || tones < 3 || tones > 7) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return name() + ": chord of " + std::to_string(tones) + " notes on degree " +
                       std::to_string(degree) + "; expected a degree from 1 to 7 and 3 to 7 notes";
            });
        }
        const Note root = this->degree(degree);
        std::array<Interval, detail::max_chord_size> intervals{};
        for (int k = 0; k < tones; ++k) {
            if (!spelled_interval(root, this->degree(degree + 2 * k), intervals[static_cast<std::size_t>(k)])) {
                return std::nullopt;
            }
        }
        const auto type = ChordType::from_intervals({intervals.data(), static_cast<std::size_t>(tones)});
        if (!type) {
            return std::nullopt;
        }
        return Chord{root, *type};
    }

    /// chord(d) for d = 1..7: the triads on each degree. C major: C Dm Em F
    /// G Am Bdim; A harmonic minor: Am Bdim Caug Dm E F G#dim.
    /// Throws as chord() does (a scale without seven notes).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<std::optional<Chord>> triads() const { return chords_in_thirds(3); }

    /// chord(d, 4) for d = 1..7: the seventh chords on each degree. C major:
    /// Cmaj7 Dm7 Em7 Fmaj7 G7 Am7 Bm7b5; A harmonic minor: AmM7 Bm7b5
    /// Cmaj7#5 Dm7 E7 Fmaj7 G#dim7.
    /// Throws as chord() does (a scale without seven notes).
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<std::optional<Chord>> sevenths() const { return chords_in_thirds(4); }

    /// The n-th mode (1 to size()): the scale on degree(n) whose notes are
    /// this scale's, named by the dictionary type with those pitch classes
    /// above the new root. C major mode(2) = D dorian, mode(6) = A minor;
    /// A harmonic minor mode(5) = E phrygian dominant. The type is found by
    /// pitch classes, as tonal's Scale.modeNames does, so a mode whose
    /// dictionary spelling differs takes the dictionary's: A melodic minor
    /// mode(7) is G# altered (2m 2A 3M 4A, where the rotation spells
    /// 2m 3m 4d 5d). mode(1) is this scale.
    /// Throws TheoryError: Errc::OutOfRange for n outside 1..size(),
    /// Errc::InvalidArgument when the dictionary has no type with the
    /// rotated pitch classes (C harmonic major mode(2)).
    [[nodiscard]] constexpr Scale mode(int n) const {
        if (n < 1 || n > static_cast<int>(size())) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return name() + ": mode " + std::to_string(n) + "; expected 1 to " + std::to_string(size());
            });
        }
        const auto found = find_mode(n);
        if (!found) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return name() + ": mode " + std::to_string(n) + " (on " + degree(n).pitch_class_name() +
                       ") has no scale type in the dictionary; expected a rotation the dictionary names, as "
                       "every mode of major, harmonic minor and melodic minor is";
            });
        }
        return *found;
    }

    /// Every mode the dictionary names, in degree order (tonal's
    /// Scale.modeNames): C major -> C major, D dorian, E phrygian, F lydian,
    /// G mixolydian, A minor, B locrian. Rotations without a type are left
    /// out (C harmonic major -> C harmonic major, F lydian diminished), so
    /// each mode's root says which degree it starts on.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Scale> modes() const {
        std::vector<Scale> out;
        for (int n = 1; n <= static_cast<int>(size()); ++n) {
            if (const auto m = find_mode(n)) {
                out.push_back(*m);
            }
        }
        return out;
    }

    /// The scales on tonic that contain tonic and every pitch class given
    /// (any integers, taken mod 12; C = 0): first the type with exactly these
    /// pitch classes, if any, then every type with more, in dictionary order
    /// (tonal's Scale.detect with a tonic). {2, 5, 9} on D -> D minor, D major
    /// blues, D minor blues, ...
    /// Not realtime-safe (allocates).
    [[nodiscard]] static std::vector<Scale> detect(std::span<const int> pitch_classes, Note tonic) {
        unsigned set = 1u;  // the tonic
        for (const int pc : pitch_classes) {
            set |= 1u << static_cast<unsigned>(detail::floor_mod(pc - tonic.pitch_class(), 12));
        }
        std::vector<Scale> out;
        for (const ScaleType t : ScaleType::all()) {
            if (t.chroma() == set) {
                out.emplace_back(tonic, t);
            }
        }
        for (const ScaleType t : ScaleType::all()) {
            if (t.chroma() != set && (t.chroma() & set) == set) {
                out.emplace_back(tonic, t);
            }
        }
        return out;
    }

    /// detect() with the first note as the tonic and the notes' pitch
    /// classes (tonal's Scale.detect(notes)): C D E F G A B -> C major,
    /// C bebop, C bebop major, C ichikosucho, C chromatic. Empty for no notes.
    /// Not realtime-safe (allocates).
    [[nodiscard]] static std::vector<Scale> detect(std::span<const Note> notes) {
        if (notes.empty()) {
            return {};
        }
        std::vector<int> pcs;
        pcs.reserve(notes.size());
        for (const Note n : notes) {
            pcs.push_back(n.pitch_class());
        }
        return detect(pcs, notes.front());
    }

    /// Same root spelling and octave, same type.
    [[nodiscard]] friend constexpr bool operator==(Scale, Scale) noexcept = default;

private:
    constexpr void require_heptatonic(const char* what) const {
        if (size() != 7) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return name() + ": " + what + " need a seven-note scale (one note per letter, so every other note "
                       "is a third); this one has " + std::to_string(size()) + " notes";
            });
        }
    }

    // The ascending interval from lo up to hi as spelled; false when no
    // quality from dd to AA fits (possible in exotic seven-note scales).
    [[nodiscard]] static constexpr bool spelled_interval(Note lo, Note hi, Interval& out) noexcept {
        const int number = 7 * (hi.octave() - lo.octave()) + static_cast<int>(hi.letter()) -
                           static_cast<int>(lo.letter()) + 1;
        return Interval::from_parts(number, hi.midi() - lo.midi(), out);
    }

    [[nodiscard]] std::vector<std::optional<Chord>> chords_in_thirds(int tones) const {
        require_heptatonic("chords in thirds");
        std::vector<std::optional<Chord>> out;
        out.reserve(7);
        for (int d = 1; d <= 7; ++d) {
            out.push_back(chord(d, tones));
        }
        return out;
    }

    [[nodiscard]] constexpr std::optional<Scale> find_mode(int n) const {
        const int shift = type_.intervals()[static_cast<std::size_t>(n - 1)].semitones();
        unsigned rotated = 0;
        for (const Interval i : type_.intervals()) {
            rotated |= 1u << static_cast<unsigned>(detail::floor_mod(i.semitones() - shift, 12));
        }
        for (const ScaleType t : ScaleType::all()) {
            if (t.chroma() == rotated) {
                return Scale{degree(n), t};
            }
        }
        return std::nullopt;
    }


    static Scale parse(std::string_view text, std::error_code* ec) {
        const auto fail = [&](Errc code, const char* why) {
            cm::detail::report<TheoryError>(ec, code, [&] {
                return "scale name \"" + std::string(text) + "\": " + why;
            });
            return Scale{};
        };
        const std::string_view trimmed = detail::trim_spaces(text);
        const std::size_t space = trimmed.find(' ');
        if (space == std::string_view::npos) {
            return fail(Errc::InvalidFormat,
                        "expected a root note, a space and a scale type, as in \"D dorian\" or \"Eb4 harmonic minor\"");
        }
        const std::string_view root_text = trimmed.substr(0, space);
        // Room for a letter, two 4-byte unicode accidentals and an octave.
        std::array<char, 32> buffer{};
        if (root_text.size() + 1 > buffer.size()) {
            return fail(Errc::InvalidFormat, "the root note is too long; expected a note name such as C, F#, Bb3");
        }
        std::size_t len = root_text.copy(buffer.data(), root_text.size());
        if (const char last = root_text.back(); last < '0' || last > '9') {
            buffer[len++] = '4';
        }
        std::error_code note_ec;
        const Note root = Note::from_name(std::string_view{buffer.data(), len}, note_ec);
        if (note_ec) {
            return fail(Errc::InvalidFormat,
                        "the root is not a note name; expected a letter A-G, accidentals and an optional octave "
                        "(C, F#, Bb3)");
        }
        const auto type = ScaleType::find(trimmed.substr(space + 1));
        if (!type) {
            return fail(Errc::InvalidArgument,
                        "unknown scale type; expected a name or alias of the dictionary (tonal's), such as "
                        "\"major\", \"dorian\", \"harmonic minor\" or \"blues\"");
        }
        cm::detail::report_success(ec);
        return Scale{root, *type};
    }

    Note root_{};
    ScaleType type_{};
};

} // namespace cm::theory
