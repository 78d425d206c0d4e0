// coremusic/midi/message.hpp
// A MIDI 1.0 message other than System Exclusive: channel voice and mode,
// system common and real-time, 1 to 3 bytes, validated at construction.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include <coremusic/core/error.hpp>

namespace cm::midi {

/// The status of a message: the high nibble for channel messages
/// (NoteOff..PitchBend), the whole byte for system messages (MIDI 1.0
/// Detailed Specification, Table I-III).
enum class MessageType : std::uint8_t {
    NoteOff = 0x80,
    NoteOn = 0x90,
    PolyPressure = 0xA0,     ///< polyphonic key pressure (aftertouch)
    ControlChange = 0xB0,    ///< includes the channel mode messages (controllers 120..127)
    ProgramChange = 0xC0,
    ChannelPressure = 0xD0,
    PitchBend = 0xE0,
    SysEx = 0xF0,            ///< System Exclusive start (not a MidiMessage; see byte_stream.hpp)
    TimeCode = 0xF1,         ///< MTC quarter frame
    SongPosition = 0xF2,
    SongSelect = 0xF3,
    TuneRequest = 0xF6,
    EndOfExclusive = 0xF7,
    Clock = 0xF8,
    Start = 0xFA,
    Continue = 0xFB,
    Stop = 0xFC,
    ActiveSensing = 0xFE,
    SystemReset = 0xFF,
};

/// The number of bytes (status included) of a message with this status
/// byte: 3 for note, pressure, control and bend messages, 2 for program,
/// channel pressure, time code and song select, 1 for tune request and
/// real-time messages. 0 for SysEx (F0, F7: variable), the undefined
/// F4 F5 F9 FD, and data bytes (< 0x80).
[[nodiscard]] constexpr int message_size(std::uint8_t status) noexcept {
    if (status < 0x80) {
        return 0;
    }
    if (status < 0xF0) {
        const int hi = status & 0xF0;
        return hi == 0xC0 || hi == 0xD0 ? 2 : 3;
    }
    switch (status) {
    case 0xF1:
    case 0xF3:
        return 2;
    case 0xF2:
        return 3;
    case 0xF6:
    case 0xF8:
    case 0xFA:
    case 0xFB:
    case 0xFC:
    case 0xFE:
    case 0xFF:
        return 1;
    default:
        return 0;  // F0, F7 (SysEx) and the undefined F4 F5 F9 FD
    }
}

/// A complete MIDI 1.0 message that is not System Exclusive, held in 3
/// bytes: one status byte and the data bytes its status calls for.
/// Construct with the named factories (which validate and throw MidiError,
/// Errc::OutOfRange, naming the bad value) or from_bytes. A default
/// MidiMessage is a note-off of note 0 on channel 0 with velocity 0.
/// Channels are 0-based (0..15) as on the wire; note numbers, velocities and
/// controller values 0..127; pitch bend 0..16383 with 8192 the centre.
/// Thread-safe: a value type. Realtime-safe: everything except the throwing
/// factories when they throw (use from_bytes with an error_code on the
/// audio thread) and name().
class MidiMessage {
public:
    /// Note-off, note 0, channel 0.
    constexpr MidiMessage() noexcept = default;

