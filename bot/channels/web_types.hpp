// Plain HTTP request/response structs between the Beast server and the channel routes, so
// routes are pure functions that tests call without sockets.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace masscivic::bot {

struct WebRequest {
    std::string method;  // "GET", "POST"
    std::string path;    // "/slack/events"
    std::string query;   // without '?'
    std::string body;
    std::map<std::string, std::string> headers;  // names in lower case

    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? "" : it->second;
    }
};

struct WebResponse {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    // Work to run after the response is sent (e.g. Slack: post the full answer later).
    std::function<void()> after;
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded (and query strings): '+' is a space, %XX decoded.
// Malformed escapes are kept literally rather than rejected.
FormFields parse_form(std::string_view body);
std::string form_value(const FormFields& fields, const std::string& name);
std::string url_decode(std::string_view s);

}  // namespace masscivic::bot
