// Plain answer structs returned by the Lookup facade. Values, not views: an answer stays
// valid after the dataset it came from is swapped out by a reload.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace masscivic::server {

using Text = std::optional<std::string>; // nullable column / JSON null

struct OfficeContact {
    std::string kind; // capitol, district
    Text address, phone, fax;
};

struct CommitteeRole {
    std::string id, name, role;
};

struct Channel {
    std::string kind, id; // twitter, facebook, youtube, instagram, mastodon; the handle
};

// The latest general or special election the official won for their seat (official
// results): how safe the seat is.
struct LastElection {
    std::string date;
    long long year = 0;
    std::string share; // percent of the votes cast for candidates, "56.6"
    bool opposed = false, special = false;
    long long candidates = 0;
    std::string source, source_url;
};

// A bill of the current session that an official backs, from an advocacy group's
// compilation (not the Legislature's record): `source` says which.
struct SessionBill {
    std::string id, title;          // "194-safe-communities-act", "Safe Communities Act"
    std::string session;            // "194th"
    Text house_number, senate_number, house_status, senate_status, url;
    std::string role;               // lead | cosponsor
    std::string source;
};

struct Official {
    std::string id; // empty for a vacancy
    Text name;      // null for a vacancy
    std::string level, office, title;
    Text party;
    std::string division_id;
    Text district; // district display name, or municipality name for local seats
    Text email, phone, address, photo_url, profile_url, website, contact_form;
    std::vector<OfficeContact> offices;
    std::vector<CommitteeRole> committees;
    std::vector<Channel> channels; // social accounts
    std::optional<LastElection> last_election; // legislators, councillors, U.S. House
    std::vector<SessionBill> session_bills;    // legislators: current-session bills they back
    bool vacant = false;
    bool verified = true;
    Text note; // vacancies: why the seat is empty
    std::string source;
    Text source_url;
    std::string as_of;
    Text geoid; // municipality of a local official
    Text seat;  // local seat as the source names it: "Ward 4", "District 6", "At-Large"
    Text seat_division_id; // OCD division of a ward/district seat
    // Its place in the order answers list people in (office rank, then name) among every
    // official and vacancy of the dataset, set when the dataset loads, so that an answer sorts
    // by one integer instead of ranking offices by name; -1 for a record built elsewhere.
    int listing_order = -1;
    // This record as the API's JSON object (json_render.cpp), rendered once when the dataset
    // loads: answers list dozens of officials, and re-escaping their strings on every request
    // was most of an uncached lookup. Empty for a record built elsewhere (tests).
    std::string json;
};

// An official as an answer lists them. The record is the dataset's own, never copied per
// request, and valid as long as the Lookup that answered: the Service holds that Lookup until
// the answer is rendered, so a reload never frees a record an answer points to. (A shared
// pointer per listed record cost an atomic count on every copy, on cache lines both cores
// write: the statewide officials are in every answer.) What depends on the question (the
// person's ward) is kept beside it.
struct ListedOfficial {
    explicit ListedOfficial(const Official* r) : record(r) {}

    const Official* record;
    // In an answer for a known ward: "your_ward" (this ward's councillor) or "at_large"
    // (elected citywide); null otherwise.
    Text seat_relation;

    const Official& operator*() const { return *record; }
    const Official* operator->() const { return record; }
};
using OfficialList = std::vector<ListedOfficial>;

// A town's local officials as answers list them, and plain statements of what we lack.
struct LocalRoster {
    OfficialList officials;
    std::vector<std::string> missing;
};

struct OfficialGroups {
    OfficialList federal, state, local;
};

struct Clerk {
    Text address, phone, fax, email;
    std::string source, as_of;
};

struct Municipality {
    std::string geoid, name, kind, county, ocd_id;
    long long population_2020 = 0;
    std::string legislative_body, form_of_government;
    Text chief_executive_title, policy_board;
    std::optional<long long> policy_board_size, legislative_body_size;
    Text website;
    std::optional<Clerk> clerk;
    bool has_wards = false;
    bool has_precinct_map = false;  // we hold its precinct polygons (Cambridge)
    // The brief object answers name the town by (json_render.cpp), rendered when the dataset
    // loads, as Official::json is. Empty for a record built elsewhere (tests).
    std::string brief_json;
};

struct District {
    std::string ocd_id, chamber, name, display_name;
    long long number = 0;
    // The object answers list the district by, rendered when the dataset loads (empty for a
    // record built elsewhere).
    std::string json;
};

struct PrecinctRef {
    Text ward;
    std::string precinct;
    Text municipality; // set when an answer spans several towns
};

struct Candidate {
    std::string chamber;
    const District* district;  // the dataset's record
    std::vector<PrecinctRef> precincts;
    OfficialList officials;
};

struct TownChoice {
    std::string name, geoid;
    std::optional<long long> land_share_pct; // ZIPs: share of the ZIP's land in this town
};

struct Ambiguity {
    std::string reason;
    std::vector<std::string> needs; // ward_precinct, location, town
    std::string hint;
    std::vector<Candidate> candidates;
    std::vector<TownChoice> municipalities; // a name or ZIP that covers several towns
};

