// tests/ca/picture_test_util.hpp
// What the picture tests share: a real audio file rendered from a MIDI
// fixture by FluidSynth, decoded by libsndfile (not by our code), PNG files
// decoded by libpng, and a well-formedness check for SVG.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

// Both come with the library's optional backends; without them the picture
// tests skip before using these helpers.
#if __has_include(<png.h>)
#include <png.h>
#define CM_TEST_HAVE_PNG 1
#else
#define CM_TEST_HAVE_PNG 0
#endif
#if __has_include(<sndfile.h>)
#include <sndfile.h>
#define CM_TEST_HAVE_SNDFILE 1
#else
#define CM_TEST_HAVE_SNDFILE 0
#endif

#include "external_tool.hpp"

namespace cm::test {

/// Planar float samples as libsndfile decodes them.
struct DecodedAudio {
    double sample_rate = 0.0;
    std::vector<std::vector<float>> channels;
    [[nodiscard]] std::size_t frames() const { return channels.empty() ? 0 : channels[0].size(); }
};

inline std::optional<DecodedAudio> decode_with_sndfile(const std::filesystem::path& path) {
#if !CM_TEST_HAVE_SNDFILE
    (void)path;
    return std::nullopt;
#else
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (f == nullptr) return std::nullopt;
    const auto ch = static_cast<std::size_t>(info.channels);
    const auto frames = static_cast<std::size_t>(info.frames);
    std::vector<float> interleaved(frames * ch);
    const sf_count_t got = sf_readf_float(f, interleaved.data(), info.frames);
    sf_close(f);
    DecodedAudio out;
    out.sample_rate = info.samplerate;
    out.channels.assign(ch, std::vector<float>(static_cast<std::size_t>(got)));
    for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
        for (std::size_t c = 0; c < ch; ++c) out.channels[c][i] = interleaved[i * ch + c];
    }
    return out;
#endif
}

/// The MIDI fixture the pictures show: LilyPond's dynamics test (17.6 s,
/// crescendos and diminuendos, then FluidSynth's 2.5 s silent tail).
inline std::filesystem::path picture_midi() {
    return std::filesystem::path(COREMUSIC_TEST_DATA_DIR) / "midi" / "lilypond" / "dynamics.mid";
}

/// Renders `midi` to a 44.1 kHz stereo 16-bit WAV with FluidSynth and the GM
/// SoundFont. Gain 2 instead of FluidSynth's 0.2 so the waveform fills its
/// lanes (sox stat measured peaks of +0.74 / -0.80 for this fixture: no
/// clipping). Returns
/// false (and the caller skips) when the tools are missing.
inline bool render_midi(const std::filesystem::path& midi, const std::filesystem::path& wav) {
    const std::string sf2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    if (!have_tool("fluidsynth") || !std::filesystem::exists(sf2)) return false;
    const ToolResult r = run_tool({"fluidsynth", "-ni", "-g", "2", "-F", wav.string(), "-r", "44100", sf2,
                                   midi.string()});
    return r.exit_code == 0 && std::filesystem::exists(wav) && std::filesystem::file_size(wav) > 44;
}

/// A PNG decoded by libpng to 8-bit RGBA.
struct DecodedPng {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> rgba;
    [[nodiscard]] std::uint32_t pixel(std::size_t x, std::size_t y) const {
        const std::size_t i = (y * width + x) * 4;
        return (std::uint32_t{rgba[i]} << 24) | (std::uint32_t{rgba[i + 1]} << 16) |
               (std::uint32_t{rgba[i + 2]} << 8) | rgba[i + 3];
    }
    [[nodiscard]] std::size_t distinct_colors() const {
        std::set<std::uint32_t> seen;
        for (std::size_t y = 0; y < height; ++y) {
            for (std::size_t x = 0; x < width; ++x) seen.insert(pixel(x, y));
        }
        return seen.size();
    }
};

inline std::optional<DecodedPng> decode_png_file(const std::filesystem::path& path) {
#if !CM_TEST_HAVE_PNG
    (void)path;
    return std::nullopt;
#else
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_file(&image, path.c_str()) == 0) return std::nullopt;
    image.format = PNG_FORMAT_RGBA;
    DecodedPng out;
    out.width = image.width;
    out.height = image.height;
    out.rgba.resize(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr) == 0) {
        png_image_free(&image);
        return std::nullopt;
    }
    return out;
#endif
}

inline std::uint32_t packed(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
    return (std::uint32_t{r} << 24) | (std::uint32_t{g} << 16) | (std::uint32_t{b} << 8) | a;
}

/// Checks that `svg` is well-formed XML as far as a picture needs: one root
/// <svg>, every tag closed in order, attributes quoted. Returns the element
/// names in document order. (xmllint, when present, checks it too.)
inline std::vector<std::string> svg_elements(const std::string& svg) {
    std::vector<std::string> stack;
    std::vector<std::string> names;
    std::size_t i = 0;
    auto fail = [&](const std::string& why) {
        ADD_FAILURE() << "SVG not well-formed at byte " << i << ": " << why;
        return std::vector<std::string>{};
    };
    while ((i = svg.find('<', i)) != std::string::npos) {
        if (svg.compare(i, 5, "<?xml") == 0) {
            const std::size_t end = svg.find("?>", i);
            if (end == std::string::npos) return fail("unterminated <?xml");
            i = end + 2;
            continue;
        }
        const std::size_t end = svg.find('>', i);
        if (end == std::string::npos) return fail("unterminated tag");
        std::string tag = svg.substr(i + 1, end - i - 1);
        // Quotes must pair up inside the tag.
        std::size_t quotes = 0;
        for (const char c : tag) quotes += c == '"' ? 1U : 0U;
        if (quotes % 2 != 0) return fail("unbalanced quotes in <" + tag.substr(0, 40) + ">");
        if (!tag.empty() && tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name) return fail("</" + name + "> closes nothing open");
            stack.pop_back();
        } else {
            const bool self_closing = !tag.empty() && tag.back() == '/';
            const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
            if (stack.empty() && !names.empty()) return fail("second root element <" + name + ">");
            names.push_back(name);
            if (!self_closing) stack.push_back(name);
        }
        i = end + 1;
    }
    if (!stack.empty()) return fail("<" + stack.back() + "> never closed");
    return names;
}

/// Where a test keeps its pictures when COREMUSIC_KEEP_PICTURES names a
/// directory (how docs/images/ is made), else nothing.
inline std::optional<std::filesystem::path> keep_pictures_dir() {
    const char* dir = std::getenv("COREMUSIC_KEEP_PICTURES");
    if (dir == nullptr || *dir == '\0') return std::nullopt;
    std::filesystem::create_directories(dir);
    return std::filesystem::path(dir);
}

} // namespace cm::test
