// convert(): AudioFile in, channel map, Resampler (offline engine), TPDF
// dither, AudioFile out, one block at a time.
#include <coremusic/ca/convert.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <system_error>
#include <utility>

#include "ca/quoted.hpp"
#include "ca/temporary_name.hpp"

namespace cm::ca {

namespace {

using detail::quoted;


// TPDF dither: the difference of two independent uniform variables in
// [0, 1) is triangular on (-1, 1), which makes the rounding error's first
// two moments independent of the signal (Lipshitz, Wannamaker & Vanderkooy,
// JAES 1992). xorshift64* is plenty for noise and cheap enough per sample.
class Tpdf {
public:
    explicit Tpdf(std::uint64_t seed) noexcept : state_(seed | 1U) {}
    float next() noexcept { return uniform() - uniform(); }

private:
    float uniform() noexcept {
        state_ ^= state_ >> 12U;
        state_ ^= state_ << 25U;
        state_ ^= state_ >> 27U;
        const std::uint64_t r = state_ * 0x2545F4914F6CDD1DULL;
        return static_cast<float>(r >> 40U) * (1.0F / 16777216.0F);  // 24 bits -> [0, 1)
    }
    std::uint64_t state_;
};

// Bits a sample keeps in `f`, 0 when a lossy codec decides (no fixed grid).
std::uint32_t depth_of(const AudioFormat& f) noexcept {
    if (f.is_pcm()) return f.is_float() ? 0 : f.bits_per_channel;
    return f.bits_per_channel;
}

SampleFormat default_sample_format(const AudioFormat& in, FileType type, Codec codec) {
    SampleFormat sf = SampleFormat::Int16;
    if (const auto p = in.sample_format()) {
        sf = *p;
    } else {
        switch (in.bits_per_channel) {
        case 8: sf = SampleFormat::Int8; break;
        case 20:
        case 24: sf = SampleFormat::Int24; break;
        case 32: sf = SampleFormat::Int32; break;
        default: sf = SampleFormat::Int16; break;  // 16-bit sources and lossy codecs
        }
    }
    const bool deep = sf == SampleFormat::Int32 || sf == SampleFormat::Float32 || sf == SampleFormat::Float64;
    switch (type) {
    case FileType::Wave:
    case FileType::RF64:
    case FileType::W64:
        if (sf == SampleFormat::Int8) sf = SampleFormat::UInt8;
        break;
    case FileType::Flac:
        if (sf == SampleFormat::UInt8) sf = SampleFormat::Int8;
        if (deep) sf = SampleFormat::Int24;
        break;
    case FileType::Aiff:
        if (sf == SampleFormat::UInt8) sf = SampleFormat::Int8;
        if (is_float(sf)) sf = SampleFormat::Int24;  // plain AIFF has no float (AIFF-C does)
        break;
    case FileType::Aifc:
    case FileType::Caf:
        if (sf == SampleFormat::UInt8) sf = SampleFormat::Int8;
        if (codec == Codec::Alac) {
            if (bits_per_sample(sf) == 8) sf = SampleFormat::Int16;
            if (is_float(sf)) sf = SampleFormat::Int24;
        }
        break;
    default: break;  // lossy: not used
    }
    return sf;
}

AudioFileMetadata scaled_metadata(const AudioFileMetadata& m, double ratio) {
    AudioFileMetadata out = m;
    auto scale = [ratio](std::int64_t frame) {
        return static_cast<std::int64_t>(std::llround(static_cast<double>(frame) * ratio));
    };
    for (Marker& mk : out.markers) mk.frame = scale(mk.frame);
    for (Loop& l : out.loops) {
        l.start = scale(l.start);
        l.end = scale(l.end);
    }
    return out;
}

[[noreturn]] void cancelled(const std::filesystem::path& in) {
    throw Error(std::make_error_code(std::errc::operation_canceled),
                "convert: the progress callback cancelled the conversion of " + quoted(in));
}

} // namespace

void convert(AudioFile& in, AudioFile& out, const ConvertSettings& s) {
    if (in.mode() != AudioFile::Mode::Read) {
        throw AudioFileError(make_error_code(Errc::InvalidState), "convert: the input file is not open for reading");
    }
    if (out.mode() != AudioFile::Mode::Write) {
        throw AudioFileError(make_error_code(Errc::InvalidState), "convert: the output file is not open for writing");
    }
    if (s.block_frames == 0) {
        throw Error(make_error_code(Errc::InvalidArgument), "convert: block_frames is 0; expected at least 1");
    }
    const std::size_t in_ch = in.channels();
    const std::size_t out_ch = out.channels();
    const double in_rate = in.sample_rate();
    const double out_rate = out.sample_rate();
    const ChannelMap map = s.channel_map ? *s.channel_map : ChannelMap::between(in_ch, out_ch);
    if (map.inputs() != in_ch || map.outputs() != out_ch) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "convert: the channel map takes " + std::to_string(map.inputs()) + " and gives " +
                        std::to_string(map.outputs()) + " channels, but " + quoted(in.path()) + " has " +
                        std::to_string(in_ch) + " and " + quoted(out.path()) + " " + std::to_string(out_ch));
    }
    const bool mixing = !map.is_identity();
    const bool resampling = in_rate != out_rate;
    // Mix where there are fewer channels: before resampling when reducing,
    // after when adding, so the resampler never works on copies.
    const bool mix_first = out_ch <= in_ch;
    const std::size_t mid_ch = mix_first ? out_ch : in_ch;
    const std::size_t block = s.block_frames;

    const std::uint32_t out_bits = depth_of(out.format());
    const std::uint32_t in_bits = depth_of(in.format());
    const bool dither = s.dither && (out_bits == 8 || out_bits == 16) &&
                        (in_bits == 0 || in_bits > out_bits || resampling || mixing);
    const float lsb = out_bits == 0 ? 0.0F : std::ldexp(1.0F, 1 - static_cast<int>(out_bits));
    Tpdf tpdf(0x9E3779B97F4A7C15ULL);

    std::optional<Resampler> rs;
    if (resampling) rs.emplace(in_rate, out_rate, mid_ch, s.resample_quality, ResamplerEngine::Offline, block);

    AudioBuffer in_buf(block, in_ch);
    AudioBuffer pre_mix(mix_first && mixing ? block : 0, mid_ch);
    const std::size_t rs_cap = resampling ? static_cast<std::size_t>(std::ceil(static_cast<double>(block) * out_rate / in_rate)) + 8192 : 0;
    AudioBuffer rs_buf(rs_cap, mid_ch);
    AudioBuffer post_mix(!mix_first && mixing ? std::max(block, rs_cap) : 0, out_ch);

    // The last stages: mix when adding channels, dither, write. Every view
    // passed here is one of our own buffers, so dither may change it in place.
    auto finish = [&](AudioBufferView v) {
        if (v.frames() == 0) return;
        if (!mix_first && mixing) {
            AudioBufferView w = post_mix.view().subview(0, v.frames());
            map.apply(v, w);
            v = w;
        }
        if (dither) {
            for (std::size_t c = 0; c < v.channels(); ++c) {
                for (float& x : v.channel(c)) x += tpdf.next() * lsb;
            }
        }
        out.write_frames(ConstAudioBufferView(v));
    };
    auto after_mix = [&](AudioBufferView v) {
        if (!rs) return finish(v);
        std::size_t used = 0;
        while (used < v.frames()) {
            const ResampleResult r = rs->process(v.subview(used), rs_buf.view());
            finish(rs_buf.view().subview(0, r.frames_written));
            used += r.frames_read;
            if (r.frames_read == 0 && r.frames_written == 0) {
                throw Error(make_error_code(Errc::InvalidState), "convert: the resampler made no progress");
            }
        }
    };

    const std::int64_t total = in.frame_count();
    std::int64_t pos = 0;
    while (pos < total) {
        const auto want = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(block), total - pos));
        const std::size_t got = in.read_frames(pos, in_buf.view().subview(0, want));
        if (got == 0) break;  // the header promised more than the data holds
        pos += static_cast<std::int64_t>(got);
        AudioBufferView v = in_buf.view().subview(0, got);
        if (mix_first && mixing) {
            map.apply(v, pre_mix.view().subview(0, got));
            v = pre_mix.view().subview(0, got);
        }
        after_mix(v);
        if (s.progress && !s.progress(total > 0 ? static_cast<double>(pos) / static_cast<double>(total) : 1.0)) {
            cancelled(in.path());
        }
    }
    if (rs) {
        for (;;) {
            const std::size_t n = rs->flush(rs_buf.view());
            if (n == 0) break;
            finish(rs_buf.view().subview(0, n));
        }
    }
    if (s.progress && total == 0 && !s.progress(1.0)) cancelled(in.path());
}

