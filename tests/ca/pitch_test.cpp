// YIN against tones of known frequency: sines (made here and by sox),
// band-limited sawtooth and square waves with every partial up to 0.45 of
// the sample rate, a piano note rendered by FluidSynth, and noise and
// silence that must give no pitch.
#include <coremusic/ca/pitch.hpp>

#include "external_tool.hpp"
#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace {

constexpr double rate = 44100.0;

enum class Wave { Sine, Sawtooth, Square };

// Additive synthesis, so the tone is exactly periodic at any frequency
// (a naive sawtooth aliases and is not).
std::vector<float> tone(Wave wave, double f0, std::size_t n, double amplitude = 0.5) {
    std::vector<double> acc(n, 0.0);
    for (int k = 1; static_cast<double>(k) * f0 < 0.45 * rate; ++k) {
        double a = 0.0;
        if (wave == Wave::Sine) a = k == 1 ? 1.0 : 0.0;
        if (wave == Wave::Sawtooth) a = 1.0 / k;
        if (wave == Wave::Square) a = k % 2 == 1 ? 1.0 / k : 0.0;
        if (a == 0.0) continue;
        const double w = 2.0 * std::numbers::pi * k * f0 / rate;
        for (std::size_t i = 0; i < n; ++i) acc[i] += a * std::sin(w * static_cast<double>(i) + 0.3 * k);
    }
    const double peak = std::max(1e-12, std::abs(*std::max_element(acc.begin(), acc.end(), [](double a, double b) {
        return std::abs(a) < std::abs(b);
    })));
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(amplitude * acc[i] / peak);
    return x;
}

double cents_of(const std::optional<cm::ca::PitchEstimate>& e, double truth) {
    return e ? cm::ca::cents_between(truth, e->frequency_hz) : std::numeric_limits<double>::infinity();
}

const double frequencies[] = {80.0, 98.0, 110.0, 146.83, 220.0, 261.63, 329.63, 440.0, 523.25, 740.0,
                              880.0, 1000.0, 1234.5, 1479.98, 1760.0, 2000.0};

} // namespace

TEST(Pitch, FrameSizeFollowsTheLowestFrequency) {
    // Two periods of 60 Hz (1470 samples) plus the 34-sample margin: 2048.
    EXPECT_EQ(cm::ca::pitch_frame_size(44100.0), 2048U);
    EXPECT_EQ(cm::ca::pitch_frame_size(48000.0), 2048U);
    EXPECT_EQ(cm::ca::pitch_frame_size(96000.0), 4096U);
    cm::ca::PitchSettings s;
    s.min_frequency_hz = 200.0;
    EXPECT_EQ(cm::ca::pitch_frame_size(44100.0, s), 512U);  // 2 * 221 + 34 = 476
    s.frame_size = 1000;
    EXPECT_EQ(cm::ca::pitch_frame_size(44100.0, s), 1000U);
}

TEST(Pitch, SinesWithinOneCent) {
    for (const double f : frequencies) {
        SCOPED_TRACE(f);
        const auto x = tone(Wave::Sine, f, 2048);
        const auto e = cm::ca::detect_pitch(x, rate);
        EXPECT_NEAR(cents_of(e, f), 0.0, 1.0);
        ASSERT_TRUE(e);
        EXPECT_GT(e->confidence, 0.99);
    }
}

TEST(Pitch, SoxSinesWithinOneCent) {
    if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox missing";
    for (const double f : {82.41, 196.0, 659.26, 1975.53}) {
        SCOPED_TRACE(f);
        const auto r = cm::test::run_tool({"sox", "-n", "-r", "44100", "-t", "f32", "-e", "floating-point", "-c", "1",
                                           "-", "synth", "0.1", "sine", std::to_string(f), "vol", "0.5"});
        ASSERT_EQ(r.exit_code, 0);
        std::vector<float> x(r.output.size() / sizeof(float));
        std::memcpy(x.data(), r.output.data(), x.size() * sizeof(float));
        ASSERT_GE(x.size(), 2048U);
        EXPECT_NEAR(cents_of(cm::ca::detect_pitch(x, rate), f), 0.0, 1.0);
    }
}

