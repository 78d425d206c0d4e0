// AudioFile through libsndfile (FLAC, Ogg Vorbis, Ogg Opus, CAF PCM/ALAC,
// Wave64, MP3) against independent tools: files made by sox (or, where sox
// cannot write the format, by libsndfile's sndfile-convert and opus-tools'
// opusenc) must decode to the samples sox / opusdec report, and the files
// coremusic writes must read back in those tools with the same samples and
// header fields.
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/sndfile_format.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "external_tool.hpp"
#include "sox.hpp"

namespace {

using cm::ca::AudioFile;
using cm::ca::AudioFileSettings;
using cm::ca::Codec;
using cm::ca::FileType;
using cm::ca::SampleFormat;
using cm::test::run_tool;
using cm::test::ScratchDir;

bool have(const char* tool) { return cm::test::have_tool(tool); }

// AudioFileSettings by position (GCC warns about designated initializers
// that leave members out).
AudioFileSettings settings(FileType type, double rate = 44100.0, std::uint32_t channels = 2,
                           SampleFormat sf = SampleFormat::Int16, Codec codec = Codec::Default,
                           std::optional<double> quality = std::nullopt) {
    AudioFileSettings s;
    s.type = type;
    s.sample_rate = rate;
    s.channels = channels;
    s.sample_format = sf;
    s.codec = codec;
    s.quality = quality;
    return s;
}

cm::ca::AudioFileMetadata text_meta(std::vector<cm::ca::TextField> text) {
    cm::ca::AudioFileMetadata m;
    m.text = std::move(text);
    return m;
}

#define REQUIRE_TOOL(t) \
    if (!have(t)) GTEST_SKIP() << t << " is not installed (scripts/install-deps installs it)"

// Interleaved samples as sox decodes them: `-t f32` is sox's own 32-bit
// sample (exact for sources of up to 24 bits) converted to float.
std::vector<float> sox_samples(const std::filesystem::path& p, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{"sox", p.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), {"-t", "f32", "-"});
    const auto r = run_tool(argv);
    EXPECT_EQ(r.exit_code, 0) << "sox failed on " << p;
    std::vector<float> v(r.output.size() / 4);
    std::memcpy(v.data(), r.output.data(), v.size() * 4);
    return v;
}

// 32-bit integer samples as sox decodes them (for 32-bit sources).
std::vector<std::int32_t> sox_int32(const std::filesystem::path& p) {
    const auto r = run_tool({"sox", p.string(), "-t", "s32", "-"});
    EXPECT_EQ(r.exit_code, 0);
    std::vector<std::int32_t> v(r.output.size() / 4);
    std::memcpy(v.data(), r.output.data(), v.size() * 4);
    return v;
}

std::string soxi(const std::filesystem::path& p, const char* flag) { return cm::test::soxi(p, flag); }

