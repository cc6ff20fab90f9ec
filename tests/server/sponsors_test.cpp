// /v1/sponsors on the real snapshot, over real sockets: a city (council), a representative-
// town-meeting town and an open-town-meeting town for every toolkit; split towns list every
// legislator; bad input answers 400/404. Expectations are computed from the database, not
// typed in.
#include "server_fixture.hpp"

#include "csv.hpp"
#include "sqlite.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace masscivic;
using namespace masscivic::testing;

namespace {

class Sponsors : public ::testing::Test {
protected:
    static void SetUpTestSuite() { live = new LiveServer(options_for(real_db_path_for_server())); }
    static void TearDownTestSuite() { delete live; }

    static rapidjson::Document get(const std::string& url, int status = 200) {
        auto r = live->client().Get(url.c_str());
        EXPECT_TRUE(r) << url;
        if (!r) return parse_json("null");
        EXPECT_EQ(r->status, status) << url << "\n" << r->body.substr(0, 400);
        return parse_json(r->body);
    }

    // Names of the current House and Senate members whose districts cover part of a town.
    static std::set<std::string> legislators_of(const std::string& town) {
        auto db = Database::open(real_db_path_for_server().string(), Database::Mode::ReadOnly);
        auto st = db.prepare(
            "SELECT DISTINCT o.name FROM precincts p JOIN municipalities m ON m.geoid = p.geoid "
            "JOIN officials o ON o.division_id IN (p.house_id, p.senate_id) "
            "WHERE m.name = ?1 AND o.office IN ('state_representative', 'state_senator')");
        st.bind(1, town);
        std::set<std::string> names;
        while (st.step()) names.insert(st.text(0));
        return names;
    }

    static std::string legislative_body(const std::string& town) {
        auto db = Database::open(real_db_path_for_server().string(), Database::Mode::ReadOnly);
        auto st = db.prepare("SELECT legislative_body FROM municipalities WHERE name = ?1");
        st.bind(1, town);
        return st.step() ? st.text(0) : "";
    }

    static LiveServer* live;
};
LiveServer* Sponsors::live = nullptr;

std::set<std::string> state_names(const rapidjson::Document& d, bool only_representing) {
    std::set<std::string> names;
    for (const auto& c : d["state"].GetArray()) {
        bool represents = false;
        for (const auto& r : c["reasons"].GetArray())
            represents |= std::string(r.GetString()).rfind("represents", 0) == 0;
        if (!only_representing || represents) names.insert(c["official"]["name"].GetString());
    }
    return names;
}

}  // namespace

TEST_F(Sponsors, EveryToolkitInACityARepresentativeTownMeetingAndAnOpenTownMeeting) {
    // Worcester: City Council; Lexington: Representative Town Meeting; Acton: Open Town Meeting.
    const std::vector<std::pair<std::string, std::string>> towns = {
        {"Worcester", "City Council"}, {"Lexington", "Representative Town Meeting"},
        {"Acton", "Open Town Meeting"}};
    for (const auto& [town, body] : towns) {
        ASSERT_EQ(legislative_body(town), body) << "fixture assumption about " << town;
        for (const std::string toolkit : {"sanctuary", "ccops", "body-cameras"}) {
            SCOPED_TRACE(town + " / " + toolkit);
            auto d = get("/v1/sponsors?toolkit=" + toolkit + "&town=" + town);
            ASSERT_TRUE(d.IsObject());
            EXPECT_EQ(std::string(d["toolkit"]["id"].GetString()), toolkit);
            EXPECT_EQ(std::string(d["municipality"]["name"].GetString()), town);
            std::string local_body = d["local"]["local_body"]["name"].GetString();
            EXPECT_NE(local_body.find(town), std::string::npos) << local_body;
            if (body == "Open Town Meeting") {
                EXPECT_NE(std::string(d["local"]["how_to_petition"].GetString()).find("10 registered voters"),
                          std::string::npos);
            }
            // Either members we know, or a plain statement of what is missing with the clerk.
            if (d["local"]["members"].Empty()) {
                ASSERT_FALSE(d["local"]["missing"].Empty());
                EXPECT_NE(std::string(d["local"]["missing"][0].GetString()).find("clerk"),
                          std::string::npos);
            }
            for (const auto& m : d["local"]["members"].GetArray()) {
                if (m["official"]["verified"].GetBool()) continue;
                std::string last = m["reasons"][m["reasons"].Size() - 1].GetString();
                EXPECT_NE(last.find("unverified"), std::string::npos) << last;
            }
            EXPECT_EQ(state_names(d, true), legislators_of(town));
            // Every row explains itself; ranks are in score order.
            long long last = 1 << 30;
            for (const auto& c : d["state"].GetArray()) {
                EXPECT_FALSE(c["reasons"].Empty());
                EXPECT_LE(c["score"].GetInt64(), last);
                last = c["score"].GetInt64();
            }
            EXPECT_FALSE(d["ranking_rules"].Empty());
            EXPECT_FALSE(d["notes"].Empty());
        }
    }
}

