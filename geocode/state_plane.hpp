// Massachusetts State Plane, mainland zone (EPSG:26986, NAD83, metres) to longitude /
// latitude: the parcel points' CRS to the one the boundary files use. A Lambert conformal
// conic with two standard parallels, inverted with the formulas of Snyder, "Map
// Projections: A Working Manual" (USGS 1987), pp. 104-110. One fixed projection does not
// justify PROJ as a new dependency; the unit test checks district-boundary vertices given
// in both CRSs by MassGIS. NAD83 and WGS84 differ by about a metre here, which is ignored.
#pragma once

namespace masscivic::geocode {

struct LonLat {
    double lon = 0, lat = 0;
};

LonLat state_plane_to_lonlat(double x_m, double y_m);

}  // namespace masscivic::geocode
