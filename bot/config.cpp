#include "config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace masscivic::bot {
namespace {

int to_int(const std::string& option, const std::string& value, int lo, int hi) {
    try {
        std::size_t used = 0;
        int v = std::stoi(value, &used);
        if (used == value.size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    throw std::invalid_argument(option + " needs a number from " + std::to_string(lo) + " to " +
                                std::to_string(hi) + ", got \"" + value + "\"");
}

void parse_listen(Config& c, const std::string& value) {
    auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw std::invalid_argument("--listen needs HOST:PORT, got \"" + value + "\"");
    c.listen_host = value.substr(0, colon);
    c.listen_port = static_cast<unsigned short>(to_int("--listen", value.substr(colon + 1), 0, 65535));
}

}  // namespace

std::string read_secret(const std::string& name) {
    if (const char* v = std::getenv(name.c_str()); v && *v) return v;
    if (const char* path = std::getenv((name + "_FILE").c_str()); path && *path) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read " + name + "_FILE");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string s = ss.str();
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        return s;
    }
    return {};
}

Config parse_config(int argc, char** argv) {
    Config c;
#ifdef MASSCIVIC_BOT_MESSAGES_DIR
    c.messages_dir = MASSCIVIC_BOT_MESSAGES_DIR;
#endif
#ifdef MASSCIVIC_BOT_WEB_DIR
    c.web_dir = MASSCIVIC_BOT_WEB_DIR;
#endif
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") c.show_help = true;
        else if (arg == "--repl") c.repl = true;
        else if (arg == "--server") c.server_url = value();
        else if (arg == "--listen") parse_listen(c, value());
        else if (arg == "--db") c.db_path = value();
        else if (arg == "--messages") c.messages_dir = value();
        else if (arg == "--web") c.web_dir = value();
        else if (arg == "--public-url") c.public_url = value();
        else if (arg == "--session-days")
            c.session_ttl = std::chrono::hours(24 * to_int(arg, value(), 1, 3650));
        else if (arg == "--telegram-mode") {
            c.telegram_mode = value();
            if (c.telegram_mode != "off" && c.telegram_mode != "poll" && c.telegram_mode != "webhook")
                throw std::invalid_argument("--telegram-mode is off, poll or webhook");
        } else if (arg == "--telegram-api") c.telegram_api = value();
        else if (arg == "--slack-api") c.slack_api = value();
        else if (arg == "--whatsapp-api") c.whatsapp_api = value();
        else if (arg == "--timeout-ms") c.lookup.timeout = std::chrono::milliseconds(to_int(arg, value(), 10, 60000));
        else if (arg == "--retries") c.lookup.attempts = 1 + to_int(arg, value(), 0, 10);
        else if (arg == "--cache-seconds") c.lookup.cache_ttl = std::chrono::seconds(to_int(arg, value(), 0, 86400));
        else if (arg == "--lookup-connections") c.lookup.connections = to_int(arg, value(), 1, 256);
        else if (arg == "--threads") c.threads = to_int(arg, value(), 1, 256);
        else if (arg == "--rate-per-minute") c.engine.messages_per_minute = to_int(arg, value(), 1, 100000);
        else throw std::invalid_argument("unknown option " + arg);
    }
    if (c.show_help) return c;
    if (c.server_url.empty()) throw std::invalid_argument("--server URL is required");
    if (!Url::parse(c.server_url)) throw std::invalid_argument("--server is not an http(s) URL");
    for (const auto& u : {c.telegram_api, c.slack_api, c.whatsapp_api})
        if (!Url::parse(u)) throw std::invalid_argument("bad API base URL: " + u);
    c.secrets.slack_signing_secret = read_secret("SLACK_SIGNING_SECRET");
    c.secrets.slack_bot_token = read_secret("SLACK_BOT_TOKEN");
    c.secrets.telegram_token = read_secret("TELEGRAM_BOT_TOKEN");
    c.secrets.telegram_webhook_secret = read_secret("TELEGRAM_WEBHOOK_SECRET");
    c.secrets.twilio_auth_token = read_secret("TWILIO_AUTH_TOKEN");
    c.secrets.whatsapp_app_secret = read_secret("WHATSAPP_APP_SECRET");
    c.secrets.whatsapp_verify_token = read_secret("WHATSAPP_VERIFY_TOKEN");
    c.secrets.whatsapp_token = read_secret("WHATSAPP_ACCESS_TOKEN");
    return c;
}

}  // namespace masscivic::bot
