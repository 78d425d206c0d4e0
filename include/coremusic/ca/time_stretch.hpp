// coremusic/ca/time_stretch.hpp
// Changing duration without changing pitch, and pitch without duration, with
// the Rubber Band Library: offline for whole buffers, real-time for the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <system_error>

#include <coremusic/ca/progress.hpp>
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

/// Rubber Band's two engines.
enum class StretchEngine : std::uint8_t {
    /// R2: a fraction of R3's CPU. With StretchTransients::Crisp its phase
    /// resets make steady tones wobble in frequency (measured with Rubber
    /// Band 3.1.2: a 440 Hz sine came out between 437 and 448 Hz depending on
    /// the ratio and window, a -7 semitone shift 2.4 % flat); use Smooth
    /// transients (then exact) for tonal material.
    Faster,
    /// R3: several times the CPU, clearly better on mixes, vocals and bass,
    /// and exact on steady tones (440.00 Hz in the same measurement).
    Finer,
};

/// How the Faster (R2) engine treats transients (note onsets, drum hits).
/// The Finer engine handles transients itself and ignores this.
enum class StretchTransients : std::uint8_t {
    Crisp,   ///< reset phases at each transient: clear attacks (Rubber Band's default)
    Mixed,   ///< reset outside the range of musical fundamentals
    Smooth,  ///< never reset: smoother, softer attacks
};

/// What an offline stretch does.
struct StretchSettings {
    /// Output duration / input duration: 2.0 is twice as long (half the
    /// tempo), 0.5 half as long. In [1/64, 64].
    double time_ratio = 1.0;
    /// Frequency ratio of the pitch shift: 2.0 is an octave up. Multiplied
    /// with `semitones`; the product must lie in [1/16, 16] (4 octaves).
    double pitch_scale = 1.0;
    /// Pitch shift in equal-tempered semitones (+12 = octave up), applied on
    /// top of pitch_scale as a factor 2^(semitones / 12).
    double semitones = 0.0;
    /// Keep the spectral envelope (formants) when shifting pitch, so voices do
    /// not sound chipmunk-like.
    bool preserve_formants = false;
    StretchEngine engine = StretchEngine::Finer;
    StretchTransients transients = StretchTransients::Crisp;
    /// Frames handed to Rubber Band per study()/process() call. Changes
    /// nothing in the result but memory use and progress granularity.
    std::size_t block_size = 4096;
};

/// The frequency ratio of a shift by `semitones` equal-tempered semitones:
/// 2^(semitones / 12). Thread-safe. Realtime-safe.
[[nodiscard]] double semitones_to_pitch_scale(double semitones) noexcept;


/// Stretches and/or pitch-shifts `in` (1 to max_channels channels, finite
/// samples) at `sample_rate` (8000 to 192000 Hz, Rubber Band's range) in
/// Rubber Band's offline mode: the whole input is studied first, then
/// processed, and the stretcher is told the input length, so the output
/// starts in time with the input and has exactly llround(in.frames() *
/// time_ratio) frames. (Rubber Band aims for that length itself; where it
/// comes out a few frames off, the tail is padded with silence or trimmed
/// to the exact length. Rubber Band 3.1's Faster engine rounds n * ratio
/// down where llround rounds half up, so it can end one frame short.)
///
/// Throws cm::Error (Errc::InvalidArgument / OutOfRange) for an empty view,
/// a bad rate or ratio, or a NaN/infinite sample (the message gives its
/// channel and frame), and Errc::BackendUnavailable when the build has no
/// Rubber Band. An input of 0 frames gives 0 frames.
///
/// Thread-safe (no shared state). Not realtime-safe: it allocates and may
/// take seconds; `progress` is called after each block.
[[nodiscard]] AudioBuffer time_stretch(ConstAudioBufferView in, double sample_rate,
                                       const StretchSettings& settings,
                                       const ProgressCallback& progress = {});

/// As above, reporting bad arguments through `ec` (and returning an empty
/// buffer) instead of throwing. Allocation failure still throws.
[[nodiscard]] AudioBuffer time_stretch(ConstAudioBufferView in, double sample_rate,
                                       const StretchSettings& settings, std::error_code& ec,
                                       const ProgressCallback& progress = {});

/// Shifts the pitch of `in` by `semitones` keeping its duration (a
/// time_stretch with time_ratio 1). Throws as time_stretch().
[[nodiscard]] AudioBuffer pitch_shift(ConstAudioBufferView in, double sample_rate, double semitones,
                                      bool preserve_formants = false,
                                      StretchEngine engine = StretchEngine::Finer,
                                      const ProgressCallback& progress = {});

/// True when this build has Rubber Band (otherwise the functions above and
/// RealtimeStretcher throw Errc::BackendUnavailable). Thread-safe.
[[nodiscard]] bool time_stretch_available() noexcept;

/// How a RealtimeStretcher is set up (fixed at construction).
struct RealtimeStretchSettings {
    double time_ratio = 1.0;   ///< initial output/input duration, as StretchSettings
    double pitch_scale = 1.0;  ///< initial frequency ratio
    bool preserve_formants = false;
    /// Finer (R3) by default for its exact pitch; Faster (R2) with Smooth
    /// transients costs far less CPU when many streams run at once.
    StretchEngine engine = StretchEngine::Finer;
    StretchTransients transients = StretchTransients::Crisp;
    /// Rubber Band's OptionPitchHighConsistency: no clicks when the pitch
    /// scale changes while playing (it costs some CPU at pitch 1.0). Turn
    /// off only for a fixed pitch.
    bool smooth_pitch_changes = true;
    /// Feed Rubber Band's preferred start pad of silence at construction and
    /// drop its start delay from the output, so output frame 0 corresponds
    /// to input frame 0 (the offline mode's alignment).
    bool align_start = true;
};