TEST(Pitch, HarmonicTonesWithinOneCent) {
    for (const Wave wave : {Wave::Sawtooth, Wave::Square}) {
        for (const double f : frequencies) {
            SCOPED_TRACE(testing::Message() << (wave == Wave::Sawtooth ? "sawtooth " : "square ") << f);
            const auto x = tone(wave, f, 2048);
            EXPECT_NEAR(cents_of(cm::ca::detect_pitch(x, rate), f), 0.0, 1.0);
        }
    }
}

TEST(Pitch, RefinementIsWhatReachesOneCent) {
    // The paper's parabolic step alone, on a bright tone whose period is
    // far from a whole number of samples (35.72): off by about 2 cents.
    const auto x = tone(Wave::Sawtooth, 1234.5, 2048);
    cm::ca::PitchSettings plain;
    plain.refine = false;
    EXPECT_GT(std::abs(cents_of(cm::ca::detect_pitch(x, rate, plain), 1234.5)), 1.0);
    EXPECT_LT(std::abs(cents_of(cm::ca::detect_pitch(x, rate), 1234.5)), 0.2);
}

TEST(Pitch, OtherRatesAndQuietTones) {
    for (const double sr : {22050.0, 48000.0, 96000.0}) {
        SCOPED_TRACE(sr);
        const std::size_t n = cm::ca::pitch_frame_size(sr);
        std::vector<float> x(n);
        for (std::size_t i = 0; i < n; ++i) {
            // -40 dBFS
            x[i] = 0.01F * static_cast<float>(std::sin(2.0 * std::numbers::pi * 311.13 * static_cast<double>(i) / sr));
        }
        EXPECT_NEAR(cents_of(cm::ca::detect_pitch(x, sr), 311.13), 0.0, 1.0);
    }
}

TEST(Pitch, NoPitchInNoiseOrSilence) {
    std::mt19937 rng(42);
    std::normal_distribution<float> g(0.0F, 0.2F);
    std::vector<float> noise(44100);
    for (float& v : noise) v = g(rng);
    std::size_t voiced = 0;
    for (const auto& f : cm::ca::track_pitch(noise, rate)) voiced += f.estimate ? 1U : 0U;
    EXPECT_EQ(voiced, 0U);
    if (cm::test::have_tool("sox")) {
        const auto r = cm::test::run_tool({"sox", "-n", "-r", "44100", "-t", "f32", "-e", "floating-point", "-c", "1",
                                           "-", "synth", "1", "pinknoise", "vol", "0.3"});
        std::vector<float> pink(r.output.size() / sizeof(float));
        std::memcpy(pink.data(), r.output.data(), pink.size() * sizeof(float));
        ASSERT_GT(pink.size(), 40000U);
        voiced = 0;
        for (const auto& f : cm::ca::track_pitch(pink, rate)) voiced += f.estimate ? 1U : 0U;
        EXPECT_EQ(voiced, 0U);
    }
    const std::vector<float> silence(4096, 0.0F);
    EXPECT_FALSE(cm::ca::detect_pitch(silence, rate));
    // Below the silence level (-70 dBFS by default): no pitch either.
    const auto faint = tone(Wave::Sine, 440.0, 2048, 1e-4);
    EXPECT_FALSE(cm::ca::detect_pitch(faint, rate));
}

TEST(Pitch, TrackFollowsANoteChange) {
    // A4 for half a second, then E5.
    auto x = tone(Wave::Sawtooth, 440.0, 22050);
    const auto e5 = tone(Wave::Sawtooth, 659.26, 22050);
    x.insert(x.end(), e5.begin(), e5.end());
    std::vector<double> seen;
    const auto track = cm::ca::track_pitch(x, rate, {}, [&](double f) { seen.push_back(f); });
    ASSERT_EQ(track.size(), 1U + (44100U - 2048U) / 512U);
    for (std::size_t i = 0; i < track.size(); ++i) {
        EXPECT_EQ(track[i].start, static_cast<std::int64_t>(i * 512));
        const std::int64_t end = track[i].start + 2048;
        if (end <= 22050) {
            EXPECT_NEAR(cents_of(track[i].estimate, 440.0), 0.0, 1.0) << "frame " << i;
        } else if (track[i].start >= 22050) {
            EXPECT_NEAR(cents_of(track[i].estimate, 659.26), 0.0, 1.0) << "frame " << i;
        }
    }
    ASSERT_FALSE(seen.empty());
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    // Shorter than a frame: one zero-padded frame.
    EXPECT_EQ(cm::ca::track_pitch(std::span<const float>(x).first(1000), rate).size(), 1U);
}

