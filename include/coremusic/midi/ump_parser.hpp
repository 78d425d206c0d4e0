// coremusic/midi/ump_parser.hpp
// Reading Universal MIDI Packets: splitting a run of 32-bit words into packets
// without ever reading past its end, and typed views that decode each message.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>

#include <coremusic/midi/message.hpp>
#include <coremusic/midi/ump.hpp>
#include <coremusic/midi/ump_builders.hpp>

namespace cm::midi {

/// What parse_ump() did with a run of words.
struct UmpParseResult {
    std::size_t packets = 0;     ///< complete packets delivered
    std::size_t words_read = 0;  ///< words those packets took
    bool truncated = false;      ///< the last packet announced more words than were left
    friend constexpr bool operator==(const UmpParseResult&, const UmpParseResult&) noexcept = default;
};

/// A packet cut short by the end of the words: where it starts, how many
/// words its message type calls for and how many there were.
struct UmpTruncation {
    std::size_t word_offset = 0;
    std::size_t words_needed = 0;
    std::size_t words_available = 0;
    friend constexpr bool operator==(const UmpTruncation&, const UmpTruncation&) noexcept = default;
};

/// Reads packets one at a time from a run of words (a UMP stream, a MIDI
/// 2.0 clip's data). The first word of each packet gives its size; a packet
/// that needs more words than remain is not read: next() returns an empty
/// Ump and truncated() becomes true. Words of reserved message types are
/// returned as packets of their size. Usable with range-for:
/// `for (const Ump& p : UmpReader{words})`.
/// Thread-safe: one reader per thread. Realtime-safe.
class UmpReader {
public:
    /// Reads `words`, which must outlive the reader.
    constexpr explicit UmpReader(std::span<const std::uint32_t> words) noexcept CM_NONBLOCKING : words_(words) {}

    /// The next packet, or an empty Ump at the end or at a truncated packet.
    [[nodiscard]] constexpr Ump next() noexcept CM_NONBLOCKING {
        if (at_end()) {
            return Ump{};
        }
        const Ump p = Ump::from_words(words_.subspan(offset_));
        if (p.empty()) {
            truncated_ = true;
            return p;
        }
        offset_ += p.size();
        return p;
    }
    /// No more packets: all words read or the rest is a truncated packet.
    [[nodiscard]] constexpr bool at_end() const noexcept CM_NONBLOCKING { return truncated_ || offset_ >= words_.size(); }
    /// The words after the last packet read do not hold the packet they start.
    [[nodiscard]] constexpr bool truncated() const noexcept CM_NONBLOCKING { return truncated_; }
    /// The word offset of the next packet (of the truncated one once truncated()).
    [[nodiscard]] constexpr std::size_t offset() const noexcept CM_NONBLOCKING { return offset_; }
    /// Where and how the run was cut short (meaningful once truncated()).
    [[nodiscard]] constexpr UmpTruncation truncation() const noexcept CM_NONBLOCKING {
        const std::size_t left = words_.size() - offset_;
        return {offset_, left > 0 ? static_cast<std::size_t>(ump_word_count(words_[offset_])) : 0U, left};
    }

    /// Input iterator over the packets (for range-for).
    class iterator {
    public:
        using value_type = Ump;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::input_iterator_tag;
        constexpr iterator() noexcept = default;
        constexpr explicit iterator(UmpReader* r) noexcept CM_NONBLOCKING : reader_(r), current_(r->next()) {}
        [[nodiscard]] constexpr const Ump& operator*() const noexcept CM_NONBLOCKING { return current_; }
        [[nodiscard]] constexpr const Ump* operator->() const noexcept CM_NONBLOCKING { return &current_; }
        constexpr iterator& operator++() noexcept CM_NONBLOCKING {
            current_ = reader_->next();
            return *this;
        }
        constexpr void operator++(int) noexcept CM_NONBLOCKING { ++*this; }
        [[nodiscard]] friend constexpr bool operator==(const iterator& a, std::default_sentinel_t) noexcept CM_NONBLOCKING {
            return a.current_.empty();
        }

