// /v1/maps/*.svg (see maps.hpp): SVG written as text from the boundaries table.
//
// Coordinates go WGS84 -> metres (the equirectangular projection geo_index.cpp uses, true
// enough over one state) -> pixels of the drawing, then each ring is simplified with
// Boost.Geometry (Douglas-Peucker) at a fraction of a pixel and written as a relative path
// in tenths of a pixel. Neighbouring towns are simplified separately, so shared borders can
// differ by under a pixel; the white town strokes hide that.
#include "maps.hpp"

#include "geo_json.hpp"

#include "lookup.hpp"
#include "lookup_data.hpp"
#include "resolve.hpp"
#include "sqlite.hpp"
#include "text.hpp"

#include <boost/geometry.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <stdexcept>

namespace masscivic::server {

namespace bg = boost::geometry;

namespace {

using geo::MultiPolygon;
using geo::Point;
using geo::Polygon;
using geo::project;
using geo::read_geometry;
using Ring = Polygon::ring_type;

struct Box {
    double min_x = std::numeric_limits<double>::max(), min_y = min_x;
    double max_x = -min_x, max_y = -min_x;
    bool empty() const { return min_x > max_x; }
    void add(double x, double y) {
        min_x = std::min(min_x, x), max_x = std::max(max_x, x);
        min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
    void add(const Point& p) { add(p.x(), p.y()); }
    void add(const Box& b) {
        if (b.empty()) return;
        add(b.min_x, b.min_y);
        add(b.max_x, b.max_y);
    }
    bool intersects(const Box& b) const {
        return !empty() && !b.empty() && min_x <= b.max_x && b.min_x <= max_x &&
               min_y <= b.max_y && b.min_y <= max_y;
    }
};


struct Shape {
    std::string name;
    MultiPolygon metres;
    Box box;
};

// Metres -> pixels: x to the right, y down.
struct Transform {
    double scale = 1, min_x = 0, max_y = 0, left = 0, top = 0;
    Point operator()(const Point& m) const {
        return Point(left + (m.x() - min_x) * scale, top + (max_y - m.y()) * scale);
    }
    Box view(double width, double height) const { // the metres a width x height area shows
        Box b;
        b.add(min_x - left / scale, max_y + top / scale);
        b.add(min_x + (width - left) / scale, max_y - (height - top) / scale);
        return b;
    }
};

Ring to_pixels(const Ring& ring, const Transform& t) {
    Ring out;
    out.reserve(ring.size());
    for (const auto& p : ring)
        out.push_back(t(p));
    return out;
}

// Tenths of a pixel as SVG number text: 15 -> "1.5", -5 -> "-.5", 20 -> "2".
void put_tenths(std::string& out, long v) {
    if (!out.empty() && out.back() != 'M' && out.back() != 'l' && v >= 0) out += ' ';
    if (v < 0) out += '-', v = -v;
    long whole = v / 10, frac = v % 10;
    if (whole != 0 || frac == 0) out += std::to_string(whole);
    if (frac != 0) out += '.', out += static_cast<char>('0' + frac);
}

double ring_area(const Ring& r) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i)
        a += r[i].x() * r[i + 1].y() - r[i + 1].x() * r[i].y();
    return std::fabs(a) / 2;
}

// Appends one ring as "M x y l dx dy ... z", simplified at `tolerance` pixels. Rings
// that simplify to less than a triangle or cover under `min_area` px² are left out.
void append_ring(std::string& d, const Ring& px, double tolerance, double min_area) {
    Ring simple;
    bg::simplify(px, simple, tolerance);
    if (simple.size() < 4 || ring_area(simple) < min_area) return;
    long px_prev = 0, py_prev = 0;
    bool first = true;
    std::size_t n = simple.size();
    if (bg::equals(simple.front(), simple.back())) --n; // z closes it
    for (std::size_t i = 0; i < n; ++i) {
        long x = std::lround(simple[i].x() * 10), y = std::lround(simple[i].y() * 10);
        if (first) {
            d += 'M';
            put_tenths(d, x);
            put_tenths(d, y);
            d += 'l';
            first = false;
        } else {
            if (x == px_prev && y == py_prev) continue;
            put_tenths(d, x - px_prev);
            put_tenths(d, y - py_prev);
        }
        px_prev = x, py_prev = y;
    }
    if (d.back() == 'l') d.pop_back();
    d += 'z';
}

// The path data of a shape in a drawing; tiny islands are dropped, except that a shape
// always keeps its largest polygon.
std::string path_data(const MultiPolygon& mp, const Transform& t, double tolerance,
                      double min_area) {
    std::string d;
    std::size_t largest = 0;
    double largest_area = -1;
    for (std::size_t i = 0; i < mp.size(); ++i)
        if (double a = ring_area(mp[i].outer()); a > largest_area) largest_area = a, largest = i;
    for (std::size_t i = 0; i < mp.size(); ++i) {
        Ring outer = to_pixels(mp[i].outer(), t);
        std::size_t before = d.size();
        append_ring(d, outer, tolerance, i == largest ? 0.0 : min_area);
        if (d.size() == before) continue;
        for (const auto& inner : mp[i].inners())
            append_ring(d, to_pixels(inner, t), tolerance, min_area);
    }
    return d;
}

// The x-intervals of the line y = `y` inside the shape (even-odd over every ring).
std::vector<std::pair<double, double>> inside_intervals(const MultiPolygon& px, double y) {
    std::vector<double> xs;
    auto ring = [&](const Ring& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const auto &a = r[i], &b = r[i + 1];
            if ((a.y() > y) == (b.y() > y)) continue;
            xs.push_back(a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y()));
        }
    };
    for (const auto& poly : px) {
        ring(poly.outer());
        for (const auto& inner : poly.inners())
            ring(inner);
    }
    std::sort(xs.begin(), xs.end());
    std::vector<std::pair<double, double>> out;
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
        out.emplace_back(xs[i], xs[i + 1]);
    return out;
}

