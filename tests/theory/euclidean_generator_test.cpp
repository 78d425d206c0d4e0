// Euclidean rhythms against the rhythms G. Toussaint lists in "The Euclidean
// Algorithm Generates Traditional Musical Rhythms" (Proc. BRIDGES 2005,
// pp. 47-56), section 4, written as 'x' onset and '.' rest exactly as the
// paper prints them; rotation and note placement worked by hand.
#include <coremusic/theory/euclidean_generator.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <coremusic/theory/note_event.hpp>

namespace {

using cm::theory::euclidean_rhythm;
using cm::theory::EuclideanGenerator;
using cm::theory::NoteEvent;
using cm::theory::rhythm_to_string;

std::string E(int k, int n, int rotation = 0) { return rhythm_to_string(euclidean_rhythm(k, n, rotation)); }

TEST(EuclideanRhythm, ToussaintTable) {
    struct Row {
        int k;
        int n;
        std::string_view paper;
    };
    // Toussaint 2005, section 4 (the name the paper gives in the comment).
    const Row rows[] = {
        {1, 2, "x."},
        {1, 3, "x.."},
        {1, 4, "x..."},
        {4, 12, "x..x..x..x.."},              // Fandango clapping
        {2, 3, "x.x"},                        // Afro-Cuban, Swing Tumbao conga
        {2, 5, "x.x.."},                      // Khafif-e-ramal
        {3, 4, "x.xx"},                       // Cumbia, Calypso
        {3, 5, "x.x.x"},                      // (from the second onset) Khafif-e-ramal
        {3, 7, "x.x.x.."},                    // Ruchenitza
        {3, 8, "x..x..x."},                   // Cuban tresillo
        {4, 7, "x.x.x.x"},                    // Ruchenitza
        {4, 9, "x.x.x.x.."},                  // Aksak
        {4, 11, "x..x..x..x."},               // Zappa, Outside Now
        {5, 6, "x.xxxx"},                     // (from the second onset) York-Samai
        {5, 7, "x.xx.xx"},                    // Nawakhat
        {5, 8, "x.xx.xx."},                   // Cuban cinquillo
        {5, 9, "x.x.x.x.x"},                  // Agsag-Samai
        {5, 11, "x.x.x.x.x.."},               // Moussorgsky, Pictures at an Exhibition
        {5, 12, "x..x.x..x.x."},              // Venda clapping
        {5, 16, "x..x..x..x..x..."},          // Bossa-Nova necklace
        {7, 8, "x.xxxxxx"},                   // Bendir
        {7, 12, "x.xx.x.xx.x."},              // West African bell
        {7, 16, "x..x.x.x..x.x.x."},          // Samba necklace
        {9, 16, "x.xx.x.x.xx.x.x."},          // Central African Republic necklace
        {11, 24, "x..x.x.x.x.x..x.x.x.x.x."},  // Aka Pygmies
        {13, 24, "x.xx.x.x.x.x.xx.x.x.x.x."},  // Aka Pygmies, upper Sangha
        {5, 13, "x..x.x..x.x.."},             // the paper's worked example of Bjorklund's algorithm
    };
    for (const Row& r : rows) {
        EXPECT_EQ(E(r.k, r.n), r.paper) << "E(" << r.k << "," << r.n << ")";
    }
}

TEST(EuclideanRhythm, PaperRotations) {
    // The paper's "started on the m-th onset" forms: rotating left to onset m.
    EXPECT_EQ(E(2, 5, 2), "x..x.");               // Take Five
    EXPECT_EQ(E(5, 16, 6), "x..x..x...x..x..");   // Bossa-Nova, from the third onset
    EXPECT_EQ(E(7, 16, 14), "x.x..x.x.x..x.x.");  // Samba, from the last onset
}

TEST(EuclideanRhythm, RotationAndEdges) {
    EXPECT_EQ(E(3, 8, 1), "..x..x.x");
    EXPECT_EQ(E(3, 8, 2), ".x..x.x.");
    EXPECT_EQ(E(3, 8, 8), "x..x..x.");
    EXPECT_EQ(E(3, 8, -1), ".x..x..x");  // right by one
    EXPECT_EQ(E(3, 8, 17), E(3, 8, 1));
    EXPECT_EQ(E(0, 5), ".....");
    EXPECT_EQ(E(5, 5), "xxxxx");
    EXPECT_EQ(E(1, 1), "x");
    EXPECT_EQ(E(0, 1), ".");
    EXPECT_EQ(E(3, 6), "x.x.x.");
    // Every E(k, n) has n steps, k onsets and starts on an onset.
    for (int n = 1; n <= 64; ++n) {
        for (int k = 0; k <= n; ++k) {
            const std::vector<bool> p = euclidean_rhythm(k, n);
            ASSERT_EQ(p.size(), static_cast<std::size_t>(n));
            int onsets = 0;
            for (const bool b : p) {
                onsets += b ? 1 : 0;
            }
            EXPECT_EQ(onsets, k) << k << "," << n;
            EXPECT_EQ(p[0], k > 0) << k << "," << n;
        }
    }
}

TEST(EuclideanRhythm, InvalidThrows) {
    EXPECT_THROW((void)euclidean_rhythm(1, 0), cm::TheoryError);
    EXPECT_THROW((void)euclidean_rhythm(9, 8), cm::TheoryError);
    EXPECT_THROW((void)euclidean_rhythm(-1, 8), cm::TheoryError);
    EXPECT_THROW((void)euclidean_rhythm(1, cm::theory::max_euclidean_steps + 1), cm::TheoryError);
    try {
        (void)euclidean_rhythm(9, 8);
        ADD_FAILURE();
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("E(9,8)"), std::string::npos) << e.what();
    }
}

