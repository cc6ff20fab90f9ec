// People importer (importers/raw/people*.cpp): a tiny raw tree written inline per test,
// and a real-data run when the shared raw sources are present.
#include "raw/people_common.hpp"
#include "raw_to_snapshot.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

#include <algorithm>
#include <fstream>

namespace masscivic::import {
namespace {

using people::Row;
using testing::TempDir;

void put(const std::filesystem::path& file, const std::string& content) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << content;
}

void put_gzip(const std::filesystem::path& file, const std::string& content) {
    std::filesystem::create_directories(file.parent_path());
    gzFile gz = gzopen(file.c_str(), "wb");
    ASSERT_NE(gz, nullptr);
    gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
    gzclose(gz);
}

const std::string kOcd = "ocd-division/country:us/state:ma/";

// A complete but tiny raw tree: 3 House seats (one vacant), 1 Senate seat, 2 executives
// of which one is duplicated, 1 Governor's Council district, 1 senator + 1 representative.
class PeopleFixture : public ::testing::Test {
protected:
    TempDir dir;
    std::filesystem::path raw = dir.path();

    std::filesystem::path os(const std::string& rel) { return raw / "openstates-people-ma" / rel; }


    std::filesystem::path cm(const std::string& rel) {
        return raw / "civicmirror-civic-data-ma/civic-data" / rel;
    }

    // Two Open States mayors (Boston current, Easthampton stale) and CivicMirror records:
    // duplicate mayors from its two pipelines, Acton's select board, clerk and library
    // trustee, an expired membership and a jurisdiction that is no municipality.
    void writeLocalSources() {
        auto osm = raw / "openstates-people-ma-municipalities";
        put(osm / "municipalities.yml", R"(- name: Boston
  id: ocd-jurisdiction/country:us/state:ma/place:boston/government
- name: Easthampton
  id: ocd-jurisdiction/country:us/state:ma/place:easthampton/government
)");
        put(osm / "municipalities/Michelle-Wu-1.yml", R"(id: ocd-person/wu
name: Michelle Wu
roles:
- end_date: '2030-01-07'
  type: mayor
  jurisdiction: ocd-jurisdiction/country:us/state:ma/place:boston/government
offices:
- classification: primary
  address: 1 City Hall Square, Suite 500;Boston, MA 02201
  voice: 617-635-4500
sources:
- url: https://www.boston.gov/departments/mayors-office/michelle-wu
)");
        put(osm / "municipalities/Nicole-LaChapelle-2.yml", R"(id: ocd-person/lachapelle
name: Nicole LaChapelle
email: mayor@easthamptonma.gov
roles:
- end_date: '2025-11-04'
  type: mayor
  jurisdiction: ocd-jurisdiction/country:us/state:ma/place:easthampton/government
sources:
- url: https://easthamptonma.gov/298/Mayor
)");
        auto jurisdiction = [&](const std::string& slug, const std::string& name) {
            put(cm("jurisdictions/" + slug + "-government.yaml"),
                "id: ocd-jurisdiction/country:us/state:ma/place:" + slug + "/government\nname: " +
                    name + "\ndivision_id: ocd-division/country:us/state:ma/place:" + slug + "\n");
        };
        jurisdiction("boston", "City of Boston");
        jurisdiction("easthampton", "City of Easthampton Town");
        jurisdiction("acton", "Town of Acton");
        jurisdiction("atlantis", "Town of Atlantis");
        auto body = [&](const std::string& post, const std::string& town, const std::string& name) {
            auto file = post;
            std::replace(file.begin(), file.end(), '/', '-');
            put(cm("organizations/" + file + ".yaml"),
                "id: ocd-organization/" + file + "\nname: " + name +
                    "\njurisdiction_id: ocd-jurisdiction/country:us/state:ma/place:" + town +
                    "/government\n");
            put(cm("posts/" + file + ".yaml"),
                "id: " + post + "\norganization_id: ocd-organization/" + file + "\ntitle: " + name + "\n");
        };
        body("boston/mayor", "boston", "Office of the Mayor, Boston");
        body("boston-ma/mayor", "boston", "Mayor");
        body("easthampton/mayor", "easthampton", "Office of the Mayor, Easthampton");
        body("easthampton-ma/mayor", "easthampton", "Mayor");
        body("acton-ma/select-board-member", "acton", "Acton Select Board");
        body("acton-ma/town-clerk", "acton", "Town Clerk");
        body("acton-ma/library-trustee", "acton", "Library Trustees");
        body("atlantis-ma/select-board-member", "atlantis", "Select Board");
        auto person = [&](const std::string& slug, const std::string& name, const std::string& extra) {
            put(cm("people/" + slug + ".yaml"),
                "id: ocd-person/cm-" + slug + "\nname: " + name + "\n" + extra);
        };
        person("wu", "Michelle Wu", "");
        person("derby-ocpf", "Salem Derby", "contact:\n  email: sderby@example.org\n");
        person("derby", "Salem J. Derby", "");
        person("ann", "Ann Acton", "");
        person("ben", "Ben Acton", "");
        person("cal", "Cal Acton", "");
        person("cara", "Cara Clerk", "");
        person("lee", "Lee Lib", "");
        person("ola", "Ola Old", "");
        person("ned", "Ned Nowhere", "");
        auto membership = [&](const std::string& id, const std::string& post,
                              const std::string& who, const std::string& role,
                              const std::string& extra = "") {
            auto org = post;
            std::replace(org.begin(), org.end(), '/', '-');
            put(cm("memberships/" + id + ".yaml"),
                "id: " + id + "\nperson_id: ocd-person/cm-" + who +
                    "\norganization_id: ocd-organization/" + org + "\npost_id: " + post +
                    "\nrole: " + role + "\n" + extra +
                    "sources:\n- url: https://example.org/" + id +
                    "\n  retrieved: '2026-08-19'\n");
        };
        membership("boston-mayor-wu", "boston/mayor", "wu", "Mayor");
        put(raw / "ocd-division-ids-ma/state-ma-local_gov.csv",
            "ocd-division/country:us/state:ma/place:boston,Boston\n"
            "ocd-division/country:us/state:ma/place:boston/council_district:6,Boston District 6\n");
        membership("easthampton-mayor-derby", "easthampton/mayor", "derby-ocpf", "Mayor",
                   "start: '2026-01-01'\n");
        membership("easthampton-ma-mayor-derby", "easthampton-ma/mayor", "derby", "Mayor");
        membership("acton-sb-ann", "acton-ma/select-board-member", "ann", "Select Board Member");
        membership("acton-sb-ben", "acton-ma/select-board-member", "ben", "Board of Selectmen Member");
        membership("acton-sb-cal", "acton-ma/select-board-member", "cal", "Chair");
        membership("acton-clerk", "acton-ma/town-clerk", "cara", "Town Clerk");
        membership("acton-lib", "acton-ma/library-trustee", "lee", "Library Trustee");
        membership("acton-sb-ola", "acton-ma/select-board-member", "ola", "Select Board Member",
                   "end: '2025-04'\n");
        membership("atlantis-sb-ned", "atlantis-ma/select-board-member", "ned", "Select Board Member");
    }