    /// @name Channel voice messages
    /// @{
    [[nodiscard]] static constexpr MidiMessage note_on(int channel, int note, int velocity) {
        return channel_message(0x90, channel, note, velocity);
    }
    /// Note-off with its release velocity (64 when the sender has none).
    [[nodiscard]] static constexpr MidiMessage note_off(int channel, int note, int velocity = 64) {
        return channel_message(0x80, channel, note, velocity);
    }
    [[nodiscard]] static constexpr MidiMessage poly_pressure(int channel, int note, int pressure) {
        return channel_message(0xA0, channel, note, pressure);
    }
    [[nodiscard]] static constexpr MidiMessage control_change(int channel, int controller, int value) {
        return channel_message(0xB0, channel, controller, value);
    }
    [[nodiscard]] static constexpr MidiMessage program_change(int channel, int program) {
        return channel_message(0xC0, channel, program, 0);
    }
    [[nodiscard]] static constexpr MidiMessage channel_pressure(int channel, int pressure) {
        return channel_message(0xD0, channel, pressure, 0);
    }
    /// value 0..16383, 8192 = no bend; sent LSB first.
    [[nodiscard]] static constexpr MidiMessage pitch_bend(int channel, int value) {
        check(value, 0, 16383, "pitch bend value");
        return channel_message(0xE0, channel, value & 0x7F, value >> 7);
    }
    /// @}

    /// @name Channel mode messages (control changes 120..127)
    /// @{
    [[nodiscard]] static constexpr MidiMessage all_sound_off(int channel) { return control_change(channel, 120, 0); }
    [[nodiscard]] static constexpr MidiMessage reset_all_controllers(int channel) {
        return control_change(channel, 121, 0);
    }
    [[nodiscard]] static constexpr MidiMessage local_control(int channel, bool on) {
        return control_change(channel, 122, on ? 127 : 0);
    }
    [[nodiscard]] static constexpr MidiMessage all_notes_off(int channel) { return control_change(channel, 123, 0); }
    [[nodiscard]] static constexpr MidiMessage omni_off(int channel) { return control_change(channel, 124, 0); }
    [[nodiscard]] static constexpr MidiMessage omni_on(int channel) { return control_change(channel, 125, 0); }
    /// Mono mode on with `channels` channels (0 = as many as voices).
    [[nodiscard]] static constexpr MidiMessage mono_on(int channel, int channels) {
        return control_change(channel, 126, channels);
    }
    [[nodiscard]] static constexpr MidiMessage poly_on(int channel) { return control_change(channel, 127, 0); }
    /// @}

    /// @name System common and real-time messages
    /// @{
    /// MTC quarter frame: piece 0..7 (frames low nibble .. rate and hours high), value 0..15.
    [[nodiscard]] static constexpr MidiMessage time_code(int piece, int value) {
        check(piece, 0, 7, "time code piece");
        check(value, 0, 15, "time code value");
        return MidiMessage{0xF1, static_cast<std::uint8_t>(piece << 4 | value), 0};
    }
    /// Song position in MIDI beats (sixteenth notes) 0..16383.
    [[nodiscard]] static constexpr MidiMessage song_position(int beats) {
        check(beats, 0, 16383, "song position");
        return MidiMessage{0xF2, static_cast<std::uint8_t>(beats & 0x7F), static_cast<std::uint8_t>(beats >> 7)};
    }
    [[nodiscard]] static constexpr MidiMessage song_select(int song) {
        check(song, 0, 127, "song number");
        return MidiMessage{0xF3, static_cast<std::uint8_t>(song), 0};
    }
    [[nodiscard]] static constexpr MidiMessage tune_request() noexcept { return MidiMessage{0xF6, 0, 0}; }
    [[nodiscard]] static constexpr MidiMessage clock() noexcept { return MidiMessage{0xF8, 0, 0}; }
    [[nodiscard]] static constexpr MidiMessage start() noexcept { return MidiMessage{0xFA, 0, 0}; }
    [[nodiscard]] static constexpr MidiMessage continue_() noexcept { return MidiMessage{0xFB, 0, 0}; }
    [[nodiscard]] static constexpr MidiMessage stop() noexcept { return MidiMessage{0xFC, 0, 0}; }
    [[nodiscard]] static constexpr MidiMessage active_sensing() noexcept { return MidiMessage{0xFE, 0, 0}; }
    [[nodiscard]] static constexpr MidiMessage system_reset() noexcept { return MidiMessage{0xFF, 0, 0}; }
    /// @}

