// coremusic/core/audio_buffer.hpp
// Views over planar and interleaved float audio, and the owning planar buffer:
// the common currency between devices, files and processing code.
#pragma once

#include <coremusic/core/config.hpp>
#include <coremusic/core/error.hpp>

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

namespace cm {

/// Most channels a planar view can describe. Views keep their channel
/// pointers inline (no allocation, no pointer array the caller must keep
/// alive), so this bounds their size: 64 pointers plus two counts, 528 bytes.
inline constexpr std::size_t max_channels = 64;

namespace detail {

// The buffer operations promise the compiler that outputs and inputs do not
// overlap, after checking it at run time (ranges_overlap below); without the
// promise GCC's -O2 vectoriser gives up on any loop with two pointers.
#if defined(__GNUC__) || defined(__clang__) || defined(_MSC_VER)
#define CM_DETAIL_RESTRICT __restrict
#else
#define CM_DETAIL_RESTRICT
#endif

/// Samples per run in the buffer loops. GCC 12 at -O2 uses the "very
/// cheap" vectoriser cost model, which only vectorises a loop whose trip
/// count is known to be a multiple of the vector width; every loop therefore
/// runs over whole_runs(n) samples, written `n & ~(simd_block - 1)` so the
/// compiler can see that, then over the few left in a scalar tail. 16 floats
/// fill one AVX-512 register, two AVX or four SSE registers.
inline constexpr std::size_t simd_block = 16;

// Unrolls the vectorised main loop of each kernel 4 times. A loop of one
// vector load, multiply and store is so short that where its branch falls
// relative to 32-byte boundaries decided its speed by 3-4x on the
// benchmark machine (AMD Zen 3); four vectors per branch make it robust.
#if defined(__GNUC__) || defined(__clang__)
#define CM_DETAIL_UNROLL _Pragma("GCC unroll 4")
#else
#define CM_DETAIL_UNROLL
#endif

// Unrolls a loop over the simd_block samples of one run completely. GCC -O3
// does that by itself; -O2 would instead vectorise it as a little loop of
// four iterations around loads and stores of the lane accumulators
// (measured 2-3x slower for peak() and rms()).
#if defined(__GNUC__) || defined(__clang__)
#define CM_DETAIL_UNROLL_RUN _Pragma("GCC unroll 16")
#else
#define CM_DETAIL_UNROLL_RUN
#endif

/// n rounded down to a multiple of simd_block, in the form the vectoriser
/// recognises (a mask, not n - n % 16). Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::size_t whole_runs(std::size_t n) noexcept {
    return n & ~(simd_block - 1);
}

/// True when the byte ranges [a, a + a_bytes) and [b, b + b_bytes) share a
/// byte. Thread-safe. Realtime-safe.
[[nodiscard]] inline bool ranges_overlap(const void* a, std::size_t a_bytes, const void* b,
                                         std::size_t b_bytes) noexcept CM_NONBLOCKING {
    const auto pa = reinterpret_cast<std::uintptr_t>(a);
    const auto pb = reinterpret_cast<std::uintptr_t>(b);
    return a_bytes != 0 && b_bytes != 0 && pa < pb + b_bytes && pb < pa + a_bytes;
}

/// dst[i] = op(src[i]) for i < n, vectorisable. src and dst must not overlap.
/// Thread-safe. Realtime-safe.
template <class Src, class Dst, class Op>
inline void map_samples(const Src* CM_DETAIL_RESTRICT src, Dst* CM_DETAIL_RESTRICT dst,
                        std::size_t n, Op op) noexcept CM_NONBLOCKING {
    const std::size_t whole = whole_runs(n);
    CM_DETAIL_UNROLL
    for (std::size_t i = 0; i < whole; ++i) dst[i] = op(src[i]);
    for (std::size_t i = whole; i < n; ++i) dst[i] = op(src[i]);
}

/// dst[i] = op(src[i]) one sample at a time, in order: the defined (if rarely
/// useful) result for overlapping spans. Thread-safe. Realtime-safe.
template <class Src, class Dst, class Op>
inline void map_samples_in_order(const Src* src, Dst* dst, std::size_t n,
                                 Op op) noexcept CM_NONBLOCKING {
    for (std::size_t i = 0; i < n; ++i) dst[i] = op(src[i]);
}

/// map_samples when src and dst do not overlap, map_samples_in_order when
/// they do. Thread-safe. Realtime-safe.
template <class Src, class Dst, class Op>
inline void map_samples_checked(const Src* src, Dst* dst, std::size_t n,
                                Op op) noexcept CM_NONBLOCKING {
    if (ranges_overlap(src, n * sizeof(Src), dst, n * sizeof(Dst))) {
        map_samples_in_order(src, dst, n, op);
    } else {
        map_samples(src, dst, n, op);
    }
}

/// Tag for the unchecked planar view constructor used by owners that have
/// validated their layout already (AudioBuffer, PooledBuffer).
struct UncheckedPlanar {};

/// Rounds frames up so each channel of a contiguous planar block starts on a
/// cache line; returns 0 on overflow.
[[nodiscard]] constexpr std::size_t padded_channel_stride(std::size_t frames) noexcept {
    constexpr std::size_t per_line = cache_line_size / sizeof(float);
    if (frames > std::numeric_limits<std::size_t>::max() - per_line) return 0;
    return (frames + per_line - 1) / per_line * per_line;
}

[[noreturn]] inline void throw_layout_error(Errc code, const std::string& message) {
    throw AudioFormatError(make_error_code(code), message);
}

/// Throws AudioFormatError unless 1 <= channels <= max_channels.
inline void check_channel_count(std::size_t channels, const char* what) {
    if (channels == 0) {
        throw_layout_error(Errc::InvalidArgument,
                           std::string(what) + ": a buffer needs at least 1 channel (got 0)");
    }
    if (channels > max_channels) {
        throw_layout_error(Errc::OutOfRange, std::string(what) + ": " + std::to_string(channels) +
                                                 " channels exceed the maximum of " +
                                                 std::to_string(max_channels));
    }
}

} // namespace detail

