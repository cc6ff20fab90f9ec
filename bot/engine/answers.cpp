// The answers themselves: officials with contacts, how a town governs, toolkits, the
// campaign steps and possible sponsors. Every text comes from the catalog.
#include <algorithm>

#include "engine_internal.hpp"
#include "text.hpp"

namespace masscivic::bot {
namespace {

const std::vector<std::string> kToolkitIds = {"sanctuary", "ccops", "body-cameras"};

ApiResult fetch(LookupClient& client, const std::string& target) {
    auto res = client.get(target);
    if (res.kind == ApiResult::Kind::unavailable || res.kind == ApiResult::Kind::bad_response)
        throw ServerUnavailable();
    return res;
}

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
    if (wanted.empty()) return core_office(o.office);
    if (wanted == "local_leaders")
        return o.office == "mayor" || o.office == "select_board_member" ||
               o.office == "council_member";
    return o.office == wanted;
}

std::string body_key(const std::string& legislative_body) {
    auto key = name_key(legislative_body);
    std::replace(key.begin(), key.end(), ' ', '_');
    return key.empty() ? "unknown" : key;
}

bool is_town_meeting(const std::string& legislative_body) {
    return legislative_body.find("Town Meeting") != std::string::npos;
}

std::string join_names(const std::vector<Official>& people) {
    std::string out;
    for (const auto& o : people) {
        if (o.name.empty()) continue;
        out += (out.empty() ? "" : ", ") + o.name;
    }
    return out;
}

class Writer {
public:
    Writer(const Catalog& c, std::string lang) : c_(c), lang_(std::move(lang)) {}
    std::string operator()(const std::string& key, const Vars& vars = {}) const {
        return c_.text(lang_, key, vars);
    }
    std::string office_title(const Official& o) const {
        std::string key = "office." + o.office;
        if (!o.office.empty() && c_.has(lang_, key)) return (*this)(key);
        return o.title.empty() ? o.office : o.title;
    }
    std::string toolkit_name(const std::string& id) const { return (*this)("toolkit." + id + ".name"); }

    // One official: who they are and at least one way to reach them.
    Reply official(const Official& o, const std::string& fallback_contact) const {
        Reply r;
        if (o.vacant || o.name.empty()) {
            r.text = (*this)("official.vacant", {{"title", office_title(o)}});
            if (!o.note.empty()) r.text += " " + o.note;
        } else {
            r.text = office_title(o) + ": " + o.name;
            if (!o.party.empty()) r.text += " (" + o.party + ")";
            if (!o.district.empty()) r.text += " — " + o.district;
        }
        if (!o.verified) r.text += " " + (*this)("official.unverified");
        if (!o.reason.empty()) r.text += "\n" + (*this)("official.reason", {{"reason", o.reason}});
        bool contact = false;
        if (!o.email.empty()) {
            r.text += "\n" + (*this)("official.email", {{"email", o.email}});
            r.links.push_back({(*this)("link.email", {{"name", o.name}}), "mailto:" + o.email});
            contact = true;
        }
        if (!o.phone.empty()) {
            r.text += "\n" + (*this)("official.phone", {{"phone", o.phone}});
            contact = true;
        }
        if (!o.contact_form.empty()) {
            r.links.push_back({(*this)("link.contact_form"), o.contact_form});
            contact = true;
        }
        if (!o.profile_url.empty() || !o.website.empty()) {
            r.links.push_back({(*this)("link.profile", {{"name", o.name}}),
                               o.profile_url.empty() ? o.website : o.profile_url});
            contact = true;
        }
        if (!contact && !o.vacant) r.text += "\n" + fallback_contact;
        return r;
    }

private:
    const Catalog& c_;
    std::string lang_;
};

std::string clerk_line(const Writer& w, const Municipality& m) {
    if (m.clerk.phone.empty() && m.clerk.email.empty()) {
        return m.website.empty() ? w("contact.clerk_unknown", {{"town", m.name}})
                                 : w("contact.clerk_website", {{"town", m.name}, {"website", m.website}});
    }
    std::string how = m.clerk.phone;
    if (!m.clerk.email.empty()) how += (how.empty() ? "" : ", ") + m.clerk.email;
    return w("contact.clerk", {{"town", m.name}, {"how", how}});
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
    } else {
        target = "/v1/lookup?town=" + url_encode(place.municipality);
        if (!place.ward.empty() && !place.precinct.empty())
            target += "&ward=" + url_encode(place.ward) + "&precinct=" + url_encode(place.precinct);
    }
    auto res = fetch(client, target);
    LookupAnswer a;
    if (res.ok()) a = parse_lookup(*res.json);
    else a.status = "not_found";
    t.lookup = std::move(a);
    return *t.lookup;
}

