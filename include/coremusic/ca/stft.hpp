// coremusic/ca/stft.hpp
// The short-time Fourier transform: windowed frames of a signal through one
// planned Fft, and the magnitude Spectrogram most analysis starts from.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <coremusic/ca/fft.hpp>
#include <coremusic/ca/window.hpp>

namespace cm::ca {

/// How a signal is cut into frames.
struct StftSettings {
    std::size_t frame_size = 2048;     ///< samples per frame (even); the FFT size
    std::size_t hop_size = 512;        ///< samples between frame starts (>= 1)
    WindowType window = WindowType::Hann;
    /// Pad frame_size/2 zeros before and after the signal so that frame i is
    /// centred on sample i * hop_size (librosa's `center=True`). Without it
    /// frame i starts at sample i * hop_size.
    bool center = true;
};

/// Frames x bins magnitudes |X|, row-major (one frame after another), with
/// the numbers needed to place a cell in time and frequency.
/// Thread-safety: a value type. Realtime-safety: accessors only.
class Spectrogram {
public:
    Spectrogram() = default;
    /// `frames` x `bins` zeros. Not realtime-safe.
    Spectrogram(std::size_t frames, std::size_t bins, double sample_rate, const StftSettings& settings)
        : values_(frames * bins), frames_(frames), bins_(bins), sample_rate_(sample_rate), settings_(settings) {}

    [[nodiscard]] std::size_t frames() const noexcept { return frames_; }
    [[nodiscard]] std::size_t bins() const noexcept { return bins_; }
    [[nodiscard]] double sample_rate() const noexcept { return sample_rate_; }
    [[nodiscard]] const StftSettings& settings() const noexcept { return settings_; }

    /// The magnitudes of frame `i` (bins() values). Precondition: i < frames().
    [[nodiscard]] std::span<const float> frame(std::size_t i) const noexcept {
        return {values_.data() + i * bins_, bins_};
    }
    /// Writable magnitudes of frame `i`.
    [[nodiscard]] std::span<float> frame(std::size_t i) noexcept { return {values_.data() + i * bins_, bins_}; }
    /// |X| at frame `i`, bin `k`.
    [[nodiscard]] float at(std::size_t i, std::size_t k) const noexcept { return values_[i * bins_ + k]; }
    /// All magnitudes, row-major.
    [[nodiscard]] std::span<const float> values() const noexcept { return values_; }

    /// Centre frequency of bin `k` in Hz: k * sample_rate / frame_size.
    [[nodiscard]] double bin_frequency(std::size_t k) const noexcept {
        return static_cast<double>(k) * sample_rate_ / static_cast<double>(settings_.frame_size);
    }
    /// Time of frame `i` in seconds: its centre (center = true) or its start.
    [[nodiscard]] double frame_time(std::size_t i) const noexcept {
        return static_cast<double>(i * settings_.hop_size) / sample_rate_;
    }

private:
    std::vector<float> values_;
    std::size_t frames_ = 0;
    std::size_t bins_ = 0;
    double sample_rate_ = 0.0;
    StftSettings settings_{};
};

/// A reusable STFT engine: one window and one Fft for frames of one size.
///
/// Thread-safety: as Fft (one thread per Stft). Realtime-safety: transform()
/// and magnitudes() neither allocate nor lock; construction does.
class Stft {
public:
    /// Throws cm::Error for an odd or too small frame_size or a hop of 0.
    explicit Stft(const StftSettings& settings = {});

    [[nodiscard]] const StftSettings& settings() const noexcept { return settings_; }
    /// frame_size / 2 + 1.
    [[nodiscard]] std::size_t bins() const noexcept { return fft_.bins(); }
    /// The window applied to each frame.
    [[nodiscard]] std::span<const float> window() const noexcept { return window_; }

    /// Windows `frame` (frame_size samples) and transforms it into `out` (bins()).
    void transform(std::span<const float> frame, std::span<std::complex<float>> out) noexcept;
    /// Windows `frame` and writes |X| into `out` (bins()).
    void magnitudes(std::span<const float> frame, std::span<float> out) noexcept;

    /// Number of frames the settings cut `samples` samples into (with
    /// center: 1 + samples / hop; without: frames that fit whole, at least 1
    /// when samples > 0, the last zero-padded).
    [[nodiscard]] std::size_t frame_count(std::size_t samples) const noexcept;

    /// The magnitude spectrogram of a mono signal. Not realtime-safe.
    [[nodiscard]] Spectrogram spectrogram(std::span<const float> signal, double sample_rate);

private:
    StftSettings settings_;
    Fft fft_;
    std::vector<float> window_;
    std::vector<float> scratch_;
};

/// The magnitude spectrogram of a mono signal (a convenience over Stft).
/// Throws cm::Error for bad settings or a sample rate that is not positive.
[[nodiscard]] Spectrogram spectrogram(std::span<const float> signal, double sample_rate,
                                      const StftSettings& settings = {});

} // namespace cm::ca
