// coremusic/midi/transform/time.hpp
// Time transforms on a sequence: Quantize (grid, strength, swing, window),
// TimeStretch, TimeShift and Reverse.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/transform/transformer.hpp>
#include <coremusic/theory/note_value.hpp>

namespace cm::midi {

/// Pulls notes towards a grid.
///
/// The grid step g is `grid_ticks` when above 0, else `grid` in ticks at the
/// sequence's ppq (NoteValue::ticks: nearest tick; at least 1). With swing
/// s in [0, 1], every odd grid line is delayed by o = llround(s * g / 2):
/// line k lies at k * g, plus o when k is odd (the Arpeggiator's swing: s =
/// 2/3 puts the off-beat two thirds through each pair of steps, s = 1 three
/// quarters). A tick t goes to its nearest line L (ties to the later line);
/// when `window` is above 0 and |L - t| > window, t stays; otherwise it
/// becomes t + llround(strength * (L - t)). So at 480 ppq on a 1/16 grid
/// (g = 120), strength 0.5 moves 130 to 125 and strength 1 to 120.
///
/// Which times move: `starts` quantizes note-ons, the note keeping its length
/// (the note-off moves with it) unless `ends` is also set, which quantizes
/// note-offs on their own; a note whose quantized end would not be after its
/// quantized start keeps its original length. `ends` alone moves note-offs
/// only, and a note-off that would reach its note-on stays. Other events
/// (controllers, bends, meta) do not move. Starts are never moved below 0.
/// Throws MidiError (Errc::OutOfRange) for strength or swing outside
/// [0, 1] or a negative grid_ticks or window, (Errc::NotSupported) for a
/// NoteValue grid under an SMPTE division.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Quantize {
    cm::theory::NoteValue grid = cm::theory::NoteValue::Sixteenth;
    std::int64_t grid_ticks = 0;  ///< the step in ticks when above 0 (then `grid` is ignored)
    double strength = 1.0;        ///< 0 leaves times alone, 1 puts them on the line
    double swing = 0.0;           ///< delay of odd lines, in half steps
    bool starts = true;
    bool ends = false;
    std::int64_t window = 0;      ///< only times within this many ticks of their line move; 0: all

