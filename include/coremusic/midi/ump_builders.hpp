// coremusic/midi/ump_builders.hpp
// Free functions that build every Universal MIDI Packet message of M2-104-UM
// v1.1, bit for bit, from checked field values: the way UMP is written.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <coremusic/midi/message.hpp>
#include <coremusic/midi/ump.hpp>

namespace cm::midi {

// Every builder is constexpr and noexcept and never wraps a value: an
// argument outside its documented range makes it return an empty Ump
// (Ump::empty()), which holds no words, so a caller that appends words()
// to a stream drops the bad message instead of sending a garbled one.
// Section numbers below are those of M2-104-UM v1.1.

namespace detail::ump {

[[nodiscard]] constexpr bool in(int v, int lo, int hi) noexcept CM_NONBLOCKING { return v >= lo && v <= hi; }
[[nodiscard]] constexpr std::uint32_t u32(int v) noexcept CM_NONBLOCKING { return static_cast<std::uint32_t>(v); }
[[nodiscard]] constexpr std::uint32_t head(UmpMessageType t, int group) noexcept CM_NONBLOCKING {
    return static_cast<std::uint32_t>(t) << 28 | u32(group) << 24;
}
[[nodiscard]] constexpr bool data7(std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    for (const std::uint8_t b : bytes) {
        if (b > 0x7F) {
            return false;
        }
    }
    return true;
}
// Byte i of `bytes`, or 0 past its end.
[[nodiscard]] constexpr std::uint32_t byte_at(std::span<const std::uint8_t> bytes, std::size_t i) noexcept CM_NONBLOCKING {
    return i < bytes.size() ? bytes[i] : 0U;
}
// Packs bytes[first .. first+3] big-endian into one word (zero past the end).
[[nodiscard]] constexpr std::uint32_t pack4(std::span<const std::uint8_t> bytes, std::size_t first) noexcept CM_NONBLOCKING {
    return byte_at(bytes, first) << 24 | byte_at(bytes, first + 1) << 16 | byte_at(bytes, first + 2) << 8 |
           byte_at(bytes, first + 3);
}

// Splits `n` bytes into packets of `per_packet` bytes and calls
// make(form, offset, count) for each; one Complete packet when n <= per_packet
// (also for n == 0). Returns the number of packets.
template <class Make>
constexpr std::size_t split_packets(std::size_t n, std::size_t per_packet, Make&& make) noexcept(
    noexcept(make(PacketForm::Complete, std::size_t{}, std::size_t{}))) {
    if (n <= per_packet) {
        make(PacketForm::Complete, std::size_t{0}, n);
        return 1;
    }
    std::size_t count = 0;
    for (std::size_t at = 0; at < n; at += per_packet) {
        const std::size_t len = n - at < per_packet ? n - at : per_packet;
        const PacketForm form = at == 0 ? PacketForm::Start : at + len == n ? PacketForm::End : PacketForm::Continue;
        make(form, at, len);
        ++count;
    }
    return count;
}

[[nodiscard]] inline std::span<const std::uint8_t> text_bytes(std::string_view s) noexcept CM_NONBLOCKING {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

} // namespace detail::ump

/// @name Utility messages (message type 0x0, section 7.2): groupless, 32 bits
/// Thread-safe. Realtime-safe.
/// @{

/// Utility status values (bits 23-20).
enum class UtilityStatus : std::uint8_t {
    Noop = 0x0,
    JrClock = 0x1,                   ///< jitter-reduction clock (sender clock time)
    JrTimestamp = 0x2,               ///< jitter-reduction timestamp
    DeltaClockstampTicksPerQn = 0x3, ///< delta clockstamp ticks per quarter note (DCTPQ)
    DeltaClockstamp = 0x4,           ///< delta clockstamp: ticks since the last event (DC)
};

/// NOOP: the word 0x00000000.
[[nodiscard]] constexpr Ump utility_noop() noexcept CM_NONBLOCKING { return Ump{0x00000000U}; }
/// JR Clock (7.2.2.1): sender clock time in units of 1/31250 s.
[[nodiscard]] constexpr Ump utility_jr_clock(std::uint16_t sender_clock_time) noexcept CM_NONBLOCKING {
    return Ump{0x00100000U | sender_clock_time};
}
/// JR Timestamp (7.2.2.2): the sender clock time of the following message.
[[nodiscard]] constexpr Ump utility_jr_timestamp(std::uint16_t timestamp) noexcept CM_NONBLOCKING {
    return Ump{0x00200000U | timestamp};
}
/// Delta Clockstamp Ticks Per Quarter Note (7.2.3.1).
[[nodiscard]] constexpr Ump utility_delta_clockstamp_tpqn(std::uint16_t ticks_per_quarter_note) noexcept CM_NONBLOCKING {
    return Ump{0x00300000U | ticks_per_quarter_note};
}
/// Delta Clockstamp (7.2.3.2): ticks since the last event, 0..0xFFFFF (20 bits).
[[nodiscard]] constexpr Ump utility_delta_clockstamp(std::uint32_t ticks) noexcept CM_NONBLOCKING {
    return ticks > 0xFFFFFU ? Ump{} : Ump{0x00400000U | ticks};
}
/// @}

/// @name System common and real-time messages (message type 0x1, section 7.6)
/// Thread-safe. Realtime-safe.
/// @{

/// The system message with this status byte: F1 (time code, data1),
/// F2 (song position, data1 = LSB, data2 = MSB), F3 (song select, data1),
/// F6, F8, FA, FB, FC, FE, FF (no data). Data bytes 0..127; the ones the
/// status does not take must be 0. Word: 1 group status data1 data2.
[[nodiscard]] constexpr Ump system_message(int group, int status, int data1 = 0, int data2 = 0) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(group, 0, 15) || !detail::ump::in(data1, 0, 127) || !detail::ump::in(data2, 0, 127)) {
        return Ump{};
    }
    int takes = 0;
    switch (status) {
    case 0xF1:
    case 0xF3: takes = 1; break;
    case 0xF2: takes = 2; break;
    case 0xF6:
    case 0xF8:
    case 0xFA:
    case 0xFB:
    case 0xFC:
    case 0xFE:
    case 0xFF: takes = 0; break;
    default: return Ump{};
    }
    if ((takes < 1 && data1 != 0) || (takes < 2 && data2 != 0)) {
        return Ump{};
    }
    return Ump{detail::ump::head(UmpMessageType::System, group) | detail::ump::u32(status) << 16 | detail::ump::u32(data1) << 8 |
               detail::ump::u32(data2)};
}
/// @}

