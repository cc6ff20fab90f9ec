// Districts of the 2021 plans (House, Senate, Congress, Governor's Council), their name
// spellings and boundaries, and the precinct -> district crosswalk checked against the
// 2024 returns. Rules: datasets/rules/places.md.
#include "geo_util.hpp"
#include "raw_to_snapshot.hpp"
#include "text.hpp"

#include <shapefil.h>

#include <algorithm>
#include <array>
#include <memory>
#include <set>

namespace masscivic::import {

namespace {

using geo::require_file;

constexpr const char* kGeometry = "bwbensonjr-mapoli-district-geometry-2021";
constexpr const char* kCrosswalk = "bwbensonjr-ma-wards-precincts-2022";
constexpr const char* kMedsl = "medsl-2024-ma-precinct-general";
constexpr const char* kOcd = "ocd-division-ids-ma-districts";
constexpr const char* kOcdLocal = "ocd-division-ids-ma";
constexpr const char* kOcdState = "ocd-division/country:us/state:ma/";

constexpr std::array<Chamber, 4> kChambers = {Chamber::House, Chamber::Senate, Chamber::Congress,
                                              Chamber::GovernorsCouncil};

void add_sources(Snapshot& snap) {
    using geo::add_folder_source;
    add_folder_source(snap, {kGeometry, "MassGIS boundaries of the 2021 House, Senate, congressional "
                             "and Governor's Council plans (lon/lat copies)",
                             "https://github.com/bwbensonjr/mapoli", "none stated (MassGIS public data)",
                             "2024-08-07", "plans in force since the 2022 elections"});
    add_folder_source(snap, {kCrosswalk, "Precinct to district crosswalk for the 2021 plans; "
                             "Secretary of the Commonwealth sub-precincts",
                             "https://github.com/bwbensonjr/ma-wards-precincts",
                             "none stated (public election records)", "2022-11-08",
                             "districts as on the 2022-11-08 ballot; sub-precincts of 2022-08-19"});
    add_folder_source(snap, {kMedsl, "MIT Election Lab 2024 general election returns by precinct (MA)",
                             "https://github.com/MEDSL/2024-elections-official", "none stated",
                             "2024-11-05", "used to check the 2022 crosswalk"});
    // The district OCD lists share the municipal importer's source row for their folder.
    add_folder_source(snap, {kOcdLocal, "Open Civic Data division ids: Massachusetts local government",
                             "https://github.com/opencivicdata/ocd-division-ids", "CC0-1.0",
                             "2025-07-09", ""});
}

// --------------------------------------------------------------------------------------
// OCD ids

struct OcdDivision {
    std::string id, name;
};

// Current OCD ids of one chamber (id -> OCD name): retired ids (validThrough set or
// "(obsolete)" in the name) are left out.
std::map<std::string, std::string> read_current_ocd(Snapshot& snap, Chamber chamber) {
    if (chamber == Chamber::GovernorsCouncil) {
        // No header in this file: the first line is a record too.
        auto file = require_file(snap, std::string(kOcdLocal) + "/state-ma-local_gov.csv");
        auto csv = CsvTable::read(file);
        std::vector<std::vector<std::string>> rows = {csv.header()};
        for (const auto& r : csv.records()) rows.push_back(r.fields);
        std::map<std::string, std::string> ids;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].size() != 2) throw InputError(where(file, i + 1) + ": want id,name");
            if (rows[i][0].find("/governors_council:") != std::string::npos)
                ids.emplace(rows[i][0], rows[i][1]);
        }
        return ids;
    }
    const char* name = chamber == Chamber::House    ? "/us_sldl_MA.csv"
                       : chamber == Chamber::Senate ? "/us_sldu_MA.csv"
                                                    : "/us_congressional_districts_MA.csv";
    auto csv = CsvTable::read(require_file(snap, std::string(kOcd) + name));
    std::map<std::string, std::string> ids;
    for (const auto& r : csv.records()) {
        const auto& id = csv.get(r, "id");
        const auto& label = csv.get(r, "name");
        if (!id.starts_with(kOcdState)) throw InputError(csv.where(r) + ": not a Massachusetts OCD id");
        if (!csv.get(r, "validThrough").empty() || label.find("(obsolete)") != std::string::npos)
            continue;
        if (!ids.emplace(id, label).second) throw InputError(csv.where(r) + ": duplicate id");
    }
    return ids;
}

