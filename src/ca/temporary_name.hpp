// src/ca/temporary_name.hpp (private)
// Where a file is written before it is renamed into place, so that a failed
// or cancelled save never leaves a partial file under the real name.
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace cm::ca::detail {

/// A name beside `target` (same directory, so the same file system and an
/// atomic rename) that no other save picks: hidden, with 64 random bits.
inline std::filesystem::path temporary_name(const std::filesystem::path& target) {
    std::random_device rd;
    const auto stamp = (static_cast<unsigned long long>(rd()) << 32U) ^ rd();
    // Appending, not "lit" + std::string&&: GCC 12 at -O3 reports a false -Wrestrict.
    std::string name(1, '.');
    name += target.filename().string();
    name += ".tmp-";
    name += std::to_string(stamp);
    std::filesystem::path tmp = target;
    tmp.replace_filename(name);
    return tmp;
}

} // namespace cm::ca::detail
