// WhatsApp Cloud API adapter without sockets: the signature with an independently computed
// vector, the verification handshake, Meta's documented payload shapes, replies, the 24-hour
// window and retried deliveries.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

#include "channels/routes.hpp"
#include "channels/whatsapp.hpp"
#include "channels/crypto.hpp"
#include "fake_lookup.hpp"

namespace masscivic::bot {
namespace {

// Computed outside this code base: printf '%s' BODY | openssl dgst -sha256 -hmac test-app-secret
const std::string kBody = R"({"object":"whatsapp_business_account","entry":[]})";
const std::string kSignature = "sha256=c84a394cc475525991e78ff16e430b02e47f953877d2af0ade26956ce6f384dc";

std::string webhook(const std::string& message_json) {
    // The envelope of Meta's "messages" webhook example.
    return R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
        "messages":[)" + message_json + R"(]},"field":"messages"}]}]})";
}

std::string text_message(const std::string& id, const std::string& body, std::int64_t ts) {
    return R"({"from":"16505551234","id":")" + id + R"(","timestamp":")" + std::to_string(ts) +
           R"(","type":"text","text":{"body":")" + body + R"("}})";
}

TEST(WhatsApp, SignatureMatchesAnIndependentlyComputedVector) {
    EXPECT_EQ(verify_whatsapp("test-app-secret", kBody, kSignature), Verdict::ok);
    EXPECT_EQ(verify_whatsapp("test-app-secret", kBody + " ", kSignature), Verdict::forged);
    EXPECT_EQ(verify_whatsapp("other-secret", kBody, kSignature), Verdict::forged);
    EXPECT_EQ(verify_whatsapp("test-app-secret", kBody, kSignature.substr(7)), Verdict::forged);
    EXPECT_EQ(verify_whatsapp("test-app-secret", kBody, ""), Verdict::missing);
}

TEST(WhatsApp, HandshakeEchoesTheChallengeOnlyForTheRightToken) {
    auto q = parse_form("hub.mode=subscribe&hub.verify_token=my-token&hub.challenge=1158201444");
    EXPECT_EQ(whatsapp_handshake(q, "my-token").value_or(""), "1158201444");
    EXPECT_FALSE(whatsapp_handshake(q, "other"));
    EXPECT_FALSE(whatsapp_handshake(q, ""));
    EXPECT_FALSE(whatsapp_handshake(parse_form("hub.mode=unsubscribe&hub.verify_token=my-token&hub.challenge=1"), "my-token"));
    EXPECT_FALSE(whatsapp_handshake(parse_form("hub.mode=subscribe&hub.verify_token=my-token&hub.challenge=%3Cscript%3E"), "my-token"));
}

TEST(WhatsApp, ParsesMetasDocumentedMessageShapes) {
    rapidjson::Document d;
    std::string body = webhook(
        text_message("wamid.1", "who is my state rep?", 1700000000) + "," +
        R"({"from":"16505551234","id":"wamid.2","timestamp":"1700000001","type":"interactive",
            "interactive":{"type":"button_reply","button_reply":{"id":"/ask govern","title":"How does my town"}}},
           {"from":"16505551234","id":"wamid.3","timestamp":"1700000002","type":"interactive",
            "interactive":{"type":"list_reply","list_reply":{"id":"/place Worcester","title":"Worcester","description":""}}},
           {"from":"16505551234","id":"wamid.4","timestamp":"1700000003","type":"location",
            "location":{"latitude":42.3601,"longitude":-71.0589,"name":"Home","address":"x"}},
           {"from":"16505551234","id":"wamid.5","timestamp":"1700000004","type":"image",
            "image":{"mime_type":"image/jpeg","sha256":"x","id":"1"}})");
    d.Parse(body.c_str());
    auto msgs = parse_whatsapp(d);
    ASSERT_EQ(msgs.size(), 5u);
    EXPECT_EQ(msgs[0].text, "who is my state rep?");
    EXPECT_EQ(msgs[0].phone_number_id, "106540352242922");
    EXPECT_EQ(msgs[0].from, "16505551234");
    EXPECT_EQ(msgs[0].timestamp, 1700000000);
    EXPECT_EQ(msgs[1].text, "/ask govern");
    EXPECT_EQ(msgs[2].text, "/place Worcester");
    ASSERT_TRUE(msgs[3].location);
    EXPECT_NEAR(msgs[3].location->lat, 42.3601, 1e-9);
    EXPECT_TRUE(msgs[4].unsupported);
    // Delivery statuses and other objects carry no message.
    d.Parse(R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
        "metadata":{"phone_number_id":"1"},"statuses":[{"id":"wamid.9","status":"delivered"}]}}]}]})");
    EXPECT_TRUE(parse_whatsapp(d).empty());
    d.Parse(R"({"object":"page","entry":[]})");
    EXPECT_TRUE(parse_whatsapp(d).empty());
}

