#include "lookup.hpp"
#include "lookup_data.hpp"

#include "civics_text.hpp"
#include "csv.hpp"
#include "geo_index.hpp"
#include "query_text.hpp"
#include "sqlite.hpp"
#include "text.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

namespace masscivic::server {

namespace {

constexpr const char* kStateDivision = "ocd-division/country:us/state:ma";
// Boundary files leave slivers of ~10 m between neighbours; a point in one belongs to
// the nearest polygon if it is this close.
constexpr double kGapToleranceMetres = 30.0;
constexpr std::size_t kMaxNameLength = 100;

int office_rank(const std::string& office) {
    static const std::map<std::string, int, std::less<>> ranks = {
        {"us_senator", 0},
        {"us_representative", 1},
        {"governor", 10},
        {"lieutenant_governor", 11},
        {"secretary_of_the_commonwealth", 12},
        {"attorney_general", 13},
        {"treasurer", 14},
        {"auditor", 15},
        {"governors_councillor", 16},
        {"state_senator", 17},
        {"state_representative", 18},
        {"mayor", 20},
        {"select_board_member", 21},
        {"council_member", 22},
        {"town_clerk", 23},
        {"other_local", 24}};
    auto it = ranks.find(office);
    return it == ranks.end() ? 30 : it->second;
}

bool official_before(const Official& a, const Official& b) {
    int ra = office_rank(a.office), rb = office_rank(b.office);
    if (ra != rb) return ra < rb;
    return a.name.value_or("") < b.name.value_or("");
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += (i + 1 == names.size()) ? " and " : ", ";
        out += names[i];
    }
    return out;
}

std::optional<long long> optional_int(Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return st.integer(col);
}

std::string precinct_label(const Text& ward, const std::string& precinct) {
    return ward ? "Ward " + *ward + " Precinct " + precinct : "Precinct " + precinct;
}

} // namespace

namespace {

using Data = Lookup::Data;

// ---------------------------------------------------------------- loading

void load_towns(Database& db, Data& d) {
    auto st = db.prepare(
        "SELECT m.geoid, m.name, m.kind, m.county, m.ocd_id, m.population_2020, "
        "m.legislative_body, m.form_of_government, m.chief_executive_title, m.policy_board, "
        "m.policy_board_size, m.legislative_body_size, m.website, "
        "c.geoid IS NOT NULL, c.address, c.phone, c.fax, c.email, c.source, c.as_of, "
        "EXISTS (SELECT 1 FROM precincts p WHERE p.geoid = m.geoid AND p.ward IS NOT NULL) "
        "FROM municipalities m LEFT JOIN clerk_offices c ON c.geoid = m.geoid ORDER BY m.name");
    while (st.step()) {
        Municipality m;
        m.geoid = st.text(0);
        m.name = st.text(1);
        m.kind = st.text(2);
        m.county = st.text(3);
        m.ocd_id = st.text(4);
        m.population_2020 = st.integer(5);
        m.legislative_body = st.text(6);
        m.form_of_government = st.text(7);
        m.chief_executive_title = st.optional_text(8);
        m.policy_board = st.optional_text(9);
        m.policy_board_size = optional_int(st, 10);
        m.legislative_body_size = optional_int(st, 11);
        m.website = st.optional_text(12);
        if (st.integer(13))
            m.clerk = Clerk{st.optional_text(14), st.optional_text(15), st.optional_text(16),
                            st.optional_text(17), st.text(18),          st.text(19)};
        m.has_wards = st.integer(20) != 0;
        d.town_by_geoid[m.geoid] = d.towns.size();
        d.towns.push_back(std::move(m));
    }
}

void load_districts_and_precincts(Database& db, Data& d) {
    auto st = db.prepare("SELECT ocd_id, chamber, name, display_name, number FROM districts");
    while (st.step())
        d.districts[st.text(0)] =
            District{st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4)};
    auto pt = db.prepare(
        "SELECT geoid, ward, precinct, is_sub_precinct, congress_id, governors_council_id, "
        "senate_id, house_id FROM precincts ORDER BY geoid, "
        "CAST(ward AS INTEGER), ward, CAST(precinct AS INTEGER), precinct");
    while (pt.step()) {
        Data::Precinct p{pt.text(0), pt.optional_text(1), pt.text(2), pt.integer(3) != 0, {}};
        for (int c = 0; c < kChamberCount; ++c)
            p.district[c] = pt.text(4 + c);
        d.precincts_by_town[p.geoid].push_back(d.precincts.size());
        d.precincts.push_back(std::move(p));
    }
}

void load_officials(Database& db, Data& d) {
    auto st =
        db.prepare("SELECT o.id, o.name, o.level, o.office, o.title, o.party, o.division_id, "
                   "coalesce(ds.display_name, m.name), o.email, o.phone, o.address, o.photo_url, "
                   "o.profile_url, o.website, o.contact_form, o.verified, o.source, o.source_url, "
                   "o.as_of, o.geoid FROM officials o "
                   "LEFT JOIN districts ds ON ds.ocd_id = o.division_id "
                   "LEFT JOIN municipalities m ON m.ocd_id = o.division_id");
    while (st.step()) {
        Official o;
        o.id = st.text(0);
        o.name = st.text(1);
        o.level = st.text(2);
        o.office = st.text(3);
        o.title = st.text(4);
        o.party = st.optional_text(5);
        o.division_id = st.text(6);
        o.district = st.optional_text(7);
        o.email = st.optional_text(8);
        o.phone = st.optional_text(9);
        o.address = st.optional_text(10);
        o.photo_url = st.optional_text(11);
        o.profile_url = st.optional_text(12);
        o.website = st.optional_text(13);
        o.contact_form = st.optional_text(14);
        o.verified = st.integer(15) != 0;
        o.source = st.text(16);
        o.source_url = st.optional_text(17);
        o.as_of = st.text(18);
        o.geoid = st.optional_text(19);
        if (o.division_id == kStateDivision) o.district = "Massachusetts";
        d.officials.push_back(std::move(o));
    }
    std::sort(d.officials.begin(), d.officials.end(), official_before);
    for (std::size_t i = 0; i < d.officials.size(); ++i)
        d.official_by_id[d.officials[i].id] = i;

    auto off = db.prepare("SELECT official_id, kind, address, phone, fax FROM official_offices "
                          "ORDER BY official_id, kind");
    while (off.step()) {
        auto it = d.official_by_id.find(off.text(0));
        if (it == d.official_by_id.end()) continue;
        d.officials[it->second].offices.push_back(
            {off.text(1), off.optional_text(2), off.optional_text(3), off.optional_text(4)});
    }
    auto cm = db.prepare("SELECT cm.official_id, c.id, c.name, cm.role FROM committee_members cm "
                         "JOIN committees c ON c.id = cm.committee_id ORDER BY c.name");
    while (cm.step()) {
        auto it = d.official_by_id.find(cm.text(0));
        if (it == d.official_by_id.end()) continue;
        d.officials[it->second].committees.push_back({cm.text(1), cm.text(2), cm.text(3)});
    }
    for (std::size_t i = 0; i < d.officials.size(); ++i) {
        const auto& o = d.officials[i];
        d.officials_by_division[o.division_id].push_back(i);
        if (o.geoid) d.officials_by_town[*o.geoid].push_back(i);
    }
}

