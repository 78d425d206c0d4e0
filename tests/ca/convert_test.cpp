// convert() against sox doing the same conversion of the same file, soxi's
// view of the result, and the promise that a cancelled or failed
// conversion leaves no file behind.
#include <coremusic/ca/convert.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "external_tool.hpp"
#include "sox.hpp"

namespace {

using cm::ca::ConvertSettings;
using cm::ca::FileType;
using cm::ca::SampleFormat;
using cm::test::run_tool;
using cm::test::ScratchDir;

#define REQUIRE_SOX() \
    if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox is not installed (scripts/install-deps installs it)"

std::vector<std::int16_t> sox_s16(const std::filesystem::path& p) {
    const auto r = run_tool({"sox", p.string(), "-t", "s16", "-"});
    EXPECT_EQ(r.exit_code, 0);
    std::vector<std::int16_t> v(r.output.size() / 2);
    std::memcpy(v.data(), r.output.data(), v.size() * 2);
    return v;
}

std::string soxi(const std::filesystem::path& p, const char* flag) { return cm::test::soxi(p, flag); }

// A 24-bit stereo 48 kHz WAV: a different tone in each channel, a sweep on
// top, peaks well below full scale so the mono average cannot clip.
std::filesystem::path make_source(const ScratchDir& dir) {
    const auto path = dir / "in.wav";
    const auto r = run_tool({"sox", "-n", "-r", "48000", "-c", "2", "-b", "24", path.string(), "synth", "2", "sine",
                             "1000", "sine", "300-9000", "gain", "-6"});
    EXPECT_EQ(r.exit_code, 0);
    return path;
}

ConvertSettings flac16_mono_44k(bool dither) {
    ConvertSettings s;
    s.sample_rate = 44100.0;
    s.channels = 1;
    s.sample_format = SampleFormat::Int16;
    s.dither = dither;
    return s;
}

// Without dither on either side, the two conversions differ only by the
// resamplers (both linear-phase, errors near -120 dB: ~1e-6, far below the
// 16-bit step of 3e-5) and by where that tiny difference tips a rounding:
// at most 1 LSB.
TEST(Convert, Wav24StereoToFlac16Mono44kMatchesSox) {
    REQUIRE_SOX();
    ScratchDir dir;
    const auto in = make_source(dir);
    const auto out = dir / "out.flac";
    std::vector<double> fractions;
    ConvertSettings s = flac16_mono_44k(false);
    s.block_frames = 10000;  // several blocks
    s.progress = [&](double f) {
        fractions.push_back(f);
        return true;
    };
    cm::ca::convert(in, out, s);
    EXPECT_EQ(soxi(out, "-t"), "flac");
    EXPECT_EQ(soxi(out, "-r"), "44100");
    EXPECT_EQ(soxi(out, "-c"), "1");
    EXPECT_EQ(soxi(out, "-p"), "16");
    EXPECT_EQ(soxi(out, "-s"), "88200");  // 2 s at 44.1 kHz: llround(96000 x 44100 / 48000)
    ASSERT_EQ(run_tool({"sox", in.string(), "-D", "-b", "16", "-c", "1", "-r", "44100", (dir / "ref.wav").string()}).exit_code, 0);
    const auto ours = sox_s16(out);
    const auto ref = sox_s16(dir / "ref.wav");
    ASSERT_EQ(ours.size(), ref.size());
    int worst = 0;
    // sox's rate effect starts and ends with its own filter's edge
    // handling; compare away from the first and last 10 ms.
    for (std::size_t i = 441; i + 441 < ours.size(); ++i) worst = std::max(worst, std::abs(ours[i] - ref[i]));
    EXPECT_LE(worst, 1);
    ASSERT_FALSE(fractions.empty());
    EXPECT_GE(fractions.size(), 9U);  // 96000 frames in blocks of 10000
    EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
    // Only the output is left: no temporary files.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 3U);  // in.wav, out.flac, ref.wav
}

// With TPDF dither on both sides the samples differ by two independent
// dithers (each triangular, +-1 LSB, plus rounding): the difference stays
// within 3 LSB, its RMS near sqrt(2 x (1/6 + 1/12)) = 0.71 LSB, and its mean ~0.
TEST(Convert, DitheredConversionDiffersFromSoxOnlyByTheDither) {
    REQUIRE_SOX();
    ScratchDir dir;
    const auto in = make_source(dir);
    cm::ca::convert(in, dir / "out.flac", flac16_mono_44k(true));
    ASSERT_EQ(run_tool({"sox", in.string(), "-b", "16", "-c", "1", "-r", "44100", (dir / "ref.wav").string()}).exit_code, 0);
    const auto ours = sox_s16(dir / "out.flac");
    const auto ref = sox_s16(dir / "ref.wav");
    ASSERT_EQ(ours.size(), ref.size());
    int worst = 0;
    double sum = 0;
    double sq = 0;
    std::size_t n = 0;
    for (std::size_t i = 441; i + 441 < ours.size(); ++i) {
        const int d = ours[i] - ref[i];
        worst = std::max(worst, std::abs(d));
        sum += d;
        sq += d * d;
        ++n;
    }
    EXPECT_LE(worst, 3);
    const double rms = std::sqrt(sq / static_cast<double>(n));
    EXPECT_GT(rms, 0.4);  // the dither is really there
    EXPECT_LT(rms, 1.0);
    EXPECT_LT(std::fabs(sum / static_cast<double>(n)), 0.05);
}

TEST(Convert, CancelledConversionLeavesNoFileAndKeepsTheOldOne) {
    REQUIRE_SOX();
    ScratchDir dir;
    const auto in = make_source(dir);
    const auto out = dir / "out.flac";
    ConvertSettings s = flac16_mono_44k(true);
    s.block_frames = 4096;
    int calls = 0;
    s.progress = [&](double) { return ++calls < 3; };
    try {
        cm::ca::convert(in, out, s);
        FAIL() << "no error";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), std::errc::operation_canceled);
    }
    EXPECT_EQ(calls, 3);
    EXPECT_FALSE(std::filesystem::exists(out));
    // An existing output survives a cancelled replacement untouched.
    std::ofstream(out) << "old";
    calls = 0;
    EXPECT_THROW(cm::ca::convert(in, out, s), cm::Error);
    std::ifstream check(out);
    std::string text;
    check >> text;
    EXPECT_EQ(text, "old");
    // A throwing callback is a failure like any other.
    s.progress = [](double) -> bool { throw std::runtime_error("user abort"); };
    EXPECT_THROW(cm::ca::convert(in, dir / "other.flac", s), std::runtime_error);
    EXPECT_FALSE(std::filesystem::exists(dir / "other.flac"));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 2U);  // in.wav and the old out.flac
}

