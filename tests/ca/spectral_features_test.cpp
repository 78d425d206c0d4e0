// Spectral features against analytic expectations: a tone's centroid is its
// frequency, white noise is flat and a tone is not, band-limited noise rolls
// off at its band edge, interpolated peaks land on the tones, flux by hand;
// the mel filterbank against the mel formulas evaluated here, and MFCCs
// against a textbook computation written out in this file.
#include <coremusic/ca/spectral_features.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

namespace {

using namespace cm::ca;

constexpr double pi = std::numbers::pi;

std::vector<float> sine(std::size_t n, double freq, double sr, double amplitude = 0.5) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = static_cast<float>(amplitude * std::sin(2.0 * pi * freq * static_cast<double>(i) / sr));
    }
    return x;
}

std::vector<float> white_noise(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> d(0.0F, 0.1F);
    std::vector<float> x(n);
    for (float& v : x) v = d(gen);
    return x;
}

TEST(SpectralFeatures, CentroidOfAToneIsItsFrequency) {
    // Hann frames of 2048 at 48 kHz: bins of 23.4 Hz. Tones between bins
    // and on one; interior frames only (the first and last are half padding).
    const double sr = 48000.0;
    for (const double f : {440.0, 1000.0, 5000.0, 12345.6}) {
        const auto x = sine(48000, f, sr);
        const SpectralFeatures feat = spectral_features(x, sr);
        const double half_bin = sr / 2048.0 / 2.0;
        for (std::size_t i = 4; i + 4 < feat.centroid.size(); ++i) {
            ASSERT_NEAR(feat.centroid[i], f, half_bin) << f << " Hz, frame " << i;
            // A Hann main lobe is 4 bins wide: the spread about the centroid is well under 2 bins.
            ASSERT_LT(feat.bandwidth[i], 2.0 * 2.0 * half_bin);
            ASSERT_LT(feat.flatness[i], 0.01) << "a tone is not flat";
        }
    }
}

TEST(SpectralFeatures, FlatnessOfWhiteNoise) {
    // Power bins of Gaussian noise are exponentially distributed, so the
    // geometric/arithmetic mean ratio tends to e^-gamma = 0.5615.
    const auto x = white_noise(48000, 7);
    const SpectralFeatures feat = spectral_features(x, 48000.0);
    double mean = 0.0;
    for (std::size_t i = 4; i + 4 < feat.flatness.size(); ++i) {
        ASSERT_GT(feat.flatness[i], 0.5) << "frame " << i;
        mean += feat.flatness[i];
    }
    mean /= static_cast<double>(feat.flatness.size() - 8);
    EXPECT_NEAR(mean, std::exp(-0.5772156649), 0.03);
}

TEST(SpectralFeatures, RolloffOfBandLimitedNoise) {
    // Noise with a flat magnitude up to 170 bins (3984 Hz) and nothing
    // above: a sum of sines on every bin centre 1..170 with random phases.
    // The cumulative magnitude grows linearly across the band, so rolloff(p)
    // is near p times the edge; p = 0.99 lands at the edge.
    const double sr = 48000.0;
    const std::size_t n = 2048;
    const double bin = sr / static_cast<double>(n);
    const std::size_t edge = 170;
    std::mt19937 gen(3);
    std::uniform_real_distribution<double> ph(0.0, 2.0 * pi);
    std::vector<double> acc(24000, 0.0);
    for (std::size_t k = 1; k <= edge; ++k) {
        const double phase = ph(gen);
        for (std::size_t i = 0; i < acc.size(); ++i) {
            acc[i] += 0.01 * std::sin(2.0 * pi * static_cast<double>(k) * static_cast<double>(i) / static_cast<double>(n) + phase);
        }
    }
    const std::vector<float> x(acc.begin(), acc.end());
    const Spectrogram spec = spectrogram(x, sr);
    for (std::size_t i = 4; i + 4 < spec.frames(); ++i) {
        ASSERT_NEAR(spectral_rolloff(spec.frame(i), bin, 0.99), 0.99 * static_cast<double>(edge) * bin, 2.0 * bin);
        ASSERT_NEAR(spectral_rolloff(spec.frame(i), bin, 0.5), 0.5 * static_cast<double>(edge) * bin, 3.0 * bin);
    }
    EXPECT_THROW((void)spectral_features(spec, SpectralFeatureSettings{1.5}), cm::Error);
    EXPECT_THROW((void)spectral_features(spec, SpectralFeatureSettings{0.0}), cm::Error);
}

