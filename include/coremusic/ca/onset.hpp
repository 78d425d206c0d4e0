// coremusic/ca/onset.hpp
// Onset detection: the spectral-flux onset strength envelope of a signal and
// the note onsets picked from it, the input of tempo, beats and slicing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include <coremusic/ca/progress.hpp>
#include <coremusic/ca/stft.hpp>

namespace cm::ca {

/// How the onset strength envelope is computed and how onsets are picked
/// from it.
///
/// The envelope is the positive spectral flux of a log-compressed magnitude
/// spectrogram (Müller, "Fundamentals of Music Processing", 2015, §6.1.2;
/// librosa's onset_strength with log(1 + gamma x) for its dB): for each
/// frame, the mean over the mel bands (or bins) in [min_frequency_hz,
/// max_frequency_hz] of max(0, Y[n][k] - Y[n - lag][k]), with
/// Y = log(1 + compression * M / sum(window)) where M is a band's (or bin's)
/// magnitude (so a full-scale sine has |X| / sum(window) = 0.5 whatever
/// the frame size).
///
/// Peaks are picked as in Böck, Krebs & Schedl, "Evaluating the online
/// capabilities of onset detection methods" (ISMIR 2012), the rule of
/// librosa's peak_pick: frame n is an onset when it is the maximum of the
/// envelope over [n - pre_max, n + post_max], exceeds the mean over
/// [n - pre_average, n + post_average] by `delta` (the adaptive threshold;
/// the envelope is first scaled to a maximum of 1), and lies at least
/// min_gap after the previous onset. The default delta (0.15, twice
/// librosa's) keeps the offsets of loud notes, whose spectral splatter the
/// log compression makes visible, from counting as onsets. Frames whose
/// window runs past the end of the signal are not searched (the end itself
/// would look like an attack), so an onset in the last half frame is not
/// reported.
struct OnsetSettings {
    /// The STFT (frame 2048, hop 512, Hann, centred by default). The hop is
    /// the time resolution: 11.6 ms at 44.1 kHz.
    StftSettings stft{};
    /// gamma of the log compression (> 0). Larger values weigh quiet
    /// partials more.
    double compression = 1000.0;
    /// Bins below this frequency are ignored (Hz, >= 0).
    double min_frequency_hz = 0.0;
    /// Bins above this frequency are ignored (Hz; 0 = up to Nyquist).
    double max_frequency_hz = 0.0;
    /// Mel bands the magnitudes are summed into before the log (Slaney
    /// mel scale over [min_frequency_hz, max_frequency_hz], triangles of
    /// peak 1; 1 to 1024), so that the bass, a handful of linear bins, weighs
    /// as much as it does to the ear: a kick drum counts as much as a hi-hat.
    /// 0 takes the mean over the linear bins instead.
    std::size_t mel_bands = 64;
    /// Frames between the two spectra compared (>= 1).
    std::size_t lag = 1;

    /// Adaptive threshold: the amount (envelope scaled to max 1) an onset
    /// must exceed the local mean by (>= 0).
    double delta = 0.15;
    /// Local-maximum window before and after a frame, seconds (>= 0; the
    /// window is at least the frame itself).
    double pre_max_seconds = 0.03;
    double post_max_seconds = 0.03;  ///< see pre_max_seconds
    /// Local-mean window before and after a frame, seconds (>= 0).
    double pre_average_seconds = 0.1;
    double post_average_seconds = 0.1;  ///< see pre_average_seconds
    /// Minimum distance between two onsets, seconds (>= 0).
    double min_gap_seconds = 0.03;
    /// Move each onset back to the preceding minimum of the frame energy
    /// (sum |X|^2, librosa's onset_backtrack), reported where that quiet
    /// frame's window ends: where a slice should start so that it keeps
    /// the whole attack. Never later than the onset without backtracking.
    bool backtrack = false;
};

/// The onset strength of each STFT frame, with what it takes to place a
/// frame in the signal.
///
/// Frame i stands for sample position offset + i * hop_size. The offset is
/// where the flux of a sudden onset peaks: with log compression that is the
/// first frame whose window reaches the onset, so a centred STFT puts frame i's
/// onset frame_size/2 - hop_size/2 after the frame's centre (the shift
/// librosa applies for centred frames, less half a hop so that the rounding
/// is to the nearest frame rather than always late).
/// Thread-safety: a value type. Realtime-safety: accessors only.
struct OnsetEnvelope {
    std::vector<float> values;   ///< onset strength per frame (>= 0)
    std::size_t hop_size = 512;  ///< samples between frames
    double sample_rate = 0.0;    ///< Hz
    std::int64_t offset = 0;     ///< sample position of frame 0

    /// Number of frames.
    [[nodiscard]] std::size_t size() const noexcept { return values.size(); }
    /// Frames per second: sample_rate / hop_size.
    [[nodiscard]] double frame_rate() const noexcept {
        return sample_rate / static_cast<double>(hop_size);
    }
    /// The sample position frame `i` stands for (may be negative or past
    /// the signal's end for the first and last frames).
    [[nodiscard]] std::int64_t position(std::size_t i) const noexcept {
        return offset + static_cast<std::int64_t>(i * hop_size);
    }
};

/// The onset strength envelope of a mono signal (frames as
/// Stft::frame_count(signal.size())). Throws cm::Error (Errc::InvalidArgument)
/// for an empty signal, a sample rate that is not positive and finite, a
/// NaN or infinite sample (naming its index), or bad settings.
/// `progress` is called every few hundred frames. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] OnsetEnvelope onset_strength(std::span<const float> mono, double sample_rate,
                                           const OnsetSettings& settings = {},
                                           const ProgressCallback& progress = {});

/// The onset strength envelope of a magnitude spectrogram (its own STFT
/// settings are used; settings.stft is ignored). Throws cm::Error for an
/// empty spectrogram or bad settings. Thread-safe. Not realtime-safe.
[[nodiscard]] OnsetEnvelope onset_strength(const Spectrogram& spectrogram, const OnsetSettings& settings = {});

/// Picks onsets from an envelope (the peak-picking half of detect_onsets;
/// backtracking needs the frame energies and is not done here);
/// settings.stft must be the STFT the envelope was made with (it says which
/// frames are padded). Returns frame indices into the envelope, in order. Throws cm::Error for bad
/// settings. Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<std::size_t> pick_onset_frames(const OnsetEnvelope& envelope,
                                                         const OnsetSettings& settings = {});

/// The onsets of a mono signal as sample positions (frames of the signal,
/// increasing, each within [0, signal.size())). Accurate to about one hop.
/// Throws as onset_strength(). Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<std::int64_t> detect_onsets(std::span<const float> mono, double sample_rate,
                                                      const OnsetSettings& settings = {},
                                                      const ProgressCallback& progress = {});
/// As above; on bad input sets `ec` and returns no onsets. Allocation
/// failure still throws.
[[nodiscard]] std::vector<std::int64_t> detect_onsets(std::span<const float> mono, double sample_rate,
                                                      const OnsetSettings& settings, std::error_code& ec);

/// The onsets of the signal a magnitude spectrogram was made from, as sample
/// positions clamped to [0, ...). settings.stft is ignored (the
/// spectrogram's own settings place the frames). Throws as
/// onset_strength(const Spectrogram&). Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<std::int64_t> detect_onsets(const Spectrogram& spectrogram,
                                                      const OnsetSettings& settings = {});

} // namespace cm::ca
