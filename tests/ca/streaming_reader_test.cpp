// StreamingReader: the consumer receives exactly the samples sox reports for
// a sox-made file, across seeks (no stale frame after seek() returns) and
// loops (expected sequences by index arithmetic on sox's samples), without
// allocating or locking on the consumer's side while the reader thread runs;
// underruns are counted against a throttled reader; a failing read reaches
// the control thread, never the consumer.
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/streaming_reader.hpp>

#include "external_tool.hpp"
#include "rt_check.hpp"
#include "stream_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using cm::ca::StreamingReader;
using cm::ca::StreamingReaderSettings;
namespace st = cm::test::stream;

// Half an LSB of 16 bits: the files here hold 16-bit values (also when stored
// as 24 bits), so this is "the same sample".
constexpr double same_sample = 0.5 / 32768.0;

class StreamingReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox is not installed";
    }

    // A sox-made index-coded file and sox's samples of it.
    std::filesystem::path coded(const std::string& name, std::size_t frames, std::size_t channels,
                                const std::vector<std::string>& extra = {}) {
        const auto path = dir_ / name;
        EXPECT_TRUE(st::make_coded_file(path, frames, channels, extra)) << "sox could not make " << path;
        sox_ = st::sox_samples(path);
        EXPECT_EQ(sox_.frames(), frames);
        EXPECT_EQ(sox_.channels, channels);
        return path;
    }

    cm::test::ScratchDir dir_;
    st::SoxSamples sox_;
};

// What a consumer collected, and what it cost on its thread.
struct Collected {
    std::size_t channels = 0;
    std::vector<float> samples;  // interleaved
    std::size_t allocations = 0;
    std::size_t locks = 0;
    std::size_t silence_violations = 0;  // non-zero samples after the frames delivered
    [[nodiscard]] std::size_t frames() const { return samples.size() / channels; }
};

// Reads `count` frames (or up to the end) in blocks of `block`, planar or
// interleaved, each read() inside an RtScope. Waits briefly after a read that
// got nothing (as a device callback would come back later); after `timeout`
// without frames it gives up, a failure unless `may_run_dry`.
Collected collect(StreamingReader& reader, std::size_t count, std::size_t block, bool interleaved = false,
                  std::chrono::milliseconds timeout = 60s, bool may_run_dry = false) {
    Collected out;
    out.channels = reader.channels();
    const std::size_t ch = out.channels;
    cm::AudioBuffer planar(block, ch);
    std::vector<float> inter(block * ch);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out.frames() < count) {
        const std::size_t n = std::min(block, count - out.frames());
        const cm::AudioBufferView pv = planar.view().subview(0, n);
        const cm::InterleavedView iv(std::span<float>(inter.data(), n * ch), ch);
        std::fill(inter.begin(), inter.end(), 1.0F);
        for (std::size_t c = 0; c < ch; ++c) std::fill_n(pv.data()[c], n, 1.0F);
        std::size_t got = 0;
        {
            const cm::test::RtScope scope;
            got = interleaved ? reader.read(iv) : reader.read(pv);
            out.allocations += scope.counts().allocations;
            out.locks += scope.counts().locks;
        }
        for (std::size_t f = 0; f < n; ++f) {
            for (std::size_t c = 0; c < ch; ++c) {
                const float v = interleaved ? inter[f * ch + c] : pv.data()[c][f];
                if (f < got) out.samples.push_back(v);
                else if (v != 0.0F) ++out.silence_violations;
            }
        }
        if (reader.at_end()) break;
        if (got == 0) {
            if (std::chrono::steady_clock::now() >= deadline) {
                if (!may_run_dry) ADD_FAILURE() << "timed out after " << out.frames() << " of " << count << " frames";
                break;
            }
            std::this_thread::sleep_for(100us);
        }
    }
    return out;
}

