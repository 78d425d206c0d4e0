// load_audio / save_audio and their async forms: loads equal what sox reports
// for sox-made files, saves are read back by sox with the same samples and
// header fields, errors reach future.get() and the callbacks, and a failed
// save leaves neither a partial file nor a changed target.
#include <coremusic/ca/async_file.hpp>
#include <coremusic/ca/audio_data.hpp>
#include <coremusic/ca/audio_file.hpp>

#include "external_tool.hpp"
#include "stream_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <future>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using cm::ca::AudioData;
using cm::ca::AudioFileSettings;
using cm::ca::FileType;
using cm::ca::SampleFormat;
namespace st = cm::test::stream;

constexpr double same16 = 0.5 / 32768.0;

class AsyncFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!cm::test::have_tool("sox") || !cm::test::have_tool("soxi")) GTEST_SKIP() << "sox is not installed";
    }
    cm::test::ScratchDir dir_;
};

void expect_equal_to_sox(const AudioData& data, const st::SoxSamples& sox, double tolerance, const std::string& what) {
    ASSERT_EQ(data.channels(), sox.channels) << what;
    ASSERT_EQ(data.frames(), sox.frames()) << what;
    std::size_t bad = 0;
    for (std::size_t c = 0; c < data.channels(); ++c) {
        const auto ch = data.samples.channel(c);
        for (std::size_t f = 0; f < data.frames(); ++f) {
            if (std::abs(ch[f] - sox.at(f, c)) > tolerance && bad++ < 5) {
                ADD_FAILURE() << what << ": frame " << f << " channel " << c << ": " << ch[f] << " vs sox "
                              << sox.at(f, c);
            }
        }
    }
    EXPECT_EQ(bad, 0U) << what;
}