std::string office_title(const std::string& office) {
    static const std::map<std::string, std::string, std::less<>> titles = {
        {"state_representative", "State Representative"},
        {"state_senator", "State Senator"},
        {"us_representative", "U.S. Representative"},
        {"us_senator", "U.S. Senator"},
        {"governors_councillor", "Governor's Councillor"}};
    auto it = titles.find(office);
    return it == titles.end() ? office : it->second;
}

void load_vacancies(Database& db, Data& d) {
    auto st = db.prepare("SELECT division_id, office, since, note, source, as_of FROM vacancies");
    while (st.step()) {
        Official v;
        v.vacant = true;
        v.division_id = st.text(0);
        v.office = st.text(1);
        v.title = office_title(v.office);
        v.level = (v.office.rfind("us_", 0) == 0) ? "federal" : "state";
        if (const auto* dist = d.find_district(v.division_id)) v.district = dist->display_name;
        auto since = st.optional_text(2);
        auto note = st.optional_text(3);
        v.note = "This seat is vacant" + (since ? " since " + *since : std::string()) + "." +
                 (note ? " " + *note : std::string());
        v.source = st.text(4);
        v.as_of = st.text(5);
        d.vacancies[v.division_id].push_back(std::move(v));
    }
}

void load_names_and_zips(Database& db, Data& d) {
    auto st = db.prepare("SELECT key, geoid, name, kind FROM name_index ORDER BY key, kind, name");
    while (st.step())
        d.names[st.text(0)].push_back({st.text(1), st.text(2), st.text(3)});
    auto z = db.prepare("SELECT zip, geoid, land_share_pct FROM zip_codes "
                        "ORDER BY zip, coalesce(land_share_pct, -1) DESC, geoid");
    while (z.step())
        d.zips[z.text(0)].push_back({z.text(1), optional_int(z, 2)});
}

void load_meta(Database& db, Data& d, const std::filesystem::path& path) {
    auto st = db.prepare("SELECT value FROM meta WHERE key = 'snapshot_as_of'");
    if (!st.step()) throw std::runtime_error(path.string() + ": no snapshot_as_of in meta");
    d.as_of = st.text(0);
    // The file's size and modification time change with every import.
    auto size = std::filesystem::file_size(path);
    auto mtime = std::filesystem::last_write_time(path).time_since_epoch().count();
    auto h = std::hash<std::string>{}(d.as_of + "|" + std::to_string(size) + "|" +
                                      std::to_string(mtime));
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016zx", static_cast<std::size_t>(h));
    d.fingerprint = d.as_of + "-" + buf;
}

// datasets/toolkits.json: kept out of the database so an operator can fix a link
// without re-importing.
void load_toolkits(const std::filesystem::path& path, Data& d) {
    if (path.empty() || !std::filesystem::exists(path)) return;
    auto text = read_file(path);
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    auto fail = [&](const std::string& why) {
        throw std::runtime_error(path.string() + ": " + why);
    };
    if (doc.HasParseError() || !doc.IsObject()) fail("not a JSON object");
    if (!doc.HasMember("toolkits") || !doc["toolkits"].IsArray()) fail("needs a 'toolkits' array");
    auto str = [&](const rapidjson::Value& v, const char* key) {
        if (!v.IsObject() || !v.HasMember(key) || !v[key].IsString())
            fail(std::string("every toolkit and link needs a string '") + key + "'");
        return std::string(v[key].GetString());
    };
    for (const auto& t : doc["toolkits"].GetArray()) {
        Data::ToolkitDef def{str(t, "id"), str(t, "name"), str(t, "summary"), {}, {}, {}};
        if (t.HasMember("links") && t["links"].IsArray())
            for (const auto& l : t["links"].GetArray())
                def.links.push_back({str(l, "title"), str(l, "url")});
        auto strings = [&](const char* key, std::vector<std::string>& out) {
            if (!t.HasMember(key)) return;
            if (!t[key].IsArray()) fail(std::string("'") + key + "' must be an array of strings");
            for (const auto& v : t[key].GetArray()) {
                if (!v.IsString()) fail(std::string("'") + key + "' must be an array of strings");
                out.emplace_back(v.GetString());
            }
        };
        strings("state_committees", def.state_committees);
        strings("related_bills", def.related_bills);
        d.toolkits.push_back(std::move(def));
    }
    if (doc.HasMember("contact") && doc["contact"].IsString())
        d.toolkit_contact = std::string(doc["contact"].GetString());
    d.toolkits_loaded = true;
}

