// Whole-file load and save, and their background forms. Each async call
// runs on its own std::async thread: loads and saves take milliseconds to
// seconds, so a thread per call costs nothing that matters, and no pool,
// singleton or detached thread outlives the caller's future.
#include <coremusic/ca/async_file.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>

#include <coremusic/ca/audio_file.hpp>
#include <coremusic/core/error.hpp>

#include "ca/quoted.hpp"
#include "ca/with_error_code.hpp"
#include "ca/temporary_name.hpp"

namespace cm::ca {

namespace {

using detail::quoted;

// Frames per read or write between progress reports.
constexpr std::size_t block_frames = 65536;


void report(const ProgressCallback& progress, double fraction) {
    if (progress) progress(fraction);
}

using detail::temporary_name;

void check_data(const std::filesystem::path& path, const AudioData& data) {
    if (data.channels() == 0) {
        throw AudioFormatError(make_error_code(Errc::InvalidArgument),
                               "save_audio " + quoted(path) + ": the data has no channels (an empty AudioBuffer); "
                                                              "expected 1 or more");
    }
    if (!std::isfinite(data.sample_rate) || data.sample_rate <= 0.0) {
        throw AudioFormatError(make_error_code(Errc::InvalidArgument),
                               "save_audio " + quoted(path) + ": the data's sample rate " +
                                   std::to_string(data.sample_rate) + " is not a positive number of Hz");
    }
}

using detail::with_error_code;

} // namespace

AudioData load_audio(const std::filesystem::path& path, const ProgressCallback& progress) {
    AudioFile file = AudioFile::open(path);
    const std::int64_t frames = file.frame_count();
    AudioData data;
    data.sample_rate = file.sample_rate();
    data.samples = AudioBuffer(static_cast<std::size_t>(frames), file.channels());
    report(progress, 0.0);
    std::size_t done = 0;
    const auto total = static_cast<std::size_t>(frames);
    while (done < total) {
        const std::size_t want = std::min(block_frames, total - done);
        const std::size_t got = file.read_frames(static_cast<std::int64_t>(done), data.samples.view().subview(done, want));
        done += got;
        if (got < want) break;
        report(progress, static_cast<double>(done) / static_cast<double>(total));
    }
    if (done < total) {
        // The header promised more than the data holds (a truncated file):
        // keep what is there, as AudioFile::read_all() does.
        AudioBuffer shorter(done, data.samples.channels());
        for (std::size_t c = 0; c < shorter.channels(); ++c) {
            std::copy_n(data.samples.channel(c).data(), done, shorter.channel(c).data());
        }
        data.samples = std::move(shorter);
    }
    report(progress, 1.0);
    return data;
}

AudioData load_audio(const std::filesystem::path& path, std::error_code& ec) {
    return with_error_code(ec, [&] { return load_audio(path); });
}

void save_audio(const std::filesystem::path& path, const AudioData& data, const AudioFileSettings& settings,
                const ProgressCallback& progress) {
    check_data(path, data);
    AudioFileSettings s = settings;
    s.sample_rate = data.sample_rate;
    s.channels = static_cast<std::uint32_t>(data.channels());
    const std::filesystem::path tmp = temporary_name(path);
    try {
        AudioFile file = AudioFile::create(tmp, s);
        report(progress, 0.0);
        const std::size_t total = data.frames();
        for (std::size_t done = 0; done < total;) {
            const std::size_t n = std::min(block_frames, total - done);
            file.write_frames(data.view().subview(done, n));
            done += n;
            report(progress, static_cast<double>(done) / static_cast<double>(total));
        }
        file.close();
        std::error_code ec;
        std::filesystem::rename(tmp, path, ec);
        if (ec) {
            throw AudioFileError(ec, "save_audio: cannot move the finished file " + quoted(tmp) + " to " +
                                         quoted(path) + ": " + ec.message());
        }
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw;
    }
    report(progress, 1.0);
}

void save_audio(const std::filesystem::path& path, const AudioData& data, const AudioFileSettings& settings,
                std::error_code& ec) {
    with_error_code(ec, [&] {
        save_audio(path, data, settings);
        return 0;
    });
}

std::future<AudioData> load_audio_async(std::filesystem::path path, ProgressCallback progress) {
    return std::async(std::launch::async, [p = std::move(path), f = std::move(progress)] { return load_audio(p, f); });
}

std::future<void> load_audio_async(std::filesystem::path path, LoadCallback on_done, ProgressCallback progress) {
    return std::async(std::launch::async,
                      [p = std::move(path), done = std::move(on_done), f = std::move(progress)] {
                          AudioData data;
                          std::exception_ptr error;
                          try {
                              data = load_audio(p, f);
                          } catch (...) {
                              error = std::current_exception();
                          }
                          if (done) done(std::move(data), error);
                      });
}

std::future<void> save_audio_async(std::filesystem::path path, AudioData data, AudioFileSettings settings,
                                   ProgressCallback progress) {
    return std::async(std::launch::async, [p = std::move(path), d = std::move(data), s = std::move(settings),
                                           f = std::move(progress)] { save_audio(p, d, s, f); });
}

std::future<void> save_audio_async(std::filesystem::path path, AudioData data, AudioFileSettings settings,
                                   SaveCallback on_done, ProgressCallback progress) {
    return std::async(std::launch::async, [p = std::move(path), d = std::move(data), s = std::move(settings),
                                           done = std::move(on_done), f = std::move(progress)] {
        std::exception_ptr error;
        try {
            save_audio(p, d, s, f);
        } catch (...) {
            error = std::current_exception();
        }
        if (done) done(error);
    });
}

} // namespace cm::ca
