// Spectrogram pictures: a dB raster through a perceptual colour map, with
// time and frequency axes and a colour bar, to PNG (Image) and SVG.
#include <coremusic/ca/spectrogram_image.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>

#include "ca/plot_axes.hpp"

namespace cm::ca {

namespace {

[[noreturn]] void bad(Errc code, const std::string& message) { throw Error(make_error_code(code), message); }

struct Layout {
    double left = 0, top = 0, width = 0, height = 0; // plot area
    double bar_left = 0;                             // colour bar
};

constexpr double bar_width = 14.0;

Layout layout_for(const SpectrogramStyle& s) {
    Layout l;
    l.left = s.show_axes ? 50.0 : 0.0;
    l.top = !s.title.empty() ? 22.0 : (s.show_axes || s.show_color_bar ? 10.0 : 0.0);
    const double right = s.show_color_bar ? 64.0 : (s.show_axes ? 14.0 : 0.0);
    const double bottom = s.show_axes ? 24.0 : 0.0;
    l.width = static_cast<double>(s.width) - l.left - right;
    l.height = static_cast<double>(s.height) - l.top - bottom;
    l.bar_left = l.left + l.width + 12.0;
    return l;
}

struct Range {
    double lo = 0.0; // Hz at the bottom
    double hi = 0.0; // Hz at the top
};

Range check(const Spectrogram& sg, const SpectrogramStyle& s, const Layout& l, const char* who) {
    if (sg.frames() == 0 || sg.bins() < 2 || !(sg.sample_rate() > 0.0)) {
        bad(Errc::InvalidArgument, std::string(who) + ": the spectrogram is empty (" + std::to_string(sg.frames()) +
                                       " frames x " + std::to_string(sg.bins()) + " bins)");
    }
    if (s.width > 32768 || s.height > 32768 || l.width < 16.0 || l.height < 16.0) {
        bad(Errc::OutOfRange, std::string(who) + ": a " + std::to_string(s.width) + " x " + std::to_string(s.height) +
                                  " picture leaves no room for the plot (at least 16 x 16 pixels; at most 32768 a side)");
    }
    if (!(s.floor_db < 0.0) || s.floor_db < -400.0) {
        bad(Errc::OutOfRange, std::string(who) + ": floor_db " + detail::format_number(s.floor_db, 2) +
                                  " must be negative (and not below -400)");
    }
    const double nyquist = sg.sample_rate() / 2.0;
    Range r;
    r.hi = s.max_frequency > 0.0 ? std::min(s.max_frequency, nyquist) : nyquist;
    if (!std::isfinite(s.max_frequency) || s.max_frequency < 0.0) {
        bad(Errc::OutOfRange, std::string(who) + ": max_frequency " + detail::format_number(s.max_frequency, 2) +
                                  " Hz must be 0 (Nyquist) or positive");
    }
    if (s.frequency_scale == FrequencyScale::Logarithmic) {
        if (!std::isfinite(s.min_frequency) || s.min_frequency <= 0.0 || s.min_frequency >= r.hi) {
            bad(Errc::OutOfRange, std::string(who) + ": min_frequency " + detail::format_number(s.min_frequency, 2) +
                                      " Hz must be positive and below the top of the axis (" +
                                      detail::format_number(r.hi, 2) + " Hz) for a logarithmic axis");
        }
        r.lo = s.min_frequency;
    }
    return r;
}

// Frequency at height u in [0, 1] of the plot (0 = bottom).
double frequency_at(double u, const Range& r, FrequencyScale scale) {
    if (scale == FrequencyScale::Linear) return r.lo + (r.hi - r.lo) * u;
    return r.lo * std::pow(r.hi / r.lo, u);
}

// Height in [0, 1] of frequency f.
double height_of(double f, const Range& r, FrequencyScale scale) {
    if (scale == FrequencyScale::Linear) return (f - r.lo) / (r.hi - r.lo);
    return std::log(f / r.lo) / std::log(r.hi / r.lo);
}

// The plot raster alone: pw x ph pixels.
Image raster(const Spectrogram& sg, const SpectrogramStyle& s, const Range& r, std::size_t pw, std::size_t ph) {
    Image img(pw, ph);
    const std::size_t frames = sg.frames();
    const std::size_t bins = sg.bins();
    float peak = 0.0F;
    for (const float v : sg.values()) {
        if (std::isfinite(v)) peak = std::max(peak, v);
    }
    const double bin_hz = sg.sample_rate() / static_cast<double>(sg.settings().frame_size);
    const double floor_db = s.floor_db;
    // Levels are quantised to `steps` colours: invisible next to the map's
    // own 256 entries, and with the axes' few colours the picture fits a
    // 256-entry PNG palette (a third of the RGB file's size).
    constexpr double steps = 240.0;
    const auto level = [&](double magnitude) {
        if (!(peak > 0.0F) || !(magnitude > 0.0)) return 0.0;
        const double db = 20.0 * std::log10(magnitude / static_cast<double>(peak));
        return std::round(std::clamp((db - floor_db) / -floor_db, 0.0, 1.0) * (steps - 1.0)) / (steps - 1.0);
    };
    // Each row's bin range, worked out once.
    struct RowBins {
        double lo, hi; // fractional bin positions
    };
    std::vector<RowBins> rows(ph);
    for (std::size_t py = 0; py < ph; ++py) {
        const double u_top = 1.0 - static_cast<double>(py) / static_cast<double>(ph);
        const double u_bot = 1.0 - static_cast<double>(py + 1) / static_cast<double>(ph);
        rows[py] = {frequency_at(u_bot, r, s.frequency_scale) / bin_hz,
                    frequency_at(u_top, r, s.frequency_scale) / bin_hz};
    }
    std::vector<float> column(bins);
    for (std::size_t px = 0; px < pw; ++px) {
        const std::size_t f0 = px * frames / pw;
        const std::size_t f1 = std::max((px + 1) * frames / pw, f0 + 1);
        std::fill(column.begin(), column.end(), 0.0F);
        for (std::size_t f = f0; f < f1 && f < frames; ++f) {
            const auto frame = sg.frame(f);
            for (std::size_t k = 0; k < bins; ++k) {
                if (std::isfinite(frame[k])) column[k] = std::max(column[k], frame[k]);
            }
        }
        for (std::size_t py = 0; py < ph; ++py) {
            const RowBins rb = rows[py];
            const double first = std::ceil(rb.lo);
            const double last = std::floor(rb.hi);
            double magnitude = 0.0;
            if (last >= first) {
                const auto k0 = static_cast<std::size_t>(std::max(first, 0.0));
                const auto k1 = std::min(static_cast<std::size_t>(std::max(last, 0.0)), bins - 1);
                for (std::size_t k = k0; k <= k1; ++k) magnitude = std::max(magnitude, static_cast<double>(column[k]));
            } else {
                const double centre = std::clamp((rb.lo + rb.hi) / 2.0, 0.0, static_cast<double>(bins - 1));
                const auto k = std::min(static_cast<std::size_t>(centre), bins - 2);
                const double frac = centre - static_cast<double>(k);
                magnitude = static_cast<double>(column[k]) * (1.0 - frac) + static_cast<double>(column[k + 1]) * frac;
            }
            img.set(static_cast<std::ptrdiff_t>(px), static_cast<std::ptrdiff_t>(py),
                    map_color(s.color_map, level(magnitude)));
        }
    }
    return img;
}

std::string frequency_label(double f) {
    if (f >= 1000.0) return detail::format_number(f / 1000.0, 1) + "k";
    return detail::format_number(f, 0);
}

std::vector<double> frequency_ticks(const Range& r, FrequencyScale scale, double plot_height) {
    std::vector<double> out;
    if (scale == FrequencyScale::Logarithmic) {
        for (double decade = 10.0; decade <= 100000.0; decade *= 10.0) {
            for (const double m : {1.0, 2.0, 5.0}) {
                const double f = m * decade;
                if (f >= r.lo * 0.999 && f <= r.hi * 1.001) out.push_back(f);
            }
        }
        return out;
    }
    // About one tick per 50 pixels, on 1-2-5 steps.
    const double min_step = (r.hi - r.lo) * 50.0 / std::max(plot_height, 1.0);
    const double p = std::pow(10.0, std::floor(std::log10(min_step)));
    double step = 10.0 * p;
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * p >= min_step) {
            step = m * p;
            break;
        }
    }
    for (double f = 0.0; f <= r.hi * 1.0001; f += step) out.push_back(f);
    return out;
}

