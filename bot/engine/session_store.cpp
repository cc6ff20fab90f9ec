#include "session_store.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace masscivic::bot {
namespace {

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS sessions (
    channel    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    state      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at);
CREATE TABLE IF NOT EXISTS deliveries (
    channel  TEXT NOT NULL,
    event_id TEXT NOT NULL,
    seen_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, event_id)
) WITHOUT ROWID;
)SQL";

// Deliveries only need to outlive the platforms' retry windows (minutes); a day is ample.
constexpr std::int64_t kDeliveryTtl = 24 * 3600;

const char* awaiting_name(Awaiting a) {
    switch (a) {
        case Awaiting::place: return "place";
        case Awaiting::ward_precinct: return "ward_precinct";
        case Awaiting::toolkit: return "toolkit";
        case Awaiting::nothing: break;
    }
    return "";
}

std::string get(const rapidjson::Value& o, const char* name) {
    auto it = o.FindMember(name);
    return it != o.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

double round4(double v) { return std::round(v * 1e4) / 1e4; }

}  // namespace

std::string SessionState::to_json() const {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    auto kv = [&](const char* k, const std::string& v) {
        w.Key(k);
        w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
    };
    w.StartObject();
    kv("lang", lang);
    w.Key("lang_chosen");
    w.Bool(lang_chosen);
    kv("municipality", place.municipality);
    kv("label", place.label);
    kv("ward", place.ward);
    kv("precinct", place.precinct);
    if (place.point) {
        // Rounded to about 10 m: enough to find districts, too coarse to be an address.
        w.Key("lat");
        w.Double(round4(place.point->lat));
        w.Key("lon");
        w.Double(round4(place.point->lon));
    }
    kv("pending_intent", pending_intent);
    kv("pending_office", pending_office);
    kv("pending_toolkit", pending_toolkit);
    kv("awaiting", awaiting_name(awaiting));
    w.Key("buttons");
    w.StartArray();
    for (const auto& b : last_buttons) {
        w.StartArray();
        w.String(b.label.c_str());
        w.String(b.payload.c_str());
        w.EndArray();
    }
    w.EndArray();
    w.Key("opted_out");
    w.Bool(opted_out);
    kv("zip", place.zip);
    kv("last_toolkit", last_toolkit);
    w.Key("officials");
    w.StartArray();
    for (const auto& o : last_officials) {
        w.StartObject();
        kv("name", o.name), kv("office", o.office), kv("title", o.title), kv("district", o.district);
        kv("email", o.email), kv("phone", o.phone), kv("url", o.url);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return buf.GetString();
}

SessionState SessionState::from_json(std::string_view json) {
    SessionState s;
    rapidjson::Document d;
    d.Parse(json.data(), json.size());
    if (d.HasParseError() || !d.IsObject()) return s;
    if (auto l = get(d, "lang"); !l.empty()) s.lang = l;
    auto flag = [&](const char* k) {
        auto it = d.FindMember(k);
        return it != d.MemberEnd() && it->value.IsBool() && it->value.GetBool();
    };
    s.lang_chosen = flag("lang_chosen");
    s.opted_out = flag("opted_out");
    s.place.municipality = get(d, "municipality");
    s.place.label = get(d, "label");
    s.place.ward = get(d, "ward");
    s.place.precinct = get(d, "precinct");
    auto lat = d.FindMember("lat"), lon = d.FindMember("lon");
    if (lat != d.MemberEnd() && lon != d.MemberEnd() && lat->value.IsNumber() &&
        lon->value.IsNumber()) {
        s.place.point = GeoPoint{lat->value.GetDouble(), lon->value.GetDouble()};
    }
    s.pending_intent = get(d, "pending_intent");
    s.pending_office = get(d, "pending_office");
    s.pending_toolkit = get(d, "pending_toolkit");
    auto a = get(d, "awaiting");
    s.awaiting = a == "place"           ? Awaiting::place
                 : a == "ward_precinct" ? Awaiting::ward_precinct
                 : a == "toolkit"       ? Awaiting::toolkit
                                        : Awaiting::nothing;
    auto buttons = d.FindMember("buttons");
    if (buttons != d.MemberEnd() && buttons->value.IsArray()) {
        for (const auto& b : buttons->value.GetArray()) {
            if (b.IsArray() && b.Size() == 2 && b[0].IsString() && b[1].IsString())
                s.last_buttons.push_back({b[0].GetString(), b[1].GetString()});
        }
    }
    s.place.zip = get(d, "zip");
    s.last_toolkit = get(d, "last_toolkit");
    auto officials = d.FindMember("officials");
    if (officials != d.MemberEnd() && officials->value.IsArray()) {
        for (const auto& o : officials->value.GetArray()) {
            if (!o.IsObject()) continue;
            s.last_officials.push_back({get(o, "name"), get(o, "office"), get(o, "title"),
                                        get(o, "district"), get(o, "email"), get(o, "phone"),
                                        get(o, "url")});
        }
    }
    return s;
}

namespace {
Database open_with_schema(const std::string& path) {
    auto db = Database::open(path, Database::Mode::ReadWriteCreate);
    // Checkpoints run in WalCheckpointer, off the turns' path (wal_checkpointer.hpp).
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;");
    db.exec(kSchema);
    return db;
}
}  // namespace

SessionStore::SessionStore(const std::string& path, std::chrono::seconds ttl)
    : db_(open_with_schema(path)), ttl_(ttl),
      load_st_(db_.prepare(
          "SELECT state FROM sessions WHERE channel = ?1 AND user_id = ?2 AND updated_at > ?3")),
      save_st_(db_.prepare(
          "INSERT INTO sessions(channel, user_id, state, updated_at) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT(channel, user_id) DO UPDATE SET state = excluded.state, "
          "updated_at = excluded.updated_at")),
      erase_st_(db_.prepare("DELETE FROM sessions WHERE channel = ?1 AND user_id = ?2")),
      begin_st_(db_.prepare("BEGIN IMMEDIATE")), commit_st_(db_.prepare("COMMIT")),
      rollback_st_(db_.prepare("ROLLBACK")) {
    if (path != ":memory:") checkpointer_ = std::make_unique<WalCheckpointer>(path);
}

// (The in-memory SQLite database it also opens stays unused: one constructor sets up the
// statements either way.)
SessionStore::SessionStore(std::unique_ptr<SharedSessions> shared)
    : SessionStore(":memory:", std::chrono::seconds(0)) {
    shared_ = std::move(shared);
}

namespace {
std::string session_key(const std::string& channel, const std::string& user) {
    return "session:" + channel + ":" + user;
}
}  // namespace

std::int64_t SessionStore::now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<SessionState> SessionStore::load(const std::string& channel, const std::string& user) {
    if (shared_) {
        auto json = shared_->get(session_key(channel, user));
        if (!json) return std::nullopt;
        return SessionState::from_json(*json);
    }
    auto oldest = now() - static_cast<std::int64_t>(ttl_.count());
    if (auto queued = writes_.read_queued(channel, user)) {  // not in the file yet
        if (queued->erase || queued->updated_at <= oldest) return std::nullopt;
        return SessionState::from_json(queued->json);
    }
    std::lock_guard lock(mu_);
    load_st_.reset();
    load_st_.bind(1, channel).bind(2, user).bind(3, oldest);
    std::optional<SessionState> out;
    if (load_st_.step()) out = SessionState::from_json(load_st_.text(0));
    load_st_.reset();
    return out;
}

void SessionStore::save(const std::string& channel, const std::string& user,
                        const SessionState& state) {
    auto json = state.to_json();  // before the lock: other turns wait on it
    if (shared_) return shared_->put(session_key(channel, user), json);
    // Written behind the turn, with the saves of the turns ending meanwhile.
    writes_.write(SessionRow{channel, user, std::move(json), now(), false});
}

void SessionStore::commit(const std::vector<SessionRow>& rows) {
    std::lock_guard lock(mu_);
    begin_st_.reset();
    begin_st_.run();
    try {
        for (const auto& row : rows) {
            if (row.erase) {
                erase_st_.reset();
                erase_st_.bind(1, row.channel).bind(2, row.user);
                erase_st_.run();
                continue;
            }
            save_st_.reset();
            save_st_.bind(1, row.channel).bind(2, row.user).bind(3, row.json).bind(4, row.updated_at);
            save_st_.run();
        }
        commit_st_.reset();
        commit_st_.run();
    } catch (...) {
        save_st_.reset();
        erase_st_.reset();
        rollback_st_.reset();
        try {
            rollback_st_.run();
        } catch (const std::exception&) {
            // SQLite may have rolled back already (e.g. after SQLITE_FULL); nothing to undo.
        }
        throw;
    }
}

void SessionStore::erase(const std::string& channel, const std::string& user) {
    if (shared_) return shared_->erase(session_key(channel, user));
    // Through the writer, so a save still queued cannot bring the row back after the delete.
    writes_.write(SessionRow{channel, user, {}, now(), true});
}

bool SessionStore::first_delivery(const std::string& channel, const std::string& event_id) {
    if (shared_) return shared_->first_delivery(channel + ":" + event_id);
    std::lock_guard lock(mu_);
    auto st = db_.prepare(
        "INSERT OR IGNORE INTO deliveries(channel, event_id, seen_at) VALUES (?1, ?2, ?3)");
    st.bind(1, channel).bind(2, event_id).bind(3, now());
    st.run();
    return sqlite3_changes(db_.handle()) == 1;
}

int SessionStore::purge_expired() {
    if (shared_) return 0;  // the shared store expires sessions itself
    writes_.flush();
    std::lock_guard lock(mu_);
    auto st = db_.prepare("DELETE FROM sessions WHERE updated_at <= ?1");
    st.bind(1, now() - static_cast<std::int64_t>(ttl_.count()));
    st.run();
    int gone = sqlite3_changes(db_.handle());
    auto del = db_.prepare("DELETE FROM deliveries WHERE seen_at <= ?1");
    del.bind(1, now() - kDeliveryTtl);
    del.run();
    return gone;
}

std::int64_t SessionStore::count() {
    if (shared_) return shared_->count();
    writes_.flush();  // rows still queued count too
    std::lock_guard lock(mu_);
    auto st = db_.prepare("SELECT count(*) FROM sessions");
    st.step();
    return st.integer(0);
}

}  // namespace masscivic::bot
