#include "json_render.hpp"

#include "csv.hpp"
#include "lookup.hpp"
#include "text.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace masscivic::server {

namespace {

// rapidjson's RawValue copies its input a byte at a time; an answer is mostly pre-rendered
// officials, so here it is one memcpy. Prefix and EndValue are the writer's own bookkeeping
// (commas, nesting), protected for subclasses like this one.
class Writer : public rapidjson::Writer<rapidjson::StringBuffer> {
  public:
    using rapidjson::Writer<rapidjson::StringBuffer>::Writer;
    void raw_object(const std::string& json) {
        Prefix(rapidjson::kObjectType);
        std::memcpy(os_->Push(json.size()), json.data(), json.size());
        EndValue(true);
    }
};

class Json {
  public:
    // A full answer is 20-30 KB; starting there spares the buffer its doublings.
    static constexpr std::size_t kInitialBytes = 32 * 1024;
    Json() : buf_(nullptr, kInitialBytes), w_(buf_) {}
    Writer& w() { return w_; }
    void key(const char* k) { w_.Key(k); }
    void str(const std::string& s) {
        w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    }
    void str(const char* k, const std::string& s) { key(k), str(s); }
    void opt(const char* k, const Text& t) {
        key(k);
        if (t)
            str(*t);
        else
            w_.Null();
    }
    void num(const char* k, long long v) { key(k), w_.Int64(v); }
    void opt_num(const char* k, const std::optional<long long>& v) {
        key(k);
        if (v)
            w_.Int64(*v);
        else
            w_.Null();
    }
    void boolean(const char* k, bool b) { key(k), w_.Bool(b); }
    void obj() { w_.StartObject(); }
    void end_obj() { w_.EndObject(); }
    void arr(const char* k) { key(k), w_.StartArray(); }
    void end_arr() { w_.EndArray(); }
    // An object rendered earlier by this same writer, copied in as it is.
    void raw(const std::string& json) { w_.raw_object(json); }
    void strings(const char* k, const std::vector<std::string>& v) {
        arr(k);
        for (const auto& s : v)
            str(s);
        end_arr();
    }
    std::string take() { return std::string(buf_.GetString(), buf_.GetSize()); }

