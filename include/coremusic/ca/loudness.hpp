// coremusic/ca/loudness.hpp
// EBU R128 loudness (ITU-R BS.1770-4, EBU Tech 3341 and 3342): momentary,
// short-term and integrated loudness and loudness range, measured by a
// streaming LoudnessMeter the audio thread can feed, or in one call.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <system_error>
#include <vector>

#include <coremusic/ca/progress.hpp>
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

/// What a channel contributes to the loudness sum (BS.1770-4 Table 3).
enum class LoudnessChannel : std::uint8_t {
    Front,     ///< L, R, C (and mono): weight 1.0
    Surround,  ///< Ls, Rs (and 7.1's side/rear pairs): weight 1.41
    Lfe,       ///< not measured (weight 0), as BS.1770 leaves the LFE out
    Unused,    ///< not measured (weight 0)
};

/// The weight BS.1770-4 gives a channel of that kind (1.0, 1.41 or 0).
[[nodiscard]] constexpr double loudness_weight(LoudnessChannel c) noexcept {
    switch (c) {
    case LoudnessChannel::Front: return 1.0;
    case LoudnessChannel::Surround: return 1.41;
    case LoudnessChannel::Lfe:
    case LoudnessChannel::Unused: return 0.0;
    }
    return 0.0;
}

/// The channel kinds a LoudnessMeter assumes for `channels` channels when
/// none are given: the ITU/SMPTE order L R C LFE Ls Rs (WAV's channel-mask
/// order too, and libebur128's default map), so 1-3 channels are all Front,
/// channel 3 is the LFE, 4 and 5 are Surround; 7 and 8 channels (7.1: L R C
/// LFE Ls Rs Lb Rb) make 6 and 7 Surround as well; channels beyond 8 are
/// Front. (libebur128 differs only beyond 6 channels, which it leaves out.)
/// Quad files (L R Ls Rs) need their kinds given explicitly.
[[nodiscard]] std::vector<LoudnessChannel> default_loudness_channels(std::size_t channels);

/// How a LoudnessMeter is set up.
struct LoudnessSettings {
    double sample_rate = 48000.0;  ///< Hz; K-weighting is derived for any rate
    std::size_t channels = 2;      ///< 1 .. max_channels
    /// One entry per channel; empty means default_loudness_channels(channels).
    std::vector<LoudnessChannel> channel_kinds;
    /// The programme length the exact block store is sized for (seconds).
    /// Gating blocks beyond it are still counted, in a histogram of 0.01 LU
    /// bins, and integrated()/loudness_range() then switch to it (see
    /// LoudnessMeter). 8 bytes per 100 ms per store: 3 hours cost 1.7 MB.
    double max_duration_seconds = 3.0 * 3600.0;
    /// Hop between the short-term values loudness range is computed from,
    /// in 100 ms steps. 1 (10 Hz, windows overlapping by 2.9 s) is what EBU
    /// Tech 3342 (2016) asks for; 10 (1 s) is what libebur128 1.2 uses.
    std::size_t lra_hop_blocks = 1;
};

/// Streaming EBU R128 / ITU-R BS.1770-4 loudness.
///
/// The signal is K-weighted per channel (two biquads in double: the
/// pre-filter shelf and the RLB high-pass, made for the sample rate by the
/// bilinear transform of their analogue prototypes as libebur128 does; at
/// 48 kHz they equal BS.1770-4's Tables 1 and 2), squared, weighted by
/// channel kind and summed in 100 ms steps (round(fs / 10) frames). From the
/// last 4 steps come the momentary loudness (400 ms) and each gating block
/// (400 ms, 75 % overlap); from the last 30 the short-term loudness (3 s).
/// Momentary and short-term values therefore advance every 100 ms (Tech 3341
/// asks for at least 10 Hz); until 400 ms (3 s) have been fed they read
/// -infinity.
///
/// Integrated loudness (two-stage gating: -70 LUFS absolute, -10 LU
/// relative) and loudness range (Tech 3342: short-term values, -70 LUFS
/// absolute and -20 LU relative gate, 10th to 95th percentile, nearest rank)
/// are exact: every gating block's and short-term value's energy is kept in
/// a store allocated once, at construction, for max_duration_seconds. We
/// chose a preallocated store over libebur128's histogram mode because the
/// histogram quantises each block to 0.1 LU and so approximates both gates
/// and the percentiles; the store costs 16 bytes per second of programme. A
/// fine histogram (0.01 LU bins, with the energy sum per bin) runs beside it
/// so that a programme longer than the store is still measured, to within
/// the blocks of the one bin the relative gate falls in.
///
/// Why not just call libebur128: its add path takes interleaved frames (our
/// buffers are planar: it would need a copy), and it allocates on the add
/// path (a list node per gating block and per short-term value in the
/// default mode), so an engine's meter could not run on the audio thread;
/// bench/ca_analysis_bench.cpp measures the speed of both.
///
/// Thread-safety: one thread at a time (a value type holding its store).
/// Realtime-safety: add(), momentary(), short_term(), integrated(),
/// max_momentary(), max_short_term(), reset() neither allocate nor lock nor
/// throw; loudness_range() reorders the store in place (no allocation, O(n)).
/// Construction allocates.
class LoudnessMeter {
public:
    /// Throws cm::Error (Errc::InvalidArgument) for a sample rate outside
    /// 8 kHz .. 768 kHz or not finite, 0 or more than max_channels channels,
    /// a channel_kinds list of the wrong length, a max_duration_seconds that
    /// is negative, NaN or above a week, or lra_hop_blocks of 0.
    explicit LoudnessMeter(const LoudnessSettings& settings);

