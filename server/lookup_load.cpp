// Database file -> Lookup::Data: every table the server answers from is read once here.
#include "lookup_load.hpp"

#include "answer.hpp"
#include "csv.hpp"
#include "geo_index.hpp"
#include "json_render.hpp"
#include "resolve.hpp"
#include "sqlite.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>

namespace masscivic::server {

namespace {

std::optional<long long> optional_int(Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return st.integer(col);
}

void load_towns(Database& db, Data& d) {
    auto st = db.prepare(
        "SELECT m.geoid, m.name, m.kind, m.county, m.ocd_id, m.population_2020, "
        "m.legislative_body, m.form_of_government, m.chief_executive_title, m.policy_board, "
        "m.policy_board_size, m.legislative_body_size, m.website, "
        "c.geoid IS NOT NULL, c.address, c.phone, c.fax, c.email, c.source, c.as_of, "
        "EXISTS (SELECT 1 FROM precincts p WHERE p.geoid = m.geoid AND p.ward IS NOT NULL), "
        // Precinct polygons have ids '<GEOID>:<ward>-<precinct>': a primary-key range.
        "EXISTS (SELECT 1 FROM boundaries b WHERE b.id > m.geoid || ':' AND b.id < m.geoid || ';' "
        "        AND b.layer = 'precinct') "
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
        m.has_precinct_map = st.integer(21) != 0;
        d.town_by_geoid[m.geoid] = d.towns.size();
        d.towns.push_back(std::move(m));
    }
}

void load_districts_and_precincts(Database& db, Data& d) {
    auto st = db.prepare("SELECT ocd_id, chamber, name, display_name, number FROM districts");
    while (st.step())
        d.districts[st.text(0)] =
            District{st.text(0), st.text(1), st.text(2), st.text(3), st.integer(4), {}};
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
                   "o.as_of, o.geoid, o.seat, o.seat_division_id FROM officials o "
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
        o.seat = st.optional_text(20);
        o.seat_division_id = st.optional_text(21);
        if (o.division_id == kStateDivision) o.district = "Massachusetts";
        d.officials.push_back(std::make_shared<Official>(std::move(o)));
    }
    std::stable_sort(d.officials.begin(), d.officials.end(),
                     [](const auto& a, const auto& b) { return official_before(*a, *b); });
    for (std::size_t i = 0; i < d.officials.size(); ++i)
        d.official_by_id[d.officials[i]->id] = i;

