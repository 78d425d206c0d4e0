// RecordingWriter: the producer's wait-free side and the writer thread that
// drains the ring into the file, flushing after every block.
#include <coremusic/ca/recording_writer.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <coremusic/ca/audio_file.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/core/sample_conversion.hpp>
#include <coremusic/core/spsc_ring_buffer.hpp>

#include "ca/quoted.hpp"

namespace cm::ca {

namespace {

using detail::quoted;

// Frames the producer interleaves at a time (its scratch block).
constexpr std::size_t producer_block_frames = 256;


[[noreturn]] void throw_moved_from(const char* what) {
    throw Error(make_error_code(Errc::InvalidState),
                std::string("RecordingWriter::") + what + ": the writer was moved from");
}

const RecordingWriterSettings& checked(const RecordingWriterSettings& s) {
    if (s.buffer_frames == 0) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "RecordingWriter: buffer_frames must be at least 1 (got 0)");
    }
    if (s.write_block_frames == 0) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "RecordingWriter: write_block_frames must be at least 1 (got 0)");
    }
    if (s.poll_interval.count() < 1) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "RecordingWriter: poll_interval must be at least 1 microsecond (got " +
                        std::to_string(s.poll_interval.count()) + " us)");
    }
    if (s.buffer_frames > std::numeric_limits<std::size_t>::max() / 2 / max_channels ||
        s.write_block_frames > std::numeric_limits<std::size_t>::max() / max_channels) {
        throw Error(make_error_code(Errc::OutOfRange), "RecordingWriter: buffer_frames " +
                                                           std::to_string(s.buffer_frames) + " or write_block_frames " +
                                                           std::to_string(s.write_block_frames) + " is too large");
    }
    return s;
}

AudioFile create_checked(const std::filesystem::path& path, const AudioFileSettings& settings) {
    AudioFile file = AudioFile::create(path, settings);
    if (file.channels() == 0 || file.channels() > max_channels) {
        throw AudioFileError(make_error_code(Errc::NotSupported),
                             "RecordingWriter: " + quoted(path) + " has " + std::to_string(file.channels()) +
                                 " channels; a recording carries 1 to " + std::to_string(max_channels));
    }
    // A valid (empty) file on disk before the first frame arrives.
    file.flush();
    return file;
}

} // namespace

struct RecordingWriter::Impl {
    Impl(const std::filesystem::path& p, const AudioFileSettings& f, const RecordingWriterSettings& s)
        : path(p),
          settings(checked(s)),
          file(create_checked(p, f)),
          channels(file.channels()),
          sample_rate(file.sample_rate()),
          ring(s.buffer_frames * channels),
          producer_scratch(producer_block_frames * channels),
          writer_scratch(s.write_block_frames * channels) {}

    // ---- fixed at construction ----
    const std::filesystem::path path;
    const RecordingWriterSettings settings;
    AudioFile file;  // the writer thread's while it runs
    const std::size_t channels;
    const double sample_rate;
    SpscRingBuffer<float> ring;  // interleaved samples

    // ---- control <-> writer, under `mutex` ----
    mutable std::mutex mutex;
    std::condition_variable wake;
    bool stop_requested = false;
    std::error_code error_code;
    std::string error_text;
    std::thread thread;
    bool stopped = false;  // control thread's own

    // ---- published ----
    std::atomic<bool> accepting{true};
    std::atomic<bool> failed{false};
    alignas(cache_line_size) std::atomic<std::int64_t> frames_written{0};  // writer thread
    alignas(cache_line_size) std::atomic<std::int64_t> frames_queued{0};   // producer
    std::atomic<std::int64_t> dropped{0};                                  // producer
    std::atomic<std::uint64_t> overruns{0};                                // producer

    // ---- each side's own ----
    alignas(cache_line_size) std::vector<float> producer_scratch;
    alignas(cache_line_size) std::vector<float> writer_scratch;

    void run() noexcept;
    void drain() noexcept;
    void record_failure(std::error_code code, std::string text);