// Frame k of `got` must equal sox's frame index_of(k), every channel.
void expect_frames(const Collected& got, const st::SoxSamples& sox,
                   const std::function<std::size_t(std::size_t)>& index_of, const std::string& what) {
    ASSERT_EQ(got.channels, sox.channels) << what;
    std::size_t bad = 0;
    for (std::size_t k = 0; k < got.frames(); ++k) {
        const std::size_t i = index_of(k);
        for (std::size_t c = 0; c < got.channels; ++c) {
            const double want = sox.at(i, c);
            const double have = got.samples[k * got.channels + c];
            if (std::abs(want - have) > same_sample && bad++ < 5) {
                ADD_FAILURE() << what << ": frame " << k << " (file frame " << i << ") channel " << c << ": got "
                              << have << ", sox says " << want;
            }
        }
    }
    EXPECT_EQ(bad, 0U) << what;
    EXPECT_EQ(got.silence_violations, 0U) << what << ": the frames not delivered must be silence";
    EXPECT_EQ(got.allocations, 0U) << what << ": the consumer allocated";
    EXPECT_EQ(got.locks, 0U) << what << ": the consumer locked";
}

StreamingReaderSettings small(std::size_t prefetch = 2048, std::size_t block = 512) {
    StreamingReaderSettings s;
    s.prefetch_frames = prefetch;
    s.read_block_frames = block;
    s.poll_interval = 1ms;
    return s;
}

TEST_F(StreamingReaderTest, DeliversExactlyTheFileSamples) {
    struct Case {
        std::string name;
        std::size_t frames;
        std::size_t channels;
        std::vector<std::string> sox_options;
        bool interleaved;
    };
    const std::vector<Case> cases{
        {"mono16.wav", 30000, 1, {}, false},
        {"stereo16.wav", 40000, 2, {}, false},
        {"three24.wav", 20000, 3, {"-b", "24"}, true},
        {"stereo16.aiff", 25000, 2, {}, true},
    };
    for (const Case& c : cases) {
        const auto path = coded(c.name, c.frames, c.channels, c.sox_options);
        StreamingReader reader(path, small());
        EXPECT_EQ(reader.channels(), c.channels);
        EXPECT_EQ(reader.frame_count(), static_cast<std::int64_t>(c.frames));
        EXPECT_DOUBLE_EQ(reader.sample_rate(), 8000.0);
        reader.start();
        const Collected got = collect(reader, c.frames + 1000, 300, c.interleaved);
        EXPECT_EQ(got.frames(), c.frames) << c.name;
        expect_frames(got, sox_, [](std::size_t k) { return k; }, c.name);
        EXPECT_TRUE(reader.at_end()) << c.name;
        EXPECT_EQ(reader.position(), static_cast<std::int64_t>(c.frames)) << c.name;
        EXPECT_FALSE(reader.failed()) << reader.error_message();
        // At the end: silence, no frames, no underrun.
        const std::uint64_t underruns = reader.underruns();
        cm::AudioBuffer more(64, c.channels);
        more.channel(0)[0] = 1.0F;
        EXPECT_EQ(reader.read(more.view()), 0U);
        EXPECT_EQ(more.channel(0)[0], 0.0F);
        EXPECT_EQ(reader.underruns(), underruns);
    }
}

TEST_F(StreamingReaderTest, ReadsCompressedTypesThroughAudioFile) {
    if (!cm::ca::can_read(cm::ca::FileType::Flac)) GTEST_SKIP() << "this build cannot read FLAC";
    const auto path = dir_ / "noise.flac";
    ASSERT_EQ(cm::test::run_tool({"sox", "-R", "-r", "44100", "-n", "-c", "2", "-b", "16", path.string(), "synth",
                                  "30000s", "whitenoise", "vol", "0.5"})
                  .exit_code,
              0);
    sox_ = st::sox_samples(path);
    ASSERT_EQ(sox_.frames(), 30000U);
    StreamingReader reader(path, small(4096, 1024));
    reader.start();
    const Collected got = collect(reader, 40000, 512);
    EXPECT_EQ(got.frames(), 30000U);
    expect_frames(got, sox_, [](std::size_t k) { return k; }, "flac");
}

