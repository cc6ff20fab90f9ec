// Municipalities, clerk offices, place names, ZIP codes and town boundaries.
//
// The MMA 2026 directory is the primary list: it fixes the 351 official names and the
// current GEOIDs, and every other source is joined to it by GEOID (any Census vintage,
// through MAPC's key table) or by name through the town resolver. The precedence rules
// for place names and ZIP codes are written out in datasets/rules/places.md.
#include "geo_util.hpp"
#include "raw_to_snapshot.hpp"
#include "text.hpp"

#include <algorithm>
#include <set>

namespace masscivic::import {

namespace {

using geo::all_digits;
using geo::parse_count;
using geo::require_file;
using geo::SkipLog;

constexpr const char* kMma = "351watch-mma-directory-2026";
constexpr const char* kGovTypes = "mapc-mma-government-types";
constexpr const char* kMapcKeys = "mapc-mapcdatakeys";
constexpr const char* kCtps = "ctps-geocrosswalks";
constexpr const char* kZcta = "census-zcta-cousub-ma-zip-coverage";
constexpr const char* kZipMonster = "zip-monster-ma-zipcodes";
constexpr const char* kTownShapes = "census-cb2020-cousub-ma-geojson";
constexpr const char* kClerks = "ma-sos-town-clerk-offices";
constexpr const char* kOcd = "ocd-division-ids-ma-districts";

void add_sources(Snapshot& snap) {
    using geo::add_folder_source;
    add_folder_source(snap, {kMma, "Massachusetts municipalities: MMA legislative body, form of "
                             "government, websites (351 Watch transcription)",
                             "https://github.com/sulmusic2-star/sulmusic2-star", "none stated",
                             "2026-10-10", "MMA directory as scraped 2026-10-10"});
    add_folder_source(snap, {kGovTypes, "MAPC government types (MMA Municipal Directory 2019-20)",
                             "https://github.com/MAPC/MapboxEmbeds", "none stated", "2019-08-01",
                             "chief executive title, policy board and council sizes; 2019-20 edition"});
    add_folder_source(snap, {kMapcKeys, "MAPC mapcdatakeys: GEOID vintages, 2020 census population, "
                             "neighborhood and ZIP crosswalks",
                             "https://github.com/MAPC/mapcdatakeys", "CC0-1.0", "2026-08-04", ""});
    add_folder_source(snap, {kCtps, "CTPS municipal lookup (MassGIS town ids)",
                             "https://github.com/CTPSSTAFF/geocrosswalks", "none stated",
                             "2024-02-27", ""});
    add_folder_source(snap, {kZcta, "Census 2020 ZCTA to county subdivision relationship (land shares)",
                             "https://www2.census.gov/geo/docs/maps-data/data/rel2020/zcta520/"
                             "tab20_zcta520_cousub20_natl.txt",
                             "public domain (US Census Bureau)", "2020-01-01",
                             "ZCTAs approximate USPS delivery areas; shares are of land area"});
    add_folder_source(snap, {kZipMonster, "USPS ZIP codes of Massachusetts with postal city (zip-monster)",
                             "https://github.com/simplisticated/zip-monster", "MIT", "2022-09-05",
                             ""});
    add_folder_source(snap, {kTownShapes, "Census 2020 cartographic boundary county subdivisions (1:500k)",
                             "https://www2.census.gov/geo/tiger/GENZ2020/shp/cb_2020_25_cousub_500k.zip",
                             "public domain (US Census Bureau)", "2020-01-01", ""});
    add_folder_source(snap, {kClerks, "Secretary of the Commonwealth local election official directory",
                             "https://www.sec.state.ma.us/ele/eleclk/clkidx.htm", "Apache-2.0",
                             "2020-10-03", "via vote-by-mail/election-official-data"});
    add_folder_source(snap, {kOcd, "Open Civic Data division ids: Massachusetts",
                             "https://github.com/opencivicdata/ocd-division-ids", "CC0-1.0",
                             "2026-03-19", ""});
}

// One municipality as assembled from the sources; becomes one municipalities row.
struct Town {
    std::string geoid, name, kind, county, legislative_body, form_of_government, website;
    std::string population_2020, ocd_id, chief_executive_title, policy_board, policy_board_size,
        legislative_body_size, massgis_town_id;
};

using Towns = std::map<std::string, Town>;  // by current GEOID

const std::set<std::string>& legislative_bodies() {
    static const std::set<std::string> bodies = {"Open Town Meeting", "Representative Town Meeting",
                                                 "City Council", "Town Council",
                                                 "Municipal Council"};
    return bodies;
}

// MMA writes "Select Board – Town Meeting" with an en dash; we store a plain hyphen so
// the value reads the same in SMS, terminals and JSON clients.
std::string plain_dashes(std::string s) {
    static const std::string en_dash = "\xE2\x80\x93";
    for (auto pos = s.find(en_dash); pos != std::string::npos; pos = s.find(en_dash, pos))
        s.replace(pos, en_dash.size(), "-");
    return s;
}

Towns read_mma(Snapshot& snap) {
    auto csv = CsvTable::read(require_file(snap, std::string(kMma) + "/ma_municipalities_mma_2026.csv"));
    Towns towns;
    std::set<std::string> names;
    for (const auto& r : csv.records()) {
        Town t;
        t.name = trim(csv.get(r, "town"));
        t.geoid = csv.get(r, "census_cousub");
        t.kind = csv.get(r, "kind");
        t.county = csv.get(r, "county");
        t.legislative_body = csv.get(r, "legislative_body");
        t.form_of_government = plain_dashes(csv.get(r, "form_of_government"));
        t.website = csv.get(r, "website");
        if (t.name.empty()) throw InputError(csv.where(r) + ": empty town name");
        if (!all_digits(t.geoid, 10) || !t.geoid.starts_with("25"))
            throw InputError(csv.where(r) + ": census_cousub '" + t.geoid +
                             "' is not a 10-digit Massachusetts GEOID");
        if (t.kind != "city" && t.kind != "town")
            throw InputError(csv.where(r) + ": kind '" + t.kind + "' (want city or town)");
        if (!legislative_bodies().contains(t.legislative_body))
            throw InputError(csv.where(r) + ": unknown legislative_body '" + t.legislative_body + "'");
        if (t.county.empty() || t.form_of_government.empty())
            throw InputError(csv.where(r) + ": county and form_of_government are required");
        if (!names.insert(name_key(t.name)).second || towns.contains(t.geoid))
            throw InputError(csv.where(r) + ": duplicate municipality " + t.name);
        towns.emplace(t.geoid, std::move(t));
    }
    if (towns.empty()) throw InputError(csv.file().string() + ": no municipalities");
    for (const auto& [geoid, t] : towns) snap.register_town_name(t.name, geoid);
    return towns;
}

// Every GEOID any Census vintage gave a municipality -> its current GEOID (the one MMA
// uses). Four towns were renumbered after 2020; 2010-era ids still appear in OCD.
std::map<std::string, std::string> read_geoid_vintages(Snapshot& snap, const Towns& towns) {
    auto csv = CsvTable::read(require_file(snap, std::string(kMapcKeys) + "/muni_data_keys_2024.csv"));
    std::map<std::string, std::string> current;
    for (const auto& r : csv.records()) {
        auto geoid = snap.resolve_town(csv.get(r, "muni_name"), csv.where(r));
        if (csv.get(r, "cosub_5y24") != geoid)
            throw InputError(csv.where(r) + ": cosub_5y24 " + csv.get(r, "cosub_5y24") +
                             " differs from the MMA GEOID " + geoid);
        for (std::size_t i = 0; i < csv.header().size(); ++i) {
            if (!csv.header()[i].starts_with("cosub_")) continue;
            const auto& old = r.fields[i];
            if (!all_digits(old, 10)) throw InputError(csv.where(r) + ": bad GEOID '" + old + "'");
            auto [it, fresh] = current.emplace(old, geoid);
            if (!fresh && it->second != geoid)
                throw InputError(csv.where(r) + ": GEOID " + old + " names two municipalities");
        }
    }
    for (const auto& [geoid, t] : towns)
        if (!current.contains(geoid))
            throw InputError(csv.file().string() + ": no row for " + t.name);
    return current;
}

std::string current_geoid(const std::map<std::string, std::string>& vintages,
                          const std::string& geoid, const std::string& at) {
    auto it = vintages.find(geoid);
    if (it == vintages.end()) throw InputError(at + ": unknown GEOID " + geoid);
    return it->second;
}

// Alternate spellings of official names that residents and sources use. Each one was
// seen in the named raw folder; "Town of X" forms are deliberately not invented.
struct Alternate {
    const char* name;
    const char* official;
    const char* source;
};
constexpr Alternate kAlternates[] = {
    {"Foxboro", "Foxborough", kZipMonster},
    {"Manchester", "Manchester-by-the-Sea", kGovTypes},
    {"North Attleboro", "North Attleborough", kZipMonster},
    {"Mt Washington", "Mount Washington", kMapcKeys},
    {"Middleboro", "Middleborough", kZipMonster},
    {"Tyngsboro", "Tyngsborough", kZipMonster},
};

void register_alternates(Snapshot& snap) {
    for (const auto& a : kAlternates) {
        if (const auto* geoid = snap.find_town(a.official))
            snap.register_town_name(a.name, *geoid);
        else  // only possible with a partial town list (test fixtures)
            snap.warn(std::string("built-in alternate '") + a.name + "' skipped: no town " + a.official);
    }
}

void read_population(Snapshot& snap, Towns& towns, const std::map<std::string, std::string>& vintages) {
    auto csv = CsvTable::read(require_file(snap, std::string(kMapcKeys) + "/muni_2020xw.csv"));
    for (const auto& r : csv.records()) {
        auto geoid = current_geoid(vintages, csv.get(r, "GEOID_2020"), csv.where(r));
        if (snap.resolve_town(csv.get(r, "BASENAME"), csv.where(r)) != geoid)
            throw InputError(csv.where(r) + ": BASENAME and GEOID_2020 name different towns");
        auto pop = parse_count(csv.get(r, "pop_2020"));
        if (!pop) throw InputError(csv.where(r) + ": pop_2020 is not a count");
        auto& t = towns.at(geoid);
        if (!t.population_2020.empty()) throw InputError(csv.where(r) + ": duplicate row for " + t.name);
        t.population_2020 = std::to_string(*pop);
    }
    for (const auto& [g, t] : towns)
        if (t.population_2020.empty())
            throw InputError(csv.file().string() + ": no 2020 population for " + t.name);
}

// OCD lists towns by 10-digit county-subdivision GEOID (any vintage) but cities by
// 7-digit Census place GEOID; those are matched by name ("Agawam Town city" -> Agawam).
void read_ocd_ids(Snapshot& snap, Towns& towns, const std::map<std::string, std::string>& vintages) {
    auto csv = CsvTable::read(require_file(snap, std::string(kOcd) + "/us_census_places_MA.csv"));
    for (const auto& r : csv.records()) {
        const auto& id = csv.get(r, "id");
        if (id.find("/place:") == std::string::npos) continue;  // counties
        auto census = csv.get(r, "census_geoid");
        if (!census.starts_with("place-")) throw InputError(csv.where(r) + ": bad census_geoid");
        census.erase(0, 6);
        std::string geoid;
        if (census.size() == 10) {
            geoid = current_geoid(vintages, census, csv.where(r));
        } else {
            auto name = csv.get(r, "name");
            for (const char* suffix : {" Town city", " city", " town"})
                if (name.ends_with(suffix)) {
                    name.resize(name.size() - std::string_view(suffix).size());
                    break;
                }
            geoid = snap.resolve_town(name, csv.where(r));
        }
        auto& t = towns.at(geoid);
        if (!t.ocd_id.empty()) throw InputError(csv.where(r) + ": second OCD id for " + t.name);
        t.ocd_id = id;
    }
    for (const auto& [g, t] : towns)
        if (t.ocd_id.empty()) throw InputError(csv.file().string() + ": no OCD id for " + t.name);
}

// 2019-20 council and town meeting bodies spelled the MMA 2019 way.
bool same_body(const std::string& body_2019, const std::string& body_2026) {
    if (body_2019 == "Council" || body_2019 == "Aldermen") return body_2026.ends_with("Council");
    return body_2019 == body_2026;
}

void read_government_types(Snapshot& snap, Towns& towns) {
    auto csv = CsvTable::read(require_file(snap, std::string(kGovTypes) + "/government-2019-2020.csv"));
    SkipLog log(csv.file().filename().string());
    std::set<std::string> seen;
    for (const auto& r : csv.records()) {
        auto geoid = snap.resolve_town(trim(csv.get(r, "TOWN")), csv.where(r));
        if (!seen.insert(geoid).second) throw InputError(csv.where(r) + ": duplicate town");
        auto& t = towns.at(geoid);
        t.chief_executive_title = trim(csv.get(r, "Chief Municipal Official"));
        t.policy_board = trim(csv.get(r, "Policy Board"));
        for (auto [column, field] : {std::pair{"Policy Board Member Count", &t.policy_board_size},
                                     std::pair{"Legislative Body Member Count", &t.legislative_body_size}}) {
            auto text = trim(csv.get(r, column));
            if (text.empty()) continue;
            auto n = parse_count(text);
            if (!n) throw InputError(csv.where(r) + ": " + column + " '" + text + "' is not a count");
            *field = std::to_string(*n);
        }
        auto body_2019 = trim(csv.get(r, "Legislative Body"));
        if (!same_body(body_2019, t.legislative_body)) {
            // The 2019 size describes a body the town no longer has.
            t.legislative_body_size.clear();
            log.skip("legislative body changed since 2019-20, MMA 2026 kept and 2019 size dropped",
                     t.name + ": " + body_2019 + " -> " + t.legislative_body);
        }
    }
    for (const auto& [g, t] : towns)
        if (!seen.contains(g)) throw InputError(csv.file().string() + ": no row for " + t.name);
    log.flush(snap);
}

void read_massgis_ids(Snapshot& snap, Towns& towns, const std::map<std::string, std::string>& vintages) {
    auto csv = CsvTable::read(require_file(snap, std::string(kCtps) + "/muni_info.csv"));
    std::set<long> ids;
    for (const auto& r : csv.records()) {
        auto geoid = current_geoid(vintages, csv.get(r, "GEOID20"), csv.where(r));
        if (snap.resolve_town(csv.get(r, "TOWN"), csv.where(r)) != geoid)
            throw InputError(csv.where(r) + ": TOWN and GEOID20 name different towns");
        auto id = parse_count(csv.get(r, "TOWNID"));
        if (!id || *id < 1 || !ids.insert(*id).second)
            throw InputError(csv.where(r) + ": TOWNID missing, invalid or repeated");
        auto& t = towns.at(geoid);
        if (!t.massgis_town_id.empty()) throw InputError(csv.where(r) + ": duplicate town");
        t.massgis_town_id = std::to_string(*id);
    }
}

void add_municipalities(Snapshot& snap, const Towns& towns) {
    const auto& src = snap.source(kMma);
    for (const auto& [geoid, t] : towns)
        snap.add("municipalities", {{"geoid", geoid},
                                    {"name", t.name},
                                    {"kind", t.kind},
                                    {"county", t.county},
                                    {"ocd_id", t.ocd_id},
                                    {"population_2020", t.population_2020},
                                    {"legislative_body", t.legislative_body},
                                    {"form_of_government", t.form_of_government},
                                    {"chief_executive_title", t.chief_executive_title},
                                    {"policy_board", t.policy_board},
                                    {"policy_board_size", t.policy_board_size},
                                    {"legislative_body_size", t.legislative_body_size},
                                    {"website", t.website},
                                    {"massgis_town_id", t.massgis_town_id},
                                    {"source", src.id},
                                    {"as_of", src.as_of}});
}

// First element of a JSON string array, or "" when absent/empty.
std::string first_string(const rapidjson::Value& obj, const char* member, const std::string& at) {
    if (!obj.HasMember(member)) return "";
    const auto& v = obj[member];
    if (!v.IsArray()) throw InputError(at + ": '" + member + "' is not an array");
    if (v.Empty()) return "";
    if (!v[0].IsString()) throw InputError(at + ": '" + member + "' holds a non-string");
    return v[0].GetString();
}

void add_clerk_offices(Snapshot& snap) {
    auto file = require_file(snap, std::string(kClerks) + "/massachusetts_town_clerk_offices_2020-10-03.json");
    auto doc = geo::read_json(file);
    if (!doc.IsArray()) throw InputError(file.string() + ": expected a JSON array");
    const auto& src = snap.source(kClerks);
    std::set<std::string> seen;
    for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
        auto at = file.string() + ": record " + std::to_string(i + 1);
        const auto& rec = doc[i];
        auto locale = geo::json_string(rec, "locale", at);
        auto geoid = snap.resolve_town(locale, at);
        if (!seen.insert(geoid).second) throw InputError(at + ": second record for " + locale);
        auto phone = [&](const char* member) -> std::string {
            auto raw = first_string(rec, member, at);
            if (raw.empty()) return raw;
            auto formatted = geo::format_phone(raw);
            if (!formatted) throw InputError(at + ": " + member + " '" + raw + "' is not a phone number");
            return *formatted;
        };
        snap.add("clerk_offices", {{"geoid", geoid},
                                   {"address", geo::tidy_title_cased_address(geo::json_string(rec, "address", at))},
                                   {"phone", phone("phones")},
                                   {"fax", phone("faxes")},
                                   {"email", first_string(rec, "emails", at)},
                                   {"source", src.id},
                                   {"as_of", src.as_of}});
    }
}

void add_town_boundaries(Snapshot& snap, const Towns& towns,
                         const std::map<std::string, std::string>& vintages) {
    auto file = require_file(snap, std::string(kTownShapes) + "/ma_towns_cb_2020_25_cousub_500k.geojson");
    std::set<std::string> seen;
    geo::for_each_feature(file, [&](const std::string& at, const rapidjson::Value& p,
                                    const rapidjson::Value& geometry) {
        auto geoid = current_geoid(vintages, geo::json_string(p, "geoid", at), at);
        if (snap.resolve_town(geo::json_string(p, "town", at), at) != geoid)
            throw InputError(at + ": town name and geoid name different municipalities");
        if (!seen.insert(geoid).second) throw InputError(at + ": second feature for one town");
        // 'county' is really Census NAMELSAD; its last word is the city/town designation.
        auto lsad = geo::json_string(p, "county", at);
        const auto& t = towns.at(geoid);
        if (!lsad.ends_with(" " + t.kind))
            throw InputError(at + ": Census designation '" + lsad + "' disagrees with MMA kind " + t.kind);
        snap.add_boundary("town", geoid, t.name, geo::geometry_json(geometry, at));
    });
    for (const auto& [g, t] : towns)
        if (!seen.contains(g)) throw InputError(file.string() + ": no boundary for " + t.name);
}

// ---------------------------------------------------------------------------------------
// Place names (rules: datasets/rules/places.md)

enum class PlaceKind { Official, Alternate, Village, Postal };  // precedence order

const char* place_kind_code(PlaceKind k) {
    switch (k) {
    case PlaceKind::Official: return "official";
    case PlaceKind::Alternate: return "alternate";
    case PlaceKind::Village: return "village";
    case PlaceKind::Postal: return "postal";
    }
    return "?";
}

class PlaceNames {
public:
    // Adds (name, geoid) unless the same name key already names that town with an
    // equal or stronger kind; returns whether it was added.
    bool add(const std::string& name, const std::string& geoid, PlaceKind kind, const std::string& source) {
        auto key = std::make_pair(name_key(name), geoid);
        auto it = entries_.find(key);
        if (it != entries_.end() && it->second.kind <= kind) return false;
        entries_[key] = {name, kind, source};
        by_key_[key.first].insert(geoid);
        return true;
    }
    // The towns a name (key) already names, under any kind.
    std::set<std::string> towns(const std::string& name) const {
        auto it = by_key_.find(name_key(name));
        return it == by_key_.end() ? std::set<std::string>{} : it->second;
    }
    // The towns the name names as a village.
    std::set<std::string> village_towns(const std::string& name) const {
        std::set<std::string> out;
        for (const auto& g : towns(name))
            if (entries_.at({name_key(name), g}).kind == PlaceKind::Village) out.insert(g);
        return out;
    }
    // Names skipped because they point to several towns, kept to settle PO box ZIPs.
    void note_ambiguous(const std::string& name, const std::set<std::string>& geoids) {
        ambiguous_[name_key(name)].insert(geoids.begin(), geoids.end());
    }
    std::set<std::string> ambiguous_towns(const std::string& name) const {
        auto it = ambiguous_.find(name_key(name));
        return it == ambiguous_.end() ? std::set<std::string>{} : it->second;
    }
    void write(Snapshot& snap) const {
        for (const auto& [key, e] : entries_) {
            const auto& src = snap.source(e.source);
            snap.add("place_names", {{"name", e.name},
                                     {"geoid", key.second},
                                     {"kind", place_kind_code(e.kind)},
                                     {"source", src.id},
                                     {"as_of", src.as_of}});
        }
    }

private:
    struct Entry {
        std::string name;
        PlaceKind kind;
        std::string source;
    };
    std::map<std::pair<std::string, std::string>, Entry> entries_;
    std::map<std::string, std::set<std::string>> by_key_;
    std::map<std::string, std::set<std::string>> ambiguous_;
};

void add_official_and_alternate_names(const Snapshot& snap, const Towns& towns, PlaceNames& places) {
    for (const auto& [geoid, t] : towns) places.add(t.name, geoid, PlaceKind::Official, kMma);
    for (const auto& a : kAlternates)
        if (const auto* geoid = snap.find_town(a.official))
            places.add(a.name, *geoid, PlaceKind::Alternate, a.source);
}

// A village row's municipality, or nullopt (with the rule counted) when the row names
// no Massachusetts municipality or would shadow another town's official name.
std::optional<std::string> village_town(const Snapshot& snap, const std::string& name,
                                        const std::string& muni, const std::string& state,
                                        SkipLog& log) {
    const auto* geoid = state == "MA" ? snap.find_town(muni) : nullptr;
    if (!geoid) {
        log.skip("municipality is not one of the 351 (other state, Devens, a village, or a "
                 "misspelling such as 'North Hampton')", name + " -> " + muni + " " + state);
        return std::nullopt;
    }
    if (const auto* named = snap.find_town(name); named && *named != *geoid) {
        log.skip("name is an official or alternate name of another town (official names win)",
                 name + " -> " + muni);
        return std::nullopt;
    }
    return *geoid;
}

// MAPC's curated crosswalk: each neighborhood names one town.
void add_curated_villages(Snapshot& snap, PlaceNames& places) {
    auto csv = CsvTable::read(require_file(snap, std::string(kMapcKeys) + "/nbhd_muni_xw.csv"));
    SkipLog log(csv.file().filename().string());
    for (const auto& r : csv.records()) {
        auto name = trim(csv.get(r, "neighborhood"));
        if (name.empty()) throw InputError(csv.where(r) + ": empty neighborhood");
        if (auto geoid = village_town(snap, name, csv.get(r, "muni"), csv.get(r, "state"), log))
            places.add(name, *geoid, PlaceKind::Village, kMapcKeys);
    }
    log.flush(snap);
}

// The extended crosswalk mixes MassGIS and USPS alias lists; a name kept from it must
// name exactly one town there and must not contradict the curated list.
void add_extended_villages(Snapshot& snap, PlaceNames& places) {
    auto csv = CsvTable::read(require_file(snap, std::string(kMapcKeys) + "/neighborhood_muni_xw.csv"));
    SkipLog log(csv.file().filename().string());
    struct Row {
        std::string name, geoid;
    };
    std::vector<Row> rows;
    std::map<std::string, std::set<std::string>> towns_by_name;
    for (const auto& r : csv.records()) {
        auto name = trim(csv.get(r, "neighborhood"));
        if (name.empty()) throw InputError(csv.where(r) + ": empty neighborhood");
        auto geoid = village_town(snap, name, csv.get(r, "muni"), csv.get(r, "state"), log);
        if (!geoid) continue;
        rows.push_back({name, *geoid});
        towns_by_name[name_key(name)].insert(*geoid);
    }
    for (const auto& row : rows) {
        auto curated = places.village_towns(row.name);
        if (const auto& towns = towns_by_name[name_key(row.name)]; towns.size() > 1) {
            log.skip("name maps to several municipalities", row.name);
            places.note_ambiguous(row.name, towns);
        } else if (!curated.empty() && !curated.contains(row.geoid)) {
            log.skip("curated crosswalk names another town (curated wins)", row.name);
        } else {
            places.add(row.name, row.geoid, PlaceKind::Village, kMapcKeys);
        }
    }
    log.flush(snap);
}

// ---------------------------------------------------------------------------------------
// ZIP codes

struct ZipInfo {
    std::string zip, city, type, county;
};

// USPS calls ordinary delivery ZIPs "Non-Unique"; we say "Standard".
std::string zip_type(const std::string& raw, const std::string& at) {
    if (raw == "Non-Unique" || raw == "Standard") return "Standard";
    if (raw == "PO Box" || raw == "Unique") return raw;
    throw InputError(at + ": unknown zipType '" + raw + "'");
}

std::map<std::string, ZipInfo> read_zip_monster(Snapshot& snap) {
    auto file = require_file(snap, std::string(kZipMonster) + "/massachusetts_zipcodes.json");
    auto doc = geo::read_json(file);
    if (!doc.IsArray()) throw InputError(file.string() + ": expected a JSON array");
    std::map<std::string, ZipInfo> zips;
    for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
        auto at = file.string() + ": record " + std::to_string(i + 1);
        ZipInfo z{geo::json_string(doc[i], "zip", at), trim(geo::json_string(doc[i], "city", at)),
                  zip_type(geo::json_string(doc[i], "zipType", at), at),
                  geo::json_string(doc[i], "county", at)};
        if (geo::json_string(doc[i], "stateCode", at) != "MA")
            throw InputError(at + ": not a Massachusetts ZIP");
        if (!all_digits(z.zip, 5)) throw InputError(at + ": bad ZIP '" + z.zip + "'");
        if (z.city.empty()) throw InputError(at + ": empty city");
        if (zips.contains(z.zip)) throw InputError(at + ": duplicate ZIP " + z.zip);
        zips.emplace(z.zip, std::move(z));
    }
    return zips;
}

