// Chroma and Krumhansl-Schmuckler key detection: the profile tables against
// the published values, all 24 keys from synthetic cadences, and a piano
// cadence rendered by FluidSynth.
#include <coremusic/ca/key.hpp>

#include "external_tool.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numbers>
#include <vector>

namespace {

constexpr double rate = 44100.0;

double midi_hz(int note) { return 440.0 * std::exp2((note - 69) / 12.0); }

// Sine tones with 10 ms fades (so note changes do not splatter).
void add_notes(std::vector<float>& x, const std::vector<int>& notes, double at, double seconds) {
    const auto a = static_cast<std::size_t>(at * rate);
    const auto len = static_cast<std::size_t>(seconds * rate);
    for (const int n : notes) {
        const double f = midi_hz(n);
        for (std::size_t i = 0; i < len && a + i < x.size(); ++i) {
            const double t = static_cast<double>(i) / rate;
            const double env = std::min({1.0, t / 0.01, (seconds - t) / 0.01});
            x[a + i] += static_cast<float>(0.15 * env * std::sin(2.0 * std::numbers::pi * f * t));
        }
    }
}

// I-IV-V-I (i-iv-V-i in minor, with the raised leading tone) in root
// position from the tonic at or above middle C, then the scale (harmonic
// minor) up an octave: 4.2 s.
std::vector<float> cadence(int tonic, bool minor) {
    std::vector<float> x(static_cast<std::size_t>(4.2 * rate), 0.0F);
    const int t = 60 + tonic;
    const int third = minor ? 3 : 4;
    const int sixth = minor ? 8 : 9;
    add_notes(x, {t, t + third, t + 7}, 0.0, 0.5);
    add_notes(x, {t + 5, t + sixth, t + 12}, 0.5, 0.5);
    add_notes(x, {t + 7, t + 11, t + 14}, 1.0, 0.5);
    add_notes(x, {t, t + third, t + 7}, 1.5, 0.5);
    const std::vector<int> scale =
        minor ? std::vector<int>{0, 2, 3, 5, 7, 8, 11, 12} : std::vector<int>{0, 2, 4, 5, 7, 9, 11, 12};
    for (std::size_t k = 0; k < scale.size(); ++k) {
        add_notes(x, {t + scale[k]}, 2.0 + 0.25 * static_cast<double>(k), 0.25);
    }
    return x;
}

} // namespace

