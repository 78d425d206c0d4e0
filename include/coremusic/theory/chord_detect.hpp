// coremusic/theory/chord_detect.hpp
// Naming notes as chords: every root and dictionary type with exactly the
// notes' pitch classes, the lowest note as bass, plainest reading first.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>

namespace cm::theory {

namespace detail {

// How common a chord type is, for ranking detections: a tier (lower is
// plainer) and a place within it. The tiers follow how chords are usually
// named: triads, then sevenths and sixths, suspended and power chords, added
// ninths, extended chords (six-nine and 9sus4 among them), common altered
// dominants; every other type is in tier 6. Sixths share tier 1 with sevenths so that C E G A, with C in the
// bass, is C6 rather than Am7/C (root position decides within a tier).
struct ChordCommonness {
    std::string_view symbol;
    std::uint8_t tier;
};

inline constexpr ChordCommonness common_chord_types[] = {
    {"M", 0},      {"m", 0},      {"dim", 0},    {"aug", 0},                                        //
    {"7", 1},      {"maj7", 1},   {"m7", 1},     {"m7b5", 1},  {"dim7", 1}, {"6", 1}, {"m6", 1},    //
    {"mM7", 1},                                                                                     //
    {"sus4", 2},   {"sus2", 2},   {"7sus4", 2},  {"5", 2},     {"sus24", 2},                         //
    {"add9", 3},   {"madd9", 3},                                                                    //
    {"9", 4},      {"maj9", 4},   {"m9", 4},     {"6/9", 4},   {"m69", 4},  {"9sus4", 4},           //
    {"11", 4},     {"m11", 4},    {"m7add11", 4}, {"13", 4},   {"maj13", 4}, {"m13", 4},            //
    {"7b9", 5},    {"7#9", 5},    {"7#5", 5},    {"7b5", 5},   {"maj7#5", 5}, {"7#11", 5},          //
    {"maj7#11", 5}, {"7alt", 5},  {"7#5b9", 5},  {"9#11", 5},  {"13#11", 5}, {"13b9", 5},
};

inline constexpr std::uint8_t uncommon_chord_tier = 6;

struct ChordRank {
    std::uint8_t tier;
    std::uint8_t place;  // position in common_chord_types; 255 for uncommon types
};

consteval std::array<ChordRank, chord_type_count> make_chord_ranks() {
    std::array<ChordRank, chord_type_count> out{};
    for (ChordRank& r : out) {
        r = {uncommon_chord_tier, 255};
    }
    for (std::size_t p = 0; p < std::size(common_chord_types); ++p) {
        const std::size_t i = chord_type_index(common_chord_types[p].symbol);
        out[i] = {common_chord_types[p].tier, static_cast<std::uint8_t>(p)};
    }
    return out;
}

inline constexpr std::array<ChordRank, chord_type_count> chord_ranks = make_chord_ranks();

// Altered tones: augmented or diminished intervals (#5, b5, #9, #11, bb7)
// and flat ninths and thirteenths.
[[nodiscard]] constexpr int alteration_count(ChordType t) noexcept {
    int n = 0;
    for (const Interval i : t.intervals()) {
        const Quality q = i.quality();
        const bool flat_extension = q == Quality::Minor && (i.number() == 9 || i.number() == 13);
        n += (q != Quality::Perfect && q != Quality::Major && q != Quality::Minor) || flat_extension ? 1 : 0;
    }
    return n;
}

// Lexicographic ranking key; smaller comes first.
using ChordDetectKey = std::array<int, 10>;

struct ChordCandidate {
    Chord chord;
    ChordDetectKey key;
};

// The key after the spelling criteria (the same for both overloads).
[[nodiscard]] constexpr ChordDetectKey chord_detect_key(ChordType type, bool inversion, int root_order) noexcept {
    const ChordRank r = chord_ranks[type.index()];
    return {0,
            0,
            r.tier,
            inversion ? 1 : 0,
            r.place,
            alteration_count(type),
            static_cast<int>(type.size()),
            static_cast<int>(type.index()),
            root_order,
            0};
}

[[nodiscard]] inline std::vector<Chord> sorted_chords(std::vector<ChordCandidate>& candidates) {
    // The key ends with the root's order and the type's index, so no two are equal.
    std::sort(candidates.begin(), candidates.end(),
              [](const ChordCandidate& a, const ChordCandidate& b) { return a.key < b.key; });
    std::vector<Chord> out;
    out.reserve(candidates.size());
    for (const ChordCandidate& c : candidates) {
        out.push_back(c.chord);
    }
    return out;
}

// Bit k set for pitch class k (C = 0).
[[nodiscard]] constexpr unsigned pitch_class_bit(int pc) noexcept {
    return 1u << static_cast<unsigned>(floor_mod(pc, 12));
}

// The pitch-class set rotated so that `root` is bit 0, as ChordType::chroma() is.
[[nodiscard]] constexpr unsigned rotate_chroma(unsigned set, int root) noexcept {
    const auto r = static_cast<unsigned>(floor_mod(root, 12));
    return ((set >> r) | (set << (12u - r))) & 0xFFFu;
}

// The index of the type's tone with this pitch class above root_pc.
[[nodiscard]] constexpr std::size_t tone_with_pitch_class(ChordType t, int root_pc, int pc) noexcept {
    const auto iv = t.intervals();
    for (std::size_t i = 0; i < iv.size(); ++i) {
        if (floor_mod(root_pc + iv[i].semitones(), 12) == floor_mod(pc, 12)) {
            return i;
        }
    }
    return 0;
}

} // namespace detail

/// Every chord that the notes spell, best first: each pitch class of the
/// notes as a root, times each chord type of the dictionary whose pitch
/// classes above that root are exactly the notes' (doublings and octaves do
/// not matter), with the lowest note as the bass (a slash chord when it is
/// not the root). The root is spelled as the first note of its pitch class
/// is, and placed so that the bass tone of notes() is the lowest note:
/// E4 G4 C5 gives C4/E first. Candidates whose notes cannot be spelled with
/// at most double accidentals are kept (as tonal keeps them), ranked low.
///
/// The ranking ("plainest first") compares, in order:
///  1. exact root position: a chord in root position whose notes() are
///     exactly the given notes (spelling and octave, ignoring doublings)
///     first. So any chord's own notes() detect as that chord, even where
///     two types share their pitch classes (maj7#5 C E G# B vs M7b6
///     C E Ab B; 9sus4 C F G Bb D vs 11 C G Bb D F with the F above the
///     D). Inversions get no such preference: their notes() pack the
///     tones above the bass into the nearest octaves, so C4 D4 E4 G4 are
///     Em7#5/C's notes() too, and are Cadd9 first;
///  2. spelling: fewer chord tones spelled differently from every given
///     note (C E G# is C aug, not Ab aug's Ab C E, nor E aug's B#);
///  3. the type's tier of commonness: triads; sevenths and sixths;
///     suspended and power chords (sus24 too); add9 and madd9; 9ths,
///     six-nines, 9sus4, 11ths (m7add11 too) and 13ths; common altered
///     dominants; every other type;
///  4. root position before a slash chord;
///  5. the type's place in the hand-ranked list of common types (e.g. 7
///     before maj7 before m7, then m7b5, dim7, 6, m6, mM7);
///  6. fewer altered tones (#5, b5, b9, #9, #11, b13, bb7);
///  7. fewer notes; then the dictionary's order; then the order in which
///     the roots first appear among the notes.
/// tonal's Chord.detect finds the same chords (with its slash bass taken
/// from the first note rather than the lowest) but ranks only root
/// position first, so for E G C it puts Em#5 first where this puts C/E.
/// Empty for no notes.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<Chord> detect_chords(std::span<const Note> notes) {
    if (notes.empty()) {
        return {};
    }
    unsigned set = 0;
    for (const Note n : notes) {
        set |= detail::pitch_class_bit(n.pitch_class());
    }
    const Note bass = *std::min_element(notes.begin(), notes.end());
    std::vector<Note> given(notes.begin(), notes.end());
    std::sort(given.begin(), given.end());
    given.erase(std::unique(given.begin(), given.end()), given.end());
    const auto spelled_like = [](Note a, Note b) { return a.letter() == b.letter() && a.accidental() == b.accidental(); };