    // One writer per counter (the producer): load + store, no read-modify-write.
    template <class T>
    static void bump(std::atomic<T>& counter, T by) noexcept CM_NONBLOCKING {
        counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    }
    void drop(std::size_t frames) noexcept CM_NONBLOCKING {
        bump(dropped, static_cast<std::int64_t>(frames));
    }
    // True when `frames` frames may be queued; counts the refusal otherwise.
    bool admit(std::size_t frames) noexcept CM_NONBLOCKING {
        if (!accepting.load(std::memory_order_acquire) || failed.load(std::memory_order_acquire)) {
            drop(frames);
            return false;
        }
        // A lower bound from the producer's side: if it fits now it still fits
        // when we write, whatever the writer thread does meanwhile.
        if (ring.available_write() / channels < frames) {
            bump(overruns, std::uint64_t{1});
            drop(frames);
            return false;
        }
        return true;
    }
};

void RecordingWriter::Impl::record_failure(std::error_code code, std::string text) {
    const std::lock_guard lock(mutex);
    if (!failed.load(std::memory_order_relaxed)) {
        error_code = code;
        error_text = std::move(text);
    }
    failed.store(true, std::memory_order_release);
}

void RecordingWriter::Impl::drain() noexcept {
    for (;;) {
        const std::size_t available = ring.available_read() / channels;
        if (available == 0) return;
        const std::size_t n = std::min(available, settings.write_block_frames);
        const std::span<float> block(writer_scratch.data(), n * channels);
        const std::size_t got = ring.read(block);
        (void)got;  // == n * channels: `available` was a lower bound, and only this thread reads
        if (failed.load(std::memory_order_relaxed)) continue;  // discard: the file is lost already
        std::error_code code;
        std::string text;
        try {
            file.write_frames(ConstInterleavedView(std::span<const float>(block), channels));
            // The header now describes every frame written: a crash from here
            // on keeps them.
            file.flush();
            frames_written.store(frames_written.load(std::memory_order_relaxed) + static_cast<std::int64_t>(n),
                                 std::memory_order_release);
            continue;
        } catch (const std::system_error& e) {  // cm::Error included
            code = e.code();
            text = e.what();
        } catch (const std::bad_alloc&) {
            code = std::make_error_code(std::errc::not_enough_memory);
            text = "RecordingWriter: out of memory writing " + quoted(path);
        } catch (const std::exception& e) {
            code = make_error_code(Errc::IoError);
            text = std::string("RecordingWriter: writing ") + quoted(path) + ": " + e.what();
        }
        try {
            record_failure(code, "RecordingWriter: after " + std::to_string(frames_written.load()) +
                                     " frames: " + text);
        } catch (...) {
            // Building the message ran out of memory: keep the flag at least.
            failed.store(true, std::memory_order_release);
        }
    }
}

void RecordingWriter::Impl::run() noexcept {
    std::unique_lock lock(mutex);
    for (;;) {
        // Polls: the producer queues frames without telling (see
        // RecordingWriterSettings::poll_interval).
        wake.wait_for(lock, settings.poll_interval, [&] { return stop_requested; });
        const bool stopping = stop_requested;
        lock.unlock();
        drain();
        lock.lock();
        if (stopping) return;  // stop() set it after the producer's last frames
    }
}

RecordingWriter::RecordingWriter(const std::filesystem::path& path, const AudioFileSettings& file,
                                 const RecordingWriterSettings& settings)
    : impl_(std::make_unique<Impl>(path, file, settings)) {
    Impl& m = *impl_;
    m.thread = std::thread([&m] { m.run(); });
}

RecordingWriter::~RecordingWriter() {
    std::error_code ec;
    stop(ec);
}

RecordingWriter::RecordingWriter(RecordingWriter&& other) noexcept = default;

RecordingWriter& RecordingWriter::operator=(RecordingWriter&& other) noexcept {
    if (this != &other) {
        std::error_code ec;
        stop(ec);
        impl_ = std::move(other.impl_);
    }
    return *this;
}

