// Per-client token bucket: `per_minute` requests a minute, with bursts up to the same.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace masscivic::server {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;
    explicit RateLimiter(unsigned per_minute) : per_minute_(per_minute) {}
    bool enabled() const { return per_minute_ > 0; }
    // True if the client may make a request now (and counts it).
    bool allow(const std::string& client, Clock::time_point now = Clock::now());

  private:
    struct Bucket {
        double tokens;
        Clock::time_point last;
    };
    unsigned per_minute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace masscivic::server
