// Google Civic Information API v2 `representatives`, as Google served it: its standard
// parameters (alt, fields, prettyPrint, key, quotaUser, callback), the includeOffices,
// levels, roles and recursive filters, its response shape and its error envelope.
// Only the /civicinfo/v2 routes use this; the masscivic extension block carries what
// Google had no place for (status, ambiguity, what the query was read as).
#pragma once

#include "result.hpp"
#include "types.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace masscivic::server {

// A parsed `fields` selector ("officials(name,phones),offices/name"); empty: everything.
struct FieldSelection {
    bool whole = true;
    std::map<std::string, FieldSelection> children;
};

struct CivicRequest {
    Text address;        // representativeInfoByAddress
    std::string ocd_id;  // representativeInfoByDivision
    bool recursive = false;
    bool include_offices = true;
    std::vector<std::string> levels, roles; // empty: no filter
    FieldSelection fields;
    bool pretty = true;   // Google's default
    std::string callback; // JSONP function name; empty: plain JSON
};

using CivicParams = std::multimap<std::string, std::string>;

// Validates every parameter (unknown ones are an error, as at Google). `by_division`: the
// {ocdId} route (recursive allowed, address and includeOffices not).
Result<CivicRequest> parse_civic_request(const CivicParams& params, bool by_division);

struct CivicBody {
    std::string text, content_type;
};
CivicBody render_civicinfo(const PlaceAnswer& a, const CivicRequest& r);
CivicBody render_civicinfo(const DivisionAnswer& a, const CivicRequest& r);

// {"error":{"code":400,"message":..,"errors":[{"domain":"global","reason":..,"message":..}],
//  "status":"INVALID_ARGUMENT"}}
std::string render_google_error(const Error& e);

// Google's `levels` and `roles` words for one of our offices.
struct CivicLevelRole {
    const char* level;
    const char* role;
};
CivicLevelRole civic_level_role(const Official& o);

} // namespace masscivic::server
