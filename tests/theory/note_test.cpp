// Spelled notes: MIDI numbers from the MIDI spec (C4 = 60, A4 = 69, C-1 = 0,
// G9 = 127), equal-temperament frequencies, name parsing (ASCII and unicode)
// and its errors, and transposition that spells correctly, checked against
// hand-worked examples written next to each row.
#include <coremusic/theory/note.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using cm::theory::Interval;
using cm::theory::Letter;
using cm::theory::Note;
using cm::theory::Quality;
using cm::theory::Spelling;

static_assert(Note{}.midi() == 60);
static_assert(Note{Letter::A, 0, 4}.midi() == 69);
static_assert(Note{} + Interval{Quality::Minor, 3} == Note{Letter::E, -1, 4});
static_assert(Note::from_midi(70, Spelling::Flats) == Note{Letter::B, -1, 4});

Note n(std::string_view name) { return Note::from_name(name); }
Interval iv(std::string_view name) { return Interval::from_name(name); }

TEST(Note, MidiNumbers) {
    const std::pair<std::string_view, int> table[] = {
        {"C4", 60},  {"A4", 69},  {"C-1", 0},  {"G9", 127}, {"A0", 21},   {"C#4", 61}, {"Db4", 61},
        {"Cb4", 59}, {"B#3", 60}, {"E#4", 65}, {"Fb4", 64}, {"Cbb5", 70}, {"Cx4", 62}, {"C##4", 62},
        {"B##3", 61}, {"Bb-1", 10}, {"B3", 59}, {"C5", 72}, {"Cb-1", -1}, {"G#9", 128},
    };
    for (const auto& [name, midi] : table) {
        EXPECT_EQ(n(name).midi(), midi) << name;
    }
}

TEST(Note, PartsAndPitchClass) {
    const Note cb4 = n("Cb4");
    EXPECT_EQ(cb4.letter(), Letter::C);
    EXPECT_EQ(cb4.accidental(), -1);
    EXPECT_EQ(cb4.octave(), 4);
    EXPECT_EQ(cb4.pitch_class(), 11);
    EXPECT_NE(cb4, n("B3")); // the spelling is kept
    EXPECT_EQ(n("B#3").pitch_class(), 0);
    EXPECT_EQ(n("B#3").octave(), 3);
    EXPECT_EQ(n("F#3").pitch_class(), 6);
    EXPECT_EQ(n("Cb-1").pitch_class(), 11);
    EXPECT_EQ(n("Bb-1").octave(), -1);
    EXPECT_EQ((Note{Letter::F, 1, 3}), n("F#3"));
    EXPECT_THROW((Note{Letter::F, 3, 3}), cm::TheoryError);
    EXPECT_THROW((Note{Letter::F, 0, Note::max_octave + 1}), cm::TheoryError);
}

TEST(Note, Frequencies) {
    EXPECT_DOUBLE_EQ(n("A4").frequency(), 440.0);
    EXPECT_NEAR(n("C4").frequency(), 261.6256, 1e-4);
    EXPECT_DOUBLE_EQ(n("A0").frequency(), 27.5);
    EXPECT_DOUBLE_EQ(n("A5").frequency(), 880.0);
    EXPECT_NEAR(n("C5").frequency(), 523.2511, 1e-4);
    EXPECT_NEAR(n("C-1").frequency(), 8.1758, 1e-4);
    EXPECT_DOUBLE_EQ(n("A4").frequency(432.0), 432.0);
    EXPECT_DOUBLE_EQ(n("Bbb4").frequency(), n("A4").frequency());
}

TEST(Note, FromFrequencyIsNearest) {
    EXPECT_EQ(Note::from_frequency(440.0), n("A4"));
    EXPECT_EQ(Note::from_frequency(261.63), n("C4"));
    EXPECT_EQ(Note::from_frequency(27.5), n("A0"));
    EXPECT_EQ(Note::from_frequency(445.0), n("A4"));  // +19.6 cents
    EXPECT_EQ(Note::from_frequency(453.0), n("A#4")); // +50.4 cents: the next note
    EXPECT_EQ(Note::from_frequency(453.0, 440.0, Spelling::Flats), n("Bb4"));
    EXPECT_EQ(Note::from_frequency(432.0, 432.0), n("A4"));
    EXPECT_EQ(Note::from_frequency(8.1758), n("C-1"));
    EXPECT_THROW((void)Note::from_frequency(0.0), cm::TheoryError);
    EXPECT_THROW((void)Note::from_frequency(-440.0), cm::TheoryError);
    std::error_code ec;
    EXPECT_EQ(Note::from_frequency(-1.0, 440.0, Spelling::Sharps, ec), Note{});
    EXPECT_EQ(ec, cm::Errc::OutOfRange);
    EXPECT_EQ(Note::from_frequency(880.0, 440.0, Spelling::Sharps, ec), n("A5"));
    EXPECT_FALSE(ec);
}