/// @name MIDI 1.0 channel voice messages (message type 0x2, section 7.3)
/// Word: 2 group status channel data1 data2. Thread-safe. Realtime-safe.
/// @{

/// The seed's builder (CoreMIDI's MIDI1UPChannelVoiceMessage): `status` is
/// the status nibble 0x8..0xE (CoreMIDI's kMIDICVStatus values) or the
/// status byte of channel 0 (0x80, 0x90, ..., 0xE0, a MessageType value);
/// channel 0..15; data1, data2 0..127, and data2 0 for program change and
/// channel pressure, which have one data byte.
[[nodiscard]] constexpr Ump midi1_channel_voice_message(int group, int status, int channel, int data1,
                                                        int data2) noexcept CM_NONBLOCKING {
    const int nibble = status >= 0x80 && (status & 0x0F) == 0 ? status >> 4 : status;
    if (!detail::ump::in(group, 0, 15) || !detail::ump::in(nibble, 0x8, 0xE) || !detail::ump::in(channel, 0, 15) ||
        !detail::ump::in(data1, 0, 127) || !detail::ump::in(data2, 0, 127) ||
        ((nibble == 0xC || nibble == 0xD) && data2 != 0)) {
        return Ump{};
    }
    return Ump{detail::ump::head(UmpMessageType::Midi1ChannelVoice, group) | detail::ump::u32(nibble) << 20 |
               detail::ump::u32(channel) << 16 | detail::ump::u32(data1) << 8 | detail::ump::u32(data2)};
}
[[nodiscard]] constexpr Ump midi1_note_off(int group, int channel, int note, int velocity) noexcept CM_NONBLOCKING {
    return midi1_channel_voice_message(group, 0x8, channel, note, velocity);
}
[[nodiscard]] constexpr Ump midi1_note_on(int group, int channel, int note, int velocity) noexcept CM_NONBLOCKING {
    return midi1_channel_voice_message(group, 0x9, channel, note, velocity);
}
[[nodiscard]] constexpr Ump midi1_poly_pressure(int group, int channel, int note, int pressure) noexcept CM_NONBLOCKING {
    return midi1_channel_voice_message(group, 0xA, channel, note, pressure);
}
[[nodiscard]] constexpr Ump midi1_control_change(int group, int channel, int controller, int value) noexcept CM_NONBLOCKING {
    return midi1_channel_voice_message(group, 0xB, channel, controller, value);
}
[[nodiscard]] constexpr Ump midi1_program_change(int group, int channel, int program) noexcept CM_NONBLOCKING {
    return midi1_channel_voice_message(group, 0xC, channel, program, 0);
}
[[nodiscard]] constexpr Ump midi1_channel_pressure(int group, int channel, int pressure) noexcept CM_NONBLOCKING {
    return midi1_channel_voice_message(group, 0xD, channel, pressure, 0);
}
/// value 0..16383, 8192 = centre; data1 is the LSB, data2 the MSB as on the wire.
[[nodiscard]] constexpr Ump midi1_pitch_bend(int group, int channel, int value) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(value, 0, 16383)) {
        return Ump{};
    }
    return midi1_channel_voice_message(group, 0xE, channel, value & 0x7F, value >> 7);
}

/// A MidiMessage in UMP: channel messages as message type 0x2, system
/// common and real-time ones as 0x1. Empty for a group outside 0..15.
[[nodiscard]] constexpr Ump midi1_message(int group, const MidiMessage& m) noexcept CM_NONBLOCKING {
    if (m.is_channel_message()) {
        return midi1_channel_voice_message(group, m.status() & 0xF0, m.channel(), m.data1(),
                                           m.size() == 2 ? 0 : m.data2());
    }
    return system_message(group, m.status(), m.size() > 1 ? m.data1() : 0, m.size() > 2 ? m.data2() : 0);
}
/// @}

/// @name MIDI 2.0 channel voice messages (message type 0x4, section 7.4)
/// Word 0: 4 group opcode channel, then 16 bits that depend on the opcode;
/// word 1: the data. Thread-safe. Realtime-safe.
/// @{

/// The opcode (status nibble, bits 23-20) of a MIDI 2.0 channel voice message.
enum class Midi2Opcode : std::uint8_t {
    RegisteredPerNoteController = 0x0,
    AssignablePerNoteController = 0x1,
    RegisteredController = 0x2,  ///< RPN as bank (MSB) and index (LSB)
    AssignableController = 0x3,  ///< NRPN as bank (MSB) and index (LSB)
    RelativeRegisteredController = 0x4,
    RelativeAssignableController = 0x5,
    PerNotePitchBend = 0x6,
    NoteOff = 0x8,
    NoteOn = 0x9,
    PolyPressure = 0xA,
    ControlChange = 0xB,
    ProgramChange = 0xC,
    ChannelPressure = 0xD,
    PitchBend = 0xE,
    PerNoteManagement = 0xF,
};

/// The attribute type of a MIDI 2.0 note message (7.4.1).
enum class NoteAttribute : std::uint8_t {
    None = 0x00,
    ManufacturerSpecific = 0x01,
    ProfileSpecific = 0x02,
    Pitch7_9 = 0x03,  ///< attribute = pitch in 7.9 fixed point semitones
};