TEST_F(Sponsors, SplitTownListsEveryLegislator) {
    auto expected = legislators_of("Cambridge");
    ASSERT_GE(expected.size(), 6u) << "Cambridge spans several House and Senate districts";
    auto d = get("/v1/sponsors?toolkit=ccops&town=Cambridge");
    EXPECT_EQ(state_names(d, true), expected);
}

TEST_F(Sponsors, SanctuaryRanksPastSponsorsOfTheSafeCommunitiesActWithReasons) {
    auto d = get("/v1/sponsors?toolkit=sanctuary&town=Acton");
    bool found_bill = false;
    for (const auto& b : d["bills"].GetArray())
        found_bill |= std::string(b["id"].GetString()) == "safe-communities-act";
    EXPECT_TRUE(found_bill);
    // Someone outside Acton's districts is listed only because of the bill or a committee.
    std::size_t bill_reasons = 0;
    for (const auto& c : d["state"].GetArray())
        for (const auto& r : c["reasons"].GetArray())
            bill_reasons += std::string(r.GetString()).find("Safe Communities Act") != std::string::npos;
    EXPECT_GT(bill_reasons, 10u);
    EXPECT_NE(std::string(d["cosponsorship_as_of"].GetString()), "");
    // The notes say which co-sponsorships are past and which current, and whose compilation.
    bool says_past = false, says_current = false;
    for (const auto& n : d["notes"].GetArray()) {
        std::string note = n.GetString();
        says_past |= note.find("Past co-sponsorship") != std::string::npos &&
                     note.find("2019-2024") != std::string::npos;
        says_current |= note.find("Co-sponsorships of the current session (194th") != std::string::npos;
    }
    EXPECT_TRUE(says_past);
    EXPECT_TRUE(says_current);
}

TEST_F(Sponsors, BillTopicWithoutToolkit) {
    auto d = get("/v1/sponsors?bill=Safe+Communities&town=Boston");
    // The 194th session's bill and the 193rd's, the current one first.
    ASSERT_EQ(d["bills"].Size(), 2u);
    EXPECT_STREQ(d["bills"][0]["session"].GetString(), "194th");
    EXPECT_TRUE(d["bills"][0]["current"].GetBool());
    EXPECT_STREQ(d["bills"][1]["session"].GetString(), "193rd");
    EXPECT_TRUE(d["toolkit"].IsNull());
    get("/v1/sponsors?bill=no+such+bill+topic&town=Boston", 404);
}

TEST_F(Sponsors, CsvDownloadHasTheSameRows) {
    auto json = get("/v1/sponsors?toolkit=body-cameras&town=Lexington");
    auto r = live->client().Get("/v1/sponsors?toolkit=body-cameras&town=Lexington&format=csv");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->get_header_value("Content-Type").find("text/csv"), std::string::npos);
    auto table = CsvTable::parse(r->body, "sponsors.csv");
    EXPECT_EQ(table.records().size(), json["local"]["members"].Size() + json["state"].Size());
    httplib::Headers accept = {{"Accept", "text/csv"}};
    auto r2 = live->client().Get("/v1/sponsors?toolkit=body-cameras&town=Lexington", accept);
    ASSERT_TRUE(r2);
    EXPECT_EQ(r2->body, r->body);
}

TEST_F(Sponsors, BadInputIsExplained) {
    auto d = get("/v1/sponsors?toolkit=parking&town=Acton", 400);
    EXPECT_NE(std::string(d["error"]["message"].GetString()).find("sanctuary"), std::string::npos);
    d = get("/v1/sponsors?toolkit=ccops&town=Atlantis", 404);
    EXPECT_EQ(std::string(d["error"]["code"].GetString()), "not_found");
    d = get("/v1/sponsors?toolkit=ccops", 400);
    EXPECT_NE(std::string(d["error"]["message"].GetString()).find("town"), std::string::npos);
    get("/v1/sponsors?town=Acton", 400);
    get("/v1/sponsors?toolkit=ccops&town=Acton&format=xml", 400);
    get("/v1/sponsors?toolkit=ccops&town=Acton&colour=red", 400);
    get("/v1/sponsors?toolkit=ccops&town=" + std::string(150, 'x'), 400);
}