    private:
        UmpReader* reader_ = nullptr;
        Ump current_{};
    };
    /// Starts reading (from the current offset).
    [[nodiscard]] constexpr iterator begin() noexcept CM_NONBLOCKING { return iterator{this}; }
    [[nodiscard]] constexpr std::default_sentinel_t end() const noexcept CM_NONBLOCKING { return {}; }

private:
    std::span<const std::uint32_t> words_;
    std::size_t offset_ = 0;
    bool truncated_ = false;
};

/// Calls on_packet(const Ump&) for each packet of `words` in order and, if
/// the last packet is cut short, on_truncated(const UmpTruncation&) once;
/// never reads past the end. Realtime-safe when the callbacks are.
template <class OnPacket, class OnTruncated>
constexpr UmpParseResult parse_ump(std::span<const std::uint32_t> words, OnPacket&& on_packet,
                                   OnTruncated&& on_truncated) noexcept(noexcept(on_packet(Ump{})) &&
                                                                        noexcept(on_truncated(UmpTruncation{}))) {
    UmpReader reader{words};
    UmpParseResult result;
    for (Ump p = reader.next(); !p.empty(); p = reader.next()) {
        on_packet(p);
        ++result.packets;
    }
    result.words_read = reader.offset();
    if (reader.truncated()) {
        result.truncated = true;
        on_truncated(reader.truncation());
    }
    return result;
}

/// As above; a truncated last packet shows only in the result.
template <class OnPacket>
constexpr UmpParseResult parse_ump(std::span<const std::uint32_t> words,
                                   OnPacket&& on_packet) noexcept(noexcept(on_packet(Ump{}))) {
    return parse_ump(words, on_packet, [](const UmpTruncation&) noexcept {});
}

/// Up to N bytes carried by a packet (SysEx data, text).
template <std::size_t N>
struct UmpBytes {
    std::array<std::uint8_t, N> data{};
    std::size_t size = 0;
    /// The size bytes.
    [[nodiscard]] constexpr std::span<const std::uint8_t> span() const noexcept CM_NONBLOCKING { return {data.data(), size}; }
    /// The bytes as text (UTF-8).
    [[nodiscard]] std::string_view text() const noexcept CM_NONBLOCKING {
        return {reinterpret_cast<const char*>(data.data()), size};
    }
    friend constexpr bool operator==(const UmpBytes&, const UmpBytes&) noexcept = default;
};

namespace detail::ump {
[[nodiscard]] constexpr int field(std::uint32_t word, unsigned shift, std::uint32_t mask) noexcept CM_NONBLOCKING {
    return static_cast<int>((word >> shift) & mask);
}
// 4-bit two's complement to int.
[[nodiscard]] constexpr int signed4(std::uint32_t nibble) noexcept CM_NONBLOCKING {
    return nibble >= 8 ? static_cast<int>(nibble) - 16 : static_cast<int>(nibble);
}
// Byte i (0-based, big-endian across words first..3) of a packet.
[[nodiscard]] constexpr std::uint8_t packet_byte(const Ump& p, std::size_t first_word, std::size_t i) noexcept CM_NONBLOCKING {
    const std::size_t w = first_word + i / 4;
    return static_cast<std::uint8_t>(p.word(w) >> (24 - 8 * (i % 4)));
}
} // namespace detail::ump

// Typed views: each one's of() gives the view when the packet has its
// message type and nothing otherwise; the accessors read the fields as the
// matching builder in ump_builders.hpp writes them. They never fail on odd
// field values (a reserved status, a byte count above the maximum): they
// report what the bits say, and say how in their docs.
// Thread-safe: value types. Realtime-safe: everything; all but message()
// are marked CM_NONBLOCKING (message() goes through the error_code overload
// of MidiMessage::from_bytes, which neither allocates nor throws but whose
// std::error_code is not declared nonblocking by libstdc++).

/// Utility messages (type 0x0).
class UtilityView {
public:
    [[nodiscard]] static constexpr std::optional<UtilityView> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::Utility && !p.empty() ? std::optional{UtilityView{p}} : std::nullopt;
    }
    /// Bits 23-20 (values past DeltaClockstamp are reserved).
    [[nodiscard]] constexpr UtilityStatus status() const noexcept CM_NONBLOCKING {
        return static_cast<UtilityStatus>(detail::ump::field(p_.word(0), 20, 0xF));
    }
    /// The 16-bit time (JR clock, JR timestamp) or ticks per quarter note (DCTPQ).
    [[nodiscard]] constexpr std::uint16_t value16() const noexcept CM_NONBLOCKING { return static_cast<std::uint16_t>(p_.word(0)); }
    /// The 20-bit tick count of a Delta Clockstamp.
    [[nodiscard]] constexpr std::uint32_t ticks() const noexcept CM_NONBLOCKING { return p_.word(0) & 0xFFFFFU; }

private:
    constexpr explicit UtilityView(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// System common and real-time messages (type 0x1).
class SystemView {
public:
    [[nodiscard]] static constexpr std::optional<SystemView> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::System ? std::optional{SystemView{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return p_.group(); }
    /// The status byte (0xF1 .. 0xFF).
    [[nodiscard]] constexpr int status() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 16, 0xFF); }
    [[nodiscard]] constexpr int data1() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    [[nodiscard]] constexpr int data2() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 0, 0xFF); }
    /// The MIDI 1.0 message, or nothing when the status is not a system
    /// common/real-time one or a data byte it takes is above 127.
    [[nodiscard]] std::optional<MidiMessage> message() const noexcept {
        const int n = message_size(static_cast<std::uint8_t>(status()));
        if (n == 0 || status() < 0xF0) {
            return std::nullopt;
        }
        const std::array<std::uint8_t, 3> b{static_cast<std::uint8_t>(status()), static_cast<std::uint8_t>(data1()),
                                            static_cast<std::uint8_t>(data2())};
        std::error_code ec;
        const MidiMessage m = MidiMessage::from_bytes(std::span{b.data(), static_cast<std::size_t>(n)}, ec);
        return ec ? std::nullopt : std::optional{m};
    }