    auto off = db.prepare("SELECT official_id, kind, address, phone, fax FROM official_offices "
                          "ORDER BY official_id, kind");
    while (off.step()) {
        auto it = d.official_by_id.find(off.text(0));
        if (it == d.official_by_id.end()) continue;
        d.officials[it->second]->offices.push_back(
            {off.text(1), off.optional_text(2), off.optional_text(3), off.optional_text(4)});
    }
    auto cm = db.prepare("SELECT cm.official_id, c.id, c.name, cm.role FROM committee_members cm "
                         "JOIN committees c ON c.id = cm.committee_id ORDER BY c.name");
    while (cm.step()) {
        auto it = d.official_by_id.find(cm.text(0));
        if (it == d.official_by_id.end()) continue;
        d.officials[it->second]->committees.push_back({cm.text(1), cm.text(2), cm.text(3)});
    }
    auto links = db.prepare("SELECT official_id, kind, value FROM official_links "
                            "ORDER BY official_id, kind, value");
    while (links.step()) {
        auto it = d.official_by_id.find(links.text(0));
        if (it == d.official_by_id.end()) continue;
        d.officials[it->second]->channels.push_back({links.text(1), links.text(2)});
    }
    auto el = db.prepare("SELECT official_id, election_date, winner_share, opposed, is_special, "
                         "candidates, source, source_url FROM election_results "
                         "WHERE official_id IS NOT NULL");
    while (el.step()) {
        auto it = d.official_by_id.find(el.text(0));
        if (it == d.official_by_id.end()) continue;
        auto date = el.text(1);
        d.officials[it->second]->last_election =
            LastElection{date,         std::stoll(date.substr(0, 4)), el.text(2),
                         el.integer(3) != 0, el.integer(4) != 0, el.integer(5),
                         el.text(6),   el.text(7)};
    }
    for (std::size_t i = 0; i < d.officials.size(); ++i) {
        const auto& o = *d.officials[i];
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
        d.vacancies[v.division_id].push_back(std::make_shared<Official>(std::move(v)));
    }
}

// Numbers every official and vacancy in listing order (see Official::listing_order). The
// officials are sorted already; the vacancies take their places among them.
void number_listing_order(Data& d) {
    std::vector<Official*> all;
    for (const auto& o : d.officials) all.push_back(o.get());
    for (const auto& [division, seats] : d.vacancies)
        for (const auto& v : seats) all.push_back(v.get());
    // Equals of different divisions (two vacancies) by division, so the order never depends
    // on the vacancy map's iteration order.
    std::stable_sort(all.begin(), all.end(), [](const Official* a, const Official* b) {
        if (official_before(*a, *b)) return true;
        return !official_before(*b, *a) && a->division_id < b->division_id;
    });
    for (std::size_t i = 0; i < all.size(); ++i) all[i]->listing_order = static_cast<int>(i);
}

void load_names_and_zips(Database& db, Data& d) {
    auto st = db.prepare("SELECT key, geoid, name, kind FROM name_index ORDER BY key, kind, name");
    while (st.step())
        d.names[st.text(0)].push_back({st.text(1), st.text(2), st.text(3)});
    index_run_together_names(d);
    index_family_names(d);
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

// The toolkits document (datasets/toolkits.json, stored in the database at import).
// `where` names it in errors.
void parse_toolkits(const std::string& text, const std::string& where, Data& d) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    auto fail = [&](const std::string& why) {
        throw std::runtime_error(where + ": " + why);
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

// "194th" -> 194; 0 when the text does not start with a number.
long session_number(const Text& session) {
    return session ? std::strtol(session->c_str(), nullptr, 10) : 0;
}

// Bills of every session (Act on Mass 2019-2024, Progressive Massachusetts' scorecard for the
// current one) and the sponsors who still hold office (for /v1/sponsors). The bills of the
// latest session are `current`, and each legislator gets the list of those they back.
void load_bills(Database& db, Data& d) {
    auto st = db.prepare("SELECT id, title, session, house_number, senate_number, url, as_of, "
                         "official_title, house_status, senate_status, lead_sponsors, source "
                         "FROM bills");
    long latest = 0;
    while (st.step()) {
        Data::Bill b{st.text(0),
                     st.text(1),
                     st.optional_text(2),
                     st.optional_text(3),
                     st.optional_text(4),
                     st.optional_text(5),
                     {},
                     st.optional_text(7),
                     st.optional_text(8),
                     st.optional_text(9),
                     st.optional_text(10),
                     st.text(11)};
        d.bills_as_of = std::max(d.bills_as_of, st.text(6));
        latest = std::max(latest, session_number(b.session));
        d.bills.emplace(b.id, std::move(b));
    }
    for (auto& [id, b] : d.bills)
        if (latest > 0 && session_number(b.session) == latest) {
            b.current = true;
            d.current_session = b.session;
            d.current_bills_source = b.source;
        }
    auto sp = db.prepare(
        "SELECT bill_id, official_id, role FROM bill_sponsors WHERE official_id IS NOT NULL "
        "ORDER BY bill_id, role DESC, official_id");
    while (sp.step()) {
        auto it = d.bills.find(sp.text(0));
        if (it == d.bills.end()) continue;
        auto& b = it->second;
        b.current_sponsors.push_back({sp.text(1), sp.text(2)});
        if (!b.current) continue;
        if (auto o = d.official_by_id.find(sp.text(1)); o != d.official_by_id.end())
            d.officials[o->second]->session_bills.push_back(
                {b.id, b.title, *b.session, b.house_number, b.senate_number, b.house_status,
                 b.senate_status, b.url, sp.text(2), b.source});
    }
}

// From the database; an operator's override file, when given, wins (a fixed link without a
// re-import). Then an edited file must change the ETag too.
void load_toolkits(Database& db, const std::filesystem::path& override_path, Data& d) {
    if (!override_path.empty()) {
        if (!std::filesystem::exists(override_path))
            throw std::runtime_error(override_path.string() + ": toolkits file not found");
        parse_toolkits(read_file(override_path), override_path.string(), d);
        auto t = std::filesystem::last_write_time(override_path).time_since_epoch().count();
        d.fingerprint += "-" + std::to_string(t % 1000000007);
        return;
    }
    auto st = db.prepare("SELECT body FROM documents WHERE name = 'toolkits'");
    if (st.step()) parse_toolkits(st.text(0), "toolkits document in the database", d);
}

void load_local_actions(Database& db, Data& d) {
    auto st = db.prepare(
        "SELECT m.name, a.geoid, m.county, a.topic, a.action, a.status, a.date, a.binding, a.body, "
        "a.source_url, a.evidence, a.verified, a.source, a.as_of FROM local_actions a "
        "JOIN municipalities m ON m.geoid = a.geoid ORDER BY m.name, a.topic, a.date, a.action");
    while (st.step()) {
        LocalAction a{st.text(0), st.text(1), st.text(2),  st.text(3),         st.text(4),
                      st.text(5), st.text(6), st.text(7),  st.text(8),         st.text(9),
                      st.text(10), st.integer(11) != 0, st.text(12), st.text(13)};
        d.local_actions_by_town[a.geoid].push_back(d.local_actions.size());
        d.local_actions.push_back(std::move(a));
    }
}

// Street addresses: the district sets, then every street (with the core and qualifier stored
// at import), then the runs. Both in street_id order, so a run's street is found by walking
// forward, and the runs come in the order AddressIndex keeps them (finish() only checks it).
// Returns the street ids by position.
std::vector<std::int64_t> load_streets(Database& db, geocode::AddressIndex& index) {
    auto count = db.prepare("SELECT count(*) FROM address_streets");
    count.step();
    const auto streets = static_cast<std::size_t>(count.integer(0));
    std::vector<std::int64_t> ids;
    ids.reserve(streets);
    index.reserve_streets(streets);
    auto st = db.prepare("SELECT s.street_id, s.geoid, s.street_key, s.display_name, s.fiscal_year, s.set_id, "
                         "n.core, n.qualifier FROM address_streets s "
                         "JOIN address_street_names n ON n.street_id = s.street_id ORDER BY s.street_id");
    while (st.step()) {
        geocode::Street s{st.text(1), st.text(2), st.text(3), st.text(6), st.text(7),
                          static_cast<int>(st.integer(4)), {}};
        if (!st.is_null(5)) s.runs.whole_set = static_cast<geocode::SetId>(st.integer(5));
        ids.push_back(st.integer(0));
        index.add_street(std::move(s));
    }
    if (ids.size() != streets) throw std::runtime_error("address_street_names misses streets");
    return ids;
}

// In table order: finish() sorts each street's runs, and letting SQLite sort 226k rows took
// 0.2 s of every (re)load, most of the address part.
void load_runs(Database& db, const std::vector<std::int64_t>& ids, geocode::AddressIndex& index) {
    auto runs = db.prepare("SELECT street_id, side = 'odd', low, high, set_id, lat, lon FROM address_ranges");
    while (runs.step()) {
        auto id = runs.integer(0);
        auto at = std::lower_bound(ids.begin(), ids.end(), id);  // ids: ascending street ids
        if (at == ids.end() || *at != id) throw std::runtime_error("address_ranges names an unknown street");
        auto pos = static_cast<std::size_t>(at - ids.begin());
        index.add_run(pos, {runs.integer(1) != 0, static_cast<long>(runs.integer(2)),
                            static_cast<long>(runs.integer(3)), static_cast<geocode::SetId>(runs.integer(4)),
                            runs.real(5), runs.real(6)});
    }
}

void load_addresses(Database& db, Data& d) {
    auto sets = db.prepare("SELECT set_id, house_id, senate_id, congress_id, governors_council_id "
                           "FROM address_district_sets");
    while (sets.step())
        d.addresses.add_set(static_cast<geocode::SetId>(sets.integer(0)),
                            {sets.text(1), sets.text(2), sets.text(3), sets.text(4)});
    load_runs(db, load_streets(db, d.addresses), d.addresses);
    d.addresses.finish();
}

// Each record's JSON, once the records are complete (bills attach to legislators last).
void prerender_records(Data& d) {
    for (auto& m : d.towns)
        m.brief_json = render_brief(m);
    for (auto& [id, dist] : d.districts)
        dist.json = render(dist);
    for (auto& o : d.officials)
        o->json = render(*o);
    for (auto& [division, seats] : d.vacancies)
        for (auto& v : seats)
            v->json = render(*v);
}

// With MASSCIVIC_LOAD_TIMING set, one stderr line per phase: a reload must stay well under
// the 2 s swap target, and this shows which table it spends its time on.
class PhaseTimer {
  public:
    PhaseTimer() : on_(std::getenv("MASSCIVIC_LOAD_TIMING") != nullptr) {}
    void done(const char* phase) {
        if (!on_) return;
        auto now = std::chrono::steady_clock::now();
        std::fprintf(stderr, "masscivic load: %-10s %6.1f ms\n", phase,
                     std::chrono::duration<double, std::milli>(now - last_).count());
        last_ = now;
    }

  private:
    bool on_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

} // namespace

void load_dataset(const Lookup::Options& options, Data& d) {
    if (!std::filesystem::exists(options.db_path))
        throw std::runtime_error(options.db_path.string() + ": database file not found");
    PhaseTimer t;
    d.db = std::make_unique<Database>(
        Database::open(options.db_path.string(), Database::Mode::ReadOnly));
    auto& db = *d.db;
    load_meta(db, d, options.db_path);
    load_towns(db, d);
    load_districts_and_precincts(db, d);
    t.done("places");
    load_officials(db, d);
    load_vacancies(db, d);
    number_listing_order(d);
    for (const auto& m : d.towns)
        d.local_rosters[m.geoid] = local_roster(d, m);
    d.statewide = statewide_groups(d);
    load_bills(db, d);
    prerender_records(d);
    t.done("officials");
    load_names_and_zips(db, d);
    load_local_actions(db, d);
    t.done("names");
    d.geo = GeoIndex::load(db);
    t.done("geo");
    load_addresses(db, d);
    index_set_answers(d);
    t.done("addresses");
    load_toolkits(db, options.toolkits_path, d);
    t.done("toolkits");
}

} // namespace masscivic::server
