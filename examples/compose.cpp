// The composition half of ./scripts/demo: eight bars in D dorian built with
// cm::theory from a seed: a roman-numeral progression voiced with smooth
// voice leading, an arpeggio over it, Euclidean drums and a Markov melody
// trained on a phrase and kept in the scale. Prints what it made and writes
// it as a Standard MIDI File with cm::midi.
//
//     compose [--seed N] [--out DIR]      (default: seed 2026, DIR = .)
#include <coremusic/midi.hpp>
#include <coremusic/theory.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

using namespace cm::theory;

namespace {

std::string names(const std::vector<Note>& notes) {
    std::string out;
    for (const Note& n : notes) {
        out += (out.empty() ? "" : " ") + n.name();
    }
    return out;
}

std::string names(const std::vector<NoteEvent>& events, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < events.size() && i < max; ++i) {
        out += (out.empty() ? "" : " ") + Note::from_midi(events[i].note, Spelling::Flats).name();
    }
    return out + (events.size() > max ? " ..." : "");
}

} // namespace

int main(int argc, char** argv) {
    std::uint64_t seed = 2026;
    std::filesystem::path out_dir = ".";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--seed") {
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        } else if (flag == "--out") {
            out_dir = argv[i + 1];
        } else {
            std::fprintf(stderr, "usage: compose [--seed N] [--out DIR]\n");
            return 2;
        }
    }
    const double bpm = 112.0;
    const TimeSignature meter{4, 4};
    std::printf("coremusic %s: composing with cm::theory (seed %llu)\n\n", COREMUSIC_VERSION_STRING,
                static_cast<unsigned long long>(seed));

    // --- harmony: a progression in D dorian's parent key, voiced for smooth motion
    const Key key = Key::from_name("D minor");
    const auto progression = ChordProgression::from_roman(key, {"i7", "IV7", "VIImaj7", "V7", "i7", "iv7", "VI", "V7"});
    std::printf("progression in %s (%s):\n", key.name().c_str(), "i7 IV7 VIImaj7 V7 i7 iv7 VI V7");
    std::vector<Note> previous;
    std::vector<std::vector<Note>> voicings;
    std::vector<NoteEvent> pads;  // the voiced chords, a bar each
    for (const Chord& chord : progression.chords()) {
        previous = previous.empty() ? voicing(chord, VoicingStyle::Drop2) : nearest_voicing(chord, previous);
        for (const Note& n : previous) {
            pads.push_back({4.0 * static_cast<double>(voicings.size()), 4.0, n.midi(), 64, 2});
        }
        voicings.push_back(previous);
        const auto roman = RomanNumeral::from_chord(key, chord);
        std::printf("  %-9s %-10s %s\n", chord.symbol().c_str(), roman ? roman->name().c_str() : "?",
                    names(previous).c_str());
    }
    std::printf("  voice leading moved %d semitones in all\n", [&] {
        int total = 0;
        for (std::size_t i = 1; i < voicings.size(); ++i) {
            total += voice_leading_distance(voicings[i - 1], voicings[i]);
        }
        return total;
    }());

    // --- an arpeggio over each bar's chord, up-down in sixteenths with a little swing
    std::vector<NoteEvent> arpeggio;
    const double bar = meter.beats_per_bar();
    for (std::size_t b = 0; b < voicings.size(); ++b) {
        Arpeggiator::Options o;
        o.pattern = ArpPattern::UpDown;
        o.octaves = 2;
        o.rate = NoteValue::Sixteenth;
        o.swing = 0.2;
        o.gate = 0.7;
        o.velocity = 80;
        o.channel = 1;
        for (NoteEvent e : Arpeggiator{voicings[b], o}.generate(16)) {
            e.start_beat += bar * static_cast<double>(b);
            arpeggio.push_back(e);
        }
    }
    std::printf("\narpeggio (up-down, 2 octaves, 1/16, swing 0.2): %zu notes: %s\n", arpeggio.size(),
                names(arpeggio, 12).c_str());

    // --- drums: Euclidean rhythms on General MIDI percussion (channel 10 = index 9)
    const EuclideanGenerator kick{3, 8, 36, 0.5, 110, 9};
    const EuclideanGenerator snare{2, 8, 38, 0.5, 100, 9, 2};
    const EuclideanGenerator hats{7, 16, 42, 0.25, 70, 9};
    std::printf("\ndrums (Euclidean, Toussaint 2005):\n");
    std::printf("  kick  E(3,8)     %s\n", rhythm_to_string(kick.pattern()).c_str());
    std::printf("  snare E(2,8)+2   %s\n", rhythm_to_string(snare.pattern()).c_str());
    std::printf("  hats  E(7,16)    %s\n", rhythm_to_string(hats.pattern()).c_str());
    const std::size_t bars = voicings.size();
    std::vector<NoteEvent> drums;
    for (const auto& g : {kick, snare, hats}) {
        const auto cycles = static_cast<std::size_t>(bar * static_cast<double>(bars) / g.cycle_beats());
        const auto events = g.generate(cycles);
        drums.insert(drums.end(), events.begin(), events.end());
    }
    std::sort(drums.begin(), drums.end(), [](const NoteEvent& a, const NoteEvent& b) {
        return a.start_beat < b.start_beat || (a.start_beat == b.start_beat && a.note < b.note);
    });
    std::printf("  %zu hits over %zu bars\n", drums.size(), bars);

    // --- melody: a second-order Markov chain trained on a dorian phrase
    const Scale dorian{Note::from_name("D5"), ScaleType::Dorian};
    MarkovGenerator markov{2, seed};
    const int phrase[] = {74, 76, 77, 79, 81, 79, 77, 76, 74, 72, 74, 77, 76, 74, 81, 83, 81, 79, 77, 76, 74};
    markov.train(phrase);
    markov.set_scale_constraint(dorian);
    markov.set_temperature(0.8);
    markov.set_step(0.5);
    markov.set_velocity(96);
    markov.set_channel(0);
    const auto melody = markov.generate(static_cast<std::size_t>(bar * static_cast<double>(bars) / 0.5), 74);
    std::printf("\nmelody (Markov order 2, T=0.8, in %s): %zu notes: %s\n", dorian.name().c_str(), melody.size(),
                names(melody, 16).c_str());

    const double beats = bar * static_cast<double>(bars);
    std::printf("\n%zu bars of %s at %.0f bpm = %.1f beats, %.2f s; %zu notes in all\n", bars, meter.name().c_str(),
                bpm, beats, beats_to_seconds(beats, bpm),
                pads.size() + arpeggio.size() + drums.size() + melody.size());

    // --- the piece as a Standard MIDI File (format 1, 480 PPQ, General MIDI programs)
    constexpr int ppq = 480;
    cm::midi::MidiSequence sequence{ppq};
    cm::midi::MidiTrack& conductor = sequence.add_track("coremusic compose (seed " + std::to_string(seed) + ")");
    conductor.add_tempo(0, bpm);
    conductor.add_time_signature(0, meter.numerator(), meter.denominator());
    conductor.add_key_signature(0, key.signature(), key.is_minor());
    struct Part {
        const char* name;
        const std::vector<NoteEvent>& events;
        int program;  // General MIDI, 0-based
    };
    for (const Part& part : {Part{"Melody", melody, 73}, Part{"Arpeggio", arpeggio, 46}, Part{"Pads", pads, 89},
                             Part{"Drums", drums, -1}}) {
        cm::midi::MidiTrack track = cm::midi::MidiTrack::from_note_events(part.events, ppq, part.name);
        if (part.program >= 0) {
            track.add_program(0, part.program);
        }
        sequence.add_track(std::move(track));
    }
    std::filesystem::create_directories(out_dir);
    const std::filesystem::path mid = out_dir / "composition.mid";
    sequence.save(mid);
    const auto reread = cm::midi::MidiSequence::load(mid);
    std::printf("\nwrote %s: %zu tracks, %zu events, %.2f s by its tempo map (read back from the file)\n",
                mid.string().c_str(), reread.track_count(), reread.event_count(), reread.duration_seconds());
    return 0;
}
