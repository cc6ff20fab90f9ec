// A LookupClient that answers from a table of canned server responses shaped like
// docs/API.md, and records what the engine asked.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine.hpp"
#include "lookup_client.hpp"

namespace masscivic::bot::testing {

class FakeLookup : public LookupClient {
public:
    ApiResult get(const std::string& target) override {
        calls.push_back(target);
        if (down) return ApiResult{};  // unavailable
        auto it = routes.find(target);
        if (it == routes.end())
            return make_result(404, R"({"error":{"code":"not_found","message":"no such thing"}})");
        return make_result(200, it->second);
    }
    std::map<std::string, std::string> routes;
    std::vector<std::string> calls;
    bool down = false;
};

inline std::string official_json(const std::string& name, const std::string& office,
                                 const std::string& title, const std::string& district,
                                 const std::string& email) {
    return R"({"id":"ocd-person/x","name":")" + name + R"(","office":")" + office +
           R"(","title":")" + title + R"(","party":"Democratic","district":")" + district +
           R"(","email":")" + email + R"(","phone":"617-555-0100","profile_url":"https://malegislature.gov/Legislators/Profile/X","vacant":false,"verified":true})";
}

// A small invented world: names are fictional, shapes follow the API contract.
inline void load_world(FakeLookup& f) {
    const std::string senators = official_json("Alice Senate", "us_senator", "U.S. Senator", "", "alice@senate.example") +
                                 "," + official_json("Bob Senate", "us_senator", "U.S. Senator", "", "");
    const std::string governor = official_json("Gina Gov", "governor", "Governor", "", "gov@mass.example");
    auto exact = [&](const std::string& town, const std::string& village, const std::string& ward,
                     const std::string& precinct, const std::string& state) {
        return R"({"query":{"input":"x","interpreted_as":"town"},"status":"exact","place":{"municipality":{"name":")" +
               town + R"(","kind":"town"},"ward":)" + (ward.empty() ? "null" : "\"" + ward + "\"") +
               R"(,"precinct":)" + (precinct.empty() ? "null" : "\"" + precinct + "\"") +
               R"(,"village":)" + (village.empty() ? "null" : "\"" + village + "\"") +
               R"(},"officials":{"federal":[)" + senators + R"(],"state":[)" + governor + "," + state +
               R"(],"local":[]},"missing":[],"data_as_of":"2026-10-10"})";
    };
    const std::string boston_10_1 =
        official_json("Rita Rep", "state_representative", "State Representative", "15th Suffolk", "rita.rep@mahouse.example") +
        "," + official_json("Sam Sen", "state_senator", "State Senator", "2nd Suffolk", "sam.sen@masenate.example");
    f.routes["/v1/lookup?q=jamaica%20plain"] =
        R"({"query":{"input":"jamaica plain","interpreted_as":"village"},"status":"ambiguous",
            "place":{"municipality":{"name":"Boston","kind":"city"},"village":"Jamaica Plain"},
            "officials":{"federal":[)" + senators + R"(],"state":[)" + governor + R"(],"local":[]},
            "ambiguity":{"reason":"split","needs":["ward_precinct","location"],"candidates":[
              {"chamber":"house","district":{"name":"15th Suffolk","display_name":"15th Suffolk"},
               "officials":[)" + official_json("Rita Rep", "state_representative", "State Representative", "15th Suffolk", "rita.rep@mahouse.example") + R"(]},
              {"chamber":"house","district":{"name":"14th Suffolk","display_name":"14th Suffolk"},
               "officials":[)" + official_json("Hank House", "state_representative", "State Representative", "14th Suffolk", "hank@mahouse.example") + R"(]},
              {"chamber":"senate","district":{"name":"2nd Suffolk","display_name":"2nd Suffolk"},"officials":[]}]},
            "data_as_of":"2026-10-10"})";
    f.routes["/v1/lookup?town=Boston&ward=10&precinct=1"] = exact("Boston", "", "10", "1", boston_10_1);
    const std::string acton_state =
        official_json("Andy Acton", "state_representative", "State Representative", "14th Middlesex", "andy@mahouse.example") +
        "," + official_json("Sue Acton", "state_senator", "State Senator", "3rd Middlesex", "sue@masenate.example");
    f.routes["/v1/lookup?q=acton"] = exact("Acton", "", "", "", acton_state);
    f.routes["/v1/lookup?town=Acton"] = exact("Acton", "", "", "", acton_state);
    f.routes["/v1/lookup?zip=01720"] = exact("Acton", "", "", "", acton_state);
    const std::string lawrence_state =
        official_json("Luz Lawrence", "state_senator", "State Senator", "1st Essex", "luz@masenate.example");
    f.routes["/v1/lookup?q=lawrence"] = exact("Lawrence", "", "", "", lawrence_state);
    const std::string worcester_state =
        official_json("Will Worc", "state_representative", "State Representative", "13th Worcester", "will@mahouse.example");
    f.routes["/v1/lookup?q=worcester"] = exact("Worcester", "", "", "", worcester_state);
    f.routes["/v1/lookup?town=Worcester"] = exact("Worcester", "", "", "", worcester_state);
    f.routes["/v1/lookup?q=wocester"] =
        R"({"query":{"input":"wocester"},"status":"suggestions","place":null,
            "suggestions":[{"name":"Worcester","municipality":"Worcester","kind":"official"},
                           {"name":"Webster","municipality":"Webster","kind":"official"}]})";
    f.routes["/v1/lookup?q=worcester"] = exact("Worcester", "", "", "", worcester_state);
    f.routes["/v1/municipalities/Acton"] =
        R"({"municipality":{"name":"Acton","kind":"town","county":"Middlesex","legislative_body":"Open Town Meeting",
            "form_of_government":"Open Town Meeting - Select Board - Town Manager","chief_executive_title":"Town Manager",
            "policy_board":"Select Board","website":"https://www.acton-ma.gov",
            "clerk":{"phone":"978-555-0150","email":"clerk@acton.example"}},
            "officials":[],"missing":["We don't have Acton's select board members yet."]})";
    f.routes["/v1/municipalities/Worcester"] =
        R"({"municipality":{"name":"Worcester","kind":"city","legislative_body":"City Council",
            "form_of_government":"Council - Manager","chief_executive_title":"City Manager",
            "website":"https://www.worcesterma.gov","clerk":{"phone":"508-555-0100"}},
            "officials":[)" + official_json("Carla Council", "council_member", "City Councilor", "At-Large", "carla@worcester.example") + R"(]})";
    f.routes["/v1/municipalities/Boston"] =
        R"({"municipality":{"name":"Boston","kind":"city","legislative_body":"City Council","form_of_government":"Mayor - Council"}})";
    f.routes["/v1/municipalities/Lawrence"] =
        R"({"municipality":{"name":"Lawrence","kind":"city","legislative_body":"City Council","form_of_government":"Mayor - Council"}})";
    const std::string toolkits = R"({"toolkits":[
        {"id":"sanctuary","name":"Sanctuary City","summary":"s","links":[{"title":"Sanctuary toolkit","url":"https://www.aclum.org/sanctuary-toolkit"}]},
        {"id":"ccops","name":"CCOPS","summary":"c","links":[{"title":"CCOPS toolkit","url":"https://www.aclum.org/ccops-toolkit"}]},
        {"id":"body-cameras","name":"Body cameras","summary":"b","links":[{"title":"Body camera toolkit","url":"https://www.aclum.org/en/police-body-worn-cameras-lets-do-it-right"}]}]})";
    f.routes["/v1/toolkits"] = toolkits;
    auto with_body = [&](const std::string& body) {
        std::string t = toolkits;
        std::string lb = R"(,"local_body":{"name":")" + body + R"(","how":"vote"}})";
        for (auto pos = t.find("}]}"); pos != std::string::npos; pos = t.find("}]}", pos + lb.size() + 3))
            t.replace(pos, 3, "}]" + lb);
        return t;
    };
    f.routes["/v1/toolkits?town=Worcester"] = with_body("Worcester City Council");
    f.routes["/v1/toolkits?town=Acton"] = with_body("Acton Open Town Meeting");
    f.routes["/v1/toolkits?town=Boston"] = with_body("Boston City Council");
}

}  // namespace masscivic::bot::testing
