// The RGBA raster, its 5 x 7 text, base64 and PNG encoding through libpng.
//
// The font is the classic 5 x 7 ASCII font of the Adafruit GFX Library
// (glcdfont.c), used under its BSD licence:
//   Copyright (c) 2012 Adafruit Industries. All rights reserved.
//   Redistribution and use in source and binary forms, with or without
//   modification, are permitted provided that the following conditions are
//   met: Redistributions of source code must retain the above copyright
//   notice, this list of conditions and the following disclaimer.
//   Redistributions in binary form must reproduce the above copyright notice,
//   this list of conditions and the following disclaimer in the documentation
//   and/or other materials provided with the distribution. THIS SOFTWARE IS
//   PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS
//   OR IMPLIED WARRANTIES ... ARE DISCLAIMED (full text: the library's
//   license.txt).
// A bitmap font for axis numbers keeps the PNG renderers free of a font
// stack (FreeType, fontconfig) that would dwarf them.
#include <coremusic/ca/image.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <coremusic/core/error.hpp>

#if COREMUSIC_CA_HAVE_PNG
#include <png.h>
#endif

namespace cm::ca {

namespace {

// Columns of each glyph, printable ASCII 32..126; bit 0 is the top row.
constexpr std::array<std::uint8_t, 95 * 5> font5x7 = {
    0x00, 0x00, 0x00, 0x00, 0x00,  // ' '
    0x00, 0x00, 0x5F, 0x00, 0x00,  // '!'
    0x00, 0x07, 0x00, 0x07, 0x00,  // '"'
    0x14, 0x7F, 0x14, 0x7F, 0x14,  // '#'
    0x24, 0x2A, 0x7F, 0x2A, 0x12,  // '$'
    0x23, 0x13, 0x08, 0x64, 0x62,  // '%'
    0x36, 0x49, 0x56, 0x20, 0x50,  // '&'
    0x00, 0x08, 0x07, 0x03, 0x00,  // "'"
    0x00, 0x1C, 0x22, 0x41, 0x00,  // '('
    0x00, 0x41, 0x22, 0x1C, 0x00,  // ')'
    0x2A, 0x1C, 0x7F, 0x1C, 0x2A,  // '*'
    0x08, 0x08, 0x3E, 0x08, 0x08,  // '+'
    0x00, 0x80, 0x70, 0x30, 0x00,  // ','
    0x08, 0x08, 0x08, 0x08, 0x08,  // '-'
    0x00, 0x00, 0x60, 0x60, 0x00,  // '.'
    0x20, 0x10, 0x08, 0x04, 0x02,  // '/'
    0x3E, 0x51, 0x49, 0x45, 0x3E,  // '0'
    0x00, 0x42, 0x7F, 0x40, 0x00,  // '1'
    0x72, 0x49, 0x49, 0x49, 0x46,  // '2'
    0x21, 0x41, 0x49, 0x4D, 0x33,  // '3'
    0x18, 0x14, 0x12, 0x7F, 0x10,  // '4'
    0x27, 0x45, 0x45, 0x45, 0x39,  // '5'
    0x3C, 0x4A, 0x49, 0x49, 0x31,  // '6'
    0x41, 0x21, 0x11, 0x09, 0x07,  // '7'
    0x36, 0x49, 0x49, 0x49, 0x36,  // '8'
    0x46, 0x49, 0x49, 0x29, 0x1E,  // '9'
    0x00, 0x00, 0x14, 0x00, 0x00,  // ':'
    0x00, 0x40, 0x34, 0x00, 0x00,  // ';'
    0x00, 0x08, 0x14, 0x22, 0x41,  // '<'
    0x14, 0x14, 0x14, 0x14, 0x14,  // '='
    0x00, 0x41, 0x22, 0x14, 0x08,  // '>'
    0x02, 0x01, 0x59, 0x09, 0x06,  // '?'
    0x3E, 0x41, 0x5D, 0x59, 0x4E,  // '@'
    0x7C, 0x12, 0x11, 0x12, 0x7C,  // 'A'
    0x7F, 0x49, 0x49, 0x49, 0x36,  // 'B'
    0x3E, 0x41, 0x41, 0x41, 0x22,  // 'C'
    0x7F, 0x41, 0x41, 0x41, 0x3E,  // 'D'
    0x7F, 0x49, 0x49, 0x49, 0x41,  // 'E'
    0x7F, 0x09, 0x09, 0x09, 0x01,  // 'F'
    0x3E, 0x41, 0x41, 0x51, 0x73,  // 'G'
    0x7F, 0x08, 0x08, 0x08, 0x7F,  // 'H'
    0x00, 0x41, 0x7F, 0x41, 0x00,  // 'I'
    0x20, 0x40, 0x41, 0x3F, 0x01,  // 'J'
    0x7F, 0x08, 0x14, 0x22, 0x41,  // 'K'
    0x7F, 0x40, 0x40, 0x40, 0x40,  // 'L'
    0x7F, 0x02, 0x1C, 0x02, 0x7F,  // 'M'
    0x7F, 0x04, 0x08, 0x10, 0x7F,  // 'N'
    0x3E, 0x41, 0x41, 0x41, 0x3E,  // 'O'
    0x7F, 0x09, 0x09, 0x09, 0x06,  // 'P'
    0x3E, 0x41, 0x51, 0x21, 0x5E,  // 'Q'
    0x7F, 0x09, 0x19, 0x29, 0x46,  // 'R'
    0x26, 0x49, 0x49, 0x49, 0x32,  // 'S'
    0x03, 0x01, 0x7F, 0x01, 0x03,  // 'T'
    0x3F, 0x40, 0x40, 0x40, 0x3F,  // 'U'
    0x1F, 0x20, 0x40, 0x20, 0x1F,  // 'V'
    0x3F, 0x40, 0x38, 0x40, 0x3F,  // 'W'
    0x63, 0x14, 0x08, 0x14, 0x63,  // 'X'
    0x03, 0x04, 0x78, 0x04, 0x03,  // 'Y'
    0x61, 0x59, 0x49, 0x4D, 0x43,  // 'Z'
    0x00, 0x7F, 0x41, 0x41, 0x41,  // '['
    0x02, 0x04, 0x08, 0x10, 0x20,  // backslash
    0x00, 0x41, 0x41, 0x41, 0x7F,  // ']'
    0x04, 0x02, 0x01, 0x02, 0x04,  // '^'
    0x40, 0x40, 0x40, 0x40, 0x40,  // '_'
    0x00, 0x03, 0x07, 0x08, 0x00,  // '`'
    0x20, 0x54, 0x54, 0x78, 0x40,  // 'a'
    0x7F, 0x28, 0x44, 0x44, 0x38,  // 'b'
    0x38, 0x44, 0x44, 0x44, 0x28,  // 'c'
    0x38, 0x44, 0x44, 0x28, 0x7F,  // 'd'
    0x38, 0x54, 0x54, 0x54, 0x18,  // 'e'
    0x00, 0x08, 0x7E, 0x09, 0x02,  // 'f'
    0x18, 0xA4, 0xA4, 0x9C, 0x78,  // 'g'
    0x7F, 0x08, 0x04, 0x04, 0x78,  // 'h'
    0x00, 0x44, 0x7D, 0x40, 0x00,  // 'i'
    0x20, 0x40, 0x40, 0x3D, 0x00,  // 'j'
    0x7F, 0x10, 0x28, 0x44, 0x00,  // 'k'
    0x00, 0x41, 0x7F, 0x40, 0x00,  // 'l'
    0x7C, 0x04, 0x78, 0x04, 0x78,  // 'm'
    0x7C, 0x08, 0x04, 0x04, 0x78,  // 'n'
    0x38, 0x44, 0x44, 0x44, 0x38,  // 'o'
    0xFC, 0x18, 0x24, 0x24, 0x18,  // 'p'
    0x18, 0x24, 0x24, 0x18, 0xFC,  // 'q'
    0x7C, 0x08, 0x04, 0x04, 0x08,  // 'r'
    0x48, 0x54, 0x54, 0x54, 0x24,  // 's'
    0x04, 0x04, 0x3F, 0x44, 0x24,  // 't'
    0x3C, 0x40, 0x40, 0x20, 0x7C,  // 'u'
    0x1C, 0x20, 0x40, 0x20, 0x1C,  // 'v'
    0x3C, 0x40, 0x30, 0x40, 0x3C,  // 'w'
    0x44, 0x28, 0x10, 0x28, 0x44,  // 'x'
    0x4C, 0x90, 0x90, 0x90, 0x7C,  // 'y'
    0x44, 0x64, 0x54, 0x4C, 0x44,  // 'z'
    0x00, 0x08, 0x36, 0x41, 0x00,  // '{'
    0x00, 0x00, 0x77, 0x00, 0x00,  // '|'
    0x00, 0x41, 0x36, 0x08, 0x00,  // '}'
    0x02, 0x01, 0x02, 0x04, 0x02,  // '~'
};

constexpr int glyph_advance = 6; // 5 columns and 1 of spacing
constexpr int glyph_rows = 8;

std::uint8_t mix(std::uint8_t under, std::uint8_t over, double w) noexcept {
    const double v = static_cast<double>(under) + (static_cast<double>(over) - static_cast<double>(under)) * w;
    return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
}

[[noreturn]] void throw_error(Errc code, const std::string& message) {
    throw Error(make_error_code(code), message);
}

} // namespace

std::string to_hex(Rgba color) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", color.r, color.g, color.b);
    return buf;
}

