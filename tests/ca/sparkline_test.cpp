// Sparklines against strings written out by hand.
#include <coremusic/ca/sparkline.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

TEST(Sparkline, OneBlockPerValueOnTheValuesOwnRange) {
    // 0..7 map to the eight blocks in order: floor(8 * v / 7), 7 capped.
    const std::vector<float> v = {0, 1, 2, 3, 4, 5, 6, 7};
    EXPECT_EQ(cm::ca::sparkline(v), "▁▂▃▄▅▆▇█");
    // The scale follows the data: 10..20 is drawn like 0..10.
    const std::vector<float> w = {10, 20, 15, 10};
    // (15 - 10) / 10 * 8 = 4 -> ▅
    EXPECT_EQ(cm::ca::sparkline(w), "▁█▅▁");
}

TEST(Sparkline, WidthGroupsValuesIntoRunMeans) {
    // 8 values in 4 runs of 2: means 0.5, 2.5, 4.5, 6.5 on [0.5, 6.5]:
    // levels floor(8 * {0, 2, 4, 6} / 6) = 0, 2, 5, 7 (capped).
    const std::vector<float> v = {0, 1, 2, 3, 4, 5, 6, 7};
    EXPECT_EQ(cm::ca::sparkline(v, 4), "▁▃▆█");
    // Fewer values than characters: each value repeats.
    const std::vector<float> two = {0, 1};
    EXPECT_EQ(cm::ca::sparkline(two, 6), "▁▁▁███");
}

TEST(Sparkline, EdgeCases) {
    EXPECT_EQ(cm::ca::sparkline(std::vector<float>{}), "");
    EXPECT_EQ(cm::ca::sparkline(std::vector<float>{3, 3, 3}), "▄▄▄");
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    EXPECT_EQ(cm::ca::sparkline(std::vector<float>{0, nan, 1}), "▁ █");
    EXPECT_EQ(cm::ca::sparkline(std::vector<float>{0, inf, 1, -inf}), "▁██▁");
}

TEST(Sparkline, FixedScale) {
    // On [0, 1]: -1 clips to ▁, 0.5 -> floor(4) -> ▅, 2 clips to █.
    const std::vector<float> v = {-1.0F, 0.0F, 0.5F, 2.0F};
    EXPECT_EQ(cm::ca::sparkline(v, 0, 0.0F, 1.0F), "▁▁▅█");
    EXPECT_THROW((void)cm::ca::sparkline(v, 0, 1.0F, 1.0F), cm::Error);
    EXPECT_THROW((void)cm::ca::sparkline(v, 0, 0.0F, std::numeric_limits<float>::infinity()), cm::Error);
}

TEST(Sparkline, WaveformOutline) {
    // 4 columns of 2 frames, peak |x| over both channels on [0, 1]:
    // column 0: 0 -> ▁; 1: 0.3 (right) -> floor(2.4) = 2 -> ▃;
    // 2: 0.6 -> floor(4.8) = 4 -> ▅; 3: 1.0 -> █.
    cm::AudioBuffer b(8, 2);
    const float left[] = {0, 0, 0.1F, -0.2F, 0.6F, 0, -1.0F, 0};
    const float right[] = {0, 0, -0.3F, 0, 0, -0.5F, 0, 0.9F};
    for (std::size_t i = 0; i < 8; ++i) {
        b.channel(0)[i] = left[i];
        b.channel(1)[i] = right[i];
    }
    EXPECT_EQ(cm::ca::waveform_sparkline(b.view(), 4), "▁▃▅█");
    EXPECT_EQ(cm::ca::waveform_sparkline(b.view(), 0), "");
    EXPECT_EQ(cm::ca::waveform_sparkline(cm::ConstAudioBufferView{}, 10), "");
    // Silence is the lowest block throughout.
    cm::AudioBuffer quiet(100, 1);
    EXPECT_EQ(cm::ca::waveform_sparkline(quiet.view(), 5), "▁▁▁▁▁");
}

} // namespace