namespace detail::ump {
// Word 0 of a MIDI 2.0 channel voice message with two 8-bit fields, or an
// empty packet when a field is out of range.
[[nodiscard]] constexpr Ump midi2(int group, Midi2Opcode op, int channel, int hi, int lo, std::uint32_t data,
                                  int hi_max = 127, int lo_max = 255) noexcept CM_NONBLOCKING {
    if (!in(group, 0, 15) || !in(channel, 0, 15) || !in(hi, 0, hi_max) || !in(lo, 0, lo_max)) {
        return Ump{};
    }
    return Ump{head(UmpMessageType::Midi2ChannelVoice, group) | u32(static_cast<int>(op)) << 20 | u32(channel) << 16 |
                   u32(hi) << 8 | u32(lo),
               data};
}
} // namespace detail::ump

/// Note Off (7.4.1): note 0..127, 16-bit release velocity, attribute type
/// and 16-bit attribute data.
[[nodiscard]] constexpr Ump midi2_note_off(int group, int channel, int note, std::uint16_t velocity,
                                           NoteAttribute attribute_type = NoteAttribute::None,
                                           std::uint16_t attribute = 0) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::NoteOff, channel, note, static_cast<int>(attribute_type),
                         std::uint32_t{velocity} << 16 | attribute);
}
/// Note On (7.4.2): as note off; velocity 0 is a real note-on in MIDI 2.0.
/// midi2_note_on(0, 0, 60, 0xFFFF) is {0x40903C00, 0xFFFF0000}.
[[nodiscard]] constexpr Ump midi2_note_on(int group, int channel, int note, std::uint16_t velocity,
                                          NoteAttribute attribute_type = NoteAttribute::None,
                                          std::uint16_t attribute = 0) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::NoteOn, channel, note, static_cast<int>(attribute_type),
                         std::uint32_t{velocity} << 16 | attribute);
}
/// Poly Pressure (7.4.3): note 0..127, 32-bit pressure.
[[nodiscard]] constexpr Ump midi2_poly_pressure(int group, int channel, int note, std::uint32_t pressure) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::PolyPressure, channel, note, 0, pressure);
}
/// Registered Per-Note Controller (7.4.4): note 0..127, controller index 0..255, 32-bit value.
[[nodiscard]] constexpr Ump midi2_registered_per_note_controller(int group, int channel, int note, int index,
                                                                 std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::RegisteredPerNoteController, channel, note, index, value);
}
/// Assignable Per-Note Controller (7.4.4): note 0..127, controller index 0..255, 32-bit value.
[[nodiscard]] constexpr Ump midi2_assignable_per_note_controller(int group, int channel, int note, int index,
                                                                 std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::AssignablePerNoteController, channel, note, index, value);
}
/// Per-Note Management (7.4.5): `detach` (D, bit 1) detaches the note's
/// per-note controllers; `reset` (S, bit 0) resets them to defaults.
[[nodiscard]] constexpr Ump midi2_per_note_management(int group, int channel, int note, bool detach,
                                                      bool reset) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::PerNoteManagement, channel, note, (detach ? 2 : 0) | (reset ? 1 : 0), 0);
}
/// Control Change (7.4.6): controller index 0..127, 32-bit value.
[[nodiscard]] constexpr Ump midi2_control_change(int group, int channel, int index, std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::ControlChange, channel, index, 0, value);
}
/// Registered Controller (7.4.7), the RPN of MIDI 1.0: bank = RPN MSB
/// (CC 101) 0..127, index = RPN LSB (CC 100) 0..127, 32-bit value.
[[nodiscard]] constexpr Ump midi2_registered_controller(int group, int channel, int bank, int index,
                                                        std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::RegisteredController, channel, bank, index, value, 127, 127);
}
/// Assignable Controller (7.4.7), the NRPN of MIDI 1.0: bank = NRPN MSB
/// (CC 99) 0..127, index = NRPN LSB (CC 98) 0..127, 32-bit value.
[[nodiscard]] constexpr Ump midi2_assignable_controller(int group, int channel, int bank, int index,
                                                        std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::AssignableController, channel, bank, index, value, 127, 127);
}
/// Relative Registered Controller (7.4.8): a signed 32-bit change (two's complement).
[[nodiscard]] constexpr Ump midi2_relative_registered_controller(int group, int channel, int bank, int index,
                                                                 std::int32_t delta) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::RelativeRegisteredController, channel, bank, index,
                         static_cast<std::uint32_t>(delta), 127, 127);
}
/// Relative Assignable Controller (7.4.8): a signed 32-bit change (two's complement).
[[nodiscard]] constexpr Ump midi2_relative_assignable_controller(int group, int channel, int bank, int index,
                                                                 std::int32_t delta) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::RelativeAssignableController, channel, bank, index,
                         static_cast<std::uint32_t>(delta), 127, 127);
}
/// Program Change (7.4.9) without a bank: option flags 0.
[[nodiscard]] constexpr Ump midi2_program_change(int group, int channel, int program) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(program, 0, 127)) {
        return Ump{};
    }
    return detail::ump::midi2(group, Midi2Opcode::ProgramChange, channel, 0, 0, detail::ump::u32(program) << 24);
}
/// Program Change (7.4.9) with a bank: option flag B (bit 0) set, bank MSB
/// and LSB 0..127 (CC 0 and CC 32 of MIDI 1.0) in the low 16 bits of word 1.
[[nodiscard]] constexpr Ump midi2_program_change(int group, int channel, int program, int bank_msb,
                                                 int bank_lsb) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(program, 0, 127) || !detail::ump::in(bank_msb, 0, 127) || !detail::ump::in(bank_lsb, 0, 127)) {
        return Ump{};
    }
    return detail::ump::midi2(group, Midi2Opcode::ProgramChange, channel, 0, 1,
                         detail::ump::u32(program) << 24 | detail::ump::u32(bank_msb) << 8 | detail::ump::u32(bank_lsb));
}
/// Channel Pressure (7.4.10): 32-bit pressure.
[[nodiscard]] constexpr Ump midi2_channel_pressure(int group, int channel, std::uint32_t pressure) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::ChannelPressure, channel, 0, 0, pressure);
}
/// Pitch Bend (7.4.11): 32-bit unsigned, 0x80000000 = centre.
[[nodiscard]] constexpr Ump midi2_pitch_bend(int group, int channel, std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::PitchBend, channel, 0, 0, value);
}
/// Per-Note Pitch Bend (7.4.12): note 0..127, 32-bit unsigned, 0x80000000 = centre.
[[nodiscard]] constexpr Ump midi2_per_note_pitch_bend(int group, int channel, int note, std::uint32_t value) noexcept CM_NONBLOCKING {
    return detail::ump::midi2(group, Midi2Opcode::PerNotePitchBend, channel, note, 0, value);
}
/// @}

