// masscivic-bot's settings: command-line options plus secrets read from the environment.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "engine.hpp"
#include "net/http_client.hpp"

namespace masscivic::bot {

struct Secrets {
    std::string slack_signing_secret, slack_bot_token;
    std::string telegram_token, telegram_webhook_secret;
    std::string twilio_auth_token;
    std::string whatsapp_app_secret, whatsapp_verify_token, whatsapp_token;
};

struct Config {
    std::string server_url;
    std::string listen_host = "127.0.0.1";
    unsigned short listen_port = 8081;
    std::string db_path;  // empty: sessions.db, or a private in-memory store for --repl
    std::string messages_dir;
    std::string web_dir;
    std::string public_url;  // how Twilio/Telegram reach us, e.g. https://bot.example.org
    bool repl = false;
    bool show_help = false;
    std::chrono::seconds session_ttl{30 * 24 * 3600};
    std::string telegram_mode = "off";  // off | poll | webhook
    std::string telegram_api = "https://api.telegram.org";
    std::string whatsapp_api = "https://graph.facebook.com/v21.0";
    std::string slack_api = "https://slack.com/api";
    // I/O threads, one per core like the lookup server's: more only add context switches (the
    // 1,000-session burst on 2 cores used about 15% more CPU with 4); workers are 4x as many.
    int threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 16);
    LookupClientOptions lookup;
    EngineOptions engine;
    Secrets secrets;
};

// Throws std::invalid_argument with a message naming the bad option.
Config parse_config(int argc, char** argv);

// Reads NAME from the environment, or the file named by NAME_FILE (trailing newline dropped).
std::string read_secret(const std::string& name);

}  // namespace masscivic::bot
