// Point-in-polygon over the boundary layers (town + the four district layers), with a
// Boost.Geometry R-tree of bounding boxes per layer. Coordinates are projected to metres
// around Massachusetts so that "nearest within N metres" means what it says.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace masscivic {
class Database;
}

namespace masscivic::server {

struct LayerHit {
    std::string id;       // municipality GEOID (town layer) or district OCD id
    bool nearest = false; // true when the point fell in a gap and the nearest polygon was taken
    double distance_m = 0;
};

class GeoIndex {
  public:
    // Loads every row of `boundaries`. Throws std::runtime_error on geometry it cannot read.
    static std::unique_ptr<GeoIndex> load(Database& db);
    // The same from features in memory (the importer places address points with it).
    struct Feature {
        std::string layer, id, geometry_json;  // WGS84 GeoJSON Polygon / MultiPolygon
    };
    static std::unique_ptr<GeoIndex> from_features(const std::vector<Feature>& features);
    ~GeoIndex();
    GeoIndex(const GeoIndex&) = delete;
    GeoIndex& operator=(const GeoIndex&) = delete;

    // The polygon of `layer` containing the point; when none does, the nearest within
    // `tolerance_m` (boundary files leave slivers of a few metres between neighbours).
    // Overlaps are settled in favour of the polygon the point lies deepest inside.
    std::optional<LayerHit> locate(const std::string& layer, double lat, double lon,
                                   double tolerance_m) const;
    std::size_t size() const;

    struct Impl;

  private:
    GeoIndex();
    std::unique_ptr<Impl> impl_;
};

} // namespace masscivic::server
