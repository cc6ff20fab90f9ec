// A stand-in lookup server on a real loopback socket (cpp-httplib), answering from the
// FakeLookup table; it can be stopped mid-conversation, restarted, or made slow.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "fake_lookup.hpp"

namespace masscivic::bot::testing {

class LookupServer {
public:
    explicit LookupServer(int port = 0) { start(port); }
    ~LookupServer() { stop(); }

    void start(int port) {
        server_ = std::make_unique<httplib::Server>();
        // As masscivic-server does: the bot keeps connections open, and Nagle + delayed ACK
        // would hold each answer's body ~40 ms.
        server_->set_tcp_nodelay(true);
        server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
            ++requests;
            if (delay.count() > 0) std::this_thread::sleep_for(delay);
            auto it = table.routes.find(req.target);
            if (it == table.routes.end()) {
                res.status = 404;
                res.set_content(R"({"error":{"code":"not_found","message":"no such thing"}})", "application/json");
                return;
            }
            res.set_content(it->second, "application/json");
        });
        port_ = port == 0 ? server_->bind_to_any_port("127.0.0.1") : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
        if (port_ <= 0) throw std::runtime_error("fake lookup server could not bind");
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    void stop() {
        if (!server_) return;
        server_->stop();
        if (thread_.joinable()) thread_.join();
        server_.reset();
    }
    void restart() { start(port_); }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    FakeLookup table;  // routes only; its calls/down fields are unused here
    std::atomic<int> requests{0};
    std::chrono::milliseconds delay{0};

private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = -1;
};

}  // namespace masscivic::bot::testing
