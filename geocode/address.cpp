#include "address.hpp"

#include "street.hpp"

#include <array>
#include <charconv>
#include <set>
#include <vector>

namespace masscivic::geocode {

namespace {

struct Token {
    std::string word;      // upper case, edge punctuation stripped
    std::size_t segment;   // comma-separated part it came from
};

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// Splits at spaces and commas (a comma starts a new segment). '#' stands alone as a word;
// '-' and '/' stay inside words ("12-14", "1/2"); other punctuation at word edges goes.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    std::size_t segment = 0;
    std::string cur;
    auto flush = [&] {
        std::size_t b = 0, e = cur.size();
        auto edge = [](char c) { return !(is_digit(c) || is_alpha(c) || static_cast<unsigned char>(c) >= 0x80); };
        while (b < e && edge(cur[b]) && cur[b] != '-') ++b;
        while (e > b && edge(cur[e - 1])) --e;
        if (e > b) out.push_back({upper(cur.substr(b, e - b)), segment});
        else if (cur == "-") out.push_back({"-", segment});
        cur.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ';' || c == '\n') {
            flush();
            ++segment;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            flush();
        } else if (c == '#') {
            flush();
            out.push_back({"#", segment});
        } else {
            cur += c;
        }
    }
    flush();
    return out;
}

const std::set<std::string, std::less<>>& unit_words() {
    static const std::set<std::string, std::less<>> s = {
        "#", "APT", "APARTMENT", "UNIT", "STE", "SUITE", "FL", "FLOOR", "RM", "ROOM",
        "BLDG", "BUILDING", "NO", "DEPT", "LOT", "SPC", "TRLR"};
    return s;
}

constexpr std::array<std::string_view, 21> kNumberWords = {
    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
    "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN",
    "EIGHTEEN", "NINETEEN", "TWENTY"};

std::optional<long> to_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 6 || !all_digits(digits)) return std::nullopt;
    long n = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return n;
}

bool is_zip_word(std::string_view w) {
    return (w.size() == 5 && all_digits(w)) ||
           (w.size() == 10 && w[5] == '-' && all_digits(w.substr(0, 5)) && all_digits(w.substr(6)));
}

bool is_state_word(std::string_view w) {
    return w == "MA" || w == "MASS" || w == "MASSACHUSETTS" || w == "USA" || w == "US";
}

std::string join(const std::vector<Token>& t, std::size_t b, std::size_t e) {
    std::string out;
    for (std::size_t i = b; i < e; ++i) {
        if (!out.empty()) out += ' ';
        out += t[i].word;
    }
    return out;
}

// Strips ZIP, state and country words from the end; returns the ZIP.
std::string strip_tail(std::vector<Token>& tokens) {
    std::string zip;
    while (!tokens.empty()) {
        const auto& w = tokens.back().word;
        if (is_zip_word(w) && zip.empty() && tokens.size() > 1) zip = w.substr(0, 5);
        else if (is_state_word(w) && tokens.size() > 1) {}
        else if (w == "STATES" && tokens.size() > 2 && tokens[tokens.size() - 2].word == "UNITED") tokens.pop_back();
        else break;
        tokens.pop_back();
    }
    return zip;
}

// Removes unit designators with their value ("APT 3", "# 3", "3RD FLOOR"); returns them.
std::string strip_units(std::vector<Token>& tokens) {
    std::string unit;
    std::vector<Token> kept;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& w = tokens[i].word;
        bool designator = unit_words().contains(w);
        // "NO" is also a directional ("NO MAIN ST"): a unit only before a number.
        if (w == "NO" && (i + 1 >= tokens.size() || !is_digit(tokens[i + 1].word[0]))) designator = false;
        // A designator needs a value after it, and is not the street's first word.
        if (designator && i + 1 < tokens.size() && tokens[i + 1].segment == tokens[i].segment) {
            if (!unit.empty()) unit += ' ';
            unit += (w == "#" ? "#" : w) + " " + tokens[i + 1].word;
            ++i;
            continue;
        }
        if ((w == "FLOOR" || w == "FL") && !kept.empty() && is_digit(kept.back().word[0]) &&
            !kept.back().word.empty() && is_alpha(kept.back().word.back())) {
            unit = kept.back().word + " " + w;
            kept.pop_back();
            continue;
        }
        kept.push_back(tokens[i]);
    }
    tokens = std::move(kept);
    return unit;
}

}  // namespace

std::optional<HouseNumber> parse_house_number(std::string_view word) {
    std::string w = upper(word);
    for (std::size_t i = 1; i < kNumberWords.size(); ++i)
        if (w == kNumberWords[i]) return HouseNumber{static_cast<long>(i), static_cast<long>(i), std::to_string(i)};
    std::size_t d = 0;
    while (d < w.size() && is_digit(w[d])) ++d;
    auto low = to_number(std::string_view(w).substr(0, d));
    if (!low || *low == 0) return std::nullopt;
    std::string_view rest = std::string_view(w).substr(d);
    HouseNumber n{*low, *low, w};
    if (rest.empty()) return n;
    if (rest.starts_with('-')) rest.remove_prefix(1);
    if (all_digits(rest)) {
        auto high = to_number(rest);
        if (!high) return std::nullopt;
        n.high = *high >= *low ? *high : *low;
        return n;
    }
    // "12A", "12-B", "12AB"; but "1ST", "2ND", "3RD", "4TH" are ordinals (street names).
    if (rest.size() <= 2 && std::all_of(rest.begin(), rest.end(), is_alpha)) {
        if (rest == "ST" || rest == "ND" || rest == "RD" || rest == "TH") return std::nullopt;
        return n;
    }
    return std::nullopt;
}

