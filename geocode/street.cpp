#include "street.hpp"

#include "tables.hpp"
#include "text.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace masscivic::geocode {

namespace {

using WordMap = std::unordered_map<std::string, std::string>;

// Rows "standard,spelling,..." -> spelling -> standard (the standard maps to itself).
WordMap read_table(std::string_view csv) {
    WordMap map;
    bool header = true;
    for (const auto& raw : split(csv, '\n')) {
        auto line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        auto cells = split(line, ',');
        if (cells.size() < 2) throw std::logic_error("geocode table row without spellings: " + line);
        map.emplace(cells[0], cells[0]);
        for (std::size_t i = 1; i < cells.size(); ++i) map.emplace(cells[i], cells[0]);
    }
    return map;
}

const WordMap& suffixes() {
    static const WordMap m = read_table(usps_suffix_csv());
    return m;
}
const WordMap& directionals() {
    static const WordMap m = read_table(usps_directional_csv());
    return m;
}

struct Alias {
    std::vector<std::string> from, to;
};
const std::vector<Alias>& aliases() {
    static const std::vector<Alias> list = [] {
        std::vector<Alias> out;
        for (const auto& [from, to] : read_table(ma_alias_csv()))
            if (from != to) out.push_back({street_words(from), street_words(to)});
        // Longest first, so "MASS AVE" is tried before a shorter alias inside it.
        std::sort(out.begin(), out.end(), [](const Alias& a, const Alias& b) {
            return a.from.size() != b.from.size() ? a.from.size() > b.from.size() : a.from < b.from;
        });
        return out;
    }();
    return list;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

void apply_aliases(std::vector<std::string>& words) {
    for (const auto& a : aliases()) {
        // Already canonical ("MSGR OBRIEN HWY" holds the alias "OBRIEN HWY"): leave it.
        if (std::search(words.begin(), words.end(), a.to.begin(), a.to.end()) != words.end()) continue;
        for (std::size_t i = 0; i + a.from.size() <= words.size(); ++i) {
            if (!std::equal(a.from.begin(), a.from.end(), words.begin() + static_cast<long>(i))) continue;
            words.erase(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(i + a.from.size()));
            words.insert(words.begin() + static_cast<long>(i), a.to.begin(), a.to.end());
            i += a.to.size() - 1;
        }
    }
}

const std::string* lookup(const WordMap& m, const std::string& w) {
    auto it = m.find(w);
    return it == m.end() ? nullptr : &it->second;
}

}  // namespace

std::vector<std::string> street_words(std::string_view text) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : text) {
        if (c == '\'' || c == '`') continue;  // O'BRIEN -> OBRIEN
        bool word_char = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         static_cast<unsigned char>(c) >= 0x80;
        if (word_char) {
            cur += c;
        } else if (!cur.empty()) {
            words.push_back(upper(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) words.push_back(upper(cur));
    return words;
}

bool is_street_suffix(std::string_view word) { return suffixes().contains(std::string(word)); }
bool is_directional(std::string_view word) { return directionals().contains(std::string(word)); }

namespace {

// One pass of the rules above over upper-case words, without the aliases.
StreetName normalize_words(std::vector<std::string> words) {
    StreetName out;
    if (words.empty()) return out;
    // Spelled ordinals first ("FIRST" -> "1ST", "TWENTY FIRST" -> "21ST"). Each has at least
    // five letters ("FIRST", "NINTH") and a two-word one starts with a tens word: the test
    // runs only on words that may be one (it is a tenth of an address's parsing otherwise).
    auto tens = [](const std::string& w) { return w == "TWENTY" || w == "THIRTY" || w == "FORTY"; };
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].size() < 5) continue;
        if (i + 1 < words.size() && tens(words[i]))
            if (auto n = ordinal_word_to_number(words[i] + "-" + words[i + 1])) {
                words[i] = upper(*n);
                words.erase(words.begin() + static_cast<long>(i) + 1);
                continue;
            }
        if (auto n = ordinal_word_to_number(words[i])) words[i] = upper(*n);
    }

    // A trailing directional after a suffix moves to the front: "MAIN ST N" -> "N MAIN ST".
    std::string direction;
    if (words.size() >= 3 && lookup(directionals(), words.back()) &&
        lookup(suffixes(), words[words.size() - 2])) {
        direction = *lookup(directionals(), words.back());
        words.pop_back();
    }
    bool extension = false;
    if (words.size() >= 3 && (words.back() == "EXT" || words.back() == "EXTENSION") &&
        lookup(suffixes(), words[words.size() - 2])) {
        extension = true;
        words.pop_back();
    }
    // The suffix: the last word, when a name is left before it.
    std::string suffix;
    if (words.size() >= 2) {
        if (auto s = lookup(suffixes(), words.back())) {
            suffix = *s;
            words.pop_back();
        }
    }
    // A leading directional, when a name is left after it: "NORTH MAIN ST", not "NORTH ST".
    if (direction.empty() && words.size() >= 2) {
        if (auto d = lookup(directionals(), words.front())) {
            direction = *d;
            words.erase(words.begin());
        }
    }
    // Saint / Mount / Fort at the start of a longer name; route numbers.
    if (words.size() >= 2) {
        if (words[0] == "ST") words[0] = "SAINT";
        else if (words[0] == "MT") words[0] = "MOUNT";
        else if (words[0] == "FT") words[0] = "FORT";
        else if (words[0] == "RT" || words[0] == "RTE") words[0] = "ROUTE";
    }
    for (const auto& w : words) {
        if (!out.core.empty()) out.core += ' ';
        out.core += w;
    }
    out.has_suffix = !suffix.empty();
    out.key = direction.empty() ? out.core : direction + " " + out.core;
    if (!suffix.empty()) out.key += " " + suffix;
    if (extension) out.key += " EXT";
    return out;
}

}  // namespace

