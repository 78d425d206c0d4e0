// coremusic/core/spsc_queue.hpp
// A wait-free queue for exactly one producer thread and one consumer thread:
// how control threads send commands to the audio thread and get results back.
#pragma once

#include <coremusic/core/config.hpp>
#include <coremusic/core/error.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace cm {

namespace detail {

/// Smallest power of two >= `requested`, for the fixed-capacity lock-free
/// containers. Throws cm::Error (Errc::InvalidArgument) for 0 and
/// (Errc::OutOfRange) when the result would exceed `max_capacity`. `what`
/// names the container in the message. Thread-safe; not realtime-safe.
inline std::size_t checked_pow2_capacity(std::size_t requested, std::size_t max_capacity,
                                         const char* what) {
    if (requested == 0) {
        throw Error(make_error_code(Errc::InvalidArgument),
                    std::string(what) + ": capacity must be at least 1 (got 0)");
    }
    if (requested > max_capacity) {
        throw Error(make_error_code(Errc::OutOfRange),
                    std::string(what) + ": capacity " + std::to_string(requested) +
                        " exceeds the maximum of " + std::to_string(max_capacity) +
                        " elements of this type");
    }
    std::size_t capacity = 1;
    while (capacity < requested) capacity <<= 1U;
    return capacity;
}

/// Largest power of two p such that p elements of `element_size` bytes fit in
/// half the address space; the cap keeps `capacity * size` and the index
/// arithmetic far from overflow. Thread-safe; realtime-safe.
constexpr std::size_t max_pow2_capacity(std::size_t element_size) noexcept {
    const std::size_t limit =
        static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / 2 / element_size;
    std::size_t p = 1;
    while (p <= limit / 2) p <<= 1U;
    return p;
}

/// Uninitialised storage for `count` objects of type T that owns its cache
/// lines exclusively (aligned to, and padded up to, whole cache lines), so
/// no neighbouring heap block shares a line with the slots both threads
/// touch. Not copyable. Thread-safe: no; realtime-safe: data() only.
template <class T>
class SlotStorage {
public:
    static constexpr std::size_t alignment = std::max(alignof(T), cache_line_size);

    explicit SlotStorage(std::size_t count)
        : bytes_((count * sizeof(T) + alignment - 1) / alignment * alignment),
          data_(static_cast<T*>(::operator new(bytes_, std::align_val_t{alignment}))) {}
    ~SlotStorage() { ::operator delete(data_, bytes_, std::align_val_t{alignment}); }
    SlotStorage(const SlotStorage&) = delete;
    SlotStorage& operator=(const SlotStorage&) = delete;

    /// First slot. Realtime-safe.
    [[nodiscard]] T* data() const noexcept CM_NONBLOCKING { return data_; }

private:
    std::size_t bytes_;
    T* data_;
};

// The one place where the compile-time effect analysis is told something it
// cannot prove. After an element has been moved out of its slot the slot is
// destroyed; for std::unique_ptr, std::function, std::vector and every other
// well-behaved movable type a moved-from destructor frees nothing, but the
// analysis sees the `delete` in the destructor body, not the null it will
// find. The claim is still checked where it matters: RealtimeSanitizer aborts
// at run time if a moved-from destructor does free (the `rtsan` preset).
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfunction-effects"
#endif
/// Destroys an object whose value has just been moved out of it.
/// Realtime-safe for every type whose moved-from state owns nothing.
template <class T>
inline void destroy_moved_from(T& object) noexcept CM_NONBLOCKING {
    object.~T();
}
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

/// The positions of the two SPSC containers, each side's on lines of its own:
/// per side a private block (its own position and its cached copy of the
/// other side's) and, apart from it, the published position, which the owner
/// only stores to and the other side reads only when its copy says full
/// (producer) or empty (consumer). Positions run freely and are masked on use.
struct SpscPositions {
    struct alignas(cache_line_size) Producer {
        std::size_t tail = 0;
        std::size_t head_cache = 0;
    };
    struct alignas(cache_line_size) Consumer {
        std::size_t head = 0;
        std::size_t tail_cache = 0;
    };
    Producer producer;
    alignas(cache_line_size) std::atomic<std::size_t> tail{0};
    Consumer consumer;
    alignas(cache_line_size) std::atomic<std::size_t> head{0};
};

} // namespace detail

