// server/openapi.json against the running server: the documented routes are exactly the
// served ones, and every field of real responses is documented (and every required
// documented field is present).
#include "server_fixture.hpp"

#include "csv.hpp"

#include <gtest/gtest.h>
#include <rapidjson/pointer.h>

#include <set>

using namespace masscivic::testing;

namespace {

class Checker {
  public:
    explicit Checker(const rapidjson::Document& spec) : spec_(spec) {}

    // A local "$ref" ("#/components/responses/BadRequest") as a JSON Pointer into the spec.
    const rapidjson::Value& follow(const rapidjson::Value& s) const {
        std::string ref = s["$ref"].GetString();
        const rapidjson::Value* target = rapidjson::Pointer(ref.substr(1).c_str()).Get(spec_);
        EXPECT_NE(target, nullptr) << "dangling $ref " << ref;
        static const rapidjson::Value empty(rapidjson::kObjectType);
        return target ? *target : empty;
    }

    const rapidjson::Value& resolve(const rapidjson::Value& s) const {
        if (s.HasMember("$ref")) return follow(s);
        if (s.HasMember("allOf")) return resolve(s["allOf"][0]);
        return s;
    }

    void check(const rapidjson::Value& schema_in, const rapidjson::Value& v, const std::string& at,
               bool nullable = false) {
        bool may_be_null =
            nullable || (schema_in.HasMember("nullable") && schema_in["nullable"].GetBool());
        const auto& s = resolve(schema_in);
        if (s.HasMember("nullable") && s["nullable"].GetBool()) may_be_null = true;
        if (v.IsNull()) {
            EXPECT_TRUE(may_be_null) << at << " is null but not nullable";
            return;
        }
        std::string type = s.HasMember("type") ? s["type"].GetString() : "object";
        if (type == "object") {
            ASSERT_TRUE(v.IsObject()) << at;
            if (s.HasMember("properties")) {
                for (const auto& m : v.GetObject()) {
                    std::string key = m.name.GetString();
                    ASSERT_TRUE(s["properties"].HasMember(key.c_str()))
                        << at << "." << key << " is not documented";
                    check(s["properties"][key.c_str()], m.value, at + "." + key);
                }
                if (s.HasMember("required")) {
                    for (const auto& r : s["required"].GetArray()) {
                        EXPECT_TRUE(v.HasMember(r.GetString()))
                            << at << "." << r.GetString() << " documented as required but absent";
                    }
                }
            }
            if (s.HasMember("additionalProperties"))
                for (const auto& m : v.GetObject())
                    check(s["additionalProperties"], m.value, at + "[" + m.name.GetString() + "]");
        } else if (type == "array") {
            ASSERT_TRUE(v.IsArray()) << at;
            for (rapidjson::SizeType i = 0; i < v.Size() && i < 50; ++i)
                check(s["items"], v[i], at + "[" + std::to_string(i) + "]");
        } else if (type == "string") {
            EXPECT_TRUE(v.IsString()) << at;
            if (v.IsString() && s.HasMember("enum")) {
                bool found = false;
                for (const auto& e : s["enum"].GetArray())
                    found = found || std::string(e.GetString()) == v.GetString();
                EXPECT_TRUE(found) << at << " = " << v.GetString() << " not in the documented enum";
            }
        } else if (type == "integer") {
            EXPECT_TRUE(v.IsInt64()) << at;
        } else if (type == "number") {
            EXPECT_TRUE(v.IsNumber()) << at;
        } else if (type == "boolean") {
            EXPECT_TRUE(v.IsBool()) << at;
        }
    }

  private:
    const rapidjson::Document& spec_;
};

rapidjson::Document load_spec() {
    auto text = masscivic::read_file(source_path("server/openapi.json"));
    auto d = parse_json(text);
    EXPECT_FALSE(d.HasParseError());
    return d;
}

} // namespace

TEST(OpenApi, DocumentsExactlyTheServedRoutes) {
    auto spec = load_spec();
    std::set<std::string> documented, served;
    for (const auto& p : spec["paths"].GetObject())
        documented.insert(p.name.GetString());
    for (const auto& r : masscivic::server::known_routes())
        served.insert(r);
    EXPECT_EQ(documented, served);

    // And each documented route really is served (not the catch-all 404).
    LiveServer live(options_for(mini_db_path()));
    auto c = live.client();
    for (const auto& path : documented) {
        std::string url = path;
        for (auto [param, value] :
             {std::pair{"{name}", "Acton"}, {"{table}", "municipalities"},
              {"{ocd_id}", "ocd-division/country:us/state:ma/cd:7"},
              {"{ocdId}", "ocd-division/country:us/state:ma/cd:7"}})
            if (auto at = url.find(param); at != std::string::npos)
                url.replace(at, std::string(param).size(), value);
        bool post = spec["paths"][path.c_str()].HasMember("post");
        auto r = post ? c.Post(url.c_str(), "", "text/plain") : c.Get(url.c_str());
        ASSERT_TRUE(r) << url;
        EXPECT_EQ(r->body.find("No such endpoint"), std::string::npos) << url;
        EXPECT_EQ(masscivic::server::route_pattern(url), path);
    }
}

