// Scales: the spelled notes of every scale type on C, Eb, F# and Bb checked
// against tonal 6.4.3 (Tonal.Scale.get(name).notes, dumped by node), degrees
// and detection against tonal's Scale.degrees and Scale.detect, and a few
// hand-checked scales (C major is C D E F G A B; A harmonic minor has G#).
#include <coremusic/theory/scale.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using cm::theory::Letter;
using cm::theory::Note;
using cm::theory::Scale;
using cm::theory::ScaleType;

static_assert(Scale{Note{Letter::D, 0, 4}, ScaleType::Dorian}.degree(3) == Note{Letter::F, 0, 4});
static_assert(Scale{}.contains(Note{Letter::B, 1, 3}));
static_assert(!Scale{}.contains(Note{Letter::C, 1, 4}));

Note n(std::string_view name) { return Note::from_name(name); }

// Letter and accidentals, no octave: the form tonal prints.
std::string pc(Note note) {
    std::string s = note.name();
    while (s.size() > 1 && ((s.back() >= '0' && s.back() <= '9') || s.back() == '-')) {
        s.pop_back();
    }
    return s;
}

std::string joined(const std::vector<Note>& notes, bool with_octave = false) {
    std::string out;
    for (const Note& note : notes) {
        out += (out.empty() ? "" : " ") + (with_octave ? note.name() : pc(note));
    }
    return out;
}

std::string joined(const std::vector<Scale>& scales) {
    std::string out;
    for (const Scale& s : scales) {
        out += (out.empty() ? "" : ", ") + s.name();
    }
    return out;
}

struct NotesRow {
    std::string_view scale;
    std::string_view notes;
};

