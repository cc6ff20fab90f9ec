#include "engine.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

#include "model.hpp"
#include "text.hpp"
#include "language.hpp"
#include "understand.hpp"
#include "engine_internal.hpp"

namespace masscivic::bot {
namespace {


const std::vector<std::string> kToolkits = {"sanctuary", "ccops", "body-cameras"};

bool valid_text(std::string_view s) {
    if (first_invalid_utf8(s)) return false;
    return std::none_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
    });
}

}  // namespace


bool RateLimiter::allow(const std::string& key, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    if (hits_.size() > 100000) hits_.clear();  // crude bound; a flood resets the window
    auto& q = hits_[key];
    while (!q.empty() && now - q.front() > std::chrono::minutes(1)) q.pop_front();
    if (static_cast<int>(q.size()) >= per_minute_) return false;
    q.push_back(now);
    return true;
}

Engine::Engine(LookupClient& client, const Catalog& catalog, SessionStore& store,
               EngineOptions options)
    : client_(client), catalog_(catalog), store_(store), options_(options),
      limiter_(options.messages_per_minute) {}

Outgoing Engine::handle(const Incoming& in) {
    try {
        return respond(in);
    } catch (const std::exception&) {
        // A store failure must not take the conversation down; say so plainly.
        auto lang = "en";
        return Outgoing{lang, {Reply{catalog_.text(lang, "error.internal"), {}, {}}}, false};
    }
}

Outgoing Engine::respond(const Incoming& in) {
    if (++turns_ % 5000 == 0) store_.purge_expired();
    auto saved = store_.load(in.channel, in.user_id);
    bool first_turn = !saved;
    Turn t{in, saved.value_or(SessionState{}), {}, {}, {}, {}, {}};
    auto say = [&](const std::string& key) {
        t.out.replies.push_back({catalog_.text(t.st.lang, key), {}, {}});
        t.out.lang = t.st.lang;
        return t.out;
    };
    if (in.text.size() > options_.max_message_bytes) return say("error.too_long");
    if (!valid_text(in.text)) return say("error.not_text");
    if (!limiter_.allow(in.channel + '\n' + in.user_id, std::chrono::steady_clock::now()))
        return say("error.rate_limited");

    std::string text = trim(in.text);
    // A bare number picks one of the last quick replies (SMS and terminal have no buttons).
    static const std::regex number_re(R"(^\d{1,2}$)");
    if (std::regex_match(text, number_re) && t.st.awaiting != Awaiting::ward_precinct) {
        auto n = static_cast<std::size_t>(std::stoi(text));
        if (n >= 1 && n <= t.st.last_buttons.size()) text = t.st.last_buttons[n - 1].payload;
    }
    Parsed p = understand(text, catalog_);
    if (in.location) p.coords = in.location, p.place_text.clear();
    // The user's own choice of language stays unless a message is clearly in another one.
    // A button's payload ("/ask campaign ccops") says nothing about the language.
    auto guess = text.rfind('/', 0) == 0 ? LanguageGuess{}
                                         : detect_language(text, tokenize(text), catalog_,
                                                           first_turn ? "" : t.st.lang);
    if (!guess.lang.empty() && guess.lang != t.st.lang && (!t.st.lang_chosen || guess.strong))
        t.st.lang = guess.lang;
    t.out.lang = t.st.lang;

    if (p.intent == Intent::forget) {
        store_.erase(in.channel, in.user_id);
        return say("forget.done");
    }
    try {
        ward_precinct_in_context(t, p);
        dispatch(t, p);
    } catch (const ServerUnavailable&) {
        t.out.replies.push_back({catalog_.text(t.st.lang, "error.server_down"), {}, {}});
    }
    // Remember the buttons so a numbered answer can pick one.
    t.st.last_buttons.clear();
    for (const auto& r : t.out.replies)
        for (const auto& b : r.buttons)
            if (!b.request_location) t.st.last_buttons.push_back(b);
    t.out.lang = t.st.lang;
    store_.save(in.channel, in.user_id, t.st);
    return t.out;
}