std::vector<float> interleaved(const cm::AudioBuffer& b) {
    std::vector<float> v(b.frames() * b.channels());
    for (std::size_t f = 0; f < b.frames(); ++f) {
        for (std::size_t c = 0; c < b.channels(); ++c) v[f * b.channels() + c] = b.channel(c)[f];
    }
    return v;
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
    EXPECT_EQ(a.size(), b.size());
    float m = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

// sox synth: two tones, one per channel, below full scale, 0.5 s.
void sox_make(const std::filesystem::path& out, int rate, int channels, const std::vector<std::string>& fmt,
              const std::vector<std::string>& synth = {"sine", "440", "sine", "1234"}) {
    std::vector<std::string> argv{"sox", "-n", "-r", std::to_string(rate), "-c", std::to_string(channels)};
    argv.insert(argv.end(), fmt.begin(), fmt.end());
    argv.insert(argv.end(), {out.string(), "synth", "0.5"});
    argv.insert(argv.end(), synth.begin(), synth.end());
    argv.insert(argv.end(), {"gain", "-3"});
    ASSERT_EQ(run_tool(argv).exit_code, 0) << "sox could not make " << out;
}

// ---- reading files other tools wrote ------------------------------------------

struct LosslessCase {
    const char* name;
    const char* ext;
    std::vector<std::string> sox_format;
    FileType type;
    double lsb;  // of the source format
    std::uint32_t bits;
    cm::FourCC format_id;
};

class SndfileReadLossless : public ::testing::TestWithParam<LosslessCase> {};

TEST_P(SndfileReadLossless, DecodesToTheSamplesSoxReports) {
    REQUIRE_TOOL("sox");
    const auto& c = GetParam();
    ScratchDir dir;
    const auto path = dir / (std::string("in.") + c.ext);
    sox_make(path, 48000, 2, c.sox_format);
    AudioFile f(path);
    EXPECT_EQ(f.backend(), "sndfile");
    EXPECT_EQ(f.file_type(), c.type);
    EXPECT_EQ(f.sample_rate(), 48000.0);
    EXPECT_EQ(f.channels(), 2U);
    EXPECT_EQ(std::to_string(f.frame_count()), soxi(path, "-s"));
    EXPECT_EQ(f.format().bits_per_channel, c.bits);
    EXPECT_EQ(f.format().format_id, c.format_id);
    const auto ours = interleaved(f.read_all());
    const auto sox = sox_samples(path);
    EXPECT_LE(max_abs_diff(ours, sox), c.lsb) << c.name;
    // Random access: a slice from the middle is the same slice of the whole.
    const cm::AudioBuffer part = f.read_frames(12345, 1000);
    ASSERT_EQ(part.frames(), 1000U);
    for (std::size_t i = 0; i < 1000; ++i) {
        ASSERT_EQ(part.channel(1)[i], ours[(12345 + i) * 2 + 1]) << i;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, SndfileReadLossless,
    ::testing::Values(
        LosslessCase{"flac16", "flac", {"-b", "16"}, FileType::Flac, 0.0, 16, cm::ca::format_id::flac},
        LosslessCase{"flac24", "flac", {"-b", "24"}, FileType::Flac, 0.0, 24, cm::ca::format_id::flac},
        LosslessCase{"flac8", "flac", {"-b", "8"}, FileType::Flac, 0.0, 8, cm::ca::format_id::flac},
        LosslessCase{"caf16", "caf", {"-b", "16"}, FileType::Caf, 0.0, 16, cm::ca::format_id::linear_pcm},
        LosslessCase{"caf24", "caf", {"-b", "24"}, FileType::Caf, 0.0, 24, cm::ca::format_id::linear_pcm},
        LosslessCase{"w64_16", "w64", {"-b", "16"}, FileType::W64, 0.0, 16, cm::ca::format_id::linear_pcm},
        // (No float W64: sox misreads its own float W64 files by +3 dB.)
        LosslessCase{"w64_24", "w64", {"-b", "24"}, FileType::W64, 0.0, 24, cm::ca::format_id::linear_pcm}),
    [](const auto& tp) { return std::string(tp.param.name); });

TEST(SndfileRead, FlacFormatIsTheAsbdApplesDecoderReports) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    sox_make(dir / "a.flac", 44100, 2, {"-b", "24"});
    AudioFile f(dir / "a.flac");
    const auto fmt = f.format();
    EXPECT_EQ(fmt.format_id, cm::ca::format_id::flac);
    EXPECT_EQ(fmt.bits_per_channel, 24U);
    EXPECT_EQ(fmt.bytes_per_packet, 0U);
    EXPECT_EQ(fmt.bytes_per_frame, 0U);
    EXPECT_EQ(fmt.frames_per_packet, 4096U);  // libFLAC's default block size, from STREAMINFO
    EXPECT_EQ(fmt.channels_per_frame, 2U);
    // Compressed data has no stored frames to copy.
    try {
        (void)f.read_packets(0, 10);
        FAIL() << "read_packets on FLAC did not throw";
    } catch (const cm::AudioFileError& e) {
        EXPECT_EQ(e.code(), cm::Errc::NotSupported);
    }
}

TEST(SndfileRead, CafPcmPacketsAreTheStoredBigEndianBytes) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    sox_make(dir / "a.caf", 48000, 2, {"-b", "16"});
    AudioFile f(dir / "a.caf");
    const auto fmt = f.format();
    EXPECT_TRUE(fmt.is_pcm());
    EXPECT_TRUE(fmt.is_big_endian());  // sox/libsndfile write CAF big-endian by default
    EXPECT_EQ(fmt.bytes_per_frame, 4U);
    const auto bytes = f.read_packets(100, 50);
    ASSERT_EQ(bytes.size(), 200U);
    const auto sox = sox_samples(dir / "a.caf");
    for (std::size_t i = 0; i < 100; ++i) {
        const auto hi = std::to_integer<unsigned>(bytes[2 * i]);
        const auto lo = std::to_integer<unsigned>(bytes[2 * i + 1]);
        const auto v = static_cast<std::int16_t>(static_cast<std::uint16_t>((hi << 8U) | lo));
        EXPECT_EQ(static_cast<float>(v) / 32768.0F, sox[200 + i]) << i;
    }
}

