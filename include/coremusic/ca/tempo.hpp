// coremusic/ca/tempo.hpp
// Tempo (BPM) estimation and beat tracking from the onset strength envelope:
// what turns a drum loop into a beat grid.
#pragma once

#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include <coremusic/ca/onset.hpp>

namespace cm::ca {

/// How estimate_tempo() reads the onset envelope.
///
/// The method is that of Ellis, "Beat Tracking by Dynamic Programming",
/// Journal of New Music Research 36(1), 2007, §3.1: the autocorrelation of
/// the onset envelope, weighted by a Gaussian in log2(period) (a "tempo
/// prior"; Ellis centres it at 120 BPM with 1.4 octaves, librosa's
/// beat.tempo at 120 BPM with 1 octave), and the octave-error correction of
/// the same section: each period's strength also counts the strength at
/// twice and three times the period (Ellis's TPS2 / TPS3), so a tempo whose
/// bar-level multiples are also strong beats its double-time rival; of the
/// two metrical levels this finds (a period and twice or three times it)
/// the slower one is taken when its prior-weighted strength is larger by a
/// quarter, the sign that the faster one is a subdivision (hi-hat eighths
/// over kick and snare quarters). So an even pulse above about 190 BPM is
/// reported at half tempo with the default prior: raise prior_bpm (or
/// min_bpm) for fast music. The
/// chosen period is then refined below one envelope frame: the centroid of
/// the autocorrelation peak near every multiple m of the period is located
/// and the period fitted to them by least squares (so m = 20 multiples make
/// the error 20 times smaller than one frame). The precision this buys is
/// what makes +/-1 BPM possible at a hop of 11.6 ms.
struct TempoSettings {
    /// The onset envelope (used by the signal forms only).
    OnsetSettings onset{};
    /// Centre of the tempo prior, BPM (> 0).
    double prior_bpm = 120.0;
    /// Standard deviation of the prior in octaves (> 0; large = flat).
    double prior_octaves = 1.0;
    /// The range searched, BPM (0 < min_bpm < max_bpm).
    double min_bpm = 30.0;
    double max_bpm = 300.0;  ///< see min_bpm
};

/// A tempo and how clearly the signal states it.
struct TempoEstimate {
    double bpm = 0.0;  ///< beats per minute; 0 when no periodicity was found
    /// The normalised autocorrelation of the onset envelope at the beat
    /// period, 0 to 1: near 1 for a click track, small for speech or noise.
    double confidence = 0.0;
};

/// The tempo of a mono signal. The signal should hold at least two beats
/// at min_bpm; a shorter one, or one without onsets, gives bpm 0.
/// Throws cm::Error (Errc::InvalidArgument) for an empty signal, a bad
/// sample rate, a non-finite sample or bad settings. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] TempoEstimate estimate_tempo(std::span<const float> mono, double sample_rate,
                                           const TempoSettings& settings = {},
                                           const ProgressCallback& progress = {});
/// As above; on bad input sets `ec` and returns {}. Allocation failure still throws.
[[nodiscard]] TempoEstimate estimate_tempo(std::span<const float> mono, double sample_rate,
                                           const TempoSettings& settings, std::error_code& ec);
/// The tempo of an onset envelope (settings.onset is not used). Throws
/// cm::Error for an envelope without a positive hop and sample rate, or bad
/// settings. Thread-safe. Not realtime-safe.
[[nodiscard]] TempoEstimate estimate_tempo(const OnsetEnvelope& envelope, const TempoSettings& settings = {});

/// How track_beats() places beats.
///
/// The dynamic programme of Ellis 2007 (§3.2-3.3): beats are the frames
/// that maximise the summed onset strength (smoothed by a Gaussian of a
/// 32nd of the period) minus tightness * log(interval / period)^2 for
/// every inter-beat interval, found by one forward pass over the envelope
/// and a backtrace from the best last beat. Leading and trailing beats
/// where the onset strength is weak (below half the RMS over the beats, as
/// librosa trims) are dropped when `trim`.
struct BeatSettings {
    /// The tempo estimate used when no BPM is given (and its onset settings).
    TempoSettings tempo{};
    /// How strongly intervals are held to the period (> 0; Ellis's alpha;
    /// librosa's default 100).
    double tightness = 100.0;
    /// Drop weak beats at the start and end.
    bool trim = true;
};

/// The beats of a mono signal as sample positions (increasing, within the
/// signal), at the tempo estimate_tempo() finds. Empty when there is no
/// tempo. Throws as estimate_tempo(). Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<std::int64_t> track_beats(std::span<const float> mono, double sample_rate,
                                                    const BeatSettings& settings = {},
                                                    const ProgressCallback& progress = {});
/// As above; on bad input sets `ec` and returns no beats.
[[nodiscard]] std::vector<std::int64_t> track_beats(std::span<const float> mono, double sample_rate,
                                                    const BeatSettings& settings, std::error_code& ec);
/// The beats of an onset envelope at a known tempo (bpm > 0), as sample
/// positions (>= 0). settings.tempo is not used. Throws cm::Error for a bad
/// bpm, envelope or settings. Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<std::int64_t> track_beats(const OnsetEnvelope& envelope, double bpm,
                                                    const BeatSettings& settings = {});

} // namespace cm::ca