private:
    constexpr explicit SystemView(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// MIDI 1.0 channel voice messages (type 0x2).
class Midi1View {
public:
    [[nodiscard]] static constexpr std::optional<Midi1View> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::Midi1ChannelVoice ? std::optional{Midi1View{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return p_.group(); }
    /// The status nibble: 0x8 (note off) .. 0xE (pitch bend); others are invalid.
    [[nodiscard]] constexpr int status() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 20, 0xF); }
    [[nodiscard]] constexpr int channel() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 16, 0xF); }
    [[nodiscard]] constexpr int data1() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    [[nodiscard]] constexpr int data2() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 0, 0xFF); }
    /// The MIDI 1.0 message, or nothing for a status nibble outside 8..E or a data byte above 127.
    [[nodiscard]] std::optional<MidiMessage> message() const noexcept {
        if (status() < 0x8 || status() > 0xE) {
            return std::nullopt;
        }
        const auto s = static_cast<std::uint8_t>(status() << 4 | channel());
        const std::array<std::uint8_t, 3> b{s, static_cast<std::uint8_t>(data1()), static_cast<std::uint8_t>(data2())};
        std::error_code ec;
        const MidiMessage m =
            MidiMessage::from_bytes(std::span{b.data(), static_cast<std::size_t>(message_size(s))}, ec);
        return ec ? std::nullopt : std::optional{m};
    }