std::vector<std::pair<double, double>> intersect(const std::vector<std::pair<double, double>>& a,
                                                 const std::vector<std::pair<double, double>>& b) {
    std::vector<std::pair<double, double>> out;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        double lo = std::max(a[i].first, b[j].first), hi = std::min(a[i].second, b[j].second);
        if (lo < hi) out.emplace_back(lo, hi);
        (a[i].second < b[j].second ? i : j)++;
    }
    return out;
}

MultiPolygon to_pixels(const MultiPolygon& mp, const Transform& t) {
    MultiPolygon out;
    for (const auto& poly : mp) {
        Polygon p;
        p.outer() = to_pixels(poly.outer(), t);
        for (const auto& inner : poly.inners())
            p.inners().push_back(to_pixels(inner, t));
        out.push_back(std::move(p));
    }
    return out;
}

Box pixel_box(const MultiPolygon& px) {
    Box b;
    for (const auto& poly : px)
        for (const auto& p : poly.outer())
            b.add(p.x(), p.y());
    return b;
}

// Where a town's label goes: the middle of the widest horizontal run inside both the town
// and `within` (the district), over a few scan lines; nullopt when they do not meet.
std::optional<Point> label_point(const MultiPolygon& town_px, const MultiPolygon* within_px,
                                 const Box& view) {
    Box b = pixel_box(town_px);
    if (within_px) {
        Box w = pixel_box(*within_px);
        b.min_x = std::max(b.min_x, w.min_x), b.max_x = std::min(b.max_x, w.max_x);
        b.min_y = std::max(b.min_y, w.min_y), b.max_y = std::min(b.max_y, w.max_y);
    }
    b.min_x = std::max(b.min_x, view.min_x), b.max_x = std::min(b.max_x, view.max_x);
    b.min_y = std::max(b.min_y, view.min_y), b.max_y = std::min(b.max_y, view.max_y);
    if (b.empty() || b.min_y >= b.max_y) return std::nullopt;
    std::optional<Point> best;
    double best_width = 0, best_off = 0;
    constexpr int kLines = 24;
    double mid = (b.min_y + b.max_y) / 2;
    for (int i = 0; i < kLines; ++i) {
        double y = b.min_y + (b.max_y - b.min_y) * (i + 0.5) / kLines;
        auto runs = inside_intervals(town_px, y);
        if (within_px) runs = intersect(runs, inside_intervals(*within_px, y));
        for (auto [lo, hi] : runs) {
            lo = std::max(lo, view.min_x), hi = std::min(hi, view.max_x);
            double width = hi - lo, off = std::fabs(y - mid);
            // Wider wins; nearly as wide and nearer the middle also wins.
            if (width > best_width * 1.15 || (width > best_width * 0.87 && off < best_off)) {
                best = Point((lo + hi) / 2, y);
                best_width = width, best_off = off;
            }
        }
    }
    return best;
}

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string status_class(const std::string& s) {
    if (s == "passed" || s == "failed" || s == "pending" || s == "funded") return s;
    return "none";
}

