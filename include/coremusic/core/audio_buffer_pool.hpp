// coremusic/core/audio_buffer_pool.hpp
// Reusable planar scratch buffers under a memory limit, plus a preallocated
// mode whose lease and return are lock-free: buffers without heap traffic.
#pragma once

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/config.hpp>
#include <coremusic/core/error.hpp>

#include <array>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <span>
#include <string>
#include <system_error>
#include <utility>

namespace cm {

class AudioBufferPool;

namespace detail {

/// Header of one buffer of a growing pool; the samples follow it, so they
/// start on a cache line. Blocks are linked through `next` while cached.
struct alignas(cache_line_size) PoolBlock {
    PoolBlock* next = nullptr;
    std::size_t capacity_bytes = 0;
    unsigned size_class = 0;

    [[nodiscard]] float* samples() noexcept CM_NONBLOCKING {
        return reinterpret_cast<float*>(reinterpret_cast<unsigned char*>(this) + sizeof(PoolBlock));
    }
};

static_assert(std::atomic<PoolBlock*>::is_always_lock_free);
static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "the preallocated pool needs a lock-free 64-bit atomic");

} // namespace detail

/// A planar buffer leased from an AudioBufferPool: move-only, returned to the
/// pool when destroyed, reset() or moved onto. An empty lease (default
/// constructed, moved from, or a failed try_get_buffer()/acquire()) converts
/// to false and has no channels.
///
/// The samples are not cleared on lease: they hold whatever the previous user
/// left (call clear() when that matters). Channels start on cache lines.
///
/// Thread-safety: a lease may be moved to and returned from any thread; one
/// lease must not be used by two threads at once. Realtime-safety: all
/// members, the destructor included, for both kinds of pool (returning a
/// buffer is a lock-free push).
class PooledBuffer {
public:
    /// An empty lease. Realtime-safe.
    PooledBuffer() noexcept = default;

