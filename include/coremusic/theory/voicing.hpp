// coremusic/theory/voicing.hpp
// Where a chord's notes go: close, drop-2, drop-3, drop-2-and-4 and spread
// voicings, and voice leading (the voicing nearest to the previous one).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>

namespace cm::theory {

/// How a chord's notes are placed, each defined on the close voicing (the
/// stack Chord::notes() gives, bass lowest, each note above the last).
/// Counting voices of the close voicing from the top (1 = highest):
enum class VoicingStyle : std::int8_t {
    Close,   ///< Chord::notes(): Cmaj7 = C4 E4 G4 B4.
    Drop2,   ///< Voice 2 an octave lower: G3 C4 E4 B4. At least 2 notes.
    Drop3,   ///< Voice 3 an octave lower: E3 C4 G4 B4. At least 3 notes.
    Drop24,  ///< Voices 2 and 4 an octave lower: C3 G3 E4 B4. At least 4 notes.
    /// Counting from the bottom instead, the 1st, 3rd, 5th, ... notes an
    /// octave lower: the bass stays lowest, alone an octave down, and the
    /// chord opens over about two octaves. C = C3 G3 E4 (root, fifth,
    /// tenth); Cmaj7 = C3 G3 E4 B4 (1 5 3 7, the same as Drop24 for four
    /// notes); C9 = C3 G3 D4 E4 Bb4; C/E = E3 C4 G4.
    Spread,
};

namespace detail {

[[nodiscard]] constexpr std::size_t voices_needed(VoicingStyle style) noexcept {
    switch (style) {
    case VoicingStyle::Drop2: return 2;
    case VoicingStyle::Drop3: return 3;
    case VoicingStyle::Drop24: return 4;
    default: return 1;
    }
}

[[nodiscard]] inline const char* voicing_style_name(VoicingStyle style) noexcept {
    switch (style) {
    case VoicingStyle::Close: return "close";
    case VoicingStyle::Drop2: return "drop-2";
    case VoicingStyle::Drop3: return "drop-3";
    case VoicingStyle::Drop24: return "drop-2-and-4";
    case VoicingStyle::Spread: return "spread";
    }
    return "?";
}

[[nodiscard]] constexpr Note octave_shifted(Note n, int octaves) {
    return Note{n.letter(), n.accidental(), n.octave() + octaves};
}

} // namespace detail

/// The close voicing `close` (ascending notes, as Chord::notes() gives them)
/// re-placed in `style`, ascending (by pitch, then staff position).
/// Throws TheoryError (Errc::InvalidArgument) when the style needs more
/// notes than there are (drop-3 of a power chord), or (Errc::OutOfRange)
/// when a note would leave Note's octave range.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<Note> revoice(std::span<const Note> close, VoicingStyle style) {
    if (close.size() < detail::voices_needed(style)) {
        cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
            return std::string("a ") + detail::voicing_style_name(style) + " voicing of " +
                   std::to_string(close.size()) + " notes: expected at least " +
                   std::to_string(detail::voices_needed(style));
        });
    }
    std::vector<Note> out(close.begin(), close.end());
    const std::size_t n = out.size();
    switch (style) {
    case VoicingStyle::Close:
        break;
    case VoicingStyle::Drop2:
        out[n - 2] = detail::octave_shifted(out[n - 2], -1);
        break;
    case VoicingStyle::Drop3:
        out[n - 3] = detail::octave_shifted(out[n - 3], -1);
        break;
    case VoicingStyle::Drop24:
        out[n - 2] = detail::octave_shifted(out[n - 2], -1);
        out[n - 4] = detail::octave_shifted(out[n - 4], -1);
        break;
    case VoicingStyle::Spread:
        for (std::size_t i = 0; i < n; i += 2) {
            out[i] = detail::octave_shifted(out[i], -1);
        }
        break;
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The chord's notes in `style`, ascending: revoice(chord.notes(), style).
/// C4 maj7: Close C4 E4 G4 B4, Drop2 G3 C4 E4 B4, Drop3 E3 C4 G4 B4,
/// Drop24 and Spread C3 G3 E4 B4. Throws as revoice() and Chord::notes() do.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<Note> voicing(const Chord& chord, VoicingStyle style = VoicingStyle::Close) {
    const std::vector<Note> close = chord.notes();
    return revoice(close, style);
}

