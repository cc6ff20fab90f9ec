// Place -> districts and officials (see answer.hpp).
#include "answer.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace masscivic::server {

namespace {

int office_rank(const std::string& office) {
    static const std::map<std::string, int, std::less<>> ranks = {
        {"us_senator", 0},
        {"us_representative", 1},
        {"governor", 10},
        {"lieutenant_governor", 11},
        {"secretary_of_the_commonwealth", 12},
        {"attorney_general", 13},
        {"treasurer", 14},
        {"auditor", 15},
        {"governors_councillor", 16},
        {"state_senator", 17},
        {"state_representative", 18},
        {"mayor", 20},
        {"select_board_member", 21},
        {"council_member", 22},
        {"town_clerk", 23},
        {"other_local", 24}};
    auto it = ranks.find(office);
    return it == ranks.end() ? 30 : it->second;
}

void add_official(OfficialGroups& groups, const ListedOfficial& o) {
    if (o->level == "federal")
        groups.federal.push_back(o);
    else if (o->level == "local")
        groups.local.push_back(o);
    else
        groups.state.push_back(o);
}

// Statewide officers rank first in their groups (U.S. senators before the district's
// representative, the governor before the councillor), so they go in front: the groups are
// then usually in listing order already and need no sort.
void add_statewide_officials(const Data& d, PlaceAnswer& a) {
    OfficialGroups statewide = d.statewide;
    for (auto [front, group] : {std::pair{&statewide.federal, &a.officials.federal},
                                {&statewide.state, &a.officials.state},
                                {&statewide.local, &a.officials.local}}) {
        front->insert(front->end(), std::make_move_iterator(group->begin()),
                      std::make_move_iterator(group->end()));
        *group = std::move(*front);
    }
}

std::string clerk_contact(const Municipality& m) {
    if (!m.clerk) return "";
    std::vector<std::string> parts;
    for (const auto& f : {m.clerk->phone, m.clerk->email, m.clerk->address})
        if (f) parts.push_back(*f);
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

void sort_groups(OfficialGroups& g) {
    for (auto* v : {&g.federal, &g.state, &g.local})
        if (!std::is_sorted(v->begin(), v->end(), listed_before))
            std::stable_sort(v->begin(), v->end(), listed_before);
}

} // namespace

OfficialGroups statewide_groups(const Data& d) {
    OfficialGroups g;
    for (const auto& o : division_officials(d, kStateDivision))
        add_official(g, o);
    return g;
}

bool official_before(const Official& a, const Official& b) {
    int ra = office_rank(a.office), rb = office_rank(b.office);
    if (ra != rb) return ra < rb;
    // Namesakes (one person's seats on two school committees) by record id.
    if (a.name != b.name) return a.name.value_or("") < b.name.value_or("");
    return a.id < b.id;
}

bool listed_before(const ListedOfficial& a, const ListedOfficial& b) {
    if (a->listing_order != b->listing_order) return a->listing_order < b->listing_order;
    return a->listing_order < 0 && official_before(*a, *b);
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += (i + 1 == names.size()) ? " and " : ", ";
        out += names[i];
    }
    return out;
}

std::string precinct_label(const Text& ward, const std::string& precinct) {
    return ward ? "Ward " + *ward + " Precinct " + precinct : "Precinct " + precinct;
}

