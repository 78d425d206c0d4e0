// coremusic/theory/polyrhythm_generator.hpp
// Polyrhythms (3 against 2, 5 against 4): layers that divide the same cycle
// into different numbers of equal notes, merged into one sorted stream.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>

namespace cm::theory {

/// Layers, each dividing a cycle of cycle_duration beats into `divisions`
/// equal notes. Onset k of cycle c in a layer of d divisions is
/// ((c * d + k) * cycle_duration) / d: one multiplication and one division
/// from integers, never a running sum, so error does not grow over cycles,
/// every cycle starts exactly at c * cycle_duration when that product is
/// exact, and onsets that coincide in exact arithmetic (2/6 and 1/3 of a
/// cycle) are the same double whenever the index times cycle_duration is
/// exact (integer or dyadic cycle lengths). Each note lasts cycle_duration / d.
/// Thread-safe: a value type; generate() is const, add_layer() is not.
/// Not realtime-safe (allocates).
class PolyrhythmGenerator {
public:
    /// The most divisions a layer may have.
    static constexpr int max_divisions = 4096;

    /// One layer: `divisions` notes per cycle.
    struct Layer {
        int divisions = 1;  ///< notes per cycle, 1..max_divisions
        int note = 60;      ///< MIDI note, 0..127
        int velocity = 100; ///< MIDI velocity, 1..127
        int channel = 0;    ///< MIDI channel, 0..15

        /// All fields equal.
        friend constexpr bool operator==(const Layer&, const Layer&) noexcept = default;
    };

    /// No layers yet, a cycle of cycle_duration beats. Throws TheoryError
    /// (Errc::OutOfRange) unless cycle_duration is finite and above 0.
    explicit PolyrhythmGenerator(double cycle_duration = 4.0) : cycle_(cycle_duration) {
        if (!(cycle_duration > 0.0) || !std::isfinite(cycle_duration)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "polyrhythm cycle of " + std::to_string(cycle_duration) +
                       " beats: expected a finite number above 0";
            });
        }
    }

    /// Adds a layer; returns *this so calls chain. Throws TheoryError
    /// (Errc::OutOfRange) for divisions outside 1..max_divisions, note
    /// outside 0..127, velocity outside 1..127 or channel outside 0..15.
    PolyrhythmGenerator& add_layer(int divisions, int note, int velocity = 100, int channel = 0) {
        const bool ok = divisions >= 1 && divisions <= max_divisions && note >= 0 && note <= 127 && velocity >= 1 &&
                        velocity <= 127 && channel >= 0 && channel <= 15;
        if (!ok) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "polyrhythm layer of " + std::to_string(divisions) + " divisions, note " +
                       std::to_string(note) + ", velocity " + std::to_string(velocity) + ", channel " +
                       std::to_string(channel) + ": expected 1.." + std::to_string(max_divisions) +
                       " divisions, a note 0..127, a velocity 1..127 and a channel 0..15";
            });
        }
        layers_.push_back({divisions, note, velocity, channel});
        return *this;
    }

    /// The cycle's length in beats.
    [[nodiscard]] double cycle_duration() const noexcept { return cycle_; }
    /// The layers, in the order added.
    [[nodiscard]] const std::vector<Layer>& layers() const noexcept { return layers_; }

    /// Every layer's notes over num_cycles cycles, sorted by start, then
    /// note, then channel, velocity and duration (so the order does not depend on
    /// the order layers were added). Empty without layers.
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_cycles) const {
        std::vector<NoteEvent> out;
        std::size_t total = 0;
        for (const Layer& l : layers_) {
            total += static_cast<std::size_t>(l.divisions);
        }
        out.reserve(total * num_cycles);
        for (const Layer& l : layers_) {
            const auto d = static_cast<std::size_t>(l.divisions);
            const double length = cycle_ / static_cast<double>(l.divisions);
            for (std::size_t index = 0; index < num_cycles * d; ++index) {
                const double start = (static_cast<double>(index) * cycle_) / static_cast<double>(l.divisions);
                out.push_back({start, length, l.note, l.velocity, l.channel});
            }
        }
        std::sort(out.begin(), out.end(), [](const NoteEvent& a, const NoteEvent& b) {
            if (a.start_beat != b.start_beat) {
                return a.start_beat < b.start_beat;
            }
            if (a.note != b.note) {
                return a.note < b.note;
            }
            if (a.channel != b.channel) {
                return a.channel < b.channel;
            }
            if (a.velocity != b.velocity) {
                return a.velocity < b.velocity;
            }
            return a.duration_beats < b.duration_beats;
        });
        return out;
    }

private:
    double cycle_;
    std::vector<Layer> layers_;
};

} // namespace cm::theory
