// SpscQueue: FIFO semantics at the full/empty edges, object lifetimes of the
// raw-storage slots, ordering across two threads, and the real-time contract
// (no allocation, no lock) proven by counting and, in the rtsan build, by a
// sanitizer that is shown to be able to fail.
#include <coremusic/core/spsc_queue.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

namespace {

// Counts live instances, so leaks and double destruction both show.
struct Counted {
    static inline std::atomic<int> live{0};
    int value;
    explicit Counted(int v) noexcept : value(v) { live.fetch_add(1, std::memory_order_relaxed); }
    Counted(const Counted& other) noexcept : value(other.value) {
        live.fetch_add(1, std::memory_order_relaxed);
    }
    Counted(Counted&& other) noexcept : value(other.value) {
        live.fetch_add(1, std::memory_order_relaxed);
    }
    Counted& operator=(const Counted&) = default;
    Counted& operator=(Counted&&) = default;
    ~Counted() { live.fetch_sub(1, std::memory_order_relaxed); }
};

struct NoDefault {
    NoDefault() = delete;
    NoDefault(int a, int b) noexcept : sum(a + b) {}
    int sum;
};
static_assert(!std::is_default_constructible_v<NoDefault>);

struct ThrowingCopy {
    explicit ThrowingCopy(int v) noexcept : value(v) {}
    ThrowingCopy(const ThrowingCopy& other) : value(other.value) {
        if (value < 0) throw std::runtime_error("copy refused");
    }
    ThrowingCopy(ThrowingCopy&&) noexcept = default;
    ThrowingCopy& operator=(const ThrowingCopy&) = default;
    ThrowingCopy& operator=(ThrowingCopy&&) noexcept = default;
    ~ThrowingCopy() = default;
    int value;
};

TEST(SpscQueue, RoundsCapacityUpToPowerOfTwo) {
    EXPECT_EQ(cm::SpscQueue<int>(1).capacity(), 1U);
    EXPECT_EQ(cm::SpscQueue<int>(2).capacity(), 2U);
    EXPECT_EQ(cm::SpscQueue<int>(3).capacity(), 4U);
    EXPECT_EQ(cm::SpscQueue<int>(1000).capacity(), 1024U);
    EXPECT_EQ(cm::SpscQueue<int>(1024).capacity(), 1024U);
    EXPECT_EQ(cm::SpscQueue<int>(1025).capacity(), 2048U);
}

TEST(SpscQueue, RejectsZeroAndAbsurdCapacities) {
    auto code_of = [](auto make) {
        try {
            make();
        } catch (const cm::Error& e) {
            return e.code();
        }
        return std::error_code{};
    };
    EXPECT_EQ(code_of([] { cm::SpscQueue<int>{0}; }), cm::Errc::InvalidArgument);
    EXPECT_EQ(code_of([] { cm::SpscQueue<int>{std::numeric_limits<std::size_t>::max()}; }),
              cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { cm::SpscQueue<int>{cm::SpscQueue<int>::max_capacity + 1}; }),
              cm::Errc::OutOfRange);
    try {
        cm::SpscQueue<int> q(0);
        FAIL() << "expected cm::Error";
    } catch (const cm::Error& e) {
        EXPECT_NE(std::string(e.what()).find("capacity"), std::string::npos) << e.what();
    }
}

TEST(SpscQueue, FullAndEmptyEdges) {
    cm::SpscQueue<int> q(4);
    EXPECT_TRUE(q.empty());
    EXPECT_FALSE(q.try_pop().has_value());
    int out = -7;
    EXPECT_FALSE(q.try_pop(out));
    EXPECT_EQ(out, -7); // untouched when empty

    for (int i = 0; i < 4; ++i) EXPECT_TRUE(q.try_push(i)) << i;
    EXPECT_EQ(q.size_approx(), 4U); // every slot is usable
    EXPECT_FALSE(q.try_push(4));
    EXPECT_FALSE(q.try_emplace(4));
    EXPECT_EQ(q.size_approx(), 4U);

    EXPECT_EQ(q.try_pop(), 0);
    EXPECT_TRUE(q.try_push(4)); // one slot freed, one push fits
    EXPECT_FALSE(q.try_push(5));
    for (int expected = 1; expected <= 4; ++expected) {
        ASSERT_TRUE(q.try_pop(out));
        EXPECT_EQ(out, expected);
    }
    EXPECT_TRUE(q.empty());
    EXPECT_FALSE(q.try_pop().has_value());
}

TEST(SpscQueue, CapacityOneAlternates) {
    cm::SpscQueue<int> q(1);
    for (int i = 0; i < 100; ++i) {
        ASSERT_TRUE(q.try_push(i));
        ASSERT_FALSE(q.try_push(i));
        ASSERT_EQ(q.try_pop(), i);
        ASSERT_FALSE(q.try_pop().has_value());
    }
}

