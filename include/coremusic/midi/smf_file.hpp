// coremusic/midi/smf_file.hpp
// A Standard MIDI File as data: format, division, tracks of events, and what
// else the file held (unknown chunks, trailing bytes) so nothing is lost.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>

namespace cm::midi {

/// The header's division: ticks per quarter note (PPQ), or SMPTE frames per
/// second (24, 25, 29 = 30 drop-frame, 30) and ticks per frame.
/// Thread-safe: a value type. Realtime-safe: yes.
class Division {
public:
    /// 480 ticks per quarter note.
    constexpr Division() noexcept = default;

    /// ticks per quarter note, 1..32767. Throws MidiFileError (Errc::OutOfRange) otherwise.
    [[nodiscard]] static constexpr Division ppq(int ticks) {
        if (ticks < 1 || ticks > 0x7FFF) {
            cm::detail::report<MidiFileError>(nullptr, Errc::OutOfRange, [&] {
                return "division of " + std::to_string(ticks) + " ticks per quarter note: expected 1 to 32767";
            });
        }
        return Division{static_cast<std::uint16_t>(ticks)};
    }
    /// SMPTE timing: fps 24, 25, 29 (30 drop-frame) or 30, ticks per frame 1..255.
    /// Throws MidiFileError (Errc::OutOfRange) otherwise.
    [[nodiscard]] static constexpr Division smpte(int fps, int ticks_per_frame) {
        if ((fps != 24 && fps != 25 && fps != 29 && fps != 30) || ticks_per_frame < 1 || ticks_per_frame > 255) {
            cm::detail::report<MidiFileError>(nullptr, Errc::OutOfRange, [&] {
                return "SMPTE division " + std::to_string(fps) + " fps, " + std::to_string(ticks_per_frame) +
                       " ticks per frame: expected 24, 25, 29 or 30 fps and 1 to 255 ticks";
            });
        }
        const auto hi = static_cast<std::uint16_t>(static_cast<std::uint8_t>(static_cast<std::int8_t>(-fps)) << 8);
        return Division{static_cast<std::uint16_t>(hi | ticks_per_frame)};
    }
    /// The 16-bit field as stored in the header (any value; 0 is kept as read
    /// though it is meaningless).
    [[nodiscard]] static constexpr Division from_raw(std::uint16_t raw) noexcept { return Division{raw}; }

    [[nodiscard]] constexpr std::uint16_t raw() const noexcept { return raw_; }
    [[nodiscard]] constexpr bool is_smpte() const noexcept { return (raw_ & 0x8000) != 0; }
    /// Ticks per quarter note (0 for SMPTE).
    [[nodiscard]] constexpr int ticks_per_quarter() const noexcept { return is_smpte() ? 0 : raw_; }
    /// SMPTE frames per second as stored (24, 25, 29, 30; 0 for PPQ).
    [[nodiscard]] constexpr int fps() const noexcept {
        return is_smpte() ? -static_cast<int>(static_cast<std::int8_t>(static_cast<std::uint8_t>(raw_ >> 8))) : 0;
    }
    /// SMPTE ticks per frame (0 for PPQ).
    [[nodiscard]] constexpr int ticks_per_frame() const noexcept { return is_smpte() ? raw_ & 0xFF : 0; }
    /// Seconds per tick for SMPTE (29 means 29.97 frames per second); 0 for PPQ.
    [[nodiscard]] constexpr double smpte_seconds_per_tick() const noexcept {
        if (!is_smpte() || ticks_per_frame() == 0) {
            return 0.0;
        }
        const double rate = fps() == 29 ? 30000.0 / 1001.0 : static_cast<double>(fps());
        return 1.0 / (rate * static_cast<double>(ticks_per_frame()));
    }

    friend constexpr bool operator==(Division, Division) noexcept = default;

private:
    explicit constexpr Division(std::uint16_t raw) noexcept : raw_(raw) {}
    std::uint16_t raw_ = 480;
};

/// One MTrk chunk's events, in file order, ticks absolute from the track's
/// start. A well-formed track ends with an end-of-track meta event; a track
/// read without one keeps `has_end_of_track == false` so it is written back
/// the same way in keep-encoding mode (canonical writing always ends tracks).
struct SmfTrack {
    std::vector<MidiEvent> events{};
    bool has_end_of_track = true;
    /// Bytes after the end-of-track event inside the chunk (kept as read).
    std::vector<std::uint8_t> trailing{};

    friend bool operator==(const SmfTrack&, const SmfTrack&) = default;
};

/// A chunk that is neither MThd nor MTrk, kept verbatim with its place: it
/// came after `after_track` tracks (0 = before the first MTrk).
struct SmfChunk {
    std::array<char, 4> id{};
    std::vector<std::uint8_t> data{};
    std::size_t after_track = 0;

    friend bool operator==(const SmfChunk&, const SmfChunk&) = default;
};

/// A whole Standard MIDI File. `format` 0 (one track), 1 (simultaneous
/// tracks, the first holding the tempo map) or 2 (independent patterns).
/// `header_extra` holds MThd bytes beyond the standard six and `trailing`
/// any bytes after the last chunk; both are written back in keep-encoding
/// mode and dropped otherwise.
/// Thread-safe: a value type. Not realtime-safe.
struct SmfFile {
    int format = 1;
    Division division{};
    std::vector<SmfTrack> tracks{};
    std::vector<SmfChunk> unknown_chunks{};
    std::vector<std::uint8_t> header_extra{};
    std::vector<std::uint8_t> trailing{};
    /// The track count the header declared (may differ from tracks.size()
    /// in a damaged file read tolerantly; the writer uses tracks.size()
    /// unless keeping the encoding).
    int declared_tracks = 0;

    friend bool operator==(const SmfFile&, const SmfFile&) = default;
};

} // namespace cm::midi