    /// Takes the lease; `other` becomes empty. Realtime-safe.
    PooledBuffer(PooledBuffer&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          data_(std::exchange(other.data_, nullptr)),
          frames_(std::exchange(other.frames_, 0)),
          channels_(std::exchange(other.channels_, 0)),
          stride_(std::exchange(other.stride_, 0)),
          block_(std::exchange(other.block_, nullptr)),
          slot_(std::exchange(other.slot_, 0)) {}

    /// Returns the current buffer, then takes `other`'s. Realtime-safe.
    PooledBuffer& operator=(PooledBuffer&& other) noexcept CM_NONBLOCKING {
        if (this != &other) {
            reset();
            pool_ = std::exchange(other.pool_, nullptr);
            data_ = std::exchange(other.data_, nullptr);
            frames_ = std::exchange(other.frames_, 0);
            channels_ = std::exchange(other.channels_, 0);
            stride_ = std::exchange(other.stride_, 0);
            block_ = std::exchange(other.block_, nullptr);
            slot_ = std::exchange(other.slot_, 0);
        }
        return *this;
    }

    PooledBuffer(const PooledBuffer&) = delete;
    PooledBuffer& operator=(const PooledBuffer&) = delete;

    /// Returns the buffer to its pool. Realtime-safe.
    ~PooledBuffer() noexcept CM_NONBLOCKING { reset(); }

    /// Returns the buffer to its pool now; the lease becomes empty.
    /// Realtime-safe.
    void reset() noexcept CM_NONBLOCKING;

    /// True when the lease holds a buffer. Realtime-safe.
    [[nodiscard]] explicit operator bool() const noexcept CM_NONBLOCKING { return pool_ != nullptr; }

    /// Frames per channel, as requested. Realtime-safe.
    [[nodiscard]] std::size_t frames() const noexcept CM_NONBLOCKING { return frames_; }

    /// Channels, as requested. Realtime-safe.
    [[nodiscard]] std::size_t channels() const noexcept CM_NONBLOCKING { return channels_; }

    /// One channel's samples. Precondition: index < channels() (assert).
    /// Realtime-safe.
    [[nodiscard]] std::span<float> channel(std::size_t index) const noexcept CM_NONBLOCKING {
        assert(index < channels_);
        return {data_ + index * stride_, frames_};
    }

    /// A view of the leased frames x channels (empty for an empty lease),
    /// valid while the lease holds the buffer. Realtime-safe.
    [[nodiscard]] AudioBufferView view() const noexcept CM_NONBLOCKING {
        if (channels_ == 0) return {};
        return {detail::UncheckedPlanar{}, data_, frames_, channels_, stride_};
    }

    /// Sets the leased samples to zero. Realtime-safe.
    void clear() const noexcept CM_NONBLOCKING {
        for (std::size_t c = 0; c < channels_; ++c) {
            std::memset(data_ + c * stride_, 0, frames_ * sizeof(float));
        }
    }

private:
    friend class AudioBufferPool;

    PooledBuffer(AudioBufferPool* pool, float* data, std::size_t frames, std::size_t channels,
                 std::size_t stride, detail::PoolBlock* block, std::uint32_t slot) noexcept
        CM_NONBLOCKING : pool_(pool),
                         data_(data),
                         frames_(frames),
                         channels_(channels),
                         stride_(stride),
                         block_(block),
                         slot_(slot) {}

    AudioBufferPool* pool_ = nullptr;
    float* data_ = nullptr;
    std::size_t frames_ = 0;
    std::size_t channels_ = 0;
    std::size_t stride_ = 0;            // floats between channel starts
    detail::PoolBlock* block_ = nullptr; // growing pool: the block
    std::uint32_t slot_ = 0;             // preallocated pool: the slot
};

/// A pool of planar float buffers, the seed's AudioBufferPool(max_memory_mb)
/// with the limit in bytes. Two kinds:
///
/// * Growing (`AudioBufferPool(max_memory_bytes)`): get_buffer() serves a
///   cached buffer of the request's size class (sizes rounded up to a power
///   of two, at least 1 KiB) or allocates one while the pool's memory (leased
///   plus cached) stays within the limit, first freeing cached buffers of
///   other classes if that makes room. Requesting takes a mutex and may
///   allocate: not for the audio thread. Returning a buffer is a lock-free
///   push, so a lease may end on the audio thread.
/// * Preallocated (`AudioBufferPool::preallocated(count, frames, channels)`):
///   `count` equal slots allocated up front; acquire() and the return of a
///   lease are lock-free (a tagged Treiber stack of slot indices: any number
///   of threads may acquire and release concurrently), never allocate, and
///   are CM_NONBLOCKING. A slot serves any request up to its frames and
///   channels. The pool never grows; its limit is its size.
///
/// Thread-safety: every member function may be called from any thread,
/// concurrently with the others, except the destructor. Precondition of the
/// destructor: every lease has been returned (checked by assert).
/// Realtime-safety: acquire(), stats(), is_preallocated(),
/// max_memory_bytes() and the return of any lease (all CM_NONBLOCKING). On a
/// preallocated pool try_get_buffer() takes the same lock-free path, but is
/// not marked (on a growing pool it locks): prefer acquire() on the audio
/// thread so the compiler checks it. Not realtime-safe: the constructors,
/// get_buffer() (it throws on failure), trim().
///
/// Not copyable or movable (leases point back to their pool).
class AudioBufferPool {
public:
    /// A snapshot of the counters. Each field is read atomically on its own;
    /// taken while other threads work, the fields may come from slightly
    /// different moments.
    struct Stats {
        std::size_t current_bytes = 0; ///< Sample memory the pool holds, leased plus cached.
        std::size_t peak_bytes = 0;    ///< Highest current_bytes so far.
        std::size_t limit_bytes = 0;   ///< The memory limit (the size of a preallocated pool).
        std::size_t active_leases = 0; ///< Buffers leased and not yet returned.
        std::uint64_t hits = 0;        ///< Requests served with memory the pool already held.
        std::uint64_t misses = 0;      ///< Requests that found no such buffer (then allocated, or failed).
        std::uint64_t failures = 0;    ///< Requests refused: over the limit, too large, no free slot, bad size.
    };

