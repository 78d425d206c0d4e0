// coremusic/core/backend_error.hpp
// Error categories for the Linux backends' codes (ALSA errno values, JACK status
// flags, libsndfile errors), so their failures print by name without their headers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>

namespace cm {

/// One named code of a backend library, with the std::errc it means, if any.
struct BackendCode {
    int value;                    ///< The numeric value in the library's header.
    std::string_view name;        ///< Its name there, e.g. "EPIPE", "JackServerFailed".
    std::string_view description; ///< What it means for that backend.
    std::errc condition{};        ///< Matching std::errc; errc{} (zero) when none fits.
};

/// The errno values ALSA functions return (negated: snd_pcm_writei() gives
/// -EPIPE) whose meaning for audio deserves more than strerror(). Values are
/// Linux's errno numbers, which is where ALSA exists; written out because a
/// public header may not include <errno.h> for ESTRPIPE and EBADFD.
/// Thread-safe. Realtime-safe.
inline constexpr auto alsa_error_table = std::to_array<BackendCode>({
    {32, "EPIPE", "broken pipe: xrun, the buffer under- or overran", std::errc::broken_pipe},
    {86, "ESTRPIPE", "stream suspended by power management: resume or prepare the PCM", std::errc{}},
    {77, "EBADFD", "PCM is not in the right state for this call", std::errc{}},
    {11, "EAGAIN", "resource temporarily unavailable: try again", std::errc::resource_unavailable_try_again},
    {19, "ENODEV", "no such device: unplugged or gone", std::errc::no_such_device},
    {2, "ENOENT", "no such device or configuration name", std::errc::no_such_file_or_directory},
    {16, "EBUSY", "device busy: another program has it open", std::errc::device_or_resource_busy},
    {22, "EINVAL", "invalid argument: the device does not accept this configuration", std::errc::invalid_argument},
    {12, "ENOMEM", "out of memory", std::errc::not_enough_memory},
});

/// JACK's JackStatus bit flags (jack/types.h). A status can hold several;
/// JackServerStarted alone is information, not a failure.
/// Thread-safe. Realtime-safe.
inline constexpr auto jack_status_table = std::to_array<BackendCode>({
    {0x01, "JackFailure", "overall operation failed", std::errc{}},
    {0x02, "JackInvalidOption", "invalid or unsupported option", std::errc::invalid_argument},
    {0x04, "JackNameNotUnique", "the client name is not unique", std::errc{}},
    {0x08, "JackServerStarted", "the JACK server was started by this call", std::errc{}},
    {0x10, "JackServerFailed", "unable to connect to the JACK server", std::errc::connection_refused},
    {0x20, "JackServerError", "communication error with the JACK server", std::errc::io_error},
    {0x40, "JackNoSuchClient", "the requested client does not exist", std::errc{}},
    {0x80, "JackLoadFailure", "unable to load the internal client", std::errc{}},
    {0x100, "JackInitFailure", "unable to initialize the client", std::errc{}},
    {0x200, "JackShmFailure", "unable to access shared memory", std::errc{}},
    {0x400, "JackVersionError", "the client's protocol version does not match the server's", std::errc{}},
    {0x800, "JackBackendError", "the server's backend failed", std::errc{}},
    {0x1000, "JackClientZombie", "the server zombified the client (it was too slow)", std::errc{}},
});

/// libsndfile's public error numbers (sndfile.h); sf_error() may also return
/// private numbers above these, which change between versions.
/// Thread-safe. Realtime-safe.
inline constexpr auto sndfile_error_table = std::to_array<BackendCode>({
    {0, "SF_ERR_NO_ERROR", "no error", std::errc{}},
    {1, "SF_ERR_UNRECOGNISED_FORMAT", "the file format is not recognised", std::errc::not_supported},
    {2, "SF_ERR_SYSTEM", "system error reading or writing the file", std::errc::io_error},
    {3, "SF_ERR_MALFORMED_FILE", "the file is malformed", std::errc{}},
    {4, "SF_ERR_UNSUPPORTED_ENCODING", "the encoding is not supported", std::errc::not_supported},
});

namespace detail {

template <std::size_t N>
constexpr const BackendCode* find_backend_code(const std::array<BackendCode, N>& table, long long value) noexcept {
    for (const BackendCode& c : table) {
        if (c.value == value) {
            return &c;
        }
    }
    return nullptr;
}

class AlsaCategoryImpl final : public std::error_category {
public:
    constexpr AlsaCategoryImpl() noexcept = default;

    [[nodiscard]] const char* name() const noexcept override { return "alsa"; }

    // "EPIPE (broken pipe: xrun, ...)"; other codes as strerror() words them.
    [[nodiscard]] std::string message(int code) const override {
        const long long e = magnitude(code);
        if (const BackendCode* c = find_backend_code(alsa_error_table, e)) {
            return std::string(c->name) + " (" + std::string(c->description) + ")";
        }
        return std::generic_category().message(static_cast<int>(e)) + " (errno " + std::to_string(e) + ")";
    }

