// RecordingWriter: what the producer wrote is what sox reads back (1 LSB),
// with the producer's calls free of allocations and locks; overruns are
// counted when the disk side falls behind; a recording process killed with
// SIGKILL leaves a valid file holding all but at most the last block; a
// write failure on the writer thread (file size limit) reaches the control
// thread and leaves the file valid up to the last flush.
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/recording_writer.hpp>
#include <coremusic/core/sample_conversion.hpp>

#include "external_tool.hpp"
#include "rt_check.hpp"
#include "stream_test_util.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using cm::ca::AudioFileSettings;
using cm::ca::FileType;
using cm::ca::RecordingWriter;
using cm::ca::RecordingWriterSettings;
using cm::ca::SampleFormat;
namespace st = cm::test::stream;

constexpr double lsb16 = 1.0 / 32768.0;

class RecordingWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!cm::test::have_tool("sox") || !cm::test::have_tool("soxi")) GTEST_SKIP() << "sox is not installed";
    }
    cm::test::ScratchDir dir_;
};

// Frame i, channel c of the recorded signal (the index-coded signal, so a
// lost, repeated or reordered frame shows).
float signal(std::size_t i, std::size_t c) { return static_cast<float>(st::coded_sample(i, c)) / 32768.0F; }

// Planar block `k` of `frames` frames.
void fill_block(cm::AudioBuffer& block, std::size_t first) {
    for (std::size_t c = 0; c < block.channels(); ++c) {
        for (std::size_t f = 0; f < block.frames(); ++f) block.channel(c)[f] = signal(first + f, c);
    }
}

// Every sample sox reads from `file` equals the signal within `tolerance`.
void expect_signal(const std::filesystem::path& file, std::size_t frames, std::size_t channels, double tolerance) {
    const st::SoxSamples sox = st::sox_samples(file);
    ASSERT_EQ(sox.channels, channels) << file;
    ASSERT_EQ(sox.frames(), frames) << file;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < frames; ++i) {
        for (std::size_t c = 0; c < channels; ++c) {
            if (std::abs(sox.at(i, c) - signal(i, c)) > tolerance && bad++ < 5) {
                ADD_FAILURE() << file << " frame " << i << " channel " << c << ": sox reads " << sox.at(i, c)
                              << ", recorded " << signal(i, c);
            }
        }
    }
    EXPECT_EQ(bad, 0U);
}

TEST_F(RecordingWriterTest, TheFileHoldsWhatWasWritten) {
    struct Case {
        std::string name;
        FileType type;
        std::size_t channels;
        SampleFormat format;
        std::string bits;
        bool interleaved;
    };
    const std::vector<Case> cases{
        {"stereo16.wav", FileType::Wave, 2, SampleFormat::Int16, "16", false},
        {"mono24.wav", FileType::Wave, 1, SampleFormat::Int24, "24", true},
        {"three16.aiff", FileType::Aiff, 3, SampleFormat::Int16, "16", false},
        {"stereo32f.wav", FileType::Wave, 2, SampleFormat::Float32, "32", true},
    };
    for (const Case& c : cases) {
        const auto path = dir_ / c.name;
        AudioFileSettings fs;
        fs.type = c.type;
        fs.sample_rate = 48000;
        fs.channels = static_cast<std::uint32_t>(c.channels);
        fs.sample_format = c.format;
        RecordingWriterSettings rs;
        rs.write_block_frames = 1000;
        rs.poll_interval = 1ms;
        RecordingWriter rec(path, fs, rs);
        EXPECT_TRUE(rec.running());
        EXPECT_EQ(rec.channels(), c.channels);
        EXPECT_DOUBLE_EQ(rec.sample_rate(), 48000.0);

        // 50 blocks of 256 frames, each write() checked for allocations and locks.
        constexpr std::size_t block_frames = 256;
        constexpr std::size_t blocks = 50;
        cm::AudioBuffer block(block_frames, c.channels);
        std::vector<float> inter(block_frames * c.channels);
        std::size_t allocations = 0;
        std::size_t locks = 0;
        for (std::size_t k = 0; k < blocks; ++k) {
            fill_block(block, k * block_frames);
            const cm::ConstAudioBufferView planar = block.view();
            cm::interleave(planar, cm::InterleavedView(std::span<float>(inter), c.channels));
            const cm::ConstInterleavedView iv(std::span<const float>(inter), c.channels);
            bool ok = false;
            {
                const cm::test::RtScope scope;
                ok = c.interleaved ? rec.write(iv) : rec.write(planar);
                allocations += scope.counts().allocations;
                locks += scope.counts().locks;
            }
            EXPECT_TRUE(ok) << c.name << " block " << k;
        }
        EXPECT_EQ(allocations, 0U) << c.name;
        EXPECT_EQ(locks, 0U) << c.name;
        EXPECT_EQ(rec.frames_queued(), static_cast<std::int64_t>(blocks * block_frames));
        rec.stop();
        rec.stop();  // twice is harmless
        EXPECT_FALSE(rec.running());
        EXPECT_FALSE(rec.failed()) << rec.error_message();
        EXPECT_EQ(rec.frames_written(), static_cast<std::int64_t>(blocks * block_frames)) << c.name;
        EXPECT_EQ(rec.overruns(), 0U);
        EXPECT_EQ(rec.dropped_frames(), 0);

        EXPECT_EQ(st::soxi("-r", path), "48000") << c.name;
        EXPECT_EQ(st::soxi("-c", path), std::to_string(c.channels)) << c.name;
        EXPECT_EQ(st::soxi("-s", path), std::to_string(blocks * block_frames)) << c.name;
        EXPECT_EQ(st::soxi("-b", path), c.bits) << c.name;
        // The signal holds 16-bit values: every format here stores them exactly.
        expect_signal(path, blocks * block_frames, c.channels, c.format == SampleFormat::Int16 ? lsb16 : 1e-7);

        // After stop() nothing is accepted.
        EXPECT_FALSE(rec.write(block.view()));
        EXPECT_EQ(rec.dropped_frames(), static_cast<std::int64_t>(block_frames));
    }
}