Image::Image(std::size_t width, std::size_t height, Rgba fill) {
    constexpr std::size_t max_side = 32768;
    if (width == 0 || height == 0 || width > max_side || height > max_side) {
        throw_error(Errc::OutOfRange, "Image: " + std::to_string(width) + " x " + std::to_string(height) +
                                          " pixels; each side must be from 1 to 32768");
    }
    pixels_.assign(width * height, fill);
    width_ = width;
    height_ = height;
}

void Image::set(std::ptrdiff_t x, std::ptrdiff_t y, Rgba color) noexcept {
    if (x < 0 || y < 0 || static_cast<std::size_t>(x) >= width_ || static_cast<std::size_t>(y) >= height_) return;
    pixels_[static_cast<std::size_t>(y) * width_ + static_cast<std::size_t>(x)] = color;
}

void Image::blend(std::ptrdiff_t x, std::ptrdiff_t y, Rgba color, double coverage) noexcept {
    if (x < 0 || y < 0 || static_cast<std::size_t>(x) >= width_ || static_cast<std::size_t>(y) >= height_) return;
    const double w = std::clamp(coverage, 0.0, 1.0) * color.a / 255.0;
    if (w <= 0.0) return;
    Rgba& p = pixels_[static_cast<std::size_t>(y) * width_ + static_cast<std::size_t>(x)];
    p.r = mix(p.r, color.r, w);
    p.g = mix(p.g, color.g, w);
    p.b = mix(p.b, color.b, w);
    p.a = mix(p.a, 255, w);
}

