// coremusic/core/detail/stable_sort.hpp
// A stable sort for headers that must build warning-free with clang >= 19 on
// libstdc++ 12, whose std::stable_sort instantiates a deprecated function
// (get_temporary_buffer) inside the library, where no pragma reaches.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace cm::detail {

// Same contract as std::stable_sort: equal elements keep their order.
// Insertion-sorted runs of 32, then bottom-up merges through one buffer
// (std::merge takes from the first range first, which keeps it stable).
template <class It, class Compare>
void stable_sort(It first, It last, Compare comp) {
    using T = typename std::iterator_traits<It>::value_type;
    const auto n = static_cast<std::ptrdiff_t>(last - first);
    constexpr std::ptrdiff_t run = 32;
    for (std::ptrdiff_t lo = 0; lo < n; lo += run) {
        const It begin = first + lo;
        const It end = first + std::min(lo + run, n);
        for (It i = begin; i != end; ++i) {
            std::rotate(std::upper_bound(begin, i, *i, comp), i, std::next(i));
        }
    }
    if (n <= run) {
        return;
    }
    std::vector<T> buffer;
    buffer.reserve(static_cast<std::size_t>(n));
    for (std::ptrdiff_t width = run; width < n; width *= 2) {
        buffer.clear();
        for (std::ptrdiff_t lo = 0; lo < n; lo += 2 * width) {
            const std::ptrdiff_t mid = std::min(lo + width, n);
            const std::ptrdiff_t hi = std::min(lo + 2 * width, n);
            std::merge(std::make_move_iterator(first + lo), std::make_move_iterator(first + mid),
                       std::make_move_iterator(first + mid), std::make_move_iterator(first + hi),
                       std::back_inserter(buffer), comp);
        }
        std::move(buffer.begin(), buffer.end(), first);
    }
}

} // namespace cm::detail