    /// The grid step in ticks for a sequence at ppq (0: SMPTE). Throws as apply does.
    [[nodiscard]] std::int64_t step(int ppq) const {
        if (grid_ticks < 0) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "Quantize grid of " + std::to_string(grid_ticks) + " ticks: expected 0 (use the note value) or more";
            });
        }
        if (grid_ticks > 0) {
            return grid_ticks;
        }
        if (ppq <= 0) {
            cm::detail::report<MidiError>(nullptr, Errc::NotSupported,
                                          "Quantize to a note value under an SMPTE division: there are no beats; "
                                          "give grid_ticks");
        }
        return std::max<std::int64_t>(1, grid.ticks(ppq));
    }

    /// Where tick t goes on a grid of step g (the formula above).
    [[nodiscard]] std::int64_t quantize_tick(std::int64_t t, std::int64_t g) const noexcept {
        const std::int64_t o = std::llround(swing * static_cast<double>(g) / 2.0);
        const auto line = [&](std::int64_t k) { return k * g + (k % 2 != 0 ? o : 0); };
        const std::int64_t k0 = t >= 0 ? t / g : -((-t + g - 1) / g);
        std::int64_t best = line(k0);
        for (const std::int64_t k : {k0 - 1, k0 + 1}) {
            const std::int64_t l = line(k);
            const std::int64_t d = l > t ? l - t : t - l;
            const std::int64_t db = best > t ? best - t : t - best;
            if (d < db || (d == db && l > best)) {
                best = l;
            }
        }
        const std::int64_t dist = best > t ? best - t : t - best;
        if (window > 0 && dist > window) {
            return t;
        }
        return t + std::llround(strength * static_cast<double>(best - t));
    }

    void apply(MidiSequence& seq) const {
        if (!(strength >= 0.0 && strength <= 1.0) || !(swing >= 0.0 && swing <= 1.0) || window < 0) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "Quantize strength " + std::to_string(strength) + ", swing " + std::to_string(swing) +
                       ", window " + std::to_string(window) +
                       ": expected a strength and a swing in [0, 1] and a window of 0 ticks or more";
            });
        }
        const std::int64_t g = step(seq.ppq());
        detail::retime(
            seq,
            [&](std::int64_t& s, std::int64_t& e, MidiEvent&) {
                const std::int64_t len = e - s;
                if (starts) {
                    s = quantize_tick(s, g);
                    if (!ends) {
                        e = s + len;
                        return;
                    }
                }
                if (!ends) {
                    return;
                }
                const std::int64_t qe = quantize_tick(e, g);
                if (qe > s) {
                    e = qe;
                } else if (starts) {
                    e = s + len;
                }
            },
            [](MidiEvent&) {});
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Scales every time by `factor` (> 0): each tick t becomes llround(t *
/// factor), tempo events included, so at factor 2 the piece plays twice as
/// long at the same tempo. A note keeps at least one tick. Each track's end
/// scales too. Throws MidiError (Errc::OutOfRange) for a factor that is not
/// finite and above 0.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct TimeStretch {
    double factor = 1.0;

    void apply(MidiSequence& seq) const {
        if (!(factor > 0.0) || !std::isfinite(factor)) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "TimeStretch factor " + std::to_string(factor) + ": expected a finite number above 0";
            });
        }
        const auto scale = [&](std::int64_t t) { return detail::round_ticks(static_cast<double>(t) * factor); };
        std::vector<std::int64_t> ends;
        for (const MidiTrack& t : seq.tracks()) {
            ends.push_back(scale(t.end_tick()));
        }
        detail::retime(
            seq,
            [&](std::int64_t& s, std::int64_t& e, MidiEvent&) {
                s = scale(s);
                e = scale(e);
            },
            [&](MidiEvent& e) { e.tick = scale(e.tick); });
        for (std::size_t i = 0; i < ends.size(); ++i) {
            seq.tracks()[i].set_end_tick(ends[i]);
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Moves every event by `ticks` (negative: earlier), clamping at tick 0,
/// except meta events at tick 0 (track setup: the first tempo, time and key
/// signature, names), which stay. A note moved partly before 0 starts at 0
/// and keeps its end; one moved wholly before 0 becomes a one-tick note at
/// 0. Each track's end moves too (not below 0). Throws MidiError
/// (Errc::OutOfRange) for |ticks| of 2^62 or more.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct TimeShift {
    std::int64_t ticks = 0;

    void apply(MidiSequence& seq) const {
        constexpr std::int64_t limit = std::int64_t{1} << 62;
        if (ticks >= limit || ticks <= -limit) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "TimeShift of " + std::to_string(ticks) + " ticks: expected less than 2^62 either way";
            });
        }
        std::vector<std::int64_t> ends;
        for (const MidiTrack& t : seq.tracks()) {
            ends.push_back(std::max<std::int64_t>(0, t.end_tick() + ticks));
        }
        detail::retime(
            seq,
            [&](std::int64_t& s, std::int64_t& e, MidiEvent&) {
                s += ticks;
                e += ticks;
            },
            [&](MidiEvent& e) {
                if (!(e.kind == EventKind::Meta && e.tick == 0)) {
                    e.tick += ticks;
                }
            });
        for (std::size_t i = 0; i < ends.size(); ++i) {
            seq.tracks()[i].set_end_tick(ends[i]);
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Plays the notes backwards: with L the sequence's length
/// (duration_ticks()), a note from s to e goes from L - e to L - s (same
/// length, note-off still after note-on), and every other channel message
/// at t goes to L - t. Meta and SysEx events stay where they are (the
/// tempo map is not reversed). Track ends are unchanged (set explicitly),
/// so the length stays L and reversing twice gives the notes back.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Reverse {
    void apply(MidiSequence& seq) const {
        const std::int64_t length = seq.duration_ticks();
        std::vector<std::int64_t> ends;
        for (const MidiTrack& t : seq.tracks()) {
            ends.push_back(t.end_tick());
        }
        detail::retime(
            seq,
            [&](std::int64_t& s, std::int64_t& e, MidiEvent&) {
                const std::int64_t s0 = s;
                s = length - e;
                e = length - s0;
            },
            [&](MidiEvent& e) {
                if (e.kind == EventKind::Message) {
                    e.tick = length - e.tick;
                }
            });
        // Keep the length: without this a piece starting after tick 0 would
        // end earlier reversed.
        for (std::size_t i = 0; i < ends.size(); ++i) {
            seq.tracks()[i].set_end_tick(ends[i]);
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// seq with note starts pulled to the grid at strength (Quantize).
/// Thread-safe. Not realtime-safe.
[[nodiscard]] inline MidiSequence quantize(MidiSequence seq, cm::theory::NoteValue grid, double strength = 1.0) {
    Quantize q;
    q.grid = grid;
    q.strength = strength;
    q.apply(seq);
    return seq;
}

} // namespace cm::midi
