// Levels against values worked out by hand (the arithmetic is in the
// comments), against sox's `stats` effect on a file sox made, silence
// detection on hand-built signals, and LevelMeter's real-time contract.
#include <coremusic/ca/levels.hpp>

#include "external_tool.hpp"
#include "sox.hpp"
#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cm::ConstAudioBufferView;
using namespace cm::ca;

constexpr double pi = std::numbers::pi;

std::vector<float> sine(std::size_t n, double freq, double sr, double amplitude, double phase = 0.0,
                        double dc = 0.0) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<float>(dc + amplitude * std::sin(2.0 * pi * freq * static_cast<double>(i) / sr + phase));
    }
    return x;
}

TEST(Levels, SineOfAmplitudeA) {
    // 1 kHz at 48 kHz: 48 samples per period, 1000 whole periods; sample 12
    // of each period is sin(pi/2) = 1. So peak = A, mean square = A^2/2
    // exactly over whole periods, RMS = A/sqrt 2, crest = sqrt 2 = 3.0103 dB,
    // mean = 0.
    const double a = 0.5;
    const auto x = sine(48000, 1000.0, 48000.0, a);
    const Levels l = measure_levels(ConstAudioBufferView{std::span<const float>(x)});
    ASSERT_EQ(l.channels.size(), 1U);
    const ChannelLevels& c = l.channels[0];
    EXPECT_NEAR(c.peak, a, 1e-6);
    EXPECT_NEAR(c.rms, a / std::sqrt(2.0), 1e-6);
    EXPECT_NEAR(c.crest_factor(), std::sqrt(2.0), 1e-5);
    EXPECT_NEAR(c.crest_factor_db(), 3.0103, 1e-3);
    EXPECT_NEAR(c.dc_offset, 0.0, 1e-7);
    EXPECT_NEAR(c.peak_dbfs(), 20.0 * std::log10(a), 1e-5);        // -6.0206
    EXPECT_NEAR(c.rms_dbfs(), 20.0 * std::log10(a) - 3.0103, 1e-3);  // -9.031
    // A 1 kHz tone sampled on its crest: the true peak is the peak (the
    // Annex 2 filter's gain at fs/48 is within 0.01 dB of 1).
    EXPECT_NEAR(c.true_peak_dbtp(), c.peak_dbfs(), 0.01);
}

TEST(Levels, DcOffsetAndOverall) {
    // Left: 0.25 + 0.5 sin, right: -0.1 constant. Left mean 0.25, right
    // mean -0.1; overall mean (0.25 - 0.1) / 2 = 0.075. Left mean square =
    // 0.25^2 + 0.5^2/2 = 0.1875, right 0.01; overall RMS sqrt((0.1875 +
    // 0.01) / 2) = 0.3142697.
    const auto l = sine(48000, 1000.0, 48000.0, 0.5, 0.0, 0.25);
    const std::vector<float> r(48000, -0.1F);
    const Levels lv = measure_levels(ConstAudioBufferView{std::span<const float>(l), std::span<const float>(r)});
    ASSERT_EQ(lv.channels.size(), 2U);
    EXPECT_NEAR(lv.channels[0].dc_offset, 0.25, 1e-6);
    EXPECT_NEAR(lv.channels[1].dc_offset, -0.1, 1e-6);
    EXPECT_NEAR(lv.overall.dc_offset, 0.075, 1e-6);
    EXPECT_NEAR(lv.channels[0].peak, 0.75, 1e-6);
    EXPECT_NEAR(lv.channels[1].peak, 0.1, 1e-6);
    EXPECT_NEAR(lv.overall.peak, 0.75, 1e-6);
    EXPECT_NEAR(lv.overall.rms, std::sqrt((0.1875 + 0.01) / 2.0), 1e-6);
    EXPECT_NEAR(lv.channels[1].crest_factor(), 1.0, 1e-6);  // a constant: peak = RMS
}

