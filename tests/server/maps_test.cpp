// /v1/maps/*.svg on the real snapshot, over real sockets: the statewide local-action map
// (status colours, legend, data date, size) and the district maps (outline, covered towns
// by name, a marked point), their caching headers, and bad input answering JSON errors.
// Each SVG is checked to be well-formed XML by Python's parser. Expectations come from
// the database and the JSON endpoints, not typed in.
#include "server_fixture.hpp"

#include "csv.hpp"
#include "maps.hpp"
#include "sqlite.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

using namespace masscivic;
using namespace masscivic::testing;

namespace {

constexpr std::size_t kMaxMapBytes = 150 * 1024;

class Maps : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { live = new LiveServer(options_for(real_db_path_for_server())); }
    static void TearDownTestSuite() { delete live; }

    static httplib::Result get(const std::string& url, const httplib::Headers& headers = {}) {
        auto r = live->client().Get(url.c_str(), headers);
        EXPECT_TRUE(r) << url;
        return r;
    }

    static std::vector<std::string> column(const std::string& sql) {
        auto db = Database::open(real_db_path_for_server().string(), Database::Mode::ReadOnly);
        auto st = db.prepare(sql);
        std::vector<std::string> out;
        while (st.step()) out.push_back(st.text(0));
        return out;
    }

    static LiveServer* live;
};
LiveServer* Maps::live = nullptr;

// Python's XML parser (the one the standard library ships) as the judge of well-formedness;
// also that the root element is an SVG one. "" when fine, else the parser's complaint.
std::string xml_problem(const std::string& svg) {
    static TempDir dir;
    static int n = 0;
    auto file = dir / ("map" + std::to_string(n++) + ".svg");
    auto out_file = dir / "out.txt";
    std::ofstream(file, std::ios::binary) << svg;
    std::string cmd =
        "python3 -c 'import sys, xml.etree.ElementTree as E\n"
        "root = E.parse(sys.argv[1]).getroot()\n"
        "assert root.tag == \"{http://www.w3.org/2000/svg}svg\", root.tag' " +
        file.string() + " > " + out_file.string() + " 2>&1";
    if (std::system(cmd.c_str()) == 0) return "";
    return masscivic::read_file(out_file);
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size()))
        ++n;
    return n;
}

// The class of the path whose <title> starts with `town` + ":" ("" when none).
std::string status_class_of(const std::string& svg, const std::string& town) {
    std::smatch m;
    std::regex re("<path class=\"([a-z]+)\" d=\"[^\"]*\"><title>" + town + ":");
    return std::regex_search(svg, m, re) ? m[1].str() : "";
}

std::string encode_ocd(std::string id) {
    std::string out;
    for (char c : id) {
        if (c == '/') out += "%2F";
        else if (c == ':') out += "%3A";
        else out += c;
    }
    return out;
}

void expect_error(const httplib::Result& r, int status, const std::string& code) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");
    auto d = parse_json(r->body);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r->body;
    EXPECT_STREQ(d["error"]["code"].GetString(), code.c_str()) << r->body;
    EXPECT_TRUE(d["error"]["message"].IsString());
}

