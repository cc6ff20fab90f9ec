#include "http_service.hpp"

#include "civicinfo.hpp"
#include "csv.hpp"
#include "http_rules.hpp"
#include "json_render.hpp"
#include "text.hpp"

#include <httplib.h>

#include <algorithm>
#include <ctime>
#include <initializer_list>
#include <iomanip>
#include <ostream>
#include <random>
#include <set>
#include <sstream>

namespace masscivic::server {

namespace {

// Per-thread start time of the request being served: httplib runs a request's handlers
// and its logger on one worker thread.
thread_local std::chrono::steady_clock::time_point t_request_started;

constexpr std::size_t kMaxBodyBytes = 64 * 1024;
// All request header fields together (httplib limits each line to 8 KiB, not their sum).
constexpr std::size_t kMaxHeaderBytes = 32 * 1024;
// Smaller bodies are sent as they are: gzip would save next to nothing.
constexpr std::size_t kMinGzipBytes = 256;

void add_vary(httplib::Response& res, const std::string& field) {
    std::string vary = res.get_header_value("Vary");
    if (vary.find(field) != std::string::npos) return;
    res.set_header("Vary", vary.empty() ? field : vary + ", " + field);
}

// The body goes out through a content provider of known length, so httplib applies
// neither its own compression (exact "application/json" only, Accept-Encoding read by
// substring) nor Range slicing to it: both are decided here (http_rules.hpp).
void set_body(const httplib::Request& req, httplib::Response& res, std::string body,
              const std::string& content_type) {
    if (is_compressible(content_type)) {
        add_vary(res, "Accept-Encoding");
        if (body.size() >= kMinGzipBytes && accepts_gzip(req.get_header_value("Accept-Encoding")))
            if (auto z = gzip(body)) {
                body = std::move(*z);
                res.set_header("Content-Encoding", "gzip");
            }
    }
    if (body.empty()) {
        res.set_content("", content_type.c_str());
        return;
    }
    auto data = std::make_shared<const std::string>(std::move(body));
    res.set_content_provider(
        data->size(), content_type,
        [data](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            sink.write(data->data() + offset, std::min(length, data->size() - offset));
            return true;
        });
}

// A 304 has no content and so no Content-Length (httplib would add "Content-Length: 0"
// to an empty body; a length-less provider that ends at once stops it). httplib then
// insists on a Content-Type: the one of the representation, rather than its text/plain.
void set_no_body(httplib::Response& res, const std::string& content_type) {
    res.set_content_provider(content_type, [](std::size_t, httplib::DataSink& sink) {
        sink.done();
        return true;
    });
}

// Methods a route answers ("" for no such route).
std::string allowed_methods(const std::string& path) {
    std::string route = route_pattern(path);
    if (route == "other") return "";
    if (route == "/admin/reload") return "POST, OPTIONS";
    return "GET, HEAD, OPTIONS";
}

bool method_listed(const std::string& allow, const std::string& method) {
    for (const auto& m : split(allow, ','))
        if (trim(m) == method) return true;
    return false;
}

std::size_t header_bytes(const httplib::Request& req) {
    std::size_t n = 0;
    for (const auto& [k, v] : req.headers)
        n += k.size() + v.size() + 4; // ": " and CRLF
    return n;
}

// Why the input is unusable (400), or "".
std::string input_problem(const httplib::Request& req) {
    if (!valid_percent_escapes(req.target))
        return "Malformed percent-escape in the URL (% must be followed by two hex digits).";
    if (has_control_characters(req.path)) return "Control characters are not allowed in the path.";
    for (const auto& [k, v] : req.params)
        if (has_control_characters(k) || has_control_characters(v))
            return (k.empty() || has_control_characters(k) ? std::string("A parameter") : k) +
                   ": control characters (such as NUL) are not allowed.";
    return "";
}

bool is_loopback(const std::string& addr) {
    return addr == "127.0.0.1" || addr == "::1" || addr == "::ffff:127.0.0.1" ||
           addr.rfind("127.", 0) == 0;
}

// A parameter given at most once; duplicates are an error rather than a silent pick.
Result<Text> param(const httplib::Request& req, const std::string& name) {
    auto n = req.get_param_value_count(name.c_str());
    if (n == 0) return Text();
    if (n > 1) return bad_parameter(name, "is given more than once");
    return Text(req.get_param_value(name.c_str()));
}

std::optional<Error> only_params(const httplib::Request& req,
                                 std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : req.params) {
        bool ok = false;
        for (const char* a : allowed)
            ok = ok || key == a;
        if (!ok) {
            std::string list;
            for (const char* a : allowed)
                list += (list.empty() ? "" : ", ") + std::string(a);
            return bad_parameter(key, "is not a parameter of this endpoint" +
                                          (list.empty() ? std::string(" (it takes none)")
                                                        : " (it takes " + list + ")"));
        }
    }
    return std::nullopt;
}

// Canonical cache key: path plus sorted parameters.
std::string cache_key(const httplib::Request& req) {
    std::string key = req.path;
    std::multiset<std::pair<std::string, std::string>> sorted(req.params.begin(), req.params.end());
    for (const auto& [k, v] : sorted)
        key += "\x1f" + k + "=" + v;
    return key;
}

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool sane_request_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

} // namespace

