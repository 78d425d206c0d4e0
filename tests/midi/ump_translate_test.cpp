// MIDI 1.0 <-> 2.0 translation and SysEx7 packetisation. Scaling against the
// worked examples of "MIDI 2.0 Bit Scaling and Resolution" (M2-115-U v1.0.1,
// sections 3.3.3 and 3.4.2) and values worked by hand with its algorithm;
// translated packets written out by hand from the layouts of M2-104-UM v1.1
// (sections 7.3, 7.4, 7.7); round trips over every 7- and 14-bit value.
#include <coremusic/midi/ump_translate.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace {

using namespace cm::midi;

std::vector<std::uint32_t> words_of(const std::vector<Ump>& packets) {
    std::vector<std::uint32_t> w;
    for (const Ump& p : packets) {
        w.insert(w.end(), p.words().begin(), p.words().end());
    }
    return w;
}
std::vector<std::uint32_t> W(std::initializer_list<std::uint32_t> w) { return w; }

struct Collect {
    std::vector<Ump>* out;
    void operator()(const Ump& p) const { out->push_back(p); }
};

std::vector<std::uint32_t> up(Midi1ToMidi2Translator& t, std::initializer_list<std::uint32_t> midi1_words) {
    std::vector<Ump> out;
    for (const std::uint32_t w : midi1_words) {
        t.translate(Ump{w}, Collect{&out});
    }
    return words_of(out);
}
std::vector<std::uint32_t> down(const Ump& p) {
    std::vector<Ump> out;
    translate_midi2_to_midi1(p, Collect{&out});
    return words_of(out);
}

TEST(UmpScaling, SpecExamples) {
    // M2-115-U 3.3.3 (upscaling) and 3.4.2 (downscaling).
    struct Row {
        std::uint32_t in;
        int from;
        int to;
        std::uint32_t out;
    };
    const Row up_rows[] = {
        {0x05, 7, 16, 0x0A00},         {0x1E, 7, 16, 0x3C00},         {0x20, 7, 16, 0x4000},
        {0x40, 7, 16, 0x8000},         {0x46, 7, 16, 0x8C30},         {0x60, 7, 16, 0xC104},
        {0x78, 7, 16, 0xF1C7},         {0x7F, 7, 16, 0xFFFF},         {0x00, 7, 32, 0x00000000},
        {0x05, 7, 32, 0x0A000000},     {0x1E, 7, 32, 0x3C000000},     {0x20, 7, 32, 0x40000000},
        {0x40, 7, 32, 0x80000000},     {0x46, 7, 32, 0x8C30C30C},     {0x60, 7, 32, 0xC1041041},
        {0x78, 7, 32, 0xF1C71C71},     {0x7F, 7, 32, 0xFFFFFFFF},     {0x0000, 16, 32, 0x00000000},
        {0x0005, 16, 32, 0x00050000},  {0x001E, 16, 32, 0x001E0000},  {0x4000, 16, 32, 0x40000000},
        {0x8000, 16, 32, 0x80000000},  {0x9C40, 16, 32, 0x9C403880},  {0xC000, 16, 32, 0xC0008001},
        {0xFDE8, 16, 32, 0xFDE8FBD1},  {0xFFFF, 16, 32, 0xFFFFFFFF},
        // By hand: 14 -> 32, centre 0x2000 stays a shift; 0x3FFF repeats to all ones.
        {0x0000, 14, 32, 0x00000000},  {0x0100, 14, 32, 0x04000000},  {0x2000, 14, 32, 0x80000000},
        {0x3FFF, 14, 32, 0xFFFFFFFF},
        // By hand: 100 = 0x64 -> 0xC800 | 36 << 3 | 36 >> 3 = 0xC924.
        {100, 7, 16, 0xC924},
    };
    for (const Row& r : up_rows) {
        EXPECT_EQ(scale_up(r.in, r.from, r.to), r.out) << std::hex << r.in << " " << r.from << "->" << r.to;
    }
    EXPECT_EQ(scale_down(0x1400, 16, 7), 0x0AU);
    EXPECT_EQ(scale_down(0x8000, 16, 7), 0x40U);
    EXPECT_EQ(scale_down(0xAEBA, 16, 7), 0x57U);
    EXPECT_EQ(scale_down(0xFFFF, 16, 7), 0x7FU);
    static_assert(scale_up(0x40, 7, 16) == 0x8000);
}

