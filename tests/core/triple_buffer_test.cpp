// TripleBuffer: latest-state semantics, buffer recycling, a writer and a
// reader on two threads where the reader must never see a torn state or go
// back in time, and the real-time contract (no allocation, no lock).
#include <coremusic/core/triple_buffer.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <thread>

namespace {

// A state whose fields are all derived from n, so a mix of two publishes
// (a torn read) is detectable; the array widens the window for tearing.
struct State {
    std::uint64_t n = 0;
    std::uint64_t twice = 0;
    std::uint64_t thrice = 0;
    std::array<std::uint64_t, 13> tail{};

    void fill(std::uint64_t value) noexcept {
        n = value;
        twice = value * 2;
        thrice = value * 3;
        for (std::size_t i = 0; i < tail.size(); ++i) tail[i] = value + i;
    }
    [[nodiscard]] bool consistent() const noexcept {
        if (twice != n * 2 || thrice != n * 3) return false;
        for (std::size_t i = 0; i < tail.size(); ++i) {
            if (tail[i] != n + i) return false;
        }
        return true;
    }
};

struct NoDefault {
    NoDefault() = delete;
    explicit NoDefault(int v) noexcept : value(v) {}
    int value;
};

TEST(TripleBuffer, ReadsInitialStateUntilFirstPublish) {
    cm::TripleBuffer<int> defaulted;
    EXPECT_FALSE(defaulted.has_new());
    EXPECT_EQ(defaulted.read(), 0);

    cm::TripleBuffer<NoDefault> buffer(NoDefault(7));
    EXPECT_FALSE(buffer.has_new());
    EXPECT_EQ(buffer.read().value, 7);
    EXPECT_EQ(buffer.read().value, 7);
    // The write buffer starts as a copy of the initial state too.
    EXPECT_EQ(buffer.write_buffer().value, 7);
}

TEST(TripleBuffer, ReadReturnsLatestPublishedState) {
    cm::TripleBuffer<int> buffer;
    buffer.write_buffer() = 1;
    buffer.publish();
    EXPECT_TRUE(buffer.has_new());
    EXPECT_EQ(buffer.read(), 1);
    EXPECT_FALSE(buffer.has_new());
    EXPECT_EQ(buffer.read(), 1); // stays until something newer arrives

    // Several publishes between reads: only the newest is seen.
    buffer.write(2);
    buffer.write(3);
    buffer.write(4);
    EXPECT_TRUE(buffer.has_new());
    EXPECT_EQ(buffer.read(), 4);
    EXPECT_FALSE(buffer.has_new());
}

TEST(TripleBuffer, UnpublishedWritesAreInvisible) {
    cm::TripleBuffer<int> buffer;
    buffer.write(10);
    const int& seen = buffer.read();
    EXPECT_EQ(seen, 10);
    buffer.write_buffer() = 11; // not published
    EXPECT_FALSE(buffer.has_new());
    EXPECT_EQ(buffer.read(), 10);
    // The reader's state is stable while the writer keeps going.
    for (int i = 20; i < 30; ++i) buffer.write(i);
    EXPECT_EQ(seen, 10);
    EXPECT_EQ(buffer.read(), 29);
}

TEST(TripleBuffer, WriteBufferIsRecycledNotCleared) {
    cm::TripleBuffer<int> buffer(0);
    buffer.write(1); // middle = 1
    (void)buffer.read(); // reader takes 1, middle = its old slot (0)
    buffer.write(2);  // writer gets back the slot holding 0
    EXPECT_EQ(buffer.write_buffer(), 0);
    EXPECT_EQ(buffer.read(), 2);
}

TEST(TripleBuffer, PublishAndReadNeitherAllocateNorLock) {
    cm::TripleBuffer<State> buffer;
    std::uint64_t sum = 0;
    cm::test::RtScope scope;
    for (std::uint64_t i = 1; i <= 1000; ++i) {
        buffer.write_buffer().fill(i);
        buffer.publish();
        if (i % 3 == 0 && buffer.has_new()) sum += buffer.read().n;
    }
    State s;
    s.fill(5);
    buffer.write(s);
    sum += buffer.read().n;
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
    EXPECT_GT(sum, 0U);
}

// Both sides as an audio callback would use them: checked by
// -Wfunction-effects under clang >= 20 and by RealtimeSanitizer in rtsan.
std::uint64_t realtime_side(cm::TripleBuffer<State>& buffer, std::uint64_t n) noexcept
    CM_NONBLOCKING {
    buffer.write_buffer().fill(n);
    buffer.publish();
    return buffer.has_new() ? buffer.read().n : 0;
}

TEST(TripleBuffer, UsableFromNonblockingFunction) {
    cm::TripleBuffer<State> buffer;
    EXPECT_EQ(realtime_side(buffer, 9), 9U);
    EXPECT_TRUE(buffer.read().consistent());
}

TEST(TripleBuffer, TwoThreadsNeverTornNeverBackwards) {
    constexpr std::uint64_t count = 1'000'000;
    cm::TripleBuffer<State> buffer;
    std::thread writer([&buffer] {
        for (std::uint64_t n = 1; n <= count; ++n) {
            buffer.write_buffer().fill(n);
            buffer.publish();
        }
    });
    std::uint64_t last = 0;
    std::uint64_t torn = 0;
    std::uint64_t backwards = 0;
    std::uint64_t distinct = 0;
    while (last != count) {
        if (!buffer.has_new()) {
            std::this_thread::yield();
            continue;
        }
        const State& s = buffer.read();
        if (!s.consistent()) ++torn;
        if (s.n < last) ++backwards;
        if (s.n != last) ++distinct;
        last = s.n;
    }
    writer.join();
    EXPECT_EQ(torn, 0U);
    EXPECT_EQ(backwards, 0U);
    EXPECT_EQ(last, count); // the final state always arrives
    EXPECT_GT(distinct, 1U);
    EXPECT_FALSE(buffer.has_new());
}

} // namespace
