// src/platform/sndfile/sndfile_backend.cpp
// AudioFile's libsndfile backend: FLAC, Ogg Vorbis, Ogg Opus, CAF (PCM and
// ALAC), Wave64 and MP3 (libsndfile >= 1.1 reads and writes MPEG Layer III).
#include "ca/audio_file_backend.hpp"
#include <coremusic/ca/sndfile_format.hpp>
#include "ca/quoted.hpp"

#include <string>

#if COREMUSIC_CA_HAVE_SNDFILE

#include <algorithm>
#include <cstdio>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include <sndfile.h>

#include <coremusic/core/backend_error.hpp>
#include <coremusic/core/sample_conversion.hpp>

namespace cm::ca::detail {

namespace {


std::string describe_rate(double rate) {
    std::string s = std::to_string(rate);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

// libsndfile's numbers above SF_ERR_UNSUPPORTED_ENCODING are private and
// change between versions; the code keeps the number (sndfile_category()
// names the public ones) and the message carries libsndfile's own words.
[[noreturn]] void throw_sndfile(SNDFILE* file, const std::string& what) {
    const int number = sf_error(file);
    const char* words = sf_strerror(file);
    throw AudioFileError(std::error_code(number != 0 ? number : SF_ERR_SYSTEM, sndfile_category()),
                         what + ": libsndfile says \"" + (words != nullptr ? words : "unknown error") + "\"");
}

// ---- settings -> libsndfile format -------------------------------------

const char* type_name(FileType t) noexcept {
    switch (t) {
    case FileType::Flac: return "FLAC";
    case FileType::OggVorbis: return "Ogg Vorbis";
    case FileType::OggOpus: return "Ogg Opus";
    case FileType::Caf: return "CAF";
    case FileType::W64: return "Wave64";
    case FileType::Mp3: return "MP3";
    default: return "this type";
    }
}

[[noreturn]] void bad_settings(const std::filesystem::path& path, FileType type, const std::string& problem) {
    throw AudioFormatError(make_error_code(Errc::InvalidFormat),
                           "cannot create " + quoted(path) + " as " + type_name(type) + ": " + problem);
}

// The MPEG audio rates: MPEG-1 (32/44.1/48 kHz), MPEG-2 (half) and MPEG-2.5 (quarter).
constexpr std::array<int, 9> mp3_rates{8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
// The rates an Opus encoder runs at (RFC 6716 section 2); others are resampled by
// an encoder that chooses to, which libsndfile does not.
constexpr std::array<int, 5> opus_rates{8000, 12000, 16000, 24000, 48000};

int pcm_subformat(SampleFormat f) noexcept {
    switch (f) {
    case SampleFormat::UInt8: return SF_FORMAT_PCM_U8;
    case SampleFormat::Int8: return SF_FORMAT_PCM_S8;
    case SampleFormat::Int16: return SF_FORMAT_PCM_16;
    case SampleFormat::Int24: return SF_FORMAT_PCM_24;
    case SampleFormat::Int32: return SF_FORMAT_PCM_32;
    case SampleFormat::Float32: return SF_FORMAT_FLOAT;
    case SampleFormat::Float64: return SF_FORMAT_DOUBLE;
    }
    return 0;
}

// The libsndfile format for `s`, or AudioFormatError naming what the type
// cannot hold. libsndfile would refuse most of these too, but with "Format
// not recognised", which does not tell the caller what to change.
int sndfile_format_for(const std::filesystem::path& path, const AudioFileSettings& s) {
    const FileType t = s.type;
    if (!(s.sample_rate > 0.0) || !(s.sample_rate <= max_sample_rate) || s.sample_rate != std::floor(s.sample_rate)) {
        bad_settings(path, t, "sample rate " + describe_rate(s.sample_rate) +
                                  " Hz: expected a whole number of Hz in (0, 4000000]");
    }
    if (s.channels == 0 || s.channels > max_channels) {
        bad_settings(path, t, std::to_string(s.channels) + " channels: expected 1.." + std::to_string(max_channels));
    }
    if (s.quality && !(*s.quality >= 0.0 && *s.quality <= 1.0)) {
        bad_settings(path, t, "quality " + std::to_string(*s.quality) + ": expected a number in [0, 1]");
    }
    const int rate = static_cast<int>(s.sample_rate);
    if (s.codec == Codec::Alac && t != FileType::Caf) {
        bad_settings(path, t, "the ALAC codec lives in CAF files only (use FileType::Caf)");
    }
    if (s.codec == Codec::Pcm && t != FileType::Caf && t != FileType::W64) {
        bad_settings(path, t, "it holds compressed audio, not linear PCM (leave codec at Default)");
    }
    switch (t) {
    case FileType::Flac: {
        // FLAC (RFC 9639) allows 1..8 channels; libsndfile 1.2 encodes 8, 16 and 24 bits.
        if (s.channels > 8) {
            bad_settings(path, t, std::to_string(s.channels) + " channels: FLAC holds 1..8");
        }
        switch (s.sample_format) {
        case SampleFormat::UInt8:
        case SampleFormat::Int8: return SF_FORMAT_FLAC | SF_FORMAT_PCM_S8;
        case SampleFormat::Int16: return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
        case SampleFormat::Int24: return SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
        default:
            bad_settings(path, t, std::string("sample format ") + to_string(s.sample_format) +
                                      ": FLAC stores integers of 8, 16 or 24 bits here (int8, int16, int24)");
        }
    }
    case FileType::OggVorbis:
        if (s.channels > 255) bad_settings(path, t, std::to_string(s.channels) + " channels: Vorbis holds 1..255");
        return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case FileType::OggOpus:
        if (std::find(opus_rates.begin(), opus_rates.end(), rate) == opus_rates.end()) {
            bad_settings(path, t, "sample rate " + describe_rate(s.sample_rate) +
                                      " Hz: Opus runs at 8000, 12000, 16000, 24000 or 48000 Hz "
                                      "(resample first)");
        }
        return SF_FORMAT_OGG | SF_FORMAT_OPUS;
    case FileType::Mp3:
        if (s.channels > 2) bad_settings(path, t, std::to_string(s.channels) + " channels: MP3 holds 1 or 2");
        if (std::find(mp3_rates.begin(), mp3_rates.end(), rate) == mp3_rates.end()) {
            bad_settings(path, t, "sample rate " + describe_rate(s.sample_rate) +
                                      " Hz: MPEG audio runs at 8000, 11025, 12000, 16000, 22050, 24000, "
                                      "32000, 44100 or 48000 Hz (resample first)");
        }
        return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    case FileType::Caf:
        if (s.codec == Codec::Alac) {
            // ALAC also has 20-bit sources; SampleFormat has no 20-bit value, so
            // this backend reads them but cannot be asked to write them.
            switch (s.sample_format) {
            case SampleFormat::Int16: return SF_FORMAT_CAF | SF_FORMAT_ALAC_16;
            case SampleFormat::Int24: return SF_FORMAT_CAF | SF_FORMAT_ALAC_24;
            case SampleFormat::Int32: return SF_FORMAT_CAF | SF_FORMAT_ALAC_32;
            default:
                bad_settings(path, t, std::string("sample format ") + to_string(s.sample_format) +
                                          ": ALAC encodes int16, int24 or int32 sources");
            }
        }
        if (s.sample_format == SampleFormat::UInt8) {
            bad_settings(path, t, "sample format uint8: CAF's 8-bit PCM is signed (use int8)");
        }
        return SF_FORMAT_CAF | pcm_subformat(s.sample_format);
    case FileType::W64:
        if (s.sample_format == SampleFormat::Int8) {
            bad_settings(path, t, "sample format int8: Wave64's 8-bit PCM is unsigned, as in WAV (use uint8)");
        }
        return SF_FORMAT_W64 | pcm_subformat(s.sample_format);
    default: break;
    }
    bad_settings(path, t, "libsndfile does not handle this type in coremusic");
}

// ---- libsndfile format -> AudioFormat ----------------------------------

std::optional<FileType> file_type_of(int format) noexcept {
    const int major = format & SF_FORMAT_TYPEMASK;
    const int sub = format & SF_FORMAT_SUBMASK;
    switch (major) {
    case SF_FORMAT_FLAC: return FileType::Flac;
    case SF_FORMAT_CAF: return FileType::Caf;
    case SF_FORMAT_W64: return FileType::W64;
    case SF_FORMAT_MPEG: return FileType::Mp3;
    case SF_FORMAT_OGG:
        if (sub == SF_FORMAT_VORBIS) return FileType::OggVorbis;
        if (sub == SF_FORMAT_OPUS) return FileType::OggOpus;
        return std::nullopt;
    default: return std::nullopt;
    }
}

std::optional<SampleFormat> pcm_sample_format(int sub) noexcept {
    switch (sub) {
    case SF_FORMAT_PCM_U8: return SampleFormat::UInt8;
    case SF_FORMAT_PCM_S8: return SampleFormat::Int8;
    case SF_FORMAT_PCM_16: return SampleFormat::Int16;
    case SF_FORMAT_PCM_24: return SampleFormat::Int24;
    case SF_FORMAT_PCM_32: return SampleFormat::Int32;
    case SF_FORMAT_FLOAT: return SampleFormat::Float32;
    case SF_FORMAT_DOUBLE: return SampleFormat::Float64;
    default: return std::nullopt;
    }
}

// FLAC's frames per packet is its block size, which libsndfile does not
// report: STREAMINFO (the first metadata block, RFC 9639 8.2) holds it at
// bytes 8..11 of the file, minimum and maximum block size big-endian. Apple
// reports the maximum in mFramesPerPacket.
std::uint32_t flac_block_size(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 12> head{};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    if (in.gcount() != static_cast<std::streamsize>(head.size()) || std::memcmp(head.data(), "fLaC", 4) != 0) {
        return 0;
    }
    return (static_cast<std::uint32_t>(head[10]) << 8U) | head[11];
}

// The ASBD Apple's decoders report for each codec, with the source depth in
// bits_per_channel for the lossless ones (0 for lossy, as Apple does).
AudioFormat make_format(int format, double rate, std::uint32_t channels, bool big_endian,
                        std::uint32_t flac_frames_per_packet) {
    const int sub = format & SF_FORMAT_SUBMASK;
    const int major = format & SF_FORMAT_TYPEMASK;
    if (major == SF_FORMAT_CAF || major == SF_FORMAT_W64) {
        if (const auto sf = pcm_sample_format(sub)) return AudioFormat::pcm(*sf, rate, channels, true, big_endian);
    }
    AudioFormat f;
    f.sample_rate = rate;
    f.channels_per_frame = channels;
    switch (sub) {
    case SF_FORMAT_ALAC_16:
    case SF_FORMAT_ALAC_20:
    case SF_FORMAT_ALAC_24:
    case SF_FORMAT_ALAC_32: {
        f.format_id = format_id::apple_lossless;
        static constexpr std::array<std::uint32_t, 4> bits{16, 20, 24, 32};
        static constexpr std::array<std::uint32_t, 4> flags{format_flags::alac_16bit_source,
                                                            format_flags::alac_20bit_source,
                                                            format_flags::alac_24bit_source,
                                                            format_flags::alac_32bit_source};
        const auto i = static_cast<std::size_t>(sub - SF_FORMAT_ALAC_16);
        f.bits_per_channel = bits[i];
        f.format_flags = flags[i];
        f.frames_per_packet = 4096;  // kALACDefaultFramesPerPacket, what libsndfile's encoder uses
        return f;
    }
    case SF_FORMAT_VORBIS:
        f.format_id = format_id::vorbis;
        f.frames_per_packet = 0;  // Vorbis packets are 2 block sizes, not one: variable
        return f;
    case SF_FORMAT_OPUS:
        f.format_id = format_id::opus;
        // libsndfile's encoder uses 20 ms frames (libopus' default), as Apple's does.
        f.frames_per_packet = static_cast<std::uint32_t>(std::lround(rate / 50.0));
        return f;
    case SF_FORMAT_MPEG_LAYER_I:
    case SF_FORMAT_MPEG_LAYER_II:
    case SF_FORMAT_MPEG_LAYER_III:
        f.format_id = format_id::mpeg_layer3;
        // ISO/IEC 11172-3 / 13818-3: 1152 samples a frame in MPEG-1, 576 in
        // MPEG-2 and 2.5 (below 32 kHz) for layer III.
        f.frames_per_packet = sub == SF_FORMAT_MPEG_LAYER_I ? 384U : (sub == SF_FORMAT_MPEG_LAYER_III && rate < 32000.0 ? 576U : 1152U);
        return f;
    default: break;
    }
    if (major == SF_FORMAT_FLAC) {
        f.format_id = format_id::flac;
        f.bits_per_channel = sub == SF_FORMAT_PCM_S8 ? 8U : sub == SF_FORMAT_PCM_24 ? 24U : sub == SF_FORMAT_PCM_32 ? 32U : 16U;
        f.frames_per_packet = flac_frames_per_packet;
        return f;
    }
    return f;
}

// ---- text ---------------------------------------------------------------

// libsndfile's string slots and the RIFF INFO keys AudioFileMetadata uses
// for them (audio_file_metadata.hpp); AIFF's keys are accepted on writing.
struct StringKey {
    int sf;
    const char* info;
    const char* aiff;
};
constexpr std::array<StringKey, 9> string_keys{{
    {SF_STR_TITLE, "INAM", "NAME"},
    {SF_STR_ARTIST, "IART", "AUTH"},
    {SF_STR_COPYRIGHT, "ICOP", "(c) "},
    {SF_STR_COMMENT, "ICMT", "ANNO"},
    {SF_STR_SOFTWARE, "ISFT", nullptr},
    {SF_STR_DATE, "ICRD", nullptr},
    {SF_STR_ALBUM, "IPRD", nullptr},
    {SF_STR_GENRE, "IGNR", nullptr},
    {SF_STR_TRACKNUMBER, "ITRK", nullptr},
}};

// ---- the backend ------------------------------------------------------------

class SndfileBackend final : public AudioFileBackend {
public:
    // Reading.
    explicit SndfileBackend(const std::filesystem::path& path) : path_(path), mode_(AudioFile::Mode::Read) {
        SF_INFO info{};
        file_ = sf_open(path.c_str(), SFM_READ, &info);
        if (file_ == nullptr) {
            if (!std::filesystem::exists(path)) {
                throw AudioFileError(std::make_error_code(std::errc::no_such_file_or_directory),
                                     "cannot open " + quoted(path) + ": no such file");
            }
            throw_sndfile(nullptr, "cannot open " + quoted(path));
        }
        const auto type = file_type_of(info.format);
        if (!type) {
            SF_FORMAT_INFO fi{};
            fi.format = info.format & SF_FORMAT_TYPEMASK;
            sf_command(file_, SFC_GET_FORMAT_MAJOR, &fi, sizeof fi);
            const std::string what = fi.name != nullptr ? fi.name : "an unknown type";
            sf_close(file_);
            file_ = nullptr;
            throw AudioFileError(make_error_code(Errc::NotSupported),
                                 quoted(path) + ": libsndfile reads it as " + what +
                                     ", which coremusic's libsndfile backend does not handle");
        }
        if (info.channels <= 0 || static_cast<unsigned>(info.channels) > max_channels || info.samplerate <= 0) {
            sf_close(file_);
            file_ = nullptr;
            throw AudioFileError(make_error_code(Errc::InvalidFormat),
                                 quoted(path) + ": " + std::to_string(info.channels) + " channels at " +
                                     std::to_string(info.samplerate) + " Hz; expected 1.." +
                                     std::to_string(max_channels) + " channels at a positive rate");
        }
        type_ = *type;
        frames_ = info.frames;
        // An MP3's length in the header is an estimate unless a Xing/LAME
        // frame gives it (measured: 24247 reported, 24192 decoded for a
        // sox-made file), and libsndfile does not say which; decoding once
        // (mpg123 runs a few hundred times real time) makes frame_count() exact.
        if (frames_ < 0 || frames_ == SF_COUNT_MAX || type_ == FileType::Mp3) frames_ = count_frames(info);
        const bool swapped = sf_command(file_, SFC_RAW_DATA_NEEDS_ENDSWAP, nullptr, 0) == SF_TRUE;
        // x86-64 and arm64 are little-endian: "needs a swap" means "big-endian".
        format_ = make_format(info.format, info.samplerate, static_cast<std::uint32_t>(info.channels), swapped,
                              type_ == FileType::Flac ? flac_block_size(path) : 0);
        read_metadata();
    }

    // Writing.
    SndfileBackend(const std::filesystem::path& path, const AudioFileSettings& s)
        : path_(path), mode_(AudioFile::Mode::Write), type_(s.type) {
        const int sfmt = sndfile_format_for(path, s);
        SF_INFO info{};
        info.samplerate = static_cast<int>(s.sample_rate);
        info.channels = static_cast<int>(s.channels);
        info.format = sfmt;
        if (sf_format_check(&info) == SF_FALSE) {
            bad_settings(path, s.type, std::string("libsndfile cannot write ") + to_string(s.sample_format) +
                                           " at " + describe_rate(s.sample_rate) + " Hz with " +
                                           std::to_string(s.channels) + " channels");
        }
        file_ = sf_open(path.c_str(), SFM_WRITE, &info);
        if (file_ == nullptr) {
            const int number = sf_error(nullptr);
            const std::string words = sf_strerror(nullptr);
            // A refused rate or channel count is a format problem; the rest are I/O.
            if (number == SF_ERR_SYSTEM) {
                throw AudioFileError(std::error_code(number, sndfile_category()),
                                     "cannot create " + quoted(path) + ": libsndfile says \"" + words + "\"");
            }
            throw AudioFormatError(std::error_code(number, sndfile_category()),
                                   "cannot create " + quoted(path) + " as " + type_name(s.type) +
                                       ": libsndfile says \"" + words + "\"");
        }
        const int sub = sfmt & SF_FORMAT_SUBMASK;
        // Integers go through sf_writef_int after our own rounding, so a value
        // is stored exactly as cm::float_to_int16_sample() and friends would
        // store it (libsndfile's float path scales by 2^(bits-1) - 1).
        switch (sub) {
        case SF_FORMAT_PCM_S8:
        case SF_FORMAT_PCM_U8: int_bits_ = 8; break;
        case SF_FORMAT_PCM_16:
        case SF_FORMAT_ALAC_16: int_bits_ = 16; break;
        case SF_FORMAT_PCM_24:
        case SF_FORMAT_ALAC_24: int_bits_ = 24; break;
        case SF_FORMAT_PCM_32:
        case SF_FORMAT_ALAC_32: int_bits_ = 32; break;
        default: int_bits_ = 0; break;
        }
        if (s.quality) apply_quality(*s.quality);
        std::uint32_t flac_block = 0;
        if (s.type == FileType::Flac) {
            // libsndfile maps [0, 1] onto libFLAC levels 0..8 (default 5);
            // libFLAC uses 1152-frame blocks at levels 0..2 and 4096 above.
            const long level = s.quality ? std::lround(*s.quality * 8.0) : 5;
            flac_block = level <= 2 ? 1152U : 4096U;
        }
        const bool big_endian = sf_command(file_, SFC_RAW_DATA_NEEDS_ENDSWAP, nullptr, 0) == SF_TRUE;
        format_ = make_format(sfmt, s.sample_rate, s.channels, big_endian, flac_block);
    }

    SndfileBackend(const SndfileBackend&) = delete;
    SndfileBackend& operator=(const SndfileBackend&) = delete;

    ~SndfileBackend() override {
        if (file_ != nullptr) sf_close(file_);
    }

    [[nodiscard]] std::string_view name() const noexcept override { return "sndfile"; }
    [[nodiscard]] AudioFile::Mode mode() const noexcept override { return mode_; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept override { return path_; }
    [[nodiscard]] FileType file_type() const noexcept override { return type_; }
    [[nodiscard]] AudioFormat format() const noexcept override { return format_; }
    [[nodiscard]] std::int64_t frame_count() const noexcept override { return frames_; }

    std::size_t read_float(std::int64_t start, float* interleaved, std::size_t frames) override {
        seek_to(start);
        const std::size_t want = std::min<std::size_t>(frames, static_cast<std::size_t>(std::max<std::int64_t>(0, frames_ - start)));
        const sf_count_t got = sf_readf_float(file_, interleaved, static_cast<sf_count_t>(want));
        if (got < 0) throw_sndfile(file_, "cannot read " + quoted(path_));
        position_ = start + got;
        if (static_cast<std::size_t>(got) < want && sf_error(file_) != SF_ERR_NO_ERROR) {
            throw_sndfile(file_, "cannot read " + quoted(path_) + " at frame " + std::to_string(position_));
        }
        return static_cast<std::size_t>(got);
    }

    std::size_t read_native(std::int64_t start, std::size_t packets, std::byte* out) override {
        if (!format_.is_pcm()) {
            throw AudioFileError(make_error_code(Errc::NotSupported),
                                 "read_packets: " + quoted(path_) + " holds " + format_.format_id.to_string() +
                                     " data; libsndfile gives compressed packets only decoded");
        }
        seek_to(start);
        const auto bytes = static_cast<sf_count_t>(packets * format_.bytes_per_packet);
        const sf_count_t got = sf_read_raw(file_, out, bytes);
        if (got < 0) throw_sndfile(file_, "cannot read " + quoted(path_));
        const auto whole = static_cast<std::size_t>(got) / format_.bytes_per_packet;
        position_ = start + static_cast<std::int64_t>(whole);
        // A partial packet at a truncated end leaves the stream mid-frame.
        if (static_cast<std::size_t>(got) % format_.bytes_per_packet != 0) position_ = -1;
        return whole;
    }

    void write_float(const float* interleaved, std::size_t frames) override {
        const std::size_t ch = format_.channels_per_frame;
        const std::size_t n = frames * ch;
        sf_count_t wrote = 0;
        if (int_bits_ == 0) {
            wrote = sf_writef_float(file_, interleaved, static_cast<sf_count_t>(frames));
        } else {
            scratch_.resize(n);
            to_int32(interleaved, scratch_.data(), n);
            wrote = sf_writef_int(file_, scratch_.data(), static_cast<sf_count_t>(frames));
        }
        if (wrote != static_cast<sf_count_t>(frames)) {
            throw_sndfile(file_, "cannot write " + quoted(path_) + " after frame " + std::to_string(frames_));
        }
        frames_ += static_cast<std::int64_t>(frames);
    }

    void flush() override {
        sf_command(file_, SFC_UPDATE_HEADER_NOW, nullptr, 0);
        sf_write_sync(file_);
        if (sf_error(file_) != SF_ERR_NO_ERROR) throw_sndfile(file_, "cannot flush " + quoted(path_));
    }

    void close() override {
        if (file_ == nullptr) return;
        SNDFILE* f = std::exchange(file_, nullptr);
        if (const int rc = sf_close(f); rc != 0) {
            throw AudioFileError(std::error_code(rc, sndfile_category()),
                                 "cannot finish " + quoted(path_) + ": libsndfile says \"" + sf_error_number(rc) + "\"");
        }
    }

    [[nodiscard]] const AudioFileMetadata& metadata() const noexcept override { return metadata_; }

    // libsndfile stores cue points and loops (SFC_SET_CUE / SFC_SET_INSTRUMENT)
    // for WAV and AIFF only, which coremusic writes itself; in the types this
    // backend writes only the text has a place. Wave64 has none. FLAC, Ogg,
    // MP3 and ALAC write their text into the header before the first audio,
    // so it must be set before write_frames(); CAF PCM takes it at any time.
    void set_metadata(AudioFileMetadata metadata) override {
        if (type_ != FileType::W64 && !metadata.text.empty()) {
            const bool text_any_time = type_ == FileType::Caf && format_.is_pcm();
            if (frames_ > 0 && !text_any_time) {
                throw AudioFileError(make_error_code(Errc::InvalidState),
                                     "set_metadata: " + quoted(path_) + " is " + type_name(type_) +
                                         ", which stores its text before the audio; call set_metadata() "
                                         "before the first write_frames()");
            }
            for (const TextField& field : metadata.text) {
                const auto key = std::find_if(string_keys.begin(), string_keys.end(), [&](const StringKey& k) {
                    return field.key == k.info || (k.aiff != nullptr && field.key == k.aiff);
                });
                if (key == string_keys.end()) continue;  // no slot for it in libsndfile's formats
                if (const int rc = sf_set_string(file_, key->sf, field.value.c_str()); rc != 0) {
                    throw AudioFileError(std::error_code(rc, sndfile_category()),
                                         "set_metadata: cannot store " + field.key + " in " + quoted(path_) +
                                             ": libsndfile says \"" + sf_error_number(rc) + "\"");
                }
            }
        }
        if (!metadata.markers.empty()) write_cues(metadata.markers);
        if (!metadata.loops.empty() || metadata.root_note) write_instrument(metadata);
        metadata_ = std::move(metadata);
    }

private:
    void apply_quality(double q) {
        // FLAC: quality is effort (1 = smallest file, level 8); lossy codecs:
        // quality is fidelity, libsndfile's compression level is its opposite.
        int command = SFC_SET_COMPRESSION_LEVEL;
        double value = 1.0 - q;
        if (type_ == FileType::Flac) {
            value = q;
        } else if (type_ == FileType::OggVorbis) {
            command = SFC_SET_VBR_ENCODING_QUALITY;
            value = q;
        } else if (type_ != FileType::OggOpus && type_ != FileType::Mp3) {
            return;  // PCM, ALAC: nothing to trade
        }
        if (sf_command(file_, command, &value, sizeof value) != SF_TRUE) {
            throw AudioFormatError(make_error_code(Errc::NotSupported),
                                   "cannot create " + quoted(path_) + ": libsndfile refused quality " +
                                       std::to_string(q) + " for " + type_name(type_));
        }
    }

    void seek_to(std::int64_t start) {
        if (position_ == start) return;
        if (sf_seek(file_, start, SEEK_SET) < 0) {
            throw_sndfile(file_, "cannot seek " + quoted(path_) + " to frame " + std::to_string(start));
        }
        position_ = start;
    }

    // Decodes the stream once to count its frames, then rewinds.
    std::int64_t count_frames(const SF_INFO& info) {
        std::vector<float> block(4096 * static_cast<std::size_t>(info.channels));
        std::int64_t n = 0;
        for (;;) {
            const sf_count_t got = sf_readf_float(file_, block.data(), 4096);
            if (got <= 0) break;
            n += got;
        }
        sf_seek(file_, 0, SEEK_SET);
        position_ = 0;
        return n;
    }

    void read_metadata() {
        for (const StringKey& k : string_keys) {
            if (const char* v = sf_get_string(file_, k.sf); v != nullptr && *v != '\0') {
                metadata_.text.push_back({k.info, v});
            }
        }
        std::uint32_t cue_count = 0;
        if (sf_command(file_, SFC_GET_CUE_COUNT, &cue_count, sizeof cue_count) == SF_TRUE && cue_count > 0) {
            auto cues = std::make_unique<SF_CUES>();
            if (sf_command(file_, SFC_GET_CUE, cues.get(), sizeof(SF_CUES)) == SF_TRUE) {
                const std::uint32_t n = std::min<std::uint32_t>(cues->cue_count, 100);
                for (std::uint32_t i = 0; i < n; ++i) {
                    const SF_CUE_POINT& c = cues->cue_points[i];
                    metadata_.markers.push_back({static_cast<std::uint32_t>(c.indx), static_cast<std::int64_t>(c.sample_offset),
                                                 std::string(c.name, ::strnlen(c.name, sizeof c.name))});
                }
            }
        }
        SF_INSTRUMENT inst{};
        if (sf_command(file_, SFC_GET_INSTRUMENT, &inst, sizeof inst) == SF_TRUE) {
            if (inst.basenote >= 0) metadata_.root_note = static_cast<std::uint8_t>(inst.basenote);
            const int n = std::clamp(inst.loop_count, 0, 16);
            for (int i = 0; i < n; ++i) {
                const auto& l = inst.loops[static_cast<std::size_t>(i)];
                Loop loop;
                loop.start = l.start;
                loop.end = l.end;
                loop.play_count = l.count;
                loop.mode = l.mode == SF_LOOP_ALTERNATING ? Loop::Mode::PingPong
                            : l.mode == SF_LOOP_BACKWARD  ? Loop::Mode::Backward
                                                          : Loop::Mode::Forward;
                metadata_.loops.push_back(loop);
            }
        }
    }

    void write_cues(const std::vector<Marker>& markers) {
        auto cues = std::make_unique<SF_CUES>();
        *cues = SF_CUES{};
        const std::size_t n = std::min<std::size_t>(markers.size(), 100);
        cues->cue_count = static_cast<std::uint32_t>(n);
        for (std::size_t i = 0; i < n; ++i) {
            SF_CUE_POINT& c = cues->cue_points[i];
            c.indx = static_cast<std::int32_t>(markers[i].id);
            c.position = static_cast<std::uint32_t>(markers[i].frame);
            c.sample_offset = static_cast<std::uint32_t>(markers[i].frame);
            std::memcpy(&c.fcc_chunk, "data", 4);
            const std::size_t len = std::min(markers[i].name.size(), sizeof c.name - 1);
            std::memcpy(c.name, markers[i].name.data(), len);
        }
        // Where the type has no cue chunk libsndfile keeps them unused; nothing to report.
        sf_command(file_, SFC_SET_CUE, cues.get(), sizeof(SF_CUES));
    }

    void write_instrument(const AudioFileMetadata& m) {
        SF_INSTRUMENT inst{};
        inst.basenote = static_cast<char>(m.root_note.value_or(60));
        inst.velocity_hi = 127;
        inst.key_hi = 127;
        inst.loop_count = static_cast<int>(std::min<std::size_t>(m.loops.size(), 16));
        for (int i = 0; i < inst.loop_count; ++i) {
            const Loop& l = m.loops[static_cast<std::size_t>(i)];
            auto& out = inst.loops[static_cast<std::size_t>(i)];
            out.mode = l.mode == Loop::Mode::PingPong ? SF_LOOP_ALTERNATING
                       : l.mode == Loop::Mode::Backward ? SF_LOOP_BACKWARD
                                                        : SF_LOOP_FORWARD;
            out.start = static_cast<std::uint32_t>(l.start);
            out.end = static_cast<std::uint32_t>(l.end);
            out.count = l.play_count;
        }
        sf_command(file_, SFC_SET_INSTRUMENT, &inst, sizeof inst);
    }

    // float -> int32 at full scale, rounded at the file's depth as the
    // sample_conversion.hpp functions round, so libsndfile's shift down is exact.
    void to_int32(const float* in, int* out, std::size_t n) const noexcept {
        switch (int_bits_) {
        case 8:
            for (std::size_t i = 0; i < n; ++i) {
                const float x = in[i];
                const float v = x == x ? std::clamp(std::nearbyint(x * 128.0F), -128.0F, 127.0F) : 0.0F;
                out[i] = static_cast<int>(static_cast<std::uint32_t>(static_cast<int>(v)) << 24U);
            }
            break;
        case 16:
            for (std::size_t i = 0; i < n; ++i) {
                out[i] = static_cast<int>(static_cast<std::uint32_t>(cm::detail::float_to_int16_sample(in[i])) << 16U);
            }
            break;
        case 24:
            for (std::size_t i = 0; i < n; ++i) {
                out[i] = static_cast<int>(static_cast<std::uint32_t>(cm::detail::float_to_int24_value(in[i])) << 8U);
            }
            break;
        default:
            for (std::size_t i = 0; i < n; ++i) out[i] = cm::detail::float_to_int32_sample(in[i]);
            break;
        }
    }

    std::filesystem::path path_;
    AudioFile::Mode mode_;
    FileType type_ = FileType::Flac;
    SNDFILE* file_ = nullptr;
    AudioFormat format_{};
    std::int64_t frames_ = 0;
    std::int64_t position_ = 0;  // where libsndfile's read position is; -1 = unknown
    int int_bits_ = 0;           // writing: integer depth, 0 = write floats
    std::vector<int> scratch_;
    AudioFileMetadata metadata_;
};

} // namespace

BackendPtr open_sndfile(const std::filesystem::path& path) { return std::make_unique<SndfileBackend>(path); }

BackendPtr create_sndfile(const std::filesystem::path& path, const AudioFileSettings& settings) {
    return std::make_unique<SndfileBackend>(path, settings);
}

// What this libsndfile can do, asked of the library itself (a build against
// libsndfile < 1.1 has no MPEG; one built without external libraries has no
// FLAC, Ogg or Opus).
bool sndfile_can_read(FileType type) noexcept { return sndfile_can_write(type); }

bool sndfile_can_write(FileType type) noexcept {
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 2;
    switch (type) {
    case FileType::Flac: info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16; break;
    case FileType::OggVorbis: info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS; break;
    case FileType::OggOpus: info.format = SF_FORMAT_OGG | SF_FORMAT_OPUS; break;
    case FileType::Caf: info.format = SF_FORMAT_CAF | SF_FORMAT_PCM_16; break;
    case FileType::W64: info.format = SF_FORMAT_W64 | SF_FORMAT_PCM_16; break;
    case FileType::Mp3: info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III; break;
    default: return false;
    }
    return sf_format_check(&info) == SF_TRUE;
}

} // namespace cm::ca::detail

namespace cm::ca {

int to_sndfile_format(const AudioFileSettings& settings) {
    const FileType t = settings.type;
    if (t == FileType::Wave || t == FileType::RF64 || t == FileType::Aiff || t == FileType::Aifc) {
        throw AudioFormatError(make_error_code(Errc::InvalidArgument),
                               std::string("to_sndfile_format: ") + detail::type_name(settings.type) +
                                   " files are written by coremusic's own codec, not libsndfile");
    }
    return detail::sndfile_format_for("(settings)", settings);
}

AudioFormat from_sndfile_format(int format, double sample_rate, std::uint32_t channels) {
    SF_INFO info{};
    info.format = format;
    info.samplerate = static_cast<int>(sample_rate);
    info.channels = static_cast<int>(channels);
    if (!detail::file_type_of(format) || sf_format_check(&info) != SF_TRUE ||
        static_cast<double>(info.samplerate) != sample_rate) {
        throw AudioFormatError(make_error_code(Errc::InvalidFormat),
                               "from_sndfile_format: 0x" + [&] {
                                   char hex[16];
                                   std::snprintf(hex, sizeof hex, "%08X", static_cast<unsigned>(format));
                                   return std::string(hex);
                               }() + " at " + std::to_string(sample_rate) + " Hz, " + std::to_string(channels) +
                                   " channels is not a format libsndfile writes for FLAC, Ogg, Opus, CAF, W64 or MP3");
    }
    // libsndfile's FLAC encoder writes blocks of 4096 frames.
    constexpr std::uint32_t flac_block = 4096;
    return detail::make_format(format, sample_rate, channels, (format & SF_FORMAT_ENDMASK) == SF_ENDIAN_BIG,
                               flac_block);
}

} // namespace cm::ca

#else  // built without libsndfile

namespace cm::ca::detail {

namespace {
[[noreturn]] void unavailable(const std::filesystem::path& path, const char* verb) {
    throw AudioFileError(make_error_code(Errc::BackendUnavailable),
                         std::string("cannot ") + verb + " '" + path.string() +
                             "': this build of coremusic has no libsndfile (FLAC, Ogg, Opus, CAF, W64, MP3)");
}
} // namespace

BackendPtr open_sndfile(const std::filesystem::path& path) { unavailable(path, "open"); }
BackendPtr create_sndfile(const std::filesystem::path& path, const AudioFileSettings&) {
    unavailable(path, "create");
}
bool sndfile_can_read(FileType) noexcept { return false; }
bool sndfile_can_write(FileType) noexcept { return false; }

} // namespace cm::ca::detail

namespace cm::ca {

int to_sndfile_format(const AudioFileSettings&) {
    throw Error(make_error_code(Errc::BackendUnavailable),
                "to_sndfile_format: this build of coremusic has no libsndfile");
}

AudioFormat from_sndfile_format(int, double, std::uint32_t) {
    throw Error(make_error_code(Errc::BackendUnavailable),
                "from_sndfile_format: this build of coremusic has no libsndfile");
}

} // namespace cm::ca

#endif
