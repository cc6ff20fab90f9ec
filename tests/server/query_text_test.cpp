#include "query_text.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

using namespace masscivic::server;
using Kind = ParsedQuery::Kind;

TEST(QueryText, RecognisesEachForm) {
    auto p = parse_free_text("42.37, -71.11", "q");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->kind, Kind::Point);
    EXPECT_EQ(p->lat, "42.37");
    EXPECT_EQ(p->lon, "-71.11");
    p = parse_free_text("02139", "q");
    EXPECT_EQ(p->kind, Kind::Zip);
    p = parse_free_text("Ward 2 Precinct 1, Cambridge", "q");
    EXPECT_EQ(p->kind, Kind::WardPrecinct);
    EXPECT_EQ(p->ward, "2");
    EXPECT_EQ(p->precinct, "1");
    EXPECT_EQ(p->place, "Cambridge");
    p = parse_free_text("cambridge ward 02 pct 3a", "q");
    EXPECT_EQ(p->ward, "2");
    EXPECT_EQ(p->precinct, "3A");
    EXPECT_EQ(p->place, "cambridge");
    // Letter precincts (Springfield, Lowell): "precinct A", "8A", "8-A".
    for (const auto& [text, ward, precinct] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"Ward 8 Precinct A, Springfield", "8", "A"}, {"ward 8 pct a springfield", "8", "A"},
             {"Precinct 8-A, Barnstable", "", "8A"}, {"precinct 8A Barnstable", "", "8A"}}) {
        auto lp = parse_free_text(text, "q");
        ASSERT_TRUE(lp) << text;
        EXPECT_EQ(lp->kind, ParsedQuery::Kind::WardPrecinct) << text;
        EXPECT_EQ(lp->ward, ward) << text;
        EXPECT_EQ(lp->precinct, precinct) << text;
        EXPECT_FALSE(lp->place.empty()) << text;
    }
    p = parse_free_text("Precinct 4 in Acton, MA", "q");
    EXPECT_EQ(p->kind, Kind::WardPrecinct);
    EXPECT_EQ(p->ward, "");
    EXPECT_EQ(p->place, "Acton");
    p = parse_free_text("24 Beacon St Boston MA 02133", "q");
    EXPECT_EQ(p->kind, Kind::Address);
    EXPECT_EQ(p->zip, "02133");
    ASSERT_EQ(p->address_words.size(), 3u);
    EXPECT_EQ(p->address_words.back(), "Boston");
    p = parse_free_text("Jamaica Plain", "q");
    EXPECT_EQ(p->kind, Kind::Name);
    p = parse_free_text("Somerville, MA 02143", "q");
    EXPECT_EQ(p->kind, Kind::Name);
    EXPECT_EQ(p->place, "Somerville");
    EXPECT_EQ(p->zip, "02143");
}

TEST(QueryText, RejectsUnusableInput) {
    for (const char* bad : {"", "   ", "Ward 2 Precinct 1", ", MA"}) {
        auto p = parse_free_text(bad, "address");
        ASSERT_FALSE(p.ok()) << bad;
        EXPECT_EQ(p.error().message.rfind("address:", 0), 0u) << p.error().message;
    }
    EXPECT_FALSE(parse_free_text(std::string(201, 'x'), "q").ok());
    EXPECT_FALSE(parse_free_text("Bost\xc3", "q").ok());
}

TEST(QueryText, Labels) {
    EXPECT_EQ(normalize_precinct_label(" 007 "), "7");
    EXPECT_EQ(normalize_precinct_label("0"), "0");
    EXPECT_EQ(normalize_precinct_label("2a"), "2A");
    EXPECT_TRUE(is_zip("01002"));
    EXPECT_TRUE(is_zip("01002-1234"));
    EXPECT_FALSE(is_zip("1002"));
    EXPECT_FALSE(is_zip("0100a"));
}
