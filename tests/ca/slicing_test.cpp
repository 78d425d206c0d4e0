// Slicing: boundaries at known positions (grids computed by hand, onsets of
// clicks placed by the test, silences made by the test), zero-crossing
// snapping checked sample by sample, and recombination: exact
// reconstruction without crossfade, crossfade length and gain curves
// against sin/cos computed here.
#include <coremusic/ca/slicing.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace {

constexpr double rate = 44100.0;

using cm::ca::Region;

std::vector<float> sine(double hz, std::size_t n, double amplitude = 0.5, double phase = 0.0) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate + phase));
    }
    return x;
}

cm::AudioBuffer buffer_of(const std::vector<float>& left, const std::vector<float>& right) {
    cm::AudioBuffer b(left.size(), 2);
    std::copy(left.begin(), left.end(), b.channel(0).begin());
    std::copy(right.begin(), right.end(), b.channel(1).begin());
    return b;
}

cm::AudioBuffer constant(std::size_t frames, float value) {
    cm::AudioBuffer b(frames, 1);
    for (float& v : b.channel(0)) v = value;
    return b;
}

} // namespace

TEST(Slicing, SlicesBetweenBoundaries) {
    const std::vector<std::int64_t> cuts{300, 100, 100, 0, 1000};
    const auto s = cm::ca::slices_between(cuts, 1000);
    ASSERT_EQ(s.size(), 3U);
    EXPECT_EQ(s[0], (Region{0, 100}));
    EXPECT_EQ(s[1], (Region{100, 300}));
    EXPECT_EQ(s[2], (Region{300, 1000}));
    EXPECT_EQ(cm::ca::slices_between({}, 50).size(), 1U);
    EXPECT_TRUE(cm::ca::slices_between({}, 0).empty());
    const std::vector<std::int64_t> outside{1001};
    EXPECT_THROW((void)cm::ca::slices_between(outside, 1000), cm::Error);
}

TEST(Slicing, BeatGridAtKnownFrames) {
    // 120 BPM at 44.1 kHz: a beat is 22050 frames; offset 0.1 s = 4410.
    const auto s = cm::ca::slice_by_beat_grid(100000, rate, 120.0, 0.1, 1);
    const std::vector<Region> want{{0, 4410}, {4410, 26460}, {26460, 48510}, {48510, 70560}, {70560, 92610},
                                   {92610, 100000}};
    EXPECT_EQ(s, want);
    // Two beats per slice, no offset.
    const auto two = cm::ca::slice_by_beat_grid(100000, rate, 120.0, 0.0, 2);
    const std::vector<Region> want2{{0, 44100}, {44100, 88200}, {88200, 100000}};
    EXPECT_EQ(two, want2);
    // 100 BPM: 26460 frames a beat; a negative offset starts mid-beat.
    const auto neg = cm::ca::slice_by_beat_grid(60000, rate, 100.0, -0.5);
    const std::vector<Region> want3{{0, 4410}, {4410, 30870}, {30870, 57330}, {57330, 60000}};
    EXPECT_EQ(neg, want3);
    EXPECT_THROW((void)cm::ca::slice_by_beat_grid(1000, rate, 0.0), cm::Error);
    EXPECT_THROW((void)cm::ca::slice_by_beat_grid(1000, rate, 120.0, 0.0, 0), cm::Error);
    EXPECT_THROW((void)cm::ca::slice_by_beat_grid(1000, 0.0, 120.0), cm::Error);
}

TEST(Slicing, ByBeatFrames) {
    const std::vector<std::int64_t> beats{1000, 2000, 3000, 4000, 5000};
    const auto s = cm::ca::slice_by_beats(beats, 6000, 2);
    const std::vector<Region> want{{0, 1000}, {1000, 3000}, {3000, 5000}, {5000, 6000}};
    EXPECT_EQ(s, want);
    const std::vector<std::int64_t> backwards{2000, 1000};
    EXPECT_THROW((void)cm::ca::slice_by_beats(backwards, 6000), cm::Error);
    const std::vector<std::int64_t> late{7000};
    EXPECT_THROW((void)cm::ca::slice_by_beats(late, 6000), cm::Error);
}