TEST(SpectralFeatures, FluxByHand) {
    const std::vector<float> a{1.0F, 2.0F, 3.0F};
    const std::vector<float> b{2.0F, 1.0F, 5.0F};
    // Increases: +1, (−1 -> 0), +2. L1 = 3, L2 = sqrt(1 + 4).
    EXPECT_DOUBLE_EQ(spectral_flux(a, b, FluxNorm::L1), 3.0);
    EXPECT_DOUBLE_EQ(spectral_flux(a, b, FluxNorm::L2), std::sqrt(5.0));
    EXPECT_DOUBLE_EQ(spectral_flux(b, a, FluxNorm::L1), 1.0);
    // A tone starting after silence: one frame of flux, steady afterwards.
    std::vector<float> x(24000, 0.0F);
    const auto tone = sine(12000, 1000.0, 48000.0);
    std::copy(tone.begin(), tone.end(), x.begin() + 12000);
    const SpectralFeatures f = spectral_features(x, 48000.0);
    EXPECT_EQ(f.flux[0], 0.0F);
    EXPECT_EQ(f.flux[5], 0.0F);  // silence to silence
    const std::size_t onset_frame = 12000 / 512;
    float steady = 0.0F;
    for (std::size_t i = onset_frame + 6; i + 6 < f.flux.size(); ++i) steady = std::max(steady, f.flux[i]);
    float rise = 0.0F;
    for (std::size_t i = onset_frame - 2; i <= onset_frame + 3; ++i) rise = std::max(rise, f.flux[i]);
    EXPECT_GT(rise, 100.0F * steady);
}

TEST(SpectralFeatures, PeaksOfTwoTones) {
    // Two tones off the bin grid, 4096-sample Hann frames at 44.1 kHz
    // (10.77 Hz bins): the parabola through the log magnitudes puts each
    // peak within 0.1 bin of the tone, and its height within 0.5 dB of
    // the windowed amplitude A * sum(w) / 2 = A * N / 4.
    const double sr = 44100.0;
    const std::size_t n = 4096;
    const double f1 = 1000.0;
    const double f2 = 3321.7;
    auto x = sine(44100, f1, sr, 0.5);
    const auto y = sine(44100, f2, sr, 0.1);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += y[i];
    StftSettings st;
    st.frame_size = n;
    st.hop_size = 1024;
    const Spectrogram spec = spectrogram(x, sr, st);
    const double bin = sr / static_cast<double>(n);
    const auto peaks = spectral_peaks(spec, PeakSettings{-40.0, 0});
    for (std::size_t i = 3; i + 3 < spec.frames(); ++i) {
        const auto& p = peaks[i];
        ASSERT_EQ(p.size(), 2U) << "frame " << i;
        EXPECT_NEAR(p[0].bin, f1 / bin, 0.1);
        EXPECT_NEAR(p[1].bin, f2 / bin, 0.1);
        EXPECT_NEAR(p[0].frequency_hz, f1, 0.1 * bin);
        EXPECT_NEAR(20.0 * std::log10(p[0].magnitude / (0.5 * static_cast<double>(n) / 4.0)), 0.0, 0.5);
        EXPECT_NEAR(20.0 * std::log10(p[1].magnitude / (0.1 * static_cast<double>(n) / 4.0)), 0.0, 0.5);
    }
    // max_peaks keeps the strongest; the span form does not allocate.
    const auto one = spectral_peaks(spec.frame(10), bin, PeakSettings{-40.0, 1});
    ASSERT_EQ(one.size(), 1U);
    EXPECT_NEAR(one[0].frequency_hz, f1, bin);
    std::array<SpectralPeak, 8> buf{};
    cm::test::RtScope scope;
    const std::size_t got = spectral_peaks(spec.frame(10), bin, PeakSettings{}, buf);
    const double c = spectral_centroid(spec.frame(10), bin) + spectral_flatness(spec.frame(10)) +
                     spectral_rolloff(spec.frame(10), bin) + spectral_bandwidth(spec.frame(10), bin);
    EXPECT_EQ(scope.counts().allocations, 0U);
    EXPECT_GE(got, 2U);
    EXPECT_TRUE(std::isfinite(c));
}

