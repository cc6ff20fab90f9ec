#include "http_server.hpp"

#include "text.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

namespace masscivic::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// After a response that closes the connection, the rest of what the client sent is read
// and dropped for at most this long (and this much): closing with unread bytes makes the
// kernel send a reset, which can destroy the response before the client reads it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1 << 20;
// How long to wait before accepting again after accept() failed (out of descriptors).
constexpr auto kAcceptRetry = std::chrono::milliseconds(50);

class Connection;

using Context = asio::io_context;
using WorkGuard = asio::executor_work_guard<Context::executor_type>;

std::vector<std::unique_ptr<Context>> make_contexts(unsigned n) {
    std::vector<std::unique_ptr<Context>> contexts;
    for (unsigned i = 0; i < n; ++i)
        contexts.push_back(std::make_unique<Context>(1));
    return contexts;
}

// Everything the connections share; HttpServer::Impl is this.
//
// One io_context per thread, and each connection stays on the context it was given at
// accept (round robin): its handlers never hop between threads and no thread wakes another.
// A shared io_context run by every thread answered /healthz at 0.93x of nginx on 2 cores,
// one context per thread at 1.15x. The price is that a slow request delays the other
// connections of its thread, so the application names the requests that may block
// (HttpApp::may_block) and those run on a small pool of their own.
struct Core {
    Core(HttpApp& app, unsigned threads, HttpLimits limits)
        : app(app), limits(limits), contexts(make_contexts(threads)), acceptor(*contexts[0]),
          accept_retry(*contexts[0]) {
        for (auto& c : contexts)
            guards.emplace_back(c->get_executor());
    }

    void accept();
    void track(const std::shared_ptr<Connection>& c);
    void untrack(Connection* c);

    HttpApp& app;
    const HttpLimits limits;
    std::atomic<bool> stopping{false};
    // Declared before the io_contexts: connections still queued in one when it is destroyed
    // untrack themselves from this map.
    std::mutex live_mutex;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> live;
    std::vector<std::unique_ptr<Context>> contexts;
    std::vector<WorkGuard> guards;  // keep each context running while it has no connection
    std::size_t next_context = 0;   // used on the acceptor's thread only
    tcp::acceptor acceptor;
    asio::steady_timer accept_retry;
    asio::thread_pool blocking{2};  // requests the application says may block
    std::vector<std::thread> threads;
    std::thread watchdog;
    std::mutex done_mutex;
    std::condition_variable done_cv;
    bool done = false;
};

bool quiet_error(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::operation_aborted || ec == beast::error::timeout ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::not_connected || ec == http::error::partial_message;
}

// The status line and header section of a response (RFC 9112 4, 5). Written here rather
// than by Beast's serializer: a cached answer spent a fifth of its CPU in the serializer's
// buffer-sequence iterators, and a response head is one line per field. A field whose name
// or value holds CR or LF (which would end the header section early) is left out.
std::string response_head(const HttpResponse& res, unsigned version, bool keep_alive,
                          std::size_t content_length) {
    std::string out;
    out.reserve(256);
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(res.status)));
    out.append(reason.data(), reason.size());
    out += "\r\n";
    for (const auto& [name, value] : res.headers) {
        if (has_line_break(name) || has_line_break(value)) continue;
        out.append(name).append(": ").append(value).append("\r\n");
    }
    if (res.has_content) out.append("Content-Length: ").append(std::to_string(content_length)).append("\r\n");
    // HTTP/1.1 keeps the connection unless told; HTTP/1.0 closes it unless told.
    if (version >= 11 && !keep_alive) out += "Connection: close\r\n";
    if (version < 11 && keep_alive) out += "Connection: keep-alive\r\n";
    out += "\r\n";
    return out;
}