// The index-coded signal as AudioData.
AudioData coded_data(std::size_t frames, std::size_t channels, double rate) {
    AudioData d;
    d.sample_rate = rate;
    d.samples = cm::AudioBuffer(frames, channels);
    for (std::size_t c = 0; c < channels; ++c) {
        for (std::size_t f = 0; f < frames; ++f) {
            d.samples.channel(c)[f] = static_cast<float>(st::coded_sample(f, c)) / 32768.0F;
        }
    }
    return d;
}

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string contents(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

template <class E, class F>
void expect_throws_code(F&& f, std::error_code code, const std::string& needle) {
    try {
        f();
        ADD_FAILURE() << "no exception";
    } catch (const E& e) {
        EXPECT_EQ(e.code(), code) << e.what();
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST_F(AsyncFileTest, AudioDataAccessors) {
    const AudioData empty;
    EXPECT_TRUE(empty.empty());
    EXPECT_EQ(empty.channels(), 0U);
    EXPECT_EQ(empty.duration(), 0.0);
    const AudioData d = coded_data(24000, 2, 48000.0);
    EXPECT_EQ(d.frames(), 24000U);
    EXPECT_EQ(d.channels(), 2U);
    EXPECT_DOUBLE_EQ(d.duration(), 0.5);
    EXPECT_EQ(d.view().frames(), 24000U);
}

TEST_F(AsyncFileTest, LoadGivesWhatSoxReports) {
    // 100 000 frames: more than one read block (65 536).
    const auto wav = dir_ / "coded.wav";
    ASSERT_TRUE(st::make_coded_file(wav, 100000, 2));
    const st::SoxSamples sox = st::sox_samples(wav);
    std::vector<double> fractions;
    const AudioData d = cm::ca::load_audio(wav, [&](double x) { fractions.push_back(x); });
    EXPECT_DOUBLE_EQ(d.sample_rate, 8000.0);
    EXPECT_DOUBLE_EQ(d.duration(), 12.5);
    expect_equal_to_sox(d, sox, same16, "wav");
    ASSERT_GE(fractions.size(), 3U);
    EXPECT_EQ(fractions.front(), 0.0);
    EXPECT_EQ(fractions.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));

    if (cm::ca::can_read(FileType::Flac)) {
        const auto flac = dir_ / "noise.flac";
        ASSERT_EQ(cm::test::run_tool({"sox", "-R", "-r", "44100", "-n", "-c", "1", "-b", "16", flac.string(), "synth",
                                      "20000s", "whitenoise", "vol", "0.5"})
                      .exit_code,
                  0);
        const AudioData f = cm::ca::load_audio(flac);
        EXPECT_DOUBLE_EQ(f.sample_rate, 44100.0);
        expect_equal_to_sox(f, st::sox_samples(flac), same16, "flac");
    }
}

TEST_F(AsyncFileTest, LoadErrors) {
    const auto missing = dir_ / "missing.wav";
    EXPECT_THROW((void)cm::ca::load_audio(missing), cm::AudioFileError);
    std::error_code ec;
    const AudioData none = cm::ca::load_audio(missing, ec);
    EXPECT_TRUE(ec);
    EXPECT_TRUE(none.empty());
    const auto text = dir_ / "text.wav";
    std::ofstream(text) << "this is not audio, whatever the name says\n";
    expect_throws_code<cm::AudioFileError>([&] { (void)cm::ca::load_audio(text); },
                                           std::error_code(cm::Errc::InvalidFormat), "text.wav");
    ec.clear();
    (void)cm::ca::load_audio(text, ec);
    EXPECT_EQ(ec, std::error_code(cm::Errc::InvalidFormat));
}

TEST_F(AsyncFileTest, LoadAsyncFuture) {
    const auto wav = dir_ / "a.wav";
    ASSERT_TRUE(st::make_coded_file(wav, 30000, 3));
    const st::SoxSamples sox = st::sox_samples(wav);
    std::atomic<int> progress_calls{0};
    std::future<AudioData> f = cm::ca::load_audio_async(wav, [&](double) { ++progress_calls; });
    const AudioData d = f.get();
    expect_equal_to_sox(d, sox, same16, "async");
    EXPECT_GE(progress_calls.load(), 2);

    std::future<AudioData> bad = cm::ca::load_audio_async(dir_ / "missing.wav");
    EXPECT_THROW((void)bad.get(), cm::AudioFileError);

    // Several at once, each on its own thread.
    std::vector<std::future<AudioData>> many;
    for (int i = 0; i < 4; ++i) many.push_back(cm::ca::load_audio_async(wav));
    for (auto& m : many) expect_equal_to_sox(m.get(), sox, same16, "concurrent");
}

TEST_F(AsyncFileTest, LoadAsyncCallback) {
    const auto wav = dir_ / "b.wav";
    ASSERT_TRUE(st::make_coded_file(wav, 5000, 2));
    const st::SoxSamples sox = st::sox_samples(wav);
    AudioData got;
    std::exception_ptr error;
    std::thread::id worker;
    std::future<void> done = cm::ca::load_audio_async(wav, [&](AudioData d, std::exception_ptr e) {
        got = std::move(d);
        error = e;
        worker = std::this_thread::get_id();
    });
    done.get();  // ready once the callback returned
    EXPECT_FALSE(error);
    EXPECT_NE(worker, std::this_thread::get_id());
    expect_equal_to_sox(got, sox, same16, "callback");

    std::future<void> failed = cm::ca::load_audio_async(dir_ / "missing.wav", [&](AudioData d, std::exception_ptr e) {
        got = std::move(d);
        error = e;
    });
    failed.get();
    ASSERT_TRUE(error);
    EXPECT_TRUE(got.empty());
    EXPECT_THROW(std::rethrow_exception(error), cm::AudioFileError);

    // What the callback throws reaches the future.
    std::future<void> throwing =
        cm::ca::load_audio_async(wav, [](AudioData, std::exception_ptr) { throw std::runtime_error("from callback"); });
    EXPECT_THROW(throwing.get(), std::runtime_error);
}

TEST_F(AsyncFileTest, SaveWritesWhatSoxReadsBack) {
    // The data's rate and channel count win over the settings' (documented).
    const AudioData d = coded_data(70000, 3, 22050.0);
    AudioFileSettings s;
    s.type = FileType::Wave;
    s.sample_rate = 44100;
    s.channels = 2;
    s.sample_format = SampleFormat::Int24;
    const auto wav = dir_ / "saved.wav";
    std::vector<double> fractions;
    cm::ca::save_audio(wav, d, s, [&](double x) { fractions.push_back(x); });
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"saved.wav"});  // no temporary left
    EXPECT_EQ(st::soxi("-r", wav), "22050");
    EXPECT_EQ(st::soxi("-c", wav), "3");
    EXPECT_EQ(st::soxi("-b", wav), "24");
    EXPECT_EQ(st::soxi("-s", wav), "70000");
    expect_equal_to_sox(d, st::sox_samples(wav), 1e-7, "saved wav");
    ASSERT_GE(fractions.size(), 3U);
    EXPECT_EQ(fractions.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));

    // Saving over an existing file replaces it.
    const AudioData shorter = coded_data(100, 1, 8000.0);
    cm::ca::save_audio(wav, shorter, s);
    EXPECT_EQ(st::soxi("-s", wav), "100");
    EXPECT_EQ(st::soxi("-c", wav), "1");
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"saved.wav"});

    if (cm::ca::can_write(FileType::Flac)) {
        const auto flac = dir_ / "saved.flac";
        AudioFileSettings fs;
        fs.type = FileType::Flac;
        fs.sample_format = SampleFormat::Int16;
        cm::ca::save_audio(flac, d, fs);
        EXPECT_EQ(st::soxi("-t", flac), "flac");
        EXPECT_EQ(st::soxi("-s", flac), "70000");
        expect_equal_to_sox(d, st::sox_samples(flac), same16, "saved flac");
    }
}

