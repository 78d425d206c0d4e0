// coremusic/ca/audio_file.hpp
// AudioFile: reading and writing audio files of every format coremusic
// knows, one object per open file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include <coremusic/ca/audio_file_metadata.hpp>
#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_format.hpp>
#include <coremusic/core/audio_buffer.hpp>

namespace cm::ca {

namespace detail {
class AudioFileBackend;
} // namespace detail

/// An open audio file, for reading or for writing (not both), closed by
/// its destructor.
///
///     cm::ca::AudioFile in{"loop.aif"};
///     cm::AudioBuffer all = in.read_all();                 // planar float
///     auto out = cm::ca::AudioFile::create("loop.flac",
///         {.type = cm::ca::FileType::Flac, .sample_rate = in.sample_rate(),
///          .channels = in.channels(), .sample_format = cm::ca::SampleFormat::Int24});
///     out.write_frames(all.view());
///     out.close();                                         // or let it go out of scope
///
/// The type is found from the file's first bytes, never from its name. WAV,
/// RF64/BW64, AIFF and AIFF-C go through coremusic's own codec
/// (<coremusic/ca/pcm_file.hpp>); FLAC, Ogg Vorbis, Opus, CAF, W64 and MP3
/// through libsndfile (Linux) or ExtAudioFile (Apple). backend() says which.
///
/// Reading converts to float in [-1, 1) (integer samples divided by 2^(bits-1));
/// read_packets() gives the stored bytes unconverted. Writing takes float
/// and converts to the file's sample format, clipping to its range; a file
/// being written has a header on disk that describes everything passed to
/// write_frames() before the last flush() (RecordingWriter, in
/// recording_writer.hpp, flushes after every block it writes).
///
/// Errors throw AudioFileError (or AudioFormatError for bad settings) whose
/// message names the file and the problem; the `std::error_code&` overloads
/// report the code instead. A file that is written is finished by close() or
/// the destructor; only close() reports a failure to finish it.
///
/// Thread-safety: none; use one AudioFile from one thread at a time (two
/// AudioFiles may read the same path from two threads).
/// Realtime-safety: none; it does disk I/O. Real-time code reads through
/// StreamingReader (streaming_reader.hpp) and records through
/// RecordingWriter (recording_writer.hpp).
class AudioFile {
public:
    /// Read or write, fixed when the file is opened.
    enum class Mode : std::uint8_t { Closed, Read, Write };

    /// A closed file: every accessor but is_open() and mode() throws.
    AudioFile() noexcept;

    /// Opens `path` for reading. Throws AudioFileError when the file is
    /// missing, unreadable, not audio, or damaged (the message says which).
    explicit AudioFile(const std::filesystem::path& path);

    /// Opens `path` for reading (the named form of the constructor).
    [[nodiscard]] static AudioFile open(const std::filesystem::path& path);
    /// As open(), reporting through `ec`; returns a closed file on failure.
    [[nodiscard]] static AudioFile open(const std::filesystem::path& path, std::error_code& ec);

    /// Creates (or truncates) `path` and opens it for writing with
    /// `settings`. Throws AudioFormatError for settings the type cannot hold
    /// (e.g. Float64 in FLAC, 3 channels in MP3) and AudioFileError when the
    /// file cannot be created or the backend is not built in.
    [[nodiscard]] static AudioFile create(const std::filesystem::path& path,
                                          const AudioFileSettings& settings);
    /// As create(), reporting through `ec`; returns a closed file on failure.
    [[nodiscard]] static AudioFile create(const std::filesystem::path& path,
                                          const AudioFileSettings& settings, std::error_code& ec);

    AudioFile(AudioFile&& other) noexcept;
    AudioFile& operator=(AudioFile&& other) noexcept;
    AudioFile(const AudioFile&) = delete;
    AudioFile& operator=(const AudioFile&) = delete;
    /// Closes the file, finishing it when written (errors are swallowed:
    /// call close() to see them).
    ~AudioFile();