void Image::fill_rect(std::ptrdiff_t x0, std::ptrdiff_t y0, std::ptrdiff_t x1, std::ptrdiff_t y1,
                      Rgba color) noexcept {
    const auto w = static_cast<std::ptrdiff_t>(width_);
    const auto h = static_cast<std::ptrdiff_t>(height_);
    x0 = std::clamp<std::ptrdiff_t>(x0, 0, w);
    x1 = std::clamp<std::ptrdiff_t>(x1, 0, w);
    y0 = std::clamp<std::ptrdiff_t>(y0, 0, h);
    y1 = std::clamp<std::ptrdiff_t>(y1, 0, h);
    for (std::ptrdiff_t y = y0; y < y1; ++y) {
        for (std::ptrdiff_t x = x0; x < x1; ++x) {
            if (color.a == 255) set(x, y, color);
            else blend(x, y, color);
        }
    }
}

void Image::draw_text(std::ptrdiff_t x, std::ptrdiff_t y, std::string_view text, Rgba color, int scale) noexcept {
    if (scale < 1) scale = 1;
    std::ptrdiff_t pen = x;
    for (const char ch : text) {
        const auto code = static_cast<unsigned char>(ch);
        if (code >= 32 && code < 127) {
            const std::size_t base = (code - 32U) * 5U;
            for (int col = 0; col < 5; ++col) {
                const std::uint8_t bits = font5x7[base + static_cast<std::size_t>(col)];
                for (int row = 0; row < glyph_rows; ++row) {
                    if (((bits >> row) & 1U) == 0) continue;
                    fill_rect(pen + col * scale, y + row * scale, pen + (col + 1) * scale, y + (row + 1) * scale,
                              color);
                }
            }
        }
        pen += glyph_advance * scale;
    }
}

std::size_t Image::text_width(std::string_view text, int scale) noexcept {
    if (text.empty()) return 0;
    if (scale < 1) scale = 1;
    // The last glyph's spacing column is not part of the text.
    return (text.size() * glyph_advance - 1) * static_cast<std::size_t>(scale);
}

std::size_t Image::text_height(int scale) noexcept {
    return static_cast<std::size_t>(glyph_rows * (scale < 1 ? 1 : scale));
}

bool png_available() noexcept { return COREMUSIC_CA_HAVE_PNG != 0; }

