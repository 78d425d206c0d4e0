// Private helpers the waveform and spectrogram renderers share: tick steps
// that read well, their labels, and XML text escaping for the SVG output.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace cm::ca::detail {

/// A time step for axis ticks at least `min_step` seconds: 1, 2 or 5 times
/// a power of ten below a minute, then 1, 2, 5, 10, 15, 30 minutes, hours.
inline double nice_time_step(double min_step) {
    if (!(min_step > 0.0)) return 1.0;
    // Above 10 s, steps of 15 and 30 s keep ticks on minute multiples.
    if (min_step > 10.0 && min_step < 60.0) return min_step <= 15.0 ? 15.0 : (min_step <= 30.0 ? 30.0 : 60.0);
    if (min_step <= 10.0) {
        const double p = std::pow(10.0, std::floor(std::log10(min_step)));
        for (const double m : {1.0, 2.0, 5.0, 10.0}) {
            if (m * p >= min_step * (1.0 - 1e-9)) return m * p;
        }
    }
    for (const double s : {60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0}) {
        if (s >= min_step) return s;
    }
    return std::ceil(min_step / 3600.0) * 3600.0;
}

/// `value` with at most `decimals` decimals, trailing zeros dropped
/// ("0.5", "1", "-20").
inline std::string format_number(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

/// A time tick label for `t` seconds on an axis stepping by `step`:
/// "1.5s" below a minute's step, "m:ss" or "h:mm:ss" from one up.
inline std::string format_time(double t, double step) {
    if (step >= 60.0) {
        const auto total = static_cast<long long>(std::llround(t));
        char buf[32];
        if (total >= 3600) {
            std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
        } else {
            std::snprintf(buf, sizeof buf, "%lld:%02lld", total / 60, total % 60);
        }
        return buf;
    }
    const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    return format_number(t, decimals) + "s";
}

/// Tick positions k * step for k >= 0 up to `end` (inclusive, with a little
/// tolerance for rounding).
inline std::vector<double> ticks(double end, double step) {
    std::vector<double> out;
    for (long k = 0;; ++k) {
        const double t = static_cast<double>(k) * step;
        if (t > end * (1.0 + 1e-9) + 1e-12) break;
        out.push_back(t);
        if (out.size() > 10000) break;
    }
    return out;
}

/// `text` with & < > " ' escaped for XML.
inline std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

/// A coordinate for SVG: one decimal, no trailing zeros.
inline std::string svg_num(double v) { return format_number(v, 1); }

} // namespace cm::ca::detail
