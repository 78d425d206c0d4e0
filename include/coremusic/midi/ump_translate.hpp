// coremusic/midi/ump_translate.hpp
// Translation between the MIDI 1.0 and MIDI 2.0 protocols in UMP, as the
// specification's translation rules give it, and SysEx7 packetisation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <coremusic/midi/message.hpp>
#include <coremusic/midi/ump.hpp>
#include <coremusic/midi/ump_builders.hpp>
#include <coremusic/midi/ump_parser.hpp>

namespace cm::midi {

/// Min-centre-max upscaling ("MIDI 2.0 Bit Scaling and Resolution",
/// M2-115-U v1.0.1, section 3.3, the scheme M2-104-UM's translation rules
/// use): values up to the centre (1 << (source_bits - 1)) are shifted left;
/// values above it also repeat their bits below the centre bit into the
/// new low bits, so 0 stays 0, the centre maps to the centre and the
/// maximum to the maximum (7 to 16 bits: 0 -> 0, 64 -> 0x8000,
/// 127 -> 0xFFFF). Bits of `value` above source_bits are ignored;
/// 1 <= source_bits <= dest_bits <= 32, otherwise `value` is returned.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::uint32_t scale_up(std::uint32_t value, int source_bits, int dest_bits) noexcept CM_NONBLOCKING {
    if (source_bits < 1 || dest_bits > 32 || source_bits >= dest_bits) {
        return value;
    }
    value &= source_bits == 32 ? ~0U : (1U << static_cast<unsigned>(source_bits)) - 1U;
    const auto scale_bits = static_cast<unsigned>(dest_bits - source_bits);
    std::uint32_t out = value << scale_bits;
    const std::uint32_t centre = 1U << static_cast<unsigned>(source_bits - 1);
    if (value <= centre) {
        return out;
    }
    // source_bits >= 2 here (a 1-bit value never exceeds its centre).
    const auto repeat_bits = static_cast<unsigned>(source_bits - 1);
    std::uint32_t repeat = value & ((1U << repeat_bits) - 1U);
    repeat = scale_bits > repeat_bits ? repeat << (scale_bits - repeat_bits) : repeat >> (repeat_bits - scale_bits);
    while (repeat != 0) {
        out |= repeat;
        repeat >>= repeat_bits;
    }
    return out;
}

/// Downscaling (M2-115-U section 3.4): a right shift, which inverts
/// scale_up exactly (scale_down(scale_up(v, s, d), d, s) == v).
/// 1 <= dest_bits <= source_bits <= 32, otherwise `value` is returned.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr std::uint32_t scale_down(std::uint32_t value, int source_bits, int dest_bits) noexcept CM_NONBLOCKING {
    if (dest_bits < 1 || source_bits > 32 || dest_bits >= source_bits) {
        return value;
    }
    if (source_bits < 32) {
        value &= (1U << static_cast<unsigned>(source_bits)) - 1U;
    }
    return value >> static_cast<unsigned>(source_bits - dest_bits);
}