    /// The shape of a preallocated pool: `count` slots of `frames` x `channels`.
    struct PreallocatedLayout {
        std::size_t count = 0;    ///< Number of buffers.
        std::size_t frames = 0;   ///< Frames per channel of each buffer.
        std::size_t channels = 0; ///< Channels of each buffer.
    };

    /// A growing pool that holds at most `max_memory_bytes` of samples
    /// (buffer headers of 64 bytes each are not counted). Allocates nothing
    /// yet. Not realtime-safe.
    explicit AudioBufferPool(std::size_t max_memory_bytes) : limit_(max_memory_bytes) {}

    /// A preallocated pool (see preallocated()). Throws AudioFormatError for
    /// 0 frames, 0 or more than max_channels channels, cm::Error for 0 or
    /// more than 2^32 - 2 buffers or a size that overflows, std::bad_alloc.
    /// Not realtime-safe.
    explicit AudioBufferPool(const PreallocatedLayout& layout) : preallocated_(true) {
        if (layout.count == 0 || layout.count > max_slots) {
            throw Error(make_error_code(Errc::OutOfRange),
                        "AudioBufferPool: a preallocated pool needs 1 to " + std::to_string(max_slots) +
                            " buffers (got " + std::to_string(layout.count) + ")");
        }
        check_request_shape(layout.frames, layout.channels);
        slot_frames_ = layout.frames;
        slot_channels_ = layout.channels;
        slot_stride_ = detail::padded_channel_stride(layout.frames);
        const std::size_t slot_bytes = checked_bytes(layout.frames, layout.channels);
        if (slot_bytes > std::numeric_limits<std::size_t>::max() / layout.count) {
            throw_too_large(layout.frames, layout.channels);
        }
        slot_count_ = static_cast<std::uint32_t>(layout.count);
        slot_floats_ = slot_stride_ * slot_channels_;
        limit_ = slot_bytes * layout.count;
        // next_ first: if the slots then fail to allocate, it frees itself.
        next_ = std::make_unique<std::atomic<std::uint32_t>[]>(layout.count);
        slots_ = static_cast<float*>(::operator new(limit_, std::align_val_t{cache_line_size}));
        std::memset(slots_, 0, limit_);
        for (std::uint32_t i = 0; i < slot_count_; ++i) {
            next_[i].store(i + 1 < slot_count_ ? i + 1 : nil_slot, std::memory_order_relaxed);
        }
        head_.store(pack(0, 0), std::memory_order_release);
        current_bytes_.store(limit_, std::memory_order_relaxed);
        peak_bytes_.store(limit_, std::memory_order_relaxed);
    }

    /// `count` buffers of `frames` x `channels`, allocated and zeroed now;
    /// acquire() and lease returns are then lock-free and allocation-free.
    /// Throws as the PreallocatedLayout constructor. Not realtime-safe.
    [[nodiscard]] static AudioBufferPool preallocated(std::size_t count, std::size_t frames,
                                                      std::size_t channels) {
        return AudioBufferPool(PreallocatedLayout{count, frames, channels});
    }

    AudioBufferPool(const AudioBufferPool&) = delete;
    AudioBufferPool& operator=(const AudioBufferPool&) = delete;
    AudioBufferPool(AudioBufferPool&&) = delete;
    AudioBufferPool& operator=(AudioBufferPool&&) = delete;

