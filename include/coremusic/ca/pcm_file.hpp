// coremusic/ca/pcm_file.hpp
// coremusic's own WAV / RF64 / BW64 / AIFF / AIFF-C codec, header-only and
// OS-free: parsing a header from a file or from memory, decoding stored
// samples to float and back, and building the headers and metadata chunks
// of a file being written. AudioFile and MMapAudioFile sit on top of it.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <coremusic/ca/audio_file_metadata.hpp>
#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_format.hpp>
#include <coremusic/ca/detail/pcm_bytes.hpp>
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/core/fourcc.hpp>
#include <coremusic/core/sample_conversion.hpp>

namespace cm::ca {

// ---------------------------------------------------------------------------
// Sample encodings

/// How one stored PCM sample looks: its SampleFormat and byte order, plus
/// the channels of an interleaved frame. Every WAV and AIFF variant
/// coremusic reads maps onto one of these (WAV: little-endian, 8-bit
/// unsigned; AIFF / AIFF-C 'NONE' / 'twos': big-endian, 8-bit signed;
/// 'sowt': little-endian; 'fl32' / 'fl64': big-endian float).
/// Thread-safe: a value type. Realtime-safe.
struct PcmEncoding {
    SampleFormat sample_format = SampleFormat::Int16;  ///< what one sample is
    bool big_endian = false;                           ///< byte order of multi-byte samples
    std::uint32_t channels = 1;                        ///< samples per (interleaved) frame

    /// Bytes of one sample. Realtime-safe.
    [[nodiscard]] constexpr std::uint32_t bytes_per_sample() const noexcept CM_NONBLOCKING {
        return cm::ca::bytes_per_sample(sample_format);
    }
    /// Bytes of one frame (the WAV block align). Realtime-safe.
    [[nodiscard]] constexpr std::uint32_t bytes_per_frame() const noexcept CM_NONBLOCKING {
        return bytes_per_sample() * channels;
    }
    /// True when stored samples are float32 in the host's byte order, so a
    /// frame is `channels` floats as they are (no conversion). Realtime-safe.
    [[nodiscard]] constexpr bool is_native_float32() const noexcept CM_NONBLOCKING {
        return sample_format == SampleFormat::Float32 && big_endian == (std::endian::native == std::endian::big);
    }
    /// The AudioFormat (packed, interleaved linear PCM) of this encoding at
    /// `sample_rate`. Throws AudioFormatError as AudioFormat::pcm().
    [[nodiscard]] AudioFormat to_format(double sample_rate) const {
        return AudioFormat::pcm(sample_format, sample_rate, channels, true, big_endian);
    }
    /// The encoding of a packed interleaved linear PCM AudioFormat, or empty
    /// when it is none (compressed, padded, non-interleaved). Realtime-safe.
    [[nodiscard]] static constexpr std::optional<PcmEncoding> from_format(const AudioFormat& f) noexcept
        CM_NONBLOCKING {
        if (!f.is_interleaved() || f.channels_per_frame == 0) return std::nullopt;
        const std::optional<SampleFormat> sf = f.sample_format();
        if (!sf) return std::nullopt;
        return PcmEncoding{*sf, f.is_big_endian(), f.channels_per_frame};
    }
    friend constexpr bool operator==(const PcmEncoding&, const PcmEncoding&) noexcept = default;
};

namespace detail {

[[nodiscard]] inline float int8_sample_to_float(int v) noexcept CM_NONBLOCKING {
    return static_cast<float>(v) * (1.0f / 128.0f);
}

// The same convention as sample_conversion.hpp at 8 bits: round(x * 128)
// clamped to [-128, 127], NaN -> 0.
[[nodiscard]] inline int float_to_int8_value(float x) noexcept CM_NONBLOCKING {
    float v = cm::detail::round_small(x * 128.0f);
    v = v > -128.0f ? v : -128.0f;
    v = v < 127.0f ? v : 127.0f;
    v = x == x ? v : 0.0f;
    return static_cast<int>(v);
}

// Plain loops without restrict: the vectoriser adds its own run-time alias
// check, so they are correct for any buffers and fast for distinct ones.
inline void decode_kernel(const PcmEncoding& e, const unsigned char* s, float* d, std::size_t n) noexcept
    CM_NONBLOCKING {
    if (n == 0) return;  // the pointers of empty spans may be null, which memcpy must not get
    const bool swap = e.big_endian != (std::endian::native == std::endian::big);
    switch (e.sample_format) {
    case SampleFormat::UInt8:
        for (std::size_t i = 0; i < n; ++i) d[i] = int8_sample_to_float(static_cast<int>(s[i]) - 128);
        return;
    case SampleFormat::Int8:
        for (std::size_t i = 0; i < n; ++i) d[i] = int8_sample_to_float(static_cast<signed char>(s[i]));
        return;
    case SampleFormat::Int16:
        if (!swap) {
            for (std::size_t i = 0; i < n; ++i) {
                std::int16_t v;
                std::memcpy(&v, s + 2 * i, 2);
                d[i] = cm::detail::int16_sample_to_float(v);
            }
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                std::uint16_t u;
                std::memcpy(&u, s + 2 * i, 2);
                d[i] = cm::detail::int16_sample_to_float(static_cast<std::int16_t>(bswap(u)));
            }
        }
        return;
    case SampleFormat::Int24:
        if (!e.big_endian) {
            for (std::size_t i = 0; i < n; ++i) d[i] = cm::detail::int24_packed_sample_to_float(s + 3 * i);
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                const unsigned char* b = s + 3 * i;
                const unsigned char le[3] = {b[2], b[1], b[0]};
                d[i] = cm::detail::int24_packed_sample_to_float(le);
            }
        }
        return;
    case SampleFormat::Int32:
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t u;
            std::memcpy(&u, s + 4 * i, 4);
            if (swap) u = bswap(u);
            d[i] = cm::detail::int32_sample_to_float(static_cast<std::int32_t>(u));
        }
        return;
    case SampleFormat::Float32:
        if (!swap) {
            std::memcpy(d, s, n * 4);
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                std::uint32_t u;
                std::memcpy(&u, s + 4 * i, 4);
                d[i] = std::bit_cast<float>(bswap(u));
            }
        }
        return;
    case SampleFormat::Float64:
        for (std::size_t i = 0; i < n; ++i) {
            std::uint64_t u;
            std::memcpy(&u, s + 8 * i, 8);
            if (swap) u = bswap(u);
            d[i] = static_cast<float>(std::bit_cast<double>(u));
        }
        return;
    }
}

inline void encode_kernel(const PcmEncoding& e, const float* s, unsigned char* d, std::size_t n) noexcept
    CM_NONBLOCKING {
    if (n == 0) return;
    const bool swap = e.big_endian != (std::endian::native == std::endian::big);
    switch (e.sample_format) {
    case SampleFormat::UInt8:
        for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(float_to_int8_value(s[i]) + 128);
        return;
    case SampleFormat::Int8:
        for (std::size_t i = 0; i < n; ++i) {
            d[i] = static_cast<unsigned char>(static_cast<signed char>(float_to_int8_value(s[i])));
        }
        return;
    case SampleFormat::Int16:
        for (std::size_t i = 0; i < n; ++i) {
            auto u = static_cast<std::uint16_t>(cm::detail::float_to_int16_sample(s[i]));
            if (swap) u = bswap(u);
            std::memcpy(d + 2 * i, &u, 2);
        }
        return;
    case SampleFormat::Int24:
        for (std::size_t i = 0; i < n; ++i) {
            unsigned char* b = d + 3 * i;
            cm::detail::store_int24_packed(s[i], b);
            if (e.big_endian) std::swap(b[0], b[2]);
        }
        return;
    case SampleFormat::Int32:
        for (std::size_t i = 0; i < n; ++i) {
            auto u = static_cast<std::uint32_t>(cm::detail::float_to_int32_sample(s[i]));
            if (swap) u = bswap(u);
            std::memcpy(d + 4 * i, &u, 4);
        }
        return;
    case SampleFormat::Float32:
        if (!swap) {
            std::memcpy(d, s, n * 4);
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint32_t u = bswap(std::bit_cast<std::uint32_t>(s[i]));
                std::memcpy(d + 4 * i, &u, 4);
            }
        }
        return;
    case SampleFormat::Float64:
        for (std::size_t i = 0; i < n; ++i) {
            auto u = std::bit_cast<std::uint64_t>(static_cast<double>(s[i]));
            if (swap) u = bswap(u);
            std::memcpy(d + 8 * i, &u, 8);
        }
        return;
    }
}

} // namespace detail

/// Stored samples -> float: integers as i / 2^(bits-1) (8-bit unsigned
/// WAV: (u - 128) / 128), float64 rounded to float, float32 as stored;
/// big-endian samples are byte-swapped. Converts min(stored.size() /
/// bytes_per_sample, out.size()) samples and returns that count (a trailing
/// partial sample is ignored). `stored` and `out` should not overlap (the
/// result is defined but garbled if they do). Thread-safe on distinct
/// buffers. Realtime-safe.
inline std::size_t decode_samples(const PcmEncoding& encoding, std::span<const std::byte> stored,
                                  std::span<float> out) noexcept CM_NONBLOCKING {
    const std::size_t n = std::min<std::size_t>(stored.size() / encoding.bytes_per_sample(), out.size());
    if (n == 0) return 0;
    detail::decode_kernel(encoding, reinterpret_cast<const unsigned char*>(stored.data()), out.data(), n);
    return n;
}

