// The header-only WAV/AIFF codec (pcm_file.hpp) against the specifications:
// sample values computed by hand from the stored bytes, the 80-bit extended
// numbers of AIFF's COMM chunk, the byte layouts of the RIFF/WAVE,
// WAVE_FORMAT_EXTENSIBLE, RF64 (EBU Tech 3306), AIFF and AIFF-C headers and
// metadata chunks written out here, and headers of files sox made compared
// with what soxi says about them.
#include <coremusic/ca/pcm_file.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "external_tool.hpp"
#include "rt_check.hpp"

namespace {

using namespace cm::ca;

AudioFileSettings make_settings(FileType type, double rate, std::uint32_t channels, SampleFormat sf,
                                bool rf64_when_large = true) {
    AudioFileSettings s;
    s.type = type;
    s.sample_rate = rate;
    s.channels = channels;
    s.sample_format = sf;
    s.rf64_when_large = rf64_when_large;
    return s;
}

PcmWriteOptions options_with(cm::FourCC compression) {
    PcmWriteOptions o;
    o.aifc_compression = compression;
    return o;
}

PcmWriteOptions sowt_options() { return options_with(cm::FourCC("sowt")); }

using Bytes = std::vector<unsigned char>;

std::span<const std::byte> as_span(const Bytes& b) { return std::as_bytes(std::span(b)); }

Bytes load(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<float> decode(const PcmEncoding& e, const Bytes& b) {
    std::vector<float> out(b.size() / e.bytes_per_sample());
    EXPECT_EQ(decode_samples(e, as_span(b), out), out.size());
    return out;
}

Bytes encode(const PcmEncoding& e, const std::vector<float>& in) {
    Bytes out(in.size() * e.bytes_per_sample());
    EXPECT_EQ(encode_samples(e, in, std::as_writable_bytes(std::span(out))), in.size());
    return out;
}

void put(Bytes& b, const char* id) { b.insert(b.end(), id, id + 4); }
void le16(Bytes& b, unsigned v) {
    b.push_back(static_cast<unsigned char>(v & 0xFFU));
    b.push_back(static_cast<unsigned char>(v >> 8U));
}
void le32(Bytes& b, std::uint32_t v) {
    for (unsigned i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(v >> (8U * i)));
}
void be16(Bytes& b, unsigned v) {
    b.push_back(static_cast<unsigned char>(v >> 8U));
    b.push_back(static_cast<unsigned char>(v & 0xFFU));
}
void be32(Bytes& b, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) b.push_back(static_cast<unsigned char>(v >> (8U * static_cast<unsigned>(i))));
}
std::uint32_t rd_le32(const Bytes& b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8U) |
           (static_cast<std::uint32_t>(b[at + 2]) << 16U) | (static_cast<std::uint32_t>(b[at + 3]) << 24U);
}
std::uint64_t rd_le64(const Bytes& b, std::size_t at) {
    return rd_le32(b, at) | (static_cast<std::uint64_t>(rd_le32(b, at + 4)) << 32U);
}
std::string id_at(const Bytes& b, std::size_t at) { return {reinterpret_cast<const char*>(&b[at]), 4}; }
Bytes to_bytes(const std::vector<std::byte>& v) {
    Bytes b(v.size());
    if (!v.empty()) std::memcpy(b.data(), v.data(), v.size());
    return b;
}

// --- samples ---------------------------------------------------------------

