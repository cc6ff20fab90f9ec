// The Redis session store's address parsing and its refusal to start without Redis. The
// store itself, shared by two real bot replicas, is exercised by tests/deploy/bot_replicas.sh.
#include "net/redis_sessions.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using masscivic::bot::RedisAddress;
using masscivic::bot::RedisSessions;

TEST(RedisAddress, ParsesHostPortAndDatabase) {
    auto a = RedisAddress::parse("redis://127.0.0.1:6380/3");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "127.0.0.1");
    EXPECT_EQ(a->port, 6380);
    EXPECT_EQ(a->db, 3);
    auto d = RedisAddress::parse("redis://localhost");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->port, 6379);
    EXPECT_EQ(d->db, 0);
}

TEST(RedisAddress, AnythingElseIsASqlitePath) {
    EXPECT_FALSE(RedisAddress::parse("sessions.db"));
    EXPECT_FALSE(RedisAddress::parse("/var/lib/masscivic-bot/redis.db"));
    EXPECT_FALSE(RedisAddress::parse(":memory:"));
}

TEST(RedisAddress, RejectsBrokenUrls) {
    for (const char* bad : {"redis://", "redis://:6379", "redis://h:0", "redis://h:99999",
                            "redis://h:port", "redis://h/16", "redis://h/x", "redis://h:6379/"})
        EXPECT_THROW(RedisAddress::parse(bad), std::invalid_argument) << bad;
}

TEST(RedisSessions, RefusesToStartWhenRedisIsNotThere) {
    // A port nobody listens on: bind one, then close it.
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    close(s);
    RedisAddress where{"127.0.0.1", ntohs(addr.sin_port), 0};
    EXPECT_THROW(RedisSessions(where, std::chrono::seconds(60)), std::runtime_error);
}
