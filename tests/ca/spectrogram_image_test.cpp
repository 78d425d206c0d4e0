// Spectrogram pictures: tones land on the rows their frequency asks for (on
// linear and log axes), the colour maps hold the published endpoints, a
// real rendered file gives a sensible PNG (decoded by libpng), and the SVG
// is well-formed with its raster embedded.
#include <coremusic/ca/spectrogram_image.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "external_tool.hpp"
#include "picture_test_util.hpp"

namespace {

using cm::ca::ColorMap;
using cm::ca::FrequencyScale;
using cm::ca::Rgba;
using cm::ca::SpectrogramStyle;

// matplotlib's viridis and magma endpoints (_cm_listed.py, first and last
// rows) times 255, rounded: viridis [0.267004, 0.004874, 0.329415] and
// [0.993248, 0.906157, 0.143936]; magma [0.001462, 0.000466, 0.013866] and
// [0.987053, 0.991438, 0.749504].
TEST(ColorMap, EndpointsArePublishedValues) {
    EXPECT_EQ(cm::ca::map_color(ColorMap::Viridis, 0.0), (Rgba{68, 1, 84, 255}));
    EXPECT_EQ(cm::ca::map_color(ColorMap::Viridis, 1.0), (Rgba{253, 231, 37, 255}));
    EXPECT_EQ(cm::ca::map_color(ColorMap::Magma, 0.0), (Rgba{0, 0, 4, 255}));
    EXPECT_EQ(cm::ca::map_color(ColorMap::Magma, 1.0), (Rgba{252, 253, 191, 255}));
    // viridis row 128 (t = 128/255): [0.127568, 0.566949, 0.550556].
    EXPECT_EQ(cm::ca::map_color(ColorMap::Viridis, 128.0 / 255.0), (Rgba{33, 145, 140, 255}));
    EXPECT_EQ(cm::ca::map_color(ColorMap::Viridis, -3.0), cm::ca::map_color(ColorMap::Viridis, 0.0));
    EXPECT_EQ(cm::ca::map_color(ColorMap::Viridis, std::nan("")), cm::ca::map_color(ColorMap::Viridis, 0.0));
    EXPECT_EQ(cm::ca::map_color(ColorMap::Gray, 1.0), (Rgba{255, 255, 255, 255}));
    // Perceived lightness rises: the sum of the channels grows along magma.
    int last = -1;
    for (int i = 0; i <= 16; ++i) {
        const Rgba c = cm::ca::map_color(ColorMap::Magma, i / 16.0);
        const int sum = c.r + c.g + c.b;
        EXPECT_GT(sum, last) << i;
        last = sum;
    }
}

std::vector<float> two_tones(double rate, double f1, double f2, std::size_t half) {
    std::vector<float> x(2 * half);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double f = i < half ? f1 : f2;
        x[i] = static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * f * static_cast<double>(i) / rate));
    }
    return x;
}

// Plot geometry of the default style without title: x from 50, rows from 10,
// plot (1200 - 50 - 64) x (480 - 10 - 24) = 1086 x 446.
constexpr double plot_left = 50.0;
constexpr double plot_top = 10.0;
constexpr double plot_w = 1086.0;
constexpr double plot_h = 446.0;

double brightness(const cm::ca::Image& img, double x, double y) {
    const Rgba p = img.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y));
    return p.r + p.g + p.b;
}