    std::vector<detail::ChordCandidate> candidates;
    unsigned roots_seen = 0;
    int root_order = 0;
    for (const Note first : notes) {
        const int root_pc = first.pitch_class();
        if ((roots_seen & detail::pitch_class_bit(root_pc)) != 0) {
            continue;
        }
        roots_seen |= detail::pitch_class_bit(root_pc);
        const unsigned chroma = detail::rotate_chroma(set, root_pc);
        for (const ChordType type : ChordType::all()) {
            if (type.chroma() != chroma) {
                continue;
            }
            const std::size_t k = detail::tone_with_pitch_class(type, root_pc, bass.pitch_class());
            // The root's octave puts its k-th tone at the bass's pitch.
            const int root_midi = bass.midi() - type.intervals()[k].semitones();
            const int letter_pc = detail::letter_pitch_class[static_cast<int>(first.letter())];
            const int octave = (root_midi - letter_pc - first.accidental()) / 12 - 1;
            if (octave < Note::min_octave || octave > Note::max_octave) {
                continue;
            }
            const Note root{first.letter(), first.accidental(), octave};
            const Chord chord = k == 0 ? Chord{root, type} : Chord{root, type, bass};
            detail::ChordDetectKey key = detail::chord_detect_key(type, k != 0, root_order);
            try {
                std::vector<Note> own = chord.notes();
                int mismatches = 0;
                for (const Note n : own) {
                    mismatches += std::any_of(given.begin(), given.end(), [&](Note g) { return spelled_like(g, n); }) ? 0 : 1;
                }
                std::sort(own.begin(), own.end());
                key[0] = k == 0 && own == given ? 0 : 1;
                key[1] = mismatches;
            } catch (const TheoryError&) {
                key[0] = 1;
                key[1] = static_cast<int>(type.size()) + 1;
            }
            candidates.push_back({chord, key});
        }
        ++root_order;
    }
    return detail::sorted_chords(candidates);
}

