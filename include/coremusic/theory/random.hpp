// coremusic/theory/random.hpp
// The generators' random source: a fully specified RNG (xoshiro256** seeded by
// SplitMix64) and our own mappings to ranges, so a seed gives the same music
// on every platform, compiler and standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <coremusic/core/error.hpp>

namespace cm::theory {

/// xoshiro256** 1.0 (Blackman and Vigna, 2018), its state filled from the seed
/// by SplitMix64 as the authors recommend. Why not <random>: the engines are
/// specified but the distributions are not (std::uniform_int_distribution
/// gives different numbers under libstdc++, libc++ and MSVC), and the
/// generators promise identical output everywhere. Every mapping below is
/// defined here, with integer arithmetic where a decision is made.
/// Satisfies std::uniform_random_bit_generator.
/// Thread-safety: a value type; one instance per thread. Realtime-safe: yes.
class Random {
public:
    using result_type = std::uint64_t;

    /// Seeded with 0 (a valid seed like any other).
    constexpr Random() noexcept : Random(0) {}

    /// The state is four SplitMix64 outputs from seed.
    explicit constexpr Random(std::uint64_t seed) noexcept {
        std::uint64_t x = seed;
        for (std::uint64_t& word : s_) {
            x += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }

    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }

    /// The next 64 random bits.
    constexpr result_type operator()() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// A uniform integer in [0, n) for n >= 1, exactly uniform (Lemire's
    /// multiply-and-reject, "Fast Random Integer Generation in an Interval",
    /// 2019). n = 0 returns 0.
    constexpr std::uint64_t below(std::uint64_t n) noexcept {
        if (n == 0) {
            return 0;
        }
        // 128-bit product as four 32-bit halves: unsigned __int128 is not
        // standard C++, and this stays constexpr everywhere.
        std::uint64_t hi = 0;
        std::uint64_t lo = 0;
        mul128(operator()(), n, hi, lo);
        if (lo < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (lo < threshold) {
                mul128(operator()(), n, hi, lo);
            }
        }
        return hi;
    }

    /// A uniform integer in [lo, hi] (inclusive); lo > hi returns lo.
    constexpr int between(int lo, int hi) noexcept {
        if (hi <= lo) {
            return lo;
        }
        const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1;
        return static_cast<int>(lo + static_cast<std::int64_t>(below(span)));
    }

    /// A uniform double in [0, 1): the top 53 bits times 2^-53 (exact, so
    /// the same on every IEEE 754 machine).
    constexpr double uniform() noexcept {
        return static_cast<double>(operator()() >> 11) * 0x1.0p-53;
    }

    /// True with probability p (p <= 0 never, p >= 1 always). The comparison
    /// is on 53-bit integers, so it does not depend on rounding mode or
    /// floating-point contraction.
    constexpr bool chance(double p) noexcept {
        if (!(p > 0.0)) {
            return false;
        }
        if (p >= 1.0) {
            return true;
        }
        const auto threshold = static_cast<std::uint64_t>(p * 0x1.0p53);
        return (operator()() >> 11) < threshold;
    }

    /// An index drawn with probability proportional to weights[i]. Weights
    /// are non-negative integers so the choice is exact; negative weights are
    /// not representable and a zero total is a TheoryError (Errc::InvalidArgument),
    /// as is an empty list or a total that overflows 64 bits.
    /// Realtime-safe unless it throws.
    constexpr std::size_t weighted(std::span<const std::uint64_t> weights) {
        std::uint64_t total = 0;
        for (const std::uint64_t w : weights) {
            if (total + w < total) {
                cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument,
                                                "Random::weighted: the weights add up to more than 2^64");
            }
            total += w;
        }
        if (total == 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument,
                                            "Random::weighted: expected at least one positive weight");
        }
        std::uint64_t r = below(total);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i]) {
                return i;
            }
            r -= weights[i];
        }
        return weights.size() - 1;  // unreachable: r < total
    }

    /// Same state.
    friend constexpr bool operator==(const Random&, const Random&) noexcept = default;

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }

    static constexpr void mul128(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) noexcept {
        const std::uint64_t a_lo = a & 0xFFFFFFFFu;
        const std::uint64_t a_hi = a >> 32;
        const std::uint64_t b_lo = b & 0xFFFFFFFFu;
        const std::uint64_t b_hi = b >> 32;
        const std::uint64_t ll = a_lo * b_lo;
        const std::uint64_t lh = a_lo * b_hi;
        const std::uint64_t hl = a_hi * b_lo;
        const std::uint64_t hh = a_hi * b_hi;
        const std::uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
        lo = (mid << 32) | (ll & 0xFFFFFFFFu);
        hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    }

    std::uint64_t s_[4]{};
};

} // namespace cm::theory
