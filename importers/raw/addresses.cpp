// Street addresses: every MassGIS Level 3 parcel address point placed in its House,
// Senate, congressional and Governor's Council districts, then written as
//   address_district_sets  the distinct district sets points fall in;
//   address_streets        one row per street of a town (canonical key, display name,
//                          assessor spellings, point count, the set when the whole street has one);
//   address_ranges         per street and side, runs of house numbers sharing one set (and,
//                          where we have precinct polygons, one precinct), with the run's
//                          middle point as representative.
// Points outside their municipality, outside every district or without a usable location
// are counted in SOURCES.md and left out. Rules: datasets/rules/addresses.md.
#include "address_points.hpp"
#include "addresses.hpp"
#include "geo_index.hpp"
#include "geo_util.hpp"
#include "raw_to_snapshot.hpp"

#include "address.hpp"
#include "state_plane.hpp"
#include "street.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

namespace masscivic::import {

namespace {

using namespace addresses;
using server::GeoIndex;

// Same rule as the server's point lookup: boundary files leave slivers of ~10 m.
constexpr double kGapToleranceMetres = 30.0;
constexpr std::array<const char*, 4> kLayers = {"house", "senate", "congress", "governors_council"};
using DistrictIds = std::array<std::uint16_t, 4>;  // indices into Districts::ids per layer

enum class Fate : std::uint8_t { Kept, NoStreet, BadLocation, OutsideTown, OutsideDistricts };

struct PlacedPoint {
    std::uint32_t street = 0;  // index into FileResult::streets
    geocode::HouseNumber number;  // low == 0: no usable house number
    double lat = 0, lon = 0;
    DistrictIds districts{};
    std::uint16_t precinct = 0;  // 1 + index into Districts::precincts; 0: none (no polygons here)
    Fate fate = Fate::Kept;
};

struct FileResult {
    std::vector<std::string> streets;             // raw spellings, indexed by PlacedPoint::street
    std::vector<PlacedPoint> points;
    std::vector<std::string> located_town;        // for OutsideTown examples: where it fell
};

// Boundary ids per district layer, numbered, so that points carry small integers.
struct Districts {
    std::array<std::vector<std::string>, 4> ids;
    std::array<std::unordered_map<std::string, std::uint16_t>, 4> index;
    // Precinct polygons ("<GEOID>:<ward>-<precinct>", Cambridge only) and the towns they cover.
    std::vector<std::string> precincts;
    std::unordered_map<std::string, std::uint16_t> precinct_index;
    std::set<std::string> towns_with_precincts;
};

Districts number_districts(const std::vector<Snapshot::BoundaryFeature>& features) {
    Districts d;
    for (std::size_t l = 0; l < kLayers.size(); ++l) {
        for (const auto& f : features)
            if (f.layer == kLayers[l]) d.ids[l].push_back(f.id);
        std::sort(d.ids[l].begin(), d.ids[l].end());
        for (std::size_t i = 0; i < d.ids[l].size(); ++i) d.index[l][d.ids[l][i]] = static_cast<std::uint16_t>(i);
    }
    for (const auto& f : features)
        if (f.layer == "precinct") {
            d.precincts.push_back(f.id);
            d.towns_with_precincts.insert(f.id.substr(0, f.id.find(':')));
        }
    std::sort(d.precincts.begin(), d.precincts.end());
    for (std::size_t i = 0; i < d.precincts.size(); ++i)
        d.precinct_index[d.precincts[i]] = static_cast<std::uint16_t>(i + 1);
    return d;
}

// Massachusetts State Plane extent (with margin): anything else is a broken LOC_ID.
bool plausible_state_plane(double x, double y) {
    return x > 20000 && x < 360000 && y > 760000 && y < 980000;
}

FileResult place_file(const TownFile& file, const GeoIndex& geo, const Districts& districts) {
    FileResult out;
    std::unordered_map<std::string, std::uint32_t> street_index;
    for (auto& raw : read_town_file(file)) {
        PlacedPoint p;
        auto [it, added] = street_index.emplace(raw.street, static_cast<std::uint32_t>(out.streets.size()));
        if (added) out.streets.push_back(raw.street);
        p.street = it->second;
        if (auto n = geocode::parse_house_number(raw.number)) p.number = *n;
        if (geocode::street_key(raw.street).empty()) {
            p.fate = Fate::NoStreet;
        } else if (!plausible_state_plane(raw.x, raw.y)) {
            p.fate = Fate::BadLocation;
        } else {
            auto ll = geocode::state_plane_to_lonlat(raw.x, raw.y);
            p.lat = ll.lat, p.lon = ll.lon;
            auto town = geo.locate("town", p.lat, p.lon, kGapToleranceMetres);
            if (!town || town->id != file.geoid) {
                p.fate = Fate::OutsideTown;
                out.located_town.push_back(town ? town->id : "no town");
            } else {
                for (std::size_t l = 0; l < kLayers.size() && p.fate == Fate::Kept; ++l) {
                    auto hit = geo.locate(kLayers[l], p.lat, p.lon, kGapToleranceMetres);
                    if (!hit) p.fate = Fate::OutsideDistricts;
                    else p.districts[l] = districts.index[l].at(hit->id);
                }
                if (p.fate == Fate::Kept && districts.towns_with_precincts.contains(file.geoid))
                    if (auto hit = geo.locate("precinct", p.lat, p.lon, kGapToleranceMetres))
                        p.precinct = districts.precinct_index.at(hit->id);
            }
        }
        out.points.push_back(std::move(p));
    }
    return out;
}

// Places every file's points, on up to two threads (CI and this machine have two cores).
std::vector<FileResult> place_all(const std::vector<TownFile>& files, const GeoIndex& geo,
                                  const Districts& districts) {
    std::vector<FileResult> results(files.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::string> errors(files.size());
    auto work = [&] {
        for (std::size_t i; (i = next++) < files.size();) {
            try {
                results[i] = place_file(files[i], geo, districts);
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        }
    };
    unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    for (const auto& e : errors)
        if (!e.empty()) throw InputError(e);
    return results;
}

struct NumberedPoint {
    geocode::HouseNumber number;
    std::uint32_t set = 0;
    std::uint16_t precinct = 0;
    double lat = 0, lon = 0;
};

struct StreetAcc {
    std::set<std::string> spellings;
    std::set<std::uint32_t> sets;
    std::size_t points = 0;
    std::vector<NumberedPoint> numbered;
    int fiscal_year = 0;
};

std::string fixed5(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", v);
    return buf;
}

// Runs of one side: consecutive points (by house number) sharing one set and one precinct
// polygon (so that a run's representative point names the precinct of every point of it).
void write_runs(Snapshot& snap, const std::string& street_id, const char* side, std::vector<NumberedPoint> pts) {
    std::sort(pts.begin(), pts.end(), [](const NumberedPoint& a, const NumberedPoint& b) {
        return std::tie(a.number.low, a.set, a.precinct, a.number.high, a.lat, a.lon) <
               std::tie(b.number.low, b.set, b.precinct, b.number.high, b.lat, b.lon);
    });
    for (std::size_t b = 0; b < pts.size();) {
        std::size_t e = b;
        long high = pts[b].number.high;
        while (e < pts.size() && pts[e].set == pts[b].set && pts[e].precinct == pts[b].precinct)
            high = std::max(high, pts[e++].number.high);
        const auto& mid = pts[b + (e - b) / 2];
        snap.add("address_ranges", {{"street_id", street_id}, {"side", side},
                                    {"low", std::to_string(pts[b].number.low)}, {"high", std::to_string(high)},
                                    {"points", std::to_string(e - b)}, {"set_id", std::to_string(pts[b].set)},
                                    {"lat", fixed5(mid.lat)}, {"lon", fixed5(mid.lon)}});
        b = e;
    }
}

}  // namespace

void import_addresses(Snapshot& snap, const Progress& progress, AddressHoldout* holdout) {
    geo::add_folder_source(snap, {kParcels, "MassGIS Level 3 assessors' parcels: one address point per parcel "
                                  "(OpenAddresses preparation)",
                                  "https://github.com/albert-decatur/openaddress-ma-sources", "Public Domain",
                                  "2014-08-22", "parcel data of fiscal years 2011-2015; no Boston, Easthampton, "
                                  "Gosnold, New Ashford, Russell, Tyringham"});
    auto files = list_town_files(snap);
    progress("placing parcel address points of " + std::to_string(files.size()) + " towns");
    auto features = snap.boundary_features();
    std::vector<GeoIndex::Feature> geo_features;
    for (const auto& f : features) geo_features.push_back({f.layer, f.id, f.geometry_json});
    auto geo = GeoIndex::from_features(geo_features);
    auto districts = number_districts(features);
    auto results = place_all(files, *geo, districts);

    // District sets, numbered in the order of their ids (so the numbering is reproducible).
    std::map<DistrictIds, std::uint32_t> set_ids;
    for (const auto& r : results)
        for (const auto& p : r.points)
            if (p.fate == Fate::Kept) set_ids.emplace(p.districts, 0);
    std::map<std::array<std::string, 4>, DistrictIds> by_name;
    for (const auto& [ids, unused] : set_ids) {
        std::array<std::string, 4> names;
        for (std::size_t l = 0; l < 4; ++l) names[l] = districts.ids[l][ids[l]];
        by_name.emplace(names, ids);
    }
    std::uint32_t next_set = 1;
    for (const auto& [names, ids] : by_name) {
        set_ids[ids] = next_set;
        snap.add("address_district_sets", {{"set_id", std::to_string(next_set++)}, {"house_id", names[0]},
                                           {"senate_id", names[1]}, {"congress_id", names[2]},
                                           {"governors_council_id", names[3]}});
    }

    // Streets per town, by canonical key.
    geo::SkipLog log{std::string(kParcels)};
    std::map<std::pair<std::string, std::string>, StreetAcc> streets;
    std::size_t numbered_seen = 0;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const auto& r = results[f];
        const auto town = files[f].path.parent_path().filename().string() + "/" + files[f].path.filename().string();
        std::vector<std::string> keys;
        for (const auto& s : r.streets) keys.push_back(geocode::street_key(s));
        std::size_t outside = 0;
        for (const auto& p : r.points) {
            const auto& raw = r.streets[p.street];
            auto example = town + " " + p.number.text + (p.number.text.empty() ? "" : " ") + raw;
            switch (p.fate) {
            case Fate::NoStreet: log.skip("points without a street name", example); continue;
            case Fate::BadLocation: log.skip("points whose x/y lie outside Massachusetts", example); continue;
            case Fate::OutsideTown:
                log.skip("points outside their municipality's boundary",
                         example + " -> " + r.located_town[outside++]);
                continue;
            case Fate::OutsideDistricts: log.skip("points outside every district of a chamber", example); continue;
            case Fate::Kept: break;
            }
            auto& acc = streets[{files[f].geoid, keys[p.street]}];
            acc.fiscal_year = files[f].fiscal_year;
            acc.spellings.insert(raw);
            acc.points++;
            const auto set = set_ids.at(p.districts);
            acc.sets.insert(set);
            if (p.number.low == 0) {
                log.note("points without a house number (they count for their street, not for ranges)", example);
                continue;
            }
            if (holdout && holdout->every && ++numbered_seen % holdout->every == 0) {
                holdout->points.push_back({files[f].geoid, raw, p.number.text, p.number.low,
                                           districts.ids[0][p.districts[0]], districts.ids[1][p.districts[1]]});
                continue;
            }
            acc.numbered.push_back({p.number, set, p.precinct, p.lat, p.lon});
        }
    }
    log.flush(snap);

    progress("writing " + std::to_string(streets.size()) + " streets and their address ranges");
    const auto& source = snap.source(kParcels).id;
    std::size_t street_id = 0;
    for (auto& [key, acc] : streets) {
        auto id = std::to_string(++street_id);
        std::string spellings;
        for (const auto& s : acc.spellings) spellings += (spellings.empty() ? "" : "|") + s;
        snap.add("address_streets", {{"street_id", id}, {"geoid", key.first}, {"street_key", key.second},
                                     {"display_name", geocode::display_street(key.second)},
                                     {"spellings", spellings}, {"points", std::to_string(acc.points)},
                                     {"set_id", acc.sets.size() == 1 ? std::to_string(*acc.sets.begin()) : ""},
                                     {"fiscal_year", std::to_string(acc.fiscal_year)}, {"source", source}});
        std::vector<NumberedPoint> odd, even;
        for (const auto& p : acc.numbered) (p.number.low % 2 ? odd : even).push_back(p);
        write_runs(snap, id, "odd", std::move(odd));
        write_runs(snap, id, "even", std::move(even));
    }
}

}  // namespace masscivic::import