void Engine::dispatch(Turn& t, const Parsed& p) {
    auto& st = t.st;
    switch (p.intent) {
        case Intent::stop:
            st.pending_intent.clear(), st.awaiting = Awaiting::nothing;
            t.out.replies.push_back({catalog_.text(st.lang, "stop.done"), {}, {}});
            return;
        case Intent::start_over:
            st = SessionState{st.lang, st.lang_chosen, {}, {}, {}, {}, Awaiting::nothing, {}, false, {}, {}};
            return help(t, "start_over.done");
        case Intent::help:
            return help(t, "help.intro");
        case Intent::thanks:
            t.out.replies.push_back({catalog_.text(st.lang, "thanks.reply"), {}, {}});
            return;
        case Intent::language:
            if (!catalog_.pack(p.lang_choice)) return help(t, "help.intro");
            st.lang = p.lang_choice, st.lang_chosen = true;
            return help(t, "language.set");
        case Intent::change_place:
            st.place = {};
            if (!p.has_place()) return ask_place(t, st.pending_intent, st.pending_office,
                                                 st.pending_toolkit);
            break;
        case Intent::about:
            return answer_about(t, p);
        case Intent::tell:
            return answer_tell(t, p);
        case Intent::who_is:
            if (answer_who_is(t, p)) return;
            break;  // not a person we know: perhaps a place ("who is in charge in Acton")
        case Intent::chair:
            if (answer_chair(t, p)) return;
            break;
        default:
            break;
    }

    // A message that only adds a detail (a place, a ward) continues the pending question.
    bool continues = p.intent == Intent::none || p.intent == Intent::change_place ||
                     p.intent == Intent::who_is || p.intent == Intent::chair;
    std::string intent = continues ? st.pending_intent : intent_name(p.intent);
    std::string office = p.office, toolkit = p.toolkit;
    if (continues) {
        if (office.empty()) office = st.pending_office;
        if (toolkit.empty()) toolkit = st.pending_toolkit;
    }
    // "who could sponsor it?" after the toolkit steps: the topic is still the conversation's.
    if (toolkit.empty() && (intent == "sponsor" || intent == "campaign")) toolkit = st.last_toolkit;
    // Remember the question before resolving the place: a "did you mean" detour must
    // still answer what was asked.
    if (!intent.empty()) st.pending_intent = intent, st.pending_office = office, st.pending_toolkit = toolkit;
    if (p.has_place() && !resolve_place(t, p)) return;
    if (intent.empty()) {
        if (p.has_place()) intent = "represent";
        else return help(t, "help.not_understood");
    }
    answer(t, intent, office, toolkit);
}

// "12", "8A", "precinct 12" said after a town: whether it is a precinct or a ward and precinct
// depends on the town (most towns have no wards), so the town already in the conversation
// decides, not the words.
void Engine::ward_precinct_in_context(Turn& t, Parsed& p) {
    const auto& st = t.st;
    if (!p.place_text.empty() || !p.address.empty() || p.coords || !p.zip.empty()) return;
    bool bare = !p.bare_first.empty();
    if (!bare && p.precinct.empty()) return;
    if (!p.ward.empty() || st.place.municipality.empty()) return;
    // A lone "2" answers a question with numbered choices, unless we asked for the precinct.
    if (bare && p.bare_second.empty() && st.awaiting != Awaiting::ward_precinct) return;
    bool wards = town_info(t, client_, towns_).has_wards;
    std::string first = bare ? p.bare_first : "", second = bare ? p.bare_second : "";
    if (!bare) {  // "precinct 8A": in a city with wards, ward 8 precinct A
        auto d = p.precinct.find_first_not_of("0123456789");
        if (!wards || d == 0 || d == std::string::npos) return;
        first = p.precinct.substr(0, d), second = p.precinct.substr(d);
    }
    bool letter = second.size() == 1 && std::isalpha(static_cast<unsigned char>(second[0]));
    if (wards) {
        p.ward = first, p.precinct = second;  // an empty precinct asks again, for the precinct
        if (second.empty()) p.ward.clear();
    } else {
        p.ward.clear();
        p.precinct = first + (letter ? second : "");
    }
    if (p.intent == Intent::none) p.place_only = true;
}