void name_precinct(const Data& d, const Municipality& m, const std::vector<LatLon>& points,
                   PlaceAnswer& a) {
    // Same tolerance as the district layers: the City's polygons leave slivers too.
    constexpr double kGapToleranceMetres = 30.0;
    if (points.empty() || !m.has_precinct_map) return;
    std::optional<std::string> polygon;
    for (const auto& p : points) {
        auto hit = d.geo->locate("precinct", p.lat, p.lon, kGapToleranceMetres);
        if (!hit || (polygon && *polygon != hit->id)) return;
        polygon = hit->id;
    }
    // "<GEOID>:<ward>-<precinct>" (importers/raw/precinct_polygons.cpp).
    auto colon = polygon->find(':');
    if (colon == std::string::npos || polygon->substr(0, colon) != m.geoid) return;
    auto key = polygon->substr(colon + 1);
    auto dash = key.find('-');
    Text ward = dash == std::string::npos ? Text() : Text(key.substr(0, dash));
    auto precinct = dash == std::string::npos ? key : key.substr(dash + 1);
    const Data::Precinct* row = nullptr;
    for (auto i : town_precincts(d, m.geoid))
        if (d.precincts[i].ward == ward && d.precincts[i].precinct == precinct) row = &d.precincts[i];
    if (!row) return;
    std::map<std::string, std::string> given;  // chamber -> OCD id
    for (const auto* dist : a.districts) given[dist->chamber] = dist->ocd_id;
    if (given.size() != kChamberCount) return;  // a district is missing: nothing to compare
    bool same = true;
    for (int c = 0; c < kChamberCount && same; ++c) {
        auto it = given.find(kChamberCodes[c]);
        same = it != given.end() && it->second == row->district[c];
    }
    const auto label = precinct_label(ward, precinct);
    if (!same) {
        a.query.explanation += " On " + m.name + "'s precinct map it is in " + label +
                               ", but that precinct is listed in other districts: it lies near a "
                               "precinct line, so we name no precinct.";
        return;
    }
    a.ward = ward;
    a.precinct = precinct;
    a.query.explanation += " It is in " + label + " (" + m.name + "'s 2021 precinct map";
    if (row->sub)
        a.query.explanation += "; sub-precinct " + precinct + " is the part of Precinct " +
                               precinct.substr(0, precinct.find_first_not_of("0123456789")) +
                               " that lies in other districts";
    a.query.explanation += ").";
}

const std::vector<std::size_t>& town_precincts(const Data& d, const std::string& geoid) {
    static const std::vector<std::size_t> none;
    auto it = d.precincts_by_town.find(geoid);
    return it == d.precincts_by_town.end() ? none : it->second;
}

OfficialList division_officials(const Data& d, const std::string& division) {
    OfficialList out;
    auto people = d.officials_by_division.find(division);
    auto vacant = d.vacancies.find(division);
    out.reserve((people == d.officials_by_division.end() ? 0 : people->second.size()) +
                (vacant == d.vacancies.end() ? 0 : vacant->second.size()));
    if (people != d.officials_by_division.end())
        for (auto i : people->second)
            out.emplace_back(d.officials[i].get());  // in listing order already
    if (vacant == d.vacancies.end()) return out;
    for (const auto& v : vacant->second)
        out.emplace_back(v.get());
    std::stable_sort(out.begin(), out.end(), listed_before);
    return out;
}

void add_district_officials(const Data& d, const District& dist, PlaceAnswer& a) {
    auto list = division_officials(d, dist.ocd_id);
    if (list.empty())
        a.missing.push_back("We have no current member or vacancy on record for the " +
                            dist.display_name + ".");
    for (const auto& o : list)
        add_official(a.officials, o);
}

LocalRoster local_roster(const Data& d, const Municipality& m) {
    LocalRoster r;
    auto& out = r.officials;
    auto& missing = r.missing;
    bool unverified = false;
    if (auto it = d.officials_by_town.find(m.geoid); it != d.officials_by_town.end())
        for (auto i : it->second) {
            out.emplace_back(d.officials[i].get());
            unverified = unverified || !d.officials[i]->verified;
        }
    std::string clerk = "the " + m.kind + " clerk";
    if (out.empty()) {
        std::string contact = clerk_contact(m);
        std::string body = m.policy_board.value_or(m.legislative_body);
        missing.push_back(
            "We don't have " + m.name + "'s " + body + " members yet; " +
            (contact.empty() ? clerk + " can help." : clerk + " can help: " + contact + "."));
    }
    if (unverified)
        missing.push_back("Some of " + m.name +
                          "'s local officials here were extracted automatically and not yet "
                          "checked (verified: false); please confirm with " +
                          clerk + ".");
    if (!m.clerk)
        missing.push_back("We don't have contact details for " + m.name + "'s " + m.kind +
                          " clerk.");
    return r;
}