    // Two bills: one with a lead also listed as cosponsor, a slug with no legislator file,
    // a former legislator (not a current official) and a number written without a dot.
    void writeBills() {
        auto aom = raw / "actonmass-bill-cosponsors";
        put(aom / "legislators/ann-able.yml",
            "aom_id: ann-able\nfirst_name: Ann\nlast_name: Able\ndistrict: house-1st-barnstable\n"
            "ocd_id: ocd-person/able\n");
        put(aom / "legislators/cy-cole.yml",
            "aom_id: cy-cole\nfirst_name: Cy\nlast_name: Cole\ndistrict: house-3rd-barnstable\n"
            "ocd_id: ocd-person/cole\n");
        put(aom / "legislators/old-timer.yml",
            "aom_id: old-timer\nfirst_name: Old\nlast_name: Timer\ndistrict: senate-first-middlesex\n"
            "ocd_id: ocd-person/old\n");
        put(aom / "bills/safe-communities-act.yml", R"(aom_id: 'Exemple: safe-communities-act'
title: Safe Communities Act
house_no: H.2288
senate_no: S1510
house_link: https://malegislature.gov/Bills/193/H2288
senate_link: https://malegislature.gov/Bills/193/S1510
issue: immigration
house_lead_sponsors:
  - ann-able
senate_lead_sponsors:
  - old-timer
co_sponsors:
  - ann-able
  - cy-cole
  - nobody-known
  - cy-cole
)");
        put(aom / "bills/police-reform.yml", R"(aom_id: police-reform
title: Police reform
house_no: 'HD.3491 '
senate_no: ''
senate_link: https://malegislature.gov/Bills/191/S2820
house_lead_sponsors:
co_sponsors:
)");
    }

    // The 194th-session scorecard: a House/Senate pair whose House lead (Able) and Senate lead
    // (Cole) co-sponsor it, a Senate-only bill listed twice, a retired member's column, one
    // roll call whose position cell contradicts its totals, one summary-score row (1001).
    void writeScorecard() {
        auto pm = raw / "progressivemass-legislator-scorecard";
        put(pm / "PROVENANCE.md", "test copy\n");
        put(pm / "2025.json", R"({
 "sponsoredBills": [
  ["sort","bill_number","status","name","sponsors","shorthand_title","description","tags","url"],
  ["1","H2580","In Committee","An Act to protect all residents","Rep. Ann Able","Safe Communities Act ","d","All Means All","https://malegislature.gov/Bills/194/HD3816"],
  ["1.1","S1681","Passed","An Act to protect all residents","Sen. Cy Cole","Safe Communities Act ","d","All Means All","https://malegislature.gov/Bills/194/SD1"],
  ["2","S2099","Advanced Out of Committee","An Act on sunlight","Sen. Cy Cole","Sunlight Act","d","Good Government","u"],
  ["2.1","S2099","Advanced Out of Committee","An Act on sunlight","Sen. Cy Cole","Sunlight Act","d","Good Government","u"]
 ],
 "sponsorship": [
  ["","","","ocd-person/able","ocd-person/cole","ocd-person/old"],
  ["","bill_number","shorthand_title","Able,\u00a0 Ann","Cole, Cy","Timer, Old"],
  ["1","H.2580 / S.1681","Safe Communities Act","Y","Y","Y"],
  ["2","S.2099","Sunlight Act","N","Y","N"]
 ],
 "houseBills": [
  ["pm_score","keyword","description","roll_call_number","bill_number","amendment","vote_date","title","progressive_position","# of Y","# of N","tags","url","roll_call_url"],
  ["1h","Housing","d","34","H4000","12","4/29/2025","Shelter cuts","NO","1","1","t","","https://malegislature.gov/RollCall/34"],
  ["9h","","d","1001","","","","Cosponsorship > 50%","YES","","","t","",""]
 ],
 "houseVotes": [
  ["Progressive Position","","No","Yes"],["Bill Number","","H4000",""],["RC #","","34","1001"],["Date","","4/29/2025",""],
  ["ocd-person/able","Able, Ann"," +","+"],["ocd-person/best","Best, Bo","-","-"],["ocd-person/old","Timer, Old","n/a","-"]
 ],
 "senateBills": [
  ["pm_score","description","roll_call_number","bill_number","amendment","vote_date","title","progressive_position","# of Y","# of N","tags","url","roll_call_url"],
  ["1s","d","104","S2","","11/13/2025","Book bans","NO","1","0","t","",""]
 ],
 "senateVotes": [
  ["Progressive Position","","No"],["Bill Number","","S2"],["RC #","","104"],["Date","","11/13/2025"],
  ["ocd-person/cole","Cole, Cy","+"]
 ]
})");
    }