/// float -> stored samples: integers round(x * 2^(bits-1)) clipped to the
/// format's range (NaN -> 0), as sample_conversion.hpp; float32 copied as
/// is, float64 widened exactly; byte-swapped for big-endian. Converts
/// min(in.size(), stored.size() / bytes_per_sample) samples and returns
/// that count. Thread-safe on distinct buffers. Realtime-safe.
inline std::size_t encode_samples(const PcmEncoding& encoding, std::span<const float> in,
                                  std::span<std::byte> stored) noexcept CM_NONBLOCKING {
    const std::size_t n = std::min<std::size_t>(in.size(), stored.size() / encoding.bytes_per_sample());
    if (n == 0) return 0;
    detail::encode_kernel(encoding, in.data(), reinterpret_cast<unsigned char*>(stored.data()), n);
    return n;
}

// ---------------------------------------------------------------------------
// Frame views

/// A run of stored frames, zero-copy: the bytes as they are in the file
/// (or memory map) and how to read them. Samples are converted to float
/// only when asked (sample(), to_float()); big-endian AIFF data is swapped
/// on the way. When the data is float32 in the host's byte order and
/// 4-byte aligned, as_float() gives it without any conversion.
///
/// Like std::span it does not own its bytes: it is valid while what it
/// points into lives (for MMapAudioFile: while the file is open).
/// Thread-safety: a value; the bytes are only read. Realtime-safety: all
/// members (no allocation, lock or throw).
class PcmFrameView {
public:
    /// An empty view. Realtime-safe.
    constexpr PcmFrameView() noexcept = default;
    /// `bytes` holds whole frames of `encoding` (a trailing partial frame is
    /// not part of the view); `start_frame` is the first frame's index in
    /// its file. Realtime-safe.
    PcmFrameView(std::span<const std::byte> bytes, const PcmEncoding& encoding,
                 std::int64_t start_frame = 0) noexcept CM_NONBLOCKING
        : bytes_(bytes.first(bytes.size() - bytes.size() % std::max<std::uint32_t>(1, encoding.bytes_per_frame()))),
          encoding_(encoding),
          start_frame_(start_frame) {}

    /// The stored bytes of the frames, in the file's byte order. Realtime-safe.
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept CM_NONBLOCKING { return bytes_; }
    /// How the bytes encode samples. Realtime-safe.
    [[nodiscard]] const PcmEncoding& encoding() const noexcept CM_NONBLOCKING { return encoding_; }
    /// Samples per frame. Realtime-safe.
    [[nodiscard]] std::uint32_t channels() const noexcept CM_NONBLOCKING { return encoding_.channels; }
    /// Frames in the view. Realtime-safe.
    [[nodiscard]] std::size_t frames() const noexcept CM_NONBLOCKING {
        const std::uint32_t bpf = encoding_.bytes_per_frame();
        return bpf == 0 ? 0 : bytes_.size() / bpf;
    }
    /// True when the view has no frames. Realtime-safe.
    [[nodiscard]] bool empty() const noexcept CM_NONBLOCKING { return frames() == 0; }
    /// Index in the file of the first frame. Realtime-safe.
    [[nodiscard]] std::int64_t start_frame() const noexcept CM_NONBLOCKING { return start_frame_; }

    /// One sample as float. Preconditions: frame < frames(), channel <
    /// channels() (out of range gives 0). Realtime-safe.
    [[nodiscard]] float sample(std::size_t frame, std::size_t channel) const noexcept CM_NONBLOCKING {
        if (frame >= frames() || channel >= encoding_.channels) return 0.0f;
        const std::size_t at = (frame * encoding_.channels + channel) * encoding_.bytes_per_sample();
        float v = 0.0f;
        detail::decode_kernel(encoding_, reinterpret_cast<const unsigned char*>(bytes_.data()) + at, &v, 1);
        return v;
    }

    /// Converts the first min(frames(), out.frames()) frames into
    /// interleaved `out` and returns that count; 0 when out.channels() !=
    /// channels(). Realtime-safe.
    std::size_t to_float(const InterleavedView& out) const noexcept CM_NONBLOCKING {
        if (out.channels() != encoding_.channels) return 0;
        const std::size_t n = std::min(frames(), out.frames());
        detail::decode_kernel(encoding_, reinterpret_cast<const unsigned char*>(bytes_.data()), out.data(),
                              n * encoding_.channels);
        return n;
    }

    /// Converts the first min(frames(), out.frames()) frames into planar
    /// `out` (through a small stack block) and returns that count; 0 when
    /// out.channels() != channels(). Realtime-safe.
    std::size_t to_float(const AudioBufferView& out) const noexcept CM_NONBLOCKING {
        if (out.channels() != encoding_.channels) return 0;
        const std::size_t n = std::min(frames(), out.frames());
        const std::size_t ch = encoding_.channels;
        constexpr std::size_t block_samples = 2048;
        std::array<float, block_samples> block;  // NOLINT: filled before read
        const std::size_t block_frames = block_samples / ch;
        const auto* base = reinterpret_cast<const unsigned char*>(bytes_.data());
        for (std::size_t f = 0; f < n; f += block_frames) {
            const std::size_t m = std::min(block_frames, n - f);
            detail::decode_kernel(encoding_, base + f * encoding_.bytes_per_frame(), block.data(), m * ch);
            const auto in = ConstInterleavedView::try_make(std::span<const float>(block.data(), m * ch), ch);
            if (in) deinterleave(*in, out.subview(f, m));
        }
        return n;
    }

    /// The samples as float32 without conversion (interleaved, frames() *
    /// channels() of them) when the stored data is float32 in the host's
    /// byte order and suitably aligned; otherwise an empty span.
    /// Realtime-safe.
    [[nodiscard]] std::span<const float> as_float() const noexcept CM_NONBLOCKING {
        if (!encoding_.is_native_float32() || bytes_.empty()) return {};
        if (reinterpret_cast<std::uintptr_t>(bytes_.data()) % alignof(float) != 0) return {};
        // The bytes of a file mapping hold float representations; reading them
        // through float* is what every mmap reader does (there is no
        // std::start_lifetime_as before C++23).
        return {reinterpret_cast<const float*>(bytes_.data()), bytes_.size() / sizeof(float)};
    }

    /// Frames [offset, offset + count) of this view, clipped to it. Realtime-safe.
    [[nodiscard]] PcmFrameView subview(std::size_t offset, std::size_t count) const noexcept CM_NONBLOCKING {
        const std::size_t total = frames();
        offset = std::min(offset, total);
        count = std::min(count, total - offset);
        const std::size_t bpf = encoding_.bytes_per_frame();
        return PcmFrameView(bytes_.subspan(offset * bpf, count * bpf), encoding_,
                            start_frame_ + static_cast<std::int64_t>(offset));
    }

    /// The frames as a new planar buffer. Not realtime-safe (allocates).
    [[nodiscard]] AudioBuffer to_buffer() const {
        AudioBuffer buffer(frames(), encoding_.channels);
        (void)to_float(buffer.view());
        return buffer;
    }

private:
    std::span<const std::byte> bytes_;
    PcmEncoding encoding_{};
    std::int64_t start_frame_ = 0;
};

// ---------------------------------------------------------------------------
// Parsing

/// What the header of a WAV / RF64 / BW64 / AIFF / AIFF-C file says, after
/// checking it: where the samples are, how they are stored, and the
/// metadata. Thread-safety: a value type.
struct PcmFileInfo {
    FileType type = FileType::Wave;     ///< Wave, RF64 (also BW64), Aiff or Aifc
    AudioFormat format;                 ///< the stored format (packed interleaved PCM, file byte order)
    PcmEncoding encoding;               ///< the same, as the codec uses it
    std::uint64_t data_offset = 0;      ///< byte offset of the first sample in the file
    std::uint64_t data_bytes = 0;       ///< bytes of whole frames present: frame_count * block align
    std::int64_t frame_count = 0;       ///< frames present
    /// Bits that carry signal (WAVE_FORMAT_EXTENSIBLE wValidBitsPerSample,
    /// WAV wBitsPerSample, AIFF sampleSize), <= the container's bits. The
    /// stored samples are left-justified in their containers, so decoding
    /// them as the container is right for any valid-bits value.
    std::uint32_t valid_bits = 0;
    /// WAVE_FORMAT_EXTENSIBLE dwChannelMask (speaker positions, SPEAKER_*
    /// bits of ksmedia.h); empty for other files.
    std::optional<std::uint32_t> channel_mask;
    /// WAV wFormatTag: 1 (PCM), 3 (IEEE float) or 0xFFFE (extensible); 0 for AIFF.
    std::uint16_t wave_format_tag = 0;
    /// AIFF-C compression type ('NONE', 'sowt', 'fl32'...); 'NONE' for AIFF,
    /// zero for WAV.
    FourCC compression;
    /// The size the data chunk declared (RF64: from ds64; AIFF: from COMM's
    /// frame count); more than data_bytes when the file was cut short.
    std::uint64_t declared_data_bytes = 0;
    /// True when the data chunk (or AIFF's frame count) promised more bytes
    /// than the file holds: the data was clamped to what is there, as other
    /// readers do with a recording that was cut off.
    bool truncated = false;
    /// Markers, loops, text and root note found in the file.
    AudioFileMetadata metadata;
};

/// A function that copies file bytes from an offset into a span and returns
/// how many it copied (fewer only at the end of the file or on error).
template <class F>
concept PcmReadAt = std::invocable<F&, std::uint64_t, std::span<std::byte>> &&
                    std::convertible_to<std::invoke_result_t<F&, std::uint64_t, std::span<std::byte>>, std::size_t>;