TEST(PcmSamples, DecodesEveryEncodingByHand) {
    // 16-bit: little-endian 0x8000 = -32768 -> -1; 0x7FFF -> 32767/32768; big-endian the reverse bytes.
    EXPECT_EQ(decode({SampleFormat::Int16, false, 1}, {0x00, 0x80, 0xFF, 0x7F, 0x01, 0x00}),
              (std::vector<float>{-1.0f, 32767.0f / 32768.0f, 1.0f / 32768.0f}));
    EXPECT_EQ(decode({SampleFormat::Int16, true, 1}, {0x80, 0x00, 0x7F, 0xFF, 0xFF, 0xFF}),
              (std::vector<float>{-1.0f, 32767.0f / 32768.0f, -1.0f / 32768.0f}));
    // 24-bit: 0x800000 = -2^23; 0x000001 = 1.
    EXPECT_EQ(decode({SampleFormat::Int24, false, 1}, {0x00, 0x00, 0x80, 0x01, 0x00, 0x00}),
              (std::vector<float>{-1.0f, 1.0f / 8388608.0f}));
    EXPECT_EQ(decode({SampleFormat::Int24, true, 1}, {0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x7F, 0xFF, 0xFF}),
              (std::vector<float>{-1.0f, 1.0f / 8388608.0f, 8388607.0f / 8388608.0f}));
    // 32-bit: 0x40000000 = 2^30 -> 0.5.
    EXPECT_EQ(decode({SampleFormat::Int32, false, 1}, {0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x80}),
              (std::vector<float>{0.5f, -1.0f}));
    EXPECT_EQ(decode({SampleFormat::Int32, true, 1}, {0xC0, 0x00, 0x00, 0x00}), (std::vector<float>{-0.5f}));
    // WAV 8-bit is unsigned with 128 = 0; AIFF 8-bit is signed.
    EXPECT_EQ(decode({SampleFormat::UInt8, false, 1}, {0x00, 0x80, 0xFF}),
              (std::vector<float>{-1.0f, 0.0f, 127.0f / 128.0f}));
    EXPECT_EQ(decode({SampleFormat::Int8, true, 1}, {0x80, 0x00, 0x7F, 0xC0}),
              (std::vector<float>{-1.0f, 0.0f, 127.0f / 128.0f, -0.5f}));
    // IEEE 754: 0.5f = 0x3F000000, -2.0f = 0xC0000000; 0.25 = 0x3FD0000000000000.
    EXPECT_EQ(decode({SampleFormat::Float32, false, 1}, {0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0xC0}),
              (std::vector<float>{0.5f, -2.0f}));
    EXPECT_EQ(decode({SampleFormat::Float32, true, 1}, {0x3F, 0x00, 0x00, 0x00}), (std::vector<float>{0.5f}));
    EXPECT_EQ(decode({SampleFormat::Float64, false, 1}, {0, 0, 0, 0, 0, 0, 0xD0, 0x3F}), (std::vector<float>{0.25f}));
    EXPECT_EQ(decode({SampleFormat::Float64, true, 1}, {0x3F, 0xD0, 0, 0, 0, 0, 0, 0}), (std::vector<float>{0.25f}));
}

TEST(PcmSamples, EncodesWithClippingAndRounding) {
    const std::vector<float> in{1.0f, -1.0f, 1.5f, -3.0f, 0.5f, std::numeric_limits<float>::quiet_NaN()};
    // 16-bit: 1.0 -> 32767 (clipped), -1 -> -32768, 0.5 -> 16384, NaN -> 0.
    EXPECT_EQ(encode({SampleFormat::Int16, false, 1}, in),
              (Bytes{0xFF, 0x7F, 0x00, 0x80, 0xFF, 0x7F, 0x00, 0x80, 0x00, 0x40, 0x00, 0x00}));
    EXPECT_EQ(encode({SampleFormat::Int16, true, 1}, in),
              (Bytes{0x7F, 0xFF, 0x80, 0x00, 0x7F, 0xFF, 0x80, 0x00, 0x40, 0x00, 0x00, 0x00}));
    EXPECT_EQ(encode({SampleFormat::UInt8, false, 1}, in), (Bytes{0xFF, 0x00, 0xFF, 0x00, 0xC0, 0x80}));
    EXPECT_EQ(encode({SampleFormat::Int8, true, 1}, in), (Bytes{0x7F, 0x80, 0x7F, 0x80, 0x40, 0x00}));
    EXPECT_EQ(encode({SampleFormat::Int24, true, 1}, {0.5f, -1.0f}), (Bytes{0x40, 0x00, 0x00, 0x80, 0x00, 0x00}));
    EXPECT_EQ(encode({SampleFormat::Int24, false, 1}, {0.5f}), (Bytes{0x00, 0x00, 0x40}));
    EXPECT_EQ(encode({SampleFormat::Int32, true, 1}, {-0.5f}), (Bytes{0xC0, 0x00, 0x00, 0x00}));
    EXPECT_EQ(encode({SampleFormat::Float32, true, 1}, {0.5f}), (Bytes{0x3F, 0x00, 0x00, 0x00}));
    EXPECT_EQ(encode({SampleFormat::Float64, true, 1}, {0.25f}), (Bytes{0x3F, 0xD0, 0, 0, 0, 0, 0, 0}));
}