// Act on Mass bills and the sponsors who still hold office (for /v1/sponsors).
void load_bills(Database& db, Data& d) {
    auto st =
        db.prepare("SELECT id, title, session, house_number, senate_number, url, as_of FROM bills");
    while (st.step()) {
        Data::Bill b{st.text(0),
                     st.text(1),
                     st.optional_text(2),
                     st.optional_text(3),
                     st.optional_text(4),
                     st.optional_text(5),
                     {}};
        d.bills_as_of = std::max(d.bills_as_of, st.text(6));
        d.bills.emplace(b.id, std::move(b));
    }
    auto sp = db.prepare(
        "SELECT bill_id, official_id, role FROM bill_sponsors WHERE official_id IS NOT NULL "
        "ORDER BY bill_id, role DESC, official_id");
    while (sp.step())
        if (auto it = d.bills.find(sp.text(0)); it != d.bills.end())
            it->second.current_sponsors.push_back({sp.text(1), sp.text(2)});
}

// ---------------------------------------------------------------- officials

void add_official(OfficialGroups& groups, const Official& o) {
    if (o.level == "federal")
        groups.federal.push_back(o);
    else if (o.level == "local")
        groups.local.push_back(o);
    else
        groups.state.push_back(o);
}

std::vector<Official> division_officials(const Data& d, const std::string& division) {
    std::vector<Official> out;
    if (auto it = d.officials_by_division.find(division); it != d.officials_by_division.end())
        for (auto i : it->second)
            out.push_back(d.officials[i]);
    if (auto it = d.vacancies.find(division); it != d.vacancies.end())
        out.insert(out.end(), it->second.begin(), it->second.end());
    std::stable_sort(out.begin(), out.end(), official_before);
    return out;
}

void add_district_officials(const Data& d, const District& dist, PlaceAnswer& a) {
    auto list = division_officials(d, dist.ocd_id);
    if (list.empty())
        a.missing.push_back("We have no current member or vacancy on record for the " +
                            dist.display_name + ".");
    for (const auto& o : list)
        add_official(a.officials, o);
}

void add_statewide_officials(const Data& d, PlaceAnswer& a) {
    for (const auto& o : division_officials(d, kStateDivision))
        add_official(a.officials, o);
}

std::string clerk_contact(const Municipality& m) {
    if (!m.clerk) return "";
    std::vector<std::string> parts;
    for (const auto& f : {m.clerk->phone, m.clerk->email, m.clerk->address})
        if (f) parts.push_back(*f);
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

// Local officials of one town, and plain statements of what we lack.
void add_local(const Data& d, const Municipality& m, std::vector<Official>& out,
               std::vector<std::string>& missing) {
    bool unverified = false;
    if (auto it = d.officials_by_town.find(m.geoid); it != d.officials_by_town.end())
        for (auto i : it->second) {
            out.push_back(d.officials[i]);
            unverified = unverified || !d.officials[i].verified;
        }
    std::string contact = clerk_contact(m);
    std::string clerk = "the " + m.kind + " clerk";
    if (out.empty()) {
        std::string body = m.policy_board.value_or(m.legislative_body);
        missing.push_back(
            "We don't have " + m.name + "'s " + body + " members yet; " +
            (contact.empty() ? clerk + " can help." : clerk + " can help: " + contact + "."));
    }
    if (unverified)
        missing.push_back("Some of " + m.name +
                          "'s local officials here were extracted automatically and not yet "
                          "checked (verified: false); please confirm with " +
                          clerk + ".");
    if (!m.clerk)
        missing.push_back("We don't have contact details for " + m.name + "'s " + m.kind +
                          " clerk.");
}

void sort_groups(OfficialGroups& g) {
    for (auto* v : {&g.federal, &g.state, &g.local})
        std::stable_sort(v->begin(), v->end(), official_before);
}

// ---------------------------------------------------------------- names

struct NameMatch {
    std::vector<Data::Name> places; // one per town; empty when unknown
    std::string key;
};

std::string strip_affixes(std::string key) {
    for (const char* prefix : {"city of ", "town of "})
        if (key.rfind(prefix, 0) == 0) key = key.substr(std::string(prefix).size());
    for (const char* suffix : {" massachusetts", " ma", " mass"}) {
        std::string s(suffix);
        if (key.size() > s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0)
            key = key.substr(0, key.size() - s.size());
    }
    return key;
}

// Exact (normalised) name match. A name that is some town's official name means that
// town, even if a village elsewhere shares it.
NameMatch match_name(const Data& d, std::string_view text) {
    NameMatch out;
    for (const auto& key : {name_key(text), strip_affixes(name_key(text))}) {
        out.key = key;
        auto it = d.names.find(key);
        if (it == d.names.end()) continue;
        for (const auto& n : it->second)
            if (n.kind == "official") {
                out.places = {n};
                return out;
            }
        std::set<std::string> seen;
        for (const auto& n : it->second)
            if (seen.insert(n.geoid).second) out.places.push_back(n);
        return out;
    }
    return out;
}

std::vector<Suggestion> suggest(const Data& d, const std::string& key) {
    std::vector<Suggestion> out;
    if (key.size() < 3) return out;
    bool ascii = std::all_of(key.begin(), key.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    std::string match;
    if (ascii) {
        // Any shared trigram makes a candidate; edit distance then ranks them.
        for (std::size_t i = 0; i + 3 <= key.size(); ++i)
            match += (match.empty() ? "\"" : " OR \"") + key.substr(i, 3) + "\"";
    } else {
        match = "\"" + key + "\"";
    }
    std::vector<std::pair<std::string, std::string>> found; // key, geoid
    {
        std::lock_guard lock(d.db_mutex);
        auto st = d.db->prepare(
            "SELECT key, geoid FROM places_fts WHERE places_fts MATCH ?1 ORDER BY rank LIMIT 300");
        st.bind(1, match);
        while (st.step())
            found.emplace_back(st.text(0), st.text(1));
    }
    std::size_t cap = std::max<std::size_t>(2, key.size() / 4);
    // Ranked by distance, then official town names before villages and other names.
    std::vector<std::tuple<std::size_t, bool, std::string, Suggestion>> ranked;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& [cand, geoid] : found) {
        std::size_t dist = edit_distance(key, cand, cap);
        bool prefix = key.size() >= 4 && cand.rfind(key, 0) == 0;
        if (dist > cap && !prefix) continue;
        if (prefix && dist > cap) dist = cap + 1;
        auto it = d.names.find(cand);
        if (it == d.names.end() || !d.find_town(geoid)) continue;
        for (const auto& n : it->second)
            if (n.geoid == geoid && seen.insert({n.name, geoid}).second)
                ranked.emplace_back(dist, n.kind != "official", n.name,
                                    Suggestion{n.name, d.town(geoid).name, n.kind});
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
               std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    });
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
        out.push_back(std::get<3>(ranked[i]));
    return out;
}

