// The answers themselves: officials with contacts, how a town governs, toolkits, the
// campaign steps and possible sponsors. Every text comes from the catalog.
#include <algorithm>
#include <cstdio>

#include "engine_internal.hpp"
#include "writer.hpp"
#include "text.hpp"

namespace masscivic::bot {
namespace {

const std::vector<std::string> kToolkitIds = {"sanctuary", "ccops", "body-cameras"};

bool is_local_office(const std::string& office) {
    return office == "local_leaders" || office == "mayor" || office == "select_board_member" ||
           office == "council_member" || office == "town_clerk";
}

// "Who represents me" without an office: the people a resident usually means. Other
// statewide officers and full councils are one more question away.
bool core_office(const std::string& office) {
    static const std::vector<std::string> core = {"us_senator", "us_representative", "governor",
                                                  "state_senator", "state_representative", "mayor",
                                                  "select_board_member"};
    return std::find(core.begin(), core.end(), office) != core.end();
}

bool office_matches(const std::string& wanted, const Official& o) {
    return wanted.empty() ? core_office(o.office) : office_is(wanted, o.office);
}

std::string body_key(const std::string& legislative_body) {
    auto key = name_key(legislative_body);
    std::replace(key.begin(), key.end(), ' ', '_');
    return key.empty() ? "unknown" : key;
}

bool is_town_meeting(const std::string& legislative_body) {
    return legislative_body.find("Town Meeting") != std::string::npos;
}

// Cities with a mayor, and Cambridge's "Mayor-Manager"; a town manager or select board is none.
bool has_mayor(const Municipality& m) {
    return m.chief_executive_title.find("Mayor") != std::string::npos ||
           m.form_of_government.find("Mayor") != std::string::npos;
}

std::string join_names(const std::vector<Official>& people) {
    std::string out;
    for (const auto& o : people) {
        if (o.name.empty()) continue;
        out += (out.empty() ? "" : ", ") + o.name;
    }
    return out;
}

}  // namespace

namespace {

const LookupAnswer& place_lookup(Engine::Turn& t, LookupClient& client) {
    if (t.lookup) return *t.lookup;
    const auto& place = t.st.place;
    std::string target;
    if (place.point) {
        target = "/v1/lookup?lat=" + std::to_string(place.point->lat) +
                 "&lon=" + std::to_string(place.point->lon);
    } else if (place.municipality.empty() && !place.zip.empty()) {
        target = "/v1/lookup?zip=" + url_encode(place.zip);
    } else {
        target = "/v1/lookup?town=" + url_encode(place.municipality);
        // A ward alone also narrows the answer (its ward councillor, its districts if whole).
        if (!place.ward.empty()) target += "&ward=" + url_encode(place.ward);
        if (!place.ward.empty() && !place.precinct.empty())
            target += "&precinct=" + url_encode(place.precinct);
    }
    auto res = fetch(client, target);
    note_data_version(t, res);
    LookupAnswer a;
    if (res.ok()) a = parse_lookup(*res.json);
    else a.status = "not_found";
    t.lookup = std::move(a);
    return *t.lookup;
}

std::vector<Toolkit> toolkits(Engine::Turn& t, LookupClient& client) {
    std::string target = "/v1/toolkits";
    if (!t.st.place.municipality.empty()) target += "?town=" + url_encode(t.st.place.municipality);
    auto res = fetch(client, target);
    // A town the toolkit data does not know still gets the general toolkits and links.
    if (!res.ok() && target != "/v1/toolkits") res = fetch(client, "/v1/toolkits");
    return res.ok() ? parse_toolkits(*res.json) : std::vector<Toolkit>{};
}

// The toolkit as the server describes it, or a catalog-only stand-in that still links.
Toolkit find_toolkit(const std::vector<Toolkit>& all, const std::string& id, const Writer& w) {
    for (const auto& tk : all)
        if (tk.id == id) return tk;
    Toolkit tk;
    tk.id = id;
    tk.links.emplace_back(w("link.aclum"), w("link.aclum_url"));
    return tk;
}

void add_toolkit_links(Reply& r, const Toolkit& tk, const Writer& w) {
    for (const auto& [title, url] : tk.links)
        r.links.push_back({title.empty() ? w.toolkit_name(tk.id) : title, url});
}

// What the town already did on this topic (e.g. Somerville's 2019 CCOPS ordinance), with
// its date and source, from the server's local-actions data when it has any.
void add_local_actions(Reply& r, const Municipality& m, const std::string& toolkit, const Writer& w) {
    for (const auto& act : m.local_actions) {
        if (act.toolkit != toolkit || (act.status != "passed" && act.status != "failed")) continue;
        // The action's description is the compiled list's English text: shown in English only.
        std::string key = "local_action." + act.status;
        r.text += "\n" + w(key, {{"town", m.name}, {"date", act.date}});
        if (w.shows_server_notes()) r.text += " " + act.title;
        if (!act.verified) r.text += " " + w("local_action.unverified");
        if (!act.url.empty()) r.links.push_back({w("link.local_action", {{"town", m.name}}), act.url});
    }
}

std::string local_body(const Toolkit& tk, const Municipality& m, const Writer& w) {
    if (!tk.local_body.empty()) return tk.local_body;
    return w("body." + body_key(m.legislative_body), {{"town", m.name}});
}

}  // namespace

void note_data_version(Engine::Turn& t, const ApiResult& res) {
    if (!res.data_version.empty()) t.data_version = res.data_version;
}

const Municipality& town_info(Engine::Turn& t, LookupClient& client, TownCache& cache) {
    const auto& name = t.st.place.municipality;
    if (t.town && t.town->name == name) return *t.town;
    auto now = TownCache::Clock::now();
    if (auto hit = cache.find(name, t.data_version, now)) {
        t.town = std::move(hit);
        return *t.town;
    }
    auto res = fetch(client, "/v1/municipalities/" + url_encode(name));
    note_data_version(t, res);
    Municipality m;
    if (res.ok()) m = parse_municipality(*res.json);
    if (m.name.empty()) m.name = name;
    if (res.ok()) cache.put(name, m, res.data_version, res.max_age, now);
    t.town = std::move(m);
    return *t.town;
}

bool is_statewide_office(const std::string& office) {
    static const std::vector<std::string> statewide = {
        "governor", "lieutenant_governor", "attorney_general", "secretary_of_the_commonwealth",
        "treasurer", "auditor", "us_senator"};
    return std::find(statewide.begin(), statewide.end(), office) != statewide.end();
}

bool answers_office(const LookupAnswer& a, const std::string& office) {
    if (office.empty() || is_office_group(office) || a.chamber_uncertain(chamber_of_office(office)))
        return false;
    auto all = a.all_officials();
    return std::any_of(all.begin(), all.end(), [&](const Official& o) { return o.office == office; });
}

void remember_officials(SessionState& st, const std::vector<Official>& people) {
    st.last_officials.clear();
    remember_also(st, people);
}

void remember_also(SessionState& st, const std::vector<Official>& people) {
    constexpr std::size_t kRemembered = 12;
    for (const auto& o : people) {
        if (o.vacant || o.name.empty() || st.last_officials.size() >= kRemembered) continue;
        st.last_officials.push_back({o.name, o.office, o.title, o.district, o.email, o.phone,
                                     o.profile_url.empty() ? o.website : o.profile_url});
    }
}

namespace {

// The web chat shows the district on a map (drawn by the lookup server, passed through on
// the bot's own origin): the chamber asked about, else the State House district. A given
// location or address is marked, rounded to about 100 m.
void add_district_map(Engine::Turn& t, const LookupAnswer& a, std::string chamber,
                      const Writer& w) {
    if (t.in.channel != "web") return;
    if (chamber != "senate" && chamber != "congress" && chamber != "governors_council")
        chamber = "house";
    auto d = std::find_if(a.districts.begin(), a.districts.end(),
                          [&](const DistrictRef& r) { return r.chamber == chamber; });
    if (d == a.districts.end()) return;
    const auto& point = t.st.place.point;
    Reply r{w(point ? "represent.map_point" : "represent.map", {{"district", d->display_name}}),
            {}, {}};
    r.image = "/maps/districts/" + url_encode(d->ocd_id) + ".svg";
    if (point) {
        char q[64];
        std::snprintf(q, sizeof q, "?lat=%.3f&lon=%.3f", point->lat, point->lon);
        r.image += q;
    }
    t.out.replies.push_back(std::move(r));
}

}  // namespace

void Engine::answer_represent(Turn& t, const std::string& office) {
    Writer w(catalog_, t.st.lang);
    // "Who is the mayor of North Andover?": a town without one is told so, with who leads it.
    if (office == "mayor" && !t.st.place.municipality.empty()) {
        const auto& m = town_info(t, client_, towns_);
        if (!m.legislative_body.empty() && !has_mayor(m)) {
            std::string executive = !m.chief_executive_title.empty() ? m.chief_executive_title
                                    : !m.policy_board.empty()        ? m.policy_board
                                                                     : m.legislative_body;
            t.out.replies.push_back({w("represent.no_mayor", {{"town", m.name}, {"executive", executive}}), {}, {}});
            return answer_represent(t, "local_leaders");
        }
    }
    const auto& a = place_lookup(t, client_);
    if (a.status == "not_found") {
        t.out.replies.push_back({w("place.not_found", {{"place", t.place_label()}}), {}, {}});
        t.st.awaiting = Awaiting::place;
        return;
    }
    std::string chamber = chamber_of_office(office);
    // The state legislators of a town split between districts: the House district is asked
    // about first (it is the finer one), then the Senate's.
    if (office == "state_legislators") chamber = a.chamber_uncertain("house") ? "house" : "senate";
    bool uncertain = office.empty() ? a.status == "ambiguous" : a.chamber_uncertain(chamber);
    std::vector<Official> found;
    for (const auto& o : a.all_officials())
        if (office_matches(office, o)) found.push_back(o);

    // Everyone listed needs a way to be reached: when the data has none for someone, the
    // town clerk's office is the route (fetched only then).
    auto unreachable = [](const Official& o) {
        return !o.vacant && o.email.empty() && o.phone.empty() && o.contact_form.empty() &&
               o.profile_url.empty() && o.website.empty();
    };
    bool someone_unreachable = std::any_of(found.begin(), found.end(), unreachable);
    std::string fallback = w("contact.none");
    if (is_local_office(office) || found.empty() || someone_unreachable)
        fallback = clerk_line(w, town_info(t, client_, towns_));
    if (!office.empty() && uncertain) {
        // "And his email?" next refers to the possible members listed, not the last answer's.
        remember_officials(t.st, {});
        ask_ward_precinct(t, chamber);
        return;
    }
    std::string header = office.empty() ? "represent.header_all" : "represent.header_office";
    t.out.replies.push_back({w(header, {{"place", t.place_label()}}), {}, {}});
    // The clerk's line once, under the last of the people it is the route to (five select
    // board members without contacts do not each repeat it).
    auto last_unreachable = std::find_if(found.rbegin(), found.rend(), unreachable);
    for (auto it = found.begin(); it != found.end(); ++it) {
        bool last = last_unreachable != found.rend() && &*it == &*last_unreachable;
        t.out.replies.push_back(w.official(*it, !unreachable(*it) || last ? fallback : ""));
    }
    remember_officials(t.st, found);
    if (!uncertain) add_district_map(t, a, chamber, w);
    if (found.empty()) t.out.replies.push_back({w("represent.none", {{"town", a.municipality}}) +
                                                    "\n" + fallback, {}, {}});
    if (!a.missing.empty() && (office.empty() || is_local_office(office) || found.empty())) {
        Reply r{w("represent.missing"), {}, {}};
        if (w.shows_server_notes()) {
            for (const auto& m : a.missing) r.text += "\n• " + m;
        } else {
            r.text += " " + w("represent.missing_local", {{"town", a.municipality}});
        }
        t.out.replies.push_back(std::move(r));
    }
    if (uncertain) return ask_ward_precinct(t, "");
    Reply next{a.data_as_of.empty() ? w("represent.next")
                                    : w("represent.as_of", {{"date", a.data_as_of}}) + "\n" +
                                          w("represent.next"),
               {}, {}};
    next.buttons = {{w("button.local_leaders"), "/ask represent local_leaders"},
                    {w("button.govern"), "/ask govern"},
                    {w("button.campaign"), "/ask campaign"},
                    {w("button.change_place"), "/place"}};
    if (!t.st.last_officials.empty())
        next.buttons.insert(next.buttons.begin(), {w("button.tell"), t.st.last_officials.size() == 1 ? "/tell 1" : "/tell"});
    t.out.replies.push_back(std::move(next));
}

namespace {

// Who holds a possible district's seat, or that nobody does ("17th Middlesex District: the
// seat is vacant"), never a bare district name.
std::string candidate_people(const Candidate& c, const Writer& w) {
    if (auto names = join_names(c.officials); !names.empty()) return names;
    bool vacant = std::any_of(c.officials.begin(), c.officials.end(), [](const Official& o) { return o.vacant; });
    return w(vacant ? "ambiguous.seat_vacant" : "ambiguous.no_member");
}

}  // namespace

void Engine::ask_ward_precinct(Turn& t, const std::string& chamber) {
    Writer w(catalog_, t.st.lang);
    const auto& a = place_lookup(t, client_);
    // Most towns have precincts but no wards: the prompt names what this town has, and a
    // street address (the exact answer) comes first.
    bool wards = town_info(t, client_, towns_).has_wards;
    Reply r{w(wards ? "ambiguous.ask" : "ambiguous.ask_precinct", {{"town", a.municipality}}), {}, {}};
    std::vector<const Candidate*> relevant;
    for (const auto& c : a.candidates)
        if (chamber.empty() || c.chamber == chamber) relevant.push_back(&c);
    // A short list helps ("it is one of these two"); a partial long list would mislead.
    if (!relevant.empty() && relevant.size() <= 6) {
        r.text += " " + w("ambiguous.options");
        for (const auto* c : relevant) {
            r.text += "\n• " + c->district + ": " + candidate_people(*c, w);
            remember_also(t.st, c->officials);
        }
    } else if (!relevant.empty()) {
        r.text += " " + w("ambiguous.many", {{"count", std::to_string(relevant.size())}});
    }
    r.text += "\n" + w(wards ? "ambiguous.where" : "ambiguous.where_precinct");
    r.links.push_back({w(wards ? "link.voter_lookup" : "link.voter_lookup_precinct"), w("link.voter_lookup_url")});
    r.buttons.push_back({w("button.share_location"), "/location", true});
    t.out.replies.push_back(std::move(r));
    t.st.awaiting = Awaiting::ward_precinct;
}

void Engine::answer_govern(Turn& t) {
    Writer w(catalog_, t.st.lang);
    const auto& m = town_info(t, client_, towns_);
    if (m.legislative_body.empty()) {
        t.out.replies.push_back({w("govern.unknown", {{"town", m.name}}) + "\n" + clerk_line(w, m),
                                 {}, {}});
        return;
    }
    Vars v{{"town", m.name},
           {"kind", w("kind." + (m.kind == "city" ? std::string("city") : std::string("town")))},
           {"form", m.form_of_government},
           {"body", w("body." + body_key(m.legislative_body), {{"town", m.name}})},
           {"executive", m.chief_executive_title.empty() ? m.policy_board : m.chief_executive_title}};
    Reply r{w("govern.summary", v), {}, {}};
    // Who signs or vetoes comes from the charter: a council-manager city (Plan E: Lowell,
    // Cambridge, Worcester) has no mayoral veto.
    std::string how = "govern.how." + body_key(m.legislative_body);
    if (m.form_of_government.find("Manager") != std::string::npos && catalog_.has(t.st.lang, how + ".manager"))
        how += ".manager";
    r.text += "\n" + w(how, v);
    r.text += "\n" + w(is_town_meeting(m.legislative_body) ? "govern.petition.town_meeting"
                                                           : "govern.petition.council", v);
    r.text += "\n" + clerk_line(w, m);
    if (!m.website.empty()) r.links.push_back({w("link.town_website", v), m.website});
    if (!m.clerk.email.empty()) r.links.push_back({w("link.email_clerk"), "mailto:" + m.clerk.email});
    r.buttons = {{w("button.campaign"), "/ask campaign"},
                 {w("button.local_leaders"), "/ask represent local_leaders"}};
    t.out.replies.push_back(std::move(r));
}

void Engine::answer_toolkit(Turn& t, const std::string& id) {
    Writer w(catalog_, t.st.lang);
    if (!id.empty()) t.st.last_toolkit = id;
    auto all = toolkits(t, client_);
    std::vector<std::string> ids = id.empty() ? kToolkitIds : std::vector<std::string>{id};
    if (id.empty()) t.out.replies.push_back({w("toolkit.list"), {}, {}});
    for (const auto& tid : ids) {
        auto tk = find_toolkit(all, tid, w);
        Reply r{w.toolkit_name(tid) + ": " + w("toolkit." + tid + ".summary"), {}, {}};
        if (!tk.local_body.empty())
            r.text += "\n" + w("toolkit.local_body", {{"town", t.st.place.municipality},
                                                      {"body", tk.local_body}});
        // "did my town already pass something on this?": its past actions, as in the steps.
        if (!id.empty() && !t.st.place.municipality.empty())
            add_local_actions(r, town_info(t, client_, towns_), tid, w);
        add_toolkit_links(r, tk, w);
        r.buttons.push_back({w("button.campaign_for", {{"toolkit", w.toolkit_name(tid)}}),
                             "/ask campaign " + tid});
        if (!id.empty()) r.buttons.push_back({w("button.sponsor"), "/ask sponsor " + tid});
        t.out.replies.push_back(std::move(r));
    }
}

void Engine::answer_campaign(Turn& t, const std::string& id) {
    Writer w(catalog_, t.st.lang);
    t.st.last_toolkit = id;
    const auto& m = town_info(t, client_, towns_);
    auto tk = find_toolkit(toolkits(t, client_), id, w);
    std::string body = local_body(tk, m, w);
    Vars v{{"town", m.name}, {"toolkit", w.toolkit_name(id)}, {"body", body},
           {"clerk", clerk_line(w, m)}};
    Reply r{w("campaign.intro", v), {}, {}};
    add_local_actions(r, m, id, w);
    for (int step = 1; step <= 8; ++step) {
        std::string key = "campaign.step" + std::to_string(step);
        if (step == 8) key += is_town_meeting(m.legislative_body) ? ".town_meeting" : ".council";
        r.text += "\n" + std::to_string(step) + ". " + w(key, v);
    }
    add_toolkit_links(r, tk, w);
    if (!m.website.empty()) r.links.push_back({w("link.town_website", v), m.website});
    r.links.push_back({w("link.aclum_contact"), "mailto:" + w("link.aclum_email")});
    r.buttons = {{w("button.sponsor"), "/ask sponsor " + id},
                 {w("button.govern"), "/ask govern"}};
    t.out.replies.push_back(std::move(r));
}

void Engine::answer_sponsor(Turn& t, const std::string& id) {
    Writer w(catalog_, t.st.lang);
    t.st.last_toolkit = id;
    const auto& m = town_info(t, client_, towns_);
    auto tk = find_toolkit(toolkits(t, client_), id, w);
    Vars v{{"town", m.name}, {"toolkit", w.toolkit_name(id)}, {"body", local_body(tk, m, w)}};
    auto res = fetch(client_, "/v1/sponsors?toolkit=" + url_encode(id) +
                                  "&town=" + url_encode(m.name));
    SponsorList list;
    if (res.ok()) list = parse_sponsors(*res.json);
    std::string fallback = clerk_line(w, m);
    std::vector<Official> shown;
    if (!list.people.empty()) {
        t.out.replies.push_back({w("sponsor.header", v), {}, {}});
        shown = list.people;
    } else {
        // No sponsor API (yet): the body that would vote, then the town's state legislators.
        t.out.replies.push_back({w("sponsor.fallback", v), {}, {}});
        std::vector<Official> people;
        for (const auto& o : m.officials)
            if (office_matches("local_leaders", o)) people.push_back(o);
        const auto& a = place_lookup(t, client_);
        for (const auto& o : a.state)
            if (o.office == "state_representative" || o.office == "state_senator") people.push_back(o);
        for (const auto& c : a.candidates)
            if (c.chamber == "house" || c.chamber == "senate")
                people.insert(people.end(), c.officials.begin(), c.officials.end());
        if (people.empty()) t.out.replies.push_back({fallback, {}, {}});
        shown = std::move(people);
    }
    // A phone screen shows a few; the rest are one "more" away.
    constexpr std::size_t kShown = 5;
    for (std::size_t i = 0; i < shown.size() && i < kShown; ++i)
        t.out.replies.push_back(w.official(shown[i], fallback));
    remember_officials(t.st, shown);
    Reply end{w("sponsor.next", v), {}, {}};
    add_local_actions(end, m, id, w);
    if (shown.size() > kShown)
        end.text = w("sponsor.more_count", {{"count", std::to_string(shown.size() - kShown)}}) + "\n" + end.text;
    if (w.shows_server_notes())
        for (const auto& n : list.notes) end.text += "\n• " + n;
    add_toolkit_links(end, tk, w);
    end.buttons = {{w("button.campaign_for", v), "/ask campaign " + id}};
    if (shown.size() > kShown) end.buttons.insert(end.buttons.begin(), {w("button.more"), "/more sponsors"});
    if (!shown.empty()) end.buttons.insert(end.buttons.begin(), {w("button.tell"), "/tell"});
    t.out.replies.push_back(std::move(end));
}

}  // namespace masscivic::bot