const Municipality& town_info(Engine::Turn& t, LookupClient& client) {
    if (t.town) return *t.town;
    auto res = fetch(client, "/v1/municipalities/" + url_encode(t.st.place.municipality));
    Municipality m;
    if (res.ok()) m = parse_municipality(*res.json);
    if (m.name.empty()) m.name = t.st.place.municipality;
    t.town = std::move(m);
    return *t.town;
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

std::string local_body(const Toolkit& tk, const Municipality& m, const Writer& w) {
    if (!tk.local_body.empty()) return tk.local_body;
    return w("body." + body_key(m.legislative_body), {{"town", m.name}});
}

}  // namespace

void Engine::answer_represent(Turn& t, const std::string& office) {
    Writer w(catalog_, t.st.lang);
    const auto& a = place_lookup(t, client_);
    if (a.status == "not_found") {
        t.out.replies.push_back({w("place.not_found", {{"place", t.place_label()}}), {}, {}});
        t.st.awaiting = Awaiting::place;
        return;
    }
    std::string chamber = chamber_of_office(office);
    bool uncertain = office.empty() ? a.status == "ambiguous" : a.chamber_uncertain(chamber);
    std::vector<Official> found;
    for (const auto& o : a.all_officials())
        if (office_matches(office, o)) found.push_back(o);

    // Everyone listed needs a way to be reached: when the data has none for someone, the
    // town clerk's office is the route (fetched only then).
    bool someone_unreachable = std::any_of(found.begin(), found.end(), [](const Official& o) {
        return !o.vacant && o.email.empty() && o.phone.empty() && o.contact_form.empty() &&
               o.profile_url.empty() && o.website.empty();
    });
    std::string fallback = w("contact.none");
    if (is_local_office(office) || found.empty() || someone_unreachable)
        fallback = clerk_line(w, town_info(t, client_));
    if (!office.empty() && uncertain) {
        ask_ward_precinct(t, chamber);
        return;
    }
    std::string header = office.empty() ? "represent.header_all" : "represent.header_office";
    t.out.replies.push_back({w(header, {{"place", t.place_label()}}), {}, {}});
    for (const auto& o : found) t.out.replies.push_back(w.official(o, fallback));
    if (found.empty()) t.out.replies.push_back({w("represent.none", {{"town", a.municipality}}) +
                                                    "\n" + fallback, {}, {}});
    if (!a.missing.empty() && (office.empty() || is_local_office(office) || found.empty())) {
        Reply r{w("represent.missing"), {}, {}};
        for (const auto& m : a.missing) r.text += "\n• " + m;
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
    t.out.replies.push_back(std::move(next));
}

void Engine::ask_ward_precinct(Turn& t, const std::string& chamber) {
    Writer w(catalog_, t.st.lang);
    const auto& a = place_lookup(t, client_);
    Reply r{w("ambiguous.ask", {{"town", a.municipality}}), {}, {}};
    std::vector<const Candidate*> relevant;
    for (const auto& c : a.candidates)
        if (chamber.empty() || c.chamber == chamber) relevant.push_back(&c);
    // A short list helps ("it is one of these two"); a partial long list would mislead.
    if (!relevant.empty() && relevant.size() <= 6) {
        r.text += " " + w("ambiguous.options");
        for (const auto* c : relevant) {
            r.text += "\n• " + c->district;
            if (auto names = join_names(c->officials); !names.empty()) r.text += ": " + names;
        }
    } else if (!relevant.empty()) {
        r.text += " " + w("ambiguous.many", {{"count", std::to_string(relevant.size())}});
    }
    r.text += "\n" + w("ambiguous.where");
    r.links.push_back({w("link.voter_lookup"), w("link.voter_lookup_url")});
    r.buttons.push_back({w("button.share_location"), "/location", true});
    t.out.replies.push_back(std::move(r));
    t.st.awaiting = Awaiting::ward_precinct;
}

void Engine::answer_govern(Turn& t) {
    Writer w(catalog_, t.st.lang);
    const auto& m = town_info(t, client_);
    if (m.legislative_body.empty()) {
        t.out.replies.push_back({w("govern.unknown", {{"town", m.name}}) + "\n" + clerk_line(w, m),
                                 {}, {}});
        return;
    }
    Vars v{{"town", m.name},
           {"kind", w("kind." + (m.kind.empty() ? std::string("town") : m.kind))},
           {"form", m.form_of_government},
           {"body", w("body." + body_key(m.legislative_body), {{"town", m.name}})},
           {"executive", m.chief_executive_title.empty() ? m.policy_board : m.chief_executive_title}};
    Reply r{w("govern.summary", v), {}, {}};
    r.text += "\n" + w("govern.how." + body_key(m.legislative_body), v);
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
    auto all = toolkits(t, client_);
    std::vector<std::string> ids = id.empty() ? kToolkitIds : std::vector<std::string>{id};
    if (id.empty()) t.out.replies.push_back({w("toolkit.list"), {}, {}});
    for (const auto& tid : ids) {
        auto tk = find_toolkit(all, tid, w);
        Reply r{w.toolkit_name(tid) + ": " + w("toolkit." + tid + ".summary"), {}, {}};
        if (!tk.local_body.empty())
            r.text += "\n" + w("toolkit.local_body", {{"town", t.st.place.municipality},
                                                      {"body", tk.local_body}});
        add_toolkit_links(r, tk, w);
        r.buttons.push_back({w("button.campaign_for", {{"toolkit", w.toolkit_name(tid)}}),
                             "/ask campaign " + tid});
        if (!id.empty()) r.buttons.push_back({w("button.sponsor"), "/ask sponsor " + tid});
        t.out.replies.push_back(std::move(r));
    }
}

void Engine::answer_campaign(Turn& t, const std::string& id) {
    Writer w(catalog_, t.st.lang);
    const auto& m = town_info(t, client_);
    auto tk = find_toolkit(toolkits(t, client_), id, w);
    std::string body = local_body(tk, m, w);
    Vars v{{"town", m.name}, {"toolkit", w.toolkit_name(id)}, {"body", body},
           {"clerk", clerk_line(w, m)}};
    Reply r{w("campaign.intro", v), {}, {}};
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
    const auto& m = town_info(t, client_);
    auto tk = find_toolkit(toolkits(t, client_), id, w);
    Vars v{{"town", m.name}, {"toolkit", w.toolkit_name(id)}, {"body", local_body(tk, m, w)}};
    auto res = fetch(client_, "/v1/sponsors?toolkit=" + url_encode(id) +
                                  "&town=" + url_encode(m.name));
    SponsorList list;
    if (res.ok()) list = parse_sponsors(*res.json);
    std::string fallback = clerk_line(w, m);
    if (!list.people.empty()) {
        t.out.replies.push_back({w("sponsor.header", v), {}, {}});
        for (const auto& o : list.people) t.out.replies.push_back(w.official(o, fallback));
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
        for (const auto& o : people) t.out.replies.push_back(w.official(o, fallback));
    }
    Reply end{w("sponsor.next", v), {}, {}};
    for (const auto& n : list.notes) end.text += "\n• " + n;
    add_toolkit_links(end, tk, w);
    end.buttons = {{w("button.campaign_for", v), "/ask campaign " + id}};
    t.out.replies.push_back(std::move(end));
}

}  // namespace masscivic::bot
