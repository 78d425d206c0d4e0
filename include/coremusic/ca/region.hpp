// coremusic/ca/region.hpp
// Region: a span of sample frames, what silence detection, slicing and
// analysis results are expressed in.
#pragma once

#include <cstdint>

namespace cm::ca {

/// The frames [start, end) of a signal. Frames, not seconds, so regions
/// map back to samples exactly; divide by the sample rate for seconds.
/// Thread-safe: a value type. Realtime-safe.
struct Region {
    std::int64_t start = 0;  ///< first frame
    std::int64_t end = 0;    ///< one past the last frame

    /// end - start (0 for an empty or inverted region).
    [[nodiscard]] constexpr std::int64_t length() const noexcept { return end > start ? end - start : 0; }
    /// True when the region holds no frame.
    [[nodiscard]] constexpr bool empty() const noexcept { return end <= start; }
    /// True when `frame` lies in [start, end).
    [[nodiscard]] constexpr bool contains(std::int64_t frame) const noexcept { return frame >= start && frame < end; }
    friend constexpr bool operator==(const Region&, const Region&) noexcept = default;
};

} // namespace cm::ca
