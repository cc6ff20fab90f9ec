// Input -> place: names, ZIP codes, points, ward/precinct, free text (see resolve.hpp).
#include "resolve.hpp"

#include "answer.hpp"
#include "geo_index.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>
#include <tuple>

namespace masscivic::server {

namespace {

// Boundary files leave slivers of ~10 m between neighbours; a point in one belongs to
// the nearest polygon if it is this close.
constexpr double kGapToleranceMetres = 30.0;
constexpr std::size_t kMaxNameLength = 100;

std::string strip_affixes(std::string key) {
    for (const char* prefix : {"city of ", "town of "})
        if (key.rfind(prefix, 0) == 0) key = key.substr(std::string(prefix).size());
    for (const char* suffix : {" massachusetts", " ma", " mass"}) {
        std::string s(suffix);
        if (key.size() > s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0)
            key = key.substr(0, key.size() - s.size());
    }
    return key;
}

// A precinct number matches its own row and the sub-precincts split off it ("2" -> "2A").
bool precinct_matches(const Data::Precinct& p, const std::string& want) {
    if (p.precinct == want) return true;
    return p.sub && p.precinct.size() > want.size() && p.precinct.rfind(want, 0) == 0 &&
           std::isalpha(static_cast<unsigned char>(p.precinct[want.size()]));
}

Result<std::vector<std::size_t>> filter_precincts(const Data& d, const Municipality& m,
                                                  const std::string& ward,
                                                  const std::string& precinct) {
    if (!ward.empty() && !m.has_wards)
        return bad_parameter("ward", m.name + " has no wards; give only the precinct");
    if (ward.empty() && !precinct.empty() && m.has_wards)
        return bad_parameter("ward", m.name + " is divided into wards; give the ward as well as "
                                              "the precinct");
    std::vector<std::size_t> out;
    for (auto i : town_precincts(d, m.geoid)) {
        const auto& p = d.precincts[i];
        if (!ward.empty() && p.ward.value_or("") != ward) continue;
        if (!precinct.empty() && !precinct_matches(p, precinct)) continue;
        out.push_back(i);
    }
    if (out.empty()) {
        std::string what = precinct.empty()
                               ? "Ward " + ward
                               : precinct_label(ward.empty() ? Text() : Text(ward), precinct);
        return not_found(m.name + " has no " + what + " in our precinct list (2022 boundaries).");
    }
    return out;
}

std::string place_explanation(const Data::Name& n, const Municipality& m) {
    if (n.kind == "official") return m.name + " is a " + m.kind + " in " + m.county + " County.";
    if (n.kind == "village") return n.name + " is a village or neighborhood of " + m.name + ".";
    if (n.kind == "postal") return n.name + " is a postal place name; it is in " + m.name + ".";
    return n.name + " is another name for " + m.name + ".";
}


bool inside_massachusetts_box(double lat, double lon) {
    return lat >= 41.18 && lat <= 42.89 && lon >= -73.51 && lon <= -69.85;
}

} // namespace

Result<double> parse_coordinate(const std::string& raw, const std::string& param, double limit) {
    std::string s = trim(raw);
    if (s.empty() || s.size() > 32) return bad_parameter(param, "must be a number of degrees");
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        return bad_parameter(param, "must be a number of degrees");
    }
    if (used != s.size() || !std::isfinite(v))
        return bad_parameter(param, "must be a number of degrees");
    if (std::fabs(v) > limit)
        return bad_parameter(param, "must be between -" + std::to_string(int(limit)) + " and " +
                                        std::to_string(int(limit)));
    return v;
}

// ---------------------------------------------------------------- names

namespace {
std::string without_spaces(std::string_view key) {
    std::string joined;
    for (char c : key)
        if (c != ' ') joined += c;
    return joined;
}
} // namespace

void index_run_together_names(Data& d) {
    std::set<std::string> clashing;
    for (const auto& entry : d.names) {
        std::string joined = without_spaces(entry.first);
        if (joined == entry.first || d.names.count(joined)) continue;
        auto [it, added] = d.run_together_names.emplace(joined, entry.first);
        if (!added && it->second != entry.first) clashing.insert(joined);
    }
    for (const auto& joined : clashing)
        d.run_together_names.erase(joined);
}

void index_family_names(Data& d) {
    for (const auto& o : d.officials) {
        if (!o->name) continue;
        auto key = name_key(*o->name);
        auto space = key.rfind(' ');
        if (space != std::string::npos) d.family_names.insert(key.substr(space + 1));
    }
}