// "Massachusetts 37th Middlesex district" -> "37th Middlesex"; the spelling other
// sources use for the same district.
std::string ocd_short_name(std::string name) {
    for (const char* prefix : {"Massachusetts's ", "Massachusetts "})
        if (name.starts_with(prefix)) name.erase(0, std::string_view(prefix).size());
    if (name.ends_with(" district")) name.resize(name.size() - 9);
    return name;
}

// --------------------------------------------------------------------------------------
// Districts and their spellings

struct District {
    std::string ocd_id, name, display_name;
    long number = 0;
};

class DistrictNames {
public:
    explicit DistrictNames(Snapshot& snap) : snap_(snap) {}
    // Records a spelling seen in `source` and teaches the resolver about it.
    void add(Chamber chamber, const std::string& ocd_id, const std::string& spelling,
             const std::string& source) {
        auto name = trim(spelling);
        if (name.empty()) return;
        snap_.register_district_name(chamber, name, ocd_id);
        rows_.emplace(std::make_pair(ocd_id, name), source);
    }
    void write() const {
        for (const auto& [key, source] : rows_)
            snap_.add("district_names", {{"ocd_id", key.first}, {"name", key.second}, {"source", source}});
    }

private:
    Snapshot& snap_;
    std::map<std::pair<std::string, std::string>, std::string> rows_;  // first source wins
};

const char* geometry_file(Chamber c) {
    switch (c) {
    case Chamber::House: return "/wgs84/house2021_wgs84.geojson";
    case Chamber::Senate: return "/wgs84/senate2021_wgs84.geojson";
    case Chamber::Congress: return "/wgs84/congressma118_wgs84.geojson";
    case Chamber::GovernorsCouncil: return "/wgs84/govcouncil2021_wgs84.geojson";
    }
    return "";
}

// The OCD id a boundary feature belongs to; it must be a current id of the chamber.
std::string feature_ocd_id(Chamber chamber, const std::string& district, long number,
                           const std::map<std::string, std::string>& current, const std::string& at) {
    std::string id = kOcdState;
    switch (chamber) {
    case Chamber::House: id += "sldl:" + ocd_district_slug(district); break;
    case Chamber::Senate: id += "sldu:" + ocd_district_slug(district); break;
    case Chamber::Congress: id += "cd:" + std::to_string(number); break;
    case Chamber::GovernorsCouncil: id += "governors_council:" + std::to_string(number); break;
    }
    if (!current.contains(id))
        throw InputError(at + ": district '" + district + "' -> " + id + ", which is not a current OCD id");
    return id;
}

// Official and display names (see places.md).
District make_district(Chamber chamber, const std::string& ocd_id, const std::string& district,
                       const std::string& display, long number) {
    District d{ocd_id, "", "", number};
    auto n = std::to_string(number);
    switch (chamber) {
    case Chamber::House:
        d.name = display;
        d.display_name = display + " District";
        break;
    case Chamber::Senate:
        d.name = district;
        d.display_name = district + " District";
        break;
    case Chamber::Congress:
        d.name = d.display_name = display;
        break;
    case Chamber::GovernorsCouncil:
        d.name = d.display_name = "Governor's Council District " + n;
        break;
    }
    return d;
}

long feature_number(const rapidjson::Value& props, const std::string& at) {
    if (!props.HasMember("district_num") || !props["district_num"].IsInt64())
        throw InputError(at + ": district_num must be an integer");
    auto n = props["district_num"].GetInt64();
    if (n < 1 || n > 1000) throw InputError(at + ": district_num out of range");
    return static_cast<long>(n);
}

