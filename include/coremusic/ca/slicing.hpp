// coremusic/ca/slicing.hpp
// Cutting audio into slices (by onsets, a beat grid, silence or explicit
// regions), snapping the cuts to zero crossings, copying slices out and
// joining them again with crossfades.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <coremusic/ca/onset.hpp>
#include <coremusic/ca/region.hpp>
#include <coremusic/core/audio_buffer.hpp>

namespace cm::ca {

/// The shape of a crossfade between two slices. With t = (i + 0.5) / n for
/// sample i of an n-sample crossfade (so the curve is symmetric and never
/// quite 0 or 1):
enum class CrossfadeCurve : std::uint8_t {
    Linear,      ///< fade-in t, fade-out 1 - t: constant amplitude sum (for correlated material)
    EqualPower,  ///< fade-in sin(pi t / 2), fade-out cos(pi t / 2): constant power sum (for uncorrelated material)
};

/// Contiguous slices of a signal of `total_frames` frames cut at
/// `boundaries` (in any order; duplicates, 0 and total_frames are ignored):
/// [0, b1), [b1, b2) ... [bn, total_frames). Throws cm::Error
/// (Errc::OutOfRange) for a boundary below 0 or above total_frames, and
/// (Errc::InvalidArgument) for a negative total. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] std::vector<Region> slices_between(std::span<const std::int64_t> boundaries, std::int64_t total_frames);

/// Slices cut at the onsets of `audio` (all channels mixed to mono for
/// detection): contiguous from frame 0 to the end, the first slice being
/// whatever precedes the first onset. Throws as detect_onsets() (an empty
/// view included). Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<Region> slice_by_onsets(const ConstAudioBufferView& audio, double sample_rate,
                                                  const OnsetSettings& settings);
/// slice_by_onsets() with the default OnsetSettings but `backtrack` on: the
/// onsets are moved back to the preceding energy minimum so each slice
/// keeps its whole attack.
[[nodiscard]] std::vector<Region> slice_by_onsets(const ConstAudioBufferView& audio, double sample_rate);

/// Slices of `beats_per_slice` beats on a fixed grid: cuts at
/// offset_seconds + k * beats_per_slice * 60 / bpm seconds (k = 0, 1, ...;
/// rounded to the nearest frame) inside the signal, contiguous from 0 to
/// total_frames (a positive offset makes a leading pickup slice). Throws
/// cm::Error (Errc::InvalidArgument) for a bad sample rate, a bpm not in
/// (0, 10000], a non-finite offset, beats_per_slice < 1 or a negative
/// total. Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<Region> slice_by_beat_grid(std::int64_t total_frames, double sample_rate, double bpm,
                                                     double offset_seconds = 0.0, int beats_per_slice = 1);

/// Slices cut at every beats_per_slice-th of `beat_frames` (sample
/// positions, e.g. from track_beats(); increasing), contiguous from 0 to
/// total_frames. Throws cm::Error (Errc::InvalidArgument) for
/// beats_per_slice < 1 or beats out of order, (Errc::OutOfRange) for a
/// beat outside [0, total_frames]. Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<Region> slice_by_beats(std::span<const std::int64_t> beat_frames, std::int64_t total_frames,
                                                 int beats_per_slice = 1);

/// The sounding parts of `audio`: the complement of detect_silence()
/// (levels.hpp) with the same arguments, in order. Not contiguous: the
/// silences are left out. Throws as detect_silence(). Thread-safe. Not
/// realtime-safe.
[[nodiscard]] std::vector<Region> slice_by_silence(const ConstAudioBufferView& audio, double sample_rate,
                                                   double threshold_db = -60.0, double min_silence_seconds = 0.1);

/// Explicit slices: `regions` checked against a signal of total_frames
/// frames and sorted by start (then end). Overlaps are allowed. Throws
/// cm::Error (Errc::OutOfRange) for a region outside [0, total_frames] and
/// (Errc::InvalidArgument) for an empty or inverted one. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] std::vector<Region> slice_by_regions(std::span<const Region> regions, std::int64_t total_frames);

/// The zero crossing of `mono` nearest to `frame` within +/- radius frames:
/// a position p (1 <= p < mono.size()) where x[p] is 0 or x[p - 1] and x[p]
/// lie on different sides of zero, so cutting before sample p cuts at the
/// crossing. The earlier one wins a tie; `frame` itself when none is in
/// reach (or when frame is 0 or mono.size(), the signal's own ends).
/// Thread-safe. Realtime-safe.
[[nodiscard]] std::int64_t nearest_zero_crossing(std::span<const float> mono, std::int64_t frame,
                                                 std::int64_t radius) noexcept;

/// `slices` with every start and end moved to the nearest zero crossing
/// of the channels' sum within +/- window_seconds (slices that share a
/// boundary still share it; the ends of the signal stay). A slice that
/// would become empty keeps its boundaries. Throws cm::Error
/// (Errc::InvalidArgument) for a bad sample rate, a negative or NaN window
/// or an empty view, (Errc::OutOfRange) for a slice outside the view.
/// Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<Region> snap_to_zero_crossings(std::span<const Region> slices,
                                                         const ConstAudioBufferView& audio, double sample_rate,
                                                         double window_seconds);

/// A copy of the frames `region` of every channel. Throws cm::Error
/// (Errc::OutOfRange) for a region outside the view, (Errc::InvalidArgument)
/// for an empty one. Thread-safe. Not realtime-safe.
[[nodiscard]] AudioBuffer extract_slice(const ConstAudioBufferView& audio, const Region& region);

/// extract_slice() of each region. Throws as extract_slice(). Thread-safe.
/// Not realtime-safe.
[[nodiscard]] std::vector<AudioBuffer> extract_slices(const ConstAudioBufferView& audio,
                                                      std::span<const Region> regions);

/// The slices joined end to end, each pair overlapping by crossfade_seconds
/// (rounded to frames, n) with `curve`: the output has sum(frames) -
/// (slices - 1) * n frames. With n = 0 it is a plain concatenation, so
/// contiguous slices of a signal give the signal back exactly. No slices
/// give an empty buffer. Throws cm::Error (Errc::InvalidArgument) for a bad
/// sample rate, a negative or NaN crossfade, slices with different channel
/// counts, or a slice shorter than the crossfade (when there are two or
/// more). Thread-safe. Not realtime-safe.
[[nodiscard]] AudioBuffer recombine(std::span<const AudioBuffer> slices, double sample_rate, double crossfade_seconds,
                                    CrossfadeCurve curve = CrossfadeCurve::EqualPower);

} // namespace cm::ca
