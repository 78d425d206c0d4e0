// coremusic/midi/thru_params.hpp
// What a MIDI thru connection does to the messages it passes: CoreMIDI's
// MIDIThruConnectionParams model (channel map, value transforms, filters), portable.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>

#include <coremusic/core/config.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>

namespace cm::midi {

/// How one kind of value is transformed. The numbers are CoreMIDI's
/// MIDITransformType values (MIDIThruConnection.h), so a ThruParams maps
/// field for field onto MIDIThruConnectionParams.
enum class TransformType : std::uint16_t {
    None = 0,        ///< unchanged (param unused)
    FilterOut = 1,   ///< drop the messages the transform applies to (param unused)
    MapControl = 2,  ///< CoreMIDI: control number -> param; here controllers are remapped by ThruParams::controller_map, so it acts as None
    Add = 8,         ///< value + param
    Scale = 9,       ///< value * param / 4096: param is fixed point bbbb.bbbb bbbb bbbb (4 integer, 12 fraction bits; 0x1000 = 1.0)
    MinValue = 10,   ///< the value is at least param: max(value, param)
    MaxValue = 11,   ///< the value is at most param: min(value, param)
    MapValue = 12,   ///< value -> ThruParams::value_maps[param][value]
};

/// One transform and its argument (CoreMIDI's MIDITransform).
/// Thread-safe: a value type. Realtime-safe: yes.
struct Transform {
    TransformType type = TransformType::None; ///< what to do
    std::int16_t param = 0;                   ///< the argument, in the units described at ThruParams