private:
    constexpr explicit Midi1View(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// SysEx7 packets (type 0x3).
class Sysex7View {
public:
    [[nodiscard]] static constexpr std::optional<Sysex7View> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::Data64 ? std::optional{Sysex7View{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return p_.group(); }
    /// Bits 23-20; values 4..15 are reserved and returned as they are.
    [[nodiscard]] constexpr PacketForm form() const noexcept CM_NONBLOCKING {
        return static_cast<PacketForm>(detail::ump::field(p_.word(0), 20, 0xF));
    }
    /// The byte count field, 0..15 (valid: 0..6).
    [[nodiscard]] constexpr int byte_count() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 16, 0xF); }
    /// Form 0..3, count 0..6 and every counted byte 0..127.
    [[nodiscard]] constexpr bool valid() const noexcept CM_NONBLOCKING {
        if (static_cast<int>(form()) > 3 || byte_count() > 6) {
            return false;
        }
        const UmpBytes<6> b6 = bytes();
        for (const std::uint8_t b : b6.span()) {
            if (b > 0x7F) {
                return false;
            }
        }
        return true;
    }
    /// The counted bytes (at most 6 even if the count says more).
    [[nodiscard]] constexpr UmpBytes<6> bytes() const noexcept CM_NONBLOCKING {
        UmpBytes<6> out;
        out.size = static_cast<std::size_t>(byte_count() > 6 ? 6 : byte_count());
        for (std::size_t i = 0; i < out.size; ++i) {
            out.data[i] = detail::ump::packet_byte(p_, 0, i + 2);
        }
        return out;
    }

private:
    constexpr explicit Sysex7View(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// MIDI 2.0 channel voice messages (type 0x4). Which accessors mean
/// something depends on opcode(); the others read the same bits under another name.
class Midi2View {
public:
    [[nodiscard]] static constexpr std::optional<Midi2View> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::Midi2ChannelVoice ? std::optional{Midi2View{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return p_.group(); }
    /// Bits 23-20 (0x7 is unassigned).
    [[nodiscard]] constexpr Midi2Opcode opcode() const noexcept CM_NONBLOCKING {
        return static_cast<Midi2Opcode>(detail::ump::field(p_.word(0), 20, 0xF));
    }
    [[nodiscard]] constexpr int channel() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 16, 0xF); }
    /// Note messages, per-note controllers and management, per-note pitch
    /// bend: the note (bits 15-8). Also the controller index of a control change.
    [[nodiscard]] constexpr int note() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    /// Control change: the controller index (bits 15-8).
    [[nodiscard]] constexpr int controller() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    /// Per-note controllers: the controller index (bits 7-0); registered and
    /// assignable controllers: the index, the RPN/NRPN LSB (bits 7-0).
    [[nodiscard]] constexpr int index() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 0, 0xFF); }
    /// Registered and assignable controllers: the bank, the RPN/NRPN MSB (bits 15-8).
    [[nodiscard]] constexpr int bank() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    /// Note messages: the attribute type (bits 7-0).
    [[nodiscard]] constexpr NoteAttribute attribute_type() const noexcept CM_NONBLOCKING {
        return static_cast<NoteAttribute>(detail::ump::field(p_.word(0), 0, 0xFF));
    }
    /// Note messages: the 16-bit velocity.
    [[nodiscard]] constexpr std::uint16_t velocity() const noexcept CM_NONBLOCKING { return static_cast<std::uint16_t>(p_.word(1) >> 16); }
    /// Note messages: the 16-bit attribute data.
    [[nodiscard]] constexpr std::uint16_t attribute() const noexcept CM_NONBLOCKING { return static_cast<std::uint16_t>(p_.word(1)); }
    /// The 32-bit data word: pressure, controller value, pitch bend.
    [[nodiscard]] constexpr std::uint32_t value() const noexcept CM_NONBLOCKING { return p_.word(1); }
    /// Relative controllers: the data word as a signed change.
    [[nodiscard]] constexpr std::int32_t relative_value() const noexcept CM_NONBLOCKING {
        return static_cast<std::int32_t>(p_.word(1));
    }
    /// Program change: the program (bits 31-24 of word 1).
    [[nodiscard]] constexpr int program() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 24, 0xFF); }
    /// Program change: option flag B, the bank fields are valid.
    [[nodiscard]] constexpr bool bank_valid() const noexcept CM_NONBLOCKING { return (p_.word(0) & 1U) != 0; }
    [[nodiscard]] constexpr int bank_msb() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 8, 0xFF); }
    [[nodiscard]] constexpr int bank_lsb() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 0, 0xFF); }
    /// Per-note management: option flag D (detach per-note controllers).
    [[nodiscard]] constexpr bool detach() const noexcept CM_NONBLOCKING { return (p_.word(0) & 2U) != 0; }
    /// Per-note management: option flag S (reset per-note controllers).
    [[nodiscard]] constexpr bool reset() const noexcept CM_NONBLOCKING { return (p_.word(0) & 1U) != 0; }

