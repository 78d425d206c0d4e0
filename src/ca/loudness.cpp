#include <coremusic/ca/loudness.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include <coremusic/ca/levels.hpp>
#include <coremusic/core/error.hpp>

namespace cm::ca {

namespace {

constexpr double minus_inf = -std::numeric_limits<double>::infinity();

// Energy (weighted mean square) <-> loudness, BS.1770-4 eq. 2: L = -0.691 + 10 log10 z.
double to_lufs(double energy) noexcept { return energy > 0.0 ? -0.691 + 10.0 * std::log10(energy) : minus_inf; }
double to_energy(double lufs) noexcept { return std::pow(10.0, (lufs + 0.691) / 10.0); }

const double absolute_gate = to_energy(-70.0);

// The fallback histograms: 0.01 LU bins from -70 LUFS (the absolute gate,
// below which nothing is recorded) to +30 LUFS (louder is clamped into the
// last bin; +30 LUFS needs a signal far beyond full scale).
constexpr double histogram_floor = -70.0;
constexpr double histogram_bins_per_lu = 100.0;
constexpr std::size_t histogram_bins = 10000;

std::size_t histogram_bin(double energy) noexcept {
    const double pos = (to_lufs(energy) - histogram_floor) * histogram_bins_per_lu;
    if (!(pos > 0.0)) return 0;
    return std::min(histogram_bins - 1, static_cast<std::size_t>(pos));
}

// Mean energy of the last `count` of the ring's `done` steps. Summed afresh
// each time (30 additions) rather than kept as a running sum that would
// drift over hours.
double window_energy(const std::array<double, 30>& steps, std::size_t done, std::size_t count,
                     std::size_t step_frames) noexcept {
    double sum = 0.0;
    for (std::size_t i = 1; i <= count; ++i) sum += steps[(done - i) % steps.size()];
    return sum / (static_cast<double>(count) * static_cast<double>(step_frames));
}

Error invalid(const std::string& message) { return Error(make_error_code(Errc::InvalidArgument), message); }

// K-weighting for any sample rate: the pre-filter (a high shelf, +4 dB above
// ~1.7 kHz, modelling the head) and the RLB high-pass (~38 Hz), each the
// bilinear transform (prewarped at its f0) of an analogue second-order
// section. The analogue parameters are those libebur128 uses, fitted so
// that at 48 kHz the result reproduces BS.1770-4's Tables 1 and 2 (to 1e-8,
// asserted in the tests).
std::array<std::array<double, 5>, 2> k_weighting_for(double fs) noexcept {
    std::array<std::array<double, 5>, 2> f{};
    {
        const double f0 = 1681.974450955533;
        const double gain_db = 3.999843853973347;
        const double q = 0.7071752369554196;
        const double k = std::tan(std::numbers::pi * f0 / fs);
        const double vh = std::pow(10.0, gain_db / 20.0);
        const double vb = std::pow(vh, 0.4996667741545416);
        const double a0 = 1.0 + k / q + k * k;
        f[0] = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
                2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    }
    {
        const double f0 = 38.13547087602444;
        const double q = 0.5003270373238773;
        const double k = std::tan(std::numbers::pi * f0 / fs);
        const double a0 = 1.0 + k / q + k * k;
        // The numerator stays 1, -2, 1 as BS.1770 prints it (unity gain is
        // reached only towards Nyquist, which the -0.691 dB offset absorbs).
        f[1] = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    }
    return f;
}

} // namespace

std::vector<LoudnessChannel> default_loudness_channels(std::size_t channels) {
    std::vector<LoudnessChannel> kinds(channels, LoudnessChannel::Front);
    if (channels > 3) kinds[3] = LoudnessChannel::Lfe;
    for (std::size_t c = 4; c < std::min<std::size_t>(channels, 8); ++c) {
        // 5.1: Ls Rs; 7.1 adds a second surround pair. A 7-channel file
        // (6.1: L R C LFE Ls Rs Cs) has its back centre at 180 degrees, also
        // in the 1.41 zone of BS.1770-4's extension to more channels.
        kinds[c] = LoudnessChannel::Surround;
    }
    return kinds;
}

LoudnessMeter::LoudnessMeter(const LoudnessSettings& settings) : settings_(settings) {
    const double fs = settings.sample_rate;
    if (!std::isfinite(fs) || fs < 8000.0 || fs > 768000.0) {
        throw invalid("LoudnessMeter: sample rate " + std::to_string(fs) + " Hz; expected 8000 to 768000 Hz");
    }
    if (settings.channels == 0 || settings.channels > max_channels) {
        throw invalid("LoudnessMeter: " + std::to_string(settings.channels) + " channels; expected 1 to " +
                      std::to_string(max_channels));
    }
    if (settings_.channel_kinds.empty()) settings_.channel_kinds = default_loudness_channels(settings.channels);
    if (settings_.channel_kinds.size() != settings.channels) {
        throw invalid("LoudnessMeter: " + std::to_string(settings_.channel_kinds.size()) +
                      " channel kinds for " + std::to_string(settings.channels) +
                      " channels; expected one per channel (or none for the default layout)");
    }
    const double max_seconds = 7.0 * 24.0 * 3600.0;
    if (!(settings.max_duration_seconds >= 0.0) || settings.max_duration_seconds > max_seconds) {
        throw invalid("LoudnessMeter: max_duration_seconds " + std::to_string(settings.max_duration_seconds) +
                      "; expected 0 to " + std::to_string(max_seconds) + " (a week)");
    }
    if (settings.lra_hop_blocks == 0) throw invalid("LoudnessMeter: lra_hop_blocks must be at least 1 (100 ms)");

    filter_ = k_weighting_for(fs);
    for (std::size_t c = 0; c < settings.channels; ++c) weight_[c] = loudness_weight(settings_.channel_kinds[c]);
    // Rounded as libebur128 does ((fs + 5) / 10 in integers), so both cut
    // the signal into the same blocks.
    step_frames_ = static_cast<std::size_t>(std::floor((fs + 5.0) / 10.0));
    const auto steps = static_cast<std::size_t>(std::ceil(settings.max_duration_seconds * 10.0));
    blocks_.resize(steps + 1);
    short_terms_.resize(steps / settings.lra_hop_blocks + 1);
    hist_sum_.resize(2 * histogram_bins);
    hist_count_.resize(2 * histogram_bins);
    reset();
}

void LoudnessMeter::reset() noexcept CM_NONBLOCKING {
    for (auto& s : state_) s.fill(0.0);
    step_fill_ = 0;
    step_sum_ = 0.0;
    steps_.fill(0.0);
    steps_done_ = 0;
    block_count_ = 0;
    short_term_count_ = 0;
    std::fill(hist_sum_.begin(), hist_sum_.end(), 0.0);
    std::fill(hist_count_.begin(), hist_count_.end(), std::uint64_t{0});
    overflowed_ = false;
    non_finite_ = false;
    frames_ = 0;
    max_momentary_ = minus_inf;
    max_short_term_ = minus_inf;
}

bool LoudnessMeter::add(const ConstAudioBufferView& frames) noexcept CM_NONBLOCKING {
    if (frames.channels() != settings_.channels) return false;
    const std::size_t n = frames.frames();
    const auto& pre = filter_[0];
    const auto& rlb = filter_[1];
    std::size_t done = 0;
    while (done < n) {
        const std::size_t len = std::min(n - done, step_frames_ - step_fill_);
        for (std::size_t c = 0; c < settings_.channels; ++c) {
            if (weight_[c] == 0.0) continue;
            const float* x = frames.channel(c).data() + done;
            // Two transposed direct form II biquads in double.
            double s1 = state_[c][0], s2 = state_[c][1], s3 = state_[c][2], s4 = state_[c][3];
            double sum = 0.0;
            bool bad = false;
            for (std::size_t i = 0; i < len; ++i) {
                const float v = x[i];
                const bool finite = std::isfinite(v);
                bad = bad || !finite;
                const double in = finite ? static_cast<double>(v) : 0.0;
                const double y1 = pre[0] * in + s1;
                s1 = pre[1] * in - pre[3] * y1 + s2;
                s2 = pre[2] * in - pre[4] * y1;
                const double y2 = rlb[0] * y1 + s3;
                s3 = rlb[1] * y1 - rlb[3] * y2 + s4;
                s4 = rlb[2] * y1 - rlb[4] * y2;
                sum += y2 * y2;
            }
            state_[c] = {s1, s2, s3, s4};
            non_finite_ = non_finite_ || bad;
            step_sum_ += weight_[c] * sum;
        }
        done += len;
        step_fill_ += len;
        if (step_fill_ == step_frames_) end_step();
    }
    frames_ += static_cast<std::int64_t>(n);
    return true;
}

void LoudnessMeter::record(std::vector<double>& store, std::size_t& count, std::size_t histogram,
                           double energy) noexcept {
    if (count < store.size()) {
        store[count] = energy;
        ++count;
    } else {
        overflowed_ = true;
    }
    const std::size_t bin = histogram * histogram_bins + histogram_bin(energy);
    hist_sum_[bin] += energy;
    ++hist_count_[bin];
}

void LoudnessMeter::end_step() noexcept {
    steps_[steps_done_ % steps_.size()] = step_sum_;
    ++steps_done_;
    step_sum_ = 0.0;
    step_fill_ = 0;
    // Silence decays the filter states into subnormals, which are slow on x86.
    for (std::size_t c = 0; c < settings_.channels; ++c) {
        for (double& s : state_[c]) {
            if (std::fabs(s) < 1e-30) s = 0.0;
        }
    }
    if (steps_done_ >= 4) {
        const double energy = window_energy(steps_, steps_done_, 4, step_frames_);
        max_momentary_ = std::max(max_momentary_, to_lufs(energy));
        if (energy >= absolute_gate) record(blocks_, block_count_, 0, energy);
    }
    if (steps_done_ >= 30) {
        const double energy = window_energy(steps_, steps_done_, 30, step_frames_);
        max_short_term_ = std::max(max_short_term_, to_lufs(energy));
        if ((steps_done_ - 30) % settings_.lra_hop_blocks == 0 && energy >= absolute_gate) {
            record(short_terms_, short_term_count_, 1, energy);
        }
    }
}

double LoudnessMeter::momentary() const noexcept CM_NONBLOCKING {
    if (steps_done_ < 4) return minus_inf;
    return to_lufs(window_energy(steps_, steps_done_, 4, step_frames_));
}

double LoudnessMeter::short_term() const noexcept CM_NONBLOCKING {
    if (steps_done_ < 30) return minus_inf;
    return to_lufs(window_energy(steps_, steps_done_, 30, step_frames_));
}

double LoudnessMeter::integrated() const noexcept CM_NONBLOCKING {
    constexpr double relative = 0.1;  // -10 LU
    if (!overflowed_) {
        if (block_count_ == 0) return minus_inf;
        double sum = 0.0;
        for (std::size_t i = 0; i < block_count_; ++i) sum += blocks_[i];
        const double gate = sum / static_cast<double>(block_count_) * relative;
        double gated = 0.0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < block_count_; ++i) {
            if (blocks_[i] >= gate) {
                gated += blocks_[i];
                ++n;
            }
        }
        return n == 0 ? minus_inf : to_lufs(gated / static_cast<double>(n));
    }
    double sum = 0.0;
    std::uint64_t count = 0;
    for (std::size_t b = 0; b < histogram_bins; ++b) {
        sum += hist_sum_[b];
        count += hist_count_[b];
    }
    if (count == 0) return minus_inf;
    const double gate = sum / static_cast<double>(count) * relative;
    double gated = 0.0;
    std::uint64_t n = 0;
    for (std::size_t b = 0; b < histogram_bins; ++b) {
        // A bin is in when its mean is: only the bin holding the gate can be split wrongly.
        if (hist_count_[b] != 0 && hist_sum_[b] / static_cast<double>(hist_count_[b]) >= gate) {
            gated += hist_sum_[b];
            n += hist_count_[b];
        }
    }
    return n == 0 ? minus_inf : to_lufs(gated / static_cast<double>(n));
}

