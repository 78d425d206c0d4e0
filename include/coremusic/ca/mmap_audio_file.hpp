// coremusic/ca/mmap_audio_file.hpp
// MMapAudioFile: zero-copy access to the samples of a WAV, RF64, AIFF or
// AIFF-C file through a read-only memory map, for files of any size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <memory>
#include <span>
#include <system_error>

#include <coremusic/ca/audio_file_metadata.hpp>
#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_format.hpp>
#include <coremusic/ca/pcm_file.hpp>

namespace cm::ca {

/// A WAV / RF64 / BW64 / AIFF / AIFF-C file mapped into memory read-only.
/// Frames are handed out as PcmFrameView: the stored bytes where they lie in
/// the mapping plus their encoding, converted to float only on access
/// (big-endian AIFF is byte-swapped then, correctly; the sample rate comes
/// from AIFF's 80-bit extended field). When the file stores float32 in the
/// host's byte order, float_data() and PcmFrameView::as_float() give the
/// samples with no conversion at all.
///
///     cm::ca::MMapAudioFile f{"take.wav"};
///     for (const cm::ca::PcmFrameView chunk : f.iter_chunks(4096)) {
///         chunk.to_float(planar_block);   // or chunk.sample(frame, channel)
///     }
///
/// Nothing is copied when the file is opened: only the header is parsed, so
/// files larger than memory work (the kernel pages data in and out);
/// iter_chunks() tells the kernel the data will be read sequentially.
/// Views point into the mapping and are valid until the file is closed or
/// destroyed. If another process truncates the file while it is mapped,
/// touching the lost pages raises SIGBUS: map files nobody is writing.
///
/// Errors: opening throws AudioFileError as AudioFile does (missing file,
/// not WAV/AIFF, damaged header; see parse_pcm_file()); accessors of a closed
/// file throw AudioFileError (Errc::InvalidState).
/// Thread-safety: const members may be called from many threads at once
/// (the mapping is read-only); open/close/move from one.
/// Realtime-safety: the accessors and views are realtime-safe once open,
/// except that touching a page not yet in memory may fault to disk.
class MMapAudioFile {
public:
    /// A closed file.
    MMapAudioFile() noexcept;
    /// Maps `path` and parses its header. Throws AudioFileError.
    explicit MMapAudioFile(const std::filesystem::path& path);
    /// As the constructor, reporting through `ec`; returns a closed file on failure.
    [[nodiscard]] static MMapAudioFile open(const std::filesystem::path& path, std::error_code& ec);
    /// As the constructor.
    [[nodiscard]] static MMapAudioFile open(const std::filesystem::path& path);

    MMapAudioFile(MMapAudioFile&& other) noexcept;
    MMapAudioFile& operator=(MMapAudioFile&& other) noexcept;
    MMapAudioFile(const MMapAudioFile&) = delete;
    MMapAudioFile& operator=(const MMapAudioFile&) = delete;
    /// Unmaps the file.
    ~MMapAudioFile();

    /// Unmaps the file; views taken from it become dangling. Does nothing when closed.
    void close() noexcept;
    /// True between a successful open and close().
    [[nodiscard]] bool is_open() const noexcept;

    /// The path it was opened with.
    [[nodiscard]] const std::filesystem::path& path() const;
    /// Wave, RF64, Aiff or Aifc.
    [[nodiscard]] FileType file_type() const;
    /// The stored format (sample format, byte order).
    [[nodiscard]] AudioFormat format() const;
    /// Frames per second.
    [[nodiscard]] double sample_rate() const;
    /// Channels per frame.
    [[nodiscard]] std::uint32_t channels() const;
    /// Frames in the file.
    [[nodiscard]] std::int64_t frame_count() const;
    /// frame_count() / sample_rate(), in seconds.
    [[nodiscard]] double duration() const;
    /// Everything the header says (data offset, valid bits, channel mask...).
    [[nodiscard]] const PcmFileInfo& info() const;
    /// Markers, loops and text of the file.
    [[nodiscard]] const AudioFileMetadata& metadata() const;

    /// Frames [start, start + count), clipped to the file (empty from start
    /// >= frame_count()). Throws AudioFileError (Errc::OutOfRange) for a
    /// negative start or count.
    [[nodiscard]] PcmFrameView read_frames(std::int64_t start, std::int64_t count) const;
    /// All frames.
    [[nodiscard]] PcmFrameView frames() const;
    /// The samples as float32, interleaved, without conversion, when the file
    /// stores native-endian float32 (4-byte aligned in the mapping); empty
    /// otherwise.
    [[nodiscard]] std::span<const float> float_data() const;

    /// Consecutive views of `frames_per_chunk` frames (the last may be
    /// shorter) over the whole file. Throws AudioFileError
    /// (Errc::InvalidArgument) for 0.
    class ChunkRange;
    [[nodiscard]] ChunkRange iter_chunks(std::size_t frames_per_chunk) const;

private:
    struct Impl;
    explicit MMapAudioFile(std::unique_ptr<Impl> impl) noexcept;
    const Impl& impl() const;
    std::unique_ptr<Impl> impl_;
};

/// The range iter_chunks() returns: an input range of PcmFrameView.
/// Thread-safety: a value. Realtime-safety: iteration is.
class MMapAudioFile::ChunkRange {
public:
    /// Yields the chunks.
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using iterator_concept = std::forward_iterator_tag;
        using value_type = PcmFrameView;
        using difference_type = std::ptrdiff_t;
        using reference = PcmFrameView;

        iterator() = default;
        [[nodiscard]] PcmFrameView operator*() const noexcept { return all_.subview(at_, chunk_); }
        iterator& operator++() noexcept {
            at_ = at_ + chunk_ < all_.frames() ? at_ + chunk_ : all_.frames();
            return *this;
        }
        iterator operator++(int) noexcept {
            iterator old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.at_ == b.at_; }

    private:
        friend class ChunkRange;
        iterator(PcmFrameView all, std::size_t chunk, std::size_t at) noexcept : all_(all), chunk_(chunk), at_(at) {}
        PcmFrameView all_;
        std::size_t chunk_ = 1;
        std::size_t at_ = 0;
    };

    ChunkRange(PcmFrameView all, std::size_t frames_per_chunk) noexcept : all_(all), chunk_(frames_per_chunk) {}
    [[nodiscard]] iterator begin() const noexcept { return {all_, chunk_, 0}; }
    [[nodiscard]] iterator end() const noexcept { return {all_, chunk_, all_.frames()}; }
    /// Number of chunks.
    [[nodiscard]] std::size_t size() const noexcept { return (all_.frames() + chunk_ - 1) / chunk_; }

private:
    PcmFrameView all_;
    std::size_t chunk_;
};

} // namespace cm::ca
