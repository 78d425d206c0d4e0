// coremusic/ca/audio_format.hpp
// AudioFormat: what Apple calls an AudioStreamBasicDescription (ASBD), the
// one description of a stream of audio data that every file, converter and
// device in cm::ca speaks, with Apple's real format IDs and flag values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/core/fourcc.hpp>

namespace cm::ca {

/// Format IDs (AudioStreamBasicDescription::mFormatID), with the values of
/// Apple's kAudioFormat* constants. `vorbis` is coremusic's own: Apple has no
/// Ogg Vorbis format ID.
namespace format_id {
inline constexpr FourCC linear_pcm{"lpcm"};      ///< kAudioFormatLinearPCM
inline constexpr FourCC apple_lossless{"alac"};  ///< kAudioFormatAppleLossless
inline constexpr FourCC flac{"flac"};            ///< kAudioFormatFLAC
inline constexpr FourCC opus{"opus"};            ///< kAudioFormatOpus
inline constexpr FourCC mpeg_layer3{".mp3"};     ///< kAudioFormatMPEGLayer3
inline constexpr FourCC mpeg4_aac{"aac "};       ///< kAudioFormatMPEG4AAC
inline constexpr FourCC ulaw{"ulaw"};            ///< kAudioFormatULaw
inline constexpr FourCC alaw{"alaw"};            ///< kAudioFormatALaw
inline constexpr FourCC vorbis{"vorb"};          ///< coremusic's own (no Apple constant)
} // namespace format_id

/// Format flags (mFormatFlags), with the values of Apple's kAudioFormatFlag*
/// and kLinearPCMFormatFlag* constants (CoreAudioBaseTypes.h).
namespace format_flags {
inline constexpr std::uint32_t is_float = 1U << 0;            ///< kAudioFormatFlagIsFloat
inline constexpr std::uint32_t is_big_endian = 1U << 1;       ///< kAudioFormatFlagIsBigEndian
inline constexpr std::uint32_t is_signed_integer = 1U << 2;   ///< kAudioFormatFlagIsSignedInteger
inline constexpr std::uint32_t is_packed = 1U << 3;           ///< kAudioFormatFlagIsPacked
inline constexpr std::uint32_t is_aligned_high = 1U << 4;     ///< kAudioFormatFlagIsAlignedHigh
inline constexpr std::uint32_t is_non_interleaved = 1U << 5;  ///< kAudioFormatFlagIsNonInterleaved
inline constexpr std::uint32_t is_non_mixable = 1U << 6;      ///< kAudioFormatFlagIsNonMixable
inline constexpr std::uint32_t are_all_clear = 0x80000000U;   ///< kAudioFormatFlagsAreAllClear
/// kAudioFormatFlagsNativeEndian: 0 on every platform coremusic supports
/// (x86_64 and arm64 are little-endian).
inline constexpr std::uint32_t native_endian = 0;
/// kAudioFormatFlagsNativeFloatPacked: float | packed | native endian.
inline constexpr std::uint32_t native_float_packed = is_float | is_packed | native_endian;
/// kAppleLosslessFormatFlag_{16,20,24,32}BitSourceData, for format_id::apple_lossless.
inline constexpr std::uint32_t alac_16bit_source = 1;
inline constexpr std::uint32_t alac_20bit_source = 2;  ///< see alac_16bit_source
inline constexpr std::uint32_t alac_24bit_source = 3;  ///< see alac_16bit_source
inline constexpr std::uint32_t alac_32bit_source = 4;  ///< see alac_16bit_source
} // namespace format_flags

/// The PCM sample encodings coremusic reads and writes: what one sample of a
/// linear PCM stream is, independent of byte order and interleaving.
enum class SampleFormat : std::uint8_t {
    UInt8,    ///< 8-bit unsigned, 128 = silence (WAV's 8-bit)
    Int8,     ///< 8-bit signed (AIFF's 8-bit)
    Int16,    ///< 16-bit signed
    Int24,    ///< 24-bit signed, packed in 3 bytes
    Int32,    ///< 32-bit signed
    Float32,  ///< IEEE 754 binary32, nominal range [-1, 1]
    Float64,  ///< IEEE 754 binary64, nominal range [-1, 1]
};

/// Bits of one sample: 8, 16, 24, 32 or 64. Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::uint32_t bits_per_sample(SampleFormat f) noexcept CM_NONBLOCKING {
    switch (f) {
    case SampleFormat::UInt8:
    case SampleFormat::Int8: return 8;
    case SampleFormat::Int16: return 16;
    case SampleFormat::Int24: return 24;
    case SampleFormat::Int32:
    case SampleFormat::Float32: return 32;
    case SampleFormat::Float64: return 64;
    }
    return 0;
}

