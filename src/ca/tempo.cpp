#include <coremusic/ca/tempo.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "onset_detail.hpp"
#include "rhythm_checks.hpp"

namespace cm::ca {

namespace {

using detail::invalid;
using detail::number;

bool check_tempo_settings(const TempoSettings& s, const char* where, std::error_code* ec) {
    using detail::check_range;
    if (!check_range(s.prior_bpm, 1.0e-3, 1.0e4, where, "prior_bpm", ec)) return false;
    if (!check_range(s.prior_octaves, 1.0e-3, 1.0e3, where, "prior_octaves", ec)) return false;
    if (!check_range(s.min_bpm, 1.0e-3, 1.0e4, where, "min_bpm", ec)) return false;
    if (!check_range(s.max_bpm, 1.0e-3, 1.0e4, where, "max_bpm", ec)) return false;
    if (!(s.min_bpm < s.max_bpm)) {
        invalid(ec, where, "min_bpm " + number(s.min_bpm) + " must be below max_bpm " + number(s.max_bpm));
        return false;
    }
    return true;
}

bool check_envelope(const OnsetEnvelope& e, const char* where, std::error_code* ec) {
    if (e.hop_size == 0 || !detail::check_sample_rate(e.sample_rate, where, ec)) {
        if (e.hop_size == 0) invalid(ec, where, "the envelope's hop_size is 0 (expected at least 1)");
        return false;
    }
    for (std::size_t i = 0; i < e.values.size(); ++i) {
        if (!std::isfinite(e.values[i])) {
            invalid(ec, where, "envelope value " + std::to_string(i) + " is " +
                                   number(static_cast<double>(e.values[i])) + " (expected finite values)");
            return false;
        }
    }
    return true;
}

// The autocorrelation of the mean-removed envelope, lags 0..max_lag, each
// divided by its number of terms (unbiased) so that long lags, which the
// refinement relies on, are not shrunk.
std::vector<double> autocorrelation(const std::vector<float>& values, std::size_t max_lag) {
    const std::size_t n = values.size();
    double mean = 0.0;
    for (float v : values) mean += static_cast<double>(v);
    mean /= static_cast<double>(n);
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(values[i]) - mean;
    std::vector<double> ac(max_lag + 1, 0.0);
    for (std::size_t lag = 0; lag <= max_lag && lag < n; ++lag) {
        double sum = 0.0;
        for (std::size_t i = 0; i + lag < n; ++i) sum += x[i] * x[i + lag];
        ac[lag] = sum / static_cast<double>(n - lag);
    }
    return ac;
}

double at(const std::vector<double>& v, double x) {
    if (x < 0.0) return 0.0;
    const auto i = static_cast<std::size_t>(x);
    if (i + 1 >= v.size()) return i < v.size() ? v[i] : 0.0;
    const double f = x - static_cast<double>(i);
    return v[i] * (1.0 - f) + v[i + 1] * f;
}

struct Period {
    double frames = 0.0;  // 0: none
    double confidence = 0.0;
};

Period find_period(const OnsetEnvelope& env, const TempoSettings& s) {
    const std::size_t n = env.values.size();
    const double fr = env.frame_rate();
    // Lags of at most half the envelope: a period must repeat to be seen.
    const double lag_lo = std::max(1.0, 60.0 * fr / s.max_bpm);
    const double lag_hi = std::min(60.0 * fr / s.min_bpm, static_cast<double>(n) / 2.0);
    if (n < 4 || lag_hi < lag_lo + 1.0) return {};
    // TPS2 / TPS3 look up to three periods ahead; the refinement as far as
    // the envelope allows while a lag still averages enough terms.
    const std::size_t max_lag = n - 1 - (n - 1) / 4;
    const std::vector<double> ac = autocorrelation(env.values, max_lag);
    if (!(ac[0] > 0.0)) return {};

    const double lag0 = 60.0 * fr / s.prior_bpm;
    auto tps = [&](double lag) {
        if (lag < 1.0 || lag > static_cast<double>(max_lag)) return 0.0;
        const double octaves = std::log2(lag / lag0) / s.prior_octaves;
        return std::exp(-0.5 * octaves * octaves) * std::max(0.0, at(ac, lag));
    };
    double best = 0.0;
    double best_lag = 0.0;
    double factor = 2.0;
    for (auto lag = static_cast<std::size_t>(std::ceil(lag_lo)); static_cast<double>(lag) <= lag_hi; ++lag) {
        const double l = static_cast<double>(lag);
        // Ellis 2007 eqs. (8)-(9).
        const double tps2 = tps(l) + 0.5 * tps(2.0 * l) + 0.25 * tps(2.0 * l - 1.0) + 0.25 * tps(2.0 * l + 1.0);
        const double tps3 = tps(l) + 0.33 * (tps(3.0 * l) + tps(3.0 * l - 1.0) + tps(3.0 * l + 1.0));
        // A period must be a peak of the autocorrelation itself, not the
        // flank of one whose multiples happen to score.
        const bool peak = ac[lag] >= ac[lag - 1] && (lag + 1 >= ac.size() || ac[lag] >= ac[lag + 1]);
        if (peak && std::max(tps2, tps3) > best) {
            best = std::max(tps2, tps3);
            best_lag = l;
            factor = tps2 >= tps3 ? 2.0 : 3.0;
        }
    }
    if (best_lag == 0.0) return {};
    // Ellis's duple / triple decision: the winner is the faster of two
    // metrical levels, the slower being 2 or 3 times its period. The slower
    // one is the beat when its weighted strength is clearly larger (by a
    // quarter): then the faster level alternates strong and weak onsets, a
    // subdivision (hi-hat eighths over a kick and snare on the quarters).
    // Near-equal strengths keep the faster level, so an even click track
    // stays at its own tempo rather than half of it.
    {
        const double target = factor * best_lag;
        double slower = 0.0;
        for (double l = std::round(target) - 1.0; l <= std::round(target) + 1.0; l += 1.0) {
            if (l <= lag_hi && l >= 1.0 && l < static_cast<double>(ac.size()) &&
                (slower == 0.0 || ac[static_cast<std::size_t>(l)] > ac[static_cast<std::size_t>(slower)])) {
                slower = l;
            }
        }
        if (slower > 0.0 && tps(slower) > 1.25 * tps(best_lag)) best_lag = slower;
    }

    // Refinement: the centroid of the positive autocorrelation near each
    // multiple m * period predicts m * period; a least-squares fit through
    // the origin over m = 1, 2, ... sharpens the period as m grows, and each
    // step's estimate centres the next step's search window.
    double period = best_lag;
    double num = 0.0;
    double den = 0.0;
    for (int m = 1;; ++m) {
        const double centre = static_cast<double>(m) * period;
        const double half = std::max(2.0, period / 8.0);
        if (centre + half >= static_cast<double>(max_lag)) break;
        const auto a = static_cast<std::size_t>(std::ceil(centre - half));
        const auto b = static_cast<std::size_t>(std::floor(centre + half));
        double w = 0.0;
        double wx = 0.0;
        for (std::size_t k = a; k <= b; ++k) {
            const double v = std::max(0.0, ac[k]);
            w += v;
            wx += v * static_cast<double>(k);
        }
        if (!(w > 0.0)) continue;
        const double c = wx / w;
        const auto md = static_cast<double>(m);
        num += md * c;
        den += md * md;
        period = num / den;
    }
    return {period, std::clamp(at(ac, period) / ac[0], 0.0, 1.0)};
}

TempoEstimate tempo_of(const OnsetEnvelope& env, const TempoSettings& s) {
    const Period p = find_period(env, s);
    if (!(p.frames > 0.0)) return {};
    return {60.0 * env.frame_rate() / p.frames, p.confidence};
}

// Ellis 2007 §3.2-3.3, in the form of librosa's __beat_tracker.
std::vector<std::size_t> dp_beats(const std::vector<float>& values, double period, const BeatSettings& s) {
    const std::size_t n = values.size();
    std::vector<std::size_t> beats;
    if (n == 0 || !(period >= 1.0)) return beats;

    double mean = 0.0;
    for (float v : values) mean += static_cast<double>(v);
    mean /= static_cast<double>(n);
    double var = 0.0;
    for (float v : values) var += (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean);
    const double sd = std::sqrt(var / static_cast<double>(n));
    if (!(sd > 0.0)) return beats;

    // Local score: the envelope / std, smoothed by a Gaussian of sd period/32.
    const auto half = static_cast<std::ptrdiff_t>(std::round(period));
    std::vector<double> kernel(static_cast<std::size_t>(2 * half + 1));
    for (std::ptrdiff_t k = -half; k <= half; ++k) {
        const double z = static_cast<double>(k) * 32.0 / period;
        kernel[static_cast<std::size_t>(k + half)] = std::exp(-0.5 * z * z);
    }
    std::vector<double> local(n, 0.0);
    const auto sn = static_cast<std::ptrdiff_t>(n);
    for (std::ptrdiff_t i = 0; i < sn; ++i) {
        double sum = 0.0;
        for (std::ptrdiff_t k = -half; k <= half; ++k) {
            const std::ptrdiff_t j = i + k;
            if (j >= 0 && j < sn) {
                sum += kernel[static_cast<std::size_t>(k + half)] * static_cast<double>(values[static_cast<std::size_t>(j)]) / sd;
            }
        }
        local[static_cast<std::size_t>(i)] = sum;
    }

    // Predecessors lie between 2 periods and half a period back.
    const auto far = static_cast<std::ptrdiff_t>(std::round(2.0 * period));
    const auto near = std::max<std::ptrdiff_t>(1, static_cast<std::ptrdiff_t>(std::round(period / 2.0)));
    std::vector<double> penalty(static_cast<std::size_t>(far + 1), 0.0);
    for (std::ptrdiff_t d = near; d <= far; ++d) {
        const double l = std::log(static_cast<double>(d) / period);
        penalty[static_cast<std::size_t>(d)] = -s.tightness * l * l;
    }
    const double max_local = *std::max_element(local.begin(), local.end());
    std::vector<double> cumulative(n, 0.0);
    std::vector<std::ptrdiff_t> back(n, -1);
    bool first = true;
    for (std::ptrdiff_t i = 0; i < sn; ++i) {
        double best = -std::numeric_limits<double>::infinity();
        std::ptrdiff_t arg = -1;
        for (std::ptrdiff_t d = near; d <= far && i - d >= 0; ++d) {
            const double v = cumulative[static_cast<std::size_t>(i - d)] + penalty[static_cast<std::size_t>(d)];
            if (v > best) {
                best = v;
                arg = i - d;
            }
        }
        const auto ui = static_cast<std::size_t>(i);
        // Until the first real onset there is nothing to chain from.
        if (first && local[ui] < 0.01 * max_local) {
            cumulative[ui] = local[ui];
            back[ui] = -1;
        } else {
            first = false;
            cumulative[ui] = local[ui] + (arg >= 0 ? best : 0.0);
            back[ui] = arg;
        }
    }

    // The last beat: the last local maximum of the cumulative score above
    // half the median of those maxima.
    std::vector<double> maxima;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < n; ++i) {
        const bool left = i == 0 || cumulative[i] > cumulative[i - 1];
        const bool right = i + 1 == n || cumulative[i] >= cumulative[i + 1];
        if (left && right) {
            maxima.push_back(cumulative[i]);
            where.push_back(i);
        }
    }
    if (maxima.empty()) return beats;
    std::vector<double> sorted = maxima;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
    const double median = sorted[sorted.size() / 2];
    std::size_t last = where.back();
    for (std::size_t k = maxima.size(); k-- > 0;) {
        if (maxima[k] > 0.5 * median) {
            last = where[k];
            break;
        }
    }
    for (std::ptrdiff_t b = static_cast<std::ptrdiff_t>(last); b >= 0; b = back[static_cast<std::size_t>(b)]) {
        beats.push_back(static_cast<std::size_t>(b));
    }
    std::reverse(beats.begin(), beats.end());

