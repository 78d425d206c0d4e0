// coremusic/ca/window.hpp
// Analysis windows for the FFT, STFT and spectral features.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <vector>

#include <coremusic/core/error.hpp>

namespace cm::ca {

/// The window shapes coremusic's analysis uses.
enum class WindowType : std::uint8_t {
    Rectangular,     ///< all ones
    Hann,            ///< 0.5 - 0.5 cos: the default for the STFT
    Hamming,         ///< 0.54 - 0.46 cos
    Blackman,        ///< 0.42 - 0.5 cos + 0.08 cos 2
    BlackmanHarris,  ///< 4-term, -92 dB side lobes: for spectral peaks
};

/// `size` samples of the window. Periodic (the default, for spectral
/// analysis: the DFT-even form whose period is `size`, as scipy's
/// `sym=False`) or symmetric (for filter design). Throws cm::Error for size 0.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<float> make_window(WindowType type, std::size_t size, bool periodic = true) {
    if (size == 0) throw Error("make_window: the size must be at least 1");
    std::vector<float> w(size, 1.0F);
    if (type == WindowType::Rectangular || size == 1) return w;
    const double n = periodic ? static_cast<double>(size) : static_cast<double>(size - 1);
    const double two_pi = 2.0 * std::numbers::pi;
    for (std::size_t i = 0; i < size; ++i) {
        const double x = two_pi * static_cast<double>(i) / n;
        double v = 1.0;
        switch (type) {
        case WindowType::Rectangular: v = 1.0; break;
        case WindowType::Hann: v = 0.5 - 0.5 * std::cos(x); break;
        case WindowType::Hamming: v = 0.54 - 0.46 * std::cos(x); break;
        case WindowType::Blackman: v = 0.42 - 0.5 * std::cos(x) + 0.08 * std::cos(2.0 * x); break;
        case WindowType::BlackmanHarris:
            v = 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2.0 * x) - 0.01168 * std::cos(3.0 * x);
            break;
        }
        w[i] = static_cast<float>(v);
    }
    return w;
}

} // namespace cm::ca