TEST(WhatsApp, RendersTextThenButtonsOrAList) {
    Outgoing out{"en", {Reply{"Hello", {{"Town site", "https://example.org"}},
                              {{"One", "/a"}, {"Two", "/b"}, {"Share", "/location", true}}}}, false};
    auto calls = render_whatsapp("16505551234", out, "Choose:", "Share your location:");
    ASSERT_EQ(calls.size(), 3u);
    rapidjson::Document d;
    d.Parse(calls[0].c_str());
    EXPECT_STREQ(d["messaging_product"].GetString(), "whatsapp");
    EXPECT_STREQ(d["to"].GetString(), "16505551234");
    EXPECT_STREQ(d["type"].GetString(), "text");
    EXPECT_NE(std::string(d["text"]["body"].GetString()).find("https://example.org"), std::string::npos);
    d.Parse(calls[1].c_str());
    EXPECT_STREQ(d["interactive"]["type"].GetString(), "button");
    EXPECT_STREQ(d["interactive"]["action"]["buttons"][1]["reply"]["id"].GetString(), "/b");
    d.Parse(calls[2].c_str());
    EXPECT_STREQ(d["interactive"]["type"].GetString(), "location_request_message");
    // More than three choices: a list; titles cut to WhatsApp's limits.
    Outgoing many{"en", {Reply{"Pick", {}, {}}}, false};
    for (int i = 0; i < 5; ++i) many.replies[0].buttons.push_back({"A very long town name number " + std::to_string(i), "/place " + std::to_string(i)});
    calls = render_whatsapp("1", many, "Choose:", "x");
    ASSERT_EQ(calls.size(), 2u);
    d.Parse(calls[1].c_str());
    EXPECT_STREQ(d["interactive"]["type"].GetString(), "list");
    const auto& rows = d["interactive"]["action"]["sections"][0]["rows"];
    ASSERT_EQ(rows.Size(), 5u);
    EXPECT_LE(std::string(rows[0]["title"].GetString()).size(), 24u);
}

struct RecordingOutbox : Outbox {
    void post_json(const std::string& url, const std::string& json,
                   const std::vector<std::pair<std::string, std::string>>& headers) override {
        posts.push_back({url, json, headers});
    }
    struct Post {
        std::string url, json;
        std::vector<std::pair<std::string, std::string>> headers;
    };
    std::vector<Post> posts;
};

class WhatsAppRoutes : public ::testing::Test {
protected:
    WhatsAppRoutes()
        : catalog(Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages")),
          store(":memory:", std::chrono::hours(1)), engine(fake, catalog, store),
          routes(engine, outbox, settings(), {}) {
        testing::load_world(fake);
    }
    ChannelSettings settings() {
        ChannelSettings s;
        s.whatsapp_app_secret = "test-app-secret";
        s.whatsapp_verify_token = "verify-me";
        s.whatsapp_token = "EAAG-token";
        s.whatsapp_api = "http://graph.local/v21.0";
        s.now = [this] { return now; };
        return s;
    }
    WebResponse post(const std::string& body, bool sign = true) {
        WebRequest r{"POST", "/whatsapp/webhook", "", body, {}};
        if (sign) r.headers["x-hub-signature-256"] = "sha256=" + hmac_sha256_hex("test-app-secret", body);
        auto res = routes.handle(r);
        if (res.after) res.after();
        return res;
    }
    std::int64_t now = 1700000100;
    testing::FakeLookup fake;
    Catalog catalog;
    SessionStore store;
    Engine engine;
    RecordingOutbox outbox;
    BotRoutes routes;
};

TEST_F(WhatsAppRoutes, AnswersThroughTheGraphApiOnceAndOnlyInsideTheWindow) {
    auto res = routes.handle(WebRequest{"GET", "/whatsapp/webhook",
                                        "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42", "", {}});
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "42");
    EXPECT_EQ(routes.handle(WebRequest{"GET", "/whatsapp/webhook",
                                       "hub.mode=subscribe&hub.verify_token=no&hub.challenge=42", "", {}}).status, 403);

    auto body = webhook(text_message("wamid.A", "¿Quién es mi senador estatal en Lawrence?", now - 5));
    EXPECT_EQ(post(body, false).status, 401);
    EXPECT_TRUE(outbox.posts.empty());
    EXPECT_EQ(post(body).status, 200);
    ASSERT_FALSE(outbox.posts.empty());
    EXPECT_EQ(outbox.posts[0].url, "http://graph.local/v21.0/106540352242922/messages");
    EXPECT_EQ(outbox.posts[0].headers.at(0).second, "Bearer EAAG-token");
    EXPECT_NE(outbox.posts[0].json.find("Luz Lawrence"), std::string::npos) << outbox.posts[0].json;
    EXPECT_NE(outbox.posts[0].json.find("\"to\":\"16505551234\""), std::string::npos);

    // Meta retries a delivery it thinks failed: answered once.
    auto sent = outbox.posts.size();
    post(body);
    EXPECT_EQ(outbox.posts.size(), sent);
    // A message older than 24 hours (e.g. delivered after an outage) gets no free-form reply.
    post(webhook(text_message("wamid.B", "hello", now - 25 * 3600)));
    EXPECT_EQ(outbox.posts.size(), sent);
    // A location message places the user.
    fake.routes["/v1/lookup?lat=42.360100&lon=-71.058900"] = fake.routes["/v1/lookup?town=Worcester"];
    post(webhook(R"({"from":"16505551234","id":"wamid.C","timestamp":")" + std::to_string(now) +
                 R"(","type":"location","location":{"latitude":42.3601,"longitude":-71.0589}})"));
    ASSERT_GT(outbox.posts.size(), sent);
    EXPECT_NE(outbox.posts[sent].json.find("Worcester"), std::string::npos) << outbox.posts[sent].json;
    EXPECT_EQ(outbox.posts[sent].json.find("Lawrence"), std::string::npos) << outbox.posts[sent].json;
}

TEST_F(WhatsAppRoutes, UnconfiguredChannelAnswers503) {
    ChannelSettings none;
    BotRoutes bare(engine, outbox, none, {});
    EXPECT_EQ(bare.handle(WebRequest{"POST", "/whatsapp/webhook", "", kBody, {}}).status, 503);
    EXPECT_EQ(bare.handle(WebRequest{"GET", "/whatsapp/webhook", "hub.mode=subscribe&hub.verify_token=&hub.challenge=1", "", {}}).status, 403);
}

}  // namespace
}  // namespace masscivic::bot
