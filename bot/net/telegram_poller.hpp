// Telegram long polling: getUpdates in a loop, each update answered through BotRoutes and
// sent with sendMessage. For deployments without a public HTTPS address.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "net/http_client.hpp"

namespace masscivic::bot {

class BotRoutes;
class Outbox;

class TelegramPoller {
public:
    TelegramPoller(BotRoutes& routes, Outbox& outbox, Url api, std::string token,
                   int poll_seconds = 20);
    ~TelegramPoller();
    void start();
    void stop();
    // One getUpdates round; returns how many updates were handled (tests drive this directly).
    int poll_once();

private:
    void loop();
    BotRoutes& routes_;
    Outbox& outbox_;
    Url api_;
    std::string token_;
    int poll_seconds_;
    std::int64_t offset_ = 0;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace masscivic::bot
