// coremusic/midi/transform/structure.hpp
// Transforms that reshape a sequence: TrackMerge (all tracks into one) and
// Arpeggiate (chords played as arpeggios by cm::theory::Arpeggiator).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/midi_track.hpp>
#include <coremusic/midi/transform/transformer.hpp>
#include <coremusic/theory/arpeggiator.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/note_value.hpp>

namespace cm::midi {

/// Merges every track into one and makes the sequence format 0. Events keep
/// their ticks; at equal tick and rank, the earlier track's come first. The
/// merged track has the first track's name and channel and ends at the
/// latest track end. Notes of one channel and pitch from different tracks
/// may overlap; they stay closed (see Transformer). No tracks: nothing
/// changes.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct TrackMerge {
    void apply(MidiSequence& seq) const {
        if (seq.track_count() == 0) {
            return;
        }
        const MidiTrack& first = seq.tracks().front();
        MidiTrack merged(first.name(), first.channel(), first.ppq());
        merged.set_end_tick(seq.duration_ticks());
        merged.edit([&](std::vector<MidiEvent>& ev) {
            ev.reserve(seq.event_count());
            for (const MidiTrack& t : seq.tracks()) {
                ev.insert(ev.end(), t.events().begin(), t.events().end());
            }
        });
        std::vector<MidiTrack> one;
        one.push_back(std::move(merged));
        seq.set_tracks(std::move(one));
        seq.set_format(0);
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

namespace detail {

[[nodiscard]] inline std::string squash_name(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '_' || c == '-' || c == ' ') {
            continue;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

[[nodiscard]] inline cm::theory::ArpPattern parse_arp_pattern(std::string_view name, std::error_code* ec) {
    using cm::theory::ArpPattern;
    const std::string key = squash_name(name);
    for (int i = 0; i <= static_cast<int>(ArpPattern::InsideOut); ++i) {
        const auto p = static_cast<ArpPattern>(i);
        if (key == squash_name(cm::theory::to_string(p))) {
            cm::detail::report_success(ec);
            return p;
        }
    }
    cm::detail::report<MidiError>(ec, Errc::InvalidArgument, [&] {
        return "arpeggio pattern \"" + std::string(name) +
               "\": expected up, down, up_down, down_up, up_down_inclusive, random, random_walk, as_played, "
               "outside_in or inside_out";
    });
    return ArpPattern::Up;
}

} // namespace detail

/// The arpeggio pattern named `name` the seed's way ("up", "down",
/// "up_down", "down_up", "up_down_inclusive", "random", "random_walk",
/// "as_played", "outside_in", "inside_out"); case, '_', '-' and spaces are
/// ignored, so to_string's "UpDown" reads too. Throws MidiError
/// (Errc::InvalidArgument) quoting the name and listing the patterns.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline cm::theory::ArpPattern arp_pattern_from_name(std::string_view name) {
    return detail::parse_arp_pattern(name, nullptr);
}
/// As above, setting ec (Errc::InvalidArgument) instead of throwing and
/// then returning Up; clears ec on success.
[[nodiscard]] inline cm::theory::ArpPattern arp_pattern_from_name(std::string_view name, std::error_code& ec) noexcept {
    try {
        return detail::parse_arp_pattern(name, &ec);
    } catch (...) {  // only std::bad_alloc from building the key
        ec = make_error_code(Errc::InvalidArgument);
        return cm::theory::ArpPattern::Up;
    }
}

/// Plays chords as arpeggios. A chord is `min_notes` or more notes of one
/// track and channel whose note-ons lie within `chord_window` ticks of the
/// first of them (0: the same tick). It lasts from its first note-on to its
/// latest note-off and is replaced by the notes cm::theory::Arpeggiator
/// plays over its pitches with this pattern, rate, octaves, gate and swing
/// (see ArpPattern and Arpeggiator for the order and timing), at the chord's
/// loudest velocity: step i starts at the chord's start plus its onset in
/// beats converted with beats_to_ticks, steps start while inside the chord,
/// and a note ends at its gate or at the chord's end, whichever is first
/// (and lasts at least one tick). Octaves above 127 are left out (fewer
/// octaves for a high chord). Random patterns draw with seed + k for the
/// k-th chord of the sequence (0-based, tracks in order). Other notes and
/// events stay.
/// Throws MidiError (Errc::OutOfRange) for options outside: octaves
/// 1..10, gate in (0, 1], swing in [0, 1], min_notes >= 1, chord_window >= 0;
/// (Errc::NotSupported) under an SMPTE division.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Arpeggiate {
    cm::theory::ArpPattern pattern = cm::theory::ArpPattern::Up;
    cm::theory::NoteValue rate = cm::theory::NoteValue::Sixteenth;
    int octaves = 1;
    double gate = 0.5;
    double swing = 0.0;
    int min_notes = 2;
    std::int64_t chord_window = 0;
    std::uint64_t seed = 0;

    void apply(MidiSequence& seq) const {
        using cm::theory::Arpeggiator;
        if (octaves < 1 || octaves > Arpeggiator::max_octaves || !(gate > 0.0 && gate <= 1.0) ||
            !(swing >= 0.0 && swing <= 1.0) || min_notes < 1 || chord_window < 0) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "Arpeggiate octaves " + std::to_string(octaves) + ", gate " + std::to_string(gate) +
                       ", swing " + std::to_string(swing) + ", min_notes " + std::to_string(min_notes) +
                       ", chord_window " + std::to_string(chord_window) +
                       ": expected octaves 1..10, a gate in (0, 1], a swing in [0, 1], min_notes >= 1 and a "
                       "window >= 0";
            });
        }
        const int ppq = seq.ppq();
        if (ppq <= 0) {
            cm::detail::report<MidiError>(nullptr, Errc::NotSupported,
                                          "Arpeggiate under an SMPTE division: the rate is in beats");
        }
        const double step_ticks = rate.beats_double() * static_cast<double>(ppq);
        std::uint64_t chord_index = 0;
        for (MidiTrack& t : seq.tracks()) {
            const std::int64_t end_tick = t.end_tick();
            t.edit([&](std::vector<MidiEvent>& ev) {
                const std::vector<detail::NoteRef> notes = detail::close_notes(ev, end_tick);
                std::vector<bool> remove(ev.size(), false);
                std::vector<MidiEvent> added;
                // Open chord per channel: indices into notes.
                std::vector<std::vector<std::size_t>> open(16);
                const auto play = [&](std::vector<std::size_t>& chord) {
                    if (chord.size() < static_cast<std::size_t>(min_notes)) {
                        chord.clear();
                        return;
                    }
                    std::vector<int> pitches;
                    int velocity = 1;
                    std::int64_t start = notes[chord.front()].start;
                    std::int64_t end = 0;
                    int channel = 0;
                    for (const std::size_t k : chord) {
                        const detail::NoteRef& r = notes[k];
                        const MidiMessage on = ev[r.on].message;
                        pitches.push_back(on.note());
                        velocity = std::max(velocity, on.velocity());
                        channel = on.channel();
                        end = std::max(end, r.end);
                        remove[r.on] = true;
                        remove[r.off] = true;
                    }
                    chord.clear();
                    const int top = *std::max_element(pitches.begin(), pitches.end());
                    Arpeggiator::Options o;
                    o.pattern = pattern;
                    o.octaves = std::min(octaves, 1 + (127 - top) / 12);
                    o.rate = rate;
                    o.gate = gate;
                    o.swing = swing;
                    o.velocity = velocity;
                    o.channel = channel;
                    o.seed = seed + chord_index++;
                    const Arpeggiator arp(std::span<const int>(pitches), o);
                    const double span = static_cast<double>(end - start);
                    const auto steps = static_cast<std::size_t>(
                        std::min(span / std::max(step_ticks, 1e-9), 4.0 * span + 8.0)) + 2;
                    for (const cm::theory::NoteEvent& n : arp.generate(steps)) {
                        const std::int64_t on = start + cm::theory::beats_to_ticks(n.start_beat, ppq);
                        if (on >= end) {
                            break;
                        }
                        std::int64_t off = start + cm::theory::beats_to_ticks(n.end_beat(), ppq);
                        off = std::max(std::min(off, end), on + 1);
                        added.push_back(MidiEvent::from_message(on, MidiMessage::note_on(channel, n.note, velocity)));
                        added.push_back(MidiEvent::from_message(off, MidiMessage::note_off(channel, n.note)));
                    }
                };
                for (std::size_t k = 0; k < notes.size(); ++k) {
                    const detail::NoteRef& r = notes[k];
                    auto& chord = open[static_cast<std::size_t>(ev[r.on].message.channel())];
                    if (!chord.empty() && r.start - notes[chord.front()].start > chord_window) {
                        play(chord);
                    }
                    chord.push_back(k);
                }
                for (auto& chord : open) {
                    play(chord);
                }
                std::size_t w = 0;
                for (std::size_t r = 0; r < ev.size(); ++r) {
                    if (!remove[r]) {
                        if (w != r) {
                            ev[w] = std::move(ev[r]);
                        }
                        ++w;
                    }
                }
                ev.resize(w);
                for (MidiEvent& e : added) {
                    ev.push_back(std::move(e));
                }
            });
        }
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

} // namespace cm::midi
