// tests/core/error_test.cpp
// cm::Error and its subclasses, cm::Errc and its category, and the
// throw-or-set helper behind every std::error_code& overload.
#include <coremusic/core/error.hpp>

#include <gtest/gtest.h>

#include <rt_check.hpp>

#include <string>
#include <system_error>
#include <type_traits>

namespace {

using cm::Errc;

TEST(Errc, ConvertsToErrorCodeInCoremusicCategory) {
    const std::error_code ec = Errc::InvalidFormat;
    EXPECT_EQ(&ec.category(), &cm::error_category());
    EXPECT_STREQ(ec.category().name(), "coremusic");
    EXPECT_EQ(ec.value(), 3);
    EXPECT_TRUE(ec);
    EXPECT_EQ(ec, Errc::InvalidFormat);
    EXPECT_NE(ec, Errc::InvalidArgument);
}

TEST(Errc, EveryValueHasItsOwnMessage) {
    const Errc all[] = {Errc::InvalidArgument, Errc::OutOfRange,   Errc::InvalidFormat, Errc::NotSupported,
                        Errc::BackendUnavailable, Errc::InvalidState, Errc::IoError,     Errc::TimedOut};
    for (const Errc a : all) {
        const std::string m = cm::make_error_code(a).message();
        EXPECT_FALSE(m.empty());
        EXPECT_EQ(m.find("unknown"), std::string::npos) << m;
        for (const Errc b : all) {
            if (a != b) {
                EXPECT_NE(m, cm::make_error_code(b).message());
            }
        }
    }
    EXPECT_EQ(std::error_code(99, cm::error_category()).message(), "unknown coremusic error 99");
}

TEST(Errc, MapsOntoStdErrcWhereOneFits) {
    EXPECT_EQ(std::error_code(Errc::InvalidArgument), std::errc::invalid_argument);
    EXPECT_EQ(std::error_code(Errc::InvalidFormat), std::errc::invalid_argument);
    EXPECT_EQ(std::error_code(Errc::OutOfRange), std::errc::argument_out_of_domain);
    EXPECT_EQ(std::error_code(Errc::NotSupported), std::errc::not_supported);
    EXPECT_EQ(std::error_code(Errc::BackendUnavailable), std::errc::not_supported);
    EXPECT_EQ(std::error_code(Errc::IoError), std::errc::io_error);
    EXPECT_EQ(std::error_code(Errc::TimedOut), std::errc::timed_out);
    // No std::errc says "wrong state"; it must not pretend to be one.
    const std::error_condition c = std::error_code(Errc::InvalidState).default_error_condition();
    EXPECT_EQ(&c.category(), &cm::error_category());
    EXPECT_NE(std::error_code(Errc::InvalidState), std::errc::invalid_argument);
    // Conditions made from Errc compare with codes of the same value.
    EXPECT_EQ(std::error_code(Errc::TimedOut), cm::make_error_condition(Errc::TimedOut));
}

TEST(Errc, MakingCodesNeitherAllocatesNorLocks) {
    std::error_code ec;
    cm::test::RtCounts counts;
    {
        cm::test::RtScope scope;
        ec = cm::make_error_code(Errc::IoError);
        ec = Errc::TimedOut;
        counts = scope.counts();
    }
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.locks, 0U);
    EXPECT_EQ(ec, Errc::TimedOut);
}

template <class E>
void expect_error_type(Errc default_code) {
    static_assert(std::is_base_of_v<cm::Error, E>);
    static_assert(std::is_base_of_v<std::system_error, E>);

    const E with_code(std::error_code(-10879, std::generic_category()), "unit 3: property 8 is not supported");
    EXPECT_EQ(with_code.code().value(), -10879);
    EXPECT_EQ(&with_code.code().category(), &std::generic_category());
    EXPECT_NE(std::string(with_code.what()).find("unit 3: property 8 is not supported"), std::string::npos);

    const E message_only("note name \"H#\": expected A..G");
    EXPECT_EQ(message_only.code(), default_code);
    EXPECT_NE(std::string(message_only.what()).find("note name \"H#\": expected A..G"), std::string::npos);

    // Catchable as the base, with the code intact.
    try {
        throw E(Errc::OutOfRange, "x");
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), Errc::OutOfRange);
    }
}