namespace detail {

using Bytes = std::vector<unsigned char>;

class PcmParser {
public:
    PcmParser(std::function<std::size_t(std::uint64_t, std::span<std::byte>)> read, std::uint64_t size,
              std::string_view name)
        : read_(std::move(read)),
          size_(size),
          prefix_(quote(name)) {}

    // Appending rather than "'" + std::string(name): GCC 12 at -O3 reports a
    // false -Wrestrict in operator+(const char*, std::string&&).
    static std::string quote(std::string_view name) {
        std::string s;
        if (!name.empty()) {
            s += '\'';
            s += name;
            s += "': ";
        }
        return s;
    }

    PcmFileInfo parse() {
        if (size_ < 12) {
            fail("truncated header: the file has " + std::to_string(size_) +
                 " bytes, a RIFF or FORM header needs 12");
        }
        const Bytes head = read(0, 12);
        if ((id_is(&head[0], "RIFF") || id_is(&head[0], "RF64") || id_is(&head[0], "BW64")) &&
            id_is(&head[8], "WAVE")) {
            return parse_wave(head);
        }
        if (id_is(&head[0], "FORM") && (id_is(&head[8], "AIFF") || id_is(&head[8], "AIFC"))) {
            return parse_aiff(head);
        }
        if (id_is(&head[0], "RIFF") || id_is(&head[0], "RF64") || id_is(&head[0], "BW64")) {
            fail("a RIFF file of form '" + chunk_id_text(&head[8]) + "', not WAVE: not audio coremusic reads");
        }
        if (id_is(&head[0], "FORM")) {
            fail("an IFF FORM of type '" + chunk_id_text(&head[8]) + "', not AIFF or AIFC");
        }
        fail("not a RIFF/WAVE, RF64, BW64 or FORM/AIFF file: it starts with '" + chunk_id_text(&head[0]) +
             "' (expected 'RIFF', 'RF64', 'BW64' or 'FORM')");
    }

private:
    [[noreturn]] void fail(const std::string& message, Errc code = Errc::InvalidFormat) const {
        throw AudioFileError(make_error_code(code), prefix_ + message);
    }

    Bytes read(std::uint64_t offset, std::uint64_t n) const {
        if (offset > size_ || n > size_ - offset) {
            fail("truncated: " + std::to_string(n) + " bytes needed at byte " + std::to_string(offset) +
                 " but the file has " + std::to_string(size_) + " bytes");
        }
        Bytes b(static_cast<std::size_t>(n));
        if (b.empty()) return b;
        const std::size_t got = read_(offset, std::as_writable_bytes(std::span(b)));
        if (got != b.size()) {
            fail("cannot read " + std::to_string(n) + " bytes at byte " + std::to_string(offset) + " (got " +
                     std::to_string(got) + ")",
                 Errc::IoError);
        }
        return b;
    }

    static std::string trim_text(const unsigned char* p, std::size_t n) {
        std::string s(reinterpret_cast<const char*>(p), n);
        const std::size_t nul = s.find('\0');
        if (nul != std::string::npos) s.resize(nul);
        return s;
    }

    void check_rate(double rate) const {
        if (!(rate >= 1.0) || !(rate <= max_sample_rate)) {
            fail("absurd sample rate " + std::to_string(rate) + " Hz (expected 1 to " +
                 std::to_string(static_cast<long long>(max_sample_rate)) + " Hz)");
        }
    }

    void check_channels(std::int64_t channels) const {
        if (channels <= 0) fail("zero channels: the header declares " + std::to_string(channels));
        if (channels > static_cast<std::int64_t>(max_channels)) {
            fail(std::to_string(channels) + " channels: coremusic handles at most " + std::to_string(max_channels),
                 Errc::NotSupported);
        }
    }

    // ---- WAV / RF64 -------------------------------------------------------

    struct Ds64 {
        std::uint64_t riff_size = 0;
        std::uint64_t data_size = 0;
        std::uint64_t sample_count = 0;
        std::vector<std::pair<std::array<unsigned char, 4>, std::uint64_t>> table;
    };

    PcmFileInfo parse_wave(const Bytes& head) {
        PcmFileInfo info;
        const bool rf64 = !id_is(&head[0], "RIFF");
        info.type = rf64 ? FileType::RF64 : FileType::Wave;
        const std::uint32_t riff32 = le32(&head[4]);
        std::optional<Ds64> ds64;
        bool have_fmt = false;
        bool have_data = false;
        std::uint64_t riff_end = size_;
        if (!rf64 && riff32 >= 4) riff_end = std::min<std::uint64_t>(size_, std::uint64_t{riff32} + 8);

        struct Cue {
            std::uint32_t id;
            std::uint32_t offset;
        };
        std::vector<Cue> cues;
        std::vector<std::pair<std::uint32_t, std::string>> labels;

        std::uint64_t pos = 12;
        while (pos + 8 <= size_) {
            if (have_fmt && have_data && pos >= riff_end) break;
            const Bytes h = read(pos, 8);
            const std::uint32_t size32 = le32(&h[4]);
            std::uint64_t size = size32;
            const std::uint64_t body = pos + 8;
            const std::string id = chunk_id_text(&h[0]);
            if (rf64 && pos == 12 && !id_is(&h[0], "ds64")) {
                fail("RF64 file without a ds64 chunk first (found '" + id + "' at byte 12; EBU Tech 3306)");
            }
            if (rf64 && size32 == 0xFFFFFFFFU && !id_is(&h[0], "ds64")) {
                if (!ds64) fail("chunk '" + id + "' at byte " + std::to_string(pos) + " has size -1 but no ds64");
                if (id_is(&h[0], "data")) {
                    size = ds64->data_size;
                } else {
                    bool found = false;
                    for (const auto& [tid, tsize] : ds64->table) {
                        if (std::memcmp(tid.data(), &h[0], 4) == 0) {
                            size = tsize;
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        fail("chunk '" + id + "' at byte " + std::to_string(pos) +
                             " has size -1 but the ds64 table does not list it");
                    }
                }
            }
            const std::uint64_t left = size_ - body;
            if (id_is(&h[0], "data")) {
                if (have_data) fail("a second 'data' chunk at byte " + std::to_string(pos));
                have_data = true;
                info.data_offset = body;
                info.declared_data_bytes = size;
                if (size > left) {
                    info.truncated = true;
                    info.data_bytes = left;
                    break;  // nothing can follow data that runs to the end
                }
                info.data_bytes = size;
            } else {
                if (size > left) {
                    fail("chunk '" + id + "' at byte " + std::to_string(pos) + " declares " + std::to_string(size) +
                         " bytes, beyond the file (" + std::to_string(left) + " bytes left)");
                }
                if (id_is(&h[0], "ds64")) {
                    if (!rf64 || pos != 12) fail("a ds64 chunk at byte " + std::to_string(pos) + " outside an RF64 header");
                    ds64 = parse_ds64(read(body, size), pos);
                } else if (id_is(&h[0], "fmt ")) {
                    if (have_fmt) fail("a second 'fmt ' chunk at byte " + std::to_string(pos));
                    parse_fmt(read(body, size), pos, info);
                    have_fmt = true;
                } else if (id_is(&h[0], "cue ")) {
                    const Bytes b = read(body, size);
                    if (b.size() < 4) fail("'cue ' chunk at byte " + std::to_string(pos) + " is shorter than 4 bytes");
                    const std::uint64_t n = le32(&b[0]);
                    if (n * 24 > b.size() - 4) {
                        fail("'cue ' chunk at byte " + std::to_string(pos) + " lists " + std::to_string(n) +
                             " cue points but has room for " + std::to_string((b.size() - 4) / 24));
                    }
                    for (std::size_t i = 0; i < n; ++i) {
                        const unsigned char* c = &b[4 + 24 * i];
                        cues.push_back({le32(c), le32(c + 20)});
                    }
                } else if (id_is(&h[0], "LIST")) {
                    parse_list(read(body, size), pos, info, labels);
                } else if (id_is(&h[0], "smpl")) {
                    parse_smpl(read(body, size), pos, info);
                }
            }
            pos = body + size + (size & 1U);
        }
        if (rf64 && !ds64) fail("RF64 file without a ds64 chunk (EBU Tech 3306)");
        if (!have_fmt) fail("no 'fmt ' chunk: not a complete WAV header");
        if (!have_data) fail("no 'data' chunk: the WAV file holds no audio");
        const std::uint32_t block = info.encoding.bytes_per_frame();
        if (!info.truncated && info.data_bytes % block != 0) {
            fail("data size " + std::to_string(info.data_bytes) + " is not a multiple of the block align " +
                 std::to_string(block));
        }
        info.data_bytes -= info.data_bytes % block;
        info.frame_count = static_cast<std::int64_t>(info.data_bytes / block);
        for (const Cue& c : cues) {
            Marker m;
            m.id = c.id;
            m.frame = c.offset;
            for (const auto& [lid, text] : labels) {
                if (lid == c.id) m.name = text;
            }
            info.metadata.markers.push_back(std::move(m));
        }
        return info;
    }

    Ds64 parse_ds64(const Bytes& b, std::uint64_t pos) const {
        if (b.size() < 28) fail("ds64 chunk at byte " + std::to_string(pos) + " has " + std::to_string(b.size()) + " bytes, 28 needed");
        Ds64 d;
        d.riff_size = le64(&b[0]);
        d.data_size = le64(&b[8]);
        d.sample_count = le64(&b[16]);
        const std::uint64_t n = le32(&b[24]);
        if (n * 12 > b.size() - 28) {
            fail("ds64 chunk at byte " + std::to_string(pos) + " lists " + std::to_string(n) +
                 " table entries but has room for " + std::to_string((b.size() - 28) / 12));
        }
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned char* e = &b[28 + 12 * i];
            std::array<unsigned char, 4> id{e[0], e[1], e[2], e[3]};
            d.table.emplace_back(id, le64(e + 4));
        }
        return d;
    }

