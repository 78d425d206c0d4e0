// coremusic/core/error.hpp
// How coremusic reports failure: cm::Error exceptions carrying a std::error_code,
// and the std::filesystem-style non-throwing overloads that take std::error_code&.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include <coremusic/core/config.hpp>

// Error categories are compared by address. Components are built with hidden
// visibility, so without this each shared library would get its own copy of
// a category object and an error_code made in one would not match an enum
// from another.
#if defined(__GNUC__) || defined(__clang__)
#define CM_DETAIL_CATEGORY_VISIBILITY __attribute__((visibility("default")))
#else
#define CM_DETAIL_CATEGORY_VISIBILITY
#endif

namespace cm {

/// Conditions coremusic itself detects (as opposed to codes an OS or backend
/// library returns, which keep their own categories: os_status_category(),
/// alsa_category(), jack_category(), sndfile_category()). Values live in
/// cm::error_category(); each maps onto the nearest std::errc where one fits,
/// so `ec == std::errc::invalid_argument` works for Errc::InvalidArgument.
enum class Errc : int {
    InvalidArgument = 1,  ///< An argument is not one the API accepts (std::errc::invalid_argument).
    OutOfRange,           ///< A value lies outside its documented range (std::errc::argument_out_of_domain).
    InvalidFormat,        ///< Text or bytes are not in the expected format (std::errc::invalid_argument).
    NotSupported,         ///< A valid request this build, backend or device cannot do (std::errc::not_supported).
    BackendUnavailable,   ///< The backend needed was not built in or cannot start (std::errc::not_supported).
    InvalidState,         ///< The object is not in a state that allows the operation (no std::errc equivalent).
    IoError,              ///< Reading or writing failed (std::errc::io_error).
    TimedOut,             ///< An operation did not finish in time (std::errc::timed_out).
};

namespace detail {

class ErrorCategoryImpl final : public std::error_category {
public:
    constexpr ErrorCategoryImpl() noexcept = default;

    [[nodiscard]] const char* name() const noexcept override { return "coremusic"; }

    [[nodiscard]] std::string message(int code) const override {
        switch (static_cast<Errc>(code)) {
        case Errc::InvalidArgument:
            return "invalid argument";
        case Errc::OutOfRange:
            return "value out of range";
        case Errc::InvalidFormat:
            return "invalid format: the input is not in the expected format";
        case Errc::NotSupported:
            return "not supported";
        case Errc::BackendUnavailable:
            return "backend unavailable: not built in or cannot start";
        case Errc::InvalidState:
            return "operation not allowed in the current state";
        case Errc::IoError:
            return "input/output error";
        case Errc::TimedOut:
            return "timed out";
        }
        return "unknown coremusic error " + std::to_string(code);
    }

