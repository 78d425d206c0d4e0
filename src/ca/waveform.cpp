// Waveform summaries (min/max/RMS per column) and their PNG and SVG drawings.
#include <coremusic/ca/waveform.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include <coremusic/ca/audio_file.hpp>
#include <coremusic/core/error.hpp>

#include "ca/plot_axes.hpp"

namespace cm::ca {

namespace {

[[noreturn]] void bad(Errc code, const std::string& message) { throw Error(make_error_code(code), message); }

// floor(x * frames / columns) without overflowing for long files.
std::int64_t column_start_of(std::size_t x, std::int64_t frames, std::size_t columns) noexcept {
    const auto c = static_cast<std::int64_t>(columns);
    const auto xi = static_cast<std::int64_t>(x);
    return xi * (frames / c) + xi * (frames % c) / c;
}

} // namespace

// ---- WaveformSummary ----

WaveformSummary::WaveformSummary(std::size_t channels, std::size_t columns, std::int64_t frames,
                                 double sample_rate)
    : data_(channels * columns),
      channels_(channels),
      columns_(columns),
      frames_(frames),
      sample_rate_(sample_rate) {}

std::int64_t WaveformSummary::column_start(std::size_t x) const noexcept {
    return columns_ == 0 ? 0 : column_start_of(x, frames_, columns_);
}

// ---- WaveformSummarizer ----

WaveformSummarizer::WaveformSummarizer(std::size_t channels, std::size_t columns, std::int64_t total_frames,
                                       double sample_rate) {
    if (channels == 0 || channels > max_channels) {
        bad(Errc::OutOfRange, "waveform summary: " + std::to_string(channels) + " channels; expected 1 to " +
                                  std::to_string(max_channels));
    }
    if (columns == 0 || columns > (std::size_t{1} << 20)) {
        bad(Errc::OutOfRange,
            "waveform summary: " + std::to_string(columns) + " columns; expected 1 to 1048576");
    }
    if (total_frames < 0) {
        bad(Errc::InvalidArgument, "waveform summary: frame count " + std::to_string(total_frames) +
                                       " is negative");
    }
    if (!std::isfinite(sample_rate) || sample_rate <= 0.0) {
        bad(Errc::InvalidArgument, "waveform summary: sample rate " + detail::format_number(sample_rate, 3) +
                                       " must be finite and positive");
    }
    summary_ = WaveformSummary(channels, columns, total_frames, sample_rate);
    acc_.resize(channels * columns);
}

std::int64_t WaveformSummarizer::start_of(std::size_t x) const noexcept {
    return column_start_of(x, summary_.frames(), summary_.columns());
}

std::int64_t WaveformSummarizer::end_of(std::size_t x) const noexcept {
    return std::max(start_of(x + 1), start_of(x) + 1);
}

bool WaveformSummarizer::add(ConstAudioBufferView block) noexcept {
    const std::size_t channels = summary_.channels();
    const std::size_t columns = summary_.columns();
    if (block.frames() == 0) return true;
    if (block.channels() != channels) return false;
    const std::int64_t total = summary_.frames();
    const auto len = static_cast<std::int64_t>(block.frames());
    const auto update = [&](std::size_t c, std::size_t x, std::int64_t from, std::int64_t to) {
        Acc& a = acc_[c * columns + x];
        const auto samples = block.channel(c);
        float lo = a.count > 0 ? a.min : std::numeric_limits<float>::infinity();
        float hi = a.count > 0 ? a.max : -std::numeric_limits<float>::infinity();
        double sq = 0.0;
        for (std::int64_t i = from; i < to; ++i) {
            float v = samples[static_cast<std::size_t>(i)];
            if (!std::isfinite(v)) v = 0.0F;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sq += static_cast<double>(v) * static_cast<double>(v);
        }
        a.min = lo;
        a.max = hi;
        a.sum_squares += sq;
        a.count += to - from;
    };
    std::int64_t i = 0;
    while (i < len && next_frame_ < total) {
        while (first_open_ < columns && end_of(first_open_) <= next_frame_) ++first_open_;
        if (first_open_ >= columns) break;
        if (total >= static_cast<std::int64_t>(columns)) {
            // Columns are disjoint runs of >= 1 frame: one column per run.
            const std::int64_t run_end = std::min(end_of(first_open_), next_frame_ + (len - i));
            const std::int64_t n = run_end - next_frame_;
            for (std::size_t c = 0; c < channels; ++c) update(c, first_open_, i, i + n);
            i += n;
            next_frame_ += n;
        } else {
            // Fewer frames than columns: a frame may start several columns.
            for (std::size_t x = first_open_; x < columns && start_of(x) <= next_frame_; ++x) {
                for (std::size_t c = 0; c < channels; ++c) update(c, x, i, i + 1);
            }
            ++i;
            ++next_frame_;
        }
    }
    return true;
}

WaveformSummary WaveformSummarizer::finish() && {
    const std::size_t columns = summary_.columns();
    for (std::size_t c = 0; c < summary_.channels(); ++c) {
        auto out = summary_.channel(c);
        for (std::size_t x = 0; x < columns; ++x) {
            const Acc& a = acc_[c * columns + x];
            if (a.count == 0) continue;
            out[x] = {a.min, a.max, static_cast<float>(std::sqrt(a.sum_squares / static_cast<double>(a.count)))};
        }
    }
    return std::move(summary_);
}

WaveformSummary summarize_waveform(ConstAudioBufferView audio, double sample_rate, std::size_t columns) {
    if (audio.channels() == 0) bad(Errc::InvalidArgument, "summarize_waveform: the view has no channels");
    WaveformSummarizer s(audio.channels(), columns, static_cast<std::int64_t>(audio.frames()), sample_rate);
    (void)s.add(audio);
    return std::move(s).finish();
}

WaveformSummary summarize_waveform(AudioFile& file, std::size_t columns, const ProgressCallback& progress) {
    const std::int64_t total = file.frame_count();
    const std::size_t channels = file.channels();
    WaveformSummarizer s(channels, columns, total, file.sample_rate());
    constexpr std::size_t block = 65536;
    AudioBuffer buffer(block, channels);
    std::int64_t at = 0;
    while (at < total) {
        const std::size_t got = file.read_frames(at, buffer.view());
        if (got == 0) break; // the file is shorter than its header said
        (void)s.add(buffer.view().subview(0, got));
        at += static_cast<std::int64_t>(got);
        if (progress) progress(static_cast<double>(at) / static_cast<double>(total));
    }
    if (progress) progress(1.0);
    return std::move(s).finish();
}

// ---- drawing ----

namespace {

struct Layout {
    double left = 0, top = 0, width = 0, height = 0; // plot area
    double lane_height = 0, lane_gap = 0;
    std::size_t lanes = 0;
    [[nodiscard]] double lane_top(std::size_t c) const {
        return top + static_cast<double>(c) * (lane_height + lane_gap);
    }
};

constexpr double axis_left = 46.0;
constexpr double axis_bottom = 24.0;
constexpr double margin = 10.0;
constexpr double title_height = 22.0;
constexpr double lane_gap = 8.0;

Layout layout_for(const WaveformStyle& style, std::size_t channels) {
    Layout l;
    l.left = style.show_axes ? axis_left : 0.0;
    l.top = style.title.empty() ? (style.show_axes ? margin : 0.0) : title_height;
    const double right = style.show_axes ? margin * 1.5 : 0.0;
    const double bottom = style.show_axes ? axis_bottom : 0.0;
    l.width = static_cast<double>(style.width) - l.left - right;
    l.height = static_cast<double>(style.height) - l.top - bottom;
    l.lanes = channels;
    l.lane_gap = channels > 1 ? lane_gap : 0.0;
    l.lane_height = (l.height - l.lane_gap * static_cast<double>(channels - 1)) / static_cast<double>(channels);
    return l;
}

void check_drawable(const WaveformSummary& summary, const WaveformStyle& style, const Layout& l, const char* who) {
    if (summary.channels() == 0 || summary.columns() == 0) {
        bad(Errc::InvalidArgument, std::string(who) + ": the waveform summary is empty");
    }
    if (style.width > 32768 || style.height > 32768 || l.width < 16.0 || l.lane_height < 8.0) {
        bad(Errc::OutOfRange, std::string(who) + ": a " + std::to_string(style.width) + " x " +
                                  std::to_string(style.height) + " picture has no room for " +
                                  std::to_string(summary.channels()) +
                                  " lanes (each needs 8 pixels of height; the plot 16 of width; at most 32768)");
    }
    if (style.scale == WaveformScale::Decibels && !(style.db_floor < 0.0 && style.db_floor >= -300.0)) {
        bad(Errc::OutOfRange, std::string(who) + ": db_floor " + detail::format_number(style.db_floor, 2) +
                                  " must be negative (and not below -300)");
    }
}

// A sample value in [-1, 1] -> [-1, 1] on the lane's vertical scale.
double scaled(double v, const WaveformStyle& style) {
    if (style.scale == WaveformScale::Linear) return std::clamp(v, -1.0, 1.0);
    const double a = std::fabs(v);
    if (a <= 0.0) return 0.0;
    const double db = 20.0 * std::log10(a);
    const double m = std::clamp((db - style.db_floor) / -style.db_floor, 0.0, 1.0);
    return v < 0.0 ? -m : m;
}

// The summary resampled to `width` pixel columns (min of mins, max of
// maxes, RMS as the root of the mean power), each column then widened to
// reach halfway to a neighbour it does not overlap, so that a slow wave
// drawn one column at a time stays a connected line.
std::vector<WaveformColumn> pixel_columns(std::span<const WaveformColumn> in, std::size_t width) {
    std::vector<WaveformColumn> out(width);
    const std::size_t n = in.size();
    for (std::size_t px = 0; px < width; ++px) {
        const std::size_t a = px * n / width;
        const std::size_t b = std::max((px + 1) * n / width, a + 1);
        WaveformColumn col = in[a];
        double power = static_cast<double>(in[a].rms) * in[a].rms;
        for (std::size_t k = a + 1; k < b && k < n; ++k) {
            col.min = std::min(col.min, in[k].min);
            col.max = std::max(col.max, in[k].max);
            power += static_cast<double>(in[k].rms) * in[k].rms;
        }
        col.rms = static_cast<float>(std::sqrt(power / static_cast<double>(std::min(b, n) - a)));
        out[px] = col;
    }
    std::vector<WaveformColumn> joined = out;
    for (std::size_t px = 0; px < width; ++px) {
        for (const std::size_t nb : {px - 1, px + 1}) {
            if (nb >= width) continue; // px - 1 wraps for px == 0
            if (out[nb].min > out[px].max) joined[px].max = std::max(joined[px].max, (out[nb].min + out[px].max) / 2);
            if (out[nb].max < out[px].min) joined[px].min = std::min(joined[px].min, (out[nb].max + out[px].min) / 2);
        }
    }
    return joined;
}

std::string channel_name(std::size_t c, std::size_t channels) {
    if (channels == 2) return c == 0 ? "L" : "R";
    return std::to_string(c + 1);
}

struct AmpTick {
    double value;       // position on the lane's scaled axis, -1..1
    std::string label;
};

std::vector<AmpTick> amplitude_ticks(const WaveformStyle& style, double lane_height) {
    std::vector<AmpTick> t;
    const bool roomy = lane_height >= 90.0;
    if (style.scale == WaveformScale::Linear) {
        t.push_back({1.0, "1"});
        if (roomy) t.push_back({0.5, "0.5"});
        t.push_back({0.0, "0"});
        if (roomy) t.push_back({-0.5, "-0.5"});
        t.push_back({-1.0, "-1"});
    } else {
        t.push_back({1.0, "0dB"});
        for (const double db : {-20.0, -40.0}) {
            if (roomy && db > style.db_floor * 0.9) {
                const double m = (db - style.db_floor) / -style.db_floor;
                t.push_back({m, detail::format_number(db, 0)});
                t.push_back({-m, ""});
            }
        }
        t.push_back({0.0, detail::format_number(style.db_floor, 0)});
        t.push_back({-1.0, ""});
    }
    return t;
}

struct TimeAxis {
    double step = 1.0;
    std::vector<double> ticks;
};

TimeAxis time_axis(double duration, double plot_width) {
    TimeAxis a;
    // About one labelled tick per 100 pixels.
    const double min_step = duration * 100.0 / std::max(plot_width, 1.0);
    a.step = detail::nice_time_step(min_step);
    a.ticks = detail::ticks(duration, a.step);
    return a;
}

// Fills rows [y0, y1) of column x with partial coverage at the ends.
void fill_span(Image& img, std::ptrdiff_t x, double y0, double y1, Rgba color) {
    if (y1 - y0 < 1.0) {
        const double mid = (y0 + y1) / 2.0;
        y0 = mid - 0.5;
        y1 = mid + 0.5;
    }
    const auto first = static_cast<std::ptrdiff_t>(std::floor(y0));
    const auto last = static_cast<std::ptrdiff_t>(std::ceil(y1));
    for (std::ptrdiff_t y = first; y < last; ++y) {
        const double cover = std::min(y1, static_cast<double>(y + 1)) - std::max(y0, static_cast<double>(y));
        if (cover > 0.0) img.blend(x, y, color, cover);
    }
}

} // namespace

std::size_t waveform_plot_width(const WaveformStyle& style) noexcept {
    const Layout l = layout_for(style, 1);
    return l.width > 0.0 ? static_cast<std::size_t>(l.width) : 0;
}

Image render_waveform_image(const WaveformSummary& summary, const WaveformStyle& style) {
    const Layout l = layout_for(style, std::max<std::size_t>(summary.channels(), 1));
    check_drawable(summary, style, l, "render_waveform_image");
    Image img(style.width, style.height, style.background);
    const auto pw = static_cast<std::size_t>(l.width);
    const auto x0 = static_cast<std::ptrdiff_t>(l.left);
    const Rgba separator{style.axis.r, style.axis.g, style.axis.b, 90};

    for (std::size_t c = 0; c < summary.channels(); ++c) {
        const double top = l.lane_top(c);
        const double mid = top + l.lane_height / 2.0;
        const double half = l.lane_height / 2.0 - 1.0;
        const auto ytop = static_cast<std::ptrdiff_t>(std::lround(top));
        const auto ybot = static_cast<std::ptrdiff_t>(std::lround(top + l.lane_height));
        img.fill_rect(x0, ytop, x0 + static_cast<std::ptrdiff_t>(pw), ybot, style.lane_background);
        const auto zero_y = static_cast<std::ptrdiff_t>(std::floor(mid));
        img.fill_rect(x0, zero_y, x0 + static_cast<std::ptrdiff_t>(pw), zero_y + 1, style.zero_line);

        const auto cols = pixel_columns(summary.channel(c), pw);
        for (std::size_t px = 0; px < pw; ++px) {
            const auto x = x0 + static_cast<std::ptrdiff_t>(px);
            const WaveformColumn& col = cols[px];
            const double y_hi = mid - scaled(col.max, style) * half;
            const double y_lo = mid - scaled(col.min, style) * half;
            fill_span(img, x, y_hi, y_lo, style.peak);
            if (style.show_rms && col.rms > 0.0F) {
                const double r_hi = std::max(y_hi, mid - scaled(col.rms, style) * half);
                const double r_lo = std::min(y_lo, mid + scaled(col.rms, style) * half);
                if (r_lo > r_hi) fill_span(img, x, r_hi, r_lo, style.rms);
            }
        }
        if (summary.channels() > 1) {
            img.draw_text(x0 + 4, ytop + 3, channel_name(c, summary.channels()), style.text);
            if (c + 1 < summary.channels()) {
                const auto sep = static_cast<std::ptrdiff_t>(std::lround(top + l.lane_height + l.lane_gap / 2.0));
                img.fill_rect(x0, sep, x0 + static_cast<std::ptrdiff_t>(pw), sep + 1, separator);
            }
        }
        if (style.show_axes) {
            for (const AmpTick& t : amplitude_ticks(style, l.lane_height)) {
                const auto y = static_cast<std::ptrdiff_t>(std::lround(mid - t.value * half));
                img.fill_rect(x0 - 4, y, x0, y + 1, style.axis);
                if (t.label.empty()) continue;
                const auto w = static_cast<std::ptrdiff_t>(Image::text_width(t.label));
                const auto h = static_cast<std::ptrdiff_t>(Image::text_height());
                img.draw_text(x0 - 7 - w, std::clamp<std::ptrdiff_t>(y - 3, ytop, ybot - h + 1), t.label, style.text);
            }
        }
    }
    if (style.show_axes) {
        const auto y_axis = static_cast<std::ptrdiff_t>(std::lround(l.top + l.height));
        img.fill_rect(x0, y_axis, x0 + static_cast<std::ptrdiff_t>(pw), y_axis + 1, style.axis);
        const TimeAxis axis = time_axis(summary.duration(), l.width);
        const double duration = summary.duration();
        for (const double t : axis.ticks) {
            const double fx = duration > 0.0 ? l.left + t / duration * (l.width - 1.0) : l.left;
            const auto x = static_cast<std::ptrdiff_t>(std::lround(fx));
            img.fill_rect(x, y_axis, x + 1, y_axis + 5, style.axis);
            const std::string label = detail::format_time(t, axis.step);
            const auto w = static_cast<std::ptrdiff_t>(Image::text_width(label));
            const std::ptrdiff_t lx = std::clamp<std::ptrdiff_t>(x - w / 2, 0, static_cast<std::ptrdiff_t>(style.width) - w);
            img.draw_text(lx, y_axis + 9, label, style.text);
        }
    }
    if (!style.title.empty()) img.draw_text(x0, 7, style.title, style.text);
    return img;
}

std::string render_waveform_svg(const WaveformSummary& summary, const WaveformStyle& style) {
    using detail::svg_num;
    const Layout l = layout_for(style, std::max<std::size_t>(summary.channels(), 1));
    check_drawable(summary, style, l, "render_waveform_svg");
    const auto pw = static_cast<std::size_t>(l.width);
    std::ostringstream svg;
    svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << style.width << "\" height=\"" << style.height
        << "\" viewBox=\"0 0 " << style.width << ' ' << style.height << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"" << to_hex(style.background) << "\"/>\n";
    if (!style.title.empty()) {
        svg << "<text x=\"" << svg_num(l.left) << "\" y=\"15\" font-size=\"13\" fill=\"" << to_hex(style.text)
            << "\">" << detail::xml_escape(style.title) << "</text>\n";
    }
    for (std::size_t c = 0; c < summary.channels(); ++c) {
        const double top = l.lane_top(c);
        const double mid = top + l.lane_height / 2.0;
        const double half = l.lane_height / 2.0 - 1.0;
        svg << "<g class=\"lane\" data-channel=\"" << c << "\">\n";
        svg << "<rect x=\"" << svg_num(l.left) << "\" y=\"" << svg_num(top) << "\" width=\"" << pw << "\" height=\""
            << svg_num(l.lane_height) << "\" fill=\"" << to_hex(style.lane_background) << "\"/>\n";
        svg << "<line class=\"zero\" x1=\"" << svg_num(l.left) << "\" y1=\"" << svg_num(mid) << "\" x2=\""
            << svg_num(l.left + static_cast<double>(pw)) << "\" y2=\"" << svg_num(mid) << "\" stroke=\""
            << to_hex(style.zero_line) << "\" stroke-width=\"1\"/>\n";
        const auto cols = pixel_columns(summary.channel(c), pw);
        // The envelope as one closed outline: along the maxima, back along the minima.
        const auto outline = [&](auto upper, auto lower) {
            std::string d;
            d.reserve(pw * 24);
            for (std::size_t px = 0; px < pw; ++px) {
                d += (px == 0 ? "M" : "L") + svg_num(l.left + static_cast<double>(px) + 0.5) + ',' +
                     svg_num(mid - upper(cols[px]) * half);
            }
            for (std::size_t px = pw; px-- > 0;) {
                d += 'L' + svg_num(l.left + static_cast<double>(px) + 0.5) + ',' + svg_num(mid - lower(cols[px]) * half);
            }
            return d + 'Z';
        };
        // A flat stretch still shows as a line one pixel thick.
        const auto hi = [&](const WaveformColumn& col) {
            const double a = scaled(col.max, style);
            const double b = scaled(col.min, style);
            return a - b < 1.0 / half ? (a + b) / 2.0 + 0.5 / half : a;
        };
        const auto lo = [&](const WaveformColumn& col) {
            const double a = scaled(col.max, style);
            const double b = scaled(col.min, style);
            return a - b < 1.0 / half ? (a + b) / 2.0 - 0.5 / half : b;
        };
        svg << "<path class=\"peak\" fill=\"" << to_hex(style.peak) << "\" d=\"" << outline(hi, lo) << "\"/>\n";
        if (style.show_rms) {
            const auto rms_hi = [&](const WaveformColumn& col) {
                return std::clamp(scaled(col.rms, style), scaled(col.min, style), scaled(col.max, style));
            };
            const auto rms_lo = [&](const WaveformColumn& col) {
                return std::clamp(-scaled(col.rms, style), scaled(col.min, style), scaled(col.max, style));
            };
            svg << "<path class=\"rms\" fill=\"" << to_hex(style.rms) << "\" d=\"" << outline(rms_hi, rms_lo)
                << "\"/>\n";
        }
        if (summary.channels() > 1) {
            svg << "<text x=\"" << svg_num(l.left + 5) << "\" y=\"" << svg_num(top + 13) << "\" fill=\""
                << to_hex(style.text) << "\" font-weight=\"bold\">" << channel_name(c, summary.channels())
                << "</text>\n";
            if (c + 1 < summary.channels()) {
                const double sep = top + l.lane_height + l.lane_gap / 2.0;
                svg << "<line class=\"separator\" x1=\"" << svg_num(l.left) << "\" y1=\"" << svg_num(sep)
                    << "\" x2=\"" << svg_num(l.left + static_cast<double>(pw)) << "\" y2=\"" << svg_num(sep)
                    << "\" stroke=\"" << to_hex(style.axis) << "\" stroke-opacity=\"0.35\"/>\n";
            }
        }
        if (style.show_axes) {
            for (const AmpTick& t : amplitude_ticks(style, l.lane_height)) {
                const double y = mid - t.value * half;
                svg << "<line x1=\"" << svg_num(l.left - 4) << "\" y1=\"" << svg_num(y) << "\" x2=\""
                    << svg_num(l.left) << "\" y2=\"" << svg_num(y) << "\" stroke=\"" << to_hex(style.axis) << "\"/>\n";
                if (t.label.empty()) continue;
                svg << "<text x=\"" << svg_num(l.left - 7) << "\" y=\"" << svg_num(std::clamp(y + 4, top + 9, top + l.lane_height))
                    << "\" text-anchor=\"end\" fill=\"" << to_hex(style.text) << "\">" << t.label << "</text>\n";
            }
        }
        svg << "</g>\n";
    }
    if (style.show_axes) {
        const double y_axis = l.top + l.height;
        svg << "<g class=\"time-axis\" fill=\"" << to_hex(style.text) << "\" stroke=\"" << to_hex(style.axis)
            << "\">\n<line x1=\"" << svg_num(l.left) << "\" y1=\"" << svg_num(y_axis) << "\" x2=\""
            << svg_num(l.left + static_cast<double>(pw)) << "\" y2=\"" << svg_num(y_axis) << "\"/>\n";
        const double duration = summary.duration();
        const TimeAxis axis = time_axis(duration, l.width);
        for (const double t : axis.ticks) {
            const double x = duration > 0.0 ? l.left + t / duration * (l.width - 1.0) : l.left;
            svg << "<line x1=\"" << svg_num(x) << "\" y1=\"" << svg_num(y_axis) << "\" x2=\"" << svg_num(x)
                << "\" y2=\"" << svg_num(y_axis + 5) << "\"/>\n";
            svg << "<text x=\"" << svg_num(x) << "\" y=\"" << svg_num(y_axis + 17)
                << "\" stroke=\"none\" text-anchor=\"middle\">" << detail::format_time(t, axis.step) << "</text>\n";
        }
        svg << "</g>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

} // namespace cm::ca
