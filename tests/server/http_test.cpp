// The HTTP layer over real loopback sockets, on the mini fixture: every endpoint, every
// error status, and the cross-cutting behaviour (request ids, ETag, CORS, rate limit,
// reload, access log, metrics).
#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>

using namespace masscivic::testing;
using masscivic::server::ServiceOptions;

namespace {

std::string error_code(const httplib::Result& r) {
    auto d = parse_json(r->body);
    if (d.HasParseError() || !d.IsObject() || !d.HasMember("error")) return "(no error object)";
    return d["error"]["code"].GetString();
}
std::string error_message(const httplib::Result& r) {
    auto d = parse_json(r->body);
    return d.IsObject() && d.HasMember("error") ? d["error"]["message"].GetString() : "";
}

class Http : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { live = new LiveServer(options_for(mini_db_path())); }
    static void TearDownTestSuite() { delete live; }
    static LiveServer* live;
};
LiveServer* Http::live = nullptr;

} // namespace

TEST_F(Http, EveryEndpointAnswersJsonWithARequestId) {
    auto c = live->client();
    for (const char* url :
         {"/v1/lookup?town=Cambridge&ward=1&precinct=1", "/v1/lookup?zip=01720",
          "/v1/lookup?lat=42.38&lon=-71.115", "/v1/lookup?q=Jamaica%20Plain", "/v1/municipalities",
          "/v1/municipalities?county=Middlesex", "/v1/municipalities/Acton",
          "/v1/municipalities/West%20Acton",
          "/v1/districts/ocd-division/country:us/state:ma/sldl:25th_middlesex",
          "/v1/districts/ocd-division%2Fcountry:us%2Fstate:ma%2Fcd:7", "/v1/officials?q=quarter",
          "/v1/officials?chamber=senate&page=1&per_page=2", "/v1/toolkits",
          "/v1/toolkits?town=Acton",
          "/civicinfo/v2/representatives?address=Ward%201%20Precinct%201%2C%20Cambridge",
          "/healthz", "/openapi.json"}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r) << url;
        EXPECT_EQ(r->status, 200) << url << "\n" << r->body;
        EXPECT_FALSE(r->get_header_value("X-Request-Id").empty()) << url;
        EXPECT_EQ(r->get_header_value("Content-Type").rfind("application/json", 0), 0u) << url;
        EXPECT_FALSE(parse_json(r->body).HasParseError()) << url;
    }
    auto m = c.Get("/metrics");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status, 200);
    EXPECT_NE(m->body.find("masscivic_requests_total{route=\"/v1/lookup\",status=\"200\"}"),
              std::string::npos)
        << m->body;
    EXPECT_NE(m->body.find("masscivic_data_as_of_info{as_of=\"2026-01-01\"} 1"), std::string::npos);
    EXPECT_NE(
        m->body.find("masscivic_request_duration_seconds_bucket{route=\"/v1/lookup\",le=\"+Inf\"}"),
        std::string::npos);
}

TEST_F(Http, LookupAnswerShape) {
    auto r = live->client().Get("/v1/lookup?town=cambridge");
    ASSERT_TRUE(r);
    auto d = parse_json(r->body);
    ASSERT_TRUE(d.IsObject());
    EXPECT_STREQ(d["status"].GetString(), "ambiguous");
    EXPECT_STREQ(d["place"]["municipality"]["name"].GetString(), "Cambridge");
    EXPECT_EQ(d["ambiguity"]["candidates"].Size(), 2u);
    EXPECT_TRUE(d["place"]["ward"].IsNull());
    auto v = live->client().Get("/v1/lookup?town=Boston&ward=19&precinct=1");
    auto vd = parse_json(v->body);
    bool vacant_seen = false;
    for (const auto& o : vd["officials"]["state"].GetArray())
        if (o["vacant"].GetBool()) {
            vacant_seen = true;
            EXPECT_TRUE(o["name"].IsNull());
            EXPECT_TRUE(o["note"].IsString());
        }
    EXPECT_TRUE(vacant_seen);
}