TEST_F(AsyncFileTest, AFailedSaveLeavesNoPartialFile) {
    const AudioData d = coded_data(200000, 2, 8000.0);  // four write blocks
    AudioFileSettings s;
    s.sample_format = SampleFormat::Int16;
    const auto target = dir_ / "keep.wav";
    cm::ca::save_audio(target, coded_data(10, 2, 8000.0), s);
    const std::string before = contents(target);

    // Fails half way through writing (the progress callback throws).
    EXPECT_THROW(cm::ca::save_audio(target, d, s,
                                    [](double x) {
                                        if (x >= 0.5) throw std::runtime_error("disk on fire");
                                    }),
                 std::runtime_error);
    EXPECT_EQ(contents(target), before);
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"keep.wav"});

    // The same for a new file: nothing appears.
    const auto fresh = dir_ / "fresh.wav";
    EXPECT_THROW(cm::ca::save_audio(fresh, d, s,
                                    [](double x) {
                                        if (x >= 0.5) throw std::runtime_error("disk on fire");
                                    }),
                 std::runtime_error);
    EXPECT_FALSE(std::filesystem::exists(fresh));
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"keep.wav"});

    // No directory, no data, no rate.
    EXPECT_THROW(cm::ca::save_audio(dir_ / "no" / "dir.wav", d, s), cm::AudioFileError);
    expect_throws_code<cm::AudioFormatError>([&] { cm::ca::save_audio(fresh, AudioData{}, s); },
                                             std::error_code(cm::Errc::InvalidArgument), "no channels");
    AudioData nan_rate = coded_data(10, 1, 8000.0);
    nan_rate.sample_rate = std::numeric_limits<double>::quiet_NaN();
    expect_throws_code<cm::AudioFormatError>([&] { cm::ca::save_audio(fresh, nan_rate, s); },
                                             std::error_code(cm::Errc::InvalidArgument), "sample rate");
    std::error_code ec;
    cm::ca::save_audio(fresh, AudioData{}, s, ec);
    EXPECT_EQ(ec, std::error_code(cm::Errc::InvalidArgument));
    cm::ca::save_audio(fresh, coded_data(10, 1, 8000.0), s, ec);
    EXPECT_FALSE(ec);
    EXPECT_EQ(st::soxi("-s", fresh), "10");
    std::filesystem::remove(fresh);
    EXPECT_EQ(names_in(dir_.path()), std::vector<std::string>{"keep.wav"});
}

TEST_F(AsyncFileTest, SaveAsyncFutureAndCallback) {
    AudioFileSettings s;
    s.sample_format = SampleFormat::Int16;
    const AudioData d = coded_data(30000, 2, 16000.0);
    const auto a = dir_ / "a.wav";
    std::future<void> f = cm::ca::save_audio_async(a, d, s);
    f.get();
    EXPECT_EQ(st::soxi("-r", a), "16000");
    expect_equal_to_sox(d, st::sox_samples(a), same16, "async save");

    std::future<void> bad = cm::ca::save_audio_async(dir_ / "no" / "dir.wav", d, s);
    EXPECT_THROW(bad.get(), cm::AudioFileError);

    const auto b = dir_ / "b.wav";
    std::exception_ptr error = std::make_exception_ptr(std::runtime_error("not called"));
    std::thread::id worker;
    std::future<void> cb = cm::ca::save_audio_async(b, d, s, [&](std::exception_ptr e) {
        error = e;
        worker = std::this_thread::get_id();
    });
    cb.get();
    EXPECT_FALSE(error);
    EXPECT_NE(worker, std::this_thread::get_id());
    expect_equal_to_sox(d, st::sox_samples(b), same16, "callback save");

    std::future<void> cb_bad =
        cm::ca::save_audio_async(dir_ / "c.wav", AudioData{}, s, [&](std::exception_ptr e) { error = e; });
    cb_bad.get();
    ASSERT_TRUE(error);
    EXPECT_THROW(std::rethrow_exception(error), cm::AudioFormatError);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "c.wav"));
    EXPECT_EQ(names_in(dir_.path()), (std::vector<std::string>{"a.wav", "b.wav"}));
}

} // namespace
