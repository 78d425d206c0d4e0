// src/ca/audio_file_backend.hpp (private)
// What AudioFile asks of a codec. One implementation per backend:
// own WAV/AIFF codec (src/ca/pcm_file_backend.cpp), libsndfile
// (src/platform/sndfile/), ExtAudioFile (src/platform/apple/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include <coremusic/ca/audio_file.hpp>

namespace cm::ca::detail {

/// An open file. Errors throw AudioFileError / AudioFormatError with a
/// message that names the file; AudioFile turns them into error codes for the
/// std::error_code overloads. Frame arguments are checked by AudioFile
/// (start >= 0, channel counts match) before they reach a backend.
class AudioFileBackend {
public:
    virtual ~AudioFileBackend() = default;

    [[nodiscard]] virtual std::string_view name() const noexcept = 0;
    [[nodiscard]] virtual AudioFile::Mode mode() const noexcept = 0;
    [[nodiscard]] virtual const std::filesystem::path& path() const noexcept = 0;
    [[nodiscard]] virtual FileType file_type() const noexcept = 0;
    [[nodiscard]] virtual AudioFormat format() const noexcept = 0;
    /// Frames in the file (read) or written so far (write).
    [[nodiscard]] virtual std::int64_t frame_count() const noexcept = 0;

    /// Reads up to `frames` interleaved float frames from `start` (0 <= start);
    /// returns frames read.
    virtual std::size_t read_float(std::int64_t start, float* interleaved, std::size_t frames) = 0;
    /// Copies up to `packets` stored packets from `start` into `out` (which
    /// holds packets * format().bytes_per_packet bytes); returns packets
    /// copied. Backends without access to stored bytes throw NotSupported.
    virtual std::size_t read_native(std::int64_t start, std::size_t packets, std::byte* out) = 0;

    /// Appends interleaved float frames.
    virtual void write_float(const float* interleaved, std::size_t frames) = 0;
    /// Makes the file on disk valid up to here.
    virtual void flush() = 0;
    /// Finishes (write) and releases the file; called once.
    virtual void close() = 0;

    [[nodiscard]] virtual const AudioFileMetadata& metadata() const noexcept = 0;
    virtual void set_metadata(AudioFileMetadata metadata) = 0;
};

using BackendPtr = std::unique_ptr<AudioFileBackend>;

// Own codec: WAV, RF64/BW64, AIFF, AIFF-C. Always built.
BackendPtr open_pcm_file(const std::filesystem::path& path, FileType type);
BackendPtr create_pcm_file(const std::filesystem::path& path, const AudioFileSettings& settings);

// libsndfile (COREMUSIC_CA_HAVE_SNDFILE).
BackendPtr open_sndfile(const std::filesystem::path& path);
BackendPtr create_sndfile(const std::filesystem::path& path, const AudioFileSettings& settings);
bool sndfile_can_read(FileType type) noexcept;
bool sndfile_can_write(FileType type) noexcept;

// AudioToolbox ExtAudioFile (COREMUSIC_CA_HAVE_EXTAUDIOFILE, Apple).
BackendPtr open_ext_audio_file(const std::filesystem::path& path);
BackendPtr create_ext_audio_file(const std::filesystem::path& path, const AudioFileSettings& settings);
bool ext_audio_file_can_read(FileType type) noexcept;
bool ext_audio_file_can_write(FileType type) noexcept;

} // namespace cm::ca::detail