    void parse_fmt(const Bytes& b, std::uint64_t pos, PcmFileInfo& info) const {
        const std::string where = "'fmt ' chunk at byte " + std::to_string(pos);
        if (b.size() < 16) fail(where + " has " + std::to_string(b.size()) + " bytes, 16 needed");
        std::uint16_t tag = le16(&b[0]);
        const std::uint16_t channels = le16(&b[2]);
        const std::uint32_t rate = le32(&b[4]);
        const std::uint16_t block = le16(&b[12]);
        const std::uint16_t bits = le16(&b[14]);
        info.wave_format_tag = tag;
        std::uint32_t valid = bits;
        if (tag == 0xFFFE) {
            if (b.size() < 40) {
                fail(where + ": WAVE_FORMAT_EXTENSIBLE needs 40 bytes, the chunk has " + std::to_string(b.size()));
            }
            if (le16(&b[16]) < 22) fail(where + ": WAVE_FORMAT_EXTENSIBLE with cbSize " + std::to_string(le16(&b[16])) + " (22 needed)");
            valid = le16(&b[18]);
            info.channel_mask = le32(&b[20]);
            if (std::memcmp(&b[26], ksdataformat_guid_rest.data(), ksdataformat_guid_rest.size()) != 0) {
                fail(where + ": unsupported codec: a WAVE_FORMAT_EXTENSIBLE SubFormat GUID that is not "
                             "KSDATAFORMAT_SUBTYPE_PCM or _IEEE_FLOAT",
                     Errc::NotSupported);
            }
            tag = le16(&b[24]);
            if (valid == 0) valid = bits;
        }
        if (tag != 1 && tag != 3) {
            fail(where + ": unsupported codec: WAVE format tag 0x" + hex16(tag) +
                     " (coremusic reads PCM 0x0001 and IEEE float 0x0003, plain or in WAVE_FORMAT_EXTENSIBLE)",
                 Errc::NotSupported);
        }
        check_channels(channels);
        check_rate(rate);
        if (block == 0 || block % channels != 0) {
            fail(where + ": block align " + std::to_string(block) + " is not a multiple of the " +
                 std::to_string(channels) + " channels");
        }
        const std::uint32_t container = block / channels;
        if (bits == 0 || bits > container * 8) {
            fail(where + ": " + std::to_string(bits) + " bits per sample do not fit the " + std::to_string(container) +
                 "-byte samples the block align gives");
        }
        if (valid > bits) fail(where + ": " + std::to_string(valid) + " valid bits in " + std::to_string(bits) + "-bit samples");
        SampleFormat sf{};
        if (tag == 3) {
            if (container == 4 && bits == 32) {
                sf = SampleFormat::Float32;
            } else if (container == 8 && bits == 64) {
                sf = SampleFormat::Float64;
            } else {
                fail(where + ": unsupported codec: " + std::to_string(bits) + "-bit float in " + std::to_string(container) +
                         "-byte samples (expected 32 or 64)",
                     Errc::NotSupported);
            }
        } else {
            switch (container) {
            case 1: sf = SampleFormat::UInt8; break;
            case 2: sf = SampleFormat::Int16; break;
            case 3: sf = SampleFormat::Int24; break;
            case 4: sf = SampleFormat::Int32; break;
            default:
                fail(where + ": unsupported codec: " + std::to_string(container) +
                         "-byte integer samples (expected 1 to 4 bytes)",
                     Errc::NotSupported);
            }
        }
        info.encoding = PcmEncoding{sf, false, channels};
        info.format = info.encoding.to_format(rate);
        info.valid_bits = valid;
    }

    static std::string hex16(std::uint16_t v) {
        constexpr std::string_view hex = "0123456789ABCDEF";
        std::string s(4, '0');
        for (int i = 0; i < 4; ++i) s[static_cast<std::size_t>(3 - i)] = hex[(v >> (4 * i)) & 0xFU];
        return s;
    }

    void parse_list(const Bytes& b, std::uint64_t pos, PcmFileInfo& info,
                    std::vector<std::pair<std::uint32_t, std::string>>& labels) const {
        if (b.size() < 4) return;  // an empty LIST says nothing
        const bool is_info = id_is(&b[0], "INFO");
        const bool is_adtl = id_is(&b[0], "adtl");
        if (!is_info && !is_adtl) return;
        std::size_t p = 4;
        while (p + 8 <= b.size()) {
            const std::uint32_t n = le32(&b[p + 4]);
            if (n > b.size() - p - 8) {
                fail("LIST chunk at byte " + std::to_string(pos) + ": sub-chunk '" + chunk_id_text(&b[p]) +
                     "' declares " + std::to_string(n) + " bytes, beyond its LIST (" +
                     std::to_string(b.size() - p - 8) + " left)");
            }
            const unsigned char* body = &b[p + 8];
            if (is_info) {
                info.metadata.text.push_back({std::string(reinterpret_cast<const char*>(&b[p]), 4), trim_text(body, n)});
            } else if (id_is(&b[p], "labl") && n >= 4) {
                labels.emplace_back(le32(body), trim_text(body + 4, n - 4));
            }
            p += 8 + n + (n & 1U);
        }
    }

    void parse_smpl(const Bytes& b, std::uint64_t pos, PcmFileInfo& info) const {
        if (b.size() < 36) fail("'smpl' chunk at byte " + std::to_string(pos) + " has " + std::to_string(b.size()) + " bytes, 36 needed");
        const std::uint32_t unity = le32(&b[12]);
        if (unity <= 127) info.metadata.root_note = static_cast<std::uint8_t>(unity);
        const std::uint64_t n = le32(&b[28]);
        if (n * 24 > b.size() - 36) {
            fail("'smpl' chunk at byte " + std::to_string(pos) + " lists " + std::to_string(n) +
                 " loops but has room for " + std::to_string((b.size() - 36) / 24));
        }
        for (std::size_t i = 0; i < n; ++i) {
            const unsigned char* l = &b[36 + 24 * i];
            Loop loop;
            const std::uint32_t type = le32(l + 4);
            loop.mode = type == 1 ? Loop::Mode::PingPong : type == 2 ? Loop::Mode::Backward : Loop::Mode::Forward;
            loop.start = le32(l + 8);
            loop.end = std::int64_t{le32(l + 12)} + 1;  // smpl's end is the last frame played
            loop.play_count = le32(l + 20);
            info.metadata.loops.push_back(loop);
        }
    }

    // ---- AIFF / AIFF-C ----------------------------------------------------

