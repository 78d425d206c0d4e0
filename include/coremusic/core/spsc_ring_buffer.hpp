// coremusic/core/spsc_ring_buffer.hpp
// A wait-free ring of samples for one writer thread and one reader thread:
// how audio moves between the audio thread and disk, network or UI threads.
#pragma once

#include <coremusic/core/config.hpp>
#include <coremusic/core/spsc_queue.hpp> // detail::SlotStorage, detail::checked_pow2_capacity

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <span>
#include <type_traits>

namespace cm {

/// Fixed-capacity ring of trivially copyable values (audio samples) for one
/// producer thread and one consumer thread, moved in bulk: each write or
/// read is one std::memcpy, two when it crosses the end of the ring.
///
/// The capacity is a power of two: the constructor rounds the requested
/// capacity up, and every slot is usable. Storage is allocated once, in the
/// constructor. write() and read() are partial: they move as many values as
/// fit or are available and return that count, never blocking.
///
/// Thread-safe: write() from one producer thread; read(), peek(), skip() and
/// clear() from one consumer thread, concurrently with the producer;
/// available_read(), available_write() and capacity() from any thread.
/// Construction and destruction must not overlap any other call.
/// Realtime-safe: every member except the constructor (allocates, may throw)
/// and the destructor (frees).
template <class T>
class SpscRingBuffer {
    static_assert(std::is_trivially_copyable_v<T>,
                  "SpscRingBuffer<T>: T must be trivially copyable (it is moved with memcpy); "
                  "use SpscQueue<T> for other types");

public:
    /// The element type.
    using value_type = T;

    /// Largest capacity the constructor accepts for this T.
    /// Thread-safe; realtime-safe.
    static constexpr std::size_t max_capacity = detail::max_pow2_capacity(sizeof(T));

    /// Allocates room for at least `capacity` values (rounded up to a power of
    /// two). Throws cm::Error: Errc::InvalidArgument for 0, Errc::OutOfRange above
    /// max_capacity, std::bad_alloc when memory is short.
    /// Thread-safe: no; realtime-safe: no.
    explicit SpscRingBuffer(std::size_t capacity)
        : mask_(detail::checked_pow2_capacity(capacity, max_capacity, "SpscRingBuffer") - 1),
          storage_(mask_ + 1) {}

    SpscRingBuffer(const SpscRingBuffer&) = delete;
    SpscRingBuffer& operator=(const SpscRingBuffer&) = delete;

    /// Appends as many leading values of `source` as there is room for and
    /// returns that count (0 when full or `source` is empty).
    /// Thread-safe: producer thread only. Realtime-safe.
    std::size_t write(std::span<const T> source) noexcept CM_NONBLOCKING {
        const std::size_t tail = pos_.producer.tail;
        std::size_t room = capacity() - (tail - pos_.producer.head_cache);
        if (room < source.size()) {
            // Acquire pairs with the consumer's release: its reads of the
            // values we are about to overwrite are finished.
            pos_.producer.head_cache = pos_.head.load(std::memory_order_acquire);
            room = capacity() - (tail - pos_.producer.head_cache);
        }
        const std::size_t count = std::min(room, source.size());
        if (count == 0) return 0;
        copy_in(tail, source.data(), count);
        pos_.producer.tail = tail + count;
        pos_.tail.store(tail + count, std::memory_order_release);
        return count;
    }

    /// Removes up to destination.size() of the oldest values into
    /// `destination` and returns how many (0 when empty).
    /// Thread-safe: consumer thread only. Realtime-safe.
    std::size_t read(std::span<T> destination) noexcept CM_NONBLOCKING {
        const std::size_t count = peek(destination);
        if (count != 0) advance_head(count);
        return count;
    }

    /// Copies up to destination.size() of the oldest values into
    /// `destination` without removing them; returns how many.
    /// Thread-safe: consumer thread only. Realtime-safe.
    std::size_t peek(std::span<T> destination) noexcept CM_NONBLOCKING {
        const std::size_t head = pos_.consumer.head;
        const std::size_t count = std::min(readable(head, destination.size()), destination.size());
        if (count != 0) copy_out(head, destination.data(), count);
        return count;
    }