TEST(Note, FromMidi) {
    EXPECT_EQ(Note::from_midi(60), n("C4"));
    EXPECT_EQ(Note::from_midi(69), n("A4"));
    EXPECT_EQ(Note::from_midi(0), n("C-1"));
    EXPECT_EQ(Note::from_midi(127), n("G9"));
    EXPECT_EQ(Note::from_midi(61), n("C#4"));
    EXPECT_EQ(Note::from_midi(61, Spelling::Flats), n("Db4"));
    EXPECT_EQ(Note::from_midi(70, Spelling::Flats), n("Bb4"));
    EXPECT_EQ(Note::from_midi(-1), n("B-2"));
    const std::string_view sharps[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    const std::string_view flats[] = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
    for (int m = 0; m < 128; ++m) {
        const auto pc = static_cast<std::size_t>(m % 12);
        const std::string octave = std::to_string(m / 12 - 1);
        EXPECT_EQ(Note::from_midi(m).name(), std::string(sharps[pc]) + octave);
        EXPECT_EQ(Note::from_midi(m, Spelling::Flats).name(), std::string(flats[pc]) + octave);
        EXPECT_EQ(Note::from_midi(m).midi(), m);
    }
}

TEST(Note, NamesRoundTrip) {
    for (const std::string_view name : {"C4", "F#3", "Bb-1", "Cbb5", "E#4", "C##4", "G9", "C-1", "Abb0", "B#3"}) {
        EXPECT_EQ(n(name).name(), name);
    }
    const std::pair<std::string_view, std::string_view> spellings[] = {
        {"Cx4", "C##4"},
        {"c4", "C4"},
        {"bb3", "Bb3"},
        {"f#3", "F#3"},
        {"F\u266F3", "F#3"},
        {"B\u266D2", "Bb2"},
        {"C\U0001D12A4", "C##4"},
        {"E\U0001D12B4", "Ebb4"},
        {"B\u266D\u266D2", "Bbb2"},
        {"C\u266E4", "C4"},
    };
    for (const auto& [text, name] : spellings) {
        EXPECT_EQ(n(text).name(), name) << text;
    }
}

std::string parse_error(std::string_view text) {
    try {
        (void)Note::from_name(text);
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidFormat) << text;
        return e.what();
    }
    ADD_FAILURE() << "expected TheoryError for " << text;
    return {};
}

TEST(Note, InvalidNamesQuoteTheInput) {
    for (const std::string_view bad :
         {"", "H4", "C", "C#", "C#b4", "C###4", "Cbbb4", "C#x4", "C4x", "C-", "4", " C4", "C 4", "C99999"}) {
        const std::string msg = parse_error(bad);
        EXPECT_NE(msg.find("\"" + std::string(bad) + "\""), std::string::npos) << msg;
        EXPECT_NE(msg.find("expected a letter A-G"), std::string::npos) << msg;
    }
    EXPECT_NE(parse_error("C").find("no octave number"), std::string::npos);
    EXPECT_NE(parse_error("C#b4").find("mixed"), std::string::npos);
}

TEST(Note, FromNameErrorCodeOverload) {
    std::error_code ec = cm::Errc::IoError;
    EXPECT_EQ(Note::from_name("Eb4", ec), (Note{Letter::E, -1, 4}));
    EXPECT_FALSE(ec);
    EXPECT_EQ(Note::from_name("H4", ec), Note{});
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    static_assert(noexcept(Note::from_name(std::string_view{}, ec)));
}

struct TransposeRow {
    std::string_view from;
    std::string_view interval;
    std::string_view to;
};