TEST(SpscQueue, WrapsAroundManyTimes) {
    cm::SpscQueue<std::uint64_t> q(8);
    std::uint64_t next_in = 0;
    std::uint64_t next_out = 0;
    // Batch sizes 1..8 with a varying fill level, so the indices cross the
    // end of the slot array at every offset.
    for (int round = 0; round < 20000; ++round) {
        const std::size_t batch = static_cast<std::size_t>(round % 8) + 1;
        for (std::size_t i = 0; i < batch && q.try_push(next_in); ++i) ++next_in;
        const std::size_t drain = static_cast<std::size_t>(round * 5 % 7) + 1;
        for (std::size_t i = 0; i < drain; ++i) {
            const auto item = q.try_pop();
            if (!item) break;
            ASSERT_EQ(*item, next_out);
            ++next_out;
        }
        ASSERT_EQ(q.size_approx(), next_in - next_out);
    }
    while (const auto item = q.try_pop()) ASSERT_EQ(*item, next_out++);
    EXPECT_EQ(next_in, next_out);
    EXPECT_GT(next_out, 8U * 1000U); // wrapped around many times
}

TEST(SpscQueue, MoveOnlyItems) {
    cm::SpscQueue<std::unique_ptr<int>> q(2);
    auto first = std::make_unique<int>(1);
    ASSERT_TRUE(q.try_push(std::move(first)));
    EXPECT_EQ(first, nullptr);
    ASSERT_TRUE(q.try_emplace(std::make_unique<int>(2)));

    // A failed push must not consume the argument: the caller retries.
    auto third = std::make_unique<int>(3);
    EXPECT_FALSE(q.try_push(std::move(third)));
    ASSERT_NE(third, nullptr);
    EXPECT_EQ(*third, 3);

    auto a = q.try_pop();
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(**a, 1);
    auto b = q.try_pop();
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(**b, 2);
    EXPECT_FALSE(q.try_pop().has_value());
}

TEST(SpscQueue, NonDefaultConstructibleItems) {
    cm::SpscQueue<NoDefault> q(4);
    ASSERT_TRUE(q.try_emplace(1, 2));
    ASSERT_TRUE(q.try_push(NoDefault(3, 4)));
    const NoDefault lvalue(5, 6);
    ASSERT_TRUE(q.try_push(lvalue));
    EXPECT_EQ(q.try_pop()->sum, 3);
    NoDefault out(0, 0);
    ASSERT_TRUE(q.try_pop(out));
    EXPECT_EQ(out.sum, 7);
    EXPECT_EQ(q.try_pop()->sum, 11);
}

TEST(SpscQueue, ItemLifetimes) {
    Counted::live = 0;
    {
        cm::SpscQueue<Counted> q(8);
        EXPECT_EQ(Counted::live.load(), 0); // raw storage: no item constructed up front
        for (int i = 0; i < 6; ++i) ASSERT_TRUE(q.try_emplace(i));
        EXPECT_EQ(Counted::live.load(), 6);
        {
            auto popped = q.try_pop();
            ASSERT_TRUE(popped.has_value());
            EXPECT_EQ(popped->value, 0);
            EXPECT_EQ(Counted::live.load(), 6); // 5 queued + the popped one; the slot is destroyed
        }
        EXPECT_EQ(Counted::live.load(), 5);
        Counted out(-1);
        ASSERT_TRUE(q.try_pop(out));
        EXPECT_EQ(out.value, 1);
        EXPECT_EQ(Counted::live.load(), 5); // 4 queued + out
        const Counted lvalue(42);
        ASSERT_TRUE(q.try_push(lvalue)); // copied, lvalue still alive
        EXPECT_EQ(Counted::live.load(), 7);
    }
    // The queue destroyed the 5 items it still held.
    EXPECT_EQ(Counted::live.load(), 0);
}

TEST(SpscQueue, DestroysRemainingItemsAfterWrapAround) {
    Counted::live = 0;
    {
        cm::SpscQueue<Counted> q(4);
        for (int i = 0; i < 11; ++i) {
            ASSERT_TRUE(q.try_emplace(i));
            if (i % 4 != 3) (void)q.try_pop();
        }
        EXPECT_EQ(Counted::live.load(), static_cast<int>(q.size_approx()));
    }
    EXPECT_EQ(Counted::live.load(), 0);
}

TEST(SpscQueue, ThrowingCopyLeavesQueueUnchanged) {
    cm::SpscQueue<ThrowingCopy> q(2);
    static_assert(!noexcept(q.try_push(std::declval<const ThrowingCopy&>())));
    static_assert(noexcept(q.try_push(std::declval<ThrowingCopy&&>())));
    const ThrowingCopy good(1);
    const ThrowingCopy bad(-1);
    ASSERT_TRUE(q.try_push(good));
    EXPECT_THROW((void)q.try_push(bad), std::runtime_error);
    EXPECT_EQ(q.size_approx(), 1U);
    EXPECT_EQ(q.try_pop()->value, 1);
    EXPECT_FALSE(q.try_pop().has_value());
}

