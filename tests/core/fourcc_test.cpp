// tests/core/fourcc_test.cpp
// cm::FourCC: packing as Apple packs multi-character literals, printing,
// ordering, hashing and run-time parsing with both error conventions.
#include <coremusic/core/fourcc.hpp>

#include <gtest/gtest.h>

#include <rt_check.hpp>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <unordered_map>

namespace cm {
// Readable failures.
void PrintTo(FourCC f, std::ostream* os) { *os << "FourCC(" << f.to_string() << ")"; }
} // namespace cm

namespace {

using cm::FourCC;

// Apple's values, as AudioFile.h and CoreAudioTypes.h print them beside the literals.
TEST(FourCC, PacksBigEndianAsApple) {
    EXPECT_EQ(FourCC{"lpcm"}.value(), 0x6C70636DU);  // kAudioFormatLinearPCM
    EXPECT_EQ(FourCC{"lpcm"}.value(), 1819304813U);
    EXPECT_EQ(FourCC{"WAVE"}.value(), 0x57415645U);  // kAudioFileWAVEType
    EXPECT_EQ(FourCC{"AIFF"}.value(), 0x41494646U);  // kAudioFileAIFFType
    EXPECT_EQ(FourCC{"caff"}.value(), 0x63616666U);  // kAudioFileCAFType
    EXPECT_EQ(FourCC{"fmt?"}.value(), 1718449215U);  // kAudioFileUnsupportedDataFormatError
    EXPECT_EQ(FourCC{"wht?"}.value(), 2003334207U);  // kAudioFileUnspecifiedError
    EXPECT_EQ(FourCC{"fmt "}.value(), 0x666D7420U);  // RIFF format chunk, trailing space kept
    EXPECT_EQ(FourCC{}.value(), 0U);
}

TEST(FourCC, IsUsableAtCompileTime) {
    static_assert(FourCC{"lpcm"}.value() == 0x6C70636D);
    static_assert(FourCC{0x6C70636DU} == FourCC{"lpcm"});
    static_assert(FourCC{"lpcm"}.printable());
    static_assert(!FourCC{0xFFFFFFCEU}.printable());
    // Only a 4-character literal is accepted; other lengths do not even
    // resolve (a non-printable character in a literal fails in consteval).
    static_assert(std::is_constructible_v<FourCC, const char (&)[5]>);
    static_assert(!std::is_constructible_v<FourCC, const char (&)[4]>);
    static_assert(!std::is_constructible_v<FourCC, const char (&)[6]>);
    static_assert(!std::is_convertible_v<const char (&)[5], FourCC>);  // explicit
    static_assert(!std::is_convertible_v<std::uint32_t, FourCC>);
    static_assert(std::is_trivially_copyable_v<FourCC> && sizeof(FourCC) == 4);
    SUCCEED();
}

TEST(FourCC, FromAnyValue) {
    EXPECT_EQ(FourCC{0x57415645U}, FourCC{"WAVE"});
    EXPECT_EQ(FourCC{0xFFFFFFCEU}.value(), 0xFFFFFFCEU);  // paramErr (-50) as an OSType
}

TEST(FourCC, PrintsPrintableCodesAsTheirCharacters) {
    EXPECT_EQ(FourCC{"lpcm"}.to_string(), "lpcm");
    EXPECT_EQ(FourCC{"fmt "}.to_string(), "fmt ");
    EXPECT_EQ(FourCC{"a\\b'"}.to_string(), "a\\b'");  // a printable code prints verbatim
    EXPECT_EQ(FourCC{0x6F703F3FU}.to_string(), "op??");
}

TEST(FourCC, EscapesOtherBytes) {
    EXPECT_EQ(FourCC{0xFFFFFFCEU}.to_string(), "\\xFF\\xFF\\xFF\\xCE");  // -50
    EXPECT_EQ(FourCC{}.to_string(), "\\x00\\x00\\x00\\x00");
    EXPECT_EQ(FourCC{0x61620A64U}.to_string(), "ab\\x0Ad");
    // Backslash is escaped too once escaping is on, so "\x5C" cannot be read
    // as a backslash followed by text.
    EXPECT_EQ(FourCC{0x5C000000U}.to_string(), "\\x5C\\x00\\x00\\x00");
    EXPECT_EQ(FourCC{0x7F414243U}.to_string(), "\\x7FABC");  // DEL is not printable
}

TEST(FourCC, OrdersByValueWhichIsCharacterOrder) {
    EXPECT_LT(FourCC{"AIFC"}, FourCC{"AIFF"});
    EXPECT_LT(FourCC{"WAVE"}, FourCC{"caff"});  // 'W' 0x57 < 'c' 0x63
    EXPECT_GT(FourCC{0xFFFFFFFFU}, FourCC{"~~~~"});
    EXPECT_EQ(FourCC{"data"}, FourCC{"data"});
    EXPECT_NE(FourCC{"data"}, FourCC{"Data"});
    EXPECT_TRUE((FourCC{"abcd"} <=> FourCC{"abce"}) < 0);
}

TEST(FourCC, HashesForUnorderedContainers) {
    EXPECT_EQ(std::hash<FourCC>{}(FourCC{"lpcm"}), std::hash<std::uint32_t>{}(0x6C70636DU));
    std::unordered_map<FourCC, std::string> names{{FourCC{"WAVE"}, "wave"}, {FourCC{"AIFF"}, "aiff"}};
    EXPECT_EQ(names.at(FourCC{"WAVE"}), "wave");
    EXPECT_EQ(names.count(FourCC{"caff"}), 0U);
}

TEST(FourCCParse, AcceptsFourPrintableCharacters) {
    EXPECT_EQ(FourCC::parse("lpcm"), FourCC{"lpcm"});
    EXPECT_EQ(FourCC::parse("    ").value(), 0x20202020U);
    EXPECT_EQ(FourCC::parse("~~~~").value(), 0x7E7E7E7EU);
    EXPECT_EQ(FourCC::parse("op??"), FourCC{0x6F703F3FU});
}

TEST(FourCCParse, ThrowsAudioFormatErrorNamingTheInput) {
    try {
        (void)FourCC::parse("lpc");
        FAIL() << "no throw";
    } catch (const cm::AudioFormatError& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.code(), cm::Errc::InvalidFormat);
        EXPECT_NE(what.find("FourCC \"lpc\": 3 bytes"), std::string::npos) << what;
        EXPECT_NE(what.find("expected exactly 4 printable ASCII characters"), std::string::npos) << what;
    }
    try {
        (void)FourCC::parse(std::string_view("lp\x01m", 4));
        FAIL() << "no throw";
    } catch (const cm::AudioFormatError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("FourCC \"lp\\x01m\": byte 2 is 0x01, not printable"), std::string::npos) << what;
    }
    EXPECT_THROW((void)FourCC::parse(""), cm::AudioFormatError);
    EXPECT_THROW((void)FourCC::parse("lpcmx"), cm::AudioFormatError);
    EXPECT_THROW((void)FourCC::parse(std::string_view("\0\0\0\0", 4)), cm::AudioFormatError);
    EXPECT_THROW((void)FourCC::parse("\xC3\xA9t\xC3"), cm::AudioFormatError);  // UTF-8 is not ASCII
    EXPECT_THROW((void)FourCC::parse("abc\x7F"), cm::Error);
}

