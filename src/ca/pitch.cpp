#include <coremusic/ca/pitch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include <coremusic/ca/fft.hpp>

#include "rhythm_checks.hpp"

namespace cm::ca {

namespace {

using detail::invalid;
using detail::number;

// Half the taps of the fractional-delay interpolator: 16 either side.
constexpr std::size_t half_taps = 16;
// Samples the frame needs beyond two longest periods: the interpolator on
// both sides of the window plus the lag tau_max + 1 of step 5.
constexpr std::size_t frame_margin = 2 * half_taps + 2;
// The Kaiser window's beta for the interpolator: ~-90 dB side lobes.
constexpr double kaiser_beta = 8.6;

struct Geometry {
    std::size_t frame = 0;    // N
    std::size_t tau_min = 0;  // shortest period searched (>= 2)
    std::size_t tau_max = 0;  // longest period searched
    std::size_t window = 0;   // W, the integration window
};

bool resolve(double sr, const PitchSettings& s, Geometry& g, const char* where, std::error_code* ec) {
    using detail::check_range;
    if (!detail::check_sample_rate(sr, where, ec)) return false;
    if (!check_range(s.min_frequency_hz, 1.0e-3, sr / 2.0, where, "min_frequency_hz", ec)) return false;
    if (!check_range(s.max_frequency_hz, 1.0e-3, sr / 2.0, where, "max_frequency_hz", ec)) return false;
    if (!(s.min_frequency_hz < s.max_frequency_hz)) {
        invalid(ec, where, "min_frequency_hz " + number(s.min_frequency_hz) + " must be below max_frequency_hz " +
                               number(s.max_frequency_hz));
        return false;
    }
    if (!check_range(s.threshold, 0.0, 1.0, where, "threshold", ec)) return false;
    if (!check_range(s.silence_db, -400.0, 400.0, where, "silence_db", ec)) return false;
    if (s.hop_size == 0 || s.hop_size > (std::size_t{1} << 24)) {
        invalid(ec, where, "hop_size " + std::to_string(s.hop_size) + " must be 1 to 2^24");
        return false;
    }
    const double longest = std::ceil(sr / s.min_frequency_hz);
    if (longest > static_cast<double>(std::size_t{1} << 22)) {
        invalid(ec, where, "min_frequency_hz " + number(s.min_frequency_hz) + " at " + number(sr) +
                               " Hz asks for a period of " + number(longest) + " samples (at most 2^22)");
        return false;
    }
    g.tau_max = static_cast<std::size_t>(longest);
    g.tau_min = std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(sr / s.max_frequency_hz)));
    if (g.tau_min >= g.tau_max) {
        invalid(ec, where, "the range " + number(s.min_frequency_hz) + " to " + number(s.max_frequency_hz) +
                               " Hz holds fewer than two periods at " + number(sr) + " Hz");
        return false;
    }
    const std::size_t needed = 2 * g.tau_max + frame_margin;
    if (s.frame_size == 0) {
        g.frame = 64;
        while (g.frame < needed) g.frame *= 2;
    } else {
        if (s.frame_size % 2 != 0 || s.frame_size < needed || s.frame_size > (std::size_t{1} << 24)) {
            invalid(ec, where, "frame_size " + std::to_string(s.frame_size) + " must be even, at most 2^24 and at least " +
                                   std::to_string(needed) + " (two periods of min_frequency_hz " +
                                   number(s.min_frequency_hz) + " Hz plus " + std::to_string(frame_margin) +
                                   "); raise it or min_frequency_hz, or pass 0 for the automatic size");
            return false;
        }
        g.frame = s.frame_size;
    }
    g.window = g.frame - g.tau_max - frame_margin;
    return true;
}

double bessel_i0(double x) noexcept {
    // Power series; converges fast for the arguments a Kaiser window uses.
    double sum = 1.0;
    double term = 1.0;
    const double q = x * x / 4.0;
    for (int k = 1; k < 60; ++k) {
        term *= q / (static_cast<double>(k) * static_cast<double>(k));
        sum += term;
        if (term < sum * 1e-17) break;
    }
    return sum;
}

} // namespace

