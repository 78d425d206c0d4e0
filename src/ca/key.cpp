#include <coremusic/ca/key.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "chroma_detail.hpp"
#include "rhythm_checks.hpp"

namespace cm::ca {

namespace {

using detail::invalid;
using detail::number;

// Index = semitones above the tonic. Sources in key.hpp (KeyProfile).
constexpr std::array<double, 12> kk_major{6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> kk_minor{6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
constexpr std::array<double, 12> temperley_major{5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0};
constexpr std::array<double, 12> temperley_minor{5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0};
constexpr std::array<double, 12> as_major{0.238, 0.006, 0.111, 0.006, 0.137, 0.094,
                                          0.016, 0.214, 0.009, 0.080, 0.008, 0.081};
constexpr std::array<double, 12> as_minor{0.220, 0.006, 0.104, 0.123, 0.019, 0.103,
                                          0.012, 0.214, 0.062, 0.022, 0.061, 0.052};

double pearson(const ChromaVector& x, const std::array<double, 12>& profile, int tonic) noexcept {
    double mx = 0.0;
    double my = 0.0;
    for (std::size_t p = 0; p < 12; ++p) {
        mx += x[p];
        my += profile[p];
    }
    mx /= 12.0;
    my /= 12.0;
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (std::size_t p = 0; p < 12; ++p) {
        // Pitch class p is scale degree p - tonic of this key.
        const double y = profile[(p + 12 - static_cast<std::size_t>(tonic)) % 12] - my;
        const double dx = x[p] - mx;
        sxy += dx * y;
        sxx += dx * dx;
        syy += y * y;
    }
    return sxx > 0.0 && syy > 0.0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

bool check_distribution(const ChromaVector& d, const char* where, std::error_code* ec) {
    for (std::size_t p = 0; p < 12; ++p) {
        if (!std::isfinite(d[p]) || d[p] < 0.0) {
            invalid(ec, where, "pitch class " + std::to_string(p) + " has weight " + number(d[p]) +
                                   " (expected finite, non-negative weights)");
            return false;
        }
    }
    return true;
}

bool check_profile(KeyProfile p, const char* where, std::error_code* ec) {
    switch (p) {
    case KeyProfile::KrumhanslKessler:
    case KeyProfile::Temperley:
    case KeyProfile::AlbrechtShanahan:
        return true;
    }
    invalid(ec, where, "profile " + std::to_string(static_cast<int>(p)) + " is not a KeyProfile");
    return false;
}

std::vector<KeyEstimate> rank(const ChromaVector& d, KeyProfile profile) {
    std::vector<KeyEstimate> keys;
    keys.reserve(24);
    for (const Mode mode : {Mode::Major, Mode::Minor}) {
        const auto prof = key_profile(profile, mode);
        for (int tonic = 0; tonic < 12; ++tonic) keys.push_back({tonic, mode, pearson(d, prof, tonic)});
    }
    // Insertion order is the tie order, so a stable sort.
    for (std::size_t i = 1; i < keys.size(); ++i) {
        for (std::size_t j = i; j > 0 && keys[j].correlation > keys[j - 1].correlation; --j) {
            std::swap(keys[j], keys[j - 1]);
        }
    }
    return keys;
}

// The mean of the L1-normalised chroma frames that hold energy.
ChromaVector distribution_of(const Spectrogram& sg, const KeySettings& s, const char* where, std::error_code* ec) {
    const std::vector<int> map = detail::chroma_bin_map(sg, s.chroma, where, ec);
    if (map.empty()) return {};
    std::vector<ChromaVector> frames(sg.frames());
    std::vector<double> totals(sg.frames(), 0.0);
    double loudest = 0.0;
    for (std::size_t f = 0; f < sg.frames(); ++f) {
        ChromaVector v{};
        const auto row = sg.frame(f);
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (map[k] >= 0) v[static_cast<std::size_t>(map[k])] += static_cast<double>(row[k]);
        }
        for (double x : v) totals[f] += x;
        loudest = std::max(loudest, totals[f]);
        frames[f] = v;
    }
    ChromaVector sum{};
    // Frames 100 dB below the loudest are silence (or the STFT's rounding).
    const double floor = loudest * 1e-5;
    for (std::size_t f = 0; f < frames.size(); ++f) {
        if (!(totals[f] > floor)) continue;
        for (std::size_t p = 0; p < 12; ++p) sum[p] += frames[f][p] / totals[f];
    }
    detail::chroma_normalise(sum, ChromaNorm::L1);
    return sum;
}

} // namespace

std::string KeyEstimate::name() const {
    static constexpr const char* major_names[12] = {"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};
    static constexpr const char* minor_names[12] = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"};
    const auto t = static_cast<std::size_t>(((tonic % 12) + 12) % 12);
    return mode == Mode::Major ? std::string(major_names[t]) + " major" : std::string(minor_names[t]) + " minor";
}

std::array<double, 12> key_profile(KeyProfile profile, Mode mode) noexcept {
    const bool major = mode == Mode::Major;
    switch (profile) {
    case KeyProfile::KrumhanslKessler:
        return major ? kk_major : kk_minor;
    case KeyProfile::Temperley:
        return major ? temperley_major : temperley_minor;
    case KeyProfile::AlbrechtShanahan:
        return major ? as_major : as_minor;
    }
    return major ? kk_major : kk_minor;
}

std::vector<KeyEstimate> rank_keys(const ChromaVector& distribution, KeyProfile profile) {
    check_distribution(distribution, "rank_keys", nullptr);
    check_profile(profile, "rank_keys", nullptr);
    return rank(distribution, profile);
}

KeyEstimate detect_key(const ChromaVector& distribution, KeyProfile profile) {
    check_distribution(distribution, "detect_key", nullptr);
    check_profile(profile, "detect_key", nullptr);
    return rank(distribution, profile).front();
}

namespace {

KeyEstimate detect_impl(std::span<const float> mono, double sample_rate, const KeySettings& s, std::error_code* ec) {
    constexpr const char* where = "detect_key";
    if (ec != nullptr) ec->clear();
    if (!detail::check_sample_rate(sample_rate, where, ec) || !detail::check_signal(mono, where, ec) ||
        !detail::check_chroma(s.chroma, where, ec) || !check_profile(s.profile, where, ec)) {
        return {};
    }
    if (s.stft.frame_size < 2 || s.stft.frame_size % 2 != 0 || s.stft.frame_size > (std::size_t{1} << 24) ||
        s.stft.hop_size == 0) {
        invalid(ec, where, "the STFT frame_size " + std::to_string(s.stft.frame_size) + " / hop_size " +
                               std::to_string(s.stft.hop_size) + " must be even >= 2 / >= 1");
        return {};
    }
    const Spectrogram sg = spectrogram(mono, sample_rate, s.stft);
    const ChromaVector d = distribution_of(sg, s, where, ec);
    if (ec != nullptr && *ec) return {};
    cm::detail::report_success(ec);
    return rank(d, s.profile).front();
}

} // namespace

KeyEstimate detect_key(std::span<const float> mono, double sample_rate, const KeySettings& settings) {
    return detect_impl(mono, sample_rate, settings, nullptr);
}

KeyEstimate detect_key(std::span<const float> mono, double sample_rate, const KeySettings& settings,
                       std::error_code& ec) {
    return detect_impl(mono, sample_rate, settings, &ec);
}

KeyEstimate detect_key(const Spectrogram& spectrogram, const KeySettings& settings) {
    constexpr const char* where = "detect_key";
    detail::check_chroma(settings.chroma, where, nullptr);
    check_profile(settings.profile, where, nullptr);
    if (spectrogram.frames() == 0 || spectrogram.settings().frame_size < 2 ||
        spectrogram.bins() != spectrogram.settings().frame_size / 2 + 1) {
        invalid(nullptr, where, "the spectrogram is empty or inconsistent (" + std::to_string(spectrogram.frames()) +
                                    " frames of " + std::to_string(spectrogram.bins()) + " bins)");
    }
    detail::check_sample_rate(spectrogram.sample_rate(), where, nullptr);
    for (float m : spectrogram.values()) {
        if (!std::isfinite(m)) invalid(nullptr, where, "the spectrogram holds " + number(static_cast<double>(m)));
    }
    return rank(distribution_of(spectrogram, settings, where, nullptr), settings.profile).front();
}

} // namespace cm::ca