    /// Same type and param.
    friend constexpr bool operator==(const Transform&, const Transform&) noexcept = default;
};

/// A lookup table for 7-bit values: y = map[x] (CoreMIDI's MIDIValueMap).
/// Entries above 127 are clamped to 127 when applied.
using ValueMap = std::array<std::uint8_t, 128>;

namespace detail::thru {

// M2-104-UM (UMP and MIDI 2.0 Protocol v1.1), the translation appendix's
// "Min-Center-Max" upscaling: values up to the centre are shifted, values
// above it fill the new low bits with repeats of the source's low bits, so
// 0, the centre and the maximum map onto 0, the centre and the maximum.
[[nodiscard]] constexpr std::uint64_t upscale(std::uint64_t value, int src_bits, int dst_bits) noexcept {
    const int scale_bits = dst_bits - src_bits;
    if (scale_bits <= 0) {
        return value;
    }
    std::uint64_t shifted = value << scale_bits;
    const std::uint64_t centre = std::uint64_t{1} << (src_bits - 1);
    if (value <= centre) {
        return shifted;
    }
    const int repeat_bits = src_bits - 1;
    const std::uint64_t repeat_mask = (std::uint64_t{1} << repeat_bits) - 1;
    std::uint64_t repeat = value & repeat_mask;
    if (scale_bits > repeat_bits) {
        repeat <<= scale_bits - repeat_bits;
    } else {
        repeat >>= repeat_bits - scale_bits;
    }
    while (repeat != 0) {
        shifted |= repeat;
        repeat >>= repeat_bits;
    }
    return shifted;
}

[[nodiscard]] constexpr std::size_t ump_packet_words(std::uint32_t word0) noexcept {
    // M2-104-UM, Table "Message Type (MT) Allocation": the size follows from
    // the message type, including the reserved ones.
    constexpr std::array<std::uint8_t, 16> words{1, 1, 1, 2, 2, 4, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4};
    return words[word0 >> 28];
}

} // namespace detail::thru

/// The transforms and filters of one MIDI thru connection, modelled on
/// CoreMIDI's MIDIThruConnectionParams (MIDIThruConnection.h) so that a
/// later CoreMIDI backend hands it to MIDIThruConnectionCreate unchanged,
/// and applied in-process everywhere else.
///
/// Order of operations for a channel message:
///  1. channel_map: the source channel's entry is the output channel
///     0..15; any other value (ThruParams::drop) drops the message.
///  2. Range filters on the incoming values: notes outside
///     [low_note, high_note] are dropped when low_note <= high_note, notes
///     inside [high_note, low_note] when low_note > high_note (note-on,
///     note-off and poly pressure, as CoreMIDI). Note-ons with a velocity
///     below low_velocity or, when high_velocity is not 0, above
///     high_velocity are dropped. The velocity filter never drops a
///     note-off (0x8n, or 0x9n with velocity 0): a dropped note-off would
///     leave a note stuck, a passed stray one is harmless.
///  3. FilterOut: note_number or velocity FilterOut drops note-on, note-off
///     and poly pressure; key_pressure, channel_pressure, program_change,
///     pitch_bend FilterOut drop their message type; controller_value[c]
///     FilterOut drops controller c; filter_all_controls drops controllers
///     0..119 (the channel mode messages 120..127, All Notes Off among them,
///     always pass it so notes are never left stuck).
///  4. controller_map: controller c becomes controller_map[c]; any value
///     above 127 (ThruParams::drop) drops it. Value transforms are keyed by
///     the incoming controller number.
///  5. Value transforms (Transform), computed exactly in integers and then
///     clamped to the value's range (0..127; pitch bend 0..16383):
///     - Add: value + param.
///     - Scale: round(value * param / 4096), halves rounding up (CoreMIDI:
///       param is fixed point bbbb.bbbb bbbb bbbb, so 0x1000 is 1.0, 0x0800
///       is 0.5, 0x2000 is 2.0, and a negative param gives 0). Pitch bend
///       scales about its centre instead: 8192 + round((value - 8192) *
///       param / 4096), so a scale narrows or widens the bend; CoreMIDI
///       does not document which it does.
///     - MinValue: max(value, param). MaxValue: min(value, param).
///     - MapValue: value_maps[param][value]; for pitch bend the map is
///       applied to the top 7 bits and the result upscaled (value 64 ->
///       8192). A param that is not a value_maps index leaves the value as is.
///     Params are in the units of the value: 7-bit for note number,
///     velocity, pressures, program and controllers (CoreMIDI's control
///     transforms use 14-bit params; multiply ours by 128 to hand them
///     over), 14-bit for pitch bend.
///  6. Note pairing: a note-on (velocity > 0) keeps a velocity of at least
///     1 whatever the velocity transform gives, so a transform never turns
///     a note-on into a note-off (which would cut the note short and leave
///     its own note-off orphaned); a note-on with velocity 0 is a note-off
///     and keeps velocity 0; a note-off's release velocity is transformed
///     and clamped to 0..127. Transforms are pure functions of each value,
///     so a note-off always follows its note-on to the same output note
///     (several inputs may clamp onto the same output note, as with any
///     transposition at the edge of the range).
///
/// System messages: filter_all_system drops every system message (F0-FF,
/// SysEx included); otherwise filter_sysex drops SysEx (F0 ... F7),
/// filter_mtc the MTC quarter frame (F1), filter_beat_clock clock, start,
/// continue and stop (F8 FA FB FC) and filter_tune_request F6. Others pass.
///
/// MIDI 2.0 channel voice messages (UMP message type 4) follow the same
/// rules at their own resolution: see apply_ump_packet().
///
/// The fields are public and may hold any value: apply never fails and
/// never reads out of bounds. The setters validate and throw MidiError.
/// Thread-safety: a value type (trivially copyable, about 1.7 kB), so it
/// can be published to the MIDI thread whole (e.g. through a TripleBuffer).
/// Realtime-safe: apply, apply_ump_packet, apply_ump, passes_system,
/// passes_sysex; not the throwing setters.
struct ThruParams {
    /// The channel_map / controller_map entry that drops the message (CoreMIDI uses 0xFF).
    static constexpr std::uint8_t drop = 0xFF;
    /// How many value maps a ThruParams holds.
    static constexpr std::size_t max_value_maps = 8;

