// src/ca/chroma_detail.hpp (private)
// What key detection shares with chroma: the bin -> pitch-class map and the
// settings check, with the report-or-throw convention of cm::detail::report.
#pragma once

#include <system_error>
#include <vector>

#include <coremusic/ca/chroma.hpp>

namespace cm::ca::detail {

/// The pitch class of each bin of `sg`, -1 for bins out of range or below
/// semitone resolution; empty (and a report) when no bin qualifies.
std::vector<int> chroma_bin_map(const Spectrogram& sg, const ChromaSettings& s, const char* where,
                                std::error_code* ec);
/// False (and a report) for bad chroma settings.
bool check_chroma(const ChromaSettings& s, const char* where, std::error_code* ec);
/// Scales `v` by `norm` (nothing for an all-zero vector).
void chroma_normalise(ChromaVector& v, ChromaNorm norm) noexcept;

} // namespace cm::ca::detail
