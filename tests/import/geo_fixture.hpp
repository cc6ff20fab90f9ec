// A four-town raw tree (Barnstable, East Longmeadow, Foxborough, Lawrence) with every
// file the municipal and district importers read. Tests replace single files in
// `files` before write() to exercise one rule or one kind of bad input.
#pragma once

#include "csv.hpp"
#include "raw_to_snapshot.hpp"
#include "temp_dir.hpp"

#include <shapefil.h>

#include <fstream>
#include <map>
#include <string>

namespace masscivic::testing {

// A closed square polygon around (lon, lat), as GeoJSON geometry.
inline std::string square(double lon, double lat) {
    auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    double d = 0.01;
    return R"({"type":"Polygon","coordinates":[[)" + p(lon, lat) + "," + p(lon + d, lat) + "," +
           p(lon + d, lat + d) + "," + p(lon, lat + d) + "," + p(lon, lat) + "]]}";
}

inline std::string feature(const std::string& props, const std::string& geometry) {
    return R"({"type":"Feature","properties":)" + props + R"(,"geometry":)" + geometry + "}";
}

inline std::string collection(const std::vector<std::string>& features) {
    std::string out = R"({"type":"FeatureCollection","features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) out += (i ? ",\n" : "\n") + features[i];
    return out + "]}\n";
}

struct MiniRaw {
    TempDir dir;
    std::map<std::string, std::string> files;

    // GEOIDs: Lawrence is renumbered (2020 id 2500934500 -> current 2500934550) so the
    // vintage mapping is exercised.
    static constexpr const char* kBarnstable = "2500103690";
    static constexpr const char* kEastLongmeadow = "2501319645";
    static constexpr const char* kFoxborough = "2502124820";
    static constexpr const char* kLawrence = "2500934550";

    MiniRaw() {
        for (const char* folder :
             {"351watch-mma-directory-2026", "mapc-mma-government-types", "mapc-mapcdatakeys",
              "ctps-geocrosswalks", "census-zcta-cousub-ma-zip-coverage", "zip-monster-ma-zipcodes",
              "census-cb2020-cousub-ma-geojson", "ma-sos-town-clerk-offices",
              "ocd-division-ids-ma-districts", "ocd-division-ids-ma",
              "bwbensonjr-ma-wards-precincts-2022", "medsl-2024-ma-precinct-general",
              "bwbensonjr-mapoli-district-geometry-2021", "massgis-l3-parcel-addresses-2011-2014"})
            files[std::string(folder) + "/PROVENANCE.md"] = "# test fixture\n";
        municipal_files();
        district_files();
        address_files();
    }

    // Parcel address points (EPSG:26986 metres) inside the Lawrence and Foxborough squares,
    // in both file layouts, with the rows the importer must drop or note.
    void address_files() {
        const std::string dir = "massgis-l3-parcel-addresses-2011-2014/";
        files[dir + "massgis_urls.csv"] =
            "town_id\tassess_townID\ttown_name\tfiscal year\tname of zip\turl\n"
            "M099\t99\tFOXBOROUGH\t2013\tL3_SHP_M099_FOXBOROUGH.zip\thttp://example/M099.zip\n"
            "M149\t149\tLAWRENCE\t2012\tL3_SHP_M149_LAWRENCE.zip\thttp://example/M149.zip\n";
        files[dir + "csv/us-ma-lawrence.csv"] =
            "LOC_ID\tFULL_STR\tADDR_NUM\t_SITE_ADDR\tx\ty\n"
            "F_1\t\"MAIN ST\"\t12\t0\t228266\t939436\n"
            "F_2\t\"MAIN STREET\"\t14\t0\t228347\t939547\n"
            "F_3\t\"MAIN ST\"\t13\t0\t228429\t939659\n"
            "F_4\t\"MASS AVE\"\t12-14\t0\t228266\t939436\n"
            "F_5\t\"MASSACHUSETTS AV\"\t7A\t0\t228347\t939547\n"
            "F_6\t\"\"\t5\t0\t228347\t939547\n"
            "F_7\t\"ELM ST\"\t0\t0\t228429\t939659\n"
            "F_8\t\"ELM ST\"\t3\t0\t221932\t868323\n"
            "F_9\t\"ELM ST\"\t9\t0\t0\t0\n";
        files[dir + "not_needed/us-ma-foxborough.csv"] =
            "town_id\tassess_townID\ttown_name\t\"fiscal year\"\tx_meters\ty_meters\tLOC_ID\tFULL_STR\tADDR_NUM\tused_SITE_ADDR\n"
            "M099\t99\tfoxborough\t2013\t221932\t868323\tF_10\t\"CENTRAL ST\"\t40\t0\n";
    }