// ---------------------------------------------------------------- answers

// Fills districts, officials and ambiguity from the precincts an answer covers.
void fill_from_precincts(const Data& d, const std::vector<std::size_t>& pcts, bool multi_town,
                         PlaceAnswer& a) {
    if (pcts.empty()) {
        // Never answer "exact" with no districts: say what we lack and what would help.
        a.ambiguity.emplace();
        a.ambiguity->reason = "We have no precinct list for this place, so we can't tell its "
                              "districts from the name alone.";
        a.ambiguity->hint = "Share your location (latitude and longitude) instead.";
        a.missing.push_back("No precinct list for this place in our data.");
        return;
    }
    std::vector<std::string> split_chambers;
    for (int c = 0; c < kChamberCount; ++c) {
        std::map<std::string, std::vector<PrecinctRef>> by_district;
        for (auto i : pcts) {
            const auto& p = d.precincts[i];
            Text town = multi_town ? Text(d.town(p.geoid).name) : std::nullopt;
            by_district[p.district[c]].push_back({p.ward, p.precinct, town});
        }
        if (by_district.size() == 1) {
            if (const auto* dist = d.find_district(by_district.begin()->first)) {
                a.districts.push_back(*dist);
                add_district_officials(d, *dist, a);
            }
            continue;
        }
        if (by_district.empty()) continue;
        split_chambers.push_back(std::to_string(by_district.size()) + " " + kChamberWords[c] +
                                 " districts");
        if (!a.ambiguity) a.ambiguity.emplace();
        for (auto& [id, refs] : by_district) {
            const auto* dist = d.find_district(id);
            if (!dist) continue;
            a.ambiguity->candidates.push_back(
                {kChamberCodes[c], *dist, std::move(refs), division_officials(d, id)});
        }
    }
    if (!split_chambers.empty()) {
        std::string where = a.municipality ? a.municipality->name : "This area";
        if (a.zip && !a.municipality) where = "ZIP " + *a.zip;
        a.ambiguity->reason = where + " is split across " + join_names(split_chambers) + ".";
    }
}

void finish(PlaceAnswer& a, const Data& d) {
    add_statewide_officials(d, a);
    sort_groups(a.officials);
    a.data_as_of = d.as_of;
    if (a.ambiguity) {
        a.status = "ambiguous";
        auto& needs = a.ambiguity->needs;
        if (!a.ambiguity->municipalities.empty()) needs.push_back("town");
        if (!a.ambiguity->candidates.empty()) needs.push_back("ward_precinct");
        needs.push_back("location");
        if (a.ambiguity->hint.empty())
            a.ambiguity->hint =
                "Your ward and precinct are printed on your voter registration (the town clerk "
                "or the state's voter lookup can tell you); sharing your location also works.";
    } else if (a.status.empty()) {
        a.status = "exact";
    }
}

std::vector<std::size_t> town_precincts(const Data& d, const std::string& geoid) {
    auto it = d.precincts_by_town.find(geoid);
    return it == d.precincts_by_town.end() ? std::vector<std::size_t>{} : it->second;
}

// A precinct number matches its own row and the sub-precincts split off it ("2" -> "2A").
bool precinct_matches(const Data::Precinct& p, const std::string& want) {
    if (p.precinct == want) return true;
    return p.sub && p.precinct.size() > want.size() && p.precinct.rfind(want, 0) == 0 &&
           std::isalpha(static_cast<unsigned char>(p.precinct[want.size()]));
}

Result<std::vector<std::size_t>> filter_precincts(const Data& d, const Municipality& m,
                                                  const std::string& ward,
                                                  const std::string& precinct) {
    if (!ward.empty() && !m.has_wards)
        return bad_parameter("ward", m.name + " has no wards; give only the precinct");
    if (ward.empty() && !precinct.empty() && m.has_wards)
        return bad_parameter("ward", m.name + " is divided into wards; give the ward as well as "
                                              "the precinct");
    std::vector<std::size_t> out;
    for (auto i : town_precincts(d, m.geoid)) {
        const auto& p = d.precincts[i];
        if (!ward.empty() && p.ward.value_or("") != ward) continue;
        if (!precinct.empty() && !precinct_matches(p, precinct)) continue;
        out.push_back(i);
    }
    if (out.empty()) {
        std::string what = precinct.empty()
                               ? "Ward " + ward
                               : precinct_label(ward.empty() ? Text() : Text(ward), precinct);
        return not_found(m.name + " has no " + what + " in our precinct list (2022 boundaries).");
    }
    return out;
}

std::string place_explanation(const Data::Name& n, const Municipality& m) {
    if (n.kind == "official") return m.name + " is a " + m.kind + " in " + m.county + " County.";
    if (n.kind == "village") return n.name + " is a village or neighborhood of " + m.name + ".";
    if (n.kind == "postal") return n.name + " is a postal place name; it is in " + m.name + ".";
    return n.name + " is another name for " + m.name + ".";
}

PlaceAnswer town_answer(const Data& d, const Municipality& m,
                        const std::vector<std::size_t>& pcts) {
    PlaceAnswer a;
    a.municipality = m;
    fill_from_precincts(d, pcts, false, a);
    add_local(d, m, a.officials.local, a.missing);
    return a;
}

PlaceAnswer multi_town_answer(const Data& d, const std::vector<TownChoice>& choices,
                              const std::string& reason) {
    PlaceAnswer a;
    std::vector<std::size_t> pcts;
    for (const auto& c : choices) {
        auto list = town_precincts(d, c.geoid);
        pcts.insert(pcts.end(), list.begin(), list.end());
    }
    fill_from_precincts(d, pcts, true, a);
    if (!a.ambiguity) a.ambiguity.emplace();
    a.ambiguity->municipalities = choices;
    a.ambiguity->reason = reason + (a.ambiguity->reason.empty() ? "" : " " + a.ambiguity->reason);
    a.missing.push_back("Local officials depend on which town you are in.");
    return a;
}

