// Time-stretch and pitch-shift through the Rubber Band Library (offline and
// real-time modes).
#include <coremusic/ca/time_stretch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>

#if COREMUSIC_CA_HAVE_RUBBERBAND
#include <rubberband/RubberBandStretcher.h>
#endif

namespace cm::ca {

namespace {

constexpr double min_time_ratio = 1.0 / 64.0;
constexpr double max_time_ratio = 64.0;
constexpr double min_pitch_scale = 1.0 / 16.0;
constexpr double max_pitch_scale = 16.0;
// Rubber Band: "Do not use rates below 8000 or above 192000 Hz."
constexpr double min_rate = 8000.0;
constexpr double max_rate = 192000.0;

std::string number(double v) {
    std::string s = std::to_string(v);
    // std::to_string prints 6 decimals; drop the trailing zeros for messages.
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

bool fail(std::error_code* ec, Errc code, const std::string& message) {
    if (ec != nullptr) {
        *ec = make_error_code(code);
        return false;
    }
    throw Error(make_error_code(code), message);
}

bool check_rate(double rate, const char* who, std::error_code* ec) {
    if (!std::isfinite(rate) || rate < min_rate || rate > max_rate) {
        return fail(ec, Errc::OutOfRange,
                    std::string(who) + ": sample rate " + number(rate) +
                        " Hz is outside Rubber Band's range of 8000 to 192000 Hz");
    }
    return true;
}

bool check_time_ratio(double ratio, const char* who, std::error_code* ec) {
    if (!std::isfinite(ratio) || ratio < min_time_ratio || ratio > max_time_ratio) {
        return fail(ec, Errc::OutOfRange,
                    std::string(who) + ": time ratio " + number(ratio) +
                        " must be a finite number from 1/64 to 64 (output duration / input duration)");
    }
    return true;
}

bool check_pitch_scale(double scale, const char* who, std::error_code* ec) {
    if (!std::isfinite(scale) || scale < min_pitch_scale || scale > max_pitch_scale) {
        return fail(ec, Errc::OutOfRange,
                    std::string(who) + ": pitch scale " + number(scale) +
                        " must be a finite frequency ratio from 1/16 to 16 (4 octaves down to 4 up)");
    }
    return true;
}

#if COREMUSIC_CA_HAVE_RUBBERBAND
using RubberBand::RubberBandStretcher;

RubberBandStretcher::Options options_for(StretchEngine engine, StretchTransients transients,
                                         bool formants) {
    RubberBandStretcher::Options o = RubberBandStretcher::OptionThreadingNever;
    o |= engine == StretchEngine::Finer ? RubberBandStretcher::OptionEngineFiner
                                        : RubberBandStretcher::OptionEngineFaster;
    switch (transients) {
    case StretchTransients::Crisp: o |= RubberBandStretcher::OptionTransientsCrisp; break;
    case StretchTransients::Mixed: o |= RubberBandStretcher::OptionTransientsMixed; break;
    case StretchTransients::Smooth: o |= RubberBandStretcher::OptionTransientsSmooth; break;
    }
    o |= formants ? RubberBandStretcher::OptionFormantPreserved : RubberBandStretcher::OptionFormantShifted;
    return o;
}
#endif

AudioBuffer stretch_impl(ConstAudioBufferView in, double sample_rate, const StretchSettings& s,
                         std::error_code* ec, const ProgressCallback& progress) {
    constexpr const char* who = "time_stretch";
    if (ec != nullptr) ec->clear();
    if (in.channels() == 0) {
        fail(ec, Errc::InvalidArgument, "time_stretch: the input view has no channels");
        return {};
    }
    if (!check_rate(sample_rate, who, ec) || !check_time_ratio(s.time_ratio, who, ec)) return {};
    if (!std::isfinite(s.pitch_scale) || !std::isfinite(s.semitones)) {
        fail(ec, Errc::OutOfRange,
             "time_stretch: pitch_scale " + number(s.pitch_scale) + " and semitones " + number(s.semitones) +
                 " must be finite");
        return {};
    }
    const double pitch = s.pitch_scale * semitones_to_pitch_scale(s.semitones);
    if (!check_pitch_scale(pitch, who, ec)) return {};
    if (s.block_size == 0 || s.block_size > (std::size_t{1} << 20)) {
        fail(ec, Errc::OutOfRange,
             "time_stretch: block_size " + std::to_string(s.block_size) + " must be from 1 to 1048576 frames");
        return {};
    }
    const std::size_t n = in.frames();
    for (std::size_t c = 0; c < in.channels(); ++c) {
        const auto ch = in.channel(c);
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(ch[i])) {
                fail(ec, Errc::InvalidArgument,
                     "time_stretch: channel " + std::to_string(c) + " frame " + std::to_string(i) + " is " +
                         (std::isnan(ch[i]) ? "NaN" : "infinite") + "; samples must be finite");
                return {};
            }
        }
    }
    const auto target_ll = std::llround(static_cast<double>(n) * s.time_ratio);
    const auto target = static_cast<std::size_t>(target_ll);
#if !COREMUSIC_CA_HAVE_RUBBERBAND
    (void)progress;
    (void)target;
    fail(ec, Errc::BackendUnavailable, "time_stretch: this build of coremusic has no Rubber Band library");
    return {};
#else
    AudioBuffer out(target, in.channels());
    if (n == 0) {
        if (progress) progress(1.0);
        return out;
    }
    RubberBandStretcher rb(static_cast<std::size_t>(std::llround(sample_rate)), in.channels(),
                           options_for(s.engine, s.transients, s.preserve_formants) |
                               RubberBandStretcher::OptionProcessOffline,
                           s.time_ratio, pitch);
    rb.setExpectedInputDuration(n);
    rb.setMaxProcessSize(s.block_size);

