// coremusic/ca/pitch.hpp
// Fundamental-frequency estimation with YIN: one frame at a time (a
// preallocated detector an audio thread can call) or tracked over a signal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <coremusic/ca/progress.hpp>

namespace cm::ca {

/// How YIN searches for the period.
///
/// The algorithm is de Cheveigné & Kawahara, "YIN, a fundamental frequency
/// estimator for speech and music", JASA 111(4), 2002: the difference
/// function d(tau) (step 2, computed through one FFT as the paper suggests),
/// the cumulative mean normalised difference d'(tau) (step 3), the first
/// dip of d' below an absolute threshold (step 4), parabolic interpolation
/// of d around it (step 5) and, in track_pitch(), the best local estimate
/// (step 6). Step 5 alone leaves errors of several cents on bright tones
/// above ~1 kHz (d is far from a parabola when many harmonics turn within
/// one lag), so the period is then refined on the continuous difference
/// function: d(tau) for a fractional tau is computed with the signal
/// shifted by a windowed-sinc fractional delay (band-limited
/// interpolation, 32 taps), and its minimum is found by two successively
/// finer parabolic fits. That holds sines and harmonic tones from 50 Hz to
/// 4 kHz within a tenth of a cent (the tests check 1 cent from 80 Hz to 2 kHz).
struct PitchSettings {
    /// Lowest fundamental searched, Hz (> 0). Sets the longest period and
    /// with it the frame size.
    double min_frequency_hz = 60.0;
    /// Highest fundamental searched, Hz (> min_frequency_hz; the shortest
    /// period is at least 2 samples).
    double max_frequency_hz = 2500.0;
    /// YIN's absolute threshold on d' (paper: 0.1; 0 to 1). A frame whose d'
    /// never dips below it has no pitch (the paper then takes the global
    /// minimum; a caller wanting that can raise the threshold to 1).
    double threshold = 0.1;
    /// Samples per analysis frame, even; 0 chooses the smallest power of two
    /// that holds two of the longest periods plus the interpolator's
    /// margin (2048 at 44.1 and 48 kHz with the default 60 Hz).
    std::size_t frame_size = 0;
    /// Samples between frames in track_pitch() (>= 1).
    std::size_t hop_size = 512;
    /// Frames whose RMS is below this level (dBFS) have no pitch.
    double silence_db = -70.0;
    /// Refine the period on the band-limited difference function (see
    /// above). Off leaves the paper's parabolic step 5 alone.
    bool refine = true;
};

/// A fundamental frequency and how periodic the frame was.
struct PitchEstimate {
    double frequency_hz = 0.0;  ///< the fundamental, Hz
    /// 1 - d'(period), 0 to 1: 1 for a perfectly periodic frame; YIN's
    /// aperiodicity subtracted from 1.
    double confidence = 0.0;
};

/// One analysis frame of track_pitch().
struct PitchFrame {
    std::int64_t start = 0;                 ///< first sample of the frame
    std::optional<PitchEstimate> estimate;  ///< empty: unvoiced, silent or aperiodic
};

/// The frame size PitchSettings asks for at `sample_rate` (resolving 0 to
/// the automatic size). Throws cm::Error (Errc::InvalidArgument) for bad
/// settings or sample rate. Thread-safe. Not realtime-safe.
[[nodiscard]] std::size_t pitch_frame_size(double sample_rate, const PitchSettings& settings = {});

/// A YIN detector with every buffer allocated up front, for repeated and
/// real-time use: detect() allocates nothing, takes no lock and does not
/// throw.
///
/// Thread-safety: one thread at a time per detector (it owns scratch
/// buffers and an Fft); give each thread its own. Realtime-safety: detect()
/// and the accessors; construction is not (it allocates and plans an FFT).
class PitchDetector {
public:
    /// Throws cm::Error (Errc::InvalidArgument) for a bad sample rate or
    /// settings (the message says which), cm::Error (Errc::BackendUnavailable)
    /// in a build without FFTW.
    PitchDetector(double sample_rate, const PitchSettings& settings = {});
    PitchDetector(PitchDetector&&) noexcept;
    PitchDetector& operator=(PitchDetector&&) noexcept;
    PitchDetector(const PitchDetector&) = delete;
    PitchDetector& operator=(const PitchDetector&) = delete;
    ~PitchDetector();

    /// The samples detect() reads: pitch_frame_size(sample_rate, settings).
    [[nodiscard]] std::size_t frame_size() const noexcept;
    /// The sample rate given at construction.
    [[nodiscard]] double sample_rate() const noexcept;
    /// The settings given at construction (frame_size resolved).
    [[nodiscard]] const PitchSettings& settings() const noexcept;

    /// The pitch of the first frame_size() samples of `frame`: empty when
    /// the frame is silent, aperiodic (no dip below the threshold), holds a
    /// NaN or infinity, or is shorter than frame_size(). Realtime-safe.
    [[nodiscard]] std::optional<PitchEstimate> detect(std::span<const float> frame) noexcept;

    /// As detect(), with the period search restricted to
    /// [min_frequency_hz, max_frequency_hz] (clipped to the settings' range),
    /// taking the deepest dip of d' there when none is below the threshold
    /// (YIN's step 6 re-estimation). Realtime-safe.
    [[nodiscard]] std::optional<PitchEstimate> detect_in_range(std::span<const float> frame, double min_frequency_hz,
                                                               double max_frequency_hz) noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The pitch of one frame (at least pitch_frame_size() samples; the first
/// that many are read). Throws cm::Error (Errc::InvalidArgument) for a bad
/// sample rate or settings, a frame shorter than the frame size, or a NaN
/// or infinite sample. Allocates a PitchDetector: for repeated calls keep
/// one instead. Thread-safe. Not realtime-safe.
[[nodiscard]] std::optional<PitchEstimate> detect_pitch(std::span<const float> frame, double sample_rate,
                                                        const PitchSettings& settings = {});

/// The pitch of every hop of a mono signal: frames start at 0, hop_size,
/// 2 hop_size... while a frame fits; a signal shorter than one frame is
/// zero-padded into one. Each frame's estimate then gets YIN's step 6: when
/// a neighbouring frame within half the longest period (at least one hop)
/// either side found a clearer period (a smaller d'), the frame is
/// re-estimated within +/-20% of that period. Throws cm::Error
/// (Errc::InvalidArgument) for an empty signal, a NaN or infinite sample
/// (naming its index), or bad settings. `progress` is called every few
/// hundred frames. Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<PitchFrame> track_pitch(std::span<const float> mono, double sample_rate,
                                                  const PitchSettings& settings = {},
                                                  const ProgressCallback& progress = {});
/// As above; on bad input sets `ec` and returns no frames.
[[nodiscard]] std::vector<PitchFrame> track_pitch(std::span<const float> mono, double sample_rate,
                                                  const PitchSettings& settings, std::error_code& ec);

/// 1200 log2(b / a): the interval from frequency a to b in cents.
/// Thread-safe. Realtime-safe.
[[nodiscard]] double cents_between(double a_hz, double b_hz) noexcept;

} // namespace cm::ca
