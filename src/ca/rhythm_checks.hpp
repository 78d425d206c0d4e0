// src/ca/rhythm_checks.hpp (private)
// Argument checks shared by onset, tempo, pitch, chroma/key and slicing:
// one wording for "the sample rate must be positive", "sample N is NaN".
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <sstream>
#include <string>
#include <system_error>

#include <coremusic/core/error.hpp>

namespace cm::ca::detail {

/// A double as text for messages ("nan", "44100", "0.25").
inline std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

/// Reports Errc::InvalidArgument with "<where>: <what>".
inline void invalid(std::error_code* ec, const char* where, const std::string& what) {
    cm::detail::report(ec, Errc::InvalidArgument, [&] { return std::string(where) + ": " + what; });
}

/// False (and a report) unless 0 < rate <= 10 MHz and finite.
inline bool check_sample_rate(double rate, const char* where, std::error_code* ec) {
    if (std::isfinite(rate) && rate > 0.0 && rate <= 1.0e7) return true;
    invalid(ec, where, "the sample rate " + number(rate) + " Hz must be positive, finite and at most 10 MHz");
    return false;
}

/// False (and a report) when `signal` is empty or holds a NaN or infinity.
inline bool check_signal(std::span<const float> signal, const char* where, std::error_code* ec) {
    if (signal.empty()) {
        invalid(ec, where, "the signal is empty (expected at least one sample)");
        return false;
    }
    for (std::size_t i = 0; i < signal.size(); ++i) {
        if (!std::isfinite(signal[i])) {
            invalid(ec, where, "sample " + std::to_string(i) + " is " + number(static_cast<double>(signal[i])) +
                                   " (expected finite samples)");
            return false;
        }
    }
    return true;
}

/// False (and a report) unless lo <= v <= hi (and not NaN).
inline bool check_range(double v, double lo, double hi, const char* where, const char* name,
                        std::error_code* ec) {
    if (v >= lo && v <= hi) return true;
    invalid(ec, where, std::string(name) + " is " + number(v) + " (expected " + number(lo) + " to " + number(hi) + ")");
    return false;
}

} // namespace cm::ca::detail