    if (s.trim && beats.size() > 2) {
        // Hann(5)-smoothed onset strength at the beats; drop weak ends.
        static constexpr double hann5[5] = {0.0, 0.5, 1.0, 0.5, 0.0};
        const std::size_t m = beats.size();
        std::vector<double> smooth(m, 0.0);
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t k = 0; k < 5; ++k) {
                const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i + k) - 2;
                if (j >= 0 && j < static_cast<std::ptrdiff_t>(m)) {
                    smooth[i] += hann5[k] * local[beats[static_cast<std::size_t>(j)]];
                }
            }
        }
        double ms = 0.0;
        for (double v : smooth) ms += v * v;
        const double threshold = 0.5 * std::sqrt(ms / static_cast<double>(m));
        std::size_t lo = 0;
        std::size_t hi = m;
        while (lo < hi && smooth[lo] <= threshold) ++lo;
        while (hi > lo && smooth[hi - 1] <= threshold) --hi;
        beats = std::vector<std::size_t>(beats.begin() + static_cast<std::ptrdiff_t>(lo),
                                         beats.begin() + static_cast<std::ptrdiff_t>(hi));
    }
    return beats;
}

std::vector<std::int64_t> beat_positions(const OnsetEnvelope& env, const std::vector<std::size_t>& frames,
                                         std::int64_t limit) {
    std::vector<std::int64_t> out;
    out.reserve(frames.size());
    for (std::size_t f : frames) {
        std::int64_t p = std::max<std::int64_t>(0, env.position(f));
        if (limit > 0) p = std::min(p, limit - 1);
        if (out.empty() || p > out.back()) out.push_back(p);
    }
    return out;
}

