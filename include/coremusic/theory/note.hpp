// coremusic/theory/note.hpp
// Spelled pitches (C4, F#3, Bb-1, Cbb5): letter, accidental and octave, with
// MIDI numbers and frequencies, and transposition by intervals that spells
// the result correctly (C4 + m3 = Eb4, not D#4).
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/interval.hpp>

namespace cm::theory {

/// The seven letter names, in staff order from C.
enum class Letter : std::int8_t { C, D, E, F, G, A, B };

/// Which accidental from_midi() uses for the five black keys.
enum class Spelling : std::int8_t {
    Sharps,  ///< C# D# F# G# A#
    Flats,   ///< Db Eb Gb Ab Bb
};

namespace detail {

// Pitch class of each natural letter.
inline constexpr int letter_pitch_class[7] = {0, 2, 4, 5, 7, 9, 11};

// Floor division and modulo for possibly negative values.
[[nodiscard]] constexpr int floor_div(int a, int b) noexcept {
    const int q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
[[nodiscard]] constexpr int floor_mod(int a, int b) noexcept { return a - b * floor_div(a, b); }

} // namespace detail

/// A spelled pitch in scientific pitch notation: a letter C..B, an
/// accidental from -2 (double flat) to +2 (double sharp), and an octave
/// number that changes between B and C. C4 is middle C (MIDI 60), A4 is MIDI 69.
/// The spelling is kept: Cb4 and B3 are different notes with the same MIDI
/// number 59, and B#3 has the MIDI number 60.
/// Octaves run from min_octave to max_octave, so midi() may lie outside the
/// 0..127 a MIDI message can carry (C-1 = 0 and G9 = 127 are its ends);
/// check the range before sending one.
/// Equality compares spelling (C#4 != Db4; enharmonic_equal() compares pitch);
/// the order is by pitch (MIDI number), then by staff position, so
/// B#3 < C4 < Dbb4 and C#4 < Db4.
/// Thread-safe: a value type. Realtime-safe: everything except name(),
/// enharmonics() and the functions that throw.
class Note {
public:
    /// The lowest and highest octave numbers accepted.
    static constexpr int min_octave = -1000;
    static constexpr int max_octave = 1000;

    /// Middle C (C4).
    constexpr Note() noexcept = default;

