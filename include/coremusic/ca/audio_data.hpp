// coremusic/ca/audio_data.hpp
// AudioData: a whole file's samples and its sample rate, the value that
// load_audio() returns and save_audio() takes.
#pragma once

#include <cstddef>
#include <cstdint>

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

/// Planar float samples with the rate they were recorded at: a decoded file,
/// or audio to be saved.
///
///     cm::ca::AudioData data = cm::ca::load_audio("loop.flac");
///     std::printf("%zu ch, %.2f s\n", data.channels(), data.duration());
///
/// A value type (copying copies the samples). Thread-safety: as AudioBuffer.
/// Realtime-safety: the accessors; not copies (they allocate).
struct AudioData {
    /// The samples, one channel per row, in [-1, 1) for integer sources.
    AudioBuffer samples;
    /// Frames per second (0 for an empty AudioData).
    double sample_rate = 0.0;

    /// Frames per channel. Realtime-safe.
    [[nodiscard]] std::size_t frames() const noexcept CM_NONBLOCKING { return samples.frames(); }
    /// Number of channels (0 when empty). Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING { return samples.channels(); }
    /// True when there are no samples. Realtime-safe.
    [[nodiscard]] bool empty() const noexcept CM_NONBLOCKING { return samples.empty(); }
    /// frames() / sample_rate in seconds; 0 when sample_rate is not positive.
    /// Realtime-safe.
    [[nodiscard]] double duration() const noexcept CM_NONBLOCKING {
        return sample_rate > 0.0 ? static_cast<double>(samples.frames()) / sample_rate : 0.0;
    }
    /// A read-only view of all channels. Realtime-safe.
    [[nodiscard]] ConstAudioBufferView view() const noexcept CM_NONBLOCKING { return samples.view(); }
    /// A view of all channels. Realtime-safe.
    [[nodiscard]] AudioBufferView view() noexcept CM_NONBLOCKING { return samples.view(); }
};

} // namespace cm::ca
