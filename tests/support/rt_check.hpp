// tests/support/rt_check.hpp
// Proof that real-time code stays real-time: a scope that counts the heap
// allocations and lock acquisitions made by the current thread while it lives.
#pragma once

#include <cstddef>

namespace cm::test {

/// What the current thread did while an RtScope was alive.
struct RtCounts {
    std::size_t allocations = 0;    ///< malloc/calloc/realloc/aligned/operator new
    std::size_t deallocations = 0;  ///< free/operator delete of a non-null pointer
    std::size_t locks = 0;          ///< pthread mutex/rwlock acquisitions (std::mutex included)
};

/// Counts the current thread's allocations and locks from construction until
/// destruction; other threads are not counted. Scopes nest (the counts belong
/// to the innermost). Not copyable.
///
/// How: the test binary links tests/support/rt_check.cpp, which interposes the
/// malloc family and pthread lock functions (plain glibc builds), installs
/// the sanitizer allocator's malloc/free hooks (ASan, TSan: their runtimes own
/// malloc and the pthread functions), or replaces operator new/delete (RTSan,
/// which checks locks itself).
class RtScope {
public:
    RtScope() noexcept;
    ~RtScope();
    RtScope(const RtScope&) = delete;
    RtScope& operator=(const RtScope&) = delete;

    /// Counts so far.
    [[nodiscard]] RtCounts counts() const noexcept;

private:
    RtCounts saved_;
    bool saved_active_;
};

/// True when locks are counted in this build (plain glibc builds; a sanitizer
/// runtime intercepts the same pthread functions).
[[nodiscard]] bool lock_counting_available() noexcept;

/// True when every malloc-family call is counted (plain glibc, ASan and TSan
/// builds); under RTSan only operator new/delete are.
[[nodiscard]] bool malloc_counting_available() noexcept;

} // namespace cm::test