TEST(FourCCParse, ShortensLongInputInTheMessage) {
    const std::string long_input(200, 'x');
    try {
        (void)FourCC::parse(long_input);
        FAIL() << "no throw";
    } catch (const cm::AudioFormatError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("\"" + std::string(32, 'x') + "\"...: 200 bytes"), std::string::npos) << what;
        EXPECT_LT(what.size(), 200U);
    }
}

TEST(FourCCParse, ErrorCodeOverloadSetsCodeInsteadOfThrowing) {
    static_assert(noexcept(FourCC::parse(std::string_view{}, std::declval<std::error_code&>())));

    std::error_code ec;
    EXPECT_EQ(FourCC::parse("lpc", ec), FourCC{});
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    EXPECT_EQ(ec, std::errc::invalid_argument);
    EXPECT_EQ(&ec.category(), &cm::error_category());
    EXPECT_NE(ec.message().find("invalid format"), std::string::npos) << ec.message();

    // Success clears a previous failure, as std::filesystem does.
    EXPECT_EQ(FourCC::parse("caff", ec), FourCC{"caff"});
    EXPECT_FALSE(ec);
}

TEST(FourCCParse, ErrorCodeOverloadIsRealtimeSafe) {
    std::error_code bad;
    std::error_code good;
    FourCC a;
    FourCC b;
    cm::test::RtCounts counts;
    {
        cm::test::RtScope scope;
        a = FourCC::parse("not a fourcc", bad);
        b = FourCC::parse("lpcm", good);
        counts = scope.counts();
    }
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.locks, 0U);
    EXPECT_TRUE(bad);
    EXPECT_FALSE(good);
    EXPECT_EQ(a, FourCC{});
    EXPECT_EQ(b, FourCC{"lpcm"});
}

TEST(FourCCParse, RoundTripsEveryPrintableCode) {
    // Every printable byte in every position (95 x 4 codes, the others fixed).
    for (int pos = 0; pos < 4; ++pos) {
        for (int c = 0x20; c <= 0x7E; ++c) {
            std::string text = "abcd";
            text[static_cast<std::size_t>(pos)] = static_cast<char>(c);
            const FourCC f = FourCC::parse(text);
            EXPECT_EQ(f.to_string(), text);
            EXPECT_EQ(FourCC{f.value()}, f);
            EXPECT_TRUE(f.printable());
        }
    }
}

} // namespace