std::vector<std::byte> encode_png(const Image& image) {
    if (image.empty()) throw_error(Errc::InvalidArgument, "encode_png: the image is empty (0 x 0 pixels)");
#if !COREMUSIC_CA_HAVE_PNG
    throw_error(Errc::BackendUnavailable, "encode_png: this build of coremusic has no libpng");
#else
    const bool opaque = std::all_of(image.pixels().begin(), image.pixels().end(),
                                    [](const Rgba& p) { return p.a == 255; });
    const std::size_t channels = opaque ? 3 : 4;
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(image.width());
    png.height = static_cast<png_uint_32>(image.height());

    // Pictures of a few hundred colours at most (charts, quantised colour
    // maps) are written with a palette: a byte per pixel instead of three or
    // four, and runs that deflate far better.
    std::vector<std::uint32_t> palette;
    std::vector<std::uint8_t> raw;
    {
        std::vector<std::uint32_t> keys(image.pixels().size());
        std::size_t i = 0;
        for (const Rgba& p : image.pixels()) {
            keys[i++] = (std::uint32_t{p.r} << 24) | (std::uint32_t{p.g} << 16) | (std::uint32_t{p.b} << 8) | p.a;
        }
        std::vector<std::uint32_t> sorted = keys;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        if (sorted.size() <= 256) {
            palette = std::move(sorted);
            raw.resize(keys.size());
            for (std::size_t k = 0; k < keys.size(); ++k) {
                raw[k] = static_cast<std::uint8_t>(std::lower_bound(palette.begin(), palette.end(), keys[k]) -
                                                   palette.begin());
            }
        }
    }
    std::vector<std::uint8_t> colormap;
    png_int_32 stride = 0;
    if (!palette.empty()) {
        colormap.reserve(palette.size() * channels);
        for (const std::uint32_t c : palette) {
            colormap.push_back(static_cast<std::uint8_t>(c >> 24));
            colormap.push_back(static_cast<std::uint8_t>(c >> 16));
            colormap.push_back(static_cast<std::uint8_t>(c >> 8));
            if (!opaque) colormap.push_back(static_cast<std::uint8_t>(c));
        }
        png.format = (opaque ? PNG_FORMAT_RGB : PNG_FORMAT_RGBA) | PNG_FORMAT_FLAG_COLORMAP;
        png.colormap_entries = static_cast<png_uint_32>(palette.size());
        stride = static_cast<png_int_32>(image.width());
    } else {
        raw.resize(image.width() * image.height() * channels);
        std::size_t k = 0;
        for (const Rgba& p : image.pixels()) {
            raw[k++] = p.r;
            raw[k++] = p.g;
            raw[k++] = p.b;
            if (!opaque) raw[k++] = p.a;
        }
        png.format = opaque ? PNG_FORMAT_RGB : PNG_FORMAT_RGBA;
        stride = static_cast<png_int_32>(image.width() * channels);
    }
    // libpng's simplified API: no setjmp/longjmp across C++ frames.
    const void* cmap = colormap.empty() ? nullptr : colormap.data();
    png_alloc_size_t size = 0;
    if (png_image_write_to_memory(&png, nullptr, &size, 0, raw.data(), stride, cmap) == 0) {
        const std::string why = png.message;
        png_image_free(&png);
        throw_error(Errc::IoError, "encode_png: libpng failed: " + why);
    }
    std::vector<std::byte> out(size);
    if (png_image_write_to_memory(&png, out.data(), &size, 0, raw.data(), stride, cmap) == 0) {
        const std::string why = png.message;
        png_image_free(&png);
        throw_error(Errc::IoError, "encode_png: libpng failed: " + why);
    }
    out.resize(size);
    return out;
#endif
}

void write_png(const Image& image, const std::filesystem::path& path) {
    const std::vector<std::byte> bytes = encode_png(image);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw_error(Errc::IoError, "write_png: cannot create '" + path.string() + "'");
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) throw_error(Errc::IoError, "write_png: writing '" + path.string() + "' failed");
}

void write_png(const Image& image, const std::filesystem::path& path, std::error_code& ec) {
    ec.clear();
    try {
        write_png(image, path);
    } catch (const Error& e) {
        ec = e.code();
    }
}

std::string base64_encode(std::span<const std::byte> bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const auto v = (std::to_integer<std::uint32_t>(bytes[i]) << 16) |
                       (std::to_integer<std::uint32_t>(bytes[i + 1]) << 8) | std::to_integer<std::uint32_t>(bytes[i + 2]);
        out += alphabet[(v >> 18) & 63U];
        out += alphabet[(v >> 12) & 63U];
        out += alphabet[(v >> 6) & 63U];
        out += alphabet[v & 63U];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::to_integer<std::uint32_t>(bytes[i]) << 16;
        if (rest == 2) v |= std::to_integer<std::uint32_t>(bytes[i + 1]) << 8;
        out += alphabet[(v >> 18) & 63U];
        out += alphabet[(v >> 12) & 63U];
        out += rest == 2 ? alphabet[(v >> 6) & 63U] : '=';
        out += '=';
    }
    return out;
}

} // namespace cm::ca
