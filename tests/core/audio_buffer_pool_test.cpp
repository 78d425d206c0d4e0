// The buffer pool: size-class reuse (hits), the memory limit and its error,
// lease return and statistics, and the preallocated mode's lock-free,
// allocation-free acquire/release, also from two threads at once (run it
// under the tsan preset).
#include <coremusic/core/audio_buffer_pool.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

using cm::AudioBufferPool;
using cm::PooledBuffer;

bool aligned_to_cache_line(const float* p) {
    return reinterpret_cast<std::uintptr_t>(p) % cm::cache_line_size == 0;
}

TEST(AudioBufferPool, LeaseGivesTheRequestedShape) {
    AudioBufferPool pool(1 << 20);
    PooledBuffer lease = pool.get_buffer(1000, 2);
    ASSERT_TRUE(lease);
    EXPECT_EQ(lease.frames(), 1000U);
    EXPECT_EQ(lease.channels(), 2U);
    const cm::AudioBufferView view = lease.view();
    EXPECT_EQ(view.frames(), 1000U);
    EXPECT_EQ(view.channels(), 2U);
    EXPECT_TRUE(aligned_to_cache_line(view.channel(0).data()));
    EXPECT_TRUE(aligned_to_cache_line(view.channel(1).data()));
    lease.clear();
    view.channel(1)[999] = 0.5f; // the whole extent is writable
    EXPECT_EQ(lease.channel(1)[999], 0.5f);
    EXPECT_EQ(lease.channel(0)[0], 0.0f);
}

TEST(AudioBufferPool, ReuseBySizeClassCountsAsHit) {
    AudioBufferPool pool(1 << 20);
    {
        // 1024 frames x 2 channels x 4 bytes = 8192 bytes: size class 8192.
        const PooledBuffer lease = pool.get_buffer(1024, 2);
        const AudioBufferPool::Stats s = pool.stats();
        EXPECT_EQ(s.current_bytes, 8192U);
        EXPECT_EQ(s.active_leases, 1U);
        EXPECT_EQ(s.misses, 1U);
        EXPECT_EQ(s.hits, 0U);
    }
    AudioBufferPool::Stats s = pool.stats();
    EXPECT_EQ(s.active_leases, 0U);
    EXPECT_EQ(s.current_bytes, 8192U); // cached, still held
    {
        const PooledBuffer again = pool.get_buffer(1024, 2);
        // 1000 frames pad to 1008 (whole 64-byte lines): 1008 x 2 x 4 = 8064
        // bytes, the same 8192 class.
        const PooledBuffer same_class = pool.get_buffer(1000, 2);
        s = pool.stats();
        EXPECT_EQ(s.hits, 1U);
        EXPECT_EQ(s.misses, 2U); // the second one found the first still leased
        EXPECT_EQ(s.current_bytes, 16384U);
        EXPECT_EQ(s.peak_bytes, 16384U);
    }
    {
        const PooledBuffer a = pool.get_buffer(1000, 2);
        const PooledBuffer b = pool.get_buffer(1024, 2);
        s = pool.stats();
        EXPECT_EQ(s.hits, 3U);
        EXPECT_EQ(s.misses, 2U);
        EXPECT_EQ(s.active_leases, 2U);
    }
    pool.trim();
    s = pool.stats();
    EXPECT_EQ(s.current_bytes, 0U);
    EXPECT_EQ(s.peak_bytes, 16384U);
}

TEST(AudioBufferPool, LimitIsEnforcedWithAClearError) {
    AudioBufferPool pool(16384);
    const PooledBuffer a = pool.get_buffer(1024, 2); // 8192
    const PooledBuffer b = pool.get_buffer(1024, 2); // 8192: now at the limit
    try {
        const PooledBuffer c = pool.get_buffer(16, 1); // 64 bytes, class 1024
        FAIL() << "the limit was not enforced";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), std::errc::not_enough_memory);
        const std::string what = e.what();
        EXPECT_NE(what.find("needs 64 bytes"), std::string::npos) << what;
        EXPECT_NE(what.find("limit of 16384 bytes"), std::string::npos) << what;
        EXPECT_NE(what.find("16384 bytes are in use by 2 leased buffers"), std::string::npos) << what;
    }
    const PooledBuffer d = pool.try_get_buffer(16, 1);
    EXPECT_FALSE(d);
    const AudioBufferPool::Stats s = pool.stats();
    EXPECT_EQ(s.failures, 2U);
    EXPECT_EQ(s.current_bytes, 16384U);
    EXPECT_EQ(s.limit_bytes, 16384U);
}