/// Bytes of one stored sample (bits / 8). Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::uint32_t bytes_per_sample(SampleFormat f) noexcept CM_NONBLOCKING {
    return bits_per_sample(f) / 8;
}

/// True for Float32 and Float64. Thread-safe. Realtime-safe.
[[nodiscard]] constexpr bool is_float(SampleFormat f) noexcept CM_NONBLOCKING {
    return f == SampleFormat::Float32 || f == SampleFormat::Float64;
}

/// "uint8", "int16", "float32", ... Thread-safe. Realtime-safe.
[[nodiscard]] constexpr const char* to_string(SampleFormat f) noexcept CM_NONBLOCKING {
    switch (f) {
    case SampleFormat::UInt8: return "uint8";
    case SampleFormat::Int8: return "int8";
    case SampleFormat::Int16: return "int16";
    case SampleFormat::Int24: return "int24";
    case SampleFormat::Int32: return "int32";
    case SampleFormat::Float32: return "float32";
    case SampleFormat::Float64: return "float64";
    }
    return "?";
}

/// Highest sample rate a format may declare. Rates above it are taken for a
/// corrupt header, not for audio (DXD is 352.8 kHz, DSD64 as PCM 2.8224 MHz;
/// this leaves room above both).
inline constexpr double max_sample_rate = 4'000'000.0;

/// A stream description with the fields of Apple's
/// AudioStreamBasicDescription, named as in the seed's AudioFormat. For
/// linear PCM the byte and frame fields must agree with each other (see
/// validate()); for compressed formats bytes_per_packet and bytes_per_frame
/// are 0 (variable) and frames_per_packet is the codec's packet size, as on
/// Apple. Build PCM descriptions with the factories rather than by hand.
///
/// Thread-safe: a value type. Realtime-safe: everything but describe() and
/// the throwing validate().
struct AudioFormat {
    double sample_rate = 0.0;             ///< frames per second (mSampleRate)
    FourCC format_id = format_id::linear_pcm;  ///< mFormatID
    std::uint32_t format_flags = 0;       ///< mFormatFlags (format_flags::)
    std::uint32_t bytes_per_packet = 0;   ///< mBytesPerPacket (0 = variable)
    std::uint32_t frames_per_packet = 0;  ///< mFramesPerPacket (1 for PCM)
    std::uint32_t bytes_per_frame = 0;    ///< mBytesPerFrame (0 for compressed)
    std::uint32_t channels_per_frame = 0; ///< mChannelsPerFrame
    std::uint32_t bits_per_channel = 0;   ///< mBitsPerChannel (source depth for lossless)

    /// Linear PCM of the given sample format, packed, with Apple's flags:
    /// signed-integer or float, packed, big-endian when asked, and
    /// non-interleaved when `interleaved` is false (then bytes_per_frame and
    /// bytes_per_packet describe one channel, as Apple specifies). UInt8 has
    /// no signed flag (Apple's convention for WAV's unsigned 8-bit).
    /// Throws AudioFormatError for a sample rate that is not finite and
    /// positive or above max_sample_rate, or 0 or more than max_channels
    /// channels. Thread-safe. Not realtime-safe (may throw).
    [[nodiscard]] static AudioFormat pcm(SampleFormat sample_format, double sample_rate,
                                         std::uint32_t channels, bool interleaved = true,
                                         bool big_endian = false) {
        AudioFormat f;
        f.sample_rate = sample_rate;
        f.format_id = format_id::linear_pcm;
        f.format_flags = format_flags::is_packed;
        if (cm::ca::is_float(sample_format)) {
            f.format_flags |= format_flags::is_float;
        } else if (sample_format != SampleFormat::UInt8) {
            f.format_flags |= format_flags::is_signed_integer;
        }
        if (big_endian) f.format_flags |= format_flags::is_big_endian;
        if (!interleaved) f.format_flags |= format_flags::is_non_interleaved;
        f.bits_per_channel = cm::ca::bits_per_sample(sample_format);
        const std::uint32_t sample_bytes = cm::ca::bytes_per_sample(sample_format);
        f.bytes_per_frame = interleaved ? sample_bytes * channels : sample_bytes;
        f.bytes_per_packet = f.bytes_per_frame;
        f.frames_per_packet = 1;
        f.channels_per_frame = channels;
        f.validate();
        return f;
    }

