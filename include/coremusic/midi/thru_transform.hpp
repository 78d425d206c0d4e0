// coremusic/midi/thru_transform.hpp
// A MIDI thru engine for byte streams: bytes in, ThruParams applied to every
// message, bytes out, in one real-time-safe pass (the core of a thru connection).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <coremusic/core/config.hpp>
#include <coremusic/midi/byte_stream_decoder.hpp>
#include <coremusic/midi/byte_stream_encoder.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/thru_params.hpp>

namespace cm::midi {

/// Decoder -> ThruParams::apply -> encoder for one MIDI 1.0 byte stream.
/// Messages leave in the order they arrived; real-time bytes inside a SysEx
/// stay inside it; a SysEx is passed chunk by chunk (or dropped whole by the
/// SysEx filters) and an aborted SysEx is passed without an F7, exactly as
/// it arrived. Input errors (stray data bytes and the like) are skipped, as
/// ByteStreamDecoder describes, and counted by decoder().
///
/// Output size: one input byte can complete a 2-byte message (a data byte
/// under running status) or a whole 3-byte message begun in the previous
/// call, so `out` needs max_output_size(in.size()) bytes to be sure of
/// taking everything; what does not fit is dropped whole and counted by
/// dropped_for_space() (a partly passed SysEx is then corrupt, which the
/// count tells).
/// Thread-safety: one instance per stream and thread. Realtime-safe: every
/// member (proven in tests/midi/thru_params_test.cpp).
template <std::size_t SysExChunkSize = 256>
class ThruByteStream {
public:
    /// Output written with (true) or without (false) running status.
    constexpr explicit ThruByteStream(bool running_status_out = false) noexcept : encoder_(running_status_out) {}

    /// Enough output room for any input of `input_size` bytes: 2 bytes per
    /// input byte plus 3 for a message begun in an earlier call.
    [[nodiscard]] static constexpr std::size_t max_output_size(std::size_t input_size) noexcept {
        return 2 * input_size + 3;
    }

    /// Passes `in` through `params` into `out`; returns the bytes written.
    /// `params` may differ from call to call (e.g. read from a TripleBuffer).
    [[nodiscard]] std::size_t process(const ThruParams& params, std::span<const std::uint8_t> in,
                                      std::span<std::uint8_t> out) noexcept CM_NONBLOCKING {
        Sink sink{this, &params, out, 0};
        decoder_.push(in, 0, sink);
        return sink.written;
    }

    /// Forgets everything in progress (decoder, running status, drop count).
    constexpr void reset() noexcept {
        decoder_.reset();
        encoder_.reset();
        dropped_ = 0;
    }

    /// Messages and SysEx chunks dropped because `out` was full.
    [[nodiscard]] constexpr std::uint64_t dropped_for_space() const noexcept { return dropped_; }
    /// The decoder, for its error counts.
    [[nodiscard]] constexpr const ByteStreamDecoder<SysExChunkSize>& decoder() const noexcept { return decoder_; }

private:
    struct Sink {
        ThruByteStream* self;
        const ThruParams* params;
        std::span<std::uint8_t> out;
        std::size_t written;

        void message(const MidiMessage& m, std::int64_t) noexcept {
            const std::optional<MidiMessage> r = params->apply(m);
            if (!r) {
                return;
            }
            const std::size_t n = self->encoder_.encode(*r, out.subspan(written));
            if (n == 0) {
                ++self->dropped_;
            }
            written += n;
        }
        void sysex(const SysExChunk& c) noexcept {
            if (!params->passes_sysex()) {
                return;
            }
            if (ByteStreamEncoder::sysex_chunk_size(c) == 0) {
                return;
            }
            const std::size_t n = self->encoder_.encode_sysex_chunk(c, out.subspan(written));
            if (n == 0) {
                ++self->dropped_;
            }
            written += n;
        }
    };

    ByteStreamDecoder<SysExChunkSize> decoder_{};
    ByteStreamEncoder encoder_;
    std::uint64_t dropped_ = 0;
};

} // namespace cm::midi