TEST(Slicing, ByOnsetsKeepsEachAttack) {
    // Stereo clicks at known frames; the slices start at most one hop (512)
    // before each click and never after it.
    const std::vector<std::int64_t> clicks{11025, 30000, 52000, 70001};
    std::vector<float> left(88200, 0.0F);
    std::vector<float> right(88200, 0.0F);
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(-1.0F, 1.0F);
    for (const auto c : clicks) {
        for (std::int64_t i = 0; i < 400; ++i) {
            const auto g = static_cast<float>(std::exp(-static_cast<double>(i) / 60.0));
            left[static_cast<std::size_t>(c + i)] = 0.7F * g * u(rng);
            right[static_cast<std::size_t>(c + i)] = 0.5F * g * u(rng);
        }
    }
    const auto audio = buffer_of(left, right);
    const auto s = cm::ca::slice_by_onsets(audio.view(), rate);
    ASSERT_EQ(s.size(), clicks.size() + 1);
    EXPECT_EQ(s.front().start, 0);
    EXPECT_EQ(s.back().end, 88200);
    for (std::size_t i = 0; i < clicks.size(); ++i) {
        EXPECT_LE(s[i + 1].start, clicks[i]);
        EXPECT_GE(s[i + 1].start, clicks[i] - 512);
        EXPECT_EQ(s[i].end, s[i + 1].start);  // contiguous
    }
}

TEST(Slicing, BySilenceFindsTheSoundingParts) {
    // 0.5 s tone, 0.5 s silence, 0.3 s tone, 0.2 s silence.
    std::vector<float> x(static_cast<std::size_t>(1.5 * rate), 0.0F);
    const auto a = sine(440.0, 22050);
    const auto b = sine(660.0, 13230);
    std::copy(a.begin(), a.end(), x.begin());
    std::copy(b.begin(), b.end(), x.begin() + 44100);
    const auto audio = buffer_of(x, x);
    const auto s = cm::ca::slice_by_silence(audio.view(), rate, -60.0, 0.1);
    ASSERT_EQ(s.size(), 2U);
    // Sample-exact up to where the sines themselves pass within -60 dBFS of
    // zero (a few samples at their ends).
    EXPECT_EQ(s[0].start, 0);
    EXPECT_NEAR(static_cast<double>(s[0].end), 22050.0, 3.0);
    EXPECT_NEAR(static_cast<double>(s[1].start), 44100.0, 3.0);
    EXPECT_NEAR(static_cast<double>(s[1].end), 44100.0 + 13230.0, 3.0);
}

TEST(Slicing, ExplicitRegionsAreCheckedAndSorted) {
    const std::vector<Region> r{{500, 900}, {0, 100}, {0, 50}};
    const auto s = cm::ca::slice_by_regions(r, 1000);
    const std::vector<Region> want{{0, 50}, {0, 100}, {500, 900}};
    EXPECT_EQ(s, want);
    const std::vector<Region> out{{900, 1100}};
    try {
        (void)cm::ca::slice_by_regions(out, 1000);
        ADD_FAILURE() << "region past the end accepted";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("[900, 1100)"), std::string::npos) << e.what();
    }
    const std::vector<Region> inverted{{10, 5}};
    EXPECT_THROW((void)cm::ca::slice_by_regions(inverted, 1000), cm::Error);
}

