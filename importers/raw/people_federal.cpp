// Massachusetts' members of Congress from unitedstates/congress-legislators: the current
// term (terms[-1]) with state MA, DC office, in-state district offices and social media.
#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

namespace masscivic::import::people {

namespace {

const std::string kUpstream = "https://github.com/unitedstates/congress-legislators";

std::string bioguide_of(const YAML::Node& entry, const std::string& where) {
    auto ids = entry["id"];
    if (!ids || !ids.IsMap()) throw InputError(where + ": 'id' is missing");
    return required_text(ids, "bioguide", where + ": id");
}

// Indexes a file that is a list of {id: {bioguide: ...}, ...} entries by bioguide id.
std::map<std::string, YAML::Node> by_bioguide(const std::filesystem::path& file) {
    auto doc = load_yaml(file);
    if (!doc.IsSequence()) throw InputError(file.string() + ": expected a list of legislators");
    std::map<std::string, YAML::Node> out;
    for (std::size_t i = 0; i < doc.size(); ++i)
        out[bioguide_of(doc[i], file.string() + ": entry " + std::to_string(i))] = doc[i];
    return out;
}

std::string join_address(std::initializer_list<std::string> parts, const char* sep) {
    std::string out;
    for (const auto& p : parts)
        if (!p.empty()) out += (out.empty() ? "" : sep) + p;
    return out;
}

void add_district_offices(Registry& reg, const std::string& id, const YAML::Node& entry,
                          const std::string& where) {
    for (const auto& o : sequence(entry, "offices", where)) {
        auto ow = where + ": offices";
        auto state_zip = join_address({text(o, "state", ow), text(o, "zip", ow)}, " ");
        auto address = join_address({text(o, "building", ow), text(o, "address", ow),
                                     text(o, "suite", ow), text(o, "city", ow), state_zip},
                                    ", ");
        reg.add_office({{"official_id", id},
                        {"kind", "district"},
                        {"address", address},
                        {"phone", text(o, "phone", ow)},
                        {"fax", text(o, "fax", ow)},
                        {"source", kCongress}});
    }
}

void add_social_links(Registry& reg, const std::string& id, const YAML::Node& entry,
                      const std::string& where) {
    auto social = entry["social"];
    if (!social || !social.IsMap()) return;
    for (const char* kind : {"twitter", "facebook", "youtube", "instagram", "mastodon"}) {
        auto value = text(social, kind, where + ": social");
        // Channels without a user name are known only by their id.
        if (value.empty() && std::string(kind) == "youtube")
            value = text(social, "youtube_id", where + ": social");
        if (!value.empty())
            reg.add_link({{"official_id", id}, {"kind", kind}, {"value", value}, {"source", kCongress}});
    }
}

}  // namespace

void import_congress(Snapshot& snap, Registry& reg) {
    const auto as_of = snap.source(kCongress).as_of;
    auto dir = snap.raw("congress-legislators");
    auto file = dir / "legislators-current.yaml";
    auto doc = load_yaml(file);
    if (!doc.IsSequence()) throw InputError(file.string() + ": expected a list of legislators");
    auto district_offices = by_bioguide(dir / "legislators-district-offices.yaml");
    auto social_media = by_bioguide(dir / "legislators-social-media.yaml");
    std::set<std::string> seats;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        auto where = file.string() + ": entry " + std::to_string(i);
        auto terms = sequence(doc[i], "terms", where);
        if (terms.empty()) throw InputError(where + ": no terms");
        const auto& term = terms.back();
        auto tw = where + ": terms[" + std::to_string(terms.size() - 1) + "]";
        if (text(term, "state", tw) != "MA") continue;
        auto bioguide = bioguide_of(doc[i], where);
        auto type = text(term, "type", tw);
        std::string division = kStateDivision, office, title;
        if (type == "sen") {
            office = "us_senator";
            title = "U.S. Senator";
            division = kStateDivision;
        } else if (type == "rep") {
            auto district = required_text(term, "district", tw);
            if (district.find_first_not_of("0123456789") != std::string::npos)
                throw InputError(tw + ": district is not a number: '" + district + "'");
            office = "us_representative";
            title = "U.S. Representative";
            division = std::string(kStateDivision) + "/cd:" + district;
            check_division(snap, Chamber::Congress, division, tw);
        } else {
            throw InputError(tw + ": unknown term type '" + type + "'");
        }
        if (office == "us_representative" && !seats.insert(division).second)
            throw InputError(tw + ": two current representatives for " + division);
        auto name = doc[i]["name"];
        if (!name || !name.IsMap()) throw InputError(where + ": 'name' is missing");
        auto full = text(name, "official_full", where + ": name");
        auto first = required_text(name, "first", where + ": name");
        auto last = required_text(name, "last", where + ": name");
        auto id = "bioguide:" + bioguide;
        reg.add_official(
            {{"id", id},
             {"name", full.empty() ? first + " " + last : full},
             {"given_name", first},
             {"family_name", last},
             {"party", party_name(text(term, "party", tw))},
             {"level", "federal"},
             {"office", office},
             {"title", title},
             {"division_id", division},
             {"phone", text(term, "phone", tw)},
             {"address", text(term, "address", tw)},
             // Derived from the id (the data has no photo field): rules doc, "Congress".
             {"photo_url", "https://bioguide.congress.gov/bioguide/photo/" + bioguide.substr(0, 1) +
                               "/" + bioguide + ".jpg"},
             {"profile_url", "https://bioguide.congress.gov/search/bio/" + bioguide},
             {"website", text(term, "url", tw)},
             {"contact_form", text(term, "contact_form", tw)},
             {"bioguide_id", bioguide},
             {"start_date", date_text(term, "start", tw)},
             {"end_date", date_text(term, "end", tw)},
             {"verified", "1"},
             {"source", kCongress},
             {"source_url", kUpstream + "/blob/main/legislators-current.yaml"},
             {"as_of", as_of}},
            where);
        reg.add_office({{"official_id", id},
                        {"kind", "capitol"},
                        {"address", text(term, "address", tw)},
                        {"phone", text(term, "phone", tw)},
                        {"fax", text(term, "fax", tw)},
                        {"source", kCongress}});
        if (auto it = district_offices.find(bioguide); it != district_offices.end())
            add_district_offices(reg, id, it->second, "legislators-district-offices.yaml " + bioguide);
        if (auto it = social_media.find(bioguide); it != social_media.end())
            add_social_links(reg, id, it->second, "legislators-social-media.yaml " + bioguide);
    }
    add_missing_vacancies(snap, Chamber::Congress, seats, "us_representative", kCongress, as_of,
                          "No current member for this district in congress-legislators.");
}

}  // namespace masscivic::import::people
