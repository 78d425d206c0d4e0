// Waveform summaries against hand-computed columns and files sox made, and
// the drawings: a PNG of a real rendered file decoded by libpng and checked
// against the signal's envelope (decoded by libsndfile), SVG well-formed.
#include <coremusic/ca/waveform.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <coremusic/ca/audio_file.hpp>

#include "external_tool.hpp"
#include "sox.hpp"
#include "picture_test_util.hpp"

namespace {

using cm::AudioBuffer;
using cm::ca::WaveformColumn;
using cm::ca::WaveformStyle;
using cm::ca::WaveformSummary;

// 10 frames in 4 columns: columns start at floor(x * 10 / 4) = 0, 2, 5, 7.
TEST(WaveformSummary, ColumnsMatchHandComputation) {
    const std::vector<float> x = {0.5F, -0.25F, 1.0F, 0.0F, -1.0F, 0.25F, 0.25F, -0.5F, 0.5F, 0.0F};
    AudioBuffer b(x.size(), 1);
    std::copy(x.begin(), x.end(), b.channel(0).begin());
    const WaveformSummary s = cm::ca::summarize_waveform(b.view(), 10.0, 4);
    ASSERT_EQ(s.columns(), 4U);
    ASSERT_EQ(s.channels(), 1U);
    EXPECT_EQ(s.frames(), 10);
    EXPECT_DOUBLE_EQ(s.duration(), 1.0);
    EXPECT_EQ(s.column_start(0), 0);
    EXPECT_EQ(s.column_start(1), 2);
    EXPECT_EQ(s.column_start(2), 5);
    EXPECT_EQ(s.column_start(3), 7);
    const auto c = s.channel(0);
    // [0.5, -0.25]: rms sqrt((0.25 + 0.0625) / 2)
    EXPECT_FLOAT_EQ(c[0].min, -0.25F);
    EXPECT_FLOAT_EQ(c[0].max, 0.5F);
    EXPECT_NEAR(c[0].rms, std::sqrt(0.3125 / 2.0), 1e-6);
    // [1, 0, -1]: rms sqrt(2 / 3)
    EXPECT_FLOAT_EQ(c[1].min, -1.0F);
    EXPECT_FLOAT_EQ(c[1].max, 1.0F);
    EXPECT_NEAR(c[1].rms, std::sqrt(2.0 / 3.0), 1e-6);
    // [0.25, 0.25]
    EXPECT_FLOAT_EQ(c[2].min, 0.25F);
    EXPECT_FLOAT_EQ(c[2].max, 0.25F);
    EXPECT_NEAR(c[2].rms, 0.25, 1e-6);
    // [-0.5, 0.5, 0]: rms sqrt(0.5 / 3)
    EXPECT_FLOAT_EQ(c[3].min, -0.5F);
    EXPECT_FLOAT_EQ(c[3].max, 0.5F);
    EXPECT_NEAR(c[3].rms, std::sqrt(0.5 / 3.0), 1e-6);
}

// 3 frames in 6 columns: column x holds frame floor(x * 3 / 6) = 0 0 1 1 2 2.
TEST(WaveformSummary, FewerFramesThanColumnsRepeatFrames) {
    AudioBuffer b(3, 2);
    const float left[] = {0.1F, -0.2F, 0.3F};
    const float right[] = {-1.0F, 0.0F, 1.0F};
    std::copy(std::begin(left), std::end(left), b.channel(0).begin());
    std::copy(std::begin(right), std::end(right), b.channel(1).begin());
    const WaveformSummary s = cm::ca::summarize_waveform(b.view(), 48000.0, 6);
    const int frame_of[] = {0, 0, 1, 1, 2, 2};
    for (std::size_t x = 0; x < 6; ++x) {
        const auto f = static_cast<std::size_t>(frame_of[x]);
        EXPECT_FLOAT_EQ(s.channel(0)[x].min, left[f]) << x;
        EXPECT_FLOAT_EQ(s.channel(0)[x].max, left[f]) << x;
        EXPECT_FLOAT_EQ(s.channel(0)[x].rms, std::fabs(left[f])) << x;
        EXPECT_FLOAT_EQ(s.channel(1)[x].max, right[f]) << x;
    }
}

// Blocks of any size give the same summary as the whole buffer, and each
// column equals a direct computation over its frames.
TEST(WaveformSummary, StreamedBlocksEqualDirectComputation) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.0F, 1.0F);
    const std::size_t n = 100003;
    const std::size_t columns = 777;
    AudioBuffer b(n, 2);
    for (std::size_t c = 0; c < 2; ++c) {
        for (float& v : b.channel(c)) v = u(rng);
    }
    cm::ca::WaveformSummarizer acc(2, columns, static_cast<std::int64_t>(n), 44100.0);
    std::uniform_int_distribution<std::size_t> len(1, 5000);
    std::size_t at = 0;
    while (at < n) {
        const std::size_t l = std::min(len(rng), n - at);
        ASSERT_TRUE(acc.add(b.view().subview(at, l)));
        at += l;
    }
    EXPECT_EQ(acc.frames_added(), static_cast<std::int64_t>(n));
    const WaveformSummary s = std::move(acc).finish();
    for (std::size_t c = 0; c < 2; ++c) {
        for (std::size_t x = 0; x < columns; ++x) {
            const std::size_t a = x * n / columns;
            const std::size_t e = (x + 1) * n / columns;
            float lo = 2.0F;
            float hi = -2.0F;
            double sq = 0.0;
            for (std::size_t i = a; i < e; ++i) {
                const float v = b.channel(c)[i];
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                sq += static_cast<double>(v) * v;
            }
            ASSERT_EQ(s.channel(c)[x].min, lo) << c << ' ' << x;
            ASSERT_EQ(s.channel(c)[x].max, hi) << c << ' ' << x;
            ASSERT_NEAR(s.channel(c)[x].rms, std::sqrt(sq / static_cast<double>(e - a)), 1e-5) << c << ' ' << x;
        }
    }
}