TEST(Pitch, FluidSynthPianoNotes) {
    if (!cm::test::have_tool("fluidsynth") || !cm::test::have_tool("sox") ||
        !std::ifstream("/usr/share/sounds/sf2/FluidR3_GM.sf2").good()) {
        GTEST_SKIP() << "fluidsynth, sox or FluidR3_GM.sf2 missing";
    }
    // A3 (57) at 0 s and A4 (69) at 1 s on the Acoustic Grand Piano, one
    // second each, written as a Standard MIDI File byte by byte (PPQ 480,
    // default 120 BPM: 960 ticks a second).
    const std::vector<std::uint8_t> smf{
        'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0, 'M', 'T', 'r', 'k', 0, 0, 0, 27,
        0x00, 0xC0, 0x00,                    // program 0
        0x00, 0x90, 57, 100,                 // A3 on
        0x87, 0x40, 0x80, 57, 0,             // +960: A3 off
        0x00, 0x90, 69, 100,                 // A4 on
        0x87, 0x40, 0x80, 69, 0,             // +960: A4 off
        0x00, 0xFF, 0x2F, 0x00};
    const cm::test::ScratchDir dir;
    {
        std::ofstream out(dir / "piano.mid", std::ios::binary);
        out.write(reinterpret_cast<const char*>(smf.data()), static_cast<std::streamsize>(smf.size()));
    }
    // -C0 -R0: no chorus (it detunes) and no reverb (it smears the change).
    ASSERT_EQ(cm::test::run_tool({"fluidsynth", "-ni", "-C0", "-R0", "-F", (dir / "piano.wav").string(), "-r", "44100",
                                  "/usr/share/sounds/sf2/FluidR3_GM.sf2", (dir / "piano.mid").string()})
                  .exit_code,
              0);
    const auto raw = cm::test::run_tool({"sox", (dir / "piano.wav").string(), "-t", "f32", "-e", "floating-point",
                                         "-c", "1", "-"});
    std::vector<float> x(raw.output.size() / sizeof(float));
    std::memcpy(x.data(), raw.output.data(), x.size() * sizeof(float));
    ASSERT_GT(x.size(), 88200U);
    const auto track = cm::ca::track_pitch(x, rate);
    // A piano's partials are stretched by string stiffness: partial k sits
    // near k f1 sqrt(1 + B k^2). In this render the second partial of A4 is
    // 2 cents and of A5 5.7 cents above twice the first (measured with a
    // long DFT), i.e. B ~ 6e-4 to 1.6e-3, which puts the 3rd and 4th
    // partials 5 to 20 cents sharp. YIN's period is a compromise over all
    // partials, so it reads a few to ~15 cents above the nominal pitch; 20
    // cents on the median (a fifth of a semitone, well clear of the
    // neighbouring notes at 100) is the tolerance that says "right note,
    // sensibly tuned" for a real instrument.
    for (const auto& [start, end, note] : {std::tuple{4410, 37000, 57}, std::tuple{48510, 81000, 69}}) {
        SCOPED_TRACE(note);
        const double f = 440.0 * std::exp2((note - 69) / 12.0);
        std::vector<double> cents;
        std::size_t frames = 0;
        for (const auto& p : track) {
            if (p.start < start || p.start > end) continue;
            ++frames;
            if (p.estimate) cents.push_back(cm::ca::cents_between(f, p.estimate->frequency_hz));
        }
        ASSERT_GE(cents.size(), frames * 9 / 10) << "most of the steady part is voiced";
        std::sort(cents.begin(), cents.end());
        EXPECT_NEAR(cents[cents.size() / 2], 0.0, 20.0);
        EXPECT_GT(cents.front(), -50.0);
        EXPECT_LT(cents.back(), 50.0);
    }
}

