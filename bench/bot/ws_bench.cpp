// masscivic-bot-bench: N concurrent WebSocket chat sessions against a running bot; each
// session connects, then all ask one question (a different town each, so the lookup server
// is really called) and the time from send to reply is recorded.
//   masscivic-bot-bench --bot 127.0.0.1:8081 [--sessions 1000] [--towns FILE] [--pid BOT_PID]
//                       [--spread-ms 0]
// --spread-ms spreads the questions evenly over that many milliseconds (0 = all at once).
// --pid reads the bot's resident memory before and after, for memory per session.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string host = "127.0.0.1", port = "8081";
    int sessions = 1000;
    std::string towns_file;
    long pid = 0;
    int spread_ms = 0;
};

long rss_kb(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

std::vector<std::string> load_towns(const std::string& file) {
    std::vector<std::string> towns;
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // header: geoid,name,...
    while (std::getline(in, line)) {
        auto a = line.find(','), b = line.find(',', a + 1);
        if (a != std::string::npos && b != std::string::npos) towns.push_back(line.substr(a + 1, b - a - 1));
    }
    if (towns.empty()) towns = {"Acton", "Worcester", "Boston", "Lawrence", "Springfield"};
    return towns;
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(asio::io_context& ioc, int id, std::string question)
        : ws_(asio::make_strand(ioc)), id_(id), question_(std::move(question)), timer_(ioc) {}

    template <class OnReady>
    void connect(const tcp::resolver::results_type& endpoints, const std::string& host, OnReady on_ready) {
        auto self = shared_from_this();
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
        beast::get_lowest_layer(ws_).async_connect(endpoints, [self, host, on_ready](beast::error_code ec, const tcp::endpoint&) {
            if (ec) return self->done(ec, on_ready);
            beast::get_lowest_layer(self->ws_).expires_never();
            self->ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            std::string target = "/ws?session=bench" + std::to_string(1000000 + self->id_) + "abcdefgh";
            self->ws_.async_handshake(host, target, [self, on_ready](beast::error_code ec2) {
                self->connected = !ec2;
                on_ready(ec2);
            });
        });
    }

    template <class OnDone>
    void ask(Clock::duration delay, OnDone on_done) {
        auto self = shared_from_this();
        timer_.expires_after(delay);
        timer_.async_wait([self, on_done](beast::error_code) {
            self->frame_ = "{\"text\":\"" + self->question_ + "\"}";
            self->sent_ = Clock::now();
            self->ws_.async_write(asio::buffer(self->frame_), [self, on_done](beast::error_code ec, std::size_t) {
                if (ec) return self->done(ec, on_done);
                self->ws_.async_read(self->buffer_, [self, on_done](beast::error_code ec2, std::size_t) {
                    self->latency = Clock::now() - self->sent_;
                    std::string reply = beast::buffers_to_string(self->buffer_.data());
                    self->answered = !ec2 && reply.find("\"type\":\"reply\"") != std::string::npos;
                    self->server_down = reply.find("can't look that up") != std::string::npos;
                    on_done(ec2);
                });
            });
        });
    }

    void close() {
        beast::error_code ec;
        beast::get_lowest_layer(ws_).socket().close(ec);
    }

    bool connected = false, answered = false, server_down = false;
    Clock::duration latency{};

private:
    template <class F>
    void done(beast::error_code ec, F& f) { f(ec); }

    websocket::stream<beast::tcp_stream> ws_;
    int id_;
    std::string question_, frame_;
    beast::flat_buffer buffer_;
    asio::steady_timer timer_;
    Clock::time_point sent_;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i], v = argv[i + 1];
        if (a == "--bot") {
            auto c = v.rfind(':');
            o.host = v.substr(0, c);
            o.port = v.substr(c + 1);
        } else if (a == "--sessions") o.sessions = std::max(1, std::min(20000, std::stoi(v)));
        else if (a == "--towns") o.towns_file = v;
        else if (a == "--pid") o.pid = std::stol(v);
        else if (a == "--spread-ms") o.spread_ms = std::max(0, std::stoi(v));
        else throw std::invalid_argument("unknown option " + a);
    }
    return o;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// This client's own CPU (connects included): it shares the machine with the bot and the