const std::vector<std::string>& known_routes() {
    static const std::vector<std::string> routes = {"/v1/lookup",
                                                    "/v1/municipalities",
                                                    "/v1/municipalities/{name}",
                                                    "/v1/districts/{ocd_id}",
                                                    "/v1/officials",
                                                    "/v1/toolkits",
                                                    "/v1/sponsors",
                                                    "/v1/local-actions",
                                                    "/v1/maps/local-actions.svg",
                                                    "/v1/maps/districts/{ocd_id}.svg",
                                                    "/v1/export/masscivic.db",
                                                    "/v1/export/{table}.csv",
                                                    "/civicinfo/v2/representatives",
                                                    "/civicinfo/v2/representatives/{ocdId}",
                                                    "/healthz",
                                                    "/metrics",
                                                    "/openapi.json",
                                                    "/admin/reload"};
    return routes;
}

std::string route_pattern(const std::string& path) {
    for (const auto& r : known_routes())
        if (r.find('{') == std::string::npos && path == r) return r;
    if (path.rfind("/v1/municipalities/", 0) == 0) return "/v1/municipalities/{name}";
    if (path.rfind("/v1/districts/", 0) == 0) return "/v1/districts/{ocd_id}";
    if (path.rfind("/v1/maps/districts/", 0) == 0 && path.size() > 23 &&
        path.compare(path.size() - 4, 4, ".svg") == 0)
        return "/v1/maps/districts/{ocd_id}.svg";
    if (path.rfind("/v1/export/", 0) == 0 && path.size() > 15 &&
        path.compare(path.size() - 4, 4, ".csv") == 0)
        return "/v1/export/{table}.csv";
    if (path.rfind("/civicinfo/v2/representatives/", 0) == 0)
        return "/civicinfo/v2/representatives/{ocdId}";
    return "other";
}

Service::Service(ServiceOptions options)
    : options_(std::move(options)), limiter_(options_.rate_limit_per_minute),
      started_(std::chrono::steady_clock::now()) {
    std::random_device rd;
    id_salt_ = (static_cast<unsigned long long>(rd()) << 32) ^ rd();
    if (!options_.openapi_path.empty() && std::filesystem::exists(options_.openapi_path)) {
        openapi_ = read_file(options_.openapi_path);
        std::ostringstream tag;
        tag << '"' << std::hex << std::hash<std::string>{}(openapi_) << '"';
        openapi_etag_ = tag.str();
    }
}

std::shared_ptr<const Lookup> Service::current() const {
    std::lock_guard lock(lookup_mutex_);
    return lookup_;
}