TEST(SpscQueue, PushAndPopNeitherAllocateNorLock) {
    cm::SpscQueue<std::int64_t> ints(16);
    cm::SpscQueue<std::unique_ptr<int>> owners(16);
    auto owned = std::make_unique<int>(7);
    std::optional<std::unique_ptr<int>> popped_owner;
    {
        cm::test::RtScope scope;
        for (std::int64_t round = 0; round < 100; ++round) {
            for (std::int64_t i = 0; i < 10; ++i) (void)ints.try_push(round + i);
            std::int64_t out = 0;
            while (ints.try_pop(out)) {
            }
            (void)ints.try_emplace(round);
            (void)ints.try_pop();
            (void)ints.size_approx();
            (void)ints.empty();
        }
        // Moving a pointer through the queue allocates nothing either.
        (void)owners.try_push(std::move(owned));
        popped_owner = owners.try_pop();
        const cm::test::RtCounts counts = scope.counts();
        EXPECT_EQ(counts.allocations, 0U);
        EXPECT_EQ(counts.deallocations, 0U);
        if (cm::test::lock_counting_available()) {
            EXPECT_EQ(counts.locks, 0U);
        }
    }
    ASSERT_TRUE(popped_owner.has_value());
    EXPECT_EQ(**popped_owner, 7);
}

// The two-thread test is the one that exercises the memory ordering; under
// ThreadSanitizer it also proves the slots are handed over race-free.
TEST(SpscQueue, TwoThreadsTenMillionItemsInOrder) {
    constexpr std::uint64_t count = 10'000'000;
    // Small enough that the producer regularly finds it full and the
    // consumer regularly finds it empty.
    cm::SpscQueue<std::uint64_t> q(1024);
    std::thread producer([&q] {
        for (std::uint64_t i = 1; i <= count; ++i) {
            while (!q.try_push(i)) std::this_thread::yield();
        }
    });
    std::uint64_t previous = 0;
    std::uint64_t mismatches = 0;
    std::uint64_t value = 0;
    while (previous != count) {
        if (!q.try_pop(value)) {
            std::this_thread::yield();
            continue;
        }
        if (value != previous + 1) ++mismatches;
        previous = value;
    }
    producer.join();
    EXPECT_EQ(mismatches, 0U);
    EXPECT_EQ(previous, count);
    EXPECT_TRUE(q.empty());
}

// A function with the real-time attribute that uses the queue: under clang
// >= 20, -Wfunction-effects proves at compile time that every call it makes
// is non-blocking; in the rtsan build the sanitizer checks it as it runs.
std::int64_t realtime_round_trip(cm::SpscQueue<std::int64_t>& q,
                                 cm::SpscQueue<std::unique_ptr<int>>& owners,
                                 std::unique_ptr<int>& retired) noexcept CM_NONBLOCKING {
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < 8; ++i) (void)q.try_push(i);
    (void)q.try_emplace(100);
    std::int64_t out = 0;
    while (q.try_pop(out)) sum += out;
    if (auto item = q.try_pop()) sum += *item;
    sum += static_cast<std::int64_t>(q.size_approx() + q.capacity());
    // The audio thread's side of retiring a resource: hand the owner over
    // to a thread that may free it.
    (void)owners.try_push(std::move(retired));
    return sum;
}

TEST(SpscQueue, UsableFromNonblockingFunction) {
    cm::SpscQueue<std::int64_t> q(16);
    cm::SpscQueue<std::unique_ptr<int>> owners(4);
    auto retired = std::make_unique<int>(5);
    EXPECT_EQ(realtime_round_trip(q, owners, retired), 0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 100 + 16);
    EXPECT_EQ(retired, nullptr);
    EXPECT_EQ(owners.size_approx(), 1U);
}

// Proof that the rtsan suite can fail: a real-time function that allocates
// must be killed by RealtimeSanitizer. Without this, a misconfigured build
// (sanitizer silently off) would pass every real-time test above.
#if defined(__has_feature)
#if __has_feature(realtime_sanitizer)
#define CM_TEST_HAS_RTSAN 1
#endif
#endif

#if defined(CM_TEST_HAS_RTSAN)
int* volatile g_sink = nullptr;

// The deliberate violation the compile-time check would reject.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfunction-effects"
[[gnu::noinline]] void allocate_on_audio_thread() noexcept CM_NONBLOCKING {
    g_sink = new int(42);
}
#pragma clang diagnostic pop

TEST(SpscQueueRtsan, AllocationInNonblockingFunctionDies) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(allocate_on_audio_thread(), testing::ExitedWithCode(43), "RealtimeSanitizer");
}
#endif

} // namespace
