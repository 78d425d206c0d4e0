// AudioFile: argument checks, type detection and the choice of backend.
// The codecs live behind detail::AudioFileBackend.
#include <coremusic/ca/audio_file.hpp>

#include <array>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>

#include <coremusic/core/sample_conversion.hpp>

#include "ca/quoted.hpp"
#include "ca/with_error_code.hpp"
#include "ca/audio_file_backend.hpp"

namespace cm::ca {

namespace {

using detail::quoted;

bool bytes_equal(std::span<const std::byte> head, std::size_t offset, std::string_view text) noexcept {
    if (head.size() < offset + text.size()) return false;
    return std::memcmp(head.data() + offset, text.data(), text.size()) == 0;
}

bool is_own_type(FileType t) noexcept {
    return t == FileType::Wave || t == FileType::RF64 || t == FileType::Aiff || t == FileType::Aifc;
}

using detail::with_error_code;

} // namespace

std::optional<FileType> detect_file_type(std::span<const std::byte> head) noexcept {
    if (bytes_equal(head, 8, "WAVE")) {
        if (bytes_equal(head, 0, "RIFF")) return FileType::Wave;
        if (bytes_equal(head, 0, "RF64") || bytes_equal(head, 0, "BW64")) return FileType::RF64;
    }
    if (bytes_equal(head, 0, "FORM")) {
        if (bytes_equal(head, 8, "AIFF")) return FileType::Aiff;
        if (bytes_equal(head, 8, "AIFC")) return FileType::Aifc;
    }
    if (bytes_equal(head, 0, "fLaC")) return FileType::Flac;
    if (bytes_equal(head, 0, "caff")) return FileType::Caf;
    if (bytes_equal(head, 0, "OggS")) {
        // The first page's first packet names the codec (RFC 7845, Vorbis I spec, Ogg FLAC).
        if (bytes_equal(head, 28, "OpusHead")) return FileType::OggOpus;
        if (bytes_equal(head, 28, "\x01vorbis")) return FileType::OggVorbis;
        if (bytes_equal(head, 28, "\x7F" "FLAC")) return FileType::Flac;
        return std::nullopt;
    }
    // Wave64: the RIFF and WAVE GUIDs (Sony's spec).
    static constexpr std::array<unsigned char, 16> riff_guid{0x72, 0x69, 0x66, 0x66, 0x2E, 0x91, 0xCF, 0x11,
                                                            0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00};
    if (head.size() >= 16 && std::memcmp(head.data(), riff_guid.data(), 16) == 0) return FileType::W64;
    if (bytes_equal(head, 0, "ID3")) return FileType::Mp3;
    // An MPEG audio frame header: 11 sync bits, a valid version, layer III,
    // a bitrate index that is neither 0 (free) nor 15 (bad), a valid rate.
    if (head.size() >= 4) {
        const auto b1 = std::to_integer<unsigned>(head[1]);
        const auto b2 = std::to_integer<unsigned>(head[2]);
        const bool sync = std::to_integer<unsigned>(head[0]) == 0xFF && (b1 & 0xE0U) == 0xE0U;
        const bool version_ok = (b1 & 0x18U) != 0x08U;
        const bool layer3 = (b1 & 0x06U) == 0x02U;
        const unsigned bitrate = b2 >> 4U;
        const unsigned rate = (b2 >> 2U) & 0x3U;
        if (sync && version_ok && layer3 && bitrate != 0 && bitrate != 15 && rate != 3) return FileType::Mp3;
    }
    return std::nullopt;
}

std::optional<FileType> detect_file_type(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw AudioFileError(std::make_error_code(std::errc::no_such_file_or_directory),
                             "cannot open " + quoted(path) + " for reading");
    }
    std::array<char, 64> head{};
    in.read(head.data(), head.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    return detect_file_type(std::as_bytes(std::span(head.data(), got)));
}

bool can_read(FileType type) noexcept {
    if (is_own_type(type)) return true;
#if COREMUSIC_CA_HAVE_SNDFILE
    if (detail::sndfile_can_read(type)) return true;
#endif
#if COREMUSIC_CA_HAVE_EXTAUDIOFILE
    if (detail::ext_audio_file_can_read(type)) return true;
#endif
    return false;
}

bool can_write(FileType type) noexcept {
    if (is_own_type(type)) return true;
#if COREMUSIC_CA_HAVE_SNDFILE
    if (detail::sndfile_can_write(type)) return true;
#endif
#if COREMUSIC_CA_HAVE_EXTAUDIOFILE
    if (detail::ext_audio_file_can_write(type)) return true;
#endif
    return false;
}

AudioFile::AudioFile() noexcept = default;
AudioFile::AudioFile(std::unique_ptr<detail::AudioFileBackend> backend) : backend_(std::move(backend)) {}
AudioFile::AudioFile(AudioFile&& other) noexcept = default;

AudioFile& AudioFile::operator=(AudioFile&& other) noexcept {
    if (this != &other) {
        AudioFile old(std::move(*this));
        backend_ = std::move(other.backend_);
    }
    return *this;
}

AudioFile::~AudioFile() {
    if (backend_) {
        try {
            backend_->close();
        } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor cannot report; close() does
        }
    }
}

