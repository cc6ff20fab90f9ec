// Towns' facts kept between turns (town_cache.hpp): reused for the same dataset within the
// server's max-age, fetched again when the data version changes or the age runs out.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "engine.hpp"
#include "fake_lookup.hpp"

namespace masscivic::bot {
namespace {

using std::chrono::seconds;

Municipality town(const std::string& name, const std::string& body) {
    Municipality m;
    m.name = name;
    m.legislative_body = body;
    return m;
}

TEST(TownCache, KeepsATownForItsDatasetAndMaxAge) {
    TownCache cache;
    auto t0 = TownCache::Clock::now();
    cache.put("Acton", town("Acton", "Open Town Meeting"), "W/\"v1\"", seconds(300), t0);
    ASSERT_TRUE(cache.find("Acton", "W/\"v1\"", t0 + seconds(10)));
    EXPECT_EQ(cache.find("Acton", "", t0 + seconds(10))->legislative_body, "Open Town Meeting")
        << "no data version seen yet in the turn: the max-age alone decides";
    EXPECT_FALSE(cache.find("Acton", "W/\"v1\"", t0 + seconds(300))) << "max-age over";
    cache.put("Acton", town("Acton", "Open Town Meeting"), "W/\"v1\"", seconds(300), t0);
    EXPECT_FALSE(cache.find("Acton", "W/\"v2\"", t0)) << "the server's data changed";
    EXPECT_FALSE(cache.find("Acton", "W/\"v1\"", t0)) << "and the old entry is gone";
    EXPECT_FALSE(cache.find("Boston", "W/\"v1\"", t0));
}

TEST(TownCache, KeepsNothingWithoutVersionOrMaxAgeAndStaysBounded) {
    TownCache cache(2);
    auto t0 = TownCache::Clock::now();
    cache.put("Acton", town("Acton", ""), "", seconds(300), t0);
    cache.put("Boston", town("Boston", ""), "W/\"v1\"", seconds(0), t0);
    EXPECT_FALSE(cache.find("Acton", "", t0));
    EXPECT_FALSE(cache.find("Boston", "", t0));
    for (const char* name : {"Acton", "Boston", "Lawrence"}) cache.put(name, town(name, ""), "v", seconds(60), t0);
    EXPECT_FALSE(cache.find("Acton", "v", t0)) << "the oldest went first";
    EXPECT_TRUE(cache.find("Boston", "v", t0));
    EXPECT_TRUE(cache.find("Lawrence", "v", t0));
}

// The fake server, stamping its answers the way masscivic-server does (ETag, max-age).
class VersionedLookup : public testing::FakeLookup {
public:
    ApiResult get(const std::string& target) override {
        auto r = FakeLookup::get(target);
        if (r.kind == ApiResult::Kind::ok) r.data_version = version, r.max_age = seconds(300);
        return r;
    }
    std::string version = "W/\"v1\"";
    long count(const std::string& target) const { return std::count(calls.begin(), calls.end(), target); }
};

TEST(TownCache, EngineAsksForATownOncePerDataset) {
    VersionedLookup fake;
    testing::load_world(fake);
    auto catalog = Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages");
    SessionStore store(":memory:", std::chrono::hours(1));
    Engine engine(fake, catalog, store);
    auto ask = [&](const std::string& user) {
        auto out = engine.handle(Incoming{"test", user, "How does Acton pass a bylaw?", std::nullopt});
        std::string text;
        for (const auto& r : out.replies) text += r.text;
        return text;
    };
    auto first = ask("u1");
    EXPECT_NE(first.find("978-555-0150"), std::string::npos) << first;
    EXPECT_EQ(ask("u2"), first) << "the same answer from the kept town";
    EXPECT_EQ(fake.count("/v1/municipalities/Acton"), 1);
    fake.version = "W/\"v2\"";
    EXPECT_EQ(ask("u3"), first);
    EXPECT_EQ(fake.count("/v1/municipalities/Acton"), 2) << "a new dataset: the town is fetched again";
    EXPECT_EQ(fake.count("/v1/lookup?q=acton"), 3) << "every turn still asks the server about the place";
}

}  // namespace
}  // namespace masscivic::bot
