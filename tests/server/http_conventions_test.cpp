// HTTP as clients expect it, over raw loopback sockets (so no client library smooths
// anything over): compression, Vary, methods, HEAD, OPTIONS, Range, conditional requests,
// Date, header limits, CORS exposure, input rejection, private street-address answers.
#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <map>
#include <regex>

using namespace masscivic::testing;

namespace {

struct Raw {
    int status = 0;
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
    bool has(const std::string& h) const { return headers.count(h) > 0; }
    std::string operator[](const std::string& h) const {
        auto it = headers.find(h);
        return it == headers.end() ? "" : it->second;
    }
};

// One request on its own connection ("Connection: close" added), read to EOF.
Raw raw(int port, const std::string& method, const std::string& target,
        const std::string& extra_headers = "") {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return {};
    }
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                      "Connection: close\r\n\r\n";
    for (std::size_t sent = 0; sent < req.size();) {
        auto n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string in;
    char buf[16384];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;)
        in.append(buf, static_cast<std::size_t>(n));
    close(fd);
    Raw r;
    auto end = in.find("\r\n\r\n");
    if (in.size() < 12 || end == std::string::npos) return r;
    r.status = std::stoi(in.substr(9, 3));
    std::size_t pos = in.find("\r\n") + 2;
    while (pos < end) {
        auto eol = in.find("\r\n", pos);
        auto line = in.substr(pos, eol - pos);
        auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        r.headers[name] = value;
        pos = eol + 2;
    }
    r.body = in.substr(end + 4);
    return r;
}

std::string gunzip(const std::string& data) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out(data.size() * 20 + 1024, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : "(not gzip)";
}

bool lists(const std::string& header, const std::string& item) {
    return header.find(item) != std::string::npos;
}

class Conventions : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { live = new LiveServer(options_for(mini_db_path())); }
    static void TearDownTestSuite() { delete live; }
    static int port() { return live->port(); }
    static LiveServer* live;
};
LiveServer* Conventions::live = nullptr;

} // namespace

TEST_F(Conventions, GzipForJsonWithParametersAndVary) {
    for (const char* url : {"/v1/municipalities", "/civicinfo/v2/representatives?address=Acton",
                            "/openapi.json", "/v1/sponsors?toolkit=ccops&town=Acton&format=csv"}) {
        auto z = raw(port(), "GET", url, "Accept-Encoding: gzip, deflate\r\n");
        ASSERT_EQ(z.status, 200) << url;
        EXPECT_EQ(z["content-encoding"], "gzip") << url << " " << z["content-type"];
        EXPECT_TRUE(lists(z["vary"], "Accept-Encoding")) << url;
        auto plain = raw(port(), "GET", url);
        EXPECT_FALSE(plain.has("content-encoding")) << url;
        EXPECT_TRUE(lists(plain["vary"], "Accept-Encoding")) << url;
        EXPECT_EQ(gunzip(z.body), plain.body) << url;
        EXPECT_EQ(std::to_string(z.body.size()), z["content-length"]) << url;
    }
    // q=0 refuses gzip; "*" accepts it; another coding alone does not.
    EXPECT_FALSE(raw(port(), "GET", "/v1/municipalities", "Accept-Encoding: gzip;q=0, br\r\n")
                     .has("content-encoding"));
    EXPECT_EQ(raw(port(), "GET", "/v1/municipalities", "Accept-Encoding: *\r\n")["content-encoding"],
              "gzip");
    EXPECT_FALSE(raw(port(), "GET", "/v1/municipalities", "Accept-Encoding: identity\r\n")
                     .has("content-encoding"));
}