TEST_F(Http, BadParametersAre400AndNameTheParameter) {
    auto c = live->client();
    struct Case {
        const char* url;
        const char* param;
    };
    for (auto [url, param] :
         {Case{"/v1/lookup?lat=abc&lon=-71", "lat"}, Case{"/v1/lookup", "town"},
          Case{"/v1/lookup?town=Acton&town=Boston", "town"}, Case{"/v1/lookup?twn=Acton", "twn"},
          Case{"/v1/lookup?zip=12", "zip"}, Case{"/v1/lookup?town=Acton&ward=1&precinct=1", "ward"},
          Case{"/v1/officials?per_page=1000", "per_page"},
          Case{"/v1/officials?chamber=lords", "chamber"},
          Case{"/v1/municipalities?legislative_body=senate", "legislative_body"},
          Case{"/v1/districts/sldl:25th_middlesex", "ocd_id"},
          Case{"/v1/lookup?town=%FF%FE", "town"}}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r) << url;
        EXPECT_EQ(r->status, 400) << url;
        EXPECT_EQ(error_code(r), "bad_parameter") << url;
        EXPECT_EQ(error_message(r).rfind(std::string(param) + ":", 0), 0u)
            << url << " -> " << error_message(r);
        EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
    }
}

TEST_F(Http, NotFoundIs404WithJson) {
    auto c = live->client();
    for (const char* url :
         {"/nope", "/v1/lookup?town=Springfield", "/v1/lookup?lat=40.71&lon=-74.0",
          "/v1/lookup?lat=42.36&lon=-70.9", "/v1/municipalities/Nowhereville",
          "/v1/districts/ocd-division/country:us/state:ma/sldl:99th_nowhere",
          "/v1/lookup?zip=99999"}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r) << url;
        EXPECT_EQ(r->status, 404) << url;
        EXPECT_EQ(error_code(r), "not_found") << url << " " << r->body;
        EXPECT_FALSE(r->get_header_value("X-Request-Id").empty()) << url;
    }
    auto r = c.Get("/v1/lookup?town=Springfield");
    EXPECT_STREQ(parse_json(r->body)["status"].GetString(), "not_found");
}

TEST_F(Http, OversizedRequestsAre413And414) {
    auto c = live->client();
    auto uri = c.Get(("/v1/lookup?q=" + std::string(9000, 'a')).c_str());
    ASSERT_TRUE(uri);
    EXPECT_EQ(uri->status, 414);
    EXPECT_EQ(error_code(uri), "uri_too_long");
    auto body = c.Post("/admin/reload", std::string(200 * 1024, 'x'), "text/plain");
    ASSERT_TRUE(body);
    EXPECT_EQ(body->status, 413);
    EXPECT_EQ(error_code(body), "payload_too_large");
}

TEST_F(Http, ETagGivesNotModified) {
    auto c = live->client();
    auto first = c.Get("/v1/lookup?town=Acton");
    ASSERT_TRUE(first);
    auto etag = first->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_NE(first->get_header_value("Cache-Control").find("max-age"), std::string::npos);
    auto again = c.Get("/v1/lookup?town=Acton", {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
}

TEST(HttpOptions, RateLimitIsPerClientAnd429) {
    auto o = options_for(mini_db_path());
    o.rate_limit_per_minute = 3;
    LiveServer live(o);
    auto c = live.client();
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(c.Get("/healthz")->status, 200);
    auto r = c.Get("/v1/lookup?town=Acton");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429);
    EXPECT_EQ(error_code(r), "rate_limited");
    EXPECT_EQ(r->get_header_value("Retry-After"), "60");
}

TEST(HttpOptions, CorsWhenConfigured) {
    auto o = options_for(mini_db_path());
    o.cors_origin = "https://civic.example.org";
    LiveServer live(o);
    auto c = live.client();
    auto r = c.Get("/v1/municipalities");
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "https://civic.example.org");
    auto pre = c.Options("/v1/lookup");
    ASSERT_TRUE(pre);
    EXPECT_EQ(pre->status, 204);
    EXPECT_NE(pre->get_header_value("Access-Control-Allow-Methods").find("GET"), std::string::npos);
    LiveServer plain(options_for(mini_db_path()));
    EXPECT_FALSE(plain.client().Get("/healthz")->has_header("Access-Control-Allow-Origin"));
}

