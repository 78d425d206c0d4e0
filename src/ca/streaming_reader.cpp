// StreamingReader: the reader thread, and the consumer's wait-free side.
//
// Frames travel in an interleaved SpscRingBuffer<float>; beside it an
// SpscQueue<Chunk> says which file frames each run of samples holds and to
// which seek generation it belongs. The reader writes the samples first and
// then pushes their Chunk, so a Chunk the consumer pops always has its
// samples in the ring. The consumer drops (skips) the samples of Chunks whose
// generation is older than the latest seek: the ring stays single-producer /
// single-consumer (only the consumer ever discards) and no stale frame plays.
#include <coremusic/ca/streaming_reader.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
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
#include <coremusic/core/spsc_queue.hpp>
#include <coremusic/core/spsc_ring_buffer.hpp>

#include "ca/quoted.hpp"

namespace cm::ca {

namespace {

using detail::quoted;

constexpr std::uint64_t no_generation = std::numeric_limits<std::uint64_t>::max();

// Frames the consumer deinterleaves at a time (its scratch block).
constexpr std::size_t consumer_block_frames = 256;

// A run of consecutive file frames in the ring.
struct Chunk {
    std::uint64_t generation = 0;
    std::int64_t start = 0;  // file frame of the first frame not yet consumed
    std::int64_t next = 0;   // file frame that follows the run (the loop start after the loop end)
    std::size_t frames = 0;  // frames not yet consumed
    bool last = false;       // the run ends the file: nothing of this generation follows
};


[[noreturn]] void throw_moved_from(const char* what) {
    throw Error(make_error_code(Errc::InvalidState),
                std::string("StreamingReader::") + what + ": the reader was moved from");
}

void check_settings(const StreamingReaderSettings& s) {
    if (s.prefetch_frames == 0) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "StreamingReader: prefetch_frames must be at least 1 (got 0)");
    }
    if (s.read_block_frames == 0 || s.read_block_frames > s.prefetch_frames) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "StreamingReader: read_block_frames must be in [1, prefetch_frames = " +
                        std::to_string(s.prefetch_frames) + "] (got " + std::to_string(s.read_block_frames) +
                        ")");
    }
    if (s.poll_interval.count() < 1) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    "StreamingReader: poll_interval must be at least 1 microsecond (got " +
                        std::to_string(s.poll_interval.count()) + " us)");
    }
    // Room for the ring (see Impl) without overflow.
    if (s.prefetch_frames > std::numeric_limits<std::size_t>::max() / 8 / max_channels) {
        throw Error(make_error_code(Errc::OutOfRange),
                    "StreamingReader: prefetch_frames " + std::to_string(s.prefetch_frames) + " is too large");
    }
}

AudioFile open_checked(const std::filesystem::path& path) {
    AudioFile file = AudioFile::open(path);
    if (file.channels() == 0 || file.channels() > max_channels) {
        throw AudioFileError(make_error_code(Errc::NotSupported),
                             "StreamingReader: " + quoted(path) + " has " + std::to_string(file.channels()) +
                                 " channels; a stream carries 1 to " + std::to_string(max_channels));
    }
    return file;
}

} // namespace

struct StreamingReader::Impl {
    Impl(const std::filesystem::path& p, const StreamingReaderSettings& s)
        : path(p),
          settings((check_settings(s), s)),
          file(open_checked(p)),
          channels(file.channels()),
          sample_rate(file.sample_rate()),
          frame_count(file.frame_count()),
          // The look-ahead twice over: after a seek the reader reads a full
          // look-ahead of the new position while up to a full one of the old
          // position may still wait in the ring for the consumer to drop it.
          ring((2 * s.prefetch_frames + 2 * s.read_block_frames) * channels),
          // Enough Chunks for a ring of full blocks, and plenty for the short
          // runs of a short loop.
          chunks(1024 + 2 * ring.capacity() / channels / s.read_block_frames),
          consumer_scratch(consumer_block_frames * channels),
          reader_scratch(s.read_block_frames * channels) {}

    // ---- fixed at construction ----
    const std::filesystem::path path;
    const StreamingReaderSettings settings;
    AudioFile file;  // the reader thread's once started
    const std::size_t channels;
    const double sample_rate;
    const std::int64_t frame_count;

    SpscRingBuffer<float> ring;  // interleaved samples
    SpscQueue<Chunk> chunks;