// lookup server, so its seconds count in the burst's budget too.
double own_cpu_s() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto s = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
    return s(ru.ru_utime) + s(ru.ru_stime);
}

constexpr double kTargetP99Ms = 100;

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    try {
        opt = parse(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "masscivic-bot-bench: " << e.what() << "\n";
        return 2;
    }
    auto towns = load_towns(opt.towns_file);
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(opt.host, opt.port);
    long rss_before = opt.pid ? rss_kb(opt.pid) : -1;

    std::vector<std::shared_ptr<Session>> sessions;
    for (int i = 0; i < opt.sessions; ++i) {
        auto q = "who represents me in " + towns[static_cast<std::size_t>(i) % towns.size()];
        sessions.push_back(std::make_shared<Session>(ioc, i, q));
    }
    int ready = 0, finished = 0;
    auto start_asking = [&] {
        for (std::size_t i = 0; i < sessions.size(); ++i) {
            auto delay = opt.spread_ms == 0 ? Clock::duration::zero()
                                            : std::chrono::microseconds(static_cast<long>(i) * opt.spread_ms * 1000 /
                                                                        static_cast<long>(sessions.size()));
            if (!sessions[i]->connected) {
                ++finished;
                continue;
            }
            sessions[i]->ask(delay, [&](beast::error_code) {
                if (++finished == opt.sessions) ioc.stop();
            });
        }
        if (finished == opt.sessions) ioc.stop();
    };
    auto t0 = Clock::now();
    for (auto& s : sessions) {
        s->connect(endpoints, opt.host, [&](beast::error_code) {
            if (++ready == opt.sessions) start_asking();
        });
    }
    asio::steady_timer guard(ioc, std::chrono::seconds(120));  // never hang the benchmark
    guard.async_wait([&](beast::error_code ec) { if (!ec) ioc.stop(); });
    ioc.run();
    auto wall = Clock::now() - t0;
    long rss_after = opt.pid ? rss_kb(opt.pid) : -1;

    std::vector<double> lat;
    int connected = 0, down = 0;
    for (auto& s : sessions) {
        connected += s->connected;
        down += s->server_down;
        if (s->answered) lat.push_back(ms(s->latency));
    }
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double p) {
        return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, static_cast<std::size_t>(p * static_cast<double>(lat.size())))];
    };
    std::cout << "sessions=" << opt.sessions << " connected=" << connected << " answered=" << lat.size()
              << " server_down_replies=" << down << " spread_ms=" << opt.spread_ms << "\n";
    std::cout << "bench_client_cpu_s=" << own_cpu_s() << "\n";
    std::cout << "latency_ms p50=" << pct(0.50) << " p90=" << pct(0.90) << " p99=" << pct(0.99)
              << " max=" << (lat.empty() ? 0 : lat.back()) << " wall_s=" << ms(wall) / 1000 << "\n";
    // Project issue 11's target for the all-at-once burst.
    if (opt.spread_ms == 0)
        std::cout << "target: p99 < " << kTargetP99Ms << " ms (issue 11): "
                  << (!lat.empty() && pct(0.99) < kTargetP99Ms ? "met" : "not met") << "\n";
    if (rss_before > 0 && rss_after > 0)
        std::cout << "bot_rss_kb before=" << rss_before << " after=" << rss_after << " per_session_kb="
                  << static_cast<double>(rss_after - rss_before) / opt.sessions << "\n";
    for (auto& s : sessions) s->close();
    return lat.size() == static_cast<std::size_t>(opt.sessions) ? 0 : 1;
}