TEST(Note, TransposeSpellsCorrectly) {
    // Each row: letters counted up by number - 1, the accidental makes up the
    // semitones. The arithmetic is in the comment (MIDI numbers).
    constexpr TransposeRow table[] = {
        {"C4", "m3", "Eb4"},   // E4 = 64, 60 + 3 = 63 -> b
        {"E4", "M3", "G#4"},   // G4 = 67, 64 + 4 = 68 -> #
        {"B3", "m2", "C4"},    // C4 = 60, 59 + 1 = 60
        {"C4", "A4", "F#4"},   // F4 = 65, 60 + 6 = 66 -> #
        {"F4", "d5", "Cb5"},   // C5 = 72, 65 + 6 = 71 -> b
        {"Ab3", "M3", "C4"},   // C4 = 60, 56 + 4 = 60
        {"D4", "A6", "B#4"},   // B4 = 71, 62 + 10 = 72 -> #
        {"Gb4", "d4", "Cbb5"}, // C5 = 72, 66 + 4 = 70 -> bb
        {"C4", "P5", "G4"},
        {"C4", "M7", "B4"},
        {"C4", "P8", "C5"},
        {"C4", "M9", "D5"},    // D5 = 74 = 60 + 14
        {"C4", "P15", "C6"},
        {"D4", "m3", "F4"},    // F4 = 65 = 62 + 3
        {"F#4", "M3", "A#4"},  // A4 = 69, 66 + 4 = 70 -> #
        {"Bb3", "P4", "Eb4"},  // E4 = 64, 58 + 5 = 63 -> b
        {"G4", "M6", "E5"},    // E5 = 76 = 67 + 9
        {"A4", "m7", "G5"},    // G5 = 79 = 69 + 10
        {"E4", "m2", "F4"},
        {"F4", "A4", "B4"},    // B4 = 71 = 65 + 6
        {"B4", "d5", "F5"},    // F5 = 77 = 71 + 6
        {"C#4", "M3", "E#4"},  // E4 = 64, 61 + 4 = 65 -> #
        {"Db4", "m3", "Fb4"},  // F4 = 65, 61 + 3 = 64 -> b
        {"G#4", "M3", "B#4"},  // B4 = 71, 68 + 4 = 72 -> #
        {"Eb4", "d7", "Dbb5"}, // D5 = 74, 63 + 9 = 72 -> bb
        {"A4", "A2", "B#4"},   // B4 = 71, 69 + 3 = 72 -> #
        {"C4", "AA4", "F##4"}, // F4 = 65, 60 + 7 = 67 -> ##
        {"C4", "dd5", "Gbb4"}, // G4 = 67, 60 + 5 = 65 -> bb
        {"B3", "M2", "C#4"},   // C4 = 60, 59 + 2 = 61 -> #
        {"Cb4", "M3", "Eb4"},  // E4 = 64, 59 + 4 = 63 -> b
        {"F4", "M10", "A5"},   // A5 = 81 = 65 + 16
        {"Bb-1", "P8", "Bb0"},
        {"C4", "P1", "C4"},
        {"C4", "A1", "C#4"},
    };
    for (const auto& row : table) {
        const Note from = n(row.from);
        const Interval i = iv(row.interval);
        EXPECT_EQ(from.transpose(i).name(), row.to) << row.from << " + " << row.interval;
        EXPECT_EQ((from + i).name(), row.to);
        EXPECT_EQ(n(row.to).transpose_down(i), from) << row.to << " - " << row.interval;
        EXPECT_EQ(from.interval_to(n(row.to)), i) << row.from << " -> " << row.to;
        EXPECT_EQ(n(row.to).interval_to(from), i) << row.to << " -> " << row.from;
    }
}

TEST(Note, TransposeDown) {
    constexpr TransposeRow table[] = {
        {"Eb4", "m3", "C4"},
        {"C4", "m2", "B3"},
        {"C4", "A4", "Gb3"}, // G3 = 55, 60 - 6 = 54 -> b
        {"E4", "M3", "C4"},
        {"C4", "P8", "C3"},
        {"F4", "M2", "Eb4"}, // E4 = 64, 65 - 2 = 63 -> b
        {"C4", "M9", "Bb2"}, // B2 = 47, 60 - 14 = 46 -> b
        {"C0", "P8", "C-1"},
    };
    for (const auto& row : table) {
        EXPECT_EQ(n(row.from).transpose_down(iv(row.interval)).name(), row.to) << row.from << " - " << row.interval;
        EXPECT_EQ((n(row.from) - iv(row.interval)).name(), row.to);
    }
}

TEST(Note, TransposeBeyondADoubleAccidentalThrows) {
    try {
        (void)n("B#4").transpose(iv("A2")); // C5 = 72, 72 + 3 = 75 -> +3
        FAIL() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("B#4 up A2"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)n("Cbb4").transpose_down(iv("A2")), cm::TheoryError);
}