/// Non-owning view of planar audio: 1 to max_channels channels of equal
/// length, each a contiguous run of samples. `T` is `float` (mutable samples,
/// AudioBufferView) or `const float` (ConstAudioBufferView); a mutable view
/// converts to a const one. Like std::span, copying a view copies pointers,
/// never samples, and constness of the view does not make samples const.
///
/// The channel pointers are stored inside the view, so the array they came
/// from (a device callback's `float**`, an AudioBufferList) need not outlive
/// it; the samples must.
///
/// Thread-safety: a view is a value; distinct threads may use distinct copies.
/// Writing the same samples from two threads is a data race, as with spans.
/// Realtime-safety: everything but the throwing constructors.
template <class T>
class BasicAudioBufferView {
    static_assert(std::is_same_v<std::remove_const_t<T>, float>,
                  "audio buffer views hold float or const float samples");

public:
    /// float or const float.
    using element_type = T;

    /// An empty view: no channels, no frames. Realtime-safe.
    constexpr BasicAudioBufferView() noexcept = default;

    /// A view of the given channels, which must all have the same length.
    /// Throws AudioFormatError when there are no channels, more than
    /// max_channels, or the lengths differ. Not realtime-safe (may throw).
    BasicAudioBufferView(std::span<const std::span<T>> channels) {
        detail::check_channel_count(channels.size(), "AudioBufferView");
        const std::size_t frames = channels[0].size();
        for (std::size_t c = 1; c < channels.size(); ++c) {
            if (channels[c].size() != frames) {
                detail::throw_layout_error(
                    Errc::InvalidArgument,
                    "AudioBufferView: channel " + std::to_string(c) + " has " +
                        std::to_string(channels[c].size()) +
                        " frames but channel 0 has " + std::to_string(frames) +
                        "; all channels must have the same length");
            }
        }
        for (std::size_t c = 0; c < channels.size(); ++c) channels_[c] = channels[c].data();
        channel_count_ = channels.size();
        frames_ = frames;
    }