    void SetUp() override {
        put(os("legislature/Ann-Able-1.yml"), R"(id: ocd-person/able
name: Ann Able
given_name: Ann
family_name: Able
email: ann.able@mahouse.gov
image: https://malegislature.gov/Legislators/Profile/170/AXA1.jpg
party:
- name: Democratic
roles:
- start_date: 2019-01-02
  end_date: '2021-01-01'
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:ma/government
  district: 2nd Barnstable
- start_date: '2021-01-06'
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:ma/government
  district: 1st Barnstable
offices:
- classification: capitol
  address: Room 1, State House 24 Beacon St., Boston, MA 02133
  voice: 617-722-0001
- classification: district
  address: 1 Main St, Barnstable, MA
  voice: 508-555-0001
links:
- url: https://malegislature.gov/Legislators/Profile/AXA1
- url: https://annable.example.org/
sources:
- url: https://malegislature.gov/Legislators/Profile/AXA1
extras:
  member code: AXA1
  leadership position: Speaker of the House
)");
        // No member-code extra: the code comes from the profile link.
        put(os("legislature/Bo-Best-2.yml"), R"(id: ocd-person/best
name: Bo Best
given_name: Bo
family_name: Best
party:
- name: Republican
roles:
- start_date: 2023-01-04
  type: lower
  district: 2nd Barnstable
offices:
- classification: capitol
  voice: 617-722-0002
links:
- url: https://malegislature.gov/Legislators/Profile/BXB1
sources:
- url: https://ballotpedia.org/Bo_Best
)");
        // Moved from the House (3rd Barnstable) to the Senate; the House role is not in
        // the file, as with Vanna Howard in the real data.
        put(os("legislature/Cy-Cole-3.yml"), R"(id: ocd-person/cole
name: Cy Cole
given_name: Cy
family_name: Cole
party:
- name: Democratic
roles:
- start_date: 2026-03-18
  type: upper
  district: First Middlesex
offices: []
links:
- url: https://malegislature.gov/Legislators/Profile/C_C1
sources: []
extras:
  member code: C_C1
)");
        put(os("retired/Old-Timer-4.yml"), R"(id: ocd-person/old
name: Old Timer
roles:
- end_date: 2019-01-01
  type: lower
  district: 3rd Barnstable
- type: lower
  district: 4th Berkshire
  end_date: 2023-01-01
)");
        put(os("executive/Gov-5.yml"), R"(id: ocd-person/gov
name: Gina Gov
party:
- name: Democratic
roles:
- start_date: '2023-01-05'
  end_date: '2027-01-02'
  type: governor
offices:
- classification: capitol
  address: State House, Room 280
  voice: 617-725-4005
links:
- url: https://www.mass.gov/orgs/office-of-the-governor
- url: https://www.mass.gov/forms/email-the-governors-office
  note: webform
ids:
  twitter: MassGovernor
sources:
- url: https://www.mass.gov/orgs/office-of-the-governor
)");
        put(os("executive/Kim-Lt-6.yml"), R"(id: ocd-person/zz-kim
name: Kim Lt
roles:
- start_date: '2023-01-05'
  end_date: '2027-01-02'
  type: lt_governor
offices:
- classification: capitol
  address: State House, Room 360
  voice: 617-725-4000
links: []
sources: []
)");
        put(os("executive/Kimberly-Lt-7.yml"), R"(id: ocd-person/aa-kimberly
name: Kimberly Lt
email: mayor@salem.com
roles:
- end_date: '2021-11-02'
  type: mayor
- start_date: '2023-01-05'
  end_date: '2027-01-07'
  type: lt_governor
offices:
- classification: capitol
  voice: 617-725-4005
links: []
sources: []
)");
        put(os("committees/legislature-Joint-Ways-1.yml"), R"(id: ocd-organization/ways
name: Joint Committee on Ways
chamber: legislature
classification: committee
links:
- url: https://malegislature.gov/Committees/Detail/J1
members:
- {name: Ann Able, role: chair, person_id: ocd-person/able}
- {name: Bo Best, role: ranking  member, person_id: ocd-person/best}
- {name: Gone Person, role: member, person_id: ocd-person/gone}
- {name: Ann Able, role: member, person_id: ocd-person/able}
)");
        put(os("committees/upper-Senate-Rules-2.yml"), R"(id: ocd-organization/rules
name: Senate Committee on Rules
chamber: upper
members:
- {name: Cy Cole, role: Vice  Chair, person_id: ocd-person/cole}
)");
        writeLocalSources();
        writeBills();
        writeScorecard();
        auto gis = raw / "bwbensonjr-mapoli-district-geometry-2021/massgis-attributes";
        put(gis / "HOUSE2021_POLY.csv",
            "DIST_CODE,REPDISTNUM,REP_DIST,REP_FIRST,REP_LAST,REP_PARTY,REP,URL\n"
            "B1,1,1st Barnstable,Ann,Able,(D),x,https://malegislature.gov/Legislators/Profile/AXA1\n"
            "B2,2,2nd Barnstable,Zed,Zane,(R),x,https://malegislature.gov/Legislators/Profile/ZZZ1\n"
            "B3,3,3rd Barnstable,Cy,Cole,(D),x,https://malegislature.gov/Legislators/Profile/C_C1\n");
        put(gis / "HOUSE2021_POLY.shp.xml", "<metadata><ModDate>20240531</ModDate></metadata>");
        put(gis / "SENATE2021_POLY.csv",
            "SENDISTNUM,SEN_DIST,SEN_FIRST,SEN_LAST,SEN_PARTY,SENATOR,URL\n"
            "1,First Middlesex,Ed,Edge,(D),x,https://malegislature.gov/Legislators/Profile/EXE1\n");
        put(gis / "SENATE2021_POLY.shp.xml", "<metadata><ModDate>20240208</ModDate></metadata>");
        put(gis / "GOVCOUNCIL2021_POLY.csv",
            "DIST_NUM,DIST_NAME,MEMBER,PARTY\n1,First District,Gail Guard,D\n");
        put(gis / "GOVCOUNCIL2021_POLY.shp.xml", "<metadata><ModDate>20230112</ModDate></metadata>");
        // Official results: the Council seat changed hands in 2024 (the MassGIS roster of
        // 2023 names Gail Guard); 1st Barnstable's winner is its holder; 1990s contests of
        // abolished districts are ignored.
        put_gzip(raw / "bwbensonjr-ma-election-db/ma_general_election_summaries.csv.gz",
                 "office,district,district_display,election_id,election_date,is_special,"
                 "num_candidates,name_winner,votes_winner,percent_winner,party_winner,"
                 "name_incumbent\n"
                 "State Representative,Old Seat,Old Seat,1,1994-11-08,FALSE,1,X,1,1,Democratic,NA\n"
                 "Governor's Council,First,1st,10,2022-11-08,FALSE,1,Gail Guard,900,1,Democratic,"
                 "Gail Guard\n"
                 "Governor's Council,First,1st,11,2024-11-05,FALSE,2,Hana Hope,600,0.6,Democratic,"
                 "Gail Guard\n"
                 "State Representative,First Barnstable,1st Barnstable,12,2024-11-05,FALSE,1,"
                 "Ann B. Able,700,1,Democratic,Ann B. Able\n");
        put(raw / "medsl-2024-ma-precinct-general/ma24_state_house_senate_us_house_govcouncil.csv",
            "precinct,office,candidate,district,votes\n"
            "Acton 1,GOVERNORS COUNCIL,HANA HOPE,1,400\n"
            "Acton 2,GOVERNORS COUNCIL,HANA HOPE,1,200\n"
            "Acton 1,GOVERNORS COUNCIL,GAIL GUARD,1,400\n"
            "Acton 1,GOVERNORS COUNCIL,UNDERVOTE,1,999\n");
        put(raw / "congress-legislators/legislators-current.yaml", R"(- id: {bioguide: W000817}
  name: {first: Elizabeth, last: Warren, official_full: Elizabeth Warren}
  terms:
  - {type: sen, start: '2013-01-03', end: '2019-01-03', state: MA, party: Democrat}
  - {type: sen, start: '2025-01-03', end: '2031-01-03', state: MA, party: Democrat,
     url: 'https://www.warren.senate.gov', address: 309 Hart, phone: 202-224-4543,
     contact_form: 'https://www.warren.senate.gov/contact'}
- id: {bioguide: N000015}
  name: {first: Richard, last: Neal}
  terms:
  - {type: rep, start: '2025-01-03', end: '2027-01-03', state: MA, district: 1, party: Democrat,
     phone: 202-225-5601}
- id: {bioguide: X000001}
  name: {first: Other, last: State}
  terms:
  - {type: rep, start: '2025-01-03', end: '2027-01-03', state: NY, district: 1, party: Republican}
)");
        put(raw / "congress-legislators/legislators-district-offices.yaml", R"(- id: {bioguide: W000817}
  offices:
  - {id: W-spr, address: 1550 Main St., suite: Suite 406, city: Springfield, state: MA, zip: '01103', phone: 413-788-2690}
)");
        put(raw / "congress-legislators/legislators-social-media.yaml", R"(- id: {bioguide: N000015}
  social: {twitter: RepRichardNeal, youtube_id: UCabc}
)");
    }

