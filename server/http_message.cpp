#include "http_message.hpp"

#include <strings.h>

namespace masscivic::server {

namespace {

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

std::string header_value(const Headers& headers, std::string_view name) {
    for (const auto& [k, v] : headers)
        if (same_name(k, name)) return v;
    return "";
}

bool has_header(const Headers& headers, std::string_view name) {
    for (const auto& field : headers)
        if (same_name(field.first, name)) return true;
    return false;
}

std::string HttpRequest::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

void HttpResponse::set_header(std::string name, std::string value) {
    for (auto& field : headers)
        if (same_name(field.first, name)) {
            field.second = std::move(value);
            return;
        }
    headers.emplace_back(std::move(name), std::move(value));
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += plus_is_space && c == '+' ? ' ' : c;
    }
    return out;
}

void parse_target(std::string_view target, std::string& path,
                  std::multimap<std::string, std::string>& params) {
    auto q = target.find('?');
    path = percent_decode(target.substr(0, q), false);
    params.clear();
    if (q == std::string_view::npos) return;
    std::string_view query = target.substr(q + 1);
    // A fragment is never sent by conforming clients; if one is, it is not part of the query.
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (piece.empty()) continue;
        auto eq = piece.find('=');
        std::string key = percent_decode(piece.substr(0, eq), true);
        std::string value =
            eq == std::string_view::npos ? std::string() : percent_decode(piece.substr(eq + 1), true);
        params.emplace(std::move(key), std::move(value));
    }
}

} // namespace masscivic::server
