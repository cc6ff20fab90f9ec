#include "bot_main.hpp"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "channels/render_text.hpp"
#include "config.hpp"
#include "engine.hpp"
#include "net/http_client.hpp"
#include "net/redis_sessions.hpp"
#include "net/server.hpp"

namespace masscivic::bot {
namespace {

const char* kUsage =
    "usage: masscivic-bot --server URL [--listen HOST:PORT] [--db sessions.db] [--repl]\n"
    "       [--messages DIR] [--web DIR] [--public-url URL] [--session-days N]\n"
    "       [--telegram-mode off|poll|webhook] [--telegram-api URL] [--slack-api URL]\n"
    "       [--timeout-ms N] [--retries N] [--cache-seconds N] [--threads N]\n"
    "       [--lookup-connections N] [--rate-per-minute N]\n"
    "secrets from the environment (or a file named by VAR_FILE):\n"
    "  SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET,\n"
    "  TWILIO_AUTH_TOKEN\n";

int run_repl(Engine& engine) {
    std::string line;
    const bool tty = isatty(STDIN_FILENO);
    std::string user = "local";
    if (tty) std::cout << engine.text("en", "help.intro") << "\n> " << std::flush;
    TextStyle style;
    while (std::getline(std::cin, line)) {
        auto out = engine.handle(Incoming{"repl", user, line, std::nullopt});
        std::cout << render_text(out, style, engine.text(out.lang, "sms.reply_with"), "") << "\n";
        if (tty) std::cout << "> " << std::flush;
        else std::cout << "\n";
    }
    return 0;
}

}  // namespace

int run_bot(int argc, char** argv) {
    Config config;
    try {
        config = parse_config(argc, argv);
    } catch (const std::invalid_argument& e) {
        std::cerr << "masscivic-bot: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (config.show_help) {
        std::cout << kUsage;
        return 0;
    }
    auto catalog = Catalog::load_dir(config.messages_dir);
    // A terminal run without --db keeps its memory to itself, so runs never leak into each other.
    std::string db = config.db_path.empty() ? (config.repl ? ":memory:" : "sessions.db") : config.db_path;
    // --db redis://HOST:PORT/DB: sessions shared by several replicas; otherwise a SQLite file.
    std::unique_ptr<SharedSessions> shared;
    try {
        if (auto redis = RedisAddress::parse(db))
            shared = std::make_unique<RedisSessions>(*redis, config.session_ttl);
    } catch (const std::exception& e) {
        std::cerr << "masscivic-bot: " << e.what() << "\n";
        return 2;
    }
    SessionStore store = shared ? SessionStore(std::move(shared))
                                : SessionStore(db, config.session_ttl);
    store.purge_expired();
    HttpLookupClient client(*Url::parse(config.server_url), config.lookup);
    Engine engine(client, catalog, store, config.engine);
    if (config.repl) return run_repl(engine);
    return serve(config, engine);
}

}  // namespace masscivic::bot