    Snapshot snapshot() {
        Snapshot snap(raw);
        auto district = [&](Chamber c, const std::string& name, const std::string& slug,
                            const char* kind, int number) {
            snap.register_district_name(c, name, kOcd + kind + ":" + slug);
            snap.add("districts", {{"ocd_id", kOcd + kind + ":" + slug},
                                   {"chamber", chamber_code(c)},
                                   {"name", name},
                                   {"display_name", name},
                                   {"number", std::to_string(number)},
                                   {"source", "test"},
                                   {"as_of", "2024-01-01"}});
        };
        auto town = [&](const std::string& name, const std::string& geoid, const std::string& slug) {
            snap.register_town_name(name, geoid);
            snap.add("municipalities",
                     {{"geoid", geoid}, {"name", name}, {"ocd_id", kOcd + "place:" + slug}});
        };
        town("Boston", "2502507000", "boston");
        town("Easthampton", "2501520000", "easthampton");
        town("Acton", "2501700380", "acton");
        district(Chamber::House, "1st Barnstable", "1st_barnstable", "sldl", 1);
        district(Chamber::House, "2nd Barnstable", "2nd_barnstable", "sldl", 2);
        district(Chamber::House, "3rd Barnstable", "3rd_barnstable", "sldl", 3);
        district(Chamber::Senate, "First Middlesex", "1st_middlesex", "sldu", 1);
        district(Chamber::Congress, "1st Congressional District", "1", "cd", 1);
        district(Chamber::Congress, "2nd Congressional District", "2", "cd", 2);
        district(Chamber::GovernorsCouncil, "First District", "1", "governors_council", 1);
        return snap;
    }

    Snapshot run() {
        auto snap = snapshot();
        import_people(snap, [](const std::string&) {});
        return snap;
    }
};

std::vector<Row> rows_where(const Snapshot& snap, const std::string& table,
                            const std::string& column, const std::string& value) {
    std::vector<Row> out;
    for (auto& r : snap.rows(table))
        if (r.at(column) == value) out.push_back(r);
    return out;
}

Row official(const Snapshot& snap, const std::string& id) {
    auto rows = rows_where(snap, "officials", "id", id);
    EXPECT_EQ(rows.size(), 1u) << id;
    return rows.empty() ? Row{} : rows.front();
}

bool has_warning(const Snapshot& snap, const std::string& needle) {
    for (const auto& w : snap.warnings())
        if (w.find(needle) != std::string::npos) return true;
    return false;
}

TEST_F(PeopleFixture, CurrentRoleGivesTheLegislatorsSeatAndContacts) {
    auto snap = run();
    auto able = official(snap, "ocd-person/able");
    EXPECT_EQ(able["division_id"], kOcd + "sldl:1st_barnstable");  // not the ended 2nd
    EXPECT_EQ(able["office"], "state_representative");
    EXPECT_EQ(able["title"], "State Representative");
    EXPECT_EQ(able["start_date"], "2021-01-06");
    EXPECT_EQ(able["phone"], "617-722-0001");
    EXPECT_EQ(able["member_code"], "AXA1");
    EXPECT_EQ(able["leadership"], "Speaker of the House");
    EXPECT_EQ(able["website"], "https://annable.example.org/");
    EXPECT_EQ(able["profile_url"], "https://malegislature.gov/Legislators/Profile/AXA1");
    EXPECT_EQ(able["verified"], "1");
    EXPECT_EQ(able["source"], "openstates-people-ma");
    EXPECT_EQ(rows_where(snap, "official_offices", "official_id", "ocd-person/able").size(), 2u);
    auto best = official(snap, "ocd-person/best");
    EXPECT_EQ(best["member_code"], "BXB1");  // recovered from the profile link
    EXPECT_EQ(best["party"], "Republican");
    EXPECT_EQ(official(snap, "ocd-person/cole")["office"], "state_senator");
}

TEST_F(PeopleFixture, VacancyDerivedFromSeatsWithoutHolder) {
    auto snap = run();
    auto vacancies = rows_where(snap, "vacancies", "office", "state_representative");
    ASSERT_EQ(vacancies.size(), 1u);
    EXPECT_EQ(vacancies[0]["division_id"], kOcd + "sldl:3rd_barnstable");
    // MassGIS (2024) names Cy Cole, later than the Open States end date of 2019, and Cole
    // is now a senator: the vacancy dates from the start of his Senate role.
    EXPECT_EQ(vacancies[0]["since"], "2026-03-18");
    EXPECT_NE(vacancies[0]["note"].find("Cy Cole"), std::string::npos);
    EXPECT_NE(vacancies[0]["note"].find("State Senator"), std::string::npos);
    EXPECT_TRUE(rows_where(snap, "vacancies", "office", "state_senator").empty());
}

TEST_F(PeopleFixture, VacancyOfARetiredMemberDatesFromTheirDeparture) {
    put(os("retired/Old-Timer-4.yml"), R"(id: ocd-person/old
name: Old Timer
roles:
- start_date: 2019-01-02
  type: lower
  district: 3rd Barnstable
  end_date: 2026-01-28
)");
    auto snap = run();
    auto v = rows_where(snap, "vacancies", "division_id", kOcd + "sldl:3rd_barnstable");
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0]["since"], "2026-01-28");
    EXPECT_NE(v[0]["note"].find("Old Timer"), std::string::npos);
}

TEST_F(PeopleFixture, MassGisDifferencesAreWarningsAndOpenStatesWins) {
    auto snap = run();
    EXPECT_EQ(official(snap, "ocd-person/best")["name"], "Bo Best");
    EXPECT_TRUE(has_warning(snap, "lists Zed Zane for 2nd Barnstable"));
    EXPECT_TRUE(has_warning(snap, "lists Ed Edge for First Middlesex"));
    EXPECT_FALSE(has_warning(snap, "lists Ann Able"));
}

TEST_F(PeopleFixture, DuplicateExecutiveKeepsTheRecordWithACapitolAddress) {
    auto snap = run();
    auto lt = rows_where(snap, "officials", "office", "lieutenant_governor");
    ASSERT_EQ(lt.size(), 1u);
    // "aa-kimberly" sorts first by id, but "zz-kim" has the capitol address.
    EXPECT_EQ(lt[0]["id"], "ocd-person/zz-kim");
    EXPECT_TRUE(has_warning(snap, "dropped Kimberly Lt"));
    EXPECT_TRUE(rows_where(snap, "official_offices", "official_id", "ocd-person/aa-kimberly").empty());
    auto gov = official(snap, "ocd-person/gov");
    EXPECT_EQ(gov["division_id"], "ocd-division/country:us/state:ma");
    EXPECT_EQ(gov["contact_form"], "https://www.mass.gov/forms/email-the-governors-office");
    EXPECT_EQ(gov["website"], "https://www.mass.gov/orgs/office-of-the-governor");
    EXPECT_EQ(rows_where(snap, "official_links", "official_id", "ocd-person/gov").size(), 1u);
}

TEST_F(PeopleFixture, GovernorsCouncilFromTheLatestElectionBeatsTheOlderRoster) {
    auto snap = run();
    auto gc = rows_where(snap, "officials", "office", "governors_councillor");
    ASSERT_EQ(gc.size(), 1u);
    EXPECT_EQ(gc[0]["name"], "Hana Hope");  // not the 2023 MassGIS roster's Gail Guard
    EXPECT_EQ(gc[0]["division_id"], kOcd + "governors_council:1");
    EXPECT_EQ(gc[0]["verified"], "1");
    EXPECT_EQ(gc[0]["source"], "bwbensonjr-ma-election-db");
    EXPECT_EQ(gc[0]["party"], "Democratic");
    const auto& w = snap.warnings();
    EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const std::string& m) {
        return m.find("Gail Guard") != std::string::npos && m.find("Hana Hope") != std::string::npos;
    }));
    // MEDSL's sum (400 + 200) agrees with the results file: no difference reported.
    EXPECT_FALSE(std::any_of(w.begin(), w.end(), [](const std::string& m) {
        return m.find("MEDSL") != std::string::npos;
    }));
}