// From tonal 6.4.3: for root in C Eb F# Bb and every ScaleType, Tonal.Scale.get(root + " " + type)
// -> name, notes.join(' ').
const NotesRow tonal_notes[] = {
    {"C major pentatonic", "C D E G A"},
    {"C major", "C D E F G A B"},
    {"C minor", "C D Eb F G Ab Bb"},
    {"C major blues", "C D Eb E G A"},
    {"C minor blues", "C Eb F Gb G Bb"},
    {"C melodic minor", "C D Eb F G A B"},
    {"C harmonic minor", "C D Eb F G Ab B"},
    {"C bebop", "C D E F G A Bb B"},
    {"C diminished", "C D Eb F Gb Ab A B"},
    {"C dorian", "C D Eb F G A Bb"},
    {"C lydian", "C D E F# G A B"},
    {"C mixolydian", "C D E F G A Bb"},
    {"C phrygian", "C Db Eb F G Ab Bb"},
    {"C locrian", "C Db Eb F Gb Ab Bb"},
    {"C ionian pentatonic", "C E F G B"},
    {"C mixolydian pentatonic", "C E F G Bb"},
    {"C ritusen", "C D F G A"},
    {"C egyptian", "C D F G Bb"},
    {"C neapolitan major pentatonic", "C E F Gb Bb"},
    {"C vietnamese 1", "C Eb F G Ab"},
    {"C pelog", "C Db Eb G Ab"},
    {"C kumoijoshi", "C Db F G Ab"},
    {"C hirajoshi", "C D Eb G Ab"},
    {"C iwato", "C Db F Gb Bb"},
    {"C in-sen", "C Db F G Bb"},
    {"C lydian pentatonic", "C E F# G B"},
    {"C malkos raga", "C Eb F Ab Bb"},
    {"C locrian pentatonic", "C Eb F Gb Bb"},
    {"C minor pentatonic", "C Eb F G Bb"},
    {"C minor six pentatonic", "C Eb F G A"},
    {"C flat three pentatonic", "C D Eb G A"},
    {"C flat six pentatonic", "C D E G Ab"},
    {"C scriabin", "C Db E G A"},
    {"C whole tone pentatonic", "C E Gb Ab Bb"},
    {"C lydian #5p pentatonic", "C E F# G# B"},
    {"C lydian dominant pentatonic", "C E F# G Bb"},
    {"C minor #7m pentatonic", "C Eb F G B"},
    {"C super locrian pentatonic", "C Eb Fb Gb Bb"},
    {"C minor hexatonic", "C D Eb F G B"},
    {"C augmented", "C D# E G G# B"},
    {"C piongio", "C D F G A Bb"},
    {"C prometheus neapolitan", "C Db E F# A Bb"},
    {"C prometheus", "C D E F# A Bb"},
    {"C mystery #1", "C Db E Gb Ab Bb"},
    {"C six tone symmetric", "C Db E F G# A"},
    {"C whole tone", "C D E F# G# A#"},
    {"C messiaen's mode #5", "C Db F F# G B"},
    {"C locrian major", "C D E F Gb Ab Bb"},
    {"C double harmonic lydian", "C Db E F# G Ab B"},
    {"C altered", "C Db D# E F# Ab Bb"},
    {"C locrian #2", "C D Eb F Gb Ab Bb"},
    {"C mixolydian b6", "C D E F G Ab Bb"},
    {"C lydian dominant", "C D E F# G A Bb"},
    {"C lydian augmented", "C D E F# G# A B"},
    {"C dorian b2", "C Db Eb F G A Bb"},
    {"C ultralocrian", "C Db Eb Fb Gb Ab Bbb"},
    {"C locrian 6", "C Db Eb F Gb A Bb"},
    {"C augmented heptatonic", "C D# E F G G# B"},
    {"C dorian #4", "C D Eb F# G A Bb"},
    {"C lydian diminished", "C D Eb F# G A B"},
    {"C leading whole tone", "C D E F# G# Bb B"},
    {"C lydian minor", "C D E F# G Ab Bb"},
    {"C phrygian dominant", "C Db E F G Ab Bb"},
    {"C balinese", "C Db Eb F G Ab B"},
    {"C neapolitan major", "C Db Eb F G A B"},
    {"C harmonic major", "C D E F G Ab B"},
    {"C double harmonic major", "C Db E F G Ab B"},
    {"C hungarian minor", "C D Eb F# G Ab B"},
    {"C hungarian major", "C D# E F# G A Bb"},
    {"C oriental", "C Db E F Gb A Bb"},
    {"C flamenco", "C Db Eb E F# G Bb"},
    {"C todi raga", "C Db Eb F# G Ab B"},
    {"C persian", "C Db E F Gb Ab B"},
    {"C enigmatic", "C Db E Gb Ab Bb B"},
    {"C major augmented", "C D E F G# A B"},
    {"C lydian #9", "C D# E F# G A B"},
    {"C messiaen's mode #4", "C Db D F F# G Ab B"},
    {"C purvi raga", "C Db E F F# G Ab B"},
    {"C spanish heptatonic", "C Db Eb E F G Ab Bb"},
    {"C bebop minor", "C D Eb E F G A Bb"},
    {"C bebop major", "C D E F G G# A B"},
    {"C bebop locrian", "C Db Eb F Gb G Ab Bb"},
    {"C minor bebop", "C D Eb F G Ab Bb B"},
    {"C ichikosucho", "C D E F Gb G A B"},
    {"C minor six diminished", "C D Eb F G Ab A B"},
    {"C half-whole diminished", "C Db Eb E F# G A Bb"},
    {"C kafi raga", "C Eb E F G A Bb B"},
    {"C messiaen's mode #6", "C D E F F# G# A# B"},
    {"C composite blues", "C D Eb E F Gb G A Bb"},
    {"C messiaen's mode #3", "C D Eb E F# G Ab Bb B"},
    {"C messiaen's mode #7", "C Db D Eb F F# G Ab A B"},
    {"C chromatic", "C Db D Eb E F Gb G Ab A Bb B"},
    {"Eb major pentatonic", "Eb F G Bb C"},
    {"Eb major", "Eb F G Ab Bb C D"},
    {"Eb minor", "Eb F Gb Ab Bb Cb Db"},
    {"Eb major blues", "Eb F Gb G Bb C"},
    {"Eb minor blues", "Eb Gb Ab Bbb Bb Db"},
    {"Eb melodic minor", "Eb F Gb Ab Bb C D"},
    {"Eb harmonic minor", "Eb F Gb Ab Bb Cb D"},
    {"Eb bebop", "Eb F G Ab Bb C Db D"},
    {"Eb diminished", "Eb F Gb Ab Bbb Cb C D"},
    {"Eb dorian", "Eb F Gb Ab Bb C Db"},
    {"Eb lydian", "Eb F G A Bb C D"},
    {"Eb mixolydian", "Eb F G Ab Bb C Db"},
    {"Eb phrygian", "Eb Fb Gb Ab Bb Cb Db"},
    {"Eb locrian", "Eb Fb Gb Ab Bbb Cb Db"},
    {"Eb ionian pentatonic", "Eb G Ab Bb D"},
    {"Eb mixolydian pentatonic", "Eb G Ab Bb Db"},
    {"Eb ritusen", "Eb F Ab Bb C"},
    {"Eb egyptian", "Eb F Ab Bb Db"},
    {"Eb neapolitan major pentatonic", "Eb G Ab Bbb Db"},
    {"Eb vietnamese 1", "Eb Gb Ab Bb Cb"},
    {"Eb pelog", "Eb Fb Gb Bb Cb"},
    {"Eb kumoijoshi", "Eb Fb Ab Bb Cb"},
    {"Eb hirajoshi", "Eb F Gb Bb Cb"},
    {"Eb iwato", "Eb Fb Ab Bbb Db"},
    {"Eb in-sen", "Eb Fb Ab Bb Db"},
    {"Eb lydian pentatonic", "Eb G A Bb D"},
    {"Eb malkos raga", "Eb Gb Ab Cb Db"},
    {"Eb locrian pentatonic", "Eb Gb Ab Bbb Db"},
    {"Eb minor pentatonic", "Eb Gb Ab Bb Db"},
    {"Eb minor six pentatonic", "Eb Gb Ab Bb C"},
    {"Eb flat three pentatonic", "Eb F Gb Bb C"},
    {"Eb flat six pentatonic", "Eb F G Bb Cb"},
    {"Eb scriabin", "Eb Fb G Bb C"},
    {"Eb whole tone pentatonic", "Eb G Bbb Cb Db"},
    {"Eb lydian #5p pentatonic", "Eb G A B D"},
    {"Eb lydian dominant pentatonic", "Eb G A Bb Db"},
    {"Eb minor #7m pentatonic", "Eb Gb Ab Bb D"},
    {"Eb super locrian pentatonic", "Eb Gb Abb Bbb Db"},
    {"Eb minor hexatonic", "Eb F Gb Ab Bb D"},
    {"Eb augmented", "Eb F# G Bb B D"},
    {"Eb piongio", "Eb F Ab Bb C Db"},
    {"Eb prometheus neapolitan", "Eb Fb G A C Db"},
    {"Eb prometheus", "Eb F G A C Db"},
    {"Eb mystery #1", "Eb Fb G Bbb Cb Db"},
    {"Eb six tone symmetric", "Eb Fb G Ab B C"},
    {"Eb whole tone", "Eb F G A B C#"},
    {"Eb messiaen's mode #5", "Eb Fb Ab A Bb D"},
    {"Eb locrian major", "Eb F G Ab Bbb Cb Db"},
    {"Eb double harmonic lydian", "Eb Fb G A Bb Cb D"},
    {"Eb altered", "Eb Fb F# G A Cb Db"},
    {"Eb locrian #2", "Eb F Gb Ab Bbb Cb Db"},
    {"Eb mixolydian b6", "Eb F G Ab Bb Cb Db"},
    {"Eb lydian dominant", "Eb F G A Bb C Db"},
    {"Eb lydian augmented", "Eb F G A B C D"},
    {"Eb dorian b2", "Eb Fb Gb Ab Bb C Db"},
    {"Eb ultralocrian", "Eb Fb Gb Abb Bbb Cb Dbb"},
    {"Eb locrian 6", "Eb Fb Gb Ab Bbb C Db"},
    {"Eb augmented heptatonic", "Eb F# G Ab Bb B D"},
    {"Eb dorian #4", "Eb F Gb A Bb C Db"},
    {"Eb lydian diminished", "Eb F Gb A Bb C D"},
    {"Eb leading whole tone", "Eb F G A B Db D"},
    {"Eb lydian minor", "Eb F G A Bb Cb Db"},
    {"Eb phrygian dominant", "Eb Fb G Ab Bb Cb Db"},
    {"Eb balinese", "Eb Fb Gb Ab Bb Cb D"},
    {"Eb neapolitan major", "Eb Fb Gb Ab Bb C D"},
    {"Eb harmonic major", "Eb F G Ab Bb Cb D"},
    {"Eb double harmonic major", "Eb Fb G Ab Bb Cb D"},
    {"Eb hungarian minor", "Eb F Gb A Bb Cb D"},
    {"Eb hungarian major", "Eb F# G A Bb C Db"},
    {"Eb oriental", "Eb Fb G Ab Bbb C Db"},
    {"Eb flamenco", "Eb Fb Gb G A Bb Db"},
    {"Eb todi raga", "Eb Fb Gb A Bb Cb D"},
    {"Eb persian", "Eb Fb G Ab Bbb Cb D"},
    {"Eb enigmatic", "Eb Fb G Bbb Cb Db D"},
    {"Eb major augmented", "Eb F G Ab B C D"},
    {"Eb lydian #9", "Eb F# G A Bb C D"},
    {"Eb messiaen's mode #4", "Eb Fb F Ab A Bb Cb D"},
    {"Eb purvi raga", "Eb Fb G Ab A Bb Cb D"},
    {"Eb spanish heptatonic", "Eb Fb Gb G Ab Bb Cb Db"},
    {"Eb bebop minor", "Eb F Gb G Ab Bb C Db"},
    {"Eb bebop major", "Eb F G Ab Bb B C D"},
    {"Eb bebop locrian", "Eb Fb Gb Ab Bbb Bb Cb Db"},
    {"Eb minor bebop", "Eb F Gb Ab Bb Cb Db D"},
    {"Eb ichikosucho", "Eb F G Ab Bbb Bb C D"},
    {"Eb minor six diminished", "Eb F Gb Ab Bb Cb C D"},
    {"Eb half-whole diminished", "Eb Fb Gb G A Bb C Db"},
    {"Eb kafi raga", "Eb Gb G Ab Bb C Db D"},
    {"Eb messiaen's mode #6", "Eb F G Ab A B C# D"},
    {"Eb composite blues", "Eb F Gb G Ab Bbb Bb C Db"},
    {"Eb messiaen's mode #3", "Eb F Gb G A Bb Cb Db D"},
    {"Eb messiaen's mode #7", "Eb Fb F Gb Ab A Bb Cb C D"},
    {"Eb chromatic", "Eb Fb F Gb G Ab Bbb Bb Cb C Db D"},
    {"F# major pentatonic", "F# G# A# C# D#"},
    {"F# major", "F# G# A# B C# D# E#"},
    {"F# minor", "F# G# A B C# D E"},
    {"F# major blues", "F# G# A A# C# D#"},
    {"F# minor blues", "F# A B C C# E"},
    {"F# melodic minor", "F# G# A B C# D# E#"},
    {"F# harmonic minor", "F# G# A B C# D E#"},
    {"F# bebop", "F# G# A# B C# D# E E#"},
    {"F# diminished", "F# G# A B C D D# E#"},
    {"F# dorian", "F# G# A B C# D# E"},
    {"F# lydian", "F# G# A# B# C# D# E#"},
    {"F# mixolydian", "F# G# A# B C# D# E"},
    {"F# phrygian", "F# G A B C# D E"},
    {"F# locrian", "F# G A B C D E"},
    {"F# ionian pentatonic", "F# A# B C# E#"},
    {"F# mixolydian pentatonic", "F# A# B C# E"},
    {"F# ritusen", "F# G# B C# D#"},
    {"F# egyptian", "F# G# B C# E"},
    {"F# neapolitan major pentatonic", "F# A# B C E"},
    {"F# vietnamese 1", "F# A B C# D"},
    {"F# pelog", "F# G A C# D"},
    {"F# kumoijoshi", "F# G B C# D"},
    {"F# hirajoshi", "F# G# A C# D"},
    {"F# iwato", "F# G B C E"},
    {"F# in-sen", "F# G B C# E"},
    {"F# lydian pentatonic", "F# A# B# C# E#"},
    {"F# malkos raga", "F# A B D E"},
    {"F# locrian pentatonic", "F# A B C E"},
    {"F# minor pentatonic", "F# A B C# E"},
    {"F# minor six pentatonic", "F# A B C# D#"},
    {"F# flat three pentatonic", "F# G# A C# D#"},
    {"F# flat six pentatonic", "F# G# A# C# D"},
    {"F# scriabin", "F# G A# C# D#"},
    {"F# whole tone pentatonic", "F# A# C D E"},
    {"F# lydian #5p pentatonic", "F# A# B# C## E#"},
    {"F# lydian dominant pentatonic", "F# A# B# C# E"},
    {"F# minor #7m pentatonic", "F# A B C# E#"},
    {"F# super locrian pentatonic", "F# A Bb C E"},
    {"F# minor hexatonic", "F# G# A B C# E#"},
    {"F# augmented", "F# G## A# C# C## E#"},
    {"F# piongio", "F# G# B C# D# E"},
    {"F# prometheus neapolitan", "F# G A# B# D# E"},
    {"F# prometheus", "F# G# A# B# D# E"},
    {"F# mystery #1", "F# G A# C D E"},
    {"F# six tone symmetric", "F# G A# B C## D#"},
    {"F# whole tone", "F# G# A# B# C## D##"},
    {"F# messiaen's mode #5", "F# G B B# C# E#"},
    {"F# locrian major", "F# G# A# B C D E"},
    {"F# double harmonic lydian", "F# G A# B# C# D E#"},
    {"F# altered", "F# G G## A# B# D E"},
    {"F# locrian #2", "F# G# A B C D E"},
    {"F# mixolydian b6", "F# G# A# B C# D E"},
    {"F# lydian dominant", "F# G# A# B# C# D# E"},
    {"F# lydian augmented", "F# G# A# B# C## D# E#"},
    {"F# dorian b2", "F# G A B C# D# E"},
    {"F# ultralocrian", "F# G A Bb C D Eb"},
    {"F# locrian 6", "F# G A B C D# E"},
    {"F# augmented heptatonic", "F# G## A# B C# C## E#"},
    {"F# dorian #4", "F# G# A B# C# D# E"},
    {"F# lydian diminished", "F# G# A B# C# D# E#"},
    {"F# leading whole tone", "F# G# A# B# C## E E#"},
    {"F# lydian minor", "F# G# A# B# C# D E"},
    {"F# phrygian dominant", "F# G A# B C# D E"},
    {"F# balinese", "F# G A B C# D E#"},
    {"F# neapolitan major", "F# G A B C# D# E#"},
    {"F# harmonic major", "F# G# A# B C# D E#"},
    {"F# double harmonic major", "F# G A# B C# D E#"},
    {"F# hungarian minor", "F# G# A B# C# D E#"},
    {"F# hungarian major", "F# G## A# B# C# D# E"},
    {"F# oriental", "F# G A# B C D# E"},
    {"F# flamenco", "F# G A A# B# C# E"},
    {"F# todi raga", "F# G A B# C# D E#"},
    {"F# persian", "F# G A# B C D E#"},
    {"F# enigmatic", "F# G A# C D E E#"},
    {"F# major augmented", "F# G# A# B C## D# E#"},
    {"F# lydian #9", "F# G## A# B# C# D# E#"},
    {"F# messiaen's mode #4", "F# G G# B B# C# D E#"},
    {"F# purvi raga", "F# G A# B B# C# D E#"},
    {"F# spanish heptatonic", "F# G A A# B C# D E"},
    {"F# bebop minor", "F# G# A A# B C# D# E"},
    {"F# bebop major", "F# G# A# B C# C## D# E#"},
    {"F# bebop locrian", "F# G A B C C# D E"},
    {"F# minor bebop", "F# G# A B C# D E E#"},
    {"F# ichikosucho", "F# G# A# B C C# D# E#"},
    {"F# minor six diminished", "F# G# A B C# D D# E#"},
    {"F# half-whole diminished", "F# G A A# B# C# D# E"},
    {"F# kafi raga", "F# A A# B C# D# E E#"},
    {"F# messiaen's mode #6", "F# G# A# B B# C## D## E#"},
    {"F# composite blues", "F# G# A A# B C C# D# E"},
    {"F# messiaen's mode #3", "F# G# A A# B# C# D E E#"},
    {"F# messiaen's mode #7", "F# G G# A B B# C# D D# E#"},
    {"F# chromatic", "F# G G# A A# B C C# D D# E E#"},
    {"Bb major pentatonic", "Bb C D F G"},
    {"Bb major", "Bb C D Eb F G A"},
    {"Bb minor", "Bb C Db Eb F Gb Ab"},
    {"Bb major blues", "Bb C Db D F G"},
    {"Bb minor blues", "Bb Db Eb Fb F Ab"},
    {"Bb melodic minor", "Bb C Db Eb F G A"},
    {"Bb harmonic minor", "Bb C Db Eb F Gb A"},
    {"Bb bebop", "Bb C D Eb F G Ab A"},
    {"Bb diminished", "Bb C Db Eb Fb Gb G A"},
    {"Bb dorian", "Bb C Db Eb F G Ab"},
    {"Bb lydian", "Bb C D E F G A"},
    {"Bb mixolydian", "Bb C D Eb F G Ab"},
    {"Bb phrygian", "Bb Cb Db Eb F Gb Ab"},
    {"Bb locrian", "Bb Cb Db Eb Fb Gb Ab"},
    {"Bb ionian pentatonic", "Bb D Eb F A"},
    {"Bb mixolydian pentatonic", "Bb D Eb F Ab"},
    {"Bb ritusen", "Bb C Eb F G"},
    {"Bb egyptian", "Bb C Eb F Ab"},
    {"Bb neapolitan major pentatonic", "Bb D Eb Fb Ab"},
    {"Bb vietnamese 1", "Bb Db Eb F Gb"},
    {"Bb pelog", "Bb Cb Db F Gb"},
    {"Bb kumoijoshi", "Bb Cb Eb F Gb"},
    {"Bb hirajoshi", "Bb C Db F Gb"},
    {"Bb iwato", "Bb Cb Eb Fb Ab"},
    {"Bb in-sen", "Bb Cb Eb F Ab"},
    {"Bb lydian pentatonic", "Bb D E F A"},
    {"Bb malkos raga", "Bb Db Eb Gb Ab"},
    {"Bb locrian pentatonic", "Bb Db Eb Fb Ab"},
    {"Bb minor pentatonic", "Bb Db Eb F Ab"},
    {"Bb minor six pentatonic", "Bb Db Eb F G"},
    {"Bb flat three pentatonic", "Bb C Db F G"},
    {"Bb flat six pentatonic", "Bb C D F Gb"},
    {"Bb scriabin", "Bb Cb D F G"},
    {"Bb whole tone pentatonic", "Bb D Fb Gb Ab"},
    {"Bb lydian #5p pentatonic", "Bb D E F# A"},
    {"Bb lydian dominant pentatonic", "Bb D E F Ab"},
    {"Bb minor #7m pentatonic", "Bb Db Eb F A"},
    {"Bb super locrian pentatonic", "Bb Db Ebb Fb Ab"},
    {"Bb minor hexatonic", "Bb C Db Eb F A"},
    {"Bb augmented", "Bb C# D F F# A"},
    {"Bb piongio", "Bb C Eb F G Ab"},
    {"Bb prometheus neapolitan", "Bb Cb D E G Ab"},
    {"Bb prometheus", "Bb C D E G Ab"},
    {"Bb mystery #1", "Bb Cb D Fb Gb Ab"},
    {"Bb six tone symmetric", "Bb Cb D Eb F# G"},
    {"Bb whole tone", "Bb C D E F# G#"},
    {"Bb messiaen's mode #5", "Bb Cb Eb E F A"},
    {"Bb locrian major", "Bb C D Eb Fb Gb Ab"},
    {"Bb double harmonic lydian", "Bb Cb D E F Gb A"},
    {"Bb altered", "Bb Cb C# D E Gb Ab"},
    {"Bb locrian #2", "Bb C Db Eb Fb Gb Ab"},
    {"Bb mixolydian b6", "Bb C D Eb F Gb Ab"},
    {"Bb lydian dominant", "Bb C D E F G Ab"},
    {"Bb lydian augmented", "Bb C D E F# G A"},
    {"Bb dorian b2", "Bb Cb Db Eb F G Ab"},
    {"Bb ultralocrian", "Bb Cb Db Ebb Fb Gb Abb"},
    {"Bb locrian 6", "Bb Cb Db Eb Fb G Ab"},
    {"Bb augmented heptatonic", "Bb C# D Eb F F# A"},
    {"Bb dorian #4", "Bb C Db E F G Ab"},
    {"Bb lydian diminished", "Bb C Db E F G A"},
    {"Bb leading whole tone", "Bb C D E F# Ab A"},
    {"Bb lydian minor", "Bb C D E F Gb Ab"},
    {"Bb phrygian dominant", "Bb Cb D Eb F Gb Ab"},
    {"Bb balinese", "Bb Cb Db Eb F Gb A"},
    {"Bb neapolitan major", "Bb Cb Db Eb F G A"},
    {"Bb harmonic major", "Bb C D Eb F Gb A"},
    {"Bb double harmonic major", "Bb Cb D Eb F Gb A"},
    {"Bb hungarian minor", "Bb C Db E F Gb A"},
    {"Bb hungarian major", "Bb C# D E F G Ab"},
    {"Bb oriental", "Bb Cb D Eb Fb G Ab"},
    {"Bb flamenco", "Bb Cb Db D E F Ab"},
    {"Bb todi raga", "Bb Cb Db E F Gb A"},
    {"Bb persian", "Bb Cb D Eb Fb Gb A"},
    {"Bb enigmatic", "Bb Cb D Fb Gb Ab A"},
    {"Bb major augmented", "Bb C D Eb F# G A"},
    {"Bb lydian #9", "Bb C# D E F G A"},
    {"Bb messiaen's mode #4", "Bb Cb C Eb E F Gb A"},
    {"Bb purvi raga", "Bb Cb D Eb E F Gb A"},
    {"Bb spanish heptatonic", "Bb Cb Db D Eb F Gb Ab"},
    {"Bb bebop minor", "Bb C Db D Eb F G Ab"},
    {"Bb bebop major", "Bb C D Eb F F# G A"},
    {"Bb bebop locrian", "Bb Cb Db Eb Fb F Gb Ab"},
    {"Bb minor bebop", "Bb C Db Eb F Gb Ab A"},
    {"Bb ichikosucho", "Bb C D Eb Fb F G A"},
    {"Bb minor six diminished", "Bb C Db Eb F Gb G A"},
    {"Bb half-whole diminished", "Bb Cb Db D E F G Ab"},
    {"Bb kafi raga", "Bb Db D Eb F G Ab A"},
    {"Bb messiaen's mode #6", "Bb C D Eb E F# G# A"},
    {"Bb composite blues", "Bb C Db D Eb Fb F G Ab"},
    {"Bb messiaen's mode #3", "Bb C Db D E F Gb Ab A"},
    {"Bb messiaen's mode #7", "Bb Cb C Db Eb E F Gb G A"},
    {"Bb chromatic", "Bb Cb C Db D Eb Fb F Gb G Ab A"},
    {"D dorian", "D E F G A B C"},
};