Result<PlaceAnswer> by_name(const Data& d, const std::string& text, const std::string& ward,
                            const std::string& precinct, const std::string& param) {
    if (first_invalid_utf8(text)) return bad_parameter(param, "is not valid UTF-8");
    if (text.size() > kMaxNameLength)
        return bad_parameter(param,
                             "is longer than " + std::to_string(kMaxNameLength) + " characters");
    auto match = match_name(d, text);
    if (match.key.empty()) return bad_parameter(param, "names no place");
    if (match.places.empty()) {
        PlaceAnswer a;
        a.suggestions = suggest(d, match.key);
        if (a.suggestions.empty())
            return not_found("We don't know a Massachusetts city, town or village called \"" +
                             text + "\".");
        a.query.interpreted_as = "town";
        a.query.explanation = "No Massachusetts place is called \"" + text + "\"; did you mean " +
                              a.suggestions.front().name + "?";
        a.status = "suggestions";
        a.data_as_of = d.as_of;
        return a;
    }
    if (match.places.size() > 1) {
        if (!ward.empty() || !precinct.empty())
            return bad_parameter(param,
                                 "\"" + text + "\" names places in several towns; give the town");
        std::vector<TownChoice> choices;
        std::vector<std::string> names;
        for (const auto& p : match.places) {
            choices.push_back({d.town(p.geoid).name, p.geoid, std::nullopt});
            names.push_back(d.town(p.geoid).name);
        }
        auto a = multi_town_answer(d, choices,
                                   "\"" + match.places[0].name + "\" is a place name in " +
                                       join_names(names) + ".");
        a.query.interpreted_as = match.places[0].kind;
        a.query.explanation = a.ambiguity->reason;
        a.village = match.places[0].name;
        finish(a, d);
        return a;
    }
    const auto& n = match.places[0];
    const auto& m = d.town(n.geoid);
    auto pcts = filter_precincts(d, m, ward, precinct);
    if (!pcts) return pcts.error();
    auto a = town_answer(d, m, *pcts);
    if (n.kind == "village") a.village = n.name;
    a.query.interpreted_as = n.kind == "official" ? "town" : n.kind;
    a.query.explanation = place_explanation(n, m);
    if (!ward.empty() || !precinct.empty()) {
        a.query.interpreted_as = "ward_precinct";
        if (!ward.empty()) a.ward = ward;
        if (!precinct.empty()) a.precinct = precinct;
        a.query.explanation +=
            " " + (precinct.empty() ? "Ward " + ward : precinct_label(a.ward, precinct)) + ".";
        if (pcts->size() > 1 && !precinct.empty())
            a.query.explanation += " Part of this precinct is a separate sub-precinct.";
    }
    finish(a, d);
    return a;
}

Result<PlaceAnswer> by_zip(const Data& d, const std::string& raw) {
    std::string zip = trim(raw);
    if (!is_zip(zip)) return bad_parameter("zip", "must be 5 digits, like 02139");
    zip = zip.substr(0, 5);
    auto it = d.zips.find(zip);
    if (it == d.zips.end())
        return not_found("ZIP " + zip + " is not a Massachusetts ZIP code we know.");
    std::vector<TownChoice> choices;
    std::vector<std::string> described;
    for (const auto& z : it->second) {
        const auto* m = d.find_town(z.geoid);
        if (!m) continue;
        choices.push_back({m->name, m->geoid, z.share});
        described.push_back(m->name + (z.share ? " (" + std::to_string(*z.share) + "% of its land)"
                                               : std::string()));
    }
    if (choices.empty()) return not_found("ZIP " + zip + " is not linked to a town in our data.");
    PlaceAnswer a;
    if (choices.size() == 1) {
        const auto& m = d.town(choices[0].geoid);
        a = town_answer(d, m, town_precincts(d, m.geoid));
        a.query.explanation = "ZIP " + zip + " is in " + m.name + ".";
    } else {
        a.zip = zip;
        a = multi_town_answer(d, choices,
                              "ZIP " + zip + " covers parts of " + join_names(described) + ".");
        a.query.explanation = "ZIP " + zip + " covers parts of " + join_names(described) + ".";
    }
    a.zip = zip;
    a.query.interpreted_as = "zip";
    finish(a, d);
    return a;
}

Result<double> parse_coordinate(const std::string& raw, const std::string& param, double limit) {
    std::string s = trim(raw);
    if (s.empty() || s.size() > 32) return bad_parameter(param, "must be a number of degrees");
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        return bad_parameter(param, "must be a number of degrees");
    }
    if (used != s.size() || !std::isfinite(v))
        return bad_parameter(param, "must be a number of degrees");
    if (std::fabs(v) > limit)
        return bad_parameter(param, "must be between -" + std::to_string(int(limit)) + " and " +
                                        std::to_string(int(limit)));
    return v;
}

bool inside_massachusetts_box(double lat, double lon) {
    return lat >= 41.18 && lat <= 42.89 && lon >= -73.51 && lon <= -69.85;
}