TEST(PcmSamples, DecodeAndFrameViewsAreRealtimeSafe) {
    const Bytes stored{0x00, 0x80, 0xFF, 0x7F, 0x80, 0x00, 0x7F, 0xFF};
    std::array<float, 4> out{};
    std::array<float, 2> left{};
    std::array<float, 2> right{};
    const PcmFrameView view(as_span(stored), {SampleFormat::Int16, false, 2});
    {
        cm::test::RtScope scope;
        (void)decode_samples({SampleFormat::Int24, true, 2}, as_span(stored), out);
        (void)view.to_float(cm::InterleavedView(std::span<float>(out), 2));
        float* chans[2] = {left.data(), right.data()};
        const auto planar = cm::AudioBufferView::try_make(chans, 2, 2);
        ASSERT_TRUE(planar.has_value());
        (void)view.to_float(*planar);
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_EQ(left[0], -1.0f);
    EXPECT_EQ(right[0], 32767.0f / 32768.0f);
    EXPECT_EQ(left[1], 128.0f / 32768.0f);  // 0x0080
    EXPECT_EQ(view.sample(1, 1), static_cast<float>(static_cast<std::int16_t>(0xFF7F)) / 32768.0f);
}

// --- 80-bit extended ---------------------------------------------------------

TEST(PcmExtended, SampleRatesHaveTheirKnownEncodings) {
    // The COMM bytes sox (and every AIFF writer) stores for these rates.
    const std::vector<std::pair<double, Bytes>> known{
        {44100.0, {0x40, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0}},
        {48000.0, {0x40, 0x0E, 0xBB, 0x80, 0, 0, 0, 0, 0, 0}},
        {8000.0, {0x40, 0x0B, 0xFA, 0x00, 0, 0, 0, 0, 0, 0}},
        {22050.0, {0x40, 0x0D, 0xAC, 0x44, 0, 0, 0, 0, 0, 0}},
        {96000.0, {0x40, 0x0F, 0xBB, 0x80, 0, 0, 0, 0, 0, 0}},
        {11025.5, {0x40, 0x0C, 0xAC, 0x46, 0, 0, 0, 0, 0, 0}},
    };
    for (const auto& [rate, bytes] : known) {
        EXPECT_EQ(detail::load_extended(bytes.data()), rate);
        Bytes out(10);
        detail::store_extended(out.data(), rate);
        EXPECT_EQ(out, bytes) << rate;
    }
    const Bytes inf{0x7F, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_TRUE(std::isinf(detail::load_extended(inf.data())));
    const Bytes nan{0x7F, 0xFF, 0xC0, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_TRUE(std::isnan(detail::load_extended(nan.data())));
}

// --- parsing hand-made files ---------------------------------------------------

// A WAV with an unknown chunk of odd size (and its pad byte) before fmt,
// the data, and LIST/INFO, cue, LIST/adtl and smpl chunks after the data.
Bytes wav_with_metadata() {
    Bytes b;
    put(b, "RIFF");
    le32(b, 0);
    put(b, "WAVE");
    put(b, "junk");  // unknown, odd size 3 + pad
    le32(b, 3);
    b.insert(b.end(), {1, 2, 3, 0});
    put(b, "fmt ");
    le32(b, 16);
    le16(b, 1);
    le16(b, 2);
    le32(b, 22050);
    le32(b, 22050 * 4);
    le16(b, 4);
    le16(b, 16);
    put(b, "data");
    le32(b, 8);
    b.insert(b.end(), {0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F, 0x00, 0x80});  // 0.5 -0.5 / ~1 -1
    put(b, "LIST");
    le32(b, 4 + 8 + 6 + 8 + 3 + 1);
    put(b, "INFO");
    put(b, "INAM");
    le32(b, 6);
    b.insert(b.end(), {'T', 'i', 't', 'l', 'e', 0});
    put(b, "IART");
    le32(b, 3);
    b.insert(b.end(), {'M', 'e', 0, 0});
    put(b, "cue ");
    le32(b, 4 + 2 * 24);
    le32(b, 2);
    for (const std::uint32_t id : {7U, 9U}) {
        le32(b, id);
        le32(b, 0);
        put(b, "data");
        le32(b, 0);
        le32(b, 0);
        le32(b, id == 7 ? 1 : 0);  // dwSampleOffset
    }
    put(b, "LIST");
    le32(b, 4 + 8 + 4 + 6);
    put(b, "adtl");
    put(b, "labl");
    le32(b, 4 + 6);
    le32(b, 9);
    b.insert(b.end(), {'s', 't', 'a', 'r', 't', 0});
    put(b, "smpl");
    le32(b, 36 + 24);
    for (int i = 0; i < 3; ++i) le32(b, 0);
    le32(b, 64);  // MIDIUnityNote
    for (int i = 0; i < 3; ++i) le32(b, 0);
    le32(b, 1);  // loops
    le32(b, 0);
    le32(b, 0);  // cue id
    le32(b, 1);  // ping-pong
    le32(b, 0);  // start
    le32(b, 1);  // end: the last frame played
    le32(b, 0);
    le32(b, 3);  // play count
    const auto riff = static_cast<std::uint32_t>(b.size() - 8);
    std::memcpy(&b[4], &riff, 4);
    return b;
}

TEST(PcmParse, WavWithChunksAroundTheData) {
    const Bytes b = wav_with_metadata();
    const PcmFileInfo info = parse_pcm_file(as_span(b));
    EXPECT_EQ(info.type, FileType::Wave);
    EXPECT_EQ(info.format, AudioFormat::pcm_int16(22050, 2));
    EXPECT_EQ(info.data_offset, 12U + 12U + 24U + 8U);
    EXPECT_EQ(info.frame_count, 2);
    EXPECT_EQ(info.valid_bits, 16U);
    EXPECT_FALSE(info.channel_mask.has_value());
    EXPECT_FALSE(info.truncated);
    const auto& m = info.metadata;
    EXPECT_EQ(m.text, (std::vector<TextField>{{"INAM", "Title"}, {"IART", "Me"}}));
    EXPECT_EQ(m.markers, (std::vector<Marker>{{7, 1, ""}, {9, 0, "start"}}));
    EXPECT_EQ(m.loops, (std::vector<Loop>{{0, 2, Loop::Mode::PingPong, 3}}));
    EXPECT_EQ(m.root_note, std::optional<std::uint8_t>(64));
    const PcmFrameView v(as_span(b).subspan(info.data_offset, info.data_bytes), info.encoding);
    EXPECT_EQ(v.sample(0, 0), 0.5f);
    EXPECT_EQ(v.sample(0, 1), -0.5f);
    EXPECT_EQ(v.sample(1, 1), -1.0f);
}

TEST(PcmParse, ReadAtCallbackAndMemoryAgree) {
    const Bytes b = wav_with_metadata();
    int calls = 0;
    const PcmFileInfo a = parse_pcm_file(
        [&](std::uint64_t offset, std::span<std::byte> out) -> std::size_t {
            ++calls;
            const std::size_t n = std::min<std::size_t>(out.size(), b.size() - offset);
            std::memcpy(out.data(), b.data() + offset, n);
            return n;
        },
        b.size(), "cb.wav");
    const PcmFileInfo m = parse_pcm_file(as_span(b));
    EXPECT_GT(calls, 3);
    EXPECT_EQ(a.format, m.format);
    EXPECT_EQ(a.data_offset, m.data_offset);
    EXPECT_EQ(a.metadata, m.metadata);
}

TEST(PcmParse, AiffWithMarkersInstrumentAndText) {
    // AIFF 8-bit mono at 8000 Hz (big-endian signed), MARK, INST, NAME after the data.
    Bytes b;
    put(b, "FORM");
    be32(b, 0);
    put(b, "AIFF");
    put(b, "COMM");
    be32(b, 18);
    be16(b, 1);
    be32(b, 4);
    be16(b, 8);
    b.insert(b.end(), {0x40, 0x0B, 0xFA, 0x00, 0, 0, 0, 0, 0, 0});
    put(b, "SSND");
    be32(b, 8 + 4 + 2);  // offset 2: two bytes to skip
    be32(b, 2);
    be32(b, 0);
    b.insert(b.end(), {0xEE, 0xEE, 0x80, 0x40, 0x00, 0x7F});
    put(b, "MARK");
    be32(b, 2 + (2 + 4 + 2) + (2 + 4 + 4));
    be16(b, 2);
    be16(b, 1);
    be32(b, 1);
    b.insert(b.end(), {1, 'a'});  // pstring: count byte + text, 2 bytes: even already
    be16(b, 2);
    be32(b, 3);
    b.insert(b.end(), {2, 'b', 'c', 0});  // 3 bytes, padded to even
    put(b, "INST");
    be32(b, 20);
    b.insert(b.end(), {62, 0, 0, 127, 1, 127});
    be16(b, 0);
    be16(b, 1);  // sustain: forward, markers 1 -> 2
    be16(b, 1);
    be16(b, 2);
    be16(b, 0);
    be16(b, 0);
    be16(b, 0);
    put(b, "NAME");
    be32(b, 3);
    b.insert(b.end(), {'a', 'b', 'c', 0});
    const auto form = static_cast<std::uint32_t>(b.size() - 8);
    b[4] = static_cast<unsigned char>(form >> 24U);
    b[5] = static_cast<unsigned char>(form >> 16U);
    b[6] = static_cast<unsigned char>(form >> 8U);
    b[7] = static_cast<unsigned char>(form);
    const PcmFileInfo info = parse_pcm_file(as_span(b));
    EXPECT_EQ(info.type, FileType::Aiff);
    EXPECT_EQ(info.format.sample_rate, 8000.0);
    EXPECT_EQ(info.encoding, (PcmEncoding{SampleFormat::Int8, false, 1}));
    EXPECT_EQ(info.compression, cm::FourCC("NONE"));
    EXPECT_EQ(info.data_offset, 12U + 26U + 16U + 2U);
    EXPECT_EQ(info.frame_count, 4);
    EXPECT_EQ(info.metadata.markers, (std::vector<Marker>{{1, 1, "a"}, {2, 3, "bc"}}));
    EXPECT_EQ(info.metadata.loops, (std::vector<Loop>{{1, 3, Loop::Mode::Forward, 0}}));
    EXPECT_EQ(info.metadata.root_note, std::optional<std::uint8_t>(62));
    EXPECT_EQ(info.metadata.text, (std::vector<TextField>{{"NAME", "abc"}}));
    const PcmFrameView v(as_span(b).subspan(info.data_offset, info.data_bytes), info.encoding);
    EXPECT_EQ(v.sample(0, 0), -1.0f);
    EXPECT_EQ(v.sample(1, 0), 0.5f);
    EXPECT_EQ(v.sample(3, 0), 127.0f / 128.0f);
}

// --- headers of sox's files against soxi -------------------------------------

TEST(PcmParse, SoxFilesHeadersMatchSoxi) {
    if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox not installed";
    cm::test::ScratchDir dir;
    struct Case {
        std::vector<std::string> args;
        std::string name;
        FileType type;
        PcmEncoding enc;
        std::uint16_t tag;
    };
    const std::vector<Case> cases{
        {{"-r", "48000", "-c", "2", "-b", "24"}, "a.wav", FileType::Wave, {SampleFormat::Int24, false, 2}, 0xFFFE},
        {{"-r", "44100", "-c", "1", "-b", "8"}, "b.wav", FileType::Wave, {SampleFormat::UInt8, false, 1}, 1},
        {{"-r", "32000", "-c", "2", "-e", "floating-point", "-b", "64"}, "c.wav", FileType::Wave,
         {SampleFormat::Float64, false, 2}, 3},
        {{"-r", "22050", "-c", "3", "-b", "24", "-t", "aiff"}, "d.aiff", FileType::Aiff, {SampleFormat::Int24, true, 3}, 0},
        {{"-r", "96000", "-c", "2", "-e", "floating-point", "-b", "32", "-t", "aifc"}, "e.aifc", FileType::Aifc,
         {SampleFormat::Float32, true, 2}, 0},
    };
    for (const Case& c : cases) {
        const auto path = dir / c.name;
        std::vector<std::string> argv{"sox", "-n"};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        argv.insert(argv.end(), {path.string(), "synth", "0.05", "sine", "440"});
        ASSERT_EQ(cm::test::run_tool(argv).exit_code, 0) << c.name;
        const Bytes b = load(path);
        const PcmFileInfo info = parse_pcm_file(as_span(b), c.name);
        EXPECT_EQ(info.type, c.type) << c.name;
        EXPECT_EQ(info.encoding, c.enc) << c.name;
        EXPECT_EQ(info.wave_format_tag, c.tag) << c.name;
        auto soxi = [&](const char* flag) {
            std::string s = cm::test::run_tool({"soxi", flag, path.string()}).output;
            while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
            return s;
        };
        EXPECT_EQ(std::stod(soxi("-r")), info.format.sample_rate) << c.name;
        EXPECT_EQ(std::stoul(soxi("-c")), info.format.channels_per_frame) << c.name;
        EXPECT_EQ(std::stoll(soxi("-s")), info.frame_count) << c.name;
        EXPECT_EQ(std::stoul(soxi("-b")), info.valid_bits) << c.name;
        if (c.tag == 0xFFFE) {
            // sox writes dwChannelMask 0 (no speaker assignment): see the bytes.
            ASSERT_TRUE(info.channel_mask.has_value());
            std::uint32_t mask = 0;
            std::memcpy(&mask, &b[12 + 8 + 20], 4);
            EXPECT_EQ(*info.channel_mask, mask);
        }
    }
}

// --- writing: header layouts ---------------------------------------------------

TEST(PcmWrite, WavHeaderIsTheCanonicalLayoutWithAJunkReserve) {
    PcmWriter w(make_settings(FileType::Wave, 44100, 2, SampleFormat::Int16));
    w.add_frames(10);
    const Bytes h = to_bytes(w.header());
    ASSERT_EQ(h.size(), 80U);  // RIFF(12) + JUNK(8+28) + fmt(8+16) + data(8)
    EXPECT_EQ(w.data_offset(), 80U);
    EXPECT_EQ(id_at(h, 0), "RIFF");
    EXPECT_EQ(rd_le32(h, 4), 80U - 8U + 40U);
    EXPECT_EQ(id_at(h, 8), "WAVE");
    EXPECT_EQ(id_at(h, 12), "JUNK");
    EXPECT_EQ(rd_le32(h, 16), 28U);
    EXPECT_EQ(id_at(h, 48), "fmt ");
    EXPECT_EQ(rd_le32(h, 52), 16U);
    EXPECT_EQ(h[56] | (h[57] << 8U), 1);          // WAVE_FORMAT_PCM
    EXPECT_EQ(h[58] | (h[59] << 8U), 2);          // channels
    EXPECT_EQ(rd_le32(h, 60), 44100U);            // rate
    EXPECT_EQ(rd_le32(h, 64), 44100U * 4U);       // bytes per second
    EXPECT_EQ(h[68] | (h[69] << 8U), 4);          // block align
    EXPECT_EQ(h[70] | (h[71] << 8U), 16);         // bits
    EXPECT_EQ(id_at(h, 72), "data");
    EXPECT_EQ(rd_le32(h, 76), 40U);

    // Without the RF64 reserve it is the 44-byte canonical header.
    PcmWriter plain(make_settings(FileType::Wave, 8000, 1, SampleFormat::UInt8, false));
    EXPECT_EQ(plain.header_size(), 44U);
}

TEST(PcmWrite, ExtensibleHeaderForMoreThanTwoChannelsOrBits) {
    PcmWriter w(make_settings(FileType::Wave, 48000, 6, SampleFormat::Int24, false));
    w.add_frames(5);
    const Bytes h = to_bytes(w.header());
    EXPECT_EQ(id_at(h, 12), "fmt ");
    EXPECT_EQ(rd_le32(h, 16), 40U);
    EXPECT_EQ(h[20] | (h[21] << 8U), 0xFFFE);
    EXPECT_EQ(h[32] | (h[33] << 8U), 18);  // block align 6 * 3
    EXPECT_EQ(h[36] | (h[37] << 8U), 22);  // cbSize
    EXPECT_EQ(h[38] | (h[39] << 8U), 24);  // valid bits
    EXPECT_EQ(rd_le32(h, 40), 0x3FU);      // 5.1: FL FR FC LFE BL BR
    // KSDATAFORMAT_SUBTYPE_PCM {00000001-0000-0010-8000-00AA00389B71}
    const Bytes guid{0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    EXPECT_EQ(Bytes(h.begin() + 44, h.begin() + 60), guid);
    EXPECT_EQ(id_at(h, 60), "fact");
    EXPECT_EQ(rd_le32(h, 68), 5U);
    EXPECT_EQ(id_at(h, 72), "data");
    EXPECT_EQ(rd_le32(h, 76), 5U * 18U);
    const PcmFileInfo back = parse_pcm_file(as_span([&] {
        Bytes f = h;
        f.resize(h.size() + 90);
        return f;
    }()));
    EXPECT_EQ(back.channel_mask, std::optional<std::uint32_t>(0x3F));
    EXPECT_EQ(back.frame_count, 5);
}

TEST(PcmWrite, WavSwitchesToRf64InPlacePast4GiB) {
    // EBU Tech 3306: the JUNK reserve becomes ds64, RIFF -> RF64 with size
    // -1, data size -1; the header keeps its length.
    PcmWriter w(make_settings(FileType::Wave, 48000, 1, SampleFormat::Float32));
    const std::uint64_t small = w.header_size();
    // RIFF size = header - 8 + data must stay <= 2^32 - 1.
    w.add_frames((0xFFFFFFFFULL - (small - 8)) / 4);
    EXPECT_FALSE(w.is_rf64());
    EXPECT_EQ(id_at(to_bytes(w.header()), 0), "RIFF");
    EXPECT_FALSE(w.is_rf64());
    w.add_frames(1);
    EXPECT_TRUE(w.is_rf64());
    const Bytes h = to_bytes(w.header());
    ASSERT_EQ(h.size(), small);
    EXPECT_EQ(id_at(h, 0), "RF64");
    EXPECT_EQ(rd_le32(h, 4), 0xFFFFFFFFU);
    EXPECT_EQ(id_at(h, 12), "ds64");
    EXPECT_EQ(rd_le32(h, 16), 28U);
    const std::uint64_t data = static_cast<std::uint64_t>(w.frame_count()) * 4;
    EXPECT_EQ(rd_le64(h, 20), h.size() - 8 + data);  // RIFF size
    EXPECT_EQ(rd_le64(h, 28), data);
    EXPECT_EQ(rd_le64(h, 36), static_cast<std::uint64_t>(w.frame_count()));
    EXPECT_EQ(rd_le32(h, 44), 0U);  // table length
    EXPECT_EQ(id_at(h, h.size() - 8), "data");
    EXPECT_EQ(rd_le32(h, h.size() - 4), 0xFFFFFFFFU);

    PcmWriter strict(make_settings(FileType::Wave, 48000, 1, SampleFormat::Float32, false));
    strict.add_frames((0xFFFFFFFFULL - (strict.header_size() - 8)) / 4);
    try {
        strict.add_frames(1);
        FAIL() << "passing 4 GiB without rf64_when_large must fail";
    } catch (const cm::AudioFileError& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("4 GiB"), std::string::npos);
    }
}

TEST(PcmWrite, AifcHeaderLayouts) {
    PcmWriter w(make_settings(FileType::Aifc, 44100, 2, SampleFormat::Float32));
    w.add_frames(3);
    const Bytes h = to_bytes(w.header());
    EXPECT_EQ(id_at(h, 0), "FORM");
    EXPECT_EQ(id_at(h, 8), "AIFC");
    EXPECT_EQ(id_at(h, 12), "FVER");
    EXPECT_EQ(Bytes(h.begin() + 20, h.begin() + 24), (Bytes{0xA2, 0x80, 0x51, 0x40}));
    EXPECT_EQ(id_at(h, 24), "COMM");
    // 18 + 'fl32' + pstring "32-bit floating point" (1 + 21 bytes, even)
    EXPECT_EQ(Bytes(h.begin() + 28, h.begin() + 32), (Bytes{0, 0, 0, 18 + 4 + 22}));
    EXPECT_EQ(Bytes(h.begin() + 32, h.begin() + 40), (Bytes{0, 2, 0, 0, 0, 3, 0, 32}));
    EXPECT_EQ(Bytes(h.begin() + 40, h.begin() + 50), (Bytes{0x40, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(id_at(h, 50), "fl32");
    EXPECT_EQ(h[54], 21);
    EXPECT_EQ(id_at(h, 76), "SSND");
    EXPECT_EQ(Bytes(h.begin() + 80, h.begin() + 84), (Bytes{0, 0, 0, 8 + 24}));
    EXPECT_EQ(h.size(), 92U);
    const std::uint32_t form = (std::uint32_t{h[4]} << 24U) | (std::uint32_t{h[5]} << 16U) |
                               (std::uint32_t{h[6]} << 8U) | std::uint32_t{h[7]};
    EXPECT_EQ(form, 92U - 8U + 24U);

    PcmWriter sowt(make_settings(FileType::Aifc, 8000, 1, SampleFormat::Int16),
                   sowt_options());
    EXPECT_FALSE(sowt.encoding().big_endian);
    const Bytes hs = to_bytes(sowt.header());
    EXPECT_EQ(id_at(hs, 50), "sowt");
}

TEST(PcmWrite, RejectsSettingsTheTypeCannotHold) {
    EXPECT_THROW(PcmWriter(make_settings(FileType::Aiff, 44100, 2, SampleFormat::Float32)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Wave, 44100, 2, SampleFormat::Int8)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Aiff, 44100, 2, SampleFormat::UInt8)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Wave, 44100.5, 2, SampleFormat::Int16)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Wave, 0, 2, SampleFormat::Int16)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Wave, 44100, 0, SampleFormat::Int16)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Flac, 44100, 2, SampleFormat::Int16)), cm::AudioFormatError);
    EXPECT_THROW(PcmWriter(make_settings(FileType::Aifc, 44100, 2, SampleFormat::Int16),
                           options_with(cm::FourCC("fl32"))),
                 cm::AudioFormatError);
}