double LoudnessMeter::loudness_range() noexcept CM_NONBLOCKING {
    constexpr double relative = 0.01;  // -20 LU
    constexpr double low_percentile = 0.10;
    constexpr double high_percentile = 0.95;
    // Nearest rank on (n - 1) p, rounded: libebur128's estimator.
    const auto rank = [](std::size_t n, double p) {
        return static_cast<std::size_t>(static_cast<double>(n - 1) * p + 0.5);
    };
    if (!overflowed_) {
        if (short_term_count_ == 0) return 0.0;
        const auto first = short_terms_.begin();
        const auto last = first + static_cast<std::ptrdiff_t>(short_term_count_);
        double sum = 0.0;
        for (auto it = first; it != last; ++it) sum += *it;
        const double gate = sum / static_cast<double>(short_term_count_) * relative;
        // In place (std::partition and std::nth_element do not allocate).
        const auto gated_end = std::partition(first, last, [gate](double e) { return e >= gate; });
        const auto n = static_cast<std::size_t>(gated_end - first);
        if (n < 2) return 0.0;
        const auto hi = first + static_cast<std::ptrdiff_t>(rank(n, high_percentile));
        std::nth_element(first, hi, gated_end);
        const auto lo = first + static_cast<std::ptrdiff_t>(rank(n, low_percentile));
        std::nth_element(first, lo, hi + 1);
        return 10.0 * std::log10(*hi / *lo);
    }
    const double* sums = hist_sum_.data() + histogram_bins;
    const std::uint64_t* counts = hist_count_.data() + histogram_bins;
    double sum = 0.0;
    std::uint64_t count = 0;
    for (std::size_t b = 0; b < histogram_bins; ++b) {
        sum += sums[b];
        count += counts[b];
    }
    if (count == 0) return 0.0;
    const double gate = sum / static_cast<double>(count) * relative;
    std::size_t first_bin = histogram_bins;
    std::uint64_t n = 0;
    for (std::size_t b = 0; b < histogram_bins; ++b) {
        if (counts[b] != 0 && sums[b] / static_cast<double>(counts[b]) >= gate) {
            first_bin = std::min(first_bin, b);
            n += counts[b];
        }
    }
    if (n < 2) return 0.0;
    const auto value_at = [&](std::uint64_t r) {
        std::uint64_t seen = 0;
        for (std::size_t b = first_bin; b < histogram_bins; ++b) {
            seen += counts[b];
            if (seen > r) return sums[b] / static_cast<double>(counts[b]);
        }
        return sums[histogram_bins - 1] / static_cast<double>(std::max<std::uint64_t>(1, counts[histogram_bins - 1]));
    };
    const auto nn = static_cast<std::size_t>(n);
    return 10.0 * std::log10(value_at(rank(nn, high_percentile)) / value_at(rank(nn, low_percentile)));
}

