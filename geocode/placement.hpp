// Placing a house number on a street from the runs the importer built: per street and
// side (odd / even numbers), runs of consecutive address points that share one district
// set, each with a representative point. Never a silent guess:
//   - inside a run                                   -> AddressPoint (exact)
//   - between two runs of the same set on that side,
//     or anywhere on a street wholly in one set      -> Interpolated (exact)
//   - otherwise                                      -> Ambiguous, with every candidate set
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace masscivic::geocode {

using SetId = std::uint32_t;  // an address district set (House, Senate, Congress, Council)

struct Run {
    bool odd = false;
    long low = 0, high = 0;  // house numbers of the first and last point
    SetId set = 0;
    double lat = 0, lon = 0;  // representative point (the run's middle address point)
};

struct StreetRuns {
    std::vector<Run> runs;          // sorted by (odd, low)
    std::optional<SetId> whole_set;  // every point of the street, numbered or not, in one set
};

struct Placement {
    enum class Kind { AddressPoint, Interpolated, Ambiguous };
    Kind kind = Kind::Ambiguous;
    SetId set = 0;                  // AddressPoint / Interpolated
    std::vector<SetId> candidates;  // Ambiguous: the sets it may be in, sorted
    double lat = 0, lon = 0;        // the nearest run's point (0,0 when the street has none)
};

Placement place_number(const StreetRuns& street, long number);

// The runs a number shares its surroundings with: the runs of its side holding it, else the
// runs just before and after it on its side; empty beyond either end of the side. Where runs
// are also cut at precinct lines (Cambridge), the number is in a precinct when all of these
// runs' points are (server/answer.hpp name_precinct).
std::vector<const Run*> runs_around(const StreetRuns& street, long number);

}  // namespace masscivic::geocode