Result<PlaceAnswer> by_point(const Data& d, const std::string& lat_s, const std::string& lon_s) {
    auto lat = parse_coordinate(lat_s, "lat", 90);
    if (!lat) return lat.error();
    auto lon = parse_coordinate(lon_s, "lon", 180);
    if (!lon) return lon.error();
    auto town = d.geo->locate("town", *lat, *lon, kGapToleranceMetres);
    const Municipality* m = town ? d.find_town(town->id) : nullptr;
    if (!m) {
        if (!inside_massachusetts_box(*lat, *lon))
            return not_found("That point is outside Massachusetts.");
        return not_found("That point is not inside any Massachusetts city or town; it may be on "
                         "the water.");
    }
    PlaceAnswer a;
    a.municipality = *m;
    a.lat = *lat;
    a.lon = *lon;
    a.query.interpreted_as = "point";
    a.query.explanation = "That point is in " + m->name + ".";
    if (town->nearest)
        a.query.explanation += " It lies in a small gap between boundary lines, so we used the "
                               "nearest town, " +
                               std::to_string(int(std::lround(town->distance_m))) + " m away.";
    for (int c = 0; c < kChamberCount; ++c) {
        auto hit = d.geo->locate(kChamberCodes[c], *lat, *lon, kGapToleranceMetres);
        const District* dist = hit ? d.find_district(hit->id) : nullptr;
        if (!dist) {
            a.missing.push_back(std::string("We could not place that point in a ") +
                                kChamberWords[c] + " district.");
            continue;
        }
        a.districts.push_back(*dist);
        add_district_officials(d, *dist, a);
    }
    add_local(d, *m, a.officials.local, a.missing);
    finish(a, d);
    return a;
}

// A street address cannot be geocoded offline: find the town among its last words.
Result<PlaceAnswer> by_address(const Data& d, const ParsedQuery& pq) {
    const auto& w = pq.address_words;
    for (std::size_t len = std::min<std::size_t>(4, w.size() > 1 ? w.size() - 1 : 0); len >= 1;
         --len) {
        std::string tail;
        for (std::size_t i = w.size() - len; i < w.size(); ++i)
            tail += (tail.empty() ? "" : " ") + w[i];
        auto match = match_name(d, tail);
        if (match.places.size() != 1) continue;
        auto a = by_name(d, tail, "", "", "q");
        if (!a) return a;
        std::string town = d.town(match.places[0].geoid).name;
        if (!pq.zip.empty()) a->zip = pq.zip;
        a->query.input = "a street address in " + town;
        a->query.interpreted_as = "address";
        a->query.explanation =
            "We can't place a street address without an online map, so this answer is for " + town +
            " as a whole. Your ward and precinct (on your voter registration) or your "
            "location would make it exact.";
        return a;
    }
    if (!pq.zip.empty()) {
        auto a = by_zip(d, pq.zip);
        if (!a) return a;
        a->query.input = "a street address in ZIP " + pq.zip;
        a->query.interpreted_as = "address";
        a->query.explanation = "We can't place a street address offline; this answer is for ZIP " +
                               pq.zip +
                               ". Your ward and precinct or your location would make it exact.";
        return a;
    }
    return not_found("We couldn't find a Massachusetts city or town in that address; add the "
                     "town name or ZIP code.");
}

Result<PlaceAnswer> by_free_text(const Data& d, const std::string& q) {
    auto parsed = parse_free_text(q, "q");
    if (!parsed) return parsed.error();
    const auto& pq = *parsed;
    Result<PlaceAnswer> a = Error{};
    switch (pq.kind) {
    case ParsedQuery::Kind::Point: a = by_point(d, pq.lat, pq.lon); break;
    case ParsedQuery::Kind::Zip: a = by_zip(d, pq.zip); break;
    case ParsedQuery::Kind::Address: return by_address(d, pq);
    case ParsedQuery::Kind::WardPrecinct:
        a = by_name(d, pq.place, pq.ward, pq.precinct, "q");
        break;
    case ParsedQuery::Kind::Name:
        a = by_name(d, pq.place, "", "", "q");
        if (a && !pq.zip.empty()) a->zip = pq.zip;
        break;
    }
    if (a) a->query.input = q;
    return a;
}

bool present(const Text& t) {
    return t.has_value();
}

} // namespace

// ---------------------------------------------------------------- Lookup

Lookup::Lookup() : d_(std::make_unique<Data>()) {}
Lookup::~Lookup() = default;

std::shared_ptr<const Lookup> Lookup::open(const Options& options) {
    if (!std::filesystem::exists(options.db_path))
        throw std::runtime_error(options.db_path.string() + ": database file not found");
    std::shared_ptr<Lookup> lookup(new Lookup());
    auto& d = *lookup->d_;
    d.db = std::make_unique<Database>(
        Database::open(options.db_path.string(), Database::Mode::ReadOnly));
    auto& db = *d.db;
    load_meta(db, d, options.db_path);
    load_towns(db, d);
    load_districts_and_precincts(db, d);
    load_officials(db, d);
    load_vacancies(db, d);
    load_bills(db, d);
    load_names_and_zips(db, d);
    d.geo = GeoIndex::load(db);
    load_toolkits(options.toolkits_path, d);
    if (d.toolkits_loaded) {
        // An edited toolkits file must change the ETag too.
        auto t = std::filesystem::last_write_time(options.toolkits_path).time_since_epoch().count();
        d.fingerprint += "-" + std::to_string(t % 1000000007);
    }
    return lookup;
}

const std::string& Lookup::data_as_of() const {
    return d_->as_of;
}
const std::string& Lookup::fingerprint() const {
    return d_->fingerprint;
}
std::size_t Lookup::municipality_count() const {
    return d_->towns.size();
}

Result<PlaceAnswer> Lookup::lookup(const LookupRequest& r) const {
    if ((present(r.ward) || present(r.precinct)) && !present(r.town))
        return bad_parameter(present(r.ward) ? "ward" : "precinct", "needs town");
    int modes =
        present(r.town) + present(r.zip) + (present(r.lat) || present(r.lon)) + present(r.q);
    if (modes == 0)
        return bad_parameter("town", "give one of town (with optional ward and precinct), zip, "
                                     "lat and lon, or q");
    if (modes > 1) return bad_parameter("q", "give only one of town, zip, lat/lon or q");
    if (present(r.town)) {
        auto norm = [](const Text& t) -> Result<std::string> {
            if (!t) return std::string();
            if (t->size() > 8) return Error{ErrorCode::BadParameter, ""};
            return normalize_precinct_label(*t);
        };
        auto ward = norm(r.ward);
        if (!ward || (r.ward && ward->empty()))
            return bad_parameter("ward", "must be a ward number like 2");
        auto pct = norm(r.precinct);
        if (!pct || (r.precinct && pct->empty()))
            return bad_parameter("precinct", "must be a precinct like 1 or 2A");
        // People type ZIPs into the town box; treat one as a ZIP rather than a misspelling.
        if (is_zip(trim(*r.town)) && ward->empty() && pct->empty()) {
            auto z = by_zip(*d_, *r.town);
            if (z) z->query.input = *r.town;
            return z;
        }
        auto a = by_name(*d_, *r.town, *ward, *pct, "town");
        if (a) a->query.input = *r.town;
        if (a && (!ward->empty() || !pct->empty()))
            a->query.input += ", " + precinct_label(ward->empty() ? Text() : Text(*ward), *pct);
        return a;
    }
    if (present(r.zip)) {
        auto a = by_zip(*d_, *r.zip);
        if (a) a->query.input = *r.zip;
        return a;
    }
    if (present(r.lat) || present(r.lon)) {
        if (!present(r.lat)) return bad_parameter("lat", "is required with lon");
        if (!present(r.lon)) return bad_parameter("lon", "is required with lat");
        auto a = by_point(*d_, *r.lat, *r.lon);
        if (a) a->query.input = trim(*r.lat) + "," + trim(*r.lon);
        return a;
    }
    return by_free_text(*d_, *r.q);
}

