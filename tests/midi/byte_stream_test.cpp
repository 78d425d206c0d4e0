// The MIDI 1.0 wire format: the decoder against byte sequences written out
// from the MIDI 1.0 Detailed Specification (v4.2: "Running Status", "Real
// Time Messages", "System Exclusive"; Table I for lengths), SysEx chunking
// and timestamps, the encoder's bytes with and without running status, SysEx
// packets, a seeded property test (random streams, random real-time bytes
// inside messages, random chunkings), and the real-time contract.
#include <coremusic/midi/byte_stream.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <coremusic/theory/random.hpp>

namespace {

using cm::midi::ByteStreamDecoder;
using cm::midi::ByteStreamEncoder;
using cm::midi::DecodeError;
using cm::midi::MidiMessage;
using cm::midi::SysExChunk;
using cm::midi::SysExPacketizer;
using Bytes = std::vector<std::uint8_t>;

std::string hex(std::span<const std::uint8_t> b) {
    std::string s;
    for (const std::uint8_t x : b) {
        constexpr char digits[] = "0123456789ABCDEF";
        if (!s.empty()) {
            s += ' ';
        }
        s += digits[x >> 4];
        s += digits[x & 0x0F];
    }
    return s;
}

// Records everything as readable lines: "M 90 3C 64 @t", "S[ 01 02 ]"
// ("S[" first, "]" last, "]!" aborted), "E kind byte".
struct Log {
    std::vector<std::string> lines;
    bool with_time = false;

