// Arpeggiator: every pattern's note order over C E G (and C E G B) written
// out by hand from the definitions in arpeggiator.hpp, octave expansion,
// the swing and gate formulas worked by hand, seeded reproducibility, a
// chi-square test that Random is uniform, and validation.
#include <coremusic/theory/arpeggiator.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <coremusic/theory/note.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/note_value.hpp>

namespace {

using cm::theory::Arpeggiator;
using cm::theory::ArpPattern;
using cm::theory::Note;
using cm::theory::NoteEvent;
using cm::theory::NoteValue;

constexpr int C4 = 60, D4 = 62, E4 = 64, F4 = 65, G4 = 67, B4 = 71;
constexpr int C5 = 72, E5 = 76, G5 = 79;

std::vector<int> notes_of(const std::vector<NoteEvent>& events) {
    std::vector<int> out;
    for (const NoteEvent& e : events) {
        out.push_back(e.note);
    }
    return out;
}

std::vector<int> arp(const std::vector<int>& held, ArpPattern p, std::size_t count, int octaves = 1) {
    Arpeggiator::Options o;
    o.pattern = p;
    o.octaves = octaves;
    return notes_of(Arpeggiator{held, o}.generate(count));
}

TEST(Arpeggiator, PatternsOverCEG) {
    const std::vector<int> ceg = {E4, C4, G4};  // played E, C, G
    using V = std::vector<int>;
    EXPECT_EQ(arp(ceg, ArpPattern::Up, 7), (V{C4, E4, G4, C4, E4, G4, C4}));
    EXPECT_EQ(arp(ceg, ArpPattern::Down, 7), (V{G4, E4, C4, G4, E4, C4, G4}));
    EXPECT_EQ(arp(ceg, ArpPattern::UpDown, 9), (V{C4, E4, G4, E4, C4, E4, G4, E4, C4}));
    EXPECT_EQ(arp(ceg, ArpPattern::DownUp, 9), (V{G4, E4, C4, E4, G4, E4, C4, E4, G4}));
    EXPECT_EQ(arp(ceg, ArpPattern::UpDownInclusive, 12), (V{C4, E4, G4, G4, E4, C4, C4, E4, G4, G4, E4, C4}));
    EXPECT_EQ(arp(ceg, ArpPattern::AsPlayed, 7), (V{E4, C4, G4, E4, C4, G4, E4}));
    EXPECT_EQ(arp(ceg, ArpPattern::OutsideIn, 6), (V{C4, G4, E4, C4, G4, E4}));
    EXPECT_EQ(arp(ceg, ArpPattern::InsideOut, 6), (V{E4, G4, C4, E4, G4, C4}));
}

TEST(Arpeggiator, OutsideInAndInsideOutOverFourAndFive) {
    using V = std::vector<int>;
    const std::vector<int> cegb = {C4, E4, G4, B4};
    EXPECT_EQ(arp(cegb, ArpPattern::OutsideIn, 8), (V{C4, B4, E4, G4, C4, B4, E4, G4}));
    EXPECT_EQ(arp(cegb, ArpPattern::InsideOut, 8), (V{E4, G4, C4, B4, E4, G4, C4, B4}));
    const std::vector<int> cdefg = {C4, D4, E4, F4, G4};
    EXPECT_EQ(arp(cdefg, ArpPattern::OutsideIn, 5), (V{C4, G4, D4, F4, E4}));
    EXPECT_EQ(arp(cdefg, ArpPattern::InsideOut, 5), (V{E4, F4, D4, G4, C4}));
}

TEST(Arpeggiator, SmallSets) {
    using V = std::vector<int>;
    for (const ArpPattern p : {ArpPattern::Up, ArpPattern::Down, ArpPattern::UpDown, ArpPattern::DownUp,
                               ArpPattern::UpDownInclusive, ArpPattern::Random, ArpPattern::RandomWalk,
                               ArpPattern::AsPlayed, ArpPattern::OutsideIn, ArpPattern::InsideOut}) {
        EXPECT_EQ(arp({C4}, p, 4), (V{C4, C4, C4, C4})) << cm::theory::to_string(p);
    }
    EXPECT_EQ(arp({C4, G4}, ArpPattern::UpDown, 4), (V{C4, G4, C4, G4}));
    EXPECT_EQ(arp({C4, G4}, ArpPattern::DownUp, 4), (V{G4, C4, G4, C4}));
    EXPECT_EQ(arp({C4, G4}, ArpPattern::UpDownInclusive, 4), (V{C4, G4, G4, C4}));
    // Repeated pitches count once.
    EXPECT_EQ(arp({G4, C4, G4, E4, C4}, ArpPattern::AsPlayed, 4), (V{G4, C4, E4, G4}));
    EXPECT_EQ(arp({G4, C4, G4, E4, C4}, ArpPattern::Up, 4), (V{C4, E4, G4, C4}));
}

TEST(Arpeggiator, Octaves) {
    using V = std::vector<int>;
    const std::vector<int> ceg = {E4, C4, G4};
    EXPECT_EQ(arp(ceg, ArpPattern::Up, 7, 2), (V{C4, E4, G4, C5, E5, G5, C4}));
    EXPECT_EQ(arp(ceg, ArpPattern::Down, 6, 2), (V{G5, E5, C5, G4, E4, C4}));
    EXPECT_EQ(arp(ceg, ArpPattern::UpDown, 11, 2), (V{C4, E4, G4, C5, E5, G5, E5, C5, G4, E4, C4}));
    EXPECT_EQ(arp(ceg, ArpPattern::AsPlayed, 6, 2), (V{E4, C4, G4, E5, C5, G5}));
    EXPECT_EQ(arp(ceg, ArpPattern::OutsideIn, 6, 2), (V{C4, G5, E4, E5, G4, C5}));
    EXPECT_EQ(arp({C4}, ArpPattern::Up, 4, 3), (V{C4, C5, C5 + 12, C4}));
}

TEST(Arpeggiator, NoteAndIntInputsAgree) {
    const std::vector<Note> notes = {Note::from_name("E4"), Note::from_name("C4"), Note::from_name("G4")};
    const std::vector<int> midi = {E4, C4, G4};
    Arpeggiator::Options o;
    o.pattern = ArpPattern::UpDown;
    EXPECT_EQ(Arpeggiator(notes, o).generate(10), Arpeggiator(midi, o).generate(10));
    EXPECT_EQ(Arpeggiator(midi).pool(), (std::vector<int>{C4, E4, G4}));
}

TEST(Arpeggiator, TimingStraight) {
    // Eighths (0.5 beat), gate 0.5: onsets 0, 0.5, 1.0, lengths 0.25.
    Arpeggiator::Options o;
    o.rate = NoteValue::Eighth;
    o.gate = 0.5;
    o.velocity = 77;
    o.channel = 5;
    const std::vector<NoteEvent> ev = Arpeggiator(std::vector<int>{C4, E4, G4}, o).generate(4);
    const std::vector<NoteEvent> expected = {
        {0.0, 0.25, C4, 77, 5}, {0.5, 0.25, E4, 77, 5}, {1.0, 0.25, G4, 77, 5}, {1.5, 0.25, C4, 77, 5}};
    EXPECT_EQ(ev, expected);
}

TEST(Arpeggiator, TimingSwing) {
    // Sixteenths (step 0.25), swing 0.5: odd steps late by 0.5 * 0.25 / 2 =
    // 0.0625. Onsets 0, 0.3125, 0.5, 0.8125; time to next onset 0.3125 then
    // 0.1875; gate 0.8 -> lengths 0.25 and 0.15.
    Arpeggiator::Options o;
    o.swing = 0.5;
    o.gate = 0.8;
    const std::vector<NoteEvent> ev = Arpeggiator(std::vector<int>{C4, E4}, o).generate(4);
    ASSERT_EQ(ev.size(), 4u);
    const double onsets[] = {0.0, 0.3125, 0.5, 0.8125};
    const double lengths[] = {0.25, 0.15, 0.25, 0.15};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_DOUBLE_EQ(ev[i].start_beat, onsets[i]) << i;
        EXPECT_DOUBLE_EQ(ev[i].duration_beats, lengths[i]) << i;
    }
    // Full swing, gate 1, eighths: off-beats at 3/4 of each beat (dotted feel),
    // every note ends where the next begins.
    o.swing = 1.0;
    o.gate = 1.0;
    o.rate = NoteValue::Eighth;
    const std::vector<NoteEvent> full = Arpeggiator(std::vector<int>{C4, E4}, o).generate(4);
    EXPECT_DOUBLE_EQ(full[1].start_beat, 0.75);
    EXPECT_DOUBLE_EQ(full[3].start_beat, 1.75);
    for (std::size_t i = 0; i + 1 < full.size(); ++i) {
        EXPECT_DOUBLE_EQ(full[i].end_beat(), full[i + 1].start_beat) << i;
    }
    // Triplet rate: step 1/3, onsets from the index: 1000 steps on is 1000/3.
    o.swing = 0.0;
    o.rate = NoteValue::EighthTriplet;
    const std::vector<NoteEvent> trip = Arpeggiator(std::vector<int>{C4}, o).generate(1001);
    EXPECT_EQ(trip[1000].start_beat, 1000.0 * (1.0 / 3.0));
}