TEST(Levels, InterSamplePeakAtQuarterSampleRate) {
    // x[n] = A sin(pi n / 2 + pi / 4): fs/4 sampled 45 degrees off its
    // crests, so every sample is +-A/sqrt 2 (-3.01 dB) while the waveform
    // between them reaches A. Annex 2's filter reads it within 0.1 dB
    // (its half-sample phase gain at fs/4 is 1.0052: +0.045 dB, computed
    // from the printed coefficients).
    const double a = 0.5;
    const auto x = sine(4800, 12000.0, 48000.0, a, pi / 4.0);
    const Levels l = measure_levels(ConstAudioBufferView{std::span<const float>(x)});
    EXPECT_NEAR(l.channels[0].peak, a / std::sqrt(2.0), 1e-6);
    EXPECT_NEAR(l.channels[0].true_peak_dbtp(), 20.0 * std::log10(a), 0.1);
    EXPECT_GT(l.channels[0].true_peak, l.channels[0].peak * 1.4);
    EXPECT_NEAR(true_peak(x), l.channels[0].true_peak, 0.0);
}

TEST(Levels, TruePeakDetectorIsBlockSizeIndependent) {
    const auto x = sine(10007, 9000.0, 44100.0, 0.9, 0.3);
    TruePeakDetector whole;
    const float body = whole.process(x);
    const float all = std::max(body, whole.flush());
    for (const std::size_t block : {1U, 7U, 64U, 1000U}) {
        TruePeakDetector d;
        float m = 0.0F;
        for (std::size_t i = 0; i < x.size(); i += block) {
            m = std::max(m, d.process(std::span<const float>(x).subspan(i, std::min(block, x.size() - i))));
        }
        m = std::max(m, d.flush());
        EXPECT_EQ(m, all) << "block " << block;
    }
    // Never below the sample peak.
    EXPECT_GE(all, 0.9F * 0.999F);
}

TEST(Levels, EmptyAndBadInput) {
    const Levels e = measure_levels(ConstAudioBufferView{});
    EXPECT_TRUE(e.channels.empty());
    EXPECT_EQ(e.overall.peak, 0.0);

    std::vector<float> x(100, 0.1F);
    x[37] = std::numeric_limits<float>::quiet_NaN();
    const ConstAudioBufferView v{std::span<const float>(x)};
    try {
        (void)measure_levels(v);
        FAIL() << "expected cm::Error";
    } catch (const cm::Error& err) {
        EXPECT_EQ(err.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(err.what()).find("frame 37"), std::string::npos) << err.what();
    }
    std::error_code ec;
    (void)measure_levels(v, ec);
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    EXPECT_TRUE(std::isnan(true_peak(x)));
}

// ---- against sox ------------------------------------------------------------

struct SoxStats {
    std::map<std::string, std::vector<std::string>> rows;  // name -> Overall, Left, Right...
};

SoxStats sox_stats(const std::string& file) {
    const auto r = cm::test::run_tool({"sox", file, "-n", "stats"}, true);
    SoxStats s;
    std::istringstream in(r.output);
    std::string line;
    while (std::getline(in, line)) {
        // Names are one or more words; values are the last columns.
        std::istringstream ls(line);
        std::vector<std::string> words;
        std::string w;
        while (ls >> w) words.push_back(w);
        if (words.size() < 2) continue;
        for (const std::string name : {"DC offset", "Pk lev dB", "RMS lev dB", "Crest factor"}) {
            if (line.rfind(name, 0) == 0) {
                const std::size_t name_words = name == "DC offset" || name == "Crest factor" ? 2 : 3;
                s.rows[name] = std::vector<std::string>(words.begin() + static_cast<std::ptrdiff_t>(name_words), words.end());
            }
        }
    }
    return s;
}

std::vector<std::vector<float>> sox_samples(const std::string& file) {
    const cm::test::SoxSamples sox = cm::test::sox_samples(file);
    std::vector<std::vector<float>> ch(sox.channels);
    for (std::size_t c = 0; c < ch.size(); ++c) {
        for (double v : sox.channel(c)) ch[c].push_back(static_cast<float>(v));
    }
    return ch;
}