AudioFile::AudioFile(const std::filesystem::path& path) : AudioFile(open(path)) {}

AudioFile AudioFile::open(const std::filesystem::path& path) {
    const std::optional<FileType> type = detect_file_type(path);
    if (!type) {
        throw AudioFileError(make_error_code(Errc::InvalidFormat),
                             quoted(path) + " is not an audio file coremusic can read "
                                            "(expected WAV, RF64, AIFF, AIFF-C, FLAC, Ogg Vorbis, "
                                            "Opus, CAF, W64 or MP3 content)");
    }
    if (is_own_type(*type)) return AudioFile(detail::open_pcm_file(path, *type));
#if COREMUSIC_CA_HAVE_SNDFILE
    if (detail::sndfile_can_read(*type)) return AudioFile(detail::open_sndfile(path));
#endif
#if COREMUSIC_CA_HAVE_EXTAUDIOFILE
    if (detail::ext_audio_file_can_read(*type)) return AudioFile(detail::open_ext_audio_file(path));
#endif
    throw AudioFileError(make_error_code(Errc::BackendUnavailable),
                         quoted(path) + " is " + std::string(to_string(*type)) +
                             ", which this build of coremusic cannot read (built without libsndfile)");
}

AudioFile AudioFile::open(const std::filesystem::path& path, std::error_code& ec) {
    return with_error_code(ec, [&] { return open(path); });
}

AudioFile AudioFile::create(const std::filesystem::path& path, const AudioFileSettings& settings) {
    if (is_own_type(settings.type)) return AudioFile(detail::create_pcm_file(path, settings));
#if COREMUSIC_CA_HAVE_SNDFILE
    if (detail::sndfile_can_write(settings.type)) return AudioFile(detail::create_sndfile(path, settings));
#endif
#if COREMUSIC_CA_HAVE_EXTAUDIOFILE
    if (detail::ext_audio_file_can_write(settings.type)) {
        return AudioFile(detail::create_ext_audio_file(path, settings));
    }
#endif
    throw AudioFileError(make_error_code(Errc::BackendUnavailable),
                         "cannot create " + quoted(path) + ": this build of coremusic cannot write " +
                             std::string(to_string(settings.type)) + " files");
}

AudioFile AudioFile::create(const std::filesystem::path& path, const AudioFileSettings& settings,
                            std::error_code& ec) {
    return with_error_code(ec, [&] { return create(path, settings); });
}

detail::AudioFileBackend& AudioFile::backend_ref() const {
    if (!backend_) throw AudioFileError(make_error_code(Errc::InvalidState), "AudioFile: the file is not open");
    return *backend_;
}

void AudioFile::close() {
    if (!backend_) return;
    // Release the backend even when finishing fails, so close() is never
    // retried on a half-closed file.
    std::unique_ptr<detail::AudioFileBackend> b = std::move(backend_);
    b->close();
}