    // ---- control <-> reader, under `mutex` ----
    mutable std::mutex mutex;
    std::condition_variable wake;              // control -> reader
    mutable std::condition_variable progress;  // reader -> wait_until_primed()
    bool stop_requested = false;
    bool poked = false;  // loop points changed
    bool loop_enabled = false;
    std::int64_t loop_start = 0;
    std::int64_t loop_end = 0;
    std::error_code error_code;
    std::string error_text;
    std::thread thread;

    // ---- published by the control thread ----
    std::atomic<std::uint64_t> generation{0};   // bumped by each seek()
    std::atomic<std::int64_t> seek_target{0};   // the frame of the latest seek()
    std::atomic<bool> is_running{false};

    // ---- published by the reader thread ----
    std::atomic<bool> failed{false};
    std::atomic<std::uint64_t> primed_generation{no_generation};

    // ---- published by the consumer, on lines of their own ----
    alignas(cache_line_size) std::atomic<std::int64_t> consumer_position{0};
    std::atomic<std::uint64_t> consumer_generation{0};
    std::atomic<std::uint64_t> end_generation{no_generation};
    std::atomic<std::uint64_t> underruns{0};
    std::atomic<std::uint64_t> underrun_frames{0};

    // ---- the consumer's own ----
    alignas(cache_line_size) Chunk current{};
    bool has_current = false;
    std::vector<float> consumer_scratch;

    // ---- the reader thread's own (kept across stop()/start()) ----
    alignas(cache_line_size) std::uint64_t reader_generation = 0;
    std::int64_t reader_position = 0;
    std::size_t fresh_frames = 0;  // written in reader_generation
    bool reader_done = false;      // end of file reached, or failed
    std::vector<float> reader_scratch;

    void run() noexcept;
    void record_failure(std::error_code code, std::string text);
    [[nodiscard]] bool has_work() const noexcept;
    void produce_block(bool looping, std::int64_t start_of_loop, std::int64_t end_of_loop);

    template <class Copy>
    std::size_t consume(std::size_t wanted, Copy&& copy) noexcept CM_NONBLOCKING;
};

// ---------------------------------------------------------------- reader thread

bool StreamingReader::Impl::has_work() const noexcept {
    if (reader_done) return false;
    if (ring.available_write() < channels) return false;             // no room for a frame
    if (chunks.size_approx() >= chunks.capacity()) return false;      // no room for a Chunk
    const std::size_t buffered = ring.available_read() / channels;   // includes stale frames
    return buffered < settings.prefetch_frames || fresh_frames < settings.prefetch_frames;
}

void StreamingReader::Impl::produce_block(bool looping, std::int64_t start_of_loop, std::int64_t end_of_loop) {
    const bool wraps = looping && reader_position < end_of_loop;
    const std::int64_t limit = wraps ? end_of_loop : frame_count;
    if (reader_position >= limit) {
        // Only at the end of the file: tell the consumer with an empty last
        // Chunk (a seek to the end, an empty file).
        const bool pushed = chunks.try_push(Chunk{reader_generation, reader_position, reader_position, 0, true});
        (void)pushed;  // has_work() saw room; this thread is the only producer
        reader_done = true;
        return;
    }
    const std::size_t room = ring.available_write() / channels;
    const auto to_limit = static_cast<std::size_t>(limit - reader_position);
    const std::size_t want = std::min({settings.read_block_frames, room, to_limit});
    const std::size_t got = file.read_frames(
        reader_position, InterleavedView(std::span<float>(reader_scratch.data(), want * channels), channels));
    if (got < want) {
        throw AudioFileError(make_error_code(Errc::IoError),
                             "StreamingReader: reading " + quoted(path) + " at frame " +
                                 std::to_string(reader_position) + " gave " + std::to_string(got) + " of " +
                                 std::to_string(want) + " frames; the file holds less than its header's " +
                                 std::to_string(frame_count) + " frames");
    }
    const std::size_t written = ring.write(std::span<const float>(reader_scratch.data(), got * channels));
    (void)written;  // == got * channels: `room` was a lower bound, and only this thread writes
    std::int64_t next = reader_position + static_cast<std::int64_t>(got);
    if (wraps && next == end_of_loop) next = start_of_loop;
    const bool last = !wraps && next == frame_count;
    const bool pushed = chunks.try_push(Chunk{reader_generation, reader_position, next, got, last});
    (void)pushed;
    reader_position = next;
    fresh_frames += got;
    if (last) reader_done = true;
}

