// coremusic/theory/chord.hpp
// A chord is a root note and a chord type, maybe over another bass note
// ("C/E"): its spelled notes, inversions and symbol.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>

namespace cm::theory {

/// A chord type on a root: Chord{Note::from_name("C4"), ChordType::Major7}
/// is C4 E4 G4 B4. Notes are spelled by transposing the root by the type's
/// intervals, so F#m7b5 has C natural and Db7 has Cb. An optional bass note
/// makes a slash chord: C/E (first inversion), C/Bb (a bass outside the chord).
/// Thread-safe: a value type. Realtime-safe: root(), type(), bass(),
/// inversion_number() and the comparisons; not notes(), symbol() or the
/// parsing functions (they allocate).
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
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::string symbol() const {
        std::string out = pitch_class_name(root_);
        out += type_.symbol();
        if (bass_) {
            out += '/';
            out += pitch_class_name(*bass_);
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
    // Letter and accidentals without the octave.
    static std::string pitch_class_name(Note n) {
        std::string s = n.name();
        while (s.size() > 1 && ((s.back() >= '0' && s.back() <= '9') || s.back() == '-')) {
            s.pop_back();
        }
        return s;
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