// --- writing: metadata layouts ---------------------------------------------------

TEST(PcmWrite, WavMetadataChunkLayout) {
    PcmWriter w(make_settings(FileType::Wave, 48000, 1, SampleFormat::UInt8));
    w.add_frames(3);  // odd data: a pad byte first
    AudioFileMetadata m;
    m.text = {{"NAME", "Song"}, {"ISFT", "cm"}};
    m.markers = {{5, 2, "go"}};
    m.loops = {{1, 3, Loop::Mode::Forward, 0}};
    const Bytes t = to_bytes(w.trailer(m));
    Bytes want{0};
    put(want, "LIST");
    le32(want, 4 + 8 + 6 + 8 + 4);
    put(want, "INFO");
    put(want, "INAM");  // NAME -> INAM
    le32(want, 5);
    want.insert(want.end(), {'S', 'o', 'n', 'g', 0, 0});
    put(want, "ISFT");
    le32(want, 3);
    want.insert(want.end(), {'c', 'm', 0, 0});
    put(want, "cue ");
    le32(want, 28);
    le32(want, 1);
    le32(want, 5);
    le32(want, 2);
    put(want, "data");
    le32(want, 0);
    le32(want, 0);
    le32(want, 2);
    put(want, "LIST");
    le32(want, 4 + 8 + 4 + 3 + 1);
    put(want, "adtl");
    put(want, "labl");
    le32(want, 7);
    le32(want, 5);
    want.insert(want.end(), {'g', 'o', 0, 0});
    put(want, "smpl");
    le32(want, 60);
    le32(want, 0);
    le32(want, 0);
    le32(want, 20833);  // 1e9 / 48000 ns
    le32(want, 60);
    le32(want, 0);
    le32(want, 0);
    le32(want, 0);
    le32(want, 1);
    le32(want, 0);
    le32(want, 0);
    le32(want, 0);
    le32(want, 1);
    le32(want, 2);  // inclusive end
    le32(want, 0);
    le32(want, 0);
    EXPECT_EQ(t, want);
}

