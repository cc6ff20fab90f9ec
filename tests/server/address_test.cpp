// Street addresses through the Lookup facade and over HTTP, on the mini fixture
// (tests/fixtures/mini/README.md: Cambridge's Mass Ave is split, Boston is uncovered).
#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace masscivic::server;
using masscivic::testing::LiveServer;
using masscivic::testing::mini_db_path;
using masscivic::testing::mini_lookup;
using masscivic::testing::options_for;
using masscivic::testing::parse_json;

namespace {

const std::string kBase = "ocd-division/country:us/state:ma/";

Result<PlaceAnswer> by_address(const std::string& text) {
    LookupRequest r;
    r.address = text;
    return mini_lookup()->lookup(r);
}
Result<PlaceAnswer> by_q(const std::string& text) {
    LookupRequest r;
    r.q = text;
    return mini_lookup()->lookup(r);
}

bool has_district(const PlaceAnswer& a, const std::string& id) {
    return std::any_of(a.districts.begin(), a.districts.end(),
                       [&](const District* d) { return d->ocd_id == kBase + id; });
}

}  // namespace

TEST(AddressLookup, InsideARunIsExactWithThePoint) {
    auto a = by_address("44 Massachusetts Avenue, Cambridge, MA");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->status, "exact");
    EXPECT_EQ(a->query.interpreted_as, "address");
    EXPECT_EQ(a->query.input, "a street address in Cambridge");  // never echoed
    EXPECT_TRUE(has_district(*a, "sldl:25th_middlesex"));
    EXPECT_TRUE(has_district(*a, "sldu:middlesex_and_suffolk"));
    ASSERT_TRUE(a->address);
    EXPECT_EQ(a->address->match, "address_point");
    EXPECT_EQ(a->address->normalized, "44 Massachusetts Ave, Cambridge, MA");
    EXPECT_TRUE(a->address->covered);
    ASSERT_TRUE(a->address->lat);
    EXPECT_NEAR(*a->address->lat, 42.38, 1e-6);
    EXPECT_NE(a->address->note.find("fiscal year 2013"), std::string::npos);
    EXPECT_FALSE(a->officials.state.empty());
}

TEST(AddressLookup, SameNumberOtherSideAndOtherRun) {
    auto odd = by_address("45 mass ave cambridge");
    ASSERT_TRUE(odd.ok());
    EXPECT_EQ(odd->status, "exact");
    auto high = by_address("150 Massachusetts Ave, Cambridge");
    ASSERT_TRUE(high.ok());
    EXPECT_EQ(high->status, "exact");
    EXPECT_TRUE(has_district(*high, "sldl:26th_middlesex"));
}

TEST(AddressLookup, BetweenRunsOfDifferentDistrictsIsAmbiguousWithBothCandidates) {
    auto a = by_address("104 Massachusetts Ave, Cambridge");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->status, "ambiguous");
    ASSERT_TRUE(a->ambiguity);
    std::set<std::string> house;
    for (const auto& c : a->ambiguity->candidates)
        if (c.chamber == "house") house.insert(c.district->ocd_id);
    EXPECT_EQ(house, (std::set<std::string>{kBase + "sldl:25th_middlesex", kBase + "sldl:26th_middlesex"}));
    EXPECT_NE(std::find(a->ambiguity->needs.begin(), a->ambiguity->needs.end(), "ward_precinct"),
              a->ambiguity->needs.end());
    EXPECT_EQ(a->address->match, "street");
    EXPECT_TRUE(has_district(*a, "sldu:middlesex_and_suffolk"));  // certain either way
}

TEST(AddressLookup, StreetWhollyInOneSetIsInterpolated) {
    auto a = by_address("400 Elm St, Cambridge, MA 02139");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->status, "exact");
    EXPECT_EQ(a->address->match, "interpolated");
    EXPECT_TRUE(has_district(*a, "sldl:25th_middlesex"));
}

TEST(AddressLookup, MisspeltOrOtherSuffixIsNeverGuessed) {
    auto typo = by_address("12 Mian St, Worcester");
    ASSERT_TRUE(typo.ok());
    EXPECT_EQ(typo->status, "suggestions");
    EXPECT_EQ(typo->address->match, "town");
    EXPECT_EQ(typo->address->did_you_mean, std::vector<std::string>{"Main St"});
    EXPECT_FALSE(typo->districts.empty());  // Worcester's districts (one set in the fixture)
    auto elm = by_address("12 Elm, Cambridge");  // Elm St and Elm Ave
    ASSERT_TRUE(elm.ok());
    EXPECT_EQ(elm->status, "suggestions");
    EXPECT_EQ(elm->address->did_you_mean.size(), 2u);
}

TEST(AddressLookup, UncoveredTownSaysSoAndListsCandidates) {
    auto a = by_address("1 City Hall Square, Boston");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->status, "ambiguous");
    ASSERT_TRUE(a->address);
    EXPECT_FALSE(a->address->covered);
    EXPECT_EQ(a->address->match, "town");
    EXPECT_NE(a->query.explanation.find("can't place street addresses in Boston"), std::string::npos);
    ASSERT_TRUE(a->ambiguity);
    EXPECT_FALSE(a->ambiguity->candidates.empty());
    for (const auto& c : a->ambiguity->candidates) EXPECT_FALSE(c.officials.empty()) << c.district->ocd_id;
}

