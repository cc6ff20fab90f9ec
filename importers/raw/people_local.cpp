// Local officials: CivicMirror's machine-extracted office-holders (verified=0) and Open
// States' mayors (verified=1, some stale). Precedence: datasets/rules/people.md, "Local".
#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <algorithm>
#include <cstring>
#include <set>

namespace masscivic::import::people {

std::string seat_division(const std::string& town_ocd, const std::string& seat,
                          const std::string& office) {
    auto number = [&](const std::string& prefix) -> std::string {
        if (seat.compare(0, prefix.size(), prefix) != 0) return "";
        auto n = seat.substr(prefix.size());
        return !n.empty() && n.size() <= 2 && n.find_first_not_of("0123456789") == std::string::npos
                   ? n
                   : "";
    };
    if (auto n = number("Ward "); !n.empty()) return town_ocd + "/ward:" + n;
    if (auto n = number("District "); !n.empty() && office == "council_member")
        return town_ocd + "/council_district:" + n;
    return "";
}

namespace {

constexpr const char* kCivicDir = "civicmirror-civic-data-ma/civic-data";

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Town of a jurisdiction from its name ("Town of Abington", "City of Franklin Town",
// "Millbury Government") or its division slug ("place:north_adams", "place:sudbury-71050").
std::optional<std::string> town_of(const Snapshot& snap, const std::string& name,
                                   const std::string& division) {
    std::vector<std::string> candidates;
    auto add = [&](std::string c) {
        c = trim(c);
        if (c.empty()) return;
        candidates.push_back(c);
        for (const char* suffix : {" Town", " town", " City", " city"})
            if (c.size() > std::strlen(suffix) &&
                c.compare(c.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
                candidates.push_back(c.substr(0, c.size() - std::strlen(suffix)));
    };
    std::string n = name;
    for (const char* prefix : {"Town of ", "City of "})
        if (starts_with(n, prefix)) n = n.substr(std::strlen(prefix));
    if (auto g = n.rfind(" Government"); g != std::string::npos && g + 11 == n.size())
        n = n.substr(0, g);
    add(n);
    if (auto at = division.find("place:"); at != std::string::npos) {
        auto slug = division.substr(at + 6);
        slug = slug.substr(0, slug.find('/'));
        std::replace(slug.begin(), slug.end(), '_', ' ');
        std::replace(slug.begin(), slug.end(), '-', ' ');
        // "sudbury 71050": a numeric tail disambiguates upstream records, not the name.
        auto last = slug.rfind(' ');
        if (last != std::string::npos &&
            slug.find_first_not_of("0123456789", last + 1) == std::string::npos)
            slug = slug.substr(0, last);
        add(slug);
    }
    for (const auto& c : candidates)
        if (const auto* geoid = snap.find_town(c)) return *geoid;
    return std::nullopt;
}

struct Local {
    Row row;
    std::string person_key;  // for duplicate detection
    std::string post_id;
    bool audit = false;      // from the municipal-website pipeline (post ids "<town>-ma/...")
};

std::string dedupe_key(const Row& r) {
    return r.at("geoid") + "|" + r.at("office") + "|" +
           (r.at("office") == "other_local" ? name_key(r.at("title")) : "");
}

// Same person under two spellings ("Brian DePena" / "Brian A. De Peña", "David P.
// Beauregard Jr." / "David P. "D.J." Beauregard, Jr."): the family name of one, with
// spaces removed, ends the other's squashed name.
std::string squashed(const std::string& name) {
    auto words = split(name_key(name), ' ');
    while (!words.empty() && (words.back() == "jr" || words.back() == "sr" ||
                              words.back() == "ii" || words.back() == "iii"))
        words.pop_back();
    std::string out;
    for (const auto& w : words) out += w;
    return out;
}

std::string family_squashed(const std::string& name) {
    auto words = split(name_key(name), ' ');
    while (!words.empty() && (words.back() == "jr" || words.back() == "sr" ||
                              words.back() == "ii" || words.back() == "iii"))
        words.pop_back();
    return words.empty() ? "" : words.back();
}

bool ends_with(const std::string& s, const std::string& tail) {
    return !tail.empty() && s.size() >= tail.size() &&
           s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool same_local_person(const std::string& a, const std::string& b) {
    auto ka = name_key(a), kb = name_key(b);
    if (ka.empty() || kb.empty() || ka[0] != kb[0]) return false;  // first initials differ
    return ends_with(squashed(a), family_squashed(b)) || ends_with(squashed(b), family_squashed(a));
}

// Office code of a local role. Generic roles ("Chair", "Clerk", "Vice Chair", "Member")
// are read together with the body's name ("Millbury Select Board").
std::string local_office(const std::string& role, const std::string& body) {
    auto key = name_key(role);
    static const std::set<std::string> generic = {"chair", "vice chair", "clerk", "member",
                                                  "secretary", "president"};
    if (generic.count(key)) key = name_key(body) + " " + key;
    if (key == "mayor" || starts_with(key, "mayor ")) return "mayor";
    if (contains(key, "select board") || contains(key, "selectboard") ||
        contains(key, "board of selectmen") || starts_with(key, "selectman") ||
        starts_with(key, "selectmen"))
        return "select_board_member";
    if (contains(key, "city council") || contains(key, "town council") ||
        starts_with(key, "ward councilor") || starts_with(key, "ward councillor") ||
        starts_with(key, "council president") || starts_with(key, "councilor at large") ||
        starts_with(key, "district councilor"))
        return "council_member";
    if (contains(key, "town clerk") || contains(key, "city clerk")) return "town_clerk";
    return "other_local";
}

namespace {

class CivicMirror {
public:
    CivicMirror(Snapshot& snap, std::map<std::string, std::string> ocd_of)
        : snap_(snap), ocd_of_(std::move(ocd_of)), dir_(snap.raw(kCivicDir)) {}

    std::vector<Local> read() {
        read_index("jurisdictions", jurisdictions_);
        read_index("organizations", organizations_);
        read_index("posts", posts_);
        read_index("people", people_);
        std::vector<Local> out;
        for (const auto& file : yaml_files(dir_ / "memberships"))
            if (auto l = membership(file)) out.push_back(std::move(*l));
        return out;
    }

private:
    void read_index(const char* folder, std::map<std::string, std::pair<YAML::Node, std::string>>& into) {
        for (const auto& file : yaml_files(dir_ / folder)) {
            auto doc = load_yaml(file);
            auto id = required_text(doc, "id", file.string());
            if (!into.emplace(id, std::make_pair(doc, file.string())).second)
                throw InputError(file.string() + ": id " + id + " is used twice in " + folder);
        }
    }

    const std::pair<YAML::Node, std::string>& ref(
        const std::map<std::string, std::pair<YAML::Node, std::string>>& index,
        const std::string& id, const std::string& where, const char* what) {
        auto it = index.find(id);
        if (it == index.end()) throw InputError(where + ": unknown " + what + " '" + id + "'");
        return it->second;
    }

    // The newest retrieval date and first URL of a record's sources.
    std::pair<std::string, std::string> provenance(const YAML::Node& doc, const std::string& where) {
        std::string retrieved, url;
        for (const auto& s : sequence(doc, "sources", where)) {
            auto r = date_text(s, "retrieved", where + ": sources");
            if (r > retrieved) retrieved = r;
            if (url.empty()) url = text(s, "url", where + ": sources");
        }
        return {retrieved, url};
    }

    std::optional<Local> membership(const std::filesystem::path& file) {
        auto where = file.string();
        auto m = load_yaml(file);
        const auto& [org, org_file] =
            ref(organizations_, required_text(m, "organization_id", where), where + ": organization_id", "organization");
        const auto& [jur, jur_file] = ref(jurisdictions_, required_text(org, "jurisdiction_id", org_file),
                                          org_file + ": jurisdiction_id", "jurisdiction");
        const auto& [person, person_file] =
            ref(people_, required_text(m, "person_id", where), where + ": person_id", "person");
        auto post_id = required_text(m, "post_id", where);
        ref(posts_, post_id, where + ": post_id", "post");
        auto jur_name = text(jur, "name", jur_file);
        auto geoid = town_of(snap_, jur_name, text(jur, "division_id", jur_file));
        if (!geoid) {
            snap_.warn("local officials: civicmirror jurisdiction '" + jur_name +
                       "' matches no municipality; " + file.filename().string() + " skipped");
            return std::nullopt;
        }
        auto as_of = snap_.source(kCivicMirror).as_of;
        auto end = date_text(m, "end", where, true);
        if (!role_current(end, as_of)) {
            snap_.warn("local officials: " + file.filename().string() + " ended " + end +
                       "; skipped");
            return std::nullopt;
        }
        auto [retrieved, url] = provenance(m, where);
        if (url.empty()) std::tie(retrieved, url) = provenance(ref(posts_, post_id, where, "post").first, where);
        auto role = required_text(m, "role", where);
        auto body = text(org, "name", org_file);
        auto office = local_office(role, body);
        static const std::set<std::string> generic = {"chair", "vice chair", "clerk", "member",
                                                      "secretary", "president"};
        auto title = generic.count(name_key(role)) ? body + " " + role : role;
        std::string email, phone;
        if (auto contact = person["contact"]; contact && contact.IsMap()) {
            email = text(contact, "email", person_file + ": contact");
            phone = text(contact, "phone", person_file + ": contact");
        }
        auto name = required_text(person, "name", person_file);
        auto ocd = ocd_of_.count(*geoid) ? ocd_of_.at(*geoid) : text(jur, "division_id", jur_file);
        Local l;
        l.audit = contains(post_id.substr(0, post_id.find('/')), "-ma");
        l.post_id = post_id;
        l.person_key = name;
        // OCPF filer addresses (person `addresses`) are candidates' own addresses: not used.
        l.row = {{"id", "civicmirror:" + required_text(m, "id", where)},
                 {"name", name},
                 {"level", "local"},
                 {"office", office},
                 {"title", title},
                 {"division_id", ocd},
                 {"geoid", *geoid},
                 {"email", email},
                 {"phone", phone},
                 {"photo_url", text(person, "image", person_file)},
                 {"start_date", date_text(m, "start", where, true)},
                 {"end_date", end},
                 {"verified", "0"},
                 {"source", kCivicMirror},
                 {"source_url", url},
                 {"as_of", retrieved.empty() ? as_of : retrieved},
                 {"seat", trim(text(m, "seat", where))},
                 {"seat_division_id", seat_division(ocd, trim(text(m, "seat", where)), office)}};
        return l;
    }

    Snapshot& snap_;
    std::map<std::string, std::string> ocd_of_;
    std::filesystem::path dir_;
    std::map<std::string, std::pair<YAML::Node, std::string>> jurisdictions_, organizations_,
        posts_, people_;
};

// Order among duplicate CivicMirror records: the municipal-website pipeline first, then
// the later start, then the smaller id.
bool better_local(const Local& a, const Local& b) {
    if (a.audit != b.audit) return a.audit;
    if (a.row.at("start_date") != b.row.at("start_date"))
        return a.row.at("start_date") > b.row.at("start_date");
    return a.row.at("id") < b.row.at("id");
}

// Merges duplicates: the same person in the same office of the same town (for a mayor,
// anyone: the office has one seat). The winner takes missing contact fields from the rest.
std::vector<Local> merge_duplicates(Snapshot& snap, std::vector<Local> all) {
    std::map<std::string, std::vector<Local>> groups;
    for (auto& l : all) groups[dedupe_key(l.row)].push_back(std::move(l));
    std::vector<Local> kept;
    for (auto& [key, group] : groups) {
        std::sort(group.begin(), group.end(), better_local);
        std::vector<Local> winners;
        for (auto& l : group) {
            auto same = std::find_if(winners.begin(), winners.end(), [&](const Local& w) {
                return l.row.at("office") == "mayor" || same_local_person(w.person_key, l.person_key);
            });
            if (same == winners.end()) {
                winners.push_back(std::move(l));
                continue;
            }
            for (const char* col : {"email", "phone", "photo_url", "start_date", "seat", "seat_division_id"})
                if (same->row[col].empty()) same->row[col] = l.row.at(col);
            snap.warn("local officials: civicmirror " + l.row.at("id") + " (" + l.person_key +
                      ") merged into " + same->row.at("id") + " (" + same->person_key +
                      "), same " + l.row.at("office") + " in " + snap.town_name(l.row.at("geoid")));
        }
        for (auto& w : winners) kept.push_back(std::move(w));
    }
    return kept;
}

struct OpenStatesMayor {
    Row row;
    std::vector<Row> offices;
    std::string file;
};

// Jurisdiction id -> name, from the folder's municipalities.yml.
std::map<std::string, std::string> openstates_jurisdiction_names(const std::filesystem::path& file) {
    auto index = load_yaml(file);
    if (!index.IsSequence()) throw InputError(file.string() + ": expected a list");
    std::map<std::string, std::string> names;
    for (const auto& j : index)
        names[required_text(j, "id", file.string())] = text(j, "name", file.string());
    return names;
}

OpenStatesMayor openstates_mayor(const YAML::Node& person, const YAML::Node& role,
                                 const std::string& geoid, const std::string& division,
                                 const std::string& as_of, const std::string& where) {
    auto id = required_text(person, "id", where);
    std::string website, source_url;
    for (const auto& l : sequence(person, "links", where))
        if (website.empty()) website = text(l, "url", where + ": links");
    for (const auto& s : sequence(person, "sources", where))
        if (source_url.empty()) source_url = text(s, "url", where + ": sources");
    OpenStatesMayor m;
    m.row = {{"id", id},
             {"name", required_text(person, "name", where)},
             {"given_name", text(person, "given_name", where)},
             {"family_name", text(person, "family_name", where)},
             {"level", "local"},
             {"office", "mayor"},
             {"title", "Mayor"},
             {"division_id", division},
             {"geoid", geoid},
             {"email", text(person, "email", where)},
             {"photo_url", text(person, "image", where)},
             {"website", website},
             {"openstates_id", id},
             {"start_date", date_text(role, "start_date", where + ": mayor role")},
             {"end_date", date_text(role, "end_date", where + ": mayor role")},
             {"verified", "1"},
             {"source", kOpenStatesMunicipal},
             {"source_url", source_url},
             {"as_of", as_of}};
    for (const auto& o : sequence(person, "offices", where)) {
        Row office{{"official_id", id},
                   {"kind", "city_hall"},
                   {"address", text(o, "address", where + ": offices")},
                   {"phone", text(o, "voice", where + ": offices")},
                   {"fax", text(o, "fax", where + ": offices")},
                   {"source", kOpenStatesMunicipal}};
        if (m.row["phone"].empty() && m.row["address"].empty()) {
            m.row["address"] = office["address"];
            m.row["phone"] = office["phone"];
        }
        m.offices.push_back(std::move(office));
    }
    return m;
}

std::vector<OpenStatesMayor> read_openstates_mayors(Snapshot& snap,
                                                    const std::map<std::string, std::string>& ocd_of) {
    auto dir = snap.raw("openstates-people-ma-municipalities");
    auto names = openstates_jurisdiction_names(dir / "municipalities.yml");
    const auto as_of = snap.source(kOpenStatesMunicipal).as_of;
    std::vector<OpenStatesMayor> out;
    for (const auto& file : yaml_files(dir / "municipalities")) {
        auto where = file.string();
        auto person = load_yaml(file);
        auto roles = sequence(person, "roles", where);
        std::optional<std::size_t> mayor;
        for (std::size_t i = 0; i < roles.size(); ++i)
            if (text(roles[i], "type", where + ": roles[" + std::to_string(i) + "]") == "mayor") {
                if (mayor) throw InputError(where + ": more than one mayor role");
                mayor = i;
            }
        if (!mayor) throw InputError(where + ": no mayor role");
        auto rw = where + ": roles[" + std::to_string(*mayor) + "]";
        auto jurisdiction = required_text(roles[*mayor], "jurisdiction", rw);
        auto geoid = town_of(snap, names.count(jurisdiction) ? names.at(jurisdiction) : "", jurisdiction);
        if (!geoid) {
            snap.warn("local officials: Open States jurisdiction " + jurisdiction +
                      " matches no municipality; " + file.filename().string() + " skipped");
            continue;
        }
        // ocd-jurisdiction/.../place:x/government -> ocd-division/.../place:x (fallback only)
        auto division = jurisdiction.substr(0, jurisdiction.rfind("/government"));
        division.replace(0, std::string("ocd-jurisdiction").size(), "ocd-division");
        if (ocd_of.count(*geoid)) division = ocd_of.at(*geoid);
        auto m = openstates_mayor(person, roles[*mayor], *geoid, division, as_of, where);
        m.file = file.filename().string();
        out.push_back(std::move(m));
    }
    return out;
}

// Seat divisions must be real OCD ids (ocd-division-ids-ma): one the list lacks (e.g.
// Framingham's council districts) is left empty, the seat text kept (one warning per town).
void check_seat_divisions(Snapshot& snap, std::vector<Local>& locals) {
    // No header in this file: the first line is a record too.
    auto file = snap.raw("ocd-division-ids-ma/state-ma-local_gov.csv");
    auto csv = CsvTable::read(file);
    std::set<std::string> ids = {csv.header().empty() ? "" : csv.header()[0]};
    for (const auto& r : csv.records())
        if (!r.fields.empty()) ids.insert(r.fields[0]);
    std::map<std::string, std::size_t> unknown;  // town -> seats
    for (auto& l : locals) {
        auto& division = l.row["seat_division_id"];
        if (division.empty() || ids.count(division)) continue;
        ++unknown[snap.town_name(l.row.at("geoid"))];
        division.clear();
    }
    for (const auto& [town, n] : unknown)
        snap.warn("local officials: " + std::to_string(n) + " " + town + " seats name a ward or "
                  "district with no OCD id in ocd-division-ids-ma; seat kept, no seat_division_id");
}

}  // namespace

void import_local_officials(Snapshot& snap, Registry& reg) {
    std::map<std::string, std::string> ocd_of;  // geoid -> the municipality's OCD id
    for (const auto& m : snap.rows("municipalities")) ocd_of[m.at("geoid")] = m.at("ocd_id");

    auto locals = merge_duplicates(snap, CivicMirror(snap, ocd_of).read());
    check_seat_divisions(snap, locals);
    const auto os_as_of = snap.source(kOpenStatesMunicipal).as_of;
    for (auto& mayor : read_openstates_mayors(snap, ocd_of)) {
        const auto& geoid = mayor.row.at("geoid");
        auto town = snap.town_name(geoid);
        auto civic = std::find_if(locals.begin(), locals.end(), [&](const Local& l) {
            return l.row.at("geoid") == geoid && l.row.at("office") == "mayor";
        });
        // Stale: the role ended before the folder's own date. Never shown as current.
        if (!role_current(mayor.row.at("end_date"), os_as_of)) {
            snap.warn("local officials: Open States mayor " + mayor.row.at("name") + " of " + town +
                      " (" + mayor.file + ") ended " + mayor.row.at("end_date") + "; dropped" +
                      (civic != locals.end() ? ", civicmirror's " + civic->row.at("name") + " kept"
                                             : ", no other mayor on record"));
            continue;
        }
        if (civic != locals.end()) {
            bool same = same_local_person(civic->person_key, mayor.row.at("name"));
            snap.warn("local officials: Open States mayor " + mayor.row.at("name") + " of " + town +
                      " kept over civicmirror's " + civic->row.at("name") +
                      (same ? " (same person)" : " (different person: check)"));
            locals.erase(civic);
        }
        for (auto& o : mayor.offices)
            if (!o["address"].empty() || !o["phone"].empty() || !o["fax"].empty())
                reg.add_office(std::move(o));
        reg.add_official(std::move(mayor.row), "openstates-people-ma-municipalities/" + mayor.file);
    }
    for (auto& l : locals) {
        auto id = l.row.at("id");
        reg.add_official(std::move(l.row), "civicmirror membership " + id);
    }
}

}  // namespace masscivic::import::people