TEST(Scale, EveryTypeOnFourRootsMatchesTonal) {
    ASSERT_EQ(std::size(tonal_notes), 4 * ScaleType::count + 1);
    for (const NotesRow& row : tonal_notes) {
        const Scale s = Scale::from_name(row.scale);
        EXPECT_EQ(s.name(), row.scale);
        EXPECT_EQ(joined(s.notes()), row.notes) << row.scale;
    }
}

TEST(Scale, HandChecked) {
    EXPECT_EQ(joined(Scale{n("C4"), ScaleType::Major}.notes(), true), "C4 D4 E4 F4 G4 A4 B4");
    EXPECT_EQ(joined(Scale{n("A3"), ScaleType::HarmonicMinor}.notes(), true), "A3 B3 C4 D4 E4 F4 G#4");
    EXPECT_TRUE((Scale{n("A3"), ScaleType::HarmonicMinor}.contains(n("G#2"))));
    EXPECT_FALSE((Scale{n("A3"), ScaleType::HarmonicMinor}.contains(n("G2"))));
    // Natural minor on A: the white keys from A.
    EXPECT_EQ(joined(Scale{n("A4"), ScaleType::NaturalMinor}.notes()), "A B C D E F G");
    // F# major has E# (the seventh a semitone under F#), not F.
    EXPECT_EQ(joined(Scale::from_name("F# major").notes()), "F# G# A# B C# D# E#");
    EXPECT_EQ(joined(Scale{n("C4"), ScaleType::PentatonicMinor}.notes(2), true),
              "C4 Eb4 F4 G4 Bb4 C5 Eb5 F5 G5 Bb5");
    EXPECT_TRUE(Scale{}.notes(0).empty());
    EXPECT_THROW((void)Scale{}.notes(-1), cm::TheoryError);
}