TEST(WaveformSummary, BadArgumentsAreClearErrors) {
    EXPECT_THROW(cm::ca::WaveformSummarizer(0, 10, 100, 44100.0), cm::Error);
    EXPECT_THROW(cm::ca::WaveformSummarizer(1, 0, 100, 44100.0), cm::Error);
    EXPECT_THROW(cm::ca::WaveformSummarizer(1, 10, -1, 44100.0), cm::Error);
    EXPECT_THROW(cm::ca::WaveformSummarizer(1, 10, 100, 0.0), cm::Error);
    EXPECT_THROW((void)cm::ca::summarize_waveform(cm::ConstAudioBufferView{}, 44100.0, 10), cm::Error);
    cm::ca::WaveformSummarizer acc(2, 10, 100, 44100.0);
    AudioBuffer mono(10, 1);
    EXPECT_FALSE(acc.add(mono.view()));
    try {
        (void)cm::ca::WaveformSummarizer(1, 10, 100, std::nan(""));
        ADD_FAILURE();
    } catch (const cm::Error& e) {
        EXPECT_NE(std::string(e.what()).find("sample rate"), std::string::npos) << e.what();
    }
}

// Samples of a file as sox prints them (`sox file -t dat -`), channel 0.
std::vector<double> sox_samples(const std::filesystem::path& path) { return cm::test::sox_samples(path).channel(0); }

// A file sox made: 1 s of a 450 Hz sine at 0.5 (16-bit, no dither), then
// 1 s of silence, read through AudioFile in blocks of 64 Ki frames. Every
// column's min, max and RMS equal those of the samples sox prints for the
// file. And by hand: the first 50 of 100 columns (882 frames: 9 whole
// periods of 98 frames) have max and min +-0.5 cos(pi / 98) (the crest falls
// half a sample between two samples) and RMS 0.5 / sqrt(2); from column 51
// on all is 0 (column 50 holds sox's few LSB of ringing after the tone).
TEST(WaveformSummary, StreamsFromAnAudioFile) {
    if (!cm::test::have_tool("sox")) GTEST_SKIP() << "sox not installed";
    cm::test::ScratchDir dir;
    const auto wav = dir / "tone.wav";
    ASSERT_EQ(cm::test::run_tool({"sox", "-D", "-n", "-r", "44100", "-b", "16", wav.string(), "synth", "1", "sine",
                                  "450", "vol", "0.5", "pad", "0", "1"})
                  .exit_code,
              0);
    const std::vector<double> ref = sox_samples(wav);
    ASSERT_EQ(ref.size(), 88200U);
    cm::ca::AudioFile file(wav);
    std::vector<double> seen;
    const WaveformSummary s = cm::ca::summarize_waveform(file, 100, [&](double f) { seen.push_back(f); });
    ASSERT_EQ(s.frames(), 88200);
    ASSERT_EQ(s.columns(), 100U);
    EXPECT_DOUBLE_EQ(s.sample_rate(), 44100.0);
    ASSERT_FALSE(seen.empty());
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    const double lsb = 1.0 / 32768.0;
    for (std::size_t x = 0; x < 100; ++x) {
        const WaveformColumn c = s.channel(0)[x];
        double lo = ref[x * 882];
        double hi = lo;
        double sq = 0.0;
        for (std::size_t i = x * 882; i < (x + 1) * 882; ++i) {
            lo = std::min(lo, ref[i]);
            hi = std::max(hi, ref[i]);
            sq += ref[i] * ref[i];
        }
        EXPECT_NEAR(c.min, lo, 1e-9) << x;
        EXPECT_NEAR(c.max, hi, 1e-9) << x;
        EXPECT_NEAR(c.rms, std::sqrt(sq / 882.0), 1e-6) << x;
        if (x < 50) {
            const double crest = 0.5 * std::cos(std::numbers::pi / 98.0);
            EXPECT_NEAR(c.max, crest, 2 * lsb) << x;
            EXPECT_NEAR(c.min, -crest, 2 * lsb) << x;
            EXPECT_NEAR(c.rms, 0.5 / std::numbers::sqrt2, 1e-4) << x;
        } else if (x > 50) {
            EXPECT_EQ(c.max, 0.0F) << x;
            EXPECT_EQ(c.min, 0.0F) << x;
            EXPECT_EQ(c.rms, 0.0F) << x;
        }
    }
}

