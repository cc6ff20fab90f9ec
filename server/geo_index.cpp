#include "geo_index.hpp"

#include "geo_json.hpp"

#include "sqlite.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace masscivic::server {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using geo::MultiPolygon;
using geo::Point;
using geo::Polygon;
using geo::project;
using geo::read_geometry;
using Box = bg::model::box<Point>;
using Linestring = bg::model::linestring<Point>;
using Entry = std::pair<Box, std::size_t>;

namespace {

// Bounding box computed by hand: Boost's envelope trips GCC 12's -Wmaybe-uninitialized.
Box envelope(const MultiPolygon& mp) {
    double inf = std::numeric_limits<double>::max();
    Box b(Point(inf, inf), Point(-inf, -inf));
    for (const auto& poly : mp)
        for (const auto& p : poly.outer()) {
            b.min_corner().x(std::min(b.min_corner().x(), p.x()));
            b.min_corner().y(std::min(b.min_corner().y(), p.y()));
            b.max_corner().x(std::max(b.max_corner().x(), p.x()));
            b.max_corner().y(std::max(b.max_corner().y(), p.y()));
        }
    return b;
}

// Distance from an inside point to the nearest edge: how deep inside the polygon it is.
double depth(const Point& p, const MultiPolygon& mp) {
    double best = std::numeric_limits<double>::max();
    auto edge = [&](const Polygon::ring_type& ring) {
        Linestring line(ring.begin(), ring.end());
        best = std::min(best, bg::distance(p, line));
    };
    for (const auto& poly : mp) {
        edge(poly.outer());
        for (const auto& inner : poly.inners())
            edge(inner);
    }
    return best;
}

// Point-in-polygon by ray casting over the edges of one horizontal band. District
// polygons have up to ~22,000 vertices; testing all of them (bg::covered_by) made a point
// lookup cost as much as PostGIS. Bucketing edges by the band of y they span leaves a few
// dozen edges per test. Even-odd counting over every ring of a multipolygon is right
// because its polygons do not overlap.
class EdgeBands {
  public:
    explicit EdgeBands(const MultiPolygon& mp) {
        std::vector<Edge> edges;
        auto add_ring = [&](const Polygon::ring_type& ring) {
            for (std::size_t i = 0; i + 1 < ring.size(); ++i)
                edges.push_back({ring[i].x(), ring[i].y(), ring[i + 1].x(), ring[i + 1].y()});
        };
        for (const auto& poly : mp) {
            add_ring(poly.outer());
            for (const auto& inner : poly.inners())
                add_ring(inner);
        }
        if (edges.empty()) return;
        min_y_ = std::numeric_limits<double>::max();
        double max_y = -min_y_;
        for (const auto& e : edges) {
            min_y_ = std::min({min_y_, e.y1, e.y2});
            max_y = std::max({max_y, e.y1, e.y2});
        }
        std::size_t count = std::clamp<std::size_t>(edges.size() / 8, 1, 4096);
        band_height_ = std::max((max_y - min_y_) / static_cast<double>(count), 1e-9);
        bands_.resize(count);
        for (const auto& e : edges) {
            auto lo = band(std::min(e.y1, e.y2)), hi = band(std::max(e.y1, e.y2));
            for (auto b = lo; b <= hi; ++b)
                bands_[b].push_back(e);
        }
    }

    bool contains(const Point& p) const {
        if (bands_.empty() || !(p.y() >= min_y_) || !std::isfinite(p.x())) return false;
        auto b = static_cast<std::size_t>((p.y() - min_y_) / band_height_);
        if (b >= bands_.size()) return false;
        bool inside = false;
        for (const auto& e : bands_[b]) {
            if ((e.y1 > p.y()) == (e.y2 > p.y())) continue;
            double x = e.x1 + (p.y() - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1);
            if (p.x() < x) inside = !inside;
        }
        return inside;
    }

    // Distance to the nearest edge if it is at most `limit` metres, looking only at the
    // bands within `limit` of the point.
    std::optional<double> edge_distance_within(const Point& p, double limit) const {
        if (bands_.empty() || !std::isfinite(p.y()) || p.y() < min_y_ - limit ||
            p.y() > min_y_ + band_height_ * static_cast<double>(bands_.size()) + limit)
            return std::nullopt;
        double best = std::numeric_limits<double>::max();
        for (auto b = band(p.y() - limit), last = band(p.y() + limit); b <= last; ++b)
            for (const auto& e : bands_[b])
                best = std::min(best, segment_distance(p, e));
        if (best > limit) return std::nullopt;
        return best;
    }