TEST(Scale, DegreesMatchTonal) {
    // From tonal 6.4.3: Tonal.Scale.degrees("C4 major") at 1 7 8 14 15 -1 -7.
    const Scale c{n("C4"), ScaleType::Major};
    EXPECT_EQ(c.degree(1), n("C4"));
    EXPECT_EQ(c.degree(7), n("B4"));
    EXPECT_EQ(c.degree(8), n("C5"));
    EXPECT_EQ(c.degree(14), n("B5"));
    EXPECT_EQ(c.degree(15), n("C6"));
    EXPECT_EQ(c.degree(-1), n("B3"));
    EXPECT_EQ(c.degree(-7), n("C3"));
    // From tonal 6.4.3: Scale.degrees("D dorian") at 1 2 7 8 9 15 -1 -7 -8
    // -> D E C D E D C D C (pitch classes; the octaves are hand-worked from D4).
    const Scale d = Scale::from_name("D dorian");
    EXPECT_EQ(d.degree(1), n("D4"));
    EXPECT_EQ(d.degree(2), n("E4"));
    EXPECT_EQ(d.degree(7), n("C5"));
    EXPECT_EQ(d.degree(8), n("D5"));
    EXPECT_EQ(d.degree(9), n("E5"));
    EXPECT_EQ(d.degree(15), n("D6"));
    EXPECT_EQ(d.degree(-1), n("C4"));
    EXPECT_EQ(d.degree(-7), n("D3"));
    EXPECT_EQ(d.degree(-8), n("C3"));
    // From tonal 6.4.3: Scale.degrees("Eb harmonic minor") at 1 7 8 14 15 -1 -> Eb D Eb D Eb D.
    const Scale e = Scale::from_name("Eb harmonic minor");
    EXPECT_EQ(e.degree(1), n("Eb4"));
    EXPECT_EQ(e.degree(7), n("D5"));
    EXPECT_EQ(e.degree(8), n("Eb5"));
    EXPECT_EQ(e.degree(14), n("D6"));
    EXPECT_EQ(e.degree(15), n("Eb6"));
    EXPECT_EQ(e.degree(-1), n("D4"));
    EXPECT_THROW((void)e.degree(0), cm::TheoryError);
    // Pentatonic degrees wrap after 5.
    EXPECT_EQ((Scale{n("A3"), ScaleType::PentatonicMinor}.degree(6)), n("A4"));
}

