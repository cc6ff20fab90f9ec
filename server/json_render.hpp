// Facade answers -> JSON text (RapidJSON). The shapes are the contract in docs/API.md and
// server/openapi.json.
#pragma once

#include "result.hpp"
#include "types.hpp"

#include <string>
#include <vector>

namespace masscivic::server {

std::string render(const PlaceAnswer& a);
// One official's object with "seat_relation": null: what every listing writes for them
// (pre-rendered into Official::json when the dataset loads).
std::string render(const Official& o);
// A district's object and a town's brief object, as answers list them (pre-rendered into
// District::json and Municipality::brief_json when the dataset loads).
std::string render(const District& d);
std::string render_brief(const Municipality& m);
std::string render(const std::vector<MunicipalitySummary>& list);
std::string render(const MunicipalityDetail& m);
std::string render(const DistrictDetail& d);
std::string render(const OfficialPage& p);
std::string render(const ToolkitList& t);
std::string render(const SponsorList& s);
// The same ranked list as CSV, one row per candidate (local first), for spreadsheets.
std::string render_csv(const SponsorList& s);
std::string render(const LocalActionList& l);
// The same actions as CSV, one row per action, in the JSON's order.
std::string render_csv(const LocalActionList& l);
// {"error": {"code", "message"}}; lookups that find nothing also carry "status": "not_found".
std::string render_error(const Error& e, bool with_status = false);

} // namespace masscivic::server