/// Fixed-capacity FIFO for one producer thread and one consumer thread.
///
/// The capacity is a power of two: the constructor rounds the requested
/// capacity up (SpscQueue<int>{1000}.capacity() == 1024) and every slot is
/// usable. Storage is allocated once, in the constructor; T needs no default
/// constructor (slots are raw storage, constructed on push and destroyed on
/// pop), and items still queued are destroyed with the queue.
///
/// T must be nothrow move constructible and nothrow destructible, so that a
/// pop can never fail half-way.
///
/// Thread-safe: try_push()/try_emplace() from one producer thread and
/// try_pop() from one consumer thread, concurrently; size_approx(), empty()
/// and capacity() from any thread. Construction and destruction must not
/// overlap any other call.
/// Realtime-safe: every member except the constructor (allocates, may throw)
/// and the destructor (frees), as far as T's own operations allow: each
/// member says which T operation it uses and carries CM_NONBLOCKING (or
/// CM_NONBLOCKING_IF) accordingly, so -Wfunction-effects reports a push of a
/// std::string copy from the audio thread. Push and pop are wait-free: a
/// bounded number of steps, no loop on contention.
template <class T>
class SpscQueue {
    static_assert(std::is_nothrow_move_constructible_v<T>,
                  "SpscQueue<T>: T must be nothrow move constructible");
    static_assert(std::is_nothrow_destructible_v<T>,
                  "SpscQueue<T>: T must be nothrow destructible");

public:
    /// The element type.
    using value_type = T;

    /// Largest capacity the constructor accepts for this T.
    /// Thread-safe; realtime-safe.
    static constexpr std::size_t max_capacity = detail::max_pow2_capacity(sizeof(T));

    /// Allocates room for at least `capacity` items (rounded up to a power of
    /// two). Throws cm::Error: Errc::InvalidArgument for 0, Errc::OutOfRange above
    /// max_capacity, std::bad_alloc when memory is short.
    /// Thread-safe: no; realtime-safe: no.
    explicit SpscQueue(std::size_t capacity)
        : mask_(detail::checked_pow2_capacity(capacity, max_capacity, "SpscQueue") - 1),
          storage_(mask_ + 1) {}

    /// Destroys the items still queued and frees the storage.
    /// Thread-safe: no (neither side may be in a call); realtime-safe: no.
    ~SpscQueue() {
        const std::size_t tail = pos_.tail.load(std::memory_order_acquire);
        for (std::size_t i = pos_.head.load(std::memory_order_acquire); i != tail; ++i) {
            slot(i)->~T();
        }
    }

    // The indices are shared with another thread by address; moving them
    // would strand that thread.
    SpscQueue(const SpscQueue&) = delete;
    SpscQueue& operator=(const SpscQueue&) = delete;

    /// Copies `item` into the queue; false (and no copy) when it is full.
    /// Thread-safe: producer thread only. Realtime-safe when T's copy
    /// constructor is; noexcept when it is (a throwing copy leaves the queue
    /// unchanged).
    [[nodiscard]] bool try_push(const T& item) noexcept(
        std::is_nothrow_copy_constructible_v<T>)
        CM_NONBLOCKING_IF(std::is_nothrow_copy_constructible_v<T>) {
        return try_emplace(item);
    }

    /// Moves `item` into the queue; false when it is full, and then `item` is
    /// left untouched so the caller can retry.
    /// Thread-safe: producer thread only. Realtime-safe when T's move
    /// constructor is.
    [[nodiscard]] bool try_push(T&& item) noexcept CM_NONBLOCKING {
        return try_emplace(std::move(item));
    }

    /// Constructs an item in place from `args`; false (and nothing
    /// constructed) when the queue is full.
    /// Thread-safe: producer thread only. Realtime-safe when that constructor
    /// is; noexcept when it is (a throwing constructor leaves the queue
    /// unchanged).
    template <class... Args>
    [[nodiscard]] bool try_emplace(Args&&... args) noexcept(
        std::is_nothrow_constructible_v<T, Args&&...>)
        CM_NONBLOCKING_IF((std::is_nothrow_constructible_v<T, Args&&...>)) {
        const std::size_t tail = pos_.producer.tail;
        if (tail - pos_.producer.head_cache == capacity()) {
            // Looks full: only now pay for reading the consumer's line.
            // Acquire pairs with the consumer's release, so its last read of
            // the slot we are about to reuse happened before our write.
            pos_.producer.head_cache = pos_.head.load(std::memory_order_acquire);
            if (tail - pos_.producer.head_cache == capacity()) return false;
        }
        ::new (static_cast<void*>(slot(tail))) T(std::forward<Args>(args)...);
        pos_.producer.tail = tail + 1;
        pos_.tail.store(tail + 1, std::memory_order_release);
        return true;
    }