// Which action wins when a town has several on the topic.
int status_rank(const std::string& s) {
    if (s == "passed") return 4;
    if (s == "funded") return 3;
    if (s == "pending") return 2;
    if (s == "failed") return 1;
    return 0;
}

struct LegendEntry {
    const char* status;
    const char* label;
    const char* colour;
};
constexpr LegendEntry kLegend[] = {{"passed", "Passed", "#1a7f37"},
                                   {"funded", "State grant awarded", "#3b6fb6"},
                                   {"pending", "Pending, no outcome found", "#f0a030"},
                                   {"failed", "Failed", "#c0392b"},
                                   {"none", "None found", "#dcdcdc"}};

const char* status_words(const std::string& s) {
    for (const auto& e : kLegend)
        if (s == e.status) return e.label;
    return "None found";
}

std::string svg_open(double width, double height, const std::string& title) {
    std::string w = fixed1(width), h = fixed1(height);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h +
           "\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\" aria-labelledby=\"title\">" +
           "<title id=\"title\">" + xml_escape(title) + "</title>";
}

const char* chamber_words(const std::string& chamber) {
    for (int c = 0; c < kChamberCount; ++c)
        if (chamber == kChamberCodes[c]) return kChamberWords[c];
    return "District";
}

} // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

struct MapAtlas::Impl {
    std::map<std::string, std::map<std::string, Shape>> layers; // layer -> id -> shape
    mutable std::mutex mutex;
    mutable std::map<std::string, std::shared_ptr<const std::string>> rendered;
    mutable std::map<std::string, Transform> transforms; // of the district maps

    const Shape* find(const std::string& layer, const std::string& id) const {
        auto l = layers.find(layer);
        if (l == layers.end()) return nullptr;
        auto s = l->second.find(id);
        return s == l->second.end() ? nullptr : &s->second;
    }
};

MapAtlas::MapAtlas() : impl_(std::make_unique<Impl>()) {}
MapAtlas::~MapAtlas() = default;

std::shared_ptr<MapAtlas> MapAtlas::load(Database& db) {
    std::shared_ptr<MapAtlas> atlas(new MapAtlas());
    auto st = db.prepare("SELECT layer, id, name, geometry FROM boundaries ORDER BY layer, id");
    while (st.step()) {
        Shape s;
        s.name = st.text(2);
        try {
            s.metres = read_geometry(st.text(3));
        } catch (const std::exception& e) {
            throw std::runtime_error("boundary " + st.text(1) + ": " + e.what());
        }
        for (const auto& poly : s.metres)
            for (const auto& p : poly.outer())
                s.box.add(p.x(), p.y());
        atlas->impl_->layers[st.text(0)][st.text(1)] = std::move(s);
    }
    return atlas;
}

bool MapAtlas::has_shape(const std::string& layer, const std::string& id) const {
    return impl_->find(layer, id) != nullptr;
}