/// How far the voices move, in semitones, from one voicing to the next
/// (each given in any order). Voices are paired bottom-up without crossing;
/// when one voicing has more notes, its extra notes are those that make the
/// total least, and each of them costs its distance to the nearest note of
/// the other. With equal sizes this is the sum of |a_i - b_i| over both
/// voicings sorted ascending: C4 E4 G4 -> C4 F4 A4 is 0 + 1 + 2 = 3.
/// 0 when either is empty.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline int voice_leading_distance(std::span<const Note> from, std::span<const Note> to) {
    if (from.empty() || to.empty()) {
        return 0;
    }
    std::vector<int> a;
    std::vector<int> b;
    for (const Note x : from) {
        a.push_back(x.midi());
    }
    for (const Note x : to) {
        b.push_back(x.midi());
    }
    if (a.size() > b.size()) {
        a.swap(b);
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const auto distance = [](int x, int y) { return x > y ? x - y : y - x; };
    const auto nearest = [&](int y) {
        int best = std::numeric_limits<int>::max();
        for (const int x : a) {
            best = std::min(best, distance(x, y));
        }
        return best;
    };
    // cost[i][j]: the first i voices of a matched in order to distinct
    // voices among the first j of b, the rest of those j left unmatched.
    constexpr long long unreachable = std::numeric_limits<long long>::max() / 4;
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<long long> cost((n + 1) * (m + 1), unreachable);
    const auto at = [&](std::size_t i, std::size_t j) -> long long& { return cost[i * (m + 1) + j]; };
    at(0, 0) = 0;
    for (std::size_t j = 1; j <= m; ++j) {
        at(0, j) = at(0, j - 1) + nearest(b[j - 1]);
        for (std::size_t i = 1; i <= n && i <= j; ++i) {
            const long long skip = at(i, j - 1) + nearest(b[j - 1]);
            const long long pair = at(i - 1, j - 1) + distance(a[i - 1], b[j - 1]);
            at(i, j) = std::min(skip, pair);
        }
    }
    return static_cast<int>(std::min<long long>(at(n, m), std::numeric_limits<int>::max()));
}

/// The voicing of chord, in `style`, that moves least from `previous` (by
/// voice_leading_distance): every inversion of the chord (only the given
/// bass, for a slash chord), shifted by whole octaves. On a tie the lower
/// inversion wins, then the lower octave. Styles that need more notes than
/// the chord has are not tried (that gives an error, as revoice() does).
/// With no previous notes, voicing(chord, style). Each inversion's
/// voicing keeps its lowest note, except that the drop styles may move
/// another tone into the bass.
/// C4 E4 G4 then F, Close: C4 F4 A4 (F/C, 3 semitones).
/// Throws as voicing() does.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<Note> nearest_voicing(const Chord& chord, std::span<const Note> previous,
                                                       VoicingStyle style) {
    if (previous.empty()) {
        return voicing(chord, style);
    }
    const std::size_t inversions = chord.bass() ? 1 : chord.type().size();
    if (chord.notes().size() < detail::voices_needed(style)) {
        return voicing(chord, style);  // throws, naming the style
    }
    double previous_mean = 0.0;
    for (const Note n : previous) {
        previous_mean += n.midi();
    }
    previous_mean /= static_cast<double>(previous.size());
    std::vector<Note> best;
    int best_cost = std::numeric_limits<int>::max();
    for (std::size_t k = 0; k < inversions; ++k) {
        const Chord c = chord.bass() ? chord : chord.inversion(static_cast<int>(k));
        const std::vector<Note> base = voicing(c, style);
        double mean = 0.0;
        for (const Note n : base) {
            mean += n.midi();
        }
        mean /= static_cast<double>(base.size());
        const int centre = static_cast<int>((previous_mean - mean) / 12.0 + (previous_mean >= mean ? 0.5 : -0.5));
        for (int shift = centre - 1; shift <= centre + 1; ++shift) {
            std::vector<Note> candidate;
            candidate.reserve(base.size());
            bool in_range = true;
            for (const Note n : base) {
                const int octave = n.octave() + shift;
                in_range = in_range && octave >= Note::min_octave && octave <= Note::max_octave;
                if (in_range) {
                    candidate.push_back(detail::octave_shifted(n, shift));
                }
            }
            if (!in_range) {
                continue;
            }
            const int cost = voice_leading_distance(previous, candidate);
            if (cost < best_cost) {
                best_cost = cost;
                best = std::move(candidate);
            }
        }
    }
    return best;
}

/// As nearest_voicing with one style, trying every style (in VoicingStyle's
/// order, which also breaks ties) that the chord has notes enough for: the
/// inversion and voicing of chord that moves least from previous. A
/// previous voicing that is itself some voicing of the chord comes back
/// unchanged (it moves 0).
/// Throws as voicing() does.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<Note> nearest_voicing(const Chord& chord, std::span<const Note> previous) {
    constexpr VoicingStyle styles[] = {VoicingStyle::Close, VoicingStyle::Drop2, VoicingStyle::Drop3,
                                       VoicingStyle::Drop24, VoicingStyle::Spread};
    const std::size_t voices = chord.notes().size();
    std::vector<Note> best;
    int best_cost = std::numeric_limits<int>::max();
    for (const VoicingStyle style : styles) {
        if (voices < detail::voices_needed(style)) {
            continue;
        }
        std::vector<Note> v = nearest_voicing(chord, previous, style);
        const int cost = voice_leading_distance(previous, v);
        if (cost < best_cost) {
            best_cost = cost;
            best = std::move(v);
        }
    }
    return best;
}

} // namespace cm::theory
