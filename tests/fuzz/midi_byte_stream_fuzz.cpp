// tests/fuzz/midi_byte_stream_fuzz.cpp
// libFuzzer target: arbitrary bytes as a MIDI 1.0 stream. The decoder must
// give the same events in any chunking and with any SysEx buffer size; the
// events re-encoded (with and without running status) must decode back to
// themselves with no error (decode(encode(decode(x))) is stable); the thru
// engine and the UMP thru path, with params taken from the input, must stay
// within their documented output bounds. It traps on any violation.
#include <coremusic/midi/byte_stream.hpp>
#include <coremusic/midi/thru_params.hpp>
#include <coremusic/midi/thru_transform.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

// Events as tokens, independent of how SysEx was chunked:
// message = 1 << 24 | bytes, SysEx start = 2 << 24, SysEx byte = 3 << 24 | b,
// SysEx end = 4 << 24, aborted SysEx end = 5 << 24.
constexpr std::uint32_t message_token = 1U << 24;
constexpr std::uint32_t start_token = 2U << 24;
constexpr std::uint32_t byte_token = 3U << 24;
constexpr std::uint32_t end_token = 4U << 24;
constexpr std::uint32_t aborted_token = 5U << 24;

struct Tokens {
    std::vector<std::uint32_t> tokens;
    bool in_sysex = false;

    void message(const cm::midi::MidiMessage& m, std::int64_t) noexcept {
        std::uint32_t t = message_token;
        for (const std::uint8_t b : m.bytes()) {
            t = (t & 0xFF000000U) | ((t << 8) & 0x00FFFFFFU) | b;
        }
        tokens.push_back(t | static_cast<std::uint32_t>(m.size()) << 28);
    }
    void sysex(const cm::midi::SysExChunk& c) noexcept {
        check(c.first == !in_sysex);  // chunks of one SysEx never interleave with another
        if (c.first) {
            tokens.push_back(start_token);
            in_sysex = true;
        }
        for (const std::uint8_t b : c.data) {
            check(b < 0x80);
            tokens.push_back(byte_token | b);
        }
        check(!c.aborted || c.last);
        if (c.last) {
            tokens.push_back(c.aborted ? aborted_token : end_token);
            in_sysex = false;
        }
    }
};

template <std::size_t N>
std::vector<std::uint32_t> decode(std::span<const std::uint8_t> x, std::size_t chunk, std::uint64_t* errors) {
    cm::midi::ByteStreamDecoder<N> d;
    Tokens t;
    for (std::size_t at = 0; at < x.size(); at += chunk) {
        d.push(x.subspan(at, std::min(chunk, x.size() - at)), t);
    }
    if (errors != nullptr) {
        *errors = d.error_count();
    }
    return t.tokens;
}

