#include "placement.hpp"

#include <algorithm>
#include <set>

namespace masscivic::geocode {

namespace {

Placement ambiguous(std::set<SetId> sets, const Run* near) {
    Placement p;
    p.candidates.assign(sets.begin(), sets.end());
    if (near) p.lat = near->lat, p.lon = near->lon;
    return p;
}

}  // namespace

Placement place_number(const StreetRuns& street, long number) {
    const bool odd = number % 2 != 0;
    auto side_begin = std::find_if(street.runs.begin(), street.runs.end(),
                                   [&](const Run& r) { return r.odd == odd; });
    auto side_end = std::find_if(side_begin, street.runs.end(), [&](const Run& r) { return r.odd != odd; });
    // The first run on this side that ends at or after the number.
    auto after = std::find_if(side_begin, side_end, [&](const Run& r) { return r.high >= number; });
    const Run* before = after == side_begin ? nullptr : &*(after - 1);
    const Run* next = after == side_end ? nullptr : &*after;
    const Run* near = next ? next : before;
    if (!near && !street.runs.empty()) near = &street.runs.front();

    Placement p;
    if (near) p.lat = near->lat, p.lon = near->lon;
    // Runs of different sets may meet at one number (two parcels "12" on either side of a
    // boundary): then that number is ambiguous between them.
    std::set<SetId> holding;
    for (auto r = after; r != side_end && r->low <= number; ++r)
        if (r->high >= number) holding.insert(r->set);
    if (holding.size() > 1) return ambiguous(std::move(holding), next);
    if (next && next->low <= number) {
        p.kind = Placement::Kind::AddressPoint;
        p.set = next->set;
        p.lat = next->lat, p.lon = next->lon;
        return p;
    }
    if (before && next && before->set == next->set) {
        p.kind = Placement::Kind::Interpolated;
        p.set = next->set;
        // The run whose end is nearer in house numbers.
        if (number - before->high < next->low - number) p.lat = before->lat, p.lon = before->lon;
        return p;
    }
    if (street.whole_set) {
        p.kind = Placement::Kind::Interpolated;
        p.set = *street.whole_set;
        return p;
    }
    std::set<SetId> sets;
    if (before) sets.insert(before->set);
    if (next) sets.insert(next->set);
    if (sets.size() < 2)  // beyond the end of this side: any set of the street is possible
        for (const auto& r : street.runs) sets.insert(r.set);
    if (sets.size() == 1) {  // every numbered point of the street is in this one set
        p.kind = Placement::Kind::Interpolated;
        p.set = *sets.begin();
        return p;
    }
    return ambiguous(std::move(sets), near);
}

std::vector<const Run*> runs_around(const StreetRuns& street, long number) {
    const bool odd = number % 2 != 0;
    std::vector<const Run*> holding;
    const Run *before = nullptr, *next = nullptr;
    for (const auto& r : street.runs) {
        if (r.odd != odd) continue;
        if (r.low <= number && r.high >= number) holding.push_back(&r);
        if (r.high < number) before = &r;
        if (r.low > number && !next) next = &r;
    }
    if (!holding.empty()) return holding;
    if (!before || !next) return {};
    return {before, next};
}

}  // namespace masscivic::geocode
