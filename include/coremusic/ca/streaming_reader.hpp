// coremusic/ca/streaming_reader.hpp
// Playing a file from disk on the audio thread: a reader thread prefetches
// frames into a lock-free ring so the real-time consumer never touches the disk.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

/// How a StreamingReader buffers. The defaults suit a player at 44.1 or
/// 48 kHz: about 0.7 s of look-ahead, read from disk 4096 frames at a time.
struct StreamingReaderSettings {
    /// Look-ahead: the reader thread keeps at least this many frames buffered
    /// ahead of the consumer (and after a seek() it reads this many of the new
    /// position at once, even while the old position's frames still fill the
    /// ring). The ring holds a little over twice this. At least 1.
    std::size_t prefetch_frames = 32768;
    /// Frames per disk read; 1 to prefetch_frames.
    std::size_t read_block_frames = 4096;
    /// How long the idle reader thread sleeps before it looks again whether
    /// the consumer has made room. The consumer cannot wake it (that would
    /// take a futex syscall on the audio thread), so room freed by the
    /// consumer is noticed within this delay; it must stay well below the
    /// prefetch duration (prefetch_frames / sample rate). Each look costs a
    /// wakeup of a few microseconds. seek(), set_loop(), clear_loop() and
    /// stop() wake the thread at once. At least 1 microsecond.
    std::chrono::microseconds poll_interval{5000};
};

/// Streams an audio file from disk to a real-time consumer.
///
///     cm::ca::StreamingReader reader{"take.wav"};
///     reader.start();
///     reader.wait_until_primed(std::chrono::seconds{2});   // optional
///     // audio callback:
///     reader.read(output);            // never blocks; silence on underrun
///
/// A reader thread (started by start(), stopped by stop() or the destructor)
/// reads the file (any type AudioFile reads) ahead of the consumer into a
/// wait-free ring; read() only copies out of that ring. When the ring holds
/// fewer frames than asked for, read() delivers what is there, fills the rest
/// with silence and counts an underrun; the stream itself does not skip, so
/// the next read() continues with the frame that was missing.
///
/// seek() and the loop points are control-thread calls. Each seek() starts a
/// new generation: frames of an older position still in the ring are
/// dropped by the consumer, never played, and position() jumps at once. With
/// a loop [start, end) set, the reader thread reads on from `end - 1` to
/// `start` in one stream, so the consumer wraps without a gap. A loop only
/// affects the reader when it reaches `end`: from a position at or past the
/// end it plays on to the end of the file, and a loop set or cleared while
/// playing applies to frames not yet prefetched (up to prefetch_frames
/// frames already buffered play as they were read; call seek() after
/// set_loop() for an immediate change).
///
/// Errors on the reader thread (a read that fails, a file shorter than its
/// header) never reach the consumer: failed() turns true, error() and
/// error_message() say why, and the consumer hears silence (underruns).
///
/// Thread-safety: read(), position(), at_end(), underruns(), failed() and
/// buffered_frames() may be called from the consumer (audio) thread while
/// the control thread calls the rest. read() is for one consumer thread
/// at a time. The control-thread calls may be made from any non-real-time
/// thread but must not overlap one another.
/// Realtime-safety: read() and the const queries marked so; the rest
/// lock, allocate, start or join threads.
class StreamingReader {
public:
    /// Opens `path` for reading; the reader thread starts with start().
    /// Throws AudioFileError as AudioFile::open() does, and cm::Error
    /// (Errc::InvalidArgument) for settings out of range.
    explicit StreamingReader(const std::filesystem::path& path,
                             const StreamingReaderSettings& settings = {});

    /// Stops the reader thread and closes the file.
    ~StreamingReader();

    /// Moves the stream; `other` is left empty (its read() gives silence, its
    /// control calls throw). Must not overlap any call on either object.
    StreamingReader(StreamingReader&& other) noexcept;
    /// As the move constructor; stops this reader's thread first.
    StreamingReader& operator=(StreamingReader&& other) noexcept;
    StreamingReader(const StreamingReader&) = delete;
    StreamingReader& operator=(const StreamingReader&) = delete;

    /// Starts (or restarts after stop()) the reader thread; does nothing when
    /// it runs. Throws std::system_error when no thread can be started.
    /// Control thread. Not realtime-safe.
    void start();
    /// Stops the reader thread and waits for it. Frames already buffered stay
    /// readable. Does nothing when stopped. Control thread. Not realtime-safe.
    void stop() noexcept;
    /// True between start() and stop(). Thread-safe. Realtime-safe.
    [[nodiscard]] bool running() const noexcept CM_NONBLOCKING;

