// coremusic/midi/ump.hpp
// The Universal MIDI Packet of MIDI 2.0: one to four 32-bit words whose first
// nibble, the message type, fixes the size. MIDI 1.0 and MIDI 2.0 both travel in it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <coremusic/core/config.hpp>

namespace cm::midi {

/// The message type: the top nibble of a packet's first word (M2-104-UM
/// v1.1, section 2.1.4, Message Type allocation). Types marked reserved
/// have a size but no messages yet; they must be skipped by their size.
enum class UmpMessageType : std::uint8_t {
    Utility = 0x0,            ///< 32 bits: NOOP, jitter-reduction clock and timestamp, delta clockstamps
    System = 0x1,             ///< 32 bits: MIDI 1.0 system common and real-time (no SysEx)
    Midi1ChannelVoice = 0x2,  ///< 32 bits: MIDI 1.0 channel voice messages
    Data64 = 0x3,             ///< 64 bits: System Exclusive 7-bit (SysEx7)
    Midi2ChannelVoice = 0x4,  ///< 64 bits: MIDI 2.0 channel voice messages
    Data128 = 0x5,            ///< 128 bits: System Exclusive 8-bit and Mixed Data Set
    Reserved6 = 0x6,          ///< 32 bits, reserved
    Reserved7 = 0x7,          ///< 32 bits, reserved
    Reserved8 = 0x8,          ///< 64 bits, reserved
    Reserved9 = 0x9,          ///< 64 bits, reserved
    ReservedA = 0xA,          ///< 64 bits, reserved
    ReservedB = 0xB,          ///< 96 bits, reserved
    ReservedC = 0xC,          ///< 96 bits, reserved
    FlexData = 0xD,           ///< 128 bits: tempo, time and key signature, metronome, chord names, text
    ReservedE = 0xE,          ///< 128 bits, reserved
    Stream = 0xF,             ///< 128 bits: UMP stream (endpoint and function block discovery, clips)
};

/// Where a packet sits in a message spread over several packets: the
/// "status" of SysEx7 and SysEx8 packets and the "format"/"form" field of
/// flex data and UMP stream text messages, which all use these values.
enum class PacketForm : std::uint8_t {
    Complete = 0,  ///< the whole message is in this packet
    Start = 1,     ///< the first packet of several
    Continue = 2,  ///< neither first nor last
    End = 3,       ///< the last packet of several
};

/// The number of 32-bit words of a packet of this type: 1 for 0x0-0x2 and
/// 0x6-0x7, 2 for 0x3-0x4 and 0x8-0xA, 3 for 0xB-0xC, 4 for 0x5 and 0xD-0xF.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr int ump_word_count(UmpMessageType type) noexcept CM_NONBLOCKING {
    // Indexed by the type nibble, from the allocation table.
    constexpr std::array<std::uint8_t, 16> words{1, 1, 1, 2, 2, 4, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4};
    return words[static_cast<std::size_t>(type) & 0x0FU];
}

/// The number of words of the packet that starts with this word.
/// Thread-safe. Realtime-safe.
[[nodiscard]] constexpr int ump_word_count(std::uint32_t first_word) noexcept CM_NONBLOCKING {
    return ump_word_count(static_cast<UmpMessageType>(first_word >> 28));
}

/// One Universal MIDI Packet: up to four words, the size the message type
/// of its first word calls for. A default Ump is empty (no packet, size 0),
/// which is also what the builders return for out-of-range arguments; note
/// that a NOOP utility message is a one-word packet of zero, not an empty Ump.
/// Words past size() are always zero, so equal packets compare equal.
/// Thread-safe: a value type. Realtime-safe: everything.
class Ump {
public:
    /// The most words a packet has.
    static constexpr std::size_t max_words = 4;

    /// Empty: no packet.
    constexpr Ump() noexcept = default;

    /// The packet whose first word is w0. Only as many of w0..w3 are kept as
    /// the message type of w0 calls for (ump_word_count); the rest are dropped.
    constexpr explicit Ump(std::uint32_t w0, std::uint32_t w1 = 0, std::uint32_t w2 = 0, std::uint32_t w3 = 0) noexcept CM_NONBLOCKING
        : size_(static_cast<std::uint8_t>(ump_word_count(w0))) {
        const std::array<std::uint32_t, 4> in{w0, w1, w2, w3};
        for (std::size_t i = 0; i < size_; ++i) {
            words_[i] = in[i];
        }
    }

    /// The packet at the start of `words`, or an empty Ump when `words` is
    /// empty or shorter than the packet its first word announces. Words
    /// after the packet are not read.
    [[nodiscard]] static constexpr Ump from_words(std::span<const std::uint32_t> words) noexcept CM_NONBLOCKING {
        if (words.empty()) {
            return Ump{};
        }
        const auto n = static_cast<std::size_t>(ump_word_count(words[0]));
        if (words.size() < n) {
            return Ump{};
        }
        return Ump{words[0], n > 1 ? words[1] : 0U, n > 2 ? words[2] : 0U, n > 3 ? words[3] : 0U};
    }

    /// True for the empty Ump (no packet).
    [[nodiscard]] constexpr bool empty() const noexcept CM_NONBLOCKING { return size_ == 0; }
    /// The number of words: 1 to 4, or 0 when empty.
    [[nodiscard]] constexpr std::size_t size() const noexcept CM_NONBLOCKING { return size_; }
    /// The packet size in bits: 32, 64, 96 or 128 (0 when empty).
    [[nodiscard]] constexpr std::size_t size_bits() const noexcept CM_NONBLOCKING { return std::size_t{32} * size_; }

    /// The message type (the top nibble of the first word). Utility for an empty Ump.
    [[nodiscard]] constexpr UmpMessageType type() const noexcept CM_NONBLOCKING {
        return static_cast<UmpMessageType>(words_[0] >> 28);
    }
    /// The group 0..15 (bits 27-24 of the first word). Utility and UMP
    /// stream messages have no group (the field is reserved in them); see has_group().
    [[nodiscard]] constexpr int group() const noexcept CM_NONBLOCKING { return static_cast<int>((words_[0] >> 24) & 0x0FU); }
    /// False for utility and UMP stream messages, which are groupless.
    [[nodiscard]] constexpr bool has_group() const noexcept CM_NONBLOCKING {
        return !empty() && type() != UmpMessageType::Utility && type() != UmpMessageType::Stream;
    }
    /// True for the reserved message types 0x6-0xC and 0xE.
    [[nodiscard]] constexpr bool is_reserved_type() const noexcept CM_NONBLOCKING {
        const auto t = static_cast<unsigned>(type());
        return !empty() && ((t >= 0x6 && t <= 0xC) || t == 0xE);
    }

    /// Word i (0..3); words past size() are zero.
    [[nodiscard]] constexpr std::uint32_t word(std::size_t i) const noexcept CM_NONBLOCKING { return i < max_words ? words_[i] : 0U; }
    /// The size() words of the packet.
    [[nodiscard]] constexpr std::span<const std::uint32_t> words() const noexcept CM_NONBLOCKING { return {words_.data(), size_}; }

    /// Same size and words.
    [[nodiscard]] friend constexpr bool operator==(const Ump&, const Ump&) noexcept = default;

private:
    std::array<std::uint32_t, max_words> words_{};
    std::uint8_t size_ = 0;
};

} // namespace cm::midi
