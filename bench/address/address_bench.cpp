// masscivic-address-bench: street address -> districts in process (the Lookup facade, as
// /v1/lookup?address= answers, JSON excluded) on addresses drawn from the raw parcel data.
//   masscivic-address-bench DB ADDRESSES [ANSWERS_OUT]
// ADDRESSES: lines "lon lat<TAB>text" (bench/address/sample.py). Each answer is checked
// against the House and Senate districts of the parcel's own point (GeoIndex, 30 m rule).
// Prints key=value lines: ns_per_address, exact, exact_same_house_senate, ambiguous,
// suggestions, errors, total; then the geocoder alone (what PostGIS is compared with in
// bench/postgis/address.sh): parse, town, street, number -> district set -> House and Senate,
// without building the answer: geocode_ns_per_address, geocode_exact, geocode_same_as_facade. ANSWERS_OUT, when given, gets one line per input line
// "LINE<TAB>HOUSE<TAB>SENATE" (0-based line number, OCD ids of an exact answer, "-" otherwise),
// written after the timed loop, for the comparison with PostGIS (bench/postgis/address.sh).
#include "geo_index.hpp"
#include "lookup.hpp"
#include "lookup_load.hpp"
#include "resolve.hpp"
#include "sqlite.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace masscivic::server;
namespace geocode = masscivic::geocode;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::cerr << "usage: masscivic-address-bench DB ADDRESSES [ANSWERS_OUT]\n";
        return 2;
    }
    struct Row {
        double lon = 0, lat = 0;
        std::string text;
        std::size_t line = 0;
    };
    std::vector<Row> rows;
    std::ifstream in(argv[2]);
    std::size_t line_no = 0;
    for (std::string line; std::getline(in, line); ++line_no) {
        auto tab = line.find('\t');
        auto space = line.find(' ');
        if (tab == std::string::npos || space > tab) continue;
        rows.push_back({std::stod(line.substr(0, space)), std::stod(line.substr(space + 1, tab - space - 1)),
                        line.substr(tab + 1), line_no});
    }
    if (rows.empty()) {
        std::cerr << "no addresses in " << argv[2] << "\n";
        return 2;
    }
    auto lookup = Lookup::open({argv[1], {}});
    auto db = masscivic::Database::open(argv[1], masscivic::Database::Mode::ReadOnly);
    auto geo = GeoIndex::load(db);

    // Each answer is checked and dropped right away (as the server does): keeping all of them
    // made the timed loop mostly page faults. Only the lookup() call itself is timed.
    Clock::duration timed{};
    std::size_t exact = 0, same = 0, ambiguous = 0, suggestions = 0, errors = 0;
    // House and Senate ids of each exact answer (small strings: kept, unlike whole answers).
    std::vector<std::pair<std::string, std::string>> picked(argc == 4 ? rows.size() : 0, {"-", "-"});
    std::size_t row_index = 0;
    for (const auto& r : rows) {
        const std::size_t i = row_index++;
        LookupRequest q;
        q.address = r.text;
        auto t0 = Clock::now();
        auto a = lookup->lookup(q);
        timed += Clock::now() - t0;
        if (!a) {
            ++errors;
            continue;
        }
        if (a->status == "ambiguous") ++ambiguous;
        if (a->status == "suggestions") ++suggestions;
        if (a->status != "exact") continue;
        ++exact;
        if (!picked.empty()) {
            for (const auto* d : a->districts) {
                if (d->ocd_id.find("/sldl:") != std::string::npos) picked[i].first = d->ocd_id;
                if (d->ocd_id.find("/sldu:") != std::string::npos) picked[i].second = d->ocd_id;
            }
        }
        auto house = geo->locate("house", r.lat, r.lon, 30);
        auto senate = geo->locate("senate", r.lat, r.lon, 30);
        bool h = false, s = false;
        for (const auto* d : a->districts) {
            if (house && d->ocd_id == house->id) h = true;
            if (senate && d->ocd_id == senate->id) s = true;
        }
        if (h && s) ++same;
    }
    if (argc == 4) {
        std::ofstream out(argv[3]);
        for (std::size_t k = 0; k < rows.size(); ++k)
            out << rows[k].line << '\t' << picked[k].first << '\t' << picked[k].second << '\n';
        if (!out) {
            std::cerr << "cannot write " << argv[3] << "\n";
            return 1;
        }
    }
    double secs = std::chrono::duration<double>(timed).count();
    std::cout << "ns_per_address=" << static_cast<long long>(secs * 1e9 / double(rows.size()))
              << " total=" << rows.size() << " exact=" << exact << " exact_same_house_senate=" << same
              << " ambiguous=" << ambiguous << " suggestions=" << suggestions << " errors=" << errors << "\n";

    // The geocoder alone, as resolve_address.cpp uses it for an address naming one town:
    // parse, the town by name, the street (exact key or the same name), the number placed
    // exactly on its runs, the district set. Ambiguous numbers and other streets count as
    // no answer, as in the facade. Timed the same way (each address on its own).
    Data d;
    load_dataset({argv[1], {}}, d);
    Clock::duration geo_timed{};
    std::size_t geo_exact = 0, geo_same = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const geocode::DistrictSet* found = nullptr;
        auto t0 = Clock::now();
        if (auto pa = parse_street_address(d, rows[k].text); pa && !pa->town.empty()) {
            auto towns = match_name(d, pa->town);
            if (towns.places.size() == 1 && d.addresses.covers(towns.places[0].geoid)) {
                auto m = d.addresses.match(towns.places[0].geoid, pa->street_name);
                if (m.kind == geocode::StreetMatch::Kind::Exact || m.kind == geocode::StreetMatch::Kind::SameName) {
                    auto p = geocode::place_number(m.street->runs, pa->number.low);
                    if (p.kind != geocode::Placement::Kind::Ambiguous) found = d.addresses.set(p.set);
                }
            }
        }
        geo_timed += Clock::now() - t0;
        if (!found) continue;
        ++geo_exact;
        if (!picked.empty() && picked[k].first == found->house && picked[k].second == found->senate) ++geo_same;
    }
    double geo_secs = std::chrono::duration<double>(geo_timed).count();
    std::cout << "geocode_ns_per_address=" << static_cast<long long>(geo_secs * 1e9 / double(rows.size()))
              << " geocode_exact=" << geo_exact << " geocode_same_as_facade=" << geo_same << "\n";
    return 0;
}
