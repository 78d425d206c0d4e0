// Interposition behind cm::test::RtScope. Lives only in test binaries: it
// replaces allocation and locking entry points for the whole process, which a
// library must never do.
#include "rt_check.hpp"

#include <cstdlib>
#include <new>

#if defined(__has_feature)
#define CM_RT_HAS_FEATURE(x) __has_feature(x)
#else
#define CM_RT_HAS_FEATURE(x) 0
#endif

// Three ways to count, by what owns malloc in this build:
//  - ASan/TSan: their allocator calls hooks we install (operator new included);
//  - other sanitizers (RTSan): replace operator new/delete;
//  - plain glibc builds: interpose the malloc family and the pthread locks.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || \
    CM_RT_HAS_FEATURE(address_sanitizer) || CM_RT_HAS_FEATURE(thread_sanitizer)
#define CM_RT_MODE_HOOKS 1
#include <sanitizer/allocator_interface.h>
#elif defined(__GLIBC__) && !defined(COREMUSIC_SANITIZER_ACTIVE)
#define CM_RT_MODE_INTERPOSE 1
#include <dlfcn.h>
#include <pthread.h>
#else
#define CM_RT_MODE_OPERATOR_NEW 1
#endif
#ifndef CM_RT_MODE_HOOKS
#define CM_RT_MODE_HOOKS 0
#endif
#ifndef CM_RT_MODE_INTERPOSE
#define CM_RT_MODE_INTERPOSE 0
#endif

namespace {

// Initial-exec TLS of the executable: reading it never allocates, so the
// interposed malloc can use it.
thread_local bool t_active = false;
thread_local cm::test::RtCounts t_counts{};

inline void count_alloc() noexcept {
    if (t_active) ++t_counts.allocations;
}
inline void count_free(const void* p) noexcept {
    if (t_active && p != nullptr) ++t_counts.deallocations;
}

} // namespace

namespace cm::test {

RtScope::RtScope() noexcept : saved_(t_counts), saved_active_(t_active) {
    t_counts = {};
    t_active = true;
}

RtScope::~RtScope() {
    t_counts = saved_;
    t_active = saved_active_;
}

RtCounts RtScope::counts() const noexcept { return t_counts; }

bool lock_counting_available() noexcept { return CM_RT_MODE_INTERPOSE != 0; }
bool malloc_counting_available() noexcept { return CM_RT_MODE_INTERPOSE != 0 || CM_RT_MODE_HOOKS != 0; }

} // namespace cm::test

#if CM_RT_MODE_HOOKS

namespace {
void on_malloc(const volatile void*, std::size_t) { count_alloc(); }
void on_free(const volatile void* p) { count_free(const_cast<const void*>(p)); }
// Installed before main so that every test sees it.
[[gnu::constructor]] void install_hooks() { __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free); }
} // namespace

#elif CM_RT_MODE_INTERPOSE

// glibc documents replacing malloc by defining this family in the program;
// forwarding to the __libc_* entry points keeps one heap. operator new is
// libstdc++'s, which calls malloc, so C++ allocations are counted here too.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);
void* __libc_memalign(std::size_t, std::size_t);

void* malloc(std::size_t size) {
    count_alloc();
    return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) {
    count_alloc();
    return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) {
    count_alloc();
    return __libc_realloc(p, size);
}
void free(void* p) {
    count_free(p);
    __libc_free(p);
}
void* memalign(std::size_t alignment, std::size_t size) {
    count_alloc();
    return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
    count_alloc();
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
    count_alloc();
    void* p = __libc_memalign(alignment, size);
    if (p == nullptr) return 12; // ENOMEM
    *out = p;
    return 0;
}

// Locks: counted, then forwarded to the next definition (glibc's).
#define CM_RT_FORWARD_LOCK(name, type)                                              \
    int name(type* m) {                                                             \
        using fn_t = int (*)(type*);                                                \
        static fn_t next = reinterpret_cast<fn_t>(dlsym(RTLD_NEXT, #name));         \
        if (t_active) ++t_counts.locks;                                             \
        return next(m);                                                             \
    }
CM_RT_FORWARD_LOCK(pthread_mutex_lock, pthread_mutex_t)
CM_RT_FORWARD_LOCK(pthread_mutex_trylock, pthread_mutex_t)
CM_RT_FORWARD_LOCK(pthread_rwlock_rdlock, pthread_rwlock_t)
CM_RT_FORWARD_LOCK(pthread_rwlock_wrlock, pthread_rwlock_t)
CM_RT_FORWARD_LOCK(pthread_spin_lock, pthread_spinlock_t)
#undef CM_RT_FORWARD_LOCK
}

#else

// The sanitizer runtime owns malloc and offers no hooks: count C++ allocations.
void* operator new(std::size_t size) {
    count_alloc();
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    count_alloc();
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& t) noexcept {
    return ::operator new(size, t);
}
void* operator new(std::size_t size, std::align_val_t al) {
    count_alloc();
    std::size_t a = static_cast<std::size_t>(al);
    std::size_t rounded = (size + a - 1) / a * a;
    if (void* p = std::aligned_alloc(a, rounded == 0 ? a : rounded)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t al) { return ::operator new(size, al); }
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
    count_alloc();
    std::size_t a = static_cast<std::size_t>(al);
    std::size_t rounded = (size + a - 1) / a * a;
    return std::aligned_alloc(a, rounded == 0 ? a : rounded);
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t& t) noexcept {
    return ::operator new(size, al, t);
}
void operator delete(void* p) noexcept {
    count_free(p);
    std::free(p);
}
void operator delete[](void* p) noexcept { ::operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { ::operator delete(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { ::operator delete(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { ::operator delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { ::operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { ::operator delete(p); }

#endif
