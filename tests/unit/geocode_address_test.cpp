// The address parser and street normaliser on the forms people type (geocode/).
#include "address.hpp"
#include "placement.hpp"
#include "state_plane.hpp"
#include "street.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace masscivic::geocode;

namespace {

bool test_place(std::string_view words) {
    static const std::set<std::string, std::less<>> places = {
        "WORCESTER", "AMHERST", "HYANNIS", "NORTH ANDOVER", "ANDOVER", "CAMBRIDGE", "SPRINGFIELD",
        "MANCHESTER BY THE SEA", "BOSTON", "JAMAICA PLAIN", "LEE", "WEST SPRINGFIELD", "SOMERVILLE",
        "NORTHAMPTON", "FLORENCE", "PITTSFIELD", "SALEM", "LOWELL", "BROCKTON", "QUINCY",
        "FALL RIVER", "NEW BEDFORD", "EAST LONGMEADOW", "BARNSTABLE", "WELLESLEY", "NEWTON",
        "CHESTNUT HILL", "ATTLEBORO", "NORTH ATTLEBOROUGH", "MARTHAS VINEYARD", "OAK BLUFFS"};
    std::string w(words);
    for (auto& c : w)
        if (c == '-') c = ' ';
    return places.contains(w);
}

struct Form {
    const char* text;
    const char* number;  // as written
    long low, high;
    const char* street_key;
    const char* town;
    const char* zip;
    const char* unit;
};

// Real-world forms: assessor spellings, what residents type into search boxes and
// chat, and forms copied from mail and web pages.
const Form kForms[] = {
    {"44 Front St, Worcester, MA 01608", "44", 44, 44, "FRONT ST", "WORCESTER", "01608", ""},
    {"44 front street worcester", "44", 44, 44, "FRONT ST", "WORCESTER", "", ""},
    {"44 FRONT ST WORCESTER MA", "44", 44, 44, "FRONT ST", "WORCESTER", "", ""},
    {"Apt 3, 12 Elm St, Amherst", "12", 12, 12, "ELM ST", "AMHERST", "", "APT 3"},
    {"12 Elm St Apt 3, Amherst", "12", 12, 12, "ELM ST", "AMHERST", "", "APT 3"},
    {"12 Elm St #3 Amherst MA", "12", 12, 12, "ELM ST", "AMHERST", "", "# 3"},
    {"12 Elm St, Unit 4B, Amherst, MA 01002", "12", 12, 12, "ELM ST", "AMHERST", "01002", "UNIT 4B"},
    {"12-14 Elm St", "12-14", 12, 14, "ELM ST", "", "", ""},
    {"12 - 14 Elm Street, Amherst", "12-14", 12, 14, "ELM ST", "AMHERST", "", ""},
    {"12A Elm St", "12A", 12, 12, "ELM ST", "", "", ""},
    {"12-A Elm St, Amherst", "12-A", 12, 12, "ELM ST", "AMHERST", "", ""},
    {"12 1/2 Elm St, Amherst", "12 1/2", 12, 12, "ELM ST", "AMHERST", "", ""},
    {"One Main St", "1", 1, 1, "MAIN ST", "", "", ""},
    {"One Ashburton Place, Boston, MA 02108", "1", 1, 1, "ASHBURTON PL", "BOSTON", "02108", ""},
    {"12 Main St 01002", "12", 12, 12, "MAIN ST", "", "01002", ""},
    {"12 Main St, 01002", "12", 12, 12, "MAIN ST", "", "01002", ""},
    {"12 Main St, Hyannis", "12", 12, 12, "MAIN ST", "HYANNIS", "", ""},
    {"12 Main St Hyannis MA 02601", "12", 12, 12, "MAIN ST", "HYANNIS", "02601", ""},
    {"12 Mian St, Amherst", "12", 12, 12, "MIAN ST", "AMHERST", "", ""},
    {"12 main st amherst ma 01002-1234", "12", 12, 12, "MAIN ST", "AMHERST", "01002", ""},
    {"795 Massachusetts Ave, Cambridge, MA 02139", "795", 795, 795, "MASSACHUSETTS AVE", "CAMBRIDGE", "02139", ""},
    {"795 Mass Ave Cambridge", "795", 795, 795, "MASSACHUSETTS AVE", "CAMBRIDGE", "", ""},
    {"795 mass. ave., cambridge", "795", 795, 795, "MASSACHUSETTS AVE", "CAMBRIDGE", "", ""},
    {"795 MASSACHUSETTS AV CAMBRIDGE", "795", 795, 795, "MASSACHUSETTS AVE", "CAMBRIDGE", "", ""},
    {"1000 Memorial Drive, Cambridge", "1000", 1000, 1000, "MEMORIAL DR", "CAMBRIDGE", "", ""},
    {"1000 Mem Dr Cambridge", "1000", 1000, 1000, "MEMORIAL DR", "CAMBRIDGE", "", ""},
    {"270 Commonwealth Avenue, Boston", "270", 270, 270, "COMMONWEALTH AVE", "BOSTON", "", ""},
    {"270 Comm Ave Boston", "270", 270, 270, "COMMONWEALTH AVE", "BOSTON", "", ""},
    {"5 North Main Street, Andover", "5", 5, 5, "N MAIN ST", "ANDOVER", "", ""},
    {"5 No Main St Andover", "5", 5, 5, "N MAIN ST", "ANDOVER", "", ""},
    {"5 N. Main St., Andover", "5", 5, 5, "N MAIN ST", "ANDOVER", "", ""},
    {"5 Main St North, Andover", "5", 5, 5, "N MAIN ST", "ANDOVER", "", ""},
    {"5 Main St N Andover", "5", 5, 5, "N MAIN ST", "ANDOVER", "", ""},
    {"120 Main St North Andover", "120", 120, 120, "MAIN ST", "NORTH ANDOVER", "", ""},
    {"9 North St, Salem", "9", 9, 9, "NORTH ST", "SALEM", "", ""},
    {"9 South Street Pittsfield", "9", 9, 9, "SOUTH ST", "PITTSFIELD", "", ""},
    {"30 St James Ave, Springfield", "30", 30, 30, "SAINT JAMES AVE", "SPRINGFIELD", "", ""},
    {"30 Saint James Avenue Springfield", "30", 30, 30, "SAINT JAMES AVE", "SPRINGFIELD", "", ""},
    {"30 St. James Ave. Springfield, Mass.", "30", 30, 30, "SAINT JAMES AVE", "SPRINGFIELD", "", ""},
    {"4 Mt Vernon St, Somerville", "4", 4, 4, "MOUNT VERNON ST", "SOMERVILLE", "", ""},
    {"4 Mount Vernon Street Somerville", "4", 4, 4, "MOUNT VERNON ST", "SOMERVILLE", "", ""},
    {"17 First St, Pittsfield", "17", 17, 17, "1ST ST", "PITTSFIELD", "", ""},
    {"17 1st Street Pittsfield", "17", 17, 17, "1ST ST", "PITTSFIELD", "", ""},
    {"3 Twenty-First St, Lowell", "3", 3, 3, "21ST ST", "LOWELL", "", ""},
    {"200 Boston Post Rd, Wellesley", "200", 200, 200, "BOSTON POST RD", "WELLESLEY", "", ""},
    {"200 Boston Post Road", "200", 200, 200, "BOSTON POST RD", "", "", ""},
    {"8 Oak Bluffs Ave, Oak Bluffs", "8", 8, 8, "OAK BLUFFS AVE", "OAK BLUFFS", "", ""},
    {"1 Chestnut Hill Ave, Chestnut Hill", "1", 1, 1, "CHESTNUT HILL AVE", "CHESTNUT HILL", "", ""},
    {"55 Beach Rd, Manchester-by-the-Sea, MA", "55", 55, 55, "BEACH RD", "MANCHESTER-BY-THE-SEA", "", ""},
    {"12 Elm St in Amherst", "12", 12, 12, "ELM ST", "AMHERST", "", ""},
    {"12 Elm St, Amherst, Massachusetts, USA", "12", 12, 12, "ELM ST", "AMHERST", "", ""},
    {"12 Elm St, Amherst, MA, United States", "12", 12, 12, "ELM ST", "AMHERST", "", ""},
    {"12 Elm St Smalltown", "12", 12, 12, "ELM ST", "SMALLTOWN", "", ""},
    {"36 Court Street, Springfield MA 01103", "36", 36, 36, "COURT ST", "SPRINGFIELD", "01103", ""},
    {"455 Main St., Worcester, MA", "455", 455, 455, "MAIN ST", "WORCESTER", "", ""},
    {"12 Pleasant, Lee", "12", 12, 12, "PLEASANT", "LEE", "", ""},
    {"12 Pleasant St Lee", "12", 12, 12, "PLEASANT ST", "LEE", "", ""},
    {"100 Route 9, Northampton", "100", 100, 100, "ROUTE 9", "NORTHAMPTON", "", ""},
    {"100 Rte 9 Northampton", "100", 100, 100, "ROUTE 9", "NORTHAMPTON", "", ""},
    {"100 Rt. 9, Northampton", "100", 100, 100, "ROUTE 9", "NORTHAMPTON", "", ""},
    {"6 Elm St Ext, Florence", "6", 6, 6, "ELM ST EXT", "FLORENCE", "", ""},
    {"6 Elm Street Extension Florence", "6", 6, 6, "ELM ST EXT", "FLORENCE", "", ""},
    {"21 O'Brien Hwy, Cambridge", "21", 21, 21, "MSGR OBRIEN HWY", "CAMBRIDGE", "", ""},
    {"21 Monsignor O'Brien Highway Cambridge", "21", 21, 21, "MSGR OBRIEN HWY", "CAMBRIDGE", "", ""},
    {"3 Martin Luther King Blvd, Springfield", "3", 3, 3, "MARTIN LUTHER KING JR BLVD", "SPRINGFIELD", "", ""},
    {"7 Jamaicaway, Jamaica Plain", "7", 7, 7, "JAMAICA WAY", "JAMAICA PLAIN", "", ""},
    {"10 Circuit Av, Oak Bluffs", "10", 10, 10, "CIRCUIT AVE", "OAK BLUFFS", "", ""},
    {"10 Cove Ln, Barnstable", "10", 10, 10, "COVE LN", "BARNSTABLE", "", ""},
    {"2 Meadow Brook Cir, East Longmeadow", "2", 2, 2, "MEADOW BROOK CIR", "EAST LONGMEADOW", "", ""},
    {"2 Highland Terr, West Springfield", "2", 2, 2, "HIGHLAND TER", "WEST SPRINGFIELD", "", ""},
    {"1 City Hall Sq, Lowell", "1", 1, 1, "CITY HALL SQ", "LOWELL", "", ""},
    {"45 School St; Brockton", "45", 45, 45, "SCHOOL ST", "BROCKTON", "", ""},
    {"  45   School   St ,  Brockton  ", "45", 45, 45, "SCHOOL ST", "BROCKTON", "", ""},
    {"1305 Hancock St Suite 2, Quincy MA", "1305", 1305, 1305, "HANCOCK ST", "QUINCY", "", "SUITE 2"},
    {"1 Government Center, Fall River", "1", 1, 1, "GOVERNMENT CTR", "FALL RIVER", "", ""},
    {"133 William St, 3rd Floor, New Bedford", "133", 133, 133, "WILLIAM ST", "NEW BEDFORD", "", "3RD FLOOR"},
    {"77 Park Street, Attleboro MA 02703", "77", 77, 77, "PARK ST", "ATTLEBORO", "02703", ""},
    {"43 S Washington St, North Attleborough", "43", 43, 43, "S WASHINGTON ST", "NORTH ATTLEBOROUGH", "", ""},
    {"450 R Concord Ave, Cambridge", "450 R", 450, 450, "CONCORD AVE", "CAMBRIDGE", "", ""},
    {"12 Elm St (rear), Northampton", "12 R", 12, 12, "ELM ST", "NORTHAMPTON", "", ""},
    {"12 elm st rear northampton", "12 R", 12, 12, "ELM ST", "NORTHAMPTON", "", ""},
    {"12 Rear St, Amherst", "12", 12, 12, "REAR ST", "AMHERST", "", ""},
    {"5 Longfellow Pk, Cambridge", "5", 5, 5, "LONGFELLOW PARK", "CAMBRIDGE", "", ""},
    {"5 Longfellow Park Cambridge", "5", 5, 5, "LONGFELLOW PARK", "CAMBRIDGE", "", ""},
    {"1000 Commonwealth Ave Newton", "1000", 1000, 1000, "COMMONWEALTH AVE", "NEWTON", "", ""},
};

}  // namespace

