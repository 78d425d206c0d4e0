// Onset detection against signals whose onsets are known by construction:
// click tracks and tone bursts placed at chosen sample positions, at every
// phase against the STFT hop.
#include <coremusic/ca/onset.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace {

constexpr double rate = 44100.0;
constexpr std::int64_t hop = 512;  // the default OnsetSettings hop

// A 2 ms decaying noise click (a drum machine's rim shot: broadband).
void add_click(std::vector<float>& x, std::int64_t at, float gain, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0F, 1.0F);
    for (std::int64_t i = 0; i < 400 && at + i < static_cast<std::int64_t>(x.size()); ++i) {
        const auto decay = static_cast<float>(std::exp(-static_cast<double>(i) / 60.0));
        x[static_cast<std::size_t>(at + i)] += gain * decay * u(rng);
    }
}

// A sine burst: 1 ms attack, exponential decay, 10 ms fade-out at the end
// (an abrupt end would itself be a click).
void add_burst(std::vector<float>& x, std::int64_t at, double hz, double seconds, float gain) {
    const auto len = static_cast<std::int64_t>(seconds * rate);
    for (std::int64_t i = 0; i < len && at + i < static_cast<std::int64_t>(x.size()); ++i) {
        const double t = static_cast<double>(i) / rate;
        const double env = std::min({1.0, t / 0.001, (seconds - t) / 0.01}) * std::exp(-t / seconds);
        x[static_cast<std::size_t>(at + i)] +=
            gain * static_cast<float>(env * std::sin(2.0 * std::numbers::pi * hz * t));
    }
}

// Onsets at first + k * spacing. The spacings used are prime to the hops
// (5011 mod 512 = 403, 21011 mod 512 = 19), so successive onsets fall at
// different phases of the hop, up to 30 of them spread over all of it.
std::vector<std::int64_t> truth_positions(int count, std::int64_t first, std::int64_t spacing) {
    std::vector<std::int64_t> t;
    for (int k = 0; k < count; ++k) t.push_back(first + k * spacing);
    return t;
}

void expect_matches(const std::vector<std::int64_t>& found, const std::vector<std::int64_t>& truth,
                    std::int64_t before, std::int64_t after) {
    ASSERT_EQ(found.size(), truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
        EXPECT_GE(found[i], truth[i] - before) << "onset " << i;
        EXPECT_LE(found[i], truth[i] + after) << "onset " << i;
    }
}

} // namespace

TEST(Onset, ClickTrackWithinOneHop) {
    const auto truth = truth_positions(30, 5000, 5011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 20000), 0.0F);
    for (std::size_t k = 0; k < truth.size(); ++k) add_click(x, truth[k], k % 2 == 0 ? 0.8F : 0.3F, static_cast<unsigned>(k));
    expect_matches(cm::ca::detect_onsets(x, rate), truth, hop, hop);
}

TEST(Onset, QuietClicksAndOtherFrameSizesWithinOneHop) {
    const auto truth = truth_positions(30, 9000, 5011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 20000), 0.0F);
    for (std::size_t k = 0; k < truth.size(); ++k) add_click(x, truth[k], 0.05F, static_cast<unsigned>(k));
    for (const std::size_t frame : {1024U, 2048U, 4096U}) {
        cm::ca::OnsetSettings s;
        s.stft.frame_size = frame;
        s.stft.hop_size = frame / 4;
        SCOPED_TRACE(frame);
        const auto h = static_cast<std::int64_t>(frame / 4);
        expect_matches(cm::ca::detect_onsets(x, rate, s), truth, h, h);
    }
}

TEST(Onset, ToneBurstsWithinOneHop) {
    const auto truth = truth_positions(12, 6000, 21011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 20000), 0.0F);
    const double notes[] = {110.0, 220.0, 330.0, 440.0, 587.3, 880.0, 1174.7, 1760.0, 2349.3, 3520.0, 261.6, 196.0};
    for (std::size_t k = 0; k < truth.size(); ++k) add_burst(x, truth[k], notes[k], 0.35, k % 3 == 0 ? 0.1F : 0.5F);
    expect_matches(cm::ca::detect_onsets(x, rate), truth, hop, hop);
}

TEST(Onset, BurstsOverARingingToneWithinOneHop) {
    // A steady 150 Hz drone under the bursts: only the changes are onsets.
    const auto truth = truth_positions(8, 8000, 21011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 20000), 0.0F);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = 0.2F * static_cast<float>(std::sin(2.0 * std::numbers::pi * 150.0 * static_cast<double>(i) / rate));
    }
    const double notes[] = {523.3, 659.3, 784.0, 1046.5, 440.0, 349.2, 987.8, 698.5};
    for (std::size_t k = 0; k < truth.size(); ++k) add_burst(x, truth[k], notes[k], 0.3, 0.4F);
    // The drone starts with the signal: that is an onset at the start too.
    auto found = cm::ca::detect_onsets(x, rate);
    ASSERT_FALSE(found.empty());
    EXPECT_LE(found.front(), 2048);
    found.erase(found.begin());
    expect_matches(found, truth, hop, hop);
}

TEST(Onset, BacktrackingLandsJustBeforeTheAttack) {
    const auto truth = truth_positions(12, 6000, 21011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 20000), 0.0F);
    for (std::size_t k = 0; k < truth.size(); ++k) add_burst(x, truth[k], 220.0 * static_cast<double>(k % 4 + 1), 0.3, 0.5F);
    cm::ca::OnsetSettings s;
    const auto plain = cm::ca::detect_onsets(x, rate, s);
    s.backtrack = true;
    const auto back = cm::ca::detect_onsets(x, rate, s);
    ASSERT_EQ(back.size(), plain.size());
    for (std::size_t i = 0; i < back.size(); ++i) EXPECT_LE(back[i], plain[i]);
    // Within one hop before the attack and never after it: a slice cut
    // there keeps the whole attack.
    expect_matches(back, truth, hop, 0);
}