void StreamingReader::Impl::record_failure(std::error_code code, std::string text) {
    // Called with `mutex` held.
    error_code = code;
    error_text = std::move(text);
    failed.store(true, std::memory_order_release);
    reader_done = true;
}

void StreamingReader::Impl::run() noexcept {
    std::unique_lock lock(mutex);
    while (!stop_requested) {
        const std::uint64_t gen = generation.load(std::memory_order_acquire);
        if (gen != reader_generation) {
            reader_generation = gen;
            reader_position = seek_target.load(std::memory_order_acquire);
            fresh_frames = 0;
            reader_done = false;
        }
        if (!has_work()) {
            // Full, at the end, or failed: the look-ahead of this generation
            // is as complete as it gets for now.
            if (primed_generation.load(std::memory_order_relaxed) != reader_generation) {
                primed_generation.store(reader_generation, std::memory_order_release);
                progress.notify_all();
            }
            // Polls: the consumer frees room without telling (see
            // StreamingReaderSettings::poll_interval).
            wake.wait_for(lock, settings.poll_interval, [&] {
                return stop_requested || poked || generation.load(std::memory_order_acquire) != reader_generation;
            });
            poked = false;
            continue;
        }
        const bool looping = loop_enabled;
        const std::int64_t start_of_loop = loop_start;
        const std::int64_t end_of_loop = loop_end;
        lock.unlock();
        std::error_code code;
        std::string text;
        try {
            produce_block(looping, start_of_loop, end_of_loop);
        } catch (const std::system_error& e) {  // cm::Error included
            code = e.code();
            text = e.what();
        } catch (const std::bad_alloc&) {
            code = std::make_error_code(std::errc::not_enough_memory);
            text = "StreamingReader: out of memory reading " + quoted(path);
        } catch (const std::exception& e) {
            code = make_error_code(Errc::IoError);
            text = std::string("StreamingReader: reading ") + quoted(path) + ": " + e.what();
        }
        lock.lock();
        if (code) record_failure(code, std::move(text));
        if (reader_done && primed_generation.load(std::memory_order_relaxed) != reader_generation) {
            primed_generation.store(reader_generation, std::memory_order_release);
            progress.notify_all();
        }
        if (code) progress.notify_all();
    }
}

// ---------------------------------------------------------------- consumer

