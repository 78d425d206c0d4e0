#include <coremusic/ca/levels.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <coremusic/core/buffer_ops.hpp>
#include <coremusic/core/error.hpp>

namespace cm::ca {

namespace {

// ITU-R BS.1770-4 Annex 2, "Table: FIR interpolating filter coefficients",
// order 48, 4 phases of 12 taps, as printed (phase 0 is the first column).
// Phases 3 and 2 are phases 0 and 1 reversed: the prototype is symmetric.
constexpr std::array<std::array<float, TruePeakDetector::taps>, TruePeakDetector::phases> annex2 = {{
    {0.0017089843750F, 0.0109863281250F, -0.0196533203125F, 0.0332031250000F, -0.0594482421875F, 0.1373291015625F,
     0.9721679687500F, -0.1022949218750F, 0.0476074218750F, -0.0266113281250F, 0.0148925781250F, -0.0083007812500F},
    {-0.0291748046875F, 0.0292968750000F, -0.0517578125000F, 0.0891113281250F, -0.1665039062500F, 0.4650878906250F,
     0.7797851562500F, -0.2003173828125F, 0.1015625000000F, -0.0582275390625F, 0.0330810546875F, -0.0189208984375F},
    {-0.0189208984375F, 0.0330810546875F, -0.0582275390625F, 0.1015625000000F, -0.2003173828125F, 0.7797851562500F,
     0.4650878906250F, -0.1665039062500F, 0.0891113281250F, -0.0517578125000F, 0.0292968750000F, -0.0291748046875F},
    {-0.0083007812500F, 0.0148925781250F, -0.0266113281250F, 0.0476074218750F, -0.1022949218750F, 0.9721679687500F,
     0.1373291015625F, -0.0594482421875F, 0.0332031250000F, -0.0196533203125F, 0.0109863281250F, 0.0017089843750F},
}};

Error invalid(const std::string& message) { return Error(make_error_code(Errc::InvalidArgument), message); }

bool finite_positive(double x) noexcept { return std::isfinite(x) && x > 0.0; }

} // namespace

double amplitude_to_db(double amplitude) noexcept CM_NONBLOCKING {
    if (amplitude <= 0.0) return -std::numeric_limits<double>::infinity();
    return 20.0 * std::log10(amplitude);
}

double db_to_amplitude(double db) noexcept CM_NONBLOCKING { return std::pow(10.0, db / 20.0); }

// ---- TruePeakDetector -------------------------------------------------------

float TruePeakDetector::process(std::span<const float> samples) noexcept CM_NONBLOCKING {
    float m = 0.0F;
    for (const float x : samples) {
        // The newest sample goes to both copies; window = history_[pos_ + 1 .. pos_ + taps],
        // oldest first, which is the order the Annex's coefficients are printed in
        // (the convolution's c[0] meets the oldest sample).
        pos_ = (pos_ + 1) % taps;
        history_[pos_] = x;
        history_[pos_ + taps] = x;
        const float* w = history_.data() + pos_ + 1;
        for (std::size_t p = 0; p < phases; ++p) {
            float y = 0.0F;
            for (std::size_t k = 0; k < taps; ++k) y += annex2[p][k] * w[k];
            m = std::max(m, std::fabs(y));
        }
        const float a = std::fabs(x);
        m = std::max(m, a);
        if (!std::isfinite(x)) m = std::numeric_limits<float>::quiet_NaN();
    }
    return m;
}

float TruePeakDetector::flush() noexcept CM_NONBLOCKING {
    constexpr std::array<float, taps - 1> zeros{};
    const float m = process(zeros);
    return m;
}

void TruePeakDetector::reset() noexcept CM_NONBLOCKING {
    history_.fill(0.0F);
    pos_ = 0;
}

double true_peak(std::span<const float> channel) noexcept CM_NONBLOCKING {
    TruePeakDetector d;
    float m = 0.0F;
    // In chunks so a NaN anywhere is kept (std::max drops a NaN second argument).
    bool bad = false;
    constexpr std::size_t chunk = 4096;
    for (std::size_t i = 0; i < channel.size(); i += chunk) {
        const float c = d.process(channel.subspan(i, std::min(chunk, channel.size() - i)));
        if (std::isnan(c)) bad = true;
        m = std::max(m, c);
    }
    m = std::max(m, d.flush());
    return bad ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(m);
}

// ---- measure_levels ---------------------------------------------------------

Levels measure_levels(const ConstAudioBufferView& signal, std::error_code& ec) noexcept {
    ec.clear();
    Levels out;
    if (signal.empty()) {
        try {
            out.channels.resize(signal.channels());
        } catch (...) {
            ec = std::make_error_code(std::errc::not_enough_memory);
        }
        return out;
    }
    try {
        out.channels.resize(signal.channels());
    } catch (...) {
        ec = std::make_error_code(std::errc::not_enough_memory);
        return out;
    }
    double total_square = 0.0;
    double total_sum = 0.0;
    for (std::size_t c = 0; c < signal.channels(); ++c) {
        const std::span<const float> x = signal.channel(c);
        double sum = 0.0;
        double square = 0.0;
        for (const float v : x) {
            const double d = static_cast<double>(v);
            sum += d;
            square += d * d;
        }
        if (!std::isfinite(sum) || !std::isfinite(square)) {
            ec = make_error_code(Errc::InvalidArgument);
            return {};
        }
        ChannelLevels& l = out.channels[c];
        l.peak = static_cast<double>(cm::peak(x));
        l.true_peak = true_peak(x);
        const auto n = static_cast<double>(x.size());
        l.rms = std::sqrt(square / n);
        l.dc_offset = sum / n;
        total_square += square;
        total_sum += sum;
        out.overall.peak = std::max(out.overall.peak, l.peak);
        out.overall.true_peak = std::max(out.overall.true_peak, l.true_peak);
    }
    const double n = static_cast<double>(signal.frames()) * static_cast<double>(signal.channels());
    out.overall.rms = std::sqrt(total_square / n);
    out.overall.dc_offset = total_sum / n;
    return out;
}

Levels measure_levels(const ConstAudioBufferView& signal) {
    std::error_code ec;
    Levels l = measure_levels(signal, ec);
    if (ec == std::errc::not_enough_memory) throw std::bad_alloc();
    if (ec) {
        // Find the sample to name it; only on the error path.
        for (std::size_t c = 0; c < signal.channels(); ++c) {
            const auto x = signal.channel(c);
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (!std::isfinite(x[i])) {
                    throw invalid("measure_levels: channel " + std::to_string(c) + " frame " + std::to_string(i) +
                                  " is " + std::to_string(x[i]) + "; expected finite samples");
                }
            }
        }
        throw invalid("measure_levels: the sum of the samples overflows (samples near the float maximum)");
    }
    return l;
}