// ---- drawings ----

AudioBuffer sine(double amp, std::size_t frames, double rate, double freq) {
    AudioBuffer b(frames, 1);
    for (std::size_t i = 0; i < frames; ++i) {
        b.channel(0)[i] = static_cast<float>(amp * std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) / rate));
    }
    return b;
}

// Rows of column `x` of the one-lane plot (rows 10 to 336) that were drawn
// on: neither lane background nor zero line. The envelope's extent
// [first, last], anti-aliased edge pixels included.
std::pair<std::size_t, std::size_t> drawn_rows(const cm::ca::Image& img, std::size_t x, const WaveformStyle& style) {
    std::size_t first = img.height();
    std::size_t last = 0;
    for (std::size_t y = 11; y < 335; ++y) {
        const cm::ca::Rgba p = img.at(x, y);
        if (p == style.lane_background || p == style.zero_line) continue;
        first = std::min(first, y);
        last = std::max(last, y);
    }
    return {first, last};
}

// With the default style (one lane, axes, no title) the plot spans rows
// [10, 336): its centre is row 173, half a lane 162 pixels. A sine at 0.5
// reaches 0.5 * 162 = 81 rows above and below the centre; in dB with a
// -60 dB floor, 0.5 (-6.02 dBFS) reaches (60 - 6.02) / 60 * 162 = 145.7 rows.
// (1 kHz at 8 kHz: a sample falls on every crest; 10 s in 1142 columns puts
// 70 frames, 8.75 periods, in each.)
TEST(WaveformImage, EnvelopeHeightFollowsTheScale) {
    const double rate = 8000.0;
    const AudioBuffer b = sine(0.5, 80000, rate, 1000.0);
    WaveformStyle style;
    style.show_rms = false;
    const WaveformSummary s = cm::ca::summarize_waveform(b.view(), rate, cm::ca::waveform_plot_width(style));
    const double top = 10.0;
    const double lane = 360.0 - 10.0 - 24.0;
    const double mid = top + lane / 2.0;
    const double half = lane / 2.0 - 1.0;
    {
        const cm::ca::Image img = cm::ca::render_waveform_image(s, style);
        ASSERT_EQ(img.width(), 1200U);
        ASSERT_EQ(img.height(), 360U);
        // A column in the middle of the plot covers many periods of the sine.
        const auto [first, last] = drawn_rows(img, 600, style);
        EXPECT_NEAR(static_cast<double>(first), mid - 0.5 * half, 1.5);
        EXPECT_NEAR(static_cast<double>(last), mid + 0.5 * half, 1.5);
    }
    {
        style.scale = cm::ca::WaveformScale::Decibels;
        const cm::ca::Image img = cm::ca::render_waveform_image(s, style);
        const auto [first, last] = drawn_rows(img, 600, style);
        const double reach = (60.0 + 20.0 * std::log10(0.5)) / 60.0 * half;
        EXPECT_NEAR(static_cast<double>(first), mid - reach, 1.5);
        EXPECT_NEAR(static_cast<double>(last), mid + reach, 1.5);
    }
}