/// @name Data messages (message types 0x3 and 0x5, sections 7.7-7.9)
/// Thread-safe. Realtime-safe.
/// @{

/// One SysEx7 packet (7.7): up to 6 data bytes (each 0..127; no F0/F7).
/// Word 0: 3 group form count byte0 byte1; word 1: bytes 2..5, zero padded.
[[nodiscard]] constexpr Ump sysex7_packet(int group, PacketForm form, std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(group, 0, 15) || bytes.size() > 6 || !detail::ump::data7(bytes)) {
        return Ump{};
    }
    return Ump{detail::ump::head(UmpMessageType::Data64, group) | std::uint32_t{static_cast<std::uint8_t>(form)} << 20 |
                   static_cast<std::uint32_t>(bytes.size()) << 16 | detail::ump::byte_at(bytes, 0) << 8 |
                   detail::ump::byte_at(bytes, 1),
               detail::ump::pack4(bytes, 2)};
}

/// Data 128 status values (bits 23-20): SysEx8 forms 0..3 and the Mixed Data Set.
enum class Data128Status : std::uint8_t {
    Sysex8Complete = 0x0,
    Sysex8Start = 0x1,
    Sysex8Continue = 0x2,
    Sysex8End = 0x3,
    MixedDataSetHeader = 0x8,
    MixedDataSetPayload = 0x9,
};

/// One SysEx8 packet (7.8): stream id 0..255 and up to 13 data bytes (any
/// value). The byte count field counts the stream id too (1..14).
[[nodiscard]] constexpr Ump sysex8_packet(int group, PacketForm form, int stream_id,
                                          std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(group, 0, 15) || !detail::ump::in(stream_id, 0, 255) || bytes.size() > 13) {
        return Ump{};
    }
    return Ump{detail::ump::head(UmpMessageType::Data128, group) | std::uint32_t{static_cast<std::uint8_t>(form)} << 20 |
                   static_cast<std::uint32_t>(bytes.size() + 1) << 16 | detail::ump::u32(stream_id) << 8 |
                   detail::ump::byte_at(bytes, 0),
               detail::ump::pack4(bytes, 1), detail::ump::pack4(bytes, 5), detail::ump::pack4(bytes, 9)};
}

/// The fields of a Mixed Data Set Header (7.9).
struct MixedDataSetHeader {
    std::uint16_t valid_bytes = 0;      ///< bytes of this Mixed Data Set chunk
    std::uint16_t chunk_count = 0;      ///< number of chunks in the set
    std::uint16_t chunk_number = 0;     ///< this chunk (1-based)
    std::uint16_t manufacturer_id = 0;
    std::uint16_t device_id = 0;
    std::uint16_t sub_id_1 = 0;
    std::uint16_t sub_id_2 = 0;
    friend constexpr bool operator==(const MixedDataSetHeader&, const MixedDataSetHeader&) noexcept = default;
};

/// Mixed Data Set Header (7.9): mds_id 0..15. Words: 5 group 8 id valid-bytes;
/// chunk-count chunk-number; manufacturer device; sub-id-1 sub-id-2.
[[nodiscard]] constexpr Ump mixed_data_set_header(int group, int mds_id, const MixedDataSetHeader& h) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(group, 0, 15) || !detail::ump::in(mds_id, 0, 15)) {
        return Ump{};
    }
    return Ump{detail::ump::head(UmpMessageType::Data128, group) | 0x8U << 20 | detail::ump::u32(mds_id) << 16 | h.valid_bytes,
               std::uint32_t{h.chunk_count} << 16 | h.chunk_number,
               std::uint32_t{h.manufacturer_id} << 16 | h.device_id, std::uint32_t{h.sub_id_1} << 16 | h.sub_id_2};
}
/// Mixed Data Set Payload (7.9): mds_id 0..15 and up to 14 bytes, zero padded.
[[nodiscard]] constexpr Ump mixed_data_set_payload(int group, int mds_id, std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(group, 0, 15) || !detail::ump::in(mds_id, 0, 15) || bytes.size() > 14) {
        return Ump{};
    }
    return Ump{detail::ump::head(UmpMessageType::Data128, group) | 0x9U << 20 | detail::ump::u32(mds_id) << 16 |
                   detail::ump::byte_at(bytes, 0) << 8 | detail::ump::byte_at(bytes, 1),
               detail::ump::pack4(bytes, 2), detail::ump::pack4(bytes, 6), detail::ump::pack4(bytes, 10)};
}
/// @}

/// @name Flex data messages (message type 0xD, section 7.5)
/// Word 0: D group form(2) address(2) channel status-bank status. A message
/// goes to one channel (channel 0..15, address 0) or to the whole group
/// (channel = flex_whole_group, address 1). Thread-safe. Realtime-safe.
/// @{

/// The `channel` argument that addresses a flex data message to the whole group.
inline constexpr int flex_whole_group = -1;

/// Status banks of flex data messages.
enum class FlexBank : std::uint8_t {
    SetupAndPerformance = 0x00,  ///< tempo, time signature, metronome, key signature, chord name
    MetadataText = 0x01,
    PerformanceText = 0x02,
};

/// Statuses of bank 0 (setup and performance).
enum class FlexStatus : std::uint8_t {
    SetTempo = 0x00,
    SetTimeSignature = 0x01,
    SetMetronome = 0x02,
    SetKeySignature = 0x05,
    SetChordName = 0x06,
};

