// coremusic/ca/spectral_features.hpp
// Per-frame descriptors of a magnitude spectrum: centroid, bandwidth,
// rolloff, flatness, flux, spectral peaks and MFCCs (with the mel filterbank
// they are made with), from a Spectrogram or straight from a signal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <coremusic/ca/stft.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

// Conventions. Every per-frame function takes magnitudes |X[k]| (what a
// Spectrogram holds) and `bin_hz`, the spacing of the bins (sample_rate /
// frame_size). The feature definitions are librosa's (0.10), so numbers can
// be compared with the most used reference: centroid, bandwidth and rolloff
// weight bins by magnitude, flatness works on power |X|^2.

/// Sum f_k |X_k| / sum |X_k| in Hz; 0 for a silent frame.
/// Thread-safe. Realtime-safe.
[[nodiscard]] double spectral_centroid(std::span<const float> magnitudes, double bin_hz) noexcept CM_NONBLOCKING;

/// sqrt(sum |X_k| (f_k - centroid)^2 / sum |X_k|) in Hz: the magnitude-weighted
/// standard deviation about the centroid (librosa's p = 2, normalised); 0 for
/// a silent frame. Thread-safe. Realtime-safe.
[[nodiscard]] double spectral_bandwidth(std::span<const float> magnitudes, double bin_hz) noexcept CM_NONBLOCKING;

/// The frequency of the first bin at which the cumulative magnitude reaches
/// `fraction` (0 < fraction <= 1; values outside are clamped) of the
/// frame's total; 0 for a silent frame. Thread-safe. Realtime-safe.
[[nodiscard]] double spectral_rolloff(std::span<const float> magnitudes, double bin_hz,
                                      double fraction = 0.85) noexcept CM_NONBLOCKING;

/// Geometric mean / arithmetic mean of the power spectrum max(|X|^2, 1e-10)
/// (Wiener entropy, in 0..1): high for noise (for Gaussian white noise it
/// tends to e^-gamma = 0.56, the power bins being exponentially
/// distributed; 1 needs an exactly flat spectrum), near 0 for a tone. A silent frame reads 1 (flat at the
/// floor), as librosa's does. Thread-safe. Realtime-safe.
[[nodiscard]] double spectral_flatness(std::span<const float> magnitudes) noexcept CM_NONBLOCKING;

/// How spectral_flux combines the per-bin increases.
enum class FluxNorm : std::uint8_t {
    L1,  ///< sum of max(0, |X_t| - |X_t-1|) (Dixon 2006's onset function)
    L2,  ///< sqrt of the sum of their squares (the default)
};

/// The positive-rectified change from `previous` to `current` magnitudes:
/// only increases count (onsets), decreases are set to 0. Spans of
/// different lengths compare their common bins. Thread-safe. Realtime-safe.
[[nodiscard]] double spectral_flux(std::span<const float> previous, std::span<const float> current,
                                   FluxNorm norm = FluxNorm::L2) noexcept CM_NONBLOCKING;

/// One spectral peak.
struct SpectralPeak {
    double frequency_hz = 0.0;  ///< interpolated frequency
    double magnitude = 0.0;     ///< interpolated |X| (linear, the spectrum's own scale)
    double bin = 0.0;           ///< interpolated (fractional) bin
};

/// Which local maxima spectral_peaks keeps.
struct PeakSettings {
    /// Keep maxima at most this far below the frame's largest bin (dB, <= 0).
    double threshold_db = -60.0;
    /// Keep at most this many (the strongest), 0 for all.
    std::size_t max_peaks = 0;
};

/// Local maxima (|X_k| > |X_k-1| and |X_k| >= |X_k+1|, k not the first or
/// last bin) above the threshold, in order of frequency, each refined by a
/// parabola through the log magnitudes (dB) of the bin and its neighbours:
/// offset p = (a - c) / (2 (a - 2b + c)) bins, peak b - (a - c) p / 4 dB.
/// Exact for a Gaussian-shaped peak, within a few hundredths of a bin for
/// a Hann or Blackman-Harris windowed tone.
/// Thread-safe. Not realtime-safe (allocates the result); see the span form.
[[nodiscard]] std::vector<SpectralPeak> spectral_peaks(std::span<const float> magnitudes, double bin_hz,
                                                       const PeakSettings& settings = {});
/// As above into `out`, returning how many were written (the strongest
/// out.size() when more qualify; max_peaks applies too). Realtime-safe.
std::size_t spectral_peaks(std::span<const float> magnitudes, double bin_hz, const PeakSettings& settings,
                           std::span<SpectralPeak> out) noexcept CM_NONBLOCKING;

/// Settings for the whole-spectrogram features.
struct SpectralFeatureSettings {
    double rolloff_fraction = 0.85;  ///< see spectral_rolloff
    FluxNorm flux_norm = FluxNorm::L2;
};

/// The scalar features of every frame (one value per frame each).
struct SpectralFeatures {
    std::vector<float> centroid;   ///< Hz
    std::vector<float> bandwidth;  ///< Hz
    std::vector<float> rolloff;    ///< Hz
    std::vector<float> flatness;   ///< 0..1
    std::vector<float> flux;       ///< flux[0] = 0 (no previous frame)
};

/// The features of every frame of `spectrogram`. Throws cm::Error
/// (Errc::InvalidArgument) for a rolloff fraction outside (0, 1] or a
/// spectrogram without a positive sample rate. Thread-safe. Not realtime-safe.
[[nodiscard]] SpectralFeatures spectral_features(const Spectrogram& spectrogram,
                                                 const SpectralFeatureSettings& settings = {});