TEST(Levels, AgreesWithSoxStats) {
    if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox is not installed";
    cm::test::ScratchDir dir;
    const std::string file = (dir / "levels.wav").string();
    // Stereo: left 440 Hz, right 1 kHz square at different levels, plus DC.
    ASSERT_EQ(cm::test::run_tool({"sox", "-n", "-r", "48000", "-c", "2", "-b", "24", file, "synth", "1.5", "sine",
                                  "440", "square", "1000", "remix", "1v0.6", "2v0.3", "dcshift", "0.05"})
                  .exit_code,
              0);
    const auto samples = sox_samples(file);
    ASSERT_EQ(samples.size(), 2U);
    ASSERT_EQ(samples[0].size(), 72000U);
    const Levels l = measure_levels(ConstAudioBufferView{std::span<const float>(samples[0]),
                                                         std::span<const float>(samples[1])});
    const SoxStats s = sox_stats(file);
    ASSERT_EQ(s.rows.at("DC offset").size(), 3U);  // Overall Left Right
    const std::vector<const ChannelLevels*> cols{&l.overall, &l.channels[0], &l.channels[1]};
    for (std::size_t i = 0; i < 3; ++i) {
        SCOPED_TRACE("column " + std::to_string(i));
        // sox prints DC to 6 decimals and dB to 2.
        EXPECT_NEAR(cols[i]->dc_offset, std::stod(s.rows.at("DC offset")[i]), 1e-6);
        EXPECT_NEAR(cols[i]->peak_dbfs(), std::stod(s.rows.at("Pk lev dB")[i]), 0.006);
        EXPECT_NEAR(cols[i]->rms_dbfs(), std::stod(s.rows.at("RMS lev dB")[i]), 0.006);
    }
    // Crest factor is per channel only ("-" overall), printed to 2 decimals.
    const auto& crest = s.rows.at("Crest factor");
    ASSERT_EQ(crest.size(), 3U);
    EXPECT_EQ(crest[0], "-");
    EXPECT_NEAR(l.channels[0].crest_factor(), std::stod(crest[1]), 0.006);
    EXPECT_NEAR(l.channels[1].crest_factor(), std::stod(crest[2]), 0.006);
}

// ---- silence ----------------------------------------------------------------

TEST(Silence, FindsRunsLongerThanTheMinimum) {
    // At 1000 Hz: tone [0, 500), silence [500, 800) (300 ms), tone [800,
    // 900), silence [900, 950) (50 ms: too short), tone [950, 1200),
    // silence [1200, 1400) (200 ms, to the end). Silence at -80 dBFS
    // (1e-4) is under the -60 dB threshold (1e-3).
    const double sr = 1000.0;
    std::vector<float> x(1400, 1e-4F);
    const auto tone = [&](std::size_t a, std::size_t b) {
        for (std::size_t i = a; i < b; ++i) x[i] = 0.5F * (i % 2 == 0 ? 1.0F : -1.0F);
    };
    tone(0, 500);
    tone(800, 900);
    tone(950, 1200);
    std::vector<float> quiet(1400, 0.0F);
    const ConstAudioBufferView v{std::span<const float>(x), std::span<const float>(quiet)};
    const auto regions = detect_silence(v, sr, -60.0, 0.1);
    ASSERT_EQ(regions.size(), 2U);
    EXPECT_EQ(regions[0], (Region{500, 800}));
    EXPECT_EQ(regions[1], (Region{1200, 1400}));
    // With a 40 ms minimum the 50 ms gap counts too.
    const auto more = detect_silence(v, sr, SilenceSettings{-60.0, 0.04});
    ASSERT_EQ(more.size(), 3U);
    EXPECT_EQ(more[1], (Region{900, 950}));
    // A loud sample on the other channel breaks silence.
    quiet[600] = 0.01F;
    const auto split = detect_silence(ConstAudioBufferView{std::span<const float>(x), std::span<const float>(quiet)},
                                      sr, -60.0, 0.05);
    ASSERT_EQ(split.size(), 4U);  // the 50 ms gap reaches the 50 ms minimum
    EXPECT_EQ(split[0], (Region{500, 600}));
    EXPECT_EQ(split[1], (Region{601, 800}));
    EXPECT_EQ(split[2], (Region{900, 950}));
}

