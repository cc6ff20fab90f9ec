// Counts and invariants of the database built from the committed snapshot.
#include "real_db_fixture.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace masscivic;
using masscivic::testing::open_real_db;
using masscivic::testing::scalar;

namespace {
Database& db() {
    static Database d = open_real_db();
    return d;
}
}  // namespace

TEST(Data, AllMunicipalitiesWithFormOfGovernment) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM municipalities"), 351);
    const std::vector<std::pair<std::string, int>> bodies = {
        {"Open Town Meeting", 260}, {"Representative Town Meeting", 32}, {"City Council", 45},
        {"Town Council", 13},       {"Municipal Council", 1}};
    for (const auto& [body, n] : bodies)
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM municipalities WHERE legislative_body = ?1",
                         body),
                  n)
            << body;
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM municipalities WHERE county IS NULL OR "
                           "form_of_government IS NULL OR ocd_id IS NULL"),
              0);
}

TEST(Data, EveryMunicipalityHasAClerkContact) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM municipalities m WHERE NOT EXISTS ("
                           "SELECT 1 FROM clerk_offices c WHERE c.geoid = m.geoid AND "
                           "(c.phone IS NOT NULL OR c.email IS NOT NULL))"),
              0);
}

TEST(Data, DistrictCountsPerChamber) {
    const std::vector<std::pair<std::string, int>> chambers = {
        {"house", 160}, {"senate", 40}, {"congress", 9}, {"governors_council", 8}};
    for (const auto& [chamber, n] : chambers) {
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM districts WHERE chamber = ?1", chamber), n)
            << chamber;
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM boundaries WHERE layer = ?1", chamber), n)
            << chamber;
    }
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM boundaries WHERE layer = 'town'"), 351);
}

TEST(Data, EveryPrecinctMapsToOneDistrictPerChamberAndEveryDistrictIsUsed) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM precincts"), 2383);
    EXPECT_EQ(scalar(db(), "SELECT count(DISTINCT geoid) FROM precincts"), 351);
    // The columns are NOT NULL foreign keys; check each points at the right chamber.
    const std::vector<std::pair<std::string, std::string>> cols = {
        {"house_id", "house"}, {"senate_id", "senate"}, {"congress_id", "congress"},
        {"governors_council_id", "governors_council"}};
    for (const auto& [col, chamber] : cols) {
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM precincts p JOIN districts d ON d.ocd_id = p." +
                                   col + " WHERE d.chamber = ?1",
                         chamber),
                  2383)
            << col;
        EXPECT_EQ(scalar(db(), "SELECT count(DISTINCT " + col + ") FROM precincts"),
                  scalar(db(), "SELECT count(*) FROM districts WHERE chamber = ?1", chamber))
            << col;
    }
}

TEST(Data, EveryDistrictHasAMemberOrAVacancy) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM districts d WHERE d.chamber <> 'governors_council' "
                           "AND NOT EXISTS (SELECT 1 FROM officials o WHERE o.division_id = d.ocd_id) "
                           "AND NOT EXISTS (SELECT 1 FROM vacancies v WHERE v.division_id = d.ocd_id)"),
              0);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM districts d JOIN vacancies v ON v.division_id = "
                           "d.ocd_id JOIN officials o ON o.division_id = d.ocd_id AND o.office = v.office"),
              0)
        << "a seat is both held and vacant";
}

TEST(Data, LegislatureAndCongress) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'state_representative'"), 158);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'state_senator'"), 40);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM vacancies"), 2);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'us_senator'"), 2);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'us_representative'"), 9);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'governor'"), 1);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'lieutenant_governor'"), 1);
}

TEST(Data, EveryOfficialHasASourceAndLocalOnesAreFlagged) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE source IS NULL OR as_of IS NULL"), 0);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE level = 'local' AND "
                           "(geoid IS NULL OR (verified = 0 AND source_url IS NULL))"),
              0);
}

TEST(Data, OcdIdsAreUniqueAndWellFormed) {
    const std::regex ocd(R"(ocd-division/country:us/state:ma(/[a-z_]+:[a-z0-9_~.-]+)*)");
    auto st = db().prepare("SELECT ocd_id FROM districts UNION ALL SELECT ocd_id FROM municipalities");
    std::set<std::string> seen;
    while (st.step()) {
        auto id = st.text(0);
        EXPECT_TRUE(std::regex_match(id, ocd)) << id;
        EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
    }
    EXPECT_EQ(seen.size(), 351u + 217u);
}

TEST(Data, PlaceNamesResolve) {
    const std::vector<std::pair<std::string, std::string>> names = {
        {"hyannis", "Barnstable"},         {"jamaica plain", "Boston"},
        {"florence", "Northampton"},       {"foxboro", "Foxborough"},
        {"manchester", "Manchester-by-the-Sea"}};
    for (const auto& [key, town] : names)
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM name_index n JOIN municipalities m ON "
                               "m.geoid = n.geoid WHERE n.key = ?1 AND m.name = '" + town + "'",
                         key),
                  1)
            << key << " -> " << town;
}

TEST(Data, ZipCodesMapToTowns) {
    EXPECT_GE(scalar(db(), "SELECT count(DISTINCT zip) FROM zip_codes"), 539);
    // 02139 is Cambridge; some ZIPs span several towns.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM zip_codes z JOIN municipalities m ON m.geoid = "
                           "z.geoid WHERE z.zip = ?1 AND m.name = 'Cambridge'",
                     "02139"),
              1);
    EXPECT_GT(scalar(db(), "SELECT count(*) FROM (SELECT zip FROM zip_codes GROUP BY zip "
                           "HAVING count(*) > 1)"),
              50);
}