TEST(Scale, ContainsAndIndexOf) {
    const Scale d = Scale::from_name("D dorian");
    EXPECT_TRUE(d.contains(n("F2")));
    EXPECT_TRUE(d.contains(n("E#7")));  // F by another name
    EXPECT_FALSE(d.contains(n("F#4")));
    EXPECT_EQ(d.index_of(n("D1")), 0U);
    EXPECT_EQ(d.index_of(n("F4")), 2U);
    EXPECT_EQ(d.index_of(n("B#4")), 6U);  // C
    EXPECT_FALSE(d.index_of(n("C#4")).has_value());
    for (const ScaleType t : ScaleType::all()) {
        const Scale s{n("Eb4"), t};
        const auto notes = s.notes();
        for (std::size_t i = 0; i < notes.size(); ++i) {
            EXPECT_TRUE(s.contains(notes[i])) << s.name();
            EXPECT_EQ(s.index_of(notes[i]), i) << s.name();
        }
    }
}

TEST(Scale, FromName) {
    EXPECT_EQ(Scale::from_name("D dorian"), (Scale{n("D4"), ScaleType::Dorian}));
    EXPECT_EQ(Scale::from_name("Bb3 Bebop"), (Scale{n("Bb3"), ScaleType::Bebop}));
    EXPECT_EQ(Scale::from_name("c# Harmonic Minor"), (Scale{n("C#4"), ScaleType::HarmonicMinor}));
    EXPECT_EQ(Scale::from_name("A blues"), (Scale{n("A4"), ScaleType::BluesMinor}));
    EXPECT_EQ(Scale::from_name("Eb harmonic minor").name(), "Eb harmonic minor");
    struct Bad {
        std::string_view text;
        cm::Errc code;
    };
    const Bad bad[] = {
        {"dorian", cm::Errc::InvalidFormat},
        {"H dorian", cm::Errc::InvalidFormat},
        {"", cm::Errc::InvalidFormat},
        {"D dorain", cm::Errc::InvalidArgument},
    };
    for (const Bad& b : bad) {
        try {
            (void)Scale::from_name(b.text);
            ADD_FAILURE() << "expected TheoryError for " << b.text;
        } catch (const cm::TheoryError& e) {
            EXPECT_EQ(e.code(), b.code) << b.text;
            EXPECT_NE(std::string(e.what()).find("\"" + std::string(b.text) + "\""), std::string::npos) << e.what();
        }
        std::error_code ec;
        EXPECT_EQ(Scale::from_name(b.text, ec), Scale{});
        EXPECT_EQ(ec, b.code);
    }
    std::error_code ec = cm::Errc::InvalidState;
    EXPECT_EQ(Scale::from_name("F lydian", ec), (Scale{n("F4"), ScaleType::Lydian}));
    EXPECT_FALSE(ec);
}

