#include "http_service.hpp"

#include "civicinfo.hpp"
#include "csv.hpp"
#include "http_rules.hpp"
#include "json_render.hpp"
#include "text.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <iomanip>
#include <ostream>
#include <random>
#include <set>
#include <sstream>

namespace masscivic::server {

namespace {

// All request header fields together (the server limits each line to 8 KiB).
constexpr std::size_t kMaxHeaderBytes = 32 * 1024;
// Smaller bodies are sent as they are: gzip would save next to nothing.
constexpr std::size_t kMinGzipBytes = 256;

void add_vary(HttpResponse& res, const std::string& field) {
    std::string vary = res.header("Vary");
    if (vary.find(field) != std::string::npos) return;
    res.set_header("Vary", vary.empty() ? field : vary + ", " + field);
}

// Compression is decided here (http_rules.hpp), by content type and Accept-Encoding.
void set_body(const HttpRequest& req, HttpResponse& res, std::shared_ptr<const std::string> body,
              const std::string& content_type) {
    if (is_compressible(content_type)) {
        add_vary(res, "Accept-Encoding");
        if (body->size() >= kMinGzipBytes && accepts_gzip(req.header("Accept-Encoding")))
            if (auto z = gzip(*body)) {
                body = std::make_shared<const std::string>(std::move(*z));
                res.set_header("Content-Encoding", "gzip");
            }
    }
    res.set_header("Content-Type", content_type);
    res.body = std::move(body);
}

// A 304 has no content and so no Content-Length; it keeps the Content-Type of the
// representation.
void set_no_body(HttpResponse& res, const std::string& content_type) {
    res.set_header("Content-Type", content_type);
    res.body.reset();
    res.has_content = false;
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

std::size_t header_bytes(const HttpRequest& req) {
    std::size_t n = 0;
    for (const auto& [k, v] : req.headers)
        n += k.size() + v.size() + 4; // ": " and CRLF
    return n;
}

// Why the input is unusable (400), or "".
std::string input_problem(const HttpRequest& req) {
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
Result<Text> param(const HttpRequest& req, const std::string& name) {
    auto n = req.param_count(name);
    if (n == 0) return Text();
    if (n > 1) return bad_parameter(name, "is given more than once");
    return Text(req.param(name));
}

std::optional<Error> only_params(const HttpRequest& req,
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

// Canonical cache key: path plus the parameters (a multimap: sorted by name).
std::string cache_key(const HttpRequest& req) {
    std::string key = req.path;
    for (const auto& [k, v] : req.params) {
        key += '\x1f';
        key += k;
        key += '=';
        key += v;
    }
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
    char salt[20];
    std::snprintf(salt, sizeof salt, "%016llx-", (static_cast<unsigned long long>(rd()) << 32) ^ rd());
    id_prefix_ = salt;
    if (!options_.openapi_path.empty() && std::filesystem::exists(options_.openapi_path)) {
        openapi_ = read_file(options_.openapi_path);
        std::ostringstream tag;
        tag << '"' << std::hex << std::hash<std::string>{}(openapi_) << '"';
        openapi_etag_ = tag.str();
    }
    add_routes();
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

void Service::send(const HttpRequest& req, HttpResponse& res, const Reply& reply) const {
    send(req, res, reply, std::make_shared<const std::string>(reply.body));
}

void Service::send(const HttpRequest& req, HttpResponse& res, const Reply& reply,
                   std::shared_ptr<const std::string> body) const {
    res.status = reply.status;
    if (reply.status != 200) res.set_header("Cache-Control", "no-store");
    if (reply.negotiated) add_vary(res, "Accept");
    if (!reply.download_name.empty())
        res.set_header("Content-Disposition",
                       "attachment; filename=\"" + reply.download_name + "\"");
    set_body(req, res, std::move(body), reply.content_type);
}

void Service::add_route(const std::string& method, const std::string& pattern,
                        Responder respond) {
    Route route{method, pattern, std::nullopt, std::move(respond)};
    if (pattern.find('(') != std::string::npos) route.regex.emplace(pattern);
    routes_.push_back(std::move(route));
}

void Service::data_route(const std::string& pattern, Handler handler, bool cacheable) {
    add_route("GET", pattern,
              [this, handler = std::move(handler), cacheable](const HttpRequest& req,
                                                              HttpResponse& res) {
                  serve_data(handler, cacheable, req, res);
              });
}

void Service::serve_data(const Handler& handler, bool cacheable, const HttpRequest& req,
                         HttpResponse& res) {
    auto lookup = current();
    if (!lookup) {
        send(req, res,
             error_for(req.path,
                       {ErrorCode::NoDatabase, "No database is loaded yet; try again shortly."}));
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
        if (cache && (fresh.status == 200 || fresh.status == 404)) cache_put(*lookup, key, fresh);
    }
    const Reply& reply = cached ? *cached : fresh;
    // The body goes out without a copy: from the cache, or moved out of the fresh reply.
    auto body = cached ? std::shared_ptr<const std::string>(cached, &cached->body)
                       : std::make_shared<const std::string>(std::move(fresh.body));
    if (reply.status != 200) {
        send(req, res, reply, std::move(body));
        return;
    }
    // The ETag covers the dataset (and so every response it produces for this URL); a 304
    // keeps the validators and caching rules of the 200.
    std::string etag = "W/\"" + lookup->fingerprint() + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", reply.personal ? "private, no-store" : "public, max-age=300");
    res.set_header("X-Data-As-Of", lookup->data_as_of());
    if (if_none_match_matches(req.header("If-None-Match"), etag)) {
        res.status = 304;
        if (is_compressible(reply.content_type)) add_vary(res, "Accept-Encoding");
        if (reply.negotiated) add_vary(res, "Accept");
        set_no_body(res, reply.content_type);
        return;
    }
    send(req, res, reply, std::move(body));
}

bool Service::dispatch(HttpRequest& req, HttpResponse& res) {
    std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
    for (const auto& route : routes_) {
        if (route.method != method) continue;
        if (!route.regex) {
            if (req.path != route.pattern) continue;
        } else {
            std::smatch m;
            if (!std::regex_match(req.path, m, *route.regex)) continue;
            req.matches.assign(m.begin(), m.end());
        }
        route.respond(req, res);
        return true;
    }
    return false;
}

void Service::handle(HttpRequest& req, HttpResponse& res) {
    on_request_start(req, res);
    try {
        if (!answered_before_routing(req, res) && !dispatch(req, res))
            send(req, res, error_for(req.path, {ErrorCode::NotFound,
                                                "No such endpoint; see /openapi.json."}));
    } catch (const std::exception& e) {
        if (options_.access_log) *options_.access_log << "internal error: " << e.what() << "\n";
        res = {};
        on_request_start(req, res);
        send(req, res, error_for(req.path, {ErrorCode::Internal, "Internal error."}));
    }
    on_logged(req, res);
}

void Service::reject(int status, const HttpRequest& req, HttpResponse& res) {
    on_request_start(req, res);
    ErrorCode code = ErrorCode::BadParameter;
    std::string message = "Malformed request.";
    switch (status) {
    case 413: code = ErrorCode::PayloadTooLarge, message = "Request body too large."; break;
    case 414: code = ErrorCode::UriTooLong, message = "Request URI too long."; break;
    case 431:
        code = ErrorCode::HeadersTooLarge;
        message = "Request header fields too large (a line over 8 KiB, or 64 KiB in all).";
        break;
    case 500: code = ErrorCode::Internal, message = "Internal error."; break;
    default: break;
    }
    send(req, res, error_for(req.path, {code, message}));
    res.status = status;
    on_logged(req, res);
}

bool Service::may_block(const HttpRequest& req) const {
    return req.path == "/admin/reload" || req.path.rfind("/v1/export/", 0) == 0;
}

void Service::on_request_start(const HttpRequest& req, HttpResponse& res) {
    std::string id = req.header("X-Request-Id");
    if (!sane_request_id(id)) id = id_prefix_ + std::to_string(next_request_++);
    res.set_header("X-Request-Id", id);
    res.set_header("Date", http_date_now());
    res.set_header("X-Content-Type-Options", "nosniff");
    // Ranges are not supported, so Range is ignored (RFC 9110 14.2) and this says so.
    res.set_header("Accept-Ranges", "none");
    if (!options_.cors_origin.empty()) {
        res.set_header("Access-Control-Allow-Origin", options_.cors_origin);
        res.set_header("Access-Control-Expose-Headers", "ETag, X-Request-Id, X-Data-As-Of");
        add_vary(res, "Origin");
    }
}

bool Service::answered_before_routing(const HttpRequest& req, HttpResponse& res) {
    if (header_bytes(req) > kMaxHeaderBytes) {
        send(req, res, error_for(req.path, {ErrorCode::HeadersTooLarge,
                                            "Request header fields too large (over 32 KiB)."}));
        res.close = true;
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
    if (allow.empty()) return false; // no such route: dispatch finds none, 404
    if (req.method == "OPTIONS") {
        options(res, allow);
        return true;
    }
    if (!method_listed(allow, req.method)) {
        send(req, res, error_for(req.path, {ErrorCode::MethodNotAllowed,
                                            req.method + " is not allowed here; use " + allow +
                                                "."}));
        res.set_header("Allow", allow);
        return true;
    }
    return false;
}

// OPTIONS: the methods of the route; a CORS preflight answer only when CORS is configured.
void Service::options(HttpResponse& res, const std::string& allow) const {
    res.status = 204;
    res.has_content = false;
    res.set_header("Allow", allow);
    if (options_.cors_origin.empty()) return;
    res.set_header("Access-Control-Allow-Methods", allow);
    res.set_header("Access-Control-Allow-Headers", "Content-Type, If-None-Match, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
}

void Service::on_logged(const HttpRequest& req, const HttpResponse& res) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - req.received).count();
    std::string route = route_pattern(req.path);
    metrics_.record(route, res.status, seconds);
    if (!options_.access_log) return;
    // The route pattern, never the path or query: both can hold what a person typed.
    std::ostringstream line;
    line << utc_now() << " " << res.header("X-Request-Id") << " " << req.remote_addr << " "
         << (req.method.empty() ? "-" : req.method) << " " << route << " " << res.status << " "
         << std::fixed << std::setprecision(2) << seconds * 1000 << "ms\n";
    static std::mutex log_mutex;
    std::lock_guard lock(log_mutex);
    *options_.access_log << line.str() << std::flush;
}

void Service::add_routes() {
    data_route(
        "/v1/lookup",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
        "/v1/municipalities",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
        R"(/v1/municipalities/([^/]+))",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            auto m = l.municipality(req.matches[1]);
            if (!m) return error_reply(m.error());
            return {200, render(*m)};
        },
        true);

    data_route(
        R"(/v1/districts/(.+))",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            auto d = l.district(req.matches[1]);
            if (!d) return error_reply(d.error());
            return {200, render(*d)};
        },
        true);

    data_route(
        "/v1/officials",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
        "/v1/toolkits",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
        "/v1/sponsors",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
                           : req.header("Accept").find("text/csv") != std::string::npos;
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
        "/v1/local-actions",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
                           : req.header("Accept").find("text/csv") != std::string::npos;
            auto list = l.local_actions(q);
            if (!list) return error_reply(list.error());
            if (csv) return {200, render_csv(*list), "text/csv; charset=utf-8"};
            return {200, render(*list)};
        },
        false);

    // Maps (maps.cpp): each drawing is rendered once per dataset and kept by the facade, so
    // not kept again in the response cache. A marked point is a place someone asked about.
    data_route(
        "/v1/maps/local-actions.svg",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            if (auto e = only_params(req, {"topic"})) return error_reply(*e);
            auto topic = param(req, "topic");
            if (!topic) return error_reply(topic.error());
            auto svg = l.local_actions_map(*topic);
            if (!svg) return error_reply(svg.error());
            return {200, **svg, "image/svg+xml"};
        },
        false);

    data_route(
        R"(/v1/maps/districts/(.+)\.svg)",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            if (auto e = only_params(req, {"lat", "lon"})) return error_reply(*e);
            auto lat = param(req, "lat");
            if (!lat) return error_reply(lat.error());
            auto lon = param(req, "lon");
            if (!lon) return error_reply(lon.error());
            auto svg = l.district_map(req.matches[1], *lat, *lon);
            if (!svg) return error_reply(svg.error());
            Reply reply{200, **svg, "image/svg+xml"};
            reply.personal = lat->has_value();
            return reply;
        },
        false);