private:
    constexpr explicit Midi2View(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// Data 128 messages (type 0x5): SysEx8 and the Mixed Data Set.
class Data128View {
public:
    [[nodiscard]] static constexpr std::optional<Data128View> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::Data128 ? std::optional{Data128View{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return p_.group(); }
    /// Bits 23-20 (values other than the enumerators are reserved).
    [[nodiscard]] constexpr Data128Status status() const noexcept CM_NONBLOCKING {
        return static_cast<Data128Status>(detail::ump::field(p_.word(0), 20, 0xF));
    }
    /// Status 0..3.
    [[nodiscard]] constexpr bool is_sysex8() const noexcept CM_NONBLOCKING { return static_cast<int>(status()) <= 3; }
    /// SysEx8: the packet form (the status).
    [[nodiscard]] constexpr PacketForm form() const noexcept CM_NONBLOCKING { return static_cast<PacketForm>(status()); }
    /// SysEx8: the byte count field, stream id included (valid: 1..14).
    [[nodiscard]] constexpr int byte_count() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 16, 0xF); }
    /// SysEx8: the stream id.
    [[nodiscard]] constexpr int stream_id() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    /// SysEx8: the data bytes after the stream id (byte_count() - 1 of them, at most 13).
    [[nodiscard]] constexpr UmpBytes<13> sysex8_bytes() const noexcept CM_NONBLOCKING {
        UmpBytes<13> out;
        const int n = byte_count() - 1;
        out.size = static_cast<std::size_t>(n < 0 ? 0 : n > 13 ? 13 : n);
        for (std::size_t i = 0; i < out.size; ++i) {
            out.data[i] = detail::ump::packet_byte(p_, 0, i + 3);
        }
        return out;
    }
    /// Mixed Data Set: the id 0..15.
    [[nodiscard]] constexpr int mds_id() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 16, 0xF); }
    /// Mixed Data Set Header: the fields.
    [[nodiscard]] constexpr MixedDataSetHeader mds_header() const noexcept CM_NONBLOCKING {
        const auto hi = [](std::uint32_t w) { return static_cast<std::uint16_t>(w >> 16); };
        const auto lo = [](std::uint32_t w) { return static_cast<std::uint16_t>(w); };
        return {lo(p_.word(0)), hi(p_.word(1)), lo(p_.word(1)), hi(p_.word(2)),
                lo(p_.word(2)), hi(p_.word(3)), lo(p_.word(3))};
    }
    /// Mixed Data Set Payload: the 14 payload bytes (a payload packet has no count).
    [[nodiscard]] constexpr std::array<std::uint8_t, 14> mds_payload() const noexcept CM_NONBLOCKING {
        std::array<std::uint8_t, 14> out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = detail::ump::packet_byte(p_, 0, i + 2);
        }
        return out;
    }

