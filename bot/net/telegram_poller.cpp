#include "net/telegram_poller.hpp"

#include <rapidjson/document.h>

#include <iostream>

#include "channels/routes.hpp"

namespace masscivic::bot {

TelegramPoller::TelegramPoller(BotRoutes& routes, Outbox& outbox, Url api, std::string token,
                               int poll_seconds)
    : routes_(routes), outbox_(outbox), api_(std::move(api)), token_(std::move(token)),
      poll_seconds_(poll_seconds) {}

TelegramPoller::~TelegramPoller() { stop(); }

void TelegramPoller::start() {
    running_ = true;
    thread_ = std::thread([this] { loop(); });
}

void TelegramPoller::stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
}

void TelegramPoller::loop() {
    auto backoff = std::chrono::seconds(1);
    while (running_) {
        int handled = poll_once();
        if (handled >= 0) {
            backoff = std::chrono::seconds(1);
            continue;
        }
        // The Bot API is unreachable or refused us: wait, doubling up to half a minute.
        for (auto waited = std::chrono::milliseconds(0); running_ && waited < backoff;
             waited += std::chrono::milliseconds(100))
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        backoff = std::min(backoff * 2, std::chrono::seconds(30));
    }
}

int TelegramPoller::poll_once() {
    std::string target = "/bot" + token_ + "/getUpdates?timeout=" + std::to_string(poll_seconds_) +
                         "&allowed_updates=%5B%22message%22%2C%22callback_query%22%5D";
    if (offset_ != 0) target += "&offset=" + std::to_string(offset_);
    auto res = http_request(api_, "GET", target, "", {},
                            std::chrono::seconds(poll_seconds_ + 10));
    if (res.status != 200) {
        std::cerr << "masscivic-bot: telegram getUpdates failed ("
                  << (res.status ? std::to_string(res.status) : res.error) << ")\n";
        return -1;
    }
    rapidjson::Document doc;
    doc.Parse(res.body.c_str(), res.body.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("result") || !doc["result"].IsArray())
        return -1;
    int handled = 0;
    const std::string base = api_.scheme + "://" + api_.host + ":" + api_.port + api_.path + "/bot" + token_;
    for (const auto& update : doc["result"].GetArray()) {
        if (!update.IsObject() || !update.HasMember("update_id") || !update["update_id"].IsInt64()) continue;
        auto id = update["update_id"].GetInt64();
        offset_ = std::max(offset_, id + 1);  // confirms this update to Telegram next round
        if (!routes_.engine().store().first_delivery("telegram", std::to_string(id))) continue;
        bool callback = false;
        std::string call = routes_.telegram_reply(update, callback);
        if (!call.empty()) {
            const std::string method = "\"method\":\"sendMessage\",";
            if (auto pos = call.find(method); pos != std::string::npos) call.erase(pos, method.size());
            outbox_.post_json(base + "/sendMessage", call, {});
        }
        if (callback && update["callback_query"].HasMember("id") && update["callback_query"]["id"].IsString())
            outbox_.post_json(base + "/answerCallbackQuery",
                              std::string("{\"callback_query_id\":\"") +
                                  update["callback_query"]["id"].GetString() + "\"}",
                              {});
        ++handled;
    }
    return handled;
}

}  // namespace masscivic::bot
