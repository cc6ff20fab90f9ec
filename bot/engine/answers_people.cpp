// Answers about people rather than places: statewide officers, a named official, a
// committee's chair, follow-ups about someone the last answer named, and the drafted message
// to an official (handed to the user, never sent).
#include <algorithm>

#include "engine_internal.hpp"
#include "text.hpp"
#include "understand.hpp"
#include "writer.hpp"

namespace masscivic::bot {
namespace {

Official from_named(const NamedOfficial& n) {
    Official o;
    o.name = n.name, o.office = n.office, o.title = n.title, o.district = n.district;
    o.email = n.email, o.phone = n.phone, o.profile_url = n.url;
    return o;
}

std::vector<Official> officials_at(LookupClient& client, const std::string& target) {
    auto res = fetch(client, target);
    return res.ok() ? parse_officials(*res.json) : std::vector<Official>{};
}

// Which remembered officials a follow-up means: the button's index, else those holding the
// office the message names ("her" after one name is that person).
std::vector<std::size_t> referred(const SessionState& st, const Parsed& p) {
    std::vector<std::size_t> out;
    const auto& all = st.last_officials;
    if (p.about_index >= 1 && static_cast<std::size_t>(p.about_index) <= all.size())
        return {static_cast<std::size_t>(p.about_index - 1)};
    for (std::size_t i = 0; i < all.size(); ++i)
        if (p.office.empty() || office_is(p.office, all[i].office)) out.push_back(i);
    return out;
}

std::string url_component(const std::string& s) { return url_encode(s); }

}  // namespace

void Engine::answer_statewide(Turn& t, const std::string& office) {
    Writer w(catalog_, t.st.lang);
    std::string chamber = office == "us_senator" ? "congress" : "statewide";
    auto people = officials_at(client_, "/v1/officials?chamber=" + chamber + "&per_page=100");
    std::vector<Official> found;
    for (const auto& o : people)
        if (o.office == office) found.push_back(o);
    if (found.empty()) {
        t.out.replies.push_back({w("represent.none_statewide"), {}, {}});
        return;
    }
    t.out.replies.push_back({w("represent.header_statewide"), {}, {}});
    for (const auto& o : found) t.out.replies.push_back(w.official(o, w("contact.none")));
    remember_officials(t.st, found);
    Reply next{w("represent.next"), {}, {}};
    next.buttons = {{w("button.tell"), found.size() == 1 ? "/tell 1" : "/tell"},
                    {w("button.represent"), "/ask represent"}};
    t.out.replies.push_back(std::move(next));
}

void Engine::answer_unsupported(Turn& t) {
    Writer w(catalog_, t.st.lang);
    const auto& m = town_info(t, client_, towns_);
    Reply r{w("unsupported.answer", {{"town", m.name}}) + "\n" + clerk_line(w, m), {}, {}};
    if (!m.website.empty()) r.links.push_back({w("link.town_website", {{"town", m.name}}), m.website});
    t.out.replies.push_back(std::move(r));
}

void Engine::answer_about(Turn& t, const Parsed& p) {
    Writer w(catalog_, t.st.lang);
    const auto& all = t.st.last_officials;
    if (all.empty()) {
        t.out.replies.push_back({w("about.nobody"), {}, {}});
        return;
    }
    if (p.about == "more") {  // the rest of a long list
        for (std::size_t i = 5; i < all.size(); ++i)
            t.out.replies.push_back(w.official(from_named(all[i]), w("contact.none")));
        if (all.size() <= 5) t.out.replies.push_back({w("about.no_more"), {}, {}});
        return;
    }
    auto who = referred(t.st, p);
    // "Their emails?" after two or three people (a town's two state legislators): each one.
    constexpr std::size_t kAnsweredTogether = 3;
    if (p.plural && who.size() > 1 && who.size() <= kAnsweredTogether) {
        const auto first = t.out.replies.size();
        for (auto i : who) {
            Parsed one = p;
            one.about_index = static_cast<int>(i) + 1;
            answer_about(t, one);
        }
        // One "draft a message" under them all, which then asks to whom.
        for (auto r = first; r < t.out.replies.size(); ++r) t.out.replies[r].buttons.clear();
        t.out.replies.back().buttons.push_back({w("button.tell"), "/tell"});
        return;
    }
    if (who.size() != 1) {
        Reply r{w("about.which"), {}, {}};
        for (std::size_t i = 0; i < all.size() && i < 8; ++i)
            r.buttons.push_back({all[i].name, "/about " + std::to_string(i + 1) + " " + p.about});
        t.out.replies.push_back(std::move(r));
        return;
    }
    Official o = from_named(all[who[0]]);
    if (p.about == "committees") {
        for (const auto& full : officials_at(client_, "/v1/officials?q=" + url_encode(o.name)))
            if (full.name == o.name) o.committees = full.committees;
        Reply r{o.committees.empty() ? w("about.no_committees", {{"name", o.name}})
                                     : w("about.committees", {{"name", o.name}}), {}, {}};
        for (const auto& [name, role] : o.committees)
            r.text += "\n• " + name + (role.empty() || role == "member" ? "" : " (" + role + ")");
        t.out.replies.push_back(std::move(r));
        return;
    }
    Reply r = w.official(o, w("contact.none"));
    r.buttons.push_back({w("button.tell"), "/tell " + std::to_string(who[0] + 1)});
    t.out.replies.push_back(std::move(r));
}

bool Engine::answer_who_is(Turn& t, const Parsed& p) {
    if (p.place_text.empty()) return false;
    Writer w(catalog_, t.st.lang);
    auto people = officials_at(client_, "/v1/officials?q=" + url_encode(p.place_text));
    // A name matches a few people at most; many hits mean the words were not a name.
    if (people.empty() || people.size() > 3) return false;
    for (const auto& o : people) t.out.replies.push_back(w.official(o, w("contact.none")));
    remember_officials(t.st, people);
    Reply next{w("represent.next"), {}, {}};
    next.buttons = {{w("button.tell"), people.size() == 1 ? "/tell 1" : "/tell"}};
    t.out.replies.push_back(std::move(next));
    return true;
}

bool Engine::answer_chair(Turn& t, const Parsed& p) {
    if (p.place_text.empty()) return false;
    Writer w(catalog_, t.st.lang);
    auto people = officials_at(client_, "/v1/officials?committee=" + url_encode(p.place_text) +
                                            "&per_page=100");
    std::vector<Official> chairs;
    std::string committee;
    for (const auto& o : people) {
        for (const auto& [name, role] : o.committees) {
            if (role != "chair" || name_key(name).find(name_key(p.place_text)) == std::string::npos)
                continue;
            chairs.push_back(o), committee = name;
            break;
        }
    }
    if (chairs.empty()) return false;
    t.out.replies.push_back({w("chair.header", {{"committee", committee}}), {}, {}});
    for (const auto& o : chairs) t.out.replies.push_back(w.official(o, w("contact.none")));
    remember_officials(t.st, chairs);
    return true;
}

// The drafted email and call script: asks the official to sponsor the ordinance (local) or
// co-sponsor the bill (state), with their real contact details and the toolkit link.
void Engine::answer_tell(Turn& t, const Parsed& p) {
    Writer w(catalog_, t.st.lang);
    auto& st = t.st;
    if (st.last_officials.empty()) {
        t.out.replies.push_back({w("about.nobody"), {}, {}});
        return;
    }
    auto who = referred(st, p);
    if (who.size() != 1) {
        Reply r{w("tell.which"), {}, {}};
        for (std::size_t i = 0; i < st.last_officials.size() && i < 8; ++i)
            r.buttons.push_back({st.last_officials[i].name, "/tell " + std::to_string(i + 1)});
        t.out.replies.push_back(std::move(r));
        return;
    }
    const auto& o = st.last_officials[who[0]];
    std::string toolkit = st.last_toolkit.empty() ? "sanctuary" : st.last_toolkit;
    bool state = o.office == "state_representative" || o.office == "state_senator" ||
                 o.office == "us_representative" || o.office == "us_senator";
    std::string town = st.place.municipality.empty() ? w("tell.my_town") : st.place.municipality;
    Vars v{{"name", o.name}, {"town", town}, {"toolkit", w.toolkit_name(toolkit)},
           {"title", w.office_title(from_named(o))}};
    std::string ask = w(state ? "tell.ask_state" : "tell.ask_local", v);
    std::string subject = w("tell.subject", v);
    std::string body = w("tell.email_body", {{"name", o.name}, {"town", town}, {"ask", ask}});
    Reply email{w("tell.email_intro", v) + "\n\n" + w("tell.subject_line", {{"subject", subject}}) +
                    "\n\n" + body, {}, {}};
    if (!o.email.empty()) {
        email.links.push_back({w("link.email", {{"name", o.name}}),
                               "mailto:" + o.email + "?subject=" + url_component(subject) +
                                   "&body=" + url_component(body)});
    }
    Reply call{w("tell.call_script", {{"name", o.name}, {"town", town}, {"ask", ask}}), {}, {}};
    if (!o.phone.empty()) {
        call.text += "\n" + w("official.phone", {{"phone", o.phone}});
        if (auto tel = tel_url(o.phone); !tel.empty())
            call.links.push_back({w("link.call", {{"name", o.name}}), tel});
    }
    if (o.email.empty() && o.phone.empty() && !o.url.empty())
        call.links.push_back({w("link.profile", {{"name", o.name}}), o.url});
    auto all = fetch(client_, "/v1/toolkits");
    if (all.ok())
        for (const auto& tk : parse_toolkits(*all.json))
            if (tk.id == toolkit)
                for (const auto& [title, url] : tk.links) call.links.push_back({title, url});
    call.text += "\n" + w("tell.you_send");
    t.out.replies.push_back(std::move(email));
    t.out.replies.push_back(std::move(call));
}

}  // namespace masscivic::bot