std::shared_ptr<const std::string> MapAtlas::status_map(const StatusMapInput& in) const {
    std::lock_guard lock(impl_->mutex);
    auto& slot = impl_->rendered["status:" + in.topic];
    if (slot) return slot;

    Box all;
    for (const auto& t : in.towns)
        if (const auto* s = impl_->find("town", t.geoid)) all.add(s->box);
    if (all.empty()) all.add(project(-73.51, 41.18)), all.add(project(-69.85, 42.89));
    constexpr double kWidth = 960, kTop = 64, kSide = 12, kBottom = 44;
    Transform t;
    t.scale = (kWidth - 2 * kSide) / (all.max_x - all.min_x);
    t.min_x = all.min_x, t.max_y = all.max_y, t.left = kSide, t.top = kTop;
    double map_bottom = kTop + (all.max_y - all.min_y) * t.scale;
    double height = map_bottom + kBottom;

    std::map<std::string, int> counts;
    for (const auto& town : in.towns) counts[status_class(town.status)]++;

    std::string title = in.topic_words + ": local action by city and town";
    std::string svg = svg_open(kWidth, height, title);
    svg += "<desc>Each of the " + std::to_string(in.towns.size()) +
           " Massachusetts municipalities coloured by the strongest action found on " +
           xml_escape(in.topic_words) + ". Data as of " + xml_escape(in.data_as_of) +
           ".</desc><style>text{font-family:sans-serif;fill:#222}.h{font-size:20px;"
           "font-weight:bold}.s{font-size:13px;fill:#444}.n{font-size:11px;fill:#555}"
           "#towns path{stroke:#fff;stroke-width:.5;stroke-linejoin:round;fill-rule:evenodd}";
    for (const auto& e : kLegend)
        svg += std::string(".") + e.status + "{fill:" + e.colour + "}";
    svg += "</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
    svg += "<text class=\"h\" x=\"" + fixed1(kSide) + "\" y=\"26\">" + xml_escape(title) +
           "</text><text class=\"s\" x=\"" + fixed1(kSide) + "\" y=\"46\">Data as of " +
           xml_escape(in.data_as_of) + " \xC2\xB7 topic " + xml_escape(in.topic) + " \xC2\xB7 " +
           std::to_string(in.towns.size()) + " municipalities</text>";

    svg += "<g id=\"towns\">";
    for (const auto& town : in.towns) {
        const auto* s = impl_->find("town", town.geoid);
        if (!s) continue;
        std::string d = path_data(s->metres, t, 0.45, 1.5);
        if (d.empty()) continue;
        std::string cls = status_class(town.status);
        svg += "<path class=\"" + cls + "\" d=\"" + d + "\"><title>" + xml_escape(town.name) +
               ": " + ascii_lower(status_words(cls)) + "</title></path>";
    }
    svg += "</g>";

    // The legend sits in the empty corner south of the Berkshires (Connecticut).
    std::vector<const LegendEntry*> entries;
    for (const auto& e : kLegend)
        if (std::string(e.status) != "funded" || counts.count("funded")) entries.push_back(&e);
    double row = 22, lx = kSide + 8;
    double ly = map_bottom - row * static_cast<double>(entries.size()) - 34;
    svg += "<g id=\"legend\"><text class=\"s\" x=\"" + fixed1(lx) + "\" y=\"" + fixed1(ly) +
           "\" font-weight=\"bold\">Status on " + xml_escape(in.topic_words) + "</text>";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        double y = ly + 10 + row * static_cast<double>(i);
        svg += "<rect class=\"" + std::string(entries[i]->status) + "\" x=\"" + fixed1(lx) +
               "\" y=\"" + fixed1(y) + "\" width=\"16\" height=\"14\" stroke=\"#888\" "
               "stroke-width=\".5\"/><text class=\"s\" x=\"" + fixed1(lx + 24) + "\" y=\"" +
               fixed1(y + 12) + "\">" + entries[i]->label + " (" +
               std::to_string(counts[entries[i]->status]) + ")</text>";
    }
    svg += "</g>";
    svg += "<text class=\"n\" x=\"" + fixed1(kSide) + "\" y=\"" + fixed1(height - 24) +
           "\">Compiled from news, advocacy and municipal pages (each action cites its source), "
           "not an official record.</text><text class=\"n\" x=\"" + fixed1(kSide) + "\" y=\"" +
           fixed1(height - 10) +
           "\">None found means none was found, not that the town never acted; the town "
           "clerk can confirm. Outlines simplified.</text></svg>\n";
    slot = std::make_shared<const std::string>(std::move(svg));
    return slot;
}