/// The chords with exactly these pitch classes (any integers, taken mod
/// 12; C = 0; MIDI note numbers work), the first one as the bass: each
/// pitch class as a root, times each type with exactly these pitch classes
/// above it, ranked as the Note overload ranks them from criterion 3 on
/// (there is no spelling to match). Each root is spelled with a sharp or a
/// flat, whichever gives the chord fewer accidentals in all, and on a tie
/// as the black keys are usually named (Db Eb F# Ab Bb): {1, 5, 8} is Db
/// (Db F Ab), not C# (C# E# G#); {1, 4, 8} is C#m; {3, 6, 10, 1} is Ebm7.
/// Roots are in octave 4 (C4 to B4); the bass is the chord's tone spelled
/// plainly (Note::simplify), so {4, 7, 0} gives C/E and then Em#5/C (not
/// Em#5/B#). Empty for no pitch classes.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<Chord> detect_chords(std::span<const int> pitch_classes) {
    if (pitch_classes.empty()) {
        return {};
    }
    unsigned set = 0;
    for (const int pc : pitch_classes) {
        set |= detail::pitch_class_bit(pc);
    }
    const int bass_pc = detail::floor_mod(pitch_classes.front(), 12);
    std::vector<detail::ChordCandidate> candidates;
    unsigned roots_seen = 0;
    int root_order = 0;
    for (const int raw : pitch_classes) {
        const int root_pc = detail::floor_mod(raw, 12);
        if ((roots_seen & detail::pitch_class_bit(root_pc)) != 0) {
            continue;
        }
        roots_seen |= detail::pitch_class_bit(root_pc);
        const unsigned chroma = detail::rotate_chroma(set, root_pc);
        for (const ChordType type : ChordType::all()) {
            if (type.chroma() != chroma) {
                continue;
            }
            // Total accidentals of the chord on each spelling of the root;
            // a spelling that needs more than double accidentals loses.
            const auto accidentals = [&](Note root) {
                int total = 0;
                for (const Interval i : type.intervals()) {
                    const int semis = root.midi() + i.semitones();
                    const int position = static_cast<int>(root.letter()) + i.steps();
                    const int acc = semis - 12 * (root.octave() + 1 + detail::floor_div(position, 7)) -
                                    detail::letter_pitch_class[detail::floor_mod(position, 7)];
                    if (acc < -2 || acc > 2) {
                        return 1000;
                    }
                    total += acc < 0 ? -acc : acc;
                }
                return total;
            };
            const Note sharp = Note::from_midi(60 + root_pc, Spelling::Sharps);
            const Note flat = Note::from_midi(60 + root_pc, Spelling::Flats);
            const int sharp_count = accidentals(sharp);
            const int flat_count = accidentals(flat);
            // On a tie, the usual names of the black keys: Db Eb F# Ab Bb.
            const Note root = flat_count < sharp_count || (flat_count == sharp_count && root_pc != 6) ? flat : sharp;
            const std::size_t k = detail::tone_with_pitch_class(type, root_pc, bass_pc);
            Chord chord{root, type};
            if (k != 0) {
                Note bass = Note::from_midi(60 + bass_pc);
                try {
                    bass = chord.inversion(static_cast<int>(k)).bass()->simplify();
                } catch (const TheoryError&) {
                    // Neither spelling of the root spells the bass tone; keep from_midi's.
                }
                chord = Chord{root, type, bass};
            }
            candidates.push_back({chord, detail::chord_detect_key(type, k != 0, root_order)});
        }
        ++root_order;
    }
    return detail::sorted_chords(candidates);
}

} // namespace cm::theory