    [[nodiscard]] std::error_condition default_error_condition(int code) const noexcept override {
        const long long e = magnitude(code);
        if (const BackendCode* c = find_backend_code(alsa_error_table, e); c != nullptr && c->condition != std::errc{}) {
            return std::make_error_condition(c->condition);
        }
#if defined(__linux__)
        // ALSA's codes are this platform's errno values, which is what the
        // generic category holds.
        if (e <= INT32_MAX) {
            return {static_cast<int>(e), std::generic_category()};
        }
#endif
        return {code, *this};
    }

private:
    // ALSA returns -errno; accept +errno too, since callers sometimes negate.
    static constexpr long long magnitude(int code) noexcept {
        return code < 0 ? -static_cast<long long>(code) : code;
    }
};

class JackCategoryImpl final : public std::error_category {
public:
    constexpr JackCategoryImpl() noexcept = default;

    [[nodiscard]] const char* name() const noexcept override { return "jack"; }

    // "JackFailure | JackServerFailed: overall operation failed; unable to connect ..."
    [[nodiscard]] std::string message(int code) const override {
        const auto status = static_cast<std::uint32_t>(code);
        if (status == 0) {
            return "no error (JackStatus 0)";
        }
        std::string names;
        std::string descriptions;
        std::uint32_t known = 0;
        for (const BackendCode& c : jack_status_table) {
            const auto bit = static_cast<std::uint32_t>(c.value);
            if ((status & bit) != 0) {
                known |= bit;
                names += names.empty() ? "" : " | ";
                names += c.name;
                descriptions += descriptions.empty() ? "" : "; ";
                descriptions += c.description;
            }
        }
        if (const std::uint32_t unknown = status & ~known; unknown != 0) {
            names += names.empty() ? "" : " | ";
            names += "0x" + hex(unknown);
            descriptions += descriptions.empty() ? "" : "; ";
            descriptions += "unknown JackStatus flags";
        }
        return names + ": " + descriptions;
    }

    // The first set flag, in table order, that has a std::errc counterpart.
    [[nodiscard]] std::error_condition default_error_condition(int code) const noexcept override {
        const auto status = static_cast<std::uint32_t>(code);
        for (const BackendCode& c : jack_status_table) {
            if ((status & static_cast<std::uint32_t>(c.value)) != 0 && c.condition != std::errc{}) {
                return std::make_error_condition(c.condition);
            }
        }
        return {code, *this};
    }

private:
    static std::string hex(std::uint32_t v) {
        constexpr std::string_view digits = "0123456789ABCDEF";
        std::string out;
        do {
            out.insert(out.begin(), digits[v & 0xFU]);
            v >>= 4U;
        } while (v != 0);
        return out;
    }
};

class SndfileCategoryImpl final : public std::error_category {
public:
    constexpr SndfileCategoryImpl() noexcept = default;

    [[nodiscard]] const char* name() const noexcept override { return "sndfile"; }

    // "SF_ERR_MALFORMED_FILE (3): the file is malformed"
    [[nodiscard]] std::string message(int code) const override {
        if (const BackendCode* c = find_backend_code(sndfile_error_table, code)) {
            return std::string(c->name) + " (" + std::to_string(code) + "): " + std::string(c->description);
        }
        return "libsndfile error " + std::to_string(code) + " (a private error number; sf_error_number() words it)";
    }

    [[nodiscard]] std::error_condition default_error_condition(int code) const noexcept override {
        if (const BackendCode* c = find_backend_code(sndfile_error_table, code); c != nullptr && c->condition != std::errc{}) {
            return std::make_error_condition(c->condition);
        }
        return {code, *this};
    }
};

// See error.hpp for why the visibility and constinit.
CM_DETAIL_CATEGORY_VISIBILITY inline constinit const AlsaCategoryImpl alsa_category_instance{};
CM_DETAIL_CATEGORY_VISIBILITY inline constinit const JackCategoryImpl jack_category_instance{};
CM_DETAIL_CATEGORY_VISIBILITY inline constinit const SndfileCategoryImpl sndfile_category_instance{};

} // namespace detail

/// The category of ALSA return codes: pass the negative value ALSA returned,
/// `std::error_code{err, cm::alsa_category()}`. message() names the errno
/// ("EPIPE (broken pipe: xrun, ...)"); conditions map onto std::errc.
/// Thread-safe. Realtime-safe (message() is not: it allocates).
[[nodiscard]] inline const std::error_category& alsa_category() noexcept {
    return detail::alsa_category_instance;
}

/// The category of JackStatus flag sets (jack_client_open()'s status);
/// message() lists every flag set. Thread-safe. Realtime-safe (message() is
/// not: it allocates).
[[nodiscard]] inline const std::error_category& jack_category() noexcept {
    return detail::jack_category_instance;
}

/// The category of libsndfile error numbers (sf_error()).
/// Thread-safe. Realtime-safe (message() is not: it allocates).
[[nodiscard]] inline const std::error_category& sndfile_category() noexcept {
    return detail::sndfile_category_instance;
}

} // namespace cm
