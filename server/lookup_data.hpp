// The loaded dataset behind a Lookup. Private to the server's facade implementation
// (lookup*.cpp, resolve*.cpp, answer.cpp, places.cpp, officials.cpp, toolkits.cpp,
// sponsors.cpp, maps.cpp): nothing outside server/ includes this.
#pragma once

#include "address_index.hpp"
#include "geo_index.hpp"
#include "lookup.hpp"
#include "sqlite.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace masscivic::server {

class MapAtlas; // maps.hpp

// The division of statewide offices.
inline constexpr const char* kStateDivision = "ocd-division/country:us/state:ma";

// Precinct district columns, in the order districts are listed in answers.
enum Chamber { kCongress, kGovernorsCouncil, kSenate, kHouse, kChamberCount };
inline const std::array<const char*, kChamberCount> kChamberCodes = {
    "congress", "governors_council", "senate", "house"};
inline const std::array<const char*, kChamberCount> kChamberWords = {
    "U.S. House", "Governor's Council", "State Senate", "State House"};

struct Lookup::Data {
    struct Precinct {
        std::string geoid;
        Text ward;
        std::string precinct;
        bool sub = false;
        std::array<std::string, kChamberCount> district;
    };
    struct Name {
        std::string geoid, name, kind;
    };
    struct ZipTown {
        std::string geoid;
        std::optional<long long> share;
    };
    struct ToolkitDef {
        std::string id, name, summary;
        std::vector<Link> links;
        std::vector<std::string> state_committees; // committee names, e.g. "Judiciary"
        std::vector<std::string> related_bills;    // bill ids, e.g. "safe-communities-act"
    };
    struct BillSponsor {
        std::string official_id, role; // role: lead | cosponsor
    };
    struct Bill {
        std::string id, title;
        Text session, house_number, senate_number, url;
        std::vector<BillSponsor> current_sponsors; // only people who hold office now
        Text official_title, house_status, senate_status, lead_sponsors;
        std::string source;
        bool current = false; // of the latest session any bill source covers
    };

    std::string as_of, fingerprint;
    std::vector<Municipality> towns;
    std::unordered_map<std::string, std::size_t> town_by_geoid;
    std::unordered_map<std::string, District> districts;  // by OCD id
    std::vector<Precinct> precincts;
    std::unordered_map<std::string, std::vector<std::size_t>> precincts_by_town;
    // Sorted by office rank. Answers point to these records (ListedOfficial); written only
    // while the dataset loads.
    std::vector<std::shared_ptr<Official>> officials;
    std::unordered_map<std::string, std::vector<std::size_t>> officials_by_division;
    std::unordered_map<std::string, std::vector<std::size_t>> officials_by_town;
    std::unordered_map<std::string, std::size_t> official_by_id;
    std::unordered_map<std::string, std::vector<std::shared_ptr<Official>>> vacancies;
    // Built from the above once they are complete (answer.cpp): what every answer for a town
    // lists as its local officials and notes, and the statewide officers by level.
    std::unordered_map<std::string, LocalRoster> local_rosters;  // by GEOID
    OfficialGroups statewide;
    // What a street address placed in one district set of one town answers, but for the
    // address itself: built at load for every (town, set) pair the address data holds
    // (resolve_address.cpp), except where the precinct is named per address (Cambridge).
    struct SetAnswer {
        std::vector<const District*> districts;
        OfficialGroups officials;  // finished: statewide officers in, in listing order
        std::vector<std::string> missing;
    };
    std::unordered_map<std::uint64_t, SetAnswer> set_answers;  // by set_answer_key()
    std::unordered_map<std::string, std::vector<Name>> names; // name_key -> places
    // A name typed run together ("fallriver", as MassGIS spells it) -> its names key
    // ("fall river"); left out when two names would run together alike.
    std::unordered_map<std::string, std::string> run_together_names;
    // The last word of every official's name key ("warren"): never read as a town name alone.
    std::unordered_set<std::string> family_names;
    std::unordered_map<std::string, std::vector<ZipTown>> zips;
    std::unique_ptr<GeoIndex> geo;
    geocode::AddressIndex addresses;  // streets and house-number runs of the covered towns
    std::vector<ToolkitDef> toolkits;
    std::vector<LocalAction> local_actions; // by town name, topic, date
    std::unordered_map<std::string, std::vector<std::size_t>> local_actions_by_town;
    std::map<std::string, Bill> bills;
    std::string bills_as_of;      // newest as-of of the bill sources
    Text current_session;         // "194th": the latest session of any bill
    Text current_bills_source;    // the source of that session's bills
    Text toolkit_contact;
    bool toolkits_loaded = false;

    // Full-text search runs in SQLite; one read-only connection, serialized. It pins the
    // database file this dataset was loaded from, even after a newer one replaces it.
    std::unique_ptr<Database> db;
    mutable std::mutex db_mutex;
    // Bulk exports, built on first request (export.cpp); "" key: the database file.
    mutable std::mutex export_mutex;
    mutable std::map<std::string, std::shared_ptr<const std::string>> exports;
    // The boundaries for drawing maps, read on the first map request (maps.cpp).
    mutable std::mutex maps_mutex;
    mutable std::shared_ptr<const MapAtlas> maps;

    const Municipality& town(const std::string& geoid) const {
        return towns[town_by_geoid.at(geoid)];
    }
    const Municipality* find_town(const std::string& geoid) const {
        auto it = town_by_geoid.find(geoid);
        return it == town_by_geoid.end() ? nullptr : &towns[it->second];
    }
    std::uint64_t set_answer_key(const Municipality& m, geocode::SetId set) const {
        return static_cast<std::uint64_t>(&m - towns.data()) << 32 | set;
    }
    const SetAnswer* find_set_answer(const Municipality& m, geocode::SetId set) const {
        auto it = set_answers.find(set_answer_key(m, set));
        return it == set_answers.end() ? nullptr : &it->second;
    }
    const District* find_district(const std::string& id) const {
        auto it = districts.find(id);
        return it == districts.end() ? nullptr : &it->second;
    }
};

using Data = Lookup::Data;

} // namespace masscivic::server
