// coremusic/ca/audio_file_metadata.hpp
// What an audio file says about its audio besides the samples: markers
// (cue points / AIFF MARK), loops (smpl / AIFF INST), text (LIST INFO /
// AIFF NAME, AUTH, (c) , ANNO).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cm::ca {

/// A named position in the file, in sample frames from the start.
struct Marker {
    std::uint32_t id = 0;      ///< the file's own identifier (cue point ID, MARK id)
    std::int64_t frame = 0;    ///< position in frames
    std::string name;          ///< label (WAV adtl 'labl' / AIFF marker name); may be empty
    friend bool operator==(const Marker&, const Marker&) = default;
};

/// A sustain or release loop between two frames.
struct Loop {
    enum class Mode : std::uint8_t { Forward, PingPong, Backward };
    std::int64_t start = 0;    ///< first frame of the loop
    std::int64_t end = 0;      ///< frame after the last frame of the loop (exclusive)
    Mode mode = Mode::Forward; ///< play direction
    std::uint32_t play_count = 0;  ///< 0 = infinite
    friend bool operator==(const Loop&, const Loop&) = default;
};

/// A text field, keyed by its chunk ID: WAV LIST/INFO keys ("INAM" title,
/// "IART" artist, "ICMT" comment, "ICOP" copyright, "ISFT" software, "ICRD"
/// date...) or AIFF chunk IDs ("NAME", "AUTH", "(c) ", "ANNO"). Readers
/// give the keys as stored. Writers translate the four that both formats
/// have (NAME <-> INAM, AUTH <-> IART, "(c) " <-> ICOP, ANNO <-> ICMT) and
/// store other keys where the format allows any (WAV INFO: any 4 characters).
struct TextField {
    std::string key;   ///< 4-character chunk ID
    std::string value; ///< UTF-8 (or Latin-1 as stored), without the trailing NUL
    friend bool operator==(const TextField&, const TextField&) = default;
};

/// Everything AudioFile reads and writes besides the audio.
struct AudioFileMetadata {
    std::vector<Marker> markers;  ///< in file order
    std::vector<Loop> loops;      ///< in file order
    std::vector<TextField> text;  ///< in file order
    /// MIDI root note of the sample (smpl / INST), if the file has one.
    std::optional<std::uint8_t> root_note;

    /// True when there is nothing to write.
    [[nodiscard]] bool empty() const noexcept {
        return markers.empty() && loops.empty() && text.empty() && !root_note;
    }
    friend bool operator==(const AudioFileMetadata&, const AudioFileMetadata&) = default;
};

} // namespace cm::ca