    /// `AudioBufferView view{left, right};` with spans (or vectors) of equal
    /// length. Same checks as the span-of-spans constructor.
    BasicAudioBufferView(std::initializer_list<std::span<T>> channels)
        : BasicAudioBufferView(std::span<const std::span<T>>(channels.begin(), channels.size())) {}

    /// A view of `channel_count` channels of `frames` samples each, from an
    /// array of channel pointers (the `float**` of JACK, ASIO or a gathered
    /// AudioBufferList). The pointers are copied. Throws AudioFormatError for
    /// 0 or more than max_channels channels, or a null channel pointer when
    /// frames > 0. Not realtime-safe (may throw); see try_make().
    BasicAudioBufferView(T* const* channel_data, std::size_t channel_count, std::size_t frames) {
        detail::check_channel_count(channel_count, "AudioBufferView");
        if (channel_data == nullptr) {
            detail::throw_layout_error(Errc::InvalidArgument,
                                       "AudioBufferView: the channel pointer array is null");
        }
        for (std::size_t c = 0; c < channel_count; ++c) {
            if (channel_data[c] == nullptr && frames != 0) {
                detail::throw_layout_error(Errc::InvalidArgument,
                                           "AudioBufferView: channel " + std::to_string(c) +
                                               " is null but frames is " + std::to_string(frames));
            }
            channels_[c] = channel_data[c];
        }
        channel_count_ = channel_count;
        frames_ = frames;
    }

    /// The pointer-array constructor for the audio thread: an empty optional
    /// instead of an exception when the arguments are invalid.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static std::optional<BasicAudioBufferView>
    try_make(T* const* channel_data, std::size_t channel_count, std::size_t frames) noexcept
        CM_NONBLOCKING {
        if (channel_data == nullptr || channel_count == 0 || channel_count > max_channels) {
            return std::nullopt;
        }
        BasicAudioBufferView view;
        for (std::size_t c = 0; c < channel_count; ++c) {
            if (channel_data[c] == nullptr && frames != 0) return std::nullopt;
            view.channels_[c] = channel_data[c];
        }
        view.channel_count_ = channel_count;
        view.frames_ = frames;
        return view;
    }

    /// Internal: contiguous planar storage whose layout the caller has
    /// validated (1..max_channels channels, `stride` >= frames). Realtime-safe.
    BasicAudioBufferView(detail::UncheckedPlanar, T* data, std::size_t frames, std::size_t channels,
                         std::size_t stride) noexcept CM_NONBLOCKING
        : channel_count_(channels),
          frames_(frames) {
        assert(channels <= max_channels);
        for (std::size_t c = 0; c < channels; ++c) channels_[c] = data + c * stride;
    }

    /// A mutable view is also a const view. Realtime-safe.
    template <class U>
        requires(std::is_same_v<T, const U> && !std::is_const_v<U>)
    BasicAudioBufferView(const BasicAudioBufferView<U>& other) noexcept CM_NONBLOCKING
        : channel_count_(other.channels()),
          frames_(other.frames()) {
        for (std::size_t c = 0; c < channel_count_; ++c) channels_[c] = other.data()[c];
    }

    /// Number of channels (0 only for an empty view). Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING { return channel_count_; }

    /// Samples per channel. Realtime-safe.
    [[nodiscard]] std::size_t frames() const noexcept CM_NONBLOCKING { return frames_; }

    /// True when the view has no samples. Realtime-safe.
    [[nodiscard]] bool empty() const noexcept CM_NONBLOCKING {
        return channel_count_ == 0 || frames_ == 0;
    }

    /// The samples of one channel. Precondition: index < channels() (checked
    /// by assert, as std::span::operator[]). Realtime-safe.
    [[nodiscard]] std::span<T> channel(std::size_t index) const noexcept CM_NONBLOCKING {
        assert(index < channel_count_);
        return {channels_[index], frames_};
    }

    /// The channel pointers, channels() of them: what a C API taking
    /// `float**` wants. Valid while the view lives. Realtime-safe.
    [[nodiscard]] T* const* data() const noexcept CM_NONBLOCKING { return channels_.data(); }

