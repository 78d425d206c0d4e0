// coremusic/midi/byte_stream_decoder.hpp
// Turns a MIDI 1.0 byte stream (a serial port, a USB-MIDI cable, CoreMIDI packets)
// arriving in any chunking into complete messages and SysEx chunks, without allocating.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

#include <coremusic/core/config.hpp>
#include <coremusic/midi/message.hpp>

namespace cm::midi {

/// A piece of one System Exclusive message as the decoder delivers it: the
/// data bytes between F0 and F7 (neither included). A SysEx arrives as one
/// or more chunks; the first has `first` set, the last has `last` set (one
/// chunk may be both). `data` points into the decoder's buffer and is valid
/// only during the callback.
/// Thread-safe: a value type. Realtime-safe: yes.
struct SysExChunk {
    std::span<const std::uint8_t> data{}; ///< payload bytes, each below 0x80
    std::int64_t timestamp = 0;           ///< the timestamp of the push that carried the SysEx's F0
    bool first = false;                   ///< the chunk starts right after F0
    bool last = false;                    ///< the SysEx ends with this chunk (F7, or aborted)
    bool aborted = false;                 ///< ended by a status byte other than F7: the message is truncated (last is set too)
};

/// What the decoder skipped. Each is counted (ByteStreamDecoder::error_count)
/// and reported to the sink's optional error() member.
enum class DecodeError : std::uint8_t {
    StrayDataByte,        ///< a data byte (00-7F) with no status to belong to (no running status)
    UndefinedStatus,      ///< F4, F5 (cancel running status) or F9, FD (real-time: ignored in place)
    StrayEndOfExclusive,  ///< F7 outside a SysEx (cancels running status like any system common byte)
    TruncatedMessage,     ///< a status byte arrived before the data bytes of the message in progress; that message is dropped
    SysExAborted,         ///< a status byte other than F7 and real-time ended a SysEx (the spec allows it; the last chunk says aborted)
};

/// The number of DecodeError values.
inline constexpr std::size_t decode_error_kinds = 5;

/// What the decoder calls: `s.message(const MidiMessage&, std::int64_t
/// timestamp)` for every complete message (channel, system common and
/// real-time), `s.sysex(const SysExChunk&)` for SysEx data, and, when the
/// sink has it, `s.error(DecodeError, std::uint8_t byte, std::int64_t
/// timestamp)` for every skipped byte or message. For real-time use these
/// members must be noexcept and must not allocate, lock or block.
template <class S>
concept ByteStreamSink = requires(S& s, const MidiMessage& m, std::int64_t t, const SysExChunk& c) {
    s.message(m, t);
    s.sysex(c);
};

/// A ByteStreamSink made of callables: `LambdaSink{on_message, on_sysex}` or
/// with a third `on_error`. Missing parts can be `ignore_sysex` /
/// `ignore_errors`.
/// Thread-safe: as the callables. Realtime-safe: as the callables.
template <class OnMessage, class OnSysEx, class OnError = void (*)(DecodeError, std::uint8_t, std::int64_t) noexcept>
struct LambdaSink {
    OnMessage on_message;  ///< called as on_message(const MidiMessage&, std::int64_t timestamp)
    OnSysEx on_sysex;      ///< called as on_sysex(const SysExChunk&)
    OnError on_error = [](DecodeError, std::uint8_t, std::int64_t) noexcept {};  ///< on_error(DecodeError, byte, timestamp)