    [[nodiscard]] std::error_condition default_error_condition(int code) const noexcept override {
        switch (static_cast<Errc>(code)) {
        case Errc::InvalidArgument:
        case Errc::InvalidFormat:
            return std::make_error_condition(std::errc::invalid_argument);
        case Errc::OutOfRange:
            return std::make_error_condition(std::errc::argument_out_of_domain);
        case Errc::NotSupported:
        case Errc::BackendUnavailable:
            return std::make_error_condition(std::errc::not_supported);
        case Errc::IoError:
            return std::make_error_condition(std::errc::io_error);
        case Errc::TimedOut:
            return std::make_error_condition(std::errc::timed_out);
        case Errc::InvalidState:
            break;
        }
        return {code, *this};
    }
};

// constinit: no guard variable, so error_category() costs nothing on any
// thread, the audio thread included.
CM_DETAIL_CATEGORY_VISIBILITY inline constinit const ErrorCategoryImpl error_category_instance{};

} // namespace detail

/// The category of cm::Errc values.
/// Thread-safe. Realtime-safe (message() is not: it allocates).
[[nodiscard]] inline const std::error_category& error_category() noexcept {
    return detail::error_category_instance;
}

/// Makes `std::error_code ec = cm::Errc::InvalidFormat;` work (found by ADL).
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline std::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Lets cm::Errc be compared with std::error_condition values.
/// Thread-safe. Realtime-safe.
[[nodiscard]] inline std::error_condition make_error_condition(Errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Base of every exception coremusic throws. The code says what failed in a
/// form a program can test (`e.code() == cm::Errc::InvalidFormat`, or an
/// OSStatus in os_status_category()); what() says which input was bad and
/// what was expected, for a human.
class Error : public std::system_error {
public:
    /// A failure with a specific code, e.g. an OSStatus an Apple API returned.
    Error(std::error_code code, const std::string& message) : std::system_error(code, message) {}
    /// A failure coremusic detected itself; the code is Errc::InvalidArgument.
    explicit Error(const std::string& message) : Error(make_error_code(Errc::InvalidArgument), message) {}
};

// One subclass per area so callers can catch what they can handle. Each one's
// message-only constructor picks the Errc most failures of that area are.

/// Opening, reading or writing an audio file failed.
/// Message-only constructor: Errc::InvalidFormat (a file whose contents are wrong).
class AudioFileError : public Error {
public:
    /// With the code the failing call reported.
    AudioFileError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit AudioFileError(const std::string& message) : Error(make_error_code(Errc::InvalidFormat), message) {}
};

/// An audio format (sample format, FourCC, stream description) is malformed
/// or cannot be used. Message-only constructor: Errc::InvalidFormat.
class AudioFormatError : public Error {
public:
    /// With the code the failing call reported.
    AudioFormatError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit AudioFormatError(const std::string& message) : Error(make_error_code(Errc::InvalidFormat), message) {}
};

/// An audio processing unit (AudioUnit, LV2, built-in) failed.
/// Message-only constructor: Errc::InvalidState.
class AudioUnitError : public Error {
public:
    /// With the code the failing call reported.
    AudioUnitError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit AudioUnitError(const std::string& message) : Error(make_error_code(Errc::InvalidState), message) {}
};

/// An audio queue (buffered playback or recording) failed.
/// Message-only constructor: Errc::InvalidState.
class AudioQueueError : public Error {
public:
    /// With the code the failing call reported.
    AudioQueueError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit AudioQueueError(const std::string& message) : Error(make_error_code(Errc::InvalidState), message) {}
};

/// An audio device could not be found, opened, configured or run.
/// Message-only constructor: Errc::NotSupported (the device cannot do what was asked).
class DeviceError : public Error {
public:
    /// With the code the failing call reported.
    DeviceError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit DeviceError(const std::string& message) : Error(make_error_code(Errc::NotSupported), message) {}
};

/// A MIDI message, port or client failed (including out-of-range values).
/// Message-only constructor: Errc::InvalidArgument.
class MidiError : public Error {
public:
    /// With the code the failing call reported.
    MidiError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit MidiError(const std::string& message) : Error(make_error_code(Errc::InvalidArgument), message) {}
};

/// A Standard MIDI File could not be read or written.
/// Message-only constructor: Errc::InvalidFormat.
class MidiFileError : public Error {
public:
    /// The offset() of an error that is not about a place in the file.
    static constexpr std::uint64_t no_offset = ~std::uint64_t{0};

    /// With the code the failing call reported.
    MidiFileError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit MidiFileError(const std::string& message) : Error(make_error_code(Errc::InvalidFormat), message) {}
    /// About the byte at `offset` from the start of the file (the message
    /// names it too).
    MidiFileError(std::error_code code, const std::string& message, std::uint64_t offset)
        : Error(code, message), offset_(offset) {}

    /// The byte offset in the file where reading failed, or no_offset.
    [[nodiscard]] std::uint64_t offset() const noexcept { return offset_; }

private:
    std::uint64_t offset_ = no_offset;
};

/// Ableton Link tempo sync failed or is not built in.
/// Message-only constructor: Errc::BackendUnavailable.
class LinkError : public Error {
public:
    /// With the code the failing call reported.
    LinkError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit LinkError(const std::string& message) : Error(make_error_code(Errc::BackendUnavailable), message) {}
};

/// Music theory input is invalid (a note name, interval, scale or chord).
/// Message-only constructor: Errc::InvalidArgument.
class TheoryError : public Error {
public:
    /// With the code the failing call reported.
    TheoryError(std::error_code code, const std::string& message) : Error(code, message) {}
    /// With this class's default code (above).
    explicit TheoryError(const std::string& message) : Error(make_error_code(Errc::InvalidArgument), message) {}
};

namespace detail {

/// The one place that implements the two API styles. A throwing function and
/// its noexcept `std::error_code&` overload share one implementation taking
/// `std::error_code* ec`; the throwing one passes nullptr:
///
///     FourCC parse(std::string_view s) { return parse_impl(s, nullptr); }
///     FourCC parse(std::string_view s, std::error_code& ec) noexcept { return parse_impl(s, &ec); }
///     ... inside parse_impl, on failure:
///     return report<AudioFormatError>(ec, Errc::InvalidFormat, [&] { return describe(s); }), FourCC{};
///
/// With an ec it only stores the code (the message callable is never run, so
/// the noexcept path neither allocates nor throws); without one it throws
/// `E(code, message)`. `message` is a string or a callable returning one;
/// pass a callable when building the text costs anything.
/// Thread-safe. Realtime-safe when ec is non-null: it neither allocates, locks
/// nor throws. (Functions marked CM_NONBLOCKING still cannot take this route:
/// libstdc++ does not declare std::error_code's members nonblocking, so they
/// report failure by return value.)
template <class E = Error, class Code, class Message>
void report(std::error_code* ec, Code code, Message&& message) {
    static_assert(std::is_base_of_v<Error, E>, "report() throws cm::Error subclasses only");
    const std::error_code c{code};
    if (ec != nullptr) {
        *ec = c;
        return;
    }
    if constexpr (std::is_invocable_v<Message>) {
        throw E(c, std::string(std::forward<Message>(message)()));
    } else {
        throw E(c, std::string(std::forward<Message>(message)));
    }
}

/// Marks success for the `std::error_code&` overloads, which clear ec on
/// success as std::filesystem does. Thread-safe. Realtime-safe.
inline void report_success(std::error_code* ec) noexcept {
    if (ec != nullptr) {
        ec->clear();
    }
}

} // namespace detail
} // namespace cm

/// cm::Errc converts implicitly to std::error_code.
template <>
struct std::is_error_code_enum<cm::Errc> : std::true_type {};
