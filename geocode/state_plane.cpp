#include "state_plane.hpp"

#include <cmath>

namespace masscivic::geocode {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;

// EPSG:26986 parameters (GRS 1980 ellipsoid).
constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257222101;
constexpr double kLat1 = (42.0 + 41.0 / 60.0) * kDeg;
constexpr double kLat2 = (41.0 + 43.0 / 60.0) * kDeg;
constexpr double kLat0 = 41.0 * kDeg;
constexpr double kLon0 = -71.5 * kDeg;
constexpr double kFalseEasting = 200000.0;
constexpr double kFalseNorthing = 750000.0;

struct Cone {
    double e, n, af, rho0;
};

const Cone& cone() {
    static const Cone c = [] {
        const double e = std::sqrt(2 * kF - kF * kF);
        auto m = [e](double phi) { return std::cos(phi) / std::sqrt(1 - e * e * std::sin(phi) * std::sin(phi)); };
        auto t = [e](double phi) {
            return std::tan(kPi / 4 - phi / 2) /
                   std::pow((1 - e * std::sin(phi)) / (1 + e * std::sin(phi)), e / 2);
        };
        const double n = (std::log(m(kLat1)) - std::log(m(kLat2))) / (std::log(t(kLat1)) - std::log(t(kLat2)));
        const double f = m(kLat1) / (n * std::pow(t(kLat1), n));
        return Cone{e, n, kA * f, kA * f * std::pow(t(kLat0), n)};
    }();
    return c;
}

}  // namespace

LonLat state_plane_to_lonlat(double x_m, double y_m) {
    const auto& c = cone();
    const double x = x_m - kFalseEasting;
    const double y = c.rho0 - (y_m - kFalseNorthing);
    const double rho = std::sqrt(x * x + y * y);  // n > 0 for this zone
    const double t = std::pow(rho / c.af, 1 / c.n);
    const double theta = std::atan2(x, y);
    double phi = kPi / 2 - 2 * std::atan(t);
    for (int i = 0; i < 8; ++i) {  // converges to < 1e-12 rad in 3-4 steps
        const double es = c.e * std::sin(phi);
        phi = kPi / 2 - 2 * std::atan(t * std::pow((1 - es) / (1 + es), c.e / 2));
    }
    return {(theta / c.n + kLon0) / kDeg, phi / kDeg};
}

}  // namespace masscivic::geocode