NameMatch match_name(const Data& d, std::string_view text) {
    NameMatch out;
    const std::string typed = name_key(text);
    for (const auto& key : {typed, strip_affixes(typed)}) {
        out.key = key;
        auto it = d.names.find(key);
        if (it == d.names.end()) continue;
        for (const auto& n : it->second)
            if (n.kind == "official") {
                out.places = {n};
                return out;
            }
        std::set<std::string> seen;
        for (const auto& n : it->second)
            if (seen.insert(n.geoid).second) out.places.push_back(n);
        return out;
    }
    // "Westspringfield", "fallriver": the name with its spaces left out.
    if (auto run = d.run_together_names.find(without_spaces(typed));
        run != d.run_together_names.end()) {
        auto found = match_name(d, run->second);
        if (!found.places.empty()) return found;
    }
    return out;
}

std::vector<Suggestion> suggest(const Data& d, const std::string& key) {
    std::vector<Suggestion> out;
    if (key.size() < 3) return out;
    bool ascii = std::all_of(key.begin(), key.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    std::string match;
    if (ascii) {
        // Any shared trigram makes a candidate; edit distance then ranks them.
        for (std::size_t i = 0; i + 3 <= key.size(); ++i)
            match += (match.empty() ? "\"" : " OR \"") + key.substr(i, 3) + "\"";
    } else {
        match = "\"" + key + "\"";
    }
    std::vector<std::pair<std::string, std::string>> found; // key, geoid
    {
        std::lock_guard lock(d.db_mutex);
        auto st = d.db->prepare(
            "SELECT key, geoid FROM places_fts WHERE places_fts MATCH ?1 ORDER BY rank LIMIT 300");
        st.bind(1, match);
        while (st.step())
            found.emplace_back(st.text(0), st.text(1));
    }
    std::size_t cap = std::max<std::size_t>(2, key.size() / 4);
    // Ranked by distance, then official town names before villages and other names.
    std::vector<std::tuple<std::size_t, bool, std::string, Suggestion>> ranked;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& [cand, geoid] : found) {
        std::size_t dist = edit_distance(key, cand, cap);
        bool prefix = key.size() >= 4 && cand.rfind(key, 0) == 0;
        if (dist > cap && !prefix) continue;
        if (prefix && dist > cap) dist = cap + 1;
        auto it = d.names.find(cand);
        if (it == d.names.end() || !d.find_town(geoid)) continue;
        for (const auto& n : it->second)
            if (n.geoid == geoid && seen.insert({n.name, geoid}).second)
                ranked.emplace_back(dist, n.kind != "official", n.name,
                                    Suggestion{n.name, d.town(geoid).name, n.kind});
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
               std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    });
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
        out.push_back(std::get<3>(ranked[i]));
    return out;
}

// The town a longer text names ("has framingham ever done anything" -> "framingham"): the
// longest run of its words that is some town's official name, the earliest of equals. Only
// official names count (villages and nicknames such as "falls" or "island" are too often
// ordinary words), and never a word that is also an official's family name ("warren").
std::optional<std::string> mentioned_town(const Data& d, const std::string& key) {
    auto words = split(key, ' ');
    if (words.size() < 2) return std::nullopt;
    // "springfield illinois": a text naming another state means that state's town. (Full
    // names only; Washington and Florida are also Massachusetts towns, Georgia and Virginia
    // first names.)
    static const std::set<std::string> other_states = {
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
        "delaware", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
        "kentucky", "louisiana", "maine", "maryland", "michigan", "minnesota", "mississippi",
        "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
        "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma",
        "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota",
        "tennessee", "texas", "utah", "vermont", "west virginia", "wisconsin", "wyoming"};
    for (std::size_t i = 0; i < words.size(); ++i)
        if (other_states.count(words[i]) ||
            (i + 1 < words.size() && other_states.count(words[i] + " " + words[i + 1])))
            return std::nullopt;
    for (std::size_t n = words.size() - 1; n >= 1; --n)
        for (std::size_t i = 0; i + n <= words.size(); ++i) {
            std::string sub;
            for (std::size_t k = i; k < i + n; ++k) sub += (sub.empty() ? "" : " ") + words[k];
            bool one_word = n == 1;
            auto it = d.names.find(sub);
            if (it == d.names.end() && one_word) {
                // "who runs fallriver": a name typed without its spaces is several words.
                auto run = d.run_together_names.find(sub);
                if (run == d.run_together_names.end()) continue;
                sub = run->second;
                one_word = false;
                it = d.names.find(sub);
            }
            if (it == d.names.end()) continue;
            bool official = std::any_of(it->second.begin(), it->second.end(),
                                        [](const Data::Name& x) { return x.kind == "official"; });
            if (official && (!one_word || !d.family_names.count(sub))) return sub;
        }
    return std::nullopt;
}