  private:
    rapidjson::StringBuffer buf_;
    Writer w_;
};

void official(Json& j, const Official& o, const Text& seat_relation) {
    j.obj();
    j.opt("id", o.vacant ? Text() : Text(o.id));
    j.opt("name", o.name);
    j.str("level", o.level);
    j.str("office", o.office);
    j.str("title", o.title);
    j.opt("party", o.party);
    j.str("division_id", o.division_id);
    j.opt("district", o.district);
    j.opt("email", o.email);
    j.opt("phone", o.phone);
    j.opt("address", o.address);
    j.opt("photo_url", o.photo_url);
    j.opt("profile_url", o.profile_url);
    j.opt("website", o.website);
    j.opt("contact_form", o.contact_form);
    j.arr("offices");
    for (const auto& off : o.offices) {
        j.obj();
        j.str("kind", off.kind);
        j.opt("address", off.address);
        j.opt("phone", off.phone);
        j.opt("fax", off.fax);
        j.end_obj();
    }
    j.end_arr();
    j.arr("committees");
    for (const auto& c : o.committees) {
        j.obj();
        j.str("id", c.id);
        j.str("name", c.name);
        j.str("role", c.role);
        j.end_obj();
    }
    j.end_arr();
    j.key("last_election");
    if (const auto& e = o.last_election) {
        j.obj();
        j.str("date", e->date);
        j.num("year", e->year);
        j.str("share_pct", e->share);
        j.boolean("opposed", e->opposed);
        j.boolean("special", e->special);
        j.num("candidates", e->candidates);
        j.str("source", e->source);
        j.str("source_url", e->source_url);
        j.end_obj();
    } else {
        j.w().Null();
    }
    j.arr("session_bills");
    for (const auto& b : o.session_bills) {
        j.obj();
        j.str("id", b.id);
        j.str("title", b.title);
        j.str("session", b.session);
        j.opt("house_number", b.house_number);
        j.opt("senate_number", b.senate_number);
        j.opt("house_status", b.house_status);
        j.opt("senate_status", b.senate_status);
        j.opt("url", b.url);
        j.str("role", b.role);
        j.str("source", b.source);
        j.boolean("verified", false);  // an advocacy group's compilation
        j.end_obj();
    }
    j.end_arr();
    j.boolean("vacant", o.vacant);
    j.boolean("verified", o.verified);
    j.opt("note", o.note);
    j.str("source", o.source);
    j.opt("source_url", o.source_url);
    j.str("as_of", o.as_of);
    j.opt("seat", o.seat);
    j.opt("seat_division_id", o.seat_division_id);
    j.opt("seat_relation", seat_relation);
    j.end_obj();
}

void official(Json& j, const ListedOfficial& o) {
    if (!o.seat_relation && !o->json.empty())
        j.raw(o->json);
    else
        official(j, *o, o.seat_relation);
}

void officials(Json& j, const char* key, const OfficialList& list) {
    j.arr(key);
    for (const auto& o : list)
        official(j, o);
    j.end_arr();
}

void write_district(Json& j, const District& d) {
    j.obj();
    j.str("ocd_id", d.ocd_id);
    j.str("chamber", d.chamber);
    j.str("name", d.name);
    j.str("display_name", d.display_name);
    j.end_obj();
}

void district(Json& j, const District& d) {
    if (!d.json.empty())
        j.raw(d.json);
    else
        write_district(j, d);
}

void precincts(Json& j, const std::vector<PrecinctRef>& list) {
    j.arr("precincts");
    for (const auto& p : list) {
        j.obj();
        j.opt("ward", p.ward);
        j.str("precinct", p.precinct);
        if (p.municipality) j.str("municipality", *p.municipality);
        j.end_obj();
    }
    j.end_arr();
}

void clerk(Json& j, const std::optional<Clerk>& c) {
    j.key("clerk");
    if (!c) {
        j.w().Null();
        return;
    }
    j.obj();
    j.opt("address", c->address);
    j.opt("phone", c->phone);
    j.opt("fax", c->fax);
    j.opt("email", c->email);
    j.str("source", c->source);
    j.str("as_of", c->as_of);
    j.end_obj();
}

void local_body(Json& j, const std::optional<LocalBody>& b) {
    j.key("local_body");
    if (!b) {
        j.w().Null();
        return;
    }
    j.obj();
    j.str("name", b->name);
    j.str("how", b->how);
    j.end_obj();
}

void local_actions(Json& j, const char* key, const std::vector<LocalAction>& list) {
    j.arr(key);
    for (const auto& a : list) {
        j.obj();
        j.str("municipality", a.municipality);
        j.str("geoid", a.geoid);
        j.str("county", a.county);
        j.str("topic", a.topic);
        j.str("action", a.action);
        j.str("status", a.status);
        j.str("date", a.date);
        j.str("binding", a.binding);
        j.str("body", a.body);
        j.str("source_url", a.source_url);
        j.str("evidence", a.evidence);
        j.boolean("verified", a.verified);
        j.str("source", a.source);
        j.str("as_of", a.as_of);
        j.end_obj();
    }
    j.end_arr();
}

void toolkit(Json& j, const Toolkit& tk) {
    j.obj();
    j.str("id", tk.id);
    j.str("name", tk.name);
    j.str("summary", tk.summary);
    j.arr("links");
    for (const auto& l : tk.links) {
        j.obj();
        j.str("title", l.title);
        j.str("url", l.url);
        j.end_obj();
    }
    j.end_arr();
    local_body(j, tk.local_body);
    if (tk.local_actions_note) { // asked for a town: what it already did on this topic
        local_actions(j, "local_actions", tk.local_actions);
        j.str("local_actions_note", *tk.local_actions_note);
    }
    j.end_obj();
}

void sponsor_candidates(Json& j, const char* key, const std::vector<SponsorCandidate>& list) {
    j.arr(key);
    for (std::size_t i = 0; i < list.size(); ++i) {
        j.obj();
        j.num("rank", static_cast<long long>(i + 1));
        j.num("score", list[i].score);
        j.strings("reasons", list[i].reasons);
        j.key("official");
        official(j, list[i].official);
        j.end_obj();
    }
    j.end_arr();
}

void write_municipality_brief(Json& j, const Municipality& m) {
    j.obj();
    j.str("name", m.name);
    j.str("geoid", m.geoid);
    j.str("kind", m.kind);
    j.str("county", m.county);
    j.opt("county_ocd_id", m.county.empty() ? Text() : Text(ocd_county_id(m.county)));
    j.str("ocd_id", m.ocd_id);
    j.str("legislative_body", m.legislative_body);
    j.end_obj();
}

void municipality_brief(Json& j, const Municipality& m) {
    if (!m.brief_json.empty())
        j.raw(m.brief_json);
    else
        write_municipality_brief(j, m);
}

void ambiguity(Json& j, const Ambiguity& a) {
    j.obj();
    j.str("reason", a.reason);
    j.strings("needs", a.needs);
    j.str("hint", a.hint);
    j.arr("candidates");
    for (const auto& c : a.candidates) {
        j.obj();
        j.str("chamber", c.chamber);
        j.key("district");
        district(j, *c.district);
        precincts(j, c.precincts);
        officials(j, "officials", c.officials);
        j.end_obj();
    }
    j.end_arr();
    j.arr("municipalities");
    for (const auto& m : a.municipalities) {
        j.obj();
        j.str("name", m.name);
        j.str("geoid", m.geoid);
        j.opt_num("land_share_pct", m.land_share_pct);
        j.end_obj();
    }
    j.end_arr();
    j.end_obj();
}

// Street-address answers: how the address was placed (docs/API.md, "address").
void address_match(Json& j, const AddressMatch& m) {
    j.key("address");
    j.obj();
    j.str("match", m.match);
    j.str("normalized", m.normalized);
    j.key("point");
    if (m.lat && m.lon) {
        j.obj();
        j.key("lat"), j.w().Double(*m.lat);
        j.key("lon"), j.w().Double(*m.lon);
        j.end_obj();
    } else {
        j.w().Null();
    }
    j.str("note", m.note);
    j.boolean("covered", m.covered);
    j.strings("did_you_mean", m.did_you_mean);
    j.end_obj();
}

} // namespace