std::vector<std::uint8_t> encode(const std::vector<std::uint32_t>& tokens, bool running) {
    cm::midi::ByteStreamEncoder enc{running};
    std::vector<std::uint8_t> out;
    std::array<std::uint8_t, 4> buf{};
    for (const std::uint32_t t : tokens) {
        std::size_t n = 0;
        const std::uint32_t kind = t & 0x0F000000U;
        if (kind == message_token) {
            const auto size = static_cast<std::size_t>(t >> 28);
            std::array<std::uint8_t, 3> raw{};
            for (std::size_t i = 0; i < size; ++i) {
                raw[i] = static_cast<std::uint8_t>(t >> (8 * (size - 1 - i)));
            }
            const cm::midi::MidiMessage m = cm::midi::MidiMessage::from_bytes(std::span<const std::uint8_t>(raw.data(), size));
            n = enc.encode(m, buf);
            check(n > 0);
        } else {
            const std::uint8_t b = static_cast<std::uint8_t>(t);
            cm::midi::SysExChunk c;
            c.first = kind == start_token;
            // An aborted SysEx is written complete: the byte that aborted it
            // may have been one no encoder writes (F4, F5), so re-encoding
            // can only promise the same data, not the same ending.
            c.last = kind == end_token || kind == aborted_token;
            if (kind == byte_token) {
                c.data = std::span<const std::uint8_t>(&b, 1);
            }
            n = enc.encode_sysex_chunk(c, buf);
            check(n == cm::midi::ByteStreamEncoder::sysex_chunk_size(c));
        }
        out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
    return out;
}

// An aborted SysEx re-encodes as a complete one (see encode). A SysEx still
// open at the end of the input re-encodes open, so it needs no change.
std::vector<std::uint32_t> without_aborts(std::vector<std::uint32_t> tokens) {
    std::replace(tokens.begin(), tokens.end(), aborted_token, end_token);
    return tokens;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> x(data, size);

    // 1. Chunking and buffer size do not change the events.
    std::uint64_t errors = 0;
    const std::vector<std::uint32_t> a = decode<256>(x, size == 0 ? 1 : size, &errors);
    check(decode<256>(x, 1, nullptr) == a);
    check(decode<1>(x, 1 + (size > 0 ? data[0] % 7U : 0U), nullptr) == a);
    check(decode<5>(x, 3, nullptr) == a);

    // 2. decode(encode(decode(x))) == decode(x), error-free, both encodings.
    const std::vector<std::uint32_t> want = without_aborts(a);
    for (const bool running : {false, true}) {
        const std::vector<std::uint8_t> y = encode(a, running);
        std::uint64_t y_errors = 1;
        check(decode<256>(y, y.empty() ? 1 : y.size(), &y_errors) == want);
        check(y_errors == 0);
        check(decode<3>(y, 2, nullptr) == want);
    }

    // 3. The thru engine with params drawn from the input stays in bounds.
    cm::midi::ThruParams p;
    if (size >= 16) {
        p.note_number = {static_cast<cm::midi::TransformType>(data[1] % 13), static_cast<std::int16_t>(data[2] - 128)};
        p.velocity = {static_cast<cm::midi::TransformType>(data[3] % 13), static_cast<std::int16_t>(data[4] << 6)};
        p.pitch_bend = {static_cast<cm::midi::TransformType>(data[5] % 13), static_cast<std::int16_t>(data[6] << 7)};
        p.channel_map[data[7] & 15] = data[8];
        p.controller_map[data[9] & 127] = data[10];
        p.controller_value[data[11] & 127] = {static_cast<cm::midi::TransformType>(data[12] % 13),
                                              static_cast<std::int16_t>(data[13])};
        p.low_note = data[14];
        p.high_note = data[15];
        p.filter_sysex = (data[0] & 1) != 0;
        p.filter_all_controls = (data[0] & 2) != 0;
        p.filter_beat_clock = (data[0] & 4) != 0;
    }
    cm::midi::ThruByteStream<4> thru{(size & 1) != 0};
    const std::size_t chunk = 1 + (size > 1 ? data[1] % 11U : 0U);
    for (std::size_t at = 0; at < size; at += chunk) {
        const std::span<const std::uint8_t> in = x.subspan(at, std::min(chunk, size - at));
        std::vector<std::uint8_t> out(decltype(thru)::max_output_size(in.size()));
        const std::size_t w = thru.process(p, in, out);
        check(w <= out.size());
    }
    check(thru.dropped_for_space() == 0);

    // 4. UMP: the same bytes as words through the same params.
    std::vector<std::uint32_t> words(size / 4);
    if (!words.empty()) {
        std::memcpy(words.data(), data, words.size() * 4);
    }
    std::vector<std::uint32_t> uout(words.size());
    const auto r = p.apply_ump(words, uout);
    check(r.written <= r.read && r.read <= words.size());
    if (r.read < words.size()) {
        check(cm::midi::detail::thru::ump_packet_words(words[r.read]) > words.size() - r.read);
    }
    // Default params pass every packet unchanged, except that MIDI 1.0
    // channel voice packets that are malformed are dropped and the unused
    // data byte of a 2-byte message is written as 0, as M2-104-UM reserves it.
    const cm::midi::ThruParams identity;
    std::vector<std::uint32_t> same(words.size());
    const auto s = identity.apply_ump(words, same);
    check(s.read == r.read);
    std::size_t out_at = 0;
    for (std::size_t in_at = 0; in_at < s.read;) {
        const std::size_t n = cm::midi::detail::thru::ump_packet_words(words[in_at]);
        std::uint32_t w0 = words[in_at];
        bool kept = true;
        if (w0 >> 28 == 0x2) {
            const auto st = static_cast<std::uint8_t>(w0 >> 16);
            const int len = cm::midi::message_size(st);
            kept = st >= 0x80 && st < 0xF0 && ((w0 >> 8) & 0xFF) < 0x80 && (len == 2 || (w0 & 0xFF) < 0x80);
            if (len == 2) {
                w0 &= 0xFFFFFF00U;
            }
        }
        if (kept) {
            check(out_at + n <= s.written);
            check(same[out_at] == w0);
            for (std::size_t i = 1; i < n; ++i) {
                check(same[out_at + i] == words[in_at + i]);
            }
            out_at += n;
        }
        in_at += n;
    }
    check(out_at == s.written);
    return 0;
}