TEST(AddressParser, ParsesAtLeastSixtyRealWorldForms) {
    std::size_t n = 0;
    for (const auto& f : kForms) {
        SCOPED_TRACE(f.text);
        auto a = parse_address(f.text, test_place);
        ASSERT_TRUE(a.has_value());
        EXPECT_EQ(a->number.text, f.number);
        EXPECT_EQ(a->number.low, f.low);
        EXPECT_EQ(a->number.high, f.high);
        EXPECT_EQ(a->street_name.key, f.street_key);
        EXPECT_EQ(a->town, f.town);
        EXPECT_EQ(a->zip, f.zip);
        EXPECT_EQ(a->unit, f.unit);
        ++n;
    }
    EXPECT_GE(n, 60u);
}

TEST(AddressParser, RejectsWhatIsNotAStreetAddress) {
    for (const char* text : {"Amherst", "01002", "Ward 3 Precinct 2, Cambridge", "42.37,-71.11",
                             "3 Amherst", "0 Main St", "", "   ", "12", "12 , Amherst", "1st St",
                             "Precinct 4 Lowell", "12 345", "#", "6   `-(Ma i", "12 -(Apt 3)"}) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(parse_address(text, test_place).has_value());
    }
    EXPECT_FALSE(parse_address(std::string(300, 'a'), test_place).has_value());
}

