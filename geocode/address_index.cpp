#include "address_index.hpp"

#include "street.hpp"
#include "text.hpp"

#include <algorithm>
#include <tuple>

namespace masscivic::geocode {

void AddressIndex::add_set(SetId id, DistrictSet set) { sets_[id] = std::move(set); }

std::size_t AddressIndex::add_street(std::string geoid, std::string key, std::string display, int fiscal_year,
                                     std::optional<SetId> whole_set) {
    Street s;
    auto name = normalize_street(key);
    s.core = std::move(name.core);
    s.qualifier = std::move(name.qualifier);
    s.geoid = std::move(geoid);
    s.key = std::move(key);
    s.display = std::move(display);
    s.fiscal_year = fiscal_year;
    s.runs.whole_set = whole_set;
    return add_street(std::move(s));
}

std::size_t AddressIndex::add_street(Street s) {
    streets_.push_back(std::move(s));
    return streets_.size() - 1;
}

namespace {

bool run_before(const Run& a, const Run& b) {
    return std::tie(a.odd, a.low, a.high, a.set) < std::tie(b.odd, b.low, b.high, b.set);
}

}  // namespace

void AddressIndex::finish() {
    for (std::size_t i = 0; i < streets_.size(); ++i) {
        auto& s = streets_[i];
        auto& runs = s.runs.runs;
        if (!std::is_sorted(runs.begin(), runs.end(), run_before)) std::sort(runs.begin(), runs.end(), run_before);
        auto& town = by_town_[s.geoid];
        town.by_key.emplace(s.key, i);
        town.by_core[s.core].push_back(i);
        town.all.push_back(i);
        for (const auto& r : runs) town.sets.push_back(r.set);
        if (s.runs.whole_set) town.sets.push_back(*s.runs.whole_set);
    }
    for (auto& [geoid, town] : by_town_) {
        std::sort(town.sets.begin(), town.sets.end());
        town.sets.erase(std::unique(town.sets.begin(), town.sets.end()), town.sets.end());
    }
}

const std::vector<SetId>& AddressIndex::town_sets(const std::string& geoid) const {
    static const std::vector<SetId> none;
    auto it = by_town_.find(geoid);
    return it == by_town_.end() ? none : it->second.sets;
}

const DistrictSet* AddressIndex::set(SetId id) const {
    auto it = sets_.find(id);
    return it == sets_.end() ? nullptr : &it->second;
}

StreetMatch AddressIndex::match(const std::string& geoid, const StreetName& typed,
                                const std::string& village) const {
    StreetMatch m;
    auto t = by_town_.find(geoid);
    const auto& key = typed.key;
    if (t == by_town_.end()) m.kind = StreetMatch::Kind::NotCovered;
    if (t == by_town_.end() || key.empty()) return m;
    const auto& town = t->second;
    if (!village.empty() && typed.qualifier.empty()) {
        // The one street of this name the assessors placed in the village typed.
        const Street* in_village = nullptr;
        std::size_t n = 0;
        if (auto it = town.by_core.find(typed.core); it != town.by_core.end())
            for (auto i : it->second) {
                const auto& s = streets_[i];
                if (s.qualifier.empty() || !qualifier_matches(s.qualifier, village)) continue;
                if (s.key.substr(0, s.key.size() - s.qualifier.size() - 3) != typed.key && typed.has_suffix) continue;
                in_village = &s, ++n;
            }
        if (n == 1) {
            m.kind = StreetMatch::Kind::SameName;
            m.street = in_village;
            return m;
        }
    }
    if (auto it = town.by_key.find(key); it != town.by_key.end()) {
        m.kind = StreetMatch::Kind::Exact;
        m.street = &streets_[it->second];
        return m;
    }
    if (auto it = town.by_core.find(typed.core); it != town.by_core.end()) {
        // "12 Elm" with one street named Elm: that street. "Elm Ave" when only Elm St
        // exists, or "Elm" with Elm St and Elm Ave: ask.
        if (!typed.has_suffix && it->second.size() == 1) {
            m.kind = StreetMatch::Kind::SameName;
            m.street = &streets_[it->second.front()];
            return m;
        }
        m.kind = StreetMatch::Kind::Suggestions;
        for (auto i : it->second) m.suggestions.push_back(&streets_[i]);
        std::sort(m.suggestions.begin(), m.suggestions.end(),
                  [](const Street* a, const Street* b) { return a->key < b->key; });
        if (m.suggestions.size() > 5) m.suggestions.resize(5);
        return m;
    }
    // Misspellings: edit distance on the key, up to 2 (1 for names of 3 letters or fewer).
    const std::size_t cap = typed.core.size() <= 3 ? 1 : 2;
    std::vector<std::pair<std::size_t, std::size_t>> near;  // distance, street
    for (auto i : town.all) {
        auto d = edit_distance(streets_[i].key, key, cap);
        if (d > cap) d = edit_distance(streets_[i].core, typed.core, cap);
        if (d <= cap) near.emplace_back(d, i);
    }
    if (near.empty()) return m;
    std::sort(near.begin(), near.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : streets_[a.second].key < streets_[b.second].key;
    });
    m.kind = StreetMatch::Kind::Suggestions;
    for (std::size_t i = 0; i < near.size() && i < 5; ++i) m.suggestions.push_back(&streets_[near[i].second]);
    return m;
}

}  // namespace masscivic::geocode
