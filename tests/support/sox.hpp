// tests/support/sox.hpp
// What sox says about an audio file: its samples (`sox FILE -t dat -`) and
// its header fields (`soxi`), the independent reading the cm::ca tests
// compare with.
#pragma once

#include <cstddef>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "external_tool.hpp"

namespace cm::test {

/// The samples sox decodes from a file, interleaved, as doubles in [-1, 1).
struct SoxSamples {
    std::size_t channels = 0;
    std::vector<double> samples;

    [[nodiscard]] std::size_t frames() const { return channels == 0 ? 0 : samples.size() / channels; }
    [[nodiscard]] double at(std::size_t frame, std::size_t channel) const {
        return samples[frame * channels + channel];
    }
    /// One channel's samples.
    [[nodiscard]] std::vector<double> channel(std::size_t c) const {
        std::vector<double> out(frames());
        for (std::size_t f = 0; f < out.size(); ++f) out[f] = at(f, c);
        return out;
    }
    /// Frame by frame: frames()[f][c].
    [[nodiscard]] std::vector<std::vector<double>> by_frame() const {
        std::vector<std::vector<double>> out(frames());
        for (std::size_t f = 0; f < out.size(); ++f) {
            out[f].assign(samples.begin() + static_cast<std::ptrdiff_t>(f * channels),
                          samples.begin() + static_cast<std::ptrdiff_t>((f + 1) * channels));
        }
        return out;
    }
};

/// `sox FILE -t dat -`: a "; Channels N" header, then one line per frame,
/// the time and one value per channel. Throws std::runtime_error when sox
/// fails (the test then fails naming the file).
inline SoxSamples sox_samples(const std::filesystem::path& file) {
    const ToolResult r = run_tool({"sox", file.string(), "-t", "dat", "-"});
    if (r.exit_code != 0) throw std::runtime_error("sox could not read " + file.string());
    SoxSamples out;
    std::istringstream lines(r.output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == ';') {
            if (line.rfind("; Channels", 0) == 0) out.channels = std::stoul(line.substr(10));
            continue;
        }
        std::istringstream fields(line);
        double time = 0.0;
        fields >> time;
        double v = 0.0;
        while (fields >> v) out.samples.push_back(v);
    }
    return out;
}

/// One header field from soxi (-r rate, -c channels, -s frames, -b bits,
/// -e encoding, -t type), without the trailing newline.
inline std::string soxi(const std::filesystem::path& file, const std::string& flag) {
    std::string out = run_tool({"soxi", flag, file.string()}).output;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
    return out;
}

} // namespace cm::test