std::vector<Note> notes_of(std::string_view names) {
    std::vector<Note> out;
    std::size_t i = 0;
    while (i < names.size()) {
        const std::size_t end = std::min(names.find(' ', i), names.size());
        out.push_back(n(std::string(names.substr(i, end - i)) + "4"));
        i = end + 1;
    }
    return out;
}

TEST(Scale, DetectMatchesTonal) {
    struct DetectRow {
        std::string_view notes;
        std::string_view scales;
    };
    // From tonal 6.4.3: Tonal.Scale.detect(notes).
    const DetectRow rows[] = {
        {"C D E F G A B", "C major, C bebop, C bebop major, C ichikosucho, C chromatic"},
        {"D F A",
         "D minor, D major blues, D minor blues, D melodic minor, D harmonic minor, D dorian, D phrygian, "
         "D vietnamese 1, D pelog, D hirajoshi, D minor pentatonic, D minor six pentatonic, D flat three pentatonic, "
         "D minor #7m pentatonic, D minor hexatonic, D augmented, D dorian b2, D augmented heptatonic, D dorian #4, "
         "D lydian diminished, D balinese, D neapolitan major, D hungarian minor, D hungarian major, D flamenco, "
         "D todi raga, D lydian #9, D spanish heptatonic, D bebop minor, D bebop locrian, D minor bebop, "
         "D minor six diminished, D half-whole diminished, D kafi raga, D composite blues, D messiaen's mode #3, "
         "D messiaen's mode #7, D chromatic"},
        {"C Eb G Bb",
         "C minor, C minor blues, C dorian, C phrygian, C minor pentatonic, C dorian b2, C dorian #4, "
         "C hungarian major, C flamenco, C spanish heptatonic, C bebop minor, C bebop locrian, C minor bebop, "
         "C half-whole diminished, C kafi raga, C composite blues, C messiaen's mode #3, C chromatic"},
        {"A C E G#",
         "A melodic minor, A harmonic minor, A minor #7m pentatonic, A minor hexatonic, A augmented, "
         "A augmented heptatonic, A lydian diminished, A balinese, A neapolitan major, A hungarian minor, "
         "A todi raga, A lydian #9, A minor bebop, A minor six diminished, A kafi raga, A messiaen's mode #3, "
         "A messiaen's mode #7, A chromatic"},
        {"C D E G A",
         "C major pentatonic, C major, C major blues, C bebop, C lydian, C mixolydian, C lydian dominant, "
         "C bebop minor, C bebop major, C ichikosucho, C composite blues, C chromatic"},
        {"F# G# A# C# D#",
         "F# major pentatonic, F# major, F# major blues, F# bebop, F# lydian, F# mixolydian, F# lydian dominant, "
         "F# bebop minor, F# bebop major, F# ichikosucho, F# composite blues, F# chromatic"},
        {"C F# G Bb",
         "C minor blues, C lydian dominant pentatonic, C lydian dominant, C dorian #4, C lydian minor, "
         "C hungarian major, C flamenco, C bebop locrian, C half-whole diminished, C composite blues, "
         "C messiaen's mode #3, C chromatic"},
    };
    for (const DetectRow& row : rows) {
        EXPECT_EQ(joined(Scale::detect(notes_of(row.notes))), row.scales) << row.notes;
    }
    // From tonal 6.4.3: Tonal.Scale.detect(["D", "F", "A"], {tonic: "C"}).
    const std::vector<int> dfa{2, 5, 9};
    EXPECT_EQ(joined(Scale::detect(dfa, n("C4"))),
              "C major, C melodic minor, C bebop, C diminished, C dorian, C mixolydian, C ritusen, C piongio, "
              "C major augmented, C bebop minor, C bebop major, C ichikosucho, C minor six diminished, "
              "C composite blues, C messiaen's mode #7, C chromatic");
    // Pitch classes are taken mod 12.
    const std::vector<int> wrapped{14, -7, 21};
    EXPECT_EQ(joined(Scale::detect(wrapped, n("C4"))), joined(Scale::detect(dfa, n("C4"))));
    EXPECT_TRUE(Scale::detect(std::vector<Note>{}).empty());
}

} // namespace