TEST(Error, EverySubclassTakesACodeOrAMessageAlone) {
    expect_error_type<cm::Error>(Errc::InvalidArgument);
    expect_error_type<cm::AudioFileError>(Errc::InvalidFormat);
    expect_error_type<cm::AudioFormatError>(Errc::InvalidFormat);
    expect_error_type<cm::AudioUnitError>(Errc::InvalidState);
    expect_error_type<cm::AudioQueueError>(Errc::InvalidState);
    expect_error_type<cm::DeviceError>(Errc::NotSupported);
    expect_error_type<cm::MidiError>(Errc::InvalidArgument);
    expect_error_type<cm::MidiFileError>(Errc::InvalidFormat);
    expect_error_type<cm::LinkError>(Errc::BackendUnavailable);
    expect_error_type<cm::TheoryError>(Errc::InvalidArgument);
}

TEST(Error, CodeOnlyInAnErrcIsAccepted) {
    const cm::Error e(Errc::IoError, "reading \"a.wav\" at byte 44");
    EXPECT_EQ(e.code(), Errc::IoError);
    EXPECT_EQ(e.code(), std::errc::io_error);
}

// A miniature of the pattern every throwing API follows.
int half(int v, std::error_code* ec) {
    if (v % 2 != 0) {
        cm::detail::report<cm::TheoryError>(ec, Errc::InvalidArgument,
                                            [v] { return "half(" + std::to_string(v) + "): expected an even number"; });
        return 0;
    }
    cm::detail::report_success(ec);
    return v / 2;
}
int half(int v) { return half(v, nullptr); }
int half(int v, std::error_code& ec) noexcept { return half(v, &ec); }

TEST(Report, ThrowsTheRequestedTypeWhenNoErrorCodeIsGiven) {
    EXPECT_EQ(half(8), 4);
    try {
        (void)half(7);
        FAIL() << "half(7) did not throw";
    } catch (const cm::TheoryError& e) {
        EXPECT_EQ(e.code(), Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("half(7): expected an even number"), std::string::npos) << e.what();
    }
}

TEST(Report, SetsTheCodeAndDoesNotThrowWhenOneIsGiven) {
    std::error_code ec = Errc::TimedOut;  // a stale value must be cleared on success
    EXPECT_EQ(half(8, ec), 4);
    EXPECT_FALSE(ec);

    EXPECT_EQ(half(7, ec), 0);
    EXPECT_EQ(ec, Errc::InvalidArgument);
    EXPECT_EQ(ec, std::errc::invalid_argument);
    EXPECT_EQ(ec.message(), "invalid argument");
}

TEST(Report, NeverBuildsTheMessageOnTheErrorCodePath) {
    int built = 0;
    std::error_code ec;
    cm::test::RtCounts counts;
    {
        cm::test::RtScope scope;
        cm::detail::report<cm::AudioFileError>(&ec, Errc::IoError, [&built] {
            ++built;
            return std::string("never");
        });
        counts = scope.counts();
    }
    EXPECT_EQ(built, 0);
    EXPECT_EQ(ec, Errc::IoError);
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.locks, 0U);
}

TEST(Report, AcceptsAPlainMessageAndAnyErrorCode) {
    EXPECT_THROW(cm::detail::report<cm::DeviceError>(nullptr, std::error_code(5, std::generic_category()), "device 2"),
                 cm::DeviceError);
    try {
        cm::detail::report(nullptr, Errc::NotSupported, std::string("no such thing"));
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), Errc::NotSupported);
        EXPECT_NE(std::string(e.what()).find("no such thing"), std::string::npos);
    }
    std::error_code ec;
    cm::detail::report(&ec, std::error_code(5, std::generic_category()), "ignored");
    EXPECT_EQ(ec, std::errc::io_error);
}

} // namespace