    PcmFileInfo parse_aiff(const Bytes& head) {
        PcmFileInfo info;
        const bool aifc = id_is(&head[8], "AIFC");
        info.type = aifc ? FileType::Aifc : FileType::Aiff;
        const std::uint32_t form32 = be32(&head[4]);
        std::uint64_t form_end = size_;
        if (form32 >= 4) form_end = std::min<std::uint64_t>(size_, std::uint64_t{form32} + 8);
        bool have_comm = false;
        bool have_ssnd = false;
        std::uint64_t ssnd_bytes = 0;
        std::uint32_t frames = 0;
        struct Mark {
            int id;
            std::uint32_t position;
            std::string name;
        };
        std::vector<Mark> marks;
        struct InstLoop {
            int mode;
            int begin;
            int end;
        };
        std::vector<InstLoop> inst_loops;

        std::uint64_t pos = 12;
        while (pos + 8 <= size_) {
            if (have_comm && have_ssnd && pos >= form_end) break;
            const Bytes h = read(pos, 8);
            const std::uint64_t size = be32(&h[4]);
            const std::uint64_t body = pos + 8;
            const std::uint64_t left = size_ - body;
            const std::string id = chunk_id_text(&h[0]);
            if (id_is(&h[0], "SSND")) {
                if (have_ssnd) fail("a second 'SSND' chunk at byte " + std::to_string(pos));
                have_ssnd = true;
                if (size < 8 || left < 8) fail("'SSND' chunk at byte " + std::to_string(pos) + " is shorter than its 8-byte header");
                const Bytes s = read(body, 8);
                const std::uint64_t offset = be32(&s[0]);
                if (offset > size - 8) {
                    fail("'SSND' chunk at byte " + std::to_string(pos) + ": offset " + std::to_string(offset) +
                         " lies beyond the chunk's " + std::to_string(size) + " bytes");
                }
                info.data_offset = body + 8 + offset;
                ssnd_bytes = size - 8 - offset;
                if (size > left) {
                    if (info.data_offset > size_) {
                        fail("'SSND' chunk at byte " + std::to_string(pos) + ": offset " + std::to_string(offset) +
                             " puts the samples beyond the end of the file (" + std::to_string(size_) + " bytes)");
                    }
                    ssnd_bytes = size_ - info.data_offset;  // truncated if COMM's frames are not all there
                    break;
                }
            } else {
                if (size > left) {
                    fail("chunk '" + id + "' at byte " + std::to_string(pos) + " declares " + std::to_string(size) +
                         " bytes, beyond the file (" + std::to_string(left) + " bytes left)");
                }
                if (id_is(&h[0], "COMM")) {
                    if (have_comm) fail("a second 'COMM' chunk at byte " + std::to_string(pos));
                    frames = parse_comm(read(body, size), pos, aifc, info);
                    have_comm = true;
                } else if (id_is(&h[0], "MARK")) {
                    const Bytes b = read(body, size);
                    if (b.size() < 2) fail("'MARK' chunk at byte " + std::to_string(pos) + " is shorter than 2 bytes");
                    const unsigned n = be16(&b[0]);
                    std::size_t p = 2;
                    for (unsigned i = 0; i < n; ++i) {
                        if (p + 7 > b.size() || p + 7 + b[p + 6] > b.size()) {
                            fail("'MARK' chunk at byte " + std::to_string(pos) + ": marker " + std::to_string(i + 1) +
                                 " of " + std::to_string(n) + " runs past the chunk");
                        }
                        const unsigned len = b[p + 6];
                        marks.push_back({static_cast<std::int16_t>(be16(&b[p])), be32(&b[p + 2]),
                                         trim_text(&b[p + 7], len)});
                        p += 7 + len + ((len + 1U) & 1U);  // the pstring is padded to an even length
                    }
                } else if (id_is(&h[0], "INST")) {
                    const Bytes b = read(body, size);
                    if (b.size() < 20) fail("'INST' chunk at byte " + std::to_string(pos) + " has " + std::to_string(b.size()) + " bytes, 20 needed");
                    const auto base = static_cast<signed char>(b[0]);
                    if (base >= 0) info.metadata.root_note = static_cast<std::uint8_t>(base);
                    for (std::size_t at : {std::size_t{8}, std::size_t{14}}) {
                        const int mode = static_cast<std::int16_t>(be16(&b[at]));
                        if (mode == 1 || mode == 2) {
                            inst_loops.push_back({mode, static_cast<std::int16_t>(be16(&b[at + 2])),
                                                  static_cast<std::int16_t>(be16(&b[at + 4]))});
                        }
                    }
                } else if (id_is(&h[0], "NAME") || id_is(&h[0], "AUTH") || id_is(&h[0], "(c) ") ||
                           id_is(&h[0], "ANNO")) {
                    const Bytes b = read(body, size);
                    info.metadata.text.push_back({std::string(reinterpret_cast<const char*>(&h[0]), 4),
                                                  trim_text(b.data(), b.size())});
                }
            }
            pos = body + size + (size & 1U);
        }
        if (!have_comm) fail("no 'COMM' chunk: not a complete AIFF header");
        const std::uint32_t block = info.encoding.bytes_per_frame();
        const std::uint64_t want = std::uint64_t{frames} * block;
        info.declared_data_bytes = want;
        if (!have_ssnd) {
            if (frames != 0) fail("no 'SSND' chunk but COMM declares " + std::to_string(frames) + " frames");
            ssnd_bytes = 0;
        }
        if (ssnd_bytes < want) info.truncated = true;
        info.data_bytes = std::min(ssnd_bytes, want);
        info.data_bytes -= info.data_bytes % block;
        info.frame_count = static_cast<std::int64_t>(info.data_bytes / block);
        for (const Mark& m : marks) {
            info.metadata.markers.push_back({static_cast<std::uint32_t>(m.id), m.position, m.name});
        }
        for (const InstLoop& l : inst_loops) {
            const Mark* b = nullptr;
            const Mark* e = nullptr;
            for (const Mark& m : marks) {
                if (m.id == l.begin) b = &m;
                if (m.id == l.end) e = &m;
            }
            if (b == nullptr || e == nullptr) continue;  // a loop on missing markers: nothing to report
            Loop loop;
            loop.start = b->position;
            loop.end = e->position;
            loop.mode = l.mode == 2 ? Loop::Mode::PingPong : Loop::Mode::Forward;
            info.metadata.loops.push_back(loop);
        }
        return info;
    }

    std::uint32_t parse_comm(const Bytes& b, std::uint64_t pos, bool aifc, PcmFileInfo& info) const {
        const std::string where = "'COMM' chunk at byte " + std::to_string(pos);
        const std::size_t need = aifc ? 22 : 18;
        if (b.size() < need) fail(where + " has " + std::to_string(b.size()) + " bytes, " + std::to_string(need) + " needed");
        const int channels = static_cast<std::int16_t>(be16(&b[0]));
        const std::uint32_t frames = be32(&b[2]);
        const int bits = static_cast<std::int16_t>(be16(&b[6]));
        const double rate = load_extended(&b[8]);
        FourCC compression{"NONE"};
        if (aifc) compression = FourCC(be32(&b[18]));
        info.compression = compression;
        check_channels(channels);
        check_rate(rate);
        const std::uint32_t c = compression.value();
        SampleFormat sf{};
        bool big = true;
        auto int_format = [&](int max_bits) {
            if (bits < 1 || bits > max_bits) {
                fail(where + ": " + std::to_string(bits) + "-bit samples (expected 1 to " + std::to_string(max_bits) + ")");
            }
            switch ((bits + 7) / 8) {
            case 1: return SampleFormat::Int8;
            case 2: return SampleFormat::Int16;
            case 3: return SampleFormat::Int24;
            default: return SampleFormat::Int32;
            }
        };
        if (c == FourCC("NONE").value() || c == FourCC("twos").value()) {
            sf = int_format(32);
        } else if (c == FourCC("sowt").value()) {
            sf = int_format(32);
            big = false;
        } else if (c == FourCC("in24").value()) {
            sf = SampleFormat::Int24;
        } else if (c == FourCC("in32").value()) {
            sf = SampleFormat::Int32;
        } else if (c == FourCC("raw ").value()) {
            if (bits != 8) fail(where + ": 'raw ' (offset-binary) data of " + std::to_string(bits) + " bits (expected 8)");
            sf = SampleFormat::UInt8;
        } else if (c == FourCC("fl32").value() || c == FourCC("FL32").value()) {
            sf = SampleFormat::Float32;
        } else if (c == FourCC("fl64").value() || c == FourCC("FL64").value()) {
            sf = SampleFormat::Float64;
        } else {
            fail(where + ": unsupported codec: AIFF-C compression '" + chunk_id_text(&b[18]) +
                     "' (coremusic reads 'NONE', 'twos', 'sowt', 'in24', 'in32', 'raw ', 'fl32' and 'fl64')",
                 Errc::NotSupported);
        }
        info.encoding = PcmEncoding{sf, big && bytes_per_sample(sf) > 1, static_cast<std::uint32_t>(channels)};
        info.format = info.encoding.to_format(rate);
        info.valid_bits = is_float(sf) ? bits_per_sample(sf)
                                       : std::min(static_cast<std::uint32_t>(std::max(bits, 1)), bits_per_sample(sf));
        return frames;
    }

    std::function<std::size_t(std::uint64_t, std::span<std::byte>)> read_;
    std::uint64_t size_;
    std::string prefix_;
};

} // namespace detail

/// Parses and checks the header of a WAV, RF64/BW64, AIFF or AIFF-C file of
/// `file_size` bytes, reading through `read_at(offset, span)` (see
/// PcmReadAt); `name` (a path, usually) starts every error message.
/// Chunks may come in any order (metadata after the data, too); unknown
/// chunks are skipped, odd-sized chunks are followed by their pad byte.
/// A data chunk (or AIFF frame count) that promises more than the file holds
/// is clamped to the whole frames present and `truncated` is set, as other
/// readers do with a recording that was cut off; any other chunk running
/// past the end of the file is an error.
///
/// Throws AudioFileError naming the problem and the byte where it is: a
/// truncated header, a chunk size beyond the file, a data size that is not a
/// multiple of the block align, zero channels, a sample rate that is not
/// finite, below 1 Hz or above max_sample_rate, a file that is not RIFF/WAVE or
/// FORM/AIFF (Errc::InvalidFormat), an unsupported codec such as A-law or
/// ADPCM (Errc::NotSupported), or a failing read (Errc::IoError).
/// Thread-safe (given a thread-safe read_at). Not realtime-safe.
template <PcmReadAt ReadAt>
[[nodiscard]] PcmFileInfo parse_pcm_file(ReadAt&& read_at, std::uint64_t file_size, std::string_view name = {}) {
    detail::PcmParser parser(
        [&read_at](std::uint64_t offset, std::span<std::byte> out) -> std::size_t {
            return static_cast<std::size_t>(std::invoke(read_at, offset, out));
        },
        file_size, name);
    return parser.parse();
}

/// As above, reporting through `ec` (cleared on success) instead of
/// throwing; returns a default PcmFileInfo on failure. (std::bad_alloc
/// still propagates.)
template <PcmReadAt ReadAt>
[[nodiscard]] PcmFileInfo parse_pcm_file(ReadAt&& read_at, std::uint64_t file_size, std::string_view name,
                                         std::error_code& ec) {
    try {
        PcmFileInfo info = parse_pcm_file(std::forward<ReadAt>(read_at), file_size, name);
        ec.clear();
        return info;
    } catch (const Error& e) {
        ec = e.code();
        return {};
    }
}

/// Parses a whole file held in memory (or memory-mapped). Throws as the
/// read_at form.
[[nodiscard]] inline PcmFileInfo parse_pcm_file(std::span<const std::byte> file, std::string_view name = {}) {
    return parse_pcm_file(
        [file](std::uint64_t offset, std::span<std::byte> out) -> std::size_t {
            if (offset >= file.size() || out.empty()) return 0;
            const std::size_t n = std::min<std::size_t>(out.size(), file.size() - static_cast<std::size_t>(offset));
            std::memcpy(out.data(), file.data() + offset, n);
            return n;
        },
        file.size(), name);
}

/// As above, reporting through `ec`.
[[nodiscard]] inline PcmFileInfo parse_pcm_file(std::span<const std::byte> file, std::string_view name,
                                                std::error_code& ec) {
    try {
        PcmFileInfo info = parse_pcm_file(file, name);
        ec.clear();
        return info;
    } catch (const Error& e) {
        ec = e.code();
        return {};
    }
}

