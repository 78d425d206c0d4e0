// coremusic/midi/midi_event.hpp
// One timed event of a MIDI file or sequence: a channel/system message, a
// SysEx packet (F0 or F7 form) or a meta event, with how it was encoded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <coremusic/midi/message.hpp>

namespace cm::midi {

/// What a MidiEvent holds.
enum class EventKind : std::uint8_t {
    Message,  ///< a MidiMessage (channel voice/mode; in files never system common or real-time)
    SysEx,    ///< a System Exclusive packet: data after F0 (or the F7 escape)
    Meta,     ///< a Standard MIDI File meta event (FF type length data)
};

/// The meta event types of the Standard MIDI Files 1.0 specification (and
/// the widely used 0x20/0x21). Other values are kept as read.
namespace meta {
inline constexpr std::uint8_t sequence_number = 0x00;
inline constexpr std::uint8_t text = 0x01;
inline constexpr std::uint8_t copyright = 0x02;
inline constexpr std::uint8_t track_name = 0x03;   ///< sequence name in the first track of format 0/1
inline constexpr std::uint8_t instrument_name = 0x04;
inline constexpr std::uint8_t lyric = 0x05;
inline constexpr std::uint8_t marker = 0x06;
inline constexpr std::uint8_t cue_point = 0x07;
inline constexpr std::uint8_t program_name = 0x08;
inline constexpr std::uint8_t device_name = 0x09;
inline constexpr std::uint8_t channel_prefix = 0x20;
inline constexpr std::uint8_t port = 0x21;
inline constexpr std::uint8_t end_of_track = 0x2F;
inline constexpr std::uint8_t tempo = 0x51;           ///< 3 bytes: microseconds per quarter note
inline constexpr std::uint8_t smpte_offset = 0x54;    ///< 5 bytes: hr mn se fr ff
inline constexpr std::uint8_t time_signature = 0x58;  ///< 4 bytes: nn dd cc bb
inline constexpr std::uint8_t key_signature = 0x59;   ///< 2 bytes: sf (-7..7) mi (0 major, 1 minor)
inline constexpr std::uint8_t sequencer_specific = 0x7F;
} // namespace meta

/// How an event was written in a file, so that a file read in keep-encoding
/// mode is written back byte for byte. Zero-initialised means "the canonical
/// encoding" (what the writer produces for events made in code).
struct EventEncoding {
    bool running_status = false;   ///< the status byte was omitted (running status)
    std::uint8_t delta_bytes = 0;  ///< bytes of the delta-time VLQ if longer than minimal (0 = minimal)
    std::uint8_t length_bytes = 0; ///< bytes of a SysEx/meta length VLQ if longer than minimal (0 = minimal)

    friend constexpr bool operator==(const EventEncoding&, const EventEncoding&) noexcept = default;
};

/// A timed event. `tick` is absolute (from the start of its track), in the
/// file's or sequence's ticks. For Message, `message` is the message; for
/// SysEx, `status` is 0xF0 (a SysEx message: `data` follows F0 and normally
/// ends with F7) or 0xF7 (an escape or continuation packet: `data` is sent
/// as is); for Meta, `status` is the meta type (meta::tempo, ...) and `data`
/// its payload.
/// Thread-safe: a value type. Not realtime-safe (SysEx and meta data allocate).
struct MidiEvent {
    std::int64_t tick = 0;
    EventKind kind = EventKind::Message;
    MidiMessage message{};
    std::uint8_t status = 0;          ///< SysEx: 0xF0 or 0xF7; Meta: the type
    std::vector<std::uint8_t> data{}; ///< SysEx or meta payload
    EventEncoding encoding{};