    /// The frames [offset, offset + count) of every channel, clipped to the
    /// view: an offset past the end gives 0 frames, a count past the end is
    /// shortened. Realtime-safe.
    [[nodiscard]] BasicAudioBufferView subview(
        std::size_t offset,
        std::size_t count = std::numeric_limits<std::size_t>::max()) const noexcept CM_NONBLOCKING {
        BasicAudioBufferView view = *this;
        const std::size_t start = offset < frames_ ? offset : frames_;
        const std::size_t left = frames_ - start;
        view.frames_ = count < left ? count : left;
        for (std::size_t c = 0; c < channel_count_; ++c) {
            // A null channel (possible only with 0 frames) stays null.
            if (channels_[c] != nullptr) view.channels_[c] = channels_[c] + start;
        }
        return view;
    }

private:
    template <class>
    friend class BasicAudioBufferView;

    std::array<T*, max_channels> channels_{};
    std::size_t channel_count_ = 0;
    std::size_t frames_ = 0;
};

/// A planar view whose samples may be written.
using AudioBufferView = BasicAudioBufferView<float>;
/// A planar view whose samples are read only.
using ConstAudioBufferView = BasicAudioBufferView<const float>;

/// Non-owning view of interleaved audio: frames of `channels()` consecutive
/// samples (L R L R ... for stereo), the layout of most files and of CoreAudio
/// and ALSA interleaved streams. `T` is `float` (InterleavedView) or
/// `const float` (ConstInterleavedView).
///
/// Thread-safety: a value, as BasicAudioBufferView. Realtime-safety:
/// everything but the throwing constructor.
template <class T>
class BasicInterleavedView {
    static_assert(std::is_same_v<std::remove_const_t<T>, float>,
                  "interleaved views hold float or const float samples");

public:
    /// float or const float.
    using element_type = T;

    /// An empty view. Realtime-safe.
    constexpr BasicInterleavedView() noexcept = default;

    /// `samples` holds whole frames of `channels` samples each. Throws
    /// AudioFormatError for 0 or more than max_channels channels, or when the
    /// sample count is not a multiple of the channel count. Not
    /// realtime-safe (may throw); see try_make().
    BasicInterleavedView(std::span<T> samples, std::size_t channels)
        : samples_(samples),
          channel_count_(channels) {
        detail::check_channel_count(channels, "InterleavedView");
        if (samples.size() % channels != 0) {
            detail::throw_layout_error(
                Errc::InvalidArgument,
                "InterleavedView: " + std::to_string(samples.size()) +
                    " samples is not a whole number of " + std::to_string(channels) +
                    "-channel frames (" + std::to_string(samples.size() % channels) +
                    " samples left over)");
        }
    }

    /// The constructor for the audio thread: an empty optional instead of an
    /// exception. Thread-safe. Realtime-safe.
    [[nodiscard]] static std::optional<BasicInterleavedView> try_make(std::span<T> samples,
                                                                      std::size_t channels) noexcept
        CM_NONBLOCKING {
        if (channels == 0 || channels > max_channels || samples.size() % channels != 0) {
            return std::nullopt;
        }
        BasicInterleavedView view;
        view.samples_ = samples;
        view.channel_count_ = channels;
        return view;
    }

    /// A mutable view is also a const view. Realtime-safe.
    template <class U>
        requires(std::is_same_v<T, const U> && !std::is_const_v<U>)
    BasicInterleavedView(const BasicInterleavedView<U>& other) noexcept CM_NONBLOCKING
        : samples_(other.samples()),
          channel_count_(other.channels()) {}

    /// Samples per frame (0 only for an empty view). Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING { return channel_count_; }

    /// Number of frames. Realtime-safe.
    [[nodiscard]] std::size_t frames() const noexcept CM_NONBLOCKING {
        return channel_count_ == 0 ? 0 : samples_.size() / channel_count_;
    }

    /// True when the view has no samples. Realtime-safe.
    [[nodiscard]] bool empty() const noexcept CM_NONBLOCKING { return samples_.empty(); }

    /// All samples, frame after frame. Realtime-safe.
    [[nodiscard]] std::span<T> samples() const noexcept CM_NONBLOCKING { return samples_; }

    /// First sample. Realtime-safe.
    [[nodiscard]] T* data() const noexcept CM_NONBLOCKING { return samples_.data(); }