bool AudioFile::is_open() const noexcept { return backend_ != nullptr; }
AudioFile::Mode AudioFile::mode() const noexcept { return backend_ ? backend_->mode() : Mode::Closed; }
const std::filesystem::path& AudioFile::path() const { return backend_ref().path(); }
FileType AudioFile::file_type() const { return backend_ref().file_type(); }
AudioFormat AudioFile::format() const { return backend_ref().format(); }
double AudioFile::sample_rate() const { return backend_ref().format().sample_rate; }
std::uint32_t AudioFile::channels() const { return backend_ref().format().channels_per_frame; }
std::int64_t AudioFile::frame_count() const { return backend_ref().frame_count(); }
std::string_view AudioFile::backend() const { return backend_ref().name(); }

double AudioFile::duration() const {
    const auto& b = backend_ref();
    return static_cast<double>(b.frame_count()) / b.format().sample_rate;
}

namespace {

void require_mode(const detail::AudioFileBackend& b, AudioFile::Mode want, const char* what) {
    if (b.mode() != want) {
        throw AudioFileError(make_error_code(Errc::InvalidState),
                             std::string("AudioFile::") + what + ": " + quoted(b.path()) + " is open for " +
                                 (b.mode() == AudioFile::Mode::Read ? "reading" : "writing"));
    }
}

void require_channels(const detail::AudioFileBackend& b, std::size_t got, const char* what) {
    const std::uint32_t want = b.format().channels_per_frame;
    if (got != want) {
        throw AudioFileError(make_error_code(Errc::InvalidArgument),
                             std::string("AudioFile::") + what + ": the buffer has " + std::to_string(got) +
                                 " channels but " + quoted(b.path()) + " has " + std::to_string(want));
    }
}

void require_start(std::int64_t start, const char* what) {
    if (start < 0) {
        throw AudioFileError(make_error_code(Errc::OutOfRange),
                             std::string("AudioFile::") + what + ": start " + std::to_string(start) +
                                 " is negative");
    }
}

} // namespace

std::size_t AudioFile::read_frames(std::int64_t start, InterleavedView out) {
    auto& b = backend_ref();
    require_mode(b, Mode::Read, "read_frames");
    require_channels(b, out.channels(), "read_frames");
    require_start(start, "read_frames");
    if (start >= b.frame_count() || out.frames() == 0) return 0;
    return b.read_float(start, out.data(), out.frames());
}

std::size_t AudioFile::read_frames(std::int64_t start, AudioBufferView out) {
    auto& b = backend_ref();
    require_mode(b, Mode::Read, "read_frames");
    require_channels(b, out.channels(), "read_frames");
    require_start(start, "read_frames");
    // Deinterleave through a bounded scratch block so a long read needs no
    // second full-size buffer. 16 Ki frames: few enough backend calls (each
    // may be a read syscall) that they do not show, small enough to stay in L2.
    constexpr std::size_t block = 16384;
    const std::size_t ch = out.channels();
    std::vector<float> scratch(std::min(block, out.frames()) * ch);
    std::size_t done = 0;
    while (done < out.frames()) {
        const std::int64_t at = start + static_cast<std::int64_t>(done);
        if (at >= b.frame_count()) break;
        const std::size_t want = std::min(block, out.frames() - done);
        const std::size_t got = b.read_float(at, scratch.data(), want);
        deinterleave(ConstInterleavedView(std::span<const float>(scratch.data(), got * ch), ch),
                     out.subview(done, got));
        done += got;
        if (got < want) break;
    }
    return done;
}

AudioBuffer AudioFile::read_frames(std::int64_t start, std::int64_t count) {
    auto& b = backend_ref();
    require_mode(b, Mode::Read, "read_frames");
    require_start(start, "read_frames");
    if (count < 0) {
        throw AudioFileError(make_error_code(Errc::OutOfRange),
                             "AudioFile::read_frames: count " + std::to_string(count) + " is negative");
    }
    const std::int64_t available = std::max<std::int64_t>(0, b.frame_count() - start);
    const auto frames = static_cast<std::size_t>(std::min(count, available));
    AudioBuffer buffer(frames, b.format().channels_per_frame);
    const std::size_t got = read_frames(start, buffer.view());
    if (got < frames) {
        // The header promised more than the data holds (a truncated file): keep what is there.
        AudioBuffer shorter(got, buffer.channels());
        for (std::size_t c = 0; c < buffer.channels(); ++c) {
            std::copy_n(buffer.channel(c).data(), got, shorter.channel(c).data());
        }
        return shorter;
    }
    return buffer;
}