void import_chamber(Snapshot& snap, Chamber chamber, DistrictNames& names) {
    auto current = read_current_ocd(snap, chamber);
    auto file = require_file(snap, std::string(kGeometry) + geometry_file(chamber));
    const auto& src = snap.source(kGeometry);
    std::set<std::string> seen_ids;
    std::set<long> seen_numbers;
    geo::for_each_feature(file, [&](const std::string& at, const rapidjson::Value& p,
                                    const rapidjson::Value& geometry) {
        auto district = geo::json_string(p, "district", at);
        auto display = geo::json_string(p, "district_display", at);
        auto number = feature_number(p, at);
        auto id = feature_ocd_id(chamber, district, number, current, at);
        if (!seen_ids.insert(id).second || !seen_numbers.insert(number).second)
            throw InputError(at + ": second feature for district " + id);
        auto d = make_district(chamber, id, district, display, number);
        snap.add("districts", {{"ocd_id", id},
                               {"chamber", chamber_code(chamber)},
                               {"name", d.name},
                               {"display_name", d.display_name},
                               {"number", std::to_string(number)},
                               {"source", src.id},
                               {"as_of", src.as_of}});
        snap.add_boundary(chamber_code(chamber), id, d.name, geo::geometry_json(geometry, at));
        for (const auto& spelling : {district, display, d.name, d.display_name})
            names.add(chamber, id, spelling, kGeometry);
        const auto& ocd_source = chamber == Chamber::GovernorsCouncil ? kOcdLocal : kOcd;
        names.add(chamber, id, current.at(id), ocd_source);
        if (chamber == Chamber::House || chamber == Chamber::Senate)
            names.add(chamber, id, ocd_short_name(current.at(id)), ocd_source);
        if (chamber == Chamber::Congress || chamber == Chamber::GovernorsCouncil)
            names.add(chamber, id, std::to_string(number), kCrosswalk);
    });
    for (const auto& [id, label] : current)
        if (!seen_ids.contains(id))
            throw InputError(file.string() + ": no boundary for current district " + id + " (" + label + ")");
}

// --------------------------------------------------------------------------------------
// Precincts

struct PrecinctKey {
    std::string geoid, ward, precinct;
    auto operator<=>(const PrecinctKey&) const = default;
};

using DistrictSet = std::array<std::string, 4>;  // OCD ids in kChambers order

// "08" -> "8", "06A" -> "6A": Boston's sub-precinct file pads numbers with zeros.
std::string strip_leading_zeros(std::string s) {
    while (s.size() > 1 && s[0] == '0' && std::isdigit(static_cast<unsigned char>(s[1]))) s.erase(0, 1);
    return s;
}

struct Crosswalk {
    std::map<PrecinctKey, DistrictSet> precincts;
    std::set<std::string> towns_with_wards;  // GEOIDs
};

Crosswalk read_crosswalk(Snapshot& snap, DistrictNames& names) {
    auto csv = CsvTable::read(require_file(snap, std::string(kCrosswalk) + "/ma_districts_precincts_2022.csv"));
    static constexpr std::array<const char*, 4> columns = {"State_Rep", "State_Senate", "US_House",
                                                           "Gov_Council"};
    Crosswalk cw;
    for (const auto& r : csv.records()) {
        auto geoid = snap.resolve_town(csv.get(r, "city_town"), csv.where(r));
        auto ward = trim(csv.get(r, "Ward"));
        if (ward == "-") ward.clear();
        auto precinct = trim(csv.get(r, "Pct"));
        if (precinct.empty()) throw InputError(csv.where(r) + ": empty precinct");
        DistrictSet ids;
        for (std::size_t c = 0; c < kChambers.size(); ++c) {
            const auto& name = csv.get(r, columns[c]);
            ids[c] = snap.resolve_district(kChambers[c], name, csv.where(r));
            names.add(kChambers[c], ids[c], name, kCrosswalk);
        }
        if (!ward.empty()) cw.towns_with_wards.insert(geoid);
        if (!cw.precincts.emplace(PrecinctKey{geoid, ward, precinct}, ids).second)
            throw InputError(csv.where(r) + ": duplicate precinct " + csv.get(r, "city_town") + " " +
                             (ward.empty() ? "" : "ward " + ward + " ") + "precinct " + precinct);
    }
    return cw;
}

struct DbfCloser {
    void operator()(DBFInfo* h) const { DBFClose(h); }
};

