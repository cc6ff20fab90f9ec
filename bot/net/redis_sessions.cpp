#include "net/redis_sessions.hpp"

#include <hiredis/hiredis.h>

#include <charconv>
#include <iostream>
#include <stdexcept>
#include <vector>

namespace masscivic::bot {
namespace {

constexpr const char* kPrefix = "masscivic:";
// Deliveries only need to outlive the platforms' retry windows (minutes); a day is ample.
constexpr const char* kDeliveryTtlSeconds = "86400";
constexpr timeval kTimeout{0, 500 * 1000};  // per connect and per command: a stuck Redis must not stall replies

bool parse_int(std::string_view s, int lo, int hi, int& out) {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return false;
    out = v;
    return true;
}

}  // namespace

std::optional<RedisAddress> RedisAddress::parse(const std::string& url) {
    constexpr std::string_view scheme = "redis://";
    if (url.rfind(scheme, 0) != 0) return std::nullopt;
    std::string_view rest(url);
    rest.remove_prefix(scheme.size());
    RedisAddress a;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (!parse_int(rest.substr(slash + 1), 0, 15, a.db))
            throw std::invalid_argument("Redis URL " + url + ": database must be 0..15");
        rest = rest.substr(0, slash);
    }
    if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        if (!parse_int(rest.substr(colon + 1), 1, 65535, a.port))
            throw std::invalid_argument("Redis URL " + url + ": bad port");
        rest = rest.substr(0, colon);
    }
    if (rest.empty()) throw std::invalid_argument("Redis URL " + url + ": no host");
    a.host = std::string(rest);
    return a;
}

struct RedisSessions::Reply {
    redisReply* r;
    explicit Reply(redisReply* reply) : r(reply) {}
    ~Reply() { freeReplyObject(r); }
    Reply(const Reply&) = delete;
    Reply& operator=(const Reply&) = delete;
};

RedisSessions::RedisSessions(const RedisAddress& where, std::chrono::seconds ttl)
    : where_(where), ttl_(ttl) {
    std::lock_guard lock(mu_);
    if (!connect())
        throw std::runtime_error("cannot reach Redis at " + where_.host + ":" +
                                 std::to_string(where_.port));
}

RedisSessions::~RedisSessions() {
    if (ctx_) redisFree(ctx_);
}

bool RedisSessions::connect() {
    if (ctx_) redisFree(ctx_);
    ctx_ = redisConnectWithTimeout(where_.host.c_str(), where_.port, kTimeout);
    if (!ctx_ || ctx_->err || redisSetTimeout(ctx_, kTimeout) != REDIS_OK) {
        if (ctx_) redisFree(ctx_);
        ctx_ = nullptr;
        return false;
    }
    if (where_.db != 0) {
        auto* r = static_cast<redisReply*>(redisCommand(ctx_, "SELECT %d", where_.db));
        bool ok = r && r->type == REDIS_REPLY_STATUS;
        if (r) freeReplyObject(r);
        if (!ok) return false;
    }
    return true;
}

std::unique_ptr<RedisSessions::Reply> RedisSessions::command(std::initializer_list<std::string> args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!ctx_ && !connect()) continue;
        auto* r = static_cast<redisReply*>(
            redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
        if (r && r->type != REDIS_REPLY_ERROR) return std::make_unique<Reply>(r);
        if (r) {
            std::cerr << "masscivic-bot: Redis error: " << std::string(r->str, r->len) << "\n";
            freeReplyObject(r);
            return nullptr;
        }
        redisFree(ctx_);  // the connection broke (timeout, Redis restarted): reconnect once
        ctx_ = nullptr;
    }
    std::cerr << "masscivic-bot: Redis at " << where_.host << ":" << where_.port << " unreachable\n";
    return nullptr;
}

std::optional<std::string> RedisSessions::get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto reply = command({"GET", kPrefix + key});
    if (!reply || reply->r->type != REDIS_REPLY_STRING) return std::nullopt;
    return std::string(reply->r->str, reply->r->len);
}

void RedisSessions::put(const std::string& key, const std::string& json) {
    std::lock_guard lock(mu_);
    command({"SET", kPrefix + key, json, "EX", std::to_string(ttl_.count())});
}

void RedisSessions::erase(const std::string& key) {
    std::lock_guard lock(mu_);
    command({"DEL", kPrefix + key});
}

bool RedisSessions::first_delivery(const std::string& key) {
    std::lock_guard lock(mu_);
    auto reply = command({"SET", std::string(kPrefix) + "delivery:" + key, "1", "NX", "EX",
                          kDeliveryTtlSeconds});
    // Without Redis, answering twice is better than not answering at all.
    return !reply || reply->r->type == REDIS_REPLY_STATUS;
}

std::int64_t RedisSessions::count() {
    std::lock_guard lock(mu_);
    std::int64_t n = 0;
    std::string cursor = "0";
    do {
        auto reply = command({"SCAN", cursor, "MATCH", std::string(kPrefix) + "session:*", "COUNT", "1000"});
        if (!reply || reply->r->type != REDIS_REPLY_ARRAY || reply->r->elements != 2) return n;
        cursor.assign(reply->r->element[0]->str, reply->r->element[0]->len);
        n += static_cast<std::int64_t>(reply->r->element[1]->elements);
    } while (cursor != "0");
    return n;
}

}  // namespace masscivic::bot