TEST(PcmWrite, AiffMetadataChunkLayout) {
    PcmWriter w(make_settings(FileType::Aiff, 8000, 1, SampleFormat::Int16));
    w.add_frames(4);
    AudioFileMetadata m;
    m.text = {{"IART", "Me"}, {"ISFT", "dropped"}};
    m.markers = {{0, 1, "x"}};  // id 0 is not an AIFF marker id: renumbered
    m.loops = {{1, 3, Loop::Mode::PingPong, 0}};
    m.root_note = 50;
    const Bytes t = to_bytes(w.trailer(m));
    Bytes want;
    put(want, "MARK");
    Bytes body;
    be16(body, 3);
    be16(body, 1);
    be32(body, 1);
    body.insert(body.end(), {1, 'x'});
    be16(body, 2);
    be32(body, 1);
    body.push_back(18);
    for (char c : std::string("sustain loop start")) body.push_back(static_cast<unsigned char>(c));
    body.push_back(0);
    be16(body, 3);
    be32(body, 3);
    body.push_back(16);
    for (char c : std::string("sustain loop end")) body.push_back(static_cast<unsigned char>(c));
    body.push_back(0);
    be32(want, static_cast<std::uint32_t>(body.size()));
    want.insert(want.end(), body.begin(), body.end());
    put(want, "INST");
    be32(want, 20);
    want.insert(want.end(), {50, 0, 0, 127, 1, 127, 0, 0});
    be16(want, 2);  // forward/backward
    be16(want, 2);
    be16(want, 3);
    be16(want, 0);
    be16(want, 0);
    be16(want, 0);
    put(want, "AUTH");
    be32(want, 2);
    want.insert(want.end(), {'M', 'e'});
    EXPECT_EQ(t, want);
}

