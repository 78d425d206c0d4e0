// coremusic/ca/recording_writer.hpp
// Recording from the audio thread to disk: the real-time producer fills a
// lock-free ring, a writer thread drains it into a file whose header is kept valid.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>

namespace cm::ca {

/// How a RecordingWriter buffers. The defaults hold about 1.4 s at 48 kHz:
/// how long the disk may stall before write() starts dropping audio.
struct RecordingWriterSettings {
    /// Frames the ring holds (rounded up to a power of two): the disk may fall
    /// this far behind the producer before write() refuses blocks. At least 1.
    std::size_t buffer_frames = 65536;
    /// Most frames the writer thread writes before it calls
    /// AudioFile::flush(), which makes the file's header describe them.
    /// At least 1.
    std::size_t write_block_frames = 4096;
    /// How long the idle writer thread sleeps before it looks for new frames
    /// again. The producer cannot wake it (that would take a futex syscall
    /// on the audio thread), so frames reach the disk within about this
    /// delay; a shorter interval narrows what a crash can lose and costs more
    /// wakeups (a few microseconds each). stop() wakes it at once.
    /// At least 1 microsecond.
    std::chrono::microseconds poll_interval{5000};
};

/// Records a real-time stream into an audio file.
///
///     cm::ca::RecordingWriter rec{"take.wav", {.type = cm::ca::FileType::Wave,
///         .sample_rate = 48000, .channels = 2, .sample_format = cm::ca::SampleFormat::Int24}};
///     // audio callback:
///     rec.write(input);               // never blocks; false when the disk fell behind
///     // control thread, after the callback stopped feeding it:
///     rec.stop();                     // drains, finishes and closes the file
///
/// The constructor creates the file (AudioFile::create) and starts the
/// writer thread. write() copies a block into a wait-free ring, whole or not
/// at all: when the ring lacks room it drops the block and counts an overrun.
/// The writer thread drains the ring in blocks of at most write_block_frames
/// and calls AudioFile::flush() after each, so the header on disk always
/// describes the frames written: a crash loses at most what the ring held
/// (for a producer that the disk keeps up with, about the last block and one
/// poll_interval), never the file. For types without a header to patch
/// (libsndfile's FLAC, Ogg...) the same holds as far as that library's flush
/// makes it true.
///
/// Errors on the writer thread (disk full, write failure) never reach the
/// producer: failed() turns true, error() and error_message() say why, and
/// write() refuses blocks from then on. stop() reports them by throwing.
///
/// Thread-safety: write() from one producer thread at a time; the queries
/// marked "any thread" from anywhere; stop() and the other control calls
/// from one non-real-time thread, not overlapping one another.
/// Realtime-safety: write() and the queries marked so.
class RecordingWriter {
public:
    /// Creates (or truncates) `path` with `file` settings and starts the
    /// writer thread. Throws as AudioFile::create() does (AudioFormatError,
    /// AudioFileError), cm::Error (Errc::InvalidArgument) for settings out
    /// of range, std::system_error when no thread can be started.
    RecordingWriter(const std::filesystem::path& path, const AudioFileSettings& file,
                    const RecordingWriterSettings& settings = {});

    /// As stop(), swallowing its errors (call stop() to see them).
    ~RecordingWriter();

    /// Moves the recording; `other` is left empty (its write() refuses,
    /// its stop() does nothing). Must not overlap any call on either object.
    RecordingWriter(RecordingWriter&& other) noexcept;
    /// As the move constructor; stops this recording first (errors swallowed).
    RecordingWriter& operator=(RecordingWriter&& other) noexcept;
    RecordingWriter(const RecordingWriter&) = delete;
    RecordingWriter& operator=(const RecordingWriter&) = delete;

    /// Queues the frames of `in` (planar, channels() channels) for the disk.
    /// True when queued; false, dropping the whole block, when the ring lacks
    /// room (counted in overruns() and dropped_frames()), after stop() or a
    /// writer failure (counted in dropped_frames()), or when `in` has the
    /// wrong channel count (not counted). An empty block returns true.
    /// Producer thread. Realtime-safe: no lock, allocation, syscall or throw.
    bool write(ConstAudioBufferView in) noexcept CM_NONBLOCKING;
    /// As above, from interleaved frames.
    bool write(ConstInterleavedView in) noexcept CM_NONBLOCKING;

    /// Stops accepting frames, waits for the writer thread to write what the
    /// ring holds, and finishes and closes the file. Does nothing the second
    /// time. Throws AudioFileError when the writer thread failed or the file
    /// cannot be finished (the file then holds what was flushed before).
    /// Frames passed to a write() that overlaps stop() may be lost.
    /// Control thread. Not realtime-safe (blocks).
    void stop();
    /// As stop(), reporting the error through `ec` (cleared on success).
    void stop(std::error_code& ec) noexcept;

    /// True until stop(). Any thread. Realtime-safe.
    [[nodiscard]] bool running() const noexcept CM_NONBLOCKING;
    /// Frames on disk and described by the file's header (written and
    /// flushed). Any thread. Realtime-safe.
    [[nodiscard]] std::int64_t frames_written() const noexcept CM_NONBLOCKING;
    /// Frames write() accepted (some may still wait in the ring).
    /// Any thread. Realtime-safe.
    [[nodiscard]] std::int64_t frames_queued() const noexcept CM_NONBLOCKING;
    /// Number of write() calls refused because the ring was full.
    /// Any thread. Realtime-safe.
    [[nodiscard]] std::uint64_t overruns() const noexcept CM_NONBLOCKING;
    /// Frames refused by write() (overruns, after stop(), after a failure).
    /// Any thread. Realtime-safe.
    [[nodiscard]] std::int64_t dropped_frames() const noexcept CM_NONBLOCKING;

    /// True when the writer thread hit an error. Any thread. Realtime-safe.
    [[nodiscard]] bool failed() const noexcept CM_NONBLOCKING;
    /// The writer thread's error (empty when none). Control thread. Not
    /// realtime-safe (locks).
    [[nodiscard]] std::error_code error() const;
    /// What failed, naming the file (empty when nothing did). Control
    /// thread. Not realtime-safe (locks, allocates).
    [[nodiscard]] std::string error_message() const;

    /// The file being written. Any thread (fixed at construction).
    [[nodiscard]] const std::filesystem::path& path() const;
    /// Channels per frame. Any thread. Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING;
    /// Frames per second. Any thread. Realtime-safe.
    [[nodiscard]] double sample_rate() const noexcept CM_NONBLOCKING;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::ca
