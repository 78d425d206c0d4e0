// src/ca/quoted.hpp (private)
// How error messages in cm::ca name a file: in single quotes.
#pragma once

#include <filesystem>
#include <string>

namespace cm::ca::detail {

/// 'path'. Appending rather than "'" + path.string(): GCC 12 at -O3 reports a
/// false -Wrestrict inside operator+(const char*, std::string&&).
inline std::string quoted(const std::filesystem::path& path) {
    std::string s(1, '\'');
    s += path.string();
    s += '\'';
    return s;
}

} // namespace cm::ca::detail
