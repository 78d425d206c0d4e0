// src/platform/apple/ext_audio_file.cpp
// AudioFile's AudioToolbox backend (Apple only): ExtAudioFile decodes and
// encodes CAF (PCM, ALAC, AAC...), FLAC and MP3 (read) through Apple's
// codecs, converting to and from interleaved float32 on the way.
#include "ca/audio_file_backend.hpp"
#include "ca/quoted.hpp"

#include <AudioToolbox/AudioToolbox.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <coremusic/core/os_status.hpp>

namespace cm::ca::detail {

namespace {


void check(OSStatus status, const std::string& what) {
    if (status != noErr) {
        const std::error_code ec = os_status_code(static_cast<std::int32_t>(status));
        throw AudioFileError(ec, what + ": " + ec.message());
    }
}

// Owns a CFTypeRef.
template <class T>
class CfRef {
public:
    explicit CfRef(T ref = nullptr) noexcept : ref_(ref) {}
    ~CfRef() {
        if (ref_ != nullptr) CFRelease(ref_);
    }
    CfRef(const CfRef&) = delete;
    CfRef& operator=(const CfRef&) = delete;
    [[nodiscard]] T get() const noexcept { return ref_; }
    T* out() noexcept { return &ref_; }

private:
    T ref_;
};

CFURLRef make_url(const std::filesystem::path& path) {
    const std::string s = path.string();
    CFURLRef url = CFURLCreateFromFileSystemRepresentation(kCFAllocatorDefault, reinterpret_cast<const UInt8*>(s.data()),
                                                           static_cast<CFIndex>(s.size()), false);
    if (url == nullptr) {
        throw AudioFileError(make_error_code(Errc::InvalidArgument), "cannot make a file URL of " + quoted(path));
    }
    return url;
}

AudioStreamBasicDescription to_asbd(const AudioFormat& f) noexcept {
    AudioStreamBasicDescription d{};
    d.mSampleRate = f.sample_rate;
    d.mFormatID = f.format_id.value();
    d.mFormatFlags = f.format_flags;  // coremusic's flag values are Apple's
    d.mBytesPerPacket = f.bytes_per_packet;
    d.mFramesPerPacket = f.frames_per_packet;
    d.mBytesPerFrame = f.bytes_per_frame;
    d.mChannelsPerFrame = f.channels_per_frame;
    d.mBitsPerChannel = f.bits_per_channel;
    return d;
}

AudioFormat from_asbd(const AudioStreamBasicDescription& d) noexcept {
    AudioFormat f;
    f.sample_rate = d.mSampleRate;
    f.format_id = FourCC{d.mFormatID};
    f.format_flags = d.mFormatFlags;
    f.bytes_per_packet = d.mBytesPerPacket;
    f.frames_per_packet = d.mFramesPerPacket;
    f.bytes_per_frame = d.mBytesPerFrame;
    f.channels_per_frame = d.mChannelsPerFrame;
    f.bits_per_channel = d.mBitsPerChannel;
    // Apple leaves mBitsPerChannel 0 for ALAC and FLAC and puts the source
    // depth in the flags (kAppleLosslessFormatFlag_*BitSourceData, which FLAC
    // shares); coremusic reports it in bits_per_channel.
    if ((d.mFormatID == kAudioFormatAppleLossless || d.mFormatID == kAudioFormatFLAC) && f.bits_per_channel == 0) {
        switch (d.mFormatFlags) {
        case 1: f.bits_per_channel = 16; break;
        case 2: f.bits_per_channel = 20; break;
        case 3: f.bits_per_channel = 24; break;
        case 4: f.bits_per_channel = 32; break;
        default: break;
        }
    }
    return f;
}

std::optional<FileType> file_type_of(AudioFileTypeID id) noexcept {
    switch (id) {
    case kAudioFileCAFType: return FileType::Caf;
    case kAudioFileFLACType: return FileType::Flac;
    case kAudioFileMP3Type: return FileType::Mp3;
    default: return std::nullopt;
    }
}

// The keys of kAudioFilePropertyInfoDictionary and the RIFF INFO keys
// AudioFileMetadata uses for them.
struct InfoKey {
    const char* apple;
    const char* info;
};
constexpr InfoKey info_keys[] = {
    {kAFInfoDictionary_Title, "INAM"},     {kAFInfoDictionary_Artist, "IART"},
    {kAFInfoDictionary_Comments, "ICMT"},  {kAFInfoDictionary_Copyright, "ICOP"},
    {kAFInfoDictionary_Album, "IPRD"},     {kAFInfoDictionary_Genre, "IGNR"},
    {kAFInfoDictionary_Year, "ICRD"},      {kAFInfoDictionary_TrackNumber, "ITRK"},
    {kAFInfoDictionary_EncodingApplication, "ISFT"},
};

std::string to_utf8(CFStringRef s) {
    const CFIndex length = CFStringGetLength(s);
    const CFIndex max = CFStringGetMaximumSizeForEncoding(length, kCFStringEncodingUTF8) + 1;
    std::vector<char> buf(static_cast<std::size_t>(max));
    if (!CFStringGetCString(s, buf.data(), max, kCFStringEncodingUTF8)) return {};
    return std::string(buf.data());
}

class ExtAudioFileBackend final : public AudioFileBackend {
public:
    // Reading.
    explicit ExtAudioFileBackend(const std::filesystem::path& path) : path_(path), mode_(AudioFile::Mode::Read) {
        const CfRef<CFURLRef> url(make_url(path));
        check(ExtAudioFileOpenURL(url.get(), &file_), "cannot open " + quoted(path));
        try {
            AudioFileID af = audio_file();
            AudioFileTypeID type_id = 0;
            UInt32 size = sizeof type_id;
            check(AudioFileGetProperty(af, kAudioFilePropertyFileFormat, &size, &type_id),
                  "cannot read the file type of " + quoted(path));
            const auto type = file_type_of(type_id);
            if (!type) {
                throw AudioFileError(make_error_code(Errc::NotSupported),
                                     quoted(path) + ": AudioToolbox reads it as type '" + FourCC{type_id}.to_string() +
                                         "', which coremusic's ExtAudioFile backend does not handle");
            }
            type_ = *type;
            AudioStreamBasicDescription asbd{};
            size = sizeof asbd;
            check(AudioFileGetProperty(af, kAudioFilePropertyDataFormat, &size, &asbd),
                  "cannot read the data format of " + quoted(path));
            format_ = from_asbd(asbd);
            if (format_.channels_per_frame == 0 || format_.channels_per_frame > max_channels || !(format_.sample_rate > 0)) {
                throw AudioFileError(make_error_code(Errc::InvalidFormat),
                                     quoted(path) + ": " + std::to_string(format_.channels_per_frame) +
                                         " channels; expected 1.." + std::to_string(max_channels));
            }
            SInt64 frames = 0;
            size = sizeof frames;
            check(ExtAudioFileGetProperty(file_, kExtAudioFileProperty_FileLengthFrames, &size, &frames),
                  "cannot read the length of " + quoted(path));
            frames_ = frames;
            set_client_format();
            read_info(af);
        } catch (...) {
            ExtAudioFileDispose(file_);
            file_ = nullptr;
            throw;
        }
    }

