// The composition half of ./scripts/demo: eight bars in D dorian built with
// cm::theory from a seed: a roman-numeral progression voiced with smooth
// voice leading, an arpeggio over it, Euclidean drums and a Markov melody
// trained on a phrase and kept in the scale. Prints what it made.
#include <coremusic/theory.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
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
    const std::uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2026;
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
    for (const Chord& chord : progression.chords()) {
        previous = previous.empty() ? voicing(chord, VoicingStyle::Drop2) : nearest_voicing(chord, previous);
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
                bpm, beats, beats_to_seconds(beats, bpm), arpeggio.size() + drums.size() + melody.size());
    return 0;
}