// ---------------------------------------------------------------------------
// Writing

/// Choices of PcmWriter beyond AudioFileSettings.
struct PcmWriteOptions {
    /// AIFF-C compression type: 'NONE' (default for integers, big-endian),
    /// 'twos' (the same), 'sowt' (little-endian integers), 'fl32' / 'FL32'
    /// (default for Float32), 'fl64' / 'FL64' (default for Float64).
    std::optional<FourCC> aifc_compression;
    /// WAV dwChannelMask; setting it writes WAVE_FORMAT_EXTENSIBLE. Default:
    /// extensible (with the usual mask for 1, 2, 3, 4, 6 and 8 channels, 0
    /// = no assignment otherwise) when there are more than 2 channels or
    /// samples of more than 16 bits (float too), as Microsoft recommends;
    /// plain PCM otherwise. Every header PcmWriter makes for WAV puts the
    /// samples at an offset that is a multiple of 4.
    std::optional<std::uint32_t> channel_mask;
};

/// Builds the bytes of a WAV / RF64 / AIFF / AIFF-C file being written; it
/// does no I/O itself (the caller writes what it returns). A file is
///
///     header(trailer_bytes)   at offset 0, header_size() bytes
///     encoded frames          at data_offset() == header_size()
///     trailer(metadata)       after the data: pad byte and metadata chunks
///
/// and header() always has the same length, so it can be rewritten in place
/// after every flush with the sizes so far. For FileType::Wave with
/// settings.rf64_when_large, the header reserves a 28-byte JUNK chunk where
/// RF64's ds64 goes (EBU Tech 3306 §3): once the RIFF size would pass
/// 4 GiB, header() returns the RF64 form instead, the same size, and the
/// file becomes RF64 in place. Without rf64_when_large, add_frames() throws
/// before the WAV limit is passed.
///
/// Metadata: WAV gets LIST/INFO text, cue + LIST/adtl labl markers and a
/// smpl chunk (loops, root note; unity note 60 when loops have no root
/// note); AIFF gets MARK (the markers, then one marker per loop start and
/// end), INST (the first two loops as sustain and release loops, base note
/// 60 unless root_note) and NAME/AUTH/(c) /ANNO. Text keys translate
/// between the two (NAME <-> INAM, AUTH <-> IART, "(c) " <-> ICOP, ANNO <->
/// ICMT); WAV keeps any other 4-character key, AIFF drops keys it has no
/// chunk for.
///
/// Thread-safety: none (one writer per thread). Realtime-safety: encode()
/// only.
class PcmWriter {
public:
    /// Checks `settings` for the type (Wave, RF64, Aiff or Aifc; WAV 8-bit
    /// is UInt8 and AIFF 8-bit Int8; AIFF holds no float: use Aifc; WAV
    /// sample rates are whole numbers). Throws AudioFormatError naming the
    /// field.
    explicit PcmWriter(const AudioFileSettings& settings, const PcmWriteOptions& options = {})
        : settings_(settings) {
        const FileType t = settings.type;
        if (t != FileType::Wave && t != FileType::RF64 && t != FileType::Aiff && t != FileType::Aifc) {
            throw AudioFormatError(make_error_code(Errc::NotSupported),
                                   "PcmWriter: " + std::string(to_string(t)) +
                                       " is not a WAV, RF64, AIFF or AIFF-C type");
        }
        const SampleFormat sf = settings.sample_format;
        const bool wave = is_wave();
        if (wave && sf == SampleFormat::Int8) {
            throw AudioFormatError("PcmWriter: WAV stores 8-bit samples unsigned: use SampleFormat::UInt8, not int8");
        }
        if (!wave && sf == SampleFormat::UInt8 && options.aifc_compression != FourCC("raw ")) {
            throw AudioFormatError("PcmWriter: AIFF stores 8-bit samples signed: use SampleFormat::Int8, not uint8");
        }
        if (t == FileType::Aiff && is_float(sf)) {
            throw AudioFormatError(std::string("PcmWriter: AIFF holds no ") + to_string(sf) +
                                   " samples: use FileType::Aifc ('fl32' / 'fl64')");
        }
        if (wave && !(settings.sample_rate == std::floor(settings.sample_rate))) {
            throw AudioFormatError("PcmWriter: WAV stores whole sample rates, not " +
                                   std::to_string(settings.sample_rate) + " Hz");
        }
        if (!(settings.sample_rate >= 1.0) || !(settings.sample_rate <= max_sample_rate)) {
            throw AudioFormatError("PcmWriter: sample rate " + std::to_string(settings.sample_rate) +
                                   " Hz is out of range: expected 1 to 4000000 Hz");
        }
        bool big = !wave;
        if (t == FileType::Aifc) {
            compression_ = is_float(sf) ? (sf == SampleFormat::Float32 ? FourCC("fl32") : FourCC("fl64")) : FourCC("NONE");
            if (options.aifc_compression) {
                const FourCC c = *options.aifc_compression;
                const bool ok = (c == FourCC("NONE") || c == FourCC("twos") || c == FourCC("sowt"))
                                    ? !is_float(sf)
                                : (c == FourCC("fl32") || c == FourCC("FL32")) ? sf == SampleFormat::Float32
                                : (c == FourCC("fl64") || c == FourCC("FL64")) ? sf == SampleFormat::Float64
                                : c == FourCC("raw ")                         ? sf == SampleFormat::UInt8
                                                                              : false;
                if (!ok) {
                    throw AudioFormatError("PcmWriter: AIFF-C compression '" + c.to_string() + "' cannot hold " +
                                           to_string(sf) + " samples");
                }
                compression_ = c;
                if (c == FourCC("sowt")) big = false;
            }
        } else if (t == FileType::Aiff) {
            compression_ = FourCC("NONE");
        }
        encoding_ = PcmEncoding{sf, big && bytes_per_sample(sf) > 1, settings.channels};
        format_ = encoding_.to_format(settings.sample_rate);  // checks channels
        if (wave) {
            // Microsoft's rule (more than 2 channels or 16 bits), floats
            // included: their 40-byte fmt chunk also puts the samples on a
            // 4-byte boundary, where the 18-byte WAVE_FORMAT_IEEE_FLOAT one
            // would not, so a memory map can hand them out as float.
            extensible_ = options.channel_mask.has_value() || settings.channels > 2 || bits_per_sample(sf) > 16;
            channel_mask_ = options.channel_mask.value_or(default_channel_mask(settings.channels));
            reserve_rf64_ = t == FileType::RF64 || settings.rf64_when_large;
        }
        header_size_ = build_header(0, 0, false).size();
    }

    /// The container. Realtime-safe.
    [[nodiscard]] FileType file_type() const noexcept { return settings_.type; }
    /// The stored format. Realtime-safe.
    [[nodiscard]] const AudioFormat& format() const noexcept { return format_; }
    /// The stored encoding. Realtime-safe.
    [[nodiscard]] const PcmEncoding& encoding() const noexcept { return encoding_; }
    /// Bytes of header(): where the first frame goes. Realtime-safe.
    [[nodiscard]] std::uint64_t header_size() const noexcept { return header_size_; }
    /// Same as header_size().
    [[nodiscard]] std::uint64_t data_offset() const noexcept { return header_size_; }
    /// Frames counted by add_frames(). Realtime-safe.
    [[nodiscard]] std::int64_t frame_count() const noexcept { return static_cast<std::int64_t>(frames_); }
    /// Data bytes counted by add_frames(). Realtime-safe.
    [[nodiscard]] std::uint64_t data_bytes() const noexcept { return frames_ * encoding_.bytes_per_frame(); }
    /// True when the header (with `trailer_bytes` after the data) is in the
    /// RF64 form. Realtime-safe.
    [[nodiscard]] bool is_rf64(std::uint64_t trailer_bytes = 0) const noexcept {
        return settings_.type == FileType::RF64 || (reserve_rf64_ && !fits_riff(data_bytes(), trailer_bytes));
    }

    /// Throws AudioFileError (Errc::OutOfRange) when `frames` more frames
    /// (and `trailer_bytes` of metadata after them) would not fit the
    /// container: WAV without rf64_when_large past 4 GiB, AIFF past its
    /// 32-bit sizes. Nothing is counted.
    void check_room(std::uint64_t frames, std::uint64_t trailer_bytes = 0) const {
        const std::uint64_t bpf = encoding_.bytes_per_frame();
        const std::uint64_t max_frames = ~std::uint64_t{0} / bpf - header_size_;
        if (frames > max_frames - frames_) {
            throw AudioFileError(make_error_code(Errc::OutOfRange), "PcmWriter: frame count overflow");
        }
        const std::uint64_t total = (frames_ + frames) * bpf;
        if (is_wave()) {
            if (!reserve_rf64_ && !fits_riff(total, trailer_bytes)) {
                throw AudioFileError(make_error_code(Errc::OutOfRange),
                                     "PcmWriter: " + std::to_string(total) +
                                         " data bytes would pass the 4 GiB limit of a WAV file "
                                         "(set AudioFileSettings::rf64_when_large or write FileType::RF64)");
            }
        } else {
            const std::uint64_t form = header_size_ - 8 + total + (total & 1U) + trailer_bytes;
            if (frames_ + frames > 0xFFFFFFFFU || form > 0xFFFFFFFFU) {
                throw AudioFileError(make_error_code(Errc::OutOfRange),
                                     "PcmWriter: " + std::to_string(total) +
                                         " data bytes would pass the 4 GiB limit of an AIFF file");
            }
        }
    }