    void municipal_files() {
        files["351watch-mma-directory-2026/ma_municipalities_mma_2026.csv"] =
            "town,kind,county,census_cousub,pop_2020,pop_2024_est,legislative_body,form_of_government,"
            "website,website_verified,website_status,mma_page,wikidata\n"
            "Barnstable,city,Barnstable,2500103690,48900,49000,Town Council,Council \xE2\x80\x93 Manager,"
            "https://barnstable.gov,true,ok,,\n"
            "East Longmeadow,town,Hampden,2501319645,16400,16500,Town Council,Council \xE2\x80\x93 Manager,"
            "https://eastlongmeadowma.gov,true,ok,,\n"
            "Foxborough,town,Norfolk,2502124820,18600,18700,Open Town Meeting,"
            "Select Board \xE2\x80\x93 Town Meeting,https://foxboroughma.gov,true,ok,,\n"
            "Lawrence,city,Essex,2500934550,89100,89000,City Council,Mayor \xE2\x80\x93 Council,"
            "https://cityoflawrence.com,true,ok,,\n";
        files["mapc-mapcdatakeys/muni_data_keys_2024.csv"] =
            "muni_id,muni_name,cosub_cn20,cosub_5y24,county\n"
            "20,Barnstable,2500103690,2500103690,Barnstable County\n"
            "86,East Longmeadow,2501319645,2501319645,Hampden County\n"
            "99,Foxborough,2502124820,2502124820,Norfolk County\n"
            "149,Lawrence,2500934500,2500934550,Essex County\n";
        files["mapc-mapcdatakeys/muni_2020xw.csv"] =
            "MUNI_ID,GEOID_2020,GEOID_2010,BASENAME,pop_2010,pop_2020\n"
            "20,2500103690,2500103690,Barnstable,45193,48916\n"
            "86,2501319645,2501319645,East Longmeadow,15720,16430\n"
            "99,2502124820,2502124820,Foxborough,16865,18618\n"
            "149,2500934500,2500934500,Lawrence,76377,89143\n";
        files["ocd-division-ids-ma-districts/us_census_places_MA.csv"] =
            "id,name,census_geoid\n"
            "ocd-division/country:us/state:ma/county:essex,Essex County,place-25009\n"
            "ocd-division/country:us/state:ma/place:barnstable_town,Barnstable Town city,place-2503690\n"
            "ocd-division/country:us/state:ma/place:east_longmeadow,East Longmeadow town,place-2501319645\n"
            "ocd-division/country:us/state:ma/place:foxborough,Foxborough town,place-2502124820\n"
            "ocd-division/country:us/state:ma/place:lawrence,Lawrence city,place-2534550\n";
        files["mapc-mma-government-types/government-2019-2020.csv"] =
            "\xEF\xBB\xBFTOWN,Community,Chief Municipal Official,Policy Board,Policy Board Member Count,"
            "Legislative Body,Legislative Body Member Count\n"
            "BARNSTABLE,Barnstable,Town Manager ,,,Council,13\n"
            "EAST LONGMEADOW,East Longmeadow,Town Manager,,,Council,7\n"
            "FOXBOROUGH,Foxborough,Town Manager,Select Board,5,Open Town Meeting,\n"
            "LAWRENCE,Lawrence,Mayor,,,Council,9\n";
        files["ctps-geocrosswalks/muni_info.csv"] =
            "TOWNID,GEOID20,TOWN,COUNTY_NAME\n"
            "20,2500103690,Barnstable,Barnstable\n"
            "86,2501319645,East Longmeadow,Hampden\n"
            "99,2502124820,Foxborough,Norfolk\n"
            "149,2500934500,Lawrence,Essex\n";
        files["ma-sos-town-clerk-offices/massachusetts_town_clerk_offices_2020-10-03.json"] =
            R"([{"locale": "Barnstable", "address": "367 Main St, Hyannis, Ma 02601", "phones": ["+15088624044"], "faxes": [], "emails": ["clerk@barnstable.gov"], "url": "x"},
{"locale": "East Longmeadow", "address": "60 Center Sq", "phones": ["+14135255400x1030"], "faxes": ["+14135255401"], "emails": [], "url": ""},
{"locale": "Foxborough", "address": "40 South St", "phones": ["+15085436208"], "faxes": ["+15085436278"], "emails": ["clerk@foxboroughma.gov"], "url": ""},
{"locale": "Lawrence", "address": "200 Common St", "phones": ["+19786203190"], "faxes": ["+19786223191"], "emails": ["clerk@cityoflawrence.com"], "url": ""}]
)";
        files["census-cb2020-cousub-ma-geojson/ma_towns_cb_2020_25_cousub_500k.geojson"] = collection({
            feature(R"({"town":"Barnstable","geoid":"2500103690","county":"Barnstable Town city"})",
                    square(-70.3, 41.65)),
            feature(R"({"town":"East Longmeadow","geoid":"2501319645","county":"East Longmeadow town"})",
                    square(-72.5, 42.06)),
            feature(R"({"town":"Foxborough","geoid":"2502124820","county":"Foxborough town"})",
                    square(-71.24, 42.06)),
            feature(R"({"town":"Lawrence","geoid":"2500934500","county":"Lawrence city"})",
                    square(-71.16, 42.7)),
        });
        files["mapc-mapcdatakeys/nbhd_muni_xw.csv"] =
            "neighborhood,muni,ma_muni,state\n"
            "Hyannis,Barnstable,FALSE,MA\n"
            "Florence,North Hampton,FALSE,MA\n"
            "Exeter,Exeter,FALSE,NH\n"
            "Barnstable,Barnstable,TRUE,MA\n";
        files["mapc-mapcdatakeys/neighborhood_muni_xw.csv"] =
            "\"\",\"neighborhood\",\"muni\",\"state\",\"ma_muni\",\"duplicate\"\n"
            "\"1\",\"Hyannis\",\"Barnstable\",\"MA\",TRUE,FALSE\n"
            "\"2\",\"Centerville\",\"Barnstable\",\"MA\",TRUE,TRUE\n"
            "\"3\",\"Centerville\",\"Foxborough\",\"MA\",TRUE,TRUE\n"
            "\"4\",\"Foxborough\",\"Lawrence\",\"MA\",TRUE,TRUE\n"
            "\"5\",\"South Lawrence\",\"Lawrence\",\"MA\",TRUE,FALSE\n"
            "\"6\",\"Hyannis\",\"Lawrence\",\"MA\",TRUE,FALSE\n";
        files["zip-monster-ma-zipcodes/massachusetts_zipcodes.json"] =
            R"([{"stateCode":"MA","city":"Hyannis","county":"Barnstable","zip":"02601","zipType":"Non-Unique"},
{"stateCode":"MA","city":"Foxboro","county":"Norfolk","zip":"02035","zipType":"Non-Unique"},
{"stateCode":"MA","city":"Lawrence","county":"Essex","zip":"01840","zipType":"Non-Unique"},
{"stateCode":"MA","city":"Lawrence","county":"Essex","zip":"01842","zipType":"PO Box"},
{"stateCode":"MA","city":"Centerville","county":"Barnstable","zip":"02632","zipType":"PO Box"},
{"stateCode":"MA","city":"Cotuit","county":"Barnstable","zip":"02635","zipType":"Non-Unique"},
{"stateCode":"MA","city":"Manchaug","county":"Worcester","zip":"01526","zipType":"PO Box"}]
)";
        files["census-zcta-cousub-ma-zip-coverage/zcta_town_land_share.csv"] =
            "zcta,zcta_lat,zcta_lon,town,town_slug,pct_of_zcta_land,rank\n"
            "01840,42.70,-71.16,Lawrence,lawrence,100,1\n"
            "02035,42.06,-71.24,Foxborough,foxborough,97,1\n"
            "02035,42.06,-71.24,East Longmeadow,east-longmeadow,3,2\n"
            "02601,41.65,-70.29,Barnstable,barnstable,100,1\n"
            "02635,41.63,-70.44,Barnstable,barnstable,99,1\n";
        files["mapc-mapcdatakeys/zip_muni_xw.csv"] =
            "zip,muni_name,muni_id\n"
            "02601,Barnstable,20\n"
            "02601,Barnstable,20\n"
            "02035,Lawrence,149\n";
    }

    // Secretary of the Commonwealth sub-precincts (CTWP_ID, SubPrecinc), written as DBF.
    std::vector<std::pair<std::string, std::string>> sub_precincts = {
        {"Barnstable 1", "1A"}, {"Barnstable 1", "1A"},  // a multi-part shape: two records
        {"East Longmeadow 2", "2A"}, {"Lawrence E-1", "E-1A"}, {"Foxborough 3", "3A"}};
    bool write_dbf = true;

    static constexpr const char* kDbf =
        "bwbensonjr-ma-wards-precincts-2022/sub_pct_shp/MA-SubPrecincts_8.19.22_Output.dbf";

    void district_files() {
        const std::string geo = "bwbensonjr-mapoli-district-geometry-2021/wgs84/";
        auto props = [](const std::string& district, const std::string& display, int n) {
            return R"({"district":")" + district + R"(","district_display":")" + display +
                   R"(","district_num":)" + std::to_string(n) + "}";
        };
        files[geo + "house2021_wgs84.geojson"] = collection({
            feature(props("First Barnstable", "1st Barnstable", 1), square(-70.3, 41.65)),
            feature(props("Twelfth Hampden", "12th Hampden", 60), square(-72.5, 42.06)),
            feature(props("First Bristol", "1st Bristol", 20), square(-71.24, 42.06)),
            feature(props("Sixteenth Essex", "16th Essex", 40), square(-71.16, 42.7)),
            feature(props("Seventeenth Essex", "17th Essex", 41), square(-71.14, 42.7)),
        });
        files[geo + "senate2021_wgs84.geojson"] = collection({
            feature(props("Cape and Islands", "Cape and Islands", 5), square(-70.3, 41.65)),
            feature(props("Norfolk, Worcester and Middlesex", "Norfolk, Worcester and Middlesex", 30),
                    square(-71.24, 42.06)),
            feature(props("First Essex", "First Essex", 12), square(-71.16, 42.7)),
        });
        files[geo + "congressma118_wgs84.geojson"] = collection({
            feature(props("First", "1st Congressional District", 1), square(-72.5, 42.06)),
            feature(props("Third", "3rd Congressional District", 3), square(-71.16, 42.7)),
            feature(props("Fourth", "4th Congressional District", 4), square(-71.24, 42.06)),
            feature(props("Ninth", "9th Congressional District", 9), square(-70.3, 41.65)),
        });
        files[geo + "govcouncil2021_wgs84.geojson"] = collection({
            feature(props("First", "First District", 1), square(-70.3, 41.65)),
            feature(props("Second", "Second District", 2), square(-71.24, 42.06)),
            feature(props("Fifth", "Fifth District", 5), square(-71.16, 42.7)),
            feature(props("Eighth", "Eighth District", 8), square(-72.5, 42.06)),
        });
        const std::string ocd = "ocd-division-ids-ma-districts/";
        files[ocd + "us_sldl_MA.csv"] =
            "id,name,validFrom,validThrough\n"
            "ocd-division/country:us/state:ma/sldl:1st_barnstable,Massachusetts 1st Barnstable district,,\n"
            "ocd-division/country:us/state:ma/sldl:12th_hampden,Massachusetts 12th Hampden district,,\n"
            "ocd-division/country:us/state:ma/sldl:1st_bristol,Massachusetts 1st Bristol district,,\n"
            "ocd-division/country:us/state:ma/sldl:16th_essex,Massachusetts 16th Essex district,,\n"
            "ocd-division/country:us/state:ma/sldl:17th_essex,Massachusetts 17th Essex district,,\n"
            "ocd-division/country:us/state:ma/sldl:4th_berkshire,Massachusetts 4th Berkshire district,,2023-01-03\n";
        files[ocd + "us_sldu_MA.csv"] =
            "id,name,validFrom,validThrough\n"
            "ocd-division/country:us/state:ma/sldu:cape_and_islands,Massachusetts Cape and Islands district,,\n"
            "ocd-division/country:us/state:ma/sldu:norfolk_worcester_and_middlesex,"
            "\"Massachusetts Norfolk, Worcester & Middlesex district\",,\n"
            "ocd-division/country:us/state:ma/sldu:1st_essex,Massachusetts First Essex district,,\n"
            "ocd-division/country:us/state:ma/sldu:middlesex_and_essex,Massachusetts Middlesex & Essex district (obsolete),,\n";
        files[ocd + "us_congressional_districts_MA.csv"] =
            "id,name,census_geoid,validThrough\n"
            "ocd-division/country:us/state:ma/cd:1,Massachusetts's 1st congressional district,cd-2501,\n"
            "ocd-division/country:us/state:ma/cd:3,Massachusetts's 3rd congressional district,cd-2503,\n"
            "ocd-division/country:us/state:ma/cd:4,Massachusetts's 4th congressional district,cd-2504,\n"
            "ocd-division/country:us/state:ma/cd:9,Massachusetts's 9th congressional district,cd-2509,\n"
            "ocd-division/country:us/state:ma/cd:10,Massachusetts's 10th congressional district,cd-2510,2013-01-03\n";
        files["ocd-division-ids-ma/state-ma-local_gov.csv"] =
            "ocd-division/country:us/state:ma/governors_council:1,Massachusetts Governor's Council District 1\n"
            "ocd-division/country:us/state:ma/governors_council:2,Massachusetts Governor's Council District 2\n"
            "ocd-division/country:us/state:ma/governors_council:5,Massachusetts Governor's Council District 5\n"
            "ocd-division/country:us/state:ma/governors_council:8,Massachusetts Governor's Council District 8\n"
            "ocd-division/country:us/state:ma/place:lawrence/ward:a,Lawrence ward A\n";
        files["bwbensonjr-ma-wards-precincts-2022/ma_districts_precincts_2022.csv"] =
            "city_town,Ward,Pct,State_Rep,State_Senate,US_House,Gov_Council\n"
            "Barnstable,-,1,First Barnstable,Cape and Islands,9,First\n"
            "Barnstable,-,1A,First Barnstable,Cape and Islands,9,First\n"
            "East Longmeadow,-,2,Twelfth Hampden,\"Norfolk, Worcester & Middlesex\",1,Eighth\n"
            "East Longmeadow,-,2A,Twelfth Hampden,\"Norfolk, Worcester & Middlesex\",1,Eighth\n"
            "Foxborough,-,3,First Bristol,\"Norfolk, Worcester & Middlesex\",4,Second\n"
            "Lawrence,A,1,Sixteenth Essex,First Essex,3,Fifth\n"
            "Lawrence,A,2A,Seventeenth Essex,First Essex,3,Fifth\n"
            "Lawrence,E,1,Sixteenth Essex,First Essex,3,Fifth\n"
            "Lawrence,E,1A,Seventeenth Essex,First Essex,3,Fifth\n";
        std::string medsl = "precinct,office,candidate,district\n";
        auto add = [&](const std::string& precinct, const std::string& house, const std::string& senate,
                       const std::string& cd, const std::string& gc) {
            medsl += precinct + ",STATE HOUSE,A,\"" + house + "\"\n";
            medsl += precinct + ",STATE HOUSE,UNDERVOTE,\"" + house + "\"\n";
            medsl += precinct + ",STATE SENATE,A,\"" + senate + "\"\n";
            medsl += precinct + ",US HOUSE,A," + cd + "\n";
            medsl += precinct + ",GOVERNORS COUNCIL,A," + gc + "\n";
        };
        add("Barnstable 1", "1ST BARNSTABLE", "CAPE AND ISLANDS", "009", "1");
        add("Barnstable 1A", "1ST BARNSTABLE", "CAPE AND ISLANDS", "009", "1");
        add("E. Longmeadow 2", "12TH HAMPDEN", "NORFOLK, WORCESTER & MIDDLESEX", "001", "8");
        add("E. Longmeadow 2A", "16TH ESSEX", "NORFOLK, WORCESTER AND MIDDLESEX", "001", "8");
        add("Foxborough 3", "1ST BRISTOL", "NORFOLK, WORCESTER & MIDDLESEX", "004", "2");
        add("Lawrence A 1", "16TH ESSEX", "1ST ESSEX", "003", "5");
        add("Lawrence A 2A", "SEVENTEENTH ESSEX", "FIRST ESSEX", "003", "5");
        add("Lawrence E 1", "16TH ESSEX", "1ST ESSEX", "003", "5");
        add("Lawrence F 3", "17TH ESSEX", "1ST ESSEX", "003", "5");
        files["medsl-2024-ma-precinct-general/ma24_state_house_senate_us_house_govcouncil.csv"] = medsl;
    }

    // Writes the tree and returns its root.
    const std::filesystem::path& write() {
        for (const auto& [rel, text] : files) {
            auto path = dir / rel;
            std::filesystem::create_directories(path.parent_path());
            std::ofstream(path, std::ios::binary) << text;
        }
        if (write_dbf) {
            auto path = dir / kDbf;
            std::filesystem::create_directories(path.parent_path());
            DBFHandle h = DBFCreate(path.c_str());
            DBFAddField(h, "CTWP_ID", FTString, 254, 0);
            DBFAddField(h, "SubPrecinc", FTString, 15, 0);
            for (std::size_t i = 0; i < sub_precincts.size(); ++i) {
                DBFWriteStringAttribute(h, static_cast<int>(i), 0, sub_precincts[i].first.c_str());
                DBFWriteStringAttribute(h, static_cast<int>(i), 1, sub_precincts[i].second.c_str());
            }
            DBFClose(h);
        }
        return dir.path();
    }
};

// Rows of one snapshot table as column -> value maps (after Snapshot::write).
inline std::vector<std::map<std::string, std::string>> snapshot_rows(
    const std::filesystem::path& dir, const std::string& table) {
    auto csv = CsvTable::read(dir / (table + ".csv"));
    std::vector<std::map<std::string, std::string>> rows;
    for (const auto& r : csv.records()) {
        std::map<std::string, std::string> m;
        for (std::size_t i = 0; i < csv.header().size(); ++i) m[csv.header()[i]] = r.fields[i];
        rows.push_back(std::move(m));
    }
    return rows;
}

}  // namespace masscivic::testing
