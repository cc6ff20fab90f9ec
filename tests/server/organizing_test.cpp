// Organizer answers on the real snapshot over real sockets (issue 12): what a town already
// did (local actions in /v1/sponsors, /v1/toolkits?town=, /v1/municipalities/{name}) and
// the statewide /v1/local-actions list, JSON and CSV.
#include "server_fixture.hpp"

#include "csv.hpp"

#include <gtest/gtest.h>

using namespace masscivic;
using namespace masscivic::testing;

namespace {

class Organizing : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { live = new LiveServer(options_for(real_db_path_for_server())); }
    static void TearDownTestSuite() { delete live; }

    static std::string body(const std::string& url, int status = 200) {
        auto r = live->client().Get(url.c_str());
        EXPECT_TRUE(r) << url;
        if (!r) return "null";
        EXPECT_EQ(r->status, status) << url << "\n" << r->body.substr(0, 400);
        return r->body;
    }
    static rapidjson::Document get(const std::string& url, int status = 200) {
        return parse_json(body(url, status));
    }

    static LiveServer* live;
};
LiveServer* Organizing::live = nullptr;

} // namespace

TEST_F(Organizing, SomervilleCcopsSponsorsMentionIts2019Ordinance) {
    auto d = get("/v1/sponsors?toolkit=ccops&town=Somerville");
    ASSERT_TRUE(d.IsObject());
    ASSERT_GT(d["notes"].Size(), 0u);
    std::string first = d["notes"][0].GetString();
    EXPECT_NE(first.find("Somerville already acted"), std::string::npos) << first;
    EXPECT_NE(first.find("Surveillance Technology Ordinance"), std::string::npos) << first;
    EXPECT_NE(first.find("2019"), std::string::npos) << first;
    EXPECT_NE(first.find("not an official record"), std::string::npos) << first;
    bool ordinance = false;
    for (const auto& a : d["local_actions"].GetArray()) {
        EXPECT_FALSE(a["verified"].GetBool());
        EXPECT_STRNE(a["source_url"].GetString(), "");
        if (std::string(a["topic"].GetString()) == "ccops" &&
            std::string(a["date"].GetString()).rfind("2019", 0) == 0)
            ordinance = true;
    }
    EXPECT_TRUE(ordinance);
}

TEST_F(Organizing, ATownWithNothingFoundSaysNotFoundNotNever) {
    // Acton has no CCOPS row in the compiled list.
    auto d = get("/v1/toolkits?town=acton");
    for (const auto& tk : d["toolkits"].GetArray()) {
        if (std::string(tk["id"].GetString()) != "ccops") continue;
        EXPECT_EQ(tk["local_actions"].Size(), 0u);
        std::string note = tk["local_actions_note"].GetString();
        EXPECT_NE(note.find("not found does not mean never"), std::string::npos) << note;
    }
    auto m = get("/v1/municipalities/Somerville");
    EXPECT_GE(m["local_actions"].Size(), 5u);
    EXPECT_NE(std::string(m["local_actions_note"].GetString()).find("not an official record"),
              std::string::npos);
}