// A slow sine (one period over 400 pixel columns) must draw as a connected
// line: every column of the plot has envelope pixels, and each column's
// extent touches its neighbour's.
TEST(WaveformImage, SlowWavesStayConnected) {
    const double rate = 8000.0;
    WaveformStyle style;
    style.show_rms = false;
    const std::size_t pw = cm::ca::waveform_plot_width(style);
    const AudioBuffer b = sine(0.9, pw * 20, rate, rate / (400.0 * 20.0));
    const cm::ca::Image img = cm::ca::render_waveform_image(cm::ca::summarize_waveform(b.view(), rate, pw), style);
    std::pair<std::size_t, std::size_t> prev{};
    for (std::size_t px = 0; px < pw; ++px) {
        const auto rows = drawn_rows(img, 46 + px, style);
        ASSERT_LE(rows.first, rows.second) << "column " << px << " is empty";
        if (px > 0) {
            EXPECT_LE(rows.first, prev.second + 1) << px;
            EXPECT_LE(prev.first, rows.second + 1) << px;
        }
        prev = rows;
    }
}

TEST(WaveformImage, BadStylesAreClearErrors) {
    const AudioBuffer b = sine(0.5, 1000, 8000.0, 100.0);
    const WaveformSummary s = cm::ca::summarize_waveform(b.view(), 8000.0, 100);
    WaveformStyle tiny;
    tiny.width = 40;
    tiny.height = 20;
    EXPECT_THROW((void)cm::ca::render_waveform_image(s, tiny), cm::Error);
    WaveformStyle db;
    db.scale = cm::ca::WaveformScale::Decibels;
    db.db_floor = 6.0;
    EXPECT_THROW((void)cm::ca::render_waveform_svg(s, db), cm::Error);
    EXPECT_THROW((void)cm::ca::render_waveform_image(WaveformSummary{}, {}), cm::Error);
}

// The SVG is well-formed (checked by hand and, when installed, by xmllint),
// with one lane per channel holding a peak and an RMS path, a zero line,
// and time labels in seconds: 0s to 2s in 0.2 s steps for 2 s at 1200 px.
TEST(WaveformSvg, WellFormedWithLanesAndTimeLabels) {
    const double rate = 8000.0;
    AudioBuffer b(16000, 2);
    const AudioBuffer l = sine(0.8, 16000, rate, 200.0);
    const AudioBuffer r = sine(0.3, 16000, rate, 300.0);
    std::copy(l.channel(0).begin(), l.channel(0).end(), b.channel(0).begin());
    std::copy(r.channel(0).begin(), r.channel(0).end(), b.channel(1).begin());
    WaveformStyle style;
    style.title = "two <tones> & more";
    const std::string svg = cm::ca::render_waveform_svg(cm::ca::summarize_waveform(b.view(), rate, 1142), style);
    const auto names = cm::test::svg_elements(svg);
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "svg");
    const auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (std::size_t at = svg.find(needle); at != std::string::npos; at = svg.find(needle, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count("<g class=\"lane\""), 2U);
    EXPECT_EQ(count("<path class=\"peak\""), 2U);
    EXPECT_EQ(count("<path class=\"rms\""), 2U);
    EXPECT_EQ(count("<line class=\"zero\""), 2U);
    EXPECT_EQ(count("<line class=\"separator\""), 1U);
    EXPECT_NE(svg.find(">two &lt;tones&gt; &amp; more</text>"), std::string::npos);
    for (const char* label : {">0s<", ">0.2s<", ">1s<", ">1.4s<", ">2s<"}) {
        EXPECT_NE(svg.find(label), std::string::npos) << label;
    }
    EXPECT_NE(svg.find("width=\"1200\" height=\"360\""), std::string::npos);
    if (cm::test::have_tool("xmllint")) {
        cm::test::ScratchDir dir;
        const auto path = dir / "w.svg";
        std::ofstream(path) << svg;
        EXPECT_EQ(cm::test::run_tool({"xmllint", "--noout", path.string()}).exit_code, 0);
    }
}