TEST(EuclideanGenerator, PlacesNotesOnOnsets) {
    // Tresillo x..x..x. in sixteenths: onsets at steps 0, 3, 6 -> 0, 0.75, 1.5
    // beats, then the next cycle 2 beats later.
    const EuclideanGenerator g{3, 8, 38, 0.25, 90, 9};
    const std::vector<NoteEvent> expected = {
        {0.0, 0.25, 38, 90, 9}, {0.75, 0.25, 38, 90, 9}, {1.5, 0.25, 38, 90, 9},
        {2.0, 0.25, 38, 90, 9}, {2.75, 0.25, 38, 90, 9}, {3.5, 0.25, 38, 90, 9},
    };
    EXPECT_EQ(g.generate(2), expected);
    EXPECT_TRUE(g.generate(0).empty());
    EXPECT_EQ(g.cycle_beats(), 2.0);
    EXPECT_EQ(rhythm_to_string(g.pattern()), "x..x..x.");
    // Rotated by 2: .x..x.x. -> steps 1, 4, 6.
    const EuclideanGenerator r{3, 8, 38, 0.5, 90, 9, 2};
    const std::vector<NoteEvent> rotated = {{0.5, 0.5, 38, 90, 9}, {2.0, 0.5, 38, 90, 9}, {3.0, 0.5, 38, 90, 9}};
    EXPECT_EQ(r.generate(1), rotated);
}

TEST(EuclideanGenerator, LateCyclesStayOnTheGrid) {
    // Step 0.1 beat is not a double; onsets come from the index, so cycle c
    // starts at exactly (c * 8) * 0.1, the same double a fresh product gives.
    const EuclideanGenerator g{3, 8, 60, 0.1};
    const std::vector<NoteEvent> events = g.generate(1000);
    ASSERT_EQ(events.size(), 3000u);
    for (std::size_t c = 0; c < 1000; ++c) {
        EXPECT_EQ(events[3 * c].start_beat, static_cast<double>(c * 8) * 0.1) << c;
        EXPECT_EQ(events[3 * c + 1].start_beat, static_cast<double>(c * 8 + 3) * 0.1) << c;
    }
}

TEST(EuclideanGenerator, TieRuleWhenRoundedToTicks) {
    // Steps of 1/1024 beat at 512 ppq fall on half ticks: step i is i/2 tick.
    // beats_to_ticks rounds those half away from zero: 1, 2, 3 (not 0, 2, 2).
    const EuclideanGenerator g{8, 8, 60, 1.0 / 1024.0};
    const std::vector<NoteEvent> ev = g.generate(1);
    const long long expected_ticks[] = {0, 1, 1, 2, 2, 3, 3, 4};
    for (std::size_t i = 0; i < ev.size(); ++i) {
        EXPECT_EQ(cm::theory::beats_to_ticks(ev[i].start_beat, 512), expected_ticks[i]) << i;
    }
}

TEST(EuclideanGenerator, InvalidThrows) {
    EXPECT_THROW((EuclideanGenerator{9, 8}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 0}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 128}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, -1}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 60, 0.0}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 60, -0.25}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 60, 0.25, 0}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 60, 0.25, 128}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 60, 0.25, 100, 16}), cm::TheoryError);
    EXPECT_THROW((EuclideanGenerator{3, 8, 60, 0.25, 100, -1}), cm::TheoryError);
}

} // namespace