struct ZctaShare {
    std::string geoid;
    long pct;
};

// ZCTA -> towns by land share, largest first.
std::map<std::string, std::vector<ZctaShare>> read_zcta_shares(Snapshot& snap) {
    auto csv = CsvTable::read(require_file(snap, std::string(kZcta) + "/zcta_town_land_share.csv"));
    std::map<std::string, std::vector<ZctaShare>> zctas;
    for (const auto& r : csv.records()) {
        const auto& zcta = csv.get(r, "zcta");
        if (!all_digits(zcta, 5)) throw InputError(csv.where(r) + ": bad zcta '" + zcta + "'");
        auto pct = parse_count(csv.get(r, "pct_of_zcta_land"));
        if (!pct || *pct > 100) throw InputError(csv.where(r) + ": bad pct_of_zcta_land");
        auto geoid = snap.resolve_town(csv.get(r, "town"), csv.where(r));
        auto& shares = zctas[zcta];
        for (const auto& s : shares)
            if (s.geoid == geoid) throw InputError(csv.where(r) + ": duplicate ZCTA/town pair");
        shares.push_back({geoid, *pct});
    }
    for (auto& [z, shares] : zctas)
        std::stable_sort(shares.begin(), shares.end(),
                         [](const ZctaShare& a, const ZctaShare& b) { return a.pct > b.pct; });
    return zctas;
}