std::optional<ParsedAddress> parse_address(std::string_view text, const PlaceTest& is_place) {
    if (text.size() > kMaxAddressLength) return std::nullopt;
    auto tokens = tokenize(text);
    ParsedAddress a;
    a.zip = strip_tail(tokens);
    a.unit = strip_units(tokens);

    // The house number: the first word of its segment, with a street after it.
    std::size_t at = tokens.size();
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        bool first_of_segment = i == 0 || tokens[i - 1].segment != tokens[i].segment;
        if (!first_of_segment || tokens[i + 1].segment != tokens[i].segment) continue;
        if (auto n = parse_house_number(tokens[i].word)) {
            a.number = *n;
            at = i;
            break;
        }
    }
    if (at == tokens.size()) return std::nullopt;
    std::size_t street_begin = at + 1;
    // "12 - 14 Elm St", "12 1/2 Elm St", "12 B Elm St" is left alone (B may be a street).
    if (street_begin + 1 < tokens.size() && tokens[street_begin].word == "-") {
        if (auto high = parse_house_number(tokens[street_begin + 1].word)) {
            a.number.high = std::max(a.number.low, high->low);
            a.number.text += "-" + tokens[street_begin + 1].word;
            street_begin += 2;
        }
    } else if (street_begin < tokens.size() && tokens[street_begin].word == "1/2") {
        a.number.text += " 1/2";
        ++street_begin;
    } else if (street_begin + 2 < tokens.size() && tokens[street_begin].segment == tokens[at].segment &&
               tokens[street_begin + 2].segment == tokens[at].segment &&
               (tokens[street_begin].word == "R" || tokens[street_begin].word == "REAR")) {
        // "450 R Concord Ave": a rear lot of number 450 (but "12 Rear St, Amherst" is a street).
        a.number.text += " R";
        ++street_begin;
    }
    const std::size_t segment = tokens[at].segment;
    std::size_t street_end = street_begin;
    while (street_end < tokens.size() && tokens[street_end].segment == segment) ++street_end;
    if (street_end == street_begin) return std::nullopt;

    if (street_end < tokens.size()) {
        // The town is the next part after the street's: "12 Elm St, Amherst".
        std::size_t town_end = street_end;
        while (town_end < tokens.size() && tokens[town_end].segment == tokens[street_end].segment) ++town_end;
        a.town = join(tokens, street_end, town_end);
    } else {
        // No comma: "12 Elm St Amherst", "12 elm st in amherst".
        for (std::size_t i = street_begin + 1; i < street_end; ++i) {
            if (tokens[i].word == "IN" && i + 1 < street_end && is_street_suffix(tokens[i - 1].word)) {
                a.town = join(tokens, i + 1, street_end);
                street_end = i;
                break;
            }
        }
        if (a.town.empty()) {
            std::size_t n = street_end - street_begin;
            for (std::size_t k = std::min<std::size_t>(4, n - 1); k >= 1 && n > 1; --k) {
                auto tail = join(tokens, street_end - k, street_end);
                if (is_place(tail)) {
                    a.town = tail;
                    street_end -= k;
                    break;
                }
            }
        }
        if (a.town.empty()) {
            // An unknown town after a suffix: "12 Elm St Smalltown" (reported by the caller).
            for (std::size_t i = street_end - 1; i > street_begin; --i) {
                if (!is_street_suffix(tokens[i - 1].word)) continue;
                if (is_directional(tokens[i].word) || tokens[i].word == "EXT") break;
                a.town = join(tokens, i, street_end);
                street_end = i;
                break;
            }
        }
    }
    // "12 Elm St (rear)", "12 Elm St rear": a rear lot of number 12, as "12 R Elm St" is.
    if (street_end - street_begin >= 3 && tokens[street_end - 1].word == "REAR" &&
        is_street_suffix(tokens[street_end - 2].word)) {
        a.number.text += " R";
        --street_end;
    }
    a.street = join(tokens, street_begin, street_end);
    if (std::none_of(a.street.begin(), a.street.end(), is_alpha)) return std::nullopt;
    auto name = normalize_street(a.street);
    // "3 Amherst" is a number and a place, not a street address.
    if (a.town.empty() && !name.has_suffix && is_place(a.street)) return std::nullopt;
    // Punctuation around a qualifier ("-(MA I") can leave no street name at all.
    if (name.key.empty()) return std::nullopt;
    a.street_name = std::move(name);
    return a;
}

}  // namespace masscivic::geocode