TEST_F(PeopleFixture, ElectionResultsLinkTheSeatsLatestWinner) {
    auto snap = run();
    auto results = snap.rows("election_results");
    ASSERT_EQ(results.size(), 3u);  // the 1994 contest of an abolished seat is not imported
    auto barnstable = rows_where(snap, "election_results", "division_id", kOcd + "sldl:1st_barnstable");
    ASSERT_EQ(barnstable.size(), 1u);
    EXPECT_EQ(barnstable[0]["winner_share"], "100.0");
    EXPECT_EQ(barnstable[0]["opposed"], "0");
    EXPECT_FALSE(barnstable[0]["official_id"].empty());  // Ann Able holds the seat
    auto gc = rows_where(snap, "election_results", "division_id", kOcd + "governors_council:1");
    ASSERT_EQ(gc.size(), 2u);
    for (const auto& r : gc)
        EXPECT_EQ(r.at("official_id").empty(), r.at("election_date") != "2024-11-05");
}

TEST_F(PeopleFixture, CongressMembersOfMassachusettsOnly) {
    auto snap = run();
    EXPECT_EQ(rows_where(snap, "officials", "level", "federal").size(), 2u);
    auto warren = official(snap, "bioguide:W000817");
    EXPECT_EQ(warren["office"], "us_senator");
    EXPECT_EQ(warren["division_id"], "ocd-division/country:us/state:ma");
    EXPECT_EQ(warren["party"], "Democratic");
    EXPECT_EQ(warren["start_date"], "2025-01-03");
    EXPECT_EQ(warren["contact_form"], "https://www.warren.senate.gov/contact");
    EXPECT_EQ(warren["photo_url"], "https://bioguide.congress.gov/bioguide/photo/W/W000817.jpg");
    auto offices = rows_where(snap, "official_offices", "official_id", "bioguide:W000817");
    ASSERT_EQ(offices.size(), 2u);
    auto neal = official(snap, "bioguide:N000015");
    EXPECT_EQ(neal["division_id"], kOcd + "cd:1");
    auto links = rows_where(snap, "official_links", "official_id", "bioguide:N000015");
    ASSERT_EQ(links.size(), 2u);  // twitter + youtube (by channel id)
    // The fixture's 2nd district has no member: a vacancy, so every district is covered.
    auto vacant = rows_where(snap, "vacancies", "office", "us_representative");
    ASSERT_EQ(vacant.size(), 1u);
    EXPECT_EQ(vacant[0]["division_id"], kOcd + "cd:2");
}

TEST_F(PeopleFixture, CommitteesWithNormalizedRolesAndOnlyCurrentMembers) {
    auto snap = run();
    ASSERT_EQ(snap.count("committees"), 2u);
    auto ways = rows_where(snap, "committees", "id", "ocd-organization/ways");
    ASSERT_EQ(ways.size(), 1u);
    EXPECT_EQ(ways[0]["chamber"], "joint");
    EXPECT_EQ(ways[0]["url"], "https://malegislature.gov/Committees/Detail/J1");
    EXPECT_EQ(rows_where(snap, "committees", "id", "ocd-organization/rules")[0]["chamber"], "senate");
    auto members = rows_where(snap, "committee_members", "committee_id", "ocd-organization/ways");
    ASSERT_EQ(members.size(), 2u);  // the departed member and the repeat are skipped
    std::map<std::string, std::string> role;
    for (auto& m : members) role[m["official_id"]] = m["role"];
    EXPECT_EQ(role["ocd-person/able"], "chair");
    EXPECT_EQ(role["ocd-person/best"], "ranking member");
    EXPECT_EQ(rows_where(snap, "committee_members", "official_id", "ocd-person/cole")[0]["role"],
              "vice chair");
    EXPECT_TRUE(has_warning(snap, "Gone Person (ocd-person/gone) is not a current official"));
    EXPECT_TRUE(has_warning(snap, "Ann Able listed twice"));
}

TEST_F(PeopleFixture, UnknownCommitteeChamberIsAnInputError) {
    put(os("committees/x.yml"), "id: ocd-organization/x\nname: X\nchamber: council\n");
    auto snap = snapshot();
    EXPECT_THROW(import_people(snap, [](const std::string&) {}), InputError);
}

TEST(LocalOffice, RolesNormalizeToOfficeCodes) {
    using people::local_office;
    EXPECT_EQ(local_office("Mayor", "Mayor"), "mayor");
    EXPECT_EQ(local_office("Select Board Member", "Select Board"), "select_board_member");
    EXPECT_EQ(local_office("Board of Selectmen Member", "x"), "select_board_member");
    EXPECT_EQ(local_office("Selectboard / Board of Health Member", "x"), "select_board_member");
    EXPECT_EQ(local_office("Chair", "Millbury Select Board"), "select_board_member");
    EXPECT_EQ(local_office("City Councilor-at-Large", "x"), "council_member");
    EXPECT_EQ(local_office("City Councillor", "x"), "council_member");
    EXPECT_EQ(local_office("Ward Councilor", "x"), "council_member");
    EXPECT_EQ(local_office("Council President", "Boston City Council"), "council_member");
    EXPECT_EQ(local_office("Town Council Member", "x"), "council_member");
    EXPECT_EQ(local_office("Town Clerk", "Town Clerk"), "town_clerk");
    EXPECT_EQ(local_office("City Clerk", "x"), "town_clerk");
    EXPECT_EQ(local_office("Newton Highlands Neighborhood Area Councilor", "x"), "other_local");
    EXPECT_EQ(local_office("School Committee Member", "School Committee"), "other_local");
}

TEST(LocalOffice, SamePersonAcrossSpellings) {
    using people::same_local_person;
    EXPECT_TRUE(same_local_person("Brian DePena", "Brian A. De Peña"));
    EXPECT_TRUE(same_local_person("David P. Beauregard Jr.", "David P. \u201cD.J.\u201d Beauregard, Jr."));
    EXPECT_TRUE(same_local_person("Gary J. Christenson", "Gary Christenson"));
    EXPECT_FALSE(same_local_person("Ann Acton", "Ben Bolton"));
    EXPECT_FALSE(same_local_person("Ann Acton", "Ben Acton"));  // same family, two people
}