    /// The channels() samples of one frame. Precondition: index < frames()
    /// (assert). Realtime-safe.
    [[nodiscard]] std::span<T> frame(std::size_t index) const noexcept CM_NONBLOCKING {
        assert(index < frames());
        return samples_.subspan(index * channel_count_, channel_count_);
    }

    /// One sample. Preconditions: frame_index < frames(), channel < channels()
    /// (assert). Realtime-safe.
    [[nodiscard]] T& sample(std::size_t frame_index, std::size_t channel) const noexcept
        CM_NONBLOCKING {
        assert(frame_index < frames() && channel < channel_count_);
        return samples_[frame_index * channel_count_ + channel];
    }

private:
    std::span<T> samples_;
    std::size_t channel_count_ = 0;
};

/// An interleaved view whose samples may be written.
using InterleavedView = BasicInterleavedView<float>;
/// An interleaved view whose samples are read only.
using ConstInterleavedView = BasicInterleavedView<const float>;

/// Owning planar audio: `channels` channels of `frames` float samples in one
/// contiguous, zero-filled allocation. Each channel starts on a cache line
/// (channel_stride() >= frames) so channel loops start aligned and two
/// threads working on different channels never share a line.
///
/// A value type: copying copies the samples. Allocation happens in the
/// constructors, copy assignment and resize(), which belong off the audio
/// thread; the audio thread works through view() and channel().
///
/// Thread-safety: as a standard container (const members may be called
/// concurrently; anything else needs external synchronisation).
/// Realtime-safety: accessors, view(), clear(), swap and moves; not the
/// constructors, copies or resize().
class AudioBuffer {
public:
    /// No channels, no frames, no allocation. Realtime-safe.
    AudioBuffer() noexcept = default;

    /// `channels` channels of `frames` zero samples. Throws AudioFormatError
    /// for 0 or more than max_channels channels, cm::Error (code
    /// std::errc::value_too_large) when the size overflows, std::bad_alloc
    /// when memory runs out. Not realtime-safe.
    AudioBuffer(std::size_t frames, std::size_t channels) { resize(frames, channels); }

    /// Copies the samples. Not realtime-safe.
    AudioBuffer(const AudioBuffer& other) : AudioBuffer() {
        if (other.channels_ == 0) return;
        resize(other.frames_, other.channels_);
        copy_samples_from(other);
    }

