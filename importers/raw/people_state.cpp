// State legislators (Open States), vacant seats, the MassGIS roster cross-check,
// statewide executives and the Governor's Council. Rules: datasets/rules/people.md.
#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <algorithm>
#include <tuple>

namespace masscivic::import::people {

namespace {

struct Holder {  // someone who held a legislative seat, from one source
    std::string name, member_code, end_date, evidence;
};

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const char* office_of(Chamber c) {
    return c == Chamber::House ? "state_representative" : "state_senator";
}

// The Open States role types for the two chambers.
std::optional<Chamber> chamber_of_role(const std::string& type) {
    if (type == "lower") return Chamber::House;
    if (type == "upper") return Chamber::Senate;
    return std::nullopt;
}

// The party currently held (the entry without end_date).
std::string current_party(const YAML::Node& person, const std::string& where) {
    for (const auto& p : sequence(person, "party", where))
        if (text(p, "end_date", where + ": party").empty()) return text(p, "name", where);
    return "";
}

// member code: extras "member code", else the profile link that matches the photo's
// code, else the last profile link (3 files lack the extra; codes are in their links).
std::string member_code(const YAML::Node& person, const std::vector<std::string>& profiles,
                        const std::string& where) {
    auto extras = person["extras"];
    if (extras && extras.IsMap()) {
        auto code = text(extras, "member code", where + ": extras");
        if (!code.empty()) return code;
    }
    auto image = text(person, "image", where);
    for (const auto& p : profiles)
        if (!p.empty() && image.find("/" + p + ".jpg") != std::string::npos) return p;
    return profiles.empty() ? "" : profiles.back();
}

void add_offices(Registry& reg, const std::string& id, const YAML::Node& person,
                 const std::string& source, const std::string& where, Row& official) {
    for (const auto& o : sequence(person, "offices", where)) {
        auto kind = text(o, "classification", where + ": offices");
        Row office{{"official_id", id},
                   {"kind", kind.empty() ? "office" : kind},
                   {"address", text(o, "address", where + ": offices")},
                   {"phone", text(o, "voice", where + ": offices")},
                   {"fax", text(o, "fax", where + ": offices")},
                   {"source", source}};
        // The main office's address/phone become the official's own contact fields.
        if ((kind == "capitol" || kind == "primary") && official["phone"].empty() &&
            official["address"].empty()) {
            official["address"] = office["address"];
            official["phone"] = office["phone"];
        }
        if (!office["address"].empty() || !office["phone"].empty() || !office["fax"].empty())
            reg.add_office(std::move(office));
    }
}

std::string first_source_url(const YAML::Node& person, const std::string& where) {
    for (const auto& s : sequence(person, "sources", where)) {
        auto url = text(s, "url", where + ": sources");
        if (!url.empty()) return url;
    }
    return "";
}

struct Seat {
    Chamber chamber;
    std::string division_id, district_name;
};

struct CurrentSeat {
    Chamber chamber;
    std::string district, start;
    std::size_t index;  // in roles[]
};

// The House or Senate role still held on `as_of`; two are an error, none is nullopt.
std::optional<CurrentSeat> current_seat(const YAML::Node& person, const std::string& as_of,
                                        const std::string& where) {
    std::vector<CurrentSeat> current;
    auto roles = sequence(person, "roles", where);
    for (std::size_t i = 0; i < roles.size(); ++i) {
        auto rw = where + ": roles[" + std::to_string(i) + "]";
        auto chamber = chamber_of_role(text(roles[i], "type", rw));
        if (!chamber || !role_current(date_text(roles[i], "end_date", rw), as_of)) continue;
        current.push_back({*chamber, text(roles[i], "district", rw),
                           date_text(roles[i], "start_date", rw), i});
    }
    if (current.size() > 1)
        throw InputError(where + ": " + required_text(person, "id", where) + " has " +
                         std::to_string(current.size()) + " current legislative roles");
    if (current.empty()) return std::nullopt;
    return current.front();
}

struct LegislatorLinks {
    std::string member_code, profile_url, website;
};

// Member code, the profile link with that code, and the first non-profile link.
LegislatorLinks legislator_links(const YAML::Node& person, const std::string& where) {
    LegislatorLinks out;
    std::vector<std::pair<std::string, std::string>> profiles;  // code, url
    for (const auto& l : sequence(person, "links", where)) {
        auto url = text(l, "url", where + ": links");
        if (auto code = profile_member_code(url)) profiles.emplace_back(*code, url);
        else if (out.website.empty()) out.website = url;
    }
    std::vector<std::string> codes;
    for (const auto& p : profiles) codes.push_back(p.first);
    out.member_code = member_code(person, codes, where);
    for (const auto& [code, url] : profiles) {
        if (out.profile_url.empty()) out.profile_url = url;
        if (upper(code) == upper(out.member_code)) {
            out.profile_url = url;
            break;
        }
    }
    // "Profile/L M0" is listed unencoded.
    for (auto at = out.profile_url.find(' '); at != std::string::npos;
         at = out.profile_url.find(' '))
        out.profile_url.replace(at, 1, "%20");
    return out;
}

Row legislator_row(const YAML::Node& person, const CurrentSeat& seat, const std::string& division,
                   const std::string& as_of, const std::string& where) {
    auto id = required_text(person, "id", where);
    auto links = legislator_links(person, where);
    std::string leadership;
    if (auto extras = person["extras"]; extras && extras.IsMap())
        leadership = text(extras, "leadership position", where + ": extras");
    bool house = seat.chamber == Chamber::House;
    return {{"id", id},
            {"name", required_text(person, "name", where)},
            {"given_name", text(person, "given_name", where)},
            {"family_name", text(person, "family_name", where)},
            {"party", current_party(person, where)},
            {"level", "state"},
            {"office", office_of(seat.chamber)},
            {"title", house ? "State Representative" : "State Senator"},
            {"division_id", division},
            {"email", text(person, "email", where)},
            {"photo_url", text(person, "image", where)},
            {"profile_url", links.profile_url},
            {"website", links.website},
            {"openstates_id", id},
            {"member_code", links.member_code},
            {"leadership", leadership},
            {"start_date", seat.start},
            {"verified", "1"},
            {"source", kOpenStates},
            {"source_url",
             links.profile_url.empty() ? first_source_url(person, where) : links.profile_url},
            {"as_of", as_of}};
}

// Every current legislator; returns division -> official id.
std::map<std::string, std::string> read_legislators(Snapshot& snap, Registry& reg,
                                                    const std::string& as_of) {
    std::map<std::string, std::string> holder_of;
    for (const auto& file : yaml_files(snap.raw("openstates-people-ma/legislature"))) {
        auto where = file.string();
        auto person = load_yaml(file);
        auto id = required_text(person, "id", where);
        auto seat = current_seat(person, as_of, where);
        if (!seat) {
            snap.warn("openstates-people-ma: " + file.filename().string() +
                      " has no current legislative role; skipped");
            continue;
        }
        auto rw = where + ": roles[" + std::to_string(seat->index) + "].district";
        if (seat->district.empty()) throw InputError(rw + ": missing");
        auto division = snap.resolve_district(seat->chamber, seat->district, rw);
        if (auto [it, fresh] = holder_of.emplace(division, id); !fresh)
            throw InputError(where + ": " + seat->district + " is already held by " + it->second);
        auto row = legislator_row(person, *seat, division, as_of, where);
        add_offices(reg, id, person, kOpenStates, where, row);
        reg.add_official(std::move(row), where);
    }
    return holder_of;
}

// The latest dated holder of each seat among ended Open States roles (retired people and
// current legislators who moved on). Roles in districts abolished in 2021 do not resolve
// and are ignored: they cannot explain a current vacancy.
std::map<std::string, Holder> last_openstates_holders(const Snapshot& snap) {
    std::map<std::string, Holder> last;
    for (const char* folder : {"openstates-people-ma/retired", "openstates-people-ma/legislature"}) {
        for (const auto& file : yaml_files(snap.raw(folder))) {
            auto where = file.string();
            auto person = load_yaml(file);
            auto roles = sequence(person, "roles", where);
            for (std::size_t i = 0; i < roles.size(); ++i) {
                auto rw = where + ": roles[" + std::to_string(i) + "]";
                auto chamber = chamber_of_role(text(roles[i], "type", rw));
                auto end = date_text(roles[i], "end_date", rw);
                auto district = text(roles[i], "district", rw);
                if (!chamber || end.empty() || district.empty()) continue;
                std::string division;
                try {
                    division = snap.resolve_district(*chamber, district, rw);
                } catch (const InputError&) {
                    continue;  // a pre-2022 district
                }
                auto& h = last[division];
                if (end > h.end_date)
                    h = {text(person, "name", where), "", end, "Open States " + file.filename().string()};
            }
        }
    }
    return last;
}

struct GisRoster {
    std::string as_of;
    std::map<std::string, Holder> by_division;
};

// MassGIS's district layers name the member of each seat as of the layer's last update.
GisRoster read_massgis_roster(Snapshot& snap, Chamber chamber) {
    bool house = chamber == Chamber::House;
    auto dir = snap.raw("bwbensonjr-mapoli-district-geometry-2021/massgis-attributes");
    auto layer = house ? std::string("HOUSE2021_POLY") : std::string("SENATE2021_POLY");
    GisRoster roster;
    roster.as_of = arcgis_mod_date(dir / (layer + ".shp.xml"));
    auto csv = CsvTable::read(dir / (layer + ".csv"));
    for (const auto& r : csv.records()) {
        auto district = csv.get(r, house ? "REP_DIST" : "SEN_DIST");
        auto first = csv.get(r, house ? "REP_FIRST" : "SEN_FIRST");
        auto last = csv.get(r, house ? "REP_LAST" : "SEN_LAST");
        std::string division;
        try {
            division = snap.resolve_district(chamber, district, csv.where(r));
        } catch (const InputError& e) {
            snap.warn(std::string("MassGIS ") + layer + ": " + e.what() + "; row not cross-checked");
            continue;
        }
        auto code = profile_member_code(csv.get(r, "URL")).value_or("");
        // The layer marks an empty seat with the name "Open".
        if (name_key(first + " " + last) == "open open" || trim(first + last).empty()) continue;
        roster.by_division[division] = {trim(first + " " + last), code, "",
                                        "MassGIS " + layer + " as of " + roster.as_of};
    }
    return roster;
}

bool same_person(const Holder& h, const Row& official) {
    if (!h.member_code.empty() && upper(h.member_code) == upper(official.at("member_code")))
        return true;
    auto family = official.at("family_name");
    return !family.empty() && name_key(h.name).find(name_key(family)) != std::string::npos &&
           name_key(h.name).substr(0, 1) == name_key(official.at("name")).substr(0, 1);
}

// The current official a former holder became, if any (e.g. a representative now senator).
const Row* now_serving(const Registry& reg, const Holder& h) {
    for (const auto& [id, row] : reg.officials())
        if (row.at("source") == kOpenStates && same_person(h, row)) return &row;
    return nullptr;
}

std::string district_label(const Snapshot& snap, const std::string& division) {
    for (const auto& d : snap.rows("districts"))
        if (d.at("ocd_id") == division) return d.at("name");
    return division;
}

void add_vacancy(Snapshot& snap, const Registry& reg, Chamber chamber, const std::string& division,
                 const Holder* os, const Holder* gis, const std::string& gis_as_of,
                 const std::string& as_of) {
    // Dated Open States evidence wins unless MassGIS names a later holder (its roster date
    // is after the Open States end date and it is a different person).
    const Holder* h = os;
    if (gis && !gis->name.empty() && (!os || os->end_date < gis_as_of) &&
        !(os && name_key(os->name) == name_key(gis->name)))
        h = gis;
    std::string since, note;
    if (!h) {
        note = "No current holder and no former holder on record.";
    } else {
        const Row* now = now_serving(reg, *h);
        if (now && now->at("division_id") != division) {
            since = now->at("start_date");
            note = h->name + " (last holder, per " + h->evidence + ") became " + now->at("title") +
                   " for " + district_label(snap, now->at("division_id")) +
                   (since.empty() ? "" : " on " + since) + "; no successor yet.";
        } else if (!h->end_date.empty()) {
            since = h->end_date;
            note = h->name + " left the seat on " + h->end_date + "; no successor yet.";
        } else {
            note = "Last holder on record: " + h->name + " (" + h->evidence + ").";
        }
    }
    snap.add("vacancies", {{"division_id", division},
                           {"office", office_of(chamber)},
                           {"since", since},
                           {"note", note},
                           {"source", kOpenStates},
                           {"as_of", as_of}});
}

}  // namespace

void import_legislators(Snapshot& snap, Registry& reg) {
    const auto as_of = snap.source(kOpenStates).as_of;
    auto holder_of = read_legislators(snap, reg, as_of);
    auto os_last = last_openstates_holders(snap);
    for (Chamber chamber : {Chamber::House, Chamber::Senate}) {
        auto gis = read_massgis_roster(snap, chamber);
        // Open States is newer than MassGIS: differences are reported, never applied.
        for (const auto& [division, h] : gis.by_division) {
            auto it = holder_of.find(division);
            if (it == holder_of.end()) continue;  // vacant: explained by add_vacancy
            const auto& official = *reg.find(it->second);
            if (!same_person(h, official))
                snap.warn("legislators: " + h.evidence + " lists " + h.name + " for " +
                          district_label(snap, division) + "; Open States (" + as_of +
                          ") lists " + official.at("name") + ", kept");
        }
        for (const auto& d : snap.rows("districts")) {
            if (d.at("chamber") != chamber_code(chamber) || holder_of.count(d.at("ocd_id")))
                continue;
            const auto& division = d.at("ocd_id");
            auto os = os_last.find(division);
            auto g = gis.by_division.find(division);
            add_vacancy(snap, reg, chamber, division, os == os_last.end() ? nullptr : &os->second,
                        g == gis.by_division.end() ? nullptr : &g->second, gis.as_of, as_of);
        }
    }
}

namespace {

struct ExecutiveOffice {
    const char* role_type;
    const char* office;
    const char* title;
};

constexpr ExecutiveOffice kExecutiveOffices[] = {
    {"governor", "governor", "Governor"},
    {"lt_governor", "lieutenant_governor", "Lieutenant Governor"},
    {"attorney general", "attorney_general", "Attorney General"},
    {"treasurer", "treasurer", "Treasurer and Receiver General"},
    {"auditor", "auditor", "State Auditor"},
    {"chief election officer", "secretary_of_the_commonwealth", "Secretary of the Commonwealth"},
    {"secretary of state", "secretary_of_the_commonwealth", "Secretary of the Commonwealth"},
};

struct ExecutiveCandidate {
    Row row;
    std::vector<Row> offices;
    std::vector<Row> links;
    std::string file;
};

// Precedence among two records for one statewide office (rules doc, "Statewide
// executives"): a capitol office address wins, then the later-starting current role,
// then the smaller id, so the choice never depends on file order.
bool better_executive(const ExecutiveCandidate& a, const ExecutiveCandidate& b) {
    auto key = [](const ExecutiveCandidate& c) {
        bool has_address = false;
        for (const auto& o : c.offices)
            if (o.at("kind") == "capitol" && !o.at("address").empty()) has_address = true;
        return std::make_tuple(has_address, c.row.at("start_date"));
    };
    if (key(a) != key(b)) return key(a) > key(b);
    return a.row.at("id") < b.row.at("id");
}

ExecutiveCandidate read_executive(const std::filesystem::path& file, const YAML::Node& person,
                                  const ExecutiveOffice& office, const std::string& start,
                                  const std::string& end, const std::string& as_of) {
    auto where = file.string();
    auto id = required_text(person, "id", where);
    ExecutiveCandidate c;
    c.file = file.filename().string();
    std::string website, contact_form;
    for (const auto& l : sequence(person, "links", where)) {
        auto url = text(l, "url", where + ": links");
        if (text(l, "note", where + ": links") == "webform") {
            if (contact_form.empty()) contact_form = url;
        } else if (website.empty()) {
            website = url;
        }
    }
    c.row = {{"id", id},
             {"name", required_text(person, "name", where)},
             {"given_name", text(person, "given_name", where)},
             {"family_name", text(person, "family_name", where)},
             {"party", current_party(person, where)},
             {"level", "state"},
             {"office", office.office},
             {"title", office.title},
             {"division_id", kStateDivision},
             {"email", text(person, "email", where)},
             {"photo_url", text(person, "image", where)},
             {"website", website},
             {"contact_form", contact_form},
             {"openstates_id", id},
             {"start_date", start},
             {"end_date", end},
             {"verified", "1"},
             {"source", kOpenStates},
             {"source_url", first_source_url(person, where)},
             {"as_of", as_of}};
    for (const auto& o : sequence(person, "offices", where)) {
        Row office{{"official_id", id},
                   {"kind", text(o, "classification", where)},
                   {"address", text(o, "address", where)},
                   {"phone", text(o, "voice", where)},
                   {"fax", text(o, "fax", where)},
                   {"source", kOpenStates}};
        if (office["kind"] == "capitol" && c.row["phone"].empty() && c.row["address"].empty()) {
            c.row["address"] = office["address"];
            c.row["phone"] = office["phone"];
        }
        c.offices.push_back(std::move(office));
    }
    if (auto ids = person["ids"]; ids && ids.IsMap())
        for (const auto& kv : ids) {
            auto kind = kv.first.as<std::string>();
            if (kv.second.IsScalar() && !trim(kv.second.Scalar()).empty())
                c.links.push_back({{"official_id", id},
                                   {"kind", kind},
                                   {"value", trim(kv.second.Scalar())},
                                   {"source", kOpenStates}});
        }
    return c;
}

}  // namespace

void import_executives(Snapshot& snap, Registry& reg) {
    // The executive folder was last changed 2026-06-17 (PROVENANCE.md); roles run to 2027.
    const std::string as_of = "2026-06-17";
    std::map<std::string, std::vector<ExecutiveCandidate>> by_office;
    for (const auto& file : yaml_files(snap.raw("openstates-people-ma/executive"))) {
        auto where = file.string();
        auto person = load_yaml(file);
        auto roles = sequence(person, "roles", where);
        std::vector<ExecutiveCandidate> current;
        for (std::size_t i = 0; i < roles.size(); ++i) {
            auto rw = where + ": roles[" + std::to_string(i) + "]";
            auto type = text(roles[i], "type", rw);
            auto end = date_text(roles[i], "end_date", rw);
            if (!role_current(end, as_of)) continue;
            auto office = std::find_if(std::begin(kExecutiveOffices), std::end(kExecutiveOffices),
                                       [&](const auto& o) { return type == o.role_type; });
            if (office == std::end(kExecutiveOffices))
                throw InputError(rw + ": unknown statewide office type '" + type + "'");
            current.push_back(
                read_executive(file, person, *office, date_text(roles[i], "start_date", rw), end, as_of));
        }
        if (current.size() != 1)
            throw InputError(where + ": expected exactly one current statewide role, found " +
                             std::to_string(current.size()));
        by_office[current.front().row.at("office")].push_back(std::move(current.front()));
    }
    for (auto& [office, candidates] : by_office) {
        std::sort(candidates.begin(), candidates.end(), better_executive);
        for (std::size_t i = 1; i < candidates.size(); ++i)
            snap.warn("executives: " + office + " has " + std::to_string(candidates.size()) +
                      " Open States records; kept " + candidates[0].row.at("name") + " (" +
                      candidates[0].file + "), dropped " + candidates[i].row.at("name") + " (" +
                      candidates[i].file + ") by the capitol-address/latest-start/id rule");
        auto& winner = candidates.front();
        for (auto& o : winner.offices)
            if (!o["address"].empty() || !o["phone"].empty() || !o["fax"].empty())
                reg.add_office(std::move(o));
        for (auto& l : winner.links) reg.add_link(std::move(l));
        reg.add_official(std::move(winner.row), "openstates-people-ma/executive/" + winner.file);
    }
}

// Checks a division id built from a number against the districts the districts importer
// registered (when it registered any for that chamber).
void check_division(const Snapshot& snap, Chamber chamber, const std::string& division,
                    const std::string& where) {
    bool any = false;
    for (const auto& d : snap.rows("districts")) {
        if (d.at("chamber") != chamber_code(chamber)) continue;
        any = true;
        if (d.at("ocd_id") == division) return;
    }
    if (any) throw InputError(where + ": unknown " + chamber_code(chamber) + " district " + division);
}

void add_missing_vacancies(Snapshot& snap, Chamber chamber, const std::set<std::string>& covered,
                           const std::string& office, const std::string& source,
                           const std::string& as_of, const std::string& note) {
    for (const auto& d : snap.rows("districts")) {
        if (d.at("chamber") != chamber_code(chamber) || covered.count(d.at("ocd_id"))) continue;
        snap.warn(std::string(chamber_code(chamber)) + " district " + d.at("ocd_id") +
                  " has no holder in " + source + "; recorded as vacant");
        snap.add("vacancies", {{"division_id", d.at("ocd_id")},
                               {"office", office},
                               {"note", note},
                               {"source", source},
                               {"as_of", as_of}});
    }
}

void import_governors_council(Snapshot& snap, Registry& reg,
                              const std::map<std::string, std::vector<Contest>>& elections) {
    // The MassGIS layer's roster (January 2023) is only a cross-check now: the latest
    // official election of each district wins (datasets/rules/people.md).
    auto dir = snap.raw("bwbensonjr-mapoli-district-geometry-2021/massgis-attributes");
    auto roster_as_of = arcgis_mod_date(dir / "GOVCOUNCIL2021_POLY.shp.xml");
    auto csv = CsvTable::read(dir / "GOVCOUNCIL2021_POLY.csv");
    std::map<std::string, std::string> roster;  // division -> MassGIS member
    for (const auto& r : csv.records()) {
        auto num = csv.get(r, "DIST_NUM");
        if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos)
            throw InputError(csv.where(r) + ": DIST_NUM is not a number: '" + num + "'");
        auto division = std::string(kStateDivision) + "/governors_council:" + num;
        check_division(snap, Chamber::GovernorsCouncil, division, csv.where(r));
        if (!roster.emplace(division, csv.get(r, "MEMBER")).second)
            throw InputError(csv.where(r) + ": second row for " + division);
    }
    const auto& as_of = snap.source(kElections).as_of;
    std::set<std::string> covered;
    for (const auto& [division, contests] : elections) {
        const auto& c = contests.back();
        if (c.office != "governors_councillor") continue;
        covered.insert(division);
        auto num = division.substr(division.rfind(':') + 1);
        auto slug = name_key(c.winner);
        std::replace(slug.begin(), slug.end(), ' ', '-');
        reg.add_official({{"id", "ma-election:governors_council:" + num + ":" + slug},
                          {"name", c.winner},
                          {"party", party_name(c.party)},
                          {"level", "state"},
                          {"office", "governors_councillor"},
                          {"title", "Governor's Councillor"},
                          {"division_id", division},
                          {"verified", "1"},
                          {"source", kElections},
                          {"source_url", c.url},
                          {"as_of", as_of}},
                         c.where);
        auto gis = roster.find(division);
        std::string gis_name = gis == roster.end() ? "" : gis->second;
        std::string line = "Governor's Council district " + num + ": " + c.date + " winner " +
                           c.winner + "; MassGIS roster (" + roster_as_of + ") " +
                           (gis_name.empty() ? "names nobody" : "names " + gis_name);
        if (!gis_name.empty() && same_local_person(gis_name, c.winner)) {
            snap.report("Election cross-check", line + " (same person)");
        } else {
            snap.report("Election cross-check", line + ": the stale roster loses (latest "
                                                       "official election beats an older roster)");
            snap.warn("governors council: district " + num + ": MassGIS roster name '" + gis_name +
                      "' replaced by the " + c.date + " winner " + c.winner);
        }
    }
    add_missing_vacancies(snap, Chamber::GovernorsCouncil, covered, "governors_councillor",
                          kElections, as_of, "The election results have no contest for this "
                                             "district since 2022.");
}

}  // namespace masscivic::import::people
