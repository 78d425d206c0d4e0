// SpscRingBuffer: partial bulk transfers at the full/empty edges, the split
// copy when a block crosses the end of the ring, peek/skip/clear, a known
// sample sequence streamed between two threads in random-sized chunks, and the
// real-time contract (no allocation, no lock).
#include <coremusic/core/spsc_ring_buffer.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

// Sample n of the test signal: exact in float (below 2^24), and a dropped,
// repeated or reordered sample always changes the value seen.
float sample(std::uint64_t n) { return static_cast<float>(n % (1U << 24U)); }

std::vector<float> ramp(std::uint64_t first, std::size_t count) {
    std::vector<float> v(count);
    for (std::size_t i = 0; i < count; ++i) v[i] = sample(first + i);
    return v;
}

TEST(SpscRingBuffer, RoundsCapacityUpToPowerOfTwo) {
    EXPECT_EQ(cm::SpscRingBuffer<float>(1).capacity(), 1U);
    EXPECT_EQ(cm::SpscRingBuffer<float>(300).capacity(), 512U);
    EXPECT_EQ(cm::SpscRingBuffer<float>(4096).capacity(), 4096U);
    EXPECT_THROW(cm::SpscRingBuffer<float>{0}, cm::Error);
    EXPECT_THROW(cm::SpscRingBuffer<float>{std::numeric_limits<std::size_t>::max()}, cm::Error);
}

TEST(SpscRingBuffer, PartialWritesAndReadsAtTheEdges) {
    cm::SpscRingBuffer<float> ring(8);
    EXPECT_EQ(ring.available_read(), 0U);
    EXPECT_EQ(ring.available_write(), 8U);

    std::array<float, 4> out{};
    EXPECT_EQ(ring.read(out), 0U); // empty
    EXPECT_EQ(ring.write(std::span<const float>{}), 0U);

    const std::vector<float> ten = ramp(0, 10);
    EXPECT_EQ(ring.write(ten), 8U); // only what fits
    EXPECT_EQ(ring.available_read(), 8U);
    EXPECT_EQ(ring.available_write(), 0U);
    EXPECT_EQ(ring.write(ten), 0U); // full

    EXPECT_EQ(ring.read(out), 4U);
    EXPECT_EQ(out, (std::array<float, 4>{0, 1, 2, 3}));
    std::vector<float> big(16, -1.0F);
    EXPECT_EQ(ring.read(big), 4U); // only what is there
    EXPECT_EQ(big[0], 4.0F);
    EXPECT_EQ(big[3], 7.0F);
    EXPECT_EQ(big[4], -1.0F); // the rest untouched
    EXPECT_EQ(ring.available_read(), 0U);
}

TEST(SpscRingBuffer, BlocksCrossTheEndManyTimes) {
    // Block sizes coprime with the capacity put the wrap point at every offset.
    cm::SpscRingBuffer<float> ring(16);
    std::uint64_t written = 0;
    std::uint64_t read = 0;
    std::vector<float> out(16);
    for (int round = 0; round < 5000; ++round) {
        const std::size_t block = static_cast<std::size_t>(round % 13) + 1;
        const std::vector<float> in = ramp(written, block);
        written += ring.write(in);
        const std::size_t want = static_cast<std::size_t>(round % 11) + 1;
        const std::size_t got = ring.read(std::span<float>(out).first(want));
        for (std::size_t i = 0; i < got; ++i) ASSERT_EQ(out[i], sample(read + i)) << round;
        read += got;
        ASSERT_EQ(ring.available_read(), written - read);
    }
    EXPECT_GT(read, 16U * 1000U);
}

TEST(SpscRingBuffer, PeekSkipAndClear) {
    cm::SpscRingBuffer<std::int32_t> ring(8);
    const std::array<std::int32_t, 6> in{10, 11, 12, 13, 14, 15};
    ASSERT_EQ(ring.write(in), 6U);

    std::array<std::int32_t, 2> two{};
    EXPECT_EQ(ring.peek(two), 2U);
    EXPECT_EQ(two, (std::array<std::int32_t, 2>{10, 11}));
    EXPECT_EQ(ring.available_read(), 6U); // peek consumes nothing
    EXPECT_EQ(ring.peek(two), 2U);
    EXPECT_EQ(two[0], 10);

    EXPECT_EQ(ring.skip(3), 3U);
    EXPECT_EQ(ring.read(two), 2U);
    EXPECT_EQ(two, (std::array<std::int32_t, 2>{13, 14}));
    EXPECT_EQ(ring.skip(100), 1U); // only what is there
    EXPECT_EQ(ring.skip(1), 0U);

    ASSERT_EQ(ring.write(in), 6U); // wraps: positions 6..11
    ring.clear();
    EXPECT_EQ(ring.available_read(), 0U);
    EXPECT_EQ(ring.available_write(), 8U);
    EXPECT_EQ(ring.read(two), 0U);
    ASSERT_EQ(ring.write(std::span<const std::int32_t>(in).first(2)), 2U);
    EXPECT_EQ(ring.read(two), 2U);
    EXPECT_EQ(two, (std::array<std::int32_t, 2>{10, 11}));
}