TEST_F(Conventions, VaryAcceptWhereTheFormatIsNegotiated) {
    auto r = raw(port(), "GET", "/v1/sponsors?toolkit=ccops&town=Acton", "Accept: text/csv\r\n");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(lists(r["content-type"], "text/csv"));
    EXPECT_TRUE(lists(r["vary"], "Accept"));
    auto j = raw(port(), "GET", "/v1/sponsors?toolkit=ccops&town=Acton");
    EXPECT_TRUE(lists(j["content-type"], "application/json"));
    EXPECT_TRUE(std::regex_search(j["vary"], std::regex("(^|, )Accept(,|$)"))) << j["vary"];
}

TEST_F(Conventions, WrongMethodIs405WithAllow) {
    for (auto [method, url, allow] :
         {std::tuple{"POST", "/v1/lookup?town=Acton", "GET, HEAD, OPTIONS"},
          std::tuple{"DELETE", "/v1/municipalities", "GET, HEAD, OPTIONS"},
          std::tuple{"PUT", "/civicinfo/v2/representatives?address=Acton", "GET, HEAD, OPTIONS"},
          std::tuple{"GET", "/admin/reload", "POST, OPTIONS"}}) {
        auto r = raw(port(), method, url, std::string(method) == "PUT" ? "Content-Length: 0\r\n" : "");
        EXPECT_EQ(r.status, 405) << method << " " << url;
        EXPECT_EQ(r["allow"], allow) << method << " " << url;
        EXPECT_NE(r.body.find("\"error\""), std::string::npos) << r.body;
    }
    // An unknown path stays 404 whatever the method.
    EXPECT_EQ(raw(port(), "DELETE", "/nope").status, 404);
    // POST without a body (no Content-Length) is an empty body, not a 400.
    EXPECT_EQ(raw(port(), "POST", "/admin/reload").status, 200);
}

TEST_F(Conventions, HeadEverywhereMatchesGet) {
    for (const char* url :
         {"/v1/lookup?town=Acton", "/v1/municipalities", "/v1/municipalities/Acton",
          "/v1/districts/ocd-division/country:us/state:ma/cd:7", "/v1/officials", "/v1/toolkits",
          "/v1/sponsors?toolkit=ccops&town=Acton", "/civicinfo/v2/representatives?address=Acton",
          "/civicinfo/v2/representatives/ocd-division/country:us/state:ma", "/healthz", "/metrics",
          "/openapi.json", "/v1/lookup?town=Nowhere"}) {
        for (std::string ae : {"", "Accept-Encoding: gzip\r\n"}) {
            auto get = raw(port(), "GET", url, ae);
            auto head = raw(port(), "HEAD", url, ae);
            EXPECT_EQ(head.status, get.status) << url;
            EXPECT_TRUE(head.body.empty()) << url;
            if (std::string(url) != "/metrics") { // its counters move between the two
                EXPECT_EQ(head["content-length"], get["content-length"]) << url << ae;
            }
            EXPECT_EQ(head["content-type"], get["content-type"]) << url;
        }
    }
}

TEST_F(Conventions, RangeIsIgnored) {
    auto full = raw(port(), "GET", "/v1/municipalities");
    for (const char* range : {"bytes=0-10", "bytes=5-", "bytes=-3", "bytes=0-1,4-5"}) {
        auto r = raw(port(), "GET", "/v1/municipalities", std::string("Range: ") + range + "\r\n");
        EXPECT_EQ(r.status, 200) << range;
        EXPECT_EQ(r.body, full.body) << range;
        EXPECT_FALSE(r.has("content-range")) << range;
        EXPECT_EQ(r["accept-ranges"], "none");
    }
}