TempoEstimate estimate_impl(std::span<const float> mono, double sample_rate, const TempoSettings& s,
                            const ProgressCallback& progress, std::error_code* ec) {
    constexpr const char* where = "estimate_tempo";
    if (!check_tempo_settings(s, where, ec)) return {};
    const OnsetEnvelope env = detail::onset_strength_checked(mono, sample_rate, s.onset, progress, where, ec);
    if (env.values.empty()) return {};
    return tempo_of(env, s);
}

std::vector<std::int64_t> beats_impl(std::span<const float> mono, double sample_rate, const BeatSettings& s,
                                     const ProgressCallback& progress, std::error_code* ec) {
    constexpr const char* where = "track_beats";
    if (!check_tempo_settings(s.tempo, where, ec) ||
        !detail::check_range(s.tightness, 1.0e-9, 1.0e9, where, "tightness", ec)) {
        return {};
    }
    const OnsetEnvelope env = detail::onset_strength_checked(mono, sample_rate, s.tempo.onset, progress, where, ec);
    if (env.values.empty()) return {};
    const Period p = find_period(env, s.tempo);
    if (!(p.frames > 0.0)) return {};
    return beat_positions(env, dp_beats(env.values, p.frames, s), static_cast<std::int64_t>(mono.size()));
}

} // namespace