TEST(Pitch, DetectorIsRealtimeSafe) {
    cm::ca::PitchDetector detector(rate);
    ASSERT_EQ(detector.frame_size(), 2048U);
    EXPECT_EQ(detector.sample_rate(), rate);
    EXPECT_EQ(detector.settings().frame_size, 2048U);
    const auto a = tone(Wave::Sawtooth, 440.0, 2048);
    const auto b = tone(Wave::Square, 196.0, 2048);
    std::vector<float> noisy = a;
    noisy[5] = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> short_frame(100, 0.5F);
    std::optional<cm::ca::PitchEstimate> ra;
    std::optional<cm::ca::PitchEstimate> rb;
    std::optional<cm::ca::PitchEstimate> rn;
    std::optional<cm::ca::PitchEstimate> rs;
    std::optional<cm::ca::PitchEstimate> rr;
    {
        cm::test::RtScope scope;
        for (int i = 0; i < 3; ++i) {
            ra = detector.detect(a);
            rb = detector.detect(b);
        }
        rn = detector.detect(noisy);
        rs = detector.detect(short_frame);
        rr = detector.detect_in_range(a, 400.0, 500.0);
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_NEAR(cents_of(ra, 440.0), 0.0, 1.0);
    EXPECT_NEAR(cents_of(rb, 196.0), 0.0, 1.0);
    EXPECT_NEAR(cents_of(rr, 440.0), 0.0, 1.0);
    EXPECT_FALSE(rn);
    EXPECT_FALSE(rs);
}

TEST(Pitch, DetectInRangeTakesTheDeepestDipThere) {
    // 220 Hz searched only between 400 and 500 Hz has no dip below the
    // threshold (d' is near 1 at half the period): the range's deepest dip
    // is returned, with the low confidence that says so.
    const auto x = tone(Wave::Sine, 220.0, 2048);
    cm::ca::PitchDetector detector(rate);
    EXPECT_FALSE(detector.detect_in_range(x, 500.0, 400.0));
    const auto e = detector.detect_in_range(x, 400.0, 500.0);
    ASSERT_TRUE(e);
    EXPECT_GE(e->frequency_hz, 400.0 * 0.98);
    EXPECT_LE(e->frequency_hz, 500.0 * 1.02);
    EXPECT_LT(e->confidence, 0.5);
}

TEST(Pitch, RejectsBadInput) {
    const auto x = tone(Wave::Sine, 440.0, 2048);
    EXPECT_THROW((void)cm::ca::detect_pitch(std::span<const float>(x).first(1000), rate), cm::Error);
    EXPECT_THROW((void)cm::ca::detect_pitch(x, 0.0), cm::Error);
    std::vector<float> bad = x;
    bad[77] = std::numeric_limits<float>::infinity();
    EXPECT_THROW((void)cm::ca::detect_pitch(bad, rate), cm::Error);
    cm::ca::PitchSettings s;
    s.min_frequency_hz = 500.0;
    s.max_frequency_hz = 400.0;
    EXPECT_THROW((void)cm::ca::detect_pitch(x, rate, s), cm::Error);
    s = {};
    s.frame_size = 1024;  // too short for 60 Hz
    try {
        (void)cm::ca::PitchDetector(rate, s);
        ADD_FAILURE() << "short frame accepted";
    } catch (const cm::Error& e) {
        EXPECT_NE(std::string(e.what()).find("1504"), std::string::npos) << e.what();
    }
    s = {};
    s.threshold = 2.0;
    EXPECT_THROW((void)cm::ca::PitchDetector(rate, s), cm::Error);
    std::error_code ec;
    EXPECT_TRUE(cm::ca::track_pitch(bad, rate, {}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    EXPECT_TRUE(cm::ca::track_pitch(std::span<const float>{}, rate, {}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    (void)cm::ca::track_pitch(x, rate, {}, ec);
    EXPECT_FALSE(ec);
}
