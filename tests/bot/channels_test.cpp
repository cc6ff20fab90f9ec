// Channel adapters without sockets: published signature vectors, real payload shapes,
// replay protection, SMS keywords, and polite refusals.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

#include "channels/crypto.hpp"
#include "channels/render_text.hpp"
#include "channels/routes.hpp"
#include "channels/signatures.hpp"
#include "fake_lookup.hpp"

namespace masscivic::bot {
namespace {

// Slack's worked example (docs: "Verifying requests from Slack").
const std::string kSlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
const std::string kSlackTs = "1531420618";
const std::string kSlackBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const std::string kSlackSig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

// Twilio's worked example (docs: "Webhooks security" / RequestValidator tests).
const std::string kTwilioToken = "12345";
const std::string kTwilioUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
const FormFields kTwilioParams = {{"CallSid", "CA1234567890ABCDE"}, {"Caller", "+14158675309"},
                                  {"Digits", "1234"}, {"From", "+14158675309"},
                                  {"To", "+18005551212"}};
const std::string kTwilioSig = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

TEST(Signatures, SlackPublishedExample) {
    const std::int64_t t = 1531420618;
    EXPECT_EQ(slack_signature(kSlackSecret, kSlackTs, kSlackBody), kSlackSig);
    EXPECT_EQ(verify_slack(kSlackSecret, kSlackTs, kSlackBody, kSlackSig, t + 60), Verdict::ok);
    EXPECT_EQ(verify_slack(kSlackSecret, kSlackTs, kSlackBody, kSlackSig, t - 299), Verdict::ok);
    EXPECT_EQ(verify_slack(kSlackSecret, kSlackTs, kSlackBody, kSlackSig, t + 301), Verdict::stale);
    EXPECT_EQ(verify_slack(kSlackSecret, kSlackTs, kSlackBody + "x", kSlackSig, t), Verdict::forged);
    EXPECT_EQ(verify_slack("other", kSlackTs, kSlackBody, kSlackSig, t), Verdict::forged);
    EXPECT_EQ(verify_slack(kSlackSecret, "", kSlackBody, kSlackSig, t), Verdict::missing);
    EXPECT_EQ(verify_slack(kSlackSecret, "15314206l8", kSlackBody, kSlackSig, t), Verdict::forged);
    EXPECT_EQ(verify_slack(kSlackSecret, kSlackTs, kSlackBody, "v0=short", t), Verdict::forged);
}

TEST(Signatures, TwilioPublishedExample) {
    EXPECT_EQ(twilio_signature(kTwilioToken, kTwilioUrl, kTwilioParams), kTwilioSig);
    FormFields shuffled = {kTwilioParams[4], kTwilioParams[2], kTwilioParams[0], kTwilioParams[3],
                           kTwilioParams[1]};
    EXPECT_EQ(verify_twilio(kTwilioToken, kTwilioUrl, shuffled, kTwilioSig), Verdict::ok);
    auto tampered = kTwilioParams;
    tampered[2].second = "9999";
    EXPECT_EQ(verify_twilio(kTwilioToken, kTwilioUrl, tampered, kTwilioSig), Verdict::forged);
    EXPECT_EQ(verify_twilio(kTwilioToken, kTwilioUrl + "&x=1", kTwilioParams, kTwilioSig), Verdict::forged);
    EXPECT_EQ(verify_twilio(kTwilioToken, kTwilioUrl, kTwilioParams, ""), Verdict::missing);
}

TEST(Signatures, FormParsing) {
    auto f = parse_form("a=1&b=hello+world&c=%2Fwhorepresents&d=%zz&e");
    EXPECT_EQ(form_value(f, "b"), "hello world");
    EXPECT_EQ(form_value(f, "c"), "/whorepresents");
    EXPECT_EQ(form_value(f, "d"), "%zz");
    EXPECT_EQ(form_value(f, "e"), "");
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

class Channels : public ::testing::Test {
protected:
    Channels()
        : catalog(Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages")),
          store(":memory:", std::chrono::hours(1)), engine(fake, catalog, store),
          routes(engine, outbox, settings(), {{"/", StaticFile{"text/html", "<h1>chat</h1>"}}}) {
        testing::load_world(fake);
        fake.routes["/v1/lookup?lat=42.360100&lon=-71.058900"] = fake.routes["/v1/lookup?town=Worcester"];
    }
    ChannelSettings settings() {
        ChannelSettings s;
        s.slack_signing_secret = "slack-secret";
        s.slack_bot_token = "xoxb-test";
        s.telegram_token = "123:abc";
        s.telegram_webhook_secret = "tg-secret";
        s.twilio_auth_token = "twilio-token";
        s.public_url = "https://bot.example.org";
        s.now = [this] { return now; };
        return s;
    }
    WebRequest slack(const std::string& path, const std::string& body, std::int64_t ts) {
        WebRequest r{"POST", path, "", body, {}};
        r.headers["x-slack-request-timestamp"] = std::to_string(ts);
        r.headers["x-slack-signature"] = slack_signature("slack-secret", std::to_string(ts), body);
        return r;
    }
    WebRequest sms(const std::string& body_text, const std::string& sid) {
        FormFields f = {{"MessageSid", sid}, {"From", "+16175550123"}, {"To", "+16175550000"},
                        {"Body", body_text}, {"NumMedia", "0"}};
        std::string body;
        for (const auto& [k, v] : f) body += (body.empty() ? "" : "&") + k + "=" + url_encode(v);
        WebRequest r{"POST", "/twilio/sms", "", body, {}};
        r.headers["x-twilio-signature"] = twilio_signature("twilio-token", "https://bot.example.org/twilio/sms", f);
        return r;
    }
    std::int64_t now = 1700000000;
    testing::FakeLookup fake;
    Catalog catalog;
    SessionStore store;
    Engine engine;
    RecordingOutbox outbox;
    BotRoutes routes;
};

TEST_F(Channels, SlackUrlVerificationEchoesChallengeOnlyWhenSigned) {
    std::string body = R"({"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"})";
    auto ok = routes.handle(slack("/slack/events", body, now));
    EXPECT_EQ(ok.status, 200);
    EXPECT_NE(ok.body.find("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), std::string::npos);
    auto stale = slack("/slack/events", body, now - 301);
    EXPECT_EQ(routes.handle(stale).status, 401);
    auto forged = slack("/slack/events", body, now);
    forged.body += " ";
    EXPECT_EQ(routes.handle(forged).status, 401);
    WebRequest unsigned_req{"POST", "/slack/events", "", body, {}};
    EXPECT_EQ(routes.handle(unsigned_req).status, 401);
}

TEST_F(Channels, SlackSlashCommandAcksThenPostsTheAnswer) {
    std::string body =
        "token=x&team_id=T1DC2JH3J&team_domain=test&channel_id=C1&channel_name=general&user_id=U2CERLKJA"
        "&user_name=roadrunner&command=%2Fwhorepresents&text=state+senator+in+Acton"
        "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F1%2Fabc&trigger_id=1.2.3";
    auto r = routes.handle(slack("/slack/command", body, now));
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("Looking that up"), std::string::npos);
    EXPECT_TRUE(fake.calls.empty()) << "the ack must not wait for the lookup server";
    ASSERT_TRUE(r.after);
    r.after();
    ASSERT_EQ(outbox.posts.size(), 1u);
    EXPECT_EQ(outbox.posts[0].url, "https://hooks.slack.com/commands/T1/1/abc");
    EXPECT_NE(outbox.posts[0].json.find("Sue Acton"), std::string::npos) << outbox.posts[0].json;
    EXPECT_NE(outbox.posts[0].json.find("mailto:sue@masenate.example"), std::string::npos);
    rapidjson::Document d;
    d.Parse(outbox.posts[0].json.c_str());
    ASSERT_FALSE(d.HasParseError());
    EXPECT_STREQ(d["response_type"].GetString(), "ephemeral");

    // A response_url that is not Slack's is refused (no posting to arbitrary hosts).
    auto evil = body;
    evil.replace(evil.find("https%3A%2F%2Fhooks.slack.com"), 29, "http%3A%2F%2F169.254.169.254");
    EXPECT_EQ(routes.handle(slack("/slack/command", evil, now)).status, 400);
}

TEST_F(Channels, SlackEventsAreAnsweredOnceAndBotsAreIgnored) {
    std::string body = R"({"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev08MFMKH6","event_time":1700000000,
        "event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> how does Acton pass a bylaw?","ts":"1515449522.000016","channel":"C123ABC456","event_ts":"1515449522000016"}})";
    auto first = routes.handle(slack("/slack/events", body, now));
    EXPECT_EQ(first.status, 200);
    ASSERT_TRUE(first.after);
    first.after();
    ASSERT_EQ(outbox.posts.size(), 1u);
    EXPECT_EQ(outbox.posts[0].url, "https://slack.com/api/chat.postMessage");
    EXPECT_NE(outbox.posts[0].json.find("\"channel\":\"C123ABC456\""), std::string::npos);
    EXPECT_NE(outbox.posts[0].json.find("Acton Town Meeting"), std::string::npos) << outbox.posts[0].json;
    auto replay = routes.handle(slack("/slack/events", body, now));
    EXPECT_EQ(replay.status, 200);
    EXPECT_FALSE(replay.after) << "a retried event must not be answered twice";

    std::string from_bot = R"({"type":"event_callback","event_id":"Ev2","team_id":"T1","event":{"type":"message","bot_id":"B1","text":"hi","channel":"C1"}})";
    EXPECT_FALSE(routes.handle(slack("/slack/events", from_bot, now)).after);
}

TEST_F(Channels, SlackButtonClickIsAnsweredOnResponseUrl) {
    std::string payload = R"({"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1"},
        "response_url":"https://hooks.slack.com/actions/T1/1/xyz",
        "actions":[{"type":"button","action_id":"choice1","value":"/ask govern"}]})";
    // First give the user a place, then press the "how does my town pass a bylaw" button.
    auto cmd = routes.handle(slack("/slack/command",
        "team_id=T1&user_id=U1&text=Acton&response_url=https%3A%2F%2Fhooks.slack.com%2Fc%2F1", now));
    ASSERT_TRUE(cmd.after);
    cmd.after();
    auto r = routes.handle(slack("/slack/interactive", "payload=" + url_encode(payload), now));
    EXPECT_EQ(r.status, 200);
    ASSERT_TRUE(r.after);
    r.after();
    ASSERT_EQ(outbox.posts.size(), 2u);
    EXPECT_EQ(outbox.posts[1].url, "https://hooks.slack.com/actions/T1/1/xyz");
    EXPECT_NE(outbox.posts[1].json.find("Acton Town Meeting"), std::string::npos) << outbox.posts[1].json;
    EXPECT_EQ(routes.handle(slack("/slack/interactive", "payload=%7Bnot-json", now)).status, 400);
}