    /// From its parts: Note{Letter::F, 1, 3} is F#3. Throws TheoryError
    /// (Errc::OutOfRange) for an accidental outside -2..2 or an octave outside
    /// min_octave..max_octave.
    constexpr Note(Letter letter, int accidental, int octave)
        : letter_(letter), accidental_(static_cast<std::int8_t>(accidental)), octave_(octave) {
        if (accidental < -2 || accidental > 2 || octave < min_octave || octave > max_octave) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "note with accidental " + std::to_string(accidental) + " and octave " +
                       std::to_string(octave) + ": expected an accidental from -2 (bb) to 2 (##) and an octave from " +
                       std::to_string(min_octave) + " to " + std::to_string(max_octave);
            });
        }
    }

    /// Parses a letter (A-G, either case), any accidentals (# or ♯ sharp,
    /// b or ♭ flat, ## or x or 𝄪 double sharp, bb or 𝄫 double flat, ♮ natural;
    /// at most two sharps or two flats, not mixed) and an octave number,
    /// possibly negative: "C4", "F#3", "Bb-1", "Cbb5", "E#4", "Cx4", "C##4",
    /// "f♯3", "B𝄫2". Throws TheoryError (Errc::InvalidFormat) quoting the text
    /// and saying what was expected.
    [[nodiscard]] static Note from_name(std::string_view name) { return parse(name, nullptr); }

    /// As from_name, but sets ec (Errc::InvalidFormat) instead of throwing and
    /// then returns C4; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Note from_name(std::string_view name, std::error_code& ec) noexcept {
        return parse(name, &ec);
    }

    /// The note with MIDI number n (any n whose octave is in range; 60 = C4,
    /// 69 = A4, 0 = C-1, 127 = G9), naturals where possible and the black keys
    /// spelled with sharps or flats as asked.
    /// Throws TheoryError (Errc::OutOfRange) when the octave would be out of range.
    [[nodiscard]] static constexpr Note from_midi(int n, Spelling spelling = Spelling::Sharps) {
        constexpr Letter sharp_letters[12] = {Letter::C, Letter::C, Letter::D, Letter::D, Letter::E, Letter::F,
                                              Letter::F, Letter::G, Letter::G, Letter::A, Letter::A, Letter::B};
        constexpr Letter flat_letters[12] = {Letter::C, Letter::D, Letter::D, Letter::E, Letter::E, Letter::F,
                                             Letter::G, Letter::G, Letter::A, Letter::A, Letter::B, Letter::B};
        const int pc = detail::floor_mod(n, 12);
        const int octave = detail::floor_div(n, 12) - 1;
        const Letter letter = spelling == Spelling::Sharps ? sharp_letters[pc] : flat_letters[pc];
        const int accidental = pc - detail::letter_pitch_class[static_cast<int>(letter)];
        return Note{letter, accidental, octave};
    }

    /// The note nearest to hz in 12-tone equal temperament tuned to a4 Hz,
    /// spelled as from_midi() does. A frequency exactly halfway between two
    /// notes goes to the higher one (its fractional MIDI number is rounded
    /// half up). Throws TheoryError (Errc::OutOfRange) when hz or a4 is not a
    /// finite positive number or the note would be out of range.
    [[nodiscard]] static Note from_frequency(double hz, double a4 = 440.0, Spelling spelling = Spelling::Sharps) {
        return from_frequency_impl(hz, a4, spelling, nullptr);
    }

    /// As from_frequency, but sets ec (Errc::OutOfRange) instead of throwing
    /// and then returns C4; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static Note from_frequency(double hz, double a4, Spelling spelling, std::error_code& ec) noexcept {
        return from_frequency_impl(hz, a4, spelling, &ec);
    }

    /// The letter name (Letter::E for Eb4).
    [[nodiscard]] constexpr Letter letter() const noexcept { return letter_; }
    /// The accidental in semitones: -2 bb, -1 b, 0 natural, 1 #, 2 ##.
    [[nodiscard]] constexpr int accidental() const noexcept { return accidental_; }
    /// The octave number of the letter (Cb4 is in octave 4, though it sounds
    /// as B3; B#3 is in octave 3 though it sounds as C4).
    [[nodiscard]] constexpr int octave() const noexcept { return octave_; }

    /// The MIDI number: C4 = 60, A4 = 69, Cb4 = 59, B#3 = 60, E#4 = 65.
    /// May lie outside 0..127 (see the class comment).
    [[nodiscard]] constexpr int midi() const noexcept {
        return 12 * (octave_ + 1) + detail::letter_pitch_class[static_cast<int>(letter_)] + accidental_;
    }

    /// The pitch class 0..11 (C = 0): Cb4 -> 11, B#3 -> 0.
    [[nodiscard]] constexpr int pitch_class() const noexcept { return detail::floor_mod(midi(), 12); }

    /// The frequency in Hz in 12-tone equal temperament with A4 = a4 Hz:
    /// A4 = 440, C4 = 261.6256, A0 = 27.5.
    [[nodiscard]] double frequency(double a4 = 440.0) const noexcept {
        return a4 * std::exp2(static_cast<double>(midi() - 69) / 12.0);
    }

    /// The name: "C4", "F#3", "Bb-1", "Cbb5", "C##4" (double sharps as ##).
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const { return pitch_class_name() + std::to_string(octave_); }

    /// The letter and accidentals without the octave, as chord symbols and
    /// scale and key names write the root: "C", "F#", "Bb", "Cbb".
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::string pitch_class_name() const {
        constexpr std::string_view letters = "CDEFGAB";
        std::string out(1, letters[static_cast<std::size_t>(letter_)]);
        for (int i = 0; i < accidental_; ++i) {
            out += '#';
        }
        for (int i = 0; i > accidental_; --i) {
            out += 'b';
        }
        return out;
    }

    /// The note interval i above, spelled by counting letter names: the
    /// letter moves i.steps() places and the accidental makes up the
    /// semitones. C4 + m3 = Eb4, E4 + M3 = G#4, B3 + m2 = C4, C4 + A4 = F#4,
    /// F4 + d5 = Cb5. Throws TheoryError (Errc::OutOfRange) when the result
    /// would need more than a double sharp or flat (B#4 + A2) or an octave
    /// out of range.
    [[nodiscard]] constexpr Note transpose(Interval i) const { return move(i, +1); }

    /// The note interval i below, spelled the same way: Eb4 down m3 = C4,
    /// C4 down m2 = B3, C4 down A4 = Gb3. Throws as transpose() does.
    [[nodiscard]] constexpr Note transpose_down(Interval i) const { return move(i, -1); }

    /// The spelled interval between this note and other, whichever is higher
    /// on the staff (on the same letter, whichever sounds higher): C4 -> Eb4 =
    /// m3, C4 -> D#4 = A2, C4 -> C5 = P8, C#4 -> C4 = A1, and Eb4 -> C4 = m3
    /// too. Compare the notes for the direction.
    /// Throws TheoryError (Errc::InvalidArgument) when the spelling gives no
    /// interval: B#3 -> Dbb4 (a third of 0 semitones, beyond doubly diminished).
    [[nodiscard]] constexpr Interval interval_to(Note other) const {
        // Lower on the staff; on the same letter (C4 and C#4) the lower pitch.
        const bool this_lower = staff_position() != other.staff_position()
                                    ? staff_position() < other.staff_position()
                                    : midi() <= other.midi();
        const Note& lo = this_lower ? *this : other;
        const Note& hi = this_lower ? other : *this;
        const int number = hi.staff_position() - lo.staff_position() + 1;
        const int semitones = hi.midi() - lo.midi();
        Interval out{};
        if (!Interval::from_parts(number, semitones, out)) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "no interval from " + lo.name() + " up to " + hi.name() + " (" + std::to_string(semitones) +
                       " semitones over " + std::to_string(number) + " letter names)";
            });
        }
        return out;
    }

    /// Same pitch, whatever the spelling: C#4 and Db4, B#3 and C4.
    [[nodiscard]] friend constexpr bool enharmonic_equal(Note a, Note b) noexcept { return a.midi() == b.midi(); }

    /// The plainest spelling of the same pitch: a natural where there is one,
    /// otherwise one sharp (if this note has sharps) or one flat (if flats):
    /// Cx4 -> D4, E#4 -> F4, Cb4 -> B3, Fbb4 -> Eb4, Db4 -> Db4, C#4 -> C#4.
    [[nodiscard]] constexpr Note simplify() const {
        return from_midi(midi(), accidental_ < 0 ? Spelling::Flats : Spelling::Sharps);
    }

    /// Every spelling of this pitch with at most a double sharp or flat, this
    /// one included, in staff order: C4 -> {B#3, C4, Dbb4}; D4 -> {C##4, D4, Ebb4};
    /// G#4 -> {G#4, Ab4}.
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] std::vector<Note> enharmonics() const {
        std::vector<Note> out;
        const int m = midi();
        for (int position = staff_position() - 2; position <= staff_position() + 2; ++position) {
            const int octave = detail::floor_div(position, 7);
            const int letter_index = detail::floor_mod(position, 7);
            if (octave < min_octave || octave > max_octave) {
                continue;
            }
            const int accidental = m - (12 * (octave + 1) + detail::letter_pitch_class[letter_index]);
            if (accidental >= -2 && accidental <= 2) {
                out.push_back(Note{static_cast<Letter>(letter_index), accidental, octave});
            }
        }
        return out;
    }

    /// Same letter, accidental and octave (C#4 != Db4).
    [[nodiscard]] friend constexpr bool operator==(Note, Note) noexcept = default;

    /// By pitch, then by staff position: B3 < C4, B#3 < C4 < Dbb4, C#4 < Db4.
    [[nodiscard]] friend constexpr std::strong_ordering operator<=>(Note a, Note b) noexcept {
        if (const auto c = a.midi() <=> b.midi(); c != 0) {
            return c;
        }
        return a.staff_position() <=> b.staff_position();
    }

    /// note.transpose(i).
    [[nodiscard]] friend constexpr Note operator+(Note n, Interval i) { return n.transpose(i); }
    /// note.transpose_down(i).
    [[nodiscard]] friend constexpr Note operator-(Note n, Interval i) { return n.transpose_down(i); }

