// coremusic/ca/chroma.hpp
// Chroma: how much of each of the 12 pitch classes a spectrum holds, the
// octave-folded view key detection and harmony analysis start from.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include <coremusic/ca/stft.hpp>

namespace cm::ca {

/// 12 values, one per pitch class: index 0 = C, 1 = C#/Db, ... 11 = B.
using ChromaVector = std::array<double, 12>;

/// How each chroma frame is scaled.
enum class ChromaNorm : std::uint8_t {
    None,  ///< raw summed magnitudes
    Max,   ///< largest value 1 (librosa's default, the infinity norm)
    L1,    ///< values sum to 1 (a distribution)
    L2,    ///< unit Euclidean length
};

/// How spectrogram bins become pitch classes.
///
/// Each bin in [min_frequency_hz, max_frequency_hz] adds its magnitude |X|
/// to the pitch class of the equal-tempered semitone nearest to its centre
/// frequency, with A4 = tuning_hz (pitch class 9). A bin is only counted
/// where the STFT resolves semitones (bin spacing below the semitone
/// spacing at that frequency, 0.0595 f), so the low bins of a short frame,
/// which would smear one note over several classes, are skipped: 2048
/// points at 44.1 kHz count from ~362 Hz up, 8192 points from ~91 Hz up.
struct ChromaSettings {
    double tuning_hz = 440.0;          ///< frequency of A4 (> 0)
    double min_frequency_hz = 65.0;    ///< about C2 (>= 0)
    double max_frequency_hz = 2100.0;  ///< about C7 (> min_frequency_hz)
    ChromaNorm norm = ChromaNorm::Max; ///< per-frame scaling
};

/// The pitch class (0 = C ... 11 = B) of the equal-tempered semitone
/// nearest to `frequency_hz` with A4 = tuning_hz; -1 for a frequency that
/// is not positive and finite. Thread-safe. Realtime-safe.
[[nodiscard]] int pitch_class_of(double frequency_hz, double tuning_hz = 440.0) noexcept;

/// The chroma of every frame of a magnitude spectrogram. Frames without
/// energy in range are all zeros whatever the norm. Throws cm::Error
/// (Errc::InvalidArgument) for an empty spectrogram, a non-finite
/// magnitude or bad settings (a range that resolves no bin included).
/// Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<ChromaVector> chromagram(const Spectrogram& spectrogram, const ChromaSettings& settings = {});

/// The chroma of a mono signal through an STFT (8192-point frames by
/// default, so that semitones are resolved down to ~91 Hz at 44.1 kHz).
/// Throws cm::Error (Errc::InvalidArgument) for an empty signal, a bad
/// sample rate, a non-finite sample or bad settings. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] std::vector<ChromaVector> chromagram(std::span<const float> mono, double sample_rate,
                                                   const ChromaSettings& settings = {},
                                                   const StftSettings& stft = {8192, 2048, WindowType::Hann, true});

/// The mean of chroma frames, scaled by `norm`: a whole piece's pitch-class
/// distribution. Zeros for no frames. Thread-safe. Not realtime-safe.
[[nodiscard]] ChromaVector mean_chroma(std::span<const ChromaVector> frames, ChromaNorm norm = ChromaNorm::Max);

} // namespace cm::ca
