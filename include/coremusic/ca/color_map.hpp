// coremusic/ca/color_map.hpp
// Perceptually uniform colour maps (matplotlib's viridis and magma) for
// turning a level into a colour in spectrograms and heat maps.
#pragma once

#include <cstdint>

#include <coremusic/ca/image.hpp>

namespace cm::ca {

/// The colour maps coremusic draws with: the 256-entry tables Stéfan van der
/// Walt and Nathaniel Smith published with matplotlib 1.5 (2015, CC0;
/// matplotlib/_cm_listed.py), dark to bright with perceived lightness rising
/// evenly, legible to colour-blind readers and in greyscale.
enum class ColorMap : std::uint8_t {
    Viridis,  ///< dark blue - teal - green - yellow
    Magma,    ///< black - purple - orange - pale yellow
    Gray,     ///< black to white
};

/// The colour for `t` in [0, 1] (clamped; NaN gives the 0 end): linear
/// interpolation between the table's 256 entries. Thread-safe. Realtime-safe.
[[nodiscard]] Rgba map_color(ColorMap map, double t) noexcept;

} // namespace cm::ca