TEST(Arpeggiator, TieRuleWhenRoundedToTicks) {
    // Sixty-fourths (1/16 beat) at 8 ppq are half a tick each: onsets 0,
    // 0.5, 1, 1.5, 2, 2.5 ticks, which beats_to_ticks rounds half away from
    // zero to 0, 1, 1, 2, 2, 3 (banker's rounding would give 0, 0, 1, 2, 2, 2).
    Arpeggiator::Options o;
    o.rate = NoteValue::SixtyFourth;
    const std::vector<NoteEvent> ev = Arpeggiator(std::vector<int>{C4, E4}, o).generate(6);
    const long long expected[] = {0, 1, 1, 2, 2, 3};
    for (std::size_t i = 0; i < ev.size(); ++i) {
        EXPECT_EQ(cm::theory::beats_to_ticks(ev[i].start_beat, 8), expected[i]) << i;
    }
}

TEST(Arpeggiator, SeedsAreReproducible) {
    const std::vector<int> held = {C4, E4, G4, B4};
    for (const ArpPattern p : {ArpPattern::Random, ArpPattern::RandomWalk}) {
        Arpeggiator::Options o;
        o.pattern = p;
        o.octaves = 2;
        o.seed = 42;
        const Arpeggiator a{held, o};
        const std::vector<NoteEvent> first = a.generate(64);
        EXPECT_EQ(a.generate(64), first);                // same object, again
        EXPECT_EQ(Arpeggiator(held, o).generate(64), first);  // a new one, same seed
        o.seed = 43;
        EXPECT_NE(Arpeggiator(held, o).generate(64), first);
    }
}

