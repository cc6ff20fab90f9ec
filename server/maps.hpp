// Maps drawn from the boundaries the database holds (no tiles, no network): the towns
// coloured by what they did on a local-action topic, and one district with the towns it
// covers. The outlines are read and projected once per dataset, simplified with
// Boost.Geometry for the scale of each drawing, and each SVG is rendered once and kept.
#pragma once

#include "types.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace masscivic {
class Database;
}

namespace masscivic::server {

// A town's standing on one topic, as the statewide map colours it.
struct TownStatus {
    std::string geoid, name;
    std::string status; // passed | failed | pending | funded | none
};

// What the statewide map shows besides the shapes.
struct StatusMapInput {
    std::string topic, topic_words, data_as_of;
    std::vector<TownStatus> towns;
};

// What the district map shows besides the shapes.
struct DistrictMapInput {
    District district;
    std::vector<std::pair<std::string, std::string>> towns; // geoid, name (covered towns)
    std::string data_as_of;
};

struct MapPoint {
    double lat = 0, lon = 0;
};

class MapAtlas {
  public:
    // Reads every row of `boundaries` (WGS84 GeoJSON). Throws std::runtime_error on
    // geometry it cannot read.
    static std::shared_ptr<MapAtlas> load(Database& db);
    ~MapAtlas();
    MapAtlas(const MapAtlas&) = delete;
    MapAtlas& operator=(const MapAtlas&) = delete;

    // Both render on the first call for their key and return the kept bytes after; safe
    // to call from any thread. `key` names the drawing (topic, district id).
    std::shared_ptr<const std::string> status_map(const StatusMapInput& input) const;
    // The district map; with a point, a copy with the point marked.
    std::shared_ptr<const std::string> district_map(const DistrictMapInput& input,
                                                    const std::optional<MapPoint>& point) const;
    bool has_shape(const std::string& layer, const std::string& id) const;

    struct Impl;

  private:
    MapAtlas();
    std::unique_ptr<Impl> impl_;
};

// Text made safe for XML character data and attribute values.
std::string xml_escape(const std::string& text);

} // namespace masscivic::server