    /// Feeds frames (any number, planar, settings().channels channels).
    /// Returns false, and ignores the block, when its channel count differs.
    /// NaN and infinite samples are taken as 0 and reported by
    /// saw_non_finite(). Realtime-safe.
    bool add(const ConstAudioBufferView& frames) noexcept CM_NONBLOCKING;

    /// Momentary loudness (LUFS) of the last 400 ms; -inf before 400 ms. Realtime-safe.
    [[nodiscard]] double momentary() const noexcept CM_NONBLOCKING;
    /// Short-term loudness (LUFS) of the last 3 s; -inf before 3 s. Realtime-safe.
    [[nodiscard]] double short_term() const noexcept CM_NONBLOCKING;
    /// The largest momentary loudness so far (LUFS); -inf before 400 ms.
    [[nodiscard]] double max_momentary() const noexcept { return max_momentary_; }
    /// The largest short-term loudness so far (LUFS); -inf before 3 s.
    [[nodiscard]] double max_short_term() const noexcept { return max_short_term_; }
    /// Gated integrated loudness (LUFS) of everything fed; -inf when no
    /// block passes the gates. O(blocks). Realtime-safe.
    [[nodiscard]] double integrated() const noexcept CM_NONBLOCKING;
    /// Loudness range (LU) of everything fed; 0 with fewer than two gated
    /// short-term values. Reorders the internal store (hence not const).
    /// Realtime-safe.
    [[nodiscard]] double loudness_range() noexcept CM_NONBLOCKING;
    /// True once a NaN or infinite sample was fed (and taken as 0).
    [[nodiscard]] bool saw_non_finite() const noexcept { return non_finite_; }
    /// Frames fed since construction or reset().
    [[nodiscard]] std::int64_t frames() const noexcept { return frames_; }
    /// True while every gating block still fits the exact store.
    [[nodiscard]] bool exact() const noexcept { return !overflowed_; }
    /// Starts a new measurement (keeps the allocation). Realtime-safe.
    void reset() noexcept CM_NONBLOCKING;

    /// The settings, with channel_kinds filled in.
    [[nodiscard]] const LoudnessSettings& settings() const noexcept { return settings_; }

    /// The K-weighting biquads for the settings' sample rate, {b0, b1, b2,
    /// a1, a2} each (a0 = 1): [0] the pre-filter, [1] the RLB high-pass.
    [[nodiscard]] const std::array<std::array<double, 5>, 2>& k_weighting() const noexcept { return filter_; }

private:
    void end_step() noexcept;
    void record(std::vector<double>& store, std::size_t& count, std::size_t histogram, double energy) noexcept;

    LoudnessSettings settings_;
    std::array<std::array<double, 5>, 2> filter_{};
    std::array<double, max_channels> weight_{};
    std::array<std::array<double, 4>, max_channels> state_{};  // two biquads' TDF-II states per channel
    std::size_t step_frames_ = 0;   // frames per 100 ms step
    std::size_t step_fill_ = 0;     // frames in the current step
    double step_sum_ = 0.0;         // weighted sum of squares in the current step
    std::array<double, 30> steps_{};  // sums of the last 30 complete steps (ring)
    std::size_t steps_done_ = 0;
    std::vector<double> blocks_;      // gating-block energies (>= -70 LUFS), exact store
    std::size_t block_count_ = 0;
    std::vector<double> short_terms_;  // short-term energies (>= -70 LUFS), exact store
    std::size_t short_term_count_ = 0;
    std::vector<double> hist_sum_;     // two histograms: energy sums per bin
    std::vector<std::uint64_t> hist_count_;
    bool overflowed_ = false;
    bool non_finite_ = false;
    std::int64_t frames_ = 0;
    double max_momentary_ = 0.0;
    double max_short_term_ = 0.0;
};

/// The summary of a whole programme.
struct LoudnessResult {
    double integrated_lufs = 0.0;      ///< gated; -inf for silence
    double loudness_range_lu = 0.0;    ///< EBU Tech 3342, 10 Hz short-term values
    double max_momentary_lufs = 0.0;   ///< -inf for a signal shorter than 400 ms
    double max_short_term_lufs = 0.0;  ///< -inf for a signal shorter than 3 s
    double true_peak_dbtp = 0.0;       ///< largest true peak of any channel (BS.1770-4 Annex 2)
};

/// Measures a whole signal: LoudnessMeter with the default channel kinds
/// (or `channel_kinds` when not empty) plus true_peak() per channel. Throws
/// cm::Error (Errc::InvalidArgument) as LoudnessMeter does, for an empty
/// view, or naming the first NaN/infinite sample. `progress`, when set, is
/// called with the fraction done. Thread-safe. Not realtime-safe.
[[nodiscard]] LoudnessResult measure_loudness(const ConstAudioBufferView& signal, double sample_rate,
                                              std::span<const LoudnessChannel> channel_kinds = {},
                                              const ProgressCallback& progress = {});

} // namespace cm::ca
