// /v1/officials: full-text search and filters over every official we hold.
#include "lookup.hpp"

#include "answer.hpp"
#include "lookup_data.hpp"
#include "resolve.hpp"
#include "text.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>

namespace masscivic::server {

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
        if (!std::all_of(filters.begin(), filters.end(), [&](const auto& f) { return f(*o); }))
            continue;
        if (out.total >= skip && out.total < skip + *per_page) out.officials.emplace_back(o.get());
        ++out.total;
    }
    return out;
}

} // namespace masscivic::server