TEST(StreetNormaliser, AssessorSpellingsMeetTypedOnes) {
    EXPECT_EQ(street_key("MASSACHUSETTS AV"), street_key("Massachusetts Avenue"));
    EXPECT_EQ(street_key("MASS AVE"), "MASSACHUSETTS AVE");
    // A key normalises to itself, even where a first pass makes a new suffix (fuzzer finds).
    for (const char* s : {"E RT N", "e Rt n", "RT 9 N", "MASS AVE EXT", "ST JAMES ST W"})
        EXPECT_EQ(street_key(street_key(s)), street_key(s)) << s;
    EXPECT_EQ(street_key("FOXMEADOW DR"), "FOXMEADOW DR");
    EXPECT_EQ(street_key("MAIN ST NORTH"), "N MAIN ST");
    EXPECT_EQ(street_key("NORTH ST"), "NORTH ST");
    EXPECT_EQ(street_key("ST"), "ST");
    EXPECT_EQ(street_key("AVENUE A"), "AVENUE A");
    EXPECT_EQ(street_key("ST MARYS ST"), "SAINT MARYS ST");
    EXPECT_EQ(street_key("MAIN ST EXTENSION"), "MAIN ST EXT");
    EXPECT_EQ(normalize_street("N MAIN ST").core, "MAIN");
    EXPECT_TRUE(normalize_street("ELM ST").has_suffix);
    EXPECT_FALSE(normalize_street("ELM").has_suffix);
    EXPECT_EQ(display_street("N MAIN ST"), "N Main St");
    EXPECT_EQ(display_street("1ST ST"), "1st St");
    EXPECT_EQ(display_street("NORTH ST"), "North St");
    EXPECT_EQ(street_key(""), "");
}