std::string render(const Official& o) {
    Json j;
    official(j, o, std::nullopt);
    return j.take();
}

std::string render(const District& d) {
    Json j;
    write_district(j, d);
    return j.take();
}

std::string render_brief(const Municipality& m) {
    Json j;
    write_municipality_brief(j, m);
    return j.take();
}

std::string render(const PlaceAnswer& a) {
    Json j;
    j.obj();
    j.key("query");
    j.obj();
    j.str("input", a.query.input);
    j.str("interpreted_as", a.query.interpreted_as);
    j.str("explanation", a.query.explanation);
    j.end_obj();
    j.str("status", a.status);
    j.key("place");
    j.obj();
    j.key("municipality");
    if (a.municipality)
        municipality_brief(j, *a.municipality);
    else
        j.w().Null();
    j.opt("ward", a.ward);
    // OCD ward ids are lower case ("place:lawrence/ward:a").
    j.opt("ward_ocd_id", a.ward && a.municipality
                             ? Text(a.municipality->ocd_id + "/ward:" + ascii_lower(*a.ward))
                             : Text());
    j.opt("precinct", a.precinct);
    j.opt("zip", a.zip);
    j.opt("village", a.village);
    j.key("location");
    if (a.lat && a.lon) {
        j.obj();
        j.key("lat"), j.w().Double(*a.lat);
        j.key("lon"), j.w().Double(*a.lon);
        j.end_obj();
    } else {
        j.w().Null();
    }
    j.end_obj();
    j.arr("districts");
    for (const auto* d : a.districts)
        district(j, *d);
    j.end_arr();
    j.key("officials");
    j.obj();
    officials(j, "federal", a.officials.federal);
    officials(j, "state", a.officials.state);
    officials(j, "local", a.officials.local);
    j.end_obj();
    j.key("ambiguity");
    if (a.ambiguity)
        ambiguity(j, *a.ambiguity);
    else
        j.w().Null();
    j.arr("suggestions");
    for (const auto& s : a.suggestions) {
        j.obj();
        j.str("name", s.name);
        j.str("municipality", s.municipality);
        j.str("kind", s.kind);
        j.end_obj();
    }
    j.end_arr();
    if (a.address) address_match(j, *a.address);
    j.strings("missing", a.missing);
    j.str("data_as_of", a.data_as_of);
    j.end_obj();
    return j.take();
}

