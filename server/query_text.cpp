#include "query_text.hpp"

#include "text.hpp"

#include <cctype>
#include <regex>

namespace masscivic::server {

namespace {

const std::regex& point_re() {
    static const std::regex re(
        R"(^\(?\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*\)?$)");
    return re;
}
const std::regex& trailing_zip_re() {
    static const std::regex re(R"(^(.*?)[,\s]+(\d{5})(?:-\d{4})?$)");
    return re;
}
const std::regex& trailing_state_re() {
    static const std::regex re(R"(^(.*?)[,\s]+(ma|mass|massachusetts)\.?$)", std::regex::icase);
    return re;
}
const std::regex& ward_re() {
    static const std::regex re(R"(\bward\s*(?:no\.?|#)?\s*(\d{1,2}[a-z]?)\b)", std::regex::icase);
    return re;
}
// A precinct is a number, a number with a letter ("8A", "8-A") or, in cities such as
// Springfield and Lowell, a letter alone ("Ward 8 Precinct A").
const std::regex& precinct_re() {
    static const std::regex re(
        R"(\b(?:precinct|prec\.?|pct\.?)(?:\s*(?:no\.?|#)?\s*(\d{1,2}(?:\s*-?\s*[a-z])?)|\s+([a-z]))\b)",
        std::regex::icase);
    return re;
}
const std::regex& house_number_re() {
    static const std::regex re(R"(^\d+[a-z]?(?:-\d+[a-z]?)?\s+[^\d\s,])", std::regex::icase);
    return re;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    for (char c : s) {
        bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Drops separators and filler words left around a place name ("in", "of", commas).
std::string clean_place(std::string s) {
    for (char& c : s)
        if (c == ',' || c == ';') c = ' ';
    s = collapse_spaces(s);
    for (const char* filler : {"in ", "of "})
        if (s.size() > 3 && ascii_lower(s.substr(0, 3)) == filler) s = s.substr(3);
    return trim(s);
}

// Removes "..., MA 02139" style endings; returns the ZIP found, if any.
std::string strip_state_and_zip(std::string& s) {
    std::string zip;
    std::smatch m;
    if (std::regex_match(s, m, trailing_zip_re())) {
        zip = m[2];
        s = m[1];
    }
    if (std::regex_match(s, m, trailing_state_re())) s = m[1];
    s = trim(s);
    while (!s.empty() && s.back() == ',')
        s = trim(s.substr(0, s.size() - 1));
    return zip;
}

} // namespace

bool is_zip(std::string_view t) {
    auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
        return true;
    };
    if (t.size() == 5) return digits(0, 5);
    return t.size() == 10 && t[5] == '-' && digits(0, 5) && digits(6, 4);
}

std::string normalize_precinct_label(std::string_view label) {
    std::string s;
    for (char c : trim(label))
        if (c != '-' && c != ' ') s += c;  // "8-A", "8 A" -> "8A"
    std::size_t i = 0;
    while (i + 1 < s.size() && s[i] == '0' && std::isdigit(static_cast<unsigned char>(s[i + 1])))
        ++i;
    s = s.substr(i);
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

Result<ParsedQuery> parse_free_text(std::string_view raw, const std::string& param) {
    if (first_invalid_utf8(raw)) return bad_parameter(param, "is not valid UTF-8");
    if (raw.size() > kMaxQueryLength)
        return bad_parameter(param,
                             "is longer than " + std::to_string(kMaxQueryLength) + " characters");
    // Fullwidth digits, decomposed accents, soft hyphens ... read as their plain forms.
    std::string text = collapse_spaces(trim(fold_text_forms(raw)));
    if (text.empty()) return bad_parameter(param, "is empty");

    ParsedQuery out;
    std::smatch m;
    if (std::regex_match(text, m, point_re())) {
        out.kind = ParsedQuery::Kind::Point;
        out.lat = m[1];
        out.lon = m[2];
        return out;
    }
    if (is_zip(text)) {
        out.kind = ParsedQuery::Kind::Zip;
        out.zip = text.substr(0, 5);
        return out;
    }
    out.zip = strip_state_and_zip(text);
    if (text.empty()) { // "MA 02139"
        if (out.zip.empty()) return bad_parameter(param, "names no place");
        out.kind = ParsedQuery::Kind::Zip;
        return out;
    }
    bool has_ward = std::regex_search(text, m, ward_re());
    if (has_ward) {
        out.ward = normalize_precinct_label(m[1].str());
        text = m.prefix().str() + " " + m.suffix().str();
    }
    if (std::regex_search(text, m, precinct_re())) {
        out.precinct = normalize_precinct_label(m[1].matched ? m[1].str() : m[2].str());
        text = m.prefix().str() + " " + m.suffix().str();
        has_ward = true;
    }
    if (has_ward) {
        out.kind = ParsedQuery::Kind::WardPrecinct;
        out.place = clean_place(text);
        if (out.place.empty())
            return bad_parameter(param, "says the ward/precinct but not the town");
        return out;
    }
    if (std::regex_search(text, house_number_re())) {
        out.kind = ParsedQuery::Kind::Address;
        auto words = split(clean_place(text), ' ');
        for (std::size_t i = 1; i < words.size(); ++i) // words[0] is the house number
            if (!words[i].empty()) out.address_words.push_back(words[i]);
        return out;
    }
    out.kind = ParsedQuery::Kind::Name;
    out.place = clean_place(text);
    if (out.place.empty()) return bad_parameter(param, "names no place");
    return out;
}

} // namespace masscivic::server
