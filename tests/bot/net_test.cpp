// The bot over real loopback sockets: HTTP lookup client (timeouts, retries, server down),
// the Beast server's web page and WebSocket chat, Slack ack + response_url, and a lookup
// server that dies mid-conversation.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <atomic>
#include <filesystem>
#include <thread>

#include "channels/crypto.hpp"
#include "channels/routes.hpp"
#include "channels/signatures.hpp"
#include "lookup_server.hpp"
#include "net/http_client.hpp"
#include "net/outbox.hpp"
#include "net/server.hpp"
#include "net/telegram_poller.hpp"

namespace masscivic::bot {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

LookupClientOptions fast_options() {
    LookupClientOptions o;
    o.timeout = std::chrono::milliseconds(300);
    o.attempts = 2;
    o.backoff = std::chrono::milliseconds(20);
    o.cache_ttl = std::chrono::seconds(0);
    return o;
}

TEST(HttpLookupClientTest, AnswersNotFoundAndUnavailable) {
    testing::LookupServer server;
    testing::load_world(server.table);
    HttpLookupClient client(*Url::parse(server.url()), fast_options());
    auto ok = client.get("/v1/lookup?q=acton");
    ASSERT_TRUE(ok.ok());
    EXPECT_STREQ((*ok.json)["status"].GetString(), "exact");
    EXPECT_EQ(client.get("/v1/lookup?q=nowhere").kind, ApiResult::Kind::not_found);
    server.stop();
    auto start = Clock::now();
    EXPECT_EQ(client.get("/v1/lookup?q=acton").kind, ApiResult::Kind::unavailable);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST(HttpLookupClientTest, SlowServerTimesOutWithinTheBound) {
    testing::LookupServer server;
    testing::load_world(server.table);
    server.delay = std::chrono::milliseconds(1500);
    HttpLookupClient client(*Url::parse(server.url()), fast_options());
    auto start = Clock::now();
    EXPECT_EQ(client.get("/v1/lookup?q=acton").kind, ApiResult::Kind::unavailable);
    auto took = Clock::now() - start;
    // 2 attempts x 300 ms + backoff; without working timeouts it would be 2 x 1.5 s. The
    // margin absorbs scheduling delays on a loaded machine.
    EXPECT_LT(took, std::chrono::milliseconds(2500)) << "2 attempts x 300 ms + backoff";
    EXPECT_EQ(server.requests.load(), 2) << "retried once";
    server.delay = std::chrono::milliseconds(0);
}

// The request head is written by the bot: a target or field that would break it is refused
// before anything is sent.
TEST(HttpLookupClientTest, TargetThatWouldBreakTheRequestIsNotSent) {
    testing::LookupServer server;
    testing::load_world(server.table);
    HttpLookupClient client(*Url::parse(server.url()), fast_options());
    for (const auto* target : {"/v1/lookup?q=a\r\nX-Evil: 1", "/v1/lookup?q=a b", "/v1/lookup?q=a\n"})
        EXPECT_NE(client.get(target).kind, ApiResult::Kind::ok) << target;
    EXPECT_EQ(server.requests.load(), 0);
    EXPECT_TRUE(client.get("/v1/lookup?q=acton").ok()) << "a good target after them still works";
}

TEST(HttpLookupClientTest, CachesAnswers) {
    testing::LookupServer server;
    testing::load_world(server.table);
    auto options = fast_options();
    options.cache_ttl = std::chrono::seconds(60);
    HttpLookupClient client(*Url::parse(server.url()), options);
    EXPECT_TRUE(client.get("/v1/lookup?q=acton").ok());
    EXPECT_TRUE(client.get("/v1/lookup?q=acton").ok());
    EXPECT_EQ(server.requests.load(), 1);
}

// Lookups from several threads share a few kept connections; the fake server (cpp-httplib)
// closes each after 5 requests ("Connection: close"), so reuse and reconnects both happen.
TEST(HttpLookupClientTest, ConcurrentLookupsShareKeptConnections) {
    testing::LookupServer server;
    testing::load_world(server.table);
    auto options = fast_options();
    options.connections = 2;
    HttpLookupClient client(*Url::parse(server.url()), options);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            for (int j = 0; j < 25; ++j) ok += client.get("/v1/lookup?q=acton").ok();
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 100);
    EXPECT_EQ(server.requests.load(), 100) << "no lookup needed a second attempt";
}

TEST(UrlTest, ParsesAndRejects) {
    auto u = Url::parse("https://api.telegram.org/");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->port, "443");
    EXPECT_EQ(u->path, "");
    auto v = Url::parse("http://127.0.0.1:8080/prefix");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->port, "8080");
    EXPECT_EQ(v->path, "/prefix");
    EXPECT_FALSE(Url::parse("ftp://x"));
    EXPECT_FALSE(Url::parse("http://bad host/"));
}

