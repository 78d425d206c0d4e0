// ChannelMap against hand-computed mixes and the ITU-R BS.775 downmix
// coefficients (L' = L + 0.7071 C + 0.7071 Ls, R' = R + 0.7071 C + 0.7071 Rs).
#include <coremusic/ca/channel_map.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "rt_check.hpp"

namespace {

using cm::ca::ChannelMap;

// A buffer whose channel c holds (c + 1) * 0.1 in every frame, and a unit
// impulse of channel `hot` (if given) at frame 1.
cm::AudioBuffer levels(std::size_t channels, std::size_t frames = 4) {
    cm::AudioBuffer b(frames, channels);
    for (std::size_t c = 0; c < channels; ++c) {
        for (float& x : b.channel(c)) x = 0.1F * static_cast<float>(c + 1);
    }
    return b;
}

TEST(ChannelMap, MonoToStereoCopiesToBothSides) {
    const auto in = levels(1);
    cm::AudioBuffer out(4, 2);
    ASSERT_TRUE(ChannelMap::mono_to_stereo().apply(in.view(), out.view()));
    for (std::size_t f = 0; f < 4; ++f) {
        EXPECT_EQ(out.channel(0)[f], 0.1F);
        EXPECT_EQ(out.channel(1)[f], 0.1F);
    }
}

TEST(ChannelMap, StereoToMonoAverageAndMinus3dB) {
    const auto in = levels(2);  // L = 0.1, R = 0.2
    cm::AudioBuffer out(4, 1);
    ASSERT_TRUE(ChannelMap::stereo_to_mono().apply(in.view(), out.view()));
    EXPECT_FLOAT_EQ(out.channel(0)[0], 0.15F);  // (0.1 + 0.2) / 2
    ASSERT_TRUE(ChannelMap::stereo_to_mono(cm::ca::StereoToMono::MinusThreeDb).apply(in.view(), out.view()));
    EXPECT_FLOAT_EQ(out.channel(0)[0], 0.3F * 0.70710678F);  // 0.3 x 10^(-3/20)
    EXPECT_NEAR(20 * std::log10(ChannelMap::minus_3db), -3.0103, 1e-4);
}

TEST(ChannelMap, Surround51ToStereoUsesBs775Coefficients) {
    // Order L R C LFE Ls Rs; an impulse in each input in turn.
    const auto m = ChannelMap::surround51_to_stereo();
    const float k = 0.70710678F;
    const float expect_l[6] = {1, 0, k, 0, k, 0};
    const float expect_r[6] = {0, 1, k, 0, 0, k};
    for (std::size_t hot = 0; hot < 6; ++hot) {
        cm::AudioBuffer in(3, 6);
        in.channel(hot)[1] = 1.0F;
        cm::AudioBuffer out(3, 2);
        ASSERT_TRUE(m.apply(in.view(), out.view()));
        EXPECT_FLOAT_EQ(out.channel(0)[1], expect_l[hot]) << hot;
        EXPECT_FLOAT_EQ(out.channel(1)[1], expect_r[hot]) << hot;
        EXPECT_EQ(out.channel(0)[0], 0.0F);
    }
    // Normalised: full scale everywhere gives at most 1.
    const auto n = ChannelMap::surround51_to_stereo(0.0F, true);
    cm::AudioBuffer full(2, 6);
    for (std::size_t c = 0; c < 6; ++c) full.channel(c)[0] = full.channel(c)[1] = 1.0F;
    cm::AudioBuffer out(2, 2);
    ASSERT_TRUE(n.apply(full.view(), out.view()));
    EXPECT_NEAR(out.channel(0)[0], 1.0F, 1e-6F);
    EXPECT_NEAR(out.channel(1)[0], 1.0F, 1e-6F);
}

TEST(ChannelMap, SelectReordersAndDuplicates) {
    const auto in = levels(3);  // 0.1 0.2 0.3
    cm::AudioBuffer out(4, 4);
    ASSERT_TRUE(ChannelMap::select({2, 0, 0, 1}, 3).apply(in.view(), out.view()));
    EXPECT_EQ(out.channel(0)[2], 0.3F);
    EXPECT_EQ(out.channel(1)[2], 0.1F);
    EXPECT_EQ(out.channel(2)[2], 0.1F);
    EXPECT_EQ(out.channel(3)[2], 0.2F);
    EXPECT_THROW((void)ChannelMap::select({0, 3}, 3), cm::Error);
}

TEST(ChannelMap, BetweenPicksTheUsualMaps) {
    EXPECT_EQ(ChannelMap::between(2, 2), ChannelMap::identity(2));
    EXPECT_EQ(ChannelMap::between(2, 1), ChannelMap::stereo_to_mono());
    EXPECT_EQ(ChannelMap::between(1, 2), ChannelMap::mono_to_stereo());
    EXPECT_EQ(ChannelMap::between(6, 2), ChannelMap::surround51_to_stereo());
    const auto m = ChannelMap::between(4, 3);
    EXPECT_EQ(m.gain(0, 0), 1.0F);
    EXPECT_EQ(m.gain(2, 2), 1.0F);
    EXPECT_EQ(m.gain(2, 3), 0.0F);
    EXPECT_TRUE(ChannelMap::identity(3).is_identity());
    EXPECT_FALSE(m.is_identity());
}

TEST(ChannelMap, ShapeAndOverlapAreRefused) {
    auto in = levels(2);
    cm::AudioBuffer out(4, 1);
    const auto m = ChannelMap::stereo_to_mono();
    EXPECT_FALSE(m.apply(out.view(), out.view()));  // 1 input channel, map wants 2
    // In place: output 0 is input 0.
    float* chans[2] = {in.channel(0).data(), in.channel(1).data()};
    cm::AudioBufferView first(chans, 1, 4);
    EXPECT_FALSE(m.apply(in.view(), first));
    EXPECT_THROW(ChannelMap(0, 2), cm::Error);
    EXPECT_THROW(ChannelMap(2, 65), cm::Error);
    ChannelMap g(2, 2);
    EXPECT_THROW(g.set_gain(2, 0, 1.0F), cm::Error);
    EXPECT_THROW(g.set_gain(0, 0, std::nanf("")), cm::Error);
}

TEST(ChannelMap, ApplyIsRealtimeSafe) {
    const auto m = ChannelMap::surround51_to_stereo(0.5F);
    const auto in = levels(6, 512);
    cm::AudioBuffer out(512, 2);
    bool ok = false;
    {
        cm::test::RtScope scope;
        ok = m.apply(in.view(), out.view());
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    ASSERT_TRUE(ok);
    // L' = 0.1 + 0.7071 * 0.3 + 0.5 * 0.4 + 0.7071 * 0.5
    EXPECT_NEAR(out.channel(0)[100], 0.1 + 0.70710678 * 0.3 + 0.5 * 0.4 + 0.70710678 * 0.5, 1e-6);
}

} // namespace