    /// Makes `frame` (0 to frame_count()) the next frame the consumer hears.
    /// Frames of the old position still buffered are dropped; until the
    /// reader thread has read the new position, read() gives silence
    /// (counted as underruns); wait_until_primed() waits for it. Clears
    /// failed(): the reader tries again from `frame`. Throws cm::Error
    /// (Errc::OutOfRange) for a frame outside the file.
    /// Control thread. Not realtime-safe.
    void seek(std::int64_t frame);

    /// Loops [start, end): after frame end - 1 the stream continues with
    /// `start`. Needs 0 <= start < end <= frame_count(); throws cm::Error
    /// (Errc::OutOfRange) otherwise. See the class comment for when it
    /// applies. Control thread. Not realtime-safe.
    void set_loop(std::int64_t start, std::int64_t end);
    /// Plays on to the end of the file from the next frame not yet
    /// prefetched. Control thread. Not realtime-safe.
    void clear_loop() noexcept;
    /// True while a loop is set. Control thread. Not realtime-safe.
    [[nodiscard]] bool looping() const;

    /// Waits until the reader thread has buffered the current position's
    /// look-ahead (prefetch_frames, or up to the end of the file, or as
    /// much as the ring takes) or has failed; false when `timeout` passed
    /// first. Starts nothing: call start() first.
    /// Control thread. Not realtime-safe (blocks).
    [[nodiscard]] bool wait_until_primed(std::chrono::milliseconds timeout) const;

    /// Fills `out` (planar, channels() channels) with the next frames of the
    /// stream and returns how many were delivered; the rest of `out` is
    /// silence. Fewer than out.frames() before the end is an underrun and is
    /// counted. A view with the wrong channel count gets silence and 0 (not
    /// counted). Consumer thread. Realtime-safe: no lock, allocation,
    /// syscall or throw.
    std::size_t read(AudioBufferView out) noexcept CM_NONBLOCKING;
    /// As above, into interleaved `out`.
    std::size_t read(InterleavedView out) noexcept CM_NONBLOCKING;

    /// The file frame the consumer will read next: the seek target right
    /// after seek(), the loop start after the loop end, frame_count() at
    /// the end. Any thread. Realtime-safe.
    [[nodiscard]] std::int64_t position() const noexcept CM_NONBLOCKING;
    /// True when the consumer has read the last frame of the file at the
    /// current position's generation (never while looping). Any thread.
    /// Realtime-safe.
    [[nodiscard]] bool at_end() const noexcept CM_NONBLOCKING;
    /// Number of read() calls that came up short before the end.
    /// Any thread. Realtime-safe.
    [[nodiscard]] std::uint64_t underruns() const noexcept CM_NONBLOCKING;
    /// Frames of silence those underruns put in place of audio.
    /// Any thread. Realtime-safe.
    [[nodiscard]] std::uint64_t underrun_frames() const noexcept CM_NONBLOCKING;
    /// Frames in the ring, including those of an old position not dropped
    /// yet: a snapshot. Any thread. Realtime-safe.
    [[nodiscard]] std::size_t buffered_frames() const noexcept CM_NONBLOCKING;

    /// True when the reader thread hit an error since the last seek().
    /// Any thread. Realtime-safe.
    [[nodiscard]] bool failed() const noexcept CM_NONBLOCKING;
    /// The reader thread's error (empty when none). Control thread. Not
    /// realtime-safe (locks).
    [[nodiscard]] std::error_code error() const;
    /// What failed, naming the file and frame (empty when nothing did).
    /// Control thread. Not realtime-safe (locks, allocates).
    [[nodiscard]] std::string error_message() const;

    /// The file. Any thread (fixed at construction).
    [[nodiscard]] const std::filesystem::path& path() const;
    /// Channels per frame. Any thread. Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING;
    /// Frames per second. Any thread. Realtime-safe.
    [[nodiscard]] double sample_rate() const noexcept CM_NONBLOCKING;
    /// Frames in the file. Any thread. Realtime-safe.
    [[nodiscard]] std::int64_t frame_count() const noexcept CM_NONBLOCKING;
    /// The settings in effect. Any thread.
    [[nodiscard]] const StreamingReaderSettings& settings() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::ca