    /// The message in these bytes: a status byte with exactly the data
    /// bytes it calls for (message_size), each below 0x80. Throws MidiError
    /// (Errc::InvalidFormat) naming the bytes otherwise, including for SysEx
    /// (F0/F7) and the undefined statuses F4 F5 F9 FD.
    [[nodiscard]] static MidiMessage from_bytes(std::span<const std::uint8_t> bytes) {
        return parse(bytes, nullptr);
    }
    /// As from_bytes, but sets ec instead of throwing and then returns the
    /// default message; clears ec on success. Realtime-safe.
    [[nodiscard]] static MidiMessage from_bytes(std::span<const std::uint8_t> bytes, std::error_code& ec) noexcept {
        return parse(bytes, &ec);
    }

    /// The status byte (0x93 for a note-on on channel 3, 0xF8 for clock).
    [[nodiscard]] constexpr std::uint8_t status() const noexcept { return bytes_[0]; }
    /// The type: the status's high nibble for channel messages, the whole status otherwise.
    [[nodiscard]] constexpr MessageType type() const noexcept {
        return static_cast<MessageType>(is_channel_message() ? bytes_[0] & 0xF0 : bytes_[0]);
    }
    /// The channel 0..15 of a channel message; 0 for system messages.
    [[nodiscard]] constexpr int channel() const noexcept { return is_channel_message() ? bytes_[0] & 0x0F : 0; }
    /// The first data byte (note, controller, program, ...) or 0.
    [[nodiscard]] constexpr int data1() const noexcept { return bytes_[1]; }
    /// The second data byte (velocity, value, bend MSB) or 0.
    [[nodiscard]] constexpr int data2() const noexcept { return bytes_[2]; }
    /// The bytes on the wire: size() of them.
    [[nodiscard]] constexpr std::span<const std::uint8_t> bytes() const noexcept {
        return {bytes_.data(), static_cast<std::size_t>(size())};
    }
    /// 1, 2 or 3.
    [[nodiscard]] constexpr int size() const noexcept { return message_size(bytes_[0]); }

    /// 0x80..0xEF.
    [[nodiscard]] constexpr bool is_channel_message() const noexcept { return bytes_[0] < 0xF0; }
    /// Control changes 120..127.
    [[nodiscard]] constexpr bool is_channel_mode() const noexcept {
        return (bytes_[0] & 0xF0) == 0xB0 && bytes_[1] >= 120;
    }
    /// 0xF8..0xFF: may appear anywhere in a byte stream, even inside other messages.
    [[nodiscard]] constexpr bool is_realtime() const noexcept { return bytes_[0] >= 0xF8; }
    /// 0xF1..0xF7 (without SysEx).
    [[nodiscard]] constexpr bool is_system_common() const noexcept { return bytes_[0] > 0xF0 && bytes_[0] < 0xF8; }
    /// A note-on with velocity above 0.
    [[nodiscard]] constexpr bool is_note_on() const noexcept { return (bytes_[0] & 0xF0) == 0x90 && bytes_[2] > 0; }
    /// A note-off, or a note-on with velocity 0 (which the specification makes a note-off).
    [[nodiscard]] constexpr bool is_note_off() const noexcept {
        return (bytes_[0] & 0xF0) == 0x80 || ((bytes_[0] & 0xF0) == 0x90 && bytes_[2] == 0);
    }
    /// The note of a note or poly pressure message.
    [[nodiscard]] constexpr int note() const noexcept { return bytes_[1]; }
    /// The velocity of a note message.
    [[nodiscard]] constexpr int velocity() const noexcept { return bytes_[2]; }
    /// The pitch-bend value 0..16383 of a pitch-bend message.
    [[nodiscard]] constexpr int pitch_bend_value() const noexcept { return bytes_[1] | bytes_[2] << 7; }