struct PitchDetector::Impl {
    double sample_rate;
    PitchSettings settings;
    Geometry g;
    double silence_power;
    double kaiser_norm;
    Fft fft;
    std::vector<float> x;         // the frame
    std::vector<float> a;         // the reference window, zero elsewhere
    std::vector<std::complex<float>> spec_a;
    std::vector<std::complex<float>> spec_x;
    std::vector<float> corr;      // sum_j a_j x_{j+tau}
    std::vector<double> prefix;   // running sum of x^2
    std::vector<double> d;        // difference function, 0..tau_max+1
    std::vector<double> dn;       // cumulative mean normalised difference

    Impl(double sr, const PitchSettings& s, const Geometry& geo)
        : sample_rate(sr),
          settings(s),
          g(geo),
          silence_power(std::pow(10.0, s.silence_db / 10.0)),
          kaiser_norm(1.0 / bessel_i0(kaiser_beta)),
          fft(geo.frame),
          x(geo.frame),
          a(geo.frame),
          spec_a(geo.frame / 2 + 1),
          spec_x(geo.frame / 2 + 1),
          corr(geo.frame),
          prefix(geo.frame + 1),
          d(geo.tau_max + 2),
          dn(geo.tau_max + 2) {
        settings.frame_size = geo.frame;
    }

    // The reference window starts after the interpolator's left margin.
    [[nodiscard]] std::size_t r0() const noexcept { return half_taps; }

    // d(tau) directly, in double: the step-5 values must be exact where the
    // FFT's float rounding is as large as d itself (near a perfect period).
    [[nodiscard]] double direct(std::size_t tau) const noexcept {
        double sum = 0.0;
        const float* p = x.data() + r0();
        for (std::size_t j = 0; j < g.window; ++j) {
            const double e = static_cast<double>(p[j]) - static_cast<double>(p[j + tau]);
            sum += e * e;
        }
        return sum;
    }

    // d at a fractional lag u (tau_min - 1 <= u <= tau_max + 1): the lagged
    // signal is interpolated with a Kaiser-windowed sinc (32 taps), the
    // band-limited signal between the samples.
    [[nodiscard]] double continuous(double u) const noexcept {
        const double fl = std::floor(u);
        const double mu = u - fl;
        const auto i0 = static_cast<std::size_t>(fl);
        double h[2 * half_taps];
        double hsum = 0.0;
        for (std::size_t m = 0; m < 2 * half_taps; ++m) {
            // Tap m sits at offset t = (m - 15) - mu from the point wanted.
            const double t = static_cast<double>(m) - static_cast<double>(half_taps - 1) - mu;
            const double r = t / static_cast<double>(half_taps);
            const double w = std::abs(r) < 1.0 ? bessel_i0(kaiser_beta * std::sqrt(1.0 - r * r)) * kaiser_norm : 0.0;
            const double sinc = std::abs(t) < 1e-12 ? 1.0 : std::sin(std::numbers::pi * t) / (std::numbers::pi * t);
            h[m] = w * sinc;
            hsum += h[m];
        }
        for (double& v : h) v /= hsum;
        double sum = 0.0;
        const float* ref = x.data() + r0();
        // x~(j + u) = sum_m h[m] x[j + i0 + m - 15]
        const float* lagged = x.data() + r0() + i0 - (half_taps - 1);
        for (std::size_t j = 0; j < g.window; ++j) {
            double y = 0.0;
            const float* q = lagged + j;
            for (std::size_t m = 0; m < 2 * half_taps; ++m) y += h[m] * static_cast<double>(q[m]);
            const double e = static_cast<double>(ref[j]) - y;
            sum += e * e;
        }
        return sum;
    }

    // The vertex of the parabola through (-h, a), (0, b), (h, c), as an
    // offset from the middle, clamped to [-h, h].
    static double vertex(double fa, double fb, double fc, double h) noexcept {
        const double den = fa - 2.0 * fb + fc;
        if (!(den > 0.0)) return 0.0;
        return std::clamp(0.5 * h * (fa - fc) / den, -h, h);
    }

    std::optional<PitchEstimate> run(std::span<const float> frame, std::size_t lo, std::size_t hi,
                                     bool deepest_fallback) noexcept {
        const std::size_t n = g.frame;
        if (frame.size() < n) return std::nullopt;
        prefix[0] = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const float v = frame[i];
            if (!std::isfinite(v)) return std::nullopt;
            x[i] = v;
            prefix[i + 1] = prefix[i] + static_cast<double>(v) * static_cast<double>(v);
        }
        const std::size_t r = r0();
        const std::size_t w = g.window;
        const double e0 = prefix[r + w] - prefix[r];
        if (!(e0 / static_cast<double>(w) > silence_power) || e0 <= 0.0) return std::nullopt;

