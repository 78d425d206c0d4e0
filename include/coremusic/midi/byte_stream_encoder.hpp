// coremusic/midi/byte_stream_encoder.hpp
// Writes MIDI 1.0 messages and System Exclusive as wire bytes into caller
// buffers, optionally with running status, and cuts SysEx into fixed-size packets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include <coremusic/core/config.hpp>
#include <coremusic/midi/byte_stream_decoder.hpp>
#include <coremusic/midi/message.hpp>

namespace cm::midi {

/// True when every byte is a data byte (below 0x80), as a SysEx payload
/// between F0 and F7 must be. Thread-safe. Realtime-safe.
[[nodiscard]] constexpr bool is_valid_sysex_payload(std::span<const std::uint8_t> payload) noexcept {
    return std::all_of(payload.begin(), payload.end(), [](std::uint8_t b) { return b < 0x80; });
}

/// Encodes messages as MIDI 1.0 wire bytes (MIDI 1.0 Detailed Specification,
/// document version 4.2, "Data Format" and "Running Status"). With running status on, a channel message whose status equals the
/// previous channel message's is written without its status byte. Running
/// status follows the specification's rule for receivers, so any conforming
/// decoder reads the output back: it is forgotten after a system common
/// message (F1-F7) and after SysEx, and kept across real-time messages
/// (F8-FF), which may also be written inside a SysEx.
/// Every encode writes all of its bytes or, when `out` is too small, none
/// and returns 0 with the running status unchanged (a message always takes
/// at least one byte, so 0 always means "did not fit" or "invalid").
/// Thread-safety: one instance per output stream and thread.
/// Realtime-safe: every member.
class ByteStreamEncoder {
public:
    /// The most bytes one MidiMessage takes.
    static constexpr std::size_t max_message_size = 3;

    /// An encoder that writes every status byte (false) or uses running status (true).
    constexpr explicit ByteStreamEncoder(bool running_status = false) noexcept : running_(running_status) {}

    /// Whether running status is used.
    [[nodiscard]] constexpr bool uses_running_status() const noexcept { return running_; }

    /// Forgets the running status: the next channel message is written with
    /// its status byte. Call it whenever the receiver may have lost track
    /// (a new connection, bytes dropped).
    constexpr void reset() noexcept { last_status_ = 0; }

    /// The number of bytes encode(m) writes now (1 to 3).
    [[nodiscard]] constexpr std::size_t encoded_size(const MidiMessage& m) const noexcept {
        const auto n = static_cast<std::size_t>(m.size());
        return omits_status(m) ? n - 1 : n;
    }

    /// Writes m into out; returns the bytes written, or 0 when out is too small.
    [[nodiscard]] constexpr std::size_t encode(const MidiMessage& m, std::span<std::uint8_t> out) noexcept CM_NONBLOCKING {
        const std::size_t n = encoded_size(m);
        if (out.size() < n) {
            return 0;
        }
        const std::span<const std::uint8_t> bytes = m.bytes();
        const std::size_t skip = bytes.size() - n;
        std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(skip), bytes.end(), out.begin());
        if (m.is_channel_message()) {
            last_status_ = m.status();
        } else if (!m.is_realtime()) {
            last_status_ = 0;
        }
        return n;
    }

    /// Writes a whole SysEx: F0, the payload, F7 (payload.size() + 2 bytes);
    /// 0 when out is too small or a payload byte is 0x80 or above. Forgets
    /// the running status.
    [[nodiscard]] constexpr std::size_t encode_sysex(std::span<const std::uint8_t> payload,
                                                     std::span<std::uint8_t> out) noexcept CM_NONBLOCKING {
        if (out.size() < payload.size() + 2 || !is_valid_sysex_payload(payload)) {
            return 0;
        }
        out[0] = 0xF0;
        std::copy(payload.begin(), payload.end(), out.begin() + 1);
        out[payload.size() + 1] = 0xF7;
        last_status_ = 0;
        return payload.size() + 2;
    }

