// coremusic/ca/spectrogram_image.hpp
// Drawing a Spectrogram: a colour-mapped dB raster (time left to right, low
// frequencies at the bottom) with axes and a colour bar, as PNG or SVG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <coremusic/ca/color_map.hpp>
#include <coremusic/ca/image.hpp>
#include <coremusic/ca/stft.hpp>

namespace cm::ca {

/// The frequency axis of a spectrogram drawing.
enum class FrequencyScale : std::uint8_t {
    Linear,       ///< 0 Hz to max_frequency, evenly
    Logarithmic,  ///< min_frequency to max_frequency, octaves evenly: music reads this way
};

/// How a spectrogram is drawn. Sizes are of the whole picture, axes and
/// colour bar included.
struct SpectrogramStyle {
    std::size_t width = 1200;
    std::size_t height = 480;
    FrequencyScale frequency_scale = FrequencyScale::Logarithmic;
    double min_frequency = 30.0;  ///< bottom of a logarithmic axis (Hz, > 0)
    double max_frequency = 0.0;   ///< top of the axis; 0 means Nyquist
    /// Levels are 20 log10(|X| / max |X|) dB; this is the bottom of the
    /// colour scale (negative). Anything quieter gets the map's darkest colour.
    double floor_db = -100.0;
    ColorMap color_map = ColorMap::Magma;
    bool show_axes = true;        ///< time and frequency ticks and labels
    bool show_color_bar = true;   ///< the dB scale at the right
    std::string title;            ///< drawn above the plot when not empty
    Rgba background{255, 255, 255, 255};
    Rgba axis{90, 98, 110, 255};
    Rgba text{40, 44, 52, 255};
};

/// Draws `spectrogram` into a style.width x style.height image. Each pixel
/// shows the loudest cell it covers (so short events and thin partials do
/// not vanish when many frames or bins share a pixel); where a pixel row
/// spans less than a bin (low frequencies on a log axis) the magnitude is
/// interpolated between bins.
/// Throws cm::Error (Errc::InvalidArgument / OutOfRange) for an empty
/// spectrogram, a picture too small for its plot (at least 16 x 16 pixels
/// of plot), a floor_db that is not negative, or frequencies out of order.
/// Thread-safe.
[[nodiscard]] Image render_spectrogram_image(const Spectrogram& spectrogram, const SpectrogramStyle& style = {});

/// The same drawing as an SVG document: the raster embedded as a base64 PNG
/// <image>, axes, labels and colour bar as vector elements. Throws as
/// render_spectrogram_image(), and Errc::BackendUnavailable without libpng.
/// Thread-safe.
[[nodiscard]] std::string render_spectrogram_svg(const Spectrogram& spectrogram,
                                                 const SpectrogramStyle& style = {});

} // namespace cm::ca