void RecordingWriter::stop(std::error_code& ec) noexcept {
    ec.clear();
    if (!impl_) return;
    Impl& m = *impl_;
    if (m.stopped) return;
    m.stopped = true;
    m.accepting.store(false, std::memory_order_release);
    {
        const std::lock_guard lock(m.mutex);
        m.stop_requested = true;
    }
    m.wake.notify_all();
    if (m.thread.joinable()) m.thread.join();
    // The thread is gone: the file is this thread's again.
    if (!m.failed.load(std::memory_order_acquire)) {
        try {
            m.file.close();
        } catch (const std::system_error& e) {
            m.record_failure(e.code(), e.what());
        } catch (const std::exception& e) {
            m.record_failure(make_error_code(Errc::IoError),
                             "RecordingWriter: finishing " + quoted(m.path) + ": " + e.what());
        }
    } else {
        // Closing still releases the file; its error is not the first one.
        try {
            m.file.close();
        } catch (...) {  // NOLINT(bugprone-empty-catch): the first failure is the one reported
        }
    }
    if (m.failed.load(std::memory_order_acquire)) {
        const std::lock_guard lock(m.mutex);
        ec = m.error_code ? m.error_code : make_error_code(Errc::IoError);
    }
}

void RecordingWriter::stop() {
    if (!impl_ || impl_->stopped) return;
    std::error_code ec;
    stop(ec);
    if (ec) throw AudioFileError(ec, error_message());
}

bool RecordingWriter::write(ConstAudioBufferView in) noexcept CM_NONBLOCKING {
    if (!impl_ || in.channels() != impl_->channels) return false;
    Impl& m = *impl_;
    const std::size_t frames = in.frames();
    if (frames == 0) return true;
    if (!m.admit(frames)) return false;
    const std::size_t ch = m.channels;
    for (std::size_t done = 0; done < frames;) {
        const std::size_t n = std::min(frames - done, producer_block_frames);
        const std::span<float> block(m.producer_scratch.data(), n * ch);
        if (const auto dst = InterleavedView::try_make(block, ch)) interleave(in.subview(done, n), *dst);
        const std::size_t put = m.ring.write(std::span<const float>(block));
        (void)put;  // == n * ch: admit() saw room for the whole block
        done += n;
    }
    Impl::bump(m.frames_queued, static_cast<std::int64_t>(frames));
    return true;
}

bool RecordingWriter::write(ConstInterleavedView in) noexcept CM_NONBLOCKING {
    if (!impl_ || in.channels() != impl_->channels) return false;
    Impl& m = *impl_;
    const std::size_t frames = in.frames();
    if (frames == 0) return true;
    if (!m.admit(frames)) return false;
    const std::size_t put = m.ring.write(in.samples());
    (void)put;
    Impl::bump(m.frames_queued, static_cast<std::int64_t>(frames));
    return true;
}

bool RecordingWriter::running() const noexcept CM_NONBLOCKING {
    return impl_ && impl_->accepting.load(std::memory_order_acquire);
}

std::int64_t RecordingWriter::frames_written() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->frames_written.load(std::memory_order_acquire) : 0;
}

std::int64_t RecordingWriter::frames_queued() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->frames_queued.load(std::memory_order_relaxed) : 0;
}

std::uint64_t RecordingWriter::overruns() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->overruns.load(std::memory_order_relaxed) : 0;
}

std::int64_t RecordingWriter::dropped_frames() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->dropped.load(std::memory_order_relaxed) : 0;
}

bool RecordingWriter::failed() const noexcept CM_NONBLOCKING {
    return impl_ && impl_->failed.load(std::memory_order_acquire);
}

std::error_code RecordingWriter::error() const {
    if (!impl_) throw_moved_from("error");
    const std::lock_guard lock(impl_->mutex);
    return impl_->error_code;
}

std::string RecordingWriter::error_message() const {
    if (!impl_) throw_moved_from("error_message");
    const std::lock_guard lock(impl_->mutex);
    return impl_->error_text;
}

const std::filesystem::path& RecordingWriter::path() const {
    if (!impl_) throw_moved_from("path");
    return impl_->path;
}

std::size_t RecordingWriter::channels() const noexcept CM_NONBLOCKING { return impl_ ? impl_->channels : 0; }
double RecordingWriter::sample_rate() const noexcept CM_NONBLOCKING { return impl_ ? impl_->sample_rate : 0.0; }

} // namespace cm::ca
