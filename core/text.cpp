#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace masscivic {

// One pass: find_first_of("\r\n") runs a memchr per character.
bool has_line_break(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n'; });
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned min;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::nullopt;
}

std::string trim(std::string_view s) {
    auto issp = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!s.empty() && issp(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && issp(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    // Non-breaking spaces (U+00A0) appear in some sources.
    while (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
    while (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
    return std::string(s);
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

namespace {

// Folds the Latin-1 supplement letters used in Massachusetts names (é, ñ, ç, ã ...) to
// lower-case ASCII: `second` is the continuation byte after 0xC3. Returns 0 for the two
// symbols in that block (× ÷) so they act as separators.
char fold_latin1(unsigned char second) {
    static constexpr char map[] =
        "aaaaaaaceeeeiiiidnooooo\0ouuuuytsaaaaaaaceeeeiiiidnooooo\0ouuuuyty";
    static_assert(sizeof(map) == 65, "one entry per byte 0x80..0xBF");
    unsigned idx = second - 0x80u;
    return idx < 64 ? map[idx] : '\0';
}

bool is_continuation(std::string_view s, std::size_t i) {
    return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

}  // namespace

namespace {

// The code point of the UTF-8 sequence at s[i] (its length in `len`), or nullopt.
std::optional<unsigned> decode_at(std::string_view s, std::size_t i, std::size_t& len) {
    auto c = static_cast<unsigned char>(s[i]);
    unsigned cp;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return std::nullopt;
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
        if (!is_continuation(s, i + k)) return std::nullopt;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    return cp;
}

// What a code point folds to: "" drops it, nullopt keeps it as it is.
std::optional<std::string> fold_code_point(unsigned cp) {
    if (cp >= 0x0300 && cp <= 0x036F) return "";                 // combining accents (NFD)
    if (cp == 0x00AD || cp == 0xFEFF || cp == 0x2060) return "";  // soft hyphen, BOM, joiner
    if (cp >= 0x200B && cp <= 0x200D) return "";                 // zero-width space/(non)joiner
    if (cp == 0x00A0 || cp == 0x202F || cp == 0x2007 || cp == 0x3000) return " ";
    if (cp >= 0x2010 && cp <= 0x2015) return "-";                // hyphens, non-breaking too
    if (cp == 0x2212 || cp == 0xFE63 || cp == 0xFF0D) return "-"; // minus signs
    if (cp >= 0xFF01 && cp <= 0xFF5E) return std::string(1, static_cast<char>(cp - 0xFEE0));
    return std::nullopt;
}

}  // namespace

std::string fold_text_forms(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = 1;
        std::optional<unsigned> cp;
        if (c >= 0x80) cp = decode_at(text, i, len);
        auto folded = cp ? fold_code_point(*cp) : std::nullopt;
        if (folded)
            out += *folded;
        else
            out.append(text.substr(i, cp ? len : 1));
        i += cp ? len : 1;
    }
    return out;
}

std::string name_key(std::string_view raw) {
    const std::string folded = fold_text_forms(raw);
    std::string_view name = folded;
    std::string out;
    out.reserve(name.size());
    bool space = true;  // suppress leading spaces
    auto put_space = [&] {
        if (!space) out += ' ';
        space = true;
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c == 0xC3 && is_continuation(name, i + 1)) {
            char folded = fold_latin1(static_cast<unsigned char>(name[++i]));
            if (folded) {
                out += folded;
                space = false;
            } else {
                put_space();
            }
        } else if (std::isalnum(c)) {
            out += static_cast<char>(std::tolower(c));
            space = false;
        } else if (c == '&') {
            put_space();
            out += "and";
            space = false;
            put_space();
        } else if (c == '\'') {
            // Apostrophes join: "Martha's" -> "marthas".
        } else if (c == 0xE2 && i + 2 < name.size() && name[i + 1] == '\x80' &&
                   (name[i + 2] == '\x98' || name[i + 2] == '\x99')) {
            i += 2;  // curly apostrophes (U+2018, U+2019) join like the ASCII one
        } else {
            put_space();  // punctuation, dashes, other scripts and invalid bytes separate words
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::optional<std::string> ordinal_word_to_number(std::string_view word) {
    static constexpr std::array<std::string_view, 20> units = {
        "",        "first",   "second",    "third",     "fourth",     "fifth",     "sixth",
        "seventh", "eighth",  "ninth",     "tenth",     "eleventh",   "twelfth",   "thirteenth",
        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
    static constexpr std::array<std::string_view, 5> tens_card = {"", "", "twenty", "thirty",
                                                                  "forty"};
    static constexpr std::array<std::string_view, 5> tens_ord = {"", "", "twentieth", "thirtieth",
                                                                 "fortieth"};
    std::string w = ascii_lower(word);
    auto suffix = [](int n) {
        int t = n % 100;
        if (t >= 11 && t <= 13) return std::to_string(n) + "th";
        switch (n % 10) {
        case 1: return std::to_string(n) + "st";
        case 2: return std::to_string(n) + "nd";
        case 3: return std::to_string(n) + "rd";
        default: return std::to_string(n) + "th";
        }
    };
    for (int i = 1; i < 20; ++i)
        if (w == units[static_cast<std::size_t>(i)]) return suffix(i);
    for (int t = 2; t < 5; ++t) {
        if (w == tens_ord[static_cast<std::size_t>(t)]) return suffix(t * 10);
        auto prefix = std::string(tens_card[static_cast<std::size_t>(t)]) + "-";
        if (w.starts_with(prefix)) {
            auto rest = std::string_view(w).substr(prefix.size());
            for (int i = 1; i < 10; ++i)
                if (rest == units[static_cast<std::size_t>(i)]) return suffix(t * 10 + i);
        }
    }
    return std::nullopt;
}

std::string district_key(std::string_view name) {
    std::string out;
    for (const auto& raw : split(trim(name), ' ')) {
        if (raw.empty()) continue;
        std::string word = raw;
        while (!word.empty() && (word.back() == ',' || word.back() == '.')) word.pop_back();
        if (word.empty()) continue;
        if (auto n = ordinal_word_to_number(word)) word = *n;
        if (word == "&") word = "and";
        if (!out.empty()) out += ' ';
        out += ascii_lower(word);
    }
    return out;
}

std::string ocd_district_slug(std::string_view name) {
    std::string key = district_key(name);
    std::string out;
    bool sep = false;
    for (char c : key) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            if (sep && !out.empty()) out += '_';
            out += c;
            sep = false;
        } else {
            sep = true;
        }
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > cap) return cap + 1;
    std::vector<std::size_t> prev(a.size() + 1), cur(a.size() + 1);
    for (std::size_t i = 0; i <= a.size(); ++i) prev[i] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
        cur[0] = j;
        std::size_t row_min = cur[0];
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t sub = prev[i - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[i] = std::min({prev[i] + 1, cur[i - 1] + 1, sub});
            row_min = std::min(row_min, cur[i]);
        }
        if (row_min > cap) return cap + 1;
        std::swap(prev, cur);
    }
    return std::min(prev[a.size()], cap + 1);
}

}  // namespace masscivic
