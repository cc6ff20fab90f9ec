#include "model.hpp"

#include <algorithm>
#include <map>

namespace masscivic::bot {
namespace {

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string str(const rapidjson::Value& obj, const char* name) {
    const auto* v = member(obj, name);
    if (!v) return {};
    if (v->IsString()) return {v->GetString(), v->GetStringLength()};
    if (v->IsInt64()) return std::to_string(v->GetInt64());
    return {};
}

bool flag(const rapidjson::Value& obj, const char* name, bool fallback) {
    const auto* v = member(obj, name);
    return v && v->IsBool() ? v->GetBool() : fallback;
}

template <class F>
void each(const rapidjson::Value& obj, const char* name, F&& f) {
    const auto* v = member(obj, name);
    if (!v || !v->IsArray()) return;
    for (const auto& item : v->GetArray()) f(item);
}

std::vector<std::string> strings(const rapidjson::Value& obj, const char* name) {
    std::vector<std::string> out;
    each(obj, name, [&](const rapidjson::Value& v) {
        if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
    });
    return out;
}

Official parse_official(const rapidjson::Value& v) {
    // Sponsor rows may wrap the person: {"official": {...}, "reason": "..."}.
    const rapidjson::Value* inner = member(v, "official");
    const rapidjson::Value& o = inner && inner->IsObject() ? *inner : v;
    Official off;
    off.name = str(o, "name");
    off.office = str(o, "office");
    off.title = str(o, "title");
    off.party = str(o, "party");
    off.district = str(o, "district");
    off.note = str(o, "note");
    off.email = str(o, "email");
    off.phone = str(o, "phone");
    off.website = str(o, "website");
    off.contact_form = str(o, "contact_form");
    off.profile_url = str(o, "profile_url");
    off.vacant = flag(o, "vacant", false);
    off.verified = flag(o, "verified", true);
    if (off.phone.empty()) {
        each(o, "offices", [&](const rapidjson::Value& office) {
            if (off.phone.empty()) off.phone = str(office, "phone");
        });
    }
    each(o, "committees", [&](const rapidjson::Value& c) {
        auto name = str(c, "name");
        if (!name.empty()) off.committees.emplace_back(name, str(c, "role"));
    });
    off.reason = str(v, "reason");
    if (off.reason.empty()) {
        auto reasons = strings(v, "reasons");
        for (const auto& r : reasons) off.reason += (off.reason.empty() ? "" : "; ") + r;
    }
    return off;
}

std::vector<Official> officials(const rapidjson::Value& obj, const char* name) {
    std::vector<Official> out;
    each(obj, name, [&](const rapidjson::Value& v) {
        if (v.IsObject()) out.push_back(parse_official(v));
    });
    return out;
}

}  // namespace

std::vector<Official> LookupAnswer::all_officials() const {
    std::vector<Official> out = federal;
    out.insert(out.end(), state.begin(), state.end());
    out.insert(out.end(), local.begin(), local.end());
    return out;
}

bool LookupAnswer::chamber_uncertain(const std::string& chamber) const {
    if (status != "ambiguous") return false;
    return std::any_of(candidates.begin(), candidates.end(),
                       [&](const Candidate& c) { return c.chamber == chamber; });
}

std::string chamber_of_office(const std::string& office) {
    if (office == "state_representative") return "house";
    if (office == "state_senator") return "senate";
    if (office == "us_representative") return "congress";
    if (office == "governors_councillor") return "governors_council";
    return {};
}

bool is_office_group(const std::string& wanted) {
    return wanted == "local_leaders" || wanted == "state_legislators";
}

bool office_is(const std::string& wanted, const std::string& office) {
    if (wanted == "local_leaders")
        return office == "mayor" || office == "select_board_member" || office == "council_member";
    if (wanted == "state_legislators") return office == "state_senator" || office == "state_representative";
    return office == wanted;
}

LookupAnswer parse_lookup(const rapidjson::Value& json) {
    LookupAnswer a;
    a.status = str(json, "status");
    if (const auto* q = member(json, "query")) {
        a.interpreted_as = str(*q, "interpreted_as");
        a.explanation = str(*q, "explanation");
    }
    if (const auto* place = member(json, "place")) {
        if (const auto* m = member(*place, "municipality")) {
            a.municipality = m->IsString() ? std::string(m->GetString()) : str(*m, "name");
        }
        a.village = str(*place, "village");
        a.ward = str(*place, "ward");
        a.precinct = str(*place, "precinct");
    }
    if (const auto* offs = member(json, "officials")) {
        a.federal = officials(*offs, "federal");
        a.state = officials(*offs, "state");
        a.local = officials(*offs, "local");
    }
    if (const auto* amb = member(json, "ambiguity")) {
        a.needs = strings(*amb, "needs");
        each(*amb, "candidates", [&](const rapidjson::Value& c) {
            Candidate cand;
            cand.chamber = str(c, "chamber");
            if (const auto* d = member(c, "district")) {
                cand.district = str(*d, "display_name");
                if (cand.district.empty()) cand.district = str(*d, "name");
            }
            cand.officials = officials(c, "officials");
            a.candidates.push_back(std::move(cand));
        });
        // A ZIP or name that covers several towns: the towns to choose from.
        each(*amb, "municipalities", [&](const rapidjson::Value& m) {
            auto name = str(m, "name");
            if (!name.empty()) a.towns.push_back(name);
        });
    }
    each(json, "suggestions", [&](const rapidjson::Value& s) {
        std::string name = s.IsString() ? std::string(s.GetString()) : str(s, "name");
        if (!name.empty() &&
            std::find(a.suggestions.begin(), a.suggestions.end(), name) == a.suggestions.end())
            a.suggestions.push_back(name);
    });
    a.missing = strings(json, "missing");
    a.data_as_of = str(json, "data_as_of");
    each(json, "districts", [&](const rapidjson::Value& d) {
        DistrictRef ref{str(d, "ocd_id"), str(d, "chamber"), str(d, "display_name")};
        if (ref.display_name.empty()) ref.display_name = str(d, "name");
        if (!ref.ocd_id.empty()) a.districts.push_back(std::move(ref));
    });
    if (const auto* ad = member(json, "address"); ad && ad->IsObject()) {
        AddressMatch m;
        m.match = str(*ad, "match");
        m.normalized = str(*ad, "normalized");
        m.covered = flag(*ad, "covered", true);
        if (const auto* pt = member(*ad, "point"); pt && pt->IsObject()) {
            const auto* lat = member(*pt, "lat");
            const auto* lon = member(*pt, "lon");
            if (lat && lon && lat->IsNumber() && lon->IsNumber())
                m.has_point = true, m.lat = lat->GetDouble(), m.lon = lon->GetDouble();
        }
        m.did_you_mean = strings(*ad, "did_you_mean");
        a.address = std::move(m);
    }
    return a;
}

Municipality parse_municipality(const rapidjson::Value& json) {
    Municipality m;
    const auto* mv = member(json, "municipality");
    if (mv && mv->IsObject()) {
        m.name = str(*mv, "name");
        m.kind = str(*mv, "kind");
        m.county = str(*mv, "county");
        m.legislative_body = str(*mv, "legislative_body");
        m.form_of_government = str(*mv, "form_of_government");
        m.chief_executive_title = str(*mv, "chief_executive_title");
        m.policy_board = str(*mv, "policy_board");
        m.website = str(*mv, "website");
        if (const auto* c = member(*mv, "clerk"); c && c->IsObject()) {
            m.clerk = {str(*c, "phone"), str(*c, "email"), str(*c, "address")};
        }
        m.has_wards = flag(*mv, "has_wards", m.kind == "city");
    }
    // What the town already did (GET /v1/municipalities/{name} "local_actions"): topics are the
    // data's own ("sanctuary_trust", "body_cameras"); the bot speaks of toolkit ids.
    each(json, "local_actions", [&](const rapidjson::Value& la) {
        static const std::map<std::string, std::string> toolkit_of = {
            {"sanctuary_trust", "sanctuary"}, {"sanctuary", "sanctuary"}, {"ccops", "ccops"},
            {"body_cameras", "body-cameras"}, {"body-cameras", "body-cameras"}};
        auto it = toolkit_of.find(str(la, "topic"));
        if (it == toolkit_of.end()) return;
        LocalAction act{it->second, str(la, "action"), str(la, "date"), str(la, "status"),
                        str(la, "source_url"), flag(la, "verified", false)};
        if (!act.title.empty()) m.local_actions.push_back(std::move(act));
    });
    m.officials = officials(json, "officials");
    m.missing = strings(json, "missing");
    return m;
}

std::vector<Toolkit> parse_toolkits(const rapidjson::Value& json) {
    std::vector<Toolkit> out;
    each(json, "toolkits", [&](const rapidjson::Value& t) {
        Toolkit tk;
        tk.id = str(t, "id");
        tk.name = str(t, "name");
        tk.summary = str(t, "summary");
        each(t, "links", [&](const rapidjson::Value& l) {
            std::string url = str(l, "url");
            if (!url.empty()) tk.links.emplace_back(str(l, "title"), url);
        });
        if (tk.links.empty() && !str(t, "url").empty()) tk.links.emplace_back(tk.name, str(t, "url"));
        if (const auto* lb = member(t, "local_body"); lb && lb->IsObject()) {
            tk.local_body = str(*lb, "name");
            tk.local_how = str(*lb, "how");
        }
        if (!tk.id.empty()) out.push_back(std::move(tk));
    });
    return out;
}

namespace {

// The server ranks state legislators best first. A chat keeps every legislator of the
// user's town (they always matter) and the first few champions from elsewhere.
std::vector<Official> shortlist(std::vector<Official> ranked) {
    constexpr std::size_t kOtherChampions = 3;
    std::vector<Official> out;
    std::size_t others = 0;
    for (auto& o : ranked) {
        bool own = o.reason.rfind("represents", 0) == 0;
        if (own || others++ < kOtherChampions) out.push_back(std::move(o));
    }
    return out;
}

}  // namespace

std::vector<Official> parse_officials(const rapidjson::Value& json) {
    return officials(json, "officials");
}

SponsorList parse_sponsors(const rapidjson::Value& json) {
    SponsorList s;
    for (const char* key : {"sponsors", "local", "state", "results"}) {
        const auto* v = member(json, key);
        if (!v) continue;
        if (v->IsArray()) {
            auto more = officials(json, key);
            if (std::string_view(key) == "state") more = shortlist(std::move(more));
            s.people.insert(s.people.end(), more.begin(), more.end());
        } else if (v->IsObject()) {  // {"local": {"members": [...], "notes": [...]}}
            for (const char* inner : {"members", "officials", "people", "legislators"}) {
                auto more = officials(*v, inner);
                s.people.insert(s.people.end(), more.begin(), more.end());
            }
            for (const char* inner : {"notes", "missing"}) {
                auto notes = strings(*v, inner);
                s.notes.insert(s.notes.end(), notes.begin(), notes.end());
            }
        }
    }
    auto notes = strings(json, "notes");
    s.notes.insert(s.notes.end(), notes.begin(), notes.end());
    auto missing = strings(json, "missing");
    s.notes.insert(s.notes.end(), missing.begin(), missing.end());
    return s;
}

}  // namespace masscivic::bot