// The Secretary of the Commonwealth's sub-precincts, as crosswalk keys. A sub-precinct
// that the crosswalk does not list separately is counted in the import notes.
std::set<PrecinctKey> read_sub_precincts(Snapshot& snap, const Crosswalk& cw) {
    auto file = require_file(snap, std::string(kCrosswalk) + "/sub_pct_shp/MA-SubPrecincts_8.19.22_Output.dbf");
    std::unique_ptr<DBFInfo, DbfCloser> dbf(DBFOpen(file.c_str(), "rb"));
    if (!dbf) throw InputError(file.string() + ": not a readable DBF file");
    int parent_field = DBFGetFieldIndex(dbf.get(), "CTWP_ID");
    int sub_field = DBFGetFieldIndex(dbf.get(), "SubPrecinc");
    if (parent_field < 0 || sub_field < 0)
        throw InputError(file.string() + ": needs fields CTWP_ID and SubPrecinc");
    geo::SkipLog log(file.filename().string());
    std::set<PrecinctKey> subs;
    int records = DBFGetRecordCount(dbf.get());
    for (int i = 0; i < records; ++i) {
        auto at = file.string() + ": record " + std::to_string(i + 1);
        if (DBFIsRecordDeleted(dbf.get(), i)) continue;
        // shapelib returns a buffer the next read overwrites: copy at once.
        auto read = [&](int field) {
            const char* value = DBFReadStringAttribute(dbf.get(), i, field);
            if (!value) throw InputError(at + ": unreadable record");
            return trim(value);
        };
        auto parent = read(parent_field);
        auto sub = read(sub_field);
        if (first_invalid_utf8(parent) || first_invalid_utf8(sub)) throw InputError(at + ": invalid UTF-8");
        auto space = parent.rfind(' ');
        if (space == std::string::npos || sub.empty()) throw InputError(at + ": want 'Town precinct'");
        auto town = parent.substr(0, space);
        // Census "Town city" names ("Braintree Town") appear here.
        if (!snap.find_town(town) && town.ends_with(" Town")) town.resize(town.size() - 5);
        PrecinctKey key{snap.resolve_town(town, at), "", sub};
        if (auto dash = sub.find('-'); dash != std::string::npos) {
            key.ward = strip_leading_zeros(sub.substr(0, dash));
            key.precinct = strip_leading_zeros(sub.substr(dash + 1));
        } else if (cw.towns_with_wards.contains(key.geoid)) {
            // "3A1" in a town with wards: ward 3, precinct A1 (Chicopee).
            auto digits = sub.find_first_not_of("0123456789");
            if (digits == 0 || digits == std::string::npos) throw InputError(at + ": no ward in '" + sub + "'");
            key.ward = sub.substr(0, digits);
            key.precinct = sub.substr(digits);
        }
        if (!cw.precincts.contains(key))
            log.skip("sub-precinct not listed separately in the 2022 crosswalk (its parent precinct "
                     "carries the districts)", parent + " / " + sub);
        else if (!subs.insert(key).second)
            log.skip("repeated record of one sub-precinct (a multi-part shape; counted once)",
                     parent + " / " + sub);
    }
    log.flush(snap);
    return subs;
}

// MEDSL abbreviates some town names: "E. Longmeadow", "N. Adams", "S. Hadley", "W. Springfield".
std::vector<std::string> medsl_words(const std::string& precinct) {
    std::vector<std::string> words;
    for (const auto& w : split(precinct, ' '))
        if (!w.empty()) words.push_back(w);
    if (!words.empty()) {
        static const std::map<std::string, std::string> prefixes = {
            {"E.", "East"}, {"N.", "North"}, {"S.", "South"}, {"W.", "West"}};
        if (auto it = prefixes.find(words[0]); it != prefixes.end()) words[0] = it->second;
    }
    return words;
}