private:
    constexpr explicit Data128View(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// Flex data messages (type 0xD).
class FlexView {
public:
    [[nodiscard]] static constexpr std::optional<FlexView> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::FlexData ? std::optional{FlexView{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return p_.group(); }
    [[nodiscard]] constexpr PacketForm form() const noexcept CM_NONBLOCKING {
        return static_cast<PacketForm>(detail::ump::field(p_.word(0), 22, 0x3));
    }
    /// The address field: 0 channel, 1 whole group (2, 3 reserved).
    [[nodiscard]] constexpr int address() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 20, 0x3); }
    /// The channel 0..15, or flex_whole_group when address() is not 0.
    [[nodiscard]] constexpr int channel() const noexcept CM_NONBLOCKING {
        return address() == 0 ? detail::ump::field(p_.word(0), 16, 0xF) : flex_whole_group;
    }
    [[nodiscard]] constexpr int bank() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    [[nodiscard]] constexpr int status() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 0, 0xFF); }
    /// Bank 0, status 0 (Set Tempo): 10 ns units per quarter note.
    [[nodiscard]] constexpr std::uint32_t tempo() const noexcept CM_NONBLOCKING { return p_.word(1); }
    /// Set Time Signature: the numerator.
    [[nodiscard]] constexpr int numerator() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 24, 0xFF); }
    /// Set Time Signature: the denominator as a power of two.
    [[nodiscard]] constexpr int denominator_power() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 16, 0xFF); }
    /// Set Time Signature: the number of 1/32 notes.
    [[nodiscard]] constexpr int thirty_seconds() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 8, 0xFF); }
    /// Set Metronome: the fields.
    [[nodiscard]] constexpr Metronome metronome() const noexcept CM_NONBLOCKING {
        const auto b = [this](std::size_t w, unsigned shift) { return static_cast<std::uint8_t>(p_.word(w) >> shift); };
        return {b(1, 24), {b(1, 16), b(1, 8), b(1, 0)}, {b(2, 24), b(2, 16)}};
    }
    /// Set Key Signature: sharps (positive) or flats (negative), -8..7.
    [[nodiscard]] constexpr int sharps_flats() const noexcept CM_NONBLOCKING { return detail::ump::signed4(p_.word(1) >> 28); }
    /// Set Key Signature: the tonic (0 unknown, 1..7 = A..G).
    [[nodiscard]] constexpr int tonic() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(1), 24, 0xF); }
    /// Set Chord Name: the fields.
    [[nodiscard]] constexpr ChordName chord_name() const noexcept CM_NONBLOCKING {
        const auto alt = [this](std::size_t w, unsigned shift) {
            return ChordAlteration{static_cast<std::uint8_t>((p_.word(w) >> (shift + 4)) & 0xFU),
                                   static_cast<std::uint8_t>((p_.word(w) >> shift) & 0xFU)};
        };
        ChordName c;
        c.tonic_sharps_flats = detail::ump::signed4(p_.word(1) >> 28);
        c.tonic = detail::ump::field(p_.word(1), 24, 0xF);
        c.chord_type = detail::ump::field(p_.word(1), 16, 0xFF);
        c.alterations = {alt(1, 8), alt(1, 0), alt(2, 24), alt(2, 16)};
        c.bass_sharps_flats = detail::ump::signed4(p_.word(3) >> 28);
        c.bass_note = detail::ump::field(p_.word(3), 24, 0xF);
        c.bass_chord_type = detail::ump::field(p_.word(3), 16, 0xFF);
        c.bass_alterations = {alt(3, 8), alt(3, 0)};
        return c;
    }
    /// Text banks: the bytes of words 1-3, up to the first zero byte (the padding).
    [[nodiscard]] constexpr UmpBytes<12> text() const noexcept CM_NONBLOCKING {
        UmpBytes<12> out;
        for (std::size_t i = 0; i < 12; ++i) {
            const std::uint8_t b = detail::ump::packet_byte(p_, 1, i);
            if (b == 0) {
                break;
            }
            out.data[out.size++] = b;
        }
        return out;
    }

