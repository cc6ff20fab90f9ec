#include "server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <atomic>
#include <iostream>
#include <regex>
#include <thread>
#include <vector>

#include "channels/crypto.hpp"
#include "channels/routes.hpp"
#include "config.hpp"
#include "net/http_client.hpp"
#include "net/outbox.hpp"
#include "net/telegram_poller.hpp"

namespace masscivic::bot {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;
constexpr std::size_t kMaxWsMessageBytes = 64 * 1024;
constexpr auto kReadTimeout = std::chrono::seconds(15);

void fail(beast::error_code ec, const char* what) {
    // Shutdown and peers going away are normal; anything else is worth a line.
    if (ec == asio::error::operation_aborted || ec == websocket::error::closed ||
        ec == asio::error::eof || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::not_connected ||
        ec == asio::error::broken_pipe ||
        ec == beast::http::error::end_of_stream)
        return;
    std::cerr << "masscivic-bot: " << what << ": " << ec.message() << "\n";
}

struct Shared {
    BotRoutes& routes;
    asio::thread_pool& workers;
};

std::string session_from_query(const std::string& query) {
    // The page keeps a random token so a reconnect continues the same conversation.
    static const std::regex re(R"((?:^|&)session=([A-Za-z0-9_-]{16,64})(?:&|$))");
    std::smatch m;
    if (std::regex_search(query, m, re)) return m[1].str();
    return random_hex(16);
}

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(tcp::socket&& socket, Shared& shared, std::string user)
        : ws_(std::move(socket)), shared_(shared), user_(std::move(user)) {}

    void run(http::request<http::string_body> req) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(kMaxWsMessageBytes);
        ws_.async_accept(req, beast::bind_front_handler(&WebSocketSession::on_accept,
                                                        shared_from_this()));
    }

private:
    void on_accept(beast::error_code ec) {
        if (ec) return fail(ec, "websocket accept");
        do_read();
    }
    void do_read() {
        buffer_.clear();
        ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read,
                                                          shared_from_this()));
    }
    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "websocket read");
        std::string frame = beast::buffers_to_string(buffer_.data());
        bool binary = !ws_.got_text();
        auto self = shared_from_this();
        asio::post(shared_.workers, [self, frame = std::move(frame), binary] {
            std::string reply = self->shared_.routes.handle_ws_frame(self->user_, frame, binary);
            asio::post(self->ws_.get_executor(), [self, reply = std::move(reply)]() mutable {
                self->send(std::move(reply));
            });
        });
    }
    void send(std::string reply) {
        out_ = std::move(reply);
        ws_.text(true);
        ws_.async_write(asio::buffer(out_), beast::bind_front_handler(&WebSocketSession::on_write,
                                                                      shared_from_this()));
    }
    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "websocket write");
        do_read();
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::string out_;
    Shared& shared_;
    std::string user_;
};

WebRequest to_web_request(const http::request<http::string_body>& req) {
    WebRequest w;
    w.method = std::string(req.method_string());
    std::string target(req.target());
    auto q = target.find('?');
    w.path = target.substr(0, q);
    w.query = q == std::string::npos ? "" : target.substr(q + 1);
    w.body = req.body();
    for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        w.headers[name] = std::string(field.value());
    }
    return w;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}
    void run() {
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
    }

private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(kMaxBodyBytes);
        stream_.expires_after(kReadTimeout);  // a slow client cannot hold the connection
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return close();
        if (ec == http::error::body_limit) return reply_error(413, "request body too large");
        if (ec) return fail(ec, "http read");
        auto req = parser_->release();
        if (websocket::is_upgrade(req)) {
            std::string target(req.target());
            auto q = target.find('?');
            if (target.substr(0, q) != "/ws") return reply_error(404, "no websocket here");
            stream_.expires_never();
            auto user = session_from_query(q == std::string::npos ? "" : target.substr(q + 1));
            std::make_shared<WebSocketSession>(stream_.release_socket(), shared_, std::move(user))
                ->run(std::move(req));
            return;
        }
        keep_alive_ = req.keep_alive();
        head_ = req.method() == http::verb::head;
        auto self = shared_from_this();
        asio::post(shared_.workers, [self, wreq = to_web_request(req)] {
            auto resp = std::make_shared<WebResponse>(self->shared_.routes.handle(wreq));
            asio::post(self->stream_.get_executor(), [self, resp] { self->send(resp); });
        });
    }

    void reply_error(int status, const std::string& message) {
        auto resp = std::make_shared<WebResponse>();
        resp->status = status;
        resp->content_type = "application/json";
        resp->body = "{\"error\":{\"code\":\"bad_request\",\"message\":\"" + message + "\"}}";
        keep_alive_ = false;
        send(resp);
    }

    void send(std::shared_ptr<WebResponse> resp) {
        auto res = std::make_shared<http::response<http::string_body>>();
        res->result(static_cast<unsigned>(resp->status));
        res->version(11);
        res->set(http::field::server, "masscivic-bot");
        res->set(http::field::content_type, resp->content_type);
        for (const auto& [k, v] : resp->headers) res->set(k, v);
        res->keep_alive(keep_alive_);
        res->body() = head_ ? std::string() : std::move(resp->body);
        res->prepare_payload();
        auto self = shared_from_this();
        http::async_write(stream_, *res, [self, res, resp](beast::error_code ec, std::size_t) {
            if (resp->after) asio::post(self->shared_.workers, resp->after);
            if (ec) return fail(ec, "http write");
            if (!res->keep_alive()) return self->close();
            self->do_read();
        });
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Shared& shared_;
    bool keep_alive_ = false;
    bool head_ = false;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(asio::io_context& ioc, tcp::endpoint endpoint, Shared& shared)
        : ioc_(ioc), acceptor_(asio::make_strand(ioc)), shared_(shared) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(asio::socket_base::max_listen_connections);
    }
    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    void run() { do_accept(); }
    void close() {
        asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
            beast::error_code ec;
            self->acceptor_.close(ec);
        });
    }