// A whole bot (engine + routes + Beast server) in the test process.
struct Bot {
    explicit Bot(const std::string& lookup_url, Outbox& outbox, ChannelSettings settings = {},
                 LookupClientOptions options = fast_options())
        : catalog(Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages")),
          store(":memory:", std::chrono::hours(1)),
          client(*Url::parse(lookup_url), options),
          engine(client, catalog, store),
          routes(engine, outbox, std::move(settings),
                 BotRoutes::load_web_dir(std::string(MASSCIVIC_SOURCE_DIR) + "/web")),
          server(routes, "127.0.0.1", 0, 2, 4) {
        server.start();
    }
    Catalog catalog;
    SessionStore store;
    HttpLookupClient client;
    Engine engine;
    BotRoutes routes;
    BotServer server;
};

struct NullOutbox : Outbox {
    void post_json(const std::string&, const std::string&,
                   const std::vector<std::pair<std::string, std::string>>&) override {}
};

class WsClient {
public:
    WsClient(unsigned short port, const std::string& session) : ws_(ioc_) {
        tcp::resolver resolver(ioc_);
        beast::get_lowest_layer(ws_).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
        ws_.handshake("127.0.0.1", "/ws?session=" + session);
    }
    std::string ask(const std::string& frame, bool binary = false) {
        ws_.binary(binary);
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
        ws_.write(asio::buffer(frame));
        beast::flat_buffer buf;
        ws_.read(buf);
        return beast::buffers_to_string(buf.data());
    }
    std::string say(const std::string& text) { return ask(R"({"text":")" + text + R"("})"); }

private:
    asio::io_context ioc_;
    websocket::stream<beast::tcp_stream> ws_;
};

std::pair<int, std::string> http_get(unsigned short port, const std::string& target) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    tcp::resolver resolver(ioc);
    stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    return {static_cast<int>(res.result_int()), res.body()};
}

TEST(BotServerTest, ServesTheChatPage) {
    testing::LookupServer lookup;
    NullOutbox outbox;
    Bot bot(lookup.url(), outbox);
    auto [status, body] = http_get(bot.server.port(), "/");
    EXPECT_EQ(status, 200);
    EXPECT_NE(body.find("role=\"log\""), std::string::npos);
    EXPECT_EQ(http_get(bot.server.port(), "/chat.js").first, 200);
    EXPECT_EQ(http_get(bot.server.port(), "/healthz").first, 200);
    EXPECT_EQ(http_get(bot.server.port(), "/../etc/passwd").first, 404);
}

TEST(BotServerTest, WebSocketConversationWithToolkitLink) {
    testing::LookupServer lookup;
    testing::load_world(lookup.table);
    NullOutbox outbox;
    Bot bot(lookup.url(), outbox);
    WsClient ws(bot.server.port(), "test-session-0123456789");
    auto greeting = ws.say("/start");
    EXPECT_NE(greeting.find("\"type\":\"reply\""), std::string::npos);
    auto ask = ws.say("I want my town to pass a sanctuary ordinance. Where do I start?");
    EXPECT_NE(ask.find("Which town"), std::string::npos) << ask;
    auto answer = ws.say("Worcester");
    rapidjson::Document d;
    d.Parse(answer.c_str());
    ASSERT_FALSE(d.HasParseError()) << answer;
    EXPECT_NE(answer.find("Worcester City Council"), std::string::npos) << answer;
    EXPECT_NE(answer.find("https://www.aclum.org/sanctuary-toolkit"), std::string::npos);
    // Refusals keep the connection open.
    EXPECT_NE(ws.ask("\x01\x02\x03", true).find("only read text"), std::string::npos);
    EXPECT_NE(ws.ask(std::string(8000, 'x')).find("too big"), std::string::npos);
    EXPECT_NE(ws.say("who represents me").find("Will Worc"), std::string::npos);

    // The session token continues the conversation on a new connection.
    WsClient again(bot.server.port(), "test-session-0123456789");
    EXPECT_NE(again.say("who is my state rep?").find("Will Worc"), std::string::npos);
}