    /// @name Factories
    /// @{
    [[nodiscard]] static MidiEvent from_message(std::int64_t tick, MidiMessage m) {
        MidiEvent e;
        e.tick = tick;
        e.message = m;
        return e;
    }
    /// A SysEx message: payload is what follows F0 (normally ending with F7).
    [[nodiscard]] static MidiEvent sysex(std::int64_t tick, std::vector<std::uint8_t> payload,
                                         std::uint8_t form = 0xF0) {
        MidiEvent e;
        e.tick = tick;
        e.kind = EventKind::SysEx;
        e.status = form;
        e.data = std::move(payload);
        return e;
    }
    [[nodiscard]] static MidiEvent meta_event(std::int64_t tick, std::uint8_t type, std::vector<std::uint8_t> payload) {
        MidiEvent e;
        e.tick = tick;
        e.kind = EventKind::Meta;
        e.status = type;
        e.data = std::move(payload);
        return e;
    }
    /// Tempo in microseconds per quarter note (1..16777215; 500000 = 120 bpm).
    [[nodiscard]] static MidiEvent tempo(std::int64_t tick, std::uint32_t us_per_quarter) {
        if (us_per_quarter == 0 || us_per_quarter > 0xFFFFFF) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "tempo " + std::to_string(us_per_quarter) +
                       " microseconds per quarter note: expected 1 to 16777215";
            });
        }
        return meta_event(tick, meta::tempo,
                          {static_cast<std::uint8_t>(us_per_quarter >> 16), static_cast<std::uint8_t>(us_per_quarter >> 8),
                           static_cast<std::uint8_t>(us_per_quarter)});
    }
    /// Time signature numerator/denominator (a power of two 1..2^255 as the
    /// file stores its log2), MIDI clocks per metronome click, and 32nd
    /// notes per quarter (8 normally).
    [[nodiscard]] static MidiEvent time_signature(std::int64_t tick, int numerator, int denominator,
                                                  int clocks_per_click = 24, int thirty_seconds_per_quarter = 8) {
        int log2 = 0;
        while (log2 < 8 && (1 << log2) < denominator) {
            ++log2;
        }
        if (numerator < 1 || numerator > 255 || denominator < 1 || (1 << log2) != denominator ||
            clocks_per_click < 0 || clocks_per_click > 255 || thirty_seconds_per_quarter < 1 ||
            thirty_seconds_per_quarter > 255) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "time signature " + std::to_string(numerator) + "/" + std::to_string(denominator) +
                       ": expected a numerator 1..255 and a power-of-two denominator 1..128";
            });
        }
        return meta_event(tick, meta::time_signature,
                          {static_cast<std::uint8_t>(numerator), static_cast<std::uint8_t>(log2),
                           static_cast<std::uint8_t>(clocks_per_click),
                           static_cast<std::uint8_t>(thirty_seconds_per_quarter)});
    }
    /// Key signature: sharps (+) or flats (-) -7..7, and minor or major.
    [[nodiscard]] static MidiEvent key_signature(std::int64_t tick, int sharps_or_flats, bool minor) {
        if (sharps_or_flats < -7 || sharps_or_flats > 7) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "key signature of " + std::to_string(sharps_or_flats) + " sharps: expected -7 to 7";
            });
        }
        return meta_event(tick, meta::key_signature,
                          {static_cast<std::uint8_t>(static_cast<std::int8_t>(sharps_or_flats)),
                           static_cast<std::uint8_t>(minor ? 1 : 0)});
    }
    /// A text-like meta event (meta::text, track_name, lyric, marker, cue_point, ...).
    [[nodiscard]] static MidiEvent text_event(std::int64_t tick, std::uint8_t type, std::string_view text) {
        return meta_event(tick, type, std::vector<std::uint8_t>(text.begin(), text.end()));
    }
    [[nodiscard]] static MidiEvent end_of_track(std::int64_t tick) { return meta_event(tick, meta::end_of_track, {}); }
    /// @}

    [[nodiscard]] bool is_message() const noexcept { return kind == EventKind::Message; }
    [[nodiscard]] bool is_meta(std::uint8_t type) const noexcept { return kind == EventKind::Meta && status == type; }
    /// Microseconds per quarter of a well-formed tempo event, else 0.
    [[nodiscard]] std::uint32_t tempo_us() const noexcept {
        if (!is_meta(meta::tempo) || data.size() < 3) {
            return 0;
        }
        return static_cast<std::uint32_t>(data[0]) << 16 | static_cast<std::uint32_t>(data[1]) << 8 | data[2];
    }
    /// The text of a text-like meta event (bytes as stored).
    [[nodiscard]] std::string text() const { return std::string(data.begin(), data.end()); }

    /// Equal content (tick, kind, message or status and data); the encoding is ignored.
    [[nodiscard]] friend bool operator==(const MidiEvent& a, const MidiEvent& b) noexcept {
        return a.tick == b.tick && a.kind == b.kind && a.message == b.message && a.status == b.status &&
               a.data == b.data;
    }
};

} // namespace cm::midi
