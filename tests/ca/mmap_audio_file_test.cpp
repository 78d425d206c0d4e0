// MMapAudioFile against sox: files sox makes (big-endian AIFF at several
// rates included, the seed's failure) give soxi's rate and frame count and
// the samples `sox -t dat` prints; chunks cover the file exactly; float32
// WAV is visible without conversion.
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/mmap_audio_file.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "external_tool.hpp"
#include "sox.hpp"
#include "rt_check.hpp"

namespace {

using namespace cm::ca;
using cm::test::run_tool;
using cm::test::ScratchDir;

// `sox file -t dat -`, frame by frame.
std::vector<std::vector<double>> sox_dat(const std::filesystem::path& p) { return cm::test::sox_samples(p).by_frame(); }

std::string soxi(const std::filesystem::path& p, const char* flag) { return cm::test::soxi(p, flag); }

std::filesystem::path make(const ScratchDir& dir, const std::string& name, std::vector<std::string> args,
                           const char* seconds = "0.2") {
    const auto path = dir / name;
    std::vector<std::string> argv{"sox", "-n"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {path.string(), "synth", seconds, "sine", "440", "sine", "1000", "sine", "97", "vol", "0.9"});
    EXPECT_EQ(run_tool(argv).exit_code, 0) << name;
    return path;
}

class MMapAudioFileSox : public ::testing::Test {
protected:
    void SetUp() override {
        if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox not installed";
    }
    ScratchDir dir;
};

TEST_F(MMapAudioFileSox, BigEndianAiffHasTheRightRateAndSamples) {
    struct Case {
        const char* name;
        const char* rate;
        const char* bits;
        std::vector<std::string> extra;
        double tol;
    };
    const std::vector<Case> cases{
        {"a.aiff", "44100", "16", {"-t", "aiff"}, 1.0 / 32768},
        {"b.aiff", "22050", "24", {"-t", "aiff"}, 1.0 / 8388608},
        {"c.aiff", "96000", "8", {"-t", "aiff"}, 1.0 / 128},
        {"d.aifc", "48000", "32", {"-t", "aifc", "-e", "floating-point"}, 1e-7},
        {"e.aifc", "11025", "16", {"-t", "aifc"}, 1.0 / 32768},
        {"f.wav", "44100", "24", {}, 1.0 / 8388608},
    };
    for (const Case& c : cases) {
        std::vector<std::string> args{"-r", c.rate, "-c", "3", "-b", c.bits};
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        const auto path = make(dir, c.name, args);
        MMapAudioFile f(path);
        EXPECT_EQ(f.sample_rate(), std::stod(soxi(path, "-r"))) << c.name;
        EXPECT_EQ(f.channels(), 3U);
        EXPECT_EQ(f.frame_count(), std::stoll(soxi(path, "-s"))) << c.name;
        EXPECT_DOUBLE_EQ(f.duration(), static_cast<double>(f.frame_count()) / f.sample_rate());
        const auto dat = sox_dat(path);
        ASSERT_EQ(static_cast<std::int64_t>(dat.size()), f.frame_count());
        const PcmFrameView all = f.frames();
        double worst = 0;
        for (std::size_t i = 0; i < dat.size(); ++i) {
            for (std::size_t ch = 0; ch < 3; ++ch) {
                worst = std::max(worst, std::abs(dat[i][ch] - static_cast<double>(all.sample(i, ch))));
            }
        }
        EXPECT_LE(worst, c.tol) << c.name;
        // to_float agrees with sample().
        const cm::AudioBuffer b = f.read_frames(100, 50).to_buffer();
        ASSERT_EQ(b.frames(), 50U);
        for (std::size_t i = 0; i < 50; ++i) ASSERT_EQ(b.channel(2)[i], all.sample(100 + i, 2));
    }
}

TEST_F(MMapAudioFileSox, Float32WavIsVisibleWithoutConversion) {
    // sox puts float samples at byte 58 (18-byte fmt + fact): not 4-aligned,
    // so no direct view, but conversion gives the samples.
    const auto sox_file = make(dir, "s.wav", {"-r", "48000", "-c", "2", "-e", "floating-point", "-b", "32"});
    const MMapAudioFile s(sox_file);
    EXPECT_EQ(s.info().data_offset % 4, 2U);
    EXPECT_TRUE(s.float_data().empty());
    // Ours writes them aligned: convert sox's file with AudioFile.
    const auto path = dir / "f.wav";
    {
        cm::ca::AudioFileSettings st;
        st.sample_rate = 48000;
        st.channels = 2;
        st.sample_format = SampleFormat::Float32;
        AudioFile out = AudioFile::create(path, st);
        out.write_frames(s.frames().to_buffer().view());
    }
    MMapAudioFile f(path);
    EXPECT_EQ(f.info().data_offset % 4, 0U);
    const std::span<const float> data = f.float_data();
    ASSERT_EQ(data.size(), static_cast<std::size_t>(f.frame_count()) * 2);
    const auto dat = sox_dat(sox_file);
    ASSERT_EQ(dat.size() * 2, data.size());
    for (std::size_t i = 0; i < dat.size(); ++i) {
        ASSERT_NEAR(data[2 * i], dat[i][0], 1e-7);
        ASSERT_NEAR(data[2 * i + 1], dat[i][1], 1e-7);
    }
    EXPECT_EQ(f.read_frames(10, 5).as_float().data(), data.data() + 20);
    // Big-endian float is not native: no direct view.
    const auto be = make(dir, "f.aifc", {"-r", "48000", "-c", "2", "-e", "floating-point", "-b", "32", "-t", "aifc"});
    EXPECT_TRUE(MMapAudioFile(be).float_data().empty());
}

TEST_F(MMapAudioFileSox, ChunksCoverTheFileAndAreRealtimeSafe) {
    const auto path = make(dir, "c.wav", {"-r", "8000", "-c", "2", "-b", "16"}, "1.0001");
    MMapAudioFile f(path);
    const auto total = static_cast<std::size_t>(f.frame_count());
    ASSERT_EQ(total, 8001U);
    auto chunks = f.iter_chunks(1000);
    EXPECT_EQ(chunks.size(), 9U);
    std::vector<float> left(1000);
    std::vector<float> right(1000);
    std::size_t seen = 0;
    std::size_t count = 0;
    {
        cm::test::RtScope scope;
        for (const PcmFrameView chunk : chunks) {
            EXPECT_EQ(chunk.start_frame(), static_cast<std::int64_t>(seen));
            float* ch[2] = {left.data(), right.data()};
            const auto out = cm::AudioBufferView::try_make(ch, 2, chunk.frames());
            if (out) seen += chunk.to_float(*out);
            ++count;
        }
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_EQ(seen, total);
    EXPECT_EQ(count, 9U);
    EXPECT_EQ(right[0], f.frames().sample(8000, 1));  // the last chunk holds one frame
    EXPECT_THROW((void)f.iter_chunks(0), cm::AudioFileError);
}

TEST_F(MMapAudioFileSox, ReadFramesClipsAndChecks) {
    const auto path = make(dir, "r.aiff", {"-r", "8000", "-c", "1", "-b", "16", "-t", "aiff"}, "0.1");
    MMapAudioFile f(path);
    EXPECT_EQ(f.read_frames(790, 100).frames(), 10U);
    EXPECT_EQ(f.read_frames(790, 100).start_frame(), 790);
    EXPECT_TRUE(f.read_frames(5000, 10).empty());
    EXPECT_THROW((void)f.read_frames(-1, 10), cm::AudioFileError);
    EXPECT_THROW((void)f.read_frames(0, -1), cm::AudioFileError);
    // The bytes are the file's, big-endian.
    const PcmFrameView v = f.read_frames(3, 1);
    ASSERT_EQ(v.bytes().size(), 2U);
    const auto hi = std::to_integer<int>(v.bytes()[0]);
    const auto lo = std::to_integer<int>(v.bytes()[1]);
    EXPECT_EQ(v.sample(0, 0), static_cast<float>(static_cast<std::int16_t>((hi << 8) | lo)) / 32768.0f);
}

TEST(MMapAudioFile, ClosedAndMissingFiles) {
    MMapAudioFile closed;
    EXPECT_FALSE(closed.is_open());
    EXPECT_THROW((void)closed.sample_rate(), cm::AudioFileError);
    std::error_code ec;
    const MMapAudioFile missing = MMapAudioFile::open("/nonexistent/x.wav", ec);
    EXPECT_TRUE(ec);
    EXPECT_FALSE(missing.is_open());
    EXPECT_THROW(MMapAudioFile("/nonexistent/x.wav"), cm::AudioFileError);
}

TEST_F(MMapAudioFileSox, MoveAndClose) {
    const auto path = make(dir, "m.wav", {"-r", "8000", "-c", "1", "-b", "16"}, "0.01");
    MMapAudioFile a(path);
    MMapAudioFile b = std::move(a);
    EXPECT_TRUE(b.is_open());
    EXPECT_EQ(b.frame_count(), 80);
    b.close();
    EXPECT_FALSE(b.is_open());
}

} // namespace