    /// Frees everything. Precondition: no lease is outstanding. Not
    /// realtime-safe.
    ~AudioBufferPool() {
        assert(active_.load(std::memory_order_acquire) == 0 &&
               "AudioBufferPool destroyed while buffers are still leased");
        if (preallocated_) {
            ::operator delete(slots_, limit_, std::align_val_t{cache_line_size});
            return;
        }
        drain_returned_locked();
        for (detail::PoolBlock*& list : free_lists_) {
            while (list != nullptr) free_block(std::exchange(list, list->next));
        }
    }

    /// Leases a buffer of `frames` x `channels`. Growing pool: a cached
    /// buffer of the size class or a new one. Preallocated pool: a free slot.
    /// Throws AudioFormatError for 0 frames or 0 or more than max_channels
    /// channels; cm::Error with code std::errc::not_enough_memory when the
    /// buffer would take the pool over its limit (the message names the
    /// request's bytes, the limit and the current usage) or, for a
    /// preallocated pool, when no slot is free; Errc::OutOfRange when the
    /// request is larger than a preallocated slot; std::bad_alloc.
    /// Thread-safe. Not realtime-safe.
    [[nodiscard]] PooledBuffer get_buffer(std::size_t frames, std::size_t channels) {
        return get(frames, channels, true);
    }

    /// get_buffer() that reports failure with an empty lease instead of an
    /// exception (failures are counted in stats()). Thread-safe.
    /// Realtime-safe on a preallocated pool only.
    [[nodiscard]] PooledBuffer try_get_buffer(std::size_t frames, std::size_t channels) noexcept {
        try {
            return get(frames, channels, false);
        } catch (...) {
            // Nothing is thrown when `throwing` is false but std::system_error
            // from a failing mutex lock.
            return {};
        }
    }

    /// The audio thread's request: a free slot of a preallocated pool, or an
    /// empty lease when none is free, the request does not fit a slot, or
    /// this is a growing pool (which cannot serve without a lock).
    /// Lock-free; the return is too. Thread-safe. Realtime-safe.
    [[nodiscard]] PooledBuffer acquire(std::size_t frames, std::size_t channels) noexcept
        CM_NONBLOCKING {
        if (!preallocated_ || frames == 0 || channels == 0 || frames > slot_frames_ ||
            channels > slot_channels_) {
            count_failure();
            return {};
        }
        const std::uint32_t slot = pop_slot();
        if (slot == nil_slot) {
            count_failure();
            return {};
        }
        hits_.fetch_add(1, std::memory_order_relaxed);
        active_.fetch_add(1, std::memory_order_relaxed);
        return {this, slots_ + static_cast<std::size_t>(slot) * slot_floats_, frames, channels,
                slot_stride_, nullptr, slot};
    }

    /// Frees the cached (not leased) buffers of a growing pool; nothing for a
    /// preallocated pool. Thread-safe. Not realtime-safe.
    void trim() {
        if (preallocated_) return;
        const std::lock_guard lock(mutex_);
        drain_returned_locked();
        for (detail::PoolBlock*& list : free_lists_) {
            while (list != nullptr) free_block(std::exchange(list, list->next));
        }
    }

    /// The counters now. Thread-safe. Realtime-safe.
    [[nodiscard]] Stats stats() const noexcept CM_NONBLOCKING {
        Stats s;
        s.current_bytes = current_bytes_.load(std::memory_order_relaxed);
        s.peak_bytes = peak_bytes_.load(std::memory_order_relaxed);
        s.limit_bytes = limit_;
        s.active_leases = active_.load(std::memory_order_relaxed);
        s.hits = hits_.load(std::memory_order_relaxed);
        s.misses = misses_.load(std::memory_order_relaxed);
        s.failures = failures_.load(std::memory_order_relaxed);
        return s;
    }

    /// True for a pool made by preallocated(). Thread-safe. Realtime-safe.
    [[nodiscard]] bool is_preallocated() const noexcept CM_NONBLOCKING { return preallocated_; }

