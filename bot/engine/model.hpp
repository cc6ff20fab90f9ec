// The lookup server's answers as plain structs. Parsing is tolerant: a missing or
// mistyped field becomes empty, so a server that adds or drops fields never crashes the bot.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

namespace masscivic::bot {

struct Official {
    std::string name, office, title, party, district, note;
    std::string email, phone, website, contact_form, profile_url;
    bool vacant = false;
    bool verified = true;
    std::string reason;  // why a sponsor list names them
    std::vector<std::pair<std::string, std::string>> committees;  // name, role
};

struct Candidate {  // one possible district when the place is split
    std::string chamber, district;
    std::vector<Official> officials;
};

// How a street address was placed (the "address" object of an address answer).
struct AddressMatch {
    std::string match;       // address_point | interpolated | street | town
    std::string normalized;  // display form
    bool covered = true;     // false: the parcel data does not cover this town (Boston, ...)
    bool has_point = false;
    double lat = 0, lon = 0;
    std::vector<std::string> did_you_mean;  // street suggestions
};

struct DistrictRef {
    std::string ocd_id, chamber, display_name;
};

struct LookupAnswer {
    std::string status;  // exact | ambiguous | suggestions | not_found
    std::string interpreted_as, explanation;
    std::string municipality, village, ward, precinct;
    std::vector<Official> federal, state, local;
    std::vector<Candidate> candidates;  // ambiguity.candidates
    std::vector<std::string> needs;     // ambiguity.needs
    std::vector<std::string> suggestions;
    std::vector<std::string> towns;  // ambiguity.municipalities: the place spans these towns
    std::vector<std::string> missing;
    std::string data_as_of;
    std::optional<AddressMatch> address;
    std::vector<DistrictRef> districts;  // the place's districts (only the certain ones)

    std::vector<Official> all_officials() const;
    bool chamber_uncertain(const std::string& chamber) const;
};

struct Clerk {
    std::string phone, email, address;
};

// Something the town already did on a topic (an ordinance passed, a vote), with its source.
struct LocalAction {
    std::string toolkit, title, date, status, url;  // status: passed | failed | pending | funded
    bool verified = false;  // compiled from news and advocacy pages, not an official record
};

struct Municipality {
    std::string name, kind, county, legislative_body, form_of_government;
    std::string chief_executive_title, policy_board, website;
    Clerk clerk;
    bool has_wards = false;  // the server's flag; when absent, cities have wards and towns not
    std::vector<LocalAction> local_actions;
    std::vector<Official> officials;
    std::vector<std::string> missing;
};

struct Toolkit {
    std::string id, name, summary;
    std::vector<std::pair<std::string, std::string>> links;  // title, url
    std::string local_body, local_how;
};

struct SponsorList {
    std::vector<Official> people;
    std::vector<std::string> notes;
};

LookupAnswer parse_lookup(const rapidjson::Value& json);
Municipality parse_municipality(const rapidjson::Value& json);
std::vector<Toolkit> parse_toolkits(const rapidjson::Value& json);
SponsorList parse_sponsors(const rapidjson::Value& json);
std::vector<Official> parse_officials(const rapidjson::Value& json);  // {"officials": [...]}

// Maps an office code to the chamber name the server uses for ambiguity candidates.
std::string chamber_of_office(const std::string& office);
// Office groups a question may ask for: "local_leaders" (mayor, select board, council) and
// "state_legislators" (state senator and state representative).
bool is_office_group(const std::string& wanted);
// Whether an official holding `office` is what `wanted` (an office code or group) asks for.
bool office_is(const std::string& wanted, const std::string& office);

}  // namespace masscivic::bot
