#include "town_cache.hpp"

#include <utility>

namespace masscivic::bot {

void TownCache::drop(std::unordered_map<std::string, Entry>::iterator it) {
    order_.erase(it->second.order);
    entries_.erase(it);
}

std::optional<Municipality> TownCache::find(const std::string& name, const std::string& data_version,
                                            Clock::time_point now) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(name);
    if (it == entries_.end()) return std::nullopt;
    bool other_dataset = !data_version.empty() && data_version != it->second.data_version;
    if (other_dataset || now >= it->second.expires) {
        drop(it);
        return std::nullopt;
    }
    return it->second.town;
}

void TownCache::put(const std::string& name, Municipality town, const std::string& data_version,
                    std::chrono::seconds max_age, Clock::time_point now) {
    if (data_version.empty() || max_age.count() <= 0 || max_entries_ == 0) return;
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(name); it != entries_.end()) drop(it);
    while (entries_.size() >= max_entries_ && !order_.empty()) drop(entries_.find(order_.front()));
    order_.push_back(name);
    entries_.emplace(name, Entry{std::move(town), data_version, now + max_age, std::prev(order_.end())});
}

}  // namespace masscivic::bot