/// Translates MIDI 1.0 channel voice messages in UMP (message type 0x2) to
/// the MIDI 2.0 protocol (type 0x4), following the translation rules of
/// M2-104-UM v1.1:
/// - note, pressure and controller values are upscaled with scale_up
///   (velocity 7 -> 16 bits, the rest 7 -> 32, pitch bend 14 -> 32);
/// - a note-on with velocity 0 (a note-off in MIDI 1.0) becomes a note-off
///   with velocity 0x8000, the upscaled 64 the MIDI 1.0 specification gives
///   a note-off that carries no release velocity;
/// - bank select (CC 0, CC 32) is held per group and channel and sent with
///   each later program change as a program change with bank (bank valid
///   when either was received; the missing one is 0); the CCs themselves
///   are not sent on;
/// - RPN (CC 101/100) and NRPN (CC 99/98) select a parameter per group and
///   channel, and data entry (CC 6 MSB, CC 38 LSB) becomes a registered or
///   assignable controller message (bank = the MSB, index = the LSB, the
///   14-bit value upscaled to 32 bits). A value is sent when its LSB arrives,
///   when another MSB arrives (the pending one is sent with LSB 0) and when
///   a new parameter is selected (likewise); flush() sends one still pending.
///   An LSB without a new MSB adjusts the last value. RPN 7F/7F (the null
///   function) and Reset All Controllers (CC 121) deselect. Data entry with
///   no parameter selected is dropped; the selection CCs are not sent on;
/// - every other control change, program change, pressure and pitch bend
///   is translated one to one; packets of other message types pass through.
/// Thread-safe: one translator per thread (it keeps per-channel state).
/// Realtime-safe: translate(), flush(), reset() (when the sink is).
class Midi1ToMidi2Translator {
public:
    /// Translates one packet, calling sink(const Ump&) for each packet made
    /// (0, 1 or 2 of them); returns how many. An empty packet, or a MIDI 1.0
    /// one with an invalid status nibble, makes none.
    template <class Sink>
    std::size_t translate(const Ump& packet, Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
        if (packet.empty()) {
            return 0;
        }
        const auto v = Midi1View::of(packet);
        if (!v) {
            sink(packet);
            return 1;
        }
        const int g = v->group();
        const int c = v->channel();
        const int d1 = v->data1() & 0x7F;
        const int d2 = v->data2() & 0x7F;
        Channel& st = channels_[static_cast<std::size_t>(g * 16 + c)];
        switch (v->status()) {
        case 0x8: return emit(sink, midi2_note_off(g, c, d1, up16(d2)));
        case 0x9:
            return d2 == 0 ? emit(sink, midi2_note_off(g, c, d1, 0x8000))
                           : emit(sink, midi2_note_on(g, c, d1, up16(d2)));
        case 0xA: return emit(sink, midi2_poly_pressure(g, c, d1, up32(d2)));
        case 0xB: return control_change(st, g, c, d1, d2, sink);
        case 0xC:
            return st.bank_msb_set || st.bank_lsb_set
                       ? emit(sink, midi2_program_change(g, c, d1, st.bank_msb, st.bank_lsb))
                       : emit(sink, midi2_program_change(g, c, d1));
        case 0xD: return emit(sink, midi2_channel_pressure(g, c, up32(d1)));
        case 0xE: return emit(sink, midi2_pitch_bend(g, c, scale_up(static_cast<std::uint32_t>(d1 | d2 << 7), 14, 32)));
        default: return 0;
        }
    }

    /// Translates a MidiMessage sent in `group` (0..15; none is made otherwise).
    template <class Sink>
    std::size_t translate(int group, const MidiMessage& message, Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
        return translate(midi1_message(group, message), sink);
    }

    /// Sends every data entry MSB still waiting for its LSB (LSB 0);
    /// returns how many packets were made.
    template <class Sink>
    std::size_t flush(Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < channels_.size(); ++i) {
            n += send_pending(channels_[i], static_cast<int>(i / 16), static_cast<int>(i % 16), sink);
        }
        return n;
    }

    /// Forgets all bank and parameter state (pending values are dropped).
    void reset() noexcept CM_NONBLOCKING { channels_ = {}; }

