// src/ca/onset_detail.hpp (private)
// The onset envelope with the report-or-throw convention of cm::detail::report,
// for the error_code overloads of tempo and slicing.
#pragma once

#include <span>
#include <system_error>

#include <coremusic/ca/onset.hpp>

namespace cm::ca::detail {

/// onset_strength(mono, ...); with `ec` non-null bad input sets it and
/// returns an empty envelope instead of throwing.
OnsetEnvelope onset_strength_checked(std::span<const float> mono, double sample_rate, const OnsetSettings& settings,
                                     const ProgressCallback& progress, const char* where, std::error_code* ec);

} // namespace cm::ca::detail
