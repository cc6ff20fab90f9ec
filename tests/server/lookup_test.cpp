// The Lookup facade on the mini fixture (tests/fixtures/mini/README.md describes it).
#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace masscivic::server;
using masscivic::testing::mini_lookup;

namespace {

const std::string kBase = "ocd-division/country:us/state:ma/";

LookupRequest town(const std::string& t, Text ward = {}, Text pct = {}) {
    LookupRequest r;
    r.town = t;
    r.ward = ward;
    r.precinct = pct;
    return r;
}
LookupRequest free_text(const std::string& q) {
    LookupRequest r;
    r.q = q;
    return r;
}
LookupRequest point(const std::string& lat, const std::string& lon) {
    LookupRequest r;
    r.lat = lat;
    r.lon = lon;
    return r;
}

PlaceAnswer ok(const Result<PlaceAnswer>& r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : PlaceAnswer{};
}

bool has_district(const PlaceAnswer& a, const std::string& id) {
    return std::any_of(a.districts.begin(), a.districts.end(),
                       [&](const District* d) { return d->ocd_id == kBase + id; });
}

const Official* find_office(const OfficialList& list, const std::string& office) {
    for (const auto& o : list)
        if (o->office == office) return o.record;
    return nullptr;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += x + "\n";
    return s;
}

} // namespace

TEST(Lookup, SplitCityByTownAloneIsAmbiguousWithEveryHouseCandidate) {
    auto a = ok(mini_lookup()->lookup(town("cambridge")));
    EXPECT_EQ(a.status, "ambiguous");
    EXPECT_EQ(a.query.interpreted_as, "town");
    ASSERT_TRUE(a.ambiguity);
    ASSERT_EQ(a.ambiguity->candidates.size(), 2u);
    EXPECT_EQ(a.ambiguity->candidates[0].chamber, "house");
    EXPECT_EQ(a.ambiguity->candidates[0].district->ocd_id, kBase + "sldl:25th_middlesex");
    EXPECT_EQ(a.ambiguity->candidates[1].district->ocd_id, kBase + "sldl:26th_middlesex");
    // 25th: W1P1, W2P1, W2P2A; 26th: W1P2, W2P2B.
    EXPECT_EQ(a.ambiguity->candidates[0].precincts.size(), 3u);
    EXPECT_EQ(a.ambiguity->candidates[1].precincts.size(), 2u);
    EXPECT_EQ(a.ambiguity->candidates[0].officials.at(0)->name, "Emery Quarter");
    EXPECT_NE(std::find(a.ambiguity->needs.begin(), a.ambiguity->needs.end(), "ward_precinct"),
              a.ambiguity->needs.end());
    // What is certain is still answered.
    EXPECT_TRUE(has_district(a, "cd:7"));
    EXPECT_TRUE(has_district(a, "sldu:middlesex_and_suffolk"));
    EXPECT_FALSE(has_district(a, "sldl:25th_middlesex"));
    EXPECT_EQ(find_office(a.officials.state, "state_representative"), nullptr);
}

TEST(Lookup, WardAndPrecinctGiveEveryOfficialGroupedByLevel) {
    auto a = ok(mini_lookup()->lookup(town("Cambridge", "1", "01")));
    EXPECT_EQ(a.status, "exact");
    EXPECT_EQ(a.query.interpreted_as, "ward_precinct");
    EXPECT_EQ(a.ward, "1");
    EXPECT_EQ(a.precinct, "1");
    EXPECT_TRUE(has_district(a, "sldl:25th_middlesex"));
    EXPECT_EQ(a.districts.size(), 4u);
    ASSERT_EQ(a.officials.federal.size(), 3u); // two senators + the U.S. representative
    EXPECT_EQ(a.officials.federal[0]->office, "us_senator");
    EXPECT_EQ(a.officials.federal[2]->name, "Sam Seventh");
    auto* rep = find_office(a.officials.state, "state_representative");
    ASSERT_NE(rep, nullptr);
    EXPECT_EQ(rep->name, "Emery Quarter");
    ASSERT_EQ(rep->offices.size(), 2u);
    ASSERT_EQ(rep->committees.size(), 1u);
    EXPECT_EQ(rep->committees[0].name, "Joint Committee on the Judiciary");
    EXPECT_NE(find_office(a.officials.state, "governor"), nullptr);
    EXPECT_NE(find_office(a.officials.state, "state_senator"), nullptr);
    EXPECT_NE(find_office(a.officials.state, "governors_councillor"), nullptr);
    ASSERT_EQ(a.officials.local.size(), 2u);
    auto* councillor = find_office(a.officials.local, "council_member");
    ASSERT_NE(councillor, nullptr);
    EXPECT_FALSE(councillor->verified);
    EXPECT_NE(joined(a.missing).find("not yet checked"), std::string::npos) << joined(a.missing);
}