void convert(const std::filesystem::path& in_path, const std::filesystem::path& out_path, const ConvertSettings& s) {
    std::optional<FileType> type = s.type;
    if (!type) type = file_type_from_name(out_path.extension().string());
    if (!type) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "convert: cannot tell the output type from " + quoted(out_path) +
                        " (expected an extension such as .wav, .aiff, .flac, .ogg, .opus, .caf, .w64, .mp3, or "
                        "ConvertSettings::type)");
    }
    AudioFile in(in_path);
    AudioFileSettings os;
    os.type = *type;
    os.sample_rate = s.sample_rate.value_or(in.sample_rate());
    os.channels = s.channels.value_or(in.channels());
    os.codec = s.codec;
    os.sample_format = s.sample_format ? *s.sample_format : default_sample_format(in.format(), *type, s.codec);
    os.quality = s.quality;

    const std::filesystem::path temp = detail::temporary_name(out_path);
    try {
        {
            AudioFile out = AudioFile::create(temp, os);
            if (s.copy_metadata && !in.metadata().empty()) {
                out.set_metadata(scaled_metadata(in.metadata(), os.sample_rate / in.sample_rate()));
            }
            convert(in, out, s);
            out.close();
        }
        std::error_code ec;
        std::filesystem::rename(temp, out_path, ec);
        if (ec) {
            throw AudioFileError(ec, "convert: cannot move the finished file to " + quoted(out_path) + ": " + ec.message());
        }
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
}

} // namespace cm::ca
