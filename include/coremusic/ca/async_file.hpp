// coremusic/ca/async_file.hpp
// Loading and saving whole audio files, in the calling thread or in the
// background (futures or callbacks), saves atomically replacing the target.
#pragma once

#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <system_error>

#include <coremusic/ca/progress.hpp>
#include <coremusic/ca/audio_data.hpp>
#include <coremusic/ca/audio_file_type.hpp>

namespace cm::ca {


/// Called once when an async load ends, on the worker thread: with the data
/// and a null `error`, or with an empty AudioData and the exception the load
/// threw (std::rethrow_exception(error) to inspect it).
using LoadCallback = std::function<void(AudioData data, std::exception_ptr error)>;

/// Called once when an async save ends, on the worker thread: `error` is
/// null on success, else the exception the save threw.
using SaveCallback = std::function<void(std::exception_ptr error)>;

/// Reads the whole file at `path` (any type AudioFile reads) as planar
/// float. Throws AudioFileError as AudioFile::open() and read_frames() do.
/// Thread-safe (distinct calls share nothing). Not realtime-safe.
[[nodiscard]] AudioData load_audio(const std::filesystem::path& path, const ProgressCallback& progress = {});
/// As above, reporting a cm::Error through `ec` (cleared on success) and
/// returning an empty AudioData. std::bad_alloc still propagates.
[[nodiscard]] AudioData load_audio(const std::filesystem::path& path, std::error_code& ec);

/// Writes `data` to `path` as `settings` say, atomically: the file is
/// written under a temporary name in the same directory and renamed over
/// `path` only when complete, so `path` is either left as it was or holds
/// the whole new file, and a failed save leaves no partial file.
///
/// The sample rate and channel count written are the data's:
/// settings.sample_rate and settings.channels are ignored (no resampling or
/// channel mapping happens here; see convert() for that). settings.type,
/// sample_format, codec and quality apply as in AudioFile::create().
///
/// Throws AudioFormatError (Errc::InvalidArgument) for data without channels
/// or with a sample rate that is not finite and positive, and
/// AudioFormatError / AudioFileError as AudioFile::create(), write_frames()
/// and close() do, or when the rename fails.
/// Thread-safe for distinct paths. Not realtime-safe.
void save_audio(const std::filesystem::path& path, const AudioData& data, const AudioFileSettings& settings,
                const ProgressCallback& progress = {});
/// As above, reporting a cm::Error or filesystem error through `ec`
/// (cleared on success). std::bad_alloc still propagates.
void save_audio(const std::filesystem::path& path, const AudioData& data, const AudioFileSettings& settings,
                std::error_code& ec);

/// load_audio() on a new worker thread. The future's get() returns the data
/// or rethrows what load_audio() threw. As with std::async, destroying the
/// future waits for the load to finish. Throws std::system_error when no
/// thread can be started. Thread-safe. Not realtime-safe.
[[nodiscard]] std::future<AudioData> load_audio_async(std::filesystem::path path, ProgressCallback progress = {});

/// load_audio() on a new worker thread that then calls `on_done` (see
/// LoadCallback). The returned future becomes ready after `on_done` returns
/// and rethrows what `on_done` threw; destroying it waits for both, so keep
/// it for as long as the work should run in the background.
/// Thread-safe. Not realtime-safe.
[[nodiscard]] std::future<void> load_audio_async(std::filesystem::path path, LoadCallback on_done,
                                                 ProgressCallback progress = {});

/// save_audio() on a new worker thread, which owns `data` and `settings`
/// (move the data in to avoid a copy). The future's get() rethrows what
/// save_audio() threw; destroying it waits for the save. Thread-safe. Not
/// realtime-safe.
[[nodiscard]] std::future<void> save_audio_async(std::filesystem::path path, AudioData data,
                                                 AudioFileSettings settings, ProgressCallback progress = {});

/// save_audio() on a new worker thread that then calls `on_done` (see
/// SaveCallback). The returned future becomes ready after `on_done`
/// returns; destroying it waits for both. Thread-safe. Not realtime-safe.
[[nodiscard]] std::future<void> save_audio_async(std::filesystem::path path, AudioData data,
                                                 AudioFileSettings settings, SaveCallback on_done,
                                                 ProgressCallback progress = {});

} // namespace cm::ca