TEST_F(RecordingWriterTest, OverrunsWhenTheDiskSideFallsBehind) {
    // A ring of 1024 frames and a writer thread that looks only every 10
    // minutes (stop() wakes it): the fifth block of 256 frames finds no room.
    const auto path = dir_ / "overrun.wav";
    AudioFileSettings fs;
    fs.sample_rate = 8000;
    fs.channels = 2;
    RecordingWriterSettings rs;
    rs.buffer_frames = 1024;
    rs.poll_interval = std::chrono::minutes{10};
    RecordingWriter rec(path, fs, rs);
    cm::AudioBuffer block(256, 2);
    std::size_t allocations = 0;
    std::size_t locks = 0;
    std::vector<bool> accepted;
    for (std::size_t k = 0; k < 6; ++k) {
        fill_block(block, k * 256);
        bool ok = false;
        {
            const cm::test::RtScope scope;
            ok = rec.write(block.view());
            allocations += scope.counts().allocations;
            locks += scope.counts().locks;
        }
        accepted.push_back(ok);
    }
    EXPECT_EQ(accepted, (std::vector<bool>{true, true, true, true, false, false}));
    EXPECT_EQ(allocations, 0U);
    EXPECT_EQ(locks, 0U);
    EXPECT_EQ(rec.overruns(), 2U);
    EXPECT_EQ(rec.dropped_frames(), 512);
    EXPECT_EQ(rec.frames_queued(), 1024);
    EXPECT_EQ(rec.frames_written(), 0);  // the writer thread is asleep
    rec.stop();
    EXPECT_EQ(rec.frames_written(), 1024);
    EXPECT_EQ(st::soxi("-s", path), "1024");
    expect_signal(path, 1024, 2, lsb16);
}

TEST_F(RecordingWriterTest, RejectsBadArguments) {
    AudioFileSettings fs;
    fs.channels = 2;
    auto bad = [&](std::size_t buffer, std::size_t block, std::chrono::microseconds poll) {
        RecordingWriterSettings rs;
        rs.buffer_frames = buffer;
        rs.write_block_frames = block;
        rs.poll_interval = poll;
        try {
            RecordingWriter rec(dir_ / "bad.wav", fs, rs);
            ADD_FAILURE() << "accepted buffer " << buffer << " block " << block;
        } catch (const cm::Error& e) {
            EXPECT_EQ(e.code(), std::error_code(cm::Errc::InvalidArgument)) << e.what();
        }
    };
    bad(0, 1, 1ms);
    bad(16, 0, 1ms);
    bad(16, 16, 0us);
    EXPECT_THROW(RecordingWriter(dir_ / "no" / "such" / "dir.wav", fs), cm::AudioFileError);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "no"));

    RecordingWriter rec(dir_ / "ok.wav", fs);
    cm::AudioBuffer mono(16, 1);
    EXPECT_FALSE(rec.write(mono.view()));  // wrong channel count: refused, not counted
    EXPECT_EQ(rec.dropped_frames(), 0);
    cm::AudioBuffer empty_block(0, 2);
    EXPECT_TRUE(rec.write(empty_block.view()));
    RecordingWriter moved(std::move(rec));
    cm::AudioBuffer stereo(16, 2);
    EXPECT_FALSE(rec.write(stereo.view()));  // NOLINT(bugprone-use-after-move): documented behaviour
    EXPECT_TRUE(moved.write(stereo.view()));
    moved.stop();
    EXPECT_EQ(st::soxi("-s", dir_ / "ok.wav"), "16");
}

// ---- child processes ----