/// Rubber Band in real-time mode, for a stream processed block by block on
/// an audio thread; the ratios may change while it runs.
///
///     cm::ca::RealtimeStretcher st{2, 48000.0, 512};     // control thread
///     st.set_time_ratio(1.25);                             // any time, any thread
///     // audio thread, per block:
///     std::size_t written = st.process(input_block, output_block);
///
/// Output flows at time_ratio times the input rate, after a start-up delay
/// (latency()); process() returns how many frames it wrote, which varies
/// from block to block: the caller keeps its own output FIFO (an
/// SpscRingBuffer) or calls process() with empty input to pull more.
///
/// Thread-safety: set_time_ratio() and set_pitch_scale() may be called from
/// any thread, concurrently with process(): they only store atomics, and
/// process() hands the new values to Rubber Band on the audio thread at the
/// start of the next block. (Rubber Band has no internal lock and forbids
/// calling its own setters concurrently with process(); this is how that is
/// honoured without a mutex.) Everything else belongs to one thread at a time.
///
/// Realtime-safety: process(), retrieve(), available(), samples_required(),
/// latency() and the setters do not allocate, lock or throw in our code. Rubber
/// Band's documentation (RubberBandStretcher.h, v3.1) states that in
/// real-time mode it "performs no allocation, locking, or blocking operations
/// after initialisation during normal use, even when the time and pitch
/// ratios change", with exceptions for error states, "extremely rapid changes
/// between extreme ratios", and blocks longer than the max block given to
/// setMaxProcessSize() (which process() therefore refuses), and when output
/// is left unretrieved long enough to overflow its buffer (process() retrieves
/// every call). The tests check the common path with an allocation/lock
/// counter. The constructor, reset() and the destructor are not realtime-safe.
class RealtimeStretcher {
public:
    /// A stretcher for `channels` channels at `sample_rate` (8000 to 192000 Hz)
    /// that will never be given more than `max_block` frames per process().
    /// Throws cm::Error for bad arguments or ratios, Errc::BackendUnavailable
    /// without Rubber Band. Not realtime-safe.
    RealtimeStretcher(std::size_t channels, double sample_rate, std::size_t max_block,
                      const RealtimeStretchSettings& settings = {});
    ~RealtimeStretcher();
    RealtimeStretcher(RealtimeStretcher&&) noexcept;
    RealtimeStretcher& operator=(RealtimeStretcher&&) noexcept;
    RealtimeStretcher(const RealtimeStretcher&) = delete;
    RealtimeStretcher& operator=(const RealtimeStretcher&) = delete;

    /// Requests a new time ratio (output/input duration, in [1/64, 64]),
    /// applied at the start of the next process(). Throws cm::Error for a
    /// ratio outside the range (checked before anything is stored).
    /// Thread-safe; realtime-safe for a valid ratio (an atomic store).
    void set_time_ratio(double ratio);
    /// Requests a new pitch scale (frequency ratio, in [1/16, 16]), applied
    /// at the start of the next process(). Throws as set_time_ratio().
    /// Thread-safe; realtime-safe for a valid scale.
    void set_pitch_scale(double scale);
    /// The last time ratio requested. Thread-safe. Realtime-safe.
    [[nodiscard]] double time_ratio() const noexcept;
    /// The last pitch scale requested. Thread-safe. Realtime-safe.
    [[nodiscard]] double pitch_scale() const noexcept;

    /// Feeds `in` (channels() channels, at most max_block() frames; may be
    /// empty) and writes up to out.frames() of the output now available into
    /// `out` (channels() channels). Returns the frames written; output not
    /// taken stays for the next call or retrieve(). Returns 0 and does
    /// nothing when the channel counts differ or `in` exceeds max_block().
    /// Audio thread. Realtime-safe (see the class comment).
    std::size_t process(ConstAudioBufferView in, AudioBufferView out) noexcept;
    /// Writes up to out.frames() frames of available output into `out`
    /// without feeding input; returns the frames written. Audio thread.
    /// Realtime-safe.
    std::size_t retrieve(AudioBufferView out) noexcept;
    /// Output frames ready to retrieve. Audio thread. Realtime-safe.
    [[nodiscard]] std::size_t available() const noexcept;
    /// Input frames Rubber Band wants before it can produce more output.
    /// Audio thread. Realtime-safe.
    [[nodiscard]] std::size_t samples_required() const noexcept;
    /// Frames the output lags the input at the current ratios (Rubber Band's
    /// start delay): what a host reports for latency compensation. With
    /// align_start this delay is already removed from the start of the
    /// output, but the output still trails the input by it in wall time.
    /// Audio thread. Realtime-safe.
    [[nodiscard]] std::size_t latency() const noexcept;

    /// Channels, rate and max block given at construction.
    [[nodiscard]] std::size_t channels() const noexcept;
    [[nodiscard]] double sample_rate() const noexcept;
    [[nodiscard]] std::size_t max_block() const noexcept;

    /// Forgets all buffered audio and starts again (with align_start, the
    /// start pad is fed again). Not realtime-safe (Rubber Band's reset()
    /// makes no promise); call it with the stream stopped.
    void reset();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::ca