LoudnessResult measure_loudness(const ConstAudioBufferView& signal, double sample_rate,
                                std::span<const LoudnessChannel> channel_kinds,
                                const ProgressCallback& progress) {
    if (signal.empty()) {
        throw invalid("measure_loudness: the signal is empty (" + std::to_string(signal.channels()) +
                      " channels, " + std::to_string(signal.frames()) + " frames); expected samples to measure");
    }
    for (std::size_t c = 0; c < signal.channels(); ++c) {
        const auto x = signal.channel(c);
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!std::isfinite(x[i])) {
                throw invalid("measure_loudness: channel " + std::to_string(c) + " frame " + std::to_string(i) +
                              " is " + std::to_string(x[i]) + "; expected finite samples");
            }
        }
    }
    LoudnessSettings s;
    s.sample_rate = sample_rate;
    s.channels = signal.channels();
    s.channel_kinds.assign(channel_kinds.begin(), channel_kinds.end());
    if (std::isfinite(sample_rate) && sample_rate > 0.0) {
        s.max_duration_seconds = std::min(static_cast<double>(signal.frames()) / sample_rate + 1.0,
                                          7.0 * 24.0 * 3600.0);
    }
    LoudnessMeter meter(s);
    const std::size_t chunk = 1 << 16;
    for (std::size_t i = 0; i < signal.frames(); i += chunk) {
        (void)meter.add(signal.subview(i, chunk));
        if (progress) progress(0.9 * static_cast<double>(std::min(i + chunk, signal.frames())) / static_cast<double>(signal.frames()));
    }
    LoudnessResult r;
    r.integrated_lufs = meter.integrated();
    r.loudness_range_lu = meter.loudness_range();
    r.max_momentary_lufs = meter.max_momentary();
    r.max_short_term_lufs = meter.max_short_term();
    double tp = 0.0;
    for (std::size_t c = 0; c < signal.channels(); ++c) tp = std::max(tp, true_peak(signal.channel(c)));
    r.true_peak_dbtp = amplitude_to_db(tp);
    if (progress) progress(1.0);
    return r;
}

} // namespace cm::ca