    // Bulk export: the database as loaded, and each public table as CSV (built once per
    // dataset by the facade, so not kept again in the response cache).
    data_route(
        "/v1/export/masscivic.db",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            Reply reply{200, *l.export_database(), "application/vnd.sqlite3"};
            reply.download_name = "masscivic.db";
            return reply;
        },
        false);

    data_route(
        R"(/v1/export/([a-z_]+)\.csv)",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            if (auto e = only_params(req, {})) return error_reply(*e);
            auto csv = l.export_csv(req.matches[1]);
            if (!csv) return error_reply(csv.error());
            Reply reply{200, **csv, "text/csv; charset=utf-8"};
            reply.download_name = req.matches[1] + ".csv";
            return reply;
        },
        false);

    // Google's civicinfo v2: by address (street addresses are not cached) and by division.
    data_route(
        "/civicinfo/v2/representatives",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
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
        R"(/civicinfo/v2/representatives/(.+))",
        [](const Lookup& l, const HttpRequest& req) -> Reply {
            auto google = [](Error e) { return error_for("/civicinfo/", e); };
            auto r = parse_civic_request(req.params, true);
            if (!r) return google(r.error());
            auto d = l.division(req.matches[1], r->recursive);
            if (!d) {
                Error e = d.error();
                if (e.message.rfind("ocd_id:", 0) == 0) e.message = "ocdId" + e.message.substr(6);
                return google(e);
            }
            auto body = render_civicinfo(*d, *r);
            return {200, body.text, body.content_type};
        },
        true);

    add_route("GET", "/healthz", [this](const HttpRequest& req, HttpResponse& res) {
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

    add_route("GET", "/metrics", [this](const HttpRequest& req, HttpResponse& res) {
        auto lookup = current();
        double up =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        send(req, res,
             {200, metrics_.text(lookup ? lookup->data_as_of() : "", bool(lookup), up),
              "text/plain; version=0.0.4; charset=utf-8"});
        res.set_header("Cache-Control", "no-store");
    });

    add_route("GET", "/openapi.json", [this](const HttpRequest& req, HttpResponse& res) {
        if (openapi_.empty()) {
            send(req, res, error_reply(not_found("The OpenAPI file is not available.")));
            return;
        }
        res.set_header("ETag", openapi_etag_);
        res.set_header("Cache-Control", "public, max-age=300");
        if (if_none_match_matches(req.header("If-None-Match"), openapi_etag_)) {
            res.status = 304;
            add_vary(res, "Accept-Encoding");
            set_no_body(res, "application/json; charset=utf-8");
            return;
        }
        send(req, res, {200, openapi_});
    });

    add_route("POST", "/admin/reload", [this](const HttpRequest& req, HttpResponse& res) {
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
