// One persistent plain-HTTP/1.1 connection to the lookup server, used by one thread at a
// time (HttpLookupClient keeps a few in a pool). A new TCP connection, io_context and
// resolver thread per lookup cost the bot more CPU than the lookup itself (perf of the
// 1,000-session burst: about half of the bot's time in connect/close/setup).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "http_client.hpp"

namespace masscivic::bot {

class KeepAliveConnection {
public:
    using Clock = std::chrono::steady_clock;

    // GET base.path + target with one deadline for (re)connect + write + read; never throws.
    // A kept connection the server has closed meanwhile is replaced once, transparently.
    HttpResult get(const Url& base, const std::string& target, const Headers& headers,
                   std::chrono::milliseconds timeout);

    bool open() const { return socket_.has_value(); }
    void close();

private:
    struct Attempt {
        HttpResult result;
        bool stale = false;  // failed before any byte of an answer on a reused connection
    };
    Attempt attempt(const Url& base, const std::string& target, const Headers& headers,
                    Clock::time_point deadline);
    std::string connect(const Url& base, Clock::time_point deadline);  // "" or why not
    // Runs the started operation until it completes or `deadline` cancels it; true if it
    // was cancelled. One timer per exchange, not one per socket operation (beast's
    // tcp_stream re-arms its timer for every read, a timerfd system call each time).
    bool run_until(Clock::time_point deadline);

    boost::asio::io_context ioc_{1};
    std::optional<boost::asio::ip::tcp::socket> socket_;
    boost::asio::steady_timer timer_{ioc_};
    boost::beast::flat_buffer buffer_;
    Clock::time_point last_used_{};
};

}  // namespace masscivic::bot