struct Suggestion {
    std::string name, municipality, kind;
};

struct QueryInfo {
    std::string input;          // what was asked; a street address is never echoed
    std::string interpreted_as; // town | village | alternate | postal | ward_precinct | zip | point
                                // | address
    std::string explanation;
};

// How a street address was placed (see docs/API.md, "address").
struct AddressMatch {
    std::string match;       // address_point | interpolated | street | town
    std::string normalized;  // display form: "44 Front St, Worcester, MA 01608"
    std::optional<double> lat, lon;  // the representative point, when placed
    std::string note;        // where the data comes from and how old it is
    bool covered = true;     // false where we have no address data (Boston, 5 towns)
    std::vector<std::string> did_you_mean;  // street names, when not found exactly
};

struct PlaceAnswer {
    QueryInfo query;
    std::string status; // exact | ambiguous | suggestions
    // The dataset's own records, never copied per answer: the Service holds the dataset until
    // the answer is rendered (as for ListedOfficial).
    const Municipality* municipality = nullptr;
    Text ward, precinct, zip, village;
    std::optional<double> lat, lon;
    std::vector<const District*> districts; // certain for this place
    OfficialGroups officials;
    std::optional<Ambiguity> ambiguity;
    std::vector<Suggestion> suggestions;
    std::vector<std::string> missing;
    std::string data_as_of;
    std::optional<AddressMatch> address;  // street-address queries only
};

// /civicinfo/v2/representatives/{ocdId}: one division, or it and every division under it.
struct DivisionRef {
    std::string ocd_id, name;
};

struct DivisionAnswer {
    std::vector<DivisionRef> divisions; // the one asked first, then the ones under it
    OfficialList officials;    // current office-holders of those divisions
    std::string data_as_of;
};

struct MunicipalitySummary {
    std::string name, geoid, kind, county, legislative_body, form_of_government;
};

// What a town already did on a toolkit topic: compiled from news and municipal pages, not
// official (verified is false); source_url and evidence (a quotation) say where it rests.
struct LocalAction {
    std::string municipality, geoid, county;
    std::string topic;  // sanctuary_trust | ccops | face_surveillance | body_cameras
    std::string action;
    std::string status; // passed | failed | pending | funded
    std::string date, binding, body, source_url, evidence;
    bool verified = false;
    std::string source, as_of;
};

// /v1/local-actions: every action found for the filters, and the towns with none found.
struct LocalActionList {
    std::vector<LocalAction> actions;
    Text topic, status, county;                 // the filters, normalised
    std::vector<std::string> not_found;         // municipalities (of the county) with no action
    std::string note, data_as_of;
};

struct DistrictWithPrecincts {
    District district;
    std::vector<PrecinctRef> precincts;
};

struct MunicipalityDetail {
    Municipality municipality;
    std::string how_local_laws_pass, how_to_petition;
    OfficialList officials;
    std::vector<DistrictWithPrecincts> districts;
    std::vector<LocalAction> local_actions;
    std::string local_actions_note;
    std::vector<std::string> missing;
    std::string data_as_of;
};

struct TownPrecincts {
    std::string name, geoid;
    std::vector<PrecinctRef> precincts;
};

struct DistrictDetail {
    District district;
    OfficialList officials;
    std::vector<TownPrecincts> municipalities;
    std::string data_as_of;
};

struct OfficialPage {
    OfficialList officials;
    long long page = 1, per_page = 20, total = 0;
};

struct Link {
    std::string title, url;
};

struct LocalBody {
    std::string name, how;
};

struct Toolkit {
    std::string id, name, summary;
    std::vector<Link> links;
    std::optional<LocalBody> local_body;
    std::vector<LocalAction> local_actions; // with a town: what it already did on this topic
    Text local_actions_note;
};

struct ToolkitList {
    std::vector<Toolkit> toolkits;
    std::optional<Municipality> municipality;
    Text contact;
};

// /v1/sponsors: who could carry an ordinance or a bill, ranked, each with its reasons.
struct SponsorCandidate {
    ListedOfficial official;
    long long score = 0;
    std::vector<std::string> reasons;
};

struct BillRef {
    std::string id, title;
    Text session, years, house_number, senate_number, url;
    bool current = false; // of the current session (else history)
    Text official_title, house_status, senate_status, lead_sponsors;
    std::string source;
};

struct LocalSponsors {
    LocalBody body;
    std::string how_to_petition;
    std::vector<SponsorCandidate> members; // local officials we know, verified or not
    std::vector<std::string> missing;
    std::optional<Clerk> clerk;
    Text website;
};

struct SponsorList {
    std::optional<Toolkit> toolkit; // absent when only a bill topic was asked
    Municipality municipality;
    LocalSponsors local;
    std::vector<SponsorCandidate> state; // ranked
    std::vector<LocalAction> local_actions; // what the town already did on this topic
    std::vector<BillRef> bills;
    std::vector<std::string> committees;
    std::vector<std::string> notes;
    std::vector<std::string> ranking_rules;
    std::string data_as_of, cosponsorship_as_of;
};

} // namespace masscivic::server