    /// Source channel -> output channel 0..15, or drop. Identity by default.
    std::array<std::uint8_t, 16> channel_map = identity<16>();
    /// Note-ons with a velocity below this are dropped (0 = none).
    std::uint8_t low_velocity = 0;
    /// Note-ons with a velocity above this are dropped, unless it is 0.
    std::uint8_t high_velocity = 0;
    /// With high_note, the note range filter (see the order of operations).
    std::uint8_t low_note = 0;
    /// With low_note, the note range filter (see the order of operations).
    std::uint8_t high_note = 127;
    Transform note_number{};       ///< note-on, note-off, poly pressure note numbers
    Transform velocity{};          ///< note-on and note-off velocities
    Transform key_pressure{};      ///< poly pressure values
    Transform channel_pressure{};  ///< channel pressure values
    Transform program_change{};    ///< program numbers
    Transform pitch_bend{};        ///< pitch-bend values (14-bit)
    bool filter_sysex = false;         ///< drop SysEx
    bool filter_mtc = false;           ///< drop MTC quarter frames (F1)
    bool filter_beat_clock = false;    ///< drop clock, start, continue, stop (F8 FA FB FC)
    bool filter_tune_request = false;  ///< drop tune request (F6)
    bool filter_all_controls = false;  ///< drop controllers 0..119 (not the channel mode messages)
    bool filter_all_system = false;    ///< drop every system message, SysEx included
    /// Controller c -> output controller 0..127, or drop. Identity by default.
    std::array<std::uint8_t, 128> controller_map = identity<128>();
    /// The value transform of each incoming controller number.
    std::array<Transform, 128> controller_value{};
    /// The tables MapValue transforms refer to by index.
    std::array<ValueMap, max_value_maps> value_maps{};

    /// @name Setters (validate, throw MidiError with Errc::OutOfRange)
    /// @{
    /// Sends channel `from` (0..15) to channel `to` (0..15).
    ThruParams& map_channel(int from, int to) {
        channel_map[checked(from, 15, "source channel (0-based)")] =
            static_cast<std::uint8_t>(checked(to, 15, "output channel (0-based)"));
        return *this;
    }
    /// Drops every message on channel `channel` (0..15).
    ThruParams& drop_channel(int channel) {
        channel_map[checked(channel, 15, "channel (0-based)")] = drop;
        return *this;
    }
    /// Sends controller `from` as controller `to` (both 0..127).
    ThruParams& map_controller(int from, int to) {
        controller_map[checked(from, 127, "source controller")] =
            static_cast<std::uint8_t>(checked(to, 127, "output controller"));
        return *this;
    }
    /// Drops controller `controller` (0..127).
    ThruParams& filter_controller(int controller) {
        controller_map[checked(controller, 127, "controller")] = drop;
        return *this;
    }
    /// Drops each controller in the list.
    ThruParams& filter_controllers(std::span<const int> controllers) {
        for (const int c : controllers) {
            filter_controller(c);
        }
        return *this;
    }
    /// Sets the value transform of controller `controller` (0..127).
    ThruParams& transform_controller(int controller, Transform t) {
        controller_value[checked(controller, 127, "controller")] = t;
        return *this;
    }
    /// Stores a value map at `index` (0..max_value_maps-1); refer to it with
    /// Transform{TransformType::MapValue, index}.
    ThruParams& set_value_map(int index, const ValueMap& map) {
        value_maps[checked(index, static_cast<int>(max_value_maps) - 1, "value map index")] = map;
        return *this;
    }
    /// @}

    /// True when a system message with this status (F0-FF) passes the
    /// system filters; channel statuses (80-EF) always do.
    [[nodiscard]] constexpr bool passes_system(std::uint8_t status) const noexcept CM_NONBLOCKING {
        if (status < 0xF0) {
            return true;
        }
        if (filter_all_system) {
            return false;
        }
        switch (status) {
        case 0xF0:
        case 0xF7:
            return !filter_sysex;
        case 0xF1:
            return !filter_mtc;
        case 0xF6:
            return !filter_tune_request;
        case 0xF8:
        case 0xFA:
        case 0xFB:
        case 0xFC:
            return !filter_beat_clock;
        default:
            return true;
        }
    }

