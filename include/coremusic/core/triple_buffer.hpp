// coremusic/core/triple_buffer.hpp
// Latest-value hand-over between one writer thread and one reader thread:
// meters, playhead positions and parameter snapshots, where only the newest
// complete state matters and neither side may wait for the other.
#pragma once

#include <coremusic/core/config.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <type_traits>

namespace cm {

/// Three copies of a T: one the writer fills, one the reader looks at, and
/// one in the middle holding the newest published state. publish() swaps the
/// writer's copy with the middle one and read() swaps the middle one with the
/// reader's when it is newer, each with a single atomic exchange, so both
/// sides are wait-free and the reader always sees a whole state, never a mix
/// of two (no tearing), and never an older state than it saw before.
/// Intermediate states may be skipped: this is not a queue.
///
/// The write buffer is recycled, not cleared: after publish() it holds an
/// older state (whatever was in the slot the writer got back), so the writer
/// rewrites all of it, or uses write(value).
///
/// Thread-safe: write_buffer(), publish() and write() from one writer thread;
/// read() and has_new() from one reader thread, concurrently with the
/// writer. Construction and destruction must not overlap any other call.
/// Realtime-safe: every member, as far as T's own constructors and copy
/// assignment are; nothing allocates (the three states live inside the
/// object).
template <class T>
class TripleBuffer {
public:
    /// The state type.
    using value_type = T;

    /// Three value-initialised states; read() returns one until the first
    /// publish(). Thread-safe: no; realtime-safe: when T() is.
    TripleBuffer() requires std::is_default_constructible_v<T>
        : slots_{Slot{T()}, Slot{T()}, Slot{T()}} {}

    /// Three copies of `initial`; read() returns it until the first
    /// publish(). Thread-safe: no; realtime-safe: when T's copy is.
    explicit TripleBuffer(const T& initial) : slots_{Slot{initial}, Slot{initial}, Slot{initial}} {}

    // Both threads hold references into the slots.
    TripleBuffer(const TripleBuffer&) = delete;
    TripleBuffer& operator=(const TripleBuffer&) = delete;

    /// The writer's private copy, to fill before publish(). Holds a recycled
    /// older state, not the last published one. The reference stays valid
    /// until the next publish() or write().
    /// Thread-safe: writer thread only. Realtime-safe.
    [[nodiscard]] T& write_buffer() noexcept CM_NONBLOCKING { return slots_[write_index_].value; }

    /// Makes the write buffer the newest state and hands the writer another
    /// buffer. Never waits for the reader.
    /// Thread-safe: writer thread only. Realtime-safe.
    void publish() noexcept CM_NONBLOCKING {
        // Release: our writes to the slot are visible to the reader that
        // takes it. Acquire: the reader's last reads of the slot we get
        // back happened before we write to it.
        const std::uint8_t previous =
            middle_.exchange(static_cast<std::uint8_t>(write_index_ | fresh_bit),
                             std::memory_order_acq_rel);
        write_index_ = static_cast<std::uint8_t>(previous & index_mask);
    }

    /// Copies `value` into the write buffer and publishes it.
    /// Thread-safe: writer thread only. Realtime-safe when T's copy
    /// assignment is.
    void write(const T& value) noexcept(std::is_nothrow_copy_assignable_v<T>)
        CM_NONBLOCKING_IF(std::is_nothrow_copy_assignable_v<T>) {
        write_buffer() = value;
        publish();
    }

    /// The newest published state (or the initial one before any publish()).
    /// The reference stays valid, and the state unchanged, until this
    /// thread's next read(); the writer never touches it meanwhile.
    /// Thread-safe: reader thread only. Realtime-safe.
    [[nodiscard]] const T& read() noexcept CM_NONBLOCKING {
        if ((middle_.load(std::memory_order_relaxed) & fresh_bit) != 0) {
            // Release/acquire mirror publish(): we see the writer's state, and
            // the writer sees our reads of the slot we hand back as finished.
            const std::uint8_t previous =
                middle_.exchange(read_index_, std::memory_order_acq_rel);
            read_index_ = static_cast<std::uint8_t>(previous & index_mask);
        }
        return slots_[read_index_].value;
    }

    /// True when a state newer than the one read() last returned has been
    /// published. A hint for skipping work; read() does not need it.
    /// Thread-safe: reader thread (any thread may ask, for a snapshot).
    /// Realtime-safe.
    [[nodiscard]] bool has_new() const noexcept CM_NONBLOCKING {
        return (middle_.load(std::memory_order_relaxed) & fresh_bit) != 0;
    }

private:
    static constexpr std::uint8_t index_mask = 0x3;
    static constexpr std::uint8_t fresh_bit = 0x4;

    // Each state on its own cache lines: the writer filling one must not
    // invalidate the line the reader is reading from another.
    struct alignas(std::max(alignof(T), cache_line_size)) Slot {
        T value;
    };
    Slot slots_[3];

    // Slot indices: the writer's and the reader's are private to their
    // threads (so on separate lines); the middle one, plus the "fresh" bit
    // saying the writer published it and the reader has not taken it yet,
    // is the only shared word.
    alignas(cache_line_size) std::uint8_t write_index_ = 0;
    alignas(cache_line_size) std::atomic<std::uint8_t> middle_{1};
    alignas(cache_line_size) std::uint8_t read_index_ = 2;
};

} // namespace cm
