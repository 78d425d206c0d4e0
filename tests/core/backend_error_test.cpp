// tests/core/backend_error_test.cpp
// The ALSA, JACK and libsndfile categories. Their numeric tables are checked
// against the libraries' own headers (enum and macro values only, nothing is
// linked), which is what keeps the tables honest.
#include <coremusic/core/backend_error.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#if __has_include(<alsa/asoundlib.h>)
#include <alsa/asoundlib.h>
#define CM_TEST_HAVE_ALSA 1
#endif
#if __has_include(<jack/types.h>)
#include <jack/types.h>
#define CM_TEST_HAVE_JACK 1
#endif
#if __has_include(<sndfile.h>)
#include <sndfile.h>
#define CM_TEST_HAVE_SNDFILE 1
#endif

namespace {

template <std::size_t N>
int value_of(const std::array<cm::BackendCode, N>& table, std::string_view name) {
    for (const cm::BackendCode& c : table) {
        if (c.name == name) {
            return c.value;
        }
    }
    ADD_FAILURE() << name << " is not in the table";
    return -1;
}

#define CM_EXPECT_SAME(table, constant) EXPECT_EQ(value_of(table, #constant), static_cast<int>(constant)) << #constant

TEST(AlsaCategory, TableMatchesThisSystemsErrno) {
#if defined(__linux__)
    CM_EXPECT_SAME(cm::alsa_error_table, EPIPE);
    CM_EXPECT_SAME(cm::alsa_error_table, ESTRPIPE);
    CM_EXPECT_SAME(cm::alsa_error_table, EBADFD);
    CM_EXPECT_SAME(cm::alsa_error_table, EAGAIN);
    CM_EXPECT_SAME(cm::alsa_error_table, ENODEV);
    CM_EXPECT_SAME(cm::alsa_error_table, ENOENT);
    CM_EXPECT_SAME(cm::alsa_error_table, EBUSY);
    CM_EXPECT_SAME(cm::alsa_error_table, EINVAL);
    CM_EXPECT_SAME(cm::alsa_error_table, ENOMEM);
    EXPECT_EQ(cm::alsa_error_table.size(), 9U);
#else
    GTEST_SKIP() << "ALSA and its errno numbering are Linux's";
#endif
}

TEST(AlsaCategory, NamesTheErrnoAndWhatItMeansForAudio) {
    EXPECT_STREQ(cm::alsa_category().name(), "alsa");
    // snd_pcm_writei() after an underrun returns -EPIPE (32 on Linux).
    const std::string xrun = std::error_code(-32, cm::alsa_category()).message();
    EXPECT_EQ(xrun.rfind("EPIPE (broken pipe: xrun", 0), 0U) << xrun;
    EXPECT_EQ(std::error_code(-86, cm::alsa_category()).message().rfind("ESTRPIPE (", 0), 0U);
    EXPECT_EQ(std::error_code(-77, cm::alsa_category()).message().rfind("EBADFD (", 0), 0U);
    EXPECT_EQ(std::error_code(-16, cm::alsa_category()).message().rfind("EBUSY (device busy", 0), 0U);
    // Callers that negate first get the same text.
    EXPECT_EQ(std::error_code(32, cm::alsa_category()).message(), xrun);
}

TEST(AlsaCategory, FallsBackToStrerror) {
#if defined(__linux__)
    const std::string m = std::error_code(-EIO, cm::alsa_category()).message();
    EXPECT_EQ(m, std::generic_category().message(EIO) + " (errno " + std::to_string(EIO) + ")");
#endif
    // Extreme values must not overflow when negated.
    EXPECT_FALSE(std::error_code(INT32_MIN, cm::alsa_category()).message().empty());
}

TEST(AlsaCategory, ComparesWithStdErrc) {
    EXPECT_EQ(std::error_code(-EPIPE, cm::alsa_category()), std::errc::broken_pipe);
    EXPECT_EQ(std::error_code(-EBUSY, cm::alsa_category()), std::errc::device_or_resource_busy);
    EXPECT_EQ(std::error_code(-ENODEV, cm::alsa_category()), std::errc::no_such_device);
    EXPECT_EQ(std::error_code(-EAGAIN, cm::alsa_category()), std::errc::resource_unavailable_try_again);
    EXPECT_EQ(std::error_code(-EINVAL, cm::alsa_category()), std::errc::invalid_argument);
    EXPECT_EQ(std::error_code(-ENOMEM, cm::alsa_category()), std::errc::not_enough_memory);
    EXPECT_EQ(std::error_code(-ENOENT, cm::alsa_category()), std::errc::no_such_file_or_directory);
    EXPECT_NE(std::error_code(-EPIPE, cm::alsa_category()), std::errc::invalid_argument);
#if defined(__linux__)
    EXPECT_EQ(std::error_code(-EIO, cm::alsa_category()), std::errc::io_error);
#endif
}

#if defined(CM_TEST_HAVE_ALSA)
TEST(AlsaCategory, DescribesWhatAlsaReallyReturns) {
    // -ESTRPIPE is what snd_pcm_* return while suspended; the value comes
    // from the same errno.h that ALSA's headers use.
    EXPECT_EQ(std::error_code(-ESTRPIPE, cm::alsa_category()).message().rfind("ESTRPIPE", 0), 0U);
    EXPECT_GE(SND_LIB_MAJOR, 1);
}
#endif

TEST(JackCategory, TableMatchesJackTypesH) {
#if defined(CM_TEST_HAVE_JACK)
    CM_EXPECT_SAME(cm::jack_status_table, JackFailure);
    CM_EXPECT_SAME(cm::jack_status_table, JackInvalidOption);
    CM_EXPECT_SAME(cm::jack_status_table, JackNameNotUnique);
    CM_EXPECT_SAME(cm::jack_status_table, JackServerStarted);
    CM_EXPECT_SAME(cm::jack_status_table, JackServerFailed);
    CM_EXPECT_SAME(cm::jack_status_table, JackServerError);
    CM_EXPECT_SAME(cm::jack_status_table, JackNoSuchClient);
    CM_EXPECT_SAME(cm::jack_status_table, JackLoadFailure);
    CM_EXPECT_SAME(cm::jack_status_table, JackInitFailure);
    CM_EXPECT_SAME(cm::jack_status_table, JackShmFailure);
    CM_EXPECT_SAME(cm::jack_status_table, JackVersionError);
    CM_EXPECT_SAME(cm::jack_status_table, JackBackendError);
    CM_EXPECT_SAME(cm::jack_status_table, JackClientZombie);
    EXPECT_EQ(cm::jack_status_table.size(), 13U);
#else
    GTEST_SKIP() << "<jack/types.h> not installed";
#endif
}

TEST(JackCategory, ListsEverySetFlag) {
    EXPECT_STREQ(cm::jack_category().name(), "jack");
    // What jack_client_open() reports when no server runs: 0x11.
    EXPECT_EQ(std::error_code(0x11, cm::jack_category()).message(),
              "JackFailure | JackServerFailed: overall operation failed; unable to connect to the JACK server");
    EXPECT_EQ(std::error_code(0x1000, cm::jack_category()).message().rfind("JackClientZombie: ", 0), 0U);
    EXPECT_EQ(std::error_code(0, cm::jack_category()).message(), "no error (JackStatus 0)");
    const std::string unknown = std::error_code(0x4001, cm::jack_category()).message();
    EXPECT_EQ(unknown.rfind("JackFailure | 0x4000: ", 0), 0U) << unknown;
    EXPECT_NE(unknown.find("unknown JackStatus flags"), std::string::npos) << unknown;
}

TEST(JackCategory, ComparesWithStdErrcByTheMostSpecificFlag) {
    EXPECT_EQ(std::error_code(0x11, cm::jack_category()), std::errc::connection_refused);
    EXPECT_EQ(std::error_code(0x21, cm::jack_category()), std::errc::io_error);
    EXPECT_EQ(std::error_code(0x03, cm::jack_category()), std::errc::invalid_argument);
    // JackFailure alone says nothing more specific.
    const std::error_condition c = std::error_code(0x01, cm::jack_category()).default_error_condition();
    EXPECT_EQ(&c.category(), &cm::jack_category());
}

TEST(SndfileCategory, TableMatchesSndfileH) {
#if defined(CM_TEST_HAVE_SNDFILE)
    CM_EXPECT_SAME(cm::sndfile_error_table, SF_ERR_NO_ERROR);
    CM_EXPECT_SAME(cm::sndfile_error_table, SF_ERR_UNRECOGNISED_FORMAT);
    CM_EXPECT_SAME(cm::sndfile_error_table, SF_ERR_SYSTEM);
    CM_EXPECT_SAME(cm::sndfile_error_table, SF_ERR_MALFORMED_FILE);
    CM_EXPECT_SAME(cm::sndfile_error_table, SF_ERR_UNSUPPORTED_ENCODING);
    EXPECT_EQ(cm::sndfile_error_table.size(), 5U);
#else
    GTEST_SKIP() << "<sndfile.h> not installed";
#endif
}

TEST(SndfileCategory, NamesPublicErrorsAndAdmitsPrivateOnes) {
    EXPECT_STREQ(cm::sndfile_category().name(), "sndfile");
    EXPECT_EQ(std::error_code(3, cm::sndfile_category()).message(), "SF_ERR_MALFORMED_FILE (3): the file is malformed");
    EXPECT_EQ(std::error_code(1, cm::sndfile_category()).message().rfind("SF_ERR_UNRECOGNISED_FORMAT (1): ", 0), 0U);
    EXPECT_EQ(std::error_code(42, cm::sndfile_category()).message().rfind("libsndfile error 42", 0), 0U);
}

TEST(SndfileCategory, ComparesWithStdErrc) {
    EXPECT_EQ(std::error_code(2, cm::sndfile_category()), std::errc::io_error);
    EXPECT_EQ(std::error_code(4, cm::sndfile_category()), std::errc::not_supported);
    EXPECT_EQ(std::error_code(1, cm::sndfile_category()), std::errc::not_supported);
    EXPECT_NE(std::error_code(3, cm::sndfile_category()), std::errc::io_error);
}

TEST(BackendCategories, AreDistinct) {
    EXPECT_NE(&cm::alsa_category(), &cm::jack_category());
    EXPECT_NE(&cm::jack_category(), &cm::sndfile_category());
    EXPECT_NE(std::error_code(2, cm::sndfile_category()), std::error_code(2, cm::jack_category()));
}

} // namespace
