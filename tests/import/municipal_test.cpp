// import_municipal on a four-town raw tree: names and alternates, villages and their
// precedence rules, ZIP codes, clerk offices, determinism and bad input; plus the
// real raw data when it is present.
#include "geo_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace masscivic::import {
namespace {

using testing::MiniRaw;
using testing::snapshot_rows;
using testing::TempDir;

const Progress quiet = [](const std::string&) {};

using Rows = std::vector<std::map<std::string, std::string>>;

const std::map<std::string, std::string>* find_row(const Rows& rows, const std::string& column,
                                                   const std::string& value) {
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&](const auto& r) { return r.at(column) == value; });
    return it == rows.end() ? nullptr : &*it;
}

std::set<std::string> towns_named(const Rows& places, const std::string& name) {
    std::set<std::string> out;
    for (const auto& r : places)
        if (r.at("name") == name) out.insert(r.at("geoid") + ":" + r.at("kind"));
    return out;
}

bool any_warning(const Snapshot& snap, const std::string& part) {
    const auto& w = snap.warnings();
    return std::any_of(w.begin(), w.end(),
                       [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

struct Built {
    MiniRaw raw;
    TempDir out;
    Snapshot snap{raw.write()};
    Built() {
        import_municipal(snap, quiet);
        snap.write(out.path());
    }
    Rows rows(const std::string& table) const { return snapshot_rows(out.path(), table); }
};

TEST(MunicipalImport, BuildsMunicipalitiesFromAllSources) {
    Built b;
    auto munis = b.rows("municipalities");
    ASSERT_EQ(munis.size(), 4u);
    const auto* lawrence = find_row(munis, "name", "Lawrence");
    ASSERT_NE(lawrence, nullptr);
    // Current GEOID even though the Census shapes, population and CTPS use the 2020 one.
    EXPECT_EQ(lawrence->at("geoid"), MiniRaw::kLawrence);
    EXPECT_EQ(lawrence->at("population_2020"), "89143");  // decennial, not the estimates base
    EXPECT_EQ(lawrence->at("ocd_id"), "ocd-division/country:us/state:ma/place:lawrence");
    EXPECT_EQ(lawrence->at("massgis_town_id"), "149");
    EXPECT_EQ(lawrence->at("form_of_government"), "Mayor - Council");
    EXPECT_EQ(lawrence->at("legislative_body_size"), "9");
    const auto* barnstable = find_row(munis, "name", "Barnstable");
    ASSERT_NE(barnstable, nullptr);
    EXPECT_EQ(barnstable->at("ocd_id"), "ocd-division/country:us/state:ma/place:barnstable_town");
    EXPECT_EQ(barnstable->at("chief_executive_title"), "Town Manager");  // trailing space trimmed
    EXPECT_EQ(barnstable->at("kind"), "city");
    const auto* fox = find_row(munis, "name", "Foxborough");
    ASSERT_NE(fox, nullptr);
    EXPECT_EQ(fox->at("policy_board"), "Select Board");
    EXPECT_EQ(fox->at("policy_board_size"), "5");
    EXPECT_EQ(fox->at("source"), "351watch-mma-directory-2026");
    EXPECT_EQ(fox->at("as_of"), "2026-10-10");
    EXPECT_EQ(b.snap.count("sources"), 9u);
}

TEST(MunicipalImport, ResolvesOfficialAndAlternateNames) {
    Built b;
    EXPECT_EQ(b.snap.resolve_town("Foxboro", "t"), MiniRaw::kFoxborough);
    EXPECT_EQ(b.snap.resolve_town("FOXBOROUGH", "t"), MiniRaw::kFoxborough);
    EXPECT_EQ(b.snap.resolve_town("east longmeadow", "t"), MiniRaw::kEastLongmeadow);
    EXPECT_EQ(b.snap.town_name(MiniRaw::kFoxborough), "Foxborough");
    EXPECT_THROW(b.snap.resolve_town("Hyannis", "here"), InputError);  // a village, not a town
    auto places = b.rows("place_names");
    EXPECT_EQ(towns_named(places, "Foxboro"),
              std::set<std::string>{std::string(MiniRaw::kFoxborough) + ":alternate"});
    EXPECT_EQ(towns_named(places, "Lawrence"),
              std::set<std::string>{std::string(MiniRaw::kLawrence) + ":official"});
}

TEST(MunicipalImport, VillagePrecedenceRules) {
    Built b;
    auto places = b.rows("place_names");
    // Curated wins; the extended list's second town for Hyannis makes it ambiguous there.
    EXPECT_EQ(towns_named(places, "Hyannis"),
              std::set<std::string>{std::string(MiniRaw::kBarnstable) + ":village"});
    EXPECT_EQ(towns_named(places, "South Lawrence"),
              std::set<std::string>{std::string(MiniRaw::kLawrence) + ":village"});
    // Two towns in the extended list, so no village row; its PO box ZIP's county settles
    // the postal name.
    EXPECT_EQ(towns_named(places, "Centerville"),
              std::set<std::string>{std::string(MiniRaw::kBarnstable) + ":postal"});
    EXPECT_TRUE(towns_named(places, "Florence").empty());     // "North Hampton" is no MA town
    EXPECT_TRUE(towns_named(places, "Exeter").empty());       // New Hampshire
    // "Foxborough -> Lawrence" would shadow an official name.
    EXPECT_EQ(towns_named(places, "Foxborough"),
              std::set<std::string>{std::string(MiniRaw::kFoxborough) + ":official"});
    EXPECT_EQ(towns_named(places, "Cotuit"),
              std::set<std::string>{std::string(MiniRaw::kBarnstable) + ":postal"});
    EXPECT_TRUE(any_warning(b.snap, "nbhd_muni_xw.csv: 2 skipped: municipality is not one of the 351"));
    EXPECT_TRUE(any_warning(b.snap, "neighborhood_muni_xw.csv: 1 skipped: name is an official"));
    EXPECT_TRUE(any_warning(b.snap, "neighborhood_muni_xw.csv: 4 skipped: name maps to several"));
}

TEST(MunicipalImport, ZipCodesAndClerks) {
    Built b;
    auto zips = b.rows("zip_codes");
    ASSERT_EQ(zips.size(), 7u);  // 5 ZCTA pairs + PO boxes 01842 and 02632; Manchaug skipped
    const auto* po = find_row(zips, "zip", "01842");
    ASSERT_NE(po, nullptr);
    EXPECT_EQ(po->at("geoid"), MiniRaw::kLawrence);
    EXPECT_EQ(po->at("land_share_pct"), "");
    EXPECT_EQ(po->at("zip_type"), "PO Box");
    EXPECT_EQ(po->at("source"), "zip-monster-ma-zipcodes");
    const auto* fox = find_row(zips, "geoid", MiniRaw::kFoxborough);
    ASSERT_NE(fox, nullptr);
    EXPECT_EQ(fox->at("land_share_pct"), "97");
    EXPECT_EQ(fox->at("postal_city"), "Foxboro");
    EXPECT_EQ(fox->at("zip_type"), "Standard");
    // Centerville names a village of two towns; only Barnstable is in the ZIP's county.
    const auto* centerville = find_row(zips, "zip", "02632");
    ASSERT_NE(centerville, nullptr);
    EXPECT_EQ(centerville->at("geoid"), MiniRaw::kBarnstable);
    EXPECT_TRUE(any_warning(b.snap, "1 noted: ZIP without ZCTA placed in the one town of its county"));
    EXPECT_EQ(find_row(zips, "zip", "01526"), nullptr);
    EXPECT_TRUE(any_warning(b.snap, "1 skipped: ZIP without ZCTA whose postal city"));
    EXPECT_TRUE(any_warning(b.snap, "1 skipped: postal city is no town name"));
    EXPECT_TRUE(any_warning(b.snap, "zip_muni_xw.csv: 1 skipped: MAPC town disagrees"));

    auto clerks = b.rows("clerk_offices");
    ASSERT_EQ(clerks.size(), 4u);
    const auto* el = find_row(clerks, "geoid", MiniRaw::kEastLongmeadow);
    ASSERT_NE(el, nullptr);
    EXPECT_EQ(el->at("phone"), "413-525-5400 x1030");
    EXPECT_EQ(el->at("fax"), "413-525-5401");
    EXPECT_EQ(el->at("email"), "");
    EXPECT_EQ(find_row(clerks, "geoid", MiniRaw::kBarnstable)->at("fax"), "");
}

TEST(MunicipalImport, OutputIsByteForByteReproducible) {
    Built a, b;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(a.out.path())) {
        if (!entry.is_regular_file()) continue;
        auto rel = std::filesystem::relative(entry.path(), a.out.path());
        EXPECT_EQ(read_file(entry.path()), read_file(b.out.path() / rel)) << rel;
    }
    auto town = read_file(a.out / "boundaries/town.geojson");
    EXPECT_NE(town.find(MiniRaw::kLawrence), std::string::npos);
    EXPECT_NE(town.find("[-70.3,41.65]"), std::string::npos) << "coordinates written compactly";
}

// Runs import_municipal on the fixture with one file replaced; returns the error text.
std::string error_with(const std::string& rel, const std::string& text) {
    MiniRaw raw;
    if (text.empty())
        raw.files.erase(rel);
    else
        raw.files[rel] = text;
    Snapshot snap(raw.write());
    try {
        import_municipal(snap, quiet);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(MunicipalImport, BadInputNamesFileAndLine) {
    const std::string mma = "351watch-mma-directory-2026/ma_municipalities_mma_2026.csv";
    MiniRaw base;
    auto truncated = base.files[mma].substr(0, base.files[mma].size() - 40) + "\"unterminated";
    EXPECT_NE(error_with(mma, truncated).find("ma_municipalities_mma_2026.csv:"), std::string::npos);

    auto bad_utf8 = base.files["mapc-mapcdatakeys/nbhd_muni_xw.csv"] + "Caf\xE9,Lawrence,TRUE,MA\n";
    auto e = error_with("mapc-mapcdatakeys/nbhd_muni_xw.csv", bad_utf8);
    EXPECT_NE(e.find("nbhd_muni_xw.csv:6: invalid UTF-8"), std::string::npos) << e;

    e = error_with("ctps-geocrosswalks/muni_info.csv", "");
    EXPECT_NE(e.find("muni_info.csv: required raw file is missing"), std::string::npos) << e;

    e = error_with("ma-sos-town-clerk-offices/massachusetts_town_clerk_offices_2020-10-03.json",
                   "[{\"locale\": \"Springfield\", \"address\": \"x\"}]");
    EXPECT_NE(e.find("record 1: unmatched town 'Springfield'"), std::string::npos) << e;

    e = error_with("zip-monster-ma-zipcodes/massachusetts_zipcodes.json", "[\n{\"zip\": \"01001\",\n}]");
    EXPECT_NE(e.find("massachusetts_zipcodes.json:3: invalid JSON"), std::string::npos) << e;

    e = error_with(mma, base.files[mma] + "Lawrence,city,Essex,2500934550,1,1,City Council,x,,,,,\n");
    EXPECT_NE(e.find("ma_municipalities_mma_2026.csv:6: duplicate municipality"), std::string::npos) << e;

    e = error_with(mma, base.files[mma] + "Boston,city,Suffolk,2502507000,1,1,Board of Aldermen,x,,,,,\n");
    EXPECT_NE(e.find(":6: unknown legislative_body"), std::string::npos) << e;

    e = error_with("census-zcta-cousub-ma-zip-coverage/zcta_town_land_share.csv",
                   "zcta,zcta_lat,zcta_lon,town,town_slug,pct_of_zcta_land,rank\n"
                   "01001,42,-72,Agawam,agawam,100,1\n");
    EXPECT_NE(e.find("zcta_town_land_share.csv:2: unmatched town 'Agawam'"), std::string::npos) << e;

    auto shapes = base.files["census-cb2020-cousub-ma-geojson/ma_towns_cb_2020_25_cousub_500k.geojson"];
    auto pos = shapes.find("-72.5", shapes.find("-72.5") + 1);  // 4th corner, ring stays closed
    shapes.replace(pos, 5, "172.5");
    e = error_with("census-cb2020-cousub-ma-geojson/ma_towns_cb_2020_25_cousub_500k.geojson", shapes);
    EXPECT_NE(e.find("feature 2: coordinate"), std::string::npos) << e;
    EXPECT_NE(e.find("outside Massachusetts"), std::string::npos) << e;
}

// The real raw sources, when this checkout sits next to them.
TEST(MunicipalImport, RealRawData) {
    std::filesystem::path raw = MASSCIVIC_RAW_DIR;
    if (!std::filesystem::is_directory(raw)) GTEST_SKIP() << "no raw data at " << raw;
    Snapshot snap(raw);
    import_municipal(snap, quiet);
    TempDir out;
    snap.write(out.path());
    auto munis = snapshot_rows(out.path(), "municipalities");
    ASSERT_EQ(munis.size(), 351u);
    std::map<std::string, int> bodies;
    long population = 0;
    std::set<std::string> ocd;
    for (const auto& m : munis) {
        ++bodies[m.at("legislative_body")];
        population += std::stol(m.at("population_2020"));
        ocd.insert(m.at("ocd_id"));
        EXPECT_FALSE(m.at("massgis_town_id").empty()) << m.at("name");
    }
    EXPECT_EQ(bodies["Open Town Meeting"], 260);
    EXPECT_EQ(bodies["Representative Town Meeting"], 32);
    EXPECT_EQ(bodies["City Council"], 45);
    EXPECT_EQ(bodies["Town Council"], 13);
    EXPECT_EQ(bodies["Municipal Council"], 1);
    EXPECT_EQ(population, 7029917);  // the 2020 census total for Massachusetts
    EXPECT_EQ(ocd.size(), 351u);
    EXPECT_EQ(snap.count("clerk_offices"), 351u);

    auto expect_place = [&](const std::string& name, const std::string& town) {
        auto places = snapshot_rows(out.path(), "place_names");
        auto geoid = snap.resolve_town(town, "test");
        bool found = std::any_of(places.begin(), places.end(), [&](const auto& r) {
            return r.at("name") == name && r.at("geoid") == geoid;
        });
        EXPECT_TRUE(found) << name << " -> " << town;
    };
    expect_place("Hyannis", "Barnstable");
    expect_place("Jamaica Plain", "Boston");
    expect_place("Florence", "Northampton");
    expect_place("Foxboro", "Foxborough");
    expect_place("Manchester", "Manchester-by-the-Sea");
    EXPECT_EQ(snap.resolve_town("Foxboro", "t"), snap.resolve_town("Foxborough", "t"));
    EXPECT_EQ(snap.resolve_town("Manchester", "t"), snap.resolve_town("Manchester-by-the-Sea", "t"));

    auto zips = snapshot_rows(out.path(), "zip_codes");
    std::set<std::string> distinct;
    for (const auto& z : zips) distinct.insert(z.at("zip"));
    EXPECT_GE(distinct.size(), 680u);  // 539 ZCTAs + the PO box/unique ZIPs we can place
    EXPECT_LE(distinct.size(), 694u);
}

}  // namespace
}  // namespace masscivic::import