TEST_F(StreamingReaderTest, SeekTakesEffectWithoutStaleFrames) {
    constexpr std::size_t n = 40000;
    const auto path = coded("seek.wav", n, 2);
    StreamingReader reader(path, small(4096, 1024));
    reader.start();
    ASSERT_TRUE(reader.wait_until_primed(60s));
    Collected a = collect(reader, 1000, 128);
    expect_frames(a, sox_, [](std::size_t k) { return k; }, "before the seek");
    EXPECT_EQ(reader.position(), 1000);

    // The ring is full of frames 1000.. now; none of them may play after seek().
    reader.seek(30000);
    EXPECT_EQ(reader.position(), 30000);
    Collected b = collect(reader, 2000, 128);  // may start with underruns, never with old frames
    ASSERT_EQ(b.frames(), 2000U);
    expect_frames(b, sox_, [](std::size_t k) { return 30000 + k; }, "after seek(30000)");
    EXPECT_EQ(reader.position(), 32000);

    reader.seek(5);
    ASSERT_TRUE(reader.wait_until_primed(60s));
    Collected c = collect(reader, 10, 4);
    expect_frames(c, sox_, [](std::size_t k) { return 5 + k; }, "after seek(5)");
    EXPECT_EQ(reader.position(), 15);

    reader.seek(static_cast<std::int64_t>(n) - 100);
    EXPECT_FALSE(reader.at_end());
    Collected d = collect(reader, 1000, 64);
    EXPECT_EQ(d.frames(), 100U);
    expect_frames(d, sox_, [](std::size_t k) { return n - 100 + k; }, "the last 100 frames");
    EXPECT_TRUE(reader.at_end());
    EXPECT_EQ(reader.position(), static_cast<std::int64_t>(n));

    // A seek to the very end: nothing to play, at the end once the consumer looks.
    const std::uint64_t underruns = reader.underruns();
    reader.seek(static_cast<std::int64_t>(n));
    EXPECT_FALSE(reader.at_end());
    ASSERT_TRUE(reader.wait_until_primed(60s));
    cm::AudioBuffer buf(32, 2);
    EXPECT_EQ(reader.read(buf.view()), 0U);
    EXPECT_TRUE(reader.at_end());
    EXPECT_EQ(reader.underruns(), underruns);

    // And back to the start after the end.
    reader.seek(0);
    Collected e = collect(reader, 700, 100);
    expect_frames(e, sox_, [](std::size_t k) { return k; }, "after seek(0) from the end");
}

TEST_F(StreamingReaderTest, LoopsWrapSeamlessly) {
    constexpr std::size_t n = 40000;
    const auto path = coded("loop.wav", n, 2);
    StreamingReader reader(path, small(2048, 512));
    reader.set_loop(1000, 1500);
    EXPECT_TRUE(reader.looping());
    reader.start();

    // From 0: on to 1499, then 1000..1499 again and again. Position checked
    // after every read: the frame the next read starts with.
    auto loop_index = [](std::size_t k) -> std::size_t { return k < 1500 ? k : 1000 + (k - 1500) % 500; };
    {
        Collected all;
        all.channels = 2;
        while (all.frames() < 5000) {
            Collected part = collect(reader, 37, 37);
            all.samples.insert(all.samples.end(), part.samples.begin(), part.samples.end());
            all.allocations += part.allocations;
            all.locks += part.locks;
            all.silence_violations += part.silence_violations;
            EXPECT_EQ(reader.position(), static_cast<std::int64_t>(loop_index(all.frames())))
                << "after " << all.frames() << " frames";
        }
        expect_frames(all, sox_, loop_index, "loop [1000, 1500) from 0");
        EXPECT_FALSE(reader.at_end());
    }

    // A seek inside the loop plays to its end and wraps.
    reader.seek(1400);
    Collected a = collect(reader, 300, 64);
    expect_frames(a, sox_, [](std::size_t k) { return k < 100 ? 1400 + k : 1000 + (k - 100); }, "seek(1400) in loop");

    // A 3-frame loop: one short Chunk after another.
    reader.set_loop(7, 10);
    reader.seek(0);
    Collected b = collect(reader, 100, 16);
    expect_frames(b, sox_, [](std::size_t k) { return k < 10 ? k : 7 + (k - 10) % 3; }, "loop [7, 10)");

    // From beyond the loop end the file plays on to its end.
    reader.seek(39000);
    Collected c = collect(reader, 2000, 128);
    EXPECT_EQ(c.frames(), 1000U);
    expect_frames(c, sox_, [](std::size_t k) { return 39000 + k; }, "seek past the loop");
    EXPECT_TRUE(reader.at_end());

    reader.clear_loop();
    EXPECT_FALSE(reader.looping());
    reader.seek(1400);
    Collected d = collect(reader, 300, 64);
    expect_frames(d, sox_, [](std::size_t k) { return 1400 + k; }, "after clear_loop()");
}