// Moves up to `wanted` frames of the current generation out of the ring
// through `copy(offset, frames)`, which must read exactly frames * channels
// samples; drops frames of older generations on the way.
template <class Copy>
std::size_t StreamingReader::Impl::consume(std::size_t wanted, Copy&& copy) noexcept CM_NONBLOCKING {
    std::uint64_t gen = generation.load(std::memory_order_acquire);
    std::size_t done = 0;
    bool moved = false;
    bool ended = false;
    for (;;) {
        if (!has_current) {
            if (done == wanted) break;
            std::optional<Chunk> next = chunks.try_pop();
            if (!next) break;
            current = *next;
            has_current = true;
        }
        if (current.generation != gen) {
            // Maybe a seek newer than our snapshot: look again before dropping.
            gen = generation.load(std::memory_order_acquire);
            if (current.generation != gen) {
                const std::size_t skipped = ring.skip(current.frames * channels);
                (void)skipped;  // the reader wrote these samples before pushing the Chunk
                has_current = false;
                continue;
            }
        }
        if (current.frames == 0) {
            if (current.last) {
                ended = true;
                break;
            }
            has_current = false;
            continue;
        }
        if (done == wanted) break;
        const std::size_t n = std::min(wanted - done, current.frames);
        copy(done, n);
        done += n;
        current.frames -= n;
        current.start += static_cast<std::int64_t>(n);
        moved = true;
        // An exhausted last Chunk stays current: every later read sees the end.
        if (current.frames == 0 && !current.last) has_current = false;
    }
    if (moved || ended) {
        const std::int64_t pos = (current.frames == 0) ? current.next : current.start;
        consumer_position.store(pos, std::memory_order_relaxed);
        consumer_generation.store(gen, std::memory_order_release);
    }
    if (ended) end_generation.store(gen, std::memory_order_release);
    if (done < wanted && !ended) {
        // One writer (this thread): load + store, no read-modify-write needed.
        underruns.store(underruns.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        underrun_frames.store(underrun_frames.load(std::memory_order_relaxed) + (wanted - done),
                              std::memory_order_relaxed);
    }
    return done;
}

// ---------------------------------------------------------------- public

StreamingReader::StreamingReader(const std::filesystem::path& path, const StreamingReaderSettings& settings)
    : impl_(std::make_unique<Impl>(path, settings)) {}

StreamingReader::~StreamingReader() { stop(); }

StreamingReader::StreamingReader(StreamingReader&& other) noexcept = default;

StreamingReader& StreamingReader::operator=(StreamingReader&& other) noexcept {
    if (this != &other) {
        stop();
        impl_ = std::move(other.impl_);
    }
    return *this;
}

void StreamingReader::start() {
    if (!impl_) throw_moved_from("start");
    Impl& m = *impl_;
    if (m.thread.joinable()) return;
    {
        const std::lock_guard lock(m.mutex);
        m.stop_requested = false;
    }
    m.thread = std::thread([&m] { m.run(); });
    m.is_running.store(true, std::memory_order_release);
}

void StreamingReader::stop() noexcept {
    if (!impl_) return;
    Impl& m = *impl_;
    if (!m.thread.joinable()) return;
    {
        const std::lock_guard lock(m.mutex);
        m.stop_requested = true;
    }
    m.wake.notify_all();
    m.thread.join();
    m.is_running.store(false, std::memory_order_release);
}

bool StreamingReader::running() const noexcept CM_NONBLOCKING {
    return impl_ && impl_->is_running.load(std::memory_order_acquire);
}

void StreamingReader::seek(std::int64_t frame) {
    if (!impl_) throw_moved_from("seek");
    Impl& m = *impl_;
    if (frame < 0 || frame > m.frame_count) {
        throw Error(make_error_code(Errc::OutOfRange),
                    "StreamingReader::seek: frame " + std::to_string(frame) + " is outside " + quoted(m.path) +
                        " (expected 0 to " + std::to_string(m.frame_count) + ")");
    }
    {
        const std::lock_guard lock(m.mutex);
        // The target first: whoever sees the new generation sees its target.
        m.seek_target.store(frame, std::memory_order_release);
        m.generation.store(m.generation.load(std::memory_order_relaxed) + 1, std::memory_order_release);
        m.failed.store(false, std::memory_order_release);
        m.error_code.clear();
        m.error_text.clear();
    }
    m.wake.notify_all();
}

void StreamingReader::set_loop(std::int64_t start, std::int64_t end) {
    if (!impl_) throw_moved_from("set_loop");
    Impl& m = *impl_;
    if (start < 0 || start >= end || end > m.frame_count) {
        throw Error(make_error_code(Errc::OutOfRange),
                    "StreamingReader::set_loop: [" + std::to_string(start) + ", " + std::to_string(end) +
                        ") is not a loop in " + quoted(m.path) + " (expected 0 <= start < end <= " +
                        std::to_string(m.frame_count) + ")");
    }
    {
        const std::lock_guard lock(m.mutex);
        m.loop_enabled = true;
        m.loop_start = start;
        m.loop_end = end;
        m.poked = true;
    }
    m.wake.notify_all();
}

void StreamingReader::clear_loop() noexcept {
    if (!impl_) return;
    Impl& m = *impl_;
    {
        const std::lock_guard lock(m.mutex);
        m.loop_enabled = false;
        m.poked = true;
    }
    m.wake.notify_all();
}

bool StreamingReader::looping() const {
    if (!impl_) throw_moved_from("looping");
    const std::lock_guard lock(impl_->mutex);
    return impl_->loop_enabled;
}

bool StreamingReader::wait_until_primed(std::chrono::milliseconds timeout) const {
    if (!impl_) throw_moved_from("wait_until_primed");
    Impl& m = *impl_;
    std::unique_lock lock(m.mutex);
    return m.progress.wait_for(lock, timeout, [&] {
        return m.failed.load(std::memory_order_acquire) ||
               m.primed_generation.load(std::memory_order_acquire) ==
                   m.generation.load(std::memory_order_acquire);
    });
}

std::size_t StreamingReader::read(AudioBufferView out) noexcept CM_NONBLOCKING {
    if (!impl_ || out.channels() != impl_->channels) {
        for (std::size_t c = 0; c < out.channels(); ++c) {
            if (out.frames() != 0) std::memset(out.data()[c], 0, out.frames() * sizeof(float));
        }
        return 0;
    }
    Impl& m = *impl_;
    const std::size_t ch = m.channels;
    const std::size_t done = m.consume(out.frames(), [&](std::size_t offset, std::size_t frames) noexcept
                                                         CM_NONBLOCKING {
        if (ch == 1) {
            const std::size_t got = m.ring.read(out.channel(0).subspan(offset, frames));
            (void)got;
            return;
        }
        while (frames != 0) {
            const std::size_t n = std::min(frames, consumer_block_frames);
            const std::span<float> block(m.consumer_scratch.data(), n * ch);
            const std::size_t got = m.ring.read(block);
            (void)got;
            if (const auto src = ConstInterleavedView::try_make(std::span<const float>(block), ch)) {
                deinterleave(*src, out.subview(offset, n));
            }
            offset += n;
            frames -= n;
        }
    });
    for (std::size_t c = 0; c < ch; ++c) {
        if (done < out.frames()) std::memset(out.data()[c] + done, 0, (out.frames() - done) * sizeof(float));
    }
    return done;
}

std::size_t StreamingReader::read(InterleavedView out) noexcept CM_NONBLOCKING {
    if (!impl_ || out.channels() != impl_->channels) {
        if (!out.empty()) std::memset(out.data(), 0, out.samples().size() * sizeof(float));
        return 0;
    }
    Impl& m = *impl_;
    const std::size_t ch = m.channels;
    const std::size_t done = m.consume(out.frames(), [&](std::size_t offset, std::size_t frames) noexcept
                                                         CM_NONBLOCKING {
        const std::size_t got = m.ring.read(out.samples().subspan(offset * ch, frames * ch));
        (void)got;
    });
    if (done < out.frames()) {
        std::memset(out.data() + done * ch, 0, (out.frames() - done) * ch * sizeof(float));
    }
    return done;
}

std::int64_t StreamingReader::position() const noexcept CM_NONBLOCKING {
    if (!impl_) return 0;
    const Impl& m = *impl_;
    for (;;) {
        const std::uint64_t gen = m.generation.load(std::memory_order_acquire);
        const std::int64_t pos = m.consumer_generation.load(std::memory_order_acquire) == gen
                                     ? m.consumer_position.load(std::memory_order_relaxed)
                                     : m.seek_target.load(std::memory_order_acquire);
        // A seek in between may have mixed old and new: read again.
        if (m.generation.load(std::memory_order_acquire) == gen) return pos;
    }
}

bool StreamingReader::at_end() const noexcept CM_NONBLOCKING {
    return impl_ && impl_->end_generation.load(std::memory_order_acquire) ==
                        impl_->generation.load(std::memory_order_acquire);
}

std::uint64_t StreamingReader::underruns() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->underruns.load(std::memory_order_relaxed) : 0;
}

