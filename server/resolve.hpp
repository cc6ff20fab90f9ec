// Input -> place: what a query means. Each resolver validates its raw input, finds the
// municipality (and ward/precinct, or point) it names, and hands over to answer.hpp to build
// the answer. Private to server/.
//
//   resolve.cpp          names (towns, villages, postal names; suggestions for typos), ZIP codes,
//                        points (lat/lon), town + ward/precinct, and free text (q=) dispatch
//   resolve_address.cpp  street addresses (free text that parses as an address)
#pragma once

#include "address.hpp"
#include "lookup_data.hpp"
#include "query_text.hpp"
#include "result.hpp"
#include "types.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace masscivic::server {

// ---- names (resolve.cpp)

struct NameMatch {
    std::vector<Data::Name> places; // one per town; empty when unknown
    std::string key;
};

// Exact (normalised) name match. A name that is some town's official name means that
// town, even if a village elsewhere shares it.
NameMatch match_name(const Data& d, std::string_view text);
// Fills d.run_together_names from d.names (at load).
void index_run_together_names(Data& d);
// Fills d.family_names from d.officials (at load, after the officials).
void index_family_names(Data& d);
// Close spellings of an unknown name key, best first (at most 5).
std::vector<Suggestion> suggest(const Data& d, const std::string& key);
// Resolves a name that must mean exactly one municipality (path parameters, filters).
Result<const Municipality*> one_town(const Data& d, std::string_view name,
                                     const std::string& param);

// A latitude or longitude parameter: a plain decimal number within +-limit degrees.
Result<double> parse_coordinate(const std::string& raw, const std::string& param, double limit);

// ---- whole queries (resolve.cpp); `param` names the request parameter in errors

// A place name, optionally with a ward and/or precinct (already normalised, may be empty).
Result<PlaceAnswer> by_name(const Data& d, const std::string& text, const std::string& ward,
                            const std::string& precinct, const std::string& param);
Result<PlaceAnswer> by_zip(const Data& d, const std::string& raw);
Result<PlaceAnswer> by_point(const Data& d, const std::string& lat_s, const std::string& lon_s);
// q=: parses the text (query_text.hpp) and dispatches to one of the resolvers.
Result<PlaceAnswer> by_free_text(const Data& d, const std::string& q);

// ---- street addresses (resolve_address.cpp)

// Fills d.set_answers (at load, once the officials and the address data are in).
void index_set_answers(Data& d);
// The text as a street address (geocode/address.hpp), with the dataset's place names
// telling the town from the street; nullopt when it does not read as one.
std::optional<geocode::ParsedAddress> parse_street_address(const Data& d, std::string_view text);
// A parsed street address -> its districts (exact), the candidates (ambiguous) or the town.
Result<PlaceAnswer> by_street_address(const Data& d, const geocode::ParsedAddress& pa);
// address=: validates and parses the text, then by_street_address.
Result<PlaceAnswer> by_address_text(const Data& d, const std::string& text, const std::string& param);
// Free text query_text took for an address that the geocoder cannot read: the town only.
Result<PlaceAnswer> by_address(const Data& d, const ParsedQuery& pq);

} // namespace masscivic::server