// ALAC: sox cannot encode it, so libsndfile's sndfile-convert encodes a WAV
// sox made; the expected samples are that WAV's (lossless), at the ALAC
// depth (sndfile-convert keeps the top bits: 24 -> 20 drops 4).
struct AlacCase {
    const char* flag;
    int source_bits;
    std::uint32_t bits;
    std::uint32_t flags;
};
class SndfileReadAlac : public ::testing::TestWithParam<AlacCase> {};

TEST_P(SndfileReadAlac, DecodesToTheSourceSamples) {
    REQUIRE_TOOL("sox");
    REQUIRE_TOOL("sndfile-convert");
    const auto& c = GetParam();
    ScratchDir dir;
    sox_make(dir / "src.wav", 44100, 2, {"-b", std::to_string(c.source_bits)});
    ASSERT_EQ(run_tool({"sndfile-convert", c.flag, (dir / "src.wav").string(), (dir / "a.caf").string()}).exit_code, 0);
    AudioFile f(dir / "a.caf");
    EXPECT_EQ(f.file_type(), FileType::Caf);
    EXPECT_EQ(f.format().format_id, cm::ca::format_id::apple_lossless);
    EXPECT_EQ(f.format().bits_per_channel, c.bits);
    EXPECT_EQ(f.format().format_flags, c.flags);
    EXPECT_EQ(f.format().frames_per_packet, 4096U);
    EXPECT_EQ(f.frame_count(), 22050);
    const auto ours = interleaved(f.read_all());
    if (c.source_bits == 32) {
        const auto src = sox_int32(dir / "src.wav");
        ASSERT_EQ(ours.size(), src.size());
        for (std::size_t i = 0; i < src.size(); ++i) {
            // float keeps 24 bits of a 32-bit sample: compare at that precision.
            ASSERT_NEAR(ours[i], static_cast<double>(src[i]) / 2147483648.0, 1.0 / 16777216.0) << i;
        }
        return;
    }
    const auto src = sox_samples(dir / "src.wav");
    EXPECT_LE(max_abs_diff(ours, src), std::ldexp(1.0, 1 - static_cast<int>(c.bits)));
}

INSTANTIATE_TEST_SUITE_P(Depths, SndfileReadAlac,
                         ::testing::Values(AlacCase{"-alac16", 16, 16, 1}, AlacCase{"-alac20", 24, 20, 2},
                                           AlacCase{"-alac24", 24, 24, 3}, AlacCase{"-alac32", 32, 32, 4}),
                         [](const auto& tp) { return std::string(tp.param.flag + 1); });

// Vorbis: sox decodes through libvorbisfile's ov_read() into 16-bit integers,
// the same libvorbis decoder libsndfile uses but rounded to 16 bits; so the
// two agree within one 16-bit LSB (plus float rounding).
TEST(SndfileRead, OggVorbisMatchesSoxDecodeWithinOne16BitLsb) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    sox_make(dir / "a.ogg", 44100, 2, {});
    AudioFile f(dir / "a.ogg");
    EXPECT_EQ(f.file_type(), FileType::OggVorbis);
    EXPECT_EQ(f.format().format_id, cm::ca::format_id::vorbis);
    EXPECT_EQ(f.sample_rate(), 44100.0);
    EXPECT_EQ(f.channels(), 2U);
    EXPECT_EQ(std::to_string(f.frame_count()), soxi(dir / "a.ogg", "-s"));
    const auto ours = interleaved(f.read_all());
    const auto sox = sox_samples(dir / "a.ogg");
    EXPECT_LE(max_abs_diff(ours, sox), 1.0F / 32768.0F + 1e-6F);
    // Seeking into the stream gives the same samples as reading through.
    const cm::AudioBuffer part = f.read_frames(10000, 256);
    for (std::size_t i = 0; i < 256; ++i) ASSERT_NEAR(part.channel(0)[i], ours[(10000 + i) * 2], 1e-6F) << i;
}

// Opus: opusenc (libopus) encodes a WAV sox made; opusdec --float decodes
// through libopusfile -> libopus, the decoder libsndfile uses too, so the
// floats agree closely (1e-5: both apply the same pre-skip and gain).
TEST(SndfileRead, OggOpusMatchesOpusdec) {
    REQUIRE_TOOL("sox");
    REQUIRE_TOOL("opusenc");
    REQUIRE_TOOL("opusdec");
    ScratchDir dir;
    sox_make(dir / "src.wav", 48000, 2, {"-b", "16"});
    ASSERT_EQ(run_tool({"opusenc", "--quiet", (dir / "src.wav").string(), (dir / "a.opus").string()}).exit_code, 0);
    ASSERT_EQ(run_tool({"opusdec", "--quiet", "--float", (dir / "a.opus").string(), (dir / "ref.wav").string()}).exit_code, 0);
    AudioFile f(dir / "a.opus");
    EXPECT_EQ(f.file_type(), FileType::OggOpus);
    EXPECT_EQ(f.format().format_id, cm::ca::format_id::opus);
    EXPECT_EQ(f.format().frames_per_packet, 960U);
    EXPECT_EQ(f.sample_rate(), 48000.0);
    EXPECT_EQ(f.channels(), 2U);
    EXPECT_EQ(f.frame_count(), 24000);
    const auto ours = interleaved(f.read_all());
    const auto ref = sox_samples(dir / "ref.wav");
    EXPECT_LE(max_abs_diff(ours, ref), 1e-5F);
}