TEST(Lookup, PrecinctNumberCoversItsSubPrecincts) {
    auto a = ok(mini_lookup()->lookup(town("Cambridge", "2", "2")));
    EXPECT_EQ(a.status, "ambiguous"); // 2A and 2B are in different House districts
    ASSERT_TRUE(a.ambiguity);
    EXPECT_EQ(a.ambiguity->candidates.size(), 2u);
    auto b = ok(mini_lookup()->lookup(town("Cambridge", "2", "2b")));
    EXPECT_EQ(b.status, "exact");
    EXPECT_TRUE(has_district(b, "sldl:26th_middlesex"));
}

TEST(Lookup, VacantSeatIsShownAsVacant) {
    auto a = ok(mini_lookup()->lookup(town("Boston", "19", "1")));
    EXPECT_EQ(a.status, "exact");
    auto* seat = find_office(a.officials.state, "state_representative");
    ASSERT_NE(seat, nullptr);
    EXPECT_TRUE(seat->vacant);
    EXPECT_FALSE(seat->name);
    ASSERT_TRUE(seat->note);
    EXPECT_NE(seat->note->find("vacant since 2025-12-01"), std::string::npos);
}

TEST(Lookup, TownWithoutLocalOfficialsPointsToTheClerk) {
    auto a = ok(mini_lookup()->lookup(town("ACTON")));
    EXPECT_EQ(a.status, "exact"); // both precincts share every district
    EXPECT_TRUE(a.officials.local.empty());
    auto text = joined(a.missing);
    EXPECT_NE(text.find("We don't have Acton's Select Board members yet"), std::string::npos)
        << text;
    EXPECT_NE(text.find("978-555-0100"), std::string::npos) << text;
}