private:
    constexpr explicit FlexView(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// UMP stream messages (type 0xF).
class StreamView {
public:
    [[nodiscard]] static constexpr std::optional<StreamView> of(const Ump& p) noexcept CM_NONBLOCKING {
        return p.type() == UmpMessageType::Stream ? std::optional{StreamView{p}} : std::nullopt;
    }
    [[nodiscard]] constexpr PacketForm form() const noexcept CM_NONBLOCKING {
        return static_cast<PacketForm>(detail::ump::field(p_.word(0), 26, 0x3));
    }
    /// The 10-bit status (values other than the enumerators are reserved).
    [[nodiscard]] constexpr StreamStatus status() const noexcept CM_NONBLOCKING {
        return static_cast<StreamStatus>(detail::ump::field(p_.word(0), 16, 0x3FF));
    }
    /// Endpoint discovery and info: the UMP version.
    [[nodiscard]] constexpr int version_major() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    [[nodiscard]] constexpr int version_minor() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 0, 0xFF); }
    /// Endpoint discovery: the filter bits (word 1); function block discovery: bits 7-0 of word 0.
    [[nodiscard]] constexpr std::uint8_t filter() const noexcept CM_NONBLOCKING {
        return status() == StreamStatus::FunctionBlockDiscovery ? static_cast<std::uint8_t>(p_.word(0))
                                                                : static_cast<std::uint8_t>(p_.word(1));
    }
    /// Endpoint Info Notification: the fields.
    [[nodiscard]] constexpr EndpointInfo endpoint_info() const noexcept CM_NONBLOCKING {
        const std::uint32_t w = p_.word(1);
        return {version_major(),      version_minor(),      (w >> 31) != 0,       detail::ump::field(w, 24, 0x7F),
                ((w >> 9) & 1U) != 0, ((w >> 8) & 1U) != 0, ((w >> 1) & 1U) != 0, (w & 1U) != 0};
    }
    /// Device Identity Notification: the fields.
    [[nodiscard]] constexpr DeviceIdentity device_identity() const noexcept CM_NONBLOCKING {
        const auto b = [this](std::size_t w, unsigned shift) {
            return static_cast<std::uint8_t>((p_.word(w) >> shift) & 0x7FU);
        };
        DeviceIdentity d;
        d.manufacturer = {b(1, 16), b(1, 8), b(1, 0)};
        d.family = static_cast<std::uint16_t>(b(2, 24) | b(2, 16) << 7);
        d.model = static_cast<std::uint16_t>(b(2, 8) | b(2, 0) << 7);
        d.software_revision = {b(3, 24), b(3, 16), b(3, 8), b(3, 0)};
        return d;
    }
    /// Stream configuration request and notification: the protocol.
    [[nodiscard]] constexpr UmpProtocol protocol() const noexcept CM_NONBLOCKING {
        return static_cast<UmpProtocol>(detail::ump::field(p_.word(0), 8, 0xFF));
    }
    [[nodiscard]] constexpr bool receive_jr() const noexcept CM_NONBLOCKING { return (p_.word(0) & 2U) != 0; }
    [[nodiscard]] constexpr bool transmit_jr() const noexcept CM_NONBLOCKING { return (p_.word(0) & 1U) != 0; }
    /// Function block discovery and name: the block number (bits 15-8).
    [[nodiscard]] constexpr int block() const noexcept CM_NONBLOCKING { return detail::ump::field(p_.word(0), 8, 0xFF); }
    /// Function Block Info Notification: the fields.
    [[nodiscard]] constexpr FunctionBlockInfo function_block_info() const noexcept CM_NONBLOCKING {
        const std::uint32_t w0 = p_.word(0);
        const std::uint32_t w1 = p_.word(1);
        return {((w0 >> 15) & 1U) != 0,     detail::ump::field(w0, 8, 0x7F),  detail::ump::field(w0, 4, 0x3),
                detail::ump::field(w0, 2, 0x3),  detail::ump::field(w0, 0, 0x3),   detail::ump::field(w1, 24, 0xFF),
                detail::ump::field(w1, 16, 0xFF), detail::ump::field(w1, 8, 0xFF), detail::ump::field(w1, 0, 0xFF)};
    }
    /// Endpoint name and product instance id (14 bytes from bits 15-0 of
    /// word 0 on), function block name (13 bytes from bits 7-0 of word 0
    /// on): the text up to the first zero byte (the padding). Empty for other statuses.
    [[nodiscard]] constexpr UmpBytes<14> text() const noexcept CM_NONBLOCKING {
        UmpBytes<14> out;
        std::size_t first = 0;  // byte index within the 16 bytes of the packet
        std::size_t count = 0;
        switch (status()) {
        case StreamStatus::EndpointName:
        case StreamStatus::ProductInstanceId:
            first = 2;
            count = 14;
            break;
        case StreamStatus::FunctionBlockName:
            first = 3;
            count = 13;
            break;
        default: return out;
        }
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint8_t b = detail::ump::packet_byte(p_, 0, first + i);
            if (b == 0) {
                break;
            }
            out.data[out.size++] = b;
        }
        return out;
    }

