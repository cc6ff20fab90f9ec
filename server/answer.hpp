// Place -> districts and officials: how an answer is built once resolve.cpp knows which
// town (and which of its precincts, or which point) a query means. Private to server/.
#pragma once

#include "lookup_data.hpp"
#include "types.hpp"

#include <string>
#include <vector>

namespace masscivic::server {

// The order officials are listed in (federal, statewide, district, local; then by name).
bool official_before(const Official& a, const Official& b);
// "A, B and C".
std::string join_names(const std::vector<std::string>& names);
// "Ward 2 Precinct 1" or "Precinct 3".
std::string precinct_label(const Text& ward, const std::string& precinct);

// Indexes into d.precincts of one town's precincts (empty when we have none).
const std::vector<std::size_t>& town_precincts(const Data& d, const std::string& geoid);
// The same order for listed officials.
bool listed_before(const ListedOfficial& a, const ListedOfficial& b);
// Members (and vacancies) of one division, in listing order.
OfficialList division_officials(const Data& d, const std::string& division);
// Adds one district's members to an answer, or says that we have none.
void add_district_officials(const Data& d, const District& dist, PlaceAnswer& a);
// Local officials of one town, and plain statements of what we lack: built for every town
// when the dataset loads (Data::local_rosters), and appended by add_local from there.
LocalRoster local_roster(const Data& d, const Municipality& m);
// The statewide division's members by level (Data::statewide, built when the dataset loads).
OfficialGroups statewide_groups(const Data& d);
void add_local(const Data& d, const Municipality& m, OfficialList& out,
               std::vector<std::string>& missing);

// Fills districts, officials and ambiguity from the precincts an answer covers.
void fill_from_precincts(const Data& d, const std::vector<std::size_t>& pcts, bool multi_town,
                         PlaceAnswer& a);
// The answer for one town, restricted to the given precincts of it.
PlaceAnswer town_answer(const Data& d, const Municipality& m, const std::vector<std::size_t>& pcts);
// The answer for a name or ZIP that spans several towns: the choice is left to the person.
PlaceAnswer multi_town_answer(const Data& d, const std::vector<TownChoice>& choices,
                              const std::string& reason);
// Adds statewide officials, orders everything and sets the status (exact / ambiguous):
// finish_officials, then settle_status. The two halves are apart for answers whose officials
// were finished ahead (Data::set_answers).
void finish(PlaceAnswer& a, const Data& d);
// Keeps the ward's local seats (focus), puts the statewide officers in, orders every group.
void finish_officials(PlaceAnswer& a, const Data& d);
// Status (exact / ambiguous, with what would settle it) and the data's date.
void settle_status(PlaceAnswer& a, const Data& d);
// Where we have precinct polygons (Cambridge): names the answer's ward and precinct when every
// point given lies in one precinct polygon whose crosswalk row has exactly the answer's
// districts, and says so in the explanation. Anywhere else, or when they disagree (a point near
// a precinct line), ward and precinct stay null.
struct LatLon {
    double lat = 0, lon = 0;
};
void name_precinct(const Data& d, const Municipality& m, const std::vector<LatLon>& points,
                   PlaceAnswer& a);
// A town's districts in every chamber, each with the town's precincts in it.
std::vector<DistrictWithPrecincts> town_districts(const Data& d, const Municipality& m);

} // namespace masscivic::server
