// Street address -> place (see resolve.hpp). The geocoder (geocode/) parses the text and
// finds the street among the MassGIS parcel address runs of the town; the number is then
// placed exactly, by interpolation, or left ambiguous between the district sets it may be
// in. Where we have no address data (Boston and five small towns), or the street is not in
// it, the answer is for the town as a whole and says so. Never a silent guess.
#include "resolve.hpp"

#include "address.hpp"
#include "answer.hpp"
#include "street.hpp"
#include "text.hpp"

#include <algorithm>
#include <set>

namespace masscivic::server {

namespace {

using geocode::Placement;
using geocode::StreetMatch;

std::string parcel_note(int fiscal_year) {
    return "Parcel data of fiscal year " + std::to_string(fiscal_year) +
           " (MassGIS Level 3 assessors' parcels); newer addresses may be missing.";
}

std::string normalized(const geocode::ParsedAddress& pa, const std::string& street, const Municipality* m,
                       const std::string& zip) {
    std::string out = pa.number.text + " " + street;
    if (m) out += ", " + m->name + ", MA";
    if (!zip.empty()) out += (m ? " " : ", MA ") + zip;
    return out;
}

// Towns the address may be in: its town words (a town, village or postal name), else its
// ZIP; both given, the towns they share (or the town's, when the ZIP is wrong).
// `named`: the town words' match_name.
std::vector<std::string> candidate_towns(const Data& d, const geocode::ParsedAddress& pa, const NameMatch& named) {
    std::vector<std::string> by_name, by_zip;
    for (const auto& p : named.places) by_name.push_back(p.geoid);
    if (!pa.zip.empty())
        if (auto it = d.zips.find(pa.zip); it != d.zips.end())
            for (const auto& z : it->second) by_zip.push_back(z.geoid);
    if (by_name.empty()) return by_zip;
    if (by_zip.empty()) return by_name;
    std::vector<std::string> both;
    for (const auto& g : by_name)
        if (std::find(by_zip.begin(), by_zip.end(), g) != by_zip.end()) both.push_back(g);
    return both.empty() ? by_name : both;
}

bool street_found(const StreetMatch& m) {
    return m.kind == StreetMatch::Kind::Exact || m.kind == StreetMatch::Kind::SameName;
}

// The town answer an address falls back to, marked as such.
PlaceAnswer town_fallback(const Data& d, const Municipality& m, const std::string& explanation) {
    auto a = town_answer(d, m, town_precincts(d, m.geoid));
    a.query.interpreted_as = "address";
    a.query.explanation = explanation;
    finish(a, d);
    return a;
}

PlaceAnswer uncovered(const Data& d, const Municipality& m, const geocode::ParsedAddress& pa) {
    auto a = town_fallback(
        d, m,
        "We can't place street addresses in " + m.name +
            " yet: our parcel address data does not cover it. This answer is for " + m.name +
            " as a whole; share your location, or give your ward and precinct (on your voter "
            "registration), to get your exact districts.");
    a.address = AddressMatch{"town", normalized(pa, geocode::display_street(pa.street_name.key), &m, pa.zip),
                             std::nullopt, std::nullopt,
                             "MassGIS Level 3 parcel address points do not cover " + m.name + ".", false, {}};
    return a;
}

PlaceAnswer street_not_placed(const Data& d, const Municipality& m, const geocode::ParsedAddress& pa,
                              const StreetMatch& match) {
    std::string typed = geocode::display_street(pa.street_name.key);
    std::vector<std::string> names;
    for (const auto* s : match.suggestions) names.push_back(s->display);
    std::string explanation = "We couldn't find " + typed + " in " + m.name + "'s parcel address data";
    explanation += names.empty() ? "." : "; did you mean " + names.front() + "?";
    explanation += " Until the street is clear, this answer is for " + m.name + " as a whole.";
    auto a = town_fallback(d, m, explanation);
    if (!names.empty()) a.status = "suggestions";
    int year = match.suggestions.empty() ? 0 : match.suggestions.front()->fiscal_year;
    a.address = AddressMatch{"town", normalized(pa, typed, &m, pa.zip), std::nullopt, std::nullopt,
                             year ? parcel_note(year) : "MassGIS Level 3 parcel address points.", true, names};
    return a;
}

// Districts of one set, with their members.
void add_set_districts(const Data& d, const geocode::DistrictSet& set, PlaceAnswer& a) {
    for (const auto& id : {set.congress, set.governors_council, set.senate, set.house}) {
        const auto* dist = d.find_district(id);
        if (!dist) {
            a.missing.push_back("District " + id + " is not in our data.");
            continue;
        }
        a.districts.push_back(dist);
        add_district_officials(d, *dist, a);
    }
}

std::array<std::string, kChamberCount> by_chamber(const geocode::DistrictSet& s) {
    std::array<std::string, kChamberCount> out;
    out[kCongress] = s.congress;
    out[kGovernorsCouncil] = s.governors_council;
    out[kSenate] = s.senate;
    out[kHouse] = s.house;
    return out;
}

// Between runs of different district sets: the candidates, with the precincts of the town
// in each (the ward and precinct decide), or all of the town's when none match.
PlaceAnswer ambiguous_number(const Data& d, const Municipality& m, const Placement& p) {
    std::vector<std::array<std::string, kChamberCount>> sets;
    for (auto id : p.candidates)
        if (const auto* s = d.addresses.set(id)) sets.push_back(by_chamber(*s));
    std::vector<std::size_t> pcts;
    for (auto i : town_precincts(d, m.geoid))
        if (std::find(sets.begin(), sets.end(), d.precincts[i].district) != sets.end()) pcts.push_back(i);
    if (pcts.empty()) pcts = town_precincts(d, m.geoid);
    PlaceAnswer a = town_answer(d, m, pcts);
    return a;
}

// The points of the runs around a placed number (all must lie in one precinct polygon).
std::vector<LatLon> precinct_witnesses(const geocode::StreetRuns& street, long number) {
    std::vector<LatLon> out;
    for (const auto* r : geocode::runs_around(street, number)) out.push_back({r->lat, r->lon});
    return out;
}

// An address in one district set of a town: its districts, their members and the town's.
PlaceAnswer in_set(const Data& d, const Municipality& m, const geocode::DistrictSet& set) {
    PlaceAnswer a;
    a.municipality = &m;
    add_set_districts(d, set, a);
    add_local(d, m, a.officials.local, a.missing);
    return a;
}

// The set's part of the answer: finished at load (Data::set_answers), or built now where the
// precinct is named per address, which changes which local seats are listed.
PlaceAnswer in_set(const Data& d, const Municipality& m, const geocode::Street& street, long number,
                   geocode::SetId id, const geocode::DistrictSet& set) {
    if (const auto* ready = d.find_set_answer(m, id)) {
        PlaceAnswer a;
        a.municipality = &m;
        a.districts = ready->districts;
        a.officials = ready->officials;
        a.missing = ready->missing;
        return a;
    }
    auto a = in_set(d, m, set);
    name_precinct(d, m, precinct_witnesses(street.runs, number), a);
    finish_officials(a, d);
    return a;
}

Result<PlaceAnswer> place(const Data& d, const Municipality& m, const geocode::ParsedAddress& pa,
                          const geocode::Street& street) {
    auto p = geocode::place_number(street.runs, pa.number.low);
    std::string shown = normalized(pa, street.display, &m, pa.zip);
    AddressMatch am{"address_point", shown, p.lat, p.lon, parcel_note(street.fiscal_year), true, {}};
    if (p.lat == 0 && p.lon == 0) am.lat = am.lon = std::nullopt;
    PlaceAnswer a;
    if (p.kind == Placement::Kind::Ambiguous) {
        a = ambiguous_number(d, m, p);
        am.match = "street";
        if (a.ambiguity)
            a.ambiguity->reason = "Number " + pa.number.text + " of " + street.display + " lies near a district "
                                  "boundary, between parcels in different districts (" + a.ambiguity->reason + ")";
        a.query.explanation = "We found " + street.display + " in " + m.name + ", but can't tell from the "
                              "parcel data which side of a district boundary number " + pa.number.text +
                              " is on. Your ward and precinct, or your location, decide it.";
    } else {
        const auto* set = d.addresses.set(p.set);
        if (!set) return Error{ErrorCode::Internal, "address district set missing"};
        a = in_set(d, m, street, pa.number.low, p.set, *set);
        // In front of what name_precinct said about the precinct, if anything.
        a.query.explanation.insert(
            0, p.kind == Placement::Kind::AddressPoint
                   ? shown + " lies among parcels that are all in these districts."
                   : shown + " is not itself in the parcel data; the parcels around it on " + street.display +
                         " are all in these districts.");
        if (p.kind == Placement::Kind::Interpolated) am.match = "interpolated";
    }
    a.query.interpreted_as = "address";
    if (!pa.zip.empty()) a.zip = pa.zip;
    if (p.kind == Placement::Kind::Ambiguous)
        finish(a, d);
    else
        settle_status(a, d);
    a.address = std::move(am);
    return a;
}

}  // namespace

std::optional<geocode::ParsedAddress> parse_street_address(const Data& d, std::string_view text) {
    return geocode::parse_address(text, [&](std::string_view words) {
        return !match_name(d, std::string(words)).places.empty();
    });
}

namespace {

// The village typed as the town ("12 Main St, Hyannis"), or empty.
std::string typed_village(const geocode::ParsedAddress& pa, const NameMatch& named) {
    for (const auto& p : named.places)
        if (p.kind == "village") return pa.town;
    return "";
}

Result<PlaceAnswer> resolve_street_address(const Data& d, const geocode::ParsedAddress& pa) {
    const auto named = pa.town.empty() ? NameMatch{} : match_name(d, pa.town);
    auto towns = candidate_towns(d, pa, named);
    const auto village = typed_village(pa, named);
    if (towns.empty()) {
        if (!pa.town.empty()) {
            auto a = by_name(d, pa.town, "", "", "address");
            if (a && a->status == "suggestions") a->query.interpreted_as = "address";
            if (!a && a.error().code == ErrorCode::NotFound)
                return not_found("We don't know a Massachusetts city, town or village called \"" +
                                 ascii_lower(pa.town) + "\"; check the town name or add the ZIP code.");
            return a;
        }
        if (!pa.zip.empty()) return not_found("ZIP " + pa.zip + " is not a Massachusetts ZIP code we know.");
        return not_found("We couldn't find a Massachusetts city or town in that address; add the town name "
                         "or ZIP code.");
    }
    // Several towns (a village name or ZIP shared by towns): the ones holding the street.
    if (towns.size() > 1) {
        std::vector<std::string> with_street;
        for (const auto& g : towns)
            if (street_found(d.addresses.match(g, pa.street_name, village))) with_street.push_back(g);
        if (with_street.size() == 1) {
            towns = with_street;
        } else {
            std::vector<TownChoice> choices;
            std::vector<std::string> names;
            for (const auto& g : with_street.empty() ? towns : with_street)
                if (const auto* m = d.find_town(g)) {
                    choices.push_back({m->name, m->geoid, std::nullopt});
                    names.push_back(m->name);
                }
            auto a = multi_town_answer(d, choices, "That address could be in " + join_names(names) + ".");
            a.query.interpreted_as = "address";
            a.query.explanation = "That address could be in " + join_names(names) + "; add the town.";
            finish(a, d);
            a.address = AddressMatch{"town", normalized(pa, geocode::display_street(pa.street_name.key), nullptr, pa.zip),
                                     std::nullopt, std::nullopt, "MassGIS Level 3 parcel address points.", true, {}};
            return a;
        }
    }
    const auto* m = d.find_town(towns.front());
    if (!m) return not_found("That town is not in our data.");
    auto match = d.addresses.match(m->geoid, pa.street_name, village);
    if (match.kind == StreetMatch::Kind::NotCovered) return uncovered(d, *m, pa);
    if (!street_found(match)) return street_not_placed(d, *m, pa, match);
    return place(d, *m, pa, *match.street);
}

}  // namespace

void index_set_answers(Data& d) {
    for (const auto& m : d.towns) {
        if (m.has_precinct_map) continue;  // its answers depend on the address's precinct
        for (auto id : d.addresses.town_sets(m.geoid)) {
            const auto* set = d.addresses.set(id);
            if (!set) continue;  // place() reports it, as before
            auto a = in_set(d, m, *set);
            finish_officials(a, d);
            d.set_answers.emplace(d.set_answer_key(m, id),
                                  Data::SetAnswer{std::move(a.districts), std::move(a.officials), std::move(a.missing)});
        }
    }
}

Result<PlaceAnswer> by_street_address(const Data& d, const geocode::ParsedAddress& pa) {
    auto a = resolve_street_address(d, pa);
    if (a) {
        a->query.interpreted_as = "address";
        a->query.input = a->municipality ? "a street address in " + a->municipality->name : "a street address";
    }
    return a;
}

Result<PlaceAnswer> by_address_text(const Data& d, const std::string& text, const std::string& param) {
    if (first_invalid_utf8(text)) return bad_parameter(param, "is not valid UTF-8");
    if (text.size() > geocode::kMaxAddressLength)
        return bad_parameter(param, "is longer than " + std::to_string(geocode::kMaxAddressLength) + " characters");
    auto pa = parse_street_address(d, text);
    if (!pa)
        return bad_parameter(param, "needs a house number and a street, like \"44 Front St, Worcester\"");
    return by_street_address(d, *pa);
}

// Free text that looked like an address to query_text but not to the geocoder: find the
// town among its last words and answer for it as a whole.
Result<PlaceAnswer> by_address(const Data& d, const ParsedQuery& pq) {
    const auto& w = pq.address_words;
    for (std::size_t len = std::min<std::size_t>(4, w.size() > 1 ? w.size() - 1 : 0); len >= 1;
         --len) {
        std::string tail;
        for (std::size_t i = w.size() - len; i < w.size(); ++i)
            tail += (tail.empty() ? "" : " ") + w[i];
        auto match = match_name(d, tail);
        if (match.places.size() != 1) continue;
        auto a = by_name(d, tail, "", "", "q");
        if (!a) return a;
        std::string town = d.town(match.places[0].geoid).name;
        if (!pq.zip.empty()) a->zip = pq.zip;
        a->query.input = "a street address in " + town;
        a->query.interpreted_as = "address";
        a->query.explanation = "We couldn't read a house number and street in that, so this answer is for " +
                               town + " as a whole. A street address, your ward and precinct (on your voter "
                               "registration) or your location would make it exact.";
        return a;
    }
    if (!pq.zip.empty()) {
        auto a = by_zip(d, pq.zip);
        if (!a) return a;
        a->query.input = "a street address in ZIP " + pq.zip;
        a->query.interpreted_as = "address";
        a->query.explanation = "This answer is for ZIP " + pq.zip +
                               ". A street address with its town, your ward and precinct or your location "
                               "would make it exact.";
        return a;
    }
    return not_found("We couldn't find a Massachusetts city or town in that address; add the "
                     "town name or ZIP code.");
}

} // namespace masscivic::server