AudioBuffer AudioFile::read_all() { return read_frames(0, frame_count()); }

std::size_t AudioFile::read_packets(std::int64_t start, std::int64_t count, std::span<std::byte> out) {
    auto& b = backend_ref();
    require_mode(b, Mode::Read, "read_packets");
    require_start(start, "read_packets");
    const AudioFormat f = b.format();
    if (!f.is_pcm() || f.bytes_per_packet == 0) {
        throw AudioFileError(make_error_code(Errc::NotSupported),
                             "AudioFile::read_packets: " + quoted(b.path()) + " holds " +
                                 f.format_id.to_string() + " data, which has no fixed-size packets to copy");
    }
    if (count < 0) {
        throw AudioFileError(make_error_code(Errc::OutOfRange),
                             "AudioFile::read_packets: count " + std::to_string(count) + " is negative");
    }
    const std::int64_t available = std::max<std::int64_t>(0, b.frame_count() - start);
    const auto packets = static_cast<std::size_t>(std::min(count, available));
    if (out.size() / f.bytes_per_packet < packets) {
        throw AudioFileError(make_error_code(Errc::InvalidArgument),
                             "AudioFile::read_packets: " + std::to_string(packets) + " packets need " +
                                 std::to_string(packets * f.bytes_per_packet) + " bytes but the buffer has " +
                                 std::to_string(out.size()));
    }
    if (packets == 0) return 0;
    return b.read_native(start, packets, out.data());
}

std::vector<std::byte> AudioFile::read_packets(std::int64_t start, std::int64_t count) {
    auto& b = backend_ref();
    require_start(start, "read_packets");
    const std::int64_t available = std::max<std::int64_t>(0, b.frame_count() - start);
    const auto packets = static_cast<std::size_t>(std::clamp<std::int64_t>(count, 0, available));
    std::vector<std::byte> bytes(packets * std::max<std::uint32_t>(1, b.format().bytes_per_packet));
    const std::size_t got = read_packets(start, count < 0 ? count : static_cast<std::int64_t>(packets), bytes);
    bytes.resize(got * b.format().bytes_per_packet);
    return bytes;
}

void AudioFile::write_frames(ConstInterleavedView frames) {
    auto& b = backend_ref();
    require_mode(b, Mode::Write, "write_frames");
    require_channels(b, frames.channels(), "write_frames");
    if (frames.frames() != 0) b.write_float(frames.data(), frames.frames());
}

void AudioFile::write_frames(ConstAudioBufferView frames) {
    auto& b = backend_ref();
    require_mode(b, Mode::Write, "write_frames");
    require_channels(b, frames.channels(), "write_frames");
    constexpr std::size_t block = 4096;
    const std::size_t ch = frames.channels();
    std::vector<float> scratch(std::min(block, frames.frames()) * ch);
    for (std::size_t done = 0; done < frames.frames(); done += block) {
        const std::size_t n = std::min(block, frames.frames() - done);
        interleave(frames.subview(done, n), InterleavedView(std::span<float>(scratch.data(), n * ch), ch));
        b.write_float(scratch.data(), n);
    }
}

void AudioFile::flush() {
    auto& b = backend_ref();
    require_mode(b, Mode::Write, "flush");
    b.flush();
}

const AudioFileMetadata& AudioFile::metadata() const { return backend_ref().metadata(); }

void AudioFile::set_metadata(AudioFileMetadata metadata) {
    auto& b = backend_ref();
    require_mode(b, Mode::Write, "set_metadata");
    b.set_metadata(std::move(metadata));
}

} // namespace cm::ca
