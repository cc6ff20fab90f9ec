// Recognising that a message contains a street address. The bot does not parse addresses
// (the server's geocoder does); it only finds the span to pass to /v1/lookup?address= so the
// street words are not mistaken for a place name, and the question words are left out.
#include <algorithm>
#include <cctype>

#include "understand.hpp"

namespace masscivic::bot {
namespace {

bool all_digits(const std::string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "12", "12a", "one": what a house number looks like once tokenised.
bool is_house_number(const std::string& t, const Catalog& catalog) {
    if (t.empty() || t.size() > 6) return false;
    std::size_t digits = 0;
    while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
    if (digits == 0) return catalog.is_word("number", t);
    return digits == t.size() || (digits + 1 == t.size() && std::isalpha(static_cast<unsigned char>(t.back())));
}

bool is_state(const std::string& t) { return t == "ma" || t == "mass" || t == "massachusetts"; }

std::string join(const std::vector<std::string>& toks, std::size_t b, std::size_t e) {
    std::string out;
    for (std::size_t i = b; i < e; ++i) out += (out.empty() ? "" : " ") + toks[i];
    return out;
}

}  // namespace

AddressSpan find_street_address(const std::vector<std::string>& toks,
                                const std::vector<bool>& claimed, const Catalog& catalog) {
    constexpr std::size_t kMaxStreetWords = 5;  // "12 martin luther king jr blvd"
    for (std::size_t i = 0; i < toks.size(); ++i) {
        if (claimed[i] || !is_house_number(toks[i], catalog)) continue;
        if (i > 0 && catalog.is_word("unit", toks[i - 1])) continue;  // "apt 3, 12 elm st"
        std::size_t suffix = 0;
        for (std::size_t k = i + 2; k < toks.size() && k <= i + kMaxStreetWords + 1; ++k) {
            if (claimed[k]) break;
            if (catalog.is_word("street", toks[k])) {
                suffix = k;
                break;
            }
        }
        if (suffix == 0) continue;
        // After the street: the town (and ZIP) up to the next question word.
        std::vector<std::string> rest;
        std::size_t k = suffix + 1;
        for (; k < toks.size(); ++k) {
            const auto& t = toks[k];
            if (claimed[k] && !(t.size() == 5 && all_digits(t))) break;
            if (catalog.is_word("unit", t)) {
                if (k + 1 < toks.size() && !claimed[k + 1]) ++k;  // "apt 3"
                continue;
            }
            if (is_state(t) || (rest.empty() && catalog.is_preposition(t))) continue;
            if (!all_digits(t) && catalog.is_stopword(t)) break;
            rest.push_back(t);
        }
        std::string address = join(toks, i, suffix + 1);
        if (!rest.empty()) address += ", " + join(rest, 0, rest.size());
        return {address, i, k};
    }
    return {};
}

}  // namespace masscivic::bot
