// Parsed /v1/municipalities/{name} answers kept between turns. A town's form of government,
// clerk and local actions change only when the server's dataset does, and fetching them was a
// second server call per reply (perf of the 1,000-session burst: 12-16% of the bot's CPU).
// An entry is used only while the server's caching rules allow (Cache-Control max-age) and
// only for the dataset it came from: a turn that has seen a different data version (ETag)
// in its own lookup fetches the town again. Answers without a data version are not kept.
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "model.hpp"

namespace masscivic::bot {

class TownCache {
public:
    using Clock = std::chrono::steady_clock;
    explicit TownCache(std::size_t max_entries = 1024) : max_entries_(max_entries) {}

    // The town as last fetched, if still fresh and (when `data_version` is known) of that
    // dataset.
    std::optional<Municipality> find(const std::string& name, const std::string& data_version,
                                     Clock::time_point now);
    void put(const std::string& name, Municipality town, const std::string& data_version,
             std::chrono::seconds max_age, Clock::time_point now);

private:
    struct Entry {
        Municipality town;
        std::string data_version;
        Clock::time_point expires;
        std::list<std::string>::iterator order;
    };
    void drop(std::unordered_map<std::string, Entry>::iterator it);

    std::size_t max_entries_;  // Massachusetts has 351 towns; the bound is for odd names
    std::mutex mu_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> order_;  // oldest first
};

}  // namespace masscivic::bot