    /// Forwards to on_message.
    void message(const MidiMessage& m, std::int64_t t) noexcept(noexcept(on_message(m, t))) { on_message(m, t); }
    /// Forwards to on_sysex.
    void sysex(const SysExChunk& c) noexcept(noexcept(on_sysex(c))) { on_sysex(c); }
    /// Forwards to on_error.
    void error(DecodeError e, std::uint8_t b, std::int64_t t) noexcept(noexcept(on_error(e, b, t))) {
        on_error(e, b, t);
    }
};

/// Deduction guides: the error callable is optional.
template <class M, class S>
LambdaSink(M, S) -> LambdaSink<M, S>;
template <class M, class S, class E>
LambdaSink(M, S, E) -> LambdaSink<M, S, E>;

/// A SysEx callable for LambdaSink that drops the data.
inline constexpr auto ignore_sysex = [](const SysExChunk&) noexcept {};
/// An error callable for LambdaSink that ignores errors (they are still counted).
inline constexpr auto ignore_errors = [](DecodeError, std::uint8_t, std::int64_t) noexcept {};

/// Decodes a MIDI 1.0 byte stream (MIDI 1.0 Detailed Specification,
/// document version 4.2: "Data Format", "Running Status", "Real Time
/// Messages", "System Exclusive", and Table I for message lengths).
/// Push bytes in any chunking, one at a time or whole buffers; every
/// complete message reaches the sink during the push that completes it.
///
/// The rules, in the specification's terms:
/// - Running status: data bytes after a channel message reuse its status
///   (`90 3C 64 3E 64` is two note-ons). A system common status (F0-F7)
///   cancels running status; real-time bytes (F8-FF) do not.
/// - Real-time bytes may appear anywhere, between the data bytes of a
///   message or inside SysEx; each is delivered at once and the message in
///   progress continues undisturbed (`90 F8 3C 64` is Clock then NoteOn).
/// - SysEx (F0 ... F7) is delivered in chunks from a fixed buffer of
///   SysExChunkSize bytes: a chunk whenever the buffer fills, at the end of
///   every push (so data never waits for the next push), before any
///   real-time message inside the SysEx (so the sink sees every byte in
///   stream order), and at F7. Any status byte other than F7 and real-time
///   ends a SysEx; the decoder delivers its last chunk with `aborted` set,
///   counts DecodeError::SysExAborted, then treats the byte as usual.
/// - Stray data bytes, the undefined statuses F4 F5 F9 FD, F7 outside
///   SysEx, and messages cut short by a status byte are skipped and counted
///   (see DecodeError); malformed input never stops the decoder.
///
/// Timestamps: each push carries a caller's timestamp (any unit: sample
/// frames, host time). A message gets the timestamp of the push that
/// carried its first byte (its status byte, or under running status its
/// first data byte); a real-time message that of its own byte; every chunk
/// of a SysEx that of its F0.
///
/// Thread-safety: one instance per thread (it is the state of one stream).
/// Realtime-safe: every member, provided the sink's members are (no
/// allocation, lock, syscall or throw happens in the decoder itself).
/// push() is noexcept: a sink member that throws terminates the program.
template <std::size_t SysExChunkSize = 256>
class ByteStreamDecoder {
    static_assert(SysExChunkSize >= 1, "the SysEx buffer needs room for at least one byte");

public:
    /// The most SysEx bytes one chunk carries.
    static constexpr std::size_t sysex_chunk_size = SysExChunkSize;

    /// A decoder with no running status, outside any SysEx.
    constexpr ByteStreamDecoder() noexcept = default;

    /// Decodes `bytes`, calling the sink for each complete message, SysEx
    /// chunk and error. Realtime-safe if the sink is.
    template <ByteStreamSink Sink>
    void push(std::span<const std::uint8_t> bytes, std::int64_t timestamp, Sink& sink) noexcept {
        for (const std::uint8_t b : bytes) {
            push_byte(b, timestamp, sink);
        }
        if (in_sysex_ && fill_ > 0) {
            flush_sysex(sink, false, false);
        }
    }

    /// push() with timestamp 0.
    template <ByteStreamSink Sink>
    void push(std::span<const std::uint8_t> bytes, Sink& sink) noexcept {
        push(bytes, 0, sink);
    }

    /// Forgets the message in progress, the running status and any SysEx in
    /// progress (its remaining chunks are never delivered), and zeroes the
    /// error counts: the state of a freshly constructed decoder.
    constexpr void reset() noexcept { *this = ByteStreamDecoder{}; }

    /// How many times this error occurred since construction or reset().
    [[nodiscard]] constexpr std::uint64_t error_count(DecodeError e) const noexcept {
        return errors_[static_cast<std::size_t>(e)];
    }
    /// All errors together.
    [[nodiscard]] constexpr std::uint64_t error_count() const noexcept {
        std::uint64_t n = 0;
        for (const std::uint64_t e : errors_) {
            n += e;
        }
        return n;
    }
    /// The status data bytes are read against: the running status after a
    /// channel message, the system common status while its data bytes are
    /// awaited, 0 when a data byte would be stray.
    [[nodiscard]] constexpr std::uint8_t running_status() const noexcept { return status_; }
    /// True between F0 and the byte that ends the SysEx.
    [[nodiscard]] constexpr bool in_sysex() const noexcept { return in_sysex_; }

private:
    template <class Sink>
    void report(Sink& sink, DecodeError e, std::uint8_t b, std::int64_t t) noexcept {
        ++errors_[static_cast<std::size_t>(e)];
        if constexpr (requires { sink.error(e, b, t); }) {
            sink.error(e, b, t);
        }
    }

