// Hostile and random input never crashes the facade or the HTTP layer: every answer is a
// result or a clear error.
#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace masscivic::server;
using namespace masscivic::testing;

namespace {

std::string random_text(std::mt19937& rng) {
    static const std::vector<std::string> pieces = {
        "Ward",  "ward", "Precinct", "pct",   "Cambridge", "Boston", " ",        ",",     "MA",
        "02139", "1",    "2A",       "-71.1", "42.3",      "\xff",   "\xc3\xa9", "\"",    "*",
        "OR",    "(",    ")",        "%",     "'",         ";",      "0",        "99999", "Jamaica",
        "Plain", "St",   "24",       "\0x",   "NEAR",      "e9",     "..",       "-",     "/"};
    std::uniform_int_distribution<std::size_t> count(0, 8), pick(0, pieces.size() - 1);
    std::string s;
    for (std::size_t i = count(rng); i > 0; --i)
        s += pieces[pick(rng)];
    return s;
}

} // namespace

TEST(Robustness, RandomFreeTextAndParametersNeverThrow) {
    auto l = mini_lookup();
    std::mt19937 rng(12345);
    int answered = 0, rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        LookupRequest r;
        switch (i % 4) {
        case 0: r.q = random_text(rng); break;
        case 1:
            r.town = random_text(rng), r.ward = random_text(rng), r.precinct = random_text(rng);
            break;
        case 2: r.lat = random_text(rng), r.lon = random_text(rng); break;
        case 3: r.zip = random_text(rng); break;
        }
        auto a = l->lookup(r);
        if (a) {
            ++answered;
            EXPECT_FALSE(a->status.empty());
        } else {
            ++rejected;
            EXPECT_FALSE(a.error().message.empty());
            EXPECT_NE(a.error().code, ErrorCode::Internal);
        }
        OfficialQuery q;
        q.q = random_text(rng);
        EXPECT_NO_THROW(l->officials(q));
        EXPECT_NO_THROW(l->municipality(random_text(rng)));
        EXPECT_NO_THROW(l->district("ocd-division/" + random_text(rng)));
    }
    EXPECT_GT(answered, 20); // the generator does produce real places sometimes
    EXPECT_GT(rejected, 50);
}

TEST(Robustness, RawHttpGarbageGetsAnErrorNotACrash) {
    LiveServer live(options_for(mini_db_path()));
    auto c = live.client();
    for (const char* url :
         {"/v1/lookup?q=%00", "/v1/lookup?town=%", "/v1/lookup?town=%C3",
          "/v1/lookup?lat=1e999&lon=1", "/v1/officials?page=-1", "/v1/officials?q=%22%22%22",
          "/v1/districts/ocd-division%2F..%2F..", "/v1/municipalities/%FF", "/v1/lookup?q="}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r) << url;
        EXPECT_GE(r->status, 200) << url;
        EXPECT_LT(r->status, 500) << url << " " << r->body;
    }
    EXPECT_EQ(c.Get("/healthz")->status, 200);
}
