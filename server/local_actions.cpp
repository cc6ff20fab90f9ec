// /v1/local-actions and the local-history pieces of other answers (see local_actions.hpp).
#include "local_actions.hpp"

#include "lookup.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace masscivic::server {

namespace {

constexpr std::size_t kMaxParameterLength = 100;

const std::map<std::string, std::string, std::less<>>& topic_words() {
    static const std::map<std::string, std::string, std::less<>> words = {
        {"sanctuary_trust", "sanctuary / Trust Act policy"},
        {"ccops", "surveillance oversight (CCOPS)"},
        {"face_surveillance", "face surveillance"},
        {"body_cameras", "police body cameras"}};
    return words;
}

// The topic codes, and the toolkit ids people also use for them.
Result<std::vector<std::string>> parse_topic(const std::string& raw) {
    std::string t = ascii_lower(trim(raw));
    std::replace(t.begin(), t.end(), '-', '_');
    if (t == "sanctuary" || t == "trust" || t == "trust_act") t = "sanctuary_trust";
    if (t == "body_camera" || t == "bodycams") t = "body_cameras";
    if (topic_words().count(t)) return std::vector<std::string>{t};
    return bad_parameter("topic", "must be one of sanctuary_trust (or sanctuary), ccops, "
                                  "face_surveillance, body_cameras (or body-cameras)");
}

Result<std::string> parse_status(const std::string& raw) {
    std::string s = ascii_lower(trim(raw));
    if (s == "passed" || s == "failed" || s == "pending" || s == "funded") return s;
    return bad_parameter("status", "must be one of passed, failed, pending, funded");
}

std::string status_words(const LocalAction& a) {
    if (a.status == "pending") return "pending (no outcome found)";
    if (a.status == "funded") return "state grant awarded";
    return a.status;
}

} // namespace

std::vector<std::string> toolkit_topics(const std::string& toolkit_id) {
    if (toolkit_id == "sanctuary") return {"sanctuary_trust"};
    if (toolkit_id == "ccops") return {"ccops", "face_surveillance"};
    if (toolkit_id == "body-cameras") return {"body_cameras"};
    return {};
}

std::vector<LocalAction> town_local_actions(const Data& d, const std::string& geoid,
                                            const std::vector<std::string>& topics) {
    std::vector<LocalAction> out;
    auto it = d.local_actions_by_town.find(geoid);
    if (it == d.local_actions_by_town.end()) return out;
    for (auto i : it->second) {
        const auto& a = d.local_actions[i];
        if (topics.empty() || std::find(topics.begin(), topics.end(), a.topic) != topics.end())
            out.push_back(a);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const LocalAction& a, const LocalAction& b) { return a.date < b.date; });
    return out;
}

std::string local_history_note(const Municipality& m, const std::vector<LocalAction>& actions,
                               const std::vector<std::string>& topics) {
    std::string subject;
    for (const auto& t : topics)
        subject += (subject.empty() ? "" : " or ") + topic_words().at(t);
    if (subject.empty()) subject = "these topics";
    if (actions.empty())
        return "We found no earlier action by " + m.name + " on " + subject +
               " in our compiled list; not found does not mean never: the " + m.kind +
               " clerk can say for sure.";
    std::string what;
    for (const auto& a : actions)
        what += (what.empty() ? "" : "; ") + a.action + " (" + status_words(a) + ", " + a.date +
                ", " + a.body + ")";
    return m.name + " already acted on " + subject + ": " + what +
           ". (Compiled from news and municipal pages, not an official record: see each "
           "action's source.)";
}

std::string local_actions_caveat(const Municipality* m) {
    std::string clerk = m ? "the " + m->kind + " clerk" : "the town clerk";
    return "Compiled from news, advocacy and municipal pages (each action cites its page and "
           "quotes it), not an official record. A town with no action listed means none was "
           "found, not that it never acted; " +
           clerk + " can confirm.";
}

Result<LocalActionList> Lookup::local_actions(const LocalActionQuery& q) const {
    for (const auto& [name, v] :
         {std::pair{"topic", &q.topic}, {"status", &q.status}, {"county", &q.county}})
        if (*v && ((*v)->size() > kMaxParameterLength || first_invalid_utf8(**v)))
            return bad_parameter(name, "must be valid UTF-8 of at most 100 bytes");
    LocalActionList out;
    std::vector<std::string> topics;
    if (q.topic) {
        auto t = parse_topic(*q.topic);
        if (!t) return t.error();
        topics = *t;
        out.topic = topics.front();
    }
    if (q.status) {
        auto s = parse_status(*q.status);
        if (!s) return s.error();
        out.status = *s;
    }
    std::string county;
    if (q.county) {
        county = name_key(*q.county);
        if (county.size() > 7 && county.compare(county.size() - 7, 7, " county") == 0)
            county.resize(county.size() - 7);
        bool known = std::any_of(d_->towns.begin(), d_->towns.end(),
                                 [&](const Municipality& m) { return name_key(m.county) == county; });
        if (!known) return bad_parameter("county", "names no Massachusetts county");
    }
    std::set<std::string> acted;
    for (const auto& a : d_->local_actions) {
        if (!topics.empty() && a.topic != topics.front()) continue;
        if (!county.empty() && name_key(a.county) != county) continue;
        if (out.status && a.status != *out.status) continue;
        acted.insert(a.geoid);
        out.actions.push_back(a);
    }
    for (const auto& m : d_->towns) {
        if (!county.empty() && name_key(m.county) != county) continue;
        if (!county.empty()) out.county = m.county;
        if (!acted.count(m.geoid)) out.not_found.push_back(m.name);
    }
    out.note = local_actions_caveat(nullptr);
    out.data_as_of = d_->as_of;
    return out;
}

} // namespace masscivic::server