    /// Removes the oldest item; std::nullopt when the queue is empty.
    /// Thread-safe: consumer thread only. Realtime-safe when T's move
    /// constructor is (the returned optional is the caller's: destroying a
    /// non-empty one runs ~T on the caller's thread).
    [[nodiscard]] std::optional<T> try_pop() noexcept CM_NONBLOCKING {
        const std::size_t head = pos_.consumer.head;
        if (!readable(head)) return std::nullopt;
        // The item is moved straight into the caller's return object; the
        // guard then retires the slot. A local optional would work too, but
        // its destructor is what -Wfunction-effects would have to trust.
        struct Retire {
            SpscQueue& queue;
            std::size_t index;
            ~Retire() {
                detail::destroy_moved_from(*queue.slot(index));
                queue.pos_.consumer.head = index + 1;
                queue.pos_.head.store(index + 1, std::memory_order_release);
            }
        } retire{*this, head};
        return std::move(*slot(head));
    }

    /// Moves the oldest item into `out` and removes it; false (and `out`
    /// untouched) when the queue is empty.
    /// Thread-safe: consumer thread only. Realtime-safe when T is trivially
    /// move assignable (and marked so only then): a non-trivial move
    /// assignment usually releases whatever `out` held, on this thread (a
    /// delete for std::unique_ptr, a free for std::string); use try_pop() on
    /// the audio thread for such types. noexcept when T's move assignment is
    /// (a throwing one leaves the item queued).
    [[nodiscard]] bool try_pop(T& out) noexcept(std::is_nothrow_move_assignable_v<T>)
        CM_NONBLOCKING_IF(std::is_trivially_move_assignable_v<T>) {
        const std::size_t head = pos_.consumer.head;
        if (!readable(head)) return false;
        T& item = *slot(head);
        out = std::move(item);
        detail::destroy_moved_from(item);
        pos_.consumer.head = head + 1;
        pos_.head.store(head + 1, std::memory_order_release);
        return true;
    }

    /// Number of queued items, 0..capacity(). Exact when called by the
    /// producer or the consumer while the other side is idle; otherwise a
    /// snapshot that may be stale by the time it is used.
    /// Thread-safe: any thread. Realtime-safe.
    [[nodiscard]] std::size_t size_approx() const noexcept CM_NONBLOCKING {
        // Head first: the tail read after it is at least as new, so the
        // difference never goes negative; it can exceed the capacity when
        // both sides moved in between, hence the clamp.
        const std::size_t head = pos_.head.load(std::memory_order_acquire);
        const std::size_t tail = pos_.tail.load(std::memory_order_acquire);
        return std::min(tail - head, capacity());
    }

    /// True when no item is queued. From the consumer, false means the next
    /// try_pop() succeeds; from the producer, true means the next try_push()
    /// does.
    /// Thread-safe: any thread. Realtime-safe.
    [[nodiscard]] bool empty() const noexcept CM_NONBLOCKING { return size_approx() == 0; }

    /// Number of items the queue holds when full (a power of two).
    /// Thread-safe: any thread. Realtime-safe.
    [[nodiscard]] std::size_t capacity() const noexcept CM_NONBLOCKING { return mask_ + 1; }

private:
    [[nodiscard]] T* slot(std::size_t index) const noexcept CM_NONBLOCKING {
        return storage_.data() + (index & mask_);
    }

    // Consumer side: is there an item at `head`? Reads the producer's
    // published tail only when the cached copy says the queue looks empty.
    [[nodiscard]] bool readable(std::size_t head) noexcept CM_NONBLOCKING {
        if (head == pos_.consumer.tail_cache) {
            pos_.consumer.tail_cache = pos_.tail.load(std::memory_order_acquire);
            if (head == pos_.consumer.tail_cache) return false;
        }
        return true;
    }

    // Indices run freely and are masked on use: with a power-of-two capacity
    // the unsigned wrap-around at 2^N keeps `tail - head` right, and no slot
    // is sacrificed to tell full from empty.
    //
    // Layout (the Rigtorp / moodycamel technique, taken one step further):
    // a read-only part both sides read; per side, a private block holding
    // its own position and its copy of the other side's, and apart from it
    // the published position, which the owner only stores to and the other
    // side reads only when its copy says full (producer) or empty
    // (consumer). With busy-waiting threads, keeping the published word off
    // the private block measured about twice the throughput of keeping them
    // on one line (2-core x86-64 VM, bench/core_queue_bench.cpp): the owner's
    // hot loads then never touch a line the other core is polling.
    std::size_t mask_;
    detail::SlotStorage<T> storage_;

    detail::SpscPositions pos_;
};

} // namespace cm