TEST(OpenApi, ResponsesMatchTheDocumentedSchemas) {
    auto spec = load_spec();
    Checker checker(spec);
    LiveServer live(options_for(mini_db_path()));
    auto c = live.client();
    struct Sample {
        const char* path;
        const char* url;
        int status;
    };
    for (auto [path, url, status] :
         {Sample{"/v1/lookup", "/v1/lookup?town=Cambridge&ward=1&precinct=1", 200},
          Sample{"/v1/lookup", "/v1/lookup?town=Cambridge", 200},
          Sample{"/v1/lookup", "/v1/lookup?zip=01720", 200},
          Sample{"/v1/lookup", "/v1/lookup?town=Boston&ward=19&precinct=1", 200},
          Sample{"/v1/lookup", "/v1/lookup?q=Worchester", 200},
          Sample{"/v1/lookup", "/v1/lookup?lat=42.38&lon=-71.115", 200},
          Sample{"/v1/lookup", "/v1/lookup?lat=42.36&lon=-70.9", 404},
          Sample{"/v1/lookup", "/v1/lookup?lat=x&lon=1", 400},
          Sample{"/v1/sponsors", "/v1/sponsors?toolkit=ccops&town=Acton", 200},
          Sample{"/v1/sponsors", "/v1/sponsors?toolkit=x&town=Acton", 400},
          Sample{"/v1/local-actions", "/v1/local-actions?topic=ccops", 200},
          Sample{"/v1/local-actions", "/v1/local-actions?county=Middlesex&status=failed", 200},
          Sample{"/v1/local-actions", "/v1/local-actions?topic=parking", 400},
          Sample{"/v1/municipalities", "/v1/municipalities", 200},
          Sample{"/v1/municipalities/{name}", "/v1/municipalities/Acton", 200},
          Sample{"/v1/municipalities/{name}", "/v1/municipalities/Cambridge", 200},
          Sample{"/v1/districts/{ocd_id}",
                 "/v1/districts/ocd-division/country:us/state:ma/sldl:15th_suffolk", 200},
          Sample{"/v1/officials", "/v1/officials?per_page=100", 200},
          Sample{"/v1/toolkits", "/v1/toolkits?town=Arlington", 200},
          Sample{"/v1/toolkits", "/v1/toolkits", 200},
          Sample{"/civicinfo/v2/representatives", "/civicinfo/v2/representatives?address=02139",
                 200},
          Sample{"/civicinfo/v2/representatives",
                 "/civicinfo/v2/representatives?address=Cambridge&includeOffices=false", 200},
          Sample{"/civicinfo/v2/representatives", "/civicinfo/v2/representatives", 400},
          Sample{"/civicinfo/v2/representatives/{ocdId}",
                 "/civicinfo/v2/representatives/ocd-division/country:us/state:ma?recursive=true",
                 200},
          Sample{"/civicinfo/v2/representatives/{ocdId}",
                 "/civicinfo/v2/representatives/ocd-division/country:us/state:ny", 404},
          Sample{"/healthz", "/healthz", 200}}) {
        auto r = c.Get(url);
        ASSERT_TRUE(r) << url;
        ASSERT_EQ(r->status, status) << url << "\n" << r->body;
        const auto& responses = spec["paths"][path]["get"]["responses"];
        std::string code = std::to_string(status);
        ASSERT_TRUE(responses.HasMember(code.c_str())) << path << " does not document " << code;
        const auto& response = responses[code.c_str()].HasMember("$ref")
                                    ? checker.follow(responses[code.c_str()])
                                    : responses[code.c_str()];
        ASSERT_TRUE(response.HasMember("content")) << path << " " << code << " has no content";
        ASSERT_TRUE(response["content"].HasMember("application/json")) << path << " " << code;
        const auto& schema = response["content"]["application/json"]["schema"];
        auto body = parse_json(r->body);
        ASSERT_FALSE(body.HasParseError()) << url;
        checker.check(schema, body, url);
    }
}