/// Statuses of bank 1, metadata text (7.5.10).
enum class MetadataText : std::uint8_t {
    Unknown = 0x00,
    ProjectName = 0x01,
    CompositionName = 0x02,
    ClipName = 0x03,
    CopyrightNotice = 0x04,
    ComposerName = 0x05,
    LyricistName = 0x06,
    ArrangerName = 0x07,
    PublisherName = 0x08,
    PrimaryPerformerName = 0x09,
    AccompanyingPerformerName = 0x0A,
    RecordingDate = 0x0B,
    RecordingLocation = 0x0C,
};

/// Statuses of bank 2, performance text (7.5.11).
enum class PerformanceText : std::uint8_t {
    Unknown = 0x00,
    Lyrics = 0x01,
    LyricsLanguage = 0x02,
    Ruby = 0x03,
    RubyLanguage = 0x04,
};

namespace detail::ump {
[[nodiscard]] constexpr bool flex_target_ok(int group, int channel) noexcept CM_NONBLOCKING {
    return in(group, 0, 15) && (channel == flex_whole_group || in(channel, 0, 15));
}
[[nodiscard]] constexpr std::uint32_t flex_head(int group, int channel, PacketForm form, int bank, int status) noexcept CM_NONBLOCKING {
    const std::uint32_t address = channel == flex_whole_group ? 1U : 0U;
    const std::uint32_t ch = channel == flex_whole_group ? 0U : u32(channel);
    return head(UmpMessageType::FlexData, group) | std::uint32_t{static_cast<std::uint8_t>(form)} << 22 |
           address << 20 | ch << 16 | u32(bank) << 8 | u32(status);
}
} // namespace detail::ump

/// Set Tempo (7.5.3): the length of a quarter note in units of 10 ns
/// (120 BPM = 50 000 000).
[[nodiscard]] constexpr Ump flex_set_tempo(int group, int channel, std::uint32_t ten_ns_per_quarter_note) noexcept CM_NONBLOCKING {
    if (!detail::ump::flex_target_ok(group, channel)) {
        return Ump{};
    }
    return Ump{detail::ump::flex_head(group, channel, PacketForm::Complete, 0, 0x00), ten_ns_per_quarter_note};
}
/// Set Time Signature (7.5.4): numerator 0..255; denominator as a power of
/// two (2 = quarter notes, 3 = eighths), 0..255, as in a Standard MIDI File;
/// the number of 1/32 notes, 0..255, as the SMF's `bb` (8 in common use).
[[nodiscard]] constexpr Ump flex_set_time_signature(int group, int channel, int numerator, int denominator_power,
                                                    int thirty_seconds = 8) noexcept CM_NONBLOCKING {
    if (!detail::ump::flex_target_ok(group, channel) || !detail::ump::in(numerator, 0, 255) ||
        !detail::ump::in(denominator_power, 0, 255) || !detail::ump::in(thirty_seconds, 0, 255)) {
        return Ump{};
    }
    return Ump{detail::ump::flex_head(group, channel, PacketForm::Complete, 0, 0x01),
               detail::ump::u32(numerator) << 24 | detail::ump::u32(denominator_power) << 16 | detail::ump::u32(thirty_seconds) << 8};
}

/// The fields of Set Metronome (7.5.5).
struct Metronome {
    std::uint8_t clocks_per_primary_click = 24;         ///< MIDI clocks (24 per quarter) per click
    std::array<std::uint8_t, 3> bar_accent{};           ///< accent parts 1..3
    std::array<std::uint8_t, 2> subdivision_clicks{};   ///< subdivision clicks 1 and 2
    friend constexpr bool operator==(const Metronome&, const Metronome&) noexcept = default;
};

/// Set Metronome (7.5.5). Word 1: clocks accent1 accent2 accent3; word 2: sub1 sub2 0 0.
[[nodiscard]] constexpr Ump flex_set_metronome(int group, int channel, const Metronome& m) noexcept CM_NONBLOCKING {
    if (!detail::ump::flex_target_ok(group, channel)) {
        return Ump{};
    }
    return Ump{detail::ump::flex_head(group, channel, PacketForm::Complete, 0, 0x02),
               std::uint32_t{m.clocks_per_primary_click} << 24 | std::uint32_t{m.bar_accent[0]} << 16 |
                   std::uint32_t{m.bar_accent[1]} << 8 | m.bar_accent[2],
               std::uint32_t{m.subdivision_clicks[0]} << 24 | std::uint32_t{m.subdivision_clicks[1]} << 16};
}

/// Set Key Signature (7.5.7): sharps (1..7) or flats (-1..-7), 0 for none,
/// -8 for a non-standard key; tonic 0 = unknown, 1..7 = A..G. Word 1 holds
/// sharps_flats (4-bit two's complement) and the tonic in its top byte.
[[nodiscard]] constexpr Ump flex_set_key_signature(int group, int channel, int sharps_flats, int tonic) noexcept CM_NONBLOCKING {
    if (!detail::ump::flex_target_ok(group, channel) || !detail::ump::in(sharps_flats, -8, 7) || !detail::ump::in(tonic, 0, 7)) {
        return Ump{};
    }
    return Ump{detail::ump::flex_head(group, channel, PacketForm::Complete, 0, 0x05),
               (detail::ump::u32(sharps_flats) & 0xFU) << 28 | detail::ump::u32(tonic) << 24};
}

/// One alteration of a chord name: type (0 none, 1 add degree, 2 subtract
/// degree, 3 raise, 4 lower) and degree 0..15.
struct ChordAlteration {
    std::uint8_t type = 0;
    std::uint8_t degree = 0;
    friend constexpr bool operator==(const ChordAlteration&, const ChordAlteration&) noexcept = default;
};

/// The fields of Set Chord Name (7.5.8). Sharps/flats are 4-bit two's
/// complement, -8..7: 2 double sharp, 1 sharp, 0 natural, -1 flat, -2 double
/// flat, and for the bass -8 = the bass note is the chord tonic. Notes:
/// 0 unknown, 1..7 = A..G. Chord types 0..255 (0 no chord, 1 major, 7 minor,
/// 0x0D dominant, ...).
struct ChordName {
    int tonic_sharps_flats = 0;
    int tonic = 0;
    int chord_type = 0;
    std::array<ChordAlteration, 4> alterations{};
    int bass_sharps_flats = 0;
    int bass_note = 0;
    int bass_chord_type = 0;
    std::array<ChordAlteration, 2> bass_alterations{};
    friend constexpr bool operator==(const ChordName&, const ChordName&) noexcept = default;
};