std::uint64_t StreamingReader::underrun_frames() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->underrun_frames.load(std::memory_order_relaxed) : 0;
}

std::size_t StreamingReader::buffered_frames() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->ring.available_read() / impl_->channels : 0;
}

bool StreamingReader::failed() const noexcept CM_NONBLOCKING {
    return impl_ && impl_->failed.load(std::memory_order_acquire);
}

std::error_code StreamingReader::error() const {
    if (!impl_) throw_moved_from("error");
    const std::lock_guard lock(impl_->mutex);
    return impl_->error_code;
}

std::string StreamingReader::error_message() const {
    if (!impl_) throw_moved_from("error_message");
    const std::lock_guard lock(impl_->mutex);
    return impl_->error_text;
}

const std::filesystem::path& StreamingReader::path() const {
    if (!impl_) throw_moved_from("path");
    return impl_->path;
}

std::size_t StreamingReader::channels() const noexcept CM_NONBLOCKING { return impl_ ? impl_->channels : 0; }
double StreamingReader::sample_rate() const noexcept CM_NONBLOCKING { return impl_ ? impl_->sample_rate : 0.0; }
std::int64_t StreamingReader::frame_count() const noexcept CM_NONBLOCKING {
    return impl_ ? impl_->frame_count : 0;
}

const StreamingReaderSettings& StreamingReader::settings() const {
    if (!impl_) throw_moved_from("settings");
    return impl_->settings;
}

} // namespace cm::ca
