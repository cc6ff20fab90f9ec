// Session saves written behind the turn, in groups. Every turn ends with a save, and one
// SQLite commit per save (WAL frames written, file locks taken and released) was about 11% of
// the bot's CPU in the 1,000-session burst; saving in place, concurrent turns rarely overlapped
// enough to share a commit. Here a turn only queues its row; one writer thread commits all rows
// queued within a short window in one transaction.
//
// Durability, as documented in bot/README.md: a saved turn reaches the database file within
// about kWindow (plus the commit) after its reply, not before it. The bot's own reads see
// queued rows at once (read_queued), so a conversation continues the same either way; a crash
// of the bot process (or a commit that fails, which is logged) loses at most the last few
// milliseconds of turns, whose users then continue as from their previous turn. A clean
// shutdown writes everything queued. Redis-backed stores do not use this.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace masscivic::bot {

struct SessionRow {
    std::string channel, user;
    std::string json;  // the state; unused when `erase`
    std::int64_t updated_at = 0;
    bool erase = false;  // "forget me": delete the row instead
};

class SessionWriter {
public:
    // Rows gather this long before a commit: long enough that a burst shares transactions,
    // short next to the seconds between a user's messages.
    static constexpr auto kWindow = std::chrono::milliseconds(5);

    // `commit` writes the rows in one transaction, in order, or throws; only the writer thread
    // calls it.
    explicit SessionWriter(std::function<void(const std::vector<SessionRow>&)> commit);
    ~SessionWriter();  // commits what is still queued
    SessionWriter(const SessionWriter&) = delete;
    SessionWriter& operator=(const SessionWriter&) = delete;

    void write(SessionRow row);  // returns at once; a later row for the same user replaces it
    // The newest row for (channel, user) not yet in the file, if any.
    std::optional<SessionRow> read_queued(const std::string& channel, const std::string& user);
    void flush();  // returns once everything queued before the call is committed

private:
    void run();
    static std::string key(const std::string& channel, const std::string& user) {
        return channel + '\n' + user;
    }

    std::function<void(const std::vector<SessionRow>&)> commit_;
    std::mutex mu_;
    std::condition_variable wake_, idle_;
    std::unordered_map<std::string, SessionRow> queued_;     // newest row per user
    std::unordered_map<std::string, SessionRow> committing_;  // being written now
    bool stopping_ = false;
    std::thread thread_;  // last: starts once the rest is set up
};

}  // namespace masscivic::bot
