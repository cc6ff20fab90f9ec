#include "civicinfo.hpp"

#include "civic_address.hpp"
#include "lookup.hpp"
#include "text.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>

namespace masscivic::server {

namespace {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

// Google's published vocabularies for the levels and roles filters.
const std::set<std::string, std::less<>> kLevels = {
    "international", "country",      "administrativeArea1", "regional", "administrativeArea2",
    "locality",      "subLocality1", "subLocality2",        "special"};
const std::set<std::string, std::less<>> kRoles = {
    "headOfState",         "headOfGovernment",    "deputyHeadOfGovernment", "governmentOfficer",
    "executiveCouncil",    "legislatorUpperBody", "legislatorLowerBody",    "highestCourtJudge",
    "judge",               "schoolBoard",         "specialPurposeOfficer",  "otherRole"};

// Google's system parameters that change nothing here: keyless service, no OAuth, no quota.
const std::set<std::string, std::less<>> kIgnored = {
    "key", "quotaUser", "userIp", "oauth_token", "access_token", "$.xgafv", "upload_protocol",
    "uploadType"};

Result<bool> parse_bool(const std::string& name, const std::string& v) {
    std::string s = ascii_lower(v);
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    return bad_parameter(name, "must be true or false");
}

// --------------------------------------------------------------------- fields selector

class FieldParser {
  public:
    explicit FieldParser(const std::string& s) : s_(s) {}
    Result<FieldSelection> parse() {
        FieldSelection root;
        root.whole = false;
        if (!list(root) || pos_ != s_.size())
            return bad_parameter("fields", "invalid field selection near position " +
                                               std::to_string(pos_ + 1));
        return root;
    }