/// Set Chord Name (7.5.8). Word 1: tonic sharps/flats, tonic, type, alterations 1-2;
/// word 2: alterations 3-4, 0; word 3: bass sharps/flats, note, type, bass alterations 1-2.
[[nodiscard]] constexpr Ump flex_set_chord_name(int group, int channel, const ChordName& c) noexcept CM_NONBLOCKING {
    const auto alt_ok = [](const ChordAlteration& a) { return a.type <= 15 && a.degree <= 15; };
    bool ok = detail::ump::flex_target_ok(group, channel) && detail::ump::in(c.tonic_sharps_flats, -8, 7) &&
              detail::ump::in(c.tonic, 0, 15) && detail::ump::in(c.chord_type, 0, 255) &&
              detail::ump::in(c.bass_sharps_flats, -8, 7) && detail::ump::in(c.bass_note, 0, 15) &&
              detail::ump::in(c.bass_chord_type, 0, 255);
    for (const ChordAlteration& a : c.alterations) {
        ok = ok && alt_ok(a);
    }
    for (const ChordAlteration& a : c.bass_alterations) {
        ok = ok && alt_ok(a);
    }
    if (!ok) {
        return Ump{};
    }
    const auto alt = [](const ChordAlteration& a) { return std::uint32_t{a.type} << 4 | a.degree; };
    const auto sf = [](int v) { return detail::ump::u32(v) & 0xFU; };
    return Ump{detail::ump::flex_head(group, channel, PacketForm::Complete, 0, 0x06),
               sf(c.tonic_sharps_flats) << 28 | detail::ump::u32(c.tonic) << 24 | detail::ump::u32(c.chord_type) << 16 |
                   alt(c.alterations[0]) << 8 | alt(c.alterations[1]),
               alt(c.alterations[2]) << 24 | alt(c.alterations[3]) << 16,
               sf(c.bass_sharps_flats) << 28 | detail::ump::u32(c.bass_note) << 24 | detail::ump::u32(c.bass_chord_type) << 16 |
                   alt(c.bass_alterations[0]) << 8 | alt(c.bass_alterations[1])};
}

/// One flex text packet (7.5.9): bank 1 (metadata) or 2 (performance) or
/// any other bank 0x01..0xFF, status 0..255, up to 12 bytes of UTF-8 in
/// words 1-3, zero padded.
[[nodiscard]] constexpr Ump flex_text(int group, int channel, FlexBank bank, int status, PacketForm form,
                                      std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    if (!detail::ump::flex_target_ok(group, channel) || bank == FlexBank::SetupAndPerformance ||
        !detail::ump::in(status, 0, 255) || bytes.size() > 12) {
        return Ump{};
    }
    return Ump{detail::ump::flex_head(group, channel, form, static_cast<int>(bank), status), detail::ump::pack4(bytes, 0),
               detail::ump::pack4(bytes, 4), detail::ump::pack4(bytes, 8)};
}

/// A whole flex text (any length) as packets of 12 bytes: one Complete
/// packet for up to 12 bytes (also for empty text), otherwise Start,
/// Continue..., End. Calls sink(const Ump&) for each and returns how many;
/// 0 (nothing sent) when an argument is out of range.
/// Realtime-safe when sink is.
template <class Sink>
constexpr std::size_t flex_text_packets(int group, int channel, FlexBank bank, int status, std::string_view text,
                                        Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
    if (flex_text(group, channel, bank, status, PacketForm::Complete, {}).empty()) {
        return 0;
    }
    const auto bytes = detail::ump::text_bytes(text);
    return detail::ump::split_packets(bytes.size(), 12, [&](PacketForm form, std::size_t at, std::size_t n) {
        sink(flex_text(group, channel, bank, status, form, bytes.subspan(at, n)));
    });
}
/// @}

/// @name UMP stream messages (message type 0xF, section 7.1): groupless
/// Word 0: F form(2) status(10) and 16 bits that depend on the status.
/// Thread-safe. Realtime-safe.
/// @{

/// The 10-bit statuses of UMP stream messages.
enum class StreamStatus : std::uint16_t {
    EndpointDiscovery = 0x000,
    EndpointInfo = 0x001,
    DeviceIdentity = 0x002,
    EndpointName = 0x003,
    ProductInstanceId = 0x004,
    StreamConfigurationRequest = 0x005,
    StreamConfigurationNotification = 0x006,
    FunctionBlockDiscovery = 0x010,
    FunctionBlockInfo = 0x011,
    FunctionBlockName = 0x012,
    StartOfClip = 0x020,
    EndOfClip = 0x021,
};

/// Filter bits of Endpoint Discovery (7.1.1): which notifications to send.
namespace endpoint_filter {
inline constexpr std::uint8_t info = 0x01;
inline constexpr std::uint8_t device_identity = 0x02;
inline constexpr std::uint8_t name = 0x04;
inline constexpr std::uint8_t product_instance_id = 0x08;
inline constexpr std::uint8_t stream_configuration = 0x10;
inline constexpr std::uint8_t all = 0x1F;
} // namespace endpoint_filter

/// Filter bits of Function Block Discovery (7.1.7).
namespace function_block_filter {
inline constexpr std::uint8_t info = 0x01;
inline constexpr std::uint8_t name = 0x02;
inline constexpr std::uint8_t all = 0x03;
} // namespace function_block_filter

/// The protocol field of stream configuration messages (7.1.6).
enum class UmpProtocol : std::uint8_t {
    Midi1 = 0x01,
    Midi2 = 0x02,
};

namespace detail::ump {
[[nodiscard]] constexpr std::uint32_t stream_head(StreamStatus s, PacketForm form = PacketForm::Complete) noexcept CM_NONBLOCKING {
    return 0xF0000000U | std::uint32_t{static_cast<std::uint8_t>(form)} << 26 |
           std::uint32_t{static_cast<std::uint16_t>(s)} << 16;
}
} // namespace detail::ump

