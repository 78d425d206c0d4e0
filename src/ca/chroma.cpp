#include <coremusic/ca/chroma.hpp>

#include <cmath>
#include <string>

#include "chroma_detail.hpp"
#include "rhythm_checks.hpp"

namespace cm::ca {

namespace {

using detail::invalid;
using detail::number;

bool check_chroma_settings(const ChromaSettings& s, const char* where, std::error_code* ec) {
    using detail::check_range;
    if (!check_range(s.tuning_hz, 1.0, 1.0e5, where, "tuning_hz", ec)) return false;
    if (!check_range(s.min_frequency_hz, 0.0, 1.0e7, where, "min_frequency_hz", ec)) return false;
    if (!check_range(s.max_frequency_hz, 0.0, 1.0e7, where, "max_frequency_hz", ec)) return false;
    if (!(s.min_frequency_hz < s.max_frequency_hz)) {
        invalid(ec, where, "min_frequency_hz " + number(s.min_frequency_hz) + " must be below max_frequency_hz " +
                               number(s.max_frequency_hz));
        return false;
    }
    switch (s.norm) {
    case ChromaNorm::None:
    case ChromaNorm::Max:
    case ChromaNorm::L1:
    case ChromaNorm::L2:
        return true;
    }
    invalid(ec, where, "norm " + std::to_string(static_cast<int>(s.norm)) + " is not a ChromaNorm");
    return false;
}

void normalise(ChromaVector& v, ChromaNorm norm) noexcept {
    double scale = 0.0;
    switch (norm) {
    case ChromaNorm::None:
        return;
    case ChromaNorm::Max:
        for (double x : v) scale = std::max(scale, std::abs(x));
        break;
    case ChromaNorm::L1:
        for (double x : v) scale += std::abs(x);
        break;
    case ChromaNorm::L2:
        for (double x : v) scale += x * x;
        scale = std::sqrt(scale);
        break;
    }
    if (scale > 0.0) {
        for (double& x : v) x /= scale;
    }
}

} // namespace

namespace detail {

// The pitch class of each bin, or -1 where it is out of range or the STFT
// does not resolve semitones there. Used by chroma and key.
std::vector<int> chroma_bin_map(const Spectrogram& sg, const ChromaSettings& s, const char* where, std::error_code* ec) {
    std::vector<int> map(sg.bins(), -1);
    const double spacing = sg.sample_rate() / static_cast<double>(sg.settings().frame_size);
    const double semitone = std::exp2(1.0 / 12.0) - 1.0;
    bool any = false;
    for (std::size_t k = 1; k < sg.bins(); ++k) {
        const double f = sg.bin_frequency(k);
        if (f < s.min_frequency_hz || f > s.max_frequency_hz || spacing > semitone * f) continue;
        map[k] = pitch_class_of(f, s.tuning_hz);
        any = true;
    }
    if (!any) {
        invalid(ec, where, "no bin of a " + std::to_string(sg.settings().frame_size) + "-point STFT at " +
                               number(sg.sample_rate()) + " Hz lies in " + number(s.min_frequency_hz) + " to " +
                               number(s.max_frequency_hz) + " Hz with semitone resolution (use longer frames)");
        map.clear();
    }
    return map;
}

bool check_chroma(const ChromaSettings& s, const char* where, std::error_code* ec) {
    return check_chroma_settings(s, where, ec);
}

void chroma_normalise(ChromaVector& v, ChromaNorm norm) noexcept { normalise(v, norm); }

} // namespace detail

int pitch_class_of(double frequency_hz, double tuning_hz) noexcept {
    if (!(frequency_hz > 0.0) || !std::isfinite(frequency_hz) || !(tuning_hz > 0.0) || !std::isfinite(tuning_hz)) {
        return -1;
    }
    // MIDI note 69 is A4 (pitch class 9).
    const double note = 69.0 + 12.0 * std::log2(frequency_hz / tuning_hz);
    const double rounded = std::round(note);
    if (!std::isfinite(rounded) || std::abs(rounded) > 1.0e9) return -1;
    const auto n = static_cast<long long>(rounded);
    return static_cast<int>(((n % 12) + 12) % 12);
}

std::vector<ChromaVector> chromagram(const Spectrogram& spectrogram, const ChromaSettings& settings) {
    constexpr const char* where = "chromagram";
    check_chroma_settings(settings, where, nullptr);
    if (spectrogram.frames() == 0 || spectrogram.bins() < 2) {
        invalid(nullptr, where, "the spectrogram is empty (" + std::to_string(spectrogram.frames()) + " frames of " +
                                    std::to_string(spectrogram.bins()) + " bins)");
    }
    detail::check_sample_rate(spectrogram.sample_rate(), where, nullptr);
    if (spectrogram.settings().frame_size < 2 || spectrogram.bins() != spectrogram.settings().frame_size / 2 + 1) {
        invalid(nullptr, where, "the spectrogram has " + std::to_string(spectrogram.bins()) + " bins but frame size " +
                                    std::to_string(spectrogram.settings().frame_size));
    }
    const std::vector<int> map = detail::chroma_bin_map(spectrogram, settings, where, nullptr);
    std::vector<ChromaVector> out(spectrogram.frames());
    for (std::size_t f = 0; f < spectrogram.frames(); ++f) {
        ChromaVector v{};
        const auto row = spectrogram.frame(f);
        for (std::size_t k = 0; k < row.size(); ++k) {
            const float m = row[k];
            if (!std::isfinite(m)) {
                invalid(nullptr, where, "frame " + std::to_string(f) + " bin " + std::to_string(k) + " is " +
                                            number(static_cast<double>(m)) + " (expected finite magnitudes)");
            }
            if (map[k] >= 0) v[static_cast<std::size_t>(map[k])] += static_cast<double>(m);
        }
        normalise(v, settings.norm);
        out[f] = v;
    }
    return out;
}

std::vector<ChromaVector> chromagram(std::span<const float> mono, double sample_rate, const ChromaSettings& settings,
                                     const StftSettings& stft) {
    constexpr const char* where = "chromagram";
    detail::check_sample_rate(sample_rate, where, nullptr);
    detail::check_signal(mono, where, nullptr);
    check_chroma_settings(settings, where, nullptr);
    return chromagram(spectrogram(mono, sample_rate, stft), settings);
}

ChromaVector mean_chroma(std::span<const ChromaVector> frames, ChromaNorm norm) {
    ChromaVector sum{};
    for (const auto& f : frames) {
        for (std::size_t i = 0; i < 12; ++i) sum[i] += f[i];
    }
    if (!frames.empty()) {
        for (double& v : sum) v /= static_cast<double>(frames.size());
    }
    normalise(sum, norm);
    return sum;
}

} // namespace cm::ca