// 1 kHz for 1 s then 5 kHz for 1 s at 16 kHz, linear axis 0-8 kHz: the row
// for 1 kHz is (1 - 1000/8000) of the way down the plot, 5 kHz (1 - 5/8).
// Each tone is bright on its own row in its own half and dark elsewhere.
TEST(SpectrogramImage, TonesLandOnTheirRowsLinear) {
    const double rate = 16000.0;
    const auto x = two_tones(rate, 1000.0, 5000.0, 16000);
    const auto sg = cm::ca::spectrogram(x, rate, {.frame_size = 1024, .hop_size = 128});
    SpectrogramStyle style;
    style.frequency_scale = FrequencyScale::Linear;
    style.color_map = ColorMap::Viridis;
    const cm::ca::Image img = cm::ca::render_spectrogram_image(sg, style);
    ASSERT_EQ(img.width(), 1200U);
    ASSERT_EQ(img.height(), 480U);
    const double y1k = plot_top + (1.0 - 1000.0 / 8000.0) * plot_h;
    const double y5k = plot_top + (1.0 - 5000.0 / 8000.0) * plot_h;
    const double first_half = plot_left + 0.25 * plot_w;
    const double second_half = plot_left + 0.75 * plot_w;
    const Rgba top = cm::ca::map_color(ColorMap::Viridis, 1.0);
    const double brightest = top.r + top.g + top.b;
    EXPECT_GT(brightness(img, first_half, y1k), 0.9 * brightest);
    EXPECT_GT(brightness(img, second_half, y5k), 0.9 * brightest);
    EXPECT_LT(brightness(img, first_half, y5k), 0.5 * brightest);
    EXPECT_LT(brightness(img, second_half, y1k), 0.5 * brightest);
    // Well away from both tones (3 kHz) it is dark throughout.
    const double y3k = plot_top + (1.0 - 3000.0 / 8000.0) * plot_h;
    EXPECT_LT(brightness(img, first_half, y3k), 0.5 * brightest);
    EXPECT_LT(brightness(img, second_half, y3k), 0.5 * brightest);
}

// On the default log axis (30 Hz to Nyquist) 220 Hz sits at
// log(220/30) / log(22050/30) of the height from the bottom, and 3520 Hz at
// log(3520/30) / log(22050/30).
TEST(SpectrogramImage, TonesLandOnTheirRowsLog) {
    const double rate = 44100.0;
    const auto x = two_tones(rate, 220.0, 3520.0, 44100);
    const auto sg = cm::ca::spectrogram(x, rate, {.frame_size = 4096, .hop_size = 512});
    const SpectrogramStyle style; // log, magma
    const cm::ca::Image img = cm::ca::render_spectrogram_image(sg, style);
    const auto row = [&](double f) {
        return plot_top + plot_h - std::log(f / 30.0) / std::log(22050.0 / 30.0) * plot_h;
    };
    const Rgba top = cm::ca::map_color(ColorMap::Magma, 1.0);
    const double brightest = top.r + top.g + top.b;
    const double first_half = plot_left + 0.25 * plot_w;
    const double second_half = plot_left + 0.75 * plot_w;
    EXPECT_GT(brightness(img, first_half, row(220.0)), 0.85 * brightest);
    EXPECT_GT(brightness(img, second_half, row(3520.0)), 0.85 * brightest);
    EXPECT_LT(brightness(img, first_half, row(3520.0)), 0.5 * brightest);
    EXPECT_LT(brightness(img, second_half, row(220.0)), 0.5 * brightest);
}

TEST(SpectrogramImage, BadArgumentsAreClearErrors) {
    const auto sg = cm::ca::spectrogram(two_tones(8000.0, 500.0, 1000.0, 4000), 8000.0, {.frame_size = 256, .hop_size = 64});
    SpectrogramStyle s;
    s.floor_db = 0.0;
    EXPECT_THROW((void)cm::ca::render_spectrogram_image(sg, s), cm::Error);
    s = {};
    s.min_frequency = 5000.0; // above Nyquist (4 kHz)
    EXPECT_THROW((void)cm::ca::render_spectrogram_image(sg, s), cm::Error);
    s = {};
    s.width = 60;
    EXPECT_THROW((void)cm::ca::render_spectrogram_svg(sg, s), cm::Error);
    EXPECT_THROW((void)cm::ca::render_spectrogram_image(cm::ca::Spectrogram{}, {}), cm::Error);
    try {
        s = {};
        s.max_frequency = -1.0;
        (void)cm::ca::render_spectrogram_image(sg, s);
        ADD_FAILURE();
    } catch (const cm::Error& e) {
        EXPECT_NE(std::string(e.what()).find("max_frequency -1"), std::string::npos) << e.what();
    }
}