Result<const Municipality*> one_town(const Data& d, std::string_view name,
                                     const std::string& param) {
    if (first_invalid_utf8(name)) return bad_parameter(param, "is not valid UTF-8");
    if (name.size() > kMaxNameLength) return bad_parameter(param, "is too long");
    auto match = match_name(d, name);
    if (match.key.empty()) return bad_parameter(param, "names no place");
    if (match.places.size() == 1) return &d.town(match.places[0].geoid);
    std::string shown(name);
    if (match.places.size() > 1) {
        std::vector<std::string> names;
        for (const auto& p : match.places)
            names.push_back(d.town(p.geoid).name);
        return not_found("\"" + shown + "\" is a place name in " + join_names(names) +
                         "; ask for one of those.");
    }
    auto sugg = suggest(d, match.key);
    std::string msg = "No Massachusetts city or town is called \"" + shown + "\".";
    if (!sugg.empty()) msg += " Did you mean " + sugg.front().municipality + "?";
    return not_found(msg);
}

// ---------------------------------------------------------------- queries

Result<PlaceAnswer> by_name(const Data& d, const std::string& text, const std::string& ward,
                            const std::string& precinct, const std::string& param) {
    if (first_invalid_utf8(text)) return bad_parameter(param, "is not valid UTF-8");
    if (text.size() > kMaxNameLength)
        return bad_parameter(param,
                             "is longer than " + std::to_string(kMaxNameLength) + " characters");
    auto match = match_name(d, text);
    if (match.key.empty()) return bad_parameter(param, "names no place");
    if (match.places.empty())
        if (auto town = mentioned_town(d, match.key)) {
            auto a = by_name(d, *town, ward, precinct, param);
            if (a) {
                a->query.explanation = "Read the place \"" + *town + "\" from \"" + text +
                                       "\". " + a->query.explanation;
                return a;
            }
        }
    if (match.places.empty()) {
        PlaceAnswer a;
        a.suggestions = suggest(d, match.key);
        if (a.suggestions.empty())
            return not_found("We don't know a Massachusetts city, town or village called \"" +
                             text + "\".");
        a.query.interpreted_as = "town";
        a.query.explanation = "No Massachusetts place is called \"" + text + "\"; did you mean " +
                              a.suggestions.front().name + "?";
        a.status = "suggestions";
        a.data_as_of = d.as_of;
        return a;
    }
    if (match.places.size() > 1) {
        if (!ward.empty() || !precinct.empty())
            return bad_parameter(param,
                                 "\"" + text + "\" names places in several towns; give the town");
        std::vector<TownChoice> choices;
        std::vector<std::string> names;
        for (const auto& p : match.places) {
            choices.push_back({d.town(p.geoid).name, p.geoid, std::nullopt});
            names.push_back(d.town(p.geoid).name);
        }
        auto a = multi_town_answer(d, choices,
                                   "\"" + match.places[0].name + "\" is a place name in " +
                                       join_names(names) + ".");
        a.query.interpreted_as = match.places[0].kind;
        a.query.explanation = a.ambiguity->reason;
        a.village = match.places[0].name;
        finish(a, d);
        return a;
    }
    const auto& n = match.places[0];
    const auto& m = d.town(n.geoid);
    auto pcts = filter_precincts(d, m, ward, precinct);
    if (!pcts) return pcts.error();
    auto a = town_answer(d, m, *pcts);
    if (n.kind == "village") a.village = n.name;
    a.query.interpreted_as = n.kind == "official" ? "town" : n.kind;
    a.query.explanation = place_explanation(n, m);
    if (!ward.empty() || !precinct.empty()) {
        a.query.interpreted_as = "ward_precinct";
        if (!ward.empty()) a.ward = ward;
        if (!precinct.empty()) a.precinct = precinct;
        a.query.explanation +=
            " " + (precinct.empty() ? "Ward " + ward : precinct_label(a.ward, precinct)) + ".";
        if (pcts->size() > 1 && !precinct.empty())
            a.query.explanation += " Part of this precinct is a separate sub-precinct.";
    }
    finish(a, d);
    return a;
}