TEST(UmpScaling, DownInvertsUpForEveryValue) {
    for (std::uint32_t v = 0; v < 128; ++v) {
        EXPECT_EQ(scale_down(scale_up(v, 7, 16), 16, 7), v);
        EXPECT_EQ(scale_down(scale_up(v, 7, 32), 32, 7), v);
    }
    for (std::uint32_t v = 0; v < 16384; ++v) {
        ASSERT_EQ(scale_down(scale_up(v, 14, 32), 32, 14), v) << v;
    }
    // Monotonic: the bit repeat never reorders values.
    for (std::uint32_t v = 1; v < 16384; ++v) {
        ASSERT_GT(scale_up(v, 14, 32), scale_up(v - 1, 14, 32));
    }
}

TEST(Midi1ToMidi2, ChannelVoice) {
    Midi1ToMidi2Translator t;
    // Note on 60 velocity 100 -> 0xC924 (worked above).
    EXPECT_EQ(up(t, {0x20903C64U}), W({0x40903C00U, 0xC9240000U}));
    // Note on velocity 0 is a note-off; velocity 0x8000 (64 upscaled).
    EXPECT_EQ(up(t, {0x20903C00U}), W({0x40803C00U, 0x80000000U}));
    EXPECT_EQ(up(t, {0x20853C40U}), W({0x40853C00U, 0x80000000U}));
    EXPECT_EQ(up(t, {0x20A03C20U}), W({0x40A03C00U, 0x40000000U}));
    EXPECT_EQ(up(t, {0x20B0077FU}), W({0x40B00700U, 0xFFFFFFFFU}));
    EXPECT_EQ(up(t, {0x20B00140U}), W({0x40B00100U, 0x80000000U}));
    EXPECT_EQ(up(t, {0x20D07F00U}), W({0x40D00000U, 0xFFFFFFFFU}));
    EXPECT_EQ(up(t, {0x20E00040U}), W({0x40E00000U, 0x80000000U}));  // 8192 = centre
    EXPECT_EQ(up(t, {0x20E07F7FU}), W({0x40E00000U, 0xFFFFFFFFU}));
    EXPECT_EQ(up(t, {0x20E00000U}), W({0x40E00000U, 0x00000000U}));
    EXPECT_EQ(up(t, {0x2AC50500U}), W({0x4AC50000U, 0x05000000U}));  // program change, no bank
    // Other message types pass through unchanged.
    EXPECT_EQ(up(t, {0x10F80000U}), W({0x10F80000U}));
    std::vector<Ump> out;
    t.translate(Ump{0x30047E7FU, 0x06010000U}, Collect{&out});
    EXPECT_EQ(words_of(out), W({0x30047E7FU, 0x06010000U}));
}

TEST(Midi1ToMidi2, BankSelectAndProgramChange) {
    Midi1ToMidi2Translator t;
    // CC 0 = 1, CC 32 = 2 make nothing; the program change carries the bank.
    EXPECT_EQ(up(t, {0x20B00001U, 0x20B02002U}), W({}));
    EXPECT_EQ(up(t, {0x20C00500U}), W({0x40C00001U, 0x05000102U}));
    EXPECT_EQ(up(t, {0x20C00600U}), W({0x40C00001U, 0x06000102U}));  // the bank stays selected
    EXPECT_EQ(up(t, {0x20C10600U}), W({0x40C10000U, 0x06000000U}));  // another channel has none
    EXPECT_EQ(up(t, {0x21C00600U}), W({0x41C00000U, 0x06000000U}));  // another group too
    EXPECT_EQ(up(t, {0x20B20003U, 0x20C20700U}), W({0x40C20001U, 0x07000300U}));  // MSB only: LSB 0
    t.reset();
    EXPECT_EQ(up(t, {0x20C00500U}), W({0x40C00000U, 0x05000000U}));
}

