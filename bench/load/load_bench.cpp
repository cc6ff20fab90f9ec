// masscivic-load-bench: how long Lookup::open takes on a database (what a reload costs before
// the new data can be swapped in), and how long the old data takes to be freed.
//   masscivic-load-bench DB [RUNS (5)]
// Prints one line per run, then key=value lines: load_ms_min, load_ms_median, free_ms_median.
// With MASSCIVIC_LOAD_TIMING=1 the loader also prints the time of each phase to stderr.
#include "lookup.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: masscivic-load-bench DB [RUNS]\n");
        return 2;
    }
    const int runs = argc == 3 ? std::max(1, std::atoi(argv[2])) : 5;
    std::vector<double> load, release;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        auto lookup = masscivic::server::Lookup::open({argv[1], {}});
        load.push_back(ms_since(t0));
        t0 = Clock::now();
        lookup.reset();
        release.push_back(ms_since(t0));
        std::printf("run %d: load %.1f ms, free %.1f ms\n", i + 1, load.back(), release.back());
    }
    std::printf("load_ms_min=%.1f\nload_ms_median=%.1f\nfree_ms_median=%.1f\n",
                *std::min_element(load.begin(), load.end()), median(load), median(release));
}