    /// Signed 16-bit linear PCM, little-endian. Throws as pcm().
    [[nodiscard]] static AudioFormat pcm_int16(double sample_rate, std::uint32_t channels,
                                               bool interleaved = true) {
        return pcm(SampleFormat::Int16, sample_rate, channels, interleaved);
    }

    /// Signed 24-bit linear PCM in 3 bytes, little-endian. Throws as pcm().
    [[nodiscard]] static AudioFormat pcm_int24(double sample_rate, std::uint32_t channels,
                                               bool interleaved = true) {
        return pcm(SampleFormat::Int24, sample_rate, channels, interleaved);
    }

    /// Signed 32-bit linear PCM, little-endian. Throws as pcm().
    [[nodiscard]] static AudioFormat pcm_int32(double sample_rate, std::uint32_t channels,
                                               bool interleaved = true) {
        return pcm(SampleFormat::Int32, sample_rate, channels, interleaved);
    }

    /// 32-bit float linear PCM, native endian (kAudioFormatFlagsNativeFloatPacked,
    /// plus non-interleaved when asked: the canonical AudioUnit format).
    /// Throws as pcm().
    [[nodiscard]] static AudioFormat pcm_float32(double sample_rate, std::uint32_t channels,
                                                 bool interleaved = true) {
        return pcm(SampleFormat::Float32, sample_rate, channels, interleaved);
    }

    /// 64-bit float linear PCM, native endian. Throws as pcm().
    [[nodiscard]] static AudioFormat pcm_float64(double sample_rate, std::uint32_t channels,
                                                 bool interleaved = true) {
        return pcm(SampleFormat::Float64, sample_rate, channels, interleaved);
    }

    /// True for linear PCM. Realtime-safe.
    [[nodiscard]] constexpr bool is_pcm() const noexcept CM_NONBLOCKING {
        return format_id == format_id::linear_pcm;
    }
    /// True when samples are floating point. Realtime-safe.
    [[nodiscard]] constexpr bool is_float() const noexcept CM_NONBLOCKING {
        return (format_flags & format_flags::is_float) != 0;
    }
    /// True when samples are big-endian. Realtime-safe.
    [[nodiscard]] constexpr bool is_big_endian() const noexcept CM_NONBLOCKING {
        return (format_flags & format_flags::is_big_endian) != 0;
    }
    /// True when samples are signed integers. Realtime-safe.
    [[nodiscard]] constexpr bool is_signed_integer() const noexcept CM_NONBLOCKING {
        return (format_flags & format_flags::is_signed_integer) != 0;
    }
    /// True when channels are interleaved in one buffer. Realtime-safe.
    [[nodiscard]] constexpr bool is_interleaved() const noexcept CM_NONBLOCKING {
        return (format_flags & format_flags::is_non_interleaved) == 0;
    }
    /// True when the samples fill their bytes (no padding bits). Realtime-safe.
    [[nodiscard]] constexpr bool is_packed() const noexcept CM_NONBLOCKING {
        return (format_flags & format_flags::is_packed) != 0;
    }
    /// Bytes of one sample of one channel in a PCM stream (bytes_per_frame
    /// divided by the channels of one buffer); 0 when not PCM. Realtime-safe.
    [[nodiscard]] constexpr std::uint32_t bytes_per_sample() const noexcept CM_NONBLOCKING {
        if (!is_pcm() || channels_per_frame == 0) return 0;
        return is_interleaved() ? bytes_per_frame / channels_per_frame : bytes_per_frame;
    }

    /// The SampleFormat of a packed linear PCM description, or an empty
    /// optional when it is not one coremusic converts (compressed, padded,
    /// 12-bit...). Realtime-safe.
    [[nodiscard]] constexpr std::optional<SampleFormat> sample_format() const noexcept CM_NONBLOCKING {
        if (!is_pcm()) return std::nullopt;
        const std::uint32_t bytes = bytes_per_sample();
        if (bytes * 8 != bits_per_channel) return std::nullopt;
        if (is_float()) {
            if (bits_per_channel == 32) return SampleFormat::Float32;
            if (bits_per_channel == 64) return SampleFormat::Float64;
            return std::nullopt;
        }
        switch (bits_per_channel) {
        case 8: return is_signed_integer() ? SampleFormat::Int8 : SampleFormat::UInt8;
        case 16: return is_signed_integer() ? std::optional{SampleFormat::Int16} : std::nullopt;
        case 24: return is_signed_integer() ? std::optional{SampleFormat::Int24} : std::nullopt;
        case 32: return is_signed_integer() ? std::optional{SampleFormat::Int32} : std::nullopt;
        default: return std::nullopt;
        }
    }