    /// check_room(frames), then counts them as written.
    void add_frames(std::uint64_t frames) {
        check_room(frames);
        frames_ += frames;
    }

    /// Encodes interleaved float (whole frames) into `out`; returns the bytes
    /// written (min of what fits). Realtime-safe.
    std::size_t encode(std::span<const float> interleaved, std::span<std::byte> out) const noexcept {
        const std::size_t ch = encoding_.channels;
        const std::size_t frames = std::min(interleaved.size() / ch, out.size() / encoding_.bytes_per_frame());
        return encode_samples(encoding_, interleaved.first(frames * ch), out) * encoding_.bytes_per_sample();
    }

    /// The header for the frames counted so far with `trailer_bytes` of
    /// trailer() after them; header_size() bytes. Throws as check_room(0,
    /// trailer_bytes).
    [[nodiscard]] std::vector<std::byte> header(std::uint64_t trailer_bytes = 0) const {
        check_room(0, trailer_bytes);
        const detail::Bytes b = build_header(data_bytes(), trailer_bytes, is_rf64(trailer_bytes));
        std::vector<std::byte> out(b.size());
        std::memcpy(out.data(), b.data(), b.size());
        return out;
    }

    /// Checks that `m` can be written: 4-character keys, marker and loop
    /// frames in 0..2^32-1, loops with start < end, root note <= 127. Throws
    /// AudioFileError (Errc::InvalidArgument) naming the entry.
    static void validate(const AudioFileMetadata& m) {
        auto bad = [](const std::string& what) {
            throw AudioFileError(make_error_code(Errc::InvalidArgument), "metadata: " + what);
        };
        for (const TextField& t : m.text) {
            if (t.key.size() != 4) bad("text key '" + t.key + "' is not 4 characters");
        }
        for (const Marker& mk : m.markers) {
            if (mk.frame < 0 || mk.frame > 0xFFFFFFFFLL) bad("marker frame " + std::to_string(mk.frame) + " is out of range 0..4294967295");
            if (mk.name.size() > 254) bad("marker name '" + mk.name.substr(0, 16) + "...' is longer than 254 bytes");
        }
        for (const Loop& l : m.loops) {
            if (l.start < 0 || l.end <= l.start || l.end > 0x100000000LL) {
                bad("loop [" + std::to_string(l.start) + ", " + std::to_string(l.end) +
                    ") is not a range of frames in 0..2^32");
            }
        }
        if (m.root_note && *m.root_note > 127) bad("root note " + std::to_string(*m.root_note) + " is not 0..127");
    }

    /// What goes after the data: the pad byte when the data size is odd,
    /// then the metadata chunks (empty metadata: just the pad). Throws as
    /// validate().
    [[nodiscard]] std::vector<std::byte> trailer(const AudioFileMetadata& m) const {
        validate(m);
        detail::Bytes b;
        if (data_bytes() & 1U) b.push_back(0);
        if (is_wave()) {
            wave_trailer(m, b);
        } else {
            aiff_trailer(m, b);
        }
        std::vector<std::byte> out(b.size());
        if (!b.empty()) std::memcpy(out.data(), b.data(), b.size());
        return out;
    }

    /// The dwChannelMask written by default for `channels`.
    [[nodiscard]] static constexpr std::uint32_t default_channel_mask(std::uint32_t channels) noexcept {
        switch (channels) {
        case 1: return 0x4;    // front centre
        case 2: return 0x3;    // front left, right
        case 3: return 0x7;    // + front centre
        case 4: return 0x33;   // quad: FL FR BL BR
        case 6: return 0x3F;   // 5.1
        case 8: return 0x63F;  // 7.1 surround
        default: return 0;
        }
    }

private:
    [[nodiscard]] bool is_wave() const noexcept {
        return settings_.type == FileType::Wave || settings_.type == FileType::RF64;
    }

    [[nodiscard]] bool fits_riff(std::uint64_t data, std::uint64_t trailer) const noexcept {
        const std::uint64_t riff = header_size_ - 8 + data + (data & 1U) + trailer;
        return riff <= 0xFFFFFFFFU && data <= 0xFFFFFFFFU;
    }

    // One push_back per byte: GCC 12 at -O2 reports a false -Wstringop-overflow
    // for vector::insert of a 4-byte range here.
    static void put(detail::Bytes& b, const char (&id)[5]) {
        for (std::size_t i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(id[i]));
    }
    static void put_le16(detail::Bytes& b, std::uint32_t v) {
        b.push_back(static_cast<unsigned char>(v & 0xFFU));
        b.push_back(static_cast<unsigned char>((v >> 8U) & 0xFFU));
    }
    static void put_le32(detail::Bytes& b, std::uint32_t v) {
        for (unsigned i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>((v >> (8U * i)) & 0xFFU));
    }
    static void put_le64(detail::Bytes& b, std::uint64_t v) {
        for (unsigned i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>((v >> (8U * i)) & 0xFFU));
    }
    static void put_be16(detail::Bytes& b, std::uint32_t v) {
        b.push_back(static_cast<unsigned char>((v >> 8U) & 0xFFU));
        b.push_back(static_cast<unsigned char>(v & 0xFFU));
    }
    static void put_be32(detail::Bytes& b, std::uint32_t v) {
        for (int i = 3; i >= 0; --i) b.push_back(static_cast<unsigned char>((v >> (8U * static_cast<unsigned>(i))) & 0xFFU));
    }
    static void put_fourcc(detail::Bytes& b, FourCC c) { put_be32(b, c.value()); }
    static void set_le32(detail::Bytes& b, std::size_t at, std::uint32_t v) {
        for (unsigned i = 0; i < 4; ++i) b[at + i] = static_cast<unsigned char>((v >> (8U * i)) & 0xFFU);
    }
    static void set_be32(detail::Bytes& b, std::size_t at, std::uint32_t v) {
        for (unsigned i = 0; i < 4; ++i) b[at + i] = static_cast<unsigned char>((v >> (24U - 8U * i)) & 0xFFU);
    }

    [[nodiscard]] detail::Bytes build_header(std::uint64_t data, std::uint64_t trailer, bool rf64) const {
        return is_wave() ? wave_header(data, trailer, rf64) : aiff_header(data, trailer);
    }

    [[nodiscard]] detail::Bytes wave_header(std::uint64_t data, std::uint64_t trailer, bool rf64) const {
        detail::Bytes b;
        const std::uint64_t frames = frames_;
        put(b, rf64 ? "RF64" : "RIFF");
        put_le32(b, 0);  // patched below
        put(b, "WAVE");
        if (reserve_rf64_) {
            if (rf64) {
                put(b, "ds64");
                put_le32(b, 28);
                put_le64(b, 0);  // RIFF size, patched below
                put_le64(b, data);
                put_le64(b, frames);
                put_le32(b, 0);  // no table: no other chunk passes 4 GiB
            } else {
                put(b, "JUNK");
                put_le32(b, 28);
                b.insert(b.end(), 28, 0);
            }
        }
        const SampleFormat sf = encoding_.sample_format;
        const std::uint16_t tag = is_float(sf) ? 3 : 1;
        const std::uint32_t bps = encoding_.bytes_per_sample();
        put(b, "fmt ");
        put_le32(b, extensible_ ? 40 : tag == 3 ? 18 : 16);
        put_le16(b, extensible_ ? 0xFFFE : tag);
        put_le16(b, encoding_.channels);
        put_le32(b, static_cast<std::uint32_t>(settings_.sample_rate));
        put_le32(b, static_cast<std::uint32_t>(settings_.sample_rate) * encoding_.bytes_per_frame());
        put_le16(b, encoding_.bytes_per_frame());
        put_le16(b, bps * 8);
        if (extensible_) {
            put_le16(b, 22);
            put_le16(b, bps * 8);  // all bits valid
            put_le32(b, channel_mask_);
            put_le16(b, tag);
            b.insert(b.end(), detail::ksdataformat_guid_rest.begin(), detail::ksdataformat_guid_rest.end());
        } else if (tag == 3) {
            put_le16(b, 0);
        }
        if (extensible_ || tag == 3) {
            // fact: required for every format but plain PCM.
            put(b, "fact");
            put_le32(b, 4);
            put_le32(b, static_cast<std::uint32_t>(std::min<std::uint64_t>(frames, 0xFFFFFFFFU)));
        }
        put(b, "data");
        put_le32(b, rf64 ? 0xFFFFFFFFU : static_cast<std::uint32_t>(data));
        const std::uint64_t riff = b.size() - 8 + data + (data & 1U) + trailer;
        if (rf64) {
            set_le32(b, 4, 0xFFFFFFFFU);
            for (unsigned i = 0; i < 8; ++i) b[20 + i] = static_cast<unsigned char>((riff >> (8U * i)) & 0xFFU);
        } else {
            set_le32(b, 4, static_cast<std::uint32_t>(riff));
        }
        return b;
    }