// Resolves the place in the message through the server; false when it asked the user
// something instead (did you mean, not found).
bool Engine::resolve_place(Turn& t, const Parsed& p) {
    auto& st = t.st;
    std::string target;
    bool wp_only = (!p.ward.empty() || !p.precinct.empty()) && p.place_text.empty() && p.zip.empty();
    if (p.coords) {
        target = "/v1/lookup?lat=" + std::to_string(p.coords->lat) +
                 "&lon=" + std::to_string(p.coords->lon);
    } else if (!p.address.empty()) {
        target = "/v1/lookup?address=" + url_encode(p.address);
    } else if (wp_only) {
        if (st.place.municipality.empty()) {
            ask_place(t, st.pending_intent.empty() ? "represent" : st.pending_intent,
                      st.pending_office, st.pending_toolkit);
            return false;
        }
        target = "/v1/lookup?town=" + url_encode(st.place.municipality);
        if (!p.ward.empty()) target += "&ward=" + url_encode(p.ward);
        target += "&precinct=" + url_encode(p.precinct);
    } else if (!p.zip.empty()) {
        target = "/v1/lookup?zip=" + p.zip;
    } else {
        std::string q = p.place_text;
        if (!p.precinct.empty())
            q = (p.ward.empty() ? "" : "Ward " + p.ward + " ") + "Precinct " + p.precinct + ", " + q;
        else if (!p.ward.empty())
            q = "Ward " + p.ward + ", " + q;
        target = "/v1/lookup?q=" + url_encode(q);
    }
    auto res = client_.get(target);
    note_data_version(t, res);
    // A server without the street-address resolver answers its town from the free text.
    if (!p.address.empty() && (res.kind == ApiResult::Kind::bad_request || res.kind == ApiResult::Kind::not_found))
        res = client_.get("/v1/lookup?q=" + url_encode(p.address));
    if (res.kind == ApiResult::Kind::unavailable || res.kind == ApiResult::Kind::bad_response)
        throw ServerUnavailable();
    LookupAnswer a;
    if (res.ok()) a = parse_lookup(*res.json);
    else a.status = "not_found";

    std::string shown = !p.zip.empty() ? p.zip : !p.address.empty() ? p.address : p.place_text;
    if (shown.empty() && !p.precinct.empty())
        shown = p.ward.empty() ? catalog_.text(st.lang, "place.precinct", {{"precinct", p.precinct}})
                               : catalog_.text(st.lang, "place.ward_precinct",
                                               {{"ward", p.ward}, {"precinct", p.precinct}});
    if (a.address && !a.address->did_you_mean.empty() && a.status != "exact") {
        Reply r{catalog_.text(st.lang, "address.did_you_mean", {{"town", a.municipality}}), {}, {}};
        for (std::size_t i = 0; i < a.address->did_you_mean.size() && i < 5; ++i)
            r.text += "\n• " + a.address->did_you_mean[i];
        t.out.replies.push_back(std::move(r));
        st.awaiting = Awaiting::place;
        return false;
    }
    if (a.status == "suggestions" || (a.municipality.empty() && !a.suggestions.empty())) {
        Reply r{catalog_.text(st.lang, "place.did_you_mean", {{"place", shown}}), {}, {}};
        for (std::size_t i = 0; i < a.suggestions.size() && i < 5; ++i)
            r.buttons.push_back({a.suggestions[i], "/place " + a.suggestions[i]});
        t.out.replies.push_back(std::move(r));
        st.awaiting = Awaiting::place;
        return false;
    }
    if (a.municipality.empty() && !a.towns.empty()) {
        // A ZIP across towns that all share the asked-for district needs no town.
        if (!p.zip.empty() && answers_office(a, st.pending_office)) {
            st.place = {};
            st.place.zip = p.zip, st.place.label = p.zip;
            st.awaiting = Awaiting::nothing;
            t.lookup = std::move(a);
            t.town.reset();
            return true;
        }
        Reply r{catalog_.text(st.lang, "place.which_town", {{"place", shown}}), {}, {}};
        constexpr std::size_t kButtons = 8;
        for (std::size_t i = 0; i < a.towns.size() && i < kButtons; ++i)
            r.buttons.push_back({a.towns[i], "/place " + a.towns[i]});
        if (a.towns.size() > kButtons) {  // a region ("the Cape"): every town, the rest typed
            std::string all;
            for (const auto& town : a.towns) all += (all.empty() ? "" : ", ") + town;
            r.text += "\n" + all;
        }
        t.out.replies.push_back(std::move(r));
        st.awaiting = Awaiting::place;
        return false;
    }
    if (a.status == "not_found" || a.municipality.empty()) {
        // Words of a question taken for a place ("qué proyectos apoya mi senadora" -> "apoya")
        // that name none: the question is answered with the conversation's place, or asks for one.
        if (p.place_guessed && p.address.empty() && p.zip.empty() && !p.coords &&
            !st.pending_intent.empty())
            return true;
        Reply r{catalog_.text(st.lang, p.coords ? "place.point_not_found" : "place.not_found",
                              {{"place", shown}}),
                {}, {}};
        r.buttons.push_back({catalog_.text(st.lang, "button.share_location"), "/location", true});
        t.out.replies.push_back(std::move(r));
        st.awaiting = Awaiting::place;
        return false;
    }
    st.place = {};
    st.place.municipality = a.municipality;
    st.place.label = a.village.empty() || a.village == a.municipality
                         ? a.municipality
                         : a.village + ", " + a.municipality;
    st.place.ward = a.ward.empty() ? p.ward : a.ward;
    st.place.precinct = a.precinct.empty() ? p.precinct : a.precinct;
    if (p.coords) st.place.point = p.coords;
    // A placed street address is kept only as its point (rounded when saved), never as text.
    if (a.address && a.address->has_point && a.status == "exact")
        st.place.point = GeoPoint{a.address->lat, a.address->lon};
    if (a.address && !a.address->covered)
        t.out.replies.push_back({catalog_.text(st.lang, "address.not_covered", {{"town", a.municipality}}), {}, {}});
    std::string where;  // " (Ward 10, Precinct 3)"
    if (st.place.precinct.empty() && !st.place.ward.empty())
        where = " (" + catalog_.text(st.lang, "place.ward", {{"ward", st.place.ward}}) + ")";
    else if (!st.place.precinct.empty())
        where = " (" + (st.place.ward.empty()
                            ? catalog_.text(st.lang, "place.precinct", {{"precinct", st.place.precinct}})
                            : catalog_.text(st.lang, "place.ward_precinct",
                                            {{"ward", st.place.ward}, {"precinct", st.place.precinct}})) + ")";
    st.place.label += where;
    // This turn's answer names the address it placed, so a misread shows; it is not saved.
    if (a.address && a.address->has_point && a.status == "exact" && !a.address->normalized.empty())
        t.placed_address = a.address->normalized + where;
    st.awaiting = Awaiting::nothing;
    t.lookup = std::move(a);
    t.town.reset();
    return true;
}