Result<PlaceAnswer> by_zip(const Data& d, const std::string& raw) {
    std::string zip = trim(raw);
    if (!is_zip(zip)) return bad_parameter("zip", "must be 5 digits, like 02139");
    zip = zip.substr(0, 5);
    auto it = d.zips.find(zip);
    if (it == d.zips.end())
        return not_found("ZIP " + zip + " is not a Massachusetts ZIP code we know.");
    std::vector<TownChoice> choices;
    std::vector<std::string> described;
    for (const auto& z : it->second) {
        const auto* m = d.find_town(z.geoid);
        if (!m) continue;
        choices.push_back({m->name, m->geoid, z.share});
        described.push_back(m->name + (z.share ? " (" + std::to_string(*z.share) + "% of its land)"
                                               : std::string()));
    }
    if (choices.empty()) return not_found("ZIP " + zip + " is not linked to a town in our data.");
    PlaceAnswer a;
    if (choices.size() == 1) {
        const auto& m = d.town(choices[0].geoid);
        a = town_answer(d, m, town_precincts(d, m.geoid));
        a.query.explanation = "ZIP " + zip + " is in " + m.name + ".";
    } else {
        a.zip = zip;
        a = multi_town_answer(d, choices,
                              "ZIP " + zip + " covers parts of " + join_names(described) + ".");
        a.query.explanation = "ZIP " + zip + " covers parts of " + join_names(described) + ".";
    }
    a.zip = zip;
    a.query.interpreted_as = "zip";
    finish(a, d);
    return a;
}

Result<PlaceAnswer> by_point(const Data& d, const std::string& lat_s, const std::string& lon_s) {
    auto lat = parse_coordinate(lat_s, "lat", 90);
    if (!lat) return lat.error();
    auto lon = parse_coordinate(lon_s, "lon", 180);
    if (!lon) return lon.error();
    auto town = d.geo->locate("town", *lat, *lon, kGapToleranceMetres);
    const Municipality* m = town ? d.find_town(town->id) : nullptr;
    if (!m) {
        if (!inside_massachusetts_box(*lat, *lon))
            return not_found("That point is outside Massachusetts.");
        return not_found("That point is not inside any Massachusetts city or town; it may be on "
                         "the water.");
    }
    PlaceAnswer a;
    a.municipality = m;
    a.lat = *lat;
    a.lon = *lon;
    a.query.interpreted_as = "point";
    a.query.explanation = "That point is in " + m->name + ".";
    if (town->nearest)
        a.query.explanation += " It lies in a small gap between boundary lines, so we used the "
                               "nearest town, " +
                               std::to_string(int(std::lround(town->distance_m))) + " m away.";
    for (int c = 0; c < kChamberCount; ++c) {
        auto hit = d.geo->locate(kChamberCodes[c], *lat, *lon, kGapToleranceMetres);
        const District* dist = hit ? d.find_district(hit->id) : nullptr;
        if (!dist) {
            a.missing.push_back(std::string("We could not place that point in a ") +
                                kChamberWords[c] + " district.");
            continue;
        }
        a.districts.push_back(dist);
        add_district_officials(d, *dist, a);
    }
    name_precinct(d, *m, {{*lat, *lon}}, a);
    add_local(d, *m, a.officials.local, a.missing);
    finish(a, d);
    return a;
}

Result<PlaceAnswer> by_free_text(const Data& d, const std::string& q) {
    auto parsed = parse_free_text(q, "q");
    if (!parsed) return parsed.error();
    const auto& pq = *parsed;
    // "44 Front St, Worcester", "One Main St, Amherst": a street address (never echoed).
    if (pq.kind == ParsedQuery::Kind::Address || pq.kind == ParsedQuery::Kind::Name)
        if (auto pa = parse_street_address(d, q)) return by_street_address(d, *pa);
    Result<PlaceAnswer> a = Error{};
    switch (pq.kind) {
    case ParsedQuery::Kind::Point: a = by_point(d, pq.lat, pq.lon); break;
    case ParsedQuery::Kind::Zip: a = by_zip(d, pq.zip); break;
    case ParsedQuery::Kind::Address: return by_address(d, pq);
    case ParsedQuery::Kind::WardPrecinct:
        a = by_name(d, pq.place, pq.ward, pq.precinct, "q");
        break;
    case ParsedQuery::Kind::Name:
        a = by_name(d, pq.place, "", "", "q");
        if (a && !pq.zip.empty()) a->zip = pq.zip;
        break;
    }
    if (a) a->query.input = q;
    return a;
}

} // namespace masscivic::server