Result<std::vector<MunicipalitySummary>> Lookup::municipalities(const MunicipalityFilter& f) const {
    auto key = [](const Text& t) { return t ? name_key(*t) : std::string(); };
    std::string county = key(f.county);
    if (county.size() > 7 && county.compare(county.size() - 7, 7, " county") == 0)
        county.resize(county.size() - 7);
    std::string body = key(f.legislative_body);
    std::string form = key(f.form_of_government);
    if (f.county && county.empty()) return bad_parameter("county", "is empty");
    if (f.legislative_body) {
        static const std::set<std::string> bodies = {"open town meeting",
                                                     "representative town meeting", "city council",
                                                     "town council", "municipal council"};
        std::string b = body;
        std::replace(b.begin(), b.end(), '_', ' ');
        if (!bodies.count(b))
            return bad_parameter(
                "legislative_body",
                "must be one of Open Town Meeting, "
                "Representative Town Meeting, City Council, Town Council, Municipal Council");
        body = b;
    }
    std::vector<MunicipalitySummary> out;
    for (const auto& m : d_->towns) {
        if (!county.empty() && name_key(m.county) != county) continue;
        if (!body.empty() && name_key(m.legislative_body) != body) continue;
        if (f.form_of_government && name_key(m.form_of_government).find(form) == std::string::npos)
            continue;
        out.push_back(
            {m.name, m.geoid, m.kind, m.county, m.legislative_body, m.form_of_government});
    }
    return out;
}

namespace {

// Resolves a name that must mean exactly one municipality (path parameters, filters).
Result<const Municipality*> one_town(const Data& d, std::string_view name,
                                     const std::string& param) {
    if (first_invalid_utf8(name)) return bad_parameter(param, "is not valid UTF-8");
    if (name.size() > kMaxNameLength) return bad_parameter(param, "is too long");
    auto match = match_name(d, name);
    if (match.key.empty()) return bad_parameter(param, "names no place");
    if (match.places.size() == 1) return &d.town(match.places[0].geoid);
    std::string shown(name);
    if (match.places.size() > 1) {
        std::vector<std::string> names;
        for (const auto& p : match.places)
            names.push_back(d.town(p.geoid).name);
        return not_found("\"" + shown + "\" is a place name in " + join_names(names) +
                         "; ask for one of those.");
    }
    auto sugg = suggest(d, match.key);
    std::string msg = "No Massachusetts city or town is called \"" + shown + "\".";
    if (!sugg.empty()) msg += " Did you mean " + sugg.front().municipality + "?";
    return not_found(msg);
}

std::vector<DistrictWithPrecincts> town_districts(const Data& d, const Municipality& m) {
    std::vector<DistrictWithPrecincts> out;
    for (int c = 0; c < kChamberCount; ++c) {
        std::map<std::string, std::vector<PrecinctRef>> by;
        for (auto i : town_precincts(d, m.geoid)) {
            const auto& p = d.precincts[i];
            by[p.district[c]].push_back({p.ward, p.precinct, std::nullopt});
        }
        for (auto& [id, refs] : by)
            if (const auto* dist = d.find_district(id)) out.push_back({*dist, std::move(refs)});
    }
    return out;
}

} // namespace

Result<MunicipalityDetail> Lookup::municipality(std::string_view name) const {
    auto m = one_town(*d_, name, "name");
    if (!m) return m.error();
    MunicipalityDetail out;
    out.municipality = **m;
    out.how_local_laws_pass = how_local_laws_pass(**m);
    out.how_to_petition = how_to_petition(**m);
    add_local(*d_, **m, out.officials, out.missing);
    std::stable_sort(out.officials.begin(), out.officials.end(), official_before);
    out.districts = town_districts(*d_, **m);
    out.data_as_of = d_->as_of;
    return out;
}

Result<DistrictDetail> Lookup::district(std::string_view ocd_id) const {
    if (ocd_id.rfind("ocd-division/", 0) != 0 || ocd_id.size() > 200 || first_invalid_utf8(ocd_id))
        return bad_parameter("ocd_id", "must be an OCD division id like "
                                       "ocd-division/country:us/state:ma/sldl:25th_middlesex");
    const auto* dist = d_->find_district(std::string(ocd_id));
    if (!dist) return not_found("No district " + std::string(ocd_id) + " in our data.");
    DistrictDetail out;
    out.district = *dist;
    out.officials = division_officials(*d_, dist->ocd_id);
    int c = 0;
    while (c < kChamberCount && dist->chamber != kChamberCodes[c])
        ++c;
    std::map<std::string, TownPrecincts> towns; // by name
    for (const auto& p : d_->precincts) {
        if (c == kChamberCount || p.district[c] != dist->ocd_id) continue;
        const auto& m = d_->town(p.geoid);
        auto& t = towns[m.name];
        t.name = m.name;
        t.geoid = m.geoid;
        t.precincts.push_back({p.ward, p.precinct, std::nullopt});
    }
    for (auto& [name, t] : towns)
        out.municipalities.push_back(std::move(t));
    out.data_as_of = d_->as_of;
    return out;
}

