// Unicode block sparklines.
#include <coremusic/ca/sparkline.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include <coremusic/core/error.hpp>

namespace cm::ca {

namespace {

// U+2581 .. U+2588, LOWER ONE EIGHTH BLOCK to FULL BLOCK.
constexpr std::array<std::string_view, 8> blocks = {"\u2581", "\u2582", "\u2583", "\u2584",
                                                    "\u2585", "\u2586", "\u2587", "\u2588"};

// Means of `width` runs over `values`; NaN for a run with no finite value.
std::vector<double> run_means(std::span<const float> values, std::size_t width) {
    const std::size_t n = values.size();
    std::vector<double> means(width, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < width; ++i) {
        const std::size_t a = i * n / width;
        const std::size_t b = std::max((i + 1) * n / width, a + 1);
        double sum = 0.0;
        std::size_t count = 0;
        for (std::size_t k = a; k < b && k < n; ++k) {
            if (std::isnan(values[k])) continue;
            sum += static_cast<double>(values[k]);
            ++count;
        }
        if (count > 0) means[i] = sum / static_cast<double>(count);
    }
    return means;
}

std::string draw(const std::vector<double>& levels, double lo, double hi) {
    std::string out;
    out.reserve(levels.size() * 3);
    for (const double v : levels) {
        if (std::isnan(v)) {
            out += ' ';
            continue;
        }
        std::size_t level = 3; // all equal: the middle block
        if (std::isinf(v)) {
            level = v > 0.0 ? 7 : 0;
        } else if (hi > lo) {
            const double x = std::floor(8.0 * (v - lo) / (hi - lo));
            level = x <= 0.0 ? 0 : static_cast<std::size_t>(std::min(x, 7.0));
        }
        out += blocks[level];
    }
    return out;
}

} // namespace

std::string sparkline(std::span<const float> values, std::size_t width) {
    if (values.empty()) return {};
    if (width == 0) width = values.size();
    const std::vector<double> means = run_means(values, width);
    // The scale comes from the finite means; infinities draw at its ends.
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const double m : means) {
        if (!std::isfinite(m)) continue;
        lo = std::min(lo, m);
        hi = std::max(hi, m);
    }
    if (lo > hi) lo = hi = 0.0;
    return draw(means, lo, hi);
}

std::string sparkline(std::span<const float> values, std::size_t width, float lo, float hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "sparkline: the scale [" + std::to_string(lo) + ", " + std::to_string(hi) +
                        "] must be finite with lo < hi");
    }
    if (values.empty()) return {};
    if (width == 0) width = values.size();
    std::vector<double> means = run_means(values, width);
    for (double& m : means) {
        if (!std::isnan(m)) m = std::clamp(m, static_cast<double>(lo), static_cast<double>(hi));
    }
    return draw(means, lo, hi);
}

std::string waveform_sparkline(ConstAudioBufferView audio, std::size_t width) {
    if (audio.empty() || width == 0) return {};
    const std::size_t n = audio.frames();
    std::vector<double> peaks(width, 0.0);
    for (std::size_t i = 0; i < width; ++i) {
        const std::size_t a = i * n / width;
        const std::size_t b = std::max((i + 1) * n / width, a + 1);
        double peak = 0.0;
        for (std::size_t c = 0; c < audio.channels(); ++c) {
            const auto ch = audio.channel(c);
            for (std::size_t k = a; k < b && k < n; ++k) {
                const double v = std::fabs(static_cast<double>(ch[k]));
                if (std::isfinite(v)) peak = std::max(peak, v);
            }
        }
        peaks[i] = std::min(peak, 1.0);
    }
    return draw(peaks, 0.0, 1.0);
}

} // namespace cm::ca
