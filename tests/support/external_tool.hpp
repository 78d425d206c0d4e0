// tests/support/external_tool.hpp
// Running the independent tools the tests compare against (sox, soxi,
// fluidsynth...) and a scratch directory per test.
#pragma once

#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace cm::test {

/// What a command printed on stdout and how it exited.
struct ToolResult {
    int exit_code = -1;
    std::string output;
};

/// Quotes one argument for /bin/sh.
inline std::string shell_quote(const std::string& arg) {
    std::string q = "'";
    for (char c : arg) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

/// Runs `argv` through /bin/sh (stderr to /dev/null unless keep_stderr) and
/// collects stdout.
inline ToolResult run_tool(const std::vector<std::string>& argv, bool keep_stderr = false) {
    std::string cmd;
    for (const auto& a : argv) cmd += shell_quote(a) + ' ';
    cmd += keep_stderr ? "2>&1" : "2>/dev/null";
    ToolResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    char buf[65536];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    const int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

/// True when `program` is on PATH.
inline bool have_tool(const std::string& program) {
    return run_tool({"sh", "-c", "command -v " + shell_quote(program)}).exit_code == 0;
}

/// A fresh directory under the system temp dir, removed with its contents
/// when the object goes away.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = std::filesystem::temp_directory_path() /
                             ("coremusic-test-" + std::to_string(rd()) + std::to_string(rd()));
            if (std::filesystem::create_directory(candidate)) {
                path_ = candidate;
                return;
            }
        }
        throw std::runtime_error("ScratchDir: cannot create a temporary directory");
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

} // namespace cm::test