TEST_F(Channels, TwilioSmsAnswersInTwimlAndHonoursKeywords) {
    auto r = routes.handle(sms("who is my state senator in Acton?", "SM1"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type.find("text/xml"), 0u);
    EXPECT_NE(r.body.find("<Response><Message>"), std::string::npos);
    EXPECT_NE(r.body.find("Sue Acton"), std::string::npos) << r.body;
    EXPECT_LE(r.body.size(), 1700u);

    auto replay = routes.handle(sms("who is my state senator in Acton?", "SM1"));
    EXPECT_EQ(replay.body.find("<Message>"), std::string::npos) << "replayed MessageSid answered once";

    EXPECT_NE(routes.handle(sms("HELP", "SM2")).body.find("STOP"), std::string::npos);
    EXPECT_NE(routes.handle(sms("stop", "SM3")).body.find("START"), std::string::npos);
    auto silent = routes.handle(sms("who represents me", "SM4"));
    EXPECT_EQ(silent.body.find("<Message>"), std::string::npos) << "no messages after STOP";
    EXPECT_NE(routes.handle(sms("START", "SM5")).body.find("<Message>"), std::string::npos);
    EXPECT_NE(routes.handle(sms("who represents me", "SM6")).body.find("Acton"), std::string::npos);

    // The phone number is not the session key.
    EXPECT_FALSE(store.load("sms", "+16175550123"));
}

TEST_F(Channels, TwilioLongAnswersAreClippedForSms) {
    routes.handle(sms("Worcester", "SM10"));
    auto r = routes.handle(sms("how do I start a sanctuary campaign?", "SM11"));
    EXPECT_LE(r.body.size(), 1700u) << r.body;
    EXPECT_NE(r.body.find("1)"), std::string::npos) << "numbered choices survive clipping";
}

TEST_F(Channels, TwilioRejectsForgedSignatures) {
    auto r = sms("hello", "SM20");
    r.headers["x-twilio-signature"] = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    EXPECT_EQ(routes.handle(r).status, 401);
    r.headers.erase("x-twilio-signature");
    EXPECT_EQ(routes.handle(r).status, 401);
}

TEST_F(Channels, TelegramWebhookChecksSecretAndAnswersWithInlineKeyboard) {
    std::string update = R"({"update_id":10000,"message":{"message_id":1365,"from":{"id":1111111,"is_bot":false,"first_name":"Test","language_code":"en"},
        "chat":{"id":1111111,"first_name":"Test","type":"private"},"date":1441645532,"text":"state rep in Wocester"}})";
    WebRequest req{"POST", "/telegram/webhook", "", update, {}};
    EXPECT_EQ(routes.handle(req).status, 401);
    req.headers["x-telegram-bot-api-secret-token"] = "wrong";
    EXPECT_EQ(routes.handle(req).status, 401);
    req.headers["x-telegram-bot-api-secret-token"] = "tg-secret";
    auto r = routes.handle(req);
    EXPECT_EQ(r.status, 200);
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    ASSERT_FALSE(d.HasParseError()) << r.body;
    EXPECT_STREQ(d["method"].GetString(), "sendMessage");
    EXPECT_EQ(d["chat_id"].GetInt64(), 1111111);
    ASSERT_TRUE(d.HasMember("reply_markup"));
    EXPECT_STREQ(d["reply_markup"]["inline_keyboard"][0][0]["callback_data"].GetString(), "/place Worcester");
    EXPECT_TRUE(routes.handle(req).body.empty()) << "same update_id answered once";

    std::string press = R"({"update_id":10001,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":1111111,"is_bot":false,"first_name":"Test"},
        "message":{"message_id":1366,"chat":{"id":1111111,"type":"private"},"date":1441645532,"text":"x"},"chat_instance":"1","data":"/place Worcester"}})";
    WebRequest cb{"POST", "/telegram/webhook", "", press, {{"x-telegram-bot-api-secret-token", "tg-secret"}}};
    auto answer = routes.handle(cb);
    EXPECT_NE(answer.body.find("Will Worc"), std::string::npos) << answer.body;
    ASSERT_TRUE(answer.after);
    answer.after();
    ASSERT_FALSE(outbox.posts.empty());
    EXPECT_NE(outbox.posts.back().url.find("/bot123:abc/answerCallbackQuery"), std::string::npos);
}

