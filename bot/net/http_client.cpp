#include "http_client.hpp"

#include "keepalive_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <algorithm>
#include <regex>
#include <string_view>
#include <thread>

namespace masscivic::bot {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::optional<Url> Url::parse(const std::string& text) {
    static const std::regex re(R"(^(https?)://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(?::(\d{1,5}))?(/.*)?$)");
    std::smatch m;
    if (!std::regex_match(text, m, re)) return std::nullopt;
    Url u;
    u.scheme = m[1].str();
    u.host = m[2].str();
    u.port = m[3].matched ? m[3].str() : (u.scheme == "https" ? "443" : "80");
    u.path = m[4].matched ? m[4].str() : "";
    while (!u.path.empty() && u.path.back() == '/') u.path.pop_back();
    return u;
}

std::chrono::seconds max_age_of(std::string_view cache_control) {
    for (std::string_view no : {"no-store", "no-cache", "private"})
        if (cache_control.find(no) != std::string_view::npos) return std::chrono::seconds(0);
    auto at = cache_control.find("max-age=");
    if (at == std::string_view::npos) return std::chrono::seconds(0);
    long seconds = 0;
    for (auto i = at + 8; i < cache_control.size() && cache_control[i] >= '0' && cache_control[i] <= '9'; ++i)
        seconds = std::min(seconds * 10 + (cache_control[i] - '0'), 86400L * 365);
    return std::chrono::seconds(seconds);
}

namespace {

constexpr std::size_t kMaxResponseBytes = 4 * 1024 * 1024;

http::request<http::string_body> make_request(const Url& base, const std::string& method,
                                              const std::string& target, const std::string& body,
                                              const Headers& headers) {
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(base.path + target);
    req.version(11);
    req.set(http::field::host, base.host);
    req.set(http::field::user_agent, "masscivic-bot");
    req.set(http::field::connection, "close");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == "POST") {
        req.body() = body;
        req.prepare_payload();
    }
    return req;
}

// Write the request and read the answer on an already connected stream.
template <class Stream>
void exchange(Stream& stream, http::request<http::string_body>& req, beast::flat_buffer& buffer,
              http::response_parser<http::string_body>& parser, beast::error_code& result) {
    http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) {
            result = ec;
            return;
        }
        http::async_read(stream, buffer, parser,
                         [&](beast::error_code ec2, std::size_t) { result = ec2; });
    });
}

}  // namespace

HttpResult http_request(const Url& base, const std::string& method, const std::string& target,
                        const std::string& body, const Headers& headers,
                        std::chrono::milliseconds timeout) {
    HttpResult out;
    try {
        asio::io_context ioc;
        auto req = make_request(base, method, target, body, headers);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxResponseBytes);
        beast::error_code result = asio::error::would_block;
        tcp::resolver resolver(ioc);
        std::string host = base.host;
        if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);

        // Built only for https: creating an SSL context costs more than a loopback request.
        std::optional<asio::ssl::context> tls;
        std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
        std::optional<beast::tcp_stream> plain;
        beast::tcp_stream* lowest;
        if (base.scheme == "https") {
            tls.emplace(asio::ssl::context::tls_client);
            tls->set_default_verify_paths();
            tls->set_verify_mode(asio::ssl::verify_peer);
            secure.emplace(ioc, *tls);
            SSL_set_tlsext_host_name(secure->native_handle(), host.c_str());
            secure->set_verify_callback(asio::ssl::host_name_verification(host));
            lowest = &beast::get_lowest_layer(*secure);
        } else {
            plain.emplace(ioc);
            lowest = &*plain;
        }
        lowest->expires_after(timeout);  // one deadline for the whole exchange
        resolver.async_resolve(host, base.port, [&](beast::error_code ec, tcp::resolver::results_type r) {
            if (ec) {
                result = ec;
                return;
            }
            lowest->async_connect(r, [&](beast::error_code ec2, const tcp::endpoint&) {
                if (ec2) {
                    result = ec2;
                    return;
                }
                if (!secure) return exchange(*plain, req, buffer, parser, result);
                secure->async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec3) {
                    if (ec3) {
                        result = ec3;
                        return;
                    }
                    exchange(*secure, req, buffer, parser, result);
                });
            });
        });
        // The resolver is not covered by the stream's timer; bound the whole run as well.
        ioc.run_for(timeout + std::chrono::milliseconds(200));
        if (result == asio::error::would_block) {
            out.error = "timed out";
            return out;
        }
        if (result && result != http::error::end_of_stream) {
            out.error = result.message();
            return out;
        }
        out.status = static_cast<int>(parser.get().result_int());
        out.etag = std::string(parser.get()[http::field::etag]);
        out.cache_control = std::string(parser.get()[http::field::cache_control]);
        out.body = std::move(parser.get().body());
    } catch (const std::exception& e) {
        out.status = 0;
        out.error = e.what();
    }
    return out;
}