TEST(Slicing, ZeroCrossingSnapping) {
    // A 100 Hz sine plus a little 3 kHz: crossings are irregular, so the
    // nearest one is found by a brute-force scan here.
    std::vector<float> x = sine(100.0, 44100, 0.5, 0.4);
    const auto hi = sine(3000.0, 44100, 0.05);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += hi[i];
    auto is_crossing = [&](std::int64_t p) {
        const float a = x[static_cast<std::size_t>(p - 1)];
        const float b = x[static_cast<std::size_t>(p)];
        return b == 0.0F || (a < 0.0F) != (b < 0.0F);
    };
    const std::int64_t radius = 220;  // 5 ms
    const std::vector<std::int64_t> cuts{1234, 5000, 9999, 20001, 33333};
    const auto slices = cm::ca::slices_between(cuts, 44100);
    const auto audio = buffer_of(x, x);
    const auto snapped = cm::ca::snap_to_zero_crossings(slices, audio.view(), rate, 0.005);
    ASSERT_EQ(snapped.size(), slices.size());
    EXPECT_EQ(snapped.front().start, 0);
    EXPECT_EQ(snapped.back().end, 44100);
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        const std::int64_t b = snapped[i].end;
        EXPECT_EQ(snapped[i + 1].start, b) << "a shared boundary stays shared";
        EXPECT_TRUE(is_crossing(b)) << "boundary " << b;
        EXPECT_LE(std::abs(b - cuts[i]), radius);
        std::int64_t nearest = -1;
        for (std::int64_t d = 0; d <= radius && nearest < 0; ++d) {
            if (is_crossing(cuts[i] - d)) nearest = cuts[i] - d;
            else if (is_crossing(cuts[i] + d)) nearest = cuts[i] + d;
        }
        EXPECT_EQ(b, nearest);
    }
    // Out of reach: the boundary stays where it was.
    const std::vector<float> dc(1000, 0.25F);
    EXPECT_EQ(cm::ca::nearest_zero_crossing(dc, 500, 100), 500);
    const std::vector<float> step{1.0F, 1.0F, -1.0F, -1.0F};
    EXPECT_EQ(cm::ca::nearest_zero_crossing(step, 1, 5), 2);
    EXPECT_EQ(cm::ca::nearest_zero_crossing(step, 0, 5), 0);
}

TEST(Slicing, ExtractAndRecombineWithoutCrossfadeIsExact) {
    std::mt19937 rng(9);
    std::uniform_real_distribution<float> u(-1.0F, 1.0F);
    std::vector<float> l(10007);
    std::vector<float> r(10007);
    for (std::size_t i = 0; i < l.size(); ++i) {
        l[i] = u(rng);
        r[i] = u(rng);
    }
    const auto audio = buffer_of(l, r);
    const std::vector<std::int64_t> cuts{1, 999, 5000, 10006};
    const auto regions = cm::ca::slices_between(cuts, 10007);
    const auto slices = cm::ca::extract_slices(audio.view(), regions);
    ASSERT_EQ(slices.size(), 5U);
    EXPECT_EQ(slices[0].frames(), 1U);
    EXPECT_EQ(slices[2].channel(1)[0], r[999]);
    const auto joined = cm::ca::recombine(slices, rate, 0.0);
    ASSERT_EQ(joined.frames(), 10007U);
    ASSERT_EQ(joined.channels(), 2U);
    for (std::size_t i = 0; i < l.size(); ++i) {
        ASSERT_EQ(joined.channel(0)[i], l[i]) << i;
        ASSERT_EQ(joined.channel(1)[i], r[i]) << i;
    }
    EXPECT_THROW((void)cm::ca::extract_slice(audio.view(), Region{10000, 10008}), cm::Error);
    EXPECT_TRUE(cm::ca::recombine({}, rate, 0.01).empty());
}

