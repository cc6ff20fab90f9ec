// Every HTTP endpoint and the web-chat frame handler, as pure-ish functions over plain
// structs: verify -> parse -> engine -> render. The Beast server (bot/net) only does I/O.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine.hpp"
#include "web_types.hpp"

namespace masscivic::bot {

// Calls out to chat platforms (Slack response_url, Telegram Bot API). Real: HTTP client;
// tests: a recorder.
class Outbox {
public:
    virtual ~Outbox() = default;
    virtual void post_json(const std::string& url, const std::string& json,
                           const std::vector<std::pair<std::string, std::string>>& headers) = 0;
};

struct ChannelSettings {
    std::string slack_signing_secret, slack_bot_token;
    std::string telegram_token, telegram_webhook_secret;
    std::string twilio_auth_token;
    // WhatsApp Cloud API: app secret (signatures), verify token (handshake), access token (sends).
    std::string whatsapp_app_secret, whatsapp_verify_token, whatsapp_token;
    std::string whatsapp_api = "https://graph.facebook.com/v21.0";
    std::string public_url;     // base URL Twilio signs, e.g. "https://bot.example.org"
    std::string telegram_api = "https://api.telegram.org";
    std::string slack_api = "https://slack.com/api";
    std::string slack_response_prefix = "https://hooks.slack.com/";  // where response_url may point
    std::size_t max_frame_bytes = 4096;
    std::function<std::int64_t()> now;  // unix seconds; defaults to the system clock
};

struct StaticFile {
    std::string content_type, body;
};

class BotRoutes {
public:
    BotRoutes(Engine& engine, Outbox& outbox, ChannelSettings settings,
              std::map<std::string, StaticFile> files);

    WebResponse handle(const WebRequest& req);
    // One web-chat frame from connection user `user`; returns the JSON frame to send back.
    std::string handle_ws_frame(const std::string& user, const std::string& frame, bool binary);
    // Telegram: one update (from getUpdates or a webhook); returns the sendMessage call
    // as {method, chat_id, text, reply_markup} JSON, or "" when there is nothing to say.
    std::string telegram_reply(const rapidjson::Value& update, bool& callback_answered);
    Engine& engine() { return engine_; }

    // Loads index.html, chat.js, chat.css and embed.js from `dir` (missing files are skipped).
    static std::map<std::string, StaticFile> load_web_dir(const std::string& dir);

private:
    WebResponse slack_events(const WebRequest& req);
    WebResponse slack_command(const WebRequest& req);
    WebResponse slack_interactive(const WebRequest& req);
    WebResponse twilio_sms(const WebRequest& req);
    WebResponse telegram_webhook(const WebRequest& req);
    WebResponse whatsapp_verify(const WebRequest& req);
    WebResponse whatsapp_webhook(const WebRequest& req);
    WebResponse check_slack(const WebRequest& req, bool& ok);
    std::string sms_user_key(const std::string& from) const;
    void post_slack_answer(const std::string& response_url, const std::string& user,
                           const std::string& text);

    Engine& engine_;
    Outbox& outbox_;
    ChannelSettings settings_;
    std::map<std::string, StaticFile> files_;
};

// Renderers, public for tests.
std::string render_web_json(const Outgoing& out);
std::string render_slack_json(const Outgoing& out, bool ephemeral);
std::string render_twiml(const std::string& text);
std::string render_telegram_json(const std::string& chat_id, const Outgoing& out,
                                 const std::string& reply_with);

}  // namespace masscivic::bot