/// Endpoint Discovery (7.1.1): the UMP version the sender supports (1.1)
/// and which notifications it asks for (endpoint_filter bits).
[[nodiscard]] constexpr Ump stream_endpoint_discovery(std::uint8_t filter, int ump_version_major = 1,
                                                      int ump_version_minor = 1) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(ump_version_major, 0, 255) || !detail::ump::in(ump_version_minor, 0, 255)) {
        return Ump{};
    }
    return Ump{detail::ump::stream_head(StreamStatus::EndpointDiscovery) | detail::ump::u32(ump_version_major) << 8 |
                   detail::ump::u32(ump_version_minor),
               filter};
}

/// The fields of Endpoint Info Notification (7.1.2).
struct EndpointInfo {
    int ump_version_major = 1;
    int ump_version_minor = 1;
    bool static_function_blocks = false;
    int function_block_count = 0;  ///< 0..127 (the spec allows up to 32)
    bool midi2_protocol = true;    ///< supports the MIDI 2.0 protocol
    bool midi1_protocol = true;    ///< supports the MIDI 1.0 protocol
    bool receive_jr = false;       ///< can receive JR timestamps
    bool transmit_jr = false;      ///< can transmit JR timestamps
    friend constexpr bool operator==(const EndpointInfo&, const EndpointInfo&) noexcept = default;
};

/// Endpoint Info Notification (7.1.2). Word 1: S(1) count(7) 0(14) M2 M1 0(6) RXJR TXJR.
[[nodiscard]] constexpr Ump stream_endpoint_info(const EndpointInfo& e) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(e.ump_version_major, 0, 255) || !detail::ump::in(e.ump_version_minor, 0, 255) ||
        !detail::ump::in(e.function_block_count, 0, 127)) {
        return Ump{};
    }
    return Ump{detail::ump::stream_head(StreamStatus::EndpointInfo) | detail::ump::u32(e.ump_version_major) << 8 |
                   detail::ump::u32(e.ump_version_minor),
               (e.static_function_blocks ? 1U : 0U) << 31 | detail::ump::u32(e.function_block_count) << 24 |
                   (e.midi2_protocol ? 1U : 0U) << 9 | (e.midi1_protocol ? 1U : 0U) << 8 |
                   (e.receive_jr ? 1U : 0U) << 1 | (e.transmit_jr ? 1U : 0U)};
}

/// The fields of Device Identity Notification (7.1.3), as in the MIDI 1.0
/// Identity Reply: all bytes 0..127; family and model 0..16383 (sent LSB first).
struct DeviceIdentity {
    std::array<std::uint8_t, 3> manufacturer{};  ///< SysEx ID (1 byte: {id, 0, 0}; 3 bytes: {0, a, b})
    std::uint16_t family = 0;
    std::uint16_t model = 0;
    std::array<std::uint8_t, 4> software_revision{};
    friend constexpr bool operator==(const DeviceIdentity&, const DeviceIdentity&) noexcept = default;
};

/// Device Identity Notification (7.1.3). Word 1: a reserved byte, then
/// manufacturer bytes 1-3; word 2: family LSB, family MSB, model LSB, model
/// MSB; word 3: software revision bytes 1-4.
[[nodiscard]] constexpr Ump stream_device_identity(const DeviceIdentity& d) noexcept CM_NONBLOCKING {
    if (!detail::ump::data7(d.manufacturer) || !detail::ump::data7(d.software_revision) || d.family > 0x3FFF ||
        d.model > 0x3FFF) {
        return Ump{};
    }
    return Ump{detail::ump::stream_head(StreamStatus::DeviceIdentity),
               std::uint32_t{d.manufacturer[0]} << 16 | std::uint32_t{d.manufacturer[1]} << 8 | d.manufacturer[2],
               (d.family & 0x7FU) << 24 | (std::uint32_t{d.family} >> 7) << 16 | (d.model & 0x7FU) << 8 |
                   std::uint32_t{d.model} >> 7,
               std::uint32_t{d.software_revision[0]} << 24 | std::uint32_t{d.software_revision[1]} << 16 |
                   std::uint32_t{d.software_revision[2]} << 8 | d.software_revision[3]};
}

namespace detail::ump {
// Stream text messages with 14 bytes per packet: 2 in word 0, 12 in words 1-3.
[[nodiscard]] constexpr Ump stream_text14(StreamStatus s, PacketForm form, std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    if (bytes.size() > 14) {
        return Ump{};
    }
    return Ump{stream_head(s, form) | byte_at(bytes, 0) << 8 | byte_at(bytes, 1), pack4(bytes, 2), pack4(bytes, 6),
               pack4(bytes, 10)};
}
} // namespace detail::ump

/// One Endpoint Name Notification packet (7.1.4): up to 14 bytes of UTF-8.
[[nodiscard]] constexpr Ump stream_endpoint_name(PacketForm form, std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    return detail::ump::stream_text14(StreamStatus::EndpointName, form, bytes);
}
/// One Product Instance Id Notification packet (7.1.5): up to 14 ASCII bytes.
[[nodiscard]] constexpr Ump stream_product_instance_id(PacketForm form, std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    return detail::ump::stream_text14(StreamStatus::ProductInstanceId, form, bytes);
}
/// A whole endpoint name (up to 98 bytes by the spec; any length is sent)
/// as packets of 14 bytes. Calls sink(const Ump&) for each; returns how many.
/// Realtime-safe when sink is.
template <class Sink>
constexpr std::size_t stream_endpoint_name_packets(std::string_view name, Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
    const auto bytes = detail::ump::text_bytes(name);
    return detail::ump::split_packets(bytes.size(), 14, [&](PacketForm form, std::size_t at, std::size_t n) {
        sink(stream_endpoint_name(form, bytes.subspan(at, n)));
    });
}
/// A whole product instance id (up to 42 bytes by the spec) as packets of 14 bytes.
/// Realtime-safe when sink is.
template <class Sink>
constexpr std::size_t stream_product_instance_id_packets(std::string_view id,
                                                         Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
    const auto bytes = detail::ump::text_bytes(id);
    return detail::ump::split_packets(bytes.size(), 14, [&](PacketForm form, std::size_t at, std::size_t n) {
        sink(stream_product_instance_id(form, bytes.subspan(at, n)));
    });
}