TEST_F(Maps, StatewideMapColoursEveryTownByItsStatus) {
    auto start = std::chrono::steady_clock::now();
    auto r = get("/v1/maps/local-actions.svg?topic=ccops");
    double first_ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body.substr(0, 400);
    EXPECT_EQ(r->get_header_value("Content-Type"), "image/svg+xml");
    const std::string& svg = r->body;
    EXPECT_LT(svg.size(), kMaxMapBytes);
    EXPECT_EQ(xml_problem(svg), "");
    std::cout << "statewide ccops map: " << svg.size() << " bytes, first request "
              << first_ms << " ms\n";

    // One shape per municipality, each coloured by a known status.
    auto towns = column("SELECT name FROM municipalities");
    EXPECT_EQ(towns.size(), 351u);
    EXPECT_EQ(count(svg, "<path class="), towns.size());
    EXPECT_EQ(count(svg, "<path class=\"passed\"") + count(svg, "<path class=\"failed\"") +
                  count(svg, "<path class=\"pending\"") + count(svg, "<path class=\"funded\"") +
                  count(svg, "<path class=\"none\""),
              towns.size());
    // Somerville passed its surveillance oversight ordinance in 2019.
    EXPECT_EQ(status_class_of(svg, "Somerville"), "passed");
    // Every town the database records a passed CCOPS action for is drawn as passed.
    for (const auto& town : column("SELECT DISTINCT m.name FROM local_actions a JOIN "
                                   "municipalities m ON m.geoid = a.geoid "
                                   "WHERE a.topic = 'ccops' AND a.status = 'passed'"))
        EXPECT_EQ(status_class_of(svg, town), "passed") << town;
    // A town with no CCOPS action at all is "none found".
    auto without = column("SELECT name FROM municipalities WHERE geoid NOT IN "
                          "(SELECT geoid FROM local_actions WHERE topic = 'ccops') "
                          "ORDER BY name LIMIT 1");
    ASSERT_EQ(without.size(), 1u);
    EXPECT_EQ(status_class_of(svg, without[0]), "none") << without[0];

    // Title, legend with every status, data date.
    EXPECT_NE(svg.find("<title id=\"title\">Surveillance oversight (CCOPS)"), std::string::npos);
    auto legend = svg.substr(svg.find("<g id=\"legend\">"));
    for (const char* label : {"Passed (", "Failed (", "Pending, no outcome found (", "None found ("})
        EXPECT_NE(legend.find(label), std::string::npos) << label;
    std::string as_of = parse_json(get("/healthz")->body)["data_as_of"].GetString();
    EXPECT_NE(svg.find("Data as of " + as_of), std::string::npos);

    // Cacheable: public, the dataset's ETag, 304 on revalidation; the same bytes again.
    EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=300");
    auto etag = r->get_header_value("ETag");
    EXPECT_FALSE(etag.empty());
    auto again = get("/v1/maps/local-actions.svg?topic=ccops", {{"If-None-Match", etag}});
    EXPECT_EQ(again->status, 304);
    EXPECT_EQ(get("/v1/maps/local-actions.svg?topic=ccops")->body, svg);
    // gzip on request: SVG is text.
    auto z = get("/v1/maps/local-actions.svg?topic=ccops", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(z->get_header_value("Content-Encoding"), "gzip");
}

TEST_F(Maps, EveryTopicDrawsAndAliasesWork) {
    for (const char* topic : {"ccops", "sanctuary_trust", "sanctuary", "face_surveillance",
                              "body_cameras", "body-cameras"}) {
        auto r = get(std::string("/v1/maps/local-actions.svg?topic=") + topic);
        ASSERT_EQ(r->status, 200) << topic;
        EXPECT_LT(r->body.size(), kMaxMapBytes) << topic;
        EXPECT_EQ(xml_problem(r->body), "") << topic;
    }
    // Body camera grants are state-funded: that status is in the legend only where it occurs.
    auto cams = get("/v1/maps/local-actions.svg?topic=body_cameras")->body;
    auto funded = column("SELECT count(*) FROM local_actions WHERE topic = 'body_cameras' AND "
                         "status = 'funded'");
    EXPECT_EQ(cams.find("State grant awarded (") != std::string::npos, funded[0] != "0");
}

TEST_F(Maps, StatewideMapRejectsBadInput) {
    expect_error(get("/v1/maps/local-actions.svg?topic=parking"), 400, "bad_parameter");
    expect_error(get("/v1/maps/local-actions.svg"), 400, "bad_parameter");
    expect_error(get("/v1/maps/local-actions.svg?topic=ccops&status=passed"), 400,
                 "bad_parameter");
    expect_error(get("/v1/maps/local-actions.svg?topic=ccops&topic=sanctuary"), 400, "bad_parameter");
    auto r = get("/v1/maps/local-actions.svg?topic=parking");
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
}

TEST_F(Maps, DistrictMapShowsTheOutlineAndItsTownsByName) {
    // A House district that spans several towns, and one of each other chamber.
    auto ids = column(
        "SELECT house_id FROM precincts GROUP BY house_id HAVING count(DISTINCT geoid) >= 3 "
        "ORDER BY house_id LIMIT 1");
    for (const char* chamber : {"senate", "congress", "governors_council"})
        for (const auto& id : column(std::string("SELECT ocd_id FROM districts WHERE chamber = '") +
                                     chamber + "' ORDER BY ocd_id LIMIT 1"))
            ids.push_back(id);
    ASSERT_EQ(ids.size(), 4u);
    for (const auto& id : ids) {
        auto detail = parse_json(get("/v1/districts/" + encode_ocd(id))->body);
        ASSERT_TRUE(detail.HasMember("municipalities")) << id;
        std::set<std::string> names;
        for (const auto& m : detail["municipalities"].GetArray())
            names.insert(m["name"].GetString());
        ASSERT_FALSE(names.empty()) << id;

        auto start = std::chrono::steady_clock::now();
        auto r = get("/v1/maps/districts/" + encode_ocd(id) + ".svg");
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                              start).count();
        ASSERT_EQ(r->status, 200) << id << "\n" << r->body.substr(0, 400);
        std::cout << id << ": " << r->body.size() << " bytes, " << names.size() << " towns, "
                  << ms << " ms\n";
        EXPECT_EQ(r->get_header_value("Content-Type"), "image/svg+xml");
        EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=300");
        EXPECT_FALSE(r->get_header_value("ETag").empty());
        const auto& svg = r->body;
        EXPECT_LT(svg.size(), kMaxMapBytes) << id;
        EXPECT_EQ(xml_problem(svg), "") << id;
        EXPECT_NE(svg.find("<path id=\"district\""), std::string::npos) << id;
        EXPECT_EQ(svg.find("id=\"marker\""), std::string::npos) << id;
        auto labels = svg.substr(svg.find("<g id=\"labels\">"));
        for (const auto& name : names) {
            std::string escaped = server::xml_escape(name);
            EXPECT_NE(labels.find(">" + escaped + "</text>"), std::string::npos) << id << " " << name;
            EXPECT_NE(svg.find("<title>" + escaped + "</title>"), std::string::npos) << name;
        }
        // The id may also come unencoded, as in /v1/districts/.
        EXPECT_EQ(get("/v1/maps/districts/" + id + ".svg")->body, svg);
    }
}