TEST(Slicing, EqualPowerCrossfade) {
    // 441 frames = 10 ms. Slice A all ones then B all zeros shows the
    // fade-out; A zeros then B ones shows the fade-in.
    constexpr std::size_t fade = 441;
    const std::vector<cm::AudioBuffer> out_case{constant(1000, 1.0F), constant(1000, 0.0F)};
    const std::vector<cm::AudioBuffer> in_case{constant(1000, 0.0F), constant(1000, 1.0F)};
    const auto fo = cm::ca::recombine(out_case, rate, 0.01, cm::ca::CrossfadeCurve::EqualPower);
    const auto fi = cm::ca::recombine(in_case, rate, 0.01, cm::ca::CrossfadeCurve::EqualPower);
    ASSERT_EQ(fo.frames(), 2000U - fade);
    ASSERT_EQ(fi.frames(), 2000U - fade);
    const std::size_t start = 1000 - fade;
    for (std::size_t i = 0; i < start; ++i) {
        ASSERT_EQ(fo.channel(0)[i], 1.0F);
        ASSERT_EQ(fi.channel(0)[i], 0.0F);
    }
    for (std::size_t i = 0; i < fade; ++i) {
        const double t = (static_cast<double>(i) + 0.5) / static_cast<double>(fade);
        const double g_out = fo.channel(0)[start + i];
        const double g_in = fi.channel(0)[start + i];
        EXPECT_NEAR(g_out, std::cos(0.5 * std::numbers::pi * t), 1e-6);
        EXPECT_NEAR(g_in, std::sin(0.5 * std::numbers::pi * t), 1e-6);
        EXPECT_NEAR(g_out * g_out + g_in * g_in, 1.0, 1e-6);  // constant power
    }
    for (std::size_t i = start + fade; i < fo.frames(); ++i) {
        ASSERT_EQ(fo.channel(0)[i], 0.0F);
        ASSERT_EQ(fi.channel(0)[i], 1.0F);
    }
}

TEST(Slicing, LinearCrossfadeAndThreeSlices) {
    constexpr std::size_t fade = 100;
    const double seconds = static_cast<double>(fade) / rate;
    const std::vector<cm::AudioBuffer> s{constant(300, 1.0F), constant(250, 1.0F), constant(400, 1.0F)};
    const auto joined = cm::ca::recombine(s, rate, seconds, cm::ca::CrossfadeCurve::Linear);
    ASSERT_EQ(joined.frames(), 300U + 250U + 400U - 2U * fade);
    // Equal material under a linear crossfade keeps its amplitude exactly.
    for (const float v : joined.channel(0)) ASSERT_NEAR(v, 1.0F, 1e-6F);
    const std::vector<cm::AudioBuffer> fade_out{constant(300, 1.0F), constant(300, 0.0F)};
    const auto fo = cm::ca::recombine(fade_out, rate, seconds, cm::ca::CrossfadeCurve::Linear);
    for (std::size_t i = 0; i < fade; ++i) {
        const double t = (static_cast<double>(i) + 0.5) / static_cast<double>(fade);
        EXPECT_NEAR(fo.channel(0)[200 + i], 1.0 - t, 1e-6);
    }
}

TEST(Slicing, RecombineRejectsMismatches) {
    const std::vector<cm::AudioBuffer> mixed{constant(100, 1.0F), cm::AudioBuffer(100, 2)};
    EXPECT_THROW((void)cm::ca::recombine(mixed, rate, 0.0), cm::Error);
    const std::vector<cm::AudioBuffer> short_slices{constant(100, 1.0F), constant(10, 1.0F)};
    EXPECT_THROW((void)cm::ca::recombine(short_slices, rate, 50.0 / rate), cm::Error);
    EXPECT_THROW((void)cm::ca::recombine(short_slices, rate, -1.0), cm::Error);
    EXPECT_THROW((void)cm::ca::recombine(short_slices, rate, std::numeric_limits<double>::quiet_NaN()), cm::Error);
    const cm::AudioBuffer audio(100, 1);
    const std::vector<Region> r{{0, 50}};
    EXPECT_THROW((void)cm::ca::snap_to_zero_crossings(r, audio.view(), rate, -1.0), cm::Error);
    const std::vector<Region> outside{{0, 500}};
    EXPECT_THROW((void)cm::ca::snap_to_zero_crossings(outside, audio.view(), rate, 0.01), cm::Error);
}