TEST(Convert, TypeFromExtensionAndDefaultsFromTheInput) {
    REQUIRE_SOX();
    ScratchDir dir;
    const auto in = make_source(dir);
    cm::ca::convert(in, dir / "copy.caf");
    EXPECT_EQ(soxi(dir / "copy.caf", "-r"), "48000");
    EXPECT_EQ(soxi(dir / "copy.caf", "-c"), "2");
    EXPECT_EQ(soxi(dir / "copy.caf", "-p"), "24");
    // Same rate, channels and depth: the samples are copied exactly.
    const auto a = run_tool({"sox", in.string(), "-t", "s32", "-"}).output;
    const auto b = run_tool({"sox", (dir / "copy.caf").string(), "-t", "s32", "-"}).output;
    EXPECT_EQ(a, b);
    // FLAC cannot hold float: a float source becomes 24-bit.
    ASSERT_EQ(run_tool({"sox", in.string(), "-e", "floating-point", "-b", "32", (dir / "f.wav").string()}).exit_code, 0);
    cm::ca::convert(dir / "f.wav", dir / "f.flac");
    EXPECT_EQ(soxi(dir / "f.flac", "-p"), "24");
    // No type and an unknown extension.
    try {
        cm::ca::convert(in, dir / "out.xyz");
        FAIL();
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("out.xyz"), std::string::npos);
    }
    // Settings the type cannot hold fail before any file is left.
    ConvertSettings bad;
    bad.sample_rate = 44100.0;
    EXPECT_THROW(cm::ca::convert(in, dir / "bad.opus", bad), cm::AudioFormatError);
    EXPECT_FALSE(std::filesystem::exists(dir / "bad.opus"));
}

TEST(Convert, UpmixAfterResamplingBetweenOpenFiles) {
    REQUIRE_SOX();
    ScratchDir dir;
    ASSERT_EQ(run_tool({"sox", "-n", "-r", "22050", "-c", "1", "-b", "16", (dir / "m.wav").string(), "synth", "1",
                        "sine", "440", "gain", "-6"}).exit_code, 0);
    cm::ca::AudioFile in(dir / "m.wav");
    cm::ca::AudioFileSettings os;
    os.type = FileType::Flac;
    os.sample_rate = 44100;
    os.channels = 2;
    os.sample_format = SampleFormat::Int24;
    auto out = cm::ca::AudioFile::create(dir / "s.flac", os);
    cm::ca::convert(in, out, {});
    out.close();
    EXPECT_EQ(soxi(dir / "s.flac", "-s"), "44100");
    EXPECT_EQ(soxi(dir / "s.flac", "-c"), "2");
    const auto r = run_tool({"sox", (dir / "s.flac").string(), "-t", "s32", "-"}).output;
    ASSERT_EQ(r.size(), 44100U * 2 * 4);
    std::vector<std::int32_t> v(44100 * 2);
    std::memcpy(v.data(), r.data(), r.size());
    for (std::size_t i = 0; i < 44100; ++i) ASSERT_EQ(v[2 * i], v[2 * i + 1]) << i;  // both sides the mono source
    // And a map of the wrong shape is refused.
    cm::ca::AudioFile in2(dir / "m.wav");
    auto out2 = cm::ca::AudioFile::create(dir / "s2.flac", os);
    ConvertSettings s;
    s.channel_map = cm::ca::ChannelMap::identity(2);
    EXPECT_THROW(cm::ca::convert(in2, out2, s), cm::Error);
}

} // namespace