TEST_F(Maps, EveryDistrictMapIsSmallEnough) {
    std::size_t largest = 0;
    std::string which;
    for (const auto& id : column("SELECT ocd_id FROM districts WHERE chamber IN "
                                 "('congress', 'governors_council', 'senate')")) {
        auto r = get("/v1/maps/districts/" + encode_ocd(id) + ".svg");
        ASSERT_EQ(r->status, 200) << id;
        if (r->body.size() > largest) largest = r->body.size(), which = id;
    }
    std::cout << "largest district map: " << which << " " << largest << " bytes\n";
    EXPECT_LT(largest, kMaxMapBytes) << which;
}

TEST_F(Maps, AMarkedPointIsDrawnAndPrivate) {
    // Somerville City Hall, in a House district of Somerville.
    auto house = column("SELECT p.house_id FROM precincts p JOIN municipalities m ON "
                        "m.geoid = p.geoid WHERE m.name = 'Somerville' ORDER BY p.house_id LIMIT 1");
    ASSERT_EQ(house.size(), 1u);
    std::string url = "/v1/maps/districts/" + encode_ocd(house[0]) + ".svg";
    auto plain = get(url);
    auto r = get(url + "?lat=42.3876&lon=-71.0995");
    ASSERT_EQ(r->status, 200) << r->body.substr(0, 400);
    EXPECT_EQ(r->get_header_value("Content-Type"), "image/svg+xml");
    EXPECT_EQ(r->get_header_value("Cache-Control"), "private, no-store");
    EXPECT_EQ(xml_problem(r->body), "");
    EXPECT_NE(r->body.find("<g id=\"marker\"><circle"), std::string::npos);
    // The marked map is the plain one plus the marker.
    EXPECT_GT(r->body.size(), plain->body.size());
    EXPECT_EQ(r->body.substr(0, 200), plain->body.substr(0, 200));
    // The plain map was not changed by the marked one.
    EXPECT_EQ(get(url)->body, plain->body);
}

TEST_F(Maps, DistrictMapRejectsBadInput) {
    expect_error(get("/v1/maps/districts/ocd-division%2Fcountry%3Aus%2Fstate%3Ama%2Fsldl%3Anowhere.svg"),
                 404, "not_found");
    expect_error(get("/v1/maps/districts/not-an-ocd-id.svg"), 400, "bad_parameter");
    auto id = encode_ocd(column("SELECT ocd_id FROM districts ORDER BY ocd_id LIMIT 1")[0]);
    expect_error(get("/v1/maps/districts/" + id + ".svg?lat=42.38"), 400, "bad_parameter");
    expect_error(get("/v1/maps/districts/" + id + ".svg?lon=-71.1"), 400, "bad_parameter");
    expect_error(get("/v1/maps/districts/" + id + ".svg?lat=north&lon=-71.1"), 400,
                 "bad_parameter");
    expect_error(get("/v1/maps/districts/" + id + ".svg?lat=142&lon=-71.1"), 400,
                 "bad_parameter");
    expect_error(get("/v1/maps/districts/" + id + ".svg?zoom=3"), 400, "bad_parameter");
}

TEST_F(Maps, ConcurrentFirstRequestsGetTheSameBytes) {
    // A fresh server: the atlas is loaded and each map drawn by whichever request is first.
    LiveServer fresh(options_for(real_db_path_for_server()));
    auto id = encode_ocd(column("SELECT ocd_id FROM districts WHERE chamber = 'senate' "
                                "ORDER BY ocd_id LIMIT 1")[0]);
    std::vector<std::string> urls = {"/v1/maps/local-actions.svg?topic=sanctuary",
                                     "/v1/maps/districts/" + id + ".svg"};
    std::vector<std::string> bodies(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < bodies.size(); ++i)
        threads.emplace_back([&, i] {
            auto r = fresh.client().Get(urls[i % 2].c_str());
            if (r && r->status == 200) bodies[i] = r->body;
        });
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        EXPECT_FALSE(bodies[i].empty()) << i;
        EXPECT_EQ(bodies[i], bodies[i % 2]) << i;
    }
}

} // namespace