// MP3: sox decodes with libmad, libsndfile with mpg123 — two decoders, which
// also disagree about the encoder delay at the start. After aligning the two
// by cross-correlation the samples agree to within 1e-3 (libmad's 28-bit
// fixed point against mpg123's float synthesis; -60 dB is far below the codec's own error).
TEST(SndfileRead, Mp3MatchesSoxLibmadDecodeOnceAligned) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    // Sweeps, so the cross-correlation has one clear peak (tones repeat).
    sox_make(dir / "a.mp3", 44100, 2, {}, {"sine", "200-5000", "sine", "5000-300"});
    AudioFile f(dir / "a.mp3");
    EXPECT_EQ(f.file_type(), FileType::Mp3);
    EXPECT_EQ(f.format().format_id, cm::ca::format_id::mpeg_layer3);
    EXPECT_EQ(f.format().frames_per_packet, 1152U);
    EXPECT_EQ(f.sample_rate(), 44100.0);
    EXPECT_EQ(f.channels(), 2U);
    const cm::AudioBuffer all = f.read_all();
    // frame_count() is what decoding gives, not the header's estimate.
    EXPECT_EQ(static_cast<std::int64_t>(all.frames()), f.frame_count());
    // At least the 0.5 s that went in, at most 2 MPEG frames + LAME's delay more.
    EXPECT_GE(f.frame_count(), 22050);
    EXPECT_LE(f.frame_count(), 22050 + 2 * 1152 + 1105 + 1152);
    const auto sox = sox_samples(dir / "a.mp3");
    const std::size_t sox_frames = sox.size() / 2;
    const auto ours = all.channel(0);
    // Lag of ours relative to sox's, searched over +-2400 frames.
    int best_lag = 0;
    double best = -1e30;
    for (int lag = -2400; lag <= 2400; ++lag) {
        double acc = 0;
        for (std::size_t i = 3000; i < 15000; ++i) {
            const auto j = static_cast<std::ptrdiff_t>(i) + lag;
            if (j < 0 || static_cast<std::size_t>(j) >= sox_frames) continue;
            acc += static_cast<double>(ours[i]) * sox[static_cast<std::size_t>(j) * 2];
        }
        if (acc > best) {
            best = acc;
            best_lag = lag;
        }
    }
    float worst = 0;
    for (std::size_t i = 3000; i < 18000; ++i) {
        const auto j = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + best_lag);
        worst = std::max({worst, std::fabs(ours[i] - sox[j * 2]), std::fabs(all.channel(1)[i] - sox[j * 2 + 1])});
    }
    EXPECT_LE(worst, 1e-3F) << "lag " << best_lag;
}

// ---- writing: files coremusic makes, read by the other tools ------------------

// A signal on the grid of `bits` (so lossless output must match exactly):
// two tones with a slow sweep, a full-scale peak and the most negative value.
cm::AudioBuffer test_signal(std::size_t frames, std::size_t channels, int bits, double rate) {
    cm::AudioBuffer b(frames, channels);
    const double scale = std::ldexp(1.0, bits - 1);
    for (std::size_t c = 0; c < channels; ++c) {
        for (std::size_t i = 0; i < frames; ++i) {
            const double t = static_cast<double>(i) / rate;
            const double x = 0.6 * std::sin(2 * std::numbers::pi * (300.0 + 200.0 * static_cast<double>(c)) * t) +
                             0.3 * std::sin(2 * std::numbers::pi * 5000.0 * t * (1.0 + t));
            b.channel(c)[i] = static_cast<float>(std::round(x * scale) / scale);
        }
        b.channel(c)[10] = static_cast<float>((scale - 1) / scale);
        b.channel(c)[11] = -1.0F;
    }
    return b;
}