TEST(HttpOptions, NoDatabaseIs503UntilReload) {
    TempDir dir;
    auto o = options_for(dir / "later.db");
    LiveServer live(o, /*load=*/false);
    auto c = live.client();
    for (const char* url : {"/v1/lookup?town=Acton", "/healthz", "/v1/municipalities"}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 503) << url;
        EXPECT_EQ(error_code(r), "no_database") << url;
    }
    auto failed = c.Post("/admin/reload", "", "text/plain");
    EXPECT_EQ(failed->status, 503);
    std::filesystem::copy_file(mini_db_path(), dir / "later.db");
    auto ok = c.Post("/admin/reload", "", "text/plain");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;
    EXPECT_EQ(c.Get("/v1/lookup?town=Acton")->status, 200);
}

TEST(HttpOptions, ReloadUnderLoadDropsNoRequest) {
    TempDir dir;
    std::filesystem::copy_file(mini_db_path(), dir / "db.db");
    LiveServer live(options_for(dir / "db.db"));
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0}, done{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 3; ++t)
        clients.emplace_back([&, t] {
            auto c = live.client();
            const char* urls[] = {"/v1/lookup?town=Cambridge&ward=1&precinct=1",
                                  "/v1/lookup?q=Worchester", "/v1/lookup?lat=42.38&lon=-71.115"};
            while (!stop) {
                auto r = c.Get(urls[t]);
                if (!r || r->status != 200) ++failures;
                ++done;
            }
        });
    for (int i = 0; i < 5; ++i) {
        // A fresh import replaces the file by rename, as masscivic-import does.
        std::filesystem::copy_file(mini_db_path(), dir / "db.db.new");
        std::filesystem::rename(dir / "db.db.new", dir / "db.db");
        EXPECT_EQ(live.service().reload(), "");
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    stop = true;
    for (auto& t : clients)
        t.join();
    EXPECT_EQ(failures, 0);
    EXPECT_GT(done, 10);
}

TEST(HttpOptions, AccessLogHasNoQueryStrings) {
    std::ostringstream log;
    {
        auto o = options_for(mini_db_path());
        o.access_log = &log;
        LiveServer live(o);
        auto c = live.client();
        EXPECT_EQ(c.Get("/v1/lookup?q=24%20Beacon%20St%20Boston%20MA")->status, 200);
        EXPECT_EQ(c.Get("/civicinfo/v2/representatives?address=24%20Beacon%20St%20Boston")->status,
                  200);
        c.Get("/v1/municipalities/Acton");
    } // server stopped: every log line is written
    auto text = log.str();
    EXPECT_NE(text.find("GET /v1/lookup 200"), std::string::npos) << text;
    EXPECT_NE(text.find("GET /v1/municipalities/{name} 200"), std::string::npos) << text;
    EXPECT_EQ(text.find("Beacon"), std::string::npos) << text;
    EXPECT_EQ(text.find("q="), std::string::npos) << text;
}

TEST_F(Http, CivicInfoShape) {
    auto r = live->client().Get(
        "/civicinfo/v2/representatives?address=Ward%201%20Precinct%201%2C%20Cambridge%20MA");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    auto d = parse_json(r->body);
    ASSERT_TRUE(d["divisions"].HasMember("ocd-division/country:us/state:ma/cd:7"));
    ASSERT_TRUE(d["divisions"].HasMember("ocd-division/country:us/state:ma/place:cambridge"));
    auto offices = d["offices"].GetArray();
    auto people = d["officials"].GetArray();
    ASSERT_GT(offices.Size(), 5u);
    for (const auto& div : d["divisions"].GetObject()) {
        if (!div.value.HasMember("officeIndices")) continue; // Google omits it for divisions
                                                             // without offices (county, country)
        for (const auto& i : div.value["officeIndices"].GetArray()) {
            ASSERT_LT(i.GetUint(), offices.Size());
            EXPECT_EQ(std::string(offices[i.GetUint()]["divisionId"].GetString()),
                      div.name.GetString());
        }
    }
    for (const auto& o : offices)
        for (const auto& i : o["officialIndices"].GetArray())
            ASSERT_LT(i.GetUint(), people.Size());
    EXPECT_STREQ(d["normalizedInput"]["city"].GetString(), "Cambridge");
    EXPECT_FALSE(d["normalizedInput"].HasMember("line1")); // street addresses are not echoed
}

