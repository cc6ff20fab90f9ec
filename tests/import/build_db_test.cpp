// snapshot -> database: a tiny snapshot built in the test, then broken in the ways real
// files break. Every failure must name the file (and line), and leave the previous
// database untouched.
#include "csv.hpp"
#include "schema.hpp"
#include "snapshot.hpp"
#include "snapshot_to_db.hpp"
#include "sqlite.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace masscivic;
using namespace masscivic::import;
using masscivic::testing::TempDir;

namespace {

const std::string kSquare =
    R"({"type":"Polygon","coordinates":[[[-71.2,42.3],[-71.1,42.3],[-71.1,42.4],[-71.2,42.4],[-71.2,42.3]]]})";

void write_mini_snapshot(const std::filesystem::path& dir) {
    Snapshot snap(dir / "no-raw");
    snap.add_source({"test", "Test source", "https://example.org", "CC0", "2026-01-01", ""});
    const std::string geoid = "2501711000";
    snap.add("municipalities", {{"geoid", geoid},
                                {"name", "Cambridge"},
                                {"kind", "city"},
                                {"county", "Middlesex"},
                                {"ocd_id", "ocd-division/country:us/state:ma/place:cambridge"},
                                {"population_2020", "118403"},
                                {"legislative_body", "City Council"},
                                {"form_of_government", "Council - Manager - Mayor"},
                                {"source", "test"},
                                {"as_of", "2026-01-01"}});
    const std::string base = "ocd-division/country:us/state:ma/";
    const std::vector<std::pair<std::string, std::string>> districts = {
        {"house", base + "sldl:25th_middlesex"},
        {"senate", base + "sldu:middlesex_and_suffolk"},
        {"congress", base + "cd:7"},
        {"governors_council", base + "governors_council:6"}};
    for (const auto& [chamber, id] : districts) {
        snap.add("districts", {{"ocd_id", id}, {"chamber", chamber}, {"name", id},
                               {"display_name", id}, {"number", "1"}, {"source", "test"},
                               {"as_of", "2026-01-01"}});
        snap.add_boundary(chamber, id, id, kSquare);
    }
    snap.add_boundary("town", geoid, "Cambridge", kSquare);
    snap.add_boundary("precinct", geoid + ":1-1", "Cambridge Ward 1 Precinct 1", kSquare);
    for (const auto& pct : {"1", "2"})
        snap.add("precincts", {{"geoid", geoid}, {"ward", "1"}, {"precinct", pct},
                               {"is_sub_precinct", "0"}, {"house_id", districts[0].second},
                               {"senate_id", districts[1].second},
                               {"congress_id", districts[2].second},
                               {"governors_council_id", districts[3].second},
                               {"in_2024", "1"}, {"source", "test"}, {"as_of", "2026-01-01"}});
    snap.write(dir);
}

long count_rows(const std::filesystem::path& db_path, const std::string& table) {
    auto db = Database::open(db_path.string(), Database::Mode::ReadOnly);
    auto st = db.prepare("SELECT count(*) FROM " + table);  // table names are test constants
    return st.step() ? st.integer(0) : -1;
}

void replace_in_file(const std::filesystem::path& file, const std::string& from,
                     const std::string& to) {
    auto text = read_file(file);
    auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

class BuildDatabase : public ::testing::Test {
protected:
    void SetUp() override {
        write_mini_snapshot(dir.path() / "snap");
        build_database(dir / "snap", db_path(), [](const std::string&) {});
        ASSERT_EQ(count_rows(db_path(), "precincts"), 2);
    }
    std::filesystem::path db_path() const { return dir / "masscivic.db"; }
    std::filesystem::path snap(const std::string& f) const { return dir / ("snap/" + f); }

    // Rebuilding must fail with a message naming `needle`, leaving the old DB intact.
    void expect_failure_mentioning(const std::string& needle) {
        try {
            build_database(dir / "snap", db_path(), [](const std::string&) {});
            ADD_FAILURE() << "build succeeded; expected an error mentioning " << needle;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
        EXPECT_EQ(count_rows(db_path(), "precincts"), 2) << "previous database damaged";
        for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
            EXPECT_EQ(entry.path().string().find(".building."), std::string::npos)
                << "temporary file left behind: " << entry.path();
    }

    TempDir dir;
};

}  // namespace

TEST_F(BuildDatabase, BuildsDerivedTablesAndMeta) {
    auto db = Database::open(db_path().string(), Database::Mode::ReadOnly);
    EXPECT_EQ(db.user_version(), kSchemaVersion);
    auto st = db.prepare("SELECT value FROM meta WHERE key = 'snapshot_as_of'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "2026-01-01");
    auto names = db.prepare("SELECT geoid FROM name_index WHERE key = ?1");
    names.bind(1, std::string_view("cambridge"));
    ASSERT_TRUE(names.step());
    EXPECT_EQ(names.text(0), "2501711000");
    auto rtree = db.prepare(
        "SELECT count(*) FROM boundaries_rtree WHERE min_lon <= -71.15 AND max_lon >= -71.15 "
        "AND min_lat <= 42.35 AND max_lat >= 42.35");
    ASSERT_TRUE(rtree.step());
    EXPECT_EQ(rtree.integer(0), 6);  // town, four districts, one precinct
}

TEST_F(BuildDatabase, TruncatedCsvNamesFileAndLine) {
    auto text = read_file(snap("precincts.csv"));
    text = text.substr(0, text.rfind(',', text.size() - 2));  // cut the last row short
    std::ofstream(snap("precincts.csv"), std::ios::binary | std::ios::trunc) << text;
    expect_failure_mentioning("precincts.csv:3");
}

TEST_F(BuildDatabase, BadUtf8IsRejected) {
    replace_in_file(snap("municipalities.csv"), "Cambridge", "Cambr\xFFidge");
    expect_failure_mentioning("municipalities.csv:2: invalid UTF-8");
}

TEST_F(BuildDatabase, UnknownDistrictIsRejected) {
    replace_in_file(snap("precincts.csv"), "sldl:25th_middlesex", "sldl:99th_nowhere");
    expect_failure_mentioning("precincts.csv:2");
}

TEST_F(BuildDatabase, DuplicatePrecinctIsRejected) {
    replace_in_file(snap("precincts.csv"), "1,2,0", "1,1,0");
    expect_failure_mentioning("precincts.csv:3");
}

TEST_F(BuildDatabase, MissingFileIsNamed) {
    std::filesystem::remove(snap("officials.csv"));
    expect_failure_mentioning("officials.csv");
}

TEST_F(BuildDatabase, WrongHeaderIsNamed) {
    replace_in_file(snap("zip_codes.csv"), "land_share_pct", "share");
    expect_failure_mentioning("zip_codes.csv:1: header must be exactly");
}

TEST_F(BuildDatabase, BadGeometryIsNamed) {
    replace_in_file(snap("boundaries/house.geojson"), "-71.2,42.3", "-771.2,42.3");
    expect_failure_mentioning("house.geojson: feature 1");
}

TEST_F(BuildDatabase, RemovesTemporaryFilesOfKilledBuilds) {
    // A build killed by SIGKILL leaves db.building.<pid>; the next build cleans it up.
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ASSERT_GT(child, 0);
    ::waitpid(child, nullptr, 0);
    auto stale = dir / ("masscivic.db.building." + std::to_string(child));
    std::ofstream(stale) << "half-written";
    auto stale_journal = stale;
    stale_journal += "-journal";
    std::ofstream(stale_journal) << "half-written";
    build_database(dir / "snap", db_path(), [](const std::string&) {});
    EXPECT_FALSE(std::filesystem::exists(stale));
    EXPECT_FALSE(std::filesystem::exists(stale_journal));
    EXPECT_EQ(count_rows(db_path(), "precincts"), 2);
}
