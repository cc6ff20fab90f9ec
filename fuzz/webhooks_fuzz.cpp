// Fuzzes every chat-platform entry point of the bot: Slack events and slash commands,
// Twilio SMS, Telegram webhooks and web-chat frames. Requests are signed with the test
// secrets so the fuzzer reaches the parsers behind signature checks; the lookup server is
// "down" (every call fails fast), which is itself a path worth fuzzing.
#include "catalog.hpp"
#include "engine.hpp"
#include "channels/routes.hpp"
#include "session_store.hpp"
#include "channels/signatures.hpp"
#include "channels/web_types.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>

using namespace masscivic::bot;

namespace {

struct DownServer : LookupClient {
    ApiResult get(const std::string&) override { return {}; }  // unavailable
};
struct NullOutbox : Outbox {
    void post_json(const std::string&, const std::string&,
                   const std::vector<std::pair<std::string, std::string>>&) override {}
};

constexpr std::int64_t kNow = 1700000000;

struct World {
    DownServer server;
    Catalog catalog = Catalog::load_dir(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "bot/messages");
    SessionStore store{":memory:", std::chrono::hours(1)};
    Engine engine{server, catalog, store};
    NullOutbox outbox;
    BotRoutes routes{engine, outbox, settings(), {}};

    static ChannelSettings settings() {
        ChannelSettings s;
        s.slack_signing_secret = "slack-secret";
        s.telegram_webhook_secret = "tg-secret";
        s.twilio_auth_token = "twilio-token";
        s.public_url = "https://bot.example.org";
        s.now = [] { return kNow; };
        return s;
    }
};

World& world() {
    static World w;
    return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    auto& w = world();
    std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
    WebRequest r{"POST", "", "", body, {}};
    switch (data[0] % 6) {
    case 0:
    case 1:
        r.path = data[0] % 6 == 0 ? "/slack/events" : "/slack/commands";
        r.headers["x-slack-request-timestamp"] = std::to_string(kNow);
        r.headers["x-slack-signature"] = slack_signature("slack-secret", std::to_string(kNow), body);
        break;
    case 2: {
        r.path = "/twilio/sms";
        r.headers["x-twilio-signature"] =
            twilio_signature("twilio-token", "https://bot.example.org/twilio/sms", parse_form(body));
        break;
    }
    case 3:
        r.path = "/telegram/webhook";
        r.headers["x-telegram-bot-api-secret-token"] = "tg-secret";
        break;
    case 4:
        (void)w.routes.handle_ws_frame("fuzz-user", body, false);
        return 0;
    default:
        r.method = "GET";
        r.path = body.substr(0, body.find('?'));
        break;
    }
    auto res = w.routes.handle(r);
    if (res.after) res.after();
    if (res.status < 100 || res.status > 599) __builtin_trap();
    return 0;
}
