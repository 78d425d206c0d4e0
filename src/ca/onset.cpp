#include <coremusic/ca/onset.hpp>

#include <coremusic/ca/spectral_features.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "onset_detail.hpp"
#include "rhythm_checks.hpp"

namespace cm::ca {

namespace {

using detail::invalid;
using detail::number;

bool check_settings(const OnsetSettings& s, const char* where, std::error_code* ec) {
    using detail::check_range;
    constexpr double big = 1.0e9;
    if (!check_range(s.compression, 1.0e-12, big, where, "compression", ec)) return false;
    if (!check_range(s.min_frequency_hz, 0.0, big, where, "min_frequency_hz", ec)) return false;
    if (!check_range(s.max_frequency_hz, 0.0, big, where, "max_frequency_hz", ec)) return false;
    if (!check_range(s.delta, 0.0, big, where, "delta", ec)) return false;
    if (!check_range(s.pre_max_seconds, 0.0, big, where, "pre_max_seconds", ec)) return false;
    if (!check_range(s.post_max_seconds, 0.0, big, where, "post_max_seconds", ec)) return false;
    if (!check_range(s.pre_average_seconds, 0.0, big, where, "pre_average_seconds", ec)) return false;
    if (!check_range(s.post_average_seconds, 0.0, big, where, "post_average_seconds", ec)) return false;
    if (!check_range(s.min_gap_seconds, 0.0, big, where, "min_gap_seconds", ec)) return false;
    if (s.mel_bands > 1024) {
        invalid(ec, where, "mel_bands is " + std::to_string(s.mel_bands) + " (expected 0 to 1024)");
        return false;
    }
    if (s.lag == 0 || s.lag > 1024) {
        invalid(ec, where, "lag is " + std::to_string(s.lag) + " (expected 1 to 1024 frames)");
        return false;
    }
    return true;
}

bool check_stft(const StftSettings& s, const char* where, std::error_code* ec) {
    if (s.frame_size < 2 || s.frame_size % 2 != 0 || s.frame_size > (std::size_t{1} << 24)) {
        invalid(ec, where, "frame_size " + std::to_string(s.frame_size) + " must be even, 2 to 2^24");
        return false;
    }
    if (s.hop_size == 0 || s.hop_size > (std::size_t{1} << 24)) {
        invalid(ec, where, "hop_size " + std::to_string(s.hop_size) + " must be 1 to 2^24");
        return false;
    }
    return true;
}

// Turns magnitude frames, one at a time, into flux values and frame
// energies; frames before the first count as silence, so a sound that starts
// with the signal is an onset.
class FluxAccumulator {
public:
    FluxAccumulator(const OnsetSettings& s, std::size_t bins, double sample_rate, const StftSettings& stft,
                    const char* where, std::error_code* ec)
        : lag_(s.lag) {
        const double n = static_cast<double>(stft.frame_size);
        const double nyquist_bin = static_cast<double>(bins - 1);
        const double lo = std::ceil(s.min_frequency_hz * n / sample_rate);
        const double hi = s.max_frequency_hz > 0.0 ? std::floor(s.max_frequency_hz * n / sample_rate) : nyquist_bin;
        if (lo > std::min(hi, nyquist_bin) || (s.max_frequency_hz > 0.0 && s.max_frequency_hz <= s.min_frequency_hz)) {
            invalid(ec, where,
                    "the frequency range " + number(s.min_frequency_hz) + " to " + number(s.max_frequency_hz) +
                        " Hz holds no bin of a " + std::to_string(stft.frame_size) + "-point STFT at " +
                        number(sample_rate) + " Hz");
            ok_ = false;
            return;
        }
        lo_ = static_cast<std::size_t>(lo);
        hi_ = static_cast<std::size_t>(std::min(hi, nyquist_bin));
        const auto window = make_window(stft.window, stft.frame_size);
        const double sum = std::accumulate(window.begin(), window.end(), 0.0);
        scale_ = s.compression / (sum > 0.0 ? sum : 1.0);
        width_ = hi_ - lo_ + 1;
        if (s.mel_bands > 0) {
            MelSettings mel;
            mel.n_mels = s.mel_bands;
            mel.fmin = s.min_frequency_hz;
            mel.fmax = std::min(s.max_frequency_hz > 0.0 ? s.max_frequency_hz : sample_rate / 2.0, sample_rate / 2.0);
            // Peak-1 triangles: a band holding a sine reads what its bin does.
            mel.area_normalize = false;
            const MelFilterbank bank(sample_rate, stft.frame_size, mel);
            // Each triangle covers a few bins: keep only those (the dense
            // product costs 1000 times the bands' width in a debug build).
            for (std::size_t m = 0; m < bank.bands(); ++m) {
                const auto w = bank.band(m);
                std::size_t a = 0;
                while (a < w.size() && w[a] == 0.0F) ++a;
                std::size_t b = w.size();
                while (b > a && w[b - 1] == 0.0F) --b;
                band_start_.push_back(a);
                band_weights_.emplace_back(w.begin() + static_cast<std::ptrdiff_t>(a),
                                           w.begin() + static_cast<std::ptrdiff_t>(b));
            }
            bands_.resize(s.mel_bands);
            width_ = s.mel_bands;
        }
        history_.assign((lag_ + 1) * width_, 0.0F);
    }