    void message(const MidiMessage& m, std::int64_t t) noexcept {
        lines.push_back("M " + hex(m.bytes()) + (with_time ? " @" + std::to_string(t) : ""));
    }
    void sysex(const SysExChunk& c) noexcept {
        std::string s = "S";
        s += c.first ? "[" : "";
        s += " " + hex(c.data) + " ";
        s += c.last ? (c.aborted ? "]!" : "]") : "";
        if (with_time) {
            s += " @" + std::to_string(c.timestamp);
        }
        lines.push_back(s);
    }
    void error(DecodeError e, std::uint8_t b, std::int64_t) noexcept {
        lines.push_back("E" + std::to_string(static_cast<int>(e)) + " " + hex(std::span<const std::uint8_t>(&b, 1)));
    }
};

template <std::size_t N = 256>
std::vector<std::string> decode(const Bytes& bytes, bool one_at_a_time = false) {
    ByteStreamDecoder<N> d;
    Log log;
    if (one_at_a_time) {
        for (const std::uint8_t b : bytes) {
            d.push(std::span<const std::uint8_t>(&b, 1), log);
        }
    } else {
        d.push(bytes, log);
    }
    return log.lines;
}

using Lines = std::vector<std::string>;
const std::string stray = "E" + std::to_string(static_cast<int>(DecodeError::StrayDataByte));
const std::string undefined = "E" + std::to_string(static_cast<int>(DecodeError::UndefinedStatus));
const std::string stray_eox = "E" + std::to_string(static_cast<int>(DecodeError::StrayEndOfExclusive));
const std::string truncated = "E" + std::to_string(static_cast<int>(DecodeError::TruncatedMessage));
const std::string aborted = "E" + std::to_string(static_cast<int>(DecodeError::SysExAborted));

TEST(ByteStreamDecoder, RunningStatusGivesThreeNoteOns) {
    // Spec, "Running Status": 90 3C 64 3E 64 3C 00 is three Note Ons
    // (the last, velocity 0, a note-off).
    const Lines want = {"M 90 3C 64", "M 90 3E 64", "M 90 3C 00"};
    EXPECT_EQ(decode({0x90, 0x3C, 0x64, 0x3E, 0x64, 0x3C, 0x00}), want);
    EXPECT_EQ(decode({0x90, 0x3C, 0x64, 0x3E, 0x64, 0x3C, 0x00}, true), want);
}

TEST(ByteStreamDecoder, RunningStatusForTwoByteMessages) {
    EXPECT_EQ(decode({0xC0, 0x01, 0x02, 0x03}), (Lines{"M C0 01", "M C0 02", "M C0 03"}));
    EXPECT_EQ(decode({0xD5, 0x10, 0x20}), (Lines{"M D5 10", "M D5 20"}));
}

TEST(ByteStreamDecoder, RealTimeByteInsideANoteMessage) {
    // Spec: real-time messages may be sent at any time, even between the
    // bytes of another message, which they must not disturb.
    EXPECT_EQ(decode({0x90, 0xF8, 0x3C, 0x64}), (Lines{"M F8", "M 90 3C 64"}));
    EXPECT_EQ(decode({0x90, 0x3C, 0xF8, 0x64}), (Lines{"M F8", "M 90 3C 64"}));
    EXPECT_EQ(decode({0x90, 0x3C, 0xFE, 0xFA, 0x64}), (Lines{"M FE", "M FA", "M 90 3C 64"}));
    EXPECT_EQ(decode({0xE3, 0x00, 0xFF, 0x40}), (Lines{"M FF", "M E3 00 40"}));
}

TEST(ByteStreamDecoder, RealTimeKeepsRunningStatusSystemCommonCancelsIt) {
    EXPECT_EQ(decode({0x90, 0x3C, 0x64, 0xF8, 0x3E, 0x64}), (Lines{"M 90 3C 64", "M F8", "M 90 3E 64"}));
    EXPECT_EQ(decode({0x90, 0x3C, 0x64, 0xF6, 0x3E, 0x64}),
              (Lines{"M 90 3C 64", "M F6", stray + " 3E", stray + " 64"}));
    // A system common message with data bytes has no running status either.
    EXPECT_EQ(decode({0xF1, 0x35, 0x36}), (Lines{"M F1 35", stray + " 36"}));
    EXPECT_EQ(decode({0xF3, 0x01, 0x02}), (Lines{"M F3 01", stray + " 02"}));
    // Nor does a SysEx leave one behind.
    EXPECT_EQ(decode({0x90, 0x3C, 0x64, 0xF0, 0x01, 0xF7, 0x3E, 0x64}),
              (Lines{"M 90 3C 64", "S[ 01 ]", stray + " 3E", stray + " 64"}));
}

TEST(ByteStreamDecoder, EveryStatusHasItsSpecLength) {
    // Table I: for each defined status, the status plus its data bytes is
    // exactly one message, whatever came before.
    struct Row {
        std::uint8_t status;
        int data_bytes;
    };
    std::vector<Row> rows;
    for (int hi = 0x80; hi <= 0xE0; hi += 0x10) {
        for (int ch = 0; ch < 16; ch += 5) {
            rows.push_back({static_cast<std::uint8_t>(hi | ch), hi == 0xC0 || hi == 0xD0 ? 1 : 2});
        }
    }
    for (const Row r : std::initializer_list<Row>{
             {0xF1, 1}, {0xF2, 2}, {0xF3, 1}, {0xF6, 0}, {0xF8, 0}, {0xFA, 0}, {0xFB, 0}, {0xFC, 0}, {0xFE, 0}, {0xFF, 0}}) {
        rows.push_back(r);
    }
    for (const Row r : rows) {
        Bytes in{r.status};
        for (int i = 0; i < r.data_bytes; ++i) {
            in.push_back(static_cast<std::uint8_t>(0x11 * (i + 1)));
        }
        const Lines got = decode(in);
        ASSERT_EQ(got.size(), 1U) << hex(in);
        EXPECT_EQ(got[0], "M " + hex(in));
    }
}

TEST(ByteStreamDecoder, SysExSplitAcrossThreePushesWithClockInside) {
    // F0 7E 7F 09 01 F7 (General MIDI System On) arriving as "F0 7E 7F",
    // "09 F8 01", "F7". The clock is delivered when it arrives; the SysEx
    // bytes before it are delivered first, so every byte keeps its order.
    ByteStreamDecoder<> d;
    Log log;
    log.with_time = true;
    d.push(Bytes{0xF0, 0x7E, 0x7F}, 100, log);
    d.push(Bytes{0x09, 0xF8, 0x01}, 200, log);
    d.push(Bytes{0xF7}, 300, log);
    const Lines want = {"S[ 7E 7F  @100", "S 09  @100", "M F8 @200", "S 01  @100", "S  ] @100"};
    EXPECT_EQ(log.lines, want);
    EXPECT_EQ(d.error_count(), 0U);
    EXPECT_FALSE(d.in_sysex());
}

TEST(ByteStreamDecoder, SysExLargerThanTheBufferComesInChunks) {
    Bytes in{0xF0};
    for (std::uint8_t i = 0; i < 10; ++i) {
        in.push_back(i);
    }
    in.push_back(0xF7);
    EXPECT_EQ(decode<4>(in), (Lines{"S[ 00 01 02 03 ", "S 04 05 06 07 ", "S 08 09 ]"}));
    // Exactly full at F7: the last chunk is empty but still says "last".
    EXPECT_EQ(decode<4>({0xF0, 1, 2, 3, 4, 0xF7}), (Lines{"S[ 01 02 03 04 ", "S  ]"}));
    EXPECT_EQ(decode<4>({0xF0, 0xF7}), (Lines{"S[  ]"}));
}

TEST(ByteStreamDecoder, SysExEndedByAnotherStatusIsAborted) {
    // Spec: any status byte other than real-time ends a SysEx.
    EXPECT_EQ(decode({0xF0, 0x01, 0x02, 0x90, 0x3C, 0x64}), (Lines{"S[ 01 02 ]!", aborted + " 90", "M 90 3C 64"}));
    EXPECT_EQ(decode({0xF0, 0x01, 0xF0, 0x02, 0xF7}), (Lines{"S[ 01 ]!", aborted + " F0", "S[ 02 ]"}));
    EXPECT_EQ(decode({0xF0, 0x01, 0xF6}), (Lines{"S[ 01 ]!", aborted + " F6", "M F6"}));
    // Real-time bytes, even undefined ones, do not end it.
    EXPECT_EQ(decode({0xF0, 0x01, 0xF9, 0xFE, 0x02, 0xF7}), (Lines{undefined + " F9", "S[ 01 ", "M FE", "S 02 ]"}));
}

TEST(ByteStreamDecoder, ErrorsAreSkippedAndCounted) {
    EXPECT_EQ(decode({0x3C, 0x64, 0x90, 0x3C, 0x64}), (Lines{stray + " 3C", stray + " 64", "M 90 3C 64"}));
    EXPECT_EQ(decode({0xF7, 0x90, 0x3C, 0x64}), (Lines{stray_eox + " F7", "M 90 3C 64"}));
    // F4/F5 are undefined system common: they cancel running status.
    EXPECT_EQ(decode({0x90, 0x3C, 0x64, 0xF4, 0x3C, 0x64}),
              (Lines{"M 90 3C 64", undefined + " F4", stray + " 3C", stray + " 64"}));
    EXPECT_EQ(decode({0xF5}), (Lines{undefined + " F5"}));
    // F9/FD are undefined real-time: ignored where they stand.
    EXPECT_EQ(decode({0x90, 0x3C, 0xF9, 0x64, 0xFD, 0x3E, 0x64}),
              (Lines{undefined + " F9", "M 90 3C 64", undefined + " FD", "M 90 3E 64"}));
    // A message cut short by a status byte is dropped.
    EXPECT_EQ(decode({0x90, 0x3C, 0x80, 0x3C, 0x40}), (Lines{truncated + " 90", "M 80 3C 40"}));
    EXPECT_EQ(decode({0x90, 0xC0, 0x05}), (Lines{truncated + " 90", "M C0 05"}));
    EXPECT_EQ(decode({0xF2, 0x01, 0xF8, 0xF6}), (Lines{"M F8", truncated + " F2", "M F6"}));

    ByteStreamDecoder<> d;
    Log log;
    d.push(Bytes{0x3C, 0xF7, 0xF4, 0xF9, 0x90, 0x3C, 0x80, 0x01, 0x02, 0xF0, 0x01, 0x90, 0x01, 0x02}, log);
    EXPECT_EQ(d.error_count(DecodeError::StrayDataByte), 1U);
    EXPECT_EQ(d.error_count(DecodeError::StrayEndOfExclusive), 1U);
    EXPECT_EQ(d.error_count(DecodeError::UndefinedStatus), 2U);
    EXPECT_EQ(d.error_count(DecodeError::TruncatedMessage), 1U);
    EXPECT_EQ(d.error_count(DecodeError::SysExAborted), 1U);
    EXPECT_EQ(d.error_count(), 6U);
    d.reset();
    EXPECT_EQ(d.error_count(), 0U);
    EXPECT_EQ(d.running_status(), 0);
}

TEST(ByteStreamDecoder, TimestampsFollowTheFirstByteOfEachMessage) {
    ByteStreamDecoder<> d;
    Log log;
    log.with_time = true;
    d.push(Bytes{0x90, 0x3C}, 10, log);  // status at 10
    d.push(Bytes{0xF8}, 15, log);        // clock at 15, inside the message
    d.push(Bytes{0x64}, 20, log);        // completes the note-on begun at 10
    d.push(Bytes{0x3E}, 30, log);        // running status: begins at 30
    d.push(Bytes{0x64, 0x40}, 40, log);  // completes it; 40 begins the next
    d.push(Bytes{0x00}, 50, log);
    const Lines want = {"M F8 @15", "M 90 3C 64 @10", "M 90 3E 64 @30", "M 90 40 00 @40"};
    EXPECT_EQ(log.lines, want);
}

TEST(ByteStreamDecoder, LambdaSinkAdaptsCallables) {
    std::vector<MidiMessage> got;
    std::size_t sysex_bytes = 0;
    int errors = 0;
    cm::midi::LambdaSink sink{[&](const MidiMessage& m, std::int64_t) noexcept { got.push_back(m); },
                              [&](const SysExChunk& c) noexcept { sysex_bytes += c.data.size(); },
                              [&](DecodeError, std::uint8_t, std::int64_t) noexcept { ++errors; }};
    ByteStreamDecoder<> d;
    d.push(Bytes{0x91, 0x3C, 0x64, 0xF0, 0x01, 0x02, 0xF7, 0x05}, sink);
    EXPECT_EQ(got, (std::vector<MidiMessage>{MidiMessage::note_on(1, 60, 100)}));
    EXPECT_EQ(sysex_bytes, 2U);
    EXPECT_EQ(errors, 1);

    cm::midi::LambdaSink quiet{[&](const MidiMessage& m, std::int64_t) noexcept { got.push_back(m); },
                               cm::midi::ignore_sysex};
    d.push(Bytes{0xF0, 0x01, 0xF7, 0xF8}, quiet);
    EXPECT_EQ(got.back(), MidiMessage::clock());
}

// --- Encoder -----------------------------------------------------------------

Bytes encode_all(ByteStreamEncoder& e, const std::vector<MidiMessage>& ms) {
    Bytes out;
    for (const MidiMessage& m : ms) {
        std::array<std::uint8_t, 3> buf{};
        const std::size_t n = e.encode(m, buf);
        out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
    return out;
}

TEST(ByteStreamEncoder, WithoutRunningStatusEveryStatusIsWritten) {
    ByteStreamEncoder e;
    EXPECT_FALSE(e.uses_running_status());
    EXPECT_EQ(encode_all(e, {MidiMessage::note_on(0, 60, 100), MidiMessage::note_on(0, 62, 100),
                             MidiMessage::program_change(1, 5), MidiMessage::clock()}),
              (Bytes{0x90, 0x3C, 0x64, 0x90, 0x3E, 0x64, 0xC1, 0x05, 0xF8}));
}

TEST(ByteStreamEncoder, RunningStatusOmitsRepeatedStatusBytes) {
    ByteStreamEncoder e{true};
    // Same status: omitted. Real-time in between: kept.
    EXPECT_EQ(encode_all(e, {MidiMessage::note_on(0, 60, 100), MidiMessage::note_on(0, 62, 100), MidiMessage::clock(),
                             MidiMessage::note_on(0, 60, 0)}),
              (Bytes{0x90, 0x3C, 0x64, 0x3E, 0x64, 0xF8, 0x3C, 0x00}));
    // Different channel: a new status. System common: forgotten.
    EXPECT_EQ(encode_all(e, {MidiMessage::note_on(1, 60, 100), MidiMessage::tune_request(),
                             MidiMessage::note_on(1, 61, 100), MidiMessage::song_select(2),
                             MidiMessage::note_on(1, 62, 100)}),
              (Bytes{0x91, 0x3C, 0x64, 0xF6, 0x91, 0x3D, 0x64, 0xF3, 0x02, 0x91, 0x3E, 0x64}));
    // SysEx: forgotten.
    std::array<std::uint8_t, 8> buf{};
    EXPECT_EQ(e.encode_sysex(Bytes{0x7D}, buf), 3U);
    EXPECT_EQ(encode_all(e, {MidiMessage::note_on(1, 63, 100)}), (Bytes{0x91, 0x3F, 0x64}));
    e.reset();
    EXPECT_EQ(encode_all(e, {MidiMessage::note_on(1, 63, 100)}), (Bytes{0x91, 0x3F, 0x64}));
    EXPECT_EQ(encode_all(e, {MidiMessage::note_on(1, 64, 100)}), (Bytes{0x40, 0x64}));
}

TEST(ByteStreamEncoder, TooSmallWritesNothingAndKeepsState) {
    ByteStreamEncoder e{true};
    std::array<std::uint8_t, 2> small{};
    EXPECT_EQ(e.encode(MidiMessage::note_on(0, 60, 100), small), 0U);
    std::array<std::uint8_t, 3> buf{};
    EXPECT_EQ(e.encode(MidiMessage::note_on(0, 60, 100), buf), 3U);  // status still written
    EXPECT_EQ(e.encoded_size(MidiMessage::note_on(0, 61, 100)), 2U);
    EXPECT_EQ(e.encode_sysex(Bytes{1, 2, 3}, std::span<std::uint8_t>(buf)), 0U);  // needs 5
    EXPECT_EQ(e.encoded_size(MidiMessage::note_on(0, 61, 100)), 2U);
}

TEST(ByteStreamEncoder, SysExBytesAndChunks) {
    ByteStreamEncoder e;
    std::array<std::uint8_t, 8> buf{};
    ASSERT_EQ(e.encode_sysex(Bytes{0x7E, 0x7F, 0x09, 0x01}, buf), 6U);
    EXPECT_EQ(hex(std::span<const std::uint8_t>(buf.data(), 6)), "F0 7E 7F 09 01 F7");
    EXPECT_EQ(e.encode_sysex(Bytes{0x7E, 0x80}, buf), 0U);  // not a data byte
    EXPECT_FALSE(cm::midi::is_valid_sysex_payload(Bytes{0x01, 0xF7}));
    EXPECT_TRUE(cm::midi::is_valid_sysex_payload(Bytes{}));

    const Bytes data{1, 2};
    SysExChunk c{data, 0, true, false, false};
    EXPECT_EQ(ByteStreamEncoder::sysex_chunk_size(c), 3U);
    ASSERT_EQ(e.encode_sysex_chunk(c, buf), 3U);
    EXPECT_EQ(hex(std::span<const std::uint8_t>(buf.data(), 3)), "F0 01 02");
    c = {data, 0, false, true, false};
    ASSERT_EQ(e.encode_sysex_chunk(c, buf), 3U);
    EXPECT_EQ(hex(std::span<const std::uint8_t>(buf.data(), 3)), "01 02 F7");
    c = {data, 0, false, true, true};  // aborted: no F7
    ASSERT_EQ(e.encode_sysex_chunk(c, buf), 2U);
    EXPECT_EQ(hex(std::span<const std::uint8_t>(buf.data(), 2)), "01 02");
}

TEST(SysExPacketizer, CutsTheWireFormIntoPacketsOfN) {
    Bytes payload;
    for (std::uint8_t i = 0; i < 10; ++i) {
        payload.push_back(i);
    }
    SysExPacketizer p{payload, 4};
    EXPECT_EQ(p.total_size(), 12U);
    EXPECT_EQ(p.packet_count(), 3U);
    std::vector<std::string> packets;
    std::array<std::uint8_t, 4> buf{};
    while (!p.done()) {
        const std::size_t n = p.next(buf);
        ASSERT_GT(n, 0U);
        packets.push_back(hex(std::span<const std::uint8_t>(buf.data(), n)));
    }
    EXPECT_EQ(packets, (std::vector<std::string>{"F0 00 01 02", "03 04 05 06", "07 08 09 F7"}));

    SysExPacketizer q{payload, 5};
    EXPECT_EQ(q.packet_count(), 3U);  // 5 + 5 + 2
    std::array<std::uint8_t, 4> small{};
    EXPECT_EQ(q.next(small), 0U);  // too small: nothing consumed
    std::array<std::uint8_t, 5> five{};
    EXPECT_EQ(q.next(five), 5U);
    EXPECT_EQ(q.next(five), 5U);
    EXPECT_EQ(q.next(five), 2U);
    EXPECT_EQ(hex(std::span<const std::uint8_t>(five.data(), 2)), "09 F7");
    EXPECT_EQ(q.next(five), 0U);
    q.rewind();
    EXPECT_EQ(q.next(five), 5U);
    EXPECT_EQ(five[0], 0xF0);

    SysExPacketizer empty{Bytes{}, 100};
    EXPECT_EQ(empty.packet_count(), 1U);
    std::array<std::uint8_t, 100> big{};
    EXPECT_EQ(empty.next(big), 2U);
    EXPECT_EQ(hex(std::span<const std::uint8_t>(big.data(), 2)), "F0 F7");

    const Bytes bad{0x01, 0x90};
    SysExPacketizer invalid{bad, 2};
    EXPECT_FALSE(invalid.valid());
    EXPECT_TRUE(invalid.done());
    EXPECT_EQ(invalid.next(big), 0U);
}

// --- Property: random streams round-trip ------------------------------------

// One item of a stream: a message, or a whole SysEx payload.
struct Item {
    bool is_sysex = false;
    MidiMessage message{};
    Bytes payload{};
};

MidiMessage random_message(cm::theory::Random& rng) {
    const int ch = rng.between(0, 15);
    const int a = rng.between(0, 127);
    const int b = rng.between(0, 127);
    switch (rng.between(0, 19)) {
    case 0: case 1: case 2: return MidiMessage::note_on(ch, a, b);
    case 3: case 4: return MidiMessage::note_off(ch, a, b);
    case 5: return MidiMessage::poly_pressure(ch, a, b);
    case 6: case 7: return MidiMessage::control_change(ch, a, b);
    case 8: return MidiMessage::program_change(ch, a);
    case 9: return MidiMessage::channel_pressure(ch, a);
    case 10: return MidiMessage::pitch_bend(ch, rng.between(0, 16383));
    case 11: return MidiMessage::time_code(rng.between(0, 7), rng.between(0, 15));
    case 12: return MidiMessage::song_position(rng.between(0, 16383));
    case 13: return MidiMessage::song_select(a);
    case 14: return MidiMessage::tune_request();
    case 15: return MidiMessage::clock();
    case 16: return MidiMessage::start();
    case 17: return MidiMessage::stop();
    case 18: return MidiMessage::active_sensing();
    default: return MidiMessage::continue_();
    }
}

// A stream expectation as lines: messages as "M ..", a SysEx as "X payload"
// once complete. Real-time bytes put inside an item come before it.
struct Flat {
    std::vector<std::string> lines;
    std::string current;
    void message(const MidiMessage& m, std::int64_t) noexcept { lines.push_back("M " + hex(m.bytes())); }
    void sysex(const SysExChunk& c) noexcept {
        if (c.first) {
            current = "X";
        }
        for (const std::uint8_t b : c.data) {
            current += " " + hex(std::span<const std::uint8_t>(&b, 1));
        }
        if (c.last) {
            lines.push_back(current + (c.aborted ? " aborted" : ""));
        }
    }
};

TEST(ByteStreamProperty, RandomStreamsRoundTripInAnyChunking) {
    cm::theory::Random rng{0x4D494449};
    for (int trial = 0; trial < 2000; ++trial) {
        const bool running = (trial & 1) != 0;
        ByteStreamEncoder enc{running};
        Bytes stream;
        std::vector<std::string> want;
        const int count = rng.between(1, 40);
        for (int i = 0; i < count; ++i) {
            Item item;
            if (rng.chance(0.08)) {
                item.is_sysex = true;
                const int len = rng.between(0, 40);
                for (int k = 0; k < len; ++k) {
                    item.payload.push_back(static_cast<std::uint8_t>(rng.between(0, 127)));
                }
            } else {
                item.message = random_message(rng);
            }
            std::array<std::uint8_t, 64> buf{};
            const std::size_t n = item.is_sysex ? enc.encode_sysex(item.payload, buf) : enc.encode(item.message, buf);
            ASSERT_GT(n, 0U);
            // Sometimes a real-time byte lands inside the item's bytes.
            std::size_t rt_at = n + 1;
            std::uint8_t rt = 0;
            if (n > 1 && rng.chance(0.2)) {
                rt_at = static_cast<std::size_t>(rng.between(1, static_cast<int>(n) - 1));
                constexpr std::array<std::uint8_t, 6> rts{0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF};
                rt = rts[static_cast<std::size_t>(rng.between(0, 5))];
                want.push_back("M " + hex(std::span<const std::uint8_t>(&rt, 1)));
            }
            for (std::size_t k = 0; k < n; ++k) {
                if (k == rt_at) {
                    stream.push_back(rt);
                }
                stream.push_back(buf[k]);
            }
            if (item.is_sysex) {
                std::string s = "X";
                for (const std::uint8_t b : item.payload) {
                    s += " " + hex(std::span<const std::uint8_t>(&b, 1));
                }
                want.push_back(s);
            } else {
                want.push_back("M " + hex(item.message.bytes()));
            }
        }
        // Decode in random chunkings, with a small SysEx buffer.
        ByteStreamDecoder<7> dec;
        Flat flat;
        std::size_t at = 0;
        while (at < stream.size()) {
            const auto len = std::min(stream.size() - at, static_cast<std::size_t>(rng.between(1, 9)));
            dec.push(std::span<const std::uint8_t>(stream.data() + at, len), flat);
            at += len;
        }
        ASSERT_EQ(flat.lines, want) << "trial " << trial << ": " << hex(stream);
        ASSERT_EQ(dec.error_count(), 0U) << "trial " << trial;
    }
}

// --- Real-time contract -------------------------------------------------------

struct CountingSink {
    std::size_t messages = 0;
    std::size_t sysex_bytes = 0;
    std::size_t errors = 0;
    void message(const MidiMessage&, std::int64_t) noexcept { ++messages; }
    void sysex(const SysExChunk& c) noexcept { sysex_bytes += c.data.size(); }
    void error(DecodeError, std::uint8_t, std::int64_t) noexcept { ++errors; }
};

TEST(ByteStreamRealtime, DecodeAndEncodeNeitherAllocateNorLock) {
    Bytes stream;
    for (int i = 0; i < 200; ++i) {
        for (const std::uint8_t b : std::initializer_list<std::uint8_t>{0x90, 0x3C, 0xF8, 0x64, 0x3E, 0x64, 0xF0, 0x01, 0x02, 0xF8, 0x03, 0xF7, 0x05, 0xF4,
                                     0xC1, 0x02, 0x03, 0xF0, 0x09, 0x80, 0x3C, 0x40}) {
            stream.push_back(b);
        }
    }
    ByteStreamDecoder<4> dec;
    CountingSink sink;
    ByteStreamEncoder enc{true};
    std::array<std::uint8_t, 64> out{};
    std::size_t written = 0;
    {
        cm::test::RtScope scope;
        dec.push(stream, 7, sink);
        for (std::size_t i = 0; i + 5 < stream.size(); i += 5) {
            dec.push(std::span<const std::uint8_t>(stream.data() + i, 5), sink);
        }
        for (int i = 0; i < 1000; ++i) {
            written += enc.encode(MidiMessage::note_on(i & 15, i & 127, 1), out);
            written += enc.encode_sysex(std::span<const std::uint8_t>(stream.data() + 7, 2), out);
        }
        SysExPacketizer p{std::span<const std::uint8_t>(stream.data() + 7, 2), 3};
        written += p.next(out);
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().deallocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_GT(sink.messages, 0U);
    EXPECT_GT(sink.sysex_bytes, 0U);
    EXPECT_GT(sink.errors, 0U);
    EXPECT_GT(written, 0U);
}

} // namespace