std::string Service::reload() {
    std::lock_guard serial(reload_mutex_);
    std::shared_ptr<const Lookup> fresh;
    try {
        fresh = Lookup::open({options_.db_path, options_.toolkits_path});
    } catch (const std::exception& e) {
        return e.what();
    }
    // Swap and drop cached replies together, so no reply rendered from the old data can
    // be cached after the swap (cache_put checks the current dataset under this lock).
    std::unique_lock cache_lock(cache_mutex_);
    {
        std::lock_guard lock(lookup_mutex_);
        lookup_ = std::move(fresh);
    }
    cache_.clear();
    return "";
}

std::shared_ptr<const Service::Reply> Service::cache_get(const std::string& key) const {
    if (options_.cache_entries == 0) return nullptr;
    std::shared_lock lock(cache_mutex_);
    auto it = cache_.find(key);
    return it == cache_.end() ? nullptr : it->second;
}

void Service::cache_put(const Lookup& lookup, const std::string& key, const Reply& reply) {
    if (options_.cache_entries == 0) return;
    std::unique_lock lock(cache_mutex_);
    if (current().get() != &lookup) return; // rendered from data that has been replaced
    // Crude but bounded: start over when full (the working set is small: 351 towns).
    if (cache_.size() >= options_.cache_entries) cache_.clear();
    cache_.emplace(key, std::make_shared<const Reply>(reply));
}

Service::Reply Service::error_reply(const Error& e, bool with_status) {
    return {error_info(e.code).http_status, render_error(e, with_status)};
}

Service::Reply Service::error_for(const std::string& path, const Error& e) {
    if (path.rfind("/civicinfo/", 0) == 0)
        return {error_info(e.code).http_status, render_google_error(e)};
    return error_reply(e);
}

void Service::send(const httplib::Request& req, httplib::Response& res, const Reply& reply) const {
    res.status = reply.status;
    if (reply.status != 200) res.set_header("Cache-Control", "no-store");
    if (reply.negotiated) add_vary(res, "Accept");
    if (!reply.download_name.empty())
        res.set_header("Content-Disposition",
                       "attachment; filename=\"" + reply.download_name + "\"");
    set_body(req, res, reply.body, reply.content_type);
}

void Service::data_route(httplib::Server& server, const std::string& pattern, Handler handler,
                         bool cacheable) {
    server.Get(pattern,
               [this, handler, cacheable](const httplib::Request& req, httplib::Response& res) {
                   auto lookup = current();
                   if (!lookup) {
                       send(req, res,
                            error_for(req.path, {ErrorCode::NoDatabase,
                                                 "No database is loaded yet; try again shortly."}));
                       return;
                   }
                   // Queries that may hold a street address are not kept in memory.
                   const bool may_hold_address = req.has_param("q") || req.has_param("address");
                   bool cache = cacheable && options_.cache_entries > 0 && !may_hold_address;
                   std::string key = cache ? cache_key(req) : std::string();
                   std::shared_ptr<const Reply> cached = cache ? cache_get(key) : nullptr;
                   Reply fresh;
                   if (!cached) {
                       fresh = handler(*lookup, req);
                       if (cache && (fresh.status == 200 || fresh.status == 404))
                           cache_put(*lookup, key, fresh);
                   }
                   const Reply& reply = cached ? *cached : fresh;
                   if (reply.status != 200) {
                       send(req, res, reply);
                       return;
                   }
                   // The ETag covers the dataset (and so every response it produces for this
                   // URL); a 304 keeps the validators and caching rules of the 200.
                   std::string etag = "W/\"" + lookup->fingerprint() + "\"";
                   res.set_header("ETag", etag);
                   res.set_header("Cache-Control",
                                  reply.personal ? "private, no-store" : "public, max-age=300");
                   res.set_header("X-Data-As-Of", lookup->data_as_of());
                   if (if_none_match_matches(req.get_header_value("If-None-Match"), etag)) {
                       res.status = 304;
                       if (is_compressible(reply.content_type)) add_vary(res, "Accept-Encoding");
                       if (reply.negotiated) add_vary(res, "Accept");
                       set_no_body(res, reply.content_type);
                       return;
                   }
                   send(req, res, reply);
               });
}

