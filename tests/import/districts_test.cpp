// import_districts on the four-town fixture: OCD ids, every spelling -> one district,
// precincts (Lawrence letter wards, ward '-'), sub-precincts from the DBF, the MEDSL 2024
// cross-check and bad input; plus the real raw data when it is present.
#include "geo_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

namespace masscivic::import {
namespace {

using testing::MiniRaw;
using testing::snapshot_rows;
using testing::TempDir;

const Progress quiet = [](const std::string&) {};
using Rows = std::vector<std::map<std::string, std::string>>;

const std::string kOcd = "ocd-division/country:us/state:ma/";

bool any_warning(const Snapshot& snap, const std::string& part) {
    const auto& w = snap.warnings();
    return std::any_of(w.begin(), w.end(),
                       [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

const std::map<std::string, std::string>* precinct(const Rows& rows, const std::string& geoid,
                                                   const std::string& ward, const std::string& pct) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) {
        return r.at("geoid") == geoid && r.at("ward") == ward && r.at("precinct") == pct;
    });
    return it == rows.end() ? nullptr : &*it;
}

struct Built {
    MiniRaw raw;
    TempDir out;
    Snapshot snap{raw.write()};
    Built() {
        import_municipal(snap, quiet);
        import_districts(snap, quiet);
        snap.write(out.path());
    }
    Rows rows(const std::string& table) const { return snapshot_rows(out.path(), table); }
};

TEST(DistrictImport, DistrictsGetCurrentOcdIdsAndNames) {
    Built b;
    auto districts = b.rows("districts");
    ASSERT_EQ(districts.size(), 16u);  // 5 house, 3 senate, 4 congress, 4 council
    std::map<std::string, std::map<std::string, std::string>> by_id;
    for (const auto& d : districts) by_id[d.at("ocd_id")] = d;
    ASSERT_TRUE(by_id.contains(kOcd + "sldl:16th_essex"));
    EXPECT_EQ(by_id[kOcd + "sldl:16th_essex"].at("name"), "16th Essex");
    EXPECT_EQ(by_id[kOcd + "sldl:16th_essex"].at("number"), "40");
    ASSERT_TRUE(by_id.contains(kOcd + "sldu:norfolk_worcester_and_middlesex"));
    EXPECT_EQ(by_id[kOcd + "sldu:norfolk_worcester_and_middlesex"].at("name"),
              "Norfolk, Worcester and Middlesex");
    ASSERT_TRUE(by_id.contains(kOcd + "cd:9"));
    EXPECT_EQ(by_id[kOcd + "cd:9"].at("name"), "9th Congressional District");
    ASSERT_TRUE(by_id.contains(kOcd + "governors_council:5"));
    EXPECT_EQ(by_id[kOcd + "governors_council:5"].at("name"), "Governor's Council District 5");
    EXPECT_FALSE(by_id.contains(kOcd + "sldl:4th_berkshire"));  // retired id not used
    auto house = read_file(b.out / "boundaries/house.geojson");
    EXPECT_NE(house.find(kOcd + "sldl:17th_essex"), std::string::npos);
}

TEST(DistrictImport, EverySpellingResolvesToOneDistrict) {
    Built b;
    for (const char* s : {"Sixteenth Essex", "16th Essex", "16TH ESSEX", "Massachusetts 16th Essex district",
                          "16th Essex District"})
        EXPECT_EQ(b.snap.resolve_district(Chamber::House, s, "t"), kOcd + "sldl:16th_essex") << s;
    for (const char* s : {"Norfolk, Worcester & Middlesex", "NORFOLK, WORCESTER AND MIDDLESEX",
                          "Norfolk, Worcester and Middlesex", "Massachusetts Norfolk, Worcester & Middlesex district"})
        EXPECT_EQ(b.snap.resolve_district(Chamber::Senate, s, "t"),
                  kOcd + "sldu:norfolk_worcester_and_middlesex") << s;
    for (const char* s : {"First Essex", "1ST ESSEX"})
        EXPECT_EQ(b.snap.resolve_district(Chamber::Senate, s, "t"), kOcd + "sldu:1st_essex") << s;
    for (const char* s : {"9", "009", "Ninth", "9th Congressional District"})
        EXPECT_EQ(b.snap.resolve_district(Chamber::Congress, s, "t"), kOcd + "cd:9") << s;
    for (const char* s : {"Fifth", "5", "Fifth District", "Governor's Council District 5"})
        EXPECT_EQ(b.snap.resolve_district(Chamber::GovernorsCouncil, s, "t"),
                  kOcd + "governors_council:5") << s;
    // Chambers do not leak into each other.
    EXPECT_THROW(b.snap.resolve_district(Chamber::House, "Fifth", "t"), InputError);
    auto names = b.rows("district_names");
    std::set<std::string> spellings;
    for (const auto& n : names)
        if (n.at("ocd_id") == kOcd + "cd:9") spellings.insert(n.at("name"));
    EXPECT_TRUE(spellings.contains("009"));
    EXPECT_TRUE(spellings.contains("Ninth"));
    EXPECT_TRUE(spellings.contains("Massachusetts's 9th congressional district"));
}

TEST(DistrictImport, PrecinctsWardsAndSubPrecincts) {
    Built b;
    auto rows = b.rows("precincts");
    ASSERT_EQ(rows.size(), 9u);
    const auto* fox = precinct(rows, MiniRaw::kFoxborough, "", "3");  // ward '-' -> empty
    ASSERT_NE(fox, nullptr);
    EXPECT_EQ(fox->at("house_id"), kOcd + "sldl:1st_bristol");
    EXPECT_EQ(fox->at("congress_id"), kOcd + "cd:4");
    EXPECT_EQ(fox->at("governors_council_id"), kOcd + "governors_council:2");
    EXPECT_EQ(fox->at("is_sub_precinct"), "0");  // in the DBF as 3A, which the crosswalk lacks
    const auto* law = precinct(rows, MiniRaw::kLawrence, "A", "2A");  // letter ward and letter
    ASSERT_NE(law, nullptr);
    EXPECT_EQ(law->at("house_id"), kOcd + "sldl:17th_essex");
    EXPECT_EQ(law->at("is_sub_precinct"), "0");  // a letter alone is no sub-precinct marker
    EXPECT_EQ(precinct(rows, MiniRaw::kLawrence, "E", "1A")->at("is_sub_precinct"), "1");
    EXPECT_EQ(precinct(rows, MiniRaw::kBarnstable, "", "1A")->at("is_sub_precinct"), "1");
    EXPECT_EQ(precinct(rows, MiniRaw::kEastLongmeadow, "", "2A")->at("is_sub_precinct"), "1");
    EXPECT_TRUE(any_warning(b.snap, "1 skipped: sub-precinct not listed separately"));
    EXPECT_TRUE(any_warning(b.snap, "1 skipped: repeated record of one sub-precinct"));
}

TEST(DistrictImport, Medsl2024CrossCheck) {
    Built b;
    auto rows = b.rows("precincts");
    EXPECT_EQ(precinct(rows, MiniRaw::kEastLongmeadow, "", "2")->at("in_2024"), "1");  // "E. Longmeadow 2"
    EXPECT_EQ(precinct(rows, MiniRaw::kLawrence, "A", "2A")->at("in_2024"), "1");      // "Lawrence A 2A"
    EXPECT_EQ(precinct(rows, MiniRaw::kLawrence, "E", "1A")->at("in_2024"), "0");
    auto checks = b.rows("precinct_crosscheck");
    std::map<std::string, std::vector<std::string>> by_finding;
    for (const auto& c : checks)
        by_finding[c.at("finding")].push_back(c.at("geoid") + "/" + c.at("ward") + "/" + c.at("precinct"));
    EXPECT_EQ(by_finding["only_2022"], std::vector<std::string>{std::string(MiniRaw::kLawrence) + "/E/1A"});
    EXPECT_EQ(by_finding["only_2024"], std::vector<std::string>{std::string(MiniRaw::kLawrence) + "/F/3"});
    ASSERT_EQ(by_finding["district_differs"],
              std::vector<std::string>{std::string(MiniRaw::kEastLongmeadow) + "//2A"});
    auto differs = std::find_if(checks.begin(), checks.end(),
                                [](const auto& c) { return c.at("finding") == "district_differs"; });
    EXPECT_NE(differs->at("detail").find("sldl:16th_essex"), std::string::npos);
}

TEST(DistrictImport, SnapshotBuildsIntoDatabase) {
    Built b;
    TempDir db;
    // Tables the other importers fill are empty here; the loader must still accept ours.
    auto summary = build_database(b.out.path(), db / "test.db", quiet);
    EXPECT_EQ(summary.counts["precincts"], 9);
    EXPECT_EQ(summary.counts["districts"], 16);
    EXPECT_EQ(summary.counts["boundaries.town"], 4);
}

std::string error_with(const std::function<void(MiniRaw&)>& change) {
    MiniRaw raw;
    change(raw);
    Snapshot snap(raw.write());
    try {
        import_municipal(snap, quiet);
        import_districts(snap, quiet);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(DistrictImport, BadInputNamesFileAndLine) {
    const std::string cw = "bwbensonjr-ma-wards-precincts-2022/ma_districts_precincts_2022.csv";
    auto e = error_with([&](MiniRaw& r) { r.files[cw] += "Lawrence,B,1,Ninety-Ninth Essex,First Essex,3,Fifth\n"; });
    EXPECT_NE(e.find("ma_districts_precincts_2022.csv:11: unknown house district 'Ninety-Ninth Essex'"),
              std::string::npos) << e;

    e = error_with([&](MiniRaw& r) { r.files[cw] += "Lawrence,A,2A,Sixteenth Essex,First Essex,3,Fifth\n"; });
    EXPECT_NE(e.find("ma_districts_precincts_2022.csv:11: duplicate precinct Lawrence ward A precinct 2A"),
              std::string::npos) << e;

    e = error_with([&](MiniRaw& r) { r.files[cw] += "Springfield,1,A,First Hampden,Hampden,1,Eighth\n"; });
    EXPECT_NE(e.find(":11: unmatched town 'Springfield'"), std::string::npos) << e;

    e = error_with([&](MiniRaw& r) { r.files[cw] += "Lawrence,B,\"1,Sixteenth Essex\n"; });
    EXPECT_NE(e.find("ma_districts_precincts_2022.csv:12: malformed CSV"), std::string::npos) << e;  // at EOF

    e = error_with([&](MiniRaw& r) { r.files[cw] += "Lawrence,B,2,Sixteenth Essex,First Essex,3,Fif\xC3th\n"; });
    EXPECT_NE(e.find("ma_districts_precincts_2022.csv:11: invalid UTF-8"), std::string::npos) << e;

    e = error_with([](MiniRaw& r) { r.write_dbf = false; });
    EXPECT_NE(e.find("MA-SubPrecincts_8.19.22_Output.dbf: required raw file is missing"), std::string::npos) << e;

    const std::string medsl = "medsl-2024-ma-precinct-general/ma24_state_house_senate_us_house_govcouncil.csv";
    e = error_with([&](MiniRaw& r) { r.files[medsl] += "Springfield 1 A,US HOUSE,A,001\n"; });
    EXPECT_NE(e.find("ma24_state_house_senate_us_house_govcouncil.csv:47: cannot read precinct 'Springfield 1 A'"),
              std::string::npos) << e;
    e = error_with([&](MiniRaw& r) { r.files[medsl] += "Lawrence A 1,US HOUSE,B,004\n"; });
    EXPECT_NE(e.find(":47: precinct 'Lawrence A 1' has two congress districts"), std::string::npos) << e;

    // A House district whose OCD id is retired must stop the import.
    const std::string house = "bwbensonjr-mapoli-district-geometry-2021/wgs84/house2021_wgs84.geojson";
    e = error_with([&](MiniRaw& r) {
        auto& f = r.files[house];
        f.replace(f.find("Twelfth Hampden"), 15, "Fourth Berkshire");
    });
    EXPECT_NE(e.find("feature 2: district 'Fourth Berkshire' -> " + kOcd + "sldl:4th_berkshire, which is not a current OCD id"),
              std::string::npos) << e;

    // A current OCD id without a boundary.
    e = error_with([&](MiniRaw& r) {
        r.files["ocd-division-ids-ma-districts/us_congressional_districts_MA.csv"] +=
            "ocd-division/country:us/state:ma/cd:2,Massachusetts's 2nd congressional district,cd-2502,\n";
    });
    EXPECT_NE(e.find("no boundary for current district " + kOcd + "cd:2"), std::string::npos) << e;

    e = error_with([&](MiniRaw& r) {
        r.files["bwbensonjr-mapoli-district-geometry-2021/wgs84/govcouncil2021_wgs84.geojson"] =
            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"district":"First","district_display":"First District","district_num":1},"geometry":{"type":"Point","coordinates":[-71,42]}}]})";
    });
    EXPECT_NE(e.find("feature 1: geometry type Point"), std::string::npos) << e;
}

