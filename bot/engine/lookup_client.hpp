// The engine's only window on the world: GET a path of the lookup server's API and get
// parsed JSON or an error. Tests use a fake; the bot uses an HTTP client (bot/net).
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <string>

namespace masscivic::bot {

struct ApiResult {
    enum class Kind {
        ok,
        not_found,    // 404: no such place / endpoint
        bad_request,  // 400: the server rejected our parameters
        unavailable,  // connection refused, timeout, 5xx, 429: try again later
        bad_response  // the server answered something that is not the expected JSON
    };
    Kind kind = Kind::unavailable;
    int status = 0;
    std::shared_ptr<const rapidjson::Document> json;  // set for ok (and error bodies when JSON)
    // The server's dataset the answer came from (its ETag; "" when it sent none) and how
    // long it allows the answer to be reused (Cache-Control max-age; 0: not at all).
    std::string data_version;
    std::chrono::seconds max_age{0};

    bool ok() const { return kind == Kind::ok && json && json->IsObject(); }
};

// A response body as it came (the server's SVG maps); status 0: no answer.
struct RawResult {
    int status = 0;
    std::string body;
};

class LookupClient {
public:
    virtual ~LookupClient() = default;
    // `target` is path + query, already URL-encoded ("/v1/lookup?q=Jamaica%20Plain").
    virtual ApiResult get(const std::string& target) = 0;
    // A non-JSON resource, uncached; clients without one answer status 0.
    virtual RawResult get_raw(const std::string& target) {
        (void)target;
        return {};
    }
};

// Percent-encodes one query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view value);

// Parses a response body; used by real and fake clients alike.
ApiResult make_result(int status, std::string_view body);
// The same for a body the result may keep: parsed in place (RapidJSON's in-situ mode), so
// its strings are not copied again; the document keeps the body alive.
ApiResult make_result_in_place(int status, std::string&& body);

}  // namespace masscivic::bot