struct WriteCase {
    const char* name;
    FileType type;
    SampleFormat sf;
    Codec codec;
    const char* soxi_bits;  // soxi -p
    int bits;
    // sox reads CAF through libsndfile's int path, which cannot decode ALAC
    // and scales floats by 32767/32768; these go through libsndfile's own
    // sndfile-convert to a float WAV first, and sndfile-info names the codec.
    const char* sndfile_format = nullptr;
};
class SndfileWriteLossless : public ::testing::TestWithParam<WriteCase> {};

TEST_P(SndfileWriteLossless, SoxReadsBackTheSameSamplesAndHeader) {
    REQUIRE_TOOL("sox");
    const auto& c = GetParam();
    ScratchDir dir;
    const auto path = dir / (std::string("out.") + std::string(cm::ca::to_string(c.type)));
    const cm::AudioBuffer sig = test_signal(30000, 3, c.bits, 32000.0);
    {
        auto out = AudioFile::create(path, settings(c.type, 32000.0, 3, c.sf, c.codec));
        EXPECT_EQ(out.backend(), "sndfile");
        out.write_frames(cm::ConstAudioBufferView(sig.view()).subview(0, 10000));
        out.flush();
        out.write_frames(cm::ConstAudioBufferView(sig.view()).subview(10000));
        EXPECT_EQ(out.frame_count(), 30000);
        out.close();
    }
    std::filesystem::path readable = path;
    if (c.sndfile_format != nullptr) {
        REQUIRE_TOOL("sndfile-convert");
        const std::string info = run_tool({"sndfile-info", path.string()}).output;
        EXPECT_NE(info.find(std::string("Format      : ") + c.sndfile_format), std::string::npos) << info;
        EXPECT_NE(info.find("Frames      : 30000"), std::string::npos) << info;
        readable = dir / "decoded.wav";
        ASSERT_EQ(run_tool({"sndfile-convert", "-float32", path.string(), readable.string()}).exit_code, 0);
    } else {
        EXPECT_EQ(soxi(path, "-p"), c.soxi_bits);
    }
    EXPECT_EQ(soxi(readable, "-r"), "32000");
    EXPECT_EQ(soxi(readable, "-c"), "3");
    EXPECT_EQ(soxi(readable, "-s"), "30000");
    const auto sox = sox_samples(readable);
    EXPECT_EQ(max_abs_diff(interleaved(sig), sox), 0.0F) << c.name;
    // And we read our own file back the same way.
    AudioFile in(path);
    EXPECT_EQ(max_abs_diff(interleaved(in.read_all()), sox), 0.0F);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, SndfileWriteLossless,
    ::testing::Values(WriteCase{"flac16", FileType::Flac, SampleFormat::Int16, Codec::Default, "16", 16},
                      WriteCase{"flac24", FileType::Flac, SampleFormat::Int24, Codec::Default, "24", 24},
                      WriteCase{"flac8", FileType::Flac, SampleFormat::Int8, Codec::Default, "8", 8},
                      WriteCase{"caf16", FileType::Caf, SampleFormat::Int16, Codec::Pcm, "16", 16},
                      WriteCase{"caf24", FileType::Caf, SampleFormat::Int24, Codec::Default, "24", 24},
                      WriteCase{"caf_float", FileType::Caf, SampleFormat::Float32, Codec::Pcm, "", 24, "0x00180006"},
                      WriteCase{"alac16", FileType::Caf, SampleFormat::Int16, Codec::Alac, "", 16, "0x00180070"},
                      WriteCase{"alac24", FileType::Caf, SampleFormat::Int24, Codec::Alac, "", 24, "0x00180072"},
                      WriteCase{"alac32", FileType::Caf, SampleFormat::Int32, Codec::Alac, "", 24, "0x00180073"},
                      WriteCase{"w64_16", FileType::W64, SampleFormat::Int16, Codec::Default, "16", 16},
                      WriteCase{"w64_24", FileType::W64, SampleFormat::Int24, Codec::Default, "24", 24},
                      WriteCase{"w64_u8", FileType::W64, SampleFormat::UInt8, Codec::Default, "8", 8}),
    [](const auto& tp) { return std::string(tp.param.name); });

TEST(SndfileWrite, RoundingAndClippingAreCoremusicsNotLibsndfiles) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    // libsndfile's own float path would scale by 32767; coremusic's
    // convention is round(x * 32768) clamped, so 0.5 is 16384 and 2.0 clips.
    const std::vector<float> v{0.5F, -0.5F, 2.0F, -2.0F, 1.0F / 65536.0F * 3.0F};
    {
        auto out = AudioFile::create(dir / "r.flac", settings(FileType::Flac, 8000, 1));
        out.write_frames(cm::ConstInterleavedView(std::span<const float>(v), 1));
    }
    const auto r = run_tool({"sox", (dir / "r.flac").string(), "-t", "s16", "-"});
    ASSERT_EQ(r.output.size(), 10U);
    std::int16_t s[5];
    std::memcpy(s, r.output.data(), 10);
    EXPECT_EQ(s[0], 16384);
    EXPECT_EQ(s[1], -16384);
    EXPECT_EQ(s[2], 32767);
    EXPECT_EQ(s[3], -32768);
    EXPECT_EQ(s[4], 2);  // 1.5 rounds to even
}