// One client connection: read a request, answer it, repeat while the client keeps it alive.
// Every handler runs on the one thread of the connection's io_context.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(tcp::socket&& socket, Core& server)
        : stream_(std::move(socket)), server_(server) {
        beast::error_code ec;
        stream_.socket().set_option(tcp::no_delay(true), ec);  // headers and body in one go
        auto peer = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_addr_ = peer.address().to_string();
    }
    ~Connection() { server_.untrack(this); }

    void start() {
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&Connection::read_header, shared_from_this()));
    }

    // From HttpServer::stop: an idle or half-read connection closes now; one being answered
    // closes after its response.
    void stop() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->stream_.cancel();
        });
    }

  private:
    void read_header() {
        if (server_.stopping) return linger();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.limits.max_header_bytes));
        parser_->body_limit(server_.limits.max_body_bytes);
        stream_.expires_after(server_.limits.read_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Connection::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        if (ec == http::error::header_limit) return reject(431);
        // A Content-Length over the limit is refused as soon as the header is read.
        if (ec == http::error::body_limit) return reject(413);
        if (ec) return quiet_error(ec) ? linger() : reject(400);
        const auto& req = parser_->get();
        if (req.target().size() > server_.limits.max_target_bytes) return reject(414);
        for (const auto& field : req)
            if (field.name_string().size() + field.value().size() + 2 >
                server_.limits.max_header_line_bytes)
                return reject(431);
        if (parser_->is_done()) return on_request();
        if (beast::iequals(req[http::field::expect], "100-continue")) return send_continue();
        read_body();
    }

    void send_continue() {
        static const std::string line = "HTTP/1.1 100 Continue\r\n\r\n";
        stream_.expires_after(server_.limits.write_timeout);
        asio::async_write(stream_, asio::buffer(line),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->linger();
                              self->stream_.expires_after(self->server_.limits.read_timeout);
                              self->read_body();
                          });
    }

    void read_body() {
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Connection::on_body, shared_from_this()));
    }

    void on_body(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) return reject(413);
        if (ec) return quiet_error(ec) ? linger() : reject(400);
        on_request();
    }

    // Whatever of the request could be read, for the application's error answer.
    HttpRequest partial_request() const {
        HttpRequest r;
        r.remote_addr = remote_addr_;
        r.received = std::chrono::steady_clock::now();
        if (parser_ && parser_->is_header_done()) {
            const auto& req = parser_->get();
            r.method = std::string(req.method_string());
            r.target = std::string(req.target());
            if (r.target.size() <= server_.limits.max_target_bytes)
                parse_target(r.target, r.path, r.params);
        }
        return r;
    }

    void reject(int status) {
        busy_ = true;
        HttpResponse res;
        HttpRequest req = partial_request();
        server_.app.reject(status, req, res);
        res.status = status;
        res.close = true;
        write(std::move(res), false, 11, req.method == "HEAD");
    }

    void on_request() {
        busy_ = true;
        auto& msg = parser_->get();
        HttpRequest req;
        req.received = std::chrono::steady_clock::now();
        req.remote_addr = remote_addr_;
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        parse_target(req.target, req.path, req.params);
        req.headers.reserve(8);
        for (const auto& field : msg)
            req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        req.body = std::move(msg.body());
        const bool keep_alive = msg.keep_alive(), head = msg.method() == http::verb::head;
        const unsigned version = msg.version();
        if (!server_.app.may_block(req))
            return write(answer(req), keep_alive, version, head);
        // Off this thread; the work guard keeps the context running until the answer is back.
        asio::post(server_.blocking, [self = shared_from_this(), req = std::move(req),
                                      work = asio::make_work_guard(stream_.get_executor()),
                                      keep_alive, version, head]() mutable {
            auto res = self->answer(req);
            asio::post(work.get_executor(),
                       [self, res = std::move(res), keep_alive, version, head]() mutable {
                           self->write(std::move(res), keep_alive, version, head);
                       });
        });
    }

    // The application's response, or its 500 if handle threw.
    HttpResponse answer(HttpRequest& req) {
        HttpResponse res;
        try {
            server_.app.handle(req, res);
        } catch (const std::exception&) {
            res = {};
            server_.app.reject(500, req, res);
            res.status = 500;
        }
        return res;
    }

    void write(HttpResponse res, bool keep_alive, unsigned version, bool head) {
        close_after_ = !keep_alive || res.close || server_.stopping;
        const std::size_t size = res.has_content && res.body ? res.body->size() : 0;
        head_ = response_head(res, version, !close_after_, size);
        if (!head && size > 0) body_ = std::move(res.body);  // kept alive until the write completes
        std::array<asio::const_buffer, 2> message{asio::buffer(head_),
                                                  body_ ? asio::buffer(*body_) : asio::const_buffer()};
        stream_.expires_after(server_.limits.write_timeout);
        asio::async_write(stream_, message,
                          beast::bind_front_handler(&Connection::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        busy_ = false;
        body_.reset();  // it can be large (the database export)
        if (ec || close_after_) return linger();
        read_header();
    }

    // Half-close, then read and drop what the client still sends (bounded), then close.
    void linger() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return;
        stream_.expires_after(kLingerTime);
        drain(0);
    }

    void drain(std::size_t dropped) {
        if (dropped >= kLingerBytes) return;
        stream_.async_read_some(asio::buffer(scratch_),
                                [self = shared_from_this(), dropped](beast::error_code ec,
                                                                     std::size_t n) {
                                    if (!ec) self->drain(dropped + n);
                                });
    }

    beast::tcp_stream stream_;
    Core& server_;
    std::string remote_addr_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::string head_;  // the response being written: its head, then its body
    std::shared_ptr<const std::string> body_;
    bool busy_ = false;  // between a complete request and the end of writing its response
    bool close_after_ = false;
    std::array<char, 4096> scratch_{};
};