TEST(Midi1ToMidi2, RpnAndNrpnBecomeControllers) {
    Midi1ToMidi2Translator t;
    // RPN 0/0 (pitch bend sensitivity) = 2 semitones: 14-bit 0x100 -> 0x04000000.
    EXPECT_EQ(up(t, {0x20B06500U, 0x20B06400U, 0x20B00602U}), W({}));
    EXPECT_EQ(up(t, {0x20B02600U}), W({0x40200000U, 0x04000000U}));
    // A fine adjustment (LSB only) uses the last MSB: (2 << 7 | 5) = 261 -> 261 << 18.
    EXPECT_EQ(up(t, {0x20B02605U}), W({0x40200000U, 0x04140000U}));
    // NRPN 0x12/0x34 on channel 3 = centre.
    EXPECT_EQ(up(t, {0x20B36312U, 0x20B36234U, 0x20B30640U, 0x20B32600U}), W({0x40331234U, 0x80000000U}));
    // An MSB followed by another MSB: the first is sent with LSB 0 (128 << 18).
    EXPECT_EQ(up(t, {0x20B00601U}), W({}));
    EXPECT_EQ(up(t, {0x20B00602U}), W({0x40200000U, 0x02000000U}));
    // Selecting another parameter sends the pending one too.
    EXPECT_EQ(up(t, {0x20B06501U}), W({0x40200000U, 0x04000000U}));
    EXPECT_EQ(up(t, {0x20B06402U, 0x20B00603U}), W({}));
    std::vector<Ump> out;
    EXPECT_EQ(t.flush(Collect{&out}), 1U);  // RPN 1/2 = 3 << 7 = 384 -> 384 << 18
    EXPECT_EQ(words_of(out), W({0x40200102U, 0x06000000U}));
    // The null RPN 7F/7F deselects: data entry is then dropped.
    EXPECT_EQ(up(t, {0x20B0657FU, 0x20B0647FU, 0x20B00605U, 0x20B02605U}), W({}));
    // Data entry with nothing selected is dropped.
    EXPECT_EQ(up(t, {0x20B40605U, 0x20B42605U}), W({}));
    // Reset All Controllers is sent on and deselects.
    EXPECT_EQ(up(t, {0x20B56500U, 0x20B56400U, 0x20B57900U, 0x20B50601U, 0x20B52601U}), W({0x40B57900U, 0U}));
}

TEST(Midi2ToMidi1, ChannelVoice) {
    EXPECT_EQ(down(Ump{0x40903C00U, 0xFFFF0000U}), W({0x20903C7FU}));
    // 7.4.2: a note-on whose velocity downscales to 0 goes out with velocity 1.
    EXPECT_EQ(down(Ump{0x40903C00U, 0x00000000U}), W({0x20903C01U}));
    EXPECT_EQ(down(Ump{0x40903C00U, 0x01FF0000U}), W({0x20903C01U}));
    EXPECT_EQ(down(Ump{0x40903C00U, 0x02000000U}), W({0x20903C01U}));
    EXPECT_EQ(down(Ump{0x40903C00U, 0x04000000U}), W({0x20903C02U}));
    EXPECT_EQ(down(Ump{0x40803C00U, 0x00000000U}), W({0x20803C00U}));  // note-off may have 0
    EXPECT_EQ(down(Ump{0x40803C03U, 0x80001234U}), W({0x20803C40U}));  // attributes dropped
    EXPECT_EQ(down(Ump{0x40A03C00U, 0x40000000U}), W({0x20A03C20U}));
    EXPECT_EQ(down(Ump{0x42B70700U, 0xFFFFFFFFU}), W({0x22B7077FU}));
    EXPECT_EQ(down(Ump{0x40D00000U, 0x80000000U}), W({0x20D04000U}));
    EXPECT_EQ(down(Ump{0x40E00000U, 0x80000000U}), W({0x20E00040U}));
    EXPECT_EQ(down(Ump{0x40E00000U, 0xFFFFFFFFU}), W({0x20E07F7FU}));
    EXPECT_EQ(down(Ump{0x40C00000U, 0x05000000U}), W({0x20C00500U}));
    EXPECT_EQ(down(Ump{0x40C00001U, 0x05000102U}), W({0x20B00001U, 0x20B02002U, 0x20C00500U}));
    EXPECT_EQ(down(Ump{0x40200000U, 0x04000000U}), W({0x20B06500U, 0x20B06400U, 0x20B00602U, 0x20B02600U}));
    EXPECT_EQ(down(Ump{0x40331234U, 0x80000000U}), W({0x20B36312U, 0x20B36234U, 0x20B30640U, 0x20B32600U}));
    // No MIDI 1.0 counterpart: nothing.
    for (const std::uint32_t w0 : {0x40003C01U, 0x40103C01U, 0x40400102U, 0x40500102U, 0x40603C00U, 0x40F03C03U,
                                   0x40703C00U}) {
        EXPECT_EQ(down(Ump{w0, 1U}), W({})) << std::hex << w0;
    }
    // Other message types pass through.
    EXPECT_EQ(down(Ump{0x10F80000U}), W({0x10F80000U}));
    EXPECT_EQ(down(Ump{0x20903C64U}), W({0x20903C64U}));
}

