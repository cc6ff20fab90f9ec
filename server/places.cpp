// /v1/municipalities, /v1/municipalities/{name} and /v1/districts/{ocd_id}.
#include "lookup.hpp"

#include "answer.hpp"
#include "civics_text.hpp"
#include "local_actions.hpp"
#include "lookup_data.hpp"
#include "resolve.hpp"
#include "text.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace masscivic::server {

Result<std::vector<MunicipalitySummary>> Lookup::municipalities(const MunicipalityFilter& f) const {
    auto key = [](const Text& t) { return t ? name_key(*t) : std::string(); };
    std::string county = key(f.county);
    if (county.size() > 7 && county.compare(county.size() - 7, 7, " county") == 0)
        county.resize(county.size() - 7);
    std::string body = key(f.legislative_body);
    std::string form = key(f.form_of_government);
    if (f.county && county.empty()) return bad_parameter("county", "is empty");
    if (f.legislative_body) {
        static const std::set<std::string> bodies = {"open town meeting",
                                                     "representative town meeting", "city council",
                                                     "town council", "municipal council"};
        std::string b = body;
        std::replace(b.begin(), b.end(), '_', ' ');
        if (!bodies.count(b))
            return bad_parameter(
                "legislative_body",
                "must be one of Open Town Meeting, "
                "Representative Town Meeting, City Council, Town Council, Municipal Council");
        body = b;
    }
    std::vector<MunicipalitySummary> out;
    for (const auto& m : d_->towns) {
        if (!county.empty() && name_key(m.county) != county) continue;
        if (!body.empty() && name_key(m.legislative_body) != body) continue;
        if (f.form_of_government && name_key(m.form_of_government).find(form) == std::string::npos)
            continue;
        out.push_back(
            {m.name, m.geoid, m.kind, m.county, m.legislative_body, m.form_of_government});
    }
    return out;
}

Result<MunicipalityDetail> Lookup::municipality(std::string_view name) const {
    auto m = one_town(*d_, name, "name");
    if (!m) return m.error();
    MunicipalityDetail out;
    out.municipality = **m;
    out.how_local_laws_pass = how_local_laws_pass(**m);
    out.how_to_petition = how_to_petition(**m);
    add_local(*d_, **m, out.officials, out.missing);
    std::stable_sort(out.officials.begin(), out.officials.end(), listed_before);
    out.districts = town_districts(*d_, **m);
    out.local_actions = town_local_actions(*d_, (*m)->geoid, {});
    out.local_actions_note = local_actions_caveat(*m);
    out.data_as_of = d_->as_of;
    return out;
}

Result<DistrictDetail> Lookup::district(std::string_view ocd_id) const {
    if (ocd_id.rfind("ocd-division/", 0) != 0 || ocd_id.size() > 200 || first_invalid_utf8(ocd_id))
        return bad_parameter("ocd_id", "must be an OCD division id like "
                                       "ocd-division/country:us/state:ma/sldl:25th_middlesex");
    const auto* dist = d_->find_district(std::string(ocd_id));
    if (!dist) return not_found("No district " + std::string(ocd_id) + " in our data.");
    DistrictDetail out;
    out.district = *dist;
    out.officials = division_officials(*d_, dist->ocd_id);
    int c = 0;
    while (c < kChamberCount && dist->chamber != kChamberCodes[c])
        ++c;
    std::map<std::string, TownPrecincts> towns; // by name
    for (const auto& p : d_->precincts) {
        if (c == kChamberCount || p.district[c] != dist->ocd_id) continue;
        const auto& m = d_->town(p.geoid);
        auto& t = towns[m.name];
        t.name = m.name;
        t.geoid = m.geoid;
        t.precincts.push_back({p.ward, p.precinct, std::nullopt});
    }
    for (auto& [name, t] : towns)
        out.municipalities.push_back(std::move(t));
    out.data_as_of = d_->as_of;
    return out;
}

} // namespace masscivic::server