TEST(Note, IntervalTo) {
    EXPECT_EQ(n("C4").interval_to(n("Eb4")), iv("m3"));
    EXPECT_EQ(n("C4").interval_to(n("D#4")), iv("A2"));
    EXPECT_EQ(n("C4").interval_to(n("C5")), iv("P8"));
    EXPECT_EQ(n("Eb4").interval_to(n("C4")), iv("m3"));
    EXPECT_EQ(n("C4").interval_to(n("Gb4")), iv("d5"));
    EXPECT_EQ(n("E4").interval_to(n("C5")), iv("m6"));
    EXPECT_EQ(n("B#3").interval_to(n("C4")), iv("d2"));
    EXPECT_EQ(n("C4").interval_to(n("C4")), iv("P1"));
    EXPECT_EQ(n("C#4").interval_to(n("C4")), iv("A1"));
    EXPECT_EQ(n("C4").interval_to(n("C#4")), iv("A1"));
    EXPECT_EQ(n("C4").interval_to(n("Cb4")), iv("A1"));
    try {
        (void)n("B#3").interval_to(n("Dbb4")); // a third (B C D) of 60 - 60 = 0 semitones
        FAIL() << "expected TheoryError";
    } catch (const cm::TheoryError& e) {
        EXPECT_NE(std::string(e.what()).find("B#3 up to Dbb4"), std::string::npos) << e.what();
    }
}

TEST(Note, TransposeRoundTripsForAllIntervalsAndRoots) {
    // Every simple and compound interval (dd..AA, numbers 1..15) from all 35
    // spellings in octave 4: where transpose() can spell the result,
    // interval_to() gives the interval back and the pitch moved by its semitones.
    const Quality qualities[] = {Quality::DoublyDiminished, Quality::Diminished, Quality::Minor, Quality::Perfect,
                                 Quality::Major,            Quality::Augmented,  Quality::DoublyAugmented};
    int checked = 0;
    for (int letter = 0; letter < 7; ++letter) {
        for (int accidental = -2; accidental <= 2; ++accidental) {
            const Note root{static_cast<Letter>(letter), accidental, 4};
            for (int number = 1; number <= 15; ++number) {
                for (const Quality q : qualities) {
                    if (!Interval::is_valid(q, number)) {
                        continue;
                    }
                    const Interval i{q, number};
                    try {
                        const Note up = root.transpose(i);
                        EXPECT_EQ(up.midi() - root.midi(), i.semitones());
                        EXPECT_EQ(root.interval_to(up), i);
                        EXPECT_EQ(up.transpose_down(i), root);
                        ++checked;
                    } catch (const cm::TheoryError&) {
                        // Needs a triple accidental: allowed to fail.
                    }
                }
            }
        }
    }
    EXPECT_GT(checked, 1000);
}

TEST(Note, EnharmonicHelpers) {
    EXPECT_TRUE(enharmonic_equal(n("C#4"), n("Db4")));
    EXPECT_TRUE(enharmonic_equal(n("B#3"), n("C4")));
    EXPECT_FALSE(enharmonic_equal(n("C4"), n("C5")));
    EXPECT_NE(n("C#4"), n("Db4"));

    const std::pair<std::string_view, std::string_view> simplify[] = {
        {"Cx4", "D4"}, {"E#4", "F4"}, {"Cb4", "B3"}, {"Fbb4", "Eb4"}, {"Db4", "Db4"},
        {"C#4", "C#4"}, {"B#3", "C4"}, {"G4", "G4"}, {"Bbb3", "A3"},
    };
    for (const auto& [from, to] : simplify) {
        EXPECT_EQ(n(from).simplify().name(), to) << from;
    }

    EXPECT_EQ(n("C4").enharmonics(), (std::vector<Note>{n("B#3"), n("C4"), n("Dbb4")}));
    EXPECT_EQ(n("D4").enharmonics(), (std::vector<Note>{n("C##4"), n("D4"), n("Ebb4")}));
    EXPECT_EQ(n("G#4").enharmonics(), (std::vector<Note>{n("G#4"), n("Ab4")}));
    EXPECT_EQ(n("Ab4").enharmonics(), (std::vector<Note>{n("G#4"), n("Ab4")}));
    EXPECT_EQ(n("B3").enharmonics(), (std::vector<Note>{n("A##3"), n("B3"), n("Cb4")}));
}

TEST(Note, ComparisonByPitch) {
    EXPECT_LT(n("B3"), n("C4"));
    EXPECT_LT(n("B#3"), n("C4"));
    EXPECT_LT(n("C4"), n("Dbb4"));
    EXPECT_LT(n("C#4"), n("Db4"));
    EXPECT_LT(n("Cb4"), n("C4"));
    EXPECT_GT(n("Cb4"), n("Bb3"));
    EXPECT_LT(n("A4"), n("C5"));
    EXPECT_EQ(n("C4"), Note{});
}

} // namespace