TEST(SpscRingBuffer, StructElements) {
    struct Frame {
        float left;
        float right;
    };
    cm::SpscRingBuffer<Frame> ring(4);
    const std::array<Frame, 3> in{{{1, -1}, {2, -2}, {3, -3}}};
    ASSERT_EQ(ring.write(in), 3U);
    ASSERT_EQ(ring.skip(2), 2U);
    ASSERT_EQ(ring.write(in), 3U); // crosses the end
    std::array<Frame, 4> out{};
    ASSERT_EQ(ring.read(out), 4U);
    EXPECT_EQ(out[0].left, 3.0F);
    EXPECT_EQ(out[1].right, -1.0F);
    EXPECT_EQ(out[3].left, 3.0F);
}

TEST(SpscRingBuffer, BulkOperationsNeitherAllocateNorLock) {
    cm::SpscRingBuffer<float> ring(1024);
    const std::vector<float> block = ramp(0, 256);
    std::vector<float> out(256);
    cm::test::RtScope scope;
    for (int round = 0; round < 100; ++round) {
        (void)ring.write(block);
        (void)ring.write(block);
        (void)ring.peek(out);
        (void)ring.read(out);
        (void)ring.skip(100);
        (void)ring.available_read();
        (void)ring.available_write();
        if (round % 10 == 0) ring.clear();
    }
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
}

// What an audio callback does with the ring: checked by -Wfunction-effects
// under clang >= 20 and by RealtimeSanitizer in the rtsan build.
std::size_t realtime_block(cm::SpscRingBuffer<float>& ring, std::span<const float> in,
                           std::span<float> out) noexcept CM_NONBLOCKING {
    std::size_t moved = ring.write(in);
    moved += ring.peek(out);
    moved += ring.read(out);
    moved += ring.skip(1);
    ring.clear();
    return moved + ring.available_read() + ring.available_write();
}

TEST(SpscRingBuffer, UsableFromNonblockingFunction) {
    cm::SpscRingBuffer<float> ring(8);
    const std::vector<float> in = ramp(0, 6);
    std::vector<float> out(4);
    // 6 written, 4 peeked, 4 read, 1 skipped, cleared: 0 readable, 8 free.
    EXPECT_EQ(realtime_block(ring, in, out), 6U + 4U + 4U + 1U + 0U + 8U);
    EXPECT_EQ(out[3], 3.0F);
}

TEST(SpscRingBuffer, TwoThreadsStreamRandomChunks) {
    constexpr std::uint64_t total = 4'000'000;
    cm::SpscRingBuffer<float> ring(1000); // 1024
    std::thread producer([&ring] {
        std::mt19937 rng(1234);
        std::uniform_int_distribution<std::size_t> chunk(1, 700);
        std::vector<float> block(700);
        std::uint64_t sent = 0;
        while (sent < total) {
            const std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(chunk(rng), total - sent));
            for (std::size_t i = 0; i < n; ++i) block[i] = sample(sent + i);
            std::size_t done = 0;
            while (done < n) {
                const std::size_t w = ring.write(std::span<const float>(block).subspan(done, n - done));
                if (w == 0) std::this_thread::yield();
                done += w;
            }
            sent += n;
        }
    });
    std::mt19937 rng(5678);
    std::uniform_int_distribution<std::size_t> chunk(1, 900);
    std::vector<float> block(900);
    std::uint64_t received = 0;
    std::uint64_t mismatches = 0;
    while (received < total) {
        const std::size_t got = ring.read(std::span<float>(block).first(chunk(rng)));
        if (got == 0) {
            std::this_thread::yield();
            continue;
        }
        for (std::size_t i = 0; i < got; ++i) {
            if (block[i] != sample(received + i)) ++mismatches;
        }
        received += got;
    }
    producer.join();
    EXPECT_EQ(mismatches, 0U);
    EXPECT_EQ(received, total);
    EXPECT_EQ(ring.available_read(), 0U);
}

} // namespace