/// The features of a mono signal's spectrogram (cm::ca::spectrogram with
/// `stft`). Throws as spectrogram() and the overload above.
[[nodiscard]] SpectralFeatures spectral_features(std::span<const float> signal, double sample_rate,
                                                 const SpectralFeatureSettings& settings = {},
                                                 const StftSettings& stft = {});
/// The peaks of every frame. Throws as spectral_features.
[[nodiscard]] std::vector<std::vector<SpectralPeak>> spectral_peaks(const Spectrogram& spectrogram,
                                                                    const PeakSettings& settings = {});

/// The two mel scales in use.
enum class MelScale : std::uint8_t {
    /// Slaney's (Auditory Toolbox; librosa's default): linear below 1 kHz
    /// (3 mel per 200 Hz), logarithmic above (27 mel per factor 6.4).
    Slaney,
    /// HTK's: 2595 log10(1 + f / 700).
    Htk,
};

/// Hz -> mel on `scale`. Thread-safe. Realtime-safe.
[[nodiscard]] double hz_to_mel(double hz, MelScale scale = MelScale::Slaney) noexcept CM_NONBLOCKING;
/// mel -> Hz on `scale`. Thread-safe. Realtime-safe.
[[nodiscard]] double mel_to_hz(double mel, MelScale scale = MelScale::Slaney) noexcept CM_NONBLOCKING;

/// A mel filterbank's shape.
struct MelSettings {
    std::size_t n_mels = 128;   ///< bands (librosa's default)
    double fmin = 0.0;          ///< lowest edge, Hz
    double fmax = 0.0;          ///< highest edge, Hz; 0 means sample_rate / 2
    MelScale scale = MelScale::Slaney;
    /// Divide each triangle by half its width in Hz (2 / (f_m+1 - f_m-1),
    /// librosa's norm="slaney") so every band has the same area and white
    /// noise gives equal band energies. Off: triangles of peak 1 (HTK).
    bool area_normalize = true;
};

/// Triangular filters on mel-spaced centres (librosa.filters.mel): n_mels + 2
/// edge frequencies equally spaced in mel from fmin to fmax; band m rises
/// from edge m to edge m+1 and falls to edge m+2, evaluated at the bin
/// frequencies k * sample_rate / frame_size.
/// Thread-safety: a value type. Realtime-safety: apply() only.
class MelFilterbank {
public:
    /// Throws cm::Error (Errc::InvalidArgument) for a sample rate that is
    /// not positive, an odd or zero frame size, 0 bands, or 0 <= fmin <
    /// fmax <= sample_rate / 2 not holding.
    MelFilterbank(double sample_rate, std::size_t frame_size, const MelSettings& settings = {});

    [[nodiscard]] std::size_t bands() const noexcept { return settings_.n_mels; }
    /// frame_size / 2 + 1.
    [[nodiscard]] std::size_t bins() const noexcept { return bins_; }
    [[nodiscard]] const MelSettings& settings() const noexcept { return settings_; }
    /// The weights of band `m` over all bins. Precondition: m < bands().
    [[nodiscard]] std::span<const float> band(std::size_t m) const noexcept {
        return {weights_.data() + m * bins_, bins_};
    }
    /// The n_mels + 2 edge frequencies in Hz (band m spans edges m .. m+2).
    [[nodiscard]] std::span<const double> edges_hz() const noexcept { return edges_; }
    /// out[m] = sum_k band(m)[k] * power[k] (power: bins() values, out:
    /// bands() values). Realtime-safe.
    void apply(std::span<const float> power, std::span<float> out) const noexcept CM_NONBLOCKING;

private:
    MelSettings settings_;
    std::size_t bins_ = 0;
    std::vector<double> edges_;
    std::vector<float> weights_;
};

/// MFCC settings.
struct MfccSettings {
    std::size_t n_mfcc = 20;  ///< coefficients per frame (<= n_mels)
    MelSettings mel{};        ///< the filterbank
};

/// Rows of equal length (frames x coefficients), row-major.
struct FeatureMatrix {
    std::size_t rows = 0;       ///< frames
    std::size_t columns = 0;    ///< values per frame
    std::vector<float> values;  ///< rows * columns

    /// Row `i`. Precondition: i < rows.
    [[nodiscard]] std::span<const float> row(std::size_t i) const noexcept {
        return {values.data() + i * columns, columns};
    }
    /// Value (i, j).
    [[nodiscard]] float at(std::size_t i, std::size_t j) const noexcept { return values[i * columns + j]; }
};

/// Mel-frequency cepstral coefficients: the mel filterbank applied to the
/// power spectrum |X|^2, 10 log10(max(E, 1e-10)) (dB, librosa's
/// power_to_db without its top_db clipping), then the orthonormal DCT-II:
/// c_j = s_j sum_m L_m cos(pi j (2m + 1) / (2 M)), s_0 = sqrt(1/M), s_j =
/// sqrt(2/M). Throws cm::Error (Errc::InvalidArgument) for n_mfcc of 0 or
/// above n_mels, and as MelFilterbank. Thread-safe. Not realtime-safe.
[[nodiscard]] FeatureMatrix mfcc(const Spectrogram& spectrogram, const MfccSettings& settings = {});
/// The MFCCs of a mono signal's spectrogram.
[[nodiscard]] FeatureMatrix mfcc(std::span<const float> signal, double sample_rate,
                                 const MfccSettings& settings = {}, const StftSettings& stft = {});

} // namespace cm::ca