std::shared_ptr<const std::string>
MapAtlas::district_map(const DistrictMapInput& in, const std::optional<MapPoint>& point) const {
    std::lock_guard lock(impl_->mutex);
    const std::string key = "district:" + in.district.ocd_id;
    auto& slot = impl_->rendered[key];
    if (!slot) {
        const Shape* dist = impl_->find(in.district.chamber, in.district.ocd_id);
        Box area;
        if (dist) area.add(dist->box);
        std::set<std::string> covered;
        for (const auto& [geoid, name] : in.towns) {
            covered.insert(geoid);
            if (!dist)
                if (const auto* s = impl_->find("town", geoid)) area.add(s->box);
        }
        if (area.empty()) area.add(project(-73.51, 41.18)), area.add(project(-69.85, 42.89));
        // A small city district still shows its neighbourhood: at least 9 km across.
        constexpr double kMinExtent = 9000;
        for (auto [lo, hi] : {std::pair{&area.min_x, &area.max_x}, {&area.min_y, &area.max_y}})
            if (double grow = kMinExtent - (*hi - *lo); grow > 0) *lo -= grow / 2, *hi += grow / 2;
        constexpr double kLong = 600, kMargin = 16, kHeader = 58, kFooter = 22;
        double w_m = area.max_x - area.min_x, h_m = area.max_y - area.min_y;
        double scale = kLong / std::max({w_m, h_m, 1.0});
        double width = std::max(w_m * scale, 420.0) + 2 * kMargin;
        double height = h_m * scale + 2 * kMargin + kHeader + kFooter;
        Transform t;
        t.scale = scale;
        t.min_x = area.min_x - (width - 2 * kMargin - w_m * scale) / 2 / scale;
        t.max_y = area.max_y, t.left = kMargin, t.top = kHeader + kMargin;
        impl_->transforms[key] = t;
        Box view_m = t.view(width, height);
        Box view_px;
        view_px.add(0, kHeader), view_px.add(width, height - kFooter);

        std::string title = in.district.display_name + " (" +
                            chamber_words(in.district.chamber) + ")";
        std::string svg = svg_open(width, height, title);
        svg += "<desc>The outline of " + xml_escape(title) + " and the " +
               std::to_string(in.towns.size()) +
               " cities and towns it covers in whole or part. Data as of " +
               xml_escape(in.data_as_of) +
               ".</desc><style>text{font-family:sans-serif;fill:#222}.h{font-size:18px;"
               "font-weight:bold}.s{font-size:12px;fill:#444}path{fill-rule:evenodd;"
               "stroke-linejoin:round}.o{fill:#f1f1f1;stroke:#c8c8c8;stroke-width:.6}"
               ".c{fill:#fff;stroke:#8a8a8a;stroke-width:.8}.d{fill:#2f6db5;fill-opacity:.16;"
               "stroke:#1d4f91;stroke-width:2.5}.l{font-size:11px;text-anchor:middle;"
               "paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
               ".q{font-size:10px;fill:#888}"
               "</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
        svg += "<g id=\"map\">";
        // Neighbours for context, then the covered towns, then the district on top.
        std::map<std::string, const Shape*> towns_in_view;
        if (auto l = impl_->layers.find("town"); l != impl_->layers.end())
            for (const auto& [geoid, s] : l->second)
                if (s.box.intersects(view_m)) towns_in_view[geoid] = &s;
        for (const auto& [geoid, s] : towns_in_view) {
            if (covered.count(geoid)) continue;
            std::string d = path_data(s->metres, t, 0.5, 2);
            if (!d.empty())
                svg += "<path class=\"o\" d=\"" + d + "\"><title>" + xml_escape(s->name) +
                       "</title></path>";
        }
        svg += "<g id=\"towns\">";
        for (const auto& [geoid, name] : in.towns) {
            const auto* s = impl_->find("town", geoid);
            if (!s) continue;
            std::string d = path_data(s->metres, t, 0.5, 2);
            if (!d.empty())
                svg += "<path class=\"c\" d=\"" + d + "\"><title>" + xml_escape(name) +
                       "</title></path>";
        }
        svg += "</g>";
        MultiPolygon dist_px;
        if (dist) {
            svg += "<path id=\"district\" class=\"d\" d=\"" + path_data(dist->metres, t, 0.4, 1) +
                   "\"><title>" + xml_escape(title) + "</title></path>";
            dist_px = to_pixels(dist->metres, t);
        }
        svg += "</g>";
        // Neighbours' names, quieter, where they fall inside the drawing.
        svg += "<g id=\"context-labels\">";
        for (const auto& [geoid, s] : towns_in_view) {
            if (covered.count(geoid)) continue;
            auto at = label_point(to_pixels(s->metres, t), nullptr, view_px);
            if (at && at->x() > 30 && at->x() < width - 30 && at->y() > kHeader + 8 &&
                at->y() < height - kFooter - 4)
                svg += "<text class=\"l q\" x=\"" + fixed1(at->x()) + "\" y=\"" +
                       fixed1(at->y() + 4) + "\">" + xml_escape(s->name) + "</text>";
        }
        svg += "</g><g id=\"labels\">";
        for (const auto& [geoid, name] : in.towns) {
            const auto* s = impl_->find("town", geoid);
            if (!s) continue;
            auto town_px = to_pixels(s->metres, t);
            auto at = label_point(town_px, dist ? &dist_px : nullptr, view_px);
            if (!at) at = label_point(town_px, nullptr, view_px);
            if (!at) continue;
            svg += "<text class=\"l\" x=\"" + fixed1(at->x()) + "\" y=\"" +
                   fixed1(at->y() + 4) + "\">" + xml_escape(name) + "</text>";
        }
        svg += "</g>";
        // Header and footer bands over whatever outlines reach them.
        svg += "<rect width=\"100%\" height=\"" + fixed1(kHeader) +
               "\" fill=\"#fff\" fill-opacity=\".92\"/><rect y=\"" + fixed1(height - kFooter) +
               "\" width=\"100%\" height=\"" + fixed1(kFooter) +
               "\" fill=\"#fff\" fill-opacity=\".92\"/>";
        svg += "<text class=\"h\" x=\"" + fixed1(kMargin) + "\" y=\"26\">" + xml_escape(title) +
               "</text><text class=\"s\" x=\"" + fixed1(kMargin) + "\" y=\"44\">" +
               std::to_string(in.towns.size()) +
               (in.towns.size() == 1 ? " city or town" : " cities and towns") +
               " in whole or part \xC2\xB7 data as of " + xml_escape(in.data_as_of) +
               "</text><text class=\"s\" x=\"" + fixed1(kMargin) + "\" y=\"" +
               fixed1(height - 8) + "\">Outlines simplified; the shaded area is the district." +
               "</text></svg>\n";
        slot = std::make_shared<const std::string>(std::move(svg));
    }
    if (!point) return slot;
    const Transform& t = impl_->transforms[key];
    Point at = t(project(point->lon, point->lat));
    std::string marker = "<g id=\"marker\"><circle cx=\"" + fixed1(at.x()) + "\" cy=\"" +
                         fixed1(at.y()) + "\" r=\"11\" fill=\"#d7301f\" stroke=\"#fff\" "
                         "stroke-width=\"3\"/><circle cx=\"" + fixed1(at.x()) + "\" cy=\"" +
                         fixed1(at.y()) + "\" r=\"3\" fill=\"#fff\"/><title>The place asked "
                         "about</title></g>";
    auto svg = std::make_shared<std::string>(*slot);
    auto end = svg->rfind("</svg>");
    svg->insert(end, marker);
    return svg;
}