  private:
    static bool name_char(char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '*' || c == '-';
    }
    bool list(FieldSelection& into) {
        do {
            if (!item(into)) return false;
        } while (accept(','));
        return true;
    }
    // path ("/" path)* optionally followed by "(" list ")"
    bool item(FieldSelection& into) {
        FieldSelection* node = &into;
        do {
            std::string name;
            while (pos_ < s_.size() && name_char(s_[pos_]))
                name += s_[pos_++];
            if (name.empty()) return false;
            auto [it, fresh] = node->children.try_emplace(name);
            if (fresh) it->second.whole = false;
            node = &it->second;
        } while (accept('/'));
        if (accept('(')) {
            if (++depth_ > 8 || !list(*node) || !accept(')')) return false;
            --depth_;
        } else if (node->children.empty()) {
            node->whole = true;
        }
        return true;
    }
    bool accept(char c) {
        while (pos_ < s_.size() && s_[pos_] == ' ')
            ++pos_;
        if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
        return false;
    }
    const std::string& s_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

// Keeps only the selected members (Google's partial response); arrays apply the
// selection to each element.
void select_fields(Value& v, const FieldSelection& sel, Alloc& alloc) {
    if (sel.whole) return;
    if (v.IsArray()) {
        for (auto& e : v.GetArray())
            select_fields(e, sel, alloc);
        return;
    }
    if (!v.IsObject()) return;
    auto star = sel.children.find("*");
    Value out(rapidjson::kObjectType);
    for (auto& m : v.GetObject()) {
        auto it = sel.children.find(m.name.GetString());
        if (it == sel.children.end()) it = star;
        if (it == sel.children.end()) continue;
        select_fields(m.value, it->second, alloc);
        out.AddMember(m.name, m.value, alloc);
    }
    v = std::move(out);
}

// --------------------------------------------------------------------- building the body

Value str(const std::string& s, Alloc& a) {
    return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
}

// Google wrote party names in full ("Democratic Party").
std::string google_party(const std::string& p) {
    if (p == "Democratic" || p == "Republican" || p == "Libertarian" || p == "Green")
        return p + " Party";
    return p;
}

std::string channel_type(const std::string& kind) {
    if (kind == "twitter") return "Twitter";
    if (kind == "facebook") return "Facebook";
    if (kind == "youtube") return "YouTube";
    if (kind == "instagram") return "Instagram";
    if (kind.empty()) return kind;
    std::string t = kind;
    t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
}

Value address_value(const PostalAddress& p, Alloc& a) {
    Value v(rapidjson::kObjectType);
    auto add = [&](const char* k, const std::string& s) {
        if (!s.empty()) v.AddMember(rapidjson::StringRef(k), str(s, a), a);
    };
    add("line1", p.line1);
    add("line2", p.line2);
    add("line3", p.line3);
    add("city", p.city);
    add("state", p.state);
    add("zip", p.zip);
    return v;
}

Value string_array(const std::vector<std::string>& list, Alloc& a) {
    Value v(rapidjson::kArrayType);
    for (const auto& s : list)
        v.PushBack(str(s, a), a);
    return v;
}

Value official_value(const Official& o, Alloc& a) {
    Value v(rapidjson::kObjectType);
    v.AddMember("name", str(o.name.value_or(""), a), a);
    // The official's address first, then each office's (capitol, district), once each.
    std::vector<std::string> raw;
    if (o.address) raw.push_back(*o.address);
    for (const auto& off : o.offices)
        if (off.address && std::find(raw.begin(), raw.end(), *off.address) == raw.end())
            raw.push_back(*off.address);
    Value addresses(rapidjson::kArrayType);
    for (const auto& r : raw)
        if (auto p = parse_postal_address(r)) addresses.PushBack(address_value(*p, a), a);
    if (!addresses.Empty()) v.AddMember("address", addresses, a);
    if (o.party) v.AddMember("party", str(google_party(*o.party), a), a);
    std::vector<std::string> phones, urls, emails;
    if (o.phone) phones.push_back(*o.phone);
    for (const auto& off : o.offices)
        if (off.phone && std::find(phones.begin(), phones.end(), *off.phone) == phones.end())
            phones.push_back(*off.phone);
    for (const auto& u : {o.website, o.profile_url, o.contact_form})
        if (u && std::find(urls.begin(), urls.end(), *u) == urls.end()) urls.push_back(*u);
    if (o.email) emails.push_back(*o.email);
    if (!phones.empty()) v.AddMember("phones", string_array(phones, a), a);
    if (!urls.empty()) v.AddMember("urls", string_array(urls, a), a);
    if (o.photo_url) v.AddMember("photoUrl", str(*o.photo_url, a), a);
    if (!o.channels.empty()) {
        Value ch(rapidjson::kArrayType);
        for (const auto& c : o.channels) {
            Value x(rapidjson::kObjectType);
            x.AddMember("type", str(channel_type(c.kind), a), a);
            x.AddMember("id", str(c.id, a), a);
            ch.PushBack(x, a);
        }
        v.AddMember("channels", ch, a);
    }
    if (!emails.empty()) v.AddMember("emails", string_array(emails, a), a);
    return v;
}

// What both routes hand to the one renderer.
struct CivicData {
    std::optional<PostalAddress> normalized_input; // by address only
    std::vector<DivisionRef> divisions;
    std::vector<const Official*> officials; // vacancies left out: Google lists holders only
};

struct OfficeGroup {
    std::string name, division;
    CivicLevelRole lr;
    std::vector<std::size_t> officials; // indices into CivicData::officials
};

bool wanted(const OfficeGroup& o, const CivicRequest& r) {
    auto in = [](const std::vector<std::string>& list, const char* s) {
        return list.empty() || std::find(list.begin(), list.end(), s) != list.end();
    };
    return in(r.levels, o.lr.level) && in(r.roles, o.lr.role);
}

// One office per (division, title), in the order the officials come (by rank).
std::vector<OfficeGroup> group_offices(const CivicData& data) {
    std::vector<OfficeGroup> offices;
    for (std::size_t i = 0; i < data.officials.size(); ++i) {
        const Official& o = *data.officials[i];
        auto it = std::find_if(offices.begin(), offices.end(), [&](const OfficeGroup& x) {
            return x.division == o.division_id && x.name == o.title;
        });
        if (it == offices.end()) {
            offices.push_back({o.title, o.division_id, civic_level_role(o), {}});
            it = offices.end() - 1;
        }
        it->officials.push_back(i);
    }
    return offices;
}

// Sources of an office's holders: Google's Office.sources, with "official" false for
// machine-extracted, unverified records.
Value office_sources(const OfficeGroup& g, const CivicData& data, Alloc& a) {
    Value list(rapidjson::kArrayType);
    std::set<std::pair<std::string, bool>> seen;
    for (auto i : g.officials) {
        const Official& o = *data.officials[i];
        if (!seen.insert({o.source, o.verified}).second) continue;
        Value s(rapidjson::kObjectType);
        s.AddMember("name", str(o.source, a), a);
        s.AddMember("official", o.verified, a);
        list.PushBack(s, a);
    }
    return list;
}

void build(rapidjson::Document& doc, const CivicData& data, const CivicRequest& r) {
    auto& a = doc.GetAllocator();
    doc.SetObject();
    doc.AddMember("kind", "civicinfo#representativeInfoResponse", a);
    if (data.normalized_input) doc.AddMember("normalizedInput", address_value(*data.normalized_input, a), a);

    auto all = group_offices(data);
    bool filtered = !r.levels.empty() || !r.roles.empty();
    std::vector<const OfficeGroup*> offices;
    for (const auto& o : all)
        if (wanted(o, r)) offices.push_back(&o);

    Value divisions(rapidjson::kObjectType);
    for (const auto& d : data.divisions) {
        Value indices(rapidjson::kArrayType);
        for (std::size_t i = 0; i < offices.size(); ++i)
            if (offices[i]->division == d.ocd_id) indices.PushBack(static_cast<uint64_t>(i), a);
        if (filtered && indices.Empty()) continue; // "divisions without a matching office are not returned"
        Value div(rapidjson::kObjectType);
        div.AddMember("name", str(d.name, a), a);
        if (r.include_offices && !indices.Empty()) div.AddMember("officeIndices", indices, a);
        divisions.AddMember(str(d.ocd_id, a), div, a);
    }
    doc.AddMember("divisions", divisions, a);
    if (!r.include_offices) return;

    // Officials renumbered to those of the offices kept.
    std::vector<long> new_index(data.officials.size(), -1);
    Value office_list(rapidjson::kArrayType), people(rapidjson::kArrayType);
    for (const auto* o : offices) {
        Value v(rapidjson::kObjectType);
        v.AddMember("name", str(o->name, a), a);
        v.AddMember("divisionId", str(o->division, a), a);
        v.AddMember("levels", Value(rapidjson::kArrayType).PushBack(rapidjson::StringRef(o->lr.level), a), a);
        v.AddMember("roles", Value(rapidjson::kArrayType).PushBack(rapidjson::StringRef(o->lr.role), a), a);
        v.AddMember("sources", office_sources(*o, data, a), a);
        Value indices(rapidjson::kArrayType);
        for (auto i : o->officials) {
            if (new_index[i] < 0) {
                new_index[i] = static_cast<long>(people.Size());
                people.PushBack(official_value(*data.officials[i], a), a);
            }
            indices.PushBack(static_cast<int64_t>(new_index[i]), a);
        }
        v.AddMember("officialIndices", indices, a);
        office_list.PushBack(v, a);
    }
    doc.AddMember("offices", office_list, a);
    doc.AddMember("officials", people, a);
}

Value extension(const PlaceAnswer& p, Alloc& a) {
    Value ext(rapidjson::kObjectType);
    ext.AddMember("status", str(p.status, a), a);
    ext.AddMember("interpretedAs", str(p.query.interpreted_as, a), a);
    ext.AddMember("explanation", str(p.query.explanation, a), a);
    if (p.ambiguity) {
        Value amb(rapidjson::kObjectType);
        amb.AddMember("reason", str(p.ambiguity->reason, a), a);
        amb.AddMember("needs", string_array(p.ambiguity->needs, a), a);
        amb.AddMember("hint", str(p.ambiguity->hint, a), a);
        Value cands(rapidjson::kArrayType);
        for (const auto& c : p.ambiguity->candidates) {
            Value x(rapidjson::kObjectType);
            x.AddMember("chamber", str(c.chamber, a), a);
            x.AddMember("divisionId", str(c.district->ocd_id, a), a);
            x.AddMember("name", str(c.district->display_name, a), a);
            cands.PushBack(x, a);
        }
        amb.AddMember("candidates", cands, a);
        Value towns(rapidjson::kArrayType);
        for (const auto& t : p.ambiguity->municipalities)
            towns.PushBack(str(t.name, a), a);
        amb.AddMember("municipalities", towns, a);
        ext.AddMember("ambiguity", amb, a);
    } else {
        ext.AddMember("ambiguity", Value(), a);
    }
    ext.AddMember("missing", string_array(p.missing, a), a);
    ext.AddMember("dataAsOf", str(p.data_as_of, a), a);
    return ext;
}

CivicBody finish(rapidjson::Document& doc, const CivicRequest& r) {
    select_fields(doc, r.fields, doc.GetAllocator());
    rapidjson::StringBuffer buf;
    if (r.pretty) {
        rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
        w.SetIndent(' ', 2);
        doc.Accept(w);
    } else {
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        doc.Accept(w);
    }
    std::string json(buf.GetString(), buf.GetSize());
    if (r.callback.empty()) return {json + (r.pretty ? "\n" : ""), "application/json; charset=utf-8"};
    // JSONP; the comment keeps the body from starting with a name (content sniffing).
    return {"/**/ " + r.callback + "(" + json + ");", "text/javascript; charset=utf-8"};
}

} // namespace

CivicLevelRole civic_level_role(const Official& o) {
    static const std::map<std::string, CivicLevelRole, std::less<>> m = {
        {"us_senator", {"country", "legislatorUpperBody"}},
        {"us_representative", {"country", "legislatorLowerBody"}},
        {"governor", {"administrativeArea1", "headOfGovernment"}},
        {"lieutenant_governor", {"administrativeArea1", "deputyHeadOfGovernment"}},
        {"state_senator", {"administrativeArea1", "legislatorUpperBody"}},
        {"state_representative", {"administrativeArea1", "legislatorLowerBody"}},
        {"governors_councillor", {"administrativeArea1", "executiveCouncil"}},
        {"mayor", {"locality", "headOfGovernment"}},
        {"select_board_member", {"locality", "executiveCouncil"}},
        {"council_member", {"locality", "legislatorLowerBody"}}};
    auto it = m.find(o.office);
    if (it != m.end()) return it->second;
    if (o.level == "local") return {"locality", "governmentOfficer"};
    return {"administrativeArea1", "governmentOfficer"};
}

Result<CivicRequest> parse_civic_request(const CivicParams& params, bool by_division) {
    CivicRequest r;
    std::set<std::string> seen;
    for (const auto& [name, value] : params) {
        bool repeatable = name == "levels" || name == "roles";
        if (!repeatable && !seen.insert(name).second)
            return bad_parameter(name, "is given more than once");
        if (kIgnored.count(name)) continue;
        if (name == "alt") {
            if (value != "json") return bad_parameter("alt", "only alt=json is served");
        } else if (name == "fields") {
            auto f = FieldParser(value).parse();
            if (!f) return f.error();
            r.fields = *f;
        } else if (name == "prettyPrint") {
            auto b = parse_bool(name, value);
            if (!b) return b.error();
            r.pretty = *b;
        } else if (name == "callback") {
            bool ok = !value.empty() && value.size() <= 64 &&
                      !std::isdigit(static_cast<unsigned char>(value[0]));
            for (char c : value)
                ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
                            c == '.');
            if (!ok) return bad_parameter("callback", "must be a JavaScript name like handleReps");
            r.callback = value;
        } else if (name == "levels" || name == "roles") {
            const auto& vocab = name == "levels" ? kLevels : kRoles;
            auto& list = name == "levels" ? r.levels : r.roles;
            for (const auto& v : split(value, ',')) { // repeated, or comma separated
                auto t = trim(v);
                if (!vocab.count(t)) return bad_parameter(name, "unknown value '" + t + "'");
                list.push_back(t);
            }
        } else if (name == "address" && !by_division) {
            r.address = value;
        } else if (name == "includeOffices" && !by_division) {
            auto b = parse_bool(name, value);
            if (!b) return b.error();
            r.include_offices = *b;
        } else if (name == "recursive" && by_division) {
            auto b = parse_bool(name, value);
            if (!b) return b.error();
            r.recursive = *b;
        } else {
            return bad_parameter(name, std::string("is not a parameter of this method (it takes ") +
                                           (by_division ? "recursive" : "address, includeOffices") +
                                           ", levels, roles and Google's standard parameters)");
        }
    }
    if (!by_division && (!r.address || trim(*r.address).empty()))
        return bad_parameter("address", "is required");
    return r;
}

CivicBody render_civicinfo(const PlaceAnswer& p, const CivicRequest& r) {
    CivicData data;
    PostalAddress in;
    in.city = p.municipality ? p.municipality->name : "";
    in.state = "MA";
    in.zip = p.zip.value_or("");
    data.normalized_input = in;
    data.divisions.push_back({"ocd-division/country:us", "United States"});
    data.divisions.push_back({"ocd-division/country:us/state:ma", "Massachusetts"});
    if (p.municipality && !p.municipality->county.empty())
        data.divisions.push_back(
            {ocd_county_id(p.municipality->county), p.municipality->county + " County"});
    for (const auto* d : p.districts)
        data.divisions.push_back({d->ocd_id, d->display_name});
    if (p.municipality) data.divisions.push_back({p.municipality->ocd_id, p.municipality->name});
    for (const auto* group : {&p.officials.federal, &p.officials.state, &p.officials.local})
        for (const auto& o : *group)
            if (!o->vacant) data.officials.push_back(o.record);
    rapidjson::Document doc;
    build(doc, data, r);
    doc.AddMember("masscivic", extension(p, doc.GetAllocator()), doc.GetAllocator());
    return finish(doc, r);
}

CivicBody render_civicinfo(const DivisionAnswer& d, const CivicRequest& r) {
    CivicData data;
    data.divisions = d.divisions;
    for (const auto& o : d.officials)
        data.officials.push_back(o.record);
    rapidjson::Document doc;
    build(doc, data, r);
    auto& a = doc.GetAllocator();
    Value ext(rapidjson::kObjectType);
    ext.AddMember("dataAsOf", str(d.data_as_of, a), a);
    doc.AddMember("masscivic", ext, a);
    return finish(doc, r);
}

std::string render_google_error(const Error& e) {
    struct GoogleCode {
        ErrorCode code;
        const char* reason;
        const char* status;
    };
    static const GoogleCode table[] = {
        {ErrorCode::BadParameter, "invalidParameter", "INVALID_ARGUMENT"},
        {ErrorCode::NotFound, "notFound", "NOT_FOUND"},
        {ErrorCode::Forbidden, "forbidden", "PERMISSION_DENIED"},
        {ErrorCode::MethodNotAllowed, "httpMethodNotAllowed", "INVALID_ARGUMENT"},
        {ErrorCode::PayloadTooLarge, "badRequest", "INVALID_ARGUMENT"},
        {ErrorCode::UriTooLong, "badRequest", "INVALID_ARGUMENT"},
        {ErrorCode::HeadersTooLarge, "badRequest", "INVALID_ARGUMENT"},
        {ErrorCode::RateLimited, "rateLimitExceeded", "RESOURCE_EXHAUSTED"},
        {ErrorCode::Internal, "backendError", "INTERNAL"},
        {ErrorCode::NoDatabase, "backendError", "UNAVAILABLE"},
    };
    const GoogleCode* g = &table[8]; // backendError
    for (const auto& t : table)
        if (t.code == e.code) g = &t;
    std::string reason = g->reason;
    // "address: is required" -> reason "required", location "address".
    std::string location;
    if (e.code == ErrorCode::BadParameter) {
        auto colon = e.message.find(':');
        if (colon != std::string::npos && e.message.find(' ') > colon)
            location = e.message.substr(0, colon);
        if (!location.empty() && e.message == location + ": is required") reason = "required";
    }
    rapidjson::Document doc;
    auto& a = doc.GetAllocator();
    doc.SetObject();
    Value err(rapidjson::kObjectType);
    err.AddMember("code", error_info(e.code).http_status, a);
    err.AddMember("message", str(e.message, a), a);
    Value item(rapidjson::kObjectType);
    item.AddMember("message", str(e.message, a), a);
    item.AddMember("domain", "global", a);
    item.AddMember("reason", str(reason, a), a);
    if (!location.empty()) {
        item.AddMember("location", str(location, a), a);
        item.AddMember("locationType", "parameter", a);
    }
    Value errors(rapidjson::kArrayType);
    errors.PushBack(item, a);
    err.AddMember("errors", errors, a);
    err.AddMember("status", rapidjson::StringRef(g->status), a);
    doc.AddMember("error", err, a);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    doc.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
}

} // namespace masscivic::server