void Service::on_request_start(const httplib::Request& req, httplib::Response& res) {
    t_request_started = std::chrono::steady_clock::now();
    std::string id = req.get_header_value("X-Request-Id");
    if (!sane_request_id(id)) {
        std::ostringstream s;
        s << std::hex << std::setw(16) << std::setfill('0') << id_salt_ << "-" << std::dec
          << next_request_++;
        id = s.str();
    }
    res.set_header("X-Request-Id", id);
    res.set_header("Date", http_date_now());
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!options_.cors_origin.empty()) {
        res.set_header("Access-Control-Allow-Origin", options_.cors_origin);
        res.set_header("Access-Control-Expose-Headers", "ETag, X-Request-Id, X-Data-As-Of");
        add_vary(res, "Origin");
    }
}

bool Service::answered_before_routing(const httplib::Request& req, httplib::Response& res) {
    // httplib hands its own, non-const Request here as const. Clearing the parsed Range
    // is the one way to keep 0.11.4 from slicing bodies (200 with a partial body): ranges
    // are not supported, so Range is ignored (RFC 9110 14.2) and Accept-Ranges says so.
    auto& mutable_req = const_cast<httplib::Request&>(req);
    mutable_req.ranges.clear();
    res.set_header("Accept-Ranges", "none");
    if (header_bytes(req) > kMaxHeaderBytes) {
        send(req, res, error_for(req.path, {ErrorCode::HeadersTooLarge,
                                            "Request header fields too large (over 32 KiB)."}));
        res.set_header("Connection", "close");
        return true;
    }
    if (!limiter_.allow(req.remote_addr)) {
        send(req, res,
             error_for(req.path, {ErrorCode::RateLimited,
                                  "Too many requests from your address; wait a minute and "
                                  "try again."}));
        res.set_header("Retry-After", "60");
        return true;
    }
    if (auto why = input_problem(req); !why.empty()) {
        send(req, res, error_for(req.path, {ErrorCode::BadParameter, why}));
        return true;
    }
    std::string allow = allowed_methods(req.path);
    if (allow.empty()) return false; // httplib answers 404 (error handler)
    if (req.method == "OPTIONS") {
        options(req, res, allow);
        return true;
    }
    if (!method_listed(allow, req.method)) {
        send(req, res, error_for(req.path, {ErrorCode::MethodNotAllowed,
                                            req.method + " is not allowed here; use " + allow +
                                                "."}));
        res.set_header("Allow", allow);
        return true;
    }
    // A POST with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112
    // 6.3); httplib would answer 400 waiting for one.
    if (req.method == "POST" && !req.has_header("Content-Length") &&
        !req.has_header("Transfer-Encoding"))
        mutable_req.headers.emplace("Content-Length", "0");
    return false;
}

// OPTIONS: the methods of the route; a CORS preflight answer only when CORS is configured.
void Service::options(const httplib::Request&, httplib::Response& res,
                      const std::string& allow) const {
    res.status = 204;
    res.set_header("Allow", allow);
    if (options_.cors_origin.empty()) return;
    res.set_header("Access-Control-Allow-Methods", allow);
    res.set_header("Access-Control-Allow-Headers", "Content-Type, If-None-Match, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
}

void Service::on_logged(const httplib::Request& req, const httplib::Response& res) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_started).count();
    std::string route = route_pattern(req.path);
    metrics_.record(route, res.status, seconds);
    if (!options_.access_log) return;
    // The route pattern, never the path or query: both can hold what a person typed.
    std::ostringstream line;
    line << utc_now() << " " << res.get_header_value("X-Request-Id") << " " << req.remote_addr
         << " " << req.method << " " << route << " " << res.status << " " << std::fixed
         << std::setprecision(2) << seconds * 1000 << "ms\n";
    static std::mutex log_mutex;
    std::lock_guard lock(log_mutex);
    *options_.access_log << line.str() << std::flush;
}