// Google's error envelope on /civicinfo/v2 only: numeric code, errors[].reason, status.
TEST_F(Http, CivicInfoErrorsUseGooglesEnvelope) {
    auto c = live->client();
    struct Case {
        const char* url;
        int status;
        const char* reason;
        const char* grpc;
    };
    for (auto [url, status, reason, grpc] :
         {Case{"/civicinfo/v2/representatives", 400, "required", "INVALID_ARGUMENT"},
          Case{"/civicinfo/v2/representatives?address=Acton&alt=proto", 400, "invalidParameter",
               "INVALID_ARGUMENT"},
          Case{"/civicinfo/v2/representatives?address=Acton&levels=planet", 400,
               "invalidParameter", "INVALID_ARGUMENT"},
          Case{"/civicinfo/v2/representatives?address=Acton&fields=officials(name", 400,
               "invalidParameter", "INVALID_ARGUMENT"},
          Case{"/civicinfo/v2/representatives?address=Acton&bogus=1", 400, "invalidParameter",
               "INVALID_ARGUMENT"},
          Case{"/civicinfo/v2/representatives?address=Springfield%2C%20Illinois", 404, "notFound",
               "NOT_FOUND"},
          Case{"/civicinfo/v2/representatives/ocd-division/country:us/state:ny", 404, "notFound",
               "NOT_FOUND"},
          Case{"/civicinfo/v2/representatives/ma", 400, "invalidParameter", "INVALID_ARGUMENT"}}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r) << url;
        EXPECT_EQ(r->status, status) << url;
        auto d = parse_json(r->body);
        ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << url << r->body;
        const auto& e = d["error"];
        ASSERT_TRUE(e["code"].IsInt()) << url;
        EXPECT_EQ(e["code"].GetInt(), status) << url;
        EXPECT_STREQ(e["status"].GetString(), grpc) << url;
        ASSERT_EQ(e["errors"].Size(), 1u) << url;
        EXPECT_STREQ(e["errors"][0]["domain"].GetString(), "global") << url;
        EXPECT_STREQ(e["errors"][0]["reason"].GetString(), reason) << url;
        EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store") << url;
    }
    // Other routes keep masscivic's own shape.
    auto plain = c.Get("/v1/lookup?bogus=1");
    EXPECT_EQ(error_code(plain), "bad_parameter");
}

TEST_F(Http, CivicInfoFiltersAndPartialResponse) {
    auto c = live->client();
    auto r = c.Get("/civicinfo/v2/representatives?address=Ward%201%20Precinct%201%2C%20Cambridge"
                   "&levels=country&fields=offices(name,levels),divisions&prettyPrint=false");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body.find('\n'), std::string::npos);
    auto d = parse_json(r->body);
    EXPECT_FALSE(d.HasMember("officials"));
    EXPECT_FALSE(d.HasMember("kind"));
    ASSERT_GT(d["offices"].Size(), 0u);
    for (const auto& o : d["offices"].GetArray()) {
        EXPECT_EQ(o.MemberCount(), 2u);
        EXPECT_STREQ(o["levels"][0].GetString(), "country");
    }
    auto div = c.Get("/civicinfo/v2/representatives/ocd-division%2Fcountry:us%2Fstate:ma%2Fcd:7");
    ASSERT_TRUE(div);
    ASSERT_EQ(div->status, 200) << div->body;
    auto dd = parse_json(div->body);
    EXPECT_TRUE(dd["divisions"].HasMember("ocd-division/country:us/state:ma/cd:7"));
    EXPECT_EQ(dd["divisions"].MemberCount(), 1u);
}
