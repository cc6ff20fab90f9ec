// The lookup server's HTTP/1.1 layer: Boost.Beast over Asio, one io_context per thread.
// Each request is read, handed to the application and answered on the thread that read
// it, so a connection costs memory, not a thread: slow or idle clients do not hold workers (cpp-httplib, used before, kept a thread per open connection and topped
// out at 0.6x of nginx on /healthz; see docs/DEPLOY.md).
//
// What the server does itself: framing (Content-Length, chunked requests, keep-alive,
// pipelining, HEAD), the limits below, timeouts, and a graceful stop. Everything about
// what to answer is the application's (HttpApp), including the bodies of the errors the
// server detects.
#pragma once

#include "http_message.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace masscivic::server {

class HttpApp {
  public:
    virtual ~HttpApp() = default;
    // `req` is the application's to annotate (routing sets req.matches).
    virtual void handle(HttpRequest& req, HttpResponse& res) = 0;
    // A request the server refused before the application saw it: 400 (unreadable),
    // 413 (body over the limit), 414 (target over the limit), 431 (a header line over the
    // limit, or the header section), 500 (handle threw). `req` holds what could be read,
    // at least remote_addr. The connection closes after this response.
    virtual void reject(int status, const HttpRequest& req, HttpResponse& res) = 0;
    // True for a request that may take long (a reload, a large export): it is answered on a
    // separate pool, so the other connections of the thread that read it are not held up.
    virtual bool may_block(const HttpRequest& req) const {
        (void)req;
        return false;
    }
};

struct HttpLimits {
    std::size_t max_target_bytes = 8192;       // request line's target (then 414)
    std::size_t max_header_line_bytes = 8192;  // one header field (then 431)
    std::size_t max_header_bytes = 64 * 1024;  // the whole header section (then 431)
    std::size_t max_body_bytes = 64 * 1024;    // (then 413)
    // Whole request, from its first byte (or from the end of the previous response on a
    // kept-alive connection) to its last: a client that trickles bytes is cut off.
    std::chrono::seconds read_timeout{10};
    std::chrono::seconds write_timeout{10};
    // On stop, in-flight requests get this long to finish before the threads are stopped.
    std::chrono::seconds drain_timeout{10};
};

class HttpServer {
  public:
    HttpServer(HttpApp& app, unsigned threads, HttpLimits limits = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and listens (port 0: any free port); returns the port. Throws std::runtime_error.
    unsigned short listen(const std::string& host, unsigned short port);
    void start();  // starts the threads; returns at once
    // Thread-safe, idempotent: stops accepting, closes idle connections, lets responses in
    // progress go out.
    void stop();
    void wait();  // returns once stopped and every thread has finished

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace masscivic::server
