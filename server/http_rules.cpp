#include "http_rules.hpp"

#include "text.hpp"

#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace masscivic::server {

namespace {

std::string_view strip(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string_view opaque_tag(std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
}

// Entity tags of an If-None-Match list; commas may appear inside a quoted tag.
std::vector<std::string_view> entity_tags(std::string_view header) {
    std::vector<std::string_view> tags;
    std::size_t i = 0;
    while (i < header.size()) {
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ','))
            ++i;
        std::size_t start = i;
        if (header.compare(i, 2, "W/") == 0) i += 2;
        if (i < header.size() && header[i] == '"') {
            auto close = header.find('"', i + 1);
            i = close == std::string_view::npos ? header.size() : close + 1;
        } else {
            while (i < header.size() && header[i] != ',')
                ++i;
        }
        if (i > start) tags.push_back(strip(header.substr(start, i - start)));
    }
    return tags;
}

} // namespace

bool if_none_match_matches(std::string_view header, std::string_view etag) {
    for (auto tag : entity_tags(header))
        if (tag == "*" || opaque_tag(tag) == opaque_tag(etag)) return true;
    return false;
}

bool accepts_gzip(std::string_view accept_encoding) {
    std::optional<double> gzip_q, star_q;
    for (const auto& item : split(accept_encoding, ',')) {
        std::string_view part = strip(item);
        double q = 1.0;
        auto semi = part.find(';');
        std::string coding = ascii_lower(strip(part.substr(0, semi)));
        if (semi != std::string_view::npos) {
            std::string params = ascii_lower(part.substr(semi + 1));
            auto at = params.find("q=");
            if (at != std::string::npos) q = std::strtod(params.c_str() + at + 2, nullptr);
        }
        if (coding == "gzip" || coding == "x-gzip") gzip_q = q;
        if (coding == "*") star_q = q;
    }
    if (gzip_q) return *gzip_q > 0;
    return star_q && *star_q > 0;
}

bool is_compressible(std::string_view content_type) {
    std::string type = ascii_lower(strip(content_type.substr(0, content_type.find(';'))));
    return type == "application/json" || type.rfind("text/", 0) == 0 ||
           (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0) ||
           type == "application/javascript" || type == "image/svg+xml";
}

std::optional<std::string> gzip(std::string_view data) {
    z_stream z{};
    // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

bool valid_percent_escapes(std::string_view target) {
    for (std::size_t i = 0; i < target.size(); ++i)
        if (target[i] == '%' &&
            (i + 2 >= target.size() || !std::isxdigit(static_cast<unsigned char>(target[i + 1])) ||
             !std::isxdigit(static_cast<unsigned char>(target[i + 2]))))
            return false;
    return true;
}

bool has_control_characters(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == 0xc2 && i + 1 < text.size()) { // U+0080..U+009F
            auto n = static_cast<unsigned char>(text[i + 1]);
            if (n >= 0x80 && n <= 0x9f) return true;
        }
    }
    return false;
}

std::string http_date_now() {
    // Formatted once a second per thread: every response carries it.
    thread_local std::time_t last = -1;
    thread_local std::string text;
    std::time_t t = std::time(nullptr);
    if (t != last) {
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[40];
        std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm); // C locale names
        text = buf;
        last = t;
    }
    return text;
}

} // namespace masscivic::server