// ---- silence ----------------------------------------------------------------

namespace {

const char* silence_argument_error(double sample_rate, const SilenceSettings& s) noexcept {
    if (!finite_positive(sample_rate)) return "the sample rate must be positive and finite";
    if (std::isnan(s.threshold_db)) return "the threshold must be a number of dBFS, not NaN";
    if (!(s.min_duration_seconds >= 0.0) || !std::isfinite(s.min_duration_seconds)) {
        return "the minimum duration must be finite and at least 0 seconds";
    }
    return nullptr;
}

std::vector<Region> find_silence(const ConstAudioBufferView& signal, double sample_rate, const SilenceSettings& s) {
    std::vector<Region> out;
    if (signal.empty()) return out;
    const auto limit = static_cast<float>(db_to_amplitude(s.threshold_db));
    const double min_frames_d = std::ceil(s.min_duration_seconds * sample_rate);
    const auto min_frames = static_cast<std::int64_t>(std::min(min_frames_d, 9.0e18));
    const auto frames = static_cast<std::int64_t>(signal.frames());
    std::int64_t run_start = -1;
    for (std::int64_t i = 0; i < frames; ++i) {
        bool silent = true;
        for (std::size_t c = 0; c < signal.channels() && silent; ++c) {
            // !(|x| <= limit) so that NaN is not silent.
            silent = std::fabs(signal.channel(c)[static_cast<std::size_t>(i)]) <= limit;
        }
        if (silent && run_start < 0) run_start = i;
        if (!silent && run_start >= 0) {
            if (i - run_start >= std::max<std::int64_t>(min_frames, 1)) out.push_back({run_start, i});
            run_start = -1;
        }
    }
    if (run_start >= 0 && frames - run_start >= std::max<std::int64_t>(min_frames, 1)) {
        out.push_back({run_start, frames});
    }
    return out;
}

} // namespace

std::vector<Region> detect_silence(const ConstAudioBufferView& signal, double sample_rate,
                                   const SilenceSettings& settings) {
    if (const char* why = silence_argument_error(sample_rate, settings)) {
        throw invalid("detect_silence(sample_rate " + std::to_string(sample_rate) + ", threshold " +
                      std::to_string(settings.threshold_db) + " dB, min duration " +
                      std::to_string(settings.min_duration_seconds) + " s): " + why);
    }
    return find_silence(signal, sample_rate, settings);
}

