// The bot's HTTP + WebSocket server (Boost.Beast), in the shape of Beast's examples:
// listener -> http_session -> websocket_session. Sessions only do I/O; requests are
// answered by BotRoutes on a worker pool, because answers may wait on the lookup server.
#pragma once

#include <memory>
#include <string>

namespace masscivic::bot {

class BotRoutes;
struct Config;
class Engine;

class BotServer {
public:
    // Binds immediately (port 0 = any free port); throws std::runtime_error if it cannot.
    BotServer(BotRoutes& routes, const std::string& host, unsigned short port, int io_threads,
              int workers);
    ~BotServer();
    BotServer(const BotServer&) = delete;
    BotServer& operator=(const BotServer&) = delete;

    unsigned short port() const;
    void start();  // returns at once; threads serve until stop()
    void stop();   // idempotent; joins every thread

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Runs the bot until SIGINT/SIGTERM: server, Telegram poller if configured. Returns exit code.
int serve(const Config& config, Engine& engine);

}  // namespace masscivic::bot
