// The seed README's "MIDI Transformation Pipeline" snippet in C++: load a
// MIDI file (or make one), run a pipeline, save it, and use transforms one by
// one.            midi_transform [input.mid] [output.mid]
#include <coremusic/midi.hpp>

#include <cstdio>
#include <string>

using namespace cm::midi;
using cm::theory::ArpPattern;
using cm::theory::NoteValue;

int main(int argc, char** argv) {
    const std::string input = argc > 1 ? argv[1] : "input.mid";
    const std::string output = argc > 2 ? argv[2] : "output.mid";
    if (argc < 2) {  // no file given: write a C major chord and a scale to start from
        MidiSequence made{480};
        MidiTrack& t = made.add_track("Piano", 0);
        t.add_tempo(0, 100.0);
        for (const int n : {60, 64, 67}) {
            t.add_note(0, 960, n, 90);
        }
        for (int i = 0; i < 8; ++i) {
            constexpr int major[] = {0, 2, 4, 5, 7, 9, 11, 12};
            t.add_note(960 + 230 * i, 200, 60 + major[i], 70 + 5 * i);
        }
        made.save(input);
    }

    // Load an existing MIDI file
    const MidiSequence seq = MidiSequence::load(input);

    // A transformation pipeline
    const Pipeline pipeline{
        Transpose{5},                                               // up a perfect fourth
        Quantize{.grid = NoteValue::Sixteenth, .strength = 0.8},    // 16th notes, 80 % strength
        VelocityScale{.min = 40, .max = 100},                       // compress the velocity range
        Humanize{.seed = 1, .timing = 10, .velocity = 10},          // human feel (ticks, velocity)
    };

    // Apply and save
    const MidiSequence transformed = pipeline(seq);
    transformed.save(output);

    // Individual transformers can also be used directly
    const MidiSequence reversed = Reverse{}(seq);
    const MidiSequence harmonized = Harmonize{{4, 7}}(seq);   // add thirds and fifths
    const MidiSequence bass_only = NoteFilter{[](const TrackNote& n) { return n.note >= 24 && n.note <= 48; }}(seq);
    const MidiSequence arpeggiated = Arpeggiate{.pattern = ArpPattern::UpDown}(seq);   // chords to arpeggios

    // Convenience functions for common operations
    const MidiSequence result = humanize(quantize(transpose(seq, 12), NoteValue::Sixteenth), 5, 0);

    std::printf("%s: %zu events -> %s: %zu events\n", input.c_str(), seq.event_count(), output.c_str(),
                transformed.event_count());
    std::printf("reversed %zu, harmonized %zu, bass only %zu, arpeggiated %zu, convenience %zu events\n",
                reversed.event_count(), harmonized.event_count(), bass_only.event_count(),
                arpeggiated.event_count(), result.event_count());
    return 0;
}