TEST_F(Conventions, IfNoneMatchPerRfc9110) {
    auto first = raw(port(), "GET", "/v1/lookup?town=Acton");
    auto etag = first["etag"];
    ASSERT_EQ(etag.rfind("W/\"", 0), 0u) << etag;
    std::string strong = etag.substr(2);
    for (const std::string& inm : {etag, strong, "\"other\", " + etag, "\"a\",W/\"b\" , " + strong,
                                   std::string("*")}) {
        auto r = raw(port(), "GET", "/v1/lookup?town=Acton", "If-None-Match: " + inm + "\r\n");
        EXPECT_EQ(r.status, 304) << inm;
        EXPECT_TRUE(r.body.empty());
        EXPECT_FALSE(r.has("content-length")) << inm; // no "Content-Length: 0"
        EXPECT_EQ(r["etag"], etag);
        EXPECT_EQ(r["cache-control"], first["cache-control"]);
        EXPECT_TRUE(r.has("date"));
    }
    for (const std::string& inm : {std::string("\"other\""), std::string("W/\"x\", \"y\"")})
        EXPECT_EQ(raw(port(), "GET", "/v1/lookup?town=Acton", "If-None-Match: " + inm + "\r\n").status,
                  200)
            << inm;
    // The next request on a kept-alive connection after a 304 is read correctly.
    auto c = live->client();
    auto a = c.Get("/v1/lookup?town=Acton", {{"If-None-Match", etag}});
    auto b = c.Get("/healthz");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->status, 304);
    EXPECT_EQ(b->status, 200);
}