// The SVG is well-formed (by hand and by xmllint when present) and embeds
// the raster as a base64 PNG whose bytes start with the PNG signature
// (base64 of 89 50 4E 47 0D 0A 1A 0A is "iVBORw0KGgo"), with axes, labels
// and a colour bar as vector elements.
TEST(SpectrogramSvg, WellFormedWithEmbeddedRaster) {
    if (!cm::ca::png_available()) GTEST_SKIP() << "built without libpng";
    const double rate = 16000.0;
    const auto sg = cm::ca::spectrogram(two_tones(rate, 1000.0, 2000.0, 16000), rate, {.frame_size = 512, .hop_size = 256});
    SpectrogramStyle style;
    style.width = 600;
    style.height = 300;
    style.title = "A & B";
    const std::string svg = cm::ca::render_spectrogram_svg(sg, style);
    const auto names = cm::test::svg_elements(svg);
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "svg");
    EXPECT_EQ(std::count(names.begin(), names.end(), "image"), 1);
    EXPECT_EQ(std::count(names.begin(), names.end(), "linearGradient"), 1);
    EXPECT_EQ(std::count(names.begin(), names.end(), "stop"), 17);
    EXPECT_NE(svg.find("xlink:href=\"data:image/png;base64,iVBORw0KGgo"), std::string::npos);
    EXPECT_NE(svg.find(">A &amp; B</text>"), std::string::npos);
    for (const char* label : {">100<", ">1k<", ">0s<", ">1s<", ">2s<", ">-100<", ">0<", ">dB<", ">Hz<"}) {
        EXPECT_NE(svg.find(label), std::string::npos) << label;
    }
    if (cm::test::have_tool("xmllint")) {
        cm::test::ScratchDir dir;
        const auto path = dir / "s.svg";
        std::ofstream(path) << svg;
        EXPECT_EQ(cm::test::run_tool({"xmllint", "--noout", path.string()}).exit_code, 0);
    }
}

TEST(Base64, Rfc4648Vectors) {
    const auto enc = [](std::string_view s) {
        return cm::ca::base64_encode(std::as_bytes(std::span<const char>(s.data(), s.size())));
    };
    // RFC 4648 section 10.
    EXPECT_EQ(enc(""), "");
    EXPECT_EQ(enc("f"), "Zg==");
    EXPECT_EQ(enc("fo"), "Zm8=");
    EXPECT_EQ(enc("foo"), "Zm9v");
    EXPECT_EQ(enc("foob"), "Zm9vYg==");
    EXPECT_EQ(enc("fooba"), "Zm9vYmE=");
    EXPECT_EQ(enc("foobar"), "Zm9vYmFy");
}