private:
    enum class Param : std::uint8_t { None, Rpn, Nrpn };
    struct Channel {
        std::uint8_t bank_msb = 0;
        std::uint8_t bank_lsb = 0;
        bool bank_msb_set = false;
        bool bank_lsb_set = false;
        std::array<std::uint8_t, 2> rpn{};   // MSB, LSB
        std::array<std::uint8_t, 2> nrpn{};
        std::array<bool, 2> rpn_set{};
        std::array<bool, 2> nrpn_set{};
        Param selected = Param::None;
        std::uint8_t data_msb = 0;
        bool msb_pending = false;  // an MSB arrived and its value has not been sent
        bool msb_known = false;    // data_msb belongs to the selected parameter
    };

    static std::uint16_t up16(int v7) noexcept CM_NONBLOCKING {
        return static_cast<std::uint16_t>(scale_up(static_cast<std::uint32_t>(v7), 7, 16));
    }
    static std::uint32_t up32(int v7) noexcept CM_NONBLOCKING { return scale_up(static_cast<std::uint32_t>(v7), 7, 32); }

    template <class Sink>
    static std::size_t emit(Sink& sink, const Ump& p) noexcept(noexcept(sink(Ump{}))) {
        if (p.empty()) {
            return 0;
        }
        sink(p);
        return 1;
    }

    static bool parameter_ready(const Channel& st) noexcept CM_NONBLOCKING {
        return (st.selected == Param::Rpn && st.rpn_set[0] && st.rpn_set[1]) ||
               (st.selected == Param::Nrpn && st.nrpn_set[0] && st.nrpn_set[1]);
    }

    template <class Sink>
    static std::size_t send_value(const Channel& st, int g, int c, int lsb, Sink& sink) noexcept(noexcept(sink(Ump{}))) {
        const std::uint32_t value = scale_up(static_cast<std::uint32_t>(st.data_msb << 7 | lsb), 14, 32);
        return st.selected == Param::Rpn ? emit(sink, midi2_registered_controller(g, c, st.rpn[0], st.rpn[1], value))
                                         : emit(sink, midi2_assignable_controller(g, c, st.nrpn[0], st.nrpn[1], value));
    }

    template <class Sink>
    static std::size_t send_pending(Channel& st, int g, int c, Sink& sink) noexcept(noexcept(sink(Ump{}))) {
        if (!st.msb_pending) {
            return 0;
        }
        st.msb_pending = false;
        return parameter_ready(st) ? send_value(st, g, c, 0, sink) : 0;
    }

    template <class Sink>
    static std::size_t control_change(Channel& st, int g, int c, int cc, int value,
                                      Sink& sink) noexcept(noexcept(sink(Ump{}))) {
        const auto v = static_cast<std::uint8_t>(value);
        std::size_t n = 0;
        switch (cc) {
        case 0:
            st.bank_msb = v;
            st.bank_msb_set = true;
            return 0;
        case 32:
            st.bank_lsb = v;
            st.bank_lsb_set = true;
            return 0;
        case 101:
        case 100:
        case 99:
        case 98: {
            n = send_pending(st, g, c, sink);
            const bool rpn = cc >= 100;
            const std::size_t part = cc == 101 || cc == 99 ? 0 : 1;
            (rpn ? st.rpn : st.nrpn)[part] = v;
            (rpn ? st.rpn_set : st.nrpn_set)[part] = true;
            st.selected = rpn ? Param::Rpn : Param::Nrpn;
            st.msb_known = false;
            if (rpn && st.rpn_set[0] && st.rpn_set[1] && st.rpn[0] == 0x7F && st.rpn[1] == 0x7F) {
                st.rpn_set = {};
                st.selected = Param::None;
            }
            return n;
        }
        case 6:
            n = send_pending(st, g, c, sink);
            if (parameter_ready(st)) {
                st.data_msb = v;
                st.msb_pending = true;
                st.msb_known = true;
            }
            return n;
        case 38:
            if (parameter_ready(st) && st.msb_known) {
                st.msb_pending = false;
                return send_value(st, g, c, value, sink);
            }
            return 0;
        case 121:
            n = send_pending(st, g, c, sink);
            st.selected = Param::None;
            st.rpn_set = {};
            st.nrpn_set = {};
            st.msb_known = false;
            return n + emit(sink, midi2_control_change(g, c, cc, up32(value)));
        default: return emit(sink, midi2_control_change(g, c, cc, up32(value)));
        }
    }

    std::array<Channel, 256> channels_{};  // group * 16 + channel
};

