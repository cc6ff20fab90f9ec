// Prometheus counters: requests by route and status, and a latency histogram.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>

namespace masscivic::server {

class Metrics {
  public:
    // `route` is the route pattern (never the raw path, which may carry addresses).
    void record(const std::string& route, int status, double seconds);
    // Prometheus text exposition format; `as_of` is the loaded snapshot date ("" if none).
    std::string text(const std::string& as_of, bool db_loaded, double uptime_seconds) const;

  private:
    static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                        0.025,  0.05,  0.1,    0.5,   1.0};
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, unsigned long long> requests_;
    std::map<std::string, std::array<unsigned long long, kBuckets.size() + 1>> buckets_;
    std::map<std::string, double> sums_;
};

} // namespace masscivic::server