    /// True when SysEx passes (neither filter_sysex nor filter_all_system).
    [[nodiscard]] constexpr bool passes_sysex() const noexcept CM_NONBLOCKING { return passes_system(0xF0); }

    /// The message after the transforms, or nothing when a filter drops it
    /// (see the order of operations above).
    [[nodiscard]] std::optional<MidiMessage> apply(const MidiMessage& m) const noexcept CM_NONBLOCKING {
        if (!m.is_channel_message()) {
            return passes_system(m.status()) ? std::optional<MidiMessage>{m} : std::nullopt;
        }
        const std::uint8_t ch = channel_map[static_cast<std::size_t>(m.channel())];
        if (ch > 15) {
            return std::nullopt;
        }
        const int hi = m.status() & 0xF0;
        int d1 = m.data1();
        int d2 = m.data2();
        switch (hi) {
        case 0x80:
        case 0x90: {
            const bool off = m.is_note_off();
            if (!note_passes(d1) || (!off && !velocity_passes(d2)) || drops_notes()) {
                return std::nullopt;
            }
            d1 = value7(note_number, d1);
            if (hi == 0x80) {
                d2 = value7(velocity, d2);
            } else if (!off) {
                d2 = std::max(1, value7(velocity, d2));
            }
            break;
        }
        case 0xA0:
            if (!note_passes(d1) || drops_notes() || key_pressure.type == TransformType::FilterOut) {
                return std::nullopt;
            }
            d1 = value7(note_number, d1);
            d2 = value7(key_pressure, d2);
            break;
        case 0xB0: {
            const auto c = static_cast<std::size_t>(d1);
            if ((filter_all_controls && d1 < 120) || controller_value[c].type == TransformType::FilterOut ||
                controller_map[c] > 127) {
                return std::nullopt;
            }
            d1 = controller_map[c];
            d2 = value7(controller_value[c], d2);
            break;
        }
        case 0xC0:
            if (program_change.type == TransformType::FilterOut) {
                return std::nullopt;
            }
            d1 = value7(program_change, d1);
            break;
        case 0xD0:
            if (channel_pressure.type == TransformType::FilterOut) {
                return std::nullopt;
            }
            d1 = value7(channel_pressure, d1);
            break;
        default: {  // 0xE0
            if (pitch_bend.type == TransformType::FilterOut) {
                return std::nullopt;
            }
            const auto v = static_cast<int>(transform(pitch_bend, static_cast<std::uint32_t>(m.pitch_bend_value()), 14, 14, true));
            d1 = v & 0x7F;
            d2 = v >> 7;
            break;
        }
        }
        const std::array<std::uint8_t, 3> raw{static_cast<std::uint8_t>(hi | ch), static_cast<std::uint8_t>(d1),
                                              static_cast<std::uint8_t>(d2)};
        std::error_code ec;
        const MidiMessage out =
            MidiMessage::from_bytes(std::span<const std::uint8_t>(raw.data(), static_cast<std::size_t>(m.size())), ec);
        if (ec) {
            return std::nullopt;  // unreachable: every value above was clamped into range
        }
        return out;
    }