/// Translates one MIDI 2.0 channel voice packet (message type 0x4) to the
/// MIDI 1.0 protocol (type 0x2), calling sink(const Ump&) for each packet
/// made; returns how many (0 to 4). Following M2-104-UM v1.1:
/// - values are downscaled with scale_down (velocity 16 -> 7, the rest
///   32 -> 7, pitch bend 32 -> 14 bits);
/// - a note-on whose velocity downscales to 0 is sent with velocity 1,
///   since 0 would turn it into a note-off (section 7.4.2);
/// - a registered (assignable) controller becomes CC 101 (99) = bank,
///   CC 100 (98) = index, CC 6 = value MSB, CC 38 = value LSB (registered
///   7F/7F is the null RPN in MIDI 1.0, so a receiver ignores its value);
/// - a program change with bank becomes CC 0 = bank MSB, CC 32 = bank LSB,
///   then the program change;
/// - messages MIDI 1.0 has no counterpart for (per-note controllers,
///   per-note pitch bend, per-note management, relative controllers, and
///   the unassigned opcode 0x7) make none; note attributes are dropped;
/// - reserved bits (the top bit of 7-bit fields) are ignored;
/// - packets of other message types pass through unchanged (one packet).
/// Thread-safe (stateless). Realtime-safe when the sink is.
template <class Sink>
std::size_t translate_midi2_to_midi1(const Ump& packet, Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
    if (packet.empty()) {
        return 0;
    }
    const auto v = Midi2View::of(packet);
    if (!v) {
        sink(packet);
        return 1;
    }
    const int g = v->group();
    const int c = v->channel();
    const int note = v->note() & 0x7F;
    const auto down7 = [](std::uint32_t x) { return static_cast<int>(scale_down(x, 32, 7)); };
    std::size_t n = 0;
    const auto cc = [&](int controller, int value) {
        sink(midi1_control_change(g, c, controller, value));
        ++n;
    };
    switch (v->opcode()) {
    case Midi2Opcode::NoteOff:
        sink(midi1_note_off(g, c, note, static_cast<int>(scale_down(v->velocity(), 16, 7))));
        return 1;
    case Midi2Opcode::NoteOn: {
        const int vel = static_cast<int>(scale_down(v->velocity(), 16, 7));
        sink(midi1_note_on(g, c, note, vel == 0 ? 1 : vel));
        return 1;
    }
    case Midi2Opcode::PolyPressure: sink(midi1_poly_pressure(g, c, note, down7(v->value()))); return 1;
    case Midi2Opcode::ControlChange: cc(v->controller() & 0x7F, down7(v->value())); return n;
    case Midi2Opcode::ChannelPressure: sink(midi1_channel_pressure(g, c, down7(v->value()))); return 1;
    case Midi2Opcode::PitchBend:
        sink(midi1_pitch_bend(g, c, static_cast<int>(scale_down(v->value(), 32, 14))));
        return 1;
    case Midi2Opcode::ProgramChange:
        if (v->bank_valid()) {
            cc(0, v->bank_msb() & 0x7F);
            cc(32, v->bank_lsb() & 0x7F);
        }
        sink(midi1_program_change(g, c, v->program() & 0x7F));
        return n + 1;
    case Midi2Opcode::RegisteredController:
    case Midi2Opcode::AssignableController: {
        const bool rpn = v->opcode() == Midi2Opcode::RegisteredController;
        const auto value = static_cast<int>(scale_down(v->value(), 32, 14));
        cc(rpn ? 101 : 99, v->bank() & 0x7F);
        cc(rpn ? 100 : 98, v->index() & 0x7F);
        cc(6, value >> 7);
        cc(38, value & 0x7F);
        return n;
    }
    default: return 0;
    }
}

