#include <coremusic/ca/stft.hpp>

#include <algorithm>
#include <cassert>
#include <string>

#include <coremusic/core/error.hpp>

namespace cm::ca {

namespace {
const StftSettings& checked(const StftSettings& s) {
    if (s.frame_size < 2 || s.frame_size % 2 != 0) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "Stft: frame_size " + std::to_string(s.frame_size) + " must be even and at least 2");
    }
    if (s.hop_size == 0) throw Error(make_error_code(Errc::InvalidArgument), "Stft: hop_size must be at least 1");
    return s;
}
} // namespace

Stft::Stft(const StftSettings& settings)
    : settings_(checked(settings)),
      fft_(settings.frame_size),
      window_(make_window(settings.window, settings.frame_size)),
      scratch_(settings.frame_size) {}

void Stft::transform(std::span<const float> frame, std::span<std::complex<float>> out) noexcept {
    assert(frame.size() >= settings_.frame_size);
    for (std::size_t i = 0; i < settings_.frame_size; ++i) scratch_[i] = frame[i] * window_[i];
    fft_.forward(scratch_, out);
}

void Stft::magnitudes(std::span<const float> frame, std::span<float> out) noexcept {
    assert(frame.size() >= settings_.frame_size);
    for (std::size_t i = 0; i < settings_.frame_size; ++i) scratch_[i] = frame[i] * window_[i];
    fft_.magnitudes(scratch_, out);
}

std::size_t Stft::frame_count(std::size_t samples) const noexcept {
    if (settings_.center) return 1 + samples / settings_.hop_size;
    if (samples == 0) return 0;
    if (samples <= settings_.frame_size) return 1;
    return 1 + (samples - settings_.frame_size + settings_.hop_size - 1) / settings_.hop_size;
}

Spectrogram Stft::spectrogram(std::span<const float> signal, double sample_rate) {
    if (!(sample_rate > 0.0)) {
        throw Error(make_error_code(Errc::InvalidArgument), "spectrogram: the sample rate must be positive");
    }
    const std::size_t n = settings_.frame_size;
    const std::size_t frames = frame_count(signal.size());
    Spectrogram result(frames, bins(), sample_rate, settings_);
    std::vector<float> frame(n);
    const std::ptrdiff_t pad = settings_.center ? static_cast<std::ptrdiff_t>(n / 2) : 0;
    const auto len = static_cast<std::ptrdiff_t>(signal.size());
    for (std::size_t f = 0; f < frames; ++f) {
        // Frame f covers signal[f*hop - pad, f*hop - pad + n); outside the
        // signal it reads zeros.
        const std::ptrdiff_t start = static_cast<std::ptrdiff_t>(f * settings_.hop_size) - pad;
        const std::ptrdiff_t end = start + static_cast<std::ptrdiff_t>(n);
        if (start >= 0 && end <= len) {
            // Inside the signal (every frame but the edges): window it in place.
            magnitudes(signal.subspan(static_cast<std::size_t>(start), n), result.frame(f));
            continue;
        }
        const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(start, 0);
        const std::ptrdiff_t hi = std::min(end, len);
        std::fill(frame.begin(), frame.end(), 0.0F);
        if (hi > lo) {
            std::copy(signal.begin() + lo, signal.begin() + hi, frame.begin() + (lo - start));
        }
        magnitudes(frame, result.frame(f));
    }
    return result;
}

Spectrogram spectrogram(std::span<const float> signal, double sample_rate, const StftSettings& settings) {
    Stft stft(settings);
    return stft.spectrogram(signal, sample_rate);
}

} // namespace cm::ca