TEST(StreetNormaliser, VillageQualifiersStayPartOfTheKey) {
    auto hyannis = normalize_street("MAIN STREET (HYANNIS)");
    EXPECT_EQ(hyannis.key, "MAIN ST (HYANNIS)");
    EXPECT_EQ(hyannis.core, "MAIN");
    EXPECT_EQ(hyannis.qualifier, "HYANNIS");
    EXPECT_EQ(street_key("FEDERAL ST (REAR)"), "FEDERAL ST");
    EXPECT_EQ(street_key("NORTH WASHINGTON ST (REAR"), "N WASHINGTON ST");
    EXPECT_EQ(display_street("MAIN ST (HYANNIS)"), "Main St (Hyannis)");
    EXPECT_TRUE(qualifier_matches("HYANNIS", "HYANNIS"));
    EXPECT_TRUE(qualifier_matches("OST", "OSTERVILLE"));
    EXPECT_TRUE(qualifier_matches("W BARN", "WEST BARNSTABLE"));
    EXPECT_FALSE(qualifier_matches("COTUIT", "HYANNIS"));
    EXPECT_FALSE(qualifier_matches("", "HYANNIS"));
}

TEST(HouseNumber, Forms) {
    EXPECT_EQ(parse_house_number("12")->low, 12);
    EXPECT_EQ(parse_house_number("12-14")->high, 14);
    EXPECT_EQ(parse_house_number("14-12")->high, 14);
    EXPECT_EQ(parse_house_number("12a")->low, 12);
    EXPECT_EQ(parse_house_number("twenty")->low, 20);
    EXPECT_FALSE(parse_house_number("0"));
    EXPECT_FALSE(parse_house_number("2ND"));
    EXPECT_FALSE(parse_house_number("1234567"));
    EXPECT_FALSE(parse_house_number("12/14"));
    EXPECT_FALSE(parse_house_number(""));
}