// Postal city -> towns. A city that is a town name is that town; otherwise the town
// holding most of the land of the ZIPs that carry the name; otherwise an unambiguous
// village name. Returns the empty set when none applies.
class PostalCities {
public:
    PostalCities(const Snapshot& snap, const PlaceNames& places,
                 const std::map<std::string, ZipInfo>& zips,
                 const std::map<std::string, std::vector<ZctaShare>>& zctas)
        : snap_(snap), places_(places) {
        for (const auto& [zip, z] : zips)
            if (auto it = zctas.find(zip); it != zctas.end() && !snap.find_town(z.city))
                primary_[name_key(z.city)].insert(it->second.front().geoid);
    }
    std::set<std::string> towns(const std::string& city) const {
        if (const auto* g = snap_.find_town(city)) return {*g};
        if (auto it = primary_.find(name_key(city)); it != primary_.end()) return it->second;
        return places_.village_towns(city);
    }

private:
    const Snapshot& snap_;
    const PlaceNames& places_;
    std::map<std::string, std::set<std::string>> primary_;
};

// A PO box ZIP whose postal city is a village of several towns: the one town among
// them in the ZIP's county (Woodville, Middlesex -> Hopkinton, not Leicester).
std::optional<std::string> town_by_county(const Towns& towns, const std::set<std::string>& candidates,
                                          const std::string& county) {
    std::optional<std::string> found;
    for (const auto& g : candidates) {
        if (towns.at(g).county != county) continue;
        if (found) return std::nullopt;
        found = g;
    }
    return found;
}