TEST(PcmWrite, MetadataValidation) {
    AudioFileMetadata m;
    m.text = {{"TOOLONG", "x"}};
    EXPECT_THROW(PcmWriter::validate(m), cm::AudioFileError);
    m = {};
    m.markers = {{1, -1, ""}};
    EXPECT_THROW(PcmWriter::validate(m), cm::AudioFileError);
    m = {};
    m.loops = {{5, 5, Loop::Mode::Forward, 0}};
    EXPECT_THROW(PcmWriter::validate(m), cm::AudioFileError);
    m = {};
    m.root_note = 200;
    EXPECT_THROW(PcmWriter::validate(m), cm::AudioFileError);
}

TEST(PcmWrite, WrittenBytesParseBack) {
    for (const FileType type : {FileType::Wave, FileType::RF64, FileType::Aiff, FileType::Aifc}) {
        for (const SampleFormat sf : {SampleFormat::UInt8, SampleFormat::Int8, SampleFormat::Int16, SampleFormat::Int24,
                                      SampleFormat::Int32, SampleFormat::Float32, SampleFormat::Float64}) {
            const bool wave = type == FileType::Wave || type == FileType::RF64;
            if ((wave && sf == SampleFormat::Int8) || (!wave && sf == SampleFormat::UInt8) ||
                (type == FileType::Aiff && is_float(sf))) {
                continue;
            }
            PcmWriter w(make_settings(type, 44100, 3, sf));
            const std::vector<float> in{0.5f, -0.25f, 0.125f, -1.0f, 0.0f, 0.75f, 0.5f, 0.5f, -0.5f};
            Bytes data(in.size() * w.encoding().bytes_per_sample());
            ASSERT_EQ(w.encode(in, std::as_writable_bytes(std::span(data))), data.size());
            w.add_frames(3);
            AudioFileMetadata m;
            m.markers = {{3, 1, "m"}};
            const Bytes t = to_bytes(w.trailer(m));
            Bytes file = to_bytes(w.header(t.size()));
            file.insert(file.end(), data.begin(), data.end());
            file.insert(file.end(), t.begin(), t.end());
            const PcmFileInfo info = parse_pcm_file(as_span(file));
            EXPECT_EQ(info.type, type);
            EXPECT_EQ(info.format, w.format());
            EXPECT_EQ(info.frame_count, 3);
            EXPECT_EQ(info.metadata.markers, m.markers);
            EXPECT_EQ(decode(info.encoding, Bytes(file.begin() + static_cast<std::ptrdiff_t>(info.data_offset),
                                                   file.begin() + static_cast<std::ptrdiff_t>(info.data_offset + info.data_bytes))),
                      in)
                << to_string(type) << ' ' << to_string(sf);
        }
    }
}

} // namespace
