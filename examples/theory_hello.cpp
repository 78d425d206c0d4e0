#include <coremusic/theory.hpp>

#include <cstdio>

using namespace cm::theory;

int main() {
    Scale d_dorian{Note::from_name("D4"), ScaleType::Dorian};        // D E F G A B C
    Chord chord = Chord::from_symbol("F#m7b5");                        // F#4 A4 C5 E5
    auto progression = ChordProgression::from_roman("C", {"ii7", "V7", "I"});   // Dm7 G7 C
    auto tresillo = euclidean_rhythm(3, 8);                            // x..x..x.
    MarkovGenerator markov{2, /*seed*/ 7};                             // same notes on every platform
    markov.train(std::vector<int>{62, 64, 65, 67, 69, 67, 65, 64, 62});
    markov.set_scale_constraint(d_dorian);
    std::vector<NoteEvent> melody = markov.generate(16, 62);

    std::printf("%s, %s, %s %s %s, %s, %zu notes\n", d_dorian.name().c_str(), chord.symbol().c_str(),
                progression[0].symbol().c_str(), progression[1].symbol().c_str(), progression[2].symbol().c_str(),
                rhythm_to_string(tresillo).c_str(), melody.size());
}