    [[nodiscard]] detail::Bytes aiff_header(std::uint64_t data, std::uint64_t trailer) const {
        detail::Bytes b;
        const bool aifc = settings_.type == FileType::Aifc;
        put(b, "FORM");
        put_be32(b, 0);
        put(b, aifc ? "AIFC" : "AIFF");
        if (aifc) {
            put(b, "FVER");
            put_be32(b, 4);
            put_be32(b, 0xA2805140U);  // AIFF-C version 1 timestamp
        }
        std::string name;
        if (aifc) {
            const std::uint32_t c = compression_.value();
            name = c == FourCC("sowt").value()                                       ? ""
                   : (c == FourCC("fl32").value() || c == FourCC("FL32").value()) ? "32-bit floating point"
                   : (c == FourCC("fl64").value() || c == FourCC("FL64").value()) ? "64-bit floating point"
                                                                                   : "not compressed";
        }
        const std::size_t pstring = aifc ? 1 + name.size() + ((name.size() + 1) & 1U) : 0;
        put(b, "COMM");
        put_be32(b, static_cast<std::uint32_t>(18 + (aifc ? 4 + pstring : 0)));
        put_be16(b, encoding_.channels);
        put_be32(b, static_cast<std::uint32_t>(frames_));
        put_be16(b, bits_per_sample(encoding_.sample_format));
        const std::size_t at = b.size();
        b.resize(at + 10);
        detail::store_extended(&b[at], settings_.sample_rate);
        if (aifc) {
            put_fourcc(b, compression_);
            b.push_back(static_cast<unsigned char>(name.size()));
            b.insert(b.end(), name.begin(), name.end());
            if (((name.size() + 1) & 1U) != 0) b.push_back(0);
        }
        put(b, "SSND");
        put_be32(b, static_cast<std::uint32_t>(8 + data));
        put_be32(b, 0);  // offset
        put_be32(b, 0);  // block size
        set_be32(b, 4, static_cast<std::uint32_t>(b.size() - 8 + data + (data & 1U) + trailer));
        return b;
    }

    static std::string wave_key(const std::string& key) {
        if (key == "NAME") return "INAM";
        if (key == "AUTH") return "IART";
        if (key == "(c) ") return "ICOP";
        if (key == "ANNO") return "ICMT";
        return key;
    }

    static std::optional<std::string> aiff_key(const std::string& key) {
        if (key == "NAME" || key == "INAM") return std::string("NAME");
        if (key == "AUTH" || key == "IART") return std::string("AUTH");
        if (key == "(c) " || key == "ICOP") return std::string("(c) ");
        if (key == "ANNO" || key == "ICMT") return std::string("ANNO");
        return std::nullopt;
    }

    static void put_chunk_id(detail::Bytes& b, const std::string& id) { b.insert(b.end(), id.begin(), id.begin() + 4); }

    void wave_trailer(const AudioFileMetadata& m, detail::Bytes& b) const {
        if (!m.text.empty()) {
            detail::Bytes list;
            put(list, "INFO");
            for (const TextField& t : m.text) {
                put_chunk_id(list, wave_key(t.key));
                const std::size_t n = t.value.size() + 1;  // with its NUL
                put_le32(list, static_cast<std::uint32_t>(n));
                list.insert(list.end(), t.value.begin(), t.value.end());
                list.push_back(0);
                if (n & 1U) list.push_back(0);
            }
            put(b, "LIST");
            put_le32(b, static_cast<std::uint32_t>(list.size()));
            b.insert(b.end(), list.begin(), list.end());
        }
        if (!m.markers.empty()) {
            put(b, "cue ");
            put_le32(b, static_cast<std::uint32_t>(4 + 24 * m.markers.size()));
            put_le32(b, static_cast<std::uint32_t>(m.markers.size()));
            for (const Marker& mk : m.markers) {
                put_le32(b, mk.id);
                put_le32(b, static_cast<std::uint32_t>(mk.frame));  // dwPosition: play order = sample position
                put(b, "data");
                put_le32(b, 0);
                put_le32(b, 0);
                put_le32(b, static_cast<std::uint32_t>(mk.frame));
            }
            detail::Bytes adtl;
            put(adtl, "adtl");
            for (const Marker& mk : m.markers) {
                if (mk.name.empty()) continue;
                const std::size_t n = 4 + mk.name.size() + 1;
                put(adtl, "labl");
                put_le32(adtl, static_cast<std::uint32_t>(n));
                put_le32(adtl, mk.id);
                adtl.insert(adtl.end(), mk.name.begin(), mk.name.end());
                adtl.push_back(0);
                if (n & 1U) adtl.push_back(0);
            }
            if (adtl.size() > 4) {
                put(b, "LIST");
                put_le32(b, static_cast<std::uint32_t>(adtl.size()));
                b.insert(b.end(), adtl.begin(), adtl.end());
            }
        }
        if (!m.loops.empty() || m.root_note) {
            put(b, "smpl");
            put_le32(b, static_cast<std::uint32_t>(36 + 24 * m.loops.size()));
            put_le32(b, 0);  // manufacturer
            put_le32(b, 0);  // product
            put_le32(b, static_cast<std::uint32_t>(std::llround(1e9 / settings_.sample_rate)));  // sample period, ns
            put_le32(b, m.root_note.value_or(60));
            put_le32(b, 0);  // pitch fraction
            put_le32(b, 0);  // SMPTE format
            put_le32(b, 0);  // SMPTE offset
            put_le32(b, static_cast<std::uint32_t>(m.loops.size()));
            put_le32(b, 0);  // sampler data
            std::uint32_t id = 0;
            for (const Loop& l : m.loops) {
                put_le32(b, id++);
                put_le32(b, l.mode == Loop::Mode::PingPong ? 1U : l.mode == Loop::Mode::Backward ? 2U : 0U);
                put_le32(b, static_cast<std::uint32_t>(l.start));
                put_le32(b, static_cast<std::uint32_t>(l.end - 1));  // the last frame played
                put_le32(b, 0);
                put_le32(b, l.play_count);
            }
        }
    }

    void aiff_trailer(const AudioFileMetadata& m, detail::Bytes& b) const {
        // Loops point at markers: give each loop end a marker of its own,
        // numbered after the largest id in use.
        struct Mk {
            std::uint32_t id;
            std::uint32_t pos;
            std::string name;
        };
        // AIFF marker ids are 1..32767: a marker whose id is outside that
        // (WAV cue ids start at 0) or repeats one gets the next free id.
        std::vector<Mk> marks;
        std::uint32_t next = 1;
        for (const Marker& mk : m.markers) {
            if (mk.id >= 1 && mk.id <= 0x7FFF) next = std::max(next, mk.id + 1);
        }
        for (const Marker& mk : m.markers) {
            const bool taken = std::any_of(marks.begin(), marks.end(), [&](const Mk& o) { return o.id == mk.id; });
            const std::uint32_t id = (mk.id >= 1 && mk.id <= 0x7FFF && !taken) ? mk.id : next++;
            marks.push_back({id, static_cast<std::uint32_t>(mk.frame), mk.name});
        }
        const std::size_t n_loops = std::min<std::size_t>(m.loops.size(), 2);
        std::array<std::pair<std::uint32_t, std::uint32_t>, 2> loop_ids{};
        for (std::size_t i = 0; i < n_loops; ++i) {
            const Loop& l = m.loops[i];
            const std::string which = i == 0 ? "sustain" : "release";
            loop_ids[i] = {next, next + 1};
            marks.push_back({next, static_cast<std::uint32_t>(l.start), which + " loop start"});
            marks.push_back({next + 1, static_cast<std::uint32_t>(l.end), which + " loop end"});
            next += 2;
        }
        if (!marks.empty()) {
            if (marks.size() > 0x7FFF) {
                throw AudioFileError(make_error_code(Errc::InvalidArgument),
                                     "metadata: AIFF holds at most 32767 markers, not " + std::to_string(marks.size()));
            }
            for (const Mk& mk : marks) {
                if (mk.id == 0 || mk.id > 0x7FFF) {
                    throw AudioFileError(make_error_code(Errc::InvalidArgument),
                                         "metadata: AIFF marker ids are 1..32767, not " + std::to_string(mk.id));
                }
            }
            detail::Bytes body;
            put_be16(body, static_cast<std::uint32_t>(marks.size()));
            for (const Mk& mk : marks) {
                put_be16(body, mk.id);
                put_be32(body, mk.pos);
                body.push_back(static_cast<unsigned char>(mk.name.size()));
                body.insert(body.end(), mk.name.begin(), mk.name.end());
                if (((mk.name.size() + 1) & 1U) != 0) body.push_back(0);
            }
            put(b, "MARK");
            put_be32(b, static_cast<std::uint32_t>(body.size()));
            b.insert(b.end(), body.begin(), body.end());
        }
        if (n_loops > 0 || m.root_note) {
            put(b, "INST");
            put_be32(b, 20);
            b.push_back(m.root_note.value_or(60));
            b.push_back(0);    // detune
            b.push_back(0);    // low note
            b.push_back(127);  // high note
            b.push_back(1);    // low velocity
            b.push_back(127);  // high velocity
            put_be16(b, 0);    // gain
            for (std::size_t i = 0; i < 2; ++i) {
                if (i < n_loops) {
                    put_be16(b, m.loops[i].mode == Loop::Mode::PingPong ? 2U : 1U);
                    put_be16(b, loop_ids[i].first);
                    put_be16(b, loop_ids[i].second);
                } else {
                    put_be16(b, 0);
                    put_be16(b, 0);
                    put_be16(b, 0);
                }
            }
        }
        for (const TextField& t : m.text) {
            const std::optional<std::string> key = aiff_key(t.key);
            if (!key) continue;
            put_chunk_id(b, *key);
            put_be32(b, static_cast<std::uint32_t>(t.value.size()));
            b.insert(b.end(), t.value.begin(), t.value.end());
            if (t.value.size() & 1U) b.push_back(0);
        }
    }

    AudioFileSettings settings_;
    PcmEncoding encoding_{};
    AudioFormat format_{};
    FourCC compression_{};
    bool extensible_ = false;
    bool reserve_rf64_ = false;
    std::uint32_t channel_mask_ = 0;
    std::uint64_t frames_ = 0;
    std::uint64_t header_size_ = 0;
};

} // namespace cm::ca
