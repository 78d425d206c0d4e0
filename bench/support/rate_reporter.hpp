// bench/support/rate_reporter.hpp
// The console reporter every bench uses: Google Benchmark's usual output,
// plus each benchmark's items and bytes per second (the median when
// repetitions are asked for) kept for the ratio table printed afterwards.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace cm::bench {

class RateReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& r : runs) {
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") {
                continue;
            }
            if (const auto it = r.counters.find("items_per_second"); it != r.counters.end()) {
                items_[r.run_name.function_name] = it->second.value;
            }
            if (const auto it = r.counters.find("bytes_per_second"); it != r.counters.end()) {
                bytes_[r.run_name.function_name] = it->second.value;
            }
        }
    }

    /// Items per second of the named benchmark; 0 when it did not run (filtered out).
    [[nodiscard]] double items(const std::string& name) const { return find(items_, name); }
    /// Bytes per second of the named benchmark; 0 when it did not run.
    [[nodiscard]] double bytes(const std::string& name) const { return find(bytes_, name); }

private:
    static double find(const std::map<std::string, double>& m, const std::string& name) {
        const auto it = m.find(name);
        return it == m.end() ? 0.0 : it->second;
    }
    std::map<std::string, double> items_;
    std::map<std::string, double> bytes_;
};

/// a / b, or 0 when the peer b did not run.
[[nodiscard]] inline double ratio(double a, double b) { return b > 0.0 ? a / b : 0.0; }

/// The main() of a bench: run, then print_table(reporter).
template <class PrintTable>
int run_benchmarks(int argc, char** argv, PrintTable print_table) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    RateReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    print_table(reporter);
    benchmark::Shutdown();
    return 0;
}

} // namespace cm::bench