    // Writing.
    ExtAudioFileBackend(const std::filesystem::path& path, const AudioFileSettings& s)
        : path_(path), mode_(AudioFile::Mode::Write), type_(s.type) {
        AudioFileTypeID type_id = 0;
        AudioStreamBasicDescription asbd{};
        if (s.channels == 0 || s.channels > max_channels) {
            throw AudioFormatError(make_error_code(Errc::InvalidFormat),
                                   "cannot create " + quoted(path) + ": " + std::to_string(s.channels) +
                                       " channels; expected 1.." + std::to_string(max_channels));
        }
        const auto lossless_flags = [&]() -> UInt32 {
            switch (s.sample_format) {
            case SampleFormat::Int16: return 1;
            case SampleFormat::Int24: return 3;
            case SampleFormat::Int32: return 4;
            default:
                throw AudioFormatError(make_error_code(Errc::InvalidFormat),
                                       "cannot create " + quoted(path) + ": sample format " +
                                           to_string(s.sample_format) +
                                           "; Apple's lossless encoders take int16, int24 or int32 sources");
            }
        };
        if (s.type == FileType::Caf && s.codec == Codec::Alac) {
            type_id = kAudioFileCAFType;
            asbd.mFormatID = kAudioFormatAppleLossless;
            asbd.mFormatFlags = lossless_flags();
            asbd.mFramesPerPacket = 4096;  // kALACDefaultFramesPerPacket
        } else if (s.type == FileType::Caf) {
            type_id = kAudioFileCAFType;
            asbd = to_asbd(AudioFormat::pcm(s.sample_format, s.sample_rate, s.channels));  // validates
        } else if (s.type == FileType::Flac) {
            type_id = kAudioFileFLACType;
            asbd.mFormatID = kAudioFormatFLAC;
            asbd.mFormatFlags = lossless_flags();
            if (s.channels > 8) {
                throw AudioFormatError(make_error_code(Errc::InvalidFormat),
                                       "cannot create " + quoted(path) + ": FLAC holds 1..8 channels, not " +
                                           std::to_string(s.channels));
            }
        } else {
            throw AudioFileError(make_error_code(Errc::BackendUnavailable),
                                 "cannot create " + quoted(path) + ": ExtAudioFile writes CAF and FLAC here, not " +
                                     std::string(to_string(s.type)));
        }
        asbd.mSampleRate = s.sample_rate;
        asbd.mChannelsPerFrame = s.channels;
        if (asbd.mFormatID != kAudioFormatLinearPCM) {
            // Let AudioToolbox fill in what the encoder decides.
            UInt32 size = sizeof asbd;
            check(AudioFormatGetProperty(kAudioFormatProperty_FormatInfo, 0, nullptr, &size, &asbd),
                  "cannot create " + quoted(path) + " as " + std::string(to_string(s.type)));
        }
        const CfRef<CFURLRef> url(make_url(path));
        check(ExtAudioFileCreateWithURL(url.get(), type_id, &asbd, nullptr, kAudioFileFlags_EraseFile, &file_),
              "cannot create " + quoted(path));
        try {
            AudioStreamBasicDescription actual{};
            UInt32 size = sizeof actual;
            check(ExtAudioFileGetProperty(file_, kExtAudioFileProperty_FileDataFormat, &size, &actual),
                  "cannot read back the format of " + quoted(path));
            format_ = from_asbd(actual);
            set_client_format();
        } catch (...) {
            ExtAudioFileDispose(file_);
            file_ = nullptr;
            throw;
        }
    }