    /// Takes the storage; `other` becomes empty. Realtime-safe.
    AudioBuffer(AudioBuffer&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          bytes_(std::exchange(other.bytes_, 0)),
          frames_(std::exchange(other.frames_, 0)),
          channels_(std::exchange(other.channels_, 0)),
          stride_(std::exchange(other.stride_, 0)) {}

    /// Copies the samples (strong guarantee). Not realtime-safe.
    AudioBuffer& operator=(const AudioBuffer& other) {
        if (this != &other) {
            AudioBuffer copy(other);
            swap(copy);
        }
        return *this;
    }

    /// Takes the storage; frees the old one (not realtime-safe when this
    /// buffer held samples: it deallocates).
    AudioBuffer& operator=(AudioBuffer&& other) noexcept {
        AudioBuffer moved(std::move(other));
        swap(moved);
        return *this;
    }

    /// Frees the storage. Not realtime-safe.
    ~AudioBuffer() { release(); }

    /// Exchanges storage with another buffer. Realtime-safe.
    void swap(AudioBuffer& other) noexcept CM_NONBLOCKING {
        std::swap(data_, other.data_);
        std::swap(bytes_, other.bytes_);
        std::swap(frames_, other.frames_);
        std::swap(channels_, other.channels_);
        std::swap(stride_, other.stride_);
    }

    /// Reshapes to `frames` x `channels`, all samples zero afterwards (the old
    /// contents are not kept). Reallocates only when the new shape needs more
    /// memory than the buffer holds. Throws as the constructor; on a throw the
    /// buffer is unchanged. Not realtime-safe: call it off the audio thread.
    void resize(std::size_t frames, std::size_t channels) {
        detail::check_channel_count(channels, "AudioBuffer");
        const std::size_t stride = detail::padded_channel_stride(frames);
        if (stride == 0 && frames != 0) throw_too_large(frames, channels);
        if (stride != 0 && channels > std::numeric_limits<std::size_t>::max() / sizeof(float) / stride) {
            throw_too_large(frames, channels);
        }
        const std::size_t bytes = stride * channels * sizeof(float);
        if (bytes > bytes_) {
            float* fresh = static_cast<float*>(::operator new(bytes, std::align_val_t{alignment}));
            release();
            data_ = fresh;
            bytes_ = bytes;
        }
        frames_ = frames;
        channels_ = channels;
        stride_ = stride;
        clear();
    }

    /// Sets every sample to zero. Realtime-safe.
    void clear() noexcept CM_NONBLOCKING {
        if (data_ != nullptr) std::memset(data_, 0, stride_ * channels_ * sizeof(float));
    }

    /// Number of channels (0 for a default-constructed buffer). Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING { return channels_; }

    /// Samples per channel. Realtime-safe.
    [[nodiscard]] std::size_t frames() const noexcept CM_NONBLOCKING { return frames_; }

    /// Floats from the start of one channel to the start of the next:
    /// frames() rounded up to a whole cache line. Realtime-safe.
    [[nodiscard]] std::size_t channel_stride() const noexcept CM_NONBLOCKING { return stride_; }

    /// True when the buffer holds no samples. Realtime-safe.
    [[nodiscard]] bool empty() const noexcept CM_NONBLOCKING { return channels_ == 0 || frames_ == 0; }

    /// One channel's samples. Precondition: index < channels() (assert).
    /// Realtime-safe.
    [[nodiscard]] std::span<float> channel(std::size_t index) noexcept CM_NONBLOCKING {
        assert(index < channels_);
        return {data_ + index * stride_, frames_};
    }

    /// One channel's samples, read only. Precondition: index < channels().
    /// Realtime-safe.
    [[nodiscard]] std::span<const float> channel(std::size_t index) const noexcept CM_NONBLOCKING {
        assert(index < channels_);
        return {data_ + index * stride_, frames_};
    }

    /// A view of all channels. Realtime-safe.
    [[nodiscard]] AudioBufferView view() noexcept CM_NONBLOCKING {
        if (channels_ == 0) return {};
        return {detail::UncheckedPlanar{}, data_, frames_, channels_, stride_};
    }

    /// A read-only view of all channels. Realtime-safe.
    [[nodiscard]] ConstAudioBufferView view() const noexcept CM_NONBLOCKING {
        if (channels_ == 0) return {};
        return {detail::UncheckedPlanar{}, data_, frames_, channels_, stride_};
    }

    /// Lets a buffer be passed where a view is expected. Realtime-safe.
    operator AudioBufferView() noexcept CM_NONBLOCKING { return view(); }
    /// Lets a const buffer be passed where a const view is expected.
    /// Realtime-safe.
    operator ConstAudioBufferView() const noexcept CM_NONBLOCKING { return view(); }

private:
    static constexpr std::size_t alignment = cache_line_size;

    [[noreturn]] static void throw_too_large(std::size_t frames, std::size_t channels) {
        throw Error(std::make_error_code(std::errc::value_too_large),
                    "AudioBuffer: " + std::to_string(frames) + " frames x " +
                        std::to_string(channels) + " channels does not fit in memory");
    }

    void copy_samples_from(const AudioBuffer& other) noexcept {
        for (std::size_t c = 0; c < channels_; ++c) {
            if (frames_ != 0) {
                std::memcpy(data_ + c * stride_, other.data_ + c * other.stride_,
                            frames_ * sizeof(float));
            }
        }
    }

    void release() noexcept {
        if (data_ != nullptr) ::operator delete(data_, bytes_, std::align_val_t{alignment});
        data_ = nullptr;
        bytes_ = 0;
    }

    float* data_ = nullptr;
    std::size_t bytes_ = 0; // allocated, >= stride_ * channels_ * sizeof(float)
    std::size_t frames_ = 0;
    std::size_t channels_ = 0;
    std::size_t stride_ = 0;
};

} // namespace cm