void add_zip_codes(Snapshot& snap, const Towns& town_info, PlaceNames& places) {
    auto zips = read_zip_monster(snap);
    auto zctas = read_zcta_shares(snap);
    PostalCities postal(snap, places, zips, zctas);
    SkipLog log("massachusetts_zipcodes.json");
    const auto& census = snap.source(kZcta);
    const auto& usps = snap.source(kZipMonster);
    for (const auto& [zcta, shares] : zctas) {
        auto it = zips.find(zcta);
        if (it == zips.end()) log.skip("ZCTA has no USPS record (type and postal city left empty)", zcta);
        for (const auto& s : shares)
            snap.add("zip_codes", {{"zip", zcta},
                                   {"geoid", s.geoid},
                                   {"land_share_pct", std::to_string(s.pct)},
                                   {"zip_type", it == zips.end() ? "" : it->second.type},
                                   {"postal_city", it == zips.end() ? "" : it->second.city},
                                   {"source", census.id},
                                   {"as_of", census.as_of}});
    }
    // Postal names first (they feed nothing else), then ZIPs with no ZCTA.
    std::set<std::string> postal_seen;
    for (const auto& [zip, z] : zips) {
        auto towns = postal.towns(z.city);
        bool has_zcta = zctas.contains(zip);
        if (towns.size() != 1 && !has_zcta) {
            auto candidates = towns.empty() ? places.ambiguous_towns(z.city) : towns;
            if (auto by_county = town_by_county(town_info, candidates, z.county)) {
                log.note("ZIP without ZCTA placed in the one town of its county that has a "
                         "village of its postal city's name",
                         zip + " " + z.city + " -> " + town_info.at(*by_county).name);
                towns = {*by_county};
            }
        }
        if (towns.empty() && postal_seen.insert(name_key(z.city)).second)
            log.skip("postal city is no town name, not the main town of a ZCTA and not a "
                     "village of one town (no postal name row)", z.city);
        for (const auto& g : towns) places.add(z.city, g, PlaceKind::Postal, kZipMonster);
        if (has_zcta) continue;
        if (towns.size() != 1) {
            log.skip("ZIP without ZCTA whose postal city does not name exactly one town "
                     "(not even within the ZIP's county)", zip + " " + z.city);
            continue;
        }
        snap.add("zip_codes", {{"zip", zip},
                               {"geoid", *towns.begin()},
                               {"zip_type", z.type},
                               {"postal_city", z.city},
                               {"source", usps.id},
                               {"as_of", usps.as_of}});
    }
    log.flush(snap);
}

