// Shared pieces of the server tests: the mini fixture database (built once per run from
// tests/fixtures/mini), the real database (from datasets/ma), and a live server on an
// ephemeral loopback port.
#pragma once

#include "http_service.hpp"
#include "lookup.hpp"
#include "snapshot_to_db.hpp"
#include "temp_dir.hpp"

#include <httplib.h>
#include <rapidjson/document.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace masscivic::testing {

inline std::filesystem::path source_path(const std::string& rel) {
    return std::filesystem::path(MASSCIVIC_SOURCE_DIR) / rel;
}

inline std::filesystem::path build_db_once(const std::string& snapshot_rel,
                                           const std::string& name) {
    static TempDir dir;
    auto path = dir / name;
    if (!std::filesystem::exists(path))
        import::build_database(source_path(snapshot_rel), path, [](const std::string&){});
    return path;
}

inline const std::filesystem::path& mini_db_path() {
    static const auto path = build_db_once("tests/fixtures/mini", "mini.db");
    return path;
}

inline const std::filesystem::path& real_db_path_for_server() {
    static const auto path = build_db_once("datasets/ma", "real.db");
    return path;
}

inline std::shared_ptr<const server::Lookup> mini_lookup() {
    static auto lookup =
        server::Lookup::open({mini_db_path(), {}});
    return lookup;
}

// A Service listening on 127.0.0.1:<ephemeral>; stopped and joined on destruction.
class LiveServer {
  public:
    explicit LiveServer(server::ServiceOptions options, bool load = true)
        : service_(std::move(options)) {
        if (load) {
            auto why = service_.reload();
            if (!why.empty()) throw std::runtime_error("reload failed: " + why);
        }
        port_ = server_.listen("127.0.0.1", 0);
        server_.start();
    }
    ~LiveServer() {
        server_.stop();
        server_.wait();
    }
    int port() const { return port_; }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(30, 0);
        return c;
    }
    server::Service& service() { return service_; }

  private:
    server::Service service_;
    server::HttpServer server_{service_, 4};
    int port_ = 0;
};

inline server::ServiceOptions options_for(const std::filesystem::path& db) {
    server::ServiceOptions o;
    o.db_path = db;
    o.openapi_path = source_path("server/openapi.json");
    return o;
}

inline rapidjson::Document parse_json(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    return d;
}

} // namespace masscivic::testing