void add_local(const Data& d, const Municipality& m, OfficialList& out,
               std::vector<std::string>& missing) {
    auto append = [&](const LocalRoster& r) {
        out.insert(out.end(), r.officials.begin(), r.officials.end());
        missing.insert(missing.end(), r.missing.begin(), r.missing.end());
    };
    if (auto it = d.local_rosters.find(m.geoid); it != d.local_rosters.end())
        append(it->second);
    else
        append(local_roster(d, m));  // a town added after the load (none today)
}

// Fills districts, officials and ambiguity from the precincts an answer covers.
void fill_from_precincts(const Data& d, const std::vector<std::size_t>& pcts, bool multi_town,
                         PlaceAnswer& a) {
    if (pcts.empty()) {
        // Never answer "exact" with no districts: say what we lack and what would help.
        a.ambiguity.emplace();
        a.ambiguity->reason = "We have no precinct list for this place, so we can't tell its "
                              "districts from the name alone.";
        a.ambiguity->hint = "Share your location (latitude and longitude) instead.";
        a.missing.push_back("No precinct list for this place in our data.");
        return;
    }
    std::vector<std::string> split_chambers;
    for (int c = 0; c < kChamberCount; ++c) {
        const auto& first = d.precincts[pcts.front()].district[c];
        if (std::all_of(pcts.begin(), pcts.end(),
                        [&](std::size_t i) { return d.precincts[i].district[c] == first; })) {
            if (const auto* dist = d.find_district(first)) {  // the whole place is in one district
                a.districts.push_back(dist);
                add_district_officials(d, *dist, a);
            }
            continue;
        }
        std::map<std::string, std::vector<PrecinctRef>> by_district;
        for (auto i : pcts) {
            const auto& p = d.precincts[i];
            Text town = multi_town ? Text(d.town(p.geoid).name) : std::nullopt;
            by_district[p.district[c]].push_back({p.ward, p.precinct, town});
        }
        split_chambers.push_back(std::to_string(by_district.size()) + " " + kChamberWords[c] +
                                 " districts");
        if (!a.ambiguity) a.ambiguity.emplace();
        for (auto& [id, refs] : by_district) {
            const auto* dist = d.find_district(id);
            if (!dist) continue;
            a.ambiguity->candidates.push_back(
                {kChamberCodes[c], dist, std::move(refs), division_officials(d, id)});
        }
    }
    if (!split_chambers.empty()) {
        std::string where = a.municipality ? a.municipality->name : "This area";
        if (a.zip && !a.municipality) where = "ZIP " + *a.zip;
        a.ambiguity->reason = where + " is split across " + join_names(split_chambers) + ".";
    }
}

// "ocd-division/.../place:newton/ward:4" -> "4"; "" for other divisions.
std::string seat_ward(const Text& seat_division) {
    static const std::string marker = "/ward:";
    if (!seat_division) return "";
    auto at = seat_division->rfind(marker);
    return at == std::string::npos ? "" : seat_division->substr(at + marker.size());
}

bool at_large(const Official& o) {
    return o.seat && (o.seat->find("At-Large") != std::string::npos ||
                      o.seat->find("At Large") != std::string::npos);
}