TEST_F(Conventions, DateAndOpenApiValidators) {
    auto r = raw(port(), "GET", "/openapi.json");
    EXPECT_TRUE(std::regex_match(r["date"], std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)")))
        << r["date"];
    ASSERT_FALSE(r["etag"].empty());
    EXPECT_EQ(r["cache-control"], "public, max-age=300");
    auto again = raw(port(), "GET", "/openapi.json", "If-None-Match: " + r["etag"] + "\r\n");
    EXPECT_EQ(again.status, 304);
    for (const char* url : {"/nope", "/v1/lookup?bogus=1", "/healthz"})
        EXPECT_TRUE(raw(port(), "GET", url).has("date")) << url;
}

TEST_F(Conventions, OversizedHeadersAre431) {
    auto one_line = raw(port(), "GET", "/healthz", "X-Big: " + std::string(9000, 'a') + "\r\n");
    EXPECT_EQ(one_line.status, 431);
    std::string many;
    for (int i = 0; i < 12; ++i)
        many += "X-" + std::to_string(i) + ": " + std::string(4000, 'b') + "\r\n";
    auto total = raw(port(), "GET", "/healthz", many);
    EXPECT_EQ(total.status, 431);
    EXPECT_NE(total.body.find("headers_too_large"), std::string::npos) << total.body;
    EXPECT_EQ(raw(port(), "GET", "/healthz", "X-Fine: " + std::string(2000, 'c') + "\r\n").status,
              200);
}

TEST_F(Conventions, ControlCharactersAndBrokenEscapesAre400) {
    for (const char* url :
         {"/v1/lookup?q=Act%00on", "/v1/lookup?town=Acton%01", "/v1/lookup?q=%7F",
          "/v1/lookup?q=Act%zzon", "/v1/lookup?q=Acton%", "/v1/lookup?q=Acton%4",
          "/v1/municipalities/Act%00on", "/v1/lookup?q=%C2%85", "/v1/lookup?q=a%0Ab"}) {
        auto r = raw(port(), "GET", url);
        EXPECT_EQ(r.status, 400) << url;
        EXPECT_NE(r.body.find("bad_parameter"), std::string::npos) << url << r.body;
    }
    auto civic = raw(port(), "GET", "/civicinfo/v2/representatives?address=%00");
    EXPECT_EQ(civic.status, 400);
    EXPECT_NE(civic.body.find("\"status\":\"INVALID_ARGUMENT\""), std::string::npos) << civic.body;
    // Accents and other non-ASCII text are fine.
    EXPECT_NE(raw(port(), "GET", "/v1/lookup?q=Acton%20%C3%A9").status, 400);
}

TEST_F(Conventions, StreetAddressAnswersArePrivate) {
    for (const char* url : {"/v1/lookup?q=24%20Beacon%20St%2C%20Boston%20MA",
                            "/civicinfo/v2/representatives?address=24%20Beacon%20St%2C%20Boston%20MA"}) {
        auto r = raw(port(), "GET", url);
        ASSERT_EQ(r.status, 200) << url << r.body;
        EXPECT_EQ(r["cache-control"], "private, no-store") << url;
    }
    EXPECT_EQ(raw(port(), "GET", "/v1/lookup?q=Acton")["cache-control"], "public, max-age=300");
}

TEST(ConventionsCors, PreflightOnlyWhenConfiguredAndHeadersExposed) {
    LiveServer plain(options_for(mini_db_path()));
    auto p = raw(plain.port(), "OPTIONS", "/v1/lookup",
                 "Origin: https://x.example\r\nAccess-Control-Request-Method: GET\r\n");
    EXPECT_EQ(p.status, 204);
    EXPECT_EQ(p["allow"], "GET, HEAD, OPTIONS");
    EXPECT_FALSE(p.has("access-control-allow-methods"));
    EXPECT_FALSE(p.has("access-control-allow-origin"));

    auto o = options_for(mini_db_path());
    o.cors_origin = "https://civic.example.org";
    LiveServer cors(o);
    auto pre = raw(cors.port(), "OPTIONS", "/v1/lookup",
                   "Origin: https://civic.example.org\r\nAccess-Control-Request-Method: GET\r\n");
    EXPECT_EQ(pre.status, 204);
    EXPECT_TRUE(lists(pre["access-control-allow-methods"], "GET"));
    EXPECT_EQ(pre["access-control-allow-origin"], "https://civic.example.org");
    auto get = raw(cors.port(), "GET", "/v1/lookup?town=Acton", "Accept-Encoding: gzip\r\n");
    for (const char* h : {"ETag", "X-Request-Id", "X-Data-As-Of"})
        EXPECT_TRUE(lists(get["access-control-expose-headers"], h)) << h;
    EXPECT_TRUE(lists(get["vary"], "Origin"));
    EXPECT_TRUE(lists(get["vary"], "Accept-Encoding"));
}

// Decomposed accents, soft and non-breaking hyphens and fullwidth forms find what the
// plain forms find (core/text.cpp fold_text_forms), through the real HTTP stack.
TEST_F(Conventions, TextFormsMatchLikePlainForms) {
    auto answer = [](const std::string& q) {
        auto r = raw(port(), "GET", "/v1/lookup?q=" + q);
        auto d = parse_json(r.body);
        if (r.status != 200 || !d.IsObject() || !d["place"]["municipality"].IsObject())
            return std::to_string(r.status);
        return std::string(d["status"].GetString()) + " " +
               d["place"]["municipality"]["name"].GetString() + " " +
               (d["place"]["precinct"].IsString() ? d["place"]["precinct"].GetString() : "-");
    };
    auto acton = answer("Acton");
    ASSERT_EQ(acton.rfind("exact Acton", 0), 0u) << acton;
    for (const char* form : {"Act%C3%B3n",                   // composed ó
                             "Acto%CC%81n",                  // NFD: o + combining acute
                             "Ac%C2%ADton",                  // soft hyphen
                             "%EF%BC%A1%EF%BD%83%EF%BD%94%EF%BD%8F%EF%BD%8E", // fullwidth
                             "Acton%E2%80%8B"})              // zero-width space
        EXPECT_EQ(answer(form), acton) << form;
    auto west = answer("West%20Acton");
    EXPECT_EQ(answer("West%E2%80%91Acton"), west); // non-breaking hyphen
    EXPECT_EQ(answer("West%C2%A0Acton"), west);    // non-breaking space
    auto ward = answer("Ward%201%20Precinct%201%2C%20Cambridge");
    ASSERT_EQ(ward.rfind("exact Cambridge", 0), 0u) << ward;
    EXPECT_EQ(answer("Ward%20%EF%BC%91%20Precinct%20%EF%BC%91%2C%20Cambridge"), ward); // １
}
