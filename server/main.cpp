// masscivic-server: the lookup API over HTTP. Thin main: options, signals, the service.
//   SIGHUP reloads the database (in-flight requests finish on the old data);
//   SIGTERM / SIGINT stop accepting, finish in-flight requests, exit 0.
#include "http_service.hpp"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>

using masscivic::server::HttpServer;
using masscivic::server::Service;
using masscivic::server::ServiceOptions;

namespace {

struct Options {
    ServiceOptions service;
    std::string host = "127.0.0.1";
    int port = 8080;
    // Threads that read, answer and write requests (http_server.hpp). Open connections do not
    // hold one and the work is CPU-bound, so one per core.
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
};

[[noreturn]] void usage(const std::string& problem) {
    if (!problem.empty()) std::cerr << "masscivic-server: " << problem << "\n";
    std::cerr << "usage: masscivic-server [--db PATH] [--host ADDR] [--port N] [--threads N]\n"
                 "         [--rate-limit N/min] [--cors-origin ORIGIN] [--toolkits PATH]\n"
                 "         [--openapi PATH] [--cache N] [--quiet]\n"
                 "defaults: --db var/masscivic.db --host 127.0.0.1 --port 8080 --threads (one per core),\n"
                 "          no rate limit, no CORS; toolkits come from the database (imported\n"
                 "          from datasets/toolkits.json); --toolkits PATH overrides them\n";
    std::exit(problem.empty() ? 0 : 2);
}

unsigned long number(const std::string& flag, const std::string& text, unsigned long max) {
    try {
        std::size_t used = 0;
        unsigned long v = std::stoul(text, &used);
        if (used == text.size() && v <= max && text[0] != '-') return v;
    } catch (const std::exception&) {
    }
    usage(flag + " needs a whole number up to " + std::to_string(max));
}

Options parse(int argc, char** argv) {
    Options o;
    o.service.access_log = &std::cerr;
    o.service.openapi_path = std::filesystem::exists("server/openapi.json")
                                 ? std::filesystem::path("server/openapi.json")
                                 : std::filesystem::path(MASSCIVIC_DEFAULT_OPENAPI);
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(a + " needs a value");
            return argv[++i];
        };
        if (a == "--db")
            o.service.db_path = value();
        else if (a == "--host")
            o.host = value();
        else if (a == "--port")
            o.port = static_cast<int>(number(a, value(), 65535));
        else if (a == "--threads")
            o.threads = static_cast<unsigned>(number(a, value(), 1024));
        else if (a == "--rate-limit") {
            std::string v = value();
            if (auto slash = v.find('/'); slash != std::string::npos) {
                if (v.substr(slash) != "/min") usage("--rate-limit takes N or N/min");
                v = v.substr(0, slash);
            }
            o.service.rate_limit_per_minute = static_cast<unsigned>(number(a, v, 1000000));
        } else if (a == "--cors-origin")
            o.service.cors_origin = value();
        else if (a == "--toolkits")
            o.service.toolkits_path = value();
        else if (a == "--openapi")
            o.service.openapi_path = value();
        else if (a == "--cache")
            o.service.cache_entries = number(a, value(), 10000000);
        else if (a == "--quiet")
            o.service.access_log = nullptr;
        else if (a == "--help" || a == "-h")
            usage("");
        else
            usage("unknown option " + a);
    }
    if (o.threads == 0) usage("--threads must be at least 1");
    return o;
}

} // namespace

int main(int argc, char** argv) {
    Options opt = parse(argc, argv);

    // Block the signals in every thread; one thread takes them with sigwait.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGHUP, SIGTERM, SIGINT})
        sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Service service(opt.service);
    if (auto why = service.reload(); !why.empty())
        std::cerr << "masscivic-server: no database loaded (" << why
                  << "); answering 503 until a reload succeeds\n";
    else
        std::cerr << "masscivic-server: loaded " << opt.service.db_path.string() << " (data as of "
                  << service.current()->data_as_of() << ")\n";

    HttpServer server(service, opt.threads);
    // --port 0 picks a free port (tests, benchmarks); the log line below says which.
    unsigned short port = 0;
    try {
        port = server.listen(opt.host, static_cast<unsigned short>(opt.port));
    } catch (const std::exception& e) {
        std::cerr << "masscivic-server: " << e.what() << "\n";
        return 1;
    }

    std::thread signal_thread([&] {
        for (;;) {
            int sig = 0;
            if (sigwait(&signals, &sig) != 0) continue;
            if (sig == SIGHUP) {
                auto why = service.reload();
                std::cerr << "masscivic-server: reload "
                          << (why.empty() ? "done" : "failed, keeping previous data: " + why)
                          << "\n";
                continue;
            }
            std::cerr << "masscivic-server: stopping (signal " << sig << ")\n";
            server.stop();
            return;
        }
    });
    std::cerr << "masscivic-server: listening on http://" << opt.host << ":" << port << std::endl;
    server.start();
    // Returns after stop(), once in-flight requests have been answered.
    server.wait();
    signal_thread.join();
    return 0;
}
