// Resampler: libsamplerate for the real-time engine, libsoxr for the
// offline one (the measurements behind the split are in resampler.hpp and
// bench/ca_src_bench.cpp).
#include <coremusic/ca/resampler.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <coremusic/core/sample_conversion.hpp>

#if COREMUSIC_CA_HAVE_SAMPLERATE
#include <samplerate.h>
#endif
#if COREMUSIC_CA_HAVE_SOXR
#include <soxr.h>
#endif

namespace cm::ca {

namespace {

std::string number(double v) {
    std::string s = std::to_string(v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

void check_arguments(double from, double to, std::size_t channels, std::size_t max_block) {
    for (const double r : {from, to}) {
        if (!(r > 0.0) || !(r <= 4'000'000.0)) {
            throw Error(make_error_code(Errc::InvalidArgument),
                        "Resampler: sample rate " + number(r) + " is not a rate: expected a finite number in (0, 4000000] Hz");
        }
    }
    const double ratio = to / from;
    if (ratio < 1.0 / 256.0 || ratio > 256.0) {
        throw Error(make_error_code(Errc::OutOfRange), "Resampler: " + number(from) + " Hz -> " + number(to) +
                                                           " Hz is a ratio of " + number(ratio) +
                                                           "; expected 1/256 .. 256");
    }
    if (channels == 0 || channels > max_channels) {
        throw Error(make_error_code(Errc::InvalidArgument), "Resampler: " + std::to_string(channels) +
                                                                " channels; expected 1.." + std::to_string(max_channels));
    }
    if (max_block == 0) {
        throw Error(make_error_code(Errc::InvalidArgument), "Resampler: max_block is 0; expected at least 1 frame");
    }
}

} // namespace

struct Resampler::Impl {
    double from = 0;
    double to = 0;
    double ratio = 1;
    std::size_t channels = 0;
    ResampleQuality quality = ResampleQuality::High;
    ResamplerEngine engine = ResamplerEngine::Realtime;
    std::size_t max_block = 0;
    std::int64_t in_total = 0;   // input frames consumed since the start/reset
    std::int64_t out_total = 0;  // output frames written
    bool tail_done = false;      // the library has given all its tail

#if COREMUSIC_CA_HAVE_SAMPLERATE
    SRC_STATE* src = nullptr;
    std::size_t out_cap = 0;   // frames of out_scratch
    std::vector<float> in_scratch;   // interleaved, max_block frames
    std::vector<float> out_scratch;  // interleaved, out_cap frames
#endif
#if COREMUSIC_CA_HAVE_SOXR
    soxr_t soxr = nullptr;
#endif

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
#if COREMUSIC_CA_HAVE_SAMPLERATE
        if (src != nullptr) src_delete(src);
#endif
#if COREMUSIC_CA_HAVE_SOXR
        if (soxr != nullptr) soxr_delete(soxr);
#endif
    }

    [[nodiscard]] std::int64_t owed() const noexcept {
        return std::llround(static_cast<double>(in_total) * ratio) - out_total;
    }

#if COREMUSIC_CA_HAVE_SAMPLERATE
    void make_src() {
        int type = SRC_SINC_BEST_QUALITY;
        switch (quality) {
        case ResampleQuality::Quick: type = SRC_SINC_FASTEST; break;
        case ResampleQuality::Medium: type = SRC_SINC_MEDIUM_QUALITY; break;
        case ResampleQuality::High:
        case ResampleQuality::VeryHigh: type = SRC_SINC_BEST_QUALITY; break;
        }
        int err = 0;
        src = src_new(type, static_cast<int>(channels), &err);
        if (src == nullptr) {
            throw Error(make_error_code(Errc::BackendUnavailable),
                        std::string("Resampler: libsamplerate refused: ") + src_strerror(err));
        }
        out_cap = static_cast<std::size_t>(std::ceil(static_cast<double>(max_block) * ratio)) + 16;
        if (channels > 1) {
            in_scratch.assign(max_block * channels, 0.0F);
            out_scratch.assign(out_cap * channels, 0.0F);
        }
    }

    // One src_process() over frames [read, read + n) of `in` into `out` at
    // `written`; end = end of input. Returns {used, generated}.
    ResampleResult src_step(const ConstAudioBufferView& in, std::size_t read, std::size_t n,
                            const AudioBufferView& out, std::size_t written, std::size_t room, bool end) noexcept {
        SRC_DATA d{};
        d.src_ratio = ratio;
        d.end_of_input = end ? 1 : 0;
        d.input_frames = static_cast<long>(n);
        d.output_frames = static_cast<long>(std::min(room, out_cap));
        if (channels == 1) {
            d.data_in = n > 0 ? in.channel(0).data() + read : nullptr;
            d.data_out = out.channel(0).data() + written;
        } else {
            if (n > 0) {
                interleave(in.subview(read, n), InterleavedView::try_make(std::span<float>(in_scratch.data(), n * channels), channels).value_or(InterleavedView{}));
            }
            d.data_in = n > 0 ? in_scratch.data() : nullptr;
            d.data_out = out_scratch.data();
        }
        if (src_process(src, &d) != 0) return {};
        const auto gen = static_cast<std::size_t>(d.output_frames_gen);
        if (channels > 1 && gen > 0) {
            const auto view = ConstInterleavedView::try_make(std::span<const float>(out_scratch.data(), gen * channels), channels);
            if (view) deinterleave(*view, out.subview(written, gen));
        }
        return {static_cast<std::size_t>(d.input_frames_used), gen};
    }
#endif

#if COREMUSIC_CA_HAVE_SOXR
    void make_soxr() {
        unsigned long recipe = SOXR_HQ;
        switch (quality) {
        case ResampleQuality::Quick: recipe = SOXR_LQ; break;
        case ResampleQuality::Medium: recipe = SOXR_MQ; break;
        case ResampleQuality::High: recipe = SOXR_HQ; break;
        case ResampleQuality::VeryHigh: recipe = SOXR_VHQ; break;
        }
        const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_S, SOXR_FLOAT32_S);
        const soxr_quality_spec_t q = soxr_quality_spec(recipe, 0);
        // One thread: Debian's libsoxr is built with OpenMP, whose worker
        // pool would otherwise start inside process().
        const soxr_runtime_spec_t rt = soxr_runtime_spec(1);
        soxr_error_t err = nullptr;
        soxr = soxr_create(from, to, static_cast<unsigned>(channels), &err, &io, &q, &rt);
        if (soxr == nullptr || err != nullptr) {
            throw Error(make_error_code(Errc::BackendUnavailable),
                        std::string("Resampler: libsoxr refused: ") + (err != nullptr ? err : "unknown error"));
        }
    }
#endif
};

Resampler::Resampler(double from_rate, double to_rate, std::size_t channels, ResampleQuality quality,
                     ResamplerEngine engine, std::size_t max_block)
    : impl_(std::make_unique<Impl>()) {
    check_arguments(from_rate, to_rate, channels, max_block);
    Impl& s = *impl_;
    s.from = from_rate;
    s.to = to_rate;
    s.ratio = to_rate / from_rate;
    s.channels = channels;
    s.quality = quality;
    s.max_block = max_block;
#if !COREMUSIC_CA_HAVE_SOXR
    engine = ResamplerEngine::Realtime;  // the documented fallback
#endif
    s.engine = engine;
    if (engine == ResamplerEngine::Offline) {
#if COREMUSIC_CA_HAVE_SOXR
        s.make_soxr();
#endif
        return;
    }
#if COREMUSIC_CA_HAVE_SAMPLERATE
    s.make_src();
#else
    throw Error(make_error_code(Errc::BackendUnavailable),
                "Resampler: the real-time engine needs libsamplerate, which this build of coremusic lacks");
#endif
}

Resampler::~Resampler() = default;
Resampler::Resampler(Resampler&& other) noexcept = default;
Resampler& Resampler::operator=(Resampler&& other) noexcept = default;

ResampleResult Resampler::process(ConstAudioBufferView in, AudioBufferView out) noexcept {
    Impl& s = *impl_;
    if (in.channels() != s.channels || out.channels() != s.channels || s.tail_done) return {};
    ResampleResult total;
#if COREMUSIC_CA_HAVE_SOXR
    if (s.engine == ResamplerEngine::Offline) {
        std::size_t idone = 0;
        std::size_t odone = 0;
        // soxr's split output takes a (non-const) array of channel pointers.
        std::array<float*, max_channels> outs{};
        std::copy_n(out.data(), s.channels, outs.begin());
        if (soxr_process(s.soxr, in.data(), in.frames(), &idone, outs.data(), out.frames(), &odone) != nullptr) return {};
        s.in_total += static_cast<std::int64_t>(idone);
        s.out_total += static_cast<std::int64_t>(odone);
        return {idone, odone};
    }
#endif
#if COREMUSIC_CA_HAVE_SAMPLERATE
    while (total.frames_read < in.frames() && total.frames_written < out.frames()) {
        const std::size_t n = std::min(s.max_block, in.frames() - total.frames_read);
        const ResampleResult step =
            s.src_step(in, total.frames_read, n, out, total.frames_written, out.frames() - total.frames_written, false);
        total.frames_read += step.frames_read;
        total.frames_written += step.frames_written;
        if (step.frames_read == 0 && step.frames_written == 0) break;
    }
    s.in_total += static_cast<std::int64_t>(total.frames_read);
    s.out_total += static_cast<std::int64_t>(total.frames_written);
#endif
    return total;
}

std::size_t Resampler::flush(AudioBufferView out) noexcept {
    Impl& s = *impl_;
    if (out.channels() != s.channels) return 0;
    std::size_t written = 0;
    // The library's tail first, never past the exact total; then zeros if it
    // ended short (it may, by a frame or two, at ratios that do not divide).
    while (!s.tail_done && written < out.frames() && s.owed() > 0) {
        const auto room = static_cast<std::size_t>(std::min<std::int64_t>(s.owed(), static_cast<std::int64_t>(out.frames() - written)));
        std::size_t got = 0;
#if COREMUSIC_CA_HAVE_SOXR
        if (s.engine == ResamplerEngine::Offline) {
            const AudioBufferView part = out.subview(written, room);
            std::array<float*, max_channels> outs{};
            std::copy_n(part.data(), s.channels, outs.begin());
            if (soxr_process(s.soxr, nullptr, 0, nullptr, outs.data(), room, &got) != nullptr) got = 0;
        }
#endif
#if COREMUSIC_CA_HAVE_SAMPLERATE
        if (s.engine == ResamplerEngine::Realtime) {
            got = s.src_step(ConstAudioBufferView{}, 0, 0, out, written, room, true).frames_written;
        }
#endif
        got = std::min(got, room);
        if (got == 0) s.tail_done = true;
        written += got;
        s.out_total += static_cast<std::int64_t>(got);
    }
    if (s.owed() <= 0) s.tail_done = true;
    const auto zeros = static_cast<std::size_t>(std::clamp<std::int64_t>(s.owed(), 0, static_cast<std::int64_t>(out.frames() - written)));
    for (std::size_t c = 0; c < s.channels && zeros > 0; ++c) {
        std::memset(out.channel(c).data() + written, 0, zeros * sizeof(float));
    }
    written += zeros;
    s.out_total += static_cast<std::int64_t>(zeros);
    return written;
}

void Resampler::reset() noexcept {
    Impl& s = *impl_;
#if COREMUSIC_CA_HAVE_SOXR
    if (s.engine == ResamplerEngine::Offline) soxr_clear(s.soxr);
#endif
#if COREMUSIC_CA_HAVE_SAMPLERATE
    if (s.engine == ResamplerEngine::Realtime) src_reset(s.src);
#endif
    s.in_total = 0;
    s.out_total = 0;
    s.tail_done = false;
}

std::int64_t Resampler::latency() const noexcept { return std::max<std::int64_t>(0, impl_->owed()); }

std::size_t Resampler::max_output_frames(std::size_t input_frames) const noexcept {
    return static_cast<std::size_t>(std::ceil(static_cast<double>(input_frames) * impl_->ratio)) +
           static_cast<std::size_t>(latency()) + 2;
}

double Resampler::from_rate() const noexcept { return impl_->from; }
double Resampler::to_rate() const noexcept { return impl_->to; }
std::size_t Resampler::channels() const noexcept { return impl_->channels; }
ResampleQuality Resampler::quality() const noexcept { return impl_->quality; }
ResamplerEngine Resampler::engine() const noexcept { return impl_->engine; }

AudioBuffer resample(ConstAudioBufferView in, double from_rate, double to_rate, ResampleQuality quality) {
    if (in.channels() == 0) {
        throw Error(make_error_code(Errc::InvalidArgument), "resample: the input view has no channels");
    }
    check_arguments(from_rate, to_rate, in.channels(), 1);
    const auto frames = static_cast<std::size_t>(std::llround(static_cast<double>(in.frames()) * to_rate / from_rate));
    AudioBuffer out(frames, in.channels());
    if (from_rate == to_rate) {
        for (std::size_t c = 0; c < in.channels(); ++c) {
            std::copy_n(in.channel(c).data(), in.frames(), out.channel(c).data());
        }
        return out;
    }
    Resampler r(from_rate, to_rate, in.channels(), quality, ResamplerEngine::Offline, 65536);
    std::size_t read = 0;
    std::size_t written = 0;
    while (read < in.frames() && written < frames) {
        const ResampleResult res = r.process(in.subview(read, 65536), out.view().subview(written));
        read += res.frames_read;
        written += res.frames_written;
        if (res.frames_read == 0 && res.frames_written == 0) break;
    }
    while (written < frames) {
        const std::size_t got = r.flush(out.view().subview(written));
        if (got == 0) break;
        written += got;
    }
    return out;
}

} // namespace cm::ca
