// coremusic/ca/sndfile_format.hpp
// AudioFormat and AudioFileSettings <-> libsndfile's format codes, for code
// that also calls libsndfile directly (without this header including it).
#pragma once

#include <cstdint>

#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_format.hpp>

namespace cm::ca {

/// libsndfile's `SF_INFO::format` (major type | subtype | endianness) that
/// AudioFile::create() uses for `settings`, e.g. FLAC with Int24 gives
/// `SF_FORMAT_FLAC | SF_FORMAT_PCM_24`. For the libsndfile types only (FLAC,
/// Ogg Vorbis, Opus, CAF, W64, MP3). Throws AudioFormatError naming what the
/// type cannot hold (Float64 FLAC, 3-channel MP3, a fractional rate...), and
/// cm::Error (Errc::BackendUnavailable) in a build without libsndfile.
/// Thread-safe. Not realtime-safe.
[[nodiscard]] int to_sndfile_format(const AudioFileSettings& settings);

/// The AudioFormat (AudioStreamBasicDescription fields) AudioFile reports
/// for a libsndfile file of `format` (an `SF_INFO::format`), `sample_rate`
/// and `channels`: linear PCM for PCM subtypes, else the codec's format ID
/// with its source depth and packet size. Throws AudioFormatError for a code
/// libsndfile does not define or coremusic does not read, and cm::Error
/// (Errc::BackendUnavailable) in a build without libsndfile.
/// Thread-safe. Not realtime-safe.
[[nodiscard]] AudioFormat from_sndfile_format(int format, double sample_rate, std::uint32_t channels);

} // namespace cm::ca