TEST(Onset, LinearBinsAndTinyFrames) {
    const auto truth = truth_positions(10, 3000, 5011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 8000), 0.0F);
    for (std::size_t k = 0; k < truth.size(); ++k) add_click(x, truth[k], 0.6F, static_cast<unsigned>(k));
    cm::ca::OnsetSettings s;
    s.mel_bands = 0;  // the mean over linear bins
    expect_matches(cm::ca::detect_onsets(x, rate, s), truth, hop, hop);
    // 64-point frames have fewer bins (33) than the 64 mel bands asked for.
    s = {};
    s.stft.frame_size = 64;
    s.stft.hop_size = 16;
    expect_matches(cm::ca::detect_onsets(x, rate, s), truth, 32, 32);
}

TEST(Onset, EnvelopeFramesAndPositions) {
    std::vector<float> x(44100, 0.0F);
    add_click(x, 22050, 0.8F, 3);
    const auto env = cm::ca::onset_strength(x, rate);
    // Centred frames: 1 + n / hop of them (as Stft::frame_count).
    EXPECT_EQ(env.size(), 1U + 44100U / 512U);
    EXPECT_EQ(env.hop_size, 512U);
    EXPECT_DOUBLE_EQ(env.frame_rate(), rate / 512.0);
    EXPECT_EQ(env.position(3), env.offset + 3 * 512);
    const auto peak = static_cast<std::size_t>(std::max_element(env.values.begin(), env.values.end()) - env.values.begin());
    EXPECT_LE(std::abs(env.position(peak) - 22050), hop);
    for (float v : env.values) EXPECT_GE(v, 0.0F);
    const auto frames = cm::ca::pick_onset_frames(env);
    ASSERT_EQ(frames.size(), 1U);
    EXPECT_EQ(frames[0], peak);
}

TEST(Onset, FromASpectrogramAsFromTheSignal) {
    const auto truth = truth_positions(6, 7000, 21011);
    std::vector<float> x(static_cast<std::size_t>(truth.back() + 20000), 0.0F);
    for (std::size_t k = 0; k < truth.size(); ++k) add_click(x, truth[k], 0.6F, static_cast<unsigned>(k));
    const auto sg = cm::ca::spectrogram(x, rate);
    expect_matches(cm::ca::detect_onsets(sg), truth, hop, hop);
    EXPECT_EQ(cm::ca::detect_onsets(sg), cm::ca::detect_onsets(x, rate));
}

TEST(Onset, SilenceAndASteadyToneHaveNoOnsetsAfterTheStart) {
    const std::vector<float> silence(44100, 0.0F);
    EXPECT_TRUE(cm::ca::detect_onsets(silence, rate).empty());
    std::vector<float> tone(88200);
    for (std::size_t i = 0; i < tone.size(); ++i) {
        tone[i] = 0.5F * static_cast<float>(std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(i) / rate));
    }
    const auto on = cm::ca::detect_onsets(tone, rate);
    ASSERT_EQ(on.size(), 1U);  // the tone starting with the signal
    EXPECT_LE(on[0], 2048);
}

TEST(Onset, RejectsBadInput) {
    const std::vector<float> x(4096, 0.1F);
    EXPECT_THROW((void)cm::ca::detect_onsets(std::span<const float>{}, rate), cm::Error);
    EXPECT_THROW((void)cm::ca::detect_onsets(x, 0.0), cm::Error);
    EXPECT_THROW((void)cm::ca::detect_onsets(x, std::numeric_limits<double>::quiet_NaN()), cm::Error);
    std::vector<float> bad = x;
    bad[1234] = std::numeric_limits<float>::quiet_NaN();
    try {
        (void)cm::ca::detect_onsets(bad, rate);
        ADD_FAILURE() << "NaN accepted";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("sample 1234"), std::string::npos) << e.what();
    }
    cm::ca::OnsetSettings s;
    s.lag = 0;
    EXPECT_THROW((void)cm::ca::detect_onsets(x, rate, s), cm::Error);
    s = {};
    s.stft.frame_size = 1001;
    EXPECT_THROW((void)cm::ca::detect_onsets(x, rate, s), cm::Error);
    s = {};
    s.min_frequency_hz = 30000.0;
    EXPECT_THROW((void)cm::ca::detect_onsets(x, rate, s), cm::Error);
    s = {};
    s.min_frequency_hz = 1000.0;
    s.max_frequency_hz = 1000.0;
    std::error_code ec;
    EXPECT_TRUE(cm::ca::detect_onsets(x, rate, s, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    s = {};
    s.delta = -1.0;
    EXPECT_TRUE(cm::ca::detect_onsets(x, rate, s, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    EXPECT_TRUE(cm::ca::detect_onsets(bad, rate, {}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    (void)cm::ca::detect_onsets(x, rate, {}, ec);
    EXPECT_FALSE(ec);
    EXPECT_THROW((void)cm::ca::onset_strength(cm::ca::Spectrogram{}), cm::Error);
}

TEST(Onset, ReportsProgress) {
    std::vector<float> x(441000, 0.0F);
    add_click(x, 100000, 0.8F, 1);
    std::vector<double> seen;
    (void)cm::ca::detect_onsets(x, rate, {}, [&](double f) { seen.push_back(f); });
    ASSERT_GE(seen.size(), 2U);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}
