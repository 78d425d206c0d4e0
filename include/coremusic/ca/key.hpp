// coremusic/ca/key.hpp
// Musical key detection: the Krumhansl-Schmuckler algorithm, correlating a
// pitch-class distribution with the 24 rotations of a major and a minor
// key profile.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <coremusic/ca/chroma.hpp>

namespace cm::ca {

/// Major or minor.
enum class Mode : std::uint8_t {
    Major,  ///< e.g. C major
    Minor,  ///< e.g. A minor
};

/// The key profiles: how strongly each scale degree (index 0 = tonic)
/// belongs to a major or minor key.
enum class KeyProfile : std::uint8_t {
    /// Krumhansl & Kessler, "Tracing the dynamic changes in perceived tonal
    /// organization in a spatial representation of musical keys",
    /// Psychological Review 89(4), 1982: probe-tone ratings (also Table 2.1
    /// of Krumhansl, "Cognitive Foundations of Musical Pitch", 1990). The
    /// profiles of Krumhansl and Schmuckler's key-finding algorithm.
    KrumhanslKessler,
    /// Temperley, "What's key for key? The Krumhansl-Schmuckler key-finding
    /// algorithm reconsidered", Music Perception 17(1), 1999: hand-revised
    /// profiles with a harmonic-minor leading tone.
    Temperley,
    /// Albrecht & Shanahan, "The use of large corpora to train a new type
    /// of key-finding algorithm", Music Perception 31(1), 2013: pitch-class
    /// frequencies in a corpus of 490 common-practice pieces.
    AlbrechtShanahan,
};

/// A key and how well the signal's pitch-class distribution fits it.
struct KeyEstimate {
    int tonic = 0;              ///< pitch class of the tonic, 0 = C ... 11 = B
    Mode mode = Mode::Major;    ///< major or minor
    double correlation = 0.0;   ///< Pearson r with the rotated profile, -1 to 1

    /// "C major", "F# minor", "Bb major": the spelling with the fewer
    /// accidentals in the key signature (Db, Eb, F#, Ab, Bb, B major;
    /// C#, Eb, F#, G#, Bb minor). Not realtime-safe (a string).
    [[nodiscard]] std::string name() const;
    friend bool operator==(const KeyEstimate&, const KeyEstimate&) = default;
};

/// The 12 weights of a profile for a tonic of C (index = pitch class).
/// Thread-safe. Realtime-safe.
[[nodiscard]] std::array<double, 12> key_profile(KeyProfile profile, Mode mode) noexcept;

/// All 24 keys ranked by the correlation of `distribution` (a pitch-class
/// distribution, index 0 = C, e.g. mean_chroma() of a piece) with the
/// profile rotated to each tonic; best first (ties keep C major, C# major
/// ... B minor order). A flat distribution (all values equal) correlates
/// 0 with every key. Throws cm::Error (Errc::InvalidArgument) for a NaN,
/// infinite or negative value. Thread-safe. Not realtime-safe.
[[nodiscard]] std::vector<KeyEstimate> rank_keys(const ChromaVector& distribution,
                                                 KeyProfile profile = KeyProfile::KrumhanslKessler);

/// The best key of a pitch-class distribution (rank_keys().front()).
/// Throws as rank_keys(). Thread-safe. Not realtime-safe.
[[nodiscard]] KeyEstimate detect_key(const ChromaVector& distribution,
                                     KeyProfile profile = KeyProfile::KrumhanslKessler);

/// How detect_key() turns audio into a pitch-class distribution.
struct KeySettings {
    KeyProfile profile = KeyProfile::KrumhanslKessler;  ///< the profiles correlated with
    ChromaSettings chroma{};                             ///< bins to pitch classes
    /// The STFT: long frames so that semitones are resolved in the bass.
    StftSettings stft{8192, 4096, WindowType::Hann, true};
};

/// The key of a mono signal: the mean of its chroma frames (each frame
/// L1-normalised, so loud passages do not outweigh quiet ones; silent
/// frames are left out) against the profiles. A signal without pitched
/// energy gives correlation 0. Throws cm::Error (Errc::InvalidArgument)
/// for an empty signal, a bad sample rate, a non-finite sample or bad
/// settings. Thread-safe. Not realtime-safe.
[[nodiscard]] KeyEstimate detect_key(std::span<const float> mono, double sample_rate, const KeySettings& settings = {});
/// As above; on bad input sets `ec` and returns {}.
[[nodiscard]] KeyEstimate detect_key(std::span<const float> mono, double sample_rate, const KeySettings& settings,
                                     std::error_code& ec);
/// The key of a magnitude spectrogram (settings.stft is not used).
/// Throws as chromagram(const Spectrogram&). Thread-safe. Not realtime-safe.
[[nodiscard]] KeyEstimate detect_key(const Spectrogram& spectrogram, const KeySettings& settings = {});

} // namespace cm::ca