TEST_F(StreamingReaderTest, UnderrunsCountedWhenPrefetchIsThrottled) {
    // The reader thread tops up 256 frames per 20 ms look; the consumer asks
    // for 1024 frames every ~100 us, so it runs dry again and again.
    constexpr std::size_t n = 4096;
    const auto path = coded("throttle.wav", n, 2);
    StreamingReaderSettings s;
    s.prefetch_frames = 256;
    s.read_block_frames = 256;
    s.poll_interval = 20ms;
    StreamingReader reader(path, s);
    reader.start();

    // Every read that comes up short before the end is one underrun of the
    // frames missing: counted here from what read() returned.
    Collected all;
    all.channels = 2;
    std::uint64_t expected_underruns = 0;
    std::uint64_t expected_missing = 0;
    cm::AudioBuffer buf(1024, 2);
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!reader.at_end() && std::chrono::steady_clock::now() < deadline) {
        std::size_t got = 0;
        {
            const cm::test::RtScope scope;
            got = reader.read(buf.view());
            all.allocations += scope.counts().allocations;
            all.locks += scope.counts().locks;
        }
        for (std::size_t f = 0; f < got; ++f) {
            all.samples.push_back(buf.channel(0)[f]);
            all.samples.push_back(buf.channel(1)[f]);
        }
        if (got < 1024 && !reader.at_end()) {
            ++expected_underruns;
            expected_missing += 1024 - got;
        }
        std::this_thread::sleep_for(100us);  // the callback period, not synchronisation
    }
    ASSERT_TRUE(reader.at_end()) << "timed out";
    EXPECT_EQ(all.frames(), n);
    expect_frames(all, sox_, [](std::size_t k) { return k; }, "throttled stream");
    EXPECT_GT(expected_underruns, 2U);
    EXPECT_EQ(reader.underruns(), expected_underruns);
    EXPECT_EQ(reader.underrun_frames(), expected_missing);
    EXPECT_EQ(reader.position(), static_cast<std::int64_t>(n));
}