    // Study pass: cheap next to processing, so it counts for 10 % of progress.
    constexpr double study_share = 0.1;
    for (std::size_t at = 0; at < n; at += s.block_size) {
        const std::size_t len = std::min(s.block_size, n - at);
        const auto block = in.subview(at, len);
        rb.study(block.data(), len, at + len >= n);
        if (progress) progress(study_share * static_cast<double>(at + len) / static_cast<double>(n));
    }

    // Rubber Band 3.1 hits the exact length except that R2 truncates where
    // llround rounds (n * ratio = 22068.5 gives 22068 frames, one short;
    // the zeroed tail of `out` pads it). Output past the target (not seen,
    // but not promised either) is retrieved into this scratch block and
    // dropped.
    std::size_t written = 0;
    AudioBuffer spill;
    std::array<float*, max_channels> spill_ptrs{};
    std::array<float*, max_channels> out_ptrs{};
    const auto drain = [&] {
        for (;;) {
            const int avail = rb.available();
            if (avail <= 0) return avail;
            auto want = static_cast<std::size_t>(avail);
            if (written < target) {
                const std::size_t take = std::min(want, target - written);
                for (std::size_t c = 0; c < in.channels(); ++c) out_ptrs[c] = out.channel(c).data() + written;
                const std::size_t got = rb.retrieve(out_ptrs.data(), take);
                written += got;
                if (got == 0) return 0;
                continue;
            }
            if (spill.frames() == 0) {
                spill.resize(s.block_size, in.channels());
                for (std::size_t c = 0; c < in.channels(); ++c) spill_ptrs[c] = spill.channel(c).data();
            }
            want = std::min(want, spill.frames());
            if (rb.retrieve(spill_ptrs.data(), want) == 0) return 0;
        }
    };
    for (std::size_t at = 0; at < n; at += s.block_size) {
        const std::size_t len = std::min(s.block_size, n - at);
        const auto block = in.subview(at, len);
        rb.process(block.data(), len, at + len >= n);
        (void)drain();
        if (progress) {
            progress(study_share + (1.0 - study_share) * static_cast<double>(at + len) / static_cast<double>(n));
        }
    }
    // After the final block Rubber Band flushes what it holds; with
    // threading off, available() reaches -1 once everything is out. The
    // bound guards against a library that never says -1.
    for (int spins = 0; spins < 1 << 20; ++spins) {
        if (drain() < 0) break;
    }
    // `out` was zeroed by its constructor, so a short result is already
    // padded with silence up to `target`.
    return out;
#endif
}

} // namespace

double semitones_to_pitch_scale(double semitones) noexcept { return std::exp2(semitones / 12.0); }

bool time_stretch_available() noexcept { return COREMUSIC_CA_HAVE_RUBBERBAND != 0; }

AudioBuffer time_stretch(ConstAudioBufferView in, double sample_rate, const StretchSettings& settings,
                         const ProgressCallback& progress) {
    return stretch_impl(in, sample_rate, settings, nullptr, progress);
}