TEST(Silence, BadArgumentsAndEdges) {
    std::vector<float> x(100, 0.0F);
    const ConstAudioBufferView v{std::span<const float>(x)};
    EXPECT_THROW((void)detect_silence(v, 0.0, -60.0, 0.1), cm::Error);
    EXPECT_THROW((void)detect_silence(v, std::nan(""), -60.0, 0.1), cm::Error);
    EXPECT_THROW((void)detect_silence(v, 48000.0, std::nan(""), 0.1), cm::Error);
    EXPECT_THROW((void)detect_silence(v, 48000.0, -60.0, -1.0), cm::Error);
    std::error_code ec;
    EXPECT_TRUE(detect_silence(v, -1.0, SilenceSettings{}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    EXPECT_TRUE(detect_silence(ConstAudioBufferView{}, 48000.0).empty());
    // All silent: one region covering everything.
    const auto all = detect_silence(v, 1000.0, -60.0, 0.05);
    ASSERT_EQ(all.size(), 1U);
    EXPECT_EQ(all[0], (Region{0, 100}));

    EXPECT_TRUE(is_silent(v));
    EXPECT_TRUE(is_silent(ConstAudioBufferView{}));
    x[50] = 0.002F;  // -54 dBFS
    EXPECT_FALSE(is_silent(v, -60.0));
    EXPECT_TRUE(is_silent(v, -50.0));
    x[51] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_FALSE(is_silent(v, 0.0));
}

// ---- LevelMeter -------------------------------------------------------------

TEST(LevelMeter, SineBallisticsAndBlockValues) {
    // A 1 kHz sine of amplitude 0.5 in 480-frame blocks (10 ms, 10
    // periods each): block peak 0.5, block RMS 0.5/sqrt 2. After 3 s (10
    // time constants of 0.3 s) the integrator is within e^-10 of A^2/2.
    LevelMeterSettings s;
    s.sample_rate = 48000.0;
    s.true_peak = true;
    LevelMeter meter(s);
    const auto x = sine(480, 1000.0, 48000.0, 0.5);
    const std::vector<float> silence(480, 0.0F);
    const ConstAudioBufferView tone{std::span<const float>(x), std::span<const float>(x)};
    const ConstAudioBufferView quiet{std::span<const float>(silence), std::span<const float>(silence)};
    cm::test::RtScope scope;
    for (int i = 0; i < 300; ++i) meter.process(tone);
    const float rms_after_tone = meter.rms(1);
    const float block_peak = meter.block_peak(0);
    const float block_rms = meter.block_rms(0);
    const float peak_after_tone = meter.peak(0);
    // One second of silence: the peak falls by 20/1.7 = 11.765 dB.
    for (int i = 0; i < 100; ++i) meter.process(quiet);
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }

    EXPECT_EQ(meter.channels(), 2U);
    EXPECT_NEAR(block_peak, 0.5, 1e-6);
    EXPECT_NEAR(block_rms, 0.5 / std::sqrt(2.0), 1e-6);
    EXPECT_NEAR(rms_after_tone, 0.5 / std::sqrt(2.0), 1e-3);
    EXPECT_NEAR(peak_after_tone, 0.5, 1e-6);
    EXPECT_NEAR(20.0 * std::log10(meter.peak(0) / 0.5), -20.0 / 1.7, 1e-3);
    EXPECT_EQ(meter.block_peak(0), 0.0F);
    EXPECT_NEAR(meter.true_peak(0), 0.5, 0.5 * 0.012);  // within 0.1 dB
    EXPECT_FALSE(meter.clipped(0));
    EXPECT_EQ(meter.peak(5), 0.0F);  // beyond the channels: 0, not UB
}

TEST(LevelMeter, ClipLatchAndNonFinite) {
    LevelMeter meter;
    std::vector<float> x(64, 0.1F);
    x[3] = std::numeric_limits<float>::infinity();
    std::vector<float> y(64, 0.2F);
    y[10] = -1.0F;
    meter.process(ConstAudioBufferView{std::span<const float>(x), std::span<const float>(y)});
    EXPECT_TRUE(meter.clipped(0));
    EXPECT_TRUE(meter.clipped(1));
    EXPECT_NEAR(meter.block_peak(0), 0.1, 1e-7);  // the infinity is left out
    EXPECT_TRUE(std::isfinite(meter.rms(0)));
    meter.reset();
    EXPECT_FALSE(meter.clipped(0));
    EXPECT_THROW(LevelMeter(LevelMeterSettings{0.0}), cm::Error);
    LevelMeterSettings bad;
    bad.rms_time_constant_seconds = -1.0;
    EXPECT_THROW((LevelMeter{bad}), cm::Error);
}

} // namespace