void Core::accept() {
    Context& target = *contexts[next_context++ % contexts.size()];
    acceptor.async_accept(target, [this](beast::error_code ec, tcp::socket socket) {
        if (stopping || ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of descriptors or memory: try again shortly rather than spin.
            accept_retry.expires_after(kAcceptRetry);
            accept_retry.async_wait([this](beast::error_code wait_ec) {
                if (!wait_ec && !stopping) accept();
            });
            return;
        }
        auto c = std::make_shared<Connection>(std::move(socket), *this);
        track(c);
        c->start();
        accept();
    });
}

void Core::track(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(live_mutex);
    live.emplace(c.get(), c);
}

void Core::untrack(Connection* c) {
    std::lock_guard lock(live_mutex);
    live.erase(c);
}

} // namespace

struct HttpServer::Impl : Core {
    using Core::Core;
};

HttpServer::HttpServer(HttpApp& app, unsigned threads, HttpLimits limits)
    : impl_(std::make_unique<Impl>(app, threads == 0 ? 1 : threads, limits)) {}

HttpServer::~HttpServer() {
    stop();
    wait();
}

unsigned short HttpServer::listen(const std::string& host, unsigned short port) {
    beast::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) throw std::runtime_error("not an IP address: " + host);
    tcp::endpoint endpoint{address, port};
    auto& a = impl_->acceptor;
    a.open(endpoint.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(endpoint, ec);
    // The kernel caps the backlog at net.core.somaxconn; ask for as much as it allows, so a
    // burst of new connections waits in the queue instead of being refused.
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                     ec.message());
    return a.local_endpoint().port();
}

void HttpServer::start() {
    impl_->accept();
    for (auto& context : impl_->contexts)
        impl_->threads.emplace_back([&c = *context] { c.run(); });
}

void HttpServer::stop() {
    auto& s = *impl_;
    if (s.stopping.exchange(true)) return;
    asio::post(s.acceptor.get_executor(), [&s] {
        beast::error_code ec;
        s.acceptor.close(ec);
        s.accept_retry.cancel();
    });
    std::vector<std::shared_ptr<Connection>> open;
    {
        std::lock_guard lock(s.live_mutex);
        for (auto& [raw, weak] : s.live)
            if (auto c = weak.lock()) open.push_back(std::move(c));
    }
    for (auto& c : open)
        c->stop();
    s.guards.clear();  // each context returns once its connections have ended
    // Connections end on their own; a response stuck behind a client that does not read
    // is cut off by the write timeout, and anything else by this watchdog.
    s.watchdog = std::thread([&s] {
        std::unique_lock lock(s.done_mutex);
        if (!s.done_cv.wait_for(lock, s.limits.drain_timeout, [&s] { return s.done; }))
            for (auto& c : s.contexts)
                c->stop();
    });
}

void HttpServer::wait() {
    auto& s = *impl_;
    for (auto& t : s.threads)
        if (t.joinable()) t.join();
    s.blocking.join();
    {
        std::lock_guard lock(s.done_mutex);
        s.done = true;
    }
    s.done_cv.notify_all();
    if (s.watchdog.joinable()) s.watchdog.join();
}

} // namespace masscivic::server