TEST(AddressLookup, ZipAloneAndVillageFindTheTown) {
    auto zip = by_address("12 Main St 01601");
    ASSERT_TRUE(zip.ok()) << zip.error().message;
    EXPECT_EQ(zip->status, "exact");
    EXPECT_EQ(zip->municipality->name, "Worcester");
    auto village = by_address("1 Main St, Jamaica Plain");  // a village of Boston: uncovered
    ASSERT_TRUE(village.ok());
    EXPECT_FALSE(village->address->covered);
}

// MassGIS's own town list spells them so ("NORTHANDOVER"), and so do people in a hurry.
TEST(AddressLookup, PlaceNamesTypedRunTogetherAreRead) {
    auto village = by_q("westacton");
    ASSERT_TRUE(village.ok()) << village.error().message;
    EXPECT_NE(village->status, "suggestions");
    ASSERT_TRUE(village->municipality);
    EXPECT_EQ(village->municipality->name, "Acton");
    auto address = by_address("1 Main St, JamaicaPlain");
    ASSERT_TRUE(address.ok()) << address.error().message;
    ASSERT_TRUE(address->municipality);
    EXPECT_EQ(address->municipality->name, "Boston");
    // Only the spaces may be missing: other words in another order are not a name.
    auto reversed = by_q("actonwest");
    if (reversed.ok()) {
        EXPECT_EQ(reversed->status, "suggestions");
    }
}

TEST(AddressLookup, QueryTextThatReadsAsAnAddressIsGeocoded) {
    auto a = by_q("44 Front Street Worcester");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->status, "exact");
    ASSERT_TRUE(a->address);
    EXPECT_EQ(a->address->match, "address_point");
    auto words = by_q("One Main St, Worcester");  // 1 opens the odd run 1-99
    ASSERT_TRUE(words.ok());
    ASSERT_TRUE(words->address);
    EXPECT_EQ(words->address->match, "address_point");
}

TEST(AddressLookup, BadInputIsAClearError) {
    EXPECT_EQ(by_address("Cambridge").error().code, ErrorCode::BadParameter);
    EXPECT_EQ(by_address(std::string(300, '1')).error().code, ErrorCode::BadParameter);
    EXPECT_EQ(by_address("12 Main St, Nowheresville").error().code, ErrorCode::NotFound);
    EXPECT_EQ(by_address("12 Main St").error().code, ErrorCode::NotFound);  // no town, no ZIP
    EXPECT_EQ(by_address("12 Main St \xff").error().code, ErrorCode::BadParameter);
    LookupRequest both;
    both.address = "12 Main St, Worcester";
    both.town = "Worcester";
    EXPECT_EQ(mini_lookup()->lookup(both).error().code, ErrorCode::BadParameter);
}

TEST(AddressHttp, AnswersArePrivateAndCarryTheAddressObject) {
    LiveServer live(options_for(mini_db_path()));
    auto c = live.client();
    auto r = c.Get("/v1/lookup?address=44%20Front%20St%2C%20Worcester%2C%20MA%2001601");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "private, no-store");
    auto doc = parse_json(r->body);
    ASSERT_TRUE(doc.IsObject());
    ASSERT_TRUE(doc.HasMember("address"));
    EXPECT_STREQ(doc["address"]["match"].GetString(), "address_point");
    EXPECT_TRUE(doc["address"]["covered"].GetBool());
    auto q = c.Get("/v1/lookup?q=44%20Front%20St%20Worcester");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->get_header_value("Cache-Control"), "private, no-store");
    auto civic = c.Get("/civicinfo/v2/representatives?address=44%20Front%20St%2C%20Worcester");
    ASSERT_TRUE(civic);
    EXPECT_EQ(civic->status, 200);
    EXPECT_EQ(civic->get_header_value("Cache-Control"), "private, no-store");
    auto cdoc = parse_json(civic->body);
    ASSERT_TRUE(cdoc.IsObject());
    EXPECT_STREQ(cdoc["masscivic"]["status"].GetString(), "exact");
    EXPECT_TRUE(cdoc["divisions"].HasMember((kBase + "sldl:13th_worcester").c_str()));
    auto town = c.Get("/v1/lookup?town=Acton");
    ASSERT_TRUE(town);
    EXPECT_NE(town->get_header_value("Cache-Control").find("public"), std::string::npos);
}

// Cambridge has precinct polygons (mini README): a placed address names the precinct of the
// runs it lies in; an ambiguous number, or an address in a town without polygons, names none.
TEST(AddressLookup, CambridgeAddressesNameTheirPrecinct) {
    auto in_run = by_address("44 Massachusetts Avenue, Cambridge, MA");  // run point 42.38,-71.115
    ASSERT_TRUE(in_run.ok()) << in_run.error().message;
    EXPECT_EQ(in_run->ward, "1");
    EXPECT_EQ(in_run->precinct, "1");
    auto elm_ave = by_address("3 Elm Ave, Cambridge");  // 42.385,-71.105: 2B, 26th
    ASSERT_TRUE(elm_ave.ok());
    EXPECT_EQ(elm_ave->ward, "2");
    EXPECT_EQ(elm_ave->precinct, "2B");
    auto between = by_address("104 Massachusetts Ave, Cambridge");  // between sets: ambiguous
    ASSERT_TRUE(between.ok());
    EXPECT_EQ(between->status, "ambiguous");
    EXPECT_FALSE(between->ward);
    EXPECT_FALSE(between->precinct);
    auto worcester = by_address("10 Main St, Worcester");
    ASSERT_TRUE(worcester.ok());
    EXPECT_EQ(worcester->status, "exact");
    EXPECT_FALSE(worcester->ward);
    EXPECT_FALSE(worcester->precinct);
}