// Writes all of `bytes` to `fd`; false on error.
bool write_all(int fd, const void* bytes, std::size_t n) {
    const auto* p = static_cast<const char*>(bytes);
    while (n != 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// Reads one int64 from `fd` within `timeout`; false at EOF, error or timeout.
bool read_value(int fd, std::int64_t& value, std::chrono::milliseconds timeout) {
    auto* p = reinterpret_cast<char*>(&value);
    std::size_t got = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (got < sizeof value) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd, POLLIN, 0};
        const int r = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        const ssize_t n = ::read(fd, p + got, sizeof value - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
    }
    return true;
}

// The child of the crash test: records block after block; after each block it
// waits until every earlier block is on disk (as a producer paced by a sound
// card would find it), then tells the parent how many frames it has handed
// over. Never returns.
[[noreturn]] void record_until_killed(const std::filesystem::path& path, int fd, std::size_t block_frames) {
    int code = 0;
    try {
        AudioFileSettings fs;
        fs.sample_rate = 8000;
        fs.channels = 2;
        RecordingWriterSettings rs;
        rs.write_block_frames = block_frames;
        rs.poll_interval = 1ms;
        RecordingWriter rec(path, fs, rs);
        cm::AudioBuffer block(block_frames, 2);
        for (std::size_t k = 0; k < 100000 && code == 0; ++k) {
            fill_block(block, k * block_frames);
            if (!rec.write(block.view())) code = 3;
            const auto before = static_cast<std::int64_t>(k * block_frames);
            if (code == 0 && !st::wait_for([&] { return rec.frames_written() >= before; })) code = 4;
            const auto handed = static_cast<std::int64_t>((k + 1) * block_frames);
            if (code == 0 && !write_all(fd, &handed, sizeof handed)) code = 5;
        }
    } catch (...) {
        code = 2;
    }
    ::_exit(code == 0 ? 6 : code);  // 6: never killed
}

TEST_F(RecordingWriterTest, AKilledRecordingLeavesAValidFile) {
    constexpr std::size_t block_frames = 512;
    const auto path = dir_ / "crash.wav";
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(fds[0]);
        record_until_killed(path, fds[1], block_frames);
    }
    ::close(fds[1]);
    // Let it record 40 blocks or more, then kill it mid-recording.
    std::int64_t acknowledged = 0;
    int acks = 0;
    while (acks < 40) {
        std::int64_t v = 0;
        if (!read_value(fds[0], v, 60s)) break;
        acknowledged = v;
        ++acks;
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ::close(fds[0]);
    ASSERT_EQ(acks, 40) << "the child stopped early, exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    // sox must read the file as it is on disk: a valid header that covers at
    // least everything but the last block handed over, and the right samples.
    const cm::test::ToolResult info = cm::test::run_tool({"soxi", path.string()}, true);
    ASSERT_EQ(info.exit_code, 0) << info.output;
    EXPECT_EQ(st::soxi("-r", path), "8000");
    EXPECT_EQ(st::soxi("-c", path), "2");
    const std::int64_t frames = std::stoll(st::soxi("-s", path));
    EXPECT_GE(frames, acknowledged - static_cast<std::int64_t>(block_frames))
        << "acknowledged " << acknowledged << " frames before the kill";
    expect_signal(path, static_cast<std::size_t>(frames), 2, lsb16);
}

TEST_F(RecordingWriterTest, AWriteFailureReachesTheControlThread) {
    // In a child process whose files may not grow past 64 KiB, the writer
    // thread's write fails with EFBIG. The child checks what the control
    // thread sees and reports the frames the file's header describes.
    const auto path = dir_ / "limited.wav";
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(fds[0]);
        int code = 0;
        try {
            rlimit limit{64 * 1024, 64 * 1024};
            (void)std::signal(SIGXFSZ, SIG_IGN);
            if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(10);
            AudioFileSettings fs;
            fs.sample_rate = 8000;
            fs.channels = 2;
            RecordingWriterSettings rs;
            rs.write_block_frames = 1000;
            rs.poll_interval = 1ms;
            RecordingWriter rec(path, fs, rs);
            cm::AudioBuffer block(1000, 2);
            std::size_t k = 0;
            // 64 KiB hold about 16 000 frames; keep feeding until the writer fails.
            if (!st::wait_for([&] {
                    fill_block(block, k * 1000);
                    if (rec.write(block.view())) ++k;
                    return rec.failed();
                })) {
                code = 11;
            }
            if (code == 0 && rec.write(block.view())) code = 12;  // refused after a failure
            if (code == 0 && rec.error_message().find("limited.wav") == std::string::npos) code = 13;
            if (code == 0 && !rec.error()) code = 14;
            const std::int64_t written = rec.frames_written();
            bool threw = false;
            try {
                rec.stop();
            } catch (const cm::AudioFileError&) {
                threw = true;
            }
            if (code == 0 && !threw) code = 15;
            if (code == 0 && !write_all(fds[1], &written, sizeof written)) code = 16;
        } catch (...) {
            code = 17;
        }
        ::_exit(code);
    }
    ::close(fds[1]);
    std::int64_t written = -1;
    const bool got = read_value(fds[0], written, 120s);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ::close(fds[0]);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0) << "child check failed (see the codes in the test)";
    ASSERT_TRUE(got);
    EXPECT_GT(written, 0);
    EXPECT_LT(written, 16384);
    // The file on disk is valid up to the last flush before the failure.
    EXPECT_EQ(st::soxi("-s", path), std::to_string(written));
    expect_signal(path, static_cast<std::size_t>(written), 2, lsb16);
}

} // namespace