    /// A readable form: "NoteOn ch 1 note 60 vel 100" (channels 1-based, as
    /// people count them), "Clock". Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const {
        const auto n = [](int v) { return std::to_string(v); };
        const std::string ch = " ch " + n(channel() + 1);
        switch (type()) {
        case MessageType::NoteOff: return "NoteOff" + ch + " note " + n(note()) + " vel " + n(velocity());
        case MessageType::NoteOn: return "NoteOn" + ch + " note " + n(note()) + " vel " + n(velocity());
        case MessageType::PolyPressure: return "PolyPressure" + ch + " note " + n(note()) + " value " + n(data2());
        case MessageType::ControlChange: return "ControlChange" + ch + " cc " + n(data1()) + " value " + n(data2());
        case MessageType::ProgramChange: return "ProgramChange" + ch + " program " + n(data1());
        case MessageType::ChannelPressure: return "ChannelPressure" + ch + " value " + n(data1());
        case MessageType::PitchBend: return "PitchBend" + ch + " value " + n(pitch_bend_value());
        case MessageType::TimeCode: return "TimeCode piece " + n(data1() >> 4) + " value " + n(data1() & 0x0F);
        case MessageType::SongPosition: return "SongPosition " + n(data1() | data2() << 7);
        case MessageType::SongSelect: return "SongSelect " + n(data1());
        case MessageType::TuneRequest: return "TuneRequest";
        case MessageType::Clock: return "Clock";
        case MessageType::Start: return "Start";
        case MessageType::Continue: return "Continue";
        case MessageType::Stop: return "Stop";
        case MessageType::ActiveSensing: return "ActiveSensing";
        case MessageType::SystemReset: return "SystemReset";
        default: return "?";
        }
    }

    /// Same bytes.
    [[nodiscard]] friend constexpr bool operator==(const MidiMessage&, const MidiMessage&) noexcept = default;

private:
    constexpr MidiMessage(std::uint8_t s, std::uint8_t d1, std::uint8_t d2) noexcept : bytes_{s, d1, d2} {}

    static constexpr void check(int v, int lo, int hi, const char* what) {
        if (v < lo || v > hi) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return std::string(what) + " " + std::to_string(v) + ": expected " + std::to_string(lo) + " to " +
                       std::to_string(hi);
            });
        }
    }

    static constexpr MidiMessage channel_message(int status, int channel, int d1, int d2) {
        check(channel, 0, 15, "MIDI channel (0-based)");
        check(d1, 0, 127, "data byte");
        check(d2, 0, 127, "data byte");
        return MidiMessage{static_cast<std::uint8_t>(status | channel), static_cast<std::uint8_t>(d1),
                           static_cast<std::uint8_t>(d2)};
    }

    static MidiMessage parse(std::span<const std::uint8_t> b, std::error_code* ec) {
        const int need = b.empty() ? 0 : message_size(b[0]);
        bool ok = need != 0 && b.size() == static_cast<std::size_t>(need);
        for (std::size_t i = 1; ok && i < b.size(); ++i) {
            ok = b[i] < 0x80;
        }
        if (!ok) {
            cm::detail::report<MidiError>(ec, Errc::InvalidFormat, [&] {
                std::string hex;
                for (const std::uint8_t x : b) {
                    constexpr char digits[] = "0123456789ABCDEF";
                    hex += hex.empty() ? "" : " ";
                    hex += digits[x >> 4];
                    hex += digits[x & 0x0F];
                }
                return "MIDI bytes [" + hex +
                       "]: expected a status byte (80-EF, F1-F3, F6, F8-FF; SysEx has its own type) followed by "
                       "exactly the data bytes (00-7F) it takes";
            });
            return MidiMessage{};
        }
        cm::detail::report_success(ec);
        return MidiMessage{b[0], need > 1 ? b[1] : std::uint8_t{0}, need > 2 ? b[2] : std::uint8_t{0}};
    }

    std::array<std::uint8_t, 3> bytes_{0x80, 0, 0};
};

} // namespace cm::midi
