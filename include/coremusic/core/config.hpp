// coremusic/core/config.hpp
// Version numbers and the few macros every header relies on: how a real-time
// function is marked, and the cache-line size used to keep atomics apart.
#pragma once

#include <cstddef>
#include <new>

/// Library version; tests/meta checks that it matches CMakeLists.txt.
#define COREMUSIC_VERSION_MAJOR 0
#define COREMUSIC_VERSION_MINOR 1
#define COREMUSIC_VERSION_PATCH 0
#define COREMUSIC_VERSION_STRING "0.1.0"

/// Marks a function that runs on the audio thread. Under clang >= 20 it is
/// `[[clang::nonblocking]]`: -Wfunction-effects rejects calls that may block
/// at compile time and RealtimeSanitizer (the `rtsan` preset) aborts on any
/// allocation, lock or blocking syscall made inside it at run time. Elsewhere
/// it expands to nothing. Place it after the parameter list and `noexcept`:
/// `void process(Context&) noexcept CM_NONBLOCKING;`
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::nonblocking)
#define CM_NONBLOCKING [[clang::nonblocking]]
#endif
#endif
#ifndef CM_NONBLOCKING
#define CM_NONBLOCKING
#endif

/// Conditional form of CM_NONBLOCKING for templates whose real-time safety
/// depends on T: `noexcept(c) CM_NONBLOCKING_IF(c)`. When `c` is false the
/// function is declared blocking, so calling it from a CM_NONBLOCKING
/// function is reported.
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::nonblocking)
#define CM_NONBLOCKING_IF(cond) [[clang::nonblocking(cond)]]
#endif
#endif
#ifndef CM_NONBLOCKING_IF
#define CM_NONBLOCKING_IF(cond)
#endif

namespace cm {

/// Size used to keep data touched by different threads on different cache
/// lines. A constant rather than std::hardware_destructive_interference_size,
/// whose value GCC warns may change between compiler versions (an ABI hazard
/// for an installed library). 64 bytes covers x86-64; Apple silicon uses 128.
#if defined(__aarch64__) && defined(__APPLE__)
inline constexpr std::size_t cache_line_size = 128;
#else
inline constexpr std::size_t cache_line_size = 64;
#endif

} // namespace cm
