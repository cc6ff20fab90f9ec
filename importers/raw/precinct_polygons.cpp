// Precinct polygons: the only ones we have are the City of Cambridge's 2021 wards and
// sub-precincts (42 polygons). Each becomes a feature of boundaries/precinct.geojson with id
// "<GEOID>:<ward>-<precinct>" naming a row of the crosswalk's precincts table (a
// sub-precinct "1-2A" is the crosswalk's Ward 1 Precinct 2A row). Rules:
// datasets/rules/places.md, "Precinct polygons".
#include "geo_util.hpp"
#include "raw_to_snapshot.hpp"
#include "text.hpp"

#include <set>

namespace masscivic::import {

namespace {

constexpr const char* kCambridgeGis = "cambridgegis-elections-landmarks";

}  // namespace

std::string precinct_boundary_id(const std::string& geoid, const std::string& ward,
                                 const std::string& precinct) {
    return geoid + ":" + (ward.empty() ? "" : ward + "-") + precinct;
}

void import_precinct_polygons(Snapshot& snap, const Progress& progress) {
    progress("precinct polygons: Cambridge");
    geo::add_folder_source(snap, {kCambridgeGis, "City of Cambridge GIS: 2021 wards and sub-precincts "
                                  "(polygons), polling places, municipal buildings, libraries",
                                  "https://github.com/cambridgegis/cambridgegis_data", "PDDL-1.0",
                                  "2022-05-04", "precinct polygons of Cambridge only; the points are "
                                  "used by tests"});
    auto file = geo::require_file(snap, std::string(kCambridgeGis) + "/ELECTIONS_WardsSubPrecincts.geojson");
    const auto geoid = snap.resolve_town("Cambridge", file.string());
    // The polygons must name exactly the crosswalk's Cambridge precincts, no more, no fewer.
    std::set<std::pair<std::string, std::string>> crosswalk;
    for (const auto& r : snap.rows("precincts"))
        if (r.at("geoid") == geoid) crosswalk.emplace(r.at("ward"), r.at("precinct"));
    if (crosswalk.empty()) throw InputError(file.string() + ": the crosswalk has no Cambridge precincts");
    std::set<std::pair<std::string, std::string>> seen;
    geo::for_each_feature(file, [&](const std::string& at, const rapidjson::Value& p,
                                    const rapidjson::Value& geometry) {
        auto ward = trim(geo::json_string(p, "Ward", at));
        auto precinct = trim(geo::json_string(p, "PrecinctSubPrecinct", at));
        auto label = trim(geo::json_string(p, "WardPrecinctSubPrecinct", at));
        if (label != ward + "-" + precinct)
            throw InputError(at + ": WardPrecinctSubPrecinct '" + label + "' is not Ward-PrecinctSubPrecinct");
        if (!crosswalk.contains({ward, precinct}))
            throw InputError(at + ": Ward " + ward + " Precinct " + precinct +
                             " is not a Cambridge precinct of the crosswalk");
        if (!seen.emplace(ward, precinct).second) throw InputError(at + ": second polygon for " + label);
        snap.add_boundary("precinct", precinct_boundary_id(geoid, ward, precinct),
                          "Cambridge Ward " + ward + " Precinct " + precinct,
                          geo::geometry_json(geometry, at));
    });
    for (const auto& [ward, precinct] : crosswalk)
        if (!seen.contains({ward, precinct}))
            throw InputError(file.string() + ": no polygon for the crosswalk's Cambridge Ward " + ward +
                             " Precinct " + precinct);
    std::size_t subs = 0;
    for (const auto& r : snap.rows("precincts"))
        if (r.at("geoid") == geoid && r.at("is_sub_precinct") == "1") ++subs;
    snap.report("Precinct polygons",
                "Cambridge: " + std::to_string(seen.size()) + " ward/precinct polygons of 2021 (" +
                    std::to_string(subs) + " of them sub-precincts), each one Cambridge row of the 2022 "
                    "crosswalk (" + kCambridgeGis + ", boundaries/precinct.geojson); no other town "
                    "has precinct polygons");
}

}  // namespace masscivic::import