private:
    // Letter names counted up from C0, so that intervals are differences.
    [[nodiscard]] constexpr int staff_position() const noexcept {
        return 7 * octave_ + static_cast<int>(letter_);
    }

    [[nodiscard]] constexpr Note move(Interval i, int direction) const {
        const int position = staff_position() + direction * i.steps();
        const int octave = detail::floor_div(position, 7);
        const int letter_index = detail::floor_mod(position, 7);
        const int target = midi() + direction * i.semitones();
        const int accidental = target - (12 * (octave + 1) + detail::letter_pitch_class[letter_index]);
        if (accidental < -2 || accidental > 2 || octave < min_octave || octave > max_octave) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                constexpr std::string_view letters = "CDEFGAB";
                return "transposing " + name() + (direction > 0 ? " up " : " down ") + i.name() + " gives " +
                       std::string(1, letters[static_cast<std::size_t>(letter_index)]) + std::to_string(octave) +
                       " with an accidental of " + std::to_string(accidental) +
                       " semitones; expected -2 (bb) to 2 (##) and an octave from " + std::to_string(min_octave) +
                       " to " + std::to_string(max_octave);
            });
        }
        return Note{static_cast<Letter>(letter_index), accidental, octave, Unchecked{}};
    }

    struct Unchecked {};
    constexpr Note(Letter letter, int accidental, int octave, Unchecked) noexcept
        : letter_(letter), accidental_(static_cast<std::int8_t>(accidental)), octave_(octave) {}

    static Note from_frequency_impl(double hz, double a4, Spelling spelling, std::error_code* ec) {
        const auto fail = [&](const char* why) {
            cm::detail::report<TheoryError>(ec, Errc::OutOfRange, [&] {
                return "frequency " + std::to_string(hz) + " Hz with A4 = " + std::to_string(a4) + " Hz: " + why;
            });
            return Note{};
        };
        if (!(std::isfinite(hz) && hz > 0.0 && std::isfinite(a4) && a4 > 0.0)) {
            return fail("expected finite frequencies above 0");
        }
        const double m = std::floor(69.0 + 12.0 * std::log2(hz / a4) + 0.5);
        constexpr double lowest = 12.0 * (min_octave + 1);
        constexpr double highest = 12.0 * (max_octave + 1) + 11.0;
        if (!(m >= lowest && m <= highest)) {
            return fail("the nearest note is beyond the octaves a Note can have");
        }
        cm::detail::report_success(ec);
        return from_midi(static_cast<int>(m), spelling);
    }

    static Note parse(std::string_view text, std::error_code* ec) {
        const auto fail = [&](const char* why) {
            cm::detail::report<TheoryError>(ec, Errc::InvalidFormat, [&] {
                return "invalid note name " + detail::quote(text) + ": " + why +
                       " (expected a letter A-G, up to two sharps (#, x, ♯, 𝄪) or flats (b, ♭, 𝄫) and an "
                       "octave number, e.g. \"C4\", \"F#3\", \"Bb-1\", \"Cbb5\")";
            });
            return Note{};
        };
        if (text.empty()) {
            return fail("empty");
        }
        int letter_index = -1;
        switch (text[0]) {
        case 'C': case 'c': letter_index = 0; break;
        case 'D': case 'd': letter_index = 1; break;
        case 'E': case 'e': letter_index = 2; break;
        case 'F': case 'f': letter_index = 3; break;
        case 'G': case 'g': letter_index = 4; break;
        case 'A': case 'a': letter_index = 5; break;
        case 'B': case 'b': letter_index = 6; break;
        default: return fail("it does not start with a letter name");
        }
        std::string_view rest = text.substr(1);
        int sharps = 0;
        int flats = 0;
        for (;;) {
            if (rest.starts_with("#") || rest.starts_with("\u266F")) {
                sharps += 1;
                rest.remove_prefix(rest[0] == '#' ? 1 : 3);
            } else if (rest.starts_with("x") || rest.starts_with("\U0001D12A")) {
                sharps += 2;
                rest.remove_prefix(rest[0] == 'x' ? 1 : 4);
            } else if (rest.starts_with("b") || rest.starts_with("\u266D")) {
                flats += 1;
                rest.remove_prefix(rest[0] == 'b' ? 1 : 3);
            } else if (rest.starts_with("\U0001D12B")) {
                flats += 2;
                rest.remove_prefix(4);
            } else if (rest.starts_with("\u266E")) {
                rest.remove_prefix(3);
            } else {
                break;
            }
            if (sharps > 2 || flats > 2) {
                return fail("more than a double sharp or double flat");
            }
        }
        if (sharps > 0 && flats > 0) {
            return fail("sharps and flats mixed");
        }
        if (rest.empty()) {
            return fail("no octave number");
        }
        bool negative = false;
        if (rest[0] == '-') {
            negative = true;
            rest.remove_prefix(1);
        }
        if (rest.empty()) {
            return fail("no octave number after '-'");
        }
        int octave = 0;
        for (const char c : rest) {
            if (c < '0' || c > '9') {
                return fail("unexpected characters after the letter and accidentals");
            }
            octave = octave * 10 + (c - '0');
            if (octave > max_octave) {
                return fail("octave out of range");
            }
        }
        cm::detail::report_success(ec);
        return Note{static_cast<Letter>(letter_index), sharps - flats, negative ? -octave : octave, Unchecked{}};
    }

    Letter letter_ = Letter::C;
    std::int8_t accidental_ = 0;
    int octave_ = 4;
};

} // namespace cm::theory
