// The RT checker must see what it claims to see, or every "no allocation on
// the audio thread" test built on it would pass vacuously.
#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

// Opaque to the optimiser, so the allocations below cannot be elided (a
// new/delete pair whose pointer never escapes may be removed entirely).
volatile std::size_t g_size = 64;
void escape(const void* p) { asm volatile("" : : "r"(p) : "memory"); }

TEST(RtScope, CountsOperatorNewAndDelete) {
    cm::test::RtScope scope;
    auto p = std::make_unique<char[]>(g_size);
    escape(p.get());
    p.reset();
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 1U);
    EXPECT_EQ(counts.deallocations, 1U);
}

TEST(RtScope, CountsVectorGrowth) {
    std::vector<int> v;
    cm::test::RtScope scope;
    for (int i = 0; i < 3; ++i) v.push_back(i); // capacity 1, 2, 4
    EXPECT_EQ(scope.counts().allocations, 3U);
}

TEST(RtScope, CountsMallocWhereInterposed) {
    if (!cm::test::malloc_counting_available()) GTEST_SKIP() << "this build counts operator new only";
    // Through volatile pointers: a malloc/free pair may otherwise be elided.
    void* (*volatile do_malloc)(std::size_t) = &std::malloc;
    void (*volatile do_free)(void*) = &std::free;
    cm::test::RtScope scope;
    do_free(do_malloc(g_size));
    const cm::test::RtCounts counts = scope.counts();
    EXPECT_EQ(counts.allocations, 1U);
    EXPECT_EQ(counts.deallocations, 1U);
}

TEST(RtScope, CountsMutexLocks) {
    if (!cm::test::lock_counting_available()) GTEST_SKIP() << "sanitizer build: locks are the sanitizer's";
    std::mutex m;
    cm::test::RtScope scope;
    { std::lock_guard lock(m); }
    { std::lock_guard lock(m); }
    EXPECT_EQ(scope.counts().locks, 2U);
}

TEST(RtScope, IgnoresOtherThreads) {
    cm::test::RtScope scope;
    std::thread t;
    const std::size_t before = scope.counts().allocations; // std::thread allocates its state
    t = std::thread([] {
        std::vector<int> v(1000);
        std::mutex m;
        std::lock_guard lock(m);
    });
    const std::size_t after_start = scope.counts().allocations;
    t.join();
    // The worker's vector and lock are not ours; only our own thread start is.
    EXPECT_GE(after_start, before);
    EXPECT_EQ(scope.counts().locks, 0U);
    cm::test::RtScope inner;
    EXPECT_EQ(inner.counts().allocations, 0U);
}

TEST(RtScope, NestedScopesRestoreOuterCounts) {
    cm::test::RtScope outer;
    auto a = std::make_unique<int>(1);
    escape(a.get());
    {
        cm::test::RtScope inner;
        auto b = std::make_unique<int>(2);
        escape(b.get());
        EXPECT_EQ(inner.counts().allocations, 1U);
    }
    EXPECT_EQ(outer.counts().allocations, 1U);
}

} // namespace