    template <class Sink>
    void flush_sysex(Sink& sink, bool last, bool aborted) noexcept {
        SysExChunk c;
        c.data = std::span<const std::uint8_t>(buffer_.data(), fill_);
        c.timestamp = sysex_timestamp_;
        c.first = !sysex_delivered_;
        c.last = last;
        c.aborted = aborted;
        sysex_delivered_ = true;
        fill_ = 0;
        sink.sysex(c);
    }

    template <class Sink>
    void emit(Sink& sink, std::size_t size, std::int64_t t) noexcept {
        const std::array<std::uint8_t, 3> raw{status_, data_[0], data_[1]};
        std::error_code ec;
        const MidiMessage m = MidiMessage::from_bytes(std::span<const std::uint8_t>(raw.data(), size), ec);
        // Cannot fail: status_ is a defined status and the data bytes are
        // below 0x80; checked anyway so a logic slip cannot emit a default message.
        if (!ec) {
            sink.message(m, t);
        }
    }

    template <class Sink>
    void push_byte(std::uint8_t b, std::int64_t t, Sink& sink) noexcept {
        if (b >= 0xF8) {
            if (b == 0xF9 || b == 0xFD) {
                report(sink, DecodeError::UndefinedStatus, b, t);
                return;
            }
            if (in_sysex_ && fill_ > 0) {
                flush_sysex(sink, false, false);
            }
            const std::array<std::uint8_t, 1> raw{b};
            std::error_code ec;
            const MidiMessage m = MidiMessage::from_bytes(raw, ec);
            if (!ec) {
                sink.message(m, t);
            }
            return;
        }
        if (in_sysex_) {
            if (b < 0x80) {
                buffer_[fill_++] = b;
                if (fill_ == SysExChunkSize) {
                    flush_sysex(sink, false, false);
                }
                return;
            }
            in_sysex_ = false;
            if (b == 0xF7) {
                flush_sysex(sink, true, false);
                return;
            }
            flush_sysex(sink, true, true);
            report(sink, DecodeError::SysExAborted, b, t);
            // The byte that ended the SysEx starts what comes next.
        }
        if (b < 0x80) {
            if (status_ == 0) {
                report(sink, DecodeError::StrayDataByte, b, t);
                return;
            }
            if (have_ == 0 && !pending_) {
                message_timestamp_ = t;
            }
            data_[have_++] = b;
            if (have_ == need_) {
                emit(sink, need_ + 1U, message_timestamp_);
                have_ = 0;
                pending_ = false;
                if (status_ >= 0xF0) {
                    status_ = 0;  // system common messages have no running status
                }
            }
            return;
        }
        // A status byte 80-F7.
        if (pending_ || have_ > 0) {
            report(sink, DecodeError::TruncatedMessage, status_, t);
        }
        have_ = 0;
        pending_ = false;
        status_ = 0;
        if (b < 0xF0) {
            status_ = b;
            need_ = static_cast<std::size_t>(message_size(b) - 1);
            pending_ = true;
            message_timestamp_ = t;
            return;
        }
        switch (b) {
        case 0xF0:
            in_sysex_ = true;
            sysex_delivered_ = false;
            fill_ = 0;
            sysex_timestamp_ = t;
            return;
        case 0xF7:
            report(sink, DecodeError::StrayEndOfExclusive, b, t);
            return;
        case 0xF4:
        case 0xF5:
            report(sink, DecodeError::UndefinedStatus, b, t);
            return;
        case 0xF6:
            status_ = b;
            emit(sink, 1, t);
            status_ = 0;
            return;
        default:  // F1, F2, F3: system common with data bytes
            status_ = b;
            need_ = static_cast<std::size_t>(message_size(b) - 1);
            pending_ = true;
            message_timestamp_ = t;
            return;
        }
    }

    std::array<std::uint8_t, SysExChunkSize> buffer_{};
    std::array<std::uint64_t, decode_error_kinds> errors_{};
    std::int64_t message_timestamp_ = 0;
    std::int64_t sysex_timestamp_ = 0;
    std::size_t fill_ = 0;
    std::size_t need_ = 0;
    std::size_t have_ = 0;
    std::array<std::uint8_t, 2> data_{};
    std::uint8_t status_ = 0;
    bool pending_ = false;  // a status byte arrived and its message is not complete yet
    bool in_sysex_ = false;
    bool sysex_delivered_ = false;
};

} // namespace cm::midi