  private:
    struct Edge {
        double x1, y1, x2, y2;
    };
    static double segment_distance(const Point& p, const Edge& e) {
        double dx = e.x2 - e.x1, dy = e.y2 - e.y1;
        double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((p.x() - e.x1) * dx + (p.y() - e.y1) * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        return std::hypot(p.x() - (e.x1 + t * dx), p.y() - (e.y1 + t * dy));
    }
    std::size_t band(double y) const {
        auto b = static_cast<std::size_t>(std::max(0.0, (y - min_y_) / band_height_));
        return std::min(b, bands_.size() - 1);
    }
    double min_y_ = 0, band_height_ = 1;
    std::vector<std::vector<Edge>> bands_;
};

} // namespace

struct GeoIndex::Impl {
    struct Layer {
        std::vector<std::string> ids;
        std::vector<MultiPolygon> shapes;
        std::vector<EdgeBands> edges;  // one per shape, for the containment test
        bgi::rtree<Entry, bgi::rstar<16>> tree;
    };
    std::map<std::string, Layer> layers;
};

GeoIndex::GeoIndex() : impl_(std::make_unique<Impl>()) {}
GeoIndex::~GeoIndex() = default;

std::unique_ptr<GeoIndex> GeoIndex::load(Database& db) {
    auto st = db.prepare("SELECT id, layer, geometry FROM boundaries ORDER BY layer, id");
    std::vector<Feature> features;
    while (st.step()) features.push_back({st.text(1), st.text(0), st.text(2)});
    return from_features(features);
}

std::unique_ptr<GeoIndex> GeoIndex::from_features(const std::vector<Feature>& features) {
    std::unique_ptr<GeoIndex> index(new GeoIndex());
    std::map<std::string, std::vector<Entry>> entries;
    for (const auto& f : features) {
        auto& layer = index->impl_->layers[f.layer];
        MultiPolygon shape;
        try {
            shape = read_geometry(f.geometry_json);
        } catch (const std::exception& e) {
            throw std::runtime_error("boundary " + f.id + ": " + e.what());
        }
        entries[f.layer].emplace_back(envelope(shape), layer.ids.size());
        layer.ids.push_back(f.id);
        layer.edges.emplace_back(shape);
        layer.shapes.push_back(std::move(shape));
    }
    // Bulk loading (packing) builds a better tree than inserting one by one.
    for (auto& [name, list] : entries)
        index->impl_->layers[name].tree = bgi::rtree<Entry, bgi::rstar<16>>(list);
    return index;
}

std::size_t GeoIndex::size() const {
    std::size_t n = 0;
    for (const auto& [name, layer] : impl_->layers)
        n += layer.ids.size();
    return n;
}

std::optional<LayerHit> GeoIndex::locate(const std::string& layer_name, double lat, double lon,
                                         double tolerance_m) const {
    auto it = impl_->layers.find(layer_name);
    if (it == impl_->layers.end()) return std::nullopt;
    const auto& layer = it->second;
    Point p = project(lon, lat);

    std::vector<std::size_t> inside;
    for (auto q = layer.tree.qbegin(bgi::covers(p)); q != layer.tree.qend(); ++q)
        if (layer.edges[q->second].contains(p)) inside.push_back(q->second);
    if (inside.size() == 1) return LayerHit{layer.ids[inside[0]], false, 0};
    if (inside.size() > 1) {
        std::size_t best = inside[0];
        double best_depth = -1;
        for (auto i : inside) {
            double d = depth(p, layer.shapes[i]);
            if (d > best_depth) best_depth = d, best = i;
        }
        return LayerHit{layer.ids[best], false, 0};
    }
    // In a gap: look at the few nearest boxes and measure to the real shapes.
    std::optional<LayerHit> hit;
    for (auto q = layer.tree.qbegin(bgi::nearest(p, 4)); q != layer.tree.qend(); ++q) {
        // Results come nearest box first: once a box is out of reach, so is every shape
        // after it.
        if (bg::distance(p, q->first) > tolerance_m) break;
        auto d = layer.edges[q->second].edge_distance_within(p, tolerance_m);
        if (d && (!hit || *d < hit->distance_m)) hit = LayerHit{layer.ids[q->second], true, *d};
    }
    return hit;
}

} // namespace masscivic::server
