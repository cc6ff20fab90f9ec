#include "rate_limiter.hpp"

#include <algorithm>

namespace masscivic::server {

bool RateLimiter::allow(const std::string& client, Clock::time_point now) {
    if (!enabled()) return true;
    std::lock_guard lock(mutex_);
    // Forget idle clients now and then so the map cannot grow without bound.
    if (buckets_.size() > 100000) {
        for (auto it = buckets_.begin(); it != buckets_.end();)
            it = (now - it->second.last > std::chrono::minutes(2)) ? buckets_.erase(it) : ++it;
    }
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{double(per_minute_), now});
    auto& b = it->second;
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(per_minute_, b.tokens + elapsed * per_minute_ / 60.0);
    b.last = now;
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

} // namespace masscivic::server
