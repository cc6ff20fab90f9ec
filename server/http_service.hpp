// The HTTP layer: parses parameters, calls the Lookup facade, renders JSON. Also the
// cross-cutting parts: request ids, access log, metrics, rate limit, CORS, ETag, the
// response cache, and hot reload of the database.
#pragma once

#include "http_server.hpp"
#include "lookup.hpp"
#include "metrics.hpp"
#include "rate_limiter.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>


namespace masscivic::server {

struct ServiceOptions {
    std::filesystem::path db_path = "var/masscivic.db";
    std::filesystem::path toolkits_path; // empty: the toolkits stored in the database
    std::filesystem::path openapi_path; // served at /openapi.json
    unsigned rate_limit_per_minute = 0; // 0: no limit
    std::string cors_origin;            // empty: no CORS headers
    std::size_t cache_entries = 20000;  // rendered responses kept per dataset; 0: none
    std::ostream* access_log = nullptr; // nullptr: no access log
};

// The route pattern a path belongs to (used for metrics and the access log, so raw
// paths, which may carry names typed by users, are never recorded).
std::string route_pattern(const std::string& path);
// Every route the service answers, as documented in openapi.json.
const std::vector<std::string>& known_routes();

// Every route of the API; served by an HttpServer (http_server.hpp).
class Service : public HttpApp {
  public:
    explicit Service(ServiceOptions options);
    void handle(HttpRequest& req, HttpResponse& res) override;
    void reject(int status, const HttpRequest& req, HttpResponse& res) override;
    // A reload (about 0.6 s) and the exports (tens of MB, built on first use).
    bool may_block(const HttpRequest& req) const override;
    // Loads the database at db_path and swaps it in; on failure keeps serving the old one
    // and returns the reason ("" on success).
    std::string reload();
    std::shared_ptr<const Lookup> current() const;

  private:
    struct Reply {
        int status = 200;
        std::string body;
        std::string content_type = "application/json; charset=utf-8";
        bool personal = false;   // a street address: Cache-Control private, never cached here
        bool negotiated = false; // the format depends on Accept (Vary: Accept)
        std::string download_name{}; // set: Content-Disposition: attachment
    };
    using Handler = std::function<Reply(const Lookup&, const HttpRequest&)>;
    using Responder = std::function<void(const HttpRequest&, HttpResponse&)>;
    // A path matched exactly, or (when it has a "(") as a regular expression whose
    // captures land in HttpRequest::matches.
    struct Route {
        std::string method; // GET routes answer HEAD too
        std::string pattern;
        std::optional<std::regex> regex;
        Responder respond;
    };

    void add_routes();
    void add_route(const std::string& method, const std::string& pattern, Responder respond);
    void data_route(const std::string& pattern, Handler handler, bool cacheable);
    void serve_data(const Handler& handler, bool cacheable, const HttpRequest& req,
                    HttpResponse& res);
    // Finds the route of req and answers; false when no route matches.
    bool dispatch(HttpRequest& req, HttpResponse& res);
    void send(const HttpRequest& req, HttpResponse& res, const Reply& reply) const;
    // With the body given (shared with the cache, or moved out of the reply).
    void send(const HttpRequest& req, HttpResponse& res, const Reply& reply,
              std::shared_ptr<const std::string> body) const;
    // The pre-routing checks; true when one of them has answered the request.
    bool answered_before_routing(const HttpRequest& req, HttpResponse& res);
    void options(HttpResponse& res, const std::string& allow) const;
    void on_request_start(const HttpRequest& req, HttpResponse& res);
    void on_logged(const HttpRequest& req, const HttpResponse& res);
    static Reply error_reply(const Error& e, bool with_status = false);
    // The error shape of the route `path` belongs to (Google's envelope under /civicinfo/).
    static Reply error_for(const std::string& path, const Error& e);
    std::shared_ptr<const Reply> cache_get(const std::string& key) const;
    void cache_put(const Lookup& lookup, const std::string& key, const Reply& reply);

    ServiceOptions options_;
    mutable std::mutex lookup_mutex_;
    std::shared_ptr<const Lookup> lookup_;
    std::mutex reload_mutex_;
    Metrics metrics_;
    RateLimiter limiter_;
    std::string openapi_, openapi_etag_;
    std::chrono::steady_clock::time_point started_;
    std::atomic<unsigned long long> next_request_{1};
    std::string id_prefix_;  // "<16 random hex digits>-": request ids are it and a sequence number

    std::vector<Route> routes_;

    mutable std::shared_mutex cache_mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Reply>> cache_;
};

} // namespace masscivic::server