// Lossy output: the header fields exactly, and the signal recognisably the
// same (SNR against the input after the decoder's own alignment).
double snr_db(const std::vector<float>& ref, const std::vector<float>& got, std::size_t channels, std::size_t from,
              std::size_t to) {
    double s = 0;
    double n = 0;
    for (std::size_t i = from * channels; i < to * channels && i < got.size() && i < ref.size(); ++i) {
        s += static_cast<double>(ref[i]) * ref[i];
        n += (static_cast<double>(got[i]) - ref[i]) * (static_cast<double>(got[i]) - ref[i]);
    }
    return 10 * std::log10(s / std::max(n, 1e-30));
}

cm::AudioBuffer tones(std::size_t frames, std::size_t channels, double rate) {
    cm::AudioBuffer b(frames, channels);
    for (std::size_t c = 0; c < channels; ++c) {
        for (std::size_t i = 0; i < frames; ++i) {
            b.channel(c)[i] = static_cast<float>(0.4 * std::sin(2 * std::numbers::pi * (440.0 + 220.0 * static_cast<double>(c)) *
                                                               static_cast<double>(i) / rate));
        }
    }
    return b;
}

TEST(SndfileWrite, OggVorbisReadsBackInSox) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    const auto sig = tones(48000, 2, 48000);
    {
        auto out = AudioFile::create(dir / "v.ogg", settings(FileType::OggVorbis, 48000, 2, SampleFormat::Int16, Codec::Default, 0.8));
        out.set_metadata(text_meta({{"INAM", "Vorbis title"}, {"IART", "someone"}}));
        out.write_frames(sig.view());
    }
    EXPECT_EQ(soxi(dir / "v.ogg", "-r"), "48000");
    EXPECT_EQ(soxi(dir / "v.ogg", "-c"), "2");
    EXPECT_EQ(soxi(dir / "v.ogg", "-s"), "48000");
    const std::string comments = soxi(dir / "v.ogg", "-a");
    EXPECT_NE(comments.find("Vorbis title"), std::string::npos) << comments;
    EXPECT_GT(snr_db(interleaved(sig), sox_samples(dir / "v.ogg"), 2, 1000, 47000), 30.0);
}

TEST(SndfileWrite, OggOpusReadsBackInOpusdec) {
    REQUIRE_TOOL("opusdec");
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    const auto sig = tones(48000, 2, 48000);
    {
        auto out = AudioFile::create(dir / "o.opus", settings(FileType::OggOpus, 48000));
        out.write_frames(sig.view());
    }
    ASSERT_EQ(run_tool({"opusdec", "--quiet", "--float", (dir / "o.opus").string(), (dir / "d.wav").string()}).exit_code, 0);
    EXPECT_EQ(soxi(dir / "d.wav", "-c"), "2");
    EXPECT_EQ(soxi(dir / "d.wav", "-s"), "48000");
    EXPECT_GT(snr_db(interleaved(sig), sox_samples(dir / "d.wav"), 2, 1000, 47000), 20.0);
    AudioFile back(dir / "o.opus");
    EXPECT_EQ(back.frame_count(), 48000);
}

TEST(SndfileWrite, Mp3ReadsBackInSox) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    const auto sig = tones(44100, 2, 44100);
    {
        auto out = AudioFile::create(dir / "m.mp3", settings(FileType::Mp3, 44100, 2, SampleFormat::Int16, Codec::Default, 1.0));
        out.write_frames(sig.view());
    }
    EXPECT_EQ(soxi(dir / "m.mp3", "-r"), "44100");
    EXPECT_EQ(soxi(dir / "m.mp3", "-c"), "2");
    AudioFile back(dir / "m.mp3");
    EXPECT_EQ(back.sample_rate(), 44100.0);
    // mpg123 trims the encoder delay libsndfile's LAME tag records.
    EXPECT_NEAR(static_cast<double>(back.frame_count()), 44100.0, 1152.0);
    const auto sox = sox_samples(dir / "m.mp3");
    EXPECT_GE(sox.size() / 2, 44100U);
}