// MIDI 1.0 -> 2.0 -> 1.0 gives back every 7-bit (and 14-bit) value.
TEST(UmpTranslate, Midi1RoundTripIsIdentity) {
    Midi1ToMidi2Translator t;
    const auto round = [&](std::uint32_t midi1) {
        std::vector<Ump> two;
        t.translate(Ump{midi1}, Collect{&two});
        std::vector<Ump> one;
        for (const Ump& p : two) {
            translate_midi2_to_midi1(p, Collect{&one});
        }
        return words_of(one);
    };
    for (std::uint32_t a = 0; a < 128; ++a) {
        for (std::uint32_t b = 0; b < 128; ++b) {
            if (b > 0) {
                ASSERT_EQ(round(0x20950000U | a << 8 | b), W({0x20950000U | a << 8 | b}));  // note on
            }
            ASSERT_EQ(round(0x22800000U | a << 8 | b), W({0x22800000U | a << 8 | b}));  // note off
            ASSERT_EQ(round(0x20AF0000U | a << 8 | b), W({0x20AF0000U | a << 8 | b}));  // poly pressure
            const bool special = a == 0 || a == 32 || a == 6 || a == 38 || (a >= 98 && a <= 101) || a == 121;
            if (!special) {
                ASSERT_EQ(round(0x20B10000U | a << 8 | b), W({0x20B10000U | a << 8 | b}));  // control change
            }
            ASSERT_EQ(round(0x20E00000U | a << 8 | b), W({0x20E00000U | a << 8 | b}));  // pitch bend
        }
        ASSERT_EQ(round(0x20C00000U | a << 8), W({0x20C00000U | a << 8}));  // program change
        ASSERT_EQ(round(0x20D00000U | a << 8), W({0x20D00000U | a << 8}));  // channel pressure
    }
    // Note on with velocity 0 comes back as the note-off it means.
    EXPECT_EQ(round(0x20903C00U), W({0x20803C40U}));
    // RPN with every 14-bit value: four CCs in, the same four CCs out.
    for (std::uint32_t v = 0; v < 16384; v += 7) {
        std::vector<Ump> two;
        for (const std::uint32_t w : {0x20B06501U, 0x20B06402U, 0x20B00600U | v >> 7, 0x20B02600U | (v & 0x7F)}) {
            t.translate(Ump{w}, Collect{&two});
        }
        ASSERT_EQ(two.size(), 1U);
        EXPECT_EQ(down(two[0]), W({0x20B06501U, 0x20B06402U, 0x20B00600U | v >> 7, 0x20B02600U | (v & 0x7F)}));
    }
    // Bank and program: CC 0, CC 32, program out as they went in.
    std::vector<Ump> two;
    for (const std::uint32_t w : {0x20B0000AU, 0x20B0200BU, 0x20C00C00U}) {
        t.translate(Ump{w}, Collect{&two});
    }
    ASSERT_EQ(two.size(), 1U);
    EXPECT_EQ(down(two[0]), W({0x20B0000AU, 0x20B0200BU, 0x20C00C00U}));
}

TEST(Sysex7, PacketisationStatusAndCountNibbles) {
    // 7.7: up to 6 bytes in one Complete packet (status 0); longer messages as
    // Start (1) with 6, Continue (2) with 6, End (3) with the rest (1..6).
    for (std::size_t n = 0; n <= 20; ++n) {
        std::vector<std::uint8_t> payload(n);
        for (std::size_t i = 0; i < n; ++i) {
            payload[i] = static_cast<std::uint8_t>(0x10 + i);
        }
        std::vector<Ump> out;
        const std::size_t count = sysex7_packetize(3, payload, Collect{&out});
        ASSERT_EQ(count, out.size());
        std::vector<std::uint32_t> heads;  // bits 31-16 of word 0: 3, group, status, count
        for (const Ump& p : out) {
            heads.push_back(p.word(0) >> 16);
        }
        std::vector<std::uint32_t> expect;
        if (n <= 6) {
            expect = {0x3300U | static_cast<std::uint32_t>(n)};
        } else {
            const std::size_t packets = (n + 5) / 6;
            for (std::size_t k = 0; k < packets; ++k) {
                const std::uint32_t status = k == 0 ? 1U : k + 1 == packets ? 3U : 2U;
                const std::size_t len = k + 1 == packets ? n - 6 * k : 6;
                expect.push_back(0x3300U | status << 4 | static_cast<std::uint32_t>(len));
            }
        }
        EXPECT_EQ(heads, expect) << n << " bytes";
    }
    // Spelled out: 0, 6, 7 and 13 bytes (0x10, 0x11, ...).
    const auto words_for = [](std::size_t n) {
        std::vector<std::uint8_t> payload(n);
        for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<std::uint8_t>(0x10 + i);
        std::vector<Ump> out;
        sysex7_packetize(0, payload, Collect{&out});
        return words_of(out);
    };
    EXPECT_EQ(words_for(0), W({0x30000000U, 0U}));
    EXPECT_EQ(words_for(6), W({0x30061011U, 0x12131415U}));
    EXPECT_EQ(words_for(7), W({0x30161011U, 0x12131415U, 0x30311600U, 0U}));
    EXPECT_EQ(words_for(13),
              W({0x30161011U, 0x12131415U, 0x30261617U, 0x18191A1BU, 0x30311C00U, 0U}));
}