TempoEstimate estimate_tempo(std::span<const float> mono, double sample_rate, const TempoSettings& settings,
                             const ProgressCallback& progress) {
    return estimate_impl(mono, sample_rate, settings, progress, nullptr);
}

TempoEstimate estimate_tempo(std::span<const float> mono, double sample_rate, const TempoSettings& settings,
                             std::error_code& ec) {
    return estimate_impl(mono, sample_rate, settings, {}, &ec);
}

TempoEstimate estimate_tempo(const OnsetEnvelope& envelope, const TempoSettings& settings) {
    check_tempo_settings(settings, "estimate_tempo", nullptr);
    check_envelope(envelope, "estimate_tempo", nullptr);
    return tempo_of(envelope, settings);
}

std::vector<std::int64_t> track_beats(std::span<const float> mono, double sample_rate, const BeatSettings& settings,
                                      const ProgressCallback& progress) {
    return beats_impl(mono, sample_rate, settings, progress, nullptr);
}

std::vector<std::int64_t> track_beats(std::span<const float> mono, double sample_rate, const BeatSettings& settings,
                                      std::error_code& ec) {
    return beats_impl(mono, sample_rate, settings, {}, &ec);
}

std::vector<std::int64_t> track_beats(const OnsetEnvelope& envelope, double bpm, const BeatSettings& settings) {
    constexpr const char* where = "track_beats";
    detail::check_range(bpm, 1.0e-3, 1.0e4, where, "bpm", nullptr);
    detail::check_range(settings.tightness, 1.0e-9, 1.0e9, where, "tightness", nullptr);
    check_envelope(envelope, where, nullptr);
    const double period = 60.0 * envelope.frame_rate() / bpm;
    return beat_positions(envelope, dp_beats(envelope.values, period, settings), 0);
}

} // namespace cm::ca
