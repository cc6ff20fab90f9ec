// The organizer data of the snapshot (issue 12): counts of each new source and the links
// between them, on the database built from the committed snapshot.
#include "real_db_fixture.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <gtest/gtest.h>

using namespace masscivic;
using masscivic::testing::open_real_db;
using masscivic::testing::scalar;

namespace {

Database& db() {
    static Database d = open_real_db();
    return d;
}

std::filesystem::path raw_dir() {
    const char* env = std::getenv("MASSCIVIC_RAW_DIR");
    return env ? env : MASSCIVIC_RAW_DIR;
}

}  // namespace

TEST(OrganizingData, LocalActionCounts) {
    // PROVENANCE.md: 228 rows in 109 municipalities.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM local_actions"), 228);
    EXPECT_EQ(scalar(db(), "SELECT count(DISTINCT geoid) FROM local_actions"), 109);
    for (const auto& [topic, n] : std::vector<std::pair<std::string, int>>{
             {"sanctuary_trust", 80}, {"ccops", 18}, {"face_surveillance", 9},
             {"body_cameras", 121}})
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM local_actions WHERE topic = ?1", topic), n)
            << topic;
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM local_actions WHERE status = 'funded'"), 75);
    // Compiled, never official; every row keeps its page and quotation.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM local_actions WHERE verified <> 0 OR "
                           "source_url NOT LIKE 'http%' OR length(evidence) < 10"),
              0);
}

TEST(OrganizingData, EveryLocalActionMunicipalityResolves) {
    auto file = raw_dir() / "compiled-ma-local-civil-liberties-actions/ma_local_actions.csv";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "raw data not available";
    auto csv = CsvTable::read(file);
    auto st = db().prepare(
        "SELECT count(*) FROM local_actions a JOIN name_index n ON n.geoid = a.geoid "
        "WHERE n.key = ?1 AND n.kind = 'official' AND a.topic = ?2 AND a.date = ?3 "
        "AND a.source_url = ?4");
    for (const auto& r : csv.records()) {
        st.bind(1, name_key(csv.get(r, "municipality")))
            .bind(2, csv.get(r, "topic"))
            .bind(3, csv.get(r, "date"))
            .bind(4, csv.get(r, "source_url"));
        ASSERT_TRUE(st.step());
        EXPECT_GE(st.integer(0), 1) << csv.where(r) << ": " << csv.get(r, "municipality");
        st.reset();
    }
}

TEST(OrganizingData, ToolkitsAreInTheDatabase) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM documents WHERE name = 'toolkits'"), 1);
    EXPECT_EQ(scalar(db(), "SELECT json_array_length(body, '$.toolkits') FROM documents "
                           "WHERE name = 'toolkits'"),
              3);
    // Every related bill of every toolkit is a bill we hold.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM documents d, json_each(d.body, '$.toolkits') t, "
                           "json_each(t.value, '$.related_bills') b "
                           "WHERE d.name = 'toolkits' AND b.value NOT IN (SELECT id FROM bills)"),
              0);
}
