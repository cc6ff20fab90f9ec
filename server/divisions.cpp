// Lookup::division: representatives by OCD division id, for Google's
// representativeInfoByDivision. Every division we can name is listed: the country, the
// state, its counties (named by the towns' county), the districts and the towns.
#include "lookup.hpp"
#include "lookup_data.hpp"

#include "text.hpp"

#include <algorithm>
#include <set>

namespace masscivic::server {

namespace {

constexpr const char* kCountry = "ocd-division/country:us";
constexpr const char* kState = "ocd-division/country:us/state:ma";

std::vector<DivisionRef> known_divisions(const Lookup::Data& d) {
    std::vector<DivisionRef> out = {{kCountry, "United States"}, {kState, "Massachusetts"}};
    std::set<std::string> counties;
    for (const auto& m : d.towns)
        if (!m.county.empty()) counties.insert(m.county);
    for (const auto& c : counties)
        out.push_back({ocd_county_id(c), c + " County"});
    std::vector<DivisionRef> districts;
    for (const auto& [id, dist] : d.districts)
        districts.push_back({id, dist.display_name});
    std::sort(districts.begin(), districts.end(),
              [](const DivisionRef& a, const DivisionRef& b) { return a.ocd_id < b.ocd_id; });
    out.insert(out.end(), districts.begin(), districts.end());
    for (const auto& m : d.towns)
        out.push_back({m.ocd_id, m.name});
    return out;
}

bool is_within(const std::string& id, const std::string& parent) {
    return id.size() > parent.size() && id.compare(0, parent.size(), parent) == 0 &&
           id[parent.size()] == '/';
}

} // namespace

// OCD: lower case, spaces as underscores.
std::string ocd_county_id(const std::string& county) {
    std::string slug = ascii_lower(county);
    for (char& c : slug)
        if (c == ' ') c = '_';
    return std::string(kState) + "/county:" + slug;
}

Result<DivisionAnswer> Lookup::division(std::string_view ocd_id, bool recursive) const {
    if (ocd_id.rfind("ocd-division/", 0) != 0 || ocd_id.size() > 200 || first_invalid_utf8(ocd_id))
        return bad_parameter("ocd_id", "must be an OCD division id like "
                                       "ocd-division/country:us/state:ma/sldl:25th_middlesex");
    std::string asked(ocd_id);
    DivisionAnswer out;
    for (auto& div : known_divisions(*d_)) {
        if (div.ocd_id == asked)
            out.divisions.insert(out.divisions.begin(), std::move(div));
        else if (recursive && is_within(div.ocd_id, asked))
            out.divisions.push_back(std::move(div));
    }
    if (out.divisions.empty() || out.divisions.front().ocd_id != asked)
        return not_found("No division " + asked + " in our data (Massachusetts only).");
    for (const auto& div : out.divisions)
        if (auto it = d_->officials_by_division.find(div.ocd_id);
            it != d_->officials_by_division.end())
            for (auto i : it->second)
                out.officials.emplace_back(d_->officials[i].get());
    out.data_as_of = d_->as_of;
    return out;
}

} // namespace masscivic::server