AudioBuffer time_stretch(ConstAudioBufferView in, double sample_rate, const StretchSettings& settings,
                         std::error_code& ec, const ProgressCallback& progress) {
    return stretch_impl(in, sample_rate, settings, &ec, progress);
}

AudioBuffer pitch_shift(ConstAudioBufferView in, double sample_rate, double semitones, bool preserve_formants,
                        StretchEngine engine, const ProgressCallback& progress) {
    StretchSettings s;
    s.semitones = semitones;
    s.preserve_formants = preserve_formants;
    s.engine = engine;
    return time_stretch(in, sample_rate, s, progress);
}

// ---- RealtimeStretcher ----

struct RealtimeStretcher::Impl {
    std::size_t channels = 0;
    double sample_rate = 0.0;
    std::size_t max_block = 0;
    RealtimeStretchSettings settings;
    // Requested by any thread; applied by process() on the audio thread.
    std::atomic<double> requested_time{1.0};
    std::atomic<double> requested_pitch{1.0};
#if COREMUSIC_CA_HAVE_RUBBERBAND
    std::unique_ptr<RubberBandStretcher> rb;
    double applied_time = 1.0;
    double applied_pitch = 1.0;
    std::size_t to_drop = 0;       // start delay still to remove from the output
    AudioBuffer scratch;           // zeros to feed / output to drop, max_block frames
    std::array<float*, max_channels> scratch_ptrs{};

    void start() {
        rb->reset();
        rb->setTimeRatio(applied_time);
        rb->setPitchScale(applied_pitch);
        to_drop = 0;
        if (!settings.align_start) return;
        std::size_t pad = rb->getPreferredStartPad();
        scratch.clear();
        while (pad > 0) {
            const std::size_t len = std::min(pad, max_block);
            rb->process(scratch_ptrs.data(), len, false);
            pad -= len;
        }
        to_drop = rb->getStartDelay();
        // The pad's own output counts towards the delay; drop what exists now.
        (void)drop_pending();
    }

    bool drop_pending() noexcept {
        while (to_drop > 0) {
            const int avail = rb->available();
            if (avail <= 0) return false;
            const std::size_t len = std::min({to_drop, static_cast<std::size_t>(avail), scratch.frames()});
            const std::size_t got = rb->retrieve(scratch_ptrs.data(), len);
            if (got == 0) return false;
            to_drop -= got;
        }
        return true;
    }
#endif
};

RealtimeStretcher::RealtimeStretcher(std::size_t channels, double sample_rate, std::size_t max_block,
                                     const RealtimeStretchSettings& settings) {
    constexpr const char* who = "RealtimeStretcher";
    if (channels == 0 || channels > max_channels) {
        throw Error(make_error_code(Errc::OutOfRange), "RealtimeStretcher: " + std::to_string(channels) +
                                                           " channels; expected 1 to " +
                                                           std::to_string(max_channels));
    }
    check_rate(sample_rate, who, nullptr);
    if (max_block == 0 || max_block > (std::size_t{1} << 16)) {
        throw Error(make_error_code(Errc::OutOfRange), "RealtimeStretcher: max_block " + std::to_string(max_block) +
                                                           " must be from 1 to 65536 frames");
    }
    check_time_ratio(settings.time_ratio, who, nullptr);
    check_pitch_scale(settings.pitch_scale, who, nullptr);
#if !COREMUSIC_CA_HAVE_RUBBERBAND
    throw Error(make_error_code(Errc::BackendUnavailable),
                "RealtimeStretcher: this build of coremusic has no Rubber Band library");
#else
    auto impl = std::make_unique<Impl>();
    impl->channels = channels;
    impl->sample_rate = sample_rate;
    impl->max_block = max_block;
    impl->settings = settings;
    impl->requested_time.store(settings.time_ratio);
    impl->requested_pitch.store(settings.pitch_scale);
    impl->applied_time = settings.time_ratio;
    impl->applied_pitch = settings.pitch_scale;
    RubberBandStretcher::Options o = options_for(settings.engine, settings.transients, settings.preserve_formants) |
                                     RubberBandStretcher::OptionProcessRealTime;
    if (settings.smooth_pitch_changes) o |= RubberBandStretcher::OptionPitchHighConsistency;
    impl->rb = std::make_unique<RubberBandStretcher>(static_cast<std::size_t>(std::llround(sample_rate)),
                                                     channels, o, settings.time_ratio, settings.pitch_scale);
    impl->rb->setMaxProcessSize(max_block);
    impl->scratch.resize(max_block, channels);
    for (std::size_t c = 0; c < channels; ++c) impl->scratch_ptrs[c] = impl->scratch.channel(c).data();
    impl->start();
    impl_ = std::move(impl);
#endif
}

