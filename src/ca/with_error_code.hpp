// src/ca/with_error_code.hpp (private)
// The std::error_code& overloads of calls whose work throws deep inside
// (file I/O, codecs): run the throwing form and turn its exception into ec.
#pragma once

#include <filesystem>
#include <system_error>

#include <coremusic/core/error.hpp>

namespace cm::ca::detail {

/// Runs `f`; on success clears `ec` and returns its result, on a cm::Error
/// or filesystem_error stores the code and returns a value-initialised
/// result. Anything else (std::bad_alloc) propagates, as in std::filesystem.
template <class F>
auto with_error_code(std::error_code& ec, F&& f) -> decltype(f()) {
    try {
        if constexpr (std::is_void_v<decltype(f())>) {
            f();
            ec.clear();
            return;
        } else {
            auto result = f();
            ec.clear();
            return result;
        }
    } catch (const Error& e) {
        ec = e.code();
    } catch (const std::filesystem::filesystem_error& e) {
        ec = e.code();
    }
    return decltype(f())();
}

} // namespace cm::ca::detail
