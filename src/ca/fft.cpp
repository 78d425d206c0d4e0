// Fft on FFTW3 (single precision). FFTW's planner is not thread-safe, so
// plan creation and destruction share one mutex; fftwf_execute on a plan's
// own arrays is safe concurrently with other plans.
#include <coremusic/ca/fft.hpp>

#include <cassert>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>

#include <coremusic/core/error.hpp>

#if COREMUSIC_CA_HAVE_FFTW
#include <fftw3.h>
#endif

namespace cm::ca {

#if COREMUSIC_CA_HAVE_FFTW

namespace {
std::mutex& planner_mutex() {
    static std::mutex m;
    return m;
}
} // namespace

struct Fft::Impl {
    std::size_t n = 0;
    float* time = nullptr;            // n reals, FFTW-aligned
    fftwf_complex* freq = nullptr;    // n/2+1 complex, FFTW-aligned
    fftwf_plan forward_plan = nullptr;
    fftwf_plan inverse_plan = nullptr;

    explicit Impl(std::size_t size) : n(size) {
        const std::lock_guard lock(planner_mutex());
        time = fftwf_alloc_real(n);
        freq = fftwf_alloc_complex(n / 2 + 1);
        if (time == nullptr || freq == nullptr) {
            release_locked();
            throw std::bad_alloc();
        }
        const int len = static_cast<int>(n);
        // FFTW_MEASURE overwrites the arrays while planning: they hold nothing yet.
        forward_plan = fftwf_plan_dft_r2c_1d(len, time, freq, FFTW_MEASURE);
        // c2r destroys its input by default; freq is scratch, so that is fine.
        inverse_plan = fftwf_plan_dft_c2r_1d(len, freq, time, FFTW_MEASURE);
        if (forward_plan == nullptr || inverse_plan == nullptr) {
            release_locked();
            throw Error(make_error_code(Errc::NotSupported),
                        "Fft: FFTW could not plan a transform of size " + std::to_string(n));
        }
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        const std::lock_guard lock(planner_mutex());
        release_locked();
    }
    void release_locked() noexcept {
        if (forward_plan != nullptr) fftwf_destroy_plan(forward_plan);
        if (inverse_plan != nullptr) fftwf_destroy_plan(inverse_plan);
        if (time != nullptr) fftwf_free(time);
        if (freq != nullptr) fftwf_free(freq);
        forward_plan = inverse_plan = nullptr;
        time = nullptr;
        freq = nullptr;
    }
};

Fft::Fft(std::size_t size) {
    if (size < 2 || size % 2 != 0 || size > (std::size_t{1} << 30)) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "Fft: size " + std::to_string(size) + " is not an even number in 2..2^30");
    }
    impl_ = std::make_unique<Impl>(size);
}

std::size_t Fft::size() const noexcept { return impl_ ? impl_->n : 0; }
std::size_t Fft::bins() const noexcept { return impl_ ? impl_->n / 2 + 1 : 0; }

void Fft::forward(std::span<const float> in, std::span<std::complex<float>> out) noexcept {
    assert(impl_ && in.size() >= impl_->n && out.size() >= impl_->n / 2 + 1);
    std::memcpy(impl_->time, in.data(), impl_->n * sizeof(float));
    fftwf_execute(impl_->forward_plan);
    // fftwf_complex is float[2], layout-compatible with std::complex<float>.
    std::memcpy(static_cast<void*>(out.data()), impl_->freq, (impl_->n / 2 + 1) * sizeof(fftwf_complex));
}

void Fft::inverse(std::span<const std::complex<float>> in, std::span<float> out) noexcept {
    assert(impl_ && in.size() >= impl_->n / 2 + 1 && out.size() >= impl_->n);
    std::memcpy(impl_->freq, static_cast<const void*>(in.data()), (impl_->n / 2 + 1) * sizeof(fftwf_complex));
    fftwf_execute(impl_->inverse_plan);
    const float scale = 1.0F / static_cast<float>(impl_->n);
    for (std::size_t i = 0; i < impl_->n; ++i) out[i] = impl_->time[i] * scale;
}

void Fft::magnitudes(std::span<const float> in, std::span<float> out) noexcept {
    assert(impl_ && in.size() >= impl_->n && out.size() >= impl_->n / 2 + 1);
    std::memcpy(impl_->time, in.data(), impl_->n * sizeof(float));
    fftwf_execute(impl_->forward_plan);
    for (std::size_t k = 0; k <= impl_->n / 2; ++k) {
        const float re = impl_->freq[k][0];
        const float im = impl_->freq[k][1];
        out[k] = std::sqrt(re * re + im * im);
    }
}

#else // no FFTW

struct Fft::Impl {
    std::size_t n = 0;
};

Fft::Fft(std::size_t) {
    throw Error(make_error_code(Errc::BackendUnavailable),
                "Fft: this build of coremusic has no FFT (configure with COREMUSIC_WITH_FFTW=ON)");
}
std::size_t Fft::size() const noexcept { return 0; }
std::size_t Fft::bins() const noexcept { return 0; }
void Fft::forward(std::span<const float>, std::span<std::complex<float>>) noexcept {}
void Fft::inverse(std::span<const std::complex<float>>, std::span<float>) noexcept {}
void Fft::magnitudes(std::span<const float>, std::span<float>) noexcept {}

#endif

Fft::Fft(Fft&&) noexcept = default;
Fft& Fft::operator=(Fft&&) noexcept = default;
Fft::~Fft() = default;

} // namespace cm::ca
