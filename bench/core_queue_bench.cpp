// Lock-free primitives of cm::core beside their peers: SpscQueue against
// moodycamel::ReaderWriterQueue (same requested capacity, same loops) and
// SpscRingBuffer<float> against plain memcpy of the same bytes.
//
//   cmake --preset bench -B build/bench && cmake --build build/bench --target core_queue_bench
//   ./build/bench/bench/core_queue_bench
//
// Pairs differ only in the last name component (BM_Queue_Transfer/Yield/cm/1024
// vs BM_Queue_Transfer/Yield/moodycamel/1024). The two-thread transfer is
// noisy on a small or busy machine, so BM_Queue_TransferRatio also runs both
// queues alternately inside one benchmark and reports the ratio directly
// (ratio = moodycamel time / cm time: above 1 means SpscQueue is faster).
//
// What to read in the transfer figures:
// * Capacity. Both queues get the same requested capacity, but moodycamel
//   turns a request above 1023 into blocks of 512 slots with one spare block,
//   so ReaderWriterQueue(1024) holds about 2 044 items while SpscQueue(1024)
//   holds 1 024. The `usable` counter is the number of items each queue
//   actually accepted before its first failed push.
// * Waiting. Yield (std::this_thread::yield when a push finds the queue full
//   or a pop finds it empty) is what a control thread sharing cores does;
//   Spin (a bare busy loop) is the best case on an idle machine with a core
//   per thread. With Spin the producer runs ahead and the queue sits full.
//   A single-block moodycamel queue (requests up to 1023) then fights over
//   the same cache lines as any ring; from 1024 up its blocks batch: its
//   producer cannot enter a block until the consumer has left it, so the
//   two sides rarely share a line, at the price of an inexact capacity
//   (try_enqueue can fail with up to a block, 511 slots, free). SpscQueue
//   keeps capacity exact: a push succeeds whenever one slot is free, which
//   costs the producer a read of the consumer's position per push once the
//   queue is full.
#include <coremusic/core/spsc_queue.hpp>
#include <coremusic/core/spsc_ring_buffer.hpp>

#include <benchmark/benchmark.h>
#include <readerwriterqueue/readerwriterqueue.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <span>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

namespace {

constexpr std::int64_t transfer_items = 1 << 22;

// The same two calls on both queues, so the loops below are identical.
struct CmQueue {
    cm::SpscQueue<std::int64_t> queue;
    explicit CmQueue(std::size_t capacity) : queue(capacity) {}
    bool push(std::int64_t v) noexcept { return queue.try_push(v); }
    bool pop(std::int64_t& v) noexcept { return queue.try_pop(v); }
};

struct MoodycamelQueue {
    // try_enqueue never allocates past the constructor's reservation, which
    // matches SpscQueue's fixed capacity.
    moodycamel::ReaderWriterQueue<std::int64_t> queue;
    explicit MoodycamelQueue(std::size_t capacity) : queue(capacity) {}
    bool push(std::int64_t v) noexcept { return queue.try_enqueue(v); }
    bool pop(std::int64_t& v) noexcept { return queue.try_dequeue(v); }
};

// How many items a fresh queue accepts before its first failed push.
template <class Queue>
double usable_capacity(std::size_t requested) {
    Queue q(requested);
    std::int64_t n = 0;
    while (q.push(n)) ++n;
    return static_cast<double>(n);
}

// Producer on CPU 0, consumer on CPU 1 (Linux, the usual practice for SPSC
// benchmarks): left to itself the scheduler sometimes starts both threads on
// one core, and the figures then measure the scheduler, not the queue. Needs
// an otherwise idle machine: a pinned thread cannot dodge a busy core.
void pin_this_thread_to_cpu(unsigned cpu) noexcept {
#if defined(__linux__)
    if (std::thread::hardware_concurrency() < 2) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    (void)pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
#else
    (void)cpu;
#endif
}

struct Yield {
    static void wait() noexcept { std::this_thread::yield(); }
};
struct Spin {
    static void wait() noexcept {}
};

// Moves `count` items from this thread to a consumer thread; returns the
// consumer's checksum so the work cannot be optimised away.
template <class Wait, class Queue>
std::int64_t transfer(Queue& q, std::int64_t count) {
    std::int64_t checksum = 0;
    pin_this_thread_to_cpu(0U);
    std::thread consumer([&q, &checksum, count] {
        pin_this_thread_to_cpu(1U);
        std::int64_t sum = 0;
        std::int64_t v = 0;
        for (std::int64_t received = 0; received < count; ++received) {
            while (!q.pop(v)) Wait::wait();
            sum += v;
        }
        checksum = sum;
    });
    for (std::int64_t i = 0; i < count; ++i) {
        while (!q.push(i)) Wait::wait();
    }
    consumer.join();
    return checksum;
}

// Arg: requested capacity.
template <class Queue, class Wait>
void BM_Queue_Transfer(benchmark::State& state) {
    const auto requested = static_cast<std::size_t>(state.range(0));
    Queue q(requested);
    for (auto _ : state) {
        const std::int64_t checksum = transfer<Wait>(q, transfer_items);
        if (checksum != transfer_items * (transfer_items - 1) / 2) state.SkipWithError("lost items");
        benchmark::DoNotOptimize(checksum);
    }
    state.SetItemsProcessed(state.iterations() * transfer_items);
    state.counters["usable"] = usable_capacity<Queue>(requested);
}

// Both queues in one benchmark, alternating which goes first, so that
// whatever else the machine is doing hits both alike. Arg: requested capacity.
template <class Wait>
void BM_Queue_TransferRatio(benchmark::State& state) {
    const auto requested = static_cast<std::size_t>(state.range(0));
    CmQueue ours(requested);
    MoodycamelQueue peer(requested);
    double ours_seconds = 0;
    double peer_seconds = 0;
    bool ours_first = true;
    auto timed = [](auto& q) {
        const auto start = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(transfer<Wait>(q, transfer_items));
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    for (auto _ : state) {
        if (ours_first) {
            ours_seconds += timed(ours);
            peer_seconds += timed(peer);
        } else {
            peer_seconds += timed(peer);
            ours_seconds += timed(ours);
        }
        ours_first = !ours_first;
    }
    const double items = static_cast<double>(state.iterations()) * static_cast<double>(transfer_items);
    state.counters["cm_items_per_s"] = items / ours_seconds;
    state.counters["moodycamel_items_per_s"] = items / peer_seconds;
    state.counters["ratio"] = peer_seconds / ours_seconds;
}

// One push and one pop on the same thread: the cost of the index bookkeeping
// without any cache-line transfer.
template <class Queue>
void BM_Queue_RoundTrip(benchmark::State& state) {
    Queue q(1024);
    std::int64_t i = 0;
    std::int64_t v = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(q.push(i++));
        benchmark::DoNotOptimize(q.pop(v));
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations());
}

constexpr std::size_t block_frames = 256;
constexpr std::size_t ring_frames = 4096;

// A 256-frame audio block written into the ring and read back out.
void BM_Ring_Block256_cm(benchmark::State& state) {
    cm::SpscRingBuffer<float> ring(ring_frames);
    std::vector<float> in(block_frames, 0.5F);
    std::vector<float> out(block_frames);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ring.write(in));
        benchmark::DoNotOptimize(ring.read(out));
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(block_frames * sizeof(float)));
}