std::vector<Region> detect_silence(const ConstAudioBufferView& signal, double sample_rate, double threshold_db,
                                   double min_duration_seconds) {
    return detect_silence(signal, sample_rate, SilenceSettings{threshold_db, min_duration_seconds});
}

std::vector<Region> detect_silence(const ConstAudioBufferView& signal, double sample_rate,
                                   const SilenceSettings& settings, std::error_code& ec) noexcept {
    ec.clear();
    if (silence_argument_error(sample_rate, settings) != nullptr) {
        ec = make_error_code(Errc::InvalidArgument);
        return {};
    }
    try {
        return find_silence(signal, sample_rate, settings);
    } catch (...) {
        ec = std::make_error_code(std::errc::not_enough_memory);
        return {};
    }
}

bool is_silent(const ConstAudioBufferView& signal, double threshold_db) noexcept CM_NONBLOCKING {
    if (std::isnan(threshold_db)) return false;
    const auto limit = static_cast<float>(db_to_amplitude(threshold_db));
    for (std::size_t c = 0; c < signal.channels(); ++c) {
        // cm::peak returns NaN for a NaN sample, which fails the comparison.
        if (!(cm::peak(signal.channel(c)) <= limit)) return false;
    }
    return true;
}

// ---- LevelMeter -------------------------------------------------------------

LevelMeter::LevelMeter(const LevelMeterSettings& settings) : settings_(settings) {
    if (!finite_positive(settings.sample_rate)) {
        throw invalid("LevelMeter: sample rate " + std::to_string(settings.sample_rate) +
                      " Hz; expected a positive finite rate");
    }
    if (!finite_positive(settings.rms_time_constant_seconds)) {
        throw invalid("LevelMeter: RMS time constant " + std::to_string(settings.rms_time_constant_seconds) +
                      " s; expected a positive finite time");
    }
    if (!(settings.peak_decay_db_per_second >= 0.0) || !std::isfinite(settings.peak_decay_db_per_second)) {
        throw invalid("LevelMeter: peak decay " + std::to_string(settings.peak_decay_db_per_second) +
                      " dB/s; expected a finite rate of at least 0");
    }
    decay_per_sample_db_ = settings.peak_decay_db_per_second / settings.sample_rate;
    rms_coefficient_ = 1.0 - std::exp(-1.0 / (settings.rms_time_constant_seconds * settings.sample_rate));
}

void LevelMeter::reset() noexcept CM_NONBLOCKING {
    for (Channel& ch : state_) ch = Channel{};
    channels_ = 0;
}

float LevelMeter::rms(std::size_t c) const noexcept {
    return c < channels_ ? static_cast<float>(std::sqrt(state_[c].mean_square)) : 0.0F;
}

void LevelMeter::process(const ConstAudioBufferView& block) noexcept CM_NONBLOCKING {
    channels_ = block.channels();
    const std::size_t n = block.frames();
    if (n == 0) return;
    const double fall = std::pow(10.0, -decay_per_sample_db_ * static_cast<double>(n) / 20.0);
    const double a = rms_coefficient_;
    for (std::size_t c = 0; c < channels_; ++c) {
        Channel& ch = state_[c];
        const std::span<const float> x = block.channel(c);
        float bp = cm::peak(x);
        double ms = ch.mean_square;
        double sum = 0.0;
        bool bad = !std::isfinite(bp);
        if (bad) {
            // Rare path: leave the non-finite samples out of every figure.
            bp = 0.0F;
            for (const float v : x) {
                if (!std::isfinite(v)) continue;
                bp = std::max(bp, std::fabs(v));
                const double d = static_cast<double>(v);
                sum += d * d;
                ms += a * (d * d - ms);
            }
        } else {
            for (const float v : x) {
                const double d = static_cast<double>(v);
                sum += d * d;
                ms += a * (d * d - ms);
            }
        }
        ch.mean_square = ms;
        ch.block_peak = bp;
        ch.block_rms = static_cast<float>(std::sqrt(sum / static_cast<double>(n)));
        ch.peak = std::max(bp, static_cast<float>(static_cast<double>(ch.peak) * fall));
        ch.clipped = ch.clipped || bad || bp >= 1.0F;
        if (settings_.true_peak && !bad) ch.true_peak = std::max(ch.true_peak, ch.detector.process(x));
    }
}

} // namespace cm::ca
