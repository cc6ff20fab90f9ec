// The streets of every covered town with their runs, and the street matcher: exact key
// first, then the same name with another or no suffix ("12 Elm" -> Elm St), then
// did-you-mean suggestions by edit distance ("Mian St" -> Main St). Filled by the server
// from the database and by tests from the snapshot; immutable once finish() ran.
#pragma once

#include "placement.hpp"
#include "street.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace masscivic::geocode {

struct DistrictSet {
    std::string house, senate, congress, governors_council;  // OCD ids
};

struct Street {
    std::string geoid, key, display, core, qualifier;
    int fiscal_year = 0;
    StreetRuns runs;
};

struct StreetMatch {
    enum class Kind { Exact, SameName, Suggestions, NotFound, NotCovered };  // NotCovered: no data for the town
    Kind kind = Kind::NotFound;
    const Street* street = nullptr;         // Exact, SameName (the one street of that name)
    std::vector<const Street*> suggestions;  // Suggestions, nearest first (at most 5)
};

class AddressIndex {
  public:
    AddressIndex() = default;
    AddressIndex(const AddressIndex&) = delete;
    AddressIndex& operator=(const AddressIndex&) = delete;
    AddressIndex(AddressIndex&&) = default;
    AddressIndex& operator=(AddressIndex&&) = default;
    void add_set(SetId id, DistrictSet set);
    void reserve_streets(std::size_t n) { streets_.reserve(n); }
    // Returns the street's position, for add_run(). Normalises the key for its core and
    // qualifier; the server passes them from the database instead (normalising 132k
    // names at every reload was a third of its load time).
    std::size_t add_street(std::string geoid, std::string key, std::string display, int fiscal_year,
                           std::optional<SetId> whole_set);
    // `s.core` and `s.qualifier` as normalize_street(s.key) gives them; `s.runs.runs` empty.
    std::size_t add_street(Street s);
    void add_run(std::size_t street, const Run& run) { streets_.at(street).runs.runs.push_back(run); }
    // Sorts each street's runs and builds the per-town maps.
    void finish();

    bool covers(const std::string& geoid) const { return by_town_.contains(geoid); }
    const DistrictSet* set(SetId id) const;
    // The district sets a town's addresses lie in, ascending (empty for a town not covered).
    const std::vector<SetId>& town_sets(const std::string& geoid) const;
    std::size_t street_count() const { return streets_.size(); }

    // `typed` is the street as normalize_street reads it. Never a silent guess: a different
    // suffix than the one typed, or a misspelling, comes back as Suggestions. `village` (the village typed, when
    // the town was given by a village name) picks among streets the assessors qualified
    // by village: "Main St" + "Hyannis" -> "MAIN ST (HYANNIS)".
    StreetMatch match(const std::string& geoid, const StreetName& typed, const std::string& village = "") const;

  private:
    std::vector<Street> streets_;
    std::unordered_map<SetId, DistrictSet> sets_;
    // Keys view the streets' own strings, which never change once finish() ran: a reload
    // neither copies nor frees 264k names. Hence an index is moved, never copied.
    struct Town {
        std::unordered_map<std::string_view, std::size_t> by_key;
        std::unordered_map<std::string_view, std::vector<std::size_t>> by_core;
        std::vector<std::size_t> all;
        std::vector<SetId> sets;
    };
    std::unordered_map<std::string, Town> by_town_;
};

}  // namespace masscivic::geocode