TEST(BotServerTest, LookupServerKilledMidConversation) {
    testing::LookupServer lookup;
    testing::load_world(lookup.table);
    NullOutbox outbox;
    Bot bot(lookup.url(), outbox);
    WsClient ws(bot.server.port(), "kill-test-session-000001");
    auto first = ws.say("who's my state rep? I live in Jamaica Plain");
    EXPECT_NE(first.find("Boston is split"), std::string::npos) << first;

    lookup.stop();  // the lookup server dies between two turns
    auto start = Clock::now();
    auto during = ws.say("10-1");
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(3)) << "bounded, no hang";
    EXPECT_NE(during.find("can't look that up right now"), std::string::npos) << during;

    lookup.restart();  // it comes back: the same question now gets its answer
    auto after = ws.say("10-1");
    EXPECT_NE(after.find("Rita Rep"), std::string::npos) << after;
}

struct CapturingServer {
    CapturingServer() {
        server.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mu);
            bodies.push_back(req.body);
            paths.push_back(req.path);
            authorizations.push_back(req.get_header_value("Authorization"));
            res.set_content("ok", "text/plain");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~CapturingServer() {
        server.stop();
        thread.join();
    }
    httplib::Server server;
    std::thread thread;
    int port;
    std::mutex mu;
    std::vector<std::string> bodies, paths, authorizations;
};