private:
    constexpr explicit StreamView(const Ump& p) noexcept CM_NONBLOCKING : p_(p) {}
    Ump p_;
};

/// Puts a text sent across several packets back together: flex data text
/// (banks other than 0) and the UMP stream endpoint name, product instance
/// id and function block name. Holds up to Capacity bytes in place.
/// Thread-safe: one assembler per thread. Realtime-safe.
template <std::size_t Capacity>
class UmpTextAssembler {
public:
    /// What add() made of a packet.
    enum class Result : std::uint8_t {
        Incomplete,  ///< a Start or Continue packet was taken; more to come
        Complete,    ///< text() now holds a whole text
        Overflow,    ///< the text exceeded Capacity; it is dropped
        Unexpected,  ///< a Continue/End without a Start, or of another message than the one begun; dropped
        NotText,     ///< not a text message; ignored
    };

    /// Takes one packet. A Start while a text is in progress drops that text
    /// and begins the new one (the sender gave up on the old one).
    constexpr Result add(const Ump& p) noexcept CM_NONBLOCKING {
        std::uint32_t key = 0;
        UmpBytes<14> bytes;
        PacketForm form = PacketForm::Complete;
        // The key is the first word without its form bits: packets of one
        // text agree on everything else (group, channel, bank, status, block).
        if (const auto f = FlexView::of(p); f && f->bank() != 0) {
            const UmpBytes<12> t = f->text();
            bytes.size = t.size;
            for (std::size_t i = 0; i < t.size; ++i) {
                bytes.data[i] = t.data[i];
            }
            form = f->form();
            key = p.word(0) & 0xFF3FFFFFU;
        } else if (const auto s = StreamView::of(p); s && (s->status() == StreamStatus::EndpointName ||
                                                           s->status() == StreamStatus::ProductInstanceId ||
                                                           s->status() == StreamStatus::FunctionBlockName)) {
            bytes = s->text();
            form = s->form();
            key = p.word(0) & (s->status() == StreamStatus::FunctionBlockName ? 0xF3FFFF00U : 0xF3FF0000U);
        } else {
            return Result::NotText;
        }
        if (form == PacketForm::Complete || form == PacketForm::Start) {
            size_ = 0;
            complete_ = 0;
            key_ = key;
            active_ = true;
        } else if (!active_ || key != key_) {
            active_ = false;
            size_ = 0;
            complete_ = 0;
            return Result::Unexpected;
        }
        if (size_ + bytes.size > Capacity) {
            active_ = false;
            size_ = 0;
            complete_ = 0;
            return Result::Overflow;
        }
        for (std::size_t i = 0; i < bytes.size; ++i) {
            buffer_[size_++] = static_cast<char>(bytes.data[i]);
        }
        if (form == PacketForm::Complete || form == PacketForm::End) {
            active_ = false;
            complete_ = size_;
            return Result::Complete;
        }
        return Result::Incomplete;
    }
    /// The text add() last reported Complete; empty once another text
    /// begins or an error drops one.
    [[nodiscard]] constexpr std::string_view text() const noexcept CM_NONBLOCKING { return {buffer_.data(), complete_}; }
    /// Forgets any text in progress.
    constexpr void reset() noexcept CM_NONBLOCKING {
        active_ = false;
        size_ = 0;
        complete_ = 0;
    }

private:
    std::array<char, Capacity> buffer_{};
    std::size_t size_ = 0;
    std::size_t complete_ = 0;
    std::uint32_t key_ = 0;
    bool active_ = false;
};

} // namespace cm::midi
