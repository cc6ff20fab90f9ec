// Shared pieces of the people importers (raw/people*.cpp): YAML reading with errors that
// name the file and key, date checks, and the registry of officials being built.
#pragma once

#include "snapshot.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace masscivic::import::people {

using Row = std::map<std::string, std::string>;

// Source folder ids (the `source` column of every row written here).
inline constexpr const char* kOpenStates = "openstates-people-ma";
inline constexpr const char* kOpenStatesMunicipal = "openstates-people-ma-municipalities";
inline constexpr const char* kCongress = "congress-legislators";
inline constexpr const char* kCivicMirror = "civicmirror-civic-data-ma";
inline constexpr const char* kActOnMass = "actonmass-bill-cosponsors";
inline constexpr const char* kMassGis = "bwbensonjr-mapoli-district-geometry-2021";
inline constexpr const char* kElections = "bwbensonjr-ma-election-db";
inline constexpr const char* kMedsl = "medsl-2024-ma-precinct-general";

inline constexpr const char* kStateDivision = "ocd-division/country:us/state:ma";

// Parses one YAML file; a syntax error or unreadable file is an InputError naming the file.
YAML::Node load_yaml(const std::filesystem::path& file);
// The *.yml / *.yaml files of a directory, sorted by name; InputError if it does not exist.
std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir);

// A scalar field of a map node as text ("" when absent or null). A field that is present
// but not a scalar is an InputError naming `where` and the key.
std::string text(const YAML::Node& node, const std::string& key, const std::string& where);
std::string required_text(const YAML::Node& node, const std::string& key,
                          const std::string& where);
// A date field: YYYY-MM-DD (YAML dates and quoted strings alike), or a partial YYYY-MM /
// YYYY when `allow_partial`; "" when absent. Anything else is an InputError.
std::string date_text(const YAML::Node& node, const std::string& key, const std::string& where,
                      bool allow_partial = false);
// YYYY-MM-DD, or also YYYY-MM / YYYY when `allow_partial`.
bool is_date(const std::string& s, bool allow_partial);
// A sequence field ("" / absent -> empty); not a sequence -> InputError.
std::vector<YAML::Node> sequence(const YAML::Node& node, const std::string& key,
                                 const std::string& where);

// True when a role that ends on `end_date` ("" = open-ended) is still held on `as_of`.
bool role_current(const std::string& end_date, const std::string& as_of);

// "Democrat" (congress-legislators) / "D" / "(D)" -> "Democratic"; others kept.
std::string party_name(const std::string& raw);

// The last path segment of a malegislature.gov profile link, URL-decoded ("L%20M0" ->
// "L M0"); nullopt when the URL is not a profile link.
std::optional<std::string> profile_member_code(const std::string& url);

// Officials collected from every source before they are written, so later sources can
// be checked against earlier ones (committee members, bill sponsors, vacancies).
class Registry {
public:
    // Adds an official row (must carry id, name, office, level, title, division_id,
    // verified, source, as_of). A second row with the same id is an InputError at `where`.
    void add_official(Row row, const std::string& where);
    bool has(const std::string& id) const { return officials_.count(id) != 0; }
    const Row* find(const std::string& id) const;
    const std::map<std::string, Row>& officials() const { return officials_; }
    // Offices and links are written at the end only for officials still present.
    void add_office(Row row) { offices_.push_back(std::move(row)); }
    void add_link(Row row) { links_.push_back(std::move(row)); }
    void remove(const std::string& id) { officials_.erase(id); }
    // Writes officials, official_offices and official_links (links de-duplicated).
    void write(Snapshot& snap) const;

private:
    std::map<std::string, Row> officials_;
    std::vector<Row> offices_;
    std::vector<Row> links_;
};

// The parts of import_people, in the order they run (raw/people_*.cpp).
void import_legislators(Snapshot& snap, Registry& reg);      // + vacancies, MassGIS cross-check
void import_executives(Snapshot& snap, Registry& reg);       // statewide officers
// One general-election contest of a current seat (raw/people_elections.cpp).
struct Contest {
    std::string office, division_id, date, winner, party, share, incumbent, url, where;
    bool special = false, opposed = false;
    long long votes = 0, candidates = 0;
};
// The contests since the 2021 plans took effect (2022 on), by division, oldest first.
std::map<std::string, std::vector<Contest>> read_elections(Snapshot& snap);
// Governor's Council: the winners of the latest election per district (2024), the MassGIS
// roster of 2023 only a cross-check (datasets/rules/people.md).
void import_governors_council(Snapshot& snap, Registry& reg,
                              const std::map<std::string, std::vector<Contest>>& elections);
// Writes election_results (linked to the current holders) and reports every seat whose
// holder is not the winner of its latest election.
void import_election_results(Snapshot& snap, const Registry& reg,
                             const std::map<std::string, std::vector<Contest>>& elections);
void import_congress(Snapshot& snap, Registry& reg);
void import_committees(Snapshot& snap, const Registry& reg);
void import_local_officials(Snapshot& snap, Registry& reg);
void import_bills(Snapshot& snap, const Registry& reg);
// The 194th session's agenda bills, co-sponsors and scored roll calls (people_scorecard.cpp).
void import_scorecard(Snapshot& snap, const Registry& reg);

// "ranking  member" -> "ranking member" (lower case, whitespace runs collapsed).
std::string normalize_committee_role(const std::string& raw);

// Office code of a local role ("Select Board Member" -> select_board_member; generic
// roles such as "Chair" are read with the body's name); other_local when none fits.
std::string local_office(const std::string& role, const std::string& body);
// The OCD division of a ward or district seat ("Ward 4" -> <town_ocd>/ward:4, a council's
// "District 6" -> <town_ocd>/council_district:6); "" for at-large and other seats.
std::string seat_division(const std::string& town_ocd, const std::string& seat,
                          const std::string& office);
// Two spellings of one person's name ("Brian DePena" / "Brian A. De Peña").
bool same_local_person(const std::string& a, const std::string& b);

// "H.2288" / "H2288" / "HD.3491" / "H.872 " -> "H.2288" ... ; nullopt if not a bill number.
std::optional<std::string> normalize_bill_number(const std::string& raw);

// Registers a source unless an earlier importer already did (MassGIS is shared with the
// districts importer).
void ensure_source(Snapshot& snap, SourceInfo info);

// Checks a division id built from a number (cd:N, governors_council:N) against the
// districts the districts importer registered for that chamber, if it registered any.
void check_division(const Snapshot& snap, Chamber chamber, const std::string& division,
                    const std::string& where);

// A vacancy row for each registered district of `chamber` not in `covered` (every
// district has an official or a vacancy).
void add_missing_vacancies(Snapshot& snap, Chamber chamber, const std::set<std::string>& covered,
                           const std::string& office, const std::string& source,
                           const std::string& as_of, const std::string& note);

// Reads `<ModDate>YYYYMMDD</ModDate>` from an ArcGIS metadata file -> "YYYY-MM-DD".
std::string arcgis_mod_date(const std::filesystem::path& xml);

}  // namespace masscivic::import::people
