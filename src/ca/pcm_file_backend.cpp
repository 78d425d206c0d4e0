// The AudioFile backend for WAV, RF64/BW64, AIFF and AIFF-C: coremusic's own
// codec (<coremusic/ca/pcm_file.hpp>) over POSIX file descriptors, reading
// and writing in large blocks with pread/pwrite.
#include <coremusic/ca/pcm_file.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ca/quoted.hpp"
#include "ca/audio_file_backend.hpp"

namespace cm::ca::detail {

namespace {


[[noreturn]] void throw_errno(int err, const std::string& what) {
    throw AudioFileError(std::error_code(err, std::generic_category()), what + ": " + std::strerror(err));
}

// Blocks of this many bytes go through one read or write call: large enough
// that the syscall cost vanishes, small enough to stay in L2 between the
// read and the conversion.
constexpr std::size_t io_block = 128 * 1024;

// Reads exactly n bytes at offset unless the file ends; returns bytes read.
std::size_t read_at(int fd, std::uint64_t offset, std::byte* out, std::size_t n, const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw_errno(errno, "cannot read " + quoted(path));
        }
        if (r == 0) break;
        done += static_cast<std::size_t>(r);
    }
    return done;
}

void write_at(int fd, std::uint64_t offset, const std::byte* in, std::size_t n, const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pwrite(fd, in + done, n - done, static_cast<off_t>(offset + done));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw_errno(errno, "cannot write " + quoted(path));
        }
        done += static_cast<std::size_t>(r);
    }
}

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            if (fd_ >= 0) ::close(fd_);
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int get() const noexcept { return fd_; }
    // Closes and reports the error close() gives (a deferred write error on NFS).
    int release_and_close() noexcept {
        const int r = ::close(std::exchange(fd_, -1));
        return r == 0 ? 0 : errno;
    }

private:
    int fd_ = -1;
};

class PcmReader final : public AudioFileBackend {
public:
    PcmReader(const std::filesystem::path& path, FileType detected) : path_(path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw_errno(errno, "cannot open " + quoted(path) + " for reading");
        fd_ = Fd(fd);
        struct stat st {};
        if (::fstat(fd, &st) != 0) throw_errno(errno, "cannot stat " + quoted(path));
        info_ = parse_pcm_file(
            [this](std::uint64_t offset, std::span<std::byte> out) {
                return read_at(fd_.get(), offset, out.data(), out.size(), path_);
            },
            static_cast<std::uint64_t>(st.st_size), path.string());
        (void)detected;  // the header decides (a RIFF file is WAV, RF64 or BW64 by its first 4 bytes)
#if defined(POSIX_FADV_SEQUENTIAL)
        (void)::posix_fadvise(fd, static_cast<off_t>(info_.data_offset), 0, POSIX_FADV_SEQUENTIAL);
#endif
    }

