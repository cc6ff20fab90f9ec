#include "keepalive_connection.hpp"

#include "text.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace masscivic::bot {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxResponseBytes = 4 * 1024 * 1024;
// cpp-httplib closes a connection idle for 5 s (its default keep-alive timeout); one idle
// for less than this is still open on the server's side, so reusing it rarely races a close.
constexpr auto kMaxIdle = std::chrono::seconds(2);

// The request's bytes (RFC 9112 3): HTTP/1.1 without "Connection: close", so the connection
// stays open. Written here rather than by Beast's serializer, which was 6% of a bot turn's
// CPU for a GET without a body. Empty when the target or a field would break the head.
std::string make_get(const Url& base, const std::string& target, const Headers& headers) {
    std::string path = base.path + target;
    if (path.empty() || path.find_first_of(" \r\n") != std::string::npos) return {};
    std::string out = "GET " + path + " HTTP/1.1\r\nHost: " + base.host + "\r\nUser-Agent: masscivic-bot\r\n";
    for (const auto& [k, v] : headers) {
        if (k.empty() || has_line_break(k) || has_line_break(v)) return {};
        out.append(k).append(": ").append(v).append("\r\n");
    }
    return out + "\r\n";
}

// Errors that mean "the server closed this connection before answering", as seen when a
// kept connection was closed on the server's side while idle.
bool closed_by_peer(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::connection_aborted;
}

}  // namespace

bool KeepAliveConnection::run_until(Clock::time_point deadline) {
    bool expired = false;
    timer_.expires_at(deadline);
    timer_.async_wait([&](beast::error_code ec) {
        if (ec || !socket_) return;  // cancelled: the operation finished first
        expired = true;
        beast::error_code ignored;
        socket_->cancel(ignored);
    });
    ioc_.restart();
    // The operation's handler cancels the timer, so run() returns once both are done.
    ioc_.run();
    return expired;
}

void KeepAliveConnection::close() {
    if (!socket_) return;
    beast::error_code ec;
    socket_->shutdown(tcp::socket::shutdown_both, ec);
    socket_->close(ec);
    socket_.reset();
    buffer_.clear();
}

std::string KeepAliveConnection::connect(const Url& base, Clock::time_point deadline) {
    std::string host = base.host;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    // Resolved in this thread: asio's async resolver starts a thread of its own, and a new
    // connection is now rare (once per pool slot, or after the server closed one).
    beast::error_code result;
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(host, base.port, result);
    if (result) return result.message();
    socket_.emplace(ioc_);
    asio::async_connect(*socket_, endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
        result = ec;
        timer_.cancel();
    });
    bool expired = run_until(deadline);
    // The request goes out in one write; without this a reply could wait for a delayed ACK.
    if (!result) socket_->set_option(tcp::no_delay(true), result);
    if (!result) return {};
    close();
    return expired ? "timed out" : result.message();
}

KeepAliveConnection::Attempt KeepAliveConnection::attempt(const Url& base, const std::string& target,
                                                          const Headers& headers,
                                                          Clock::time_point deadline) {
    Attempt out;
    const auto request = make_get(base, target, headers);
    if (request.empty()) {
        out.result.error = "invalid request target or header";
        return out;
    }
    bool reused = open();
    if (!reused) {
        if (auto why = connect(base, deadline); !why.empty()) {
            out.result.error = why;
            return out;
        }
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBytes);
    beast::error_code result;
    asio::async_write(*socket_, asio::buffer(request), [&](beast::error_code ec, std::size_t) {
        if (ec) {
            result = ec;
            timer_.cancel();
            return;
        }
        http::async_read(*socket_, buffer_, parser, [&](beast::error_code ec2, std::size_t) {
            result = ec2;
            timer_.cancel();
        });
    });
    bool expired = run_until(deadline);
    if (result) {
        out.stale = reused && !expired && !parser.got_some() && closed_by_peer(result);
        out.result.error = expired ? "timed out" : result.message();
        close();  // a half-read answer leaves the connection unusable
        return out;
    }
    out.result.status = static_cast<int>(parser.get().result_int());
    out.result.etag = std::string(parser.get()[http::field::etag]);
    out.result.cache_control = std::string(parser.get()[http::field::cache_control]);
    bool keep = parser.get().keep_alive();
    out.result.body = std::move(parser.get().body());
    if (!keep) close();
    return out;
}

HttpResult KeepAliveConnection::get(const Url& base, const std::string& target, const Headers& headers,
                                    std::chrono::milliseconds timeout) {
    auto now = Clock::now();
    if (open() && now - last_used_ > kMaxIdle) close();
    auto deadline = now + timeout;
    Attempt a;
    try {
        a = attempt(base, target, headers, deadline);
        // A GET is safe to repeat; the server closing a kept connection is no failure of its.
        if (a.stale) a = attempt(base, target, headers, deadline);
    } catch (const std::exception& e) {
        // Closed, the pool drops this object, and with it any handler still queued.
        close();
        a.result = HttpResult{0, "", e.what(), {}, {}};
    }
    last_used_ = Clock::now();
    return std::move(a.result);
}

}  // namespace masscivic::bot
