#include "net/outbox.hpp"

#include <iostream>
#include <thread>

#include "net/http_client.hpp"

namespace masscivic::bot {

void HttpOutbox::post_json(const std::string& url, const std::string& json,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
    auto u = Url::parse(url);
    if (!u) {
        std::cerr << "masscivic-bot: refusing to post to a malformed URL\n";
        return;
    }
    Headers h = headers;
    h.emplace_back("Content-Type", "application/json; charset=utf-8");
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto res = http_request(Url{u->scheme, u->host, u->port, ""}, "POST",
                                u->path.empty() ? "/" : u->path, json, h, std::chrono::seconds(5));
        if (res.status >= 200 && res.status < 300) return;
        if (res.status >= 400 && res.status < 500) break;  // our request is wrong; retrying won't help
        std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
    }
    // The host only: URLs can carry tokens (Telegram) and must not reach the logs.
    std::cerr << "masscivic-bot: could not deliver a reply to " << u->host << "\n";
}

}  // namespace masscivic::bot