namespace {

Result<long long> parse_count(const Text& raw, const std::string& param, long long def,
                              long long max) {
    if (!raw) return def;
    const std::string& s = *raw;
    if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), ::isdigit))
        return bad_parameter(param, "must be a whole number from 1 to " + std::to_string(max));
    long long v = std::stoll(s);
    if (v < 1 || v > max)
        return bad_parameter(param, "must be a whole number from 1 to " + std::to_string(max));
    return v;
}

// FTS5 query from user text: each word quoted (so operators in input are inert), the
// last one as a prefix so people can type partial names.
std::string fts_query(const std::string& text) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80)
            cur += c;
        else if (!cur.empty())
            words.push_back(std::move(cur)), cur.clear();
    }
    if (!cur.empty()) words.push_back(cur);
    std::string q;
    for (std::size_t i = 0; i < words.size() && i < 8; ++i)
        q += (q.empty() ? "\"" : " \"") + words[i] + "\"" + (i + 1 == words.size() ? "*" : "");
    return q;
}

using OfficialFilter = std::function<bool(const Official&)>;

Result<OfficialFilter> chamber_filter(const std::string& chamber) {
    static const std::map<std::string, std::set<std::string>, std::less<>> offices = {
        {"house", {"state_representative"}},
        {"senate", {"state_senator"}},
        {"congress", {"us_representative", "us_senator"}},
        {"governors_council", {"governors_councillor"}}};
    if (chamber == "statewide")
        return OfficialFilter([](const Official& o) {
            return o.division_id == kStateDivision && o.level == "state";
        });
    if (chamber == "local")
        return OfficialFilter([](const Official& o) { return o.level == "local"; });
    auto it = offices.find(chamber);
    if (it == offices.end())
        return bad_parameter("chamber", "must be one of house, senate, congress, "
                                        "governors_council, statewide, local");
    const auto& set = it->second;
    return OfficialFilter([&set](const Official& o) { return set.count(o.office) != 0; });
}

} // namespace

Result<OfficialPage> Lookup::officials(const OfficialQuery& q) const {
    auto page = parse_count(q.page, "page", 1, 100000);
    if (!page) return page.error();
    auto per_page = parse_count(q.per_page, "per_page", 20, 100);
    if (!per_page) return per_page.error();
    for (const auto* t : {&q.q, &q.party, &q.committee, &q.chamber})
        if (*t && ((*t)->size() > 100 || first_invalid_utf8(**t)))
            return bad_parameter(t == &q.q           ? "q"
                                 : t == &q.party     ? "party"
                                 : t == &q.committee ? "committee"
                                                     : "chamber",
                                 "must be valid UTF-8 of at most 100 bytes");

    std::vector<std::size_t> order;
    if (q.q) {
        auto match = fts_query(*q.q);
        if (match.empty()) return bad_parameter("q", "needs at least one letter or digit");
        std::lock_guard lock(d_->db_mutex);
        auto st = d_->db->prepare(
            "SELECT id FROM officials_fts WHERE officials_fts MATCH ?1 ORDER BY rank LIMIT 5000");
        st.bind(1, match);
        while (st.step())
            if (auto it = d_->official_by_id.find(st.text(0)); it != d_->official_by_id.end())
                order.push_back(it->second);
    } else {
        for (std::size_t i = 0; i < d_->officials.size(); ++i)
            order.push_back(i);
    }

    std::vector<OfficialFilter> filters;
    if (q.chamber) {
        auto f = chamber_filter(ascii_lower(trim(*q.chamber)));
        if (!f) return f.error();
        filters.push_back(*f);
    }
    if (q.party) {
        std::string party = ascii_lower(trim(*q.party));
        if (party.empty()) return bad_parameter("party", "is empty");
        filters.push_back([party](const Official& o) {
            return o.party && ascii_lower(*o.party).rfind(party, 0) == 0;
        });
    }
    if (q.committee) {
        std::string want = ascii_lower(trim(*q.committee));
        if (want.empty()) return bad_parameter("committee", "is empty");
        filters.push_back([want](const Official& o) {
            for (const auto& c : o.committees)
                if (c.id == want || ascii_lower(c.name).find(want) != std::string::npos)
                    return true;
            return false;
        });
    }
    if (q.town) {
        auto m = one_town(*d_, *q.town, "town");
        if (!m) return m.error();
        std::set<std::string> divisions = {(*m)->ocd_id};
        for (auto i : town_precincts(*d_, (*m)->geoid))
            for (const auto& id : d_->precincts[i].district)
                divisions.insert(id);
        std::string geoid = (*m)->geoid;
        filters.push_back([divisions, geoid](const Official& o) {
            return divisions.count(o.division_id) || (o.geoid && *o.geoid == geoid);
        });
    }
    OfficialPage out;
    out.page = *page;
    out.per_page = *per_page;
    long long skip = (*page - 1) * *per_page;
    for (auto i : order) {
        const auto& o = d_->officials[i];
        if (!std::all_of(filters.begin(), filters.end(), [&](const auto& f) { return f(o); }))
            continue;
        if (out.total >= skip && out.total < skip + *per_page) out.officials.push_back(o);
        ++out.total;
    }
    return out;
}

Result<ToolkitList> Lookup::toolkits(const Text& town) const {
    if (!d_->toolkits_loaded)
        return Error{ErrorCode::NoDatabase,
                     "The toolkits file (datasets/toolkits.json) is not loaded."};
    ToolkitList out;
    const Municipality* m = nullptr;
    if (town) {
        auto r = one_town(*d_, *town, "town");
        if (!r) return r.error();
        m = *r;
        out.municipality = *m;
    }
    for (const auto& t : d_->toolkits) {
        Toolkit tk{t.id, t.name, t.summary, t.links, std::nullopt};
        if (m) tk.local_body = local_body_for_ordinance(*m);
        out.toolkits.push_back(std::move(tk));
    }
    out.contact = d_->toolkit_contact;
    return out;
}

} // namespace masscivic::server