        // Step 2 through the FFT: corr(tau) = sum_{j in window} x_j x_{j+tau},
        // a circular cross-correlation that never wraps because the window
        // plus the longest lag fits in the frame.
        std::fill(a.begin(), a.end(), 0.0F);
        std::copy(x.begin() + static_cast<std::ptrdiff_t>(r), x.begin() + static_cast<std::ptrdiff_t>(r + w),
                  a.begin() + static_cast<std::ptrdiff_t>(r));
        fft.forward(a, spec_a);
        fft.forward(x, spec_x);
        for (std::size_t k = 0; k < spec_a.size(); ++k) spec_x[k] *= std::conj(spec_a[k]);
        fft.inverse(spec_x, corr);

        // Steps 2-3: d and d'.
        const std::size_t last = g.tau_max + 1;
        d[0] = 0.0;
        dn[0] = 1.0;
        double running = 0.0;
        for (std::size_t tau = 1; tau <= last; ++tau) {
            const double et = prefix[r + tau + w] - prefix[r + tau];
            const double v = std::max(0.0, e0 + et - 2.0 * static_cast<double>(corr[tau]));
            d[tau] = v;
            running += v;
            dn[tau] = running > 0.0 ? v * static_cast<double>(tau) / running : 1.0;
        }

        // Step 4: the first dip below the threshold, followed to its bottom.
        std::size_t tau = 0;
        for (std::size_t t = lo; t <= hi; ++t) {
            if (dn[t] < settings.threshold) {
                while (t + 1 <= hi && dn[t + 1] < dn[t]) ++t;
                tau = t;
                break;
            }
        }
        if (tau == 0) {
            if (!deepest_fallback) return std::nullopt;
            tau = lo;
            for (std::size_t t = lo; t <= hi; ++t) {
                if (dn[t] < dn[tau]) tau = t;
            }
        }
        const double confidence = std::clamp(1.0 - dn[tau], 0.0, 1.0);

        // Step 5: parabolic interpolation of d (not d': its normalisation
        // tilts the dip), on exact values.
        const double dm = direct(tau - 1);
        const double d0 = direct(tau);
        const double dp = direct(tau + 1);
        double period = static_cast<double>(tau) + vertex(dm, d0, dp, 1.0);

        if (settings.refine) {
            // Near its minimum the continuous d is a parabola to high order
            // at small scale; two fits, 0.1 and 0.01 samples wide, converge
            // on it.
            const double lo_u = static_cast<double>(tau) - 1.0;
            const double hi_u = static_cast<double>(tau) + 1.0;
            for (const double h : {0.1, 0.01}) {
                const double c = std::clamp(period, lo_u + h, hi_u - h);
                period = c + vertex(continuous(c - h), continuous(c), continuous(c + h), h);
            }
        }
        if (!(period > 0.0)) return std::nullopt;
        return PitchEstimate{sample_rate / period, confidence};
    }
};

std::size_t pitch_frame_size(double sample_rate, const PitchSettings& settings) {
    Geometry g;
    resolve(sample_rate, settings, g, "pitch_frame_size", nullptr);
    return g.frame;
}

PitchDetector::PitchDetector(double sample_rate, const PitchSettings& settings) {
    Geometry g;
    resolve(sample_rate, settings, g, "PitchDetector", nullptr);
    impl_ = std::make_unique<Impl>(sample_rate, settings, g);
}

PitchDetector::PitchDetector(PitchDetector&&) noexcept = default;
PitchDetector& PitchDetector::operator=(PitchDetector&&) noexcept = default;
PitchDetector::~PitchDetector() = default;

std::size_t PitchDetector::frame_size() const noexcept { return impl_->g.frame; }
double PitchDetector::sample_rate() const noexcept { return impl_->sample_rate; }
const PitchSettings& PitchDetector::settings() const noexcept { return impl_->settings; }

std::optional<PitchEstimate> PitchDetector::detect(std::span<const float> frame) noexcept {
    return impl_->run(frame, impl_->g.tau_min, impl_->g.tau_max, false);
}