namespace {

// One pass. `settled`: the key is the very words it was read from, so another pass would
// read the same words and give the same key.
StreetName normalize_name_once(std::string_view street, bool& settled) {
    const auto typed = street_words(street);
    auto first = normalize_words(typed);
    settled = first.key.empty();
    if (settled) return first;
    auto words = split(first.key, ' ');
    auto before = words;
    apply_aliases(words);
    if (words == before) {
        settled = words == typed;
        return first;
    }
    // The aliases give canonical spellings; one more pass finds their suffix and core.
    return normalize_words(std::move(words));
}

// A key must normalise to itself: the server looks typed names up by key. One pass can make
// a new suffix ("E RT N" -> "E ROUTE N", where ROUTE is a suffix spelling before the
// directional), so passes repeat until the key stays; real names settle in one or two.
StreetName normalize_name(std::string_view street) {
    constexpr int kMaxPasses = 4;
    bool settled = false;
    auto out = normalize_name_once(street, settled);
    for (int pass = 1; pass < kMaxPasses && !settled; ++pass) {
        auto again = normalize_name_once(out.key, settled);
        if (again.key == out.key) break;
        out = std::move(again);
    }
    return out;
}

// Qualifiers that mark a lot on the same street rather than another street.
bool same_street_qualifier(const std::string& q) {
    return q.empty() || q == "REAR" || q == "R" || q == "LOWER" || q == "UPPER" || q == "OFF" || q == "REAR OF";
}

}  // namespace

StreetName normalize_street(std::string_view street) {
    auto open = street.find('(');
    if (open == std::string_view::npos) return normalize_name(street);
    auto close = street.find(')', open);
    std::string name(street.substr(0, open));
    std::string qualifier_text(street.substr(open + 1, close == std::string_view::npos ? std::string_view::npos
                                                                                       : close - open - 1));
    if (close != std::string_view::npos) name += " " + std::string(street.substr(close + 1));
    std::string qualifier;
    for (const auto& w : street_words(qualifier_text)) qualifier += (qualifier.empty() ? "" : " ") + w;
    auto out = normalize_name(name);
    if (out.key.empty() || same_street_qualifier(qualifier)) return out;
    out.qualifier = qualifier;
    out.key += " (" + qualifier + ")";
    return out;
}

bool qualifier_matches(std::string_view qualifier, std::string_view village) {
    auto q = street_words(qualifier), v = street_words(village);
    if (q.empty() || q.size() > v.size()) return false;
    for (std::size_t i = 0; i < q.size(); ++i) {
        std::string w = q[i];
        if (auto d = lookup(directionals(), w); d && w.size() <= 2) {
            // "W" -> "WEST": the spelled-out directional the village name starts with.
            for (const auto& [spelling, standard] : directionals())
                if (standard == *d && spelling.size() > 2 && spelling != "NO" && spelling != "SO") w = spelling;
        }
        if (!v[i].starts_with(w)) return false;
    }
    return true;
}

std::string street_key(std::string_view street) { return normalize_street(street).key; }

std::string display_street(std::string_view key) {
    std::string out(key);
    bool start = true;
    for (auto& c : out) {
        if (c == ' ') {
            start = true;
            continue;
        }
        bool letter = c >= 'A' && c <= 'Z';
        if (letter && !start) c = static_cast<char>(c - 'A' + 'a');
        start = c == '(';
    }
    // Directionals stay capitals: "N Main St", "NE Main St".
    auto words = split(out, ' ');
    std::string result;
    for (std::size_t i = 0; i < words.size(); ++i) {
        auto w = words[i];
        auto d = lookup(directionals(), upper(w));
        if (d && *d == upper(w) && words.size() > 1) w = upper(w);
        if (i) result += ' ';
        result += w;
    }
    return result;
}

}  // namespace masscivic::geocode
