// Per-user conversation state in SQLite, keyed by (channel, user id), with expiry.
// Holds only what the conversation needs: language, the resolved place (municipality,
// ward/precinct, or a rounded point), and the pending question. Never a street address.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reply.hpp"
#include "session_writer.hpp"
#include "sqlite.hpp"
#include "wal_checkpointer.hpp"

namespace masscivic::bot {

struct SavedPlace {
    std::string municipality;  // empty = no place yet
    std::string label;         // what to call it in replies ("Jamaica Plain, Boston")
    std::string ward, precinct;
    std::optional<GeoPoint> point;
    std::string zip;  // a ZIP whose towns share the asked-for district (no town needed)

    bool empty() const { return municipality.empty() && !point && zip.empty(); }
};

// An official the last answer named, so "what's her email?" can be answered. Public
// contact data only, as the server published it.
struct NamedOfficial {
    std::string name, office, title, district, email, phone, url;
};

enum class Awaiting { nothing, place, ward_precinct, toolkit };

struct SessionState {
    std::string lang = "en";
    bool lang_chosen = false;  // the user picked it; detection then only overrides on clear signs
    SavedPlace place;
    std::string pending_intent;  // intent name of the unanswered question
    std::string pending_office, pending_toolkit;
    Awaiting awaiting = Awaiting::nothing;
    std::vector<Button> last_buttons;  // so "2" can mean the second quick reply on SMS
    bool opted_out = false;            // SMS STOP
    std::vector<NamedOfficial> last_officials;  // named by the last answer, in its order
    std::string last_toolkit;          // the topic of the last organizer answer

    std::string to_json() const;
    static SessionState from_json(std::string_view json);  // bad JSON -> fresh state
};

// Sessions kept outside the process, shared by several bot replicas (bot/net/redis_sessions.hpp).
// Keys are "session:CHANNEL:USER"; values SessionState JSON; the store expires them itself.
class SharedSessions {
public:
    virtual ~SharedSessions() = default;
    virtual std::optional<std::string> get(const std::string& key) = 0;
    virtual void put(const std::string& key, const std::string& json) = 0;  // restarts the TTL
    virtual void erase(const std::string& key) = 0;
    // True the first time "CHANNEL:EVENT_ID" is seen, across every replica.
    virtual bool first_delivery(const std::string& key) = 0;
    virtual std::int64_t count() = 0;
};

class SessionStore {
public:
    // ":memory:" for tests. `ttl`: a session untouched this long is forgotten.
    SessionStore(const std::string& path, std::chrono::seconds ttl);
    // Sessions in `shared` (several replicas) instead of a SQLite file (one replica).
    explicit SessionStore(std::unique_ptr<SharedSessions> shared);

    std::optional<SessionState> load(const std::string& channel, const std::string& user);
    void save(const std::string& channel, const std::string& user, const SessionState& state);
    void erase(const std::string& channel, const std::string& user);
    // True the first time (channel, event id) is seen: replayed webhooks are answered once.
    bool first_delivery(const std::string& channel, const std::string& event_id);
    // Deletes expired sessions and delivery records; returns how many sessions went.
    int purge_expired();
    std::int64_t count();

private:
    std::int64_t now() const;
    void commit(const std::vector<SessionRow>& rows);  // one transaction, under mu_
    std::unique_ptr<SharedSessions> shared_;  // when set, every call goes there instead
    std::mutex mu_;  // the connection is opened without SQLite's own mutex
    Database db_;
    std::chrono::seconds ttl_;
    // Every turn loads and saves once: keep those statements prepared.
    Statement load_st_, save_st_, erase_st_, begin_st_, commit_st_, rollback_st_;
    // Saves and erasures, committed in groups behind the turns (session_writer.hpp).
    SessionWriter writes_{[this](const std::vector<SessionRow>& rows) { commit(rows); }};
    std::unique_ptr<WalCheckpointer> checkpointer_;  // SQLite files only
};

}  // namespace masscivic::bot