TEST(AudioBufferPool, CachedBuffersAreFreedToMakeRoom) {
    AudioBufferPool pool(16384);
    { const PooledBuffer small = pool.get_buffer(1024, 2); } // 8192 cached
    // 2048 x 2 x 4 = 16384: fits only once the cached 8192 is freed.
    const PooledBuffer big = pool.get_buffer(2048, 2);
    EXPECT_TRUE(big);
    const AudioBufferPool::Stats s = pool.stats();
    EXPECT_EQ(s.current_bytes, 16384U);
    EXPECT_EQ(s.failures, 0U);
}

TEST(AudioBufferPool, RejectsBadRequests) {
    AudioBufferPool pool(1 << 20);
    EXPECT_THROW((void)pool.get_buffer(0, 2), cm::AudioFormatError);
    EXPECT_THROW((void)pool.get_buffer(16, 0), cm::AudioFormatError);
    EXPECT_THROW((void)pool.get_buffer(16, cm::max_channels + 1), cm::AudioFormatError);
    EXPECT_FALSE(pool.try_get_buffer(0, 2));
    EXPECT_FALSE(pool.try_get_buffer(std::size_t{1} << 62U, 2)); // too large for any class
    EXPECT_EQ(pool.stats().failures, 5U);
    EXPECT_EQ(pool.stats().current_bytes, 0U);
}

TEST(AudioBufferPool, LeasesMoveAndReturnOnce) {
    AudioBufferPool pool(1 << 20);
    PooledBuffer a = pool.get_buffer(64, 1);
    const float* storage = a.view().channel(0).data();
    PooledBuffer b = std::move(a);
    EXPECT_FALSE(a); // NOLINT(bugprone-use-after-move): moved-from is empty
    EXPECT_EQ(a.view().channels(), 0U);
    EXPECT_EQ(b.view().channel(0).data(), storage);
    EXPECT_EQ(pool.stats().active_leases, 1U);
    PooledBuffer c = pool.get_buffer(64, 1);
    EXPECT_EQ(pool.stats().active_leases, 2U);
    c = std::move(b); // c's first buffer goes back
    EXPECT_EQ(pool.stats().active_leases, 1U);
    c.reset();
    EXPECT_EQ(pool.stats().active_leases, 0U);
    c.reset(); // twice is harmless
    EXPECT_EQ(pool.stats().active_leases, 0U);
}

TEST(AudioBufferPool, GrowingPoolCannotAcquireWithoutALock) {
    AudioBufferPool pool(1 << 20);
    EXPECT_FALSE(pool.is_preallocated());
    EXPECT_FALSE(pool.acquire(64, 2));
    EXPECT_EQ(pool.stats().failures, 1U);
}

TEST(AudioBufferPool, PreallocatedSlots) {
    AudioBufferPool pool = AudioBufferPool::preallocated(4, 256, 2);
    EXPECT_TRUE(pool.is_preallocated());
    // 4 slots x 256 frames x 2 channels x 4 bytes = 8192 bytes, all up front.
    AudioBufferPool::Stats s = pool.stats();
    EXPECT_EQ(s.current_bytes, 8192U);
    EXPECT_EQ(s.peak_bytes, 8192U);
    EXPECT_EQ(pool.max_memory_bytes(), 8192U);

    std::vector<PooledBuffer> leases;
    for (int i = 0; i < 4; ++i) leases.push_back(pool.acquire(256, 2));
    for (const PooledBuffer& lease : leases) {
        ASSERT_TRUE(lease);
        EXPECT_TRUE(aligned_to_cache_line(lease.channel(1).data()));
    }
    // Four distinct slots.
    for (std::size_t i = 0; i < 4; ++i) {
        for (std::size_t j = i + 1; j < 4; ++j) {
            EXPECT_NE(leases[i].channel(0).data(), leases[j].channel(0).data());
        }
    }
    EXPECT_FALSE(pool.acquire(1, 1)); // exhausted
    try {
        (void)pool.get_buffer(1, 1);
        FAIL() << "an exhausted pool served a buffer";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), std::errc::not_enough_memory);
        EXPECT_NE(std::string(e.what()).find("all 4 buffers"), std::string::npos) << e.what();
    }
    leases.pop_back();
    const PooledBuffer smaller = pool.acquire(100, 1); // any request that fits a slot
    ASSERT_TRUE(smaller);
    EXPECT_EQ(smaller.frames(), 100U);
    EXPECT_EQ(smaller.channels(), 1U);
    s = pool.stats();
    EXPECT_EQ(s.hits, 5U);
    EXPECT_EQ(s.failures, 2U);
    EXPECT_EQ(s.active_leases, 4U);
}

