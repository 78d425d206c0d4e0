// coremusic/ca/levels.hpp
// Signal levels: sample peak, true peak (ITU-R BS.1770-4 Annex 2), RMS, crest
// factor and DC offset of a whole signal, silence detection, and LevelMeter,
// the real-time meter an audio thread feeds block by block.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include <coremusic/ca/region.hpp>
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

/// 20 log10(amplitude): dBFS for a linear level where 1.0 is full scale.
/// 0 gives -infinity. Thread-safe. Realtime-safe.
[[nodiscard]] double amplitude_to_db(double amplitude) noexcept CM_NONBLOCKING;

/// 10^(db / 20). Thread-safe. Realtime-safe.
[[nodiscard]] double db_to_amplitude(double db) noexcept CM_NONBLOCKING;

/// The levels of one channel (or of all channels together), linear, 1.0 =
/// full scale. dB forms are 20 log10 of the linear value: a full-scale sine
/// reads peak 0 dBFS and RMS -3.01 dBFS (the convention of sox's `stats`,
/// not AES17's "RMS dBFS" that adds 3.01 dB so a sine reads 0).
struct ChannelLevels {
    double peak = 0.0;       ///< max |x|
    double true_peak = 0.0;  ///< max of |x| and of the 4x oversampled signal (BS.1770-4 Annex 2)
    double rms = 0.0;        ///< sqrt(mean x^2)
    double dc_offset = 0.0;  ///< mean x

    /// peak / rms as a ratio (sqrt 2 for a sine); 0 when rms is 0.
    [[nodiscard]] double crest_factor() const noexcept { return rms > 0.0 ? peak / rms : 0.0; }
    /// 20 log10(peak / rms): 3.01 dB for a sine; 0 when rms is 0.
    [[nodiscard]] double crest_factor_db() const noexcept {
        return rms > 0.0 ? amplitude_to_db(peak / rms) : 0.0;
    }
    /// 20 log10(peak).
    [[nodiscard]] double peak_dbfs() const noexcept { return amplitude_to_db(peak); }
    /// 20 log10(true_peak), dBTP.
    [[nodiscard]] double true_peak_dbtp() const noexcept { return amplitude_to_db(true_peak); }
    /// 20 log10(rms).
    [[nodiscard]] double rms_dbfs() const noexcept { return amplitude_to_db(rms); }
};

/// Levels per channel and over the whole signal. `overall` takes the largest
/// peak and true peak of any channel, and the RMS and DC offset of all
/// samples of all channels pooled (sox `stats` "Overall").
struct Levels {
    std::vector<ChannelLevels> channels;  ///< one entry per channel of the view
    ChannelLevels overall;                ///< all channels together
};

/// The levels of `signal`. An empty view gives no channels and zero levels.
/// Throws cm::Error (Errc::InvalidArgument) naming the channel and frame of
/// the first NaN or infinite sample. Thread-safe. Not realtime-safe.
[[nodiscard]] Levels measure_levels(const ConstAudioBufferView& signal);
/// As above; on bad input sets `ec` and returns empty Levels.
[[nodiscard]] Levels measure_levels(const ConstAudioBufferView& signal, std::error_code& ec) noexcept;

/// The true peak of one channel: the largest |x| of the signal and of its 4x
/// oversampled version made by the interpolating filter of ITU-R BS.1770-4
/// Annex 2 (see TruePeakDetector). Non-finite samples give NaN. Thread-safe.
/// Realtime-safe (no allocation: the filter state lives on the stack).
[[nodiscard]] double true_peak(std::span<const float> channel) noexcept CM_NONBLOCKING;

/// Streaming true-peak detection for one channel with the order-48, 4-phase
/// polyphase FIR interpolator printed in ITU-R BS.1770-4 Annex 2 (page 17 of
/// the 10/2015 edition; BS.1770-5 keeps it): a 48-tap low-pass prototype cut
/// into four 12-tap phases, so each input sample gives four output samples at
/// 4x the rate. Its coefficients are quantised to 2^-13 (they are exact
/// binary fractions) and it is used unchanged at any sample rate, as the
/// Annex allows (4x is its minimum oversampling factor). Being a short FIR
/// its phases' gains depend on frequency: within +-0.25 dB up to fs/4 (a
/// fs/4 tone sampled 45 degrees off its peaks reads +0.045 dB high; the
/// tests check it), but the half-sample phase falls to -2 dB at 0.45 fs, so
/// peaks of content close to Nyquist are under-read. The Annex's 12.04 dB
/// input attenuation is for fixed-point arithmetic and is not needed in float.
///
/// Thread-safety: a value type; one thread at a time. Realtime-safe: all.
class TruePeakDetector {
public:
    /// Number of taps per phase.
    static constexpr std::size_t taps = 12;
    /// The oversampling factor.
    static constexpr std::size_t phases = 4;

    /// Feeds `samples`; returns the largest |y| of the oversampled output
    /// they produced (and of the samples themselves). Realtime-safe.
    float process(std::span<const float> samples) noexcept CM_NONBLOCKING;
    /// Pushes taps - 1 zeros through the filter so the last samples' ringing
    /// is seen (call once at the end of a signal). Realtime-safe.
    float flush() noexcept CM_NONBLOCKING;
    /// Forgets the history. Realtime-safe.
    void reset() noexcept CM_NONBLOCKING;

private:
    // history_ holds the last `taps` inputs twice over so a window of 12
    // consecutive samples is always contiguous (no modulo in the inner loop).
    std::array<float, 2 * taps> history_{};
    std::size_t pos_ = 0;
};