// ---- The facade's entry points ----

namespace {

std::shared_ptr<const MapAtlas> atlas_of(const Data& d) {
    std::lock_guard lock(d.maps_mutex);
    if (!d.maps) {
        std::lock_guard db_lock(d.db_mutex);
        d.maps = MapAtlas::load(*d.db);
    }
    return d.maps;
}


const char* topic_title(const std::string& topic) {
    if (topic == "sanctuary_trust") return "Sanctuary / Trust Act policy";
    if (topic == "ccops") return "Surveillance oversight (CCOPS)";
    if (topic == "face_surveillance") return "Face surveillance";
    if (topic == "body_cameras") return "Police body cameras";
    return "Local action";
}

} // namespace

Result<std::shared_ptr<const std::string>> Lookup::local_actions_map(const Text& topic) const {
    if (!topic) return bad_parameter("topic", "is required (for example topic=ccops)");
    LocalActionQuery q;
    q.topic = topic;
    auto list = local_actions(q);
    if (!list) return list.error();
    StatusMapInput in;
    in.topic = list->topic.value_or("");
    in.topic_words = topic_title(in.topic);
    in.data_as_of = d_->as_of;
    std::map<std::string, std::string> best; // geoid -> status
    for (const auto& a : list->actions) {
        auto& s = best[a.geoid];
        if (status_rank(a.status) > status_rank(s)) s = a.status;
    }
    for (const auto& m : d_->towns) {
        auto it = best.find(m.geoid);
        in.towns.push_back({m.geoid, m.name, it == best.end() ? "none" : it->second});
    }
    return atlas_of(*d_)->status_map(in);
}

Result<std::shared_ptr<const std::string>>
Lookup::district_map(std::string_view ocd_id, const Text& lat, const Text& lon) const {
    std::optional<MapPoint> point;
    if (lat || lon) {
        if (!lat) return bad_parameter("lat", "is needed with lon");
        if (!lon) return bad_parameter("lon", "is needed with lat");
        auto la = parse_coordinate(*lat, "lat", 90);
        if (!la) return la.error();
        auto lo = parse_coordinate(*lon, "lon", 180);
        if (!lo) return lo.error();
        point = MapPoint{*la, *lo};
    }
    auto d = district(ocd_id);
    if (!d) return d.error();
    DistrictMapInput in;
    in.district = d->district;
    for (const auto& t : d->municipalities)
        in.towns.emplace_back(t.geoid, t.name);
    in.data_as_of = d_->as_of;
    return atlas_of(*d_)->district_map(in, point);
}

} // namespace masscivic::server