private:
    void do_accept() {
        acceptor_.async_accept(asio::make_strand(ioc_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (ec) fail(ec, "accept");
        else std::make_shared<HttpSession>(std::move(socket), shared_)->run();
        do_accept();
    }
    asio::io_context& ioc_;
    tcp::acceptor acceptor_;
    Shared& shared_;
};

}  // namespace

struct BotServer::Impl {
    Impl(BotRoutes& routes, int io_threads, int workers)
        : ioc(io_threads), pool(static_cast<std::size_t>(workers)), shared{routes, pool},
          io_threads(io_threads) {}
    asio::io_context ioc;
    asio::thread_pool pool;
    Shared shared;
    std::shared_ptr<Listener> listener;
    std::vector<std::thread> threads;
    int io_threads;
    std::atomic<bool> stopped{false};
};

BotServer::BotServer(BotRoutes& routes, const std::string& host, unsigned short port,
                     int io_threads, int workers)
    : impl_(std::make_unique<Impl>(routes, io_threads, workers)) {
    beast::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) throw std::runtime_error("bad listen address " + host);
    try {
        impl_->listener = std::make_shared<Listener>(impl_->ioc, tcp::endpoint{address, port}, impl_->shared);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + e.what());
    }
}

BotServer::~BotServer() { stop(); }

unsigned short BotServer::port() const { return impl_->listener->port(); }

void BotServer::start() {
    impl_->listener->run();
    for (int i = 0; i < impl_->io_threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void BotServer::stop() {
    if (!impl_ || impl_->stopped.exchange(true)) return;
    impl_->listener->close();
    impl_->ioc.stop();
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    impl_->pool.join();
}

int serve(const Config& config, Engine& engine) {
    HttpOutbox outbox;
    ChannelSettings settings;
    settings.slack_signing_secret = config.secrets.slack_signing_secret;
    settings.slack_bot_token = config.secrets.slack_bot_token;
    settings.telegram_token = config.secrets.telegram_token;
    settings.telegram_webhook_secret = config.secrets.telegram_webhook_secret;
    settings.twilio_auth_token = config.secrets.twilio_auth_token;
    settings.public_url = config.public_url;
    settings.telegram_api = config.telegram_api;
    settings.slack_api = config.slack_api;
    settings.whatsapp_app_secret = config.secrets.whatsapp_app_secret;
    settings.whatsapp_verify_token = config.secrets.whatsapp_verify_token;
    settings.whatsapp_token = config.secrets.whatsapp_token;
    settings.whatsapp_api = config.whatsapp_api;
    if (const char* prefix = std::getenv("MASSCIVIC_SLACK_RESPONSE_PREFIX"); prefix && *prefix)
        settings.slack_response_prefix = prefix;  // tests point Slack at a local fake
    BotRoutes routes(engine, outbox, settings, BotRoutes::load_web_dir(config.web_dir));
    BotServer server(routes, config.listen_host, config.listen_port, config.threads,
                     std::max(8, config.threads * 4));
    server.start();
    std::cout << "masscivic-bot: listening on http://" << config.listen_host << ":" << server.port()
              << " (web chat at /, WebSocket at /ws)" << std::endl;
    std::unique_ptr<TelegramPoller> poller;
    if (config.telegram_mode == "poll") {
        if (config.secrets.telegram_token.empty())
            throw std::runtime_error("--telegram-mode poll needs TELEGRAM_BOT_TOKEN");
        poller = std::make_unique<TelegramPoller>(routes, outbox, *Url::parse(config.telegram_api),
                                                  config.secrets.telegram_token);
        poller->start();
    }
    asio::io_context signals_ioc;
    asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) {});
    signals_ioc.run();
    std::cout << "masscivic-bot: shutting down" << std::endl;
    if (poller) poller->stop();
    server.stop();
    return 0;
}

}  // namespace masscivic::bot