    /// Applies the params to one Universal MIDI Packet (M2-104-UM), given
    /// as its words (at least as many as its message type calls for; extra
    /// words are ignored), writing the result into out. Returns the words
    /// written: the packet's size, or 0 when the packet is dropped or is
    /// shorter than its type calls for.
    ///  - MT 0x1 system: the system filters by status byte.
    ///  - MT 0x2 MIDI 1.0 channel voice: converted to a MidiMessage, apply()
    ///    (a malformed packet, e.g. a data byte above 0x7F, is dropped; the
    ///    unused data byte of a 2-byte message is written as 0, as M2-104-UM
    ///    reserves it).
    ///  - MT 0x3 SysEx7 and MT 0x5 SysEx8 (statuses 0-3): the SysEx filters;
    ///    mixed data sets pass.
    ///  - MT 0x4 MIDI 2.0 channel voice: as apply(), at MIDI 2.0 resolution.
    ///    Velocity is 16-bit and pressures, controllers and pitch bend are
    ///    32-bit (bend centre 0x80000000). Param units stay those of MIDI
    ///    1.0 so one ThruParams serves both protocols: Add adds param shifted
    ///    up to the value's width (7-bit params by 9 or 25 bits, pitch bend's
    ///    14-bit by 18); MinValue/MaxValue params and MapValue results are
    ///    upscaled with M2-104-UM's min-centre-max rule (127 -> 0xFFFF,
    ///    64 -> 0x8000); MapValue looks up the value's top 7 bits; Scale
    ///    multiplies the full-resolution value. The velocity range filter
    ///    compares the top 7 bits. In MIDI 2.0 a note-on with velocity 0 is
    ///    still a note-on, so with a velocity transform set every note-on
    ///    leaves with velocity 1..0xFFFF (the same pairing rule as MIDI 1.0,
    ///    and what M2-104-UM's 2.0 -> 1.0 translation needs). Attribute
    ///    fields, bank bits and the reserved top bit of 7-bit fields pass
    ///    unchanged. Per-note controllers,
    ///    per-note pitch bend and per-note management follow the note
    ///    filters and the note_number transform, so they stay on the
    ///    note they were sent for; registered/assignable (and relative)
    ///    controllers are only channel-mapped.
    ///  - Every other message type passes unchanged.
    [[nodiscard]] std::size_t apply_ump_packet(std::span<const std::uint32_t> packet,
                                                         std::span<std::uint32_t, 4> out) const noexcept CM_NONBLOCKING {
        if (packet.empty()) {
            return 0;
        }
        const std::uint32_t w0 = packet[0];
        const std::size_t n = detail::thru::ump_packet_words(w0);
        if (packet.size() < n) {
            return 0;
        }
        std::copy(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(n), out.begin());
        switch (w0 >> 28) {
        case 0x1:
            return passes_system(static_cast<std::uint8_t>(w0 >> 16)) ? n : 0;
        case 0x2:
            return apply_midi1_ump(w0, out) ? n : 0;
        case 0x3:
            return passes_sysex() ? n : 0;
        case 0x4:
            return apply_midi2_ump(w0, packet[1], out) ? n : 0;
        case 0x5:
            return ((w0 >> 20) & 0xF) > 3 || passes_sysex() ? n : 0;
        default:
            return n;
        }
    }

    /// The result of apply_ump: words read from the input and written to out.
    struct UmpResult {
        std::size_t read = 0;     ///< input words consumed (whole packets only)
        std::size_t written = 0;  ///< output words written
    };

    /// apply_ump_packet over a sequence of packets, writing the kept ones
    /// one after the other into out. Stops at the first packet that is
    /// incomplete in `words` or does not fit in what is left of `out`;
    /// `read` tells where to resume. Output never exceeds input.
    [[nodiscard]] UmpResult apply_ump(std::span<const std::uint32_t> words,
                                                std::span<std::uint32_t> out) const noexcept CM_NONBLOCKING {
        UmpResult r;
        while (r.read < words.size()) {
            const std::size_t n = detail::thru::ump_packet_words(words[r.read]);
            if (words.size() - r.read < n || out.size() - r.written < n) {
                break;
            }
            std::array<std::uint32_t, 4> packet{};
            const std::size_t kept = apply_ump_packet(words.subspan(r.read, n), packet);
            std::copy(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(kept),
                      out.begin() + static_cast<std::ptrdiff_t>(r.written));
            r.read += n;
            r.written += kept;
        }
        return r;
    }