    /// The memory limit in bytes (for a preallocated pool, its size).
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] std::size_t max_memory_bytes() const noexcept CM_NONBLOCKING { return limit_; }

private:
    friend class PooledBuffer;

    static constexpr std::uint32_t nil_slot = std::numeric_limits<std::uint32_t>::max();
    static constexpr std::size_t max_slots = nil_slot - 1;
    static constexpr unsigned min_class_log2 = 10; // 1 KiB: smaller requests share a class
    static constexpr unsigned class_count = 63;

    [[nodiscard]] static constexpr std::uint64_t pack(std::uint32_t tag, std::uint32_t slot) noexcept {
        return (static_cast<std::uint64_t>(tag) << 32U) | slot;
    }
    [[nodiscard]] static constexpr std::uint32_t slot_of(std::uint64_t head) noexcept {
        return static_cast<std::uint32_t>(head & 0xffffffffU);
    }
    [[nodiscard]] static constexpr std::uint32_t tag_of(std::uint64_t head) noexcept {
        return static_cast<std::uint32_t>(head >> 32U);
    }

    static void check_request_shape(std::size_t frames, std::size_t channels) {
        detail::check_channel_count(channels, "AudioBufferPool");
        if (frames == 0) {
            detail::throw_layout_error(Errc::InvalidArgument,
                                       "AudioBufferPool: a buffer needs at least 1 frame (got 0)");
        }
    }

    [[noreturn]] static void throw_too_large(std::size_t frames, std::size_t channels) {
        throw Error(std::make_error_code(std::errc::value_too_large),
                    "AudioBufferPool: " + std::to_string(frames) + " frames x " +
                        std::to_string(channels) + " channels does not fit in memory");
    }

    /// Bytes of a planar block (channels padded to cache lines), 0 on overflow.
    [[nodiscard]] static std::size_t bytes_for(std::size_t frames, std::size_t channels) noexcept {
        const std::size_t stride = detail::padded_channel_stride(frames);
        if (stride == 0 || channels > std::numeric_limits<std::size_t>::max() / sizeof(float) / stride) {
            return 0;
        }
        return stride * channels * sizeof(float);
    }

    [[nodiscard]] static std::size_t checked_bytes(std::size_t frames, std::size_t channels) {
        const std::size_t bytes = bytes_for(frames, channels);
        if (bytes == 0) throw_too_large(frames, channels);
        return bytes;
    }

    void count_failure() noexcept CM_NONBLOCKING {
        misses_.fetch_add(1, std::memory_order_relaxed);
        failures_.fetch_add(1, std::memory_order_relaxed);
    }

    // Tagged Treiber stack of slot indices. The tag changes on every push
    // and pop, so a pop that read a stale next_ (the ABA problem) fails its
    // compare-exchange; next_ entries are atomics, so that stale read is not
    // a data race either. Acquire on pop pairs with release on push: what
    // the last holder wrote to a slot is visible to the next one.
    [[nodiscard]] std::uint32_t pop_slot() noexcept CM_NONBLOCKING {
        std::uint64_t head = head_.load(std::memory_order_acquire);
        for (;;) {
            const std::uint32_t slot = slot_of(head);
            if (slot == nil_slot) return nil_slot;
            const std::uint32_t next = next_[slot].load(std::memory_order_relaxed);
            if (head_.compare_exchange_weak(head, pack(tag_of(head) + 1, next),
                                            std::memory_order_acquire, std::memory_order_acquire)) {
                return slot;
            }
        }
    }

    void push_slot(std::uint32_t slot) noexcept CM_NONBLOCKING {
        std::uint64_t head = head_.load(std::memory_order_relaxed);
        for (;;) {
            next_[slot].store(slot_of(head), std::memory_order_relaxed);
            if (head_.compare_exchange_weak(head, pack(tag_of(head) + 1, slot),
                                            std::memory_order_release, std::memory_order_relaxed)) {
                return;
            }
        }
    }