    /// Discards up to `count` of the oldest values; returns how many.
    /// Thread-safe: consumer thread only. Realtime-safe.
    std::size_t skip(std::size_t count) noexcept CM_NONBLOCKING {
        const std::size_t head = pos_.consumer.head;
        const std::size_t skipped = std::min(readable(head, count), count);
        if (skipped != 0) advance_head(skipped);
        return skipped;
    }

    /// Discards every value written so far. Values the producer writes
    /// concurrently may or may not survive; none is torn.
    /// Thread-safe: consumer thread only (the producer never moves the read
    /// position, which is what keeps the ring wait-free). Realtime-safe.
    void clear() noexcept CM_NONBLOCKING {
        const std::size_t tail = pos_.tail.load(std::memory_order_acquire);
        pos_.consumer.tail_cache = tail;
        pos_.consumer.head = tail;
        pos_.head.store(tail, std::memory_order_release);
    }

    /// Number of values ready to read. From the consumer, a lower bound (the
    /// producer may add more); from other threads, a snapshot.
    /// Thread-safe: any thread. Realtime-safe.
    [[nodiscard]] std::size_t available_read() const noexcept CM_NONBLOCKING {
        // Head first: the tail read after it is at least as new, so the
        // difference never goes negative; the clamp covers both sides moving
        // in between.
        const std::size_t head = pos_.head.load(std::memory_order_acquire);
        const std::size_t tail = pos_.tail.load(std::memory_order_acquire);
        return std::min(tail - head, capacity());
    }

    /// Number of values that fit. From the producer, a lower bound (the
    /// consumer may free more); from other threads, a snapshot.
    /// Thread-safe: any thread. Realtime-safe.
    [[nodiscard]] std::size_t available_write() const noexcept CM_NONBLOCKING {
        return capacity() - available_read();
    }

    /// Number of values the ring holds when full (a power of two).
    /// Thread-safe: any thread. Realtime-safe.
    [[nodiscard]] std::size_t capacity() const noexcept CM_NONBLOCKING { return mask_ + 1; }

private:
    // Consumer side: how many values are readable at `head`, reading the
    // producer's line only when the cached tail shows fewer than `wanted`.
    [[nodiscard]] std::size_t readable(std::size_t head, std::size_t wanted) noexcept
        CM_NONBLOCKING {
        std::size_t available = pos_.consumer.tail_cache - head;
        if (available < wanted) {
            pos_.consumer.tail_cache = pos_.tail.load(std::memory_order_acquire);
            available = pos_.consumer.tail_cache - head;
        }
        return available;
    }

    void advance_head(std::size_t count) noexcept CM_NONBLOCKING {
        pos_.consumer.head += count;
        pos_.head.store(pos_.consumer.head, std::memory_order_release);
    }

    // std::memcpy is a compiler builtin that -Wfunction-effects and
    // RealtimeSanitizer both know does not block, so no wrapper is needed.
    void copy_in(std::size_t position, const T* source, std::size_t count) noexcept
        CM_NONBLOCKING {
        const std::size_t offset = position & mask_;
        const std::size_t first = std::min(count, capacity() - offset);
        std::memcpy(storage_.data() + offset, source, first * sizeof(T));
        if (count > first) std::memcpy(storage_.data(), source + first, (count - first) * sizeof(T));
    }

    void copy_out(std::size_t position, T* destination, std::size_t count) const noexcept
        CM_NONBLOCKING {
        const std::size_t offset = position & mask_;
        const std::size_t first = std::min(count, capacity() - offset);
        std::memcpy(destination, storage_.data() + offset, first * sizeof(T));
        if (count > first) {
            std::memcpy(destination + first, storage_.data(), (count - first) * sizeof(T));
        }
    }

    // Same layout and free-running indices as SpscQueue (see there): a
    // read-only part; per side a private block (its own position and its
    // copy of the other side's) and, apart from it, the published position.
    std::size_t mask_;
    detail::SlotStorage<T> storage_;

    detail::SpscPositions pos_;
};

} // namespace cm