TEST(BotServerTest, SlackCommandIsAcknowledgedFastAndAnsweredOnResponseUrl) {
    testing::LookupServer lookup;
    testing::load_world(lookup.table);
    lookup.delay = std::chrono::milliseconds(1000);  // a slow lookup must not delay the ack
    CapturingServer slack;
    HttpOutbox outbox;
    ChannelSettings settings;
    settings.slack_signing_secret = "s3cret";
    settings.slack_response_prefix = "http://127.0.0.1:";
    auto patient = fast_options();
    patient.timeout = std::chrono::seconds(3);
    Bot bot(lookup.url(), outbox, settings, patient);

    std::string response_url = "http://127.0.0.1:" + std::to_string(slack.port) + "/commands/T1/1/x";
    std::string body = "team_id=T1&user_id=U1&command=%2Fwhorepresents&text=state+senator+in+Acton&response_url=" +
                       url_encode(response_url);
    auto ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count());
    Headers headers = {{"X-Slack-Request-Timestamp", ts},
                       {"X-Slack-Signature", slack_signature("s3cret", ts, body)},
                       {"Content-Type", "application/x-www-form-urlencoded"}};
    auto start = Clock::now();
    auto ack = http_request(*Url::parse("http://127.0.0.1:" + std::to_string(bot.server.port())), "POST",
                            "/slack/command", body, headers, std::chrono::seconds(3));
    EXPECT_EQ(ack.status, 200) << ack.error;
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(700)) << "ack before the 1 s lookup";
    for (int i = 0; i < 500; ++i) {
        {
            std::lock_guard lock(slack.mu);
            if (!slack.bodies.empty()) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(slack.mu);
    ASSERT_EQ(slack.bodies.size(), 1u);
    EXPECT_NE(slack.bodies[0].find("Sue Acton"), std::string::npos) << slack.bodies[0];

    headers[1].second = "v0=0000";
    EXPECT_EQ(http_request(*Url::parse("http://127.0.0.1:" + std::to_string(bot.server.port())), "POST",
                           "/slack/command", body, headers, std::chrono::seconds(3)).status, 401);
}

// WhatsApp end to end: Meta's webhook POST over a socket, the answer POSTed to a local
// stand-in of the Graph API's messages endpoint.
TEST(BotServerTest, WhatsAppWebhookIsAnsweredThroughTheGraphApi) {
    testing::LookupServer lookup;
    testing::load_world(lookup.table);
    CapturingServer graph;
    HttpOutbox outbox;
    ChannelSettings settings;
    settings.whatsapp_app_secret = "app-secret";
    settings.whatsapp_verify_token = "verify";
    settings.whatsapp_token = "EAAG-test";
    settings.whatsapp_api = "http://127.0.0.1:" + std::to_string(graph.port) + "/v21.0";
    Bot bot(lookup.url(), outbox, settings);
    auto base = *Url::parse("http://127.0.0.1:" + std::to_string(bot.server.port()));

    auto hs = http_get(bot.server.port(), "/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=verify&hub.challenge=987654");
    EXPECT_EQ(hs.first, 200);
    EXPECT_EQ(hs.second, "987654");

    auto ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count());
    std::string body = R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"1065403522"},
        "contacts":[{"profile":{"name":"R"},"wa_id":"15085550123"}],
        "messages":[{"from":"15085550123","id":"wamid.X1","timestamp":")" + ts +
                       R"(","type":"text","text":{"body":"Quem é meu deputado estadual em Acton?"}}]}}]}]})";
    Headers headers = {{"X-Hub-Signature-256", "sha256=" + hmac_sha256_hex("app-secret", body)},
                       {"Content-Type", "application/json"}};
    auto ack = http_request(base, "POST", "/whatsapp/webhook", body, headers, std::chrono::seconds(3));
    EXPECT_EQ(ack.status, 200) << ack.error;
    for (int i = 0; i < 500; ++i) {
        {
            std::lock_guard lock(graph.mu);
            if (!graph.bodies.empty()) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(graph.mu);
    ASSERT_FALSE(graph.bodies.empty());
    EXPECT_EQ(graph.paths[0], "/v21.0/1065403522/messages");
    EXPECT_EQ(graph.authorizations[0], "Bearer EAAG-test");
    EXPECT_NE(graph.bodies[0].find("Andy Acton"), std::string::npos) << graph.bodies[0];
    EXPECT_NE(graph.bodies[0].find("Deputado"), std::string::npos) << "answered in Portuguese: " << graph.bodies[0];

    headers[0].second = "sha256=00";
    EXPECT_EQ(http_request(base, "POST", "/whatsapp/webhook", body, headers, std::chrono::seconds(3)).status, 401);
}

TEST(BotServerTest, OversizedHttpBodyIsRefused) {
    testing::LookupServer lookup;
    NullOutbox outbox;
    Bot bot(lookup.url(), outbox);
    auto res = http_request(*Url::parse("http://127.0.0.1:" + std::to_string(bot.server.port())), "POST",
                            "/twilio/sms", std::string(100000, 'a'), {}, std::chrono::seconds(3));
    EXPECT_EQ(res.status, 413);
}

// A local stand-in for the Telegram Bot API: one update on the first getUpdates, then none.
TEST(TelegramPollerTest, LongPollingAnswersWithSendMessageAndConfirmsOffset) {
    testing::LookupServer lookup;
    testing::load_world(lookup.table);
    httplib::Server api;
    std::mutex mu;
    std::vector<std::string> targets, sent;
    api.Get("/bot123:abc/getUpdates", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu);
        targets.push_back(req.target);
        bool first = targets.size() == 1;
        res.set_content(first ? R"({"ok":true,"result":[{"update_id":555,"message":{"message_id":1,
            "from":{"id":42,"is_bot":false,"first_name":"A"},"chat":{"id":42,"type":"private"},"date":1,
            "text":"who is my state senator in Acton?"}}]})" : R"({"ok":true,"result":[]})",
                        "application/json");
    });
    api.Post("/bot123:abc/sendMessage", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(mu);
        sent.push_back(req.body);
        res.set_content(R"({"ok":true,"result":{}})", "application/json");
    });
    int port = api.bind_to_any_port("127.0.0.1");
    std::thread t([&] { api.listen_after_bind(); });
    while (!api.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    HttpOutbox outbox;
    Bot bot(lookup.url(), outbox);
    TelegramPoller poller(bot.routes, outbox, *Url::parse("http://127.0.0.1:" + std::to_string(port)),
                          "123:abc", 1);
    EXPECT_EQ(poller.poll_once(), 1);
    EXPECT_EQ(poller.poll_once(), 0);
    api.stop();
    t.join();
    std::lock_guard lock(mu);
    ASSERT_EQ(sent.size(), 1u);
    rapidjson::Document d;
    d.Parse(sent[0].c_str());
    ASSERT_FALSE(d.HasParseError()) << sent[0];
    EXPECT_EQ(d["chat_id"].GetInt64(), 42);
    EXPECT_FALSE(d.HasMember("method"));
    EXPECT_NE(std::string(d["text"].GetString()).find("Sue Acton"), std::string::npos);
    ASSERT_EQ(targets.size(), 2u);
    EXPECT_NE(targets[1].find("offset=556"), std::string::npos) << targets[1];
}

TEST(TelegramPollerTest, UnreachableApiIsAFailureNotACrash) {
    testing::LookupServer lookup;
    NullOutbox outbox;
    Bot bot(lookup.url(), outbox);
    TelegramPoller poller(bot.routes, outbox, *Url::parse("http://127.0.0.1:9"), "123:abc", 1);
    EXPECT_EQ(poller.poll_once(), -1);
}

}  // namespace
}  // namespace masscivic::bot