std::string render(const std::vector<MunicipalitySummary>& list) {
    Json j;
    j.obj();
    j.arr("municipalities");
    for (const auto& m : list) {
        j.obj();
        j.str("name", m.name);
        j.str("geoid", m.geoid);
        j.str("kind", m.kind);
        j.str("county", m.county);
        j.str("legislative_body", m.legislative_body);
        j.str("form_of_government", m.form_of_government);
        j.end_obj();
    }
    j.end_arr();
    j.num("count", static_cast<long long>(list.size()));
    j.end_obj();
    return j.take();
}

std::string render(const MunicipalityDetail& d) {
    const auto& m = d.municipality;
    Json j;
    j.obj();
    j.key("municipality");
    j.obj();
    j.str("name", m.name);
    j.str("geoid", m.geoid);
    j.str("kind", m.kind);
    j.str("county", m.county);
    j.str("ocd_id", m.ocd_id);
    j.num("population_2020", m.population_2020);
    j.str("legislative_body", m.legislative_body);
    j.str("form_of_government", m.form_of_government);
    j.opt("chief_executive_title", m.chief_executive_title);
    j.opt("policy_board", m.policy_board);
    j.opt_num("policy_board_size", m.policy_board_size);
    j.opt_num("legislative_body_size", m.legislative_body_size);
    j.opt("website", m.website);
    clerk(j, m.clerk);
    j.boolean("has_wards", m.has_wards);
    j.end_obj();
    j.str("how_local_laws_pass", d.how_local_laws_pass);
    j.str("how_to_petition", d.how_to_petition);
    officials(j, "officials", d.officials);
    j.arr("districts");
    for (const auto& dw : d.districts) {
        j.obj();
        j.str("ocd_id", dw.district.ocd_id);
        j.str("chamber", dw.district.chamber);
        j.str("name", dw.district.name);
        j.str("display_name", dw.district.display_name);
        precincts(j, dw.precincts);
        j.end_obj();
    }
    j.end_arr();
    local_actions(j, "local_actions", d.local_actions);
    j.str("local_actions_note", d.local_actions_note);
    j.strings("missing", d.missing);
    j.str("data_as_of", d.data_as_of);
    j.end_obj();
    return j.take();
}

std::string render(const DistrictDetail& d) {
    Json j;
    j.obj();
    j.key("district");
    j.obj();
    j.str("ocd_id", d.district.ocd_id);
    j.str("chamber", d.district.chamber);
    j.str("name", d.district.name);
    j.str("display_name", d.district.display_name);
    j.num("number", d.district.number);
    j.end_obj();
    officials(j, "officials", d.officials);
    j.arr("municipalities");
    for (const auto& t : d.municipalities) {
        j.obj();
        j.str("name", t.name);
        j.str("geoid", t.geoid);
        precincts(j, t.precincts);
        j.end_obj();
    }
    j.end_arr();
    j.str("data_as_of", d.data_as_of);
    j.end_obj();
    return j.take();
}

std::string render(const OfficialPage& p) {
    Json j;
    j.obj();
    officials(j, "officials", p.officials);
    j.num("page", p.page);
    j.num("per_page", p.per_page);
    j.num("total", p.total);
    j.end_obj();
    return j.take();
}

std::string render(const ToolkitList& t) {
    Json j;
    j.obj();
    j.arr("toolkits");
    for (const auto& tk : t.toolkits)
        toolkit(j, tk);
    j.end_arr();
    j.key("municipality");
    if (t.municipality)
        municipality_brief(j, *t.municipality);
    else
        j.w().Null();
    j.opt("contact", t.contact);
    j.end_obj();
    return j.take();
}

