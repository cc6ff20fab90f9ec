// GeoJSON polygons of the boundaries table as Boost.Geometry shapes in a local metric plane:
// one reader for the point index (geo_index.cpp) and the map renderer (maps.cpp).
#pragma once

#include <boost/geometry.hpp>

#include <string>

namespace masscivic::server::geo {

using Point = boost::geometry::model::d2::point_xy<double>;
using Polygon = boost::geometry::model::polygon<Point>;
using MultiPolygon = boost::geometry::model::multi_polygon<Polygon>;

// lon/lat degrees -> metres on a plane tangent at 42.2°N: equal-area enough across
// Massachusetts for containment, distances of tens of metres and drawing.
Point project(double lon, double lat);

// A Polygon or MultiPolygon geometry (JSON text), projected and corrected (ring orientation
// and closure differ between sources); std::runtime_error when it is anything else.
MultiPolygon read_geometry(const std::string& json);

}  // namespace masscivic::server::geo