// Local seats by ward or district. With a known ward: that ward's councillor (and other
// ward-elected members) are "your_ward", other wards' are dropped, at-large members stay
// ("at_large"). Council districts we cannot place (Boston's are drawn from precincts we do
// not hold) are all listed, and the answer says why.
void focus_local_seats(PlaceAnswer& a) {
    if (!a.municipality) return;
    const auto& town = a.municipality->name;
    auto& local = a.officials.local;
    bool ward_seats = false;
    std::size_t districts = 0;
    std::vector<std::string> yours;
    OfficialList kept;
    for (auto& o : local) {
        auto ward = seat_ward(o->seat_division_id);
        if (o->office == "council_member" && o->seat && o->seat->rfind("District ", 0) == 0)
            ++districts;
        if (!ward.empty()) {
            ward_seats = true;
            if (a.ward && ward != *a.ward) continue;
            if (a.ward) {
                o.seat_relation = "your_ward";
                if (o->office == "council_member") yours.push_back(o->name.value_or(""));
            }
        } else if (a.ward && at_large(*o)) {
            o.seat_relation = "at_large";
        }
        kept.push_back(std::move(o));
    }
    local = std::move(kept);
    if (a.ward && !yours.empty())
        a.missing.push_back("Your ward councillor (Ward " + *a.ward + "): " + join_names(yours) +
                            ". At-large members of the " + a.municipality->legislative_body +
                            " are elected citywide and represent every ward.");
    else if (ward_seats && !a.ward)
        a.missing.push_back(town + " elects councillors by ward: give your ward (printed on your "
                            "voter registration) to see which one is yours.");
    if (districts > 0)
        a.missing.push_back(town + "'s " + a.municipality->legislative_body + " has " +
                            std::to_string(districts) + " district seats, and we don't have the "
                            "map of which wards and precincts form each district, so every "
                            "district councillor is listed; the city's election office can tell "
                            "you yours.");
}

void finish_officials(PlaceAnswer& a, const Data& d) {
    focus_local_seats(a);
    add_statewide_officials(d, a);
    sort_groups(a.officials);
}

void finish(PlaceAnswer& a, const Data& d) {
    finish_officials(a, d);
    settle_status(a, d);
}

void settle_status(PlaceAnswer& a, const Data& d) {
    a.data_as_of = d.as_of;
    if (a.ambiguity) {
        a.status = "ambiguous";
        auto& needs = a.ambiguity->needs;
        if (!a.ambiguity->municipalities.empty()) needs.push_back("town");
        if (!a.ambiguity->candidates.empty()) needs.push_back("ward_precinct");
        needs.push_back("location");
        if (a.ambiguity->hint.empty())
            a.ambiguity->hint =
                "Your ward and precinct are printed on your voter registration (the town clerk "
                "or the state's voter lookup can tell you); sharing your location also works.";
    } else if (a.status.empty()) {
        a.status = "exact";
    }
}

PlaceAnswer town_answer(const Data& d, const Municipality& m,
                        const std::vector<std::size_t>& pcts) {
    PlaceAnswer a;
    a.municipality = &m;
    fill_from_precincts(d, pcts, false, a);
    add_local(d, m, a.officials.local, a.missing);
    return a;
}

PlaceAnswer multi_town_answer(const Data& d, const std::vector<TownChoice>& choices,
                              const std::string& reason) {
    PlaceAnswer a;
    std::vector<std::size_t> pcts;
    for (const auto& c : choices) {
        auto list = town_precincts(d, c.geoid);
        pcts.insert(pcts.end(), list.begin(), list.end());
    }
    fill_from_precincts(d, pcts, true, a);
    if (!a.ambiguity) a.ambiguity.emplace();
    a.ambiguity->municipalities = choices;
    a.ambiguity->reason = reason + (a.ambiguity->reason.empty() ? "" : " " + a.ambiguity->reason);
    a.missing.push_back("Local officials depend on which town you are in.");
    return a;
}

std::vector<DistrictWithPrecincts> town_districts(const Data& d, const Municipality& m) {
    std::vector<DistrictWithPrecincts> out;
    for (int c = 0; c < kChamberCount; ++c) {
        std::map<std::string, std::vector<PrecinctRef>> by;
        for (auto i : town_precincts(d, m.geoid)) {
            const auto& p = d.precincts[i];
            by[p.district[c]].push_back({p.ward, p.precinct, std::nullopt});
        }
        for (auto& [id, refs] : by)
            if (const auto* dist = d.find_district(id)) out.push_back({*dist, std::move(refs)});
    }
    return out;
}

} // namespace masscivic::server