RealtimeStretcher::~RealtimeStretcher() = default;
RealtimeStretcher::RealtimeStretcher(RealtimeStretcher&&) noexcept = default;
RealtimeStretcher& RealtimeStretcher::operator=(RealtimeStretcher&&) noexcept = default;

void RealtimeStretcher::set_time_ratio(double ratio) {
    check_time_ratio(ratio, "RealtimeStretcher::set_time_ratio", nullptr);
    if (impl_) impl_->requested_time.store(ratio, std::memory_order_release);
}

void RealtimeStretcher::set_pitch_scale(double scale) {
    check_pitch_scale(scale, "RealtimeStretcher::set_pitch_scale", nullptr);
    if (impl_) impl_->requested_pitch.store(scale, std::memory_order_release);
}

double RealtimeStretcher::time_ratio() const noexcept {
    return impl_ ? impl_->requested_time.load(std::memory_order_acquire) : 1.0;
}

double RealtimeStretcher::pitch_scale() const noexcept {
    return impl_ ? impl_->requested_pitch.load(std::memory_order_acquire) : 1.0;
}

std::size_t RealtimeStretcher::process(ConstAudioBufferView in, AudioBufferView out) noexcept {
#if COREMUSIC_CA_HAVE_RUBBERBAND
    if (!impl_) return 0;
    Impl& m = *impl_;
    if (in.frames() > 0 && (in.channels() != m.channels || in.frames() > m.max_block)) return 0;
    const double t = m.requested_time.load(std::memory_order_acquire);
    const double p = m.requested_pitch.load(std::memory_order_acquire);
    if (t != m.applied_time) {
        m.rb->setTimeRatio(t);
        m.applied_time = t;
    }
    if (p != m.applied_pitch) {
        m.rb->setPitchScale(p);
        m.applied_pitch = p;
    }
    if (in.frames() > 0) m.rb->process(in.data(), in.frames(), false);
    return retrieve(out);
#else
    (void)in;
    (void)out;
    return 0;
#endif
}

std::size_t RealtimeStretcher::retrieve(AudioBufferView out) noexcept {
#if COREMUSIC_CA_HAVE_RUBBERBAND
    if (!impl_) return 0;
    Impl& m = *impl_;
    if (out.frames() == 0 || out.channels() != m.channels) return 0;
    if (!m.drop_pending()) return 0;
    const int avail = m.rb->available();
    if (avail <= 0) return 0;
    return m.rb->retrieve(out.data(), std::min(out.frames(), static_cast<std::size_t>(avail)));
#else
    (void)out;
    return 0;
#endif
}

std::size_t RealtimeStretcher::available() const noexcept {
#if COREMUSIC_CA_HAVE_RUBBERBAND
    if (!impl_) return 0;
    const int avail = impl_->rb->available();
    if (avail <= 0) return 0;
    const auto a = static_cast<std::size_t>(avail);
    return a > impl_->to_drop ? a - impl_->to_drop : 0;
#else
    return 0;
#endif
}

std::size_t RealtimeStretcher::samples_required() const noexcept {
#if COREMUSIC_CA_HAVE_RUBBERBAND
    return impl_ ? impl_->rb->getSamplesRequired() : 0;
#else
    return 0;
#endif
}

std::size_t RealtimeStretcher::latency() const noexcept {
#if COREMUSIC_CA_HAVE_RUBBERBAND
    return impl_ ? impl_->rb->getStartDelay() : 0;
#else
    return 0;
#endif
}

std::size_t RealtimeStretcher::channels() const noexcept { return impl_ ? impl_->channels : 0; }
double RealtimeStretcher::sample_rate() const noexcept { return impl_ ? impl_->sample_rate : 0.0; }
std::size_t RealtimeStretcher::max_block() const noexcept { return impl_ ? impl_->max_block : 0; }

void RealtimeStretcher::reset() {
#if COREMUSIC_CA_HAVE_RUBBERBAND
    if (!impl_) return;
    impl_->applied_time = impl_->requested_time.load(std::memory_order_acquire);
    impl_->applied_pitch = impl_->requested_pitch.load(std::memory_order_acquire);
    impl_->start();
#endif
}

} // namespace cm::ca