TEST_F(PeopleFixture, LocalOfficialsFromCivicMirrorAreUnverifiedAndNormalized) {
    auto snap = run();
    auto acton = rows_where(snap, "officials", "geoid", "2501700380");
    std::map<std::string, Row> by_id;
    for (auto& r : acton) by_id[r["id"]] = r;
    ASSERT_EQ(acton.size(), 5u);  // the expired membership is not current
    auto ann = by_id["civicmirror:acton-sb-ann"];
    EXPECT_EQ(ann["office"], "select_board_member");
    EXPECT_EQ(ann["title"], "Select Board Member");
    EXPECT_EQ(ann["verified"], "0");
    EXPECT_EQ(ann["level"], "local");
    EXPECT_EQ(ann["division_id"], kOcd + "place:acton");
    EXPECT_EQ(ann["source_url"], "https://example.org/acton-sb-ann");
    EXPECT_EQ(ann["as_of"], "2026-08-19");
    EXPECT_EQ(by_id["civicmirror:acton-sb-ben"]["office"], "select_board_member");
    EXPECT_EQ(by_id["civicmirror:acton-sb-cal"]["office"], "select_board_member");
    EXPECT_EQ(by_id["civicmirror:acton-sb-cal"]["title"], "Acton Select Board Chair");
    EXPECT_EQ(by_id["civicmirror:acton-clerk"]["office"], "town_clerk");
    EXPECT_EQ(by_id["civicmirror:acton-lib"]["office"], "other_local");
    EXPECT_EQ(by_id["civicmirror:acton-lib"]["title"], "Library Trustee");
    for (const auto& r : snap.rows("officials")) {
        if (r.at("source") == "civicmirror-civic-data-ma") {
            EXPECT_EQ(r.at("verified"), "0") << r.at("id");
        }
    }
    EXPECT_TRUE(has_warning(snap, "acton-sb-ola.yaml ended 2025-04"));
    EXPECT_TRUE(has_warning(snap, "'Town of Atlantis' matches no municipality"));
}

TEST_F(PeopleFixture, CurrentOpenStatesMayorBeatsCivicMirror) {
    auto snap = run();
    auto boston = rows_where(snap, "officials", "geoid", "2502507000");
    ASSERT_EQ(boston.size(), 1u);
    EXPECT_EQ(boston[0]["id"], "ocd-person/wu");
    EXPECT_EQ(boston[0]["verified"], "1");
    EXPECT_EQ(boston[0]["phone"], "617-635-4500");
    EXPECT_EQ(boston[0]["division_id"], kOcd + "place:boston");
    EXPECT_TRUE(has_warning(snap, "Michelle Wu of Boston kept over civicmirror's Michelle Wu (same person)"));
}

TEST_F(PeopleFixture, StaleOpenStatesMayorLosesToCivicMirrorAndDuplicatesMerge) {
    auto snap = run();
    auto easthampton = rows_where(snap, "officials", "geoid", "2501520000");
    ASSERT_EQ(easthampton.size(), 1u);
    // The website pipeline's record wins the merge and takes the other's email and start.
    EXPECT_EQ(easthampton[0]["id"], "civicmirror:easthampton-ma-mayor-derby");
    EXPECT_EQ(easthampton[0]["name"], "Salem J. Derby");
    EXPECT_EQ(easthampton[0]["email"], "sderby@example.org");
    EXPECT_EQ(easthampton[0]["start_date"], "2026-01-01");
    EXPECT_EQ(easthampton[0]["verified"], "0");
    EXPECT_TRUE(has_warning(snap, "Nicole LaChapelle of Easthampton (Nicole-LaChapelle-2.yml) ended 2025-11-04"));
    EXPECT_TRUE(has_warning(snap, "civicmirror:easthampton-mayor-derby (Salem Derby) merged into"));
}

TEST_F(PeopleFixture, DanglingCivicMirrorReferenceIsAnInputError) {
    put(cm("memberships/bad.yaml"),
        "id: bad\nperson_id: ocd-person/nobody\norganization_id: ocd-organization/acton-ma-town-clerk\n"
        "post_id: acton-ma/town-clerk\nrole: Town Clerk\nsources: []\n");
    auto snap = snapshot();
    try {
        import_people(snap, [](const std::string&) {});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.yaml: person_id"), std::string::npos) << e.what();
    }
}

TEST(BillNumbers, NormalizedToLetterDotNumber) {
    using people::normalize_bill_number;
    EXPECT_EQ(normalize_bill_number("H.2288"), "H.2288");
    EXPECT_EQ(normalize_bill_number("H3320"), "H.3320");
    EXPECT_EQ(normalize_bill_number("HD.3491"), "HD.3491");
    EXPECT_EQ(normalize_bill_number("H.872 "), "H.872");
    EXPECT_EQ(normalize_bill_number("s 1510"), "S.1510");
    EXPECT_EQ(normalize_bill_number("Chapter 5"), std::nullopt);
    EXPECT_EQ(normalize_bill_number(""), std::nullopt);
    EXPECT_EQ(normalize_bill_number("H.0086"), "H.86");
    EXPECT_EQ(normalize_bill_number("H."), std::nullopt);
}

TEST(PeopleDates, FullAndPartialDates) {
    using people::is_date;
    EXPECT_TRUE(is_date("2026-01-28", false));
    EXPECT_FALSE(is_date("2026-01", false));
    EXPECT_TRUE(is_date("2026-01", true));
    EXPECT_TRUE(is_date("2027", true));
    EXPECT_FALSE(is_date("2026/01/28", true));
    EXPECT_FALSE(is_date("2026-01-28T00:00", true));
    EXPECT_FALSE(is_date("", true));
}

TEST_F(PeopleFixture, BillsWithSessionNumbersAndDedupedSponsors) {
    auto snap = run();
    ASSERT_EQ(rows_where(snap, "bills", "source", "actonmass-bill-cosponsors").size(), 2u);
    auto sca = rows_where(snap, "bills", "id", "safe-communities-act");
    ASSERT_EQ(sca.size(), 1u);  // id from the file name, not the placeholder aom_id
    EXPECT_EQ(sca[0]["session"], "193rd");
    EXPECT_EQ(sca[0]["house_number"], "H.2288");
    EXPECT_EQ(sca[0]["senate_number"], "S.1510");
    EXPECT_EQ(sca[0]["url"], "https://malegislature.gov/Bills/193/H2288");
    EXPECT_EQ(sca[0]["issue"], "immigration");
    auto police = rows_where(snap, "bills", "id", "police-reform")[0];
    EXPECT_EQ(police["session"], "191st");
    EXPECT_EQ(police["house_number"], "HD.3491");
    EXPECT_EQ(police["senate_number"], "");

    auto sponsors = rows_where(snap, "bill_sponsors", "bill_id", "safe-communities-act");
    std::map<std::string, Row> by_name;
    for (auto& s : sponsors) by_name[s["person_name"]] = s;
    ASSERT_EQ(sponsors.size(), 4u);  // Ann Able once, as lead
    EXPECT_EQ(by_name["Ann Able"]["role"], "lead");
    EXPECT_EQ(by_name["Ann Able"]["official_id"], "ocd-person/able");
    EXPECT_EQ(by_name["Ann Able"]["chamber"], "house");
    EXPECT_EQ(by_name["Old Timer"]["person_id"], "ocd-person/old");
    EXPECT_EQ(by_name["Old Timer"]["official_id"], "");  // retired: not a current official
    EXPECT_EQ(by_name["Cy Cole"]["role"], "cosponsor");
    EXPECT_EQ(by_name["nobody-known"]["person_id"], "");
    EXPECT_TRUE(has_warning(snap, "sponsor slug 'nobody-known' (1 bills)"));
    EXPECT_TRUE(has_warning(snap, "1 cosponsor entries repeat a lead sponsor"));
    EXPECT_TRUE(has_warning(snap, "safe-communities-act: listed twice, first entry kept: Cy Cole"));
}