    /// The bytes encode_sysex_chunk(c) writes: F0 when c.first, the data,
    /// F7 when c.last and not c.aborted (an aborted SysEx was ended by the
    /// status byte that follows it, which the caller writes next).
    [[nodiscard]] static constexpr std::size_t sysex_chunk_size(const SysExChunk& c) noexcept {
        return c.data.size() + (c.first ? 1U : 0U) + (c.last && !c.aborted ? 1U : 0U);
    }

    /// Writes one SysEx chunk as a decoder delivered it (see
    /// sysex_chunk_size), so decoder -> encoder reproduces the SysEx bytes.
    /// Returns the bytes written, or 0 when out is too small or a data byte
    /// is 0x80 or above; a chunk that writes nothing at all (empty, neither
    /// first nor last-and-complete) also returns 0. Forgets the running status.
    [[nodiscard]] constexpr std::size_t encode_sysex_chunk(const SysExChunk& c,
                                                           std::span<std::uint8_t> out) noexcept CM_NONBLOCKING {
        const std::size_t n = sysex_chunk_size(c);
        if (out.size() < n || !is_valid_sysex_payload(c.data)) {
            return 0;
        }
        std::size_t i = 0;
        if (c.first) {
            out[i++] = 0xF0;
        }
        std::copy(c.data.begin(), c.data.end(), out.begin() + static_cast<std::ptrdiff_t>(i));
        i += c.data.size();
        if (c.last && !c.aborted) {
            out[i++] = 0xF7;
        }
        last_status_ = 0;
        return i;
    }

private:
    [[nodiscard]] constexpr bool omits_status(const MidiMessage& m) const noexcept {
        return running_ && m.is_channel_message() && m.status() == last_status_;
    }

    bool running_ = false;
    std::uint8_t last_status_ = 0;
};

/// Cuts one SysEx, as wire bytes F0 payload F7, into packets of at most
/// packet_size bytes, for transports with a packet limit (a CoreMIDI
/// packet list, a BLE-MIDI or USB buffer). Packet k holds bytes
/// [k * packet_size, (k + 1) * packet_size) of the wire form; every packet
/// but the last is full. The payload is referenced, not copied: it must
/// outlive the packetizer.
/// Thread-safety: one instance per thread. Realtime-safe: every member.
class SysExPacketizer {
public:
    /// Packets of packet_size bytes (0 is taken as 1) of F0 payload F7.
    constexpr SysExPacketizer(std::span<const std::uint8_t> payload, std::size_t packet_size) noexcept
        : payload_(payload), packet_size_(packet_size == 0 ? 1 : packet_size) {}

    /// The wire size: payload.size() + 2.
    [[nodiscard]] constexpr std::size_t total_size() const noexcept { return payload_.size() + 2; }
    /// How many packets there are: ceil(total_size() / packet_size).
    [[nodiscard]] constexpr std::size_t packet_count() const noexcept {
        return (total_size() + packet_size_ - 1) / packet_size_;
    }
    /// False when the payload has a byte 0x80 or above (next() then writes nothing).
    [[nodiscard]] constexpr bool valid() const noexcept { return is_valid_sysex_payload(payload_); }
    /// True when every packet has been written.
    [[nodiscard]] constexpr bool done() const noexcept { return position_ >= total_size() || !valid(); }

    /// Writes the next packet into out; returns its size, or 0 when done,
    /// invalid, or out is smaller than the packet (nothing is consumed then).
    [[nodiscard]] constexpr std::size_t next(std::span<std::uint8_t> out) noexcept CM_NONBLOCKING {
        if (done()) {
            return 0;
        }
        const std::size_t n = std::min(packet_size_, total_size() - position_);
        if (out.size() < n) {
            return 0;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t at = position_ + i;
            out[i] = at == 0 ? std::uint8_t{0xF0} : at == total_size() - 1 ? std::uint8_t{0xF7} : payload_[at - 1];
        }
        position_ += n;
        return n;
    }

    /// Starts again from the first packet.
    constexpr void rewind() noexcept { position_ = 0; }

private:
    std::span<const std::uint8_t> payload_;
    std::size_t packet_size_;
    std::size_t position_ = 0;
};

} // namespace cm::midi