TEST(SpectralFeatures, SilentFramesAndEmptyInput) {
    const std::vector<float> zeros(1025, 0.0F);
    EXPECT_EQ(spectral_centroid(zeros, 23.4), 0.0);
    EXPECT_EQ(spectral_bandwidth(zeros, 23.4), 0.0);
    EXPECT_EQ(spectral_rolloff(zeros, 23.4), 0.0);
    EXPECT_NEAR(spectral_flatness(zeros), 1.0, 1e-9);
    EXPECT_TRUE(spectral_peaks(zeros, 23.4).empty());
    EXPECT_EQ(spectral_flatness(std::span<const float>{}), 0.0);
    EXPECT_THROW((void)spectral_features(Spectrogram{}), cm::Error);  // no sample rate
}

// ---- mel and MFCC -----------------------------------------------------------

// Slaney's mel, written out from its definition (Auditory Toolbox, librosa):
// 3 mel per 200 Hz below 1 kHz, then 27 mel per factor 6.4.
double slaney_mel(double hz) { return hz < 1000.0 ? hz * 3.0 / 200.0 : 15.0 + 27.0 * std::log(hz / 1000.0) / std::log(6.4); }
double slaney_hz(double mel) { return mel < 15.0 ? mel * 200.0 / 3.0 : 1000.0 * std::pow(6.4, (mel - 15.0) / 27.0); }

TEST(Mel, ScalesAtKnownPoints) {
    EXPECT_NEAR(hz_to_mel(1000.0), 15.0, 1e-12);
    EXPECT_NEAR(hz_to_mel(6400.0), 42.0, 1e-9);
    EXPECT_NEAR(hz_to_mel(500.0), 7.5, 1e-12);
    EXPECT_NEAR(hz_to_mel(700.0, MelScale::Htk), 2595.0 * std::log10(2.0), 1e-9);
    EXPECT_NEAR(hz_to_mel(1000.0, MelScale::Htk), 1000.0, 0.1);  // the HTK scale's anchor, ~1000 mel
    for (const double hz : {0.0, 123.0, 999.0, 1000.0, 4567.0, 22050.0}) {
        EXPECT_NEAR(mel_to_hz(hz_to_mel(hz)), hz, 1e-6 * (1.0 + hz));
        EXPECT_NEAR(mel_to_hz(hz_to_mel(hz, MelScale::Htk), MelScale::Htk), hz, 1e-6 * (1.0 + hz));
    }
}

TEST(Mel, FilterbankEdgesAndTriangles) {
    // 40 bands from 100 Hz to 8 kHz at 16 kHz, 512-point frames (31.25 Hz bins).
    const double sr = 16000.0;
    const std::size_t n = 512;
    MelSettings s;
    s.n_mels = 40;
    s.fmin = 100.0;
    s.fmax = 8000.0;
    const MelFilterbank bank(sr, n, s);
    ASSERT_EQ(bank.bands(), 40U);
    ASSERT_EQ(bank.bins(), 257U);
    const auto edges = bank.edges_hz();
    ASSERT_EQ(edges.size(), 42U);
    const double lo = slaney_mel(100.0);
    const double hi = slaney_mel(8000.0);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        EXPECT_NEAR(edges[i], slaney_hz(lo + (hi - lo) * static_cast<double>(i) / 41.0), 1e-6) << i;
    }
    const double bin = sr / static_cast<double>(n);
    for (std::size_t m = 0; m < bank.bands(); ++m) {
        const double l = edges[m];
        const double c = edges[m + 1];
        const double r = edges[m + 2];
        for (std::size_t k = 0; k < bank.bins(); ++k) {
            const double f = static_cast<double>(k) * bin;
            double w = 0.0;
            if (f > l && f <= c) w = (f - l) / (c - l);
            else if (f > c && f < r) w = (r - f) / (r - c);
            w *= 2.0 / (r - l);  // Slaney's area normalisation
            ASSERT_NEAR(bank.band(m)[k], w, 1e-6 + 1e-5 * w) << "band " << m << " bin " << k;
        }
    }
    EXPECT_THROW(MelFilterbank(sr, n, MelSettings{40, 100.0, 9000.0}), cm::Error);  // above Nyquist
    EXPECT_THROW(MelFilterbank(sr, 511, s), cm::Error);
    EXPECT_THROW(MelFilterbank(0.0, n, s), cm::Error);
}

