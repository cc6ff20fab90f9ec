// masscivic-bot: the chat bot. All facts come from the lookup server's HTTP API.
//   masscivic-bot --server URL [--listen 127.0.0.1:8081] [--db sessions.db] [--repl] ...
// Secrets (Slack signing secret, Telegram token, Twilio auth token) come from environment
// variables or *_FILE paths, never from the command line, and are never logged.
#include <iostream>
#include <string>

#include "bot_main.hpp"

int main(int argc, char** argv) {
    try {
        return masscivic::bot::run_bot(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "masscivic-bot: " << e.what() << "\n";
        return 1;
    }
}