std::optional<PitchEstimate> PitchDetector::detect_in_range(std::span<const float> frame, double min_frequency_hz,
                                                            double max_frequency_hz) noexcept {
    const Geometry& g = impl_->g;
    if (!(min_frequency_hz > 0.0) || !(max_frequency_hz >= min_frequency_hz)) return std::nullopt;
    const double sr = impl_->sample_rate;
    const double lo = std::max(static_cast<double>(g.tau_min), std::ceil(sr / max_frequency_hz));
    const double hi = std::min(static_cast<double>(g.tau_max), std::floor(sr / min_frequency_hz));
    if (!(lo <= hi)) return std::nullopt;
    return impl_->run(frame, static_cast<std::size_t>(lo), static_cast<std::size_t>(hi), true);
}

std::optional<PitchEstimate> detect_pitch(std::span<const float> frame, double sample_rate,
                                          const PitchSettings& settings) {
    constexpr const char* where = "detect_pitch";
    Geometry g;
    resolve(sample_rate, settings, g, where, nullptr);
    if (frame.size() < g.frame) {
        invalid(nullptr, where, "the frame has " + std::to_string(frame.size()) + " samples (expected at least " +
                                    std::to_string(g.frame) + ", pitch_frame_size() for these settings)");
    }
    detail::check_signal(frame.first(g.frame), where, nullptr);
    PitchDetector detector(sample_rate, settings);
    return detector.detect(frame);
}

namespace {

std::vector<PitchFrame> track_impl(std::span<const float> mono, double sample_rate, const PitchSettings& settings,
                                   const ProgressCallback& progress, std::error_code* ec) {
    constexpr const char* where = "track_pitch";
    Geometry g;
    if (!resolve(sample_rate, settings, g, where, ec) || !detail::check_signal(mono, where, ec)) return {};
    PitchDetector detector(sample_rate, settings);
    const std::size_t n = g.frame;
    const std::size_t hop = settings.hop_size;
    const std::size_t count = mono.size() >= n ? 1 + (mono.size() - n) / hop : 1;
    std::vector<float> padded;
    if (mono.size() < n) {
        padded.assign(n, 0.0F);
        std::copy(mono.begin(), mono.end(), padded.begin());
    }
    auto frame_at = [&](std::size_t i) -> std::span<const float> {
        if (!padded.empty()) return padded;
        return mono.subspan(i * hop, n);
    };
    std::vector<PitchFrame> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        out[i].start = static_cast<std::int64_t>(i * hop);
        out[i].estimate = detector.detect(frame_at(i));
        if (progress && (i % 128 == 127)) progress(0.9 * static_cast<double>(i + 1) / static_cast<double>(count));
    }

    // Step 6, the best local estimate: a voiced frame whose neighbourhood
    // holds a clearer period (higher confidence = lower d') at a different
    // pitch is searched again within +/-20% of that period.
    const std::size_t radius = std::max<std::size_t>(1, (g.tau_max / 2 + hop - 1) / hop);
    std::vector<PitchFrame> refined = out;
    for (std::size_t i = 0; i < count; ++i) {
        if (!out[i].estimate) continue;
        std::size_t best = i;
        const std::size_t a = i >= radius ? i - radius : 0;
        const std::size_t b = std::min(count - 1, i + radius);
        for (std::size_t j = a; j <= b; ++j) {
            if (out[j].estimate && out[j].estimate->confidence > out[best].estimate->confidence) best = j;
        }
        if (best == i) continue;
        const double f = out[best].estimate->frequency_hz;
        if (std::abs(cents_between(out[i].estimate->frequency_hz, f)) < 50.0) continue;
        // Periods 0.8 T .. 1.2 T are frequencies f / 1.2 .. f / 0.8.
        if (auto e = detector.detect_in_range(frame_at(i), f / 1.2, f / 0.8)) refined[i].estimate = e;
    }
    if (progress) progress(1.0);
    cm::detail::report_success(ec);
    return refined;
}

} // namespace

std::vector<PitchFrame> track_pitch(std::span<const float> mono, double sample_rate, const PitchSettings& settings,
                                    const ProgressCallback& progress) {
    return track_impl(mono, sample_rate, settings, progress, nullptr);
}

std::vector<PitchFrame> track_pitch(std::span<const float> mono, double sample_rate, const PitchSettings& settings,
                                    std::error_code& ec) {
    return track_impl(mono, sample_rate, settings, {}, &ec);
}

double cents_between(double a_hz, double b_hz) noexcept { return 1200.0 * std::log2(b_hz / a_hz); }

} // namespace cm::ca
