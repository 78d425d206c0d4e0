// tests/fuzz/ca_pcm_file_fuzz.cpp
// libFuzzer target for coremusic's WAV / RF64 / AIFF / AIFF-C parser and
// sample decoder. For any bytes: parse_pcm_file() either throws
// AudioFileError (and the error_code form reports the same code) or
// succeeds with a data range inside the input that holds exactly
// frame_count whole frames; the read-at-offset form agrees with the memory
// form; every accepted sample decodes (frame views, planar and interleaved,
// agree). Accepted files are then written again with PcmWriter in the same
// encoding with their markers, and the copy parses to the same format, frame
// count, samples and markers. It traps on any violation.
#include <coremusic/ca/pcm_file.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <system_error>
#include <vector>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

using namespace cm::ca;

bool same_bits(float a, float b) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::memcpy(&x, &a, 4);
    std::memcpy(&y, &b, 4);
    return x == y;
}

void rewrite(const PcmFileInfo& info, const std::vector<float>& samples) {
    if (info.type == FileType::Aiff && is_float(info.encoding.sample_format)) {
        return;
    }
    AudioFileSettings s;
    s.type = info.type;
    s.sample_rate = info.format.sample_rate;
    s.channels = info.encoding.channels;
    s.sample_format = info.encoding.sample_format;
    PcmWriteOptions o;
    const bool wave = info.type == FileType::Wave || info.type == FileType::RF64;
    if (wave && s.sample_rate != static_cast<double>(static_cast<std::uint32_t>(s.sample_rate))) {
        return;  // WAV rates are whole numbers (parsed from an integer field: always)
    }
    if (info.type == FileType::Aifc) {
        // 'in24' / 'in32' are big-endian integers: PcmWriter calls that 'NONE'.
        const bool in_nn = info.compression == cm::FourCC("in24") || info.compression == cm::FourCC("in32");
        o.aifc_compression = in_nn ? cm::FourCC("NONE") : info.compression;
    }
    if (info.type == FileType::Aiff && info.encoding.sample_format == SampleFormat::UInt8) {
        return;  // never parsed from AIFF
    }
    PcmWriter w(s, o);
    AudioFileMetadata m;
    for (const Marker& mk : info.metadata.markers) {
        // What AIFF can hold: ids 1..32767 (others are renumbered), frames in 32 bits.
        if (mk.frame >= 0 && mk.frame <= 0xFFFFFFFFLL && mk.name.size() <= 254 && (wave || (mk.id >= 1 && mk.id <= 0x7FFF))) {
            m.markers.push_back(mk);
        }
    }
    {
        // Repeated ids: AIFF renumbers them and WAV's labels would go to the
        // wrong one; keep the first of each.
        std::vector<Marker> unique;
        for (const Marker& mk : m.markers) {
            bool dup = false;
            for (const Marker& u : unique) dup = dup || u.id == mk.id;
            if (!dup) unique.push_back(mk);
        }
        m.markers = unique;
    }
    const std::size_t frames = static_cast<std::size_t>(info.frame_count);
    std::vector<std::byte> data(frames * info.encoding.bytes_per_frame());
    check(w.encode(samples, data) == data.size());
    w.add_frames(frames);
    const std::vector<std::byte> t = w.trailer(m);
    std::vector<std::byte> file = w.header(t.size());
    file.insert(file.end(), data.begin(), data.end());
    file.insert(file.end(), t.begin(), t.end());
    const PcmFileInfo again = parse_pcm_file(file);
    check(again.format == info.format);
    check(again.encoding == info.encoding);
    check(again.frame_count == info.frame_count);
    check(!again.truncated);
    check(again.metadata.markers == m.markers);
    std::vector<float> back(samples.size());
    check(decode_samples(again.encoding, std::span(file).subspan(again.data_offset, again.data_bytes), back) ==
          samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        // Integers re-encode exactly; floats too (float64 -> float -> float64
        // keeps the float value), NaN payloads included for float32.
        check(same_bits(back[i], samples[i]) || (back[i] != back[i] && samples[i] != samples[i]));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
    std::error_code ec = cm::Errc::TimedOut;  // must be overwritten either way
    const PcmFileInfo info = parse_pcm_file(in, "fuzz", ec);
    if (ec) {
        check(ec.category() == cm::error_category());
        bool threw = false;
        try {
            (void)parse_pcm_file(in, "fuzz");
        } catch (const cm::AudioFileError& e) {
            threw = e.code() == ec;
        }
        check(threw);
        return 0;
    }
    // The read-at-offset form sees the same file.
    std::size_t reads = 0;
    const PcmFileInfo cb = parse_pcm_file(
        [&](std::uint64_t offset, std::span<std::byte> out) -> std::size_t {
            ++reads;
            check(offset <= size && out.size() <= size - offset);
            std::memcpy(out.data(), data + offset, out.size());
            return out.size();
        },
        size, "fuzz");
    check(cb.format == info.format && cb.data_offset == info.data_offset && cb.frame_count == info.frame_count &&
          cb.metadata == info.metadata);

    const std::uint32_t bpf = info.encoding.bytes_per_frame();
    check(bpf > 0 && info.encoding.channels >= 1 && info.encoding.channels <= cm::max_channels);
    check(info.format.sample_rate > 0 && info.format.sample_rate <= max_sample_rate);
    check(info.data_offset <= size && info.data_bytes <= size - info.data_offset);
    check(info.data_bytes == static_cast<std::uint64_t>(info.frame_count) * bpf);
    check(info.truncated ? info.data_bytes < info.declared_data_bytes : info.data_bytes == info.declared_data_bytes);

    const PcmFrameView all(in.subspan(static_cast<std::size_t>(info.data_offset), static_cast<std::size_t>(info.data_bytes)),
                           info.encoding);
    check(all.frames() == static_cast<std::size_t>(info.frame_count));
    const std::size_t ch = info.encoding.channels;
    std::vector<float> inter(all.frames() * ch);
    check(all.to_float(cm::InterleavedView(std::span<float>(inter), ch)) == all.frames());
    if (all.frames() > 0) {
        cm::AudioBuffer planar(all.frames(), ch);
        check(all.to_float(planar.view()) == all.frames());
        for (std::size_t f = 0; f < all.frames(); f += 1 + all.frames() / 7) {
            for (std::size_t c = 0; c < ch; ++c) {
                const float v = inter[f * ch + c];
                check(same_bits(v, all.sample(f, c)) && same_bits(v, planar.channel(c)[f]));
            }
        }
    }
    rewrite(info, inter);
    return 0;
}