TEST_F(Organizing, LocalActionsCsvEqualsJson) {
    auto d = get("/v1/local-actions?topic=ccops");
    ASSERT_TRUE(d.IsObject());
    EXPECT_STREQ(d["filters"]["topic"].GetString(), "ccops");
    auto csv = CsvTable::parse(body("/v1/local-actions?topic=ccops&format=csv"), "ccops.csv");
    const auto& json = d["local_actions"];
    ASSERT_EQ(csv.records().size(), json.Size());
    EXPECT_EQ(json.Size(), 18u); // PROVENANCE.md: 18 CCOPS rows
    for (rapidjson::SizeType i = 0; i < json.Size(); ++i) {
        const auto& rec = csv.records()[i];
        for (const char* col : {"municipality", "geoid", "county", "topic", "action", "status",
                                "date", "binding", "body", "source_url", "evidence", "source"})
            EXPECT_EQ(csv.get(rec, col), json[i][col].GetString()) << col << " row " << i;
        EXPECT_EQ(csv.get(rec, "verified"), json[i]["verified"].GetBool() ? "yes" : "no");
    }
    // Every town is either listed or named as not found, never both.
    std::set<std::string> acted;
    for (const auto& a : json.GetArray()) acted.insert(a["municipality"].GetString());
    EXPECT_EQ(acted.size() + d["not_found"].Size(), 351u);
    for (const auto& n : d["not_found"].GetArray()) EXPECT_FALSE(acted.count(n.GetString()));
    // Accept: text/csv gives the same CSV.
    auto r = live->client().Get("/v1/local-actions?topic=ccops", {{"Accept", "text/csv"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, body("/v1/local-actions?topic=ccops&format=csv"));
}

TEST_F(Organizing, LocalActionFiltersAndBadInput) {
    auto d = get("/v1/local-actions?topic=sanctuary&status=failed&county=Plymouth%20County");
    EXPECT_STREQ(d["filters"]["topic"].GetString(), "sanctuary_trust");
    EXPECT_STREQ(d["filters"]["county"].GetString(), "Plymouth");
    for (const auto& a : d["local_actions"].GetArray()) {
        EXPECT_STREQ(a["status"].GetString(), "failed");
        EXPECT_STREQ(a["county"].GetString(), "Plymouth");
    }
    auto all = get("/v1/local-actions");
    EXPECT_EQ(all["count"].GetInt(), 228);
    EXPECT_TRUE(get("/v1/local-actions?topic=parking", 400).HasMember("error"));
    EXPECT_TRUE(get("/v1/local-actions?status=won", 400).HasMember("error"));
    EXPECT_TRUE(get("/v1/local-actions?county=Atlantis", 400).HasMember("error"));
    get("/v1/local-actions?topic=ccops&format=xml", 400);
    get("/v1/local-actions?colour=red", 400);
}

TEST_F(Organizing, OfficialsCarryTheirLastElection) {
    auto gc = get("/v1/officials?chamber=governors_council");
    ASSERT_EQ(gc["total"].GetInt(), 8);
    bool civil = false;
    for (const auto& o : gc["officials"].GetArray()) {
        ASSERT_TRUE(o["last_election"].IsObject()) << o["name"].GetString();
        EXPECT_EQ(o["last_election"]["year"].GetInt(), 2024);
        EXPECT_TRUE(o["verified"].GetBool());
        if (std::string(o["name"].GetString()) == "Tamisha L. Civil") civil = true;
    }
    EXPECT_TRUE(civil);
    // A special-election winner: the 6th Essex seat (2025-05-13).
    auto rep = get("/v1/districts/ocd-division/country:us/state:ma/sldl:6th_essex");
    ASSERT_GT(rep["officials"].Size(), 0u);
    const auto& e = rep["officials"][0]["last_election"];
    ASSERT_TRUE(e.IsObject());
    EXPECT_STREQ(e["date"].GetString(), "2025-05-13");
    EXPECT_TRUE(e["special"].GetBool());
}

namespace {

bool has_text(const rapidjson::Value& strings, const std::string& needle) {
    for (const auto& s : strings.GetArray())
        if (std::string(s.GetString()).find(needle) != std::string::npos) return true;
    return false;
}

bool represents(const rapidjson::Value& candidate) {
    return has_text(candidate["reasons"], "represents");
}

} // namespace

TEST_F(Organizing, FraminghamSanctuarySponsorsRankCurrentCosponsorsFirst) {
    auto d = get("/v1/sponsors?toolkit=sanctuary&town=framingham");
    ASSERT_TRUE(d.IsObject());
    // Among Framingham's own legislators, everyone backing the Safe Communities Act this session
    // comes before everyone who does not, and the reason names the bill.
    bool seen_other = false;
    int cosponsors = 0;
    for (const auto& c : d["state"].GetArray()) {
        if (!represents(c)) continue;
        bool current = has_text(c["reasons"], "H.2580/S.1681, the Safe Communities Act, this session");
        if (current) {
            ++cosponsors;
            EXPECT_FALSE(seen_other) << c["official"]["name"].GetString()
                                     << " ranks below a Framingham legislator who does not back it";
        } else {
            seen_other = true;
        }
    }
    EXPECT_GE(cosponsors, 3);  // Jack Lewis, Priscila Sousa (lead), Kate Donaghue
    EXPECT_TRUE(seen_other);   // and at least one who does not (so the order is tested)
    // The current bill is listed first, marked current, with its source; the 193rd kept as history.
    ASSERT_GE(d["bills"].Size(), 2u);
    EXPECT_STREQ(d["bills"][0]["id"].GetString(), "194-safe-communities-act");
    EXPECT_TRUE(d["bills"][0]["current"].GetBool());
    EXPECT_STREQ(d["bills"][0]["house_number"].GetString(), "H.2580");
    EXPECT_STREQ(d["bills"][0]["source"].GetString(), "progressivemass-legislator-scorecard");
    EXPECT_FALSE(d["bills"][1]["current"].GetBool());
    EXPECT_TRUE(has_text(d["notes"], "an advocacy group's compilation"));
    EXPECT_TRUE(has_text(d["ranking_rules"], "current session"));
}

TEST_F(Organizing, ToolkitsWithoutACurrentBillSaySo) {
    for (const char* tk : {"ccops", "body-cameras"}) {
        auto d = get(std::string("/v1/sponsors?toolkit=") + tk + "&town=Worcester");
        ASSERT_TRUE(d.IsObject()) << tk;
        EXPECT_TRUE(has_text(d["notes"], "No bill on this subject is on the agenda we track for "
                                         "the current session (194th"))
            << tk;
        for (const auto& c : d["state"].GetArray())
            EXPECT_FALSE(has_text(c["reasons"], "this session")) << tk;
    }
}

TEST_F(Organizing, OfficialsListTheSessionBillsTheyBack) {
    auto d = get("/v1/officials?q=sousa");
    ASSERT_TRUE(d.IsObject());
    ASSERT_GE(d["officials"].Size(), 1u);
    const auto& o = d["officials"][0];
    EXPECT_STREQ(o["name"].GetString(), "Priscila Sousa");
    bool sca = false;
    for (const auto& b : o["session_bills"].GetArray()) {
        EXPECT_STREQ(b["session"].GetString(), "194th");
        EXPECT_FALSE(b["verified"].GetBool());
        if (std::string(b["id"].GetString()) == "194-safe-communities-act") {
            sca = true;
            EXPECT_STREQ(b["role"].GetString(), "lead");
            EXPECT_STREQ(b["house_status"].GetString(), "In Committee");
        }
    }
    EXPECT_TRUE(sca);
    // Local officials back no state bill: the list is there and empty.
    auto mayor = get("/v1/officials?q=michelle%20wu");
    ASSERT_GE(mayor["officials"].Size(), 1u);
    EXPECT_EQ(mayor["officials"][0]["session_bills"].Size(), 0u);
}

TEST_F(Organizing, NewtonWardAnswerNamesItsWardCouncillor) {
    // Newton: 8 ward councillors (one per ward) and 16 at-large councillors elected citywide.
    auto d = get("/v1/lookup?q=newton%2C%20ward%204");
    ASSERT_TRUE(d.IsObject());
    EXPECT_STREQ(d["place"]["ward"].GetString(), "4");
    EXPECT_STREQ(d["place"]["ward_ocd_id"].GetString(),
                 "ocd-division/country:us/state:ma/place:newton/ward:4");
    EXPECT_STREQ(d["place"]["municipality"]["county_ocd_id"].GetString(),
                 "ocd-division/country:us/state:ma/county:middlesex");
    std::vector<std::string> ward_councillors;
    int at_large = 0;
    for (const auto& o : d["officials"]["local"].GetArray()) {
        if (std::string(o["office"].GetString()) != "council_member") continue;
        std::string relation = o["seat_relation"].IsNull() ? "" : o["seat_relation"].GetString();
        if (relation == "your_ward") {
            ward_councillors.push_back(o["name"].GetString());
            EXPECT_STREQ(o["seat_division_id"].GetString(),
                         "ocd-division/country:us/state:ma/place:newton/ward:4");
        } else {
            EXPECT_EQ(relation, "at_large") << o["name"].GetString();
            ++at_large;
        }
    }
    EXPECT_EQ(ward_councillors, std::vector<std::string>{"Randy Block"});
    EXPECT_EQ(at_large, 16);
    bool named = false;
    for (const auto& m : d["missing"].GetArray())
        named |= std::string(m.GetString()).find("Your ward councillor (Ward 4): Randy Block") !=
                 std::string::npos;
    EXPECT_TRUE(named);
    // The town alone lists every ward councillor and asks for the ward.
    auto town = get("/v1/lookup?q=Newton");
    int ward_seats = 0;
    for (const auto& o : town["officials"]["local"].GetArray())
        ward_seats += !o["seat_division_id"].IsNull() &&
                      std::string(o["office"].GetString()) == "council_member";
    EXPECT_EQ(ward_seats, 8);
    EXPECT_TRUE(town["officials"]["local"][0]["seat_relation"].IsNull());
}

TEST_F(Organizing, BostonDistrictCouncillorsAreListedWithTheReasonWeCannotPickOne) {
    auto d = get("/v1/lookup?q=Boston%20ward%203%20precinct%205");
    ASSERT_TRUE(d.IsObject());
    int districts = 0;
    for (const auto& o : d["officials"]["local"].GetArray())
        if (!o["seat_division_id"].IsNull() &&
            std::string(o["seat_division_id"].GetString()).find("/council_district:") !=
                std::string::npos)
            ++districts;
    EXPECT_EQ(districts, 9);
    bool why = false;
    for (const auto& m : d["missing"].GetArray())
        why |= std::string(m.GetString()).find("9 district seats, and we don't have the map") !=
               std::string::npos;
    EXPECT_TRUE(why);
}

TEST_F(Organizing, TownNamedInsideALongerTextIsReadFromIt) {
    auto d = get("/v1/lookup?q=has%20framingham%20ever%20done%20anything%20about%20sanctuary");
    EXPECT_STREQ(d["place"]["municipality"]["name"].GetString(), "Framingham");
    EXPECT_NE(std::string(d["query"]["explanation"].GetString()).find("Read the place \"framingham\""),
              std::string::npos);
    // The longest run wins: "west springfield", not "springfield".
    auto w = get("/v1/lookup?q=what%20did%20west%20springfield%20ever%20pass");
    EXPECT_STREQ(w["place"]["municipality"]["name"].GetString(), "West Springfield");
    // Never a word that is also an official's family name, nor a village or nickname word.
    get("/v1/lookup?q=what%20does%20senator%20warren%20think", 404);
    get("/v1/lookup?q=the%20falls%20are%20nice%20today", 404);
    // A text naming another state is not read as the Massachusetts town of the same name.
    get("/v1/lookup?q=who%20represents%20me%20in%20springfield%20illinois", 404);
}