TEST_F(PeopleFixture, LocalSeatsGetTheirOcdDivisionWhenTheListHasIt) {
    // Two Boston district councillors: District 6 is in the OCD list, District 9 is not.
    put(cm("organizations/boston-council.yaml"),
        "id: ocd-organization/boston-council\nname: Boston City Council\n"
        "jurisdiction_id: ocd-jurisdiction/country:us/state:ma/place:boston/government\n");
    put(cm("posts/boston-council-district.yaml"),
        "id: boston/council-district\norganization_id: ocd-organization/boston-council\n"
        "title: City Councillor\n");
    for (const auto& [who, seat] : {std::pair{"dee", "District 6"}, {"nia", "District 9"}}) {
        put(cm(std::string("people/") + who + ".yaml"),
            std::string("id: ocd-person/cm-") + who + "\nname: " +
                (std::string(who) == "dee" ? "Dee District" : "Nia Nine") + "\n");
        put(cm(std::string("memberships/boston-cd-") + who + ".yaml"),
            std::string("id: boston-cd-") + who + "\nperson_id: ocd-person/cm-" + who +
                "\norganization_id: ocd-organization/boston-council\npost_id: "
                "boston/council-district\nrole: City Councillor\nseat: " + seat +
                "\nsources:\n- url: https://example.org/x\n  retrieved: '2026-08-19'\n");
    }
    auto snap = run();
    auto dee = rows_where(snap, "officials", "name", "Dee District");
    ASSERT_EQ(dee.size(), 1u);
    EXPECT_EQ(dee[0]["seat"], "District 6");
    EXPECT_EQ(dee[0]["seat_division_id"], kOcd + "place:boston/council_district:6");
    auto nia = rows_where(snap, "officials", "name", "Nia Nine")[0];
    EXPECT_EQ(nia["seat"], "District 9");
    EXPECT_EQ(nia["seat_division_id"], "");  // not in ocd-division-ids-ma
    EXPECT_TRUE(has_warning(snap, "1 Boston seats name a ward or district with no OCD id"));
}

TEST(SeatDivision, WardsAndCouncilDistrictsOnly) {
    const std::string town = kOcd + "place:newton";
    EXPECT_EQ(people::seat_division(town, "Ward 4", "council_member"), town + "/ward:4");
    EXPECT_EQ(people::seat_division(town, "Ward 4", "other_local"), town + "/ward:4");
    EXPECT_EQ(people::seat_division(town, "Ward 1 At-Large", "council_member"), "");
    EXPECT_EQ(people::seat_division(town, "District 6", "council_member"), town + "/council_district:6");
    EXPECT_EQ(people::seat_division(town, "District 6", "other_local"), "");  // a school district seat
    EXPECT_EQ(people::seat_division(town, "District F", "council_member"), "");
    EXPECT_EQ(people::seat_division(town, "At-Large", "council_member"), "");
    EXPECT_EQ(people::seat_division(town, "Ward 123", "council_member"), "");
}

TEST_F(PeopleFixture, CurrentSessionBillsFromTheScorecard) {
    auto snap = run();
    ASSERT_EQ(snap.count("bills"), 4u);  // 2 Act on Mass + 2 of the 194th session
    auto sca = rows_where(snap, "bills", "id", "194-safe-communities-act");
    ASSERT_EQ(sca.size(), 1u);
    EXPECT_EQ(sca[0]["title"], "Safe Communities Act");
    EXPECT_EQ(sca[0]["official_title"], "An Act to protect all residents");
    EXPECT_EQ(sca[0]["session"], "194th");
    EXPECT_EQ(sca[0]["house_number"], "H.2580");
    EXPECT_EQ(sca[0]["senate_number"], "S.1681");
    EXPECT_EQ(sca[0]["house_status"], "In Committee");
    EXPECT_EQ(sca[0]["senate_status"], "Passed");
    EXPECT_EQ(sca[0]["lead_sponsors"], "Rep. Ann Able; Sen. Cy Cole");
    auto sunlight = rows_where(snap, "bills", "id", "194-sunlight-act")[0];
    EXPECT_EQ(sunlight["house_number"], "");
    EXPECT_EQ(sunlight["senate_number"], "S.2099");
    EXPECT_TRUE(has_warning(snap, "S.2099 (Sunlight Act) is listed twice"));

    std::map<std::string, Row> by_person;
    for (auto& r : rows_where(snap, "bill_sponsors", "bill_id", "194-safe-communities-act"))
        by_person[r["person_id"]] = r;
    ASSERT_EQ(by_person.size(), 3u);
    EXPECT_EQ(by_person["ocd-person/able"]["role"], "lead");  // House lead, named in the text
    EXPECT_EQ(by_person["ocd-person/able"]["chamber"], "house");
    EXPECT_EQ(by_person["ocd-person/cole"]["role"], "lead");  // Senate lead
    EXPECT_EQ(by_person["ocd-person/old"]["official_id"], "");  // retired: kept, not linked
    EXPECT_EQ(by_person["ocd-person/old"]["person_name"], "Old Timer");
    EXPECT_EQ(by_person["ocd-person/old"]["role"], "cosponsor");
    EXPECT_TRUE(has_warning(snap, "1 194th-session sponsorships are by members who no longer"));
}

TEST_F(PeopleFixture, ScoredRollCallsReadAgainstTheGroupsPosition) {
    auto snap = run();
    ASSERT_EQ(snap.count("roll_calls"), 2u);  // the 1001 summary row is no roll call
    auto house = rows_where(snap, "roll_calls", "id", "194-house-34");
    ASSERT_EQ(house.size(), 1u);
    EXPECT_EQ(house[0]["date"], "2025-04-29");
    EXPECT_EQ(house[0]["bill_number"], "H.4000");
    EXPECT_EQ(house[0]["scored_position"], "no");
    std::map<std::string, std::string> vote;
    for (auto& v : rows_where(snap, "roll_call_votes", "roll_call_id", "194-house-34"))
        vote[v["person_id"]] = v["vote"];
    // '+' = voted the group's position (no), '-' = against it; n/a = not a member: no row.
    EXPECT_EQ(vote, (std::map<std::string, std::string>{{"ocd-person/able", "no"},
                                                        {"ocd-person/best", "yes"}}));
    EXPECT_TRUE(has_warning(snap, "1 house rows numbered 1000+"));
    // Senate 104: position 'no' but 1 yea / 0 nay with the one '+': the totals win.
    auto senate = rows_where(snap, "roll_calls", "id", "194-senate-104")[0];
    EXPECT_EQ(senate["scored_position"], "yes");
    EXPECT_EQ(rows_where(snap, "roll_call_votes", "roll_call_id", "194-senate-104")[0]["vote"], "yes");
    EXPECT_TRUE(has_warning(snap, "senate roll call 104: the sheet's position 'no' contradicts"));
}

TEST_F(PeopleFixture, ScorecardCellThatIsNeitherYNorNIsAnInputError) {
    auto file = raw / "progressivemass-legislator-scorecard/2025.json";
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    text.replace(text.find("\"Y\",\"Y\",\"Y\""), 11, "\"Y\",\"?\",\"Y\"");
    put(file, text);
    auto snap = snapshot();
    try {
        import_people(snap, [](const std::string&) {});
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("2025.json: sponsorship row 3: cell '?'"), std::string::npos)
            << e.what();
    }
}