HttpLookupClient::HttpLookupClient(Url server, LookupClientOptions options)
    : server_(std::move(server)), options_(options) {}

HttpLookupClient::~HttpLookupClient() = default;

std::unique_ptr<KeepAliveConnection> HttpLookupClient::acquire() {
    std::unique_lock lock(slots_mu_);
    if (!slots_cv_.wait_for(lock, options_.timeout, [&] { return in_flight_ < options_.connections; }))
        return nullptr;
    ++in_flight_;
    if (idle_.empty()) return std::make_unique<KeepAliveConnection>();
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
}

void HttpLookupClient::release(std::unique_ptr<KeepAliveConnection> connection) {
    std::vector<std::unique_ptr<KeepAliveConnection>> closing;
    {
        std::lock_guard lock(slots_mu_);
        --in_flight_;
        if (connection->open()) idle_.push_back(std::move(connection));
        // Connections are kept only while lookups follow each other: cpp-httplib holds a
        // thread per open connection and its stop() waits out an idle one (5 s), so a quiet
        // bot holds none open; a burst reuses them.
        if (in_flight_ == 0) closing.swap(idle_);
    }
    slots_cv_.notify_one();
    // `closing` and `connection` close their sockets here, outside the lock.
}

HttpResult HttpLookupClient::fetch(const std::string& target) {
    const Headers accept{{"Accept", "application/json"}};
    auto connection = acquire();
    if (!connection) return HttpResult{0, "", "timed out waiting for a free connection", {}, {}};
    HttpResult res;
    // TLS stays one connection per request, as before: the pool keeps plain connections,
    // which is what a bot beside its lookup server (loopback or a private network) uses.
    if (server_.scheme == "https")
        res = http_request(server_, "GET", target, "", accept, options_.timeout);
    else
        res = connection->get(server_, target, accept, options_.timeout);
    release(std::move(connection));
    return res;
}

std::optional<ApiResult> HttpLookupClient::cached(const std::string& target) {
    if (options_.cache_ttl.count() == 0) return std::nullopt;
    std::lock_guard lock(mu_);
    auto it = cache_.find(target);
    if (it == cache_.end()) return std::nullopt;
    if (std::chrono::steady_clock::now() - it->second.at > options_.cache_ttl) {
        order_.erase(it->second.order);
        cache_.erase(it);
        return std::nullopt;
    }
    return it->second.result;
}

void HttpLookupClient::remember(const std::string& target, const ApiResult& result) {
    if (options_.cache_ttl.count() == 0) return;
    std::lock_guard lock(mu_);
    if (cache_.count(target)) return;
    while (cache_.size() >= options_.cache_entries && !order_.empty()) {
        cache_.erase(order_.front());
        order_.pop_front();
    }
    order_.push_back(target);
    cache_[target] = Entry{result, std::chrono::steady_clock::now(), std::prev(order_.end())};
}

RawResult HttpLookupClient::get_raw(const std::string& target) {
    auto res = fetch(target);
    return {res.status, std::move(res.body)};
}

ApiResult HttpLookupClient::get(const std::string& target) {
    if (auto hit = cached(target)) return *hit;
    auto wait = options_.backoff;
    ApiResult last;
    for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
        auto res = fetch(target);
        last = res.status == 0 ? ApiResult{} : make_result_in_place(res.status, std::move(res.body));
        last.data_version = std::move(res.etag);
        last.max_age = max_age_of(res.cache_control);
        // Only a server that may recover is worth asking again (down, overloaded, 5xx).
        if (last.kind != ApiResult::Kind::unavailable) break;
        if (attempt < options_.attempts) {
            std::this_thread::sleep_for(wait);
            wait *= 2;
        }
    }
    if (last.kind == ApiResult::Kind::ok || last.kind == ApiResult::Kind::not_found)
        remember(target, last);
    return last;
}

}  // namespace masscivic::bot