void Service::install(httplib::Server& server) {
    server.set_payload_max_length(kMaxBodyBytes);
    // Without TCP_NODELAY, Nagle + delayed ACK add ~40 ms to every keep-alive response
    // (httplib writes headers and body separately).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100000);
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        on_request_start(req, res);
        return answered_before_routing(req, res) ? httplib::Server::HandlerResponse::Handled
                                                 : httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) { on_logged(req, res); });
    // Statuses httplib produces itself (unknown route, 413, 414, ...) get a JSON body too.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
            // Our own replies always carry a Content-Type; httplib's statuses have none.
            if (!res.body.empty() || res.has_header("Content-Type"))
                return httplib::Server::HandlerResponse::Unhandled;
            // A 400 before pre-routing ran, on a request line that parsed: the header
            // section could not be read, which in httplib means a line over 8 KiB.
            bool routed = res.has_header("X-Request-Id");
            if (!routed) on_request_start(req, res);
            if (res.status == 400 && !routed && !req.method.empty()) res.status = 431;
            ErrorCode code = ErrorCode::NotFound;
            std::string message = "No such endpoint; see /openapi.json.";
            switch (res.status) {
            case 400: code = ErrorCode::BadParameter, message = "Malformed request."; break;
            case 405: code = ErrorCode::MethodNotAllowed, message = "Method not allowed."; break;
            case 413: code = ErrorCode::PayloadTooLarge, message = "Request body too large."; break;
            case 414: code = ErrorCode::UriTooLong, message = "Request URI too long."; break;
            case 431:
                code = ErrorCode::HeadersTooLarge;
                message = "Request header fields too large (a line over 8 KiB).";
                break;
            case 404: break;
            default:
                if (res.status >= 500)
                    code = ErrorCode::Internal, message = "Internal error.";
                else
                    code = ErrorCode::BadParameter, message = "Bad request.";
            }
            int status = res.status;
            send(req, res, error_for(req.path, {code, message}));
            res.status = status;
            return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "unknown";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            if (options_.access_log) *options_.access_log << "internal error: " << what << "\n";
            send(req, res, error_for(req.path, {ErrorCode::Internal, "Internal error."}));
        });
    data_route(
        server, "/v1/lookup",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"town", "ward", "precinct", "zip", "lat", "lon", "q",
                                           "address"}))
                return error_reply(*e);
            LookupRequest r;
            for (auto [name, field] : {std::pair{"town", &r.town},
                                       {"ward", &r.ward},
                                       {"precinct", &r.precinct},
                                       {"zip", &r.zip},
                                       {"lat", &r.lat},
                                       {"lon", &r.lon},
                                       {"q", &r.q},
                                       {"address", &r.address}}) {
                auto v = param(req, name);
                if (!v) return error_reply(v.error());
                *field = *v;
            }
            auto a = l.lookup(r);
            if (!a) return error_reply(a.error(), a.error().code == ErrorCode::NotFound);
            Reply reply{200, render(*a)};
            reply.personal = a->query.interpreted_as == "address";
            return reply;
        },
        true);

    data_route(
        server, "/v1/municipalities",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"county", "legislative_body", "form_of_government"}))
                return error_reply(*e);
            MunicipalityFilter f;
            for (auto [name, field] : {std::pair{"county", &f.county},
                                       {"legislative_body", &f.legislative_body},
                                       {"form_of_government", &f.form_of_government}}) {
                auto v = param(req, name);
                if (!v) return error_reply(v.error());
                *field = *v;
            }
            auto list = l.municipalities(f);
            if (!list) return error_reply(list.error());
            return {200, render(*list)};
        },
        true);

    data_route(
        server, R"(/v1/municipalities/([^/]+))",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            auto m = l.municipality(req.matches[1].str());
            if (!m) return error_reply(m.error());
            return {200, render(*m)};
        },
        true);

    data_route(
        server, R"(/v1/districts/(.+))",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            auto d = l.district(req.matches[1].str());
            if (!d) return error_reply(d.error());
            return {200, render(*d)};
        },
        true);

    data_route(
        server, "/v1/officials",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(
                    req, {"q", "chamber", "party", "committee", "town", "page", "per_page"}))
                return error_reply(*e);
            OfficialQuery q;
            for (auto [name, field] : {std::pair{"q", &q.q},
                                       {"chamber", &q.chamber},
                                       {"party", &q.party},
                                       {"committee", &q.committee},
                                       {"town", &q.town},
                                       {"page", &q.page},
                                       {"per_page", &q.per_page}}) {
                auto v = param(req, name);
                if (!v) return error_reply(v.error());
                *field = *v;
            }
            auto page = l.officials(q);
            if (!page) return error_reply(page.error());
            return {200, render(*page)};
        },
        true);

    data_route(
        server, "/v1/toolkits",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"town"})) return error_reply(*e);
            auto town = param(req, "town");
            if (!town) return error_reply(town.error());
            auto t = l.toolkits(*town);
            if (!t) return error_reply(t.error());
            return {200, render(*t)};
        },
        true);

    // Not cached: the same URL answers JSON or CSV depending on the Accept header.
    data_route(
        server, "/v1/sponsors",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"toolkit", "town", "bill", "format"}))
                return error_reply(*e);
            SponsorQuery q;
            for (auto [name, field] :
                 {std::pair{"toolkit", &q.toolkit}, {"town", &q.town}, {"bill", &q.bill}}) {
                auto v = param(req, name);
                if (!v) return error_reply(v.error());
                *field = *v;
            }
            auto format = param(req, "format");
            if (!format) return error_reply(format.error());
            if (*format && **format != "csv" && **format != "json")
                return error_reply(bad_parameter("format", "use csv or json"));
            bool csv = *format
                           ? **format == "csv"
                           : req.get_header_value("Accept").find("text/csv") != std::string::npos;
            auto list = l.sponsors(q);
            if (!list) return error_reply(list.error());
            Reply reply{200, csv ? render_csv(*list) : render(*list)};
            if (csv) reply.content_type = "text/csv; charset=utf-8";
            reply.negotiated = !*format; // no format=: the Accept header chose
            return reply;
        },
        false);

    // Not cached, like /v1/sponsors: JSON or CSV by the Accept header.
    data_route(
        server, "/v1/local-actions",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"topic", "status", "county", "format"}))
                return error_reply(*e);
            LocalActionQuery q;
            for (auto [name, field] :
                 {std::pair{"topic", &q.topic}, {"status", &q.status}, {"county", &q.county}}) {
                auto v = param(req, name);
                if (!v) return error_reply(v.error());
                *field = *v;
            }
            auto format = param(req, "format");
            if (!format) return error_reply(format.error());
            if (*format && **format != "csv" && **format != "json")
                return error_reply(bad_parameter("format", "use csv or json"));
            bool csv = *format
                           ? **format == "csv"
                           : req.get_header_value("Accept").find("text/csv") != std::string::npos;
            auto list = l.local_actions(q);
            if (!list) return error_reply(list.error());
            if (csv) return {200, render_csv(*list), "text/csv; charset=utf-8"};
            return {200, render(*list)};
        },
        false);

    // Maps (maps.cpp): each drawing is rendered once per dataset and kept by the facade, so
    // not kept again in the response cache. A marked point is a place someone asked about.
    data_route(
        server, "/v1/maps/local-actions.svg",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"topic"})) return error_reply(*e);
            auto topic = param(req, "topic");
            if (!topic) return error_reply(topic.error());
            auto svg = l.local_actions_map(*topic);
            if (!svg) return error_reply(svg.error());
            return {200, **svg, "image/svg+xml"};
        },
        false);

    data_route(
        server, R"(/v1/maps/districts/(.+)\.svg)",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {"lat", "lon"})) return error_reply(*e);
            auto lat = param(req, "lat");
            if (!lat) return error_reply(lat.error());
            auto lon = param(req, "lon");
            if (!lon) return error_reply(lon.error());
            auto svg = l.district_map(req.matches[1].str(), *lat, *lon);
            if (!svg) return error_reply(svg.error());
            Reply reply{200, **svg, "image/svg+xml"};
            reply.personal = lat->has_value();
            return reply;
        },
        false);

    // Bulk export: the database as loaded, and each public table as CSV (built once per
    // dataset by the facade, so not kept again in the response cache).
    data_route(
        server, "/v1/export/masscivic.db",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            Reply reply{200, *l.export_database(), "application/vnd.sqlite3"};
            reply.download_name = "masscivic.db";
            return reply;
        },
        false);

    data_route(
        server, R"(/v1/export/([a-z_]+)\.csv)",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            auto csv = l.export_csv(req.matches[1].str());
            if (!csv) return error_reply(csv.error());
            Reply reply{200, **csv, "text/csv; charset=utf-8"};
            reply.download_name = req.matches[1].str() + ".csv";
            return reply;
        },
        false);

    // Google's civicinfo v2: by address (street addresses are not cached) and by division.
    data_route(
        server, "/civicinfo/v2/representatives",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            auto google = [](Error e) { return error_for("/civicinfo/", e); };
            auto r = parse_civic_request(req.params, false);
            if (!r) return google(r.error());
            LookupRequest lr;
            lr.q = r->address;
            auto a = l.lookup(lr);
            if (!a) {
                Error e = a.error();
                if (e.message.rfind("q:", 0) == 0) e.message = "address" + e.message.substr(1);
                return google(e);
            }
            if (a->status == "suggestions") return google(not_found(a->query.explanation));
            auto body = render_civicinfo(*a, *r);
            Reply reply{200, body.text, body.content_type};
            reply.personal = a->query.interpreted_as == "address";
            return reply;
        },
        false);

    data_route(
        server, R"(/civicinfo/v2/representatives/(.+))",
        [](const Lookup& l, const httplib::Request& req) -> Reply {
            auto google = [](Error e) { return error_for("/civicinfo/", e); };
            auto r = parse_civic_request(req.params, true);
            if (!r) return google(r.error());
            auto d = l.division(req.matches[1].str(), r->recursive);
            if (!d) {
                Error e = d.error();
                if (e.message.rfind("ocd_id:", 0) == 0) e.message = "ocdId" + e.message.substr(6);
                return google(e);
            }
            auto body = render_civicinfo(*d, *r);
            return {200, body.text, body.content_type};
        },
        true);

    server.Get("/healthz", [this](const httplib::Request& req, httplib::Response& res) {
        auto lookup = current();
        if (!lookup) {
            send(req, res, error_reply({ErrorCode::NoDatabase, "No database is loaded."}));
            return;
        }
        std::string body = R"({"status":"ok","data_as_of":")" + lookup->data_as_of() +
                           R"(","municipalities":)" + std::to_string(lookup->municipality_count()) +
                           "}";
        send(req, res, {200, body});
        res.set_header("Cache-Control", "no-store");
    });

    server.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
        auto lookup = current();
        double up =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        send(req, res,
             {200, metrics_.text(lookup ? lookup->data_as_of() : "", bool(lookup), up),
              "text/plain; version=0.0.4; charset=utf-8"});
        res.set_header("Cache-Control", "no-store");
    });

    server.Get("/openapi.json", [this](const httplib::Request& req, httplib::Response& res) {
        if (openapi_.empty()) {
            send(req, res, error_reply(not_found("The OpenAPI file is not available.")));
            return;
        }
        res.set_header("ETag", openapi_etag_);
        res.set_header("Cache-Control", "public, max-age=300");
        if (if_none_match_matches(req.get_header_value("If-None-Match"), openapi_etag_)) {
            res.status = 304;
            add_vary(res, "Accept-Encoding");
            set_no_body(res, "application/json; charset=utf-8");
            return;
        }
        send(req, res, {200, openapi_});
    });

    server.Post("/admin/reload", [this](const httplib::Request& req, httplib::Response& res) {
        if (!is_loopback(req.remote_addr)) {
            send(req, res,
                 error_reply({ErrorCode::Forbidden, "Reload is allowed from loopback only."}));
            return;
        }
        auto why = reload();
        if (!why.empty()) {
            send(req, res,
                 error_reply({ErrorCode::NoDatabase,
                              "Reload failed; still serving the previous data: " + why}));
            return;
        }
        send(req, res,
             {200, R"({"reloaded":true,"data_as_of":")" + current()->data_as_of() + "\"}"});
    });
}

} // namespace masscivic::server