TEST(Lookup, WardPrecinctErrorsNameTheParameter) {
    auto l = mini_lookup();
    auto r = l->lookup(town("Acton", "1", "1"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BadParameter);
    EXPECT_EQ(r.error().message.rfind("ward:", 0), 0u) << r.error().message;
    r = l->lookup(town("Cambridge", std::nullopt, "1"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("ward:", 0), 0u);
    r = l->lookup(town("Cambridge", "9", "9"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::NotFound);
    LookupRequest only_ward;
    only_ward.ward = "1";
    r = l->lookup(only_ward);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("ward:", 0), 0u);
    r = l->lookup(LookupRequest{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BadParameter);
    LookupRequest two = town("Acton");
    two.zip = "01720";
    EXPECT_FALSE(l->lookup(two).ok());
    EXPECT_FALSE(l->lookup(town("Cambridge", "1", "1; DROP TABLE")).ok());
}

TEST(Lookup, ZipSpanningTwoTownsListsBoth) {
    LookupRequest r;
    r.zip = "01720";
    auto a = ok(mini_lookup()->lookup(r));
    EXPECT_EQ(a.status, "ambiguous");
    EXPECT_EQ(a.query.interpreted_as, "zip");
    EXPECT_FALSE(a.municipality);
    ASSERT_TRUE(a.ambiguity);
    ASSERT_EQ(a.ambiguity->municipalities.size(), 2u);
    EXPECT_EQ(a.ambiguity->municipalities[0].name, "Acton");
    EXPECT_EQ(a.ambiguity->municipalities[0].land_share_pct, 90);
    EXPECT_EQ(a.ambiguity->needs.front(), "town");
    // Acton and Arlington differ in every chamber but nothing is left out.
    EXPECT_FALSE(a.ambiguity->candidates.empty());
    for (const auto& c : a.ambiguity->candidates)
        for (const auto& p : c.precincts)
            EXPECT_TRUE(p.municipality);
}

TEST(Lookup, ZipInOneTownIsThatTown) {
    LookupRequest r;
    r.zip = "02130-1234";
    auto a = ok(mini_lookup()->lookup(r));
    ASSERT_TRUE(a.municipality);
    EXPECT_EQ(a.municipality->name, "Boston");
    EXPECT_EQ(a.zip, "02130");
    auto typed_as_town = ok(mini_lookup()->lookup(town(" 02139")));
    EXPECT_EQ(typed_as_town.query.interpreted_as, "zip");
    EXPECT_EQ(typed_as_town.municipality->name, "Cambridge");
    r.zip = "2130";
    auto bad = mini_lookup()->lookup(r);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message.rfind("zip:", 0), 0u);
    r.zip = "99999";
    bad = mini_lookup()->lookup(r);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::NotFound);
}

TEST(Lookup, VillageAndAlternateNamesResolveToTheirTown) {
    auto a = ok(mini_lookup()->lookup(free_text("Jamaica Plain")));
    EXPECT_EQ(a.query.interpreted_as, "village");
    EXPECT_EQ(a.village, "Jamaica Plain");
    ASSERT_TRUE(a.municipality);
    EXPECT_EQ(a.municipality->name, "Boston");
    EXPECT_NE(a.query.explanation.find("Boston"), std::string::npos);
    auto w = ok(mini_lookup()->lookup(town("worcester city")));
    EXPECT_EQ(w.query.interpreted_as, "alternate");
    EXPECT_EQ(w.municipality->name, "Worcester");
}

TEST(Lookup, NameUsedInTwoTownsIsAmbiguousBetweenThem) {
    auto a = ok(mini_lookup()->lookup(town("Centre Village")));
    EXPECT_EQ(a.status, "ambiguous");
    ASSERT_TRUE(a.ambiguity);
    ASSERT_EQ(a.ambiguity->municipalities.size(), 2u);
    EXPECT_FALSE(a.municipality);
}

TEST(Lookup, MisspelledTownGetsDidYouMean) {
    auto a = ok(mini_lookup()->lookup(town("Worchester")));
    EXPECT_EQ(a.status, "suggestions");
    ASSERT_FALSE(a.suggestions.empty());
    EXPECT_EQ(a.suggestions[0].name, "Worcester");
    auto far = mini_lookup()->lookup(town("Springfield"));
    ASSERT_FALSE(far.ok());
    EXPECT_EQ(far.error().code, ErrorCode::NotFound);
}

TEST(Lookup, FreeTextForms) {
    auto l = mini_lookup();
    auto wp = ok(l->lookup(free_text("Ward 1 Precinct 2, Cambridge")));
    EXPECT_EQ(wp.query.interpreted_as, "ward_precinct");
    EXPECT_TRUE(has_district(wp, "sldl:26th_middlesex"));
    auto z = ok(l->lookup(free_text(" 02139 ")));
    EXPECT_EQ(z.query.interpreted_as, "zip");
    EXPECT_EQ(z.municipality->name, "Cambridge");
    auto p = ok(l->lookup(free_text("42.38,-71.115")));
    EXPECT_EQ(p.query.interpreted_as, "point");
    EXPECT_TRUE(has_district(p, "sldl:25th_middlesex"));
    auto addr = ok(l->lookup(free_text("24 Beacon St Boston MA")));
    EXPECT_EQ(addr.query.interpreted_as, "address");
    EXPECT_EQ(addr.municipality->name, "Boston");
    EXPECT_EQ(addr.query.input.find("Beacon"), std::string::npos) << "address echoed";
    EXPECT_NE(addr.query.explanation.find("ward and precinct"), std::string::npos);
    auto addr_zip = ok(l->lookup(free_text("1 Main Street, 02130")));
    EXPECT_EQ(addr_zip.municipality->name, "Boston");
    EXPECT_EQ(addr_zip.query.input.find("Main"), std::string::npos);
    EXPECT_FALSE(l->lookup(free_text("   ")).ok());
    EXPECT_FALSE(l->lookup(free_text(std::string(300, 'a'))).ok());
    EXPECT_FALSE(l->lookup(free_text("Cambridge\xff")).ok());
}

TEST(Lookup, PointsInsideGapsOutsideAndOnWater) {
    auto l = mini_lookup();
    auto in = ok(l->lookup(point("42.385", "-71.105")));
    EXPECT_EQ(in.municipality->name, "Cambridge");
    EXPECT_TRUE(has_district(in, "sldl:26th_middlesex"));
    EXPECT_EQ(in.officials.federal.size(), 3u);
    // Between Cambridge (ends -71.10) and Boston (starts -71.09995): ~4 m gap.
    auto gap = ok(l->lookup(point("42.385", "-71.099985")));
    ASSERT_TRUE(gap.municipality);
    EXPECT_NE(gap.query.explanation.find("gap"), std::string::npos);
    auto water = l->lookup(point("42.36", "-70.9"));
    ASSERT_FALSE(water.ok());
    EXPECT_EQ(water.error().code, ErrorCode::NotFound);
    EXPECT_NE(water.error().message.find("water"), std::string::npos);
    auto ny = l->lookup(point("40.7128", "-74.0060"));
    ASSERT_FALSE(ny.ok());
    EXPECT_NE(ny.error().message.find("outside Massachusetts"), std::string::npos);
    for (auto [lat, lon] : {std::pair{"abc", "-71"},
                            {"91", "-71"},
                            {"42", "-181"},
                            {"nan", "1"},
                            {"42.1x", "-71"},
                            {"", "-71"}}) {
        auto r = l->lookup(point(lat, lon));
        ASSERT_FALSE(r.ok()) << lat << "," << lon;
        EXPECT_EQ(r.error().code, ErrorCode::BadParameter);
    }
    LookupRequest half;
    half.lat = "42.3";
    EXPECT_EQ(l->lookup(half).error().message.rfind("lon:", 0), 0u);
}

// Cambridge has precinct polygons (tests/fixtures/mini/README.md): a point inside one names its
// ward and precinct when the precinct's crosswalk districts are the point's; elsewhere, and
// where the two disagree, ward and precinct stay null.
TEST(Lookup, PointsInCambridgeNameTheirPrecinct) {
    auto l = mini_lookup();
    auto sub = ok(l->lookup(point("42.386", "-71.113")));  // Ward 2 sub-precinct 2A, 25th
    EXPECT_EQ(sub.ward, "2");
    EXPECT_EQ(sub.precinct, "2A");
    EXPECT_TRUE(has_district(sub, "sldl:25th_middlesex"));
    EXPECT_NE(sub.query.explanation.find("Ward 2 Precinct 2A"), std::string::npos)
        << sub.query.explanation;
    EXPECT_NE(sub.query.explanation.find("sub-precinct"), std::string::npos);
    auto east = ok(l->lookup(point("42.385", "-71.105")));  // 2B, 26th
    EXPECT_EQ(east.ward, "2");
    EXPECT_EQ(east.precinct, "2B");
    auto plain = ok(l->lookup(point("42.375", "-71.118")));  // 1-1
    EXPECT_EQ(plain.ward, "1");
    EXPECT_EQ(plain.precinct, "1");
    EXPECT_EQ(plain.query.explanation.find("sub-precinct"), std::string::npos);
    // The same precinct asked by ward and precinct gives the same districts.
    auto asked = ok(l->lookup(town("Cambridge", "2", "2A")));
    std::set<std::string> by_point, by_precinct;
    for (const auto* d : sub.districts) by_point.insert(d->ocd_id);
    for (const auto* d : asked.districts) by_precinct.insert(d->ocd_id);
    EXPECT_EQ(by_point, by_precinct);
    // The polygon says 1-2 (26th Middlesex), the House layer the 25th: no precinct named.
    auto line = ok(l->lookup(point("42.375", "-71.111")));
    EXPECT_TRUE(has_district(line, "sldl:25th_middlesex"));
    EXPECT_FALSE(line.ward);
    EXPECT_FALSE(line.precinct);
    EXPECT_NE(line.query.explanation.find("near a precinct line"), std::string::npos);
    // Other towns have no precinct polygons: nothing is invented.
    for (auto [lat, lon] : {std::pair{"42.385", "-71.09"}, {"42.48", "-71.44"}, {"42.27", "-71.80"}}) {
        auto other = ok(l->lookup(point(lat, lon)));
        ASSERT_TRUE(other.municipality);
        EXPECT_NE(other.municipality->name, "Cambridge");
        EXPECT_FALSE(other.ward) << other.municipality->name;
        EXPECT_FALSE(other.precinct) << other.municipality->name;
    }
}

TEST(Lookup, MunicipalityListAndFilters) {
    auto l = mini_lookup();
    auto all = l->municipalities({});
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 5u);
    MunicipalityFilter f;
    f.legislative_body = "open_town_meeting";
    auto otm = l->municipalities(f);
    ASSERT_TRUE(otm.ok());
    ASSERT_EQ(otm->size(), 1u);
    EXPECT_EQ(otm->at(0).name, "Acton");
    f = {};
    f.county = "middlesex county";
    EXPECT_EQ(l->municipalities(f)->size(), 3u);
    f = {};
    f.legislative_body = "Parliament";
    auto bad = l->municipalities(f);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message.rfind("legislative_body:", 0), 0u);
}

