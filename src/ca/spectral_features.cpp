#include <coremusic/ca/spectral_features.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include <coremusic/core/error.hpp>

namespace cm::ca {

namespace {

Error invalid(const std::string& message) { return Error(make_error_code(Errc::InvalidArgument), message); }

// librosa's amin for power spectra: the floor that keeps log() finite.
constexpr double power_floor = 1e-10;

double bin_hz_of(const Spectrogram& s) {
    if (!(s.sample_rate() > 0.0) || !std::isfinite(s.sample_rate())) {
        throw invalid("spectral features: the spectrogram's sample rate " + std::to_string(s.sample_rate()) +
                      " Hz is not positive");
    }
    return s.sample_rate() / static_cast<double>(s.settings().frame_size);
}

} // namespace

double spectral_centroid(std::span<const float> magnitudes, double bin_hz) noexcept CM_NONBLOCKING {
    double num = 0.0;
    double den = 0.0;
    for (std::size_t k = 0; k < magnitudes.size(); ++k) {
        const auto m = static_cast<double>(magnitudes[k]);
        num += static_cast<double>(k) * m;
        den += m;
    }
    return den > 0.0 ? bin_hz * num / den : 0.0;
}

double spectral_bandwidth(std::span<const float> magnitudes, double bin_hz) noexcept CM_NONBLOCKING {
    double den = 0.0;
    for (const float m : magnitudes) den += static_cast<double>(m);
    if (!(den > 0.0)) return 0.0;
    const double centroid = spectral_centroid(magnitudes, bin_hz);
    double acc = 0.0;
    for (std::size_t k = 0; k < magnitudes.size(); ++k) {
        const double d = static_cast<double>(k) * bin_hz - centroid;
        acc += static_cast<double>(magnitudes[k]) * d * d;
    }
    return std::sqrt(acc / den);
}

double spectral_rolloff(std::span<const float> magnitudes, double bin_hz, double fraction) noexcept CM_NONBLOCKING {
    if (std::isnan(fraction)) fraction = 0.85;
    fraction = std::clamp(fraction, 1e-12, 1.0);
    double total = 0.0;
    for (const float m : magnitudes) total += static_cast<double>(m);
    if (!(total > 0.0)) return 0.0;
    const double target = fraction * total;
    double acc = 0.0;
    for (std::size_t k = 0; k < magnitudes.size(); ++k) {
        acc += static_cast<double>(magnitudes[k]);
        // A relative tolerance so that fraction 1 finds the last non-zero
        // bin despite rounding in the running sum.
        if (acc >= target * (1.0 - 1e-12)) return static_cast<double>(k) * bin_hz;
    }
    return static_cast<double>(magnitudes.size() - 1) * bin_hz;
}

double spectral_flatness(std::span<const float> magnitudes) noexcept CM_NONBLOCKING {
    if (magnitudes.empty()) return 0.0;
    double log_sum = 0.0;
    double sum = 0.0;
    for (const float m : magnitudes) {
        const double p = std::max(static_cast<double>(m) * static_cast<double>(m), power_floor);
        log_sum += std::log(p);
        sum += p;
    }
    const auto n = static_cast<double>(magnitudes.size());
    return std::exp(log_sum / n) / (sum / n);
}

double spectral_flux(std::span<const float> previous, std::span<const float> current,
                     FluxNorm norm) noexcept CM_NONBLOCKING {
    const std::size_t n = std::min(previous.size(), current.size());
    double acc = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        const double d = std::max(0.0, static_cast<double>(current[k]) - static_cast<double>(previous[k]));
        acc += norm == FluxNorm::L1 ? d : d * d;
    }
    return norm == FluxNorm::L1 ? acc : std::sqrt(acc);
}

std::size_t spectral_peaks(std::span<const float> magnitudes, double bin_hz, const PeakSettings& settings,
                           std::span<SpectralPeak> out) noexcept CM_NONBLOCKING {
    const std::size_t n = magnitudes.size();
    std::size_t limit = out.size();
    if (settings.max_peaks != 0) limit = std::min(limit, settings.max_peaks);
    if (n < 3 || limit == 0) return 0;
    float top = 0.0F;
    for (const float m : magnitudes) top = std::max(top, m);
    if (!(top > 0.0F) || !std::isfinite(top)) return 0;
    const double floor_db = 20.0 * std::log10(static_cast<double>(top)) + std::min(0.0, settings.threshold_db);
    const auto db = [&](std::size_t k) {
        return 20.0 * std::log10(std::max(static_cast<double>(magnitudes[k]), 1e-30));
    };
    std::size_t count = 0;
    for (std::size_t k = 1; k + 1 < n; ++k) {
        const float m = magnitudes[k];
        if (!(m > magnitudes[k - 1] && m >= magnitudes[k + 1])) continue;
        const double b = db(k);
        if (b < floor_db) continue;
        const double a = db(k - 1);
        const double c = db(k + 1);
        const double den = a - 2.0 * b + c;
        const double p = den < 0.0 ? std::clamp(0.5 * (a - c) / den, -0.5, 0.5) : 0.0;
        SpectralPeak peak;
        peak.bin = static_cast<double>(k) + p;
        peak.frequency_hz = peak.bin * bin_hz;
        peak.magnitude = std::pow(10.0, (b - 0.25 * (a - c) * p) / 20.0);
        if (count < limit) {
            out[count++] = peak;
        } else {
            // Full: replace the weakest kept peak if this one is stronger,
            // keeping frequency order by shifting.
            std::size_t weakest = 0;
            for (std::size_t i = 1; i < count; ++i) {
                if (out[i].magnitude < out[weakest].magnitude) weakest = i;
            }
            if (out[weakest].magnitude < peak.magnitude) {
                for (std::size_t i = weakest; i + 1 < count; ++i) out[i] = out[i + 1];
                out[count - 1] = peak;
            }
        }
    }
    return count;
}

