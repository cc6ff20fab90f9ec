// The district map under a "who represents me" answer (web chat only) and the bot's
// pass-through of the lookup server's SVG: which district, the marked point rounded, what
// reaches the server, and what is refused.
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog.hpp"
#include "fake_lookup.hpp"
#include "channels/routes.hpp"
#include "session_store.hpp"

using namespace masscivic::bot;

namespace {

// Canned JSON answers plus raw bodies (the maps).
class MapFake : public masscivic::bot::testing::FakeLookup {
public:
    RawResult get_raw(const std::string& target) override {
        raw_calls.push_back(target);
        if (down) return {};
        if (target.find("nowhere") != std::string::npos) return {404, R"({"error":{}})"};
        return {200, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"};
    }
    std::vector<std::string> raw_calls;
};

struct NoOutbox : Outbox {
    void post_json(const std::string&, const std::string&,
                   const std::vector<std::pair<std::string, std::string>>&) override {}
};

const char* kHouse = "ocd-division/country:us/state:ma/sldl:14th_middlesex";
const char* kHouseEncoded = "ocd-division%2Fcountry%3Aus%2Fstate%3Ama%2Fsldl%3A14th_middlesex";

class MapReply : public ::testing::Test {
protected:
    MapReply()
        : catalog(Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages")),
          store(":memory:", std::chrono::hours(1)), engine(fake, catalog, store),
          routes(engine, outbox, ChannelSettings{}, {}) {
        masscivic::bot::testing::load_world(fake);
        fake.routes["/v1/lookup?lat=42.360140&lon=-71.058860"] =
            R"({"query":{"input":"x","interpreted_as":"point"},"status":"exact",
                "place":{"municipality":{"name":"Acton","kind":"town"},"ward":null,"precinct":null,"village":null},
                "districts":[{"ocd_id":"ocd-division/country:us/state:ma/sldu:middlesex_and_worcester","chamber":"senate","display_name":"Middlesex and Worcester District"},
                             {"ocd_id":")" + std::string(kHouse) + R"(","chamber":"house","display_name":"14th Middlesex District"}],
                "officials":{"federal":[],"state":[)" +
            masscivic::bot::testing::official_json("Tess Rep", "state_representative", "State Representative",
                                   "14th Middlesex", "tess@mahouse.example") +
            "," +
            masscivic::bot::testing::official_json("Sal Sen", "state_senator", "State Senator",
                                   "Middlesex and Worcester", "sal@masenate.example") +
            R"(],"local":[]},"missing":[],"data_as_of":"2026-10-10"})";
    }

    // Asks `question` on `channel`, then shares the location; the second answer.
    Outgoing ask_with_location(const std::string& channel, const std::string& question) {
        engine.handle(Incoming{channel, "u1", question, std::nullopt});
        return engine.handle(Incoming{channel, "u1", "", GeoPoint{42.36014, -71.05886}});
    }

    static bool names(const Outgoing& out, const std::string& who) {
        for (const auto& r : out.replies)
            if (r.text.find(who) != std::string::npos) return true;
        return false;
    }

    static std::vector<std::string> images(const Outgoing& out) {
        std::vector<std::string> found;
        for (const auto& r : out.replies)
            if (!r.image.empty()) found.push_back(r.image);
        return found;
    }

    MapFake fake;
    Catalog catalog;
    SessionStore store;
    Engine engine;
    NoOutbox outbox;
    BotRoutes routes;
};

TEST_F(MapReply, WebAnswerShowsTheDistrictWithThePointRounded) {
    auto out = ask_with_location("web", "who is my state rep?");
    EXPECT_TRUE(names(out, "Tess Rep"));
    auto found = images(out);
    ASSERT_EQ(found.size(), 1u) << render_web_json(out);
    EXPECT_EQ(found[0], "/maps/districts/" + std::string(kHouseEncoded) + ".svg?lat=42.360&lon=-71.059");
    for (const auto& r : out.replies)
        if (!r.image.empty()) {
            EXPECT_NE(r.text.find("14th Middlesex District"), std::string::npos) << r.text;
        }
    EXPECT_NE(render_web_json(out).find(R"("image":"/maps/districts/)"), std::string::npos);
}

TEST_F(MapReply, TheChamberAskedAboutIsTheOneShown) {
    auto found = images(ask_with_location("web", "who is my state senator?"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].find("sldu%3Amiddlesex_and_worcester.svg?lat="), std::string::npos) << found[0];
}

TEST_F(MapReply, OtherChannelsGetNoPicture) {
    for (const char* channel : {"sms", "telegram", "slack", "repl"}) {
        auto out = ask_with_location(channel, "who is my state rep?");
        EXPECT_TRUE(names(out, "Tess Rep")) << channel << " got the answer";
        EXPECT_TRUE(images(out).empty()) << channel;
    }
}

TEST_F(MapReply, NoDistrictsNoMap) {
    // load_world's town answers carry no districts: nothing to draw.
    auto out = engine.handle(Incoming{"web", "u2", "who is my state rep in Acton?", std::nullopt});
    EXPECT_TRUE(names(out, "Andy Acton")) << render_web_json(out);
    EXPECT_TRUE(images(out).empty()) << render_web_json(out);
}

TEST_F(MapReply, PassThroughSendsOnlyTheIdAndPoint) {
    auto r = routes.handle(WebRequest{"GET", "/maps/districts/" + std::string(kHouseEncoded) + ".svg", "", "", {}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "image/svg+xml");
    ASSERT_EQ(fake.raw_calls.size(), 1u);
    EXPECT_EQ(fake.raw_calls[0], "/v1/maps/districts/" + std::string(kHouseEncoded) + ".svg");
    auto header = [](const WebResponse& w, const std::string& name) {
        for (const auto& [k, v] : w.headers)
            if (k == name) return v;
        return std::string();
    };
    EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=300");
    EXPECT_NE(header(r, "Content-Security-Policy").find("default-src 'none'"), std::string::npos);

    auto marked = routes.handle(
        WebRequest{"GET", "/maps/districts/" + std::string(kHouseEncoded) + ".svg", "lat=42.360&lon=-71.059", "", {}});
    EXPECT_EQ(marked.status, 200);
    EXPECT_EQ(header(marked, "Cache-Control"), "private, no-store");
    EXPECT_EQ(fake.raw_calls.back(),
              "/v1/maps/districts/" + std::string(kHouseEncoded) + ".svg?lat=42.360&lon=-71.059");
}

TEST_F(MapReply, PassThroughRefusesWhatIsNotAMap) {
    auto get = [&](const std::string& path, const std::string& query = "") {
        return routes.handle(WebRequest{"GET", path, query, "", {}}).status;
    };
    EXPECT_EQ(get("/maps/districts/"), 404);
    EXPECT_EQ(get("/maps/districts/.svg"), 404);
    EXPECT_EQ(get("/maps/districts/a/b.svg"), 404);        // a raw slash: not one encoded id
    EXPECT_EQ(get("/maps/districts/x%3Cy%3E\"z.svg"), 404);
    EXPECT_EQ(get("/maps/districts/ocd-division%2Fx.png"), 404);
    EXPECT_TRUE(fake.raw_calls.empty()) << "nothing malformed reaches the server";
    std::string ok = "/maps/districts/" + std::string(kHouseEncoded) + ".svg";
    EXPECT_EQ(get(ok, "lat=42.3"), 400);
    EXPECT_EQ(get(ok, "lat=42.3&lon=-71.1&zoom=2"), 400);
    EXPECT_EQ(get(ok, "lat=42.3&lon=-71.1%26x%3D1"), 400);
    EXPECT_EQ(get(ok, "lat=north&lon=-71.1"), 400);
    EXPECT_TRUE(fake.raw_calls.empty());
    EXPECT_EQ(get("/maps/districts/ocd-division%2Fnowhere.svg"), 404);
    fake.down = true;
    EXPECT_EQ(get(ok), 503);
}

}  // namespace