TEST_F(Channels, TelegramSharedLocationLooksUpThePoint) {
    std::string update = R"({"update_id":20000,"message":{"message_id":5,"from":{"id":2222,"is_bot":false,"first_name":"L"},
        "chat":{"id":2222,"type":"private"},"date":1441645532,"location":{"latitude":42.3601,"longitude":-71.0589}}})";
    WebRequest req{"POST", "/telegram/webhook", "", update, {{"x-telegram-bot-api-secret-token", "tg-secret"}}};
    auto r = routes.handle(req);
    EXPECT_NE(r.body.find("Will Worc"), std::string::npos) << r.body;
    EXPECT_EQ(fake.calls.front(), "/v1/lookup?lat=42.360100&lon=-71.058900");
    auto st = store.load("telegram", "2222");
    ASSERT_TRUE(st);
    ASSERT_TRUE(st->place.point);
}

TEST_F(Channels, TelegramStickerGetsPoliteRefusal) {
    std::string update = R"({"update_id":30000,"message":{"message_id":6,"from":{"id":3333},"chat":{"id":3333,"type":"private"},"date":1,"sticker":{"file_id":"x"}}})";
    WebRequest req{"POST", "/telegram/webhook", "", update, {{"x-telegram-bot-api-secret-token", "tg-secret"}}};
    EXPECT_NE(routes.handle(req).body.find("only read text"), std::string::npos);
}