TEST(DistrictImport, RealRawData) {
    std::filesystem::path raw = MASSCIVIC_RAW_DIR;
    if (!std::filesystem::is_directory(raw)) GTEST_SKIP() << "no raw data at " << raw;
    Snapshot snap(raw);
    import_municipal(snap, quiet);
    import_districts(snap, quiet);
    TempDir out;
    snap.write(out.path());
    std::map<std::string, int> chambers;
    for (const auto& d : snapshot_rows(out.path(), "districts")) ++chambers[d.at("chamber")];
    EXPECT_EQ(chambers["house"], 160);
    EXPECT_EQ(chambers["senate"], 40);
    EXPECT_EQ(chambers["congress"], 9);
    EXPECT_EQ(chambers["governors_council"], 8);
    auto precincts = snapshot_rows(out.path(), "precincts");
    EXPECT_EQ(precincts.size(), 2383u);
    int subs = 0, in_2024 = 0;
    std::set<std::string> towns;
    for (const auto& p : precincts) {
        subs += p.at("is_sub_precinct") == "1";
        in_2024 += p.at("in_2024") == "1";
        towns.insert(p.at("geoid"));
    }
    EXPECT_EQ(towns.size(), 351u);
    EXPECT_EQ(in_2024, 2378);
    EXPECT_EQ(subs, 127);  // 149 DBF records: 6 repeat a shape, 16 are not separate rows
    std::map<std::string, int> findings;
    for (const auto& c : snapshot_rows(out.path(), "precinct_crosscheck")) ++findings[c.at("finding")];
    EXPECT_EQ(findings["only_2022"], 5);
    EXPECT_EQ(findings["only_2024"], 16);
    EXPECT_EQ(findings["district_differs"], 0);
    EXPECT_EQ(snap.resolve_district(Chamber::House, "Thirty-Seventh Middlesex", "t"),
              kOcd + "sldl:37th_middlesex");
    EXPECT_EQ(snap.resolve_district(Chamber::Senate, "First Plymouth & Norfolk", "t"),
              kOcd + "sldu:1st_plymouth_and_norfolk");
    EXPECT_EQ(snap.resolve_district(Chamber::GovernorsCouncil, "Fourth", "t"), kOcd + "governors_council:4");
    auto boston = snap.resolve_town("Boston", "t");
    const auto* ward5 = [&]() -> const std::map<std::string, std::string>* {
        for (const auto& p : precincts)
            if (p.at("geoid") == boston && p.at("ward") == "5" && p.at("precinct") == "6") return &p;
        return nullptr;
    }();
    ASSERT_NE(ward5, nullptr);
    EXPECT_EQ(ward5->at("house_id"), kOcd + "sldl:8th_suffolk");
    EXPECT_EQ(ward5->at("congress_id"), kOcd + "cd:8");
}

}  // namespace
}  // namespace masscivic::import
