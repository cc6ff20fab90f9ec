// Sessions in Redis, shared by several bot replicas (Debian redis-server, client libhiredis):
// any replica can carry on any conversation, and a replica can die mid-conversation. Each
// session is one string key holding SessionState JSON, with Redis's own expiry as the TTL;
// webhook deliveries are SET NX keys, so a replayed event is answered once across replicas.
// Selected with `masscivic-bot --db redis://HOST[:PORT][/DB]`; SQLite stays the default.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "session_store.hpp"

struct redisContext;

namespace masscivic::bot {

struct RedisAddress {
    std::string host;
    int port = 6379;
    int db = 0;
    // redis://HOST[:PORT][/DB]; nullopt for anything else (then it is a SQLite path).
    static std::optional<RedisAddress> parse(const std::string& url);
};

class RedisSessions final : public SharedSessions {
public:
    // Connects at once; throws std::runtime_error if Redis does not answer.
    RedisSessions(const RedisAddress& where, std::chrono::seconds ttl);
    ~RedisSessions() override;

    std::optional<std::string> get(const std::string& key) override;
    void put(const std::string& key, const std::string& json) override;
    void erase(const std::string& key) override;
    bool first_delivery(const std::string& key) override;
    std::int64_t count() override;

private:
    struct Reply;
    // Runs one command (argv form: no quoting problems with user ids), reconnecting once when
    // the connection broke; nullptr when Redis cannot be reached.
    std::unique_ptr<Reply> command(std::initializer_list<std::string> args);
    bool connect();

    RedisAddress where_;
    std::chrono::seconds ttl_;
    std::mutex mu_;  // a hiredis context is not thread-safe
    redisContext* ctx_ = nullptr;
};

}  // namespace masscivic::bot