TEST_F(PeopleFixture, TwoCurrentRolesIsAnInputErrorNamingTheFile) {
    put(os("legislature/Bo-Best-2.yml"), R"(id: ocd-person/best
name: Bo Best
roles:
- {start_date: 2023-01-04, type: lower, district: 2nd Barnstable}
- {start_date: 2025-01-04, type: upper, district: First Middlesex}
)");
    auto snap = snapshot();
    try {
        import_people(snap, [](const std::string&) {});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("Bo-Best-2.yml"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("2 current legislative roles"), std::string::npos) << e.what();
    }
}

TEST_F(PeopleFixture, UnknownDistrictIsAnInputErrorNamingFileAndKey) {
    put(os("legislature/Bo-Best-2.yml"), R"(id: ocd-person/best
name: Bo Best
roles:
- {start_date: 2023-01-04, type: lower, district: 99th Nowhere}
)");
    auto snap = snapshot();
    try {
        import_people(snap, [](const std::string&) {});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("Bo-Best-2.yml: roles[0].district"), std::string::npos) << msg;
        EXPECT_NE(msg.find("99th Nowhere"), std::string::npos) << msg;
    }
}

TEST_F(PeopleFixture, MalformedYamlIsAnInputErrorNamingTheFile) {
    put(os("legislature/Broken-9.yml"), "id: ocd-person/x\nroles: [unclosed\n");
    auto snap = snapshot();
    try {
        import_people(snap, [](const std::string&) {});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("Broken-9.yml"), std::string::npos) << e.what();
    }
}

TEST_F(PeopleFixture, MissingLayerDateIsAnInputError) {
    put(raw / "bwbensonjr-mapoli-district-geometry-2021/massgis-attributes/GOVCOUNCIL2021_POLY.shp.xml",
        "<metadata><ModDate>2023</ModDate></metadata>");
    auto snap = snapshot();
    try {
        import_people(snap, [](const std::string&) {});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("GOVCOUNCIL2021_POLY.shp.xml"), std::string::npos);
    }
}

TEST_F(PeopleFixture, BadDateIsAnInputError) {
    put(os("legislature/Bo-Best-2.yml"), R"(id: ocd-person/best
name: Bo Best
roles:
- {start_date: next tuesday, type: lower, district: 2nd Barnstable}
)");
    auto snap = snapshot();
    EXPECT_THROW(import_people(snap, [](const std::string&) {}), InputError);
}

}  // namespace
}  // namespace masscivic::import

namespace masscivic::import {
namespace {

// The whole pipeline on the shared raw sources; skipped where they are absent, or while
// the districts importer registers no districts (people need them to resolve seats).
TEST(PeopleRealData, CountsMatchTheProvenanceNotes) {
    std::filesystem::path raw = MASSCIVIC_RAW_DIR;
    if (!std::filesystem::is_directory(raw / "openstates-people-ma"))
        GTEST_SKIP() << "raw data not present at " << raw;
    Snapshot snap(raw);
    auto quiet = [](const std::string&) {};
    import_municipal(snap, quiet);
    import_districts(snap, quiet);
    if (rows_where(snap, "districts", "chamber", "house").empty())
        GTEST_SKIP() << "districts importer registered no House districts yet";
    import_people(snap, quiet);

    auto officials = snap.rows("officials");
    std::map<std::string, int> by_office;
    for (const auto& o : officials) {
        ++by_office[o.at("office")];
        EXPECT_FALSE(o.at("source").empty()) << o.at("id");
        EXPECT_FALSE(o.at("as_of").empty()) << o.at("id");
        EXPECT_FALSE(o.at("source_url").empty()) << o.at("id");
        EXPECT_TRUE(o.at("verified") == "0" || o.at("verified") == "1") << o.at("id");
        EXPECT_TRUE(snap.has_source(o.at("source"))) << o.at("id");
    }
    EXPECT_EQ(by_office["state_representative"], 158);
    EXPECT_EQ(by_office["state_senator"], 40);
    EXPECT_EQ(rows_where(snap, "officials", "level", "federal").size(), 11u);
    EXPECT_EQ(by_office["us_senator"], 2);
    int executives = 0;
    for (const char* o : {"governor", "lieutenant_governor", "attorney_general", "treasurer",
                          "auditor", "secretary_of_the_commonwealth"}) {
        EXPECT_EQ(by_office[o], 1) << o;
        executives += by_office[o];
    }
    EXPECT_EQ(executives, 6);
    EXPECT_EQ(by_office["governors_councillor"], 8);
    // Every registered district has an official or a vacancy.
    std::set<std::string> covered;
    for (const auto& o : officials) covered.insert(o.at("division_id"));
    for (const auto& v : snap.rows("vacancies")) covered.insert(v.at("division_id"));
    for (const auto& d : snap.rows("districts")) EXPECT_TRUE(covered.count(d.at("ocd_id"))) << d.at("ocd_id");

    auto vacancies = rows_where(snap, "vacancies", "office", "state_representative");
    std::set<std::string> vacant;
    for (const auto& v : vacancies) vacant.insert(v.at("division_id"));
    EXPECT_EQ(vacant, (std::set<std::string>{kOcd + "sldl:17th_middlesex", kOcd + "sldl:1st_franklin"}));
    EXPECT_TRUE(rows_where(snap, "vacancies", "office", "state_senator").empty());
    for (const auto& v : vacancies) EXPECT_FALSE(v.at("since").empty()) << v.at("division_id");
    std::map<std::string, std::string> ocd_of;
    for (const auto& m : snap.rows("municipalities")) ocd_of[m.at("geoid")] = m.at("ocd_id");
    std::size_t local = 0;
    for (const auto& o : officials) {
        if (o.at("level") != "local") continue;
        ++local;
        EXPECT_EQ(o.at("division_id"), ocd_of[o.at("geoid")]) << o.at("id");
        if (o.at("source") == "civicmirror-civic-data-ma") {
            EXPECT_EQ(o.at("verified"), "0") << o.at("id");
        }
    }
    EXPECT_GT(local, 2000u);
    EXPECT_GE(by_office["mayor"], 40);
    EXPECT_EQ(rows_where(snap, "officials", "source", "openstates-people-ma-municipalities").size(), 6u);
    EXPECT_EQ(snap.count("committees"), 57u);
    EXPECT_GT(snap.count("committee_members"), 800u);
    EXPECT_EQ(snap.count("bills"), 68u);  // 46 of 2019-2024 (Act on Mass) + 22 of the 194th session
    EXPECT_EQ(rows_where(snap, "bill_sponsors", "bill_id", "194-safe-communities-act").size(), 84u);
    EXPECT_EQ(snap.count("roll_calls"), 38u);  // 17 House + 21 Senate
    auto sca = rows_where(snap, "bill_sponsors", "bill_id", "safe-communities-act");
    EXPECT_GT(sca.size(), 40u);
    std::set<std::string> names;
    for (const auto& s : snap.rows("bill_sponsors"))
        EXPECT_TRUE(names.insert(s.at("bill_id") + "|" + s.at("person_name")).second);
}

}  // namespace
}  // namespace masscivic::import
