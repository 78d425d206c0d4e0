// Ump, the packet type: sizes by message type against the allocation table of
// M2-104-UM v1.1 section 2.1.4 (written out below), group and type fields,
// from_words never reading past the words given, and equality.
#include <coremusic/midi/ump.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>

namespace {

using cm::midi::Ump;
using cm::midi::UmpMessageType;

TEST(Ump, WordCountFollowsTheMessageTypeAllocationTable) {
    // M2-104-UM v1.1 section 2.1.4: MT 0x0 utility 32 bits, 0x1 system 32,
    // 0x2 MIDI 1.0 CV 32, 0x3 data 64, 0x4 MIDI 2.0 CV 64, 0x5 data 128,
    // 0x6-0x7 reserved 32, 0x8-0xA reserved 64, 0xB-0xC reserved 96,
    // 0xD flex data 128, 0xE reserved 128, 0xF UMP stream 128.
    const int bits[16] = {32, 32, 32, 64, 64, 128, 32, 32, 64, 64, 64, 96, 96, 128, 128, 128};
    for (std::uint32_t mt = 0; mt < 16; ++mt) {
        EXPECT_EQ(cm::midi::ump_word_count(static_cast<UmpMessageType>(mt)) * 32, bits[mt]) << "MT " << mt;
        EXPECT_EQ(cm::midi::ump_word_count(mt << 28 | 0x00ABCDEFU) * 32, bits[mt]) << "MT " << mt;
        const Ump p{mt << 28, 1, 2, 3};
        EXPECT_EQ(static_cast<int>(p.size_bits()), bits[mt]);
        EXPECT_EQ(p.type(), static_cast<UmpMessageType>(mt));
    }
}

TEST(Ump, DefaultIsEmptyAndDiffersFromNoop) {
    const Ump empty;
    EXPECT_TRUE(empty.empty());
    EXPECT_EQ(empty.size(), 0U);
    EXPECT_TRUE(empty.words().empty());
    const Ump noop{0x00000000U};
    EXPECT_FALSE(noop.empty());
    EXPECT_EQ(noop.size(), 1U);
    EXPECT_EQ(noop.type(), UmpMessageType::Utility);
    EXPECT_NE(empty, noop);
}

TEST(Ump, KeepsOnlyTheWordsItsTypeCallsFor) {
    // A MIDI 1.0 note-on (type 2) is one word: the other three are dropped.
    const Ump m1{0x20903C64U, 0xDEADBEEFU, 1, 2};
    EXPECT_EQ(m1.size(), 1U);
    EXPECT_EQ(m1.word(0), 0x20903C64U);
    EXPECT_EQ(m1.word(1), 0U);
    EXPECT_EQ(m1, Ump{0x20903C64U});
    // A MIDI 2.0 note-on (type 4) is two.
    const Ump m2{0x40903C00U, 0xFFFF0000U, 7, 8};
    ASSERT_EQ(m2.size(), 2U);
    EXPECT_EQ(m2.words()[1], 0xFFFF0000U);
    EXPECT_EQ(m2.word(2), 0U);
    EXPECT_EQ(m2.word(99), 0U);
}

TEST(Ump, GroupAndGroupless) {
    EXPECT_EQ(Ump{0x2A903C64U}.group(), 0xA);
    EXPECT_TRUE(Ump{0x2A903C64U}.has_group());
    EXPECT_EQ((Ump{0x4F903C00U, 0}.group()), 0xF);
    EXPECT_FALSE(Ump{0x00100000U}.has_group());  // utility: groupless in UMP 1.1
    EXPECT_FALSE(Ump{0xF0000101U}.has_group());  // UMP stream: groupless
    EXPECT_FALSE(Ump{}.has_group());
}

TEST(Ump, ReservedTypes) {
    for (std::uint32_t mt : {0x6U, 0x7U, 0x8U, 0x9U, 0xAU, 0xBU, 0xCU, 0xEU}) {
        EXPECT_TRUE(Ump{mt << 28}.is_reserved_type()) << mt;
    }
    for (std::uint32_t mt : {0x0U, 0x1U, 0x2U, 0x3U, 0x4U, 0x5U, 0xDU, 0xFU}) {
        EXPECT_FALSE(Ump{mt << 28}.is_reserved_type()) << mt;
    }
}

TEST(Ump, FromWordsNeverReadsPastTheEnd) {
    const std::array<std::uint32_t, 4> w{0x50000000U, 1, 2, 3};  // data 128: 4 words
    for (std::size_t n = 0; n < 4; ++n) {
        EXPECT_TRUE(Ump::from_words(std::span{w.data(), n}).empty()) << n << " words";
    }
    const Ump full = Ump::from_words(w);
    ASSERT_EQ(full.size(), 4U);
    EXPECT_EQ(full.word(3), 3U);
    // Extra words after the packet are not part of it.
    const std::array<std::uint32_t, 3> two{0x20903C64U, 0x20803C40U, 0};
    EXPECT_EQ(Ump::from_words(two), Ump{0x20903C64U});
}

TEST(Ump, ConstexprAndRealtimeSafe) {
    static_assert(Ump{0x40903C00U, 0xFFFF0000U}.size() == 2);
    static_assert(Ump{}.empty());
    cm::test::RtScope scope;
    std::uint32_t sum = 0;
    for (std::uint32_t i = 0; i < 1000; ++i) {
        const Ump p{i << 28 | i, i, i, i};
        for (const std::uint32_t x : p.words()) {
            sum += x;
        }
        sum += static_cast<std::uint32_t>(p.group());
    }
    EXPECT_NE(sum, 0U);
    EXPECT_EQ(scope.counts().allocations, 0U);
    EXPECT_EQ(scope.counts().locks, 0U);
}

} // namespace