    [[nodiscard]] std::string_view name() const noexcept override { return "coremusic"; }
    [[nodiscard]] AudioFile::Mode mode() const noexcept override { return AudioFile::Mode::Read; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept override { return path_; }
    [[nodiscard]] FileType file_type() const noexcept override { return info_.type; }
    [[nodiscard]] AudioFormat format() const noexcept override { return info_.format; }
    [[nodiscard]] std::int64_t frame_count() const noexcept override { return info_.frame_count; }

    std::size_t read_float(std::int64_t start, float* interleaved, std::size_t frames) override {
        if (start >= info_.frame_count) return 0;
        const std::size_t bpf = info_.encoding.bytes_per_frame();
        frames = std::min<std::size_t>(frames, static_cast<std::size_t>(info_.frame_count - start));
        const std::size_t ch = info_.encoding.channels;
        const std::size_t block_frames = std::max<std::size_t>(1, io_block / bpf);
        if (buffer_.size() < block_frames * bpf) buffer_.resize(block_frames * bpf);
        std::size_t done = 0;
        while (done < frames) {
            const std::size_t want = std::min(block_frames, frames - done);
            const std::uint64_t at = info_.data_offset + (static_cast<std::uint64_t>(start) + done) * bpf;
            const std::size_t got = read_at(fd_.get(), at, buffer_.data(), want * bpf, path_) / bpf;
            decode_samples(info_.encoding, std::span<const std::byte>(buffer_.data(), got * bpf),
                           std::span<float>(interleaved + done * ch, got * ch));
            done += got;
            if (got < want) break;  // the file shrank since it was opened
        }
        return done;
    }

    std::size_t read_native(std::int64_t start, std::size_t packets, std::byte* out) override {
        if (start >= info_.frame_count) return 0;
        const std::size_t bpf = info_.encoding.bytes_per_frame();
        packets = std::min<std::size_t>(packets, static_cast<std::size_t>(info_.frame_count - start));
        const std::uint64_t at = info_.data_offset + static_cast<std::uint64_t>(start) * bpf;
        return read_at(fd_.get(), at, out, packets * bpf, path_) / bpf;
    }

    void write_float(const float*, std::size_t) override { not_writable(); }
    void flush() override { not_writable(); }
    void close() override { (void)fd_.release_and_close(); }
    [[nodiscard]] const AudioFileMetadata& metadata() const noexcept override { return info_.metadata; }
    void set_metadata(AudioFileMetadata) override { not_writable(); }

private:
    [[noreturn]] void not_writable() const {
        throw AudioFileError(make_error_code(Errc::InvalidState), quoted(path_) + " is open for reading");
    }

    std::filesystem::path path_;
    Fd fd_;
    PcmFileInfo info_;
    std::vector<std::byte> buffer_;
};

class PcmFileWriter final : public AudioFileBackend {
public:
    PcmFileWriter(const std::filesystem::path& path, const AudioFileSettings& settings)
        : path_(path), writer_(settings) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) throw_errno(errno, "cannot create " + quoted(path));
        fd_ = Fd(fd);
        buffer_.resize(std::max<std::size_t>(io_block / writer_.encoding().bytes_per_frame(), 1) *
                       writer_.encoding().bytes_per_frame());
        // The file is valid (0 frames) from the start.
        const std::vector<std::byte> h = writer_.header();
        write_at(fd_.get(), 0, h.data(), h.size(), path_);
    }

    [[nodiscard]] std::string_view name() const noexcept override { return "coremusic"; }
    [[nodiscard]] AudioFile::Mode mode() const noexcept override { return AudioFile::Mode::Write; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept override { return path_; }
    [[nodiscard]] FileType file_type() const noexcept override { return writer_.file_type(); }
    [[nodiscard]] AudioFormat format() const noexcept override { return writer_.format(); }
    [[nodiscard]] std::int64_t frame_count() const noexcept override { return writer_.frame_count(); }

    std::size_t read_float(std::int64_t, float*, std::size_t) override { not_readable(); }
    std::size_t read_native(std::int64_t, std::size_t, std::byte*) override { not_readable(); }

    void write_float(const float* interleaved, std::size_t frames) override {
        require_open();
        // Throws before anything passes the container's limit.
        writer_.check_room(frames);
        const std::size_t bpf = writer_.encoding().bytes_per_frame();
        const std::size_t ch = writer_.encoding().channels;
        std::size_t done = 0;
        while (done < frames) {
            const std::size_t room = (buffer_.size() - used_) / bpf;
            const std::size_t n = std::min(room, frames - done);
            (void)writer_.encode(std::span<const float>(interleaved + done * ch, n * ch),
                                 std::span<std::byte>(buffer_.data() + used_, n * bpf));
            used_ += n * bpf;
            writer_.add_frames(n);
            done += n;
            if (used_ == buffer_.size()) write_buffer();
        }
    }

    void flush() override {
        require_open();
        write_buffer();
        finish(AudioFileMetadata{});
    }

    void close() override {
        if (fd_.get() < 0) return;
        write_buffer();
        finish(metadata_);
        const int err = fd_.release_and_close();
        if (err != 0) throw_errno(err, "cannot close " + quoted(path_));
    }

    [[nodiscard]] const AudioFileMetadata& metadata() const noexcept override { return metadata_; }
    void set_metadata(AudioFileMetadata metadata) override {
        PcmWriter::validate(metadata);
        metadata_ = std::move(metadata);
    }

private:
    [[noreturn]] void not_readable() const {
        throw AudioFileError(make_error_code(Errc::InvalidState), quoted(path_) + " is open for writing");
    }
    void require_open() const {
        if (fd_.get() < 0) throw AudioFileError(make_error_code(Errc::InvalidState), quoted(path_) + " is closed");
    }

    void write_buffer() {
        if (used_ == 0) return;
        write_at(fd_.get(), writer_.data_offset() + written_, buffer_.data(), used_, path_);
        written_ += used_;
        used_ = 0;
    }

    // Trailer (pad byte, metadata) after the data, then the header with the
    // sizes: the file on disk is complete. A later write overwrites the
    // trailer; the next finish() writes it again.
    void finish(const AudioFileMetadata& m) {
        const std::vector<std::byte> t = writer_.trailer(m);
        const std::vector<std::byte> h = writer_.header(t.size());
        const std::uint64_t end = writer_.data_offset() + written_;
        if (!t.empty()) write_at(fd_.get(), end, t.data(), t.size(), path_);
        if (::ftruncate(fd_.get(), static_cast<off_t>(end + t.size())) != 0) {
            throw_errno(errno, "cannot set the size of " + quoted(path_));
        }
        write_at(fd_.get(), 0, h.data(), h.size(), path_);
    }

    std::filesystem::path path_;
    PcmWriter writer_;
    Fd fd_;
    AudioFileMetadata metadata_;
    std::vector<std::byte> buffer_;
    std::size_t used_ = 0;
    std::uint64_t written_ = 0;
};

} // namespace

BackendPtr open_pcm_file(const std::filesystem::path& path, FileType type) {
    return std::make_unique<PcmReader>(path, type);
}

BackendPtr create_pcm_file(const std::filesystem::path& path, const AudioFileSettings& settings) {
    return std::make_unique<PcmFileWriter>(path, settings);
}

} // namespace cm::ca::detail