TEST(Sysex7, StripsFramingAndRejectsBadBytes) {
    const std::array<std::uint8_t, 6> framed{0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7};  // identity request
    std::vector<Ump> out;
    EXPECT_EQ(sysex7_packetize(0, framed, Collect{&out}), 1U);
    EXPECT_EQ(words_of(out), W({0x30047E7FU, 0x06010000U}));
    out.clear();
    const std::array<std::uint8_t, 4> inner_status{0xF0, 0x01, 0x90, 0xF7};
    EXPECT_EQ(sysex7_packetize(0, inner_status, Collect{&out}), 0U);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(sysex7_packetize(16, std::span<const std::uint8_t>{}, Collect{&out}), 0U);
}

TEST(Sysex7, ReassemblyRoundTripsEveryLength) {
    std::array<std::uint8_t, 64> buffer{};
    for (std::size_t n = 0; n <= 64; ++n) {
        std::vector<std::uint8_t> payload(n);
        for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<std::uint8_t>((i * 37) & 0x7F);
        std::vector<Ump> packets;
        sysex7_packetize(2, payload, Collect{&packets});
        Sysex7Reassembler r{buffer};
        for (std::size_t i = 0; i < packets.size(); ++i) {
            const auto res = r.add(packets[i]);
            EXPECT_EQ(res, i + 1 == packets.size() ? Sysex7Reassembler::Result::Complete
                                                   : Sysex7Reassembler::Result::Incomplete);
        }
        EXPECT_EQ(std::vector<std::uint8_t>(r.message().begin(), r.message().end()), payload) << n;
        EXPECT_EQ(r.group(), 2);
    }
}

TEST(Sysex7, ReassemblyErrors) {
    using R = Sysex7Reassembler::Result;
    std::array<std::uint8_t, 10> buffer{};
    Sysex7Reassembler r{buffer};
    EXPECT_EQ(r.add(Ump{0x30260102U, 0x03040506U}), R::Unexpected);  // Continue with no Start
    EXPECT_EQ(r.add(Ump{0x20903C64U}), R::NotSysex7);
    EXPECT_EQ(r.add(Ump{0x30160102U, 0x03040506U}), R::Incomplete);
    EXPECT_EQ(r.add(Ump{0x31360708U, 0U}), R::OtherGroup);  // group 1 while group 0 is in progress
    EXPECT_EQ(r.add(Ump{0x30320708U, 0U}), R::Complete);
    EXPECT_EQ(std::vector<std::uint8_t>(r.message().begin(), r.message().end()),
              (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(r.add(Ump{0x30160102U, 0x03040506U}), R::Incomplete);
    EXPECT_TRUE(r.message().empty());
    EXPECT_EQ(r.add(Ump{0x30260102U, 0x03040506U}), R::Overflow);  // 12 bytes > 10
    EXPECT_EQ(r.add(Ump{0x30070102U, 0x03040506U}), R::Invalid);    // count 7
    EXPECT_EQ(r.add(Ump{0x30028001U, 0U}), R::Invalid);             // byte 0x80
}

TEST(UmpTranslate, RealtimeSafe) {
    std::array<std::uint8_t, 256> buffer{};
    std::array<std::uint8_t, 100> sysex{};
    Midi1ToMidi2Translator up_t;
    Sysex7Reassembler re{buffer};
    std::uint64_t sum = 0;
    const auto sink = [&](const Ump& p) noexcept {
        sum += p.word(0) + p.word(1);
        (void)re.add(p);
    };
    cm::test::RtScope scope;
    for (std::uint32_t i = 0; i < 128; ++i) {
        for (const std::uint32_t w : {0x20903C00U | i, 0x20B06500U, 0x20B06400U, 0x20B00600U | i, 0x20B02600U | i,
                                      0x20B00001U, 0x20C00000U | i << 8}) {
            up_t.translate(Ump{w}, [&](const Ump& p) noexcept { translate_midi2_to_midi1(p, sink); });
        }
        sysex7_packetize(0, sysex, sink);
    }
    up_t.flush(sink);
    EXPECT_NE(sum, 0U);
    EXPECT_EQ(scope.counts().allocations, 0U);
    EXPECT_EQ(scope.counts().locks, 0U);
}

} // namespace