// "<Town> [<Ward>] <Precinct>": the longest run of leading words that names a town,
// then one or two words. nullopt when no reading works.
std::optional<PrecinctKey> parse_medsl_precinct(const Snapshot& snap, const std::string& text) {
    auto words = medsl_words(text);
    for (std::size_t n = words.size() - std::min<std::size_t>(words.size(), 1); n >= 1; --n) {
        std::string town;
        for (std::size_t i = 0; i < n; ++i) town += (i ? " " : "") + words[i];
        const auto* geoid = snap.find_town(town);
        if (!geoid) continue;
        auto rest = words.size() - n;
        if (rest == 1) return PrecinctKey{*geoid, "", words[n]};
        if (rest == 2) return PrecinctKey{*geoid, words[n], words[n + 1]};
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::size_t> medsl_office(const std::string& office) {
    static const std::map<std::string, std::size_t> offices = {
        {"STATE HOUSE", 0}, {"STATE SENATE", 1}, {"US HOUSE", 2}, {"GOVERNORS COUNCIL", 3}};
    auto it = offices.find(office);
    if (it == offices.end()) return std::nullopt;
    return it->second;
}

std::map<PrecinctKey, DistrictSet> read_medsl(Snapshot& snap, DistrictNames& names) {
    auto csv = CsvTable::read(
        require_file(snap, std::string(kMedsl) + "/ma24_state_house_senate_us_house_govcouncil.csv"));
    std::map<PrecinctKey, DistrictSet> keys;
    for (const auto& r : csv.records()) {
        const auto& text = csv.get(r, "precinct");
        auto key = parse_medsl_precinct(snap, text);
        if (!key) throw InputError(csv.where(r) + ": cannot read precinct '" + text + "' as <town> [<ward>] <precinct>");
        auto office = medsl_office(csv.get(r, "office"));
        if (!office) throw InputError(csv.where(r) + ": unexpected office '" + csv.get(r, "office") + "'");
        const auto& name = csv.get(r, "district");
        // US House districts are written "001".."009".
        auto spelling = *office == 2 ? strip_leading_zeros(name) : name;
        auto id = snap.resolve_district(kChambers[*office], spelling, csv.where(r));
        names.add(kChambers[*office], id, name, kMedsl);
        auto& slot = keys[*key][*office];
        if (!slot.empty() && slot != id)
            throw InputError(csv.where(r) + ": precinct '" + text + "' has two " +
                             chamber_code(kChambers[*office]) + " districts");
        slot = id;
    }
    return keys;
}

std::string describe(const DistrictSet& ids) {
    std::string out;
    for (std::size_t c = 0; c < ids.size(); ++c)
        out += (c ? ", " : "") + std::string(chamber_code(kChambers[c])) + " " +
               (ids[c].empty() ? "?" : ids[c].substr(ids[c].rfind(':') + 1));
    return out;
}

void add_crosscheck(Snapshot& snap, const PrecinctKey& k, const char* finding, const std::string& detail) {
    snap.add("precinct_crosscheck", {{"geoid", k.geoid},
                                     {"ward", k.ward},
                                     {"precinct", k.precinct},
                                     {"finding", finding},
                                     {"detail", detail},
                                     {"source", kMedsl}});
}

void add_precincts(Snapshot& snap, const Crosswalk& cw, const std::set<PrecinctKey>& subs,
                   const std::map<PrecinctKey, DistrictSet>& medsl) {
    const auto& src = snap.source(kCrosswalk);
    for (const auto& [k, ids] : cw.precincts) {
        auto in_2024 = medsl.find(k);
        snap.add("precincts", {{"geoid", k.geoid},
                               {"ward", k.ward},
                               {"precinct", k.precinct},
                               {"is_sub_precinct", subs.contains(k) ? "1" : "0"},
                               {"house_id", ids[0]},
                               {"senate_id", ids[1]},
                               {"congress_id", ids[2]},
                               {"governors_council_id", ids[3]},
                               {"in_2024", in_2024 == medsl.end() ? "0" : "1"},
                               {"source", src.id},
                               {"as_of", src.as_of}});
        if (in_2024 == medsl.end()) {
            add_crosscheck(snap, k, "only_2022", "not in the 2024 returns; 2022: " + describe(ids));
            continue;
        }
        for (std::size_t c = 0; c < ids.size(); ++c)
            if (in_2024->second[c] != ids[c])
                add_crosscheck(snap, k, "district_differs",
                               std::string(chamber_code(kChambers[c])) + ": 2022 " + ids[c] +
                                   ", 2024 " + in_2024->second[c]);
    }
    for (const auto& [k, ids] : medsl)
        if (!cw.precincts.contains(k))
            add_crosscheck(snap, k, "only_2024", "not in the 2022 crosswalk; 2024: " + describe(ids));
}

}  // namespace

void import_districts(Snapshot& snap, const Progress& progress) {
    add_sources(snap);
    DistrictNames names(snap);
    for (auto chamber : kChambers) {
        progress(std::string("districts: ") + chamber_code(chamber));
        import_chamber(snap, chamber, names);
    }
    progress("districts: precincts");
    auto crosswalk = read_crosswalk(snap, names);
    auto subs = read_sub_precincts(snap, crosswalk);
    progress("districts: 2024 precinct check");
    auto medsl = read_medsl(snap, names);
    add_precincts(snap, crosswalk, subs, medsl);
    names.write();
}

}  // namespace masscivic::import