std::vector<double> db_ticks(double floor_db) {
    const double step = floor_db >= -60.0 ? 10.0 : 20.0;
    std::vector<double> out;
    for (double db = 0.0; db >= floor_db - 1e-9; db -= step) out.push_back(db);
    return out;
}

double duration_of(const Spectrogram& sg) {
    return static_cast<double>(sg.frames() * sg.settings().hop_size) / sg.sample_rate();
}

} // namespace

Image render_spectrogram_image(const Spectrogram& sg, const SpectrogramStyle& s) {
    const Layout l = layout_for(s);
    const Range r = check(sg, s, l, "render_spectrogram_image");
    const auto pw = static_cast<std::size_t>(l.width);
    const auto ph = static_cast<std::size_t>(l.height);
    Image img(s.width, s.height, s.background);
    const Image plot = raster(sg, s, r, pw, ph);
    const auto x0 = static_cast<std::ptrdiff_t>(l.left);
    const auto y0 = static_cast<std::ptrdiff_t>(l.top);
    for (std::size_t y = 0; y < ph; ++y) {
        for (std::size_t x = 0; x < pw; ++x) {
            img.set(x0 + static_cast<std::ptrdiff_t>(x), y0 + static_cast<std::ptrdiff_t>(y), plot.at(x, y));
        }
    }
    const auto ipw = static_cast<std::ptrdiff_t>(pw);
    const auto iph = static_cast<std::ptrdiff_t>(ph);
    const auto th = static_cast<std::ptrdiff_t>(Image::text_height());
    if (s.show_axes) {
        // Frame lines left and below.
        img.fill_rect(x0 - 1, y0, x0, y0 + iph + 1, s.axis);
        img.fill_rect(x0 - 1, y0 + iph, x0 + ipw, y0 + iph + 1, s.axis);
        for (const double f : frequency_ticks(r, s.frequency_scale, l.height)) {
            const double u = height_of(f, r, s.frequency_scale);
            const auto y = y0 + iph - 1 - static_cast<std::ptrdiff_t>(std::lround(u * (l.height - 1.0)));
            img.fill_rect(x0 - 5, y, x0 - 1, y + 1, s.axis);
            const std::string label = frequency_label(f);
            const auto w = static_cast<std::ptrdiff_t>(Image::text_width(label));
            img.draw_text(x0 - 8 - w, std::clamp<std::ptrdiff_t>(y - 3, y0, y0 + iph - th + 1), label, s.text);
        }
        img.draw_text(4, y0 > 10 ? y0 - 10 : 0, "Hz", s.text);
        const double duration = duration_of(sg);
        const double step = detail::nice_time_step(duration * 100.0 / l.width);
        for (const double t : detail::ticks(duration, step)) {
            const auto x = x0 + static_cast<std::ptrdiff_t>(std::lround(t / duration * (l.width - 1.0)));
            img.fill_rect(x, y0 + iph, x + 1, y0 + iph + 5, s.axis);
            const std::string label = detail::format_time(t, step);
            const auto w = static_cast<std::ptrdiff_t>(Image::text_width(label));
            img.draw_text(std::clamp<std::ptrdiff_t>(x - w / 2, 0, static_cast<std::ptrdiff_t>(s.width) - w),
                          y0 + iph + 9, label, s.text);
        }
    }
    if (s.show_color_bar) {
        const auto bx = static_cast<std::ptrdiff_t>(l.bar_left);
        const auto bw = static_cast<std::ptrdiff_t>(bar_width);
        for (std::ptrdiff_t y = 0; y < iph; ++y) {
            const double u = 1.0 - static_cast<double>(y) / std::max(l.height - 1.0, 1.0);
            img.fill_rect(bx, y0 + y, bx + bw, y0 + y + 1, map_color(s.color_map, std::round(u * 239.0) / 239.0));
        }
        for (const double db : db_ticks(s.floor_db)) {
            const double u = (db - s.floor_db) / -s.floor_db;
            const auto y = y0 + iph - 1 - static_cast<std::ptrdiff_t>(std::lround(u * (l.height - 1.0)));
            img.fill_rect(bx + bw, y, bx + bw + 4, y + 1, s.axis);
            img.draw_text(bx + bw + 6, std::clamp<std::ptrdiff_t>(y - 3, y0, y0 + iph - th + 1),
                          detail::format_number(db, 0), s.text);
        }
        img.draw_text(bx, y0 > 10 ? y0 - 10 : 0, "dB", s.text);
    }
    if (!s.title.empty()) img.draw_text(x0, 7, s.title, s.text);
    return img;
}