TEST(AudioBufferPool, PreallocatedRejectsWhatDoesNotFitASlot) {
    AudioBufferPool pool = AudioBufferPool::preallocated(2, 256, 2);
    EXPECT_FALSE(pool.acquire(257, 2));
    EXPECT_FALSE(pool.acquire(256, 3));
    EXPECT_FALSE(pool.acquire(0, 2));
    try {
        (void)pool.get_buffer(512, 2);
        FAIL() << "a request larger than a slot was served";
    } catch (const cm::Error& e) {
        EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
        EXPECT_NE(std::string(e.what()).find("slots of 256 frames x 2 channels"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW((void)AudioBufferPool::preallocated(0, 256, 2), cm::Error);
    EXPECT_THROW((void)AudioBufferPool::preallocated(2, 0, 2), cm::AudioFormatError);
    EXPECT_THROW((void)AudioBufferPool::preallocated(2, 256, 0), cm::AudioFormatError);
}

// What an audio callback does with a preallocated pool. Checked by the
// rtsan preset at compile time (-Wfunction-effects) and run time
// (RealtimeSanitizer).
std::size_t audio_callback(AudioBufferPool& pool) noexcept CM_NONBLOCKING {
    std::size_t frames = 0;
    PooledBuffer a = pool.acquire(512, 2);
    PooledBuffer b = pool.acquire(256, 1);
    frames += a.view().frames() + b.frames();
    a.clear();
    b = std::move(a); // returns b's slot
    (void)pool.stats();
    return frames; // returns the other
}

// Returning a growing pool's lease is a lock-free push, so it too may end on
// the audio thread.
void end_lease(PooledBuffer& lease) noexcept CM_NONBLOCKING { lease.reset(); }

TEST(AudioBufferPool, PreallocatedAcquireAndReleaseAreRealtimeSafe) {
    AudioBufferPool pool = AudioBufferPool::preallocated(2, 512, 2);
    AudioBufferPool growing(1 << 20);
    PooledBuffer from_growing = growing.get_buffer(512, 2);
    std::size_t frames = 0;
    cm::test::RtScope scope;
    for (int i = 0; i < 100; ++i) frames += audio_callback(pool);
    end_lease(from_growing);
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 0U);
    EXPECT_EQ(counts.deallocations, 0U);
    if (cm::test::lock_counting_available()) {
        EXPECT_EQ(counts.locks, 0U);
    }
    EXPECT_EQ(frames, 100U * (512U + 256U));
    EXPECT_EQ(pool.stats().active_leases, 0U);
    EXPECT_EQ(growing.stats().active_leases, 0U);
}

TEST(AudioBufferPool, GrowingPoolRequestsDoLock) {
    // The counter sees the growing pool's mutex: the zero above is real.
    if (!cm::test::lock_counting_available()) GTEST_SKIP() << "locks are not counted in this build";
    AudioBufferPool pool(1 << 20);
    cm::test::RtScope scope;
    const PooledBuffer lease = pool.get_buffer(64, 1);
    EXPECT_GE(scope.counts().locks, 1U);
    EXPECT_GE(scope.counts().allocations, 1U);
}

// One iteration of a thread in the two-thread test: lease two buffers,
// stamp them with this thread's mark, check the marks are intact, return them.
// Returns how many leases succeeded; counts damaged samples in `bad`.
std::uint64_t lease_and_check(AudioBufferPool& pool, std::size_t frames, float mark,
                              int& bad) noexcept CM_NONBLOCKING {
    std::uint64_t served = 0;
    PooledBuffer a = pool.acquire(frames, 2);
    PooledBuffer b = pool.acquire(frames / 2, 1);
    for (PooledBuffer* lease : {&a, &b}) {
        if (!*lease) continue;
        ++served;
        const cm::AudioBufferView v = lease->view();
        for (std::size_t c = 0; c < v.channels(); ++c) {
            for (float& x : v.channel(c)) x = mark;
        }
    }
    for (PooledBuffer* lease : {&a, &b}) {
        if (!*lease) continue;
        const cm::AudioBufferView v = lease->view();
        for (std::size_t c = 0; c < v.channels(); ++c) {
            for (const float x : v.channel(c)) bad += x != mark ? 1 : 0;
        }
    }
    return served;
}

TEST(AudioBufferPool, PreallocatedFromTwoThreads) {
    // Two threads hammer 3 slots. Each writes its own mark over its whole
    // lease and checks it is still there before returning it: two holders of
    // one slot would overwrite each other. Under TSan this also checks that
    // the release/acquire pairing orders the sample writes.
    constexpr int iterations = 20000;
    constexpr std::size_t frames = 64;
    AudioBufferPool pool = AudioBufferPool::preallocated(3, frames, 2);
    std::atomic<bool> go{false};
    std::atomic<int> corrupted{0};
    std::atomic<std::uint64_t> served{0};
    std::atomic<std::size_t> rt_allocations{0};
    auto worker = [&](float mark) {
        while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
        cm::test::RtScope scope;
        std::uint64_t mine = 0;
        int bad = 0;
        for (int i = 0; i < iterations; ++i) mine += lease_and_check(pool, frames, mark, bad);
        corrupted.fetch_add(bad, std::memory_order_relaxed);
        rt_allocations.fetch_add(scope.counts().allocations, std::memory_order_relaxed);
        served.fetch_add(mine, std::memory_order_relaxed);
    };
    std::thread t1(worker, 1.0f);
    std::thread t2(worker, 2.0f);
    go.store(true, std::memory_order_release);
    t1.join();
    t2.join();
    EXPECT_EQ(corrupted.load(), 0);
    EXPECT_EQ(rt_allocations.load(), 0U);
    const AudioBufferPool::Stats s = pool.stats();
    EXPECT_EQ(s.active_leases, 0U);
    EXPECT_EQ(s.hits, served.load());
    EXPECT_EQ(s.hits + s.failures, 2U * 2U * iterations);
    // With 3 slots and at most 4 wanted at once, nearly all requests succeed.
    EXPECT_GT(s.hits, static_cast<std::uint64_t>(iterations));
    // Every slot is back: all 3 can be taken at once.
    const PooledBuffer x = pool.acquire(frames, 2);
    const PooledBuffer y = pool.acquire(frames, 2);
    const PooledBuffer z = pool.acquire(frames, 2);
    EXPECT_TRUE(x && y && z);
    EXPECT_FALSE(pool.acquire(frames, 2));
}

TEST(AudioBufferPool, GrowingPoolFromTwoThreads) {
    // Requests take the mutex, returns are lock-free pushes from the other
    // thread; counts must balance.
    constexpr int iterations = 2000;
    AudioBufferPool pool(1 << 20);
    auto worker = [&] {
        for (int i = 0; i < iterations; ++i) {
            PooledBuffer lease = pool.get_buffer(static_cast<std::size_t>(64 + (i % 4) * 300), 2);
            lease.view().channel(1)[0] = 1.0f;
        }
    };
    std::thread t1(worker);
    std::thread t2(worker);
    t1.join();
    t2.join();
    const AudioBufferPool::Stats s = pool.stats();
    EXPECT_EQ(s.active_leases, 0U);
    EXPECT_EQ(s.hits + s.misses, 2U * iterations);
    EXPECT_EQ(s.failures, 0U);
    EXPECT_LE(s.current_bytes, s.peak_bytes);
    EXPECT_LE(s.peak_bytes, std::size_t{1} << 20U);
}

} // namespace
