// MMapAudioFile: the POSIX mmap behind the OS-free header.
#include <coremusic/ca/mmap_audio_file.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ca/quoted.hpp"

namespace cm::ca {

struct MMapAudioFile::Impl {
    std::filesystem::path path;
    void* base = nullptr;
    std::size_t length = 0;
    PcmFileInfo info;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        if (base != nullptr) ::munmap(base, length);
    }

    [[nodiscard]] std::span<const std::byte> data() const noexcept {
        return {static_cast<const std::byte*>(base) + info.data_offset, static_cast<std::size_t>(info.data_bytes)};
    }
};

namespace {

using detail::quoted;


[[noreturn]] void throw_errno(int err, const std::string& what) {
    throw AudioFileError(std::error_code(err, std::generic_category()), what + ": " + std::strerror(err));
}

} // namespace

MMapAudioFile::MMapAudioFile() noexcept = default;
MMapAudioFile::MMapAudioFile(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
MMapAudioFile::MMapAudioFile(MMapAudioFile&& other) noexcept = default;
MMapAudioFile& MMapAudioFile::operator=(MMapAudioFile&& other) noexcept = default;
MMapAudioFile::~MMapAudioFile() = default;

MMapAudioFile::MMapAudioFile(const std::filesystem::path& path) : MMapAudioFile(open(path)) {}

MMapAudioFile MMapAudioFile::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_errno(errno, "cannot open " + quoted(path) + " for reading");
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw_errno(err, "cannot stat " + quoted(path));
    }
    impl->length = static_cast<std::size_t>(st.st_size);
    if (impl->length > 0) {
        void* p = ::mmap(nullptr, impl->length, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw_errno(err, "cannot map " + quoted(path));
        }
        impl->base = p;
    }
    ::close(fd);  // the mapping keeps the file
    const std::span<const std::byte> bytes(static_cast<const std::byte*>(impl->base), impl->length);
    impl->info = parse_pcm_file(bytes, path.string());
    return MMapAudioFile(std::move(impl));
}

MMapAudioFile MMapAudioFile::open(const std::filesystem::path& path, std::error_code& ec) {
    try {
        MMapAudioFile f = open(path);
        ec.clear();
        return f;
    } catch (const Error& e) {
        ec = e.code();
        return {};
    }
}

void MMapAudioFile::close() noexcept { impl_.reset(); }
bool MMapAudioFile::is_open() const noexcept { return impl_ != nullptr; }

const MMapAudioFile::Impl& MMapAudioFile::impl() const {
    if (!impl_) throw AudioFileError(make_error_code(Errc::InvalidState), "MMapAudioFile: the file is not open");
    return *impl_;
}

const std::filesystem::path& MMapAudioFile::path() const { return impl().path; }
FileType MMapAudioFile::file_type() const { return impl().info.type; }
AudioFormat MMapAudioFile::format() const { return impl().info.format; }
double MMapAudioFile::sample_rate() const { return impl().info.format.sample_rate; }
std::uint32_t MMapAudioFile::channels() const { return impl().info.format.channels_per_frame; }
std::int64_t MMapAudioFile::frame_count() const { return impl().info.frame_count; }
const PcmFileInfo& MMapAudioFile::info() const { return impl().info; }
const AudioFileMetadata& MMapAudioFile::metadata() const { return impl().info.metadata; }

double MMapAudioFile::duration() const {
    const Impl& i = impl();
    return static_cast<double>(i.info.frame_count) / i.info.format.sample_rate;
}

PcmFrameView MMapAudioFile::frames() const {
    const Impl& i = impl();
    return PcmFrameView(i.data(), i.info.encoding, 0);
}

PcmFrameView MMapAudioFile::read_frames(std::int64_t start, std::int64_t count) const {
    const Impl& i = impl();
    if (start < 0 || count < 0) {
        throw AudioFileError(make_error_code(Errc::OutOfRange),
                             "MMapAudioFile::read_frames: start " + std::to_string(start) + " and count " +
                                 std::to_string(count) + " must not be negative");
    }
    return PcmFrameView(i.data(), i.info.encoding, 0)
        .subview(static_cast<std::size_t>(std::min(start, i.info.frame_count)), static_cast<std::size_t>(count));
}

std::span<const float> MMapAudioFile::float_data() const { return frames().as_float(); }

MMapAudioFile::ChunkRange MMapAudioFile::iter_chunks(std::size_t frames_per_chunk) const {
    if (frames_per_chunk == 0) {
        throw AudioFileError(make_error_code(Errc::InvalidArgument),
                             "MMapAudioFile::iter_chunks: frames_per_chunk must be at least 1");
    }
    const Impl& i = impl();
    if (i.info.data_bytes > 0) {
        // Sequential read-ahead over the data (page-aligned start, as madvise wants).
        const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        const auto begin = reinterpret_cast<std::uintptr_t>(i.data().data()) & ~(page - 1);
        const auto end = reinterpret_cast<std::uintptr_t>(i.data().data() + i.data().size());
        (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_SEQUENTIAL);
    }
    return {frames(), frames_per_chunk};
}

} // namespace cm::ca
