// import_addresses on the four-town fixture: both file layouts, canonical street keys
// with every spelling kept, runs per side, and the points dropped (counted) or noted.
#include "geo_fixture.hpp"
#include "raw/addresses.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace masscivic::import {
namespace {

using testing::MiniRaw;
using testing::snapshot_rows;
using testing::TempDir;
using Rows = std::vector<std::map<std::string, std::string>>;

const Progress quiet = [](const std::string&) {};

struct Built {
    MiniRaw raw;
    TempDir out;
    Snapshot snap{raw.write()};
    explicit Built(AddressHoldout* holdout = nullptr) {
        import_municipal(snap, quiet);
        import_districts(snap, quiet);
        import_addresses(snap, quiet, holdout);
        snap.write(out.path());
    }
    Rows rows(const std::string& table) const { return snapshot_rows(out.path(), table); }
    std::string warning(const std::string& part) const {
        for (const auto& w : snap.warnings())
            if (w.find(part) != std::string::npos) return w;
        return "";
    }
};

const std::map<std::string, std::string>* street(const Rows& rows, const std::string& key) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.at("street_key") == key; });
    return it == rows.end() ? nullptr : &*it;
}

TEST(AddressImport, StreetsAreKeyedCanonicallyWithEverySpelling) {
    Built b;
    auto streets = b.rows("address_streets");
    ASSERT_EQ(streets.size(), 4u);
    auto main = street(streets, "MAIN ST");
    ASSERT_TRUE(main);
    EXPECT_EQ(main->at("geoid"), MiniRaw::kLawrence);
    EXPECT_EQ(main->at("display_name"), "Main St");
    EXPECT_EQ(main->at("spellings"), "MAIN ST|MAIN STREET");
    EXPECT_EQ(main->at("points"), "3");
    EXPECT_EQ(main->at("fiscal_year"), "2012");
    EXPECT_EQ(main->at("source"), "massgis-l3-parcel-addresses-2011-2014");
    EXPECT_FALSE(main->at("set_id").empty());
    auto mass = street(streets, "MASSACHUSETTS AVE");
    ASSERT_TRUE(mass);
    EXPECT_EQ(mass->at("spellings"), "MASS AVE|MASSACHUSETTS AV");
    auto central = street(streets, "CENTRAL ST");  // not_needed/ layout
    ASSERT_TRUE(central);
    EXPECT_EQ(central->at("geoid"), MiniRaw::kFoxborough);
    EXPECT_EQ(central->at("fiscal_year"), "2013");
    auto elm = street(streets, "ELM ST");  // only its unnumbered point survives
    ASSERT_TRUE(elm);
    EXPECT_EQ(elm->at("points"), "1");
    EXPECT_EQ(b.rows("address_district_sets").size(), 2u);
}

TEST(AddressImport, RunsPerSideCarryTheirRange) {
    Built b;
    auto streets = b.rows("address_streets");
    auto ranges = b.rows("address_ranges");
    const auto main_id = street(streets, "MAIN ST")->at("street_id");
    const auto mass_id = street(streets, "MASSACHUSETTS AVE")->at("street_id");
    std::set<std::string> got;
    for (const auto& r : ranges)
        got.insert(r.at("street_id") + " " + r.at("side") + " " + r.at("low") + "-" + r.at("high") + " x" +
                   r.at("points"));
    EXPECT_TRUE(got.contains(main_id + " even 12-14 x2"));
    EXPECT_TRUE(got.contains(main_id + " odd 13-13 x1"));
    EXPECT_TRUE(got.contains(mass_id + " even 12-14 x1"));
    EXPECT_TRUE(got.contains(mass_id + " odd 7-7 x1"));
    EXPECT_EQ(ranges.size(), 5u);  // + Central St 40
    for (const auto& r : ranges) {
        EXPECT_GT(std::stod(r.at("lat")), 41.6);
        EXPECT_LT(std::stod(r.at("lon")), -70.2);
    }
}

TEST(AddressImport, DroppedPointsAreCountedNeverKeptSilently) {
    Built b;
    EXPECT_NE(b.warning("1 skipped: points outside their municipality"), "");
    EXPECT_NE(b.warning("1 skipped: points without a street name"), "");
    EXPECT_NE(b.warning("1 skipped: points whose x/y lie outside Massachusetts"), "");
    EXPECT_NE(b.warning("1 noted: points without a house number"), "");
}

TEST(AddressImport, HoldoutLeavesEveryNthNumberedPointOut) {
    AddressHoldout holdout{2, {}};
    Built b(&holdout);
    ASSERT_EQ(holdout.points.size(), 3u);  // 6 numbered points kept
    EXPECT_EQ(holdout.points[0].number, "14");
    EXPECT_EQ(holdout.points[0].house_id, "ocd-division/country:us/state:ma/sldl:16th_essex");
    EXPECT_EQ(holdout.points[2].house_id, "ocd-division/country:us/state:ma/sldl:1st_bristol");
    EXPECT_EQ(b.rows("address_ranges").size(), 3u);
}

TEST(AddressImport, BadRowsStopTheImportWithFileAndLine) {
    MiniRaw raw;
    raw.files["massgis-l3-parcel-addresses-2011-2014/csv/us-ma-lawrence.csv"] =
        "LOC_ID\tFULL_STR\tADDR_NUM\t_SITE_ADDR\tx\ty\nF_1\t\"MAIN ST\"\t12\t0\tabc\t939436\n";
    Snapshot snap{raw.write()};
    import_municipal(snap, quiet);
    import_districts(snap, quiet);
    try {
        import_addresses(snap, quiet);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("us-ma-lawrence.csv:2"), std::string::npos) << e.what();
    }
    raw.files["massgis-l3-parcel-addresses-2011-2014/csv/us-ma-nowhere.csv"] = "LOC_ID\n";
    Snapshot snap2{raw.write()};
    import_municipal(snap2, quiet);
    import_districts(snap2, quiet);
    EXPECT_THROW(import_addresses(snap2, quiet), InputError);
}

}  // namespace
}  // namespace masscivic::import
