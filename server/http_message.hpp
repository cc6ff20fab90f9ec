// One HTTP request and its response as the service sees them: no socket, no library types.
// The server (http_server.hpp) fills the request from the wire and writes the response;
// the service (http_service.hpp) reads one and fills the other.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace masscivic::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of header `name` (ASCII case-insensitive), or "".
std::string header_value(const Headers& headers, std::string_view name);
bool has_header(const Headers& headers, std::string_view name);

struct HttpRequest {
    std::string method;  // "GET", as sent
    std::string target;  // the raw request target: path and query, still percent-encoded
    std::string path;    // the target's path, percent-decoded ("+" stays "+")
    std::multimap<std::string, std::string> params;  // the query, decoded ("+" is a space)
    Headers headers;     // in the order received
    std::string body;
    std::string remote_addr;  // "127.0.0.1", "::1"
    std::chrono::steady_clock::time_point received;  // when the header was read
    std::vector<std::string> matches;  // set by routing: [0] the path, then each capture

    std::string header(std::string_view name) const { return header_value(headers, name); }
    bool has(std::string_view name) const { return has_header(headers, name); }
    std::size_t param_count(const std::string& name) const { return params.count(name); }
    bool has_param(const std::string& name) const { return params.count(name) > 0; }
    // The first value of parameter `name`, or "".
    std::string param(const std::string& name) const;
};

struct HttpResponse {
    int status = 200;
    Headers headers;  // Content-Length and Connection are the server's business
    // Shared, not copied: a cached answer goes out from the cache's own copy. Null: empty.
    std::shared_ptr<const std::string> body;
    // false: no content and no Content-Length (a 304 or 204), even for HEAD.
    bool has_content = true;
    bool close = false;  // close the connection after this response

    void set_header(std::string name, std::string value);  // replaces an earlier value
    std::string header(std::string_view name) const { return header_value(headers, name); }
    bool has(std::string_view name) const { return has_header(headers, name); }
};

// Splits a raw request target into the decoded path and parameters (as above). Keys
// without "=" get an empty value; empty pieces ("a=1&&b=2") are skipped.
void parse_target(std::string_view target, std::string& path,
                  std::multimap<std::string, std::string>& params);

// %XX decoded; a "%" not followed by two hex digits is kept as it is (the service rejects
// such targets before decoding matters). `plus_is_space` for query components.
std::string percent_decode(std::string_view text, bool plus_is_space);

} // namespace masscivic::server
