#include "geo_json.hpp"

#include <rapidjson/document.h>

#include <cmath>
#include <stdexcept>

namespace masscivic::server::geo {

namespace bg = boost::geometry;

namespace {

// Equirectangular projection centred on Massachusetts (lat ~42.2): over the state the
// east-west scale error stays under 2%, plenty for a tolerance of tens of metres.
constexpr double kMetresPerDegreeLat = 110574.0;
const double kMetresPerDegreeLon = 111320.0 * std::cos(42.2 * M_PI / 180.0);

Point project_point(double lon, double lat) {
    return Point(lon * kMetresPerDegreeLon, lat * kMetresPerDegreeLat);
}

void read_ring(const rapidjson::Value& coords, Polygon::ring_type& ring) {
    if (!coords.IsArray()) throw std::runtime_error("ring is not an array");
    for (const auto& pos : coords.GetArray()) {
        if (!pos.IsArray() || pos.Size() < 2 || !pos[0].IsNumber() || !pos[1].IsNumber())
            throw std::runtime_error("bad position");
        ring.push_back(project_point(pos[0].GetDouble(), pos[1].GetDouble()));
    }
}

Polygon read_polygon(const rapidjson::Value& rings) {
    if (!rings.IsArray() || rings.Empty()) throw std::runtime_error("polygon without rings");
    Polygon poly;
    read_ring(rings[0], poly.outer());
    for (rapidjson::SizeType i = 1; i < rings.Size(); ++i) {
        poly.inners().emplace_back();
        read_ring(rings[i], poly.inners().back());
    }
    return poly;
}

}  // namespace

Point project(double lon, double lat) { return project_point(lon, lat); }

MultiPolygon read_geometry(const std::string& json) {
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("type") ||
        !doc["type"].IsString() || !doc.HasMember("coordinates"))
        throw std::runtime_error("not a GeoJSON geometry");
    std::string type = doc["type"].GetString();
    MultiPolygon mp;
    if (type == "Polygon") {
        mp.push_back(read_polygon(doc["coordinates"]));
    } else if (type == "MultiPolygon" && doc["coordinates"].IsArray()) {
        for (const auto& p : doc["coordinates"].GetArray())
            mp.push_back(read_polygon(p));
    } else {
        throw std::runtime_error("unsupported geometry type " + type);
    }
    // Sources disagree on ring orientation and closure; Boost needs one convention.
    bg::correct(mp);
    return mp;
}

}  // namespace masscivic::server::geo
