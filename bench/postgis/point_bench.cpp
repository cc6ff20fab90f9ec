// masscivic-point-bench: the in-process point -> districts path, without HTTP, on a list of
// points, so that bench/postgis/run.sh can compare time and answers with PostGIS.
//   masscivic-point-bench DB POINTS OUT
// POINTS: one "id lat lon" per line. OUT: one "id town congress governors_council senate house"
// line per point ("-" where no polygon contains the point), from GeoIndex::locate with no gap
// tolerance (strict point-in-polygon, like ST_Contains/ST_Covers).
// Prints key=value timings on stdout:
//   exact_ns_per_point     the 5 layers, tolerance 0 (what PostGIS is compared with)
//   server_ns_per_point    the 5 layers, the server's 30 m gap tolerance
//   facade_ns_per_point    Lookup::lookup(lat, lon): the whole answer the API renders
//                          (districts + officials + local officials), JSON excluded
#include "geo_index.hpp"
#include "lookup.hpp"
#include "sqlite.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using masscivic::Database;
using masscivic::server::GeoIndex;
using masscivic::server::Lookup;
using masscivic::server::LookupRequest;
using Clock = std::chrono::steady_clock;

namespace {

struct P {
    std::string id, lat_s, lon_s;
    double lat = 0, lon = 0;
};

const char* const kLayers[] = {"town", "congress", "governors_council", "senate", "house"};

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: masscivic-point-bench DB POINTS OUT\n";
        return 2;
    }
    std::vector<P> points;
    {
        std::ifstream in(argv[2]);
        P p;
        while (in >> p.id >> p.lat_s >> p.lon_s) {
            p.lat = std::stod(p.lat_s);
            p.lon = std::stod(p.lon_s);
            points.push_back(p);
        }
    }
    if (points.empty()) {
        std::cerr << "no points in " << argv[2] << "\n";
        return 2;
    }
    auto t0 = Clock::now();
    auto db = Database::open(argv[1], Database::Mode::ReadOnly);
    auto geo = GeoIndex::load(db);
    double load_s = seconds_since(t0);

    // Strict point-in-polygon: the answers compared with PostGIS.
    std::vector<std::string> answers(points.size() * 5);
    double layer_s[5] = {};
    for (int l = 0; l < 5; ++l) {
        t0 = Clock::now();
        for (std::size_t i = 0; i < points.size(); ++i) {
            auto hit = geo->locate(kLayers[l], points[i].lat, points[i].lon, 0.0);
            answers[i * 5 + l] = hit ? std::move(hit->id) : std::string("-");
        }
        layer_s[l] = seconds_since(t0);
    }
    double exact_s = layer_s[0] + layer_s[1] + layer_s[2] + layer_s[3] + layer_s[4];

    // The server's own setting: gaps of up to 30 m between polygons take the nearest.
    std::size_t gap_filled = 0;
    t0 = Clock::now();
    for (std::size_t i = 0; i < points.size(); ++i)
        for (int l = 0; l < 5; ++l) {
            auto hit = geo->locate(kLayers[l], points[i].lat, points[i].lon, 30.0);
            gap_filled += hit && hit->nearest;
        }
    double server_s = seconds_since(t0);

    // The whole facade answer (what /v1/lookup?lat=&lon= renders, minus JSON and HTTP).
    auto lookup = Lookup::open({argv[1], {}});
    std::size_t found = 0, district_count = 0;
    t0 = Clock::now();
    for (const auto& p : points) {
        LookupRequest r;
        r.lat = p.lat_s;
        r.lon = p.lon_s;
        auto a = lookup->lookup(r);
        if (a) {
            ++found;
            district_count += a->districts.size();
        }
    }
    double facade_s = seconds_since(t0);

    std::ofstream out(argv[3]);
    for (std::size_t i = 0; i < points.size(); ++i) {
        out << points[i].id;
        for (int l = 0; l < 5; ++l)
            out << ' ' << answers[i * 5 + l];
        out << '\n';
    }
    double n = static_cast<double>(points.size());
    std::printf("points=%zu polygons=%zu load_s=%.3f\n", points.size(), geo->size(), load_s);
    std::printf("exact_s=%.4f exact_ns_per_point=%.0f\n", exact_s, exact_s * 1e9 / n);
    for (int l = 0; l < 5; ++l)
        std::printf("%s%s_ns=%.0f", l ? " " : "", kLayers[l], layer_s[l] * 1e9 / n);
    std::printf("\n");
    std::printf("server_s=%.4f server_ns_per_point=%.0f gap_filled_layer_answers=%zu\n", server_s,
                server_s * 1e9 / n, gap_filled);
    std::printf("facade_s=%.4f facade_ns_per_point=%.0f facade_found=%zu facade_districts=%zu\n",
                facade_s, facade_s * 1e9 / n, found, district_count);
    return 0;
}
