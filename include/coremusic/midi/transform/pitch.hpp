// coremusic/midi/transform/pitch.hpp
// Pitch transforms on a sequence: Transpose, Invert (mirror around a pivot)
// and Harmonize (add notes at chromatic or diatonic intervals).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/transform/transformer.hpp>
#include <coremusic/theory/scale.hpp>

namespace cm::midi {

/// Moves every note (note-on, note-off, poly pressure) by `semitones`. A
/// note that would leave 0..127 is dropped (RangeRule::Drop, the default:
/// its note-on and note-off both go, as they share the pitch) or clamped to
/// 0 or 127 (RangeRule::Clamp). Every channel, drums included.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Transpose {
    int semitones = 0;
    RangeRule out_of_range = RangeRule::Drop;

    void apply(MidiSequence& seq) const {
        detail::PitchMap map{};
        for (int p = 0; p < 128; ++p) {
            const long long to = static_cast<long long>(p) + semitones;
            const bool in = to >= 0 && to <= 127;
            map[static_cast<std::size_t>(p)] = static_cast<std::int16_t>(
                in ? to : out_of_range == RangeRule::Clamp ? std::clamp<long long>(to, 0, 127) : -1);
        }
        detail::map_pitches(seq, map);
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Mirrors every note around `pivot` (0..127): note n becomes
/// 2 * pivot - n, so with pivot 60, 64 (E4) becomes 56 (Ab3) and 60 stays.
/// Out of range as Transpose (Drop by default). Throws MidiError
/// (Errc::OutOfRange) for a pivot outside 0..127.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Invert {
    int pivot = 60;
    RangeRule out_of_range = RangeRule::Drop;

    void apply(MidiSequence& seq) const {
        detail::check_range(pivot, 0, 127, "Invert pivot note");
        detail::PitchMap map{};
        for (int p = 0; p < 128; ++p) {
            const int to = 2 * pivot - p;
            const bool in = to >= 0 && to <= 127;
            map[static_cast<std::size_t>(p)] = static_cast<std::int16_t>(
                in ? to : out_of_range == RangeRule::Clamp ? std::clamp(to, 0, 127) : -1);
        }
        detail::map_pitches(seq, map);
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Adds, for every note, a note at each of `intervals` from it, with the
/// same start, end, velocity and channel.
/// - Without a scale the intervals are semitones: {4, 7} adds a major
///   triad above each note.
/// - With a scale they are steps along it (diatonic): {2, 4} in C major
///   adds a third and a fifth inside the key: C gets E and G, D gets F and
///   A, B gets D and F. A note whose pitch class is not in the scale gets
///   nothing added.
/// An added note outside 0..127 is left out, as is one on the note's own
/// pitch (interval 0) or a repeat of another added pitch. Negative
/// intervals add below.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Harmonize {
    std::vector<int> intervals{};
    std::optional<cm::theory::Scale> scale{};

    void apply(MidiSequence& seq) const {
        // The scale's notes across the MIDI range, for diatonic steps.
        std::vector<int> in_scale;
        std::vector<int> position(128, -1);
        if (scale) {
            const int root = scale->root().pitch_class();
            for (int m = 0; m < 128; ++m) {
                if (scale->type().has_semitone(m - root)) {
                    position[static_cast<std::size_t>(m)] = static_cast<int>(in_scale.size());
                    in_scale.push_back(m);
                }
            }
        }
        const auto target = [&](int p, int k) -> int {
            if (!scale) {
                const long long q = static_cast<long long>(p) + k;
                return q >= 0 && q <= 127 ? static_cast<int>(q) : -1;
            }
            const int at = position[static_cast<std::size_t>(p)];
            if (at < 0) {
                return -1;
            }
            const long long q = static_cast<long long>(at) + k;
            return q >= 0 && q < static_cast<long long>(in_scale.size()) ? in_scale[static_cast<std::size_t>(q)] : -1;
        };
        for (MidiTrack& t : seq.tracks()) {
            const std::int64_t end_tick = t.end_tick();
            t.edit([&](std::vector<MidiEvent>& ev) {
                const std::vector<detail::NoteRef> notes = detail::close_notes(ev, end_tick);
                std::vector<int> added;
                for (const detail::NoteRef& r : notes) {
                    const MidiMessage on = ev[r.on].message;
                    added.clear();
                    for (const int k : intervals) {
                        const int q = target(on.note(), k);
                        if (q < 0 || q == on.note() || std::find(added.begin(), added.end(), q) != added.end()) {
                            continue;
                        }
                        added.push_back(q);
                        ev.push_back(MidiEvent::from_message(r.start, MidiMessage::note_on(on.channel(), q, on.velocity())));
                        ev.push_back(MidiEvent::from_message(r.end, MidiMessage::note_off(on.channel(), q)));
                    }
                }
            });
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// seq with every note moved by semitones (Transpose).
/// Thread-safe. Not realtime-safe.
[[nodiscard]] inline MidiSequence transpose(MidiSequence seq, int semitones, RangeRule out_of_range = RangeRule::Drop) {
    Transpose{semitones, out_of_range}.apply(seq);
    return seq;
}

} // namespace cm::midi