TEST(Arpeggiator, RandomWalkMovesByOneAndBounces) {
    Arpeggiator::Options o;
    o.pattern = ArpPattern::RandomWalk;
    o.seed = 7;
    const std::vector<int> pool = {C4, E4, G4, B4};
    const std::vector<int> seq = notes_of(Arpeggiator(pool, o).generate(2000));
    EXPECT_EQ(seq[0], C4);
    auto index_of = [&](int n) {
        for (std::size_t i = 0; i < pool.size(); ++i) {
            if (pool[i] == n) {
                return static_cast<int>(i);
            }
        }
        return -100;
    };
    std::vector<int> visits(4, 0);
    for (std::size_t i = 1; i < seq.size(); ++i) {
        EXPECT_EQ(std::abs(index_of(seq[i]) - index_of(seq[i - 1])), 1) << i;
        ++visits[static_cast<std::size_t>(index_of(seq[i]))];
    }
    for (const int v : visits) {
        EXPECT_GT(v, 0);
    }
}

TEST(Arpeggiator, RandomIsUniformChiSquare) {
    // 6000 draws over 6 notes (C E G over 2 octaves) at seed 2024: expected
    // 1000 each. Chi-square with 5 degrees of freedom; the critical value at
    // the 0.001 level is 20.515 (standard chi-square table).
    Arpeggiator::Options o;
    o.pattern = ArpPattern::Random;
    o.octaves = 2;
    o.seed = 2024;
    const Arpeggiator a{std::vector<int>{C4, E4, G4}, o};
    const std::vector<int> pool = a.pool();
    ASSERT_EQ(pool, (std::vector<int>{C4, E4, G4, C5, E5, G5}));
    std::vector<double> counts(pool.size(), 0.0);
    for (const int n : notes_of(a.generate(6000))) {
        bool found = false;
        for (std::size_t i = 0; i < pool.size(); ++i) {
            if (pool[i] == n) {
                counts[i] += 1.0;
                found = true;
            }
        }
        EXPECT_TRUE(found) << n;
    }
    double chi2 = 0.0;
    for (const double c : counts) {
        EXPECT_GT(c, 0.0);  // every note is played
        chi2 += (c - 1000.0) * (c - 1000.0) / 1000.0;
    }
    RecordProperty("chi2", std::to_string(chi2));
    EXPECT_LT(chi2, 20.515) << "counts " << counts[0] << " " << counts[1] << " " << counts[2] << " " << counts[3]
                            << " " << counts[4] << " " << counts[5];
}

TEST(Arpeggiator, InvalidThrows) {
    const std::vector<int> ok = {C4, E4, G4};
    EXPECT_THROW(Arpeggiator(std::vector<int>{}), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(std::vector<Note>{}), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(std::vector<int>{-1}), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(std::vector<int>{128}), cm::TheoryError);
    const auto with = [&](auto change) {
        Arpeggiator::Options o;
        change(o);
        return o;
    };
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.octaves = 0; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.octaves = 11; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(std::vector<int>{120}, with([](auto& o) { o.octaves = 2; })), cm::TheoryError);
    EXPECT_NO_THROW(Arpeggiator(std::vector<int>{115}, with([](auto& o) { o.octaves = 2; })));
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.gate = 0.0; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.gate = 1.01; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.swing = -0.1; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.swing = 1.5; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.velocity = 0; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.velocity = 128; })), cm::TheoryError);
    EXPECT_THROW(Arpeggiator(ok, with([](auto& o) { o.channel = 16; })), cm::TheoryError);
    try {
        (void)Arpeggiator(std::vector<int>{});
        ADD_FAILURE();
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
    }
    EXPECT_EQ(cm::theory::to_string(ArpPattern::UpDownInclusive), "UpDownInclusive");
}

} // namespace