    // Growing pool: returns are pushed on a lock-free list that the next
    // request (under the mutex) moves to the free lists. Pushing alone and
    // taking the whole list with exchange() has no ABA problem.
    void push_returned(detail::PoolBlock* block) noexcept CM_NONBLOCKING {
        detail::PoolBlock* head = returned_.load(std::memory_order_relaxed);
        do {
            block->next = head;
        } while (!returned_.compare_exchange_weak(head, block, std::memory_order_release,
                                                  std::memory_order_relaxed));
    }

    void release(const PooledBuffer& lease) noexcept CM_NONBLOCKING {
        if (preallocated_) {
            push_slot(lease.slot_);
        } else {
            push_returned(lease.block_);
        }
        active_.fetch_sub(1, std::memory_order_release);
    }

    void drain_returned_locked() noexcept {
        detail::PoolBlock* list = returned_.exchange(nullptr, std::memory_order_acquire);
        while (list != nullptr) {
            detail::PoolBlock* block = std::exchange(list, list->next);
            block->next = free_lists_[block->size_class];
            free_lists_[block->size_class] = block;
        }
    }

    void free_block(detail::PoolBlock* block) noexcept {
        const std::size_t capacity = block->capacity_bytes;
        block->~PoolBlock();
        ::operator delete(block, sizeof(detail::PoolBlock) + capacity,
                          std::align_val_t{alignof(detail::PoolBlock)});
        current_bytes_.fetch_sub(capacity, std::memory_order_relaxed);
    }

    /// Frees cached blocks, largest classes first, until `needed` more bytes
    /// fit under the limit or nothing is cached.
    void make_room_locked(std::size_t needed) noexcept {
        for (unsigned c = class_count; c-- > 0;) {
            while (free_lists_[c] != nullptr && !fits(needed)) {
                free_block(std::exchange(free_lists_[c], free_lists_[c]->next));
            }
        }
    }

    [[nodiscard]] bool fits(std::size_t needed) const noexcept {
        const std::size_t current = current_bytes_.load(std::memory_order_relaxed);
        return current <= limit_ && needed <= limit_ - current;
    }

    PooledBuffer get(std::size_t frames, std::size_t channels, bool throwing) {
        if (frames == 0 || channels == 0 || channels > max_channels) {
            count_failure();
            if (throwing) check_request_shape(frames, channels);
            return {};
        }
        if (preallocated_) return get_slot(frames, channels, throwing);

        const std::size_t bytes = bytes_for(frames, channels);
        if (bytes == 0 || bytes > (std::size_t{1} << (class_count - 1))) {
            count_failure();
            if (throwing) throw_too_large(frames, channels);
            return {};
        }
        unsigned size_class = min_class_log2;
        while ((std::size_t{1} << size_class) < bytes) ++size_class;
        const std::size_t capacity = std::size_t{1} << size_class;

        const std::lock_guard lock(mutex_);
        drain_returned_locked();
        detail::PoolBlock* block = free_lists_[size_class];
        if (block != nullptr) {
            free_lists_[size_class] = block->next;
            hits_.fetch_add(1, std::memory_order_relaxed);
        } else {
            if (!fits(capacity)) make_room_locked(capacity);
            if (!fits(capacity)) {
                count_failure();
                if (throwing) throw_over_limit(frames, channels, bytes, capacity);
                return {};
            }
            void* raw = nullptr;
            try {
                raw = ::operator new(sizeof(detail::PoolBlock) + capacity,
                                     std::align_val_t{alignof(detail::PoolBlock)});
            } catch (const std::bad_alloc&) {
                count_failure();
                if (throwing) throw;
                return {};
            }
            misses_.fetch_add(1, std::memory_order_relaxed);
            block = new (raw) detail::PoolBlock{};
            block->capacity_bytes = capacity;
            block->size_class = size_class;
            const std::size_t now =
                current_bytes_.fetch_add(capacity, std::memory_order_relaxed) + capacity;
            if (now > peak_bytes_.load(std::memory_order_relaxed)) {
                peak_bytes_.store(now, std::memory_order_relaxed);
            }
        }
        block->next = nullptr;
        active_.fetch_add(1, std::memory_order_relaxed);
        return {this, block->samples(), frames, channels, detail::padded_channel_stride(frames),
                block, 0};
    }