void Engine::answer(Turn& t, const std::string& intent, const std::string& office,
                    const std::string& toolkit) {
    auto& st = t.st;
    st.pending_intent = intent, st.pending_office = office, st.pending_toolkit = toolkit;
    bool needs_toolkit = intent == "campaign" || intent == "sponsor";
    if (needs_toolkit && toolkit.empty()) return ask_toolkit(t, intent);
    if (intent == "represent" && is_statewide_office(office)) {
        answer_statewide(t, office);  // the same people for every town: no need to ask
        st.pending_intent.clear();
        return;
    }
    bool needs_place = intent != "toolkit";
    if (needs_place && st.place.empty()) return ask_place(t, intent, office, toolkit);

    st.awaiting = Awaiting::nothing;
    if (intent == "represent") answer_represent(t, office);
    else if (intent == "govern") answer_govern(t);
    else if (intent == "toolkit") answer_toolkit(t, toolkit);
    else if (intent == "campaign") answer_campaign(t, toolkit);
    else if (intent == "sponsor") answer_sponsor(t, toolkit);
    else if (intent == "unsupported") answer_unsupported(t);
    else return help(t, "help.not_understood");
    // The question is answered unless an answer asked for more (ward/precinct).
    if (st.awaiting == Awaiting::nothing) st.pending_intent.clear();
}

void Engine::ask_place(Turn& t, const std::string& intent, const std::string& office,
                       const std::string& toolkit) {
    auto& st = t.st;
    st.pending_intent = intent.empty() ? "represent" : intent;
    st.pending_office = office, st.pending_toolkit = toolkit;
    st.awaiting = Awaiting::place;
    Reply r{catalog_.text(st.lang, "ask.place"), {}, {}};
    r.buttons.push_back({catalog_.text(st.lang, "button.share_location"), "/location", true});
    t.out.replies.push_back(std::move(r));
}

void Engine::ask_toolkit(Turn& t, const std::string& intent) {
    auto& st = t.st;
    st.pending_intent = intent, st.awaiting = Awaiting::toolkit;
    Reply r{catalog_.text(st.lang, "ask.toolkit"), {}, {}};
    for (const auto& id : kToolkits)
        r.buttons.push_back({catalog_.text(st.lang, "toolkit." + id + ".name"),
                             "/ask " + intent + " " + id});
    t.out.replies.push_back(std::move(r));
}

void Engine::help(Turn& t, const std::string& key) {
    const auto& lang = t.st.lang;
    Reply r{catalog_.text(lang, key), {}, {}};
    r.text += "\n" + catalog_.text(lang, "help.examples");
    r.buttons = {{catalog_.text(lang, "button.represent"), "/ask represent"},
                 {catalog_.text(lang, "button.govern"), "/ask govern"},
                 {catalog_.text(lang, "button.campaign"), "/ask campaign"},
                 {catalog_.text(lang, "button.toolkits"), "/ask toolkit"}};
    for (const auto& other : catalog_.languages()) {
        if (other != lang)
            r.buttons.push_back({catalog_.pack(other)->name, "/lang " + other});
    }
    t.out.replies.push_back(std::move(r));
}

}  // namespace masscivic::bot