// MAPC's single-town ZIP list has known errors, so it only checks the Census shares.
void cross_check_mapc_zips(Snapshot& snap, const std::map<std::string, std::vector<ZctaShare>>& zctas) {
    auto csv = CsvTable::read(require_file(snap, std::string(kMapcKeys) + "/zip_muni_xw.csv"));
    SkipLog log(csv.file().filename().string());
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& r : csv.records()) {
        const auto& zip = csv.get(r, "zip");
        const auto& muni = csv.get(r, "muni_name");
        if (!seen.insert({zip, muni}).second) continue;  // repeated rows carry nothing new
        const auto* geoid = snap.find_town(muni);
        auto it = zctas.find(zip);
        if (!geoid) {
            log.skip("MAPC town name unknown", zip + " " + muni);
        } else if (it == zctas.end()) {
            log.skip("ZIP has no Census ZCTA (MAPC row not used)", zip + " " + muni);
        } else if (std::none_of(it->second.begin(), it->second.end(),
                                [&](const ZctaShare& s) { return s.geoid == *geoid; })) {
            log.skip("MAPC town disagrees with the Census land shares (Census kept)",
                     zip + " " + muni + " vs " + snap.town_name(it->second.front().geoid));
        }
    }
    log.flush(snap);
}

}  // namespace

void import_municipal(Snapshot& snap, const Progress& progress) {
    progress("municipal: municipalities");
    add_sources(snap);
    auto towns = read_mma(snap);
    register_alternates(snap);
    auto vintages = read_geoid_vintages(snap, towns);
    read_population(snap, towns, vintages);
    read_ocd_ids(snap, towns, vintages);
    read_government_types(snap, towns);
    read_massgis_ids(snap, towns, vintages);
    add_municipalities(snap, towns);

    progress("municipal: clerk offices and town boundaries");
    add_clerk_offices(snap);
    add_town_boundaries(snap, towns, vintages);

    progress("municipal: place names and ZIP codes");
    PlaceNames places;
    add_official_and_alternate_names(snap, towns, places);
    add_curated_villages(snap, places);
    add_extended_villages(snap, places);
    add_zip_codes(snap, towns, places);
    cross_check_mapc_zips(snap, read_zcta_shares(snap));
    places.write(snap);
}

}  // namespace masscivic::import