TEST(SndfileWrite, FlacTextIsVorbisComments) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    {
        auto out = AudioFile::create(dir / "t.flac", settings(FileType::Flac, 44100, 1));
        out.set_metadata(text_meta({{"INAM", "A title"}, {"AUTH", "An artist"}, {"ICMT", "A comment"}}));
        out.write_frames(tones(1000, 1, 44100).view());
    }
    const std::string comments = soxi(dir / "t.flac", "-a");
    EXPECT_NE(comments.find("A title"), std::string::npos) << comments;
    EXPECT_NE(comments.find("An artist"), std::string::npos) << comments;
    AudioFile in(dir / "t.flac");
    const auto& text = in.metadata().text;
    ASSERT_GE(text.size(), 3U);
    EXPECT_NE(std::find(text.begin(), text.end(), cm::ca::TextField{"INAM", "A title"}), text.end());
    EXPECT_NE(std::find(text.begin(), text.end(), cm::ca::TextField{"IART", "An artist"}), text.end());
}

TEST(SndfileWrite, FlacTextAfterTheAudioIsRefused) {
    ScratchDir dir;
    auto out = AudioFile::create(dir / "t.flac", settings(FileType::Flac, 44100, 1));
    out.write_frames(tones(100, 1, 44100).view());
    try {
        out.set_metadata(text_meta({{"INAM", "late"}}));
        FAIL() << "no error";
    } catch (const cm::AudioFileError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidState);
        EXPECT_NE(std::string(e.what()).find("before the first write_frames"), std::string::npos) << e.what();
    }
}

TEST(SndfileWrite, FormatOfANewFile) {
    ScratchDir dir;
    auto a = AudioFile::create(dir / "a.caf", settings(FileType::Caf, 48000, 2, SampleFormat::Int24, Codec::Alac));
    EXPECT_EQ(a.format().format_id, cm::ca::format_id::apple_lossless);
    EXPECT_EQ(a.format().format_flags, cm::ca::format_flags::alac_24bit_source);
    EXPECT_EQ(a.format().bits_per_channel, 24U);
    auto f = AudioFile::create(dir / "a.flac", settings(FileType::Flac, 48000, 2, SampleFormat::Int16, Codec::Default, 0.0));
    EXPECT_EQ(f.format().format_id, cm::ca::format_id::flac);
    EXPECT_EQ(f.format().frames_per_packet, 1152U);  // libFLAC level 0
    auto m = AudioFile::create(dir / "a.mp3", settings(FileType::Mp3, 22050, 1));
    EXPECT_EQ(m.format().frames_per_packet, 576U);  // MPEG-2 layer III
    auto w = AudioFile::create(dir / "a.w64", settings(FileType::W64, 48000, 2, SampleFormat::Float64));
    EXPECT_EQ(w.format(), cm::ca::AudioFormat::pcm_float64(48000, 2));
}

// ---- settings the type cannot hold ---------------------------------------------

void expect_format_error(const AudioFileSettings& s, const char* needle) {
    ScratchDir dir;
    const auto path = dir / "x";
    try {
        (void)AudioFile::create(path, s);
        ADD_FAILURE() << "no error for " << needle;
    } catch (const cm::AudioFormatError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(path)) << "a refused create left a file";
}

TEST(SndfileSettings, RefusedWithClearErrors) {
    expect_format_error(settings(FileType::Flac, 44100.0, 2, SampleFormat::Float64), "float64");
    expect_format_error(settings(FileType::Flac, 44100.0, 2, SampleFormat::Int32), "int32");
    expect_format_error(settings(FileType::Flac, 44100.0, 9), "FLAC holds 1..8");
    expect_format_error(settings(FileType::Mp3, 44100.0, 3), "MP3 holds 1 or 2");
    expect_format_error(settings(FileType::Mp3, 37000), "37000");
    expect_format_error(settings(FileType::OggOpus, 44100), "Opus runs at");
    expect_format_error(settings(FileType::Caf, 44100.0, 2, SampleFormat::Int8, Codec::Alac), "ALAC");
    expect_format_error(settings(FileType::Flac, 44100.0, 2, SampleFormat::Int16, Codec::Alac), "CAF files only");
    expect_format_error(settings(FileType::W64, 44100.0, 2, SampleFormat::Int8), "unsigned");
    expect_format_error(settings(FileType::Flac, 44100.0, 2, SampleFormat::Int16, Codec::Default, 1.5), "quality");
    expect_format_error(settings(FileType::Flac, 0.0), "sample rate 0");
    expect_format_error(settings(FileType::OggVorbis, std::nan("")), "nan");
}