    ExtAudioFileBackend(const ExtAudioFileBackend&) = delete;
    ExtAudioFileBackend& operator=(const ExtAudioFileBackend&) = delete;
    ~ExtAudioFileBackend() override {
        if (file_ != nullptr) ExtAudioFileDispose(file_);
    }

    [[nodiscard]] std::string_view name() const noexcept override { return "ExtAudioFile"; }
    [[nodiscard]] AudioFile::Mode mode() const noexcept override { return mode_; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept override { return path_; }
    [[nodiscard]] FileType file_type() const noexcept override { return type_; }
    [[nodiscard]] AudioFormat format() const noexcept override { return format_; }
    [[nodiscard]] std::int64_t frame_count() const noexcept override { return frames_; }

    std::size_t read_float(std::int64_t start, float* interleaved, std::size_t frames) override {
        if (position_ != start) {
            check(ExtAudioFileSeek(file_, start), "cannot seek " + quoted(path_) + " to frame " + std::to_string(start));
            position_ = start;
        }
        const std::size_t ch = format_.channels_per_frame;
        std::size_t done = 0;
        while (done < frames) {
            // mDataByteSize is 32 bits: read in pieces that fit.
            const std::size_t step = std::min<std::size_t>(frames - done, (std::numeric_limits<UInt32>::max() / 4) / ch);
            AudioBufferList list{};
            list.mNumberBuffers = 1;
            list.mBuffers[0].mNumberChannels = static_cast<UInt32>(ch);
            list.mBuffers[0].mDataByteSize = static_cast<UInt32>(step * ch * sizeof(float));
            list.mBuffers[0].mData = interleaved + done * ch;
            auto n = static_cast<UInt32>(step);
            check(ExtAudioFileRead(file_, &n, &list), "cannot read " + quoted(path_));
            done += n;
            position_ += n;
            if (n == 0) break;
        }
        return done;
    }

    std::size_t read_native(std::int64_t start, std::size_t packets, std::byte* out) override {
        if (!format_.is_pcm() || format_.bytes_per_packet == 0) {
            throw AudioFileError(make_error_code(Errc::NotSupported),
                                 "read_packets: " + quoted(path_) + " holds " + format_.format_id.to_string() +
                                     " data; ExtAudioFile gives compressed packets only decoded");
        }
        auto bytes = static_cast<UInt32>(packets * format_.bytes_per_packet);
        auto count = static_cast<UInt32>(packets);
        check(AudioFileReadPacketData(audio_file(), false, &bytes, nullptr, start, &count, out),
              "cannot read packets of " + quoted(path_));
        return count;
    }

    void write_float(const float* interleaved, std::size_t frames) override {
        const std::size_t ch = format_.channels_per_frame;
        std::size_t done = 0;
        while (done < frames) {
            const std::size_t step = std::min<std::size_t>(frames - done, (std::numeric_limits<UInt32>::max() / 4) / ch);
            AudioBufferList list{};
            list.mNumberBuffers = 1;
            list.mBuffers[0].mNumberChannels = static_cast<UInt32>(ch);
            list.mBuffers[0].mDataByteSize = static_cast<UInt32>(step * ch * sizeof(float));
            // ExtAudioFileWrite does not write through mData; the API is not const-correct.
            list.mBuffers[0].mData = const_cast<float*>(interleaved + done * ch);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
            check(ExtAudioFileWrite(file_, static_cast<UInt32>(step), &list),
                  "cannot write " + quoted(path_) + " after frame " + std::to_string(frames_));
            done += step;
            frames_ += static_cast<std::int64_t>(step);
        }
    }

    // ExtAudioFile has no call that completes the header of a file still
    // being written; only ExtAudioFileDispose() does.
    void flush() override {
        throw AudioFileError(make_error_code(Errc::NotSupported),
                             "flush: ExtAudioFile completes " + quoted(path_) +
                                 " only when it is closed (write WAV/AIFF, or FLAC/CAF through libsndfile, to "
                                 "flush while writing)");
    }

    void close() override {
        if (file_ == nullptr) return;
        ExtAudioFileRef f = std::exchange(file_, nullptr);
        if (mode_ == AudioFile::Mode::Write && !metadata_.text.empty()) {
            AudioFileID af = nullptr;
            UInt32 size = sizeof af;
            if (ExtAudioFileGetProperty(f, kExtAudioFileProperty_AudioFile, &size, &af) == noErr) write_info(af);
        }
        check(ExtAudioFileDispose(f), "cannot finish " + quoted(path_));
    }

    [[nodiscard]] const AudioFileMetadata& metadata() const noexcept override { return metadata_; }

    // Text goes to the file's info dictionary at close (CAF keeps it; types
    // without one drop it). Markers and loops have no ExtAudioFile API here.
    void set_metadata(AudioFileMetadata metadata) override { metadata_ = std::move(metadata); }

private:
    AudioFileID audio_file() const {
        AudioFileID af = nullptr;
        UInt32 size = sizeof af;
        check(ExtAudioFileGetProperty(file_, kExtAudioFileProperty_AudioFile, &size, &af),
              "cannot reach the AudioFile of " + quoted(path_));
        return af;
    }

    void set_client_format() {
        const AudioStreamBasicDescription client =
            to_asbd(AudioFormat::pcm_float32(format_.sample_rate, format_.channels_per_frame, true));
        check(ExtAudioFileSetProperty(file_, kExtAudioFileProperty_ClientDataFormat, sizeof client, &client),
              "cannot set float32 as the client format of " + quoted(path_));
    }

    void read_info(AudioFileID af) {
        CFDictionaryRef dict = nullptr;
        UInt32 size = sizeof dict;
        if (AudioFileGetProperty(af, kAudioFilePropertyInfoDictionary, &size, &dict) != noErr || dict == nullptr) return;
        const CfRef<CFDictionaryRef> owned(dict);
        for (const InfoKey& k : info_keys) {
            const CfRef<CFStringRef> key(CFStringCreateWithCString(kCFAllocatorDefault, k.apple, kCFStringEncodingUTF8));
            const void* value = CFDictionaryGetValue(dict, key.get());
            if (value != nullptr && CFGetTypeID(value) == CFStringGetTypeID()) {
                std::string text = to_utf8(static_cast<CFStringRef>(value));
                if (!text.empty()) metadata_.text.push_back({k.info, std::move(text)});
            }
        }
    }

    void write_info(AudioFileID af) const {
        const CfRef<CFMutableDictionaryRef> dict(CFDictionaryCreateMutable(
            kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks));
        for (const TextField& field : metadata_.text) {
            for (const InfoKey& k : info_keys) {
                if (field.key != k.info) continue;
                const CfRef<CFStringRef> key(CFStringCreateWithCString(kCFAllocatorDefault, k.apple, kCFStringEncodingUTF8));
                const CfRef<CFStringRef> value(
                    CFStringCreateWithCString(kCFAllocatorDefault, field.value.c_str(), kCFStringEncodingUTF8));
                if (key.get() != nullptr && value.get() != nullptr) CFDictionarySetValue(dict.get(), key.get(), value.get());
            }
        }
        CFDictionaryRef as_dict = dict.get();
        // Types without an info dictionary refuse it: nothing to keep then.
        AudioFileSetProperty(af, kAudioFilePropertyInfoDictionary, sizeof as_dict, &as_dict);
    }

    std::filesystem::path path_;
    AudioFile::Mode mode_;
    FileType type_ = FileType::Caf;
    ExtAudioFileRef file_ = nullptr;
    AudioFormat format_{};
    std::int64_t frames_ = 0;
    std::int64_t position_ = 0;
    AudioFileMetadata metadata_;
};

} // namespace

BackendPtr open_ext_audio_file(const std::filesystem::path& path) {
    return std::make_unique<ExtAudioFileBackend>(path);
}

BackendPtr create_ext_audio_file(const std::filesystem::path& path, const AudioFileSettings& settings) {
    return std::make_unique<ExtAudioFileBackend>(path, settings);
}

bool ext_audio_file_can_read(FileType type) noexcept {
    return type == FileType::Caf || type == FileType::Flac || type == FileType::Mp3;
}

bool ext_audio_file_can_write(FileType type) noexcept { return type == FileType::Caf || type == FileType::Flac; }

} // namespace cm::ca::detail