std::vector<SpectralPeak> spectral_peaks(std::span<const float> magnitudes, double bin_hz,
                                         const PeakSettings& settings) {
    std::vector<SpectralPeak> out(magnitudes.size() / 2 + 1);
    out.resize(spectral_peaks(magnitudes, bin_hz, settings, std::span<SpectralPeak>(out)));
    return out;
}

SpectralFeatures spectral_features(const Spectrogram& spectrogram, const SpectralFeatureSettings& settings) {
    if (!(settings.rolloff_fraction > 0.0 && settings.rolloff_fraction <= 1.0)) {
        throw invalid("spectral_features: rolloff fraction " + std::to_string(settings.rolloff_fraction) +
                      "; expected a value in (0, 1]");
    }
    const double bin_hz = bin_hz_of(spectrogram);
    const std::size_t frames = spectrogram.frames();
    SpectralFeatures f;
    f.centroid.resize(frames);
    f.bandwidth.resize(frames);
    f.rolloff.resize(frames);
    f.flatness.resize(frames);
    f.flux.resize(frames);
    for (std::size_t i = 0; i < frames; ++i) {
        const auto m = spectrogram.frame(i);
        f.centroid[i] = static_cast<float>(spectral_centroid(m, bin_hz));
        f.bandwidth[i] = static_cast<float>(spectral_bandwidth(m, bin_hz));
        f.rolloff[i] = static_cast<float>(spectral_rolloff(m, bin_hz, settings.rolloff_fraction));
        f.flatness[i] = static_cast<float>(spectral_flatness(m));
        f.flux[i] = i == 0 ? 0.0F : static_cast<float>(spectral_flux(spectrogram.frame(i - 1), m, settings.flux_norm));
    }
    return f;
}

SpectralFeatures spectral_features(std::span<const float> signal, double sample_rate,
                                   const SpectralFeatureSettings& settings, const StftSettings& stft) {
    return spectral_features(spectrogram(signal, sample_rate, stft), settings);
}

std::vector<std::vector<SpectralPeak>> spectral_peaks(const Spectrogram& spectrogram, const PeakSettings& settings) {
    const double bin_hz = bin_hz_of(spectrogram);
    std::vector<std::vector<SpectralPeak>> out(spectrogram.frames());
    for (std::size_t i = 0; i < spectrogram.frames(); ++i) {
        out[i] = spectral_peaks(spectrogram.frame(i), bin_hz, settings);
    }
    return out;
}

// ---- mel --------------------------------------------------------------------

namespace {
// Slaney's scale: 200/3 Hz per mel up to 1 kHz (15 mel), then log steps of
// ln(6.4) / 27 per mel.
constexpr double slaney_hz_per_mel = 200.0 / 3.0;
constexpr double slaney_break_hz = 1000.0;
constexpr double slaney_break_mel = slaney_break_hz / slaney_hz_per_mel;
const double slaney_log_step = std::log(6.4) / 27.0;
} // namespace

double hz_to_mel(double hz, MelScale scale) noexcept CM_NONBLOCKING {
    if (scale == MelScale::Htk) return 2595.0 * std::log10(1.0 + hz / 700.0);
    if (hz < slaney_break_hz) return hz / slaney_hz_per_mel;
    return slaney_break_mel + std::log(hz / slaney_break_hz) / slaney_log_step;
}

double mel_to_hz(double mel, MelScale scale) noexcept CM_NONBLOCKING {
    if (scale == MelScale::Htk) return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
    if (mel < slaney_break_mel) return mel * slaney_hz_per_mel;
    return slaney_break_hz * std::exp(slaney_log_step * (mel - slaney_break_mel));
}