    [[nodiscard]] bool ok() const noexcept { return ok_; }

    // Flux of this frame against the one `lag` frames back; energy sum |X|^2.
    void push(std::span<const float> mags, float& flux, float& energy) {
        float* current = history_.data() + (count_ % (lag_ + 1)) * width_;
        const float* previous = history_.data() + ((count_ + 1) % (lag_ + 1)) * width_;
        double e = 0.0;
        for (float m : mags) e += static_cast<double>(m) * static_cast<double>(m);
        std::span<const float> values;
        if (bands_.empty()) {
            values = mags.subspan(lo_, width_);
        } else {
            for (std::size_t m = 0; m < bands_.size(); ++m) {
                double acc = 0.0;
                const auto& w = band_weights_[m];
                const float* x = mags.data() + band_start_[m];
                for (std::size_t k = 0; k < w.size(); ++k) acc += static_cast<double>(w[k]) * static_cast<double>(x[k]);
                bands_[m] = static_cast<float>(acc);
            }
            values = bands_;
        }
        double sum = 0.0;
        for (std::size_t k = 0; k < width_; ++k) {
            const auto y = static_cast<float>(std::log1p(scale_ * static_cast<double>(values[k])));
            const float d = y - previous[k];
            if (d > 0.0F) sum += static_cast<double>(d);
            current[k] = y;
        }
        ++count_;
        flux = static_cast<float>(sum / static_cast<double>(width_));
        energy = static_cast<float>(e);
    }

private:
    std::size_t lag_;
    std::size_t lo_ = 0;
    std::size_t hi_ = 0;
    std::size_t width_ = 0;
    double scale_ = 1.0;
    std::size_t count_ = 0;
    bool ok_ = true;
    std::vector<std::size_t> band_start_;          // first bin of each mel band
    std::vector<std::vector<float>> band_weights_;  // its non-zero weights
    std::vector<float> bands_;
    // lag + 1 rows of log magnitudes, a ring: row count % (lag + 1) is the newest.
    std::vector<float> history_;
};

std::int64_t envelope_offset(const StftSettings& stft) {
    // See OnsetEnvelope: the flux of a sudden onset peaks when the Hann
    // window has run about a third of its length past it (measured on clicks
    // and tone bursts over all phases against the hop, at 1024 to 4096
    // points), i.e. frame_size/6 after the centre of the frame.
    const auto n = static_cast<std::int64_t>(stft.frame_size);
    return (stft.center ? 0 : n / 2) + n / 6;
}

struct EnvelopeAndEnergy {
    OnsetEnvelope envelope;
    std::vector<float> energy;
};

EnvelopeAndEnergy strength_of_signal(std::span<const float> mono, double sample_rate, const OnsetSettings& s,
                                     const ProgressCallback& progress, const char* where, std::error_code* ec) {
    EnvelopeAndEnergy out;
    if (!detail::check_sample_rate(sample_rate, where, ec) || !detail::check_signal(mono, where, ec) ||
        !check_stft(s.stft, where, ec) || !check_settings(s, where, ec)) {
        return out;
    }
    Stft stft(s.stft);
    FluxAccumulator flux(s, stft.bins(), sample_rate, s.stft, where, ec);
    if (!flux.ok()) return out;

    const std::size_t n = s.stft.frame_size;
    const std::size_t frames = stft.frame_count(mono.size());
    out.envelope.values.resize(frames);
    out.envelope.hop_size = s.stft.hop_size;
    out.envelope.sample_rate = sample_rate;
    out.envelope.offset = envelope_offset(s.stft);
    out.energy.resize(frames);

    std::vector<float> frame(n);
    std::vector<float> mags(stft.bins());
    const std::ptrdiff_t pad = s.stft.center ? static_cast<std::ptrdiff_t>(n / 2) : 0;
    const auto len = static_cast<std::ptrdiff_t>(mono.size());
    for (std::size_t f = 0; f < frames; ++f) {
        // The framing of Stft::spectrogram (zeros outside the signal), one
        // frame at a time so a long file never needs a whole spectrogram.
        const std::ptrdiff_t start = static_cast<std::ptrdiff_t>(f * s.stft.hop_size) - pad;
        for (std::size_t i = 0; i < n; ++i) {
            const std::ptrdiff_t at = start + static_cast<std::ptrdiff_t>(i);
            frame[i] = (at >= 0 && at < len) ? mono[static_cast<std::size_t>(at)] : 0.0F;
        }
        stft.magnitudes(frame, mags);
        flux.push(mags, out.envelope.values[f], out.energy[f]);
        if (progress && (f % 256 == 255 || f + 1 == frames)) {
            progress(static_cast<double>(f + 1) / static_cast<double>(frames));
        }
    }
    cm::detail::report_success(ec);
    return out;
}

EnvelopeAndEnergy strength_of_spectrogram(const Spectrogram& sg, const OnsetSettings& s, const char* where,
                                          std::error_code* ec) {
    EnvelopeAndEnergy out;
    if (sg.frames() == 0 || sg.bins() < 2) {
        invalid(ec, where, "the spectrogram is empty (" + std::to_string(sg.frames()) + " frames of " +
                               std::to_string(sg.bins()) + " bins; expected at least 1 frame of 2 bins)");
        return out;
    }
    if (!detail::check_sample_rate(sg.sample_rate(), where, ec) || !check_stft(sg.settings(), where, ec) ||
        !check_settings(s, where, ec)) {
        return out;
    }
    if (sg.bins() != sg.settings().frame_size / 2 + 1) {
        invalid(ec, where, "the spectrogram has " + std::to_string(sg.bins()) + " bins but its frame size " +
                               std::to_string(sg.settings().frame_size) + " implies " +
                               std::to_string(sg.settings().frame_size / 2 + 1));
        return out;
    }
    FluxAccumulator flux(s, sg.bins(), sg.sample_rate(), sg.settings(), where, ec);
    if (!flux.ok()) return out;
    const std::size_t frames = sg.frames();
    out.envelope.values.resize(frames);
    out.envelope.hop_size = sg.settings().hop_size;
    out.envelope.sample_rate = sg.sample_rate();
    out.envelope.offset = envelope_offset(sg.settings());
    out.energy.resize(frames);
    for (std::size_t f = 0; f < frames; ++f) {
        const auto row = sg.frame(f);
        for (float m : row) {
            if (!std::isfinite(m)) {
                invalid(ec, where, "frame " + std::to_string(f) + " holds a magnitude of " +
                                       number(static_cast<double>(m)) + " (expected finite values)");
                return {};
            }
        }
        flux.push(row, out.envelope.values[f], out.energy[f]);
    }
    cm::detail::report_success(ec);
    return out;
}

std::size_t to_frames(double seconds, double frame_rate) {
    return static_cast<std::size_t>(std::llround(std::min(seconds * frame_rate, 1.0e12)));
}

std::vector<std::size_t> pick(const OnsetEnvelope& env, const OnsetSettings& s, const StftSettings& stft) {
    std::vector<std::size_t> onsets;
    const std::size_t n = env.values.size();
    if (n == 0) return onsets;
    // The frames whose window runs past the signal's end into the zero
    // padding see the end as a cut, which splatters over every bin like an
    // attack; they are not searched. (For centred frames, frame i's window
    // ends at i * hop + frame_size / 2 and the signal at about the last
    // frame's centre.)
    const std::size_t padded = stft.center ? (stft.frame_size / 2 + stft.hop_size - 1) / stft.hop_size : 1;
    const std::size_t searched = n > padded ? n - padded : 0;
    const float peak = *std::max_element(env.values.begin(), env.values.end());
    if (!(peak > 0.0F)) return onsets;
    const double rate = env.frame_rate();
    const std::size_t pre_max = to_frames(s.pre_max_seconds, rate);
    const std::size_t post_max = to_frames(s.post_max_seconds, rate);
    const std::size_t pre_avg = to_frames(s.pre_average_seconds, rate);
    const std::size_t post_avg = to_frames(s.post_average_seconds, rate);
    const std::size_t gap = std::max<std::size_t>(1, to_frames(s.min_gap_seconds, rate));

    // Prefix sums make each local mean O(1).
    std::vector<double> prefix(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + static_cast<double>(env.values[i] / peak);

    bool have_last = false;
    std::size_t last = 0;
    for (std::size_t i = 0; i < searched; ++i) {
        const float v = env.values[i];
        if (!(v > 0.0F)) continue;
        if (have_last && i - last < gap) continue;
        // The first frame of a plateau wins: strictly above what precedes,
        // at least what follows.
        const std::size_t b0 = i >= pre_max ? i - pre_max : 0;
        const std::size_t b1 = std::min(n - 1, i + post_max);
        bool is_max = true;
        for (std::size_t k = b0; k < i && is_max; ++k) is_max = env.values[k] < v;
        for (std::size_t k = i + 1; k <= b1 && is_max; ++k) is_max = env.values[k] <= v;
        if (!is_max) continue;
        const std::size_t a0 = i >= pre_avg ? i - pre_avg : 0;
        const std::size_t a1 = std::min(n - 1, i + post_avg);
        const double mean = (prefix[a1 + 1] - prefix[a0]) / static_cast<double>(a1 - a0 + 1);
        if (static_cast<double>(v / peak) < mean + s.delta) continue;
        onsets.push_back(i);
        have_last = true;
        last = i;
    }
    return onsets;
}

// Moves each onset back while the frame energy keeps falling, but never
// before the previous onset.
void backtrack(std::vector<std::size_t>& onsets, const std::vector<float>& energy) {
    std::size_t floor = 0;
    for (auto& o : onsets) {
        const std::size_t original = o;
        std::size_t j = o;
        while (j > floor && energy[j - 1] < energy[j]) --j;
        o = j;
        floor = original;
    }
}

// Sample positions of picked frames. A backtracked frame is the last
// quiet one before the attack, so its onset is where that frame's window
// ends (never later than the frame the onset was picked at).
std::vector<std::int64_t> to_positions(const OnsetEnvelope& env, const std::vector<std::size_t>& picked,
                                       const std::vector<std::size_t>* backtracked, const StftSettings& stft,
                                       std::int64_t limit) {
    std::vector<std::int64_t> out;
    out.reserve(picked.size());
    const auto n = static_cast<std::int64_t>(stft.frame_size);
    const std::int64_t window_end = (stft.center ? n / 2 : n) - env.offset;
    for (std::size_t k = 0; k < picked.size(); ++k) {
        std::int64_t p = env.position(picked[k]);
        if (backtracked != nullptr) p = std::min(p, env.position((*backtracked)[k]) + window_end);
        p = std::max<std::int64_t>(0, p);
        if (limit > 0) p = std::min(p, limit - 1);
        if (out.empty() || p > out.back()) out.push_back(p);
    }
    return out;
}

std::vector<std::int64_t> detect_impl(std::span<const float> mono, double sample_rate, const OnsetSettings& s,
                                      const ProgressCallback& progress, std::error_code* ec) {
    constexpr const char* where = "detect_onsets";
    auto ee = strength_of_signal(mono, sample_rate, s, progress, where, ec);
    if (ee.envelope.values.empty()) return {};
    const auto frames = pick(ee.envelope, s, s.stft);
    if (!s.backtrack) return to_positions(ee.envelope, frames, nullptr, s.stft, static_cast<std::int64_t>(mono.size()));
    auto back = frames;
    backtrack(back, ee.energy);
    return to_positions(ee.envelope, frames, &back, s.stft, static_cast<std::int64_t>(mono.size()));
}

} // namespace

OnsetEnvelope detail::onset_strength_checked(std::span<const float> mono, double sample_rate,
                                             const OnsetSettings& settings, const ProgressCallback& progress,
                                             const char* where, std::error_code* ec) {
    return strength_of_signal(mono, sample_rate, settings, progress, where, ec).envelope;
}

OnsetEnvelope onset_strength(std::span<const float> mono, double sample_rate, const OnsetSettings& settings,
                             const ProgressCallback& progress) {
    return strength_of_signal(mono, sample_rate, settings, progress, "onset_strength", nullptr).envelope;
}

OnsetEnvelope onset_strength(const Spectrogram& spectrogram, const OnsetSettings& settings) {
    return strength_of_spectrogram(spectrogram, settings, "onset_strength", nullptr).envelope;
}

std::vector<std::size_t> pick_onset_frames(const OnsetEnvelope& envelope, const OnsetSettings& settings) {
    check_settings(settings, "pick_onset_frames", nullptr);
    if (!envelope.values.empty() && (envelope.hop_size == 0 || !(envelope.sample_rate > 0.0))) {
        invalid(nullptr, "pick_onset_frames",
                "the envelope's hop_size (" + std::to_string(envelope.hop_size) + ") and sample_rate (" +
                    number(envelope.sample_rate) + ") must be positive");
    }
    return pick(envelope, settings, settings.stft);
}

std::vector<std::int64_t> detect_onsets(std::span<const float> mono, double sample_rate,
                                        const OnsetSettings& settings, const ProgressCallback& progress) {
    return detect_impl(mono, sample_rate, settings, progress, nullptr);
}

std::vector<std::int64_t> detect_onsets(std::span<const float> mono, double sample_rate,
                                        const OnsetSettings& settings, std::error_code& ec) {
    return detect_impl(mono, sample_rate, settings, {}, &ec);
}

std::vector<std::int64_t> detect_onsets(const Spectrogram& spectrogram, const OnsetSettings& settings) {
    auto ee = strength_of_spectrogram(spectrogram, settings, "detect_onsets", nullptr);
    const auto frames = pick(ee.envelope, settings, spectrogram.settings());
    if (!settings.backtrack) return to_positions(ee.envelope, frames, nullptr, spectrogram.settings(), 0);
    auto back = frames;
    backtrack(back, ee.energy);
    return to_positions(ee.envelope, frames, &back, spectrogram.settings(), 0);
}

} // namespace cm::ca