    /// Same fields.
    friend constexpr bool operator==(const ThruParams&, const ThruParams&) noexcept = default;

private:
    template <std::size_t N>
    static constexpr std::array<std::uint8_t, N> identity() noexcept {
        std::array<std::uint8_t, N> a{};
        for (std::size_t i = 0; i < N; ++i) {
            a[i] = static_cast<std::uint8_t>(i);
        }
        return a;
    }

    // v as an index once it is known to lie in 0..hi (throws otherwise).
    static std::size_t checked(int v, int hi, const char* what) {
        if (v < 0 || v > hi) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return std::string("ThruParams: ") + what + " " + std::to_string(v) + ": expected 0 to " +
                       std::to_string(hi);
            });
        }
        return static_cast<std::size_t>(std::clamp(v, 0, hi));  // the clamp never changes v; it shows the bound to the optimiser
    }

    [[nodiscard]] constexpr bool drops_notes() const noexcept {
        return note_number.type == TransformType::FilterOut || velocity.type == TransformType::FilterOut;
    }
    [[nodiscard]] constexpr bool note_passes(int note) const noexcept {
        return low_note <= high_note ? note >= low_note && note <= high_note
                                     : note < high_note || note > low_note;
    }
    [[nodiscard]] constexpr bool velocity_passes(int v) const noexcept {
        return v >= low_velocity && (high_velocity == 0 || v <= high_velocity);
    }

    // The heart of every transform: value (bits wide) transformed by t,
    // whose param is in param_bits units, clamped to 0 .. 2^bits - 1.
    // 64-bit arithmetic: a 32-bit value times a 16-bit param fits.
    [[nodiscard]] constexpr std::uint32_t transform(const Transform& t, std::uint32_t value, int bits, int param_bits,
                                                    bool centred) const noexcept {
        const std::int64_t max = (std::int64_t{1} << bits) - 1;
        const std::int64_t param_max = (std::int64_t{1} << param_bits) - 1;
        const std::int64_t v = value;
        const std::int64_t p = t.param;
        const auto upscaled_param = [&] {
            return static_cast<std::int64_t>(
                detail::thru::upscale(static_cast<std::uint64_t>(std::clamp<std::int64_t>(p, 0, param_max)), param_bits, bits));
        };
        std::int64_t r = v;
        switch (t.type) {
        case TransformType::Add:
            r = v + p * (std::int64_t{1} << (bits - param_bits));
            break;
        case TransformType::Scale:
            if (centred) {
                const std::int64_t c = std::int64_t{1} << (bits - 1);
                r = c + (((v - c) * p + 2048) >> 12);
            } else {
                r = (v * p + 2048) >> 12;
            }
            break;
        case TransformType::MinValue:
            r = std::max(v, upscaled_param());
            break;
        case TransformType::MaxValue:
            r = std::min(v, upscaled_param());
            break;
        case TransformType::MapValue:
            if (t.param >= 0 && static_cast<std::size_t>(t.param) < max_value_maps) {
                const std::uint8_t y =
                    value_maps[static_cast<std::size_t>(t.param)][static_cast<std::size_t>(value >> (bits - 7))];
                r = static_cast<std::int64_t>(detail::thru::upscale(std::min<std::uint8_t>(y, 127), 7, bits));
            }
            break;
        default:  // None, FilterOut (handled by the caller), MapControl
            break;
        }
        return static_cast<std::uint32_t>(std::clamp<std::int64_t>(r, 0, max));
    }

    [[nodiscard]] constexpr int value7(const Transform& t, int v) const noexcept {
        return static_cast<int>(transform(t, static_cast<std::uint32_t>(v), 7, 7, false));
    }

    bool apply_midi1_ump(std::uint32_t w0, std::span<std::uint32_t, 4> out) const noexcept {
        const std::array<std::uint8_t, 3> raw{static_cast<std::uint8_t>(w0 >> 16), static_cast<std::uint8_t>(w0 >> 8),
                                              static_cast<std::uint8_t>(w0)};
        const int size = message_size(raw[0]);
        if (raw[0] < 0x80 || raw[0] >= 0xF0 || size == 0) {
            return false;
        }
        std::error_code ec;
        const MidiMessage m = MidiMessage::from_bytes(std::span<const std::uint8_t>(raw.data(), static_cast<std::size_t>(size)), ec);
        if (ec) {
            return false;
        }
        const std::optional<MidiMessage> r = apply(m);
        if (!r) {
            return false;
        }
        out[0] = (w0 & 0xFF000000U) | std::uint32_t{r->status()} << 16 | static_cast<std::uint32_t>(r->data1()) << 8 |
                 static_cast<std::uint32_t>(r->data2());
        return true;
    }

    bool apply_midi2_ump(std::uint32_t w0, std::uint32_t w1, std::span<std::uint32_t, 4> out) const noexcept {
        const std::uint32_t status = (w0 >> 20) & 0xF;
        const std::uint8_t ch = channel_map[(w0 >> 16) & 0xF];
        if (ch > 15) {
            return false;
        }
        std::uint32_t b2 = (w0 >> 8) & 0xFF;
        const std::uint32_t b3 = w0 & 0xFF;
        const auto note7 = static_cast<int>(b2 & 0x7F);
        switch (status) {
        case 0x8:
        case 0x9: {
            const std::uint32_t v = w1 >> 16;
            const bool on = status == 0x9;
            if (!note_passes(note7) || (on && !velocity_passes(static_cast<int>(v >> 9))) || drops_notes()) {
                return false;
            }
            b2 = (b2 & 0x80) | static_cast<std::uint32_t>(value7(note_number, note7));
            std::uint32_t v2 = transform(velocity, v, 16, 7, false);
            if (on && velocity.type != TransformType::None) {
                v2 = std::max<std::uint32_t>(v2, 1);
            }
            w1 = v2 << 16 | (w1 & 0xFFFF);
            break;
        }
        case 0xA:
            if (!note_passes(note7) || drops_notes() || key_pressure.type == TransformType::FilterOut) {
                return false;
            }
            b2 = (b2 & 0x80) | static_cast<std::uint32_t>(value7(note_number, note7));
            w1 = transform(key_pressure, w1, 32, 7, false);
            break;
        case 0x0:
        case 0x1:
        case 0x6:
        case 0xF:
            if (!note_passes(note7) || drops_notes()) {
                return false;
            }
            b2 = (b2 & 0x80) | static_cast<std::uint32_t>(value7(note_number, note7));
            break;
        case 0xB: {
            const auto c = static_cast<std::size_t>(note7);
            if ((filter_all_controls && c < 120) || controller_value[c].type == TransformType::FilterOut ||
                controller_map[c] > 127) {
                return false;
            }
            b2 = (b2 & 0x80) | controller_map[c];
            w1 = transform(controller_value[c], w1, 32, 7, false);
            break;
        }
        case 0xC: {
            if (program_change.type == TransformType::FilterOut) {
                return false;
            }
            const auto program = static_cast<std::uint32_t>(value7(program_change, static_cast<int>((w1 >> 24) & 0x7F)));
            w1 = program << 24 | (w1 & 0x80FFFFFF);
            break;
        }
        case 0xD:
            if (channel_pressure.type == TransformType::FilterOut) {
                return false;
            }
            w1 = transform(channel_pressure, w1, 32, 7, false);
            break;
        case 0xE:
            if (pitch_bend.type == TransformType::FilterOut) {
                return false;
            }
            w1 = transform(pitch_bend, w1, 32, 14, true);
            break;
        default:  // registered/assignable controllers, relative ones, reserved: channel map only
            break;
        }
        out[0] = (w0 & 0xFF000000U) | status << 20 | std::uint32_t{ch} << 16 | b2 << 8 | b3;
        out[1] = w1;
        return true;
    }
};

} // namespace cm::midi