/// Packetises one System Exclusive message as SysEx7 UMP (M2-104-UM v1.1
/// section 7.7): a leading F0 and a trailing F7 are stripped if present,
/// the rest (all bytes 0..127) goes 6 bytes per packet, one Complete packet
/// for up to 6 bytes (also for none), otherwise Start, Continue..., End.
/// Calls sink(const Ump&) for each; returns how many, or 0 (nothing sent)
/// for a group outside 0..15 or a byte above 0x7F inside the message.
/// Realtime-safe when the sink is.
template <class Sink>
constexpr std::size_t sysex7_packetize(int group, std::span<const std::uint8_t> sysex,
                                       Sink&& sink) noexcept(noexcept(sink(Ump{}))) {
    if (!sysex.empty() && sysex.front() == 0xF0) {
        sysex = sysex.subspan(1);
    }
    if (!sysex.empty() && sysex.back() == 0xF7) {
        sysex = sysex.first(sysex.size() - 1);
    }
    if (group < 0 || group > 15 || !detail::ump::data7(sysex)) {
        return 0;
    }
    return detail::ump::split_packets(sysex.size(), 6, [&](PacketForm form, std::size_t at, std::size_t n) {
        sink(sysex7_packet(group, form, sysex.subspan(at, n)));
    });
}

/// Puts SysEx7 packets back together into the message bytes between F0
/// and F7, in a buffer the caller provides. It follows one group at a time:
/// while a message is in progress, packets of other groups are ignored.
/// Thread-safe: one reassembler per thread. Realtime-safe.
class Sysex7Reassembler {
public:
    /// What add() made of a packet.
    enum class Result : std::uint8_t {
        Incomplete,  ///< a Start or Continue was taken; more to come
        Complete,    ///< message() holds a whole message
        Overflow,    ///< the message exceeded the buffer; it is dropped
        Unexpected,  ///< a Continue or End with no Start; dropped
        Invalid,     ///< a reserved form, a count above 6 or a byte above 0x7F; the message in progress is dropped
        OtherGroup,  ///< a packet of another group than the message in progress; ignored
        NotSysex7,   ///< not a SysEx7 packet; ignored
    };

    /// Collects into `buffer`, which must outlive the reassembler.
    explicit Sysex7Reassembler(std::span<std::uint8_t> buffer) noexcept CM_NONBLOCKING : buffer_(buffer) {}

    /// Takes one packet. A Start or Complete while a message is in progress
    /// drops that message (its End was lost) and begins the new one.
    Result add(const Ump& p) noexcept CM_NONBLOCKING {
        const auto v = Sysex7View::of(p);
        if (!v) {
            return Result::NotSysex7;
        }
        if (active_ && v->group() != group_) {
            return Result::OtherGroup;
        }
        if (!v->valid()) {
            drop();
            return Result::Invalid;
        }
        const PacketForm form = v->form();
        if (form == PacketForm::Complete || form == PacketForm::Start) {
            drop();
            active_ = true;
            group_ = v->group();
        } else if (!active_) {
            drop();
            return Result::Unexpected;
        }
        const UmpBytes<6> bytes = v->bytes();
        if (size_ + bytes.size > buffer_.size()) {
            drop();
            return Result::Overflow;
        }
        for (std::size_t i = 0; i < bytes.size; ++i) {
            buffer_[size_++] = bytes.data[i];
        }
        if (form == PacketForm::Complete || form == PacketForm::End) {
            active_ = false;
            complete_ = size_;
            return Result::Complete;
        }
        return Result::Incomplete;
    }

    /// The message add() last reported Complete (the bytes between F0 and
    /// F7); empty once another message begins or an error drops one.
    [[nodiscard]] std::span<const std::uint8_t> message() const noexcept CM_NONBLOCKING { return buffer_.first(complete_); }
    /// The group of the message in progress or last completed.
    [[nodiscard]] int group() const noexcept CM_NONBLOCKING { return group_; }
    /// Forgets any message in progress.
    void reset() noexcept CM_NONBLOCKING {
        drop();
        group_ = 0;
    }

private:
    void drop() noexcept CM_NONBLOCKING {
        active_ = false;
        size_ = 0;
        complete_ = 0;
    }

    std::span<std::uint8_t> buffer_;
    std::size_t size_ = 0;
    std::size_t complete_ = 0;
    int group_ = 0;
    bool active_ = false;
};

} // namespace cm::midi
