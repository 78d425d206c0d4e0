// coremusic/ca/image.hpp
// A plain RGBA raster and its PNG encoding: what the waveform and
// spectrogram renderers draw into and save.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace cm::ca {

/// One 8-bit sRGB pixel with straight (not premultiplied) alpha.
struct Rgba {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    std::uint8_t a = 255;

    friend constexpr bool operator==(const Rgba&, const Rgba&) = default;
};

/// "#rrggbb" for SVG and CSS (alpha is not written). Thread-safe.
[[nodiscard]] std::string to_hex(Rgba color);

/// A width x height RGBA image, rows from the top, pixels left to right.
/// Thread-safety: a value type. Realtime-safety: none (it allocates).
class Image {
public:
    /// An empty 0 x 0 image.
    Image() = default;
    /// A width x height image filled with `fill`. Throws cm::Error
    /// (Errc::OutOfRange) when a side is 0 or above 32768.
    Image(std::size_t width, std::size_t height, Rgba fill = {});

    [[nodiscard]] std::size_t width() const noexcept { return width_; }
    [[nodiscard]] std::size_t height() const noexcept { return height_; }
    [[nodiscard]] bool empty() const noexcept { return width_ == 0 || height_ == 0; }

    /// The pixel at column x, row y (0 = top). Precondition: inside.
    [[nodiscard]] Rgba at(std::size_t x, std::size_t y) const noexcept { return pixels_[y * width_ + x]; }
    /// Sets a pixel; coordinates outside the image are ignored.
    void set(std::ptrdiff_t x, std::ptrdiff_t y, Rgba color) noexcept;
    /// Mixes `color` over the pixel with weight coverage * color.a / 255
    /// (coverage in [0, 1], for anti-aliasing); outside is ignored.
    void blend(std::ptrdiff_t x, std::ptrdiff_t y, Rgba color, double coverage = 1.0) noexcept;
    /// Fills the rectangle [x0, x1) x [y0, y1), clipped to the image, by
    /// blending `color` (opaque colours replace).
    void fill_rect(std::ptrdiff_t x0, std::ptrdiff_t y0, std::ptrdiff_t x1, std::ptrdiff_t y1, Rgba color) noexcept;
    /// Writes `text` with the built-in 5 x 7 pixel font (printable ASCII;
    /// other bytes draw as blanks; 6 pixels per character, 8 rows with the
    /// descenders), its top-left corner at (x, y), each font pixel `scale`
    /// x `scale`.
    void draw_text(std::ptrdiff_t x, std::ptrdiff_t y, std::string_view text, Rgba color, int scale = 1) noexcept;
    /// Width in pixels draw_text() uses for `text` at `scale`.
    [[nodiscard]] static std::size_t text_width(std::string_view text, int scale = 1) noexcept;
    /// Height in pixels of one line of draw_text() at `scale` (8 * scale).
    [[nodiscard]] static std::size_t text_height(int scale = 1) noexcept;

    /// All pixels, row-major.
    [[nodiscard]] std::span<const Rgba> pixels() const noexcept { return pixels_; }

private:
    std::vector<Rgba> pixels_;
    std::size_t width_ = 0;
    std::size_t height_ = 0;
};

/// `image` as PNG file bytes encoded with libpng: 8-bit RGB (RGBA when a
/// pixel is not opaque), with a palette when there are at most 256 colours. Throws cm::Error (Errc::InvalidArgument)
/// for an empty image, Errc::BackendUnavailable without libpng.
/// Thread-safe.
[[nodiscard]] std::vector<std::byte> encode_png(const Image& image);

/// Writes `image` as a PNG file at `path`. Throws as encode_png() and
/// cm::Error (Errc::IoError) when the file cannot be written.
void write_png(const Image& image, const std::filesystem::path& path);
/// As above, reporting failure through `ec` instead of throwing.
void write_png(const Image& image, const std::filesystem::path& path, std::error_code& ec);

/// True when this build can encode PNG (libpng). Thread-safe.
[[nodiscard]] bool png_available() noexcept;

/// `bytes` in base64 (RFC 4648, with padding), e.g. for a data: URI.
/// Thread-safe.
[[nodiscard]] std::string base64_encode(std::span<const std::byte> bytes);

} // namespace cm::ca