/// Stream Configuration Request (7.1.6.2): the protocol asked for and
/// whether JR timestamps should be received and transmitted.
[[nodiscard]] constexpr Ump stream_configuration_request(UmpProtocol protocol, bool receive_jr,
                                                         bool transmit_jr) noexcept CM_NONBLOCKING {
    return Ump{detail::ump::stream_head(StreamStatus::StreamConfigurationRequest) |
               std::uint32_t{static_cast<std::uint8_t>(protocol)} << 8 | (receive_jr ? 2U : 0U) |
               (transmit_jr ? 1U : 0U)};
}
/// Stream Configuration Notification (7.1.6.3): the protocol now in use.
[[nodiscard]] constexpr Ump stream_configuration_notification(UmpProtocol protocol, bool receive_jr,
                                                              bool transmit_jr) noexcept CM_NONBLOCKING {
    return Ump{detail::ump::stream_head(StreamStatus::StreamConfigurationNotification) |
               std::uint32_t{static_cast<std::uint8_t>(protocol)} << 8 | (receive_jr ? 2U : 0U) |
               (transmit_jr ? 1U : 0U)};
}

/// Function Block Discovery (7.1.7): block 0..255 (0xFF = all blocks) and
/// function_block_filter bits.
[[nodiscard]] constexpr Ump stream_function_block_discovery(int block, std::uint8_t filter) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(block, 0, 255)) {
        return Ump{};
    }
    return Ump{detail::ump::stream_head(StreamStatus::FunctionBlockDiscovery) | detail::ump::u32(block) << 8 | filter};
}

/// The fields of Function Block Info Notification (7.1.8).
struct FunctionBlockInfo {
    bool active = true;
    int block = 0;               ///< 0..127 (the spec allows 0..31)
    int ui_hint = 0;             ///< 0 unknown, 1 receiver, 2 sender, 3 both
    int midi1 = 0;               ///< 0 not MIDI 1.0, 1 MIDI 1.0 unrestricted, 2 MIDI 1.0 at 31.25 kb/s
    int direction = 3;           ///< 1 input, 2 output, 3 bidirectional
    int first_group = 0;         ///< 0..15
    int groups_spanned = 1;      ///< 1..16
    int ci_version = 0;          ///< MIDI-CI message version/format, 0..255
    int max_sysex8_streams = 0;  ///< 0..255
    friend constexpr bool operator==(const FunctionBlockInfo&, const FunctionBlockInfo&) noexcept = default;
};

/// Function Block Info Notification (7.1.8). Word 0 low half: A(1) block(7)
/// 0(2) hint(2) M1(2) direction(2); word 1: first group, groups, CI version, SysEx8 streams.
[[nodiscard]] constexpr Ump stream_function_block_info(const FunctionBlockInfo& f) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(f.block, 0, 127) || !detail::ump::in(f.ui_hint, 0, 3) || !detail::ump::in(f.midi1, 0, 3) ||
        !detail::ump::in(f.direction, 0, 3) || !detail::ump::in(f.first_group, 0, 15) || !detail::ump::in(f.groups_spanned, 1, 16) ||
        !detail::ump::in(f.ci_version, 0, 255) || !detail::ump::in(f.max_sysex8_streams, 0, 255)) {
        return Ump{};
    }
    return Ump{detail::ump::stream_head(StreamStatus::FunctionBlockInfo) | (f.active ? 1U : 0U) << 15 |
                   detail::ump::u32(f.block) << 8 | detail::ump::u32(f.ui_hint) << 4 | detail::ump::u32(f.midi1) << 2 |
                   detail::ump::u32(f.direction),
               detail::ump::u32(f.first_group) << 24 | detail::ump::u32(f.groups_spanned) << 16 | detail::ump::u32(f.ci_version) << 8 |
                   detail::ump::u32(f.max_sysex8_streams)};
}

/// One Function Block Name Notification packet (7.1.9): block 0..255 and
/// up to 13 bytes of UTF-8 (1 in word 0, 12 in words 1-3).
[[nodiscard]] constexpr Ump stream_function_block_name(int block, PacketForm form,
                                                       std::span<const std::uint8_t> bytes) noexcept CM_NONBLOCKING {
    if (!detail::ump::in(block, 0, 255) || bytes.size() > 13) {
        return Ump{};
    }
    return Ump{detail::ump::stream_head(StreamStatus::FunctionBlockName, form) | detail::ump::u32(block) << 8 |
                   detail::ump::byte_at(bytes, 0),
               detail::ump::pack4(bytes, 1), detail::ump::pack4(bytes, 5), detail::ump::pack4(bytes, 9)};
}
/// A whole function block name (up to 91 bytes by the spec) as packets of 13
/// bytes; 0 packets when block is out of range. Realtime-safe when sink is.
template <class Sink>
constexpr std::size_t stream_function_block_name_packets(int block, std::string_view name,
                                                         Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
    if (!detail::ump::in(block, 0, 255)) {
        return 0;
    }
    const auto bytes = detail::ump::text_bytes(name);
    return detail::ump::split_packets(bytes.size(), 13, [&](PacketForm form, std::size_t at, std::size_t n) {
        sink(stream_function_block_name(block, form, bytes.subspan(at, n)));
    });
}

/// Start of Clip (7.1.10): 0xF0200000 and three zero words.
[[nodiscard]] constexpr Ump stream_start_of_clip() noexcept CM_NONBLOCKING { return Ump{detail::ump::stream_head(StreamStatus::StartOfClip)}; }
/// End of Clip (7.1.11): 0xF0210000 and three zero words.
[[nodiscard]] constexpr Ump stream_end_of_clip() noexcept CM_NONBLOCKING { return Ump{detail::ump::stream_head(StreamStatus::EndOfClip)}; }
/// @}

} // namespace cm::midi