    /// Finishes (when writing) and closes the file. Does nothing when closed.
    /// Throws AudioFileError when the header or data cannot be written.
    void close();

    /// True between a successful open/create and close().
    [[nodiscard]] bool is_open() const noexcept;
    /// Read, Write or Closed.
    [[nodiscard]] Mode mode() const noexcept;
    /// The path the file was opened with.
    [[nodiscard]] const std::filesystem::path& path() const;
    /// The container.
    [[nodiscard]] FileType file_type() const;
    /// The data format as stored (for PCM: sample format, byte order).
    [[nodiscard]] AudioFormat format() const;
    /// Frames per second.
    [[nodiscard]] double sample_rate() const;
    /// Channels per frame.
    [[nodiscard]] std::uint32_t channels() const;
    /// Frames in the file; when writing, frames written so far.
    [[nodiscard]] std::int64_t frame_count() const;
    /// frame_count() / sample_rate(), in seconds.
    [[nodiscard]] double duration() const;
    /// "coremusic", "sndfile" or "ExtAudioFile": which codec handles the file.
    [[nodiscard]] std::string_view backend() const;

    /// Reads up to out.frames() frames from frame `start` into interleaved
    /// float `out`, whose channels() must equal channels(). Returns the
    /// frames read: fewer at the end of the file, 0 from start >= frame_count().
    std::size_t read_frames(std::int64_t start, InterleavedView out);
    /// As above, into planar `out`.
    std::size_t read_frames(std::int64_t start, AudioBufferView out);
    /// Reads `count` frames from `start` (fewer at the end) into a new buffer.
    [[nodiscard]] AudioBuffer read_frames(std::int64_t start, std::int64_t count);
    /// The whole file as planar float.
    [[nodiscard]] AudioBuffer read_all();

    /// Copies `count` packets from packet `start` as stored in the file (for
    /// PCM a packet is a frame: format().bytes_per_packet bytes, the file's
    /// byte order) into `out`. Returns packets copied. Throws AudioFileError
    /// (Errc::NotSupported) for compressed data, and when `out` is too small.
    std::size_t read_packets(std::int64_t start, std::int64_t count, std::span<std::byte> out);
    /// As above into a new vector.
    [[nodiscard]] std::vector<std::byte> read_packets(std::int64_t start, std::int64_t count);

    /// Appends interleaved float frames (channels() must match).
    void write_frames(ConstInterleavedView frames);
    /// Appends planar float frames (channels() must match).
    void write_frames(ConstAudioBufferView frames);
    /// Makes the file on disk complete up to here: data written, header
    /// sizes patched. A crash after flush() leaves a valid file.
    void flush();

    /// Markers, loops and text read from the file (empty when it has none),
    /// or set for writing.
    [[nodiscard]] const AudioFileMetadata& metadata() const;
    /// Sets what close() writes besides the audio. Write mode only; types
    /// without a place for some of it keep what they can (FLAC/Ogg: text).
    void set_metadata(AudioFileMetadata metadata);

private:
    explicit AudioFile(std::unique_ptr<detail::AudioFileBackend> backend);
    detail::AudioFileBackend& backend_ref() const;
    std::unique_ptr<detail::AudioFileBackend> backend_;
};

/// The FileType of the file at `path`, from its first bytes, or an empty
/// optional when it is no audio file coremusic knows. Throws AudioFileError
/// when the file cannot be read.
[[nodiscard]] std::optional<FileType> detect_file_type(const std::filesystem::path& path);

/// The FileType of a file starting with `head` (give at least 12 bytes; 36
/// tell MP3 without ID3 apart), or an empty optional. Thread-safe.
[[nodiscard]] std::optional<FileType> detect_file_type(std::span<const std::byte> head) noexcept;

/// True when this build can write `type` (WAV/RF64/AIFF/AIFC always; the
/// rest when libsndfile or ExtAudioFile is built in and supports it).
[[nodiscard]] bool can_write(FileType type) noexcept;
/// True when this build can read `type`.
[[nodiscard]] bool can_read(FileType type) noexcept;

} // namespace cm::ca
