// masscivic-address-bench: street address -> districts in process (the Lookup facade, as
// /v1/lookup?address= answers, JSON excluded) on addresses drawn from the raw parcel data.
//   masscivic-address-bench DB ADDRESSES
// ADDRESSES: lines "lon lat<TAB>text" (bench/address/sample.py). Each answer is checked
// against the House and Senate districts of the parcel's own point (GeoIndex, 30 m rule).
// Prints key=value lines: ns_per_address, exact, exact_same_house_senate, ambiguous,
// suggestions, errors, total.
#include "geo_index.hpp"
#include "lookup.hpp"
#include "sqlite.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace masscivic::server;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: masscivic-address-bench DB ADDRESSES\n";
        return 2;
    }
    struct Row {
        double lon = 0, lat = 0;
        std::string text;
    };
    std::vector<Row> rows;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);) {
        auto tab = line.find('\t');
        auto space = line.find(' ');
        if (tab == std::string::npos || space > tab) continue;
        rows.push_back({std::stod(line.substr(0, space)), std::stod(line.substr(space + 1, tab - space - 1)),
                        line.substr(tab + 1)});
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
    for (const auto& r : rows) {
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
        auto house = geo->locate("house", r.lat, r.lon, 30);
        auto senate = geo->locate("senate", r.lat, r.lon, 30);
        bool h = false, s = false;
        for (const auto& d : a->districts) {
            if (house && d.ocd_id == house->id) h = true;
            if (senate && d.ocd_id == senate->id) s = true;
        }
        if (h && s) ++same;
    }
    double secs = std::chrono::duration<double>(timed).count();
    std::cout << "ns_per_address=" << static_cast<long long>(secs * 1e9 / double(rows.size()))
              << " total=" << rows.size() << " exact=" << exact << " exact_same_house_senate=" << same
              << " ambiguous=" << ambiguous << " suggestions=" << suggestions << " errors=" << errors << "\n";
    return 0;
}