TEST(Lookup, MunicipalityDetailExplainsHowLawsPass) {
    auto l = mini_lookup();
    auto acton = l->municipality("West Acton"); // a village resolves to its town
    ASSERT_TRUE(acton.ok());
    EXPECT_EQ(acton->municipality.name, "Acton");
    EXPECT_NE(acton->how_to_petition.find("at least 10 registered voters"), std::string::npos);
    EXPECT_NE(acton->how_to_petition.find("chapter 39, section 10"), std::string::npos);
    EXPECT_NE(acton->how_local_laws_pass.find("Attorney General"), std::string::npos);
    ASSERT_TRUE(acton->municipality.clerk);
    EXPECT_FALSE(acton->districts.empty());
    auto arl = l->municipality("arlington");
    ASSERT_TRUE(arl.ok());
    EXPECT_NE(arl->how_to_petition.find("town meeting members"), std::string::npos);
    auto cam = l->municipality("Cambridge");
    ASSERT_TRUE(cam.ok());
    EXPECT_NE(cam->how_local_laws_pass.find("City Council"), std::string::npos);
    EXPECT_EQ(cam->officials.size(), 2u);
    EXPECT_TRUE(cam->municipality.has_wards);
    auto nope = l->municipality("Worchester");
    ASSERT_FALSE(nope.ok());
    EXPECT_EQ(nope.error().code, ErrorCode::NotFound);
    EXPECT_NE(nope.error().message.find("Did you mean Worcester"), std::string::npos);
}