TEST(Placement, ExactInterpolatedAmbiguous) {
    StreetRuns s;
    s.runs = {{false, 2, 20, 1, 42.0, -71.0}, {false, 30, 40, 1, 42.1, -71.1}, {false, 50, 60, 2, 42.2, -71.2},
              {true, 1, 99, 3, 42.3, -71.3}};
    EXPECT_EQ(place_number(s, 10).kind, Placement::Kind::AddressPoint);
    EXPECT_EQ(place_number(s, 10).set, 1u);
    auto between = place_number(s, 24);
    EXPECT_EQ(between.kind, Placement::Kind::Interpolated);
    EXPECT_EQ(between.set, 1u);
    EXPECT_DOUBLE_EQ(between.lat, 42.0);  // nearer to the run ending at 20
    auto split = place_number(s, 44);
    EXPECT_EQ(split.kind, Placement::Kind::Ambiguous);
    EXPECT_EQ(split.candidates, (std::vector<SetId>{1, 2}));
    EXPECT_EQ(place_number(s, 56).set, 2u);
    EXPECT_EQ(place_number(s, 51).set, 3u);  // odd side
    auto beyond = place_number(s, 100);
    EXPECT_EQ(beyond.kind, Placement::Kind::Ambiguous);
    EXPECT_EQ(beyond.candidates, (std::vector<SetId>{1, 2, 3}));
    s.whole_set = 7;
    EXPECT_EQ(place_number(s, 100).kind, Placement::Kind::Interpolated);
    EXPECT_EQ(place_number(s, 100).set, 7u);
    EXPECT_EQ(place_number(StreetRuns{}, 5).kind, Placement::Kind::Ambiguous);
}

TEST(StatePlane, MatchesMassGisVerticesGivenInBothSystems) {
    // The first vertex of "First Barnstable" in house2021.geojson (EPSG:26986) and in
    // wgs84/house2021_wgs84.geojson.
    auto p = state_plane_to_lonlat(322615.6599, 838573.3250);
    EXPECT_NEAR(p.lon, -70.024842, 2e-6);
    EXPECT_NEAR(p.lat, 41.787913, 2e-6);
}