// The acceptance picture: a real file (a MIDI fixture rendered by
// FluidSynth), summarised by streaming it through AudioFile, drawn to PNG,
// decoded again by libpng. Checked: the size asked for; several colours;
// a plausible share of drawn pixels; and column by column against the
// signal as libsndfile decodes it: where the audio is silent only the zero
// line is drawn, where it is loud the envelope reaches as far as its peaks.
TEST(WaveformImage, RealFileToPng) {
    if (!cm::ca::png_available()) GTEST_SKIP() << "built without libpng";
    if (!CM_TEST_HAVE_PNG || !CM_TEST_HAVE_SNDFILE) GTEST_SKIP() << "libpng or libsndfile headers missing";
    cm::test::ScratchDir dir;
    const auto wav = dir / "dynamics.wav";
    if (!cm::test::render_midi(cm::test::picture_midi(), wav)) GTEST_SKIP() << "fluidsynth or SoundFont missing";
    const auto ref = cm::test::decode_with_sndfile(wav);
    ASSERT_TRUE(ref.has_value());
    ASSERT_EQ(ref->channels.size(), 2U);

    WaveformStyle style;
    style.width = 1000;
    style.height = 300;
    style.title = "dynamics.mid (FluidSynth, FluidR3_GM)";
    const std::size_t pw = cm::ca::waveform_plot_width(style);
    cm::ca::AudioFile file(wav);
    const WaveformSummary s = cm::ca::summarize_waveform(file, pw);
    ASSERT_EQ(s.frames(), static_cast<std::int64_t>(ref->frames()));
    const auto png_path = dir / "waveform.png";
    cm::ca::write_png(cm::ca::render_waveform_image(s, style), png_path);
    if (const auto keep = cm::test::keep_pictures_dir()) {
        std::filesystem::copy_file(png_path, *keep / "waveform.png", std::filesystem::copy_options::overwrite_existing);
    }
    EXPECT_LT(std::filesystem::file_size(png_path), 200U * 1024U);

    const auto png = cm::test::decode_png_file(png_path);
    ASSERT_TRUE(png.has_value());
    ASSERT_EQ(png->width, 1000U);
    ASSERT_EQ(png->height, 300U);
    EXPECT_GE(png->distinct_colors(), 8U);

    // Layout of two lanes (WaveformStyle's margins): plot from x 46, rows
    // [22, 276) minus an 8 px gap: lanes of 123 px at 22 and 153.
    const auto bg = cm::test::packed(style.lane_background.r, style.lane_background.g, style.lane_background.b);
    const auto zero = cm::test::packed(style.zero_line.r, style.zero_line.g, style.zero_line.b);
    const double lane = (300.0 - 22.0 - 24.0 - 8.0) / 2.0;
    std::size_t drawn = 0;
    std::size_t total = 0;
    std::size_t silent_checked = 0;
    std::size_t loud_checked = 0;
    const std::size_t n = ref->frames();
    for (std::size_t c = 0; c < 2; ++c) {
        const double top = 22.0 + static_cast<double>(c) * (lane + 8.0);
        const double mid = top + lane / 2.0;
        const double half = lane / 2.0 - 1.0;
        for (std::size_t px = 0; px < pw; ++px) {
            // The signal's extremes over this column, from libsndfile.
            const std::size_t a = px * n / pw;
            const std::size_t e = (px + 1) * n / pw;
            float lo = ref->channels[c][a];
            float hi = lo;
            for (std::size_t i = a; i < e; ++i) {
                lo = std::min(lo, ref->channels[c][i]);
                hi = std::max(hi, ref->channels[c][i]);
            }
            // The summary holds exactly these extremes.
            ASSERT_FLOAT_EQ(s.channel(c)[px].min, lo) << c << ' ' << px;
            ASSERT_FLOAT_EQ(s.channel(c)[px].max, hi) << c << ' ' << px;
            std::size_t first = png->height;
            std::size_t last = 0;
            for (auto y = static_cast<std::size_t>(top) + 1; y + 1 < static_cast<std::size_t>(top + lane); ++y) {
                ++total;
                const auto p = png->pixel(46 + px, y);
                if (p == bg || p == zero) continue;
                ++drawn;
                first = std::min(first, y);
                last = std::max(last, y);
            }
            const double peak = std::max(-static_cast<double>(lo), static_cast<double>(hi));
            if (px < 12) continue; // under the channel's name ("L", "R")
            if (peak < 1e-4) {
                // Silent: nothing beyond the pixel rows next to the zero line.
                ++silent_checked;
                if (first <= last) {
                    EXPECT_GE(static_cast<double>(first), mid - 2.0) << "silent column " << px;
                    EXPECT_LE(static_cast<double>(last), mid + 2.0) << "silent column " << px;
                }
            } else if (peak > 0.1) {
                // Loud: the drawing reaches the signal's extremes (to 2 px).
                ++loud_checked;
                EXPECT_NEAR(static_cast<double>(first), mid - hi * half, 2.0) << "column " << px;
                EXPECT_NEAR(static_cast<double>(last), mid - lo * half, 2.0) << "column " << px;
            }
        }
    }
    // The fixture ends in ~2.5 s of silence and is mostly loud before.
    EXPECT_GT(silent_checked, 2U * pw / 20U);
    EXPECT_GT(loud_checked, 2U * pw / 4U);
    const double share = static_cast<double>(drawn) / static_cast<double>(total);
    EXPECT_GT(share, 0.10);
    EXPECT_LT(share, 0.90);
}

} // namespace
