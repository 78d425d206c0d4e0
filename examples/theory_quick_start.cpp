// The seed README's "Music Theory and Generative Algorithms" snippet in C++:
// notes, scales, chords, a progression from roman numerals, and the
// arpeggiator, Euclidean, Markov and polyrhythm generators.
#include <coremusic/theory.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace cm::theory;

namespace {

void print_events(const char* what, const std::vector<NoteEvent>& events, std::size_t max = 8) {
    std::printf("%s: %zu notes;", what, events.size());
    for (std::size_t i = 0; i < events.size() && i < max; ++i) {
        std::printf(" %s@%.3g", Note::from_midi(events[i].note).name().c_str(), events[i].start_beat);
    }
    std::printf("%s\n", events.size() > max ? " ..." : "");
}

} // namespace

int main() {
    // Music theory basics
    const Note c4 = Note::from_name("C4");
    std::printf("MIDI: %d, Frequency: %.2f Hz\n", c4.midi(), c4.frequency());

    // Scales (92 types)
    const Scale c_major{Note::from_name("C4"), ScaleType::Major};
    const Scale d_dorian{Note::from_name("D4"), ScaleType::Dorian};
    const Scale a_blues{Note::from_name("A3"), ScaleType::BluesMinor};
    for (const Scale& s : {c_major, d_dorian, a_blues}) {
        std::printf("%-14s", s.name().c_str());
        for (const Note& n : s.notes()) {
            std::printf(" %s", n.name().c_str());
        }
        std::printf("\n");
    }

    // Chords (106 types)
    const Chord cmaj7{Note::from_name("C4"), ChordType::Major7};
    const Chord dm7{Note::from_name("D4"), ChordType::Minor7};
    const Chord g7{Note::from_name("G4"), ChordType::Dominant7};
    for (const Chord& c : {cmaj7, dm7, g7, Chord::from_symbol("F#m7b5"), Chord::from_symbol("C7(b9,#5)")}) {
        std::printf("%-8s", c.symbol().c_str());
        for (const Note& n : c.notes()) {
            std::printf(" %s", n.name().c_str());
        }
        std::printf("\n");
    }

    // Chord progressions with roman numerals
    const auto progression = ChordProgression::from_roman("C", {"I", "vi", "IV", "V"});
    for (const Chord& chord : progression.chords()) {
        std::printf("%s:", chord.root().name().c_str());
        for (const Note& n : chord.notes()) {
            std::printf(" %s", n.name().c_str());
        }
        std::printf("\n");
    }

    // Arpeggiator (10 patterns)
    const Chord chord{Note::from_name("C4"), ChordType::Major};
    Arpeggiator::Options arp_options;
    arp_options.pattern = ArpPattern::UpDown;
    arp_options.rate = NoteValue::Sixteenth;  // 0.25 beats
    print_events("arpeggio", Arpeggiator{chord.notes(), arp_options}.generate(16));

    // Euclidean rhythms: tresillo E(3,8), cinquillo E(5,8), rumba E(7,12)
    const EuclideanGenerator euclidean{5, 8, Note::from_name("C4").midi(), 0.125};
    std::printf("cinquillo %s\n", rhythm_to_string(euclidean.pattern()).c_str());
    print_events("euclidean", euclidean.generate(4));

    // Markov chain melody generation
    MarkovGenerator markov{2};
    const int melody[] = {60, 62, 64, 65, 67, 65, 64, 62};
    markov.train(melody);
    markov.set_scale_constraint(c_major);
    print_events("markov", markov.generate(16, Note::from_name("C4").midi()));

    // Polyrhythm (3 against 4)
    PolyrhythmGenerator poly{1.0};
    poly.add_layer(3, Note::from_name("C4").midi(), 100);
    poly.add_layer(4, Note::from_name("E4").midi(), 80);
    print_events("polyrhythm", poly.generate(4));
    return 0;
}
