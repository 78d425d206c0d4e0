// tests/ca/stream_test_util.hpp
// Shared by the streaming, recording and async file tests: files made by sox
// and the samples sox reports for them (the independent expectation).
#pragma once

#include "external_tool.hpp"
#include "sox.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace cm::test::stream {

/// Samples as sox reports them: frames x channels, interleaved.
using cm::test::SoxSamples;
using cm::test::sox_samples;

/// One header field from soxi (-r rate, -c channels, -s frames, -b bits).
inline std::string soxi(const std::string& flag, const std::filesystem::path& file) { return cm::test::soxi(file, flag); }

/// Frame `i` of the index-coded test signal, channel `c`, as an int16:
/// channels 0 and 1 together give i back (15 bits each), further channels
/// carry other functions of i so a swapped channel shows.
inline std::int16_t coded_sample(std::size_t i, std::size_t c) {
    switch (c) {
    case 0: return static_cast<std::int16_t>(static_cast<int>(i & 0x7FFFU) - 16384);
    case 1: return static_cast<std::int16_t>(static_cast<int>((i >> 15U) & 0x7FFFU) - 16384);
    default: return static_cast<std::int16_t>(static_cast<int>((i * (c + 7U)) & 0xFFFFU) - 32768);
    }
}

/// The frame index that channels 0 and 1 (given as floats from the file)
/// encode; for mono, channel 0 alone (frames < 32768).
inline std::int64_t decode_index(float ch0, float ch1) {
    const auto l = static_cast<std::int64_t>(std::lround(ch0 * 32768.0F)) + 16384;
    const auto r = static_cast<std::int64_t>(std::lround(ch1 * 32768.0F)) + 16384;
    return (r << 15) | l;
}

/// Makes `out` with sox from a raw int16 index-coded signal (rate 8000) of
/// `frames` frames and `channels` channels; `extra` are sox output options
/// (e.g. {"-b", "24"}). False when sox fails.
inline bool make_coded_file(const std::filesystem::path& out, std::size_t frames, std::size_t channels,
                            const std::vector<std::string>& extra = {}) {
    const std::filesystem::path raw = out.string() + ".raw";
    {
        std::ofstream f(raw, std::ios::binary);
        for (std::size_t i = 0; i < frames; ++i) {
            for (std::size_t c = 0; c < channels; ++c) {
                const std::int16_t s = coded_sample(i, c);
                const auto u = static_cast<std::uint16_t>(s);
                const char b[2] = {static_cast<char>(u & 0xFFU), static_cast<char>(u >> 8U)};
                f.write(b, 2);
            }
        }
    }
    std::vector<std::string> cmd{"sox", "-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16",
                                 "-c", std::to_string(channels), "-L", raw.string()};
    cmd.insert(cmd.end(), extra.begin(), extra.end());
    cmd.push_back(out.string());
    const bool ok = run_tool(cmd).exit_code == 0;
    std::filesystem::remove(raw);
    return ok;
}

/// Waits until `done()` holds; false after `timeout`. It looks every 100 us:
/// that is how often the condition is checked, not a delay the test relies on.
template <class Pred>
bool wait_for(Pred done, std::chrono::milliseconds timeout = std::chrono::seconds{60}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::microseconds{100});
    }
    return true;
}

} // namespace cm::test::stream