/// How detect_silence decides what is silent.
struct SilenceSettings {
    /// A frame is silent when |x| of every channel is at or below this level
    /// (dBFS, 20 log10 |x|). A sample-level criterion, so region edges are
    /// exact frames; the zero crossings of a quiet tone are not mistaken for
    /// silence because min_duration_seconds discards short runs.
    double threshold_db = -60.0;
    /// Runs of silent frames shorter than this are not reported (seconds, >= 0).
    double min_duration_seconds = 0.1;
};

/// The silent stretches of `signal`: runs of at least min_duration frames
/// in which every channel stays at or below the threshold, in order, as
/// frame regions. Throws cm::Error (Errc::InvalidArgument) for a sample rate
/// that is not positive and finite, a NaN threshold, or a negative or NaN
/// minimum duration; NaN samples count as not silent. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] std::vector<Region> detect_silence(const ConstAudioBufferView& signal, double sample_rate,
                                                 double threshold_db = -60.0, double min_duration_seconds = 0.1);
/// detect_silence with its settings in a struct.
[[nodiscard]] std::vector<Region> detect_silence(const ConstAudioBufferView& signal, double sample_rate,
                                                 const SilenceSettings& settings);
/// As above; on bad arguments sets `ec` and returns no regions.
[[nodiscard]] std::vector<Region> detect_silence(const ConstAudioBufferView& signal, double sample_rate,
                                                 const SilenceSettings& settings, std::error_code& ec) noexcept;

/// True when every sample of every channel is at or below `threshold_db`
/// (dBFS); true for an empty view; false when a sample is NaN.
/// Thread-safe. Realtime-safe.
[[nodiscard]] bool is_silent(const ConstAudioBufferView& signal, double threshold_db = -60.0) noexcept CM_NONBLOCKING;

/// How LevelMeter's displayed values move.
struct LevelMeterSettings {
    double sample_rate = 48000.0;  ///< Hz
    /// Peak fall-back after a peak: dB per second. 20 dB in 1.7 s (11.76 dB/s)
    /// is the return time of IEC 60268-10 Type I peak programme meters.
    double peak_decay_db_per_second = 20.0 / 1.7;
    /// Time constant of the RMS integrator, seconds (300 ms: a VU-like
    /// reading; a one-pole average of x^2, so a steady sine reads A / sqrt 2).
    double rms_time_constant_seconds = 0.3;
    /// Also track the true peak (costs 48 multiply-adds per sample per channel).
    bool true_peak = false;
};

/// A real-time level meter: per-channel peak with a decaying hold, RMS with
/// an exponential integrator, the last block's peak and RMS, an optional
/// true peak, and a clip latch. Every state is inline (max_channels
/// channels), so the meter never allocates, not even when constructed.
///
/// Thread-safety: a value type; process() and the readers must be called
/// from one thread at a time (an engine copies the values it wants to show
/// into its own lock-free publication). Realtime-safety: all members but the
/// throwing constructor.
class LevelMeter {
public:
    /// Throws cm::Error (Errc::InvalidArgument) for a sample rate or time
    /// constant that is not positive and finite, or a negative decay.
    explicit LevelMeter(const LevelMeterSettings& settings = {});

    /// Meters one block. Channels beyond max_channels cannot occur (views
    /// hold at most that many). Non-finite samples set the clip latch and
    /// are otherwise ignored so one bad sample does not poison the averages.
    /// Realtime-safe.
    void process(const ConstAudioBufferView& block) noexcept CM_NONBLOCKING;
    /// Back to silence. Realtime-safe.
    void reset() noexcept CM_NONBLOCKING;

    /// Channels seen in the last block.
    [[nodiscard]] std::size_t channels() const noexcept { return channels_; }
    /// The decaying peak of channel `c` (linear); 0 for a channel not metered.
    [[nodiscard]] float peak(std::size_t c) const noexcept { return c < channels_ ? state_[c].peak : 0.0F; }
    /// The integrated RMS of channel `c` (linear).
    [[nodiscard]] float rms(std::size_t c) const noexcept;
    /// The largest |x| of channel `c` in the last block.
    [[nodiscard]] float block_peak(std::size_t c) const noexcept {
        return c < channels_ ? state_[c].block_peak : 0.0F;
    }
    /// The RMS of channel `c` over the last block.
    [[nodiscard]] float block_rms(std::size_t c) const noexcept {
        return c < channels_ ? state_[c].block_rms : 0.0F;
    }
    /// The largest true peak of channel `c` since the last reset (0 unless
    /// settings.true_peak).
    [[nodiscard]] float true_peak(std::size_t c) const noexcept {
        return c < channels_ ? state_[c].true_peak : 0.0F;
    }
    /// True once channel `c` reached |x| >= 1 or a non-finite sample since the last reset.
    [[nodiscard]] bool clipped(std::size_t c) const noexcept { return c < channels_ && state_[c].clipped; }

private:
    struct Channel {
        float peak = 0.0F;
        double mean_square = 0.0;
        float block_peak = 0.0F;
        float block_rms = 0.0F;
        float true_peak = 0.0F;
        bool clipped = false;
        TruePeakDetector detector;
    };
    LevelMeterSettings settings_;
    double decay_per_sample_db_ = 0.0;
    double rms_coefficient_ = 0.0;  // per-sample one-pole coefficient
    std::size_t channels_ = 0;
    std::array<Channel, max_channels> state_{};
};

} // namespace cm::ca
