// Outgoing HTTP(S) for the bot: the lookup server, Slack response_url, the Telegram Bot API.
// Beast stays inside http_client.cpp; callers see plain structs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lookup_client.hpp"

namespace masscivic::bot {

struct Url {
    std::string scheme;  // "http" | "https"
    std::string host, port;
    std::string path;  // "" or "/prefix" (no trailing slash)
    static std::optional<Url> parse(const std::string& text);
};

struct HttpResult {
    int status = 0;     // 0: no HTTP answer (refused, timeout, TLS failure)
    std::string body;
    std::string error;  // why, when status == 0
    std::string etag, cache_control;  // the response's headers of those names, if any
};

// Seconds a response may be reused by its Cache-Control header; 0 for no-store, no-cache,
// private or no max-age.
std::chrono::seconds max_age_of(std::string_view cache_control);

using Headers = std::vector<std::pair<std::string, std::string>>;

// One request with one deadline for connect + write + read; never throws.
HttpResult http_request(const Url& base, const std::string& method, const std::string& target,
                        const std::string& body, const Headers& headers,
                        std::chrono::milliseconds timeout);

struct LookupClientOptions {
    std::chrono::milliseconds timeout{1500};  // per attempt
    int attempts = 3;                          // retries only when the server may recover
    std::chrono::milliseconds backoff{100};    // doubled after each failed attempt
    std::chrono::seconds cache_ttl{60};        // 0 disables; facts change daily at most
    std::size_t cache_entries = 10000;
    // At most this many lookups in flight: a burst of questions must not overflow the
    // lookup server's accept queue (dropped SYNs cost a one-second retransmit).
    int connections = 6;
};

class KeepAliveConnection;

class HttpLookupClient : public LookupClient {
public:
    HttpLookupClient(Url server, LookupClientOptions options);
    ~HttpLookupClient() override;
    ApiResult get(const std::string& target) override;
    RawResult get_raw(const std::string& target) override;

private:
    HttpResult fetch(const std::string& target);
    // One of at most `connections` kept connections (plain http only); nullptr when none
    // came free within the timeout.
    std::unique_ptr<KeepAliveConnection> acquire();
    void release(std::unique_ptr<KeepAliveConnection> connection);
    std::optional<ApiResult> cached(const std::string& target);
    void remember(const std::string& target, const ApiResult& result);

    Url server_;
    LookupClientOptions options_;
    std::mutex mu_;
    struct Entry {
        ApiResult result;
        std::chrono::steady_clock::time_point at;
        std::list<std::string>::iterator order;
    };
    std::unordered_map<std::string, Entry> cache_;
    std::list<std::string> order_;  // oldest first
    std::mutex slots_mu_;
    std::condition_variable slots_cv_;
    int in_flight_ = 0;
    std::vector<std::unique_ptr<KeepAliveConnection>> idle_;  // last used on top
};

}  // namespace masscivic::bot