TEST(Lookup, DistrictDetail) {
    auto l = mini_lookup();
    auto d = l->district(kBase + "sldl:25th_middlesex");
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(d->municipalities.size(), 1u);
    EXPECT_EQ(d->municipalities[0].name, "Cambridge");
    EXPECT_EQ(d->municipalities[0].precincts.size(), 3u);
    ASSERT_EQ(d->officials.size(), 1u);
    auto vacant = l->district(kBase + "sldl:15th_suffolk");
    ASSERT_TRUE(vacant.ok());
    ASSERT_EQ(vacant->officials.size(), 1u);
    EXPECT_TRUE(vacant->officials[0]->vacant);
    EXPECT_EQ(l->district(kBase + "sldl:99th_nowhere").error().code, ErrorCode::NotFound);
    EXPECT_EQ(l->district("25th middlesex").error().code, ErrorCode::BadParameter);
}

TEST(Lookup, OfficialSearchFiltersAndPages) {
    auto l = mini_lookup();
    OfficialQuery q;
    q.q = "emer";
    auto r = l->officials(q);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->total, 1);
    EXPECT_EQ(r->officials[0]->name, "Emery Quarter");
    q = {};
    q.chamber = "house";
    EXPECT_EQ(l->officials(q)->total, 6);
    q.party = "rep";
    EXPECT_EQ(l->officials(q)->total, 1);
    q = {};
    q.committee = "judiciary";
    EXPECT_EQ(l->officials(q)->total, 2);
    q = {};
    q.town = "Acton";
    auto acton = l->officials(q);
    ASSERT_TRUE(acton.ok());
    EXPECT_EQ(acton->total, 4); // rep, senator, congress, councillor of Acton's districts
    q = {};
    q.per_page = "5";
    q.page = "2";
    auto page = l->officials(q);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->officials.size(), 5u);
    EXPECT_EQ(page->total, 21);
    q.per_page = "0";
    EXPECT_EQ(l->officials(q).error().message.rfind("per_page:", 0), 0u);
    q = {};
    q.chamber = "parliament";
    EXPECT_EQ(l->officials(q).error().message.rfind("chamber:", 0), 0u);
    q = {};
    q.q = "\"*)(OR"; // FTS operators in input are inert
    auto weird = l->officials(q);
    ASSERT_TRUE(weird.ok());
    EXPECT_EQ(weird->total, 0);
}

TEST(Lookup, ToolkitsNameTheLocalBody) {
    auto l = mini_lookup();
    auto all = l->toolkits(std::nullopt);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->toolkits.size(), 3u);
    EXPECT_FALSE(all->toolkits[0].local_body);
    for (const auto& t : all->toolkits)
        EXPECT_FALSE(t.links.empty()) << t.id;
    auto acton = l->toolkits(std::string("Acton"));
    ASSERT_TRUE(acton.ok());
    ASSERT_TRUE(acton->toolkits[1].local_body);
    EXPECT_NE(acton->toolkits[1].local_body->name.find("Acton Town Meeting"), std::string::npos);
    auto cam = l->toolkits(std::string("Cambridge"));
    EXPECT_EQ(cam->toolkits[0].local_body->name, "Cambridge City Council");
    EXPECT_EQ(l->toolkits(std::string("Nowhereville")).error().code, ErrorCode::NotFound);
}
