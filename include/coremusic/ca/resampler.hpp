// coremusic/ca/resampler.hpp
// Sample-rate conversion: a streaming Resampler over planar float buffers
// (real-time safe in its default mode) and resample() for a whole buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <coremusic/core/audio_buffer.hpp>

namespace cm::ca {

/// How hard the converter works; each level is a recipe of the library
/// behind the ResamplerEngine (see there for the figures).
///
/// | quality  | Realtime (libsamplerate) | Offline (libsoxr)         |
/// |----------|--------------------------|---------------------------|
/// | Quick    | SRC_SINC_FASTEST         | SOXR_LQ  (16-bit, wide rolloff) |
/// | Medium   | SRC_SINC_MEDIUM_QUALITY  | SOXR_MQ  (16-bit)         |
/// | High     | SRC_SINC_BEST_QUALITY    | SOXR_HQ  (20-bit)         |
/// | VeryHigh | SRC_SINC_BEST_QUALITY    | SOXR_VHQ (28-bit)         |
enum class ResampleQuality : std::uint8_t { Quick, Medium, High, VeryHigh };

/// Which library converts. Measured by bench/ca_src_bench.cpp (stereo float,
/// 44.1 -> 48 kHz, 1024-frame blocks): libsoxr HQ runs ~50x and VHQ ~44x
/// faster than libsamplerate's SRC_SINC_BEST at the same quality class
/// (1 kHz THD+N about -134 / -150 dB for soxr HQ / VHQ and -148 dB for
/// SINC_BEST, all at the float noise floor; a 30 kHz tone taken 96 -> 44.1
/// kHz comes out at -148 / -155 / -153 dB). But soxr_process() grows its
/// internal FIFOs with malloc/realloc at unpredictable calls, even after
/// warm-up (measured: 2-4 allocations in 3000 calls of random block sizes),
/// while src_process() never allocates. So the real-time engine is
/// libsamplerate and the faster soxr serves offline work.
enum class ResamplerEngine : std::uint8_t {
    /// libsamplerate: process(), flush() and reset() neither allocate, lock
    /// nor throw. For the audio thread.
    Realtime,
    /// libsoxr: many times faster at equal quality, but process() may
    /// allocate. For files and whole buffers (convert(), resample()). Falls
    /// back to libsamplerate when coremusic is built without libsoxr.
    Offline,
};

/// What one process() call did.
struct ResampleResult {
    std::size_t frames_read = 0;     ///< input frames consumed (pass the rest again)
    std::size_t frames_written = 0;  ///< output frames produced
};

/// A streaming sample-rate converter for a fixed rate pair and channel
/// count. Feed planar blocks of any size to process(); at the end call
/// flush() until it returns 0. The output is time-aligned with the input
/// (the filter's delay is compensated) and, after flush(), holds exactly
/// llround(input frames x to_rate / from_rate) frames in total.
///
///     cm::ca::Resampler r{44100.0, 48000.0, 2};
///     // audio thread:
///     auto res = r.process(in_block, out_block);   // out: room for max_output_frames(in)
///
/// Thread-safety: none; one thread at a time. Realtime-safety (engine
/// Realtime): process(), flush(), reset() and the accessors are; the
/// constructor, moves onto a live object and the destructor are not.
/// Engine Offline: nothing is.
class Resampler {
public:
    /// A converter from `from_rate` to `to_rate` Hz for `channels` channels.
    /// `max_block` bounds the frames handled per internal step (scratch is
    /// allocated for it here; longer blocks are processed in steps).
    /// Throws cm::Error (Errc::InvalidArgument) for rates that are not finite
    /// and positive or above 4 MHz, 0 or more than max_channels channels, a
    /// ratio outside [1/256, 256] or max_block 0; Errc::BackendUnavailable
    /// when the engine's library is not built in. Not realtime-safe.
    Resampler(double from_rate, double to_rate, std::size_t channels,
              ResampleQuality quality = ResampleQuality::High,
              ResamplerEngine engine = ResamplerEngine::Realtime, std::size_t max_block = 4096);
    ~Resampler();
    Resampler(Resampler&& other) noexcept;
    Resampler& operator=(Resampler&& other) noexcept;
    Resampler(const Resampler&) = delete;
    Resampler& operator=(const Resampler&) = delete;

    /// Converts as much of `in` as fits: returns the input frames consumed
    /// and the output frames written to the start of `out`. All of `in` is
    /// consumed when `out` has at least max_output_frames(in.frames())
    /// frames. Channel counts must equal channels() (otherwise nothing is
    /// done and {0, 0} returned). Realtime-safe with engine Realtime.
    ResampleResult process(ConstAudioBufferView in, AudioBufferView out) noexcept;

    /// After the last input: writes the frames still owed (the filter's tail,
    /// then zeros if the library ends short) to `out` and returns how many;
    /// 0 once the stream is complete. process() after flush() needs reset().
    /// Realtime-safe with engine Realtime.
    std::size_t flush(AudioBufferView out) noexcept;

    /// Forgets all input so the converter starts a new stream.
    /// Realtime-safe with engine Realtime.
    void reset() noexcept;

    /// Output frames owed for the input consumed so far but not yet written:
    /// the converter's current latency, in output frames. Realtime-safe.
    [[nodiscard]] std::int64_t latency() const noexcept;

    /// Room that guarantees process() consumes `input_frames` frames in one
    /// call: ceil(input_frames x ratio) plus the engine's burst allowance.
    /// Realtime-safe.
    [[nodiscard]] std::size_t max_output_frames(std::size_t input_frames) const noexcept;

    [[nodiscard]] double from_rate() const noexcept;          ///< input rate, Hz
    [[nodiscard]] double to_rate() const noexcept;            ///< output rate, Hz
    [[nodiscard]] std::size_t channels() const noexcept;      ///< channels per frame
    [[nodiscard]] ResampleQuality quality() const noexcept;   ///< as constructed
    [[nodiscard]] ResamplerEngine engine() const noexcept;    ///< the engine in use (after fallback)

    /// Opaque engine state (defined in src/ca/resampler.cpp).
    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

/// `in` (at `from_rate`) converted to `to_rate`: exactly
/// llround(in.frames() x to_rate / from_rate) frames, time-aligned, with
/// ResamplerEngine::Offline. Equal rates give a copy. Throws as Resampler's
/// constructor, and cm::Error (Errc::InvalidArgument) for an empty view
/// (no channels). Thread-safe (no shared state). Not realtime-safe.
[[nodiscard]] AudioBuffer resample(ConstAudioBufferView in, double from_rate, double to_rate,
                                   ResampleQuality quality = ResampleQuality::High);

} // namespace cm::ca
