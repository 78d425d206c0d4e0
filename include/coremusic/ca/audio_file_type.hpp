// coremusic/ca/audio_file_type.hpp
// The containers AudioFile reads and writes, and the settings a new file is
// created with.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <coremusic/ca/audio_format.hpp>

namespace cm::ca {

/// An audio file container. AudioFile detects it from the file's first
/// bytes when reading, never from the extension.
enum class FileType : std::uint8_t {
    Wave,       ///< RIFF WAVE (PCM, float, WAVE_FORMAT_EXTENSIBLE); own codec
    RF64,       ///< RF64 / BW64, WAVE beyond 4 GiB (EBU Tech 3306); own codec
    Aiff,       ///< AIFF (big-endian PCM); own codec
    Aifc,       ///< AIFF-C ('NONE', 'sowt', 'fl32', 'fl64'); own codec
    Flac,       ///< FLAC; libsndfile / ExtAudioFile
    OggVorbis,  ///< Ogg Vorbis; libsndfile
    OggOpus,    ///< Ogg Opus; libsndfile
    Caf,        ///< Core Audio Format (PCM or ALAC); libsndfile / ExtAudioFile
    W64,        ///< Sony Wave64; libsndfile
    Mp3,        ///< MPEG-1/2 Layer III; libsndfile >= 1.1 / ExtAudioFile (read)
};

/// "wav", "rf64", "aiff", "aifc", "flac", "ogg", "opus", "caf", "w64", "mp3":
/// the usual extension, also the name the CLI takes. Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::string_view to_string(FileType t) noexcept CM_NONBLOCKING {
    switch (t) {
    case FileType::Wave: return "wav";
    case FileType::RF64: return "rf64";
    case FileType::Aiff: return "aiff";
    case FileType::Aifc: return "aifc";
    case FileType::Flac: return "flac";
    case FileType::OggVorbis: return "ogg";
    case FileType::OggOpus: return "opus";
    case FileType::Caf: return "caf";
    case FileType::W64: return "w64";
    case FileType::Mp3: return "mp3";
    }
    return "?";
}

/// The FileType named by to_string() or a common extension ("wave", "aif",
/// "oga", with or without a leading dot, any case), or an empty optional.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::optional<FileType> file_type_from_name(std::string_view name) noexcept {
    if (!name.empty() && name.front() == '.') name.remove_prefix(1);
    auto eq = [name](std::string_view want) {
        if (name.size() != want.size()) return false;
        for (std::size_t i = 0; i < name.size(); ++i) {
            char c = name[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != want[i]) return false;
        }
        return true;
    };
    if (eq("wav") || eq("wave")) return FileType::Wave;
    if (eq("rf64") || eq("bw64")) return FileType::RF64;
    if (eq("aiff") || eq("aif")) return FileType::Aiff;
    if (eq("aifc")) return FileType::Aifc;
    if (eq("flac")) return FileType::Flac;
    if (eq("ogg") || eq("oga") || eq("vorbis")) return FileType::OggVorbis;
    if (eq("opus")) return FileType::OggOpus;
    if (eq("caf")) return FileType::Caf;
    if (eq("w64")) return FileType::W64;
    if (eq("mp3")) return FileType::Mp3;
    return std::nullopt;
}

/// The codec inside a container, for the containers that have a choice
/// (CAF holds PCM or ALAC). Default: PCM where the container is PCM, the
/// container's own codec otherwise.
enum class Codec : std::uint8_t {
    Default,  ///< PCM for WAV/RF64/AIFF/AIFC/CAF/W64; the container's codec otherwise
    Pcm,      ///< linear PCM of settings.sample_format
    Alac,     ///< Apple Lossless (CAF), from sample_format's bit depth
};

/// How AudioFile::create() makes a new file.
struct AudioFileSettings {
    FileType type = FileType::Wave;               ///< the container
    double sample_rate = 44100.0;                 ///< frames per second
    std::uint32_t channels = 2;                   ///< 1..max_channels
    SampleFormat sample_format = SampleFormat::Int16;  ///< PCM sample, or the lossless source depth
    Codec codec = Codec::Default;                 ///< see Codec
    /// Lossy/lossless effort in [0, 1] (FLAC compression level, Vorbis/Opus/
    /// MP3 quality: 1 = best); empty = the library's default.
    std::optional<double> quality{};
    /// For FileType::Wave: switch the header to RF64 when the data passes
    /// 4 GiB instead of failing (the header keeps room for it from the start,
    /// as EBU Tech 3306 recommends with a JUNK chunk).
    bool rf64_when_large = true;
};

} // namespace cm::ca
