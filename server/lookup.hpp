// The Lookup facade: every query the service answers, over one immutable loaded dataset.
// No HTTP types here: calls take plain request structs of raw strings (validated here, so
// the rules are unit-testable) and return a plain answer or an Error.
//
// A Lookup is loaded once from a database file and never changes; a reload builds a new
// one and swaps a shared_ptr, so requests in flight finish on the data they started with.
#pragma once

#include "result.hpp"
#include "types.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace masscivic::server {

struct LookupRequest {
    Text town, ward, precinct, zip, lat, lon, q, address;
};

struct MunicipalityFilter {
    Text county, legislative_body, form_of_government;
};

struct OfficialQuery {
    Text q, chamber, party, committee, town, page, per_page;
};

struct LocalActionQuery {
    Text topic, status, county;
};

struct SponsorQuery {
    Text toolkit, town, bill;
};

// The OCD id of a Massachusetts county by its name ("Worcester" ->
// "ocd-division/country:us/state:ma/county:worcester").
std::string ocd_county_id(const std::string& county);

class Lookup {
  public:
    struct Options {
        std::filesystem::path db_path;
        // Overrides the toolkits stored in the database (an operator's quick fix); empty:
        // use the database's copy, read from datasets/toolkits.json at import.
        std::filesystem::path toolkits_path;
    };

    // Loads the whole dataset (opened read-only). Throws std::runtime_error / SqliteError
    // with a readable message when the file is missing or not a masscivic database.
    static std::shared_ptr<const Lookup> open(const Options& options);
    ~Lookup();
    Lookup(const Lookup&) = delete;
    Lookup& operator=(const Lookup&) = delete;

    // /v1/lookup: exactly one of town(+ward,precinct) | zip | lat+lon | q | address.
    Result<PlaceAnswer> lookup(const LookupRequest& request) const;
    Result<std::vector<MunicipalitySummary>> municipalities(const MunicipalityFilter& f) const;
    Result<MunicipalityDetail> municipality(std::string_view name) const;
    Result<DistrictDetail> district(std::string_view ocd_id) const;
    // Any OCD division we know (country, state, county, district, town) and, when
    // recursive, every known division under it (divisions.cpp).
    Result<DivisionAnswer> division(std::string_view ocd_id, bool recursive) const;
    Result<OfficialPage> officials(const OfficialQuery& query) const;
    Result<ToolkitList> toolkits(const Text& town) const;
    // /v1/sponsors (sponsors.cpp): ranked local and state sponsors for a toolkit or bill.
    Result<SponsorList> sponsors(const SponsorQuery& query) const;
    // /v1/local-actions (local_actions.cpp): what towns already did, by topic/status/county.
    Result<LocalActionList> local_actions(const LocalActionQuery& query) const;
    // /v1/maps/*.svg (maps.cpp): the towns coloured by their status on a local-action topic,
    // and one district with the towns it covers (lat+lon: that point marked). Rendered once
    // per dataset and kept; a marked point is drawn on a copy.
    Result<std::shared_ptr<const std::string>> local_actions_map(const Text& topic) const;
    Result<std::shared_ptr<const std::string>> district_map(std::string_view ocd_id,
                                                            const Text& lat,
                                                            const Text& lon) const;

    // Bulk export (export.cpp): each public table (the snapshot's tables) as CSV, and the
    // database file this dataset was loaded from, byte for byte. Built once per dataset.
    static const std::vector<std::string>& export_tables();
    Result<std::shared_ptr<const std::string>> export_csv(std::string_view table) const;
    std::shared_ptr<const std::string> export_database() const;

    const std::string& data_as_of() const;
    // Changes whenever the database file changes (ETag material).
    const std::string& fingerprint() const;
    std::size_t municipality_count() const;

    struct Data;

  private:
    Lookup();
    std::unique_ptr<Data> d_;
};

} // namespace masscivic::server