TEST_F(StreamingReaderTest, UnderrunAccountingIsExact) {
    // One read of 1024 frames against a ring that holds 256 and a reader that
    // sleeps 10 minutes between looks: exactly one underrun of 768 frames,
    // the 256 frames delivered, and the stream resumes where it stopped.
    const auto path = coded("exact.wav", 4096, 2);
    StreamingReaderSettings s;
    s.prefetch_frames = 256;
    s.read_block_frames = 256;
    s.poll_interval = std::chrono::minutes{10};
    StreamingReader reader(path, s);
    reader.start();
    ASSERT_TRUE(reader.wait_until_primed(60s));
    cm::AudioBuffer buf(1024, 2);
    std::size_t got = 0;
    {
        const cm::test::RtScope scope;
        got = reader.read(buf.view());
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_EQ(got, 256U);
    EXPECT_EQ(reader.underruns(), 1U);
    EXPECT_EQ(reader.underrun_frames(), 768U);
    for (std::size_t f = 0; f < 256; ++f) {
        ASSERT_NEAR(buf.channel(0)[f], sox_.at(f, 0), same_sample) << f;
        ASSERT_NEAR(buf.channel(1)[f], sox_.at(f, 1), same_sample) << f;
    }
    for (std::size_t f = 256; f < 1024; ++f) {
        ASSERT_EQ(buf.channel(0)[f], 0.0F) << f;
        ASSERT_EQ(buf.channel(1)[f], 0.0F) << f;
    }
    EXPECT_EQ(reader.position(), 256);
    // Nothing buffered: a second underrun, nothing delivered.
    EXPECT_EQ(reader.read(buf.view()), 0U);
    EXPECT_EQ(reader.underruns(), 2U);
    EXPECT_EQ(reader.underrun_frames(), 768U + 1024U);
    // stop() + start() wakes the reader, which continues at 256 with one
    // look-ahead (and then sleeps again).
    reader.stop();
    EXPECT_FALSE(reader.running());
    reader.start();
    EXPECT_TRUE(reader.running());
    Collected next = collect(reader, 256, 64);
    expect_frames(next, sox_, [](std::size_t k) { return 256 + k; }, "after the underruns");
}

TEST_F(StreamingReaderTest, StopKeepsTheBufferAndStartResumes) {
    const auto path = coded("resume.wav", 20000, 2);
    StreamingReader reader(path, small(1024, 256));
    reader.start();
    ASSERT_TRUE(reader.wait_until_primed(60s));
    reader.stop();
    reader.stop();  // twice is harmless
    const std::size_t buffered = reader.buffered_frames();
    EXPECT_GE(buffered, 1024U);
    Collected a = collect(reader, buffered + 500, 100, false, 0ms, true);  // gives up at the first empty read
    EXPECT_EQ(a.frames(), buffered);
    expect_frames(a, sox_, [](std::size_t k) { return k; }, "buffered while stopped");
    reader.start();
    Collected b = collect(reader, 500, 100);
    expect_frames(b, sox_, [&](std::size_t k) { return buffered + k; }, "after start()");
}

TEST_F(StreamingReaderTest, ReadErrorsReachTheControlThreadNotTheConsumer) {
    constexpr std::size_t n = 20000;
    const auto path = coded("truncated.wav", n, 2);
    const auto size = std::filesystem::file_size(path);
    const std::uintmax_t header = size - n * 4;  // sox writes nothing after the data
    StreamingReader reader(path, small(2048, 512));  // the header (20000 frames) is read here
    std::filesystem::resize_file(path, header + 5000 * 4);  // then the file loses its tail
    reader.start();

    // The consumer plays on; the reader fails when it reaches the lost tail.
    // The consumer gets what was read before the failure, then silence.
    auto play_until_failed = [&] {
        Collected got;
        got.channels = 2;
        cm::AudioBuffer buf(256, 2);
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        for (;;) {
            std::size_t n_got = 0;
            {
                const cm::test::RtScope scope;
                n_got = reader.read(buf.view());
                got.allocations += scope.counts().allocations;
                got.locks += scope.counts().locks;
            }
            for (std::size_t f = 0; f < n_got; ++f) {
                got.samples.push_back(buf.channel(0)[f]);
                got.samples.push_back(buf.channel(1)[f]);
            }
            for (std::size_t f = n_got; f < 256; ++f) {
                if (buf.channel(0)[f] != 0.0F || buf.channel(1)[f] != 0.0F) ++got.silence_violations;
            }
            if (n_got == 0 && reader.failed() && reader.buffered_frames() == 0) break;
            if (std::chrono::steady_clock::now() > deadline) {
                ADD_FAILURE() << "the reader did not fail";
                break;
            }
            std::this_thread::sleep_for(100us);  // the callback period, not synchronisation
        }
        return got;
    };
    const Collected got = play_until_failed();
    EXPECT_LE(got.frames(), 5000U);
    EXPECT_GT(got.frames(), 0U);
    expect_frames(got, sox_, [](std::size_t k) { return k; }, "before the failure");
    EXPECT_TRUE(reader.failed());
    EXPECT_EQ(reader.error(), std::error_code(cm::Errc::IoError));
    const std::string message = reader.error_message();
    EXPECT_NE(message.find("truncated.wav"), std::string::npos) << message;
    EXPECT_NE(message.find("frame"), std::string::npos) << message;
    EXPECT_TRUE(reader.wait_until_primed(1s));  // failed counts as done
    EXPECT_FALSE(reader.at_end());
    EXPECT_GT(reader.underruns(), 0U);

    // seek() clears the failure and tries again (and fails again further on).
    reader.seek(0);
    EXPECT_FALSE(reader.failed());
    EXPECT_TRUE(reader.error_message().empty());
    const Collected again = play_until_failed();
    EXPECT_EQ(again.frames(), got.frames());
    expect_frames(again, sox_, [](std::size_t k) { return k; }, "after seek(0)");
}

TEST_F(StreamingReaderTest, RejectsBadArguments) {
    const auto path = coded("args.wav", 1000, 2);
    EXPECT_THROW(StreamingReader(dir_ / "missing.wav"), cm::AudioFileError);
    auto bad = [&](std::size_t prefetch, std::size_t block, std::chrono::microseconds poll) {
        StreamingReaderSettings s;
        s.prefetch_frames = prefetch;
        s.read_block_frames = block;
        s.poll_interval = poll;
        try {
            StreamingReader r(path, s);
            ADD_FAILURE() << "accepted prefetch " << prefetch << " block " << block;
        } catch (const cm::Error& e) {
            EXPECT_EQ(e.code(), std::error_code(cm::Errc::InvalidArgument)) << e.what();
        }
    };
    bad(0, 1, 1ms);
    bad(16, 0, 1ms);
    bad(16, 32, 1ms);
    bad(16, 16, 0us);

    StreamingReader reader(path, small(256, 64));
    auto out_of_range = [](const std::function<void()>& f, const char* what) {
        try {
            f();
            ADD_FAILURE() << what << " was accepted";
        } catch (const cm::Error& e) {
            EXPECT_EQ(e.code(), std::error_code(cm::Errc::OutOfRange)) << e.what();
            EXPECT_NE(std::string(e.what()).find("args.wav"), std::string::npos) << e.what();
        }
    };
    out_of_range([&] { reader.seek(-1); }, "seek(-1)");
    out_of_range([&] { reader.seek(1001); }, "seek(1001)");
    out_of_range([&] { reader.set_loop(5, 5); }, "set_loop(5, 5)");
    out_of_range([&] { reader.set_loop(-1, 5); }, "set_loop(-1, 5)");
    out_of_range([&] { reader.set_loop(10, 1001); }, "set_loop(10, 1001)");
    EXPECT_NO_THROW(reader.seek(1000));
    EXPECT_NO_THROW(reader.set_loop(0, 1000));

    // A view with the wrong channel count: silence and 0, not an underrun.
    reader.start();
    ASSERT_TRUE(reader.wait_until_primed(60s));
    cm::AudioBuffer mono(16, 1);
    mono.channel(0)[3] = 0.5F;
    EXPECT_EQ(reader.read(mono.view()), 0U);
    EXPECT_EQ(mono.channel(0)[3], 0.0F);
    EXPECT_EQ(reader.underruns(), 0U);

    // Moving: the new object streams, the old one gives silence.
    StreamingReader moved(std::move(reader));
    cm::AudioBuffer stereo(16, 2);
    EXPECT_EQ(reader.read(stereo.view()), 0U);  // NOLINT(bugprone-use-after-move): documented behaviour
    EXPECT_FALSE(reader.running());             // NOLINT(bugprone-use-after-move)
    EXPECT_THROW(reader.seek(0), cm::Error);    // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(moved.running());
    moved.seek(0);
    Collected got = collect(moved, 10, 10);
    expect_frames(got, sox_, [](std::size_t k) { return k; }, "moved reader");
}

TEST_F(StreamingReaderTest, ConsumerThreadWhileTheControlThreadSeeksAndLoops) {
    // The consumer runs on its own thread (as an audio callback would) while
    // this thread seeks and sets a loop; every transition between consecutive
    // frames must be +1, a loop wrap, or the next seek target in order.
    constexpr std::size_t n = 40000;
    const auto path = coded("threads.wav", n, 2);
    StreamingReader reader(path, small(1024, 256));
    std::atomic<bool> quit{false};
    std::atomic<std::size_t> delivered{0};
    std::vector<std::int64_t> indices;
    std::size_t allocations = 0;
    std::size_t locks = 0;
    std::size_t wrong_values = 0;
    std::thread consumer([&] {
        cm::AudioBuffer buf(64, 2);
        const cm::AudioBufferView view = buf.view();
        indices.reserve(1 << 20);
        while (!quit.load()) {
            std::size_t got = 0;
            {
                const cm::test::RtScope scope;
                got = reader.read(view);
                allocations += scope.counts().allocations;
                locks += scope.counts().locks;
            }
            for (std::size_t f = 0; f < got; ++f) {
                const std::int64_t i = st::decode_index(view.data()[0][f], view.data()[1][f]);
                if (i < 0 || i >= static_cast<std::int64_t>(n) ||
                    std::abs(view.data()[0][f] - sox_.at(static_cast<std::size_t>(i), 0)) > same_sample ||
                    std::abs(view.data()[1][f] - sox_.at(static_cast<std::size_t>(i), 1)) > same_sample) {
                    ++wrong_values;
                }
                indices.push_back(i);
            }
            delivered.store(delivered.load() + got);
            if (got < 64) std::this_thread::sleep_for(50us);
        }
    });
    reader.start();
    const std::vector<std::int64_t> targets{20000, 100, 35000, 7000, 3000};
    for (const std::int64_t t : targets) {
        if (t == 3000) reader.set_loop(3000, 3400);
        reader.seek(t);
        const std::size_t at = delivered.load();
        ASSERT_TRUE(st::wait_for([&] { return delivered.load() >= at + 2000; })) << "seek to " << t;
        const std::int64_t p = reader.position();
        EXPECT_GE(p, std::min<std::int64_t>(t, 3000));
    }
    quit.store(true);
    consumer.join();
    EXPECT_EQ(allocations, 0U);
    EXPECT_EQ(locks, 0U);
    EXPECT_EQ(wrong_values, 0U);
    ASSERT_FALSE(indices.empty());
    // The consumer may have started before the reader read frame 0 and
    // the first seek came.
    std::size_t next_target = 0;
    if (indices.front() == targets[0]) {
        next_target = 1;
    } else {
        EXPECT_EQ(indices.front(), 0);
    }
    std::size_t wraps = 0;
    for (std::size_t k = 1; k < indices.size(); ++k) {
        const std::int64_t a = indices[k - 1];
        const std::int64_t b = indices[k];
        if (b == a + 1) continue;
        if (next_target < targets.size() && b == targets[next_target]) {
            ++next_target;
            continue;
        }
        if (next_target == targets.size() && a == 3399 && b == 3000) {
            ++wraps;
            continue;
        }
        ADD_FAILURE() << "frame " << k << ": " << a << " -> " << b << " (next seek target "
                      << (next_target < targets.size() ? targets[next_target] : -1) << ")";
        break;
    }
    EXPECT_EQ(next_target, targets.size());
    EXPECT_GE(wraps, 3U);  // about 2000 frames in a 400-frame loop
}

} // namespace