MelFilterbank::MelFilterbank(double sample_rate, std::size_t frame_size, const MelSettings& settings)
    : settings_(settings) {
    if (!(sample_rate > 0.0) || !std::isfinite(sample_rate)) {
        throw invalid("MelFilterbank: sample rate " + std::to_string(sample_rate) + " Hz; expected a positive rate");
    }
    if (frame_size < 2 || frame_size % 2 != 0) {
        throw invalid("MelFilterbank: frame size " + std::to_string(frame_size) + "; expected an even size >= 2");
    }
    if (settings.n_mels == 0) throw invalid("MelFilterbank: n_mels must be at least 1");
    const double nyquist = sample_rate / 2.0;
    const double fmax = settings.fmax == 0.0 ? nyquist : settings.fmax;
    if (!(settings.fmin >= 0.0 && settings.fmin < fmax && fmax <= nyquist)) {
        throw invalid("MelFilterbank: fmin " + std::to_string(settings.fmin) + " Hz, fmax " + std::to_string(fmax) +
                      " Hz; expected 0 <= fmin < fmax <= " + std::to_string(nyquist) + " Hz (half the sample rate)");
    }
    settings_.fmax = fmax;
    bins_ = frame_size / 2 + 1;
    const std::size_t n = settings.n_mels;
    edges_.resize(n + 2);
    const double lo = hz_to_mel(settings.fmin, settings.scale);
    const double hi = hz_to_mel(fmax, settings.scale);
    for (std::size_t i = 0; i < n + 2; ++i) {
        edges_[i] = mel_to_hz(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n + 1), settings.scale);
    }
    weights_.assign(n * bins_, 0.0F);
    const double bin_hz = sample_rate / static_cast<double>(frame_size);
    for (std::size_t m = 0; m < n; ++m) {
        const double left = edges_[m];
        const double centre = edges_[m + 1];
        const double right = edges_[m + 2];
        const double norm = settings.area_normalize ? 2.0 / (right - left) : 1.0;
        for (std::size_t k = 0; k < bins_; ++k) {
            const double f = static_cast<double>(k) * bin_hz;
            const double rising = (f - left) / (centre - left);
            const double falling = (right - f) / (right - centre);
            const double w = std::max(0.0, std::min(rising, falling));
            weights_[m * bins_ + k] = static_cast<float>(w * norm);
        }
    }
}

void MelFilterbank::apply(std::span<const float> power, std::span<float> out) const noexcept CM_NONBLOCKING {
    const std::size_t n = std::min(power.size(), bins_);
    for (std::size_t m = 0; m < settings_.n_mels && m < out.size(); ++m) {
        const float* w = weights_.data() + m * bins_;
        double acc = 0.0;
        for (std::size_t k = 0; k < n; ++k) acc += static_cast<double>(w[k]) * static_cast<double>(power[k]);
        out[m] = static_cast<float>(acc);
    }
}

FeatureMatrix mfcc(const Spectrogram& spectrogram, const MfccSettings& settings) {
    if (settings.n_mfcc == 0 || settings.n_mfcc > settings.mel.n_mels) {
        throw invalid("mfcc: n_mfcc " + std::to_string(settings.n_mfcc) + "; expected 1 to n_mels (" +
                      std::to_string(settings.mel.n_mels) + ")");
    }
    (void)bin_hz_of(spectrogram);
    const MelFilterbank bank(spectrogram.sample_rate(), spectrogram.settings().frame_size, settings.mel);
    const std::size_t n_mels = bank.bands();
    const std::size_t n_mfcc = settings.n_mfcc;
    // The orthonormal DCT-II as a matrix: n_mfcc x n_mels.
    std::vector<double> dct(n_mfcc * n_mels);
    for (std::size_t j = 0; j < n_mfcc; ++j) {
        const double s = j == 0 ? std::sqrt(1.0 / static_cast<double>(n_mels)) : std::sqrt(2.0 / static_cast<double>(n_mels));
        for (std::size_t m = 0; m < n_mels; ++m) {
            dct[j * n_mels + m] = s * std::cos(std::numbers::pi * static_cast<double>(j) *
                                               (2.0 * static_cast<double>(m) + 1.0) / (2.0 * static_cast<double>(n_mels)));
        }
    }
    FeatureMatrix out;
    out.rows = spectrogram.frames();
    out.columns = n_mfcc;
    out.values.resize(out.rows * n_mfcc);
    std::vector<float> power(spectrogram.bins());
    std::vector<float> mel(n_mels);
    std::vector<double> log_mel(n_mels);
    for (std::size_t i = 0; i < out.rows; ++i) {
        const auto frame = spectrogram.frame(i);
        for (std::size_t k = 0; k < power.size(); ++k) power[k] = frame[k] * frame[k];
        bank.apply(power, mel);
        for (std::size_t m = 0; m < n_mels; ++m) {
            log_mel[m] = 10.0 * std::log10(std::max(static_cast<double>(mel[m]), power_floor));
        }
        for (std::size_t j = 0; j < n_mfcc; ++j) {
            double acc = 0.0;
            for (std::size_t m = 0; m < n_mels; ++m) acc += dct[j * n_mels + m] * log_mel[m];
            out.values[i * n_mfcc + j] = static_cast<float>(acc);
        }
    }
    return out;
}

FeatureMatrix mfcc(std::span<const float> signal, double sample_rate, const MfccSettings& settings,
                   const StftSettings& stft) {
    return mfcc(spectrogram(signal, sample_rate, stft), settings);
}

} // namespace cm::ca