TEST(Key, ProfilesAreThePublishedTables) {
    using cm::ca::KeyProfile;
    using cm::ca::Mode;
    // Krumhansl & Kessler 1982 (Krumhansl 1990, Table 2.1), C major / C minor.
    const std::array<double, 12> kk_major{6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    const std::array<double, 12> kk_minor{6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    // Temperley 1999, Fig. 3 (revised profiles).
    const std::array<double, 12> t_major{5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0};
    const std::array<double, 12> t_minor{5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0};
    // Albrecht & Shanahan 2013.
    const std::array<double, 12> as_major{0.238, 0.006, 0.111, 0.006, 0.137, 0.094,
                                          0.016, 0.214, 0.009, 0.080, 0.008, 0.081};
    const std::array<double, 12> as_minor{0.220, 0.006, 0.104, 0.123, 0.019, 0.103,
                                          0.012, 0.214, 0.062, 0.022, 0.061, 0.052};
    EXPECT_EQ(cm::ca::key_profile(KeyProfile::KrumhanslKessler, Mode::Major), kk_major);
    EXPECT_EQ(cm::ca::key_profile(KeyProfile::KrumhanslKessler, Mode::Minor), kk_minor);
    EXPECT_EQ(cm::ca::key_profile(KeyProfile::Temperley, Mode::Major), t_major);
    EXPECT_EQ(cm::ca::key_profile(KeyProfile::Temperley, Mode::Minor), t_minor);
    EXPECT_EQ(cm::ca::key_profile(KeyProfile::AlbrechtShanahan, Mode::Major), as_major);
    EXPECT_EQ(cm::ca::key_profile(KeyProfile::AlbrechtShanahan, Mode::Minor), as_minor);
}

TEST(Key, Names) {
    using cm::ca::KeyEstimate;
    using cm::ca::Mode;
    EXPECT_EQ((KeyEstimate{0, Mode::Major, 0.0}).name(), "C major");
    EXPECT_EQ((KeyEstimate{9, Mode::Minor, 0.0}).name(), "A minor");
    EXPECT_EQ((KeyEstimate{1, Mode::Major, 0.0}).name(), "Db major");
    EXPECT_EQ((KeyEstimate{1, Mode::Minor, 0.0}).name(), "C# minor");
    EXPECT_EQ((KeyEstimate{6, Mode::Major, 0.0}).name(), "F# major");
    EXPECT_EQ((KeyEstimate{8, Mode::Minor, 0.0}).name(), "G# minor");
    EXPECT_EQ((KeyEstimate{10, Mode::Major, 0.0}).name(), "Bb major");
    EXPECT_EQ((KeyEstimate{3, Mode::Minor, 0.0}).name(), "Eb minor");
}

TEST(Key, PitchClassOfFrequencies) {
    EXPECT_EQ(cm::ca::pitch_class_of(440.0), 9);
    EXPECT_EQ(cm::ca::pitch_class_of(261.6256), 0);
    EXPECT_EQ(cm::ca::pitch_class_of(27.5), 9);        // A0
    EXPECT_EQ(cm::ca::pitch_class_of(4186.01), 0);     // C8
    EXPECT_EQ(cm::ca::pitch_class_of(452.0), 9);       // +46 cents still A
    EXPECT_EQ(cm::ca::pitch_class_of(454.0), 10);      // +54 cents: Bb
    EXPECT_EQ(cm::ca::pitch_class_of(415.3, 415.3), 9);  // baroque tuning: A at 415
    EXPECT_EQ(cm::ca::pitch_class_of(0.0), -1);
    EXPECT_EQ(cm::ca::pitch_class_of(std::numeric_limits<double>::quiet_NaN()), -1);
}

TEST(Key, ChromaOfOneNote) {
    // E4 (329.63 Hz): pitch class 4 holds almost everything.
    std::vector<float> x(static_cast<std::size_t>(rate), 0.0F);
    add_notes(x, {64}, 0.0, 1.0);
    const auto frames = cm::ca::chromagram(x, rate);
    ASSERT_FALSE(frames.empty());
    const auto mean = cm::ca::mean_chroma(frames, cm::ca::ChromaNorm::L1);
    EXPECT_GT(mean[4], 0.9);
    double sum = 0.0;
    for (const double v : mean) sum += v;
    EXPECT_NEAR(sum, 1.0, 1e-9);
    const auto& middle = frames[frames.size() / 2];
    EXPECT_DOUBLE_EQ(middle[4], 1.0);  // Max norm
    // From a spectrogram with a 2048-point frame, E4 lies below semitone
    // resolution (~362 Hz): E5 is used.
    std::vector<float> y(static_cast<std::size_t>(rate), 0.0F);
    add_notes(y, {76}, 0.0, 1.0);
    const auto sg = cm::ca::spectrogram(y, rate);
    const auto c = cm::ca::mean_chroma(cm::ca::chromagram(sg), cm::ca::ChromaNorm::Max);
    EXPECT_DOUBLE_EQ(c[4], 1.0);
    for (std::size_t p = 0; p < 12; ++p) {
        if (p != 4) {
            EXPECT_LT(c[p], 0.3) << p;
        }
    }
}

TEST(Key, AllTwentyFourKeysFromCadences) {
    for (const bool minor : {false, true}) {
        for (int tonic = 0; tonic < 12; ++tonic) {
            const auto x = cadence(tonic, minor);
            const cm::ca::KeyEstimate want{tonic, minor ? cm::ca::Mode::Minor : cm::ca::Mode::Major, 0.0};
            if (tonic == 0 || tonic == 7) {
                const auto k = cm::ca::detect_key(x, rate);  // the signal form
                EXPECT_EQ(k.name(), want.name());
                EXPECT_GT(k.correlation, 0.8);
            }
            // Every profile, from one spectrogram.
            const auto sg = cm::ca::spectrogram(x, rate, cm::ca::KeySettings{}.stft);
            for (const auto profile : {cm::ca::KeyProfile::KrumhanslKessler, cm::ca::KeyProfile::Temperley,
                                       cm::ca::KeyProfile::AlbrechtShanahan}) {
                cm::ca::KeySettings settings;
                settings.profile = profile;
                const auto k = cm::ca::detect_key(sg, settings);
                EXPECT_EQ(k.name(), want.name()) << "profile " << static_cast<int>(profile);
                EXPECT_GT(k.correlation, 0.8) << "profile " << static_cast<int>(profile);
            }
        }
    }
}

TEST(Key, RankKeysFromADistribution) {
    // The C major scale, tonic and dominant doubled: C major first, its
    // relative minor and dominant next among the top four.
    const cm::ca::ChromaVector d{2, 0, 1, 0, 1, 1, 0, 2, 0, 1, 0, 1};
    const auto ranked = cm::ca::rank_keys(d);
    ASSERT_EQ(ranked.size(), 24U);
    EXPECT_EQ(ranked[0].name(), "C major");
    for (std::size_t i = 1; i < ranked.size(); ++i) EXPECT_LE(ranked[i].correlation, ranked[i - 1].correlation);
    EXPECT_EQ(cm::ca::detect_key(d), ranked[0]);
    // r by hand for C major: the profile against d, both mean-removed.
    const auto p = cm::ca::key_profile(cm::ca::KeyProfile::KrumhanslKessler, cm::ca::Mode::Major);
    double mp = 0.0;
    double md = 0.0;
    for (std::size_t i = 0; i < 12; ++i) {
        mp += p[i] / 12.0;
        md += d[i] / 12.0;
    }
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (std::size_t i = 0; i < 12; ++i) {
        sxy += (d[i] - md) * (p[i] - mp);
        sxx += (d[i] - md) * (d[i] - md);
        syy += (p[i] - mp) * (p[i] - mp);
    }
    EXPECT_NEAR(ranked[0].correlation, sxy / std::sqrt(sxx * syy), 1e-12);
    // Flat: every key correlates 0.
    const cm::ca::ChromaVector flat{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    for (const auto& k : cm::ca::rank_keys(flat)) EXPECT_EQ(k.correlation, 0.0);
}

TEST(Key, FluidSynthPianoCadenceInEMinor) {
    if (!cm::test::have_tool("fluidsynth") || !cm::test::have_tool("sox") ||
        !std::ifstream("/usr/share/sounds/sf2/FluidR3_GM.sf2").good()) {
        GTEST_SKIP() << "fluidsynth, sox or FluidR3_GM.sf2 missing";
    }
    // i-iv-V-i in E minor (Em, Am, B, Em) over a bass, half a second each,
    // on the piano: a Standard MIDI File written byte by byte (PPQ 480,
    // 120 BPM: 480 ticks = 0.5 s).
    const std::vector<std::vector<std::uint8_t>> chords{
        {40, 64, 67, 71}, {45, 64, 69, 72}, {47, 63, 66, 71}, {40, 64, 67, 71}};
    std::vector<std::uint8_t> track{0x00, 0xC0, 0x00};
    for (const auto& chord : chords) {
        for (const auto n : chord) track.insert(track.end(), {0x00, 0x90, n, 90});
        track.insert(track.end(), {0x83, 0x60});  // 480 ticks
        for (std::size_t i = 0; i < chord.size(); ++i) {
            if (i > 0) track.push_back(0x00);
            track.insert(track.end(), {0x80, chord[i], 0});
        }
    }
    track.insert(track.end(), {0x00, 0xFF, 0x2F, 0x00});
    std::vector<std::uint8_t> smf{'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0, 'M', 'T', 'r', 'k',
                                  0, 0, 0, static_cast<std::uint8_t>(track.size())};
    smf.insert(smf.end(), track.begin(), track.end());
    const cm::test::ScratchDir dir;
    {
        std::ofstream out(dir / "cadence.mid", std::ios::binary);
        out.write(reinterpret_cast<const char*>(smf.data()), static_cast<std::streamsize>(smf.size()));
    }
    ASSERT_EQ(cm::test::run_tool({"fluidsynth", "-ni", "-F", (dir / "cadence.wav").string(), "-r", "44100",
                                  "/usr/share/sounds/sf2/FluidR3_GM.sf2", (dir / "cadence.mid").string()})
                  .exit_code,
              0);
    const auto raw = cm::test::run_tool({"sox", (dir / "cadence.wav").string(), "-t", "f32", "-e",
                                         "floating-point", "-c", "1", "-"});
    std::vector<float> x(raw.output.size() / sizeof(float));
    std::memcpy(x.data(), raw.output.data(), x.size() * sizeof(float));
    ASSERT_GT(x.size(), 88200U);
    EXPECT_EQ(cm::ca::detect_key(x, rate).name(), "E minor");
}

TEST(Key, RejectsBadInput) {
    cm::ca::ChromaVector bad{};
    bad[3] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW((void)cm::ca::rank_keys(bad), cm::Error);
    bad[3] = -1.0;
    EXPECT_THROW((void)cm::ca::detect_key(bad), cm::Error);
    EXPECT_THROW((void)cm::ca::detect_key(std::span<const float>{}, rate), cm::Error);
    const std::vector<float> x(8192, 0.1F);
    EXPECT_THROW((void)cm::ca::detect_key(x, -5.0), cm::Error);
    cm::ca::KeySettings s;
    s.chroma.tuning_hz = 0.0;
    EXPECT_THROW((void)cm::ca::detect_key(x, rate, s), cm::Error);
    s = {};
    s.chroma.min_frequency_hz = 3000.0;
    s.chroma.max_frequency_hz = 2000.0;
    EXPECT_THROW((void)cm::ca::detect_key(x, rate, s), cm::Error);
    std::error_code ec;
    s = {};
    s.stft.frame_size = 64;  // 689 Hz bins: no semitone resolution below 11.6 kHz
    (void)cm::ca::detect_key(x, rate, s, ec);
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    (void)cm::ca::detect_key(x, rate, {}, ec);
    EXPECT_FALSE(ec);
    EXPECT_THROW((void)cm::ca::chromagram(cm::ca::Spectrogram{}), cm::Error);
}