// The acceptance picture: the spectrogram of a real file (a MIDI fixture
// rendered by FluidSynth, decoded by libsndfile, mixed to mono), drawn to
// PNG and decoded again by libpng: the size asked for, many colours, the
// silent tail drawn in the colour map's darkest colour, the music in
// brighter ones.
TEST(SpectrogramImage, RealFileToPng) {
    if (!cm::ca::png_available()) GTEST_SKIP() << "built without libpng";
    if (!CM_TEST_HAVE_PNG || !CM_TEST_HAVE_SNDFILE) GTEST_SKIP() << "libpng or libsndfile headers missing";
    cm::test::ScratchDir dir;
    const auto wav = dir / "dynamics.wav";
    if (!cm::test::render_midi(cm::test::picture_midi(), wav)) GTEST_SKIP() << "fluidsynth or SoundFont missing";
    const auto audio = cm::test::decode_with_sndfile(wav);
    ASSERT_TRUE(audio.has_value());
    std::vector<float> mono(audio->frames());
    for (std::size_t i = 0; i < mono.size(); ++i) {
        mono[i] = 0.5F * (audio->channels[0][i] + audio->channels[1][i]);
    }
    const auto sg = cm::ca::spectrogram(mono, audio->sample_rate, {.frame_size = 4096, .hop_size = 512});
    SpectrogramStyle style;
    style.width = 900;
    style.height = 360;
    style.title = "dynamics.mid (FluidSynth, FluidR3_GM): log frequency, dB re max";
    const auto png_path = dir / "spectrogram.png";
    cm::ca::write_png(cm::ca::render_spectrogram_image(sg, style), png_path);
    if (const auto keep = cm::test::keep_pictures_dir()) {
        std::filesystem::copy_file(png_path, *keep / "spectrogram.png",
                                   std::filesystem::copy_options::overwrite_existing);
    }
    EXPECT_LT(std::filesystem::file_size(png_path), 200U * 1024U);
    const auto png = cm::test::decode_png_file(png_path);
    ASSERT_TRUE(png.has_value());
    ASSERT_EQ(png->width, 900U);
    ASSERT_EQ(png->height, 360U);
    EXPECT_GE(png->distinct_colors(), 100U); // of the 240 levels and the axes' colours

    // Plot: x from 50, width 900 - 50 - 64 = 786; rows from 22, height
    // 360 - 22 - 24 = 314. Time runs left to right over frames * hop / rate.
    const double duration = static_cast<double>(sg.frames() * 512) / audio->sample_rate;
    // Where the audio has ended (the last second: FluidSynth's tail is at
    // most a few LSB by then, checked with libsndfile's samples) the picture
    // is the colour map's darkest end: below 10 % of the dB scale (all but
    // a handful of pixels: allow 1 %).
    const Rgba dim = cm::ca::map_color(ColorMap::Magma, 0.1);
    const int dim_sum = dim.r + dim.g + dim.b;
    const std::size_t quiet_from = audio->frames() - static_cast<std::size_t>(audio->sample_rate);
    for (std::size_t i = quiet_from; i < audio->frames(); ++i) ASSERT_LT(std::fabs(mono[i]), 1e-4F) << i;
    const double x_quiet = 50.0 + (static_cast<double>(quiet_from) / audio->sample_rate + 0.15) / duration * 786.0;
    const auto sum_of = [](std::uint32_t p) {
        return static_cast<int>((p >> 24) & 255U) + static_cast<int>((p >> 16) & 255U) +
               static_cast<int>((p >> 8) & 255U);
    };
    std::size_t quiet_pixels = 0;
    std::size_t quiet_dark = 0;
    std::size_t music_pixels = 0;
    std::size_t music_bright = 0;
    for (std::size_t y = 22; y < 22 + 314; ++y) {
        for (auto x = static_cast<std::size_t>(x_quiet) + 1; x < 50 + 786; ++x) {
            ++quiet_pixels;
            quiet_dark += sum_of(png->pixel(x, y)) < dim_sum ? 1U : 0U;
        }
        // 1 s to 14 s: music throughout.
        for (auto x = static_cast<std::size_t>(50.0 + 1.0 / duration * 786.0);
             x < static_cast<std::size_t>(50.0 + 14.0 / duration * 786.0); ++x) {
            ++music_pixels;
            music_bright += sum_of(png->pixel(x, y)) > 300 ? 1U : 0U;
        }
    }
    ASSERT_GT(quiet_pixels, 1000U);
    EXPECT_GE(static_cast<double>(quiet_dark), 0.99 * static_cast<double>(quiet_pixels));
    const double bright_share = static_cast<double>(music_bright) / static_cast<double>(music_pixels);
    EXPECT_GT(bright_share, 0.05);
    EXPECT_LT(bright_share, 0.95);
}

} // namespace