std::string render(const SponsorList& s) {
    Json j;
    j.obj();
    j.key("toolkit");
    if (s.toolkit)
        toolkit(j, *s.toolkit);
    else
        j.w().Null();
    j.key("municipality");
    municipality_brief(j, s.municipality);
    j.key("local");
    j.obj();
    local_body(j, s.local.body);
    j.str("how_to_petition", s.local.how_to_petition);
    sponsor_candidates(j, "members", s.local.members);
    j.strings("missing", s.local.missing);
    clerk(j, s.local.clerk);
    j.opt("website", s.local.website);
    j.end_obj();
    sponsor_candidates(j, "state", s.state);
    local_actions(j, "local_actions", s.local_actions);
    j.arr("bills");
    for (const auto& b : s.bills) {
        j.obj();
        j.str("id", b.id);
        j.str("title", b.title);
        j.opt("session", b.session);
        j.opt("years", b.years);
        j.opt("house_number", b.house_number);
        j.opt("senate_number", b.senate_number);
        j.opt("url", b.url);
        j.boolean("current", b.current);
        j.opt("official_title", b.official_title);
        j.opt("house_status", b.house_status);
        j.opt("senate_status", b.senate_status);
        j.opt("lead_sponsors", b.lead_sponsors);
        j.str("source", b.source);
        j.end_obj();
    }
    j.end_arr();
    j.strings("committees", s.committees);
    j.strings("notes", s.notes);
    j.strings("ranking_rules", s.ranking_rules);
    j.str("data_as_of", s.data_as_of);
    j.str("cosponsorship_as_of", s.cosponsorship_as_of);
    j.end_obj();
    return j.take();
}

std::string render_csv(const SponsorList& s) {
    CsvWriter w({"list", "rank", "score", "name", "title", "district", "party", "email", "phone",
                 "profile_url", "verified", "reasons", "source", "as_of"});
    auto rows = [&w](const char* list, const std::vector<SponsorCandidate>& cs) {
        for (std::size_t i = 0; i < cs.size(); ++i) {
            const Official& o = *cs[i].official;
            std::string reasons;
            for (const auto& r : cs[i].reasons)
                reasons += (reasons.empty() ? "" : "; ") + r;
            w.add({list, std::to_string(i + 1), std::to_string(cs[i].score), o.name.value_or(""),
                   o.title, o.district.value_or(""), o.party.value_or(""), o.email.value_or(""),
                   o.phone.value_or(""), o.profile_url.value_or(""), o.verified ? "yes" : "no",
                   reasons, o.source, o.as_of});
        }
    };
    rows("local", s.local.members);
    rows("state", s.state);
    return w.str();
}

std::string render(const LocalActionList& l) {
    Json j;
    j.obj();
    j.key("filters");
    j.obj();
    j.opt("topic", l.topic);
    j.opt("status", l.status);
    j.opt("county", l.county);
    j.end_obj();
    j.num("count", static_cast<long long>(l.actions.size()));
    local_actions(j, "local_actions", l.actions);
    j.strings("not_found", l.not_found);
    j.str("note", l.note);
    j.str("data_as_of", l.data_as_of);
    j.end_obj();
    return j.take();
}

std::string render_csv(const LocalActionList& l) {
    CsvWriter w({"municipality", "geoid", "county", "topic", "action", "status", "date", "binding",
                 "body", "source_url", "evidence", "verified", "source", "as_of"});
    for (const auto& a : l.actions)
        w.add({a.municipality, a.geoid, a.county, a.topic, a.action, a.status, a.date, a.binding,
               a.body, a.source_url, a.evidence, a.verified ? "yes" : "no", a.source, a.as_of});
    return w.str();
}

std::string render_error(const Error& e, bool with_status) {
    Json j;
    j.obj();
    j.key("error");
    j.obj();
    j.str("code", error_info(e.code).name);
    j.str("message", e.message);
    j.end_obj();
    if (with_status) j.str("status", "not_found");
    j.end_obj();
    return j.take();
}

} // namespace masscivic::server
