// The conversation engine: one message in, structured replies out. It knows nothing about
// sockets or chat platforms; facts come from a LookupClient, texts from a Catalog, memory
// from a SessionStore.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "catalog.hpp"
#include "lookup_client.hpp"
#include "reply.hpp"
#include "session_store.hpp"
#include "town_cache.hpp"

namespace masscivic::bot {

struct EngineOptions {
    std::size_t max_message_bytes = 1000;
    int messages_per_minute = 20;  // per (channel, user)
};

// Sliding one-minute window per key; bounded so a flood of ids cannot grow it forever.
class RateLimiter {
public:
    explicit RateLimiter(int per_minute) : per_minute_(per_minute) {}
    bool allow(const std::string& key, std::chrono::steady_clock::time_point now);

private:
    int per_minute_;
    std::mutex mu_;
    std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> hits_;
};

class Engine {
public:
    Engine(LookupClient& client, const Catalog& catalog, SessionStore& store,
           EngineOptions options = {});

    // Thread-safe; never throws for bad input or an unreachable server.
    Outgoing handle(const Incoming& in);

    // A message for a channel-level event (e.g. "message too big") in the user's language.
    std::string text(const std::string& lang, const std::string& key, const Vars& vars = {}) const {
        return catalog_.text(lang, key, vars);
    }
    const Catalog& catalog() const { return catalog_; }
    SessionStore& store() { return store_; }
    LookupClient& client() { return client_; }

    struct Turn;  // defined in engine_internal.hpp

private:
    Outgoing respond(const Incoming& in);
    void dispatch(Turn& t, const struct Parsed& p);
    bool resolve_place(Turn& t, const struct Parsed& p);
    void ward_precinct_in_context(Turn& t, struct Parsed& p);
    void answer(Turn& t, const std::string& intent, const std::string& office,
                const std::string& toolkit);
    void answer_represent(Turn& t, const std::string& office);
    void answer_govern(Turn& t);
    void answer_toolkit(Turn& t, const std::string& toolkit);
    void answer_campaign(Turn& t, const std::string& toolkit);
    void answer_sponsor(Turn& t, const std::string& toolkit);
    void answer_statewide(Turn& t, const std::string& office);
    void answer_unsupported(Turn& t);
    void answer_about(Turn& t, const struct Parsed& p);
    void answer_tell(Turn& t, const struct Parsed& p);
    bool answer_who_is(Turn& t, const struct Parsed& p);
    bool answer_chair(Turn& t, const struct Parsed& p);
    void ask_place(Turn& t, const std::string& intent, const std::string& office,
                   const std::string& toolkit);
    void ask_toolkit(Turn& t, const std::string& intent);
    void ask_ward_precinct(Turn& t, const std::string& chamber);
    void help(Turn& t, const std::string& key);

    LookupClient& client_;
    const Catalog& catalog_;
    SessionStore& store_;
    EngineOptions options_;
    RateLimiter limiter_;
    TownCache towns_;  // towns' facts between turns, for as long as the server allows
    std::atomic<unsigned> turns_{0};  // expired sessions are purged every few thousand turns
};

}  // namespace masscivic::bot