TEST(Mfcc, MatchesTheTextbookComputation) {
    // One frame with a made-up magnitude spectrum, and a tone through the
    // signal overload. Expected: power -> mel triangles (formula above) ->
    // 10 log10 -> orthonormal DCT-II, all written out here.
    const double sr = 22050.0;
    const std::size_t n = 1024;
    StftSettings st;
    st.frame_size = n;
    Spectrogram spec(1, n / 2 + 1, sr, st);
    for (std::size_t k = 0; k < spec.bins(); ++k) {
        spec.frame(0)[k] = static_cast<float>(1.0 + 10.0 * std::exp(-std::pow((static_cast<double>(k) - 60.0) / 15.0, 2.0)) +
                                              3.0 / (1.0 + static_cast<double>(k) / 20.0));
    }
    MfccSettings s;
    s.n_mfcc = 13;
    s.mel.n_mels = 26;
    const FeatureMatrix got = mfcc(spec, s);
    ASSERT_EQ(got.rows, 1U);
    ASSERT_EQ(got.columns, 13U);

    const std::size_t m_count = 26;
    const double hi = slaney_mel(sr / 2.0);
    std::vector<double> edges(m_count + 2);
    for (std::size_t i = 0; i < edges.size(); ++i) edges[i] = slaney_hz(hi * static_cast<double>(i) / static_cast<double>(m_count + 1));
    std::vector<double> log_mel(m_count);
    for (std::size_t m = 0; m < m_count; ++m) {
        double e = 0.0;
        for (std::size_t k = 0; k < spec.bins(); ++k) {
            const double f = static_cast<double>(k) * sr / static_cast<double>(n);
            const double l = edges[m], c = edges[m + 1], r = edges[m + 2];
            const double w = std::max(0.0, std::min((f - l) / (c - l), (r - f) / (r - c))) * 2.0 / (r - l);
            const double mag = spec.at(0, k);
            e += w * mag * mag;
        }
        log_mel[m] = 10.0 * std::log10(std::max(e, 1e-10));
    }
    for (std::size_t j = 0; j < 13; ++j) {
        double c = 0.0;
        for (std::size_t m = 0; m < m_count; ++m) {
            c += log_mel[m] * std::cos(pi * static_cast<double>(j) * (2.0 * static_cast<double>(m) + 1.0) / (2.0 * static_cast<double>(m_count)));
        }
        c *= j == 0 ? std::sqrt(1.0 / static_cast<double>(m_count)) : std::sqrt(2.0 / static_cast<double>(m_count));
        EXPECT_NEAR(got.at(0, j), c, 1e-3 * (1.0 + std::fabs(c))) << "c" << j;
    }

    // The orthonormal DCT's first row is 1/sqrt(M): c0 = sqrt(M) * mean(log mel).
    double mean = 0.0;
    for (const double v : log_mel) mean += v;
    mean /= static_cast<double>(m_count);
    EXPECT_NEAR(got.at(0, 0), std::sqrt(static_cast<double>(m_count)) * mean, 1e-3 * std::fabs(got.at(0, 0)) + 1e-3);

    // Signal overload shape and bad settings.
    const auto x = sine(22050, 1000.0, sr);
    const FeatureMatrix from_signal = mfcc(x, sr, s, st);
    EXPECT_EQ(from_signal.rows, 1U + 22050U / st.hop_size);
    EXPECT_EQ(from_signal.columns, 13U);
    MfccSettings bad = s;
    bad.n_mfcc = 27;
    EXPECT_THROW((void)mfcc(spec, bad), cm::Error);
    bad.n_mfcc = 0;
    EXPECT_THROW((void)mfcc(spec, bad), cm::Error);
}

} // namespace