// The floor: the same bytes copied in and out of a buffer of the same size
// at the same rotating offset, with no indices at all.
void BM_Ring_Block256_memcpy(benchmark::State& state) {
    std::vector<float> storage(ring_frames);
    std::vector<float> in(block_frames, 0.5F);
    std::vector<float> out(block_frames);
    std::size_t offset = 0;
    for (auto _ : state) {
        std::memcpy(storage.data() + offset, in.data(), block_frames * sizeof(float));
        benchmark::ClobberMemory();
        std::memcpy(out.data(), storage.data() + offset, block_frames * sizeof(float));
        benchmark::ClobberMemory();
        offset = (offset + block_frames) % ring_frames;
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(block_frames * sizeof(float)));
}

// Two threads on a shared machine: wall time, medians of 5 repetitions, and
// three capacities: 1000 (both queues hold about 1 023), 1024 (moodycamel's
// switch to blocks: it holds twice as many) and 8192.
void transfer_options(benchmark::internal::Benchmark* b) {
    b->ArgName("capacity")->Arg(1000)->Arg(1024)->Arg(8192);
    b->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(5)->ReportAggregatesOnly(true);
}

void single_thread_options(benchmark::internal::Benchmark* b) {
    b->Repetitions(5)->ReportAggregatesOnly(true);
}

} // namespace

BENCHMARK_TEMPLATE(BM_Queue_Transfer, CmQueue, Yield)->Name("BM_Queue_Transfer/Yield/cm")->Apply(transfer_options);
BENCHMARK_TEMPLATE(BM_Queue_Transfer, MoodycamelQueue, Yield)->Name("BM_Queue_Transfer/Yield/moodycamel")->Apply(transfer_options);
BENCHMARK_TEMPLATE(BM_Queue_Transfer, CmQueue, Spin)->Name("BM_Queue_Transfer/Spin/cm")->Apply(transfer_options);
BENCHMARK_TEMPLATE(BM_Queue_Transfer, MoodycamelQueue, Spin)->Name("BM_Queue_Transfer/Spin/moodycamel")->Apply(transfer_options);
BENCHMARK_TEMPLATE(BM_Queue_TransferRatio, Yield)->Name("BM_Queue_TransferRatio/Yield")->Iterations(4)->Apply(transfer_options);
BENCHMARK_TEMPLATE(BM_Queue_TransferRatio, Spin)->Name("BM_Queue_TransferRatio/Spin")->Iterations(4)->Apply(transfer_options);
BENCHMARK_TEMPLATE(BM_Queue_RoundTrip, CmQueue)->Name("BM_Queue_RoundTrip/cm")->Apply(single_thread_options);
BENCHMARK_TEMPLATE(BM_Queue_RoundTrip, MoodycamelQueue)->Name("BM_Queue_RoundTrip/moodycamel")->Apply(single_thread_options);
BENCHMARK(BM_Ring_Block256_cm)->Name("BM_Ring_Block256/cm")->Apply(single_thread_options);
BENCHMARK(BM_Ring_Block256_memcpy)->Name("BM_Ring_Block256/memcpy")->Apply(single_thread_options);

BENCHMARK_MAIN();
