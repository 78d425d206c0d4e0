// coremusic/ca/sparkline.hpp
// One-line terminal charts from the eight Unicode block elements
// ▁▂▃▄▅▆▇█: a quick look at a level curve or a waveform in a CLI.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include <coremusic/core/audio_buffer.hpp>

namespace cm::ca {

/// `values` as a UTF-8 string of `width` block characters (width 0: one per
/// value). Values are grouped into `width` equal runs (repeated when there
/// are fewer values than characters) and each run's mean is drawn on a
/// linear scale from the smallest to the largest mean: the smallest is ▁,
/// the largest █, level = min(7, floor(8 * (v - lo) / (hi - lo))). When all
/// means are equal every character is ▄. NaN values are left out of their
/// run (a run of only NaN draws as a space); a run whose mean is +inf or
/// -inf draws as █ or ▁, the scale coming from the finite ones. Empty
/// `values` give "".
/// Thread-safe.
[[nodiscard]] std::string sparkline(std::span<const float> values, std::size_t width = 0);

/// As above on a fixed scale: `lo` draws as ▁, `hi` (and above) as █, values
/// below `lo` as ▁. Throws cm::Error (Errc::InvalidArgument) unless lo < hi,
/// both finite. Thread-safe.
[[nodiscard]] std::string sparkline(std::span<const float> values, std::size_t width, float lo, float hi);

/// The loudness outline of `audio` in `width` characters: per run of frames
/// the peak |sample| over all channels, on the fixed scale 0 (▁) to full
/// scale 1.0 (█), so quiet audio looks quiet. Empty audio or width 0 gives "".
/// Thread-safe.
[[nodiscard]] std::string waveform_sparkline(ConstAudioBufferView audio, std::size_t width);

} // namespace cm::ca
