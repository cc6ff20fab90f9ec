// Bulk export over real sockets: the database as loaded (ETag, 304, a valid SQLite file
// with the same data) and each public table as CSV; the list of public tables is the
// snapshot's.
#include "server_fixture.hpp"

#include "csv.hpp"
#include "snapshot_to_db.hpp"
#include "sqlite.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace masscivic::testing;

TEST(Export, PublicTablesAreTheSnapshotTables) {
    EXPECT_EQ(masscivic::server::Lookup::export_tables(), masscivic::import::snapshot_tables());
}

TEST(Export, DatabaseFileWithETag) {
    LiveServer live(options_for(mini_db_path()));
    auto c = live.client();
    auto r = c.Get("/v1/export/masscivic.db");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/vnd.sqlite3");
    EXPECT_EQ(r->body.compare(0, 16, std::string("SQLite format 3\0", 16)), 0);
    EXPECT_EQ(r->get_header_value("Content-Disposition"), "attachment; filename=\"masscivic.db\"");
    auto etag = r->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    auto again = c.Get("/v1/export/masscivic.db", {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    // It is the database being served: open it and count what /healthz counts.
    TempDir dir;
    {
        std::ofstream out(dir / "copy.db", std::ios::binary);
        out << r->body;
    }
    auto db = masscivic::Database::open((dir / "copy.db").string(),
                                        masscivic::Database::Mode::ReadOnly);
    auto st = db.prepare("SELECT count(*) FROM municipalities");
    ASSERT_TRUE(st.step());
    auto health = parse_json(c.Get("/healthz")->body);
    EXPECT_EQ(st.integer(0), health["municipalities"].GetInt64());
}

TEST(Export, EveryPublicTableAsCsv) {
    LiveServer live(options_for(mini_db_path()));
    auto c = live.client();
    for (const auto& table : masscivic::server::Lookup::export_tables()) {
        auto r = c.Get(("/v1/export/" + table + ".csv").c_str());
        ASSERT_TRUE(r) << table;
        ASSERT_EQ(r->status, 200) << table << r->body;
        EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
        EXPECT_FALSE(r->get_header_value("ETag").empty());
        EXPECT_NE(r->body.find('\n'), std::string::npos) << table; // at least the header row
    }
    auto towns = c.Get("/v1/export/municipalities.csv");
    auto csv = masscivic::CsvTable::parse(towns->body, "municipalities.csv"); // well-formed
    auto health = parse_json(c.Get("/healthz")->body);
    EXPECT_EQ(csv.header().at(0), "geoid");
    EXPECT_EQ(static_cast<long long>(csv.records().size()), health["municipalities"].GetInt64());
    for (const char* bad : {"/v1/export/nope.csv", "/v1/export/sqlite_master.csv",
                            "/v1/export/Officials.csv", "/v1/export/..%2Fofficials.csv"}) {
        auto r = c.Get(bad);
        ASSERT_TRUE(r) << bad;
        EXPECT_EQ(r->status, 404) << bad;
    }
}
