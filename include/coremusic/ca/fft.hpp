// coremusic/ca/fft.hpp
// Fft: a real-input FFT of one size, planned once (FFTW3, single precision)
// and reused for every transform.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <span>

namespace cm::ca {

/// A real <-> complex FFT of a fixed even size n, with n/2 + 1 bins.
/// forward() is the unnormalised DFT X[k] = sum x[t] e^{-2 pi i k t / n};
/// inverse() divides by n, so inverse(forward(x)) == x.
///
/// The plan is made once in the constructor (FFTW_MEASURE, which times a
/// few algorithms for this size; FFTW's wisdom makes the second Fft of a
/// size cheap) and every call reuses it.
///
/// Thread-safety: constructing and destroying Ffts is safe from any thread
/// (FFTW's planner is serialised inside coremusic). One Fft must not be used
/// by two threads at once; give each thread its own.
/// Realtime-safety: forward(), inverse() and magnitudes() neither allocate
/// nor lock (FFTW's execute is plain arithmetic on preallocated memory);
/// construction is not realtime-safe.
class Fft {
public:
    /// Plans a transform of `size` real samples. Throws cm::Error
    /// (Errc::InvalidArgument) when size is odd or below 2, and
    /// cm::Error (Errc::BackendUnavailable) in a build without FFTW.
    explicit Fft(std::size_t size);
    Fft(Fft&&) noexcept;
    Fft& operator=(Fft&&) noexcept;
    Fft(const Fft&) = delete;
    Fft& operator=(const Fft&) = delete;
    ~Fft();

    /// n, the number of real samples.
    [[nodiscard]] std::size_t size() const noexcept;
    /// n/2 + 1, the number of complex bins (DC .. Nyquist).
    [[nodiscard]] std::size_t bins() const noexcept;

    /// The spectrum of `in` (size() samples) into `out` (bins() values).
    /// Shorter spans are a precondition violation (assert).
    void forward(std::span<const float> in, std::span<std::complex<float>> out) noexcept;
    /// The signal of spectrum `in` (bins() values) into `out` (size()
    /// samples), scaled by 1/n.
    void inverse(std::span<const std::complex<float>> in, std::span<float> out) noexcept;
    /// |X[k]| of `in` into `out` (bins() values).
    void magnitudes(std::span<const float> in, std::span<float> out) noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cm::ca