std::string render_spectrogram_svg(const Spectrogram& sg, const SpectrogramStyle& s) {
    using detail::svg_num;
    const Layout l = layout_for(s);
    const Range r = check(sg, s, l, "render_spectrogram_svg");
    const auto pw = static_cast<std::size_t>(l.width);
    const auto ph = static_cast<std::size_t>(l.height);
    const std::string png = base64_encode(encode_png(raster(sg, s, r, pw, ph)));
    std::ostringstream svg;
    svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\""
        << s.width << "\" height=\"" << s.height << "\" viewBox=\"0 0 " << s.width << ' ' << s.height
        << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"" << to_hex(s.background) << "\"/>\n";
    if (!s.title.empty()) {
        svg << "<text x=\"" << svg_num(l.left) << "\" y=\"15\" font-size=\"13\" fill=\"" << to_hex(s.text) << "\">"
            << detail::xml_escape(s.title) << "</text>\n";
    }
    svg << "<image class=\"spectrogram\" x=\"" << svg_num(l.left) << "\" y=\"" << svg_num(l.top) << "\" width=\""
        << pw << "\" height=\"" << ph << "\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64,"
        << png << "\"/>\n";
    const double bottom = l.top + static_cast<double>(ph);
    if (s.show_axes) {
        svg << "<g class=\"axes\" stroke=\"" << to_hex(s.axis) << "\" fill=\"" << to_hex(s.text) << "\">\n";
        svg << "<polyline fill=\"none\" points=\"" << svg_num(l.left - 0.5) << ',' << svg_num(l.top) << ' '
            << svg_num(l.left - 0.5) << ',' << svg_num(bottom + 0.5) << ' ' << svg_num(l.left + static_cast<double>(pw))
            << ',' << svg_num(bottom + 0.5) << "\"/>\n";
        for (const double f : frequency_ticks(r, s.frequency_scale, l.height)) {
            const double y = bottom - height_of(f, r, s.frequency_scale) * static_cast<double>(ph);
            svg << "<line x1=\"" << svg_num(l.left - 5) << "\" y1=\"" << svg_num(y) << "\" x2=\"" << svg_num(l.left)
                << "\" y2=\"" << svg_num(y) << "\"/>\n<text stroke=\"none\" x=\"" << svg_num(l.left - 8) << "\" y=\""
                << svg_num(std::clamp(y + 4, l.top + 9, bottom)) << "\" text-anchor=\"end\">" << frequency_label(f)
                << "</text>\n";
        }
        svg << "<text stroke=\"none\" x=\"4\" y=\"" << svg_num(std::max(l.top - 2, 10.0)) << "\">Hz</text>\n";
        const double duration = duration_of(sg);
        const double step = detail::nice_time_step(duration * 100.0 / l.width);
        for (const double t : detail::ticks(duration, step)) {
            const double x = l.left + t / duration * static_cast<double>(pw);
            svg << "<line x1=\"" << svg_num(x) << "\" y1=\"" << svg_num(bottom) << "\" x2=\"" << svg_num(x)
                << "\" y2=\"" << svg_num(bottom + 5) << "\"/>\n<text stroke=\"none\" x=\"" << svg_num(x) << "\" y=\""
                << svg_num(bottom + 17) << "\" text-anchor=\"middle\">" << detail::format_time(t, step) << "</text>\n";
        }
        svg << "</g>\n";
    }
    if (s.show_color_bar) {
        svg << "<defs><linearGradient id=\"cm-colorbar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
        for (int i = 0; i <= 16; ++i) {
            const double u = i / 16.0;
            svg << "<stop offset=\"" << detail::format_number(u, 4) << "\" stop-color=\""
                << to_hex(map_color(s.color_map, u)) << "\"/>\n";
        }
        svg << "</linearGradient></defs>\n";
        svg << "<g class=\"color-bar\" stroke=\"" << to_hex(s.axis) << "\" fill=\"" << to_hex(s.text) << "\">\n";
        svg << "<rect x=\"" << svg_num(l.bar_left) << "\" y=\"" << svg_num(l.top) << "\" width=\"" << svg_num(bar_width)
            << "\" height=\"" << ph << "\" fill=\"url(#cm-colorbar)\" stroke=\"none\"/>\n";
        for (const double db : db_ticks(s.floor_db)) {
            const double y = bottom - (db - s.floor_db) / -s.floor_db * static_cast<double>(ph);
            svg << "<line x1=\"" << svg_num(l.bar_left + bar_width) << "\" y1=\"" << svg_num(y) << "\" x2=\""
                << svg_num(l.bar_left + bar_width + 4) << "\" y2=\"" << svg_num(y) << "\"/>\n<text stroke=\"none\" x=\""
                << svg_num(l.bar_left + bar_width + 7) << "\" y=\"" << svg_num(std::clamp(y + 4, l.top + 9, bottom))
                << "\">" << detail::format_number(db, 0) << "</text>\n";
        }
        svg << "<text stroke=\"none\" x=\"" << svg_num(l.bar_left) << "\" y=\"" << svg_num(std::max(l.top - 2, 10.0))
            << "\">dB</text>\n</g>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

} // namespace cm::ca