    /// Checks the description: a finite sample rate in (0, max_sample_rate],
    /// 1..max_channels channels, and for linear PCM: frames_per_packet 1,
    /// bits_per_channel 1..64 that fit in the sample's bytes, bytes_per_packet
    /// == bytes_per_frame, bytes_per_frame == sample bytes x channels
    /// (interleaved) or sample bytes (non-interleaved), float only at 32 or
    /// 64 bits, not both float and signed-integer. Throws AudioFormatError
    /// naming the field that is wrong. Thread-safe. Not realtime-safe.
    void validate() const { validate_impl(nullptr); }

    /// As validate(), reporting through `ec` (cleared when valid) instead of
    /// throwing. Thread-safe.
    void validate(std::error_code& ec) const noexcept { validate_impl(&ec); }

    /// One line for people: "44100 Hz, 2 ch, lpcm int16 interleaved little-endian".
    /// Thread-safe. Not realtime-safe.
    [[nodiscard]] std::string describe() const {
        std::string s = format_number(sample_rate) + " Hz, " + std::to_string(channels_per_frame) +
                        " ch, " + format_id.to_string();
        if (is_pcm()) {
            if (auto sf = sample_format()) {
                s += ' ';
                s += to_string(*sf);
            } else {
                s += ' ' + std::to_string(bits_per_channel) + "-bit";
            }
            s += is_interleaved() ? " interleaved" : " non-interleaved";
            if (bits_per_channel > 8) s += is_big_endian() ? " big-endian" : " little-endian";
        } else if (bits_per_channel != 0) {
            s += " from " + std::to_string(bits_per_channel) + "-bit source";
        }
        return s;
    }

    /// Field-by-field equality (sample rates compared exactly).
    friend constexpr bool operator==(const AudioFormat&, const AudioFormat&) noexcept = default;

private:
    static std::string format_number(double v) {
        std::string s = std::to_string(v);
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }

    void validate_impl(std::error_code* ec) const {
        auto fail = [&](auto&& message) {
            detail::report<AudioFormatError>(ec, Errc::InvalidFormat, [&] {
                return "AudioFormat: " + std::string(message());
            });
        };
        if (!(sample_rate > 0.0) || !(sample_rate <= max_sample_rate)) {
            return fail([&] {
                return "sample_rate " + format_number(sample_rate) +
                       " is not a rate: expected a finite number in (0, 4000000] Hz";
            });
        }
        if (channels_per_frame == 0 || channels_per_frame > max_channels) {
            return fail([&] {
                return "channels_per_frame " + std::to_string(channels_per_frame) +
                       " is out of range: expected 1.." + std::to_string(max_channels);
            });
        }
        if (is_pcm()) {
            if (frames_per_packet != 1) {
                return fail([&] {
                    return "frames_per_packet is " + std::to_string(frames_per_packet) +
                           " but linear PCM has 1 frame per packet";
                });
            }
            if (bits_per_channel == 0 || bits_per_channel > 64) {
                return fail([&] {
                    return "bits_per_channel " + std::to_string(bits_per_channel) +
                           " is out of range: expected 1..64";
                });
            }
            if (is_float() && is_signed_integer()) {
                return fail([] { return std::string("format_flags say both float and signed integer"); });
            }
            if (is_float() && bits_per_channel != 32 && bits_per_channel != 64) {
                return fail([&] {
                    return "float samples of " + std::to_string(bits_per_channel) +
                           " bits: expected 32 or 64";
                });
            }
            const std::uint32_t per_buffer = is_interleaved() ? channels_per_frame : 1;
            if (bytes_per_frame == 0 || bytes_per_frame % per_buffer != 0 ||
                bytes_per_frame / per_buffer * 8 < bits_per_channel) {
                return fail([&] {
                    return "bytes_per_frame " + std::to_string(bytes_per_frame) + " cannot hold " +
                           std::to_string(per_buffer) + " sample(s) of " +
                           std::to_string(bits_per_channel) + " bits";
                });
            }
            if (bytes_per_packet != bytes_per_frame) {
                return fail([&] {
                    return "bytes_per_packet " + std::to_string(bytes_per_packet) +
                           " differs from bytes_per_frame " + std::to_string(bytes_per_frame) +
                           " (linear PCM has one frame per packet)";
                });
            }
        }
        detail::report_success(ec);
    }
};

} // namespace cm::ca
