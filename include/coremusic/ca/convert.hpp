// coremusic/ca/convert.hpp
// convert(): one audio file to another of any type AudioFile handles, with
// sample-rate conversion, channel mapping, a new sample format and dither,
// streamed in blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_format.hpp>
#include <coremusic/ca/channel_map.hpp>
#include <coremusic/ca/resampler.hpp>

namespace cm::ca {

/// What convert() makes. Every field left empty keeps the input's property
/// (or, for the type, follows the output file's extension).
struct ConvertSettings {
    /// Output container; empty = from the output path's extension
    /// (file_type_from_name()).
    std::optional<FileType> type;
    /// Output rate in Hz; empty = the input's.
    std::optional<double> sample_rate;
    /// Output channels; empty = the input's.
    std::optional<std::uint32_t> channels;
    /// Output sample format (PCM) or lossless source depth; empty = the
    /// input's depth (16-bit for lossy input), adjusted to what the type
    /// holds (8-bit is unsigned in WAV/W64 and signed elsewhere; FLAC takes
    /// at most 24 bits).
    std::optional<SampleFormat> sample_format;
    /// Codec inside the container (CAF: Pcm or Alac).
    Codec codec = Codec::Default;
    /// Codec quality in [0, 1] (AudioFileSettings::quality).
    std::optional<double> quality;
    /// How the rate is converted.
    ResampleQuality resample_quality = ResampleQuality::High;
    /// How input channels become output channels; empty =
    /// ChannelMap::between(input channels, output channels). Its inputs()
    /// must equal the input's channels and its outputs() the output's.
    std::optional<ChannelMap> channel_map;
    /// Add TPDF dither (triangular, +-1 LSB) before rounding to a 16- or
    /// 8-bit output when that loses information (a deeper, float or lossy
    /// source, or any resampling or mixing).
    bool dither = true;
    /// Copy markers, loops and text (positions scaled to the new rate);
    /// types without a place for some of it keep what they can.
    bool copy_metadata = true;
    /// Frames read per block (memory use is a few blocks, never the file).
    std::size_t block_frames = 65536;
    /// Called after each block with the fraction of the input done, in
    /// [0, 1]; return false to cancel. convert() then throws cm::Error with
    /// std::errc::operation_canceled and leaves no output file.
    std::function<bool(double fraction)> progress;
};

/// Converts the file at `in` to a new file at `out` (replacing it only on
/// success: the data goes to a temporary file in the same directory,
/// renamed over `out` at the end, so a failure or cancellation leaves no
/// partial file and an old `out` untouched). Throws AudioFileError for files
/// that cannot be read or written, AudioFormatError for settings the output
/// type cannot hold, cm::Error (Errc::InvalidArgument) for an output
/// extension that names no type when `settings.type` is empty, a channel
/// map of the wrong shape or block_frames 0, and cm::Error
/// (std::errc::operation_canceled) when the progress callback cancels.
/// Thread-safe (no shared state). Not realtime-safe.
void convert(const std::filesystem::path& in, const std::filesystem::path& out,
             const ConvertSettings& settings = {});

/// Converts all of `in` (open for reading) into `out` (open for writing;
/// its rate and channels are the target, so `settings.type`, sample_rate,
/// channels, sample_format, codec and quality are not used). Appends to
/// `out` and does not close it. Cancelling throws as above and leaves `out`
/// with the frames written so far. Not realtime-safe.
void convert(AudioFile& in, AudioFile& out, const ConvertSettings& settings = {});

} // namespace cm::ca