    PooledBuffer get_slot(std::size_t frames, std::size_t channels, bool throwing) {
        if (frames > slot_frames_ || channels > slot_channels_) {
            count_failure();
            if (throwing) {
                throw Error(make_error_code(Errc::OutOfRange),
                            "AudioBufferPool: a buffer of " + std::to_string(frames) + " frames x " +
                                std::to_string(channels) +
                                " channels does not fit this preallocated pool's slots of " +
                                std::to_string(slot_frames_) + " frames x " +
                                std::to_string(slot_channels_) + " channels");
            }
            return {};
        }
        PooledBuffer lease = acquire(frames, channels);
        if (!lease && throwing) {
            throw Error(std::make_error_code(std::errc::not_enough_memory),
                        "AudioBufferPool: all " + std::to_string(slot_count_) +
                            " buffers of this preallocated pool (" + std::to_string(limit_) +
                            " bytes) are leased; none is free for " + std::to_string(frames) +
                            " frames x " + std::to_string(channels) + " channels");
        }
        return lease;
    }

    [[noreturn]] void throw_over_limit(std::size_t frames, std::size_t channels, std::size_t bytes,
                                       std::size_t capacity) const {
        const std::size_t current = current_bytes_.load(std::memory_order_relaxed);
        throw Error(std::make_error_code(std::errc::not_enough_memory),
                    "AudioBufferPool: a buffer of " + std::to_string(frames) + " frames x " +
                        std::to_string(channels) + " channels needs " + std::to_string(bytes) +
                        " bytes (size class " + std::to_string(capacity) +
                        " bytes), which would exceed the limit of " + std::to_string(limit_) +
                        " bytes: " + std::to_string(current) + " bytes are in use by " +
                        std::to_string(active_.load(std::memory_order_relaxed)) +
                        " leased buffers (cached buffers were freed to make room)");
    }

    // Fixed at construction.
    std::size_t limit_ = 0;
    bool preallocated_ = false;
    std::size_t slot_frames_ = 0;
    std::size_t slot_channels_ = 0;
    std::size_t slot_stride_ = 0;
    std::size_t slot_floats_ = 0;
    std::uint32_t slot_count_ = 0;
    float* slots_ = nullptr;
    std::unique_ptr<std::atomic<std::uint32_t>[]> next_;

    // Preallocated pool: the free-slot stack, on its own cache line.
    alignas(cache_line_size) std::atomic<std::uint64_t> head_{pack(0, nil_slot)};

    // Growing pool: free lists per size class (under mutex_) and the
    // lock-free list of returned blocks.
    alignas(cache_line_size) std::atomic<detail::PoolBlock*> returned_{nullptr};
    std::mutex mutex_;
    std::array<detail::PoolBlock*, class_count> free_lists_{};

    // Counters, apart from the stacks every lease touches.
    alignas(cache_line_size) std::atomic<std::size_t> current_bytes_{0};
    std::atomic<std::size_t> peak_bytes_{0};
    std::atomic<std::size_t> active_{0};
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
    std::atomic<std::uint64_t> failures_{0};
};

inline void PooledBuffer::reset() noexcept CM_NONBLOCKING {
    if (pool_ != nullptr) pool_->release(*this);
    pool_ = nullptr;
    data_ = nullptr;
    frames_ = 0;
    channels_ = 0;
    stride_ = 0;
    block_ = nullptr;
    slot_ = 0;
}

} // namespace cm
