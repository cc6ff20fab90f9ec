// The organizer data of the snapshot (issue 12): counts of each new source and the links
// between them, on the database built from the committed snapshot.
#include "real_db_fixture.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <gtest/gtest.h>

#include <set>

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

TEST(OrganizingData, ElectionResultCounts) {
    // 2022 and 2024 generals for 160 + 40 + 9 + 8 seats, and 7 specials since.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM election_results"), 441);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM election_results WHERE is_special = 1"), 7);
    EXPECT_EQ(scalar(db(), "SELECT count(DISTINCT division_id) FROM election_results"), 217);
    EXPECT_EQ(scalar(db(), "SELECT max(election_date) = '2026-03-03' FROM election_results"), 1);
}

TEST(OrganizingData, GovernorsCouncilEqualsThe2024Winners) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE office = 'governors_councillor'"),
              8);
    // Same people, seat by seat, and every councillor linked to the contest they won.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials o JOIN election_results e "
                           "ON e.division_id = o.division_id AND e.election_date = '2024-11-05' "
                           "AND e.winner = o.name AND e.official_id = o.id "
                           "WHERE o.office = 'governors_councillor'"),
              8);
    for (const char* name : {"Tamisha L. Civil", "Mara Dolan", "Eunice Delice Zeigler"})
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE name = ?1", name), 1) << name;
    for (const char* stale : {"Robert L. Jubinville", "Marilyn M. Petitto Devaney", "Eileen R. Duff"})
        EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials WHERE name = ?1", stale), 0) << stale;
}

TEST(OrganizingData, NoOfficialCitesARosterOlderThanTheSeatsLatestElection) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM officials o JOIN (SELECT division_id, "
                           "max(election_date) AS latest FROM election_results GROUP BY "
                           "division_id) e ON e.division_id = o.division_id "
                           "WHERE o.as_of < e.latest"),
              0);
    // Most sitting legislators are linked to the election they won last.
    EXPECT_GE(scalar(db(), "SELECT count(*) FROM officials o JOIN election_results e "
                           "ON e.official_id = o.id WHERE o.office IN "
                           "('state_representative', 'state_senator')"),
              190);
}

TEST(OrganizingData, CurrentSessionBillCounts) {
    // PROVENANCE.md: 22 House/Senate pairs (44 rows; the Sunlight Act is Senate-only).
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bills WHERE session = '194th'"), 22);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bills WHERE session = '194th' AND "
                           "house_number IS NULL"),
              1);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bills WHERE session <> '194th'"), 46);
    // The Safe Communities Act: 84 members marked Y, its four named leads among them.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bill_sponsors WHERE bill_id = "
                           "'194-safe-communities-act'"),
              84);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bill_sponsors WHERE bill_id = "
                           "'194-safe-communities-act' AND role = 'lead'"),
              4);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM roll_calls WHERE chamber = 'house'"), 17);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM roll_calls WHERE chamber = 'senate'"), 21);
}

TEST(OrganizingData, EveryCurrentCosponsorIsASittingLegislator) {
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bill_sponsors s JOIN bills b ON b.id = s.bill_id "
                           "WHERE b.session = '194th' AND (s.official_id IS NULL OR s.official_id "
                           "NOT IN (SELECT id FROM officials WHERE office IN "
                           "('state_representative', 'state_senator')))"),
              0);
    // A member's chamber is the one they sit in.
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM bill_sponsors s JOIN officials o ON o.id = "
                           "s.official_id JOIN bills b ON b.id = s.bill_id WHERE b.session = "
                           "'194th' AND s.chamber <> CASE o.office WHEN 'state_senator' THEN "
                           "'senate' ELSE 'house' END"),
              0);
}

TEST(OrganizingData, RollCallVotesAddUpAndResolve) {
    // Every vote is by a member of the roll call's chamber, except by the one member who moved
    // from the House to the Senate in 2026 (Vanna Howard, 17th Middlesex -> First Middlesex).
    const char* other_chamber =
        "FROM roll_call_votes v JOIN roll_calls r ON r.id = v.roll_call_id JOIN officials o ON "
        "o.id = v.official_id WHERE o.office <> CASE r.chamber WHEN 'senate' THEN "
        "'state_senator' ELSE 'state_representative' END";
    EXPECT_EQ(scalar(db(), std::string("SELECT count(DISTINCT o.id) ") + other_chamber), 1);
    EXPECT_EQ(scalar(db(), std::string("SELECT count(*) ") + other_chamber +
                               " AND o.name = 'Vanna Howard' AND r.chamber = 'house'"),
              scalar(db(), std::string("SELECT count(*) ") + other_chamber));
    // Votes by someone no longer in office: only Sen. Edward Kennedy (First Middlesex, in
    // Open States' retired/), whose seat Vanna Howard won in 2026.
    EXPECT_EQ(scalar(db(), "SELECT count(DISTINCT person_id) FROM roll_call_votes WHERE "
                           "official_id IS NULL"),
              1);
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM roll_call_votes WHERE official_id IS NULL AND "
                           "person_id <> 'ocd-person/6ad38b3e-46dc-4367-b85a-26793ea9ff65'"),
              0);
    // Member votes match the published totals within 2 (members who left mid-session).
    EXPECT_EQ(scalar(db(), "SELECT count(*) FROM roll_calls r WHERE abs(r.yeas - (SELECT count(*) "
                           "FROM roll_call_votes v WHERE v.roll_call_id = r.id AND v.vote = "
                           "'yes')) > 2 OR abs(r.nays - (SELECT count(*) FROM roll_call_votes v "
                           "WHERE v.roll_call_id = r.id AND v.vote = 'no')) > 2"),
              0);
}

TEST(OrganizingData, SeatDivisionsAreRealOcdIds) {
    auto file = raw_dir() / "ocd-division-ids-ma/state-ma-local_gov.csv";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "raw data not available";
    std::set<std::string> ids;
    auto csv = CsvTable::read(file);
    ids.insert(csv.header()[0]);  // no header row in this file
    for (const auto& r : csv.records()) ids.insert(r.fields[0]);
    auto st = db().prepare("SELECT id, seat_division_id FROM officials WHERE seat_division_id "
                           "IS NOT NULL");
    int n = 0;
    while (st.step()) {
        ++n;
        EXPECT_TRUE(ids.count(st.text(1))) << st.text(0) << ": " << st.text(1);
    }
    EXPECT_GE(n, 100);  // Newton, Boston, Everett, Fitchburg ... ward and district seats
    // Every ward of the precinct crosswalk has its OCD id (the answers' ward_ocd_id).
    auto wards = db().prepare("SELECT DISTINCT m.ocd_id || '/ward:' || lower(p.ward) FROM "
                              "precincts p JOIN municipalities m USING (geoid) WHERE p.ward IS "
                              "NOT NULL");
    int w = 0;
    while (wards.step()) {
        ++w;
        EXPECT_TRUE(ids.count(wards.text(0))) << wards.text(0);
    }
    EXPECT_GT(w, 250);
}