TEST_F(Channels, WebFramesAreValidated) {
    EXPECT_NE(routes.handle_ws_frame("w1", "\x01\x02", true).find("only read text"), std::string::npos);
    EXPECT_NE(routes.handle_ws_frame("w1", "not json", false).find("plain text"), std::string::npos);
    EXPECT_NE(routes.handle_ws_frame("w1", std::string(5000, 'x'), false).find("too big"), std::string::npos);
    auto ok = routes.handle_ws_frame("w1", R"({"text":"How does Acton pass a bylaw?"})", false);
    rapidjson::Document d;
    d.Parse(ok.c_str());
    ASSERT_FALSE(d.HasParseError());
    EXPECT_STREQ(d["type"].GetString(), "reply");
    EXPECT_NE(ok.find("acton-ma.gov"), std::string::npos);
}

TEST_F(Channels, StaticPageAndUnknownPaths) {
    EXPECT_EQ(routes.handle({"GET", "/", "", "", {}}).body, "<h1>chat</h1>");
    EXPECT_EQ(routes.handle({"GET", "/nope", "", "", {}}).status, 404);
    EXPECT_EQ(routes.handle({"DELETE", "/", "", "", {}}).status, 405);
    EXPECT_EQ(routes.handle({"POST", "/slack/nope", "", "", {}}).status, 404);
}

TEST(RenderText, NumbersChoicesAndClipsAtLineBreaks) {
    Outgoing out{"en", {Reply{std::string(300, 'a') + "\n" + std::string(300, 'b'), {{"T", "https://x"}},
                              {{"One", "/1"}, {"Loc", "/location", true}, {"Two", "/2"}}}}, false};
    auto text = render_text(out, TextStyle{true, true, 400}, "Reply with a number:", "(cut)");
    EXPECT_LE(text.size(), 400u);
    EXPECT_NE(text.find("1) One\n2) Two"), std::string::npos) << text;
    EXPECT_NE(text.find("(cut)"), std::string::npos);
    EXPECT_EQ(text.find("Loc"), std::string::npos);
}

}  // namespace
}  // namespace masscivic::bot