TEST(SndfileRead, DamagedAndForeignFilesGiveTypedErrors) {
    REQUIRE_TOOL("sox");
    ScratchDir dir;
    sox_make(dir / "a.flac", 44100, 2, {"-b", "16"});
    // A FLAC header cut short.
    {
        std::ifstream in(dir / "a.flac", std::ios::binary);
        std::vector<char> bytes(30);
        in.read(bytes.data(), 30);
        std::ofstream(dir / "cut.flac", std::ios::binary).write(bytes.data(), 30);
    }
    EXPECT_THROW((void)AudioFile(dir / "cut.flac"), cm::AudioFileError);
    std::error_code ec;
    auto f = AudioFile::open(dir / "cut.flac", ec);
    EXPECT_TRUE(ec);
    EXPECT_FALSE(f.is_open());
    // "OggS" with nothing after it.
    std::ofstream(dir / "x.ogg", std::ios::binary) << "OggS" << std::string(60, '\0');
    EXPECT_THROW((void)AudioFile(dir / "x.ogg"), cm::AudioFileError);
}

TEST(SndfileBackend, CanReadAndWriteItsTypes) {
    for (const FileType t : {FileType::Flac, FileType::OggVorbis, FileType::OggOpus, FileType::Caf, FileType::W64,
                             FileType::Mp3}) {
        EXPECT_TRUE(cm::ca::can_read(t)) << cm::ca::to_string(t);
        EXPECT_TRUE(cm::ca::can_write(t)) << cm::ca::to_string(t);
    }
}

} // namespace

#if __has_include(<sndfile.h>)
#include <sndfile.h>

namespace {

// The codes are libsndfile's own constants (sndfile.h), independent of our
// mapping; the AudioFormat fields are what Apple's decoders report.
TEST(SndfileFormat, SettingsToLibsndfileCodes) {
    using cm::ca::FileType;
    using cm::ca::SampleFormat;
    auto code = [](FileType t, SampleFormat f, std::uint32_t ch = 2, cm::ca::Codec c = cm::ca::Codec::Default) {
        return cm::ca::to_sndfile_format({.type = t, .sample_rate = 44100.0, .channels = ch, .sample_format = f,
                                          .codec = c});
    };
    EXPECT_EQ(code(FileType::Flac, SampleFormat::Int24), SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
    EXPECT_EQ(code(FileType::Flac, SampleFormat::Int16), SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    EXPECT_EQ(code(FileType::OggVorbis, SampleFormat::Int16), SF_FORMAT_OGG | SF_FORMAT_VORBIS);
    EXPECT_EQ(code(FileType::Caf, SampleFormat::Int24, 2, cm::ca::Codec::Alac), SF_FORMAT_CAF | SF_FORMAT_ALAC_24);
    EXPECT_EQ(code(FileType::W64, SampleFormat::Float32) & (SF_FORMAT_TYPEMASK | SF_FORMAT_SUBMASK),
              SF_FORMAT_W64 | SF_FORMAT_FLOAT);
    EXPECT_THROW((void)code(FileType::Flac, SampleFormat::Float64), cm::AudioFormatError);
    EXPECT_THROW((void)code(FileType::Wave, SampleFormat::Int16), cm::AudioFormatError);
}

TEST(SndfileFormat, LibsndfileCodesToAudioFormat) {
    const auto flac = cm::ca::from_sndfile_format(SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 48000.0, 2);
    EXPECT_EQ(flac.format_id, cm::ca::format_id::flac);
    EXPECT_EQ(flac.bits_per_channel, 24U);
    EXPECT_EQ(flac.channels_per_frame, 2U);
    EXPECT_EQ(flac.sample_rate, 48000.0);
    const auto alac = cm::ca::from_sndfile_format(SF_FORMAT_CAF | SF_FORMAT_ALAC_16, 44100.0, 1);
    EXPECT_EQ(alac.format_id, cm::ca::format_id::apple_lossless);
    EXPECT_EQ(alac.format_flags, 1U);  // kAppleLosslessFormatFlag_16BitSourceData
    const auto caf = cm::ca::from_sndfile_format(SF_FORMAT_CAF | SF_FORMAT_PCM_16 | SF_ENDIAN_BIG, 44100.0, 2);
    EXPECT_TRUE(caf.is_pcm());
    EXPECT_TRUE(caf.is_big_endian());
    EXPECT_EQ(caf.bytes_per_frame, 4U);
    EXPECT_THROW((void)cm::ca::from_sndfile_format(0x7FFF0000, 44100.0, 2), cm::AudioFormatError);
    EXPECT_THROW((void)cm::ca::from_sndfile_format(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100.0, 2), cm::AudioFormatError);
}

} // namespace

#endif
