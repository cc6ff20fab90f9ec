#include "civic_address.hpp"

#include "text.hpp"

#include <regex>
#include <vector>

namespace masscivic::server {

namespace {

// Parts separated by commas or semicolons, trimmed, empty ones dropped.
std::vector<std::string> address_parts(std::string_view text) {
    std::vector<std::string> parts;
    std::string cur;
    auto flush = [&] {
        auto t = trim(cur);
        if (!t.empty()) parts.push_back(t);
        cur.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ';')
            flush();
        else
            cur += c;
    }
    flush();
    return parts;
}

void set_lines(PostalAddress& a, const std::vector<std::string>& lines) {
    std::string* slots[] = {&a.line1, &a.line2, &a.line3};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string& slot = *slots[std::min<std::size_t>(i, 2)];
        slot += (slot.empty() ? "" : ", ") + lines[i];
    }
}

} // namespace

std::optional<PostalAddress> parse_postal_address(std::string_view text) {
    // "... ST 01234" or "... ST 01234-5678" at the end: state and ZIP.
    static const std::regex tail(R"(^(.*?)(?:\s*(,)\s*|\s+)([A-Z]{2})\.?\s+(\d{5}(?:-\d{4})?)\s*$)");
    std::string s = trim(text);
    std::smatch m;
    PostalAddress a;
    if (!std::regex_match(s, m, tail)) {
        auto parts = address_parts(s);
        if (parts.empty() || (parts.size() == 1 && parts[0].size() <= 2)) return std::nullopt;
        a.line1 = s; // not a form we know: whole, unguessed
        return a;
    }
    bool comma_before_state = m[2].matched;
    a.state = m[3];
    a.zip = m[4];
    std::string head = m[1];
    auto parts = address_parts(head);
    if (parts.size() >= 2 || (parts.size() == 1 && comma_before_state)) {
        a.city = parts.back();
        parts.pop_back();
        set_lines(a, parts);
    } else if (parts.size() == 1 && a.state == "DC" && parts[0].size() > 11 &&
               parts[0].compare(parts[0].size() - 11, 11, " Washington") == 0) {
        // "372 Cannon House Office Building Washington DC 20515"
        a.city = "Washington";
        a.line1 = trim(std::string_view(parts[0]).substr(0, parts[0].size() - 11));
    } else if (parts.size() == 1) {
        a.line1 = parts[0];
    }
    if (a.line1.empty()) return std::nullopt;
    return a;
}

} // namespace masscivic::server
