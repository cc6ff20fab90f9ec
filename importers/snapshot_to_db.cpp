#include "snapshot_to_db.hpp"

#include "csv.hpp"
#include "place_aliases.hpp"
#include "schema.hpp"
#include "sqlite.hpp"
#include "street.hpp"
#include "text.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace masscivic::import {

const std::vector<std::string>& snapshot_tables() {
    static const std::vector<std::string> tables = {
        "sources",       "municipalities",   "clerk_offices",  "place_names",
        "zip_codes",     "districts",        "district_names", "precincts",
        "precinct_crosscheck", "officials",  "official_offices", "official_links",
        "vacancies",     "committees",       "committee_members", "bills",
        "bill_sponsors", "roll_calls", "roll_call_votes", "election_results", "local_actions", "address_district_sets", "address_streets", "address_ranges"};
    return tables;
}

const std::vector<std::string>& boundary_layers() {
    static const std::vector<std::string> layers = {"town", "house", "senate", "congress",
                                                    "governors_council", "precinct"};
    return layers;
}

namespace {

std::vector<std::string> table_columns(Database& db, const std::string& table) {
    // Table names come from the fixed list above, never from input.
    auto st = db.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    std::vector<std::string> cols;
    while (st.step()) cols.push_back(st.text(0));
    return cols;
}

long load_table(Database& db, const std::filesystem::path& dir, const std::string& table) {
    auto csv = CsvTable::read(dir / (table + ".csv"));
    auto cols = table_columns(db, table);
    if (csv.header() != cols) {
        std::string want;
        for (const auto& c : cols) want += (want.empty() ? "" : ",") + c;
        throw InputError(csv.file().string() + ":1: header must be exactly: " + want);
    }
    std::string sql = "INSERT INTO " + table + " VALUES (";
    for (std::size_t i = 0; i < cols.size(); ++i) sql += (i ? ",?" : "?") + std::to_string(i + 1);
    sql += ")";
    auto st = db.prepare(sql);
    for (const auto& rec : csv.records()) {
        for (std::size_t i = 0; i < rec.fields.size(); ++i)
            st.bind_or_null(static_cast<int>(i + 1), rec.fields[i]);
        try {
            st.run();
        } catch (const SqliteError& e) {
            st.reset();
            throw InputError(csv.where(rec) + ": " + e.what());
        }
    }
    return static_cast<long>(csv.records().size());
}

struct BBox {
    double min_lon = std::numeric_limits<double>::max(), max_lon = -min_lon;
    double min_lat = min_lon, max_lat = -min_lon;
};

// Walks nested coordinate arrays of a Polygon/MultiPolygon and grows the box.
bool grow(const rapidjson::Value& v, BBox& box) {
    if (!v.IsArray()) return false;
    if (v.Size() >= 2 && v[0].IsNumber() && v[1].IsNumber()) {
        double lon = v[0].GetDouble(), lat = v[1].GetDouble();
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return false;
        box.min_lon = std::min(box.min_lon, lon);
        box.max_lon = std::max(box.max_lon, lon);
        box.min_lat = std::min(box.min_lat, lat);
        box.max_lat = std::max(box.max_lat, lat);
        return true;
    }
    for (const auto& child : v.GetArray())
        if (!grow(child, box)) return false;
    return true;
}

long load_boundaries(Database& db, const std::filesystem::path& dir, const std::string& layer) {
    auto file = dir / "boundaries" / (layer + ".geojson");
    auto text = read_file(file);
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError())
        throw InputError(file.string() + ": invalid JSON at offset " +
                         std::to_string(doc.GetErrorOffset()) + ": " +
                         rapidjson::GetParseError_En(doc.GetParseError()));
    if (!doc.IsObject() || !doc.HasMember("features") || !doc["features"].IsArray())
        throw InputError(file.string() + ": not a GeoJSON FeatureCollection");
    auto ins = db.prepare("INSERT INTO boundaries (id, layer, name, geometry) VALUES (?1,?2,?3,?4)");
    auto box_ins = db.prepare(
        "INSERT INTO boundaries_rtree (rowid, min_lon, max_lon, min_lat, max_lat) "
        "VALUES (last_insert_rowid(), ?1, ?2, ?3, ?4)");
    long n = 0;
    for (const auto& f : doc["features"].GetArray()) {
        std::string at = file.string() + ": feature " + std::to_string(n + 1);
        if (!f.IsObject() || !f.HasMember("properties") || !f["properties"].IsObject() ||
            !f.HasMember("geometry") || !f["geometry"].IsObject())
            throw InputError(at + ": missing properties or geometry");
        const auto& p = f["properties"];
        if (!p.HasMember("id") || !p["id"].IsString() || !p.HasMember("name") ||
            !p["name"].IsString())
            throw InputError(at + ": properties need string 'id' and 'name'");
        const auto& g = f["geometry"];
        if (!g.HasMember("type") || !g["type"].IsString() || !g.HasMember("coordinates"))
            throw InputError(at + ": geometry needs 'type' and 'coordinates'");
        std::string type = g["type"].GetString();
        if (type != "Polygon" && type != "MultiPolygon")
            throw InputError(at + ": geometry type " + type + " (want Polygon or MultiPolygon)");
        BBox box;
        if (!grow(g["coordinates"], box) || box.min_lon > box.max_lon)
            throw InputError(at + ": bad coordinates (need lon/lat degrees)");
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        g.Accept(w);
        try {
            ins.bind(1, std::string_view(p["id"].GetString()))
                .bind(2, layer)
                .bind(3, std::string_view(p["name"].GetString()))
                .bind(4, std::string_view(buf.GetString(), buf.GetSize()));
            ins.run();
            box_ins.bind(1, box.min_lon).bind(2, box.max_lon).bind(3, box.min_lat).bind(4, box.max_lat);
            box_ins.run();
        } catch (const SqliteError& e) {
            ins.reset();
            box_ins.reset();
            throw InputError(at + " (id " + p["id"].GetString() + "): " + e.what());
        }
        ++n;
    }
    return n;
}

void build_name_index(Database& db) {
    auto sel = db.prepare(
        "SELECT name, geoid, 'official' FROM municipalities "
        "UNION SELECT name, geoid, kind FROM place_names");
    auto ins = db.prepare("INSERT OR IGNORE INTO name_index (key, geoid, name, kind) VALUES (?1,?2,?3,?4)");
    while (sel.step()) {
        auto name = sel.text(0);
        auto key = name_key(name);
        if (key.empty()) continue;
        ins.bind(1, key).bind(2, sel.text(1)).bind(3, name).bind(4, sel.text(2));
        ins.run();
    }
    db.exec("INSERT INTO places_fts (key, geoid, name) SELECT key, geoid, name FROM name_index;");
}

void build_street_names(Database& db) {
    auto sel = db.prepare("SELECT street_id, street_key FROM address_streets");
    auto ins = db.prepare("INSERT INTO address_street_names (street_id, core, qualifier) VALUES (?1,?2,?3)");
    while (sel.step()) {
        auto name = geocode::normalize_street(sel.text(1));
        ins.bind(1, sel.integer(0)).bind(2, name.core).bind(3, name.qualifier);
        ins.run();
    }
}

void build_officials_fts(Database& db) {
    db.exec(R"SQL(
        INSERT INTO officials_fts (name, title, division, municipality, committees, id)
        SELECT o.name, o.title,
               coalesce((SELECT d.name FROM districts d WHERE d.ocd_id = o.division_id), ''),
               coalesce((SELECT m.name FROM municipalities m WHERE m.geoid = o.geoid), ''),
               coalesce((SELECT group_concat(c.name, '; ') FROM committee_members cm
                         JOIN committees c ON c.id = cm.committee_id
                         WHERE cm.official_id = o.id), ''),
               o.id
        FROM officials o;
    )SQL");
}

// datasets/toolkits.json: stored verbatim (the server parses it), after checking what the
// database can check: it is a JSON object whose toolkits have ids, and every related bill
// is a bill of the snapshot (a typo would silently drop a bill from the sponsor ranking).
long load_toolkits_document(Database& db, const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) return 0;
    auto text = read_file(file);
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError())
        throw InputError(file.string() + ": invalid JSON at offset " +
                         std::to_string(doc.GetErrorOffset()) + ": " +
                         rapidjson::GetParseError_En(doc.GetParseError()));
    if (!doc.IsObject() || !doc.HasMember("toolkits") || !doc["toolkits"].IsArray())
        throw InputError(file.string() + ": needs an object with a 'toolkits' array");
    auto bill = db.prepare("SELECT 1 FROM bills WHERE id = ?1");
    long n = 0;
    for (const auto& t : doc["toolkits"].GetArray()) {
        std::string at = file.string() + ": toolkits[" + std::to_string(n++) + "]";
        if (!t.IsObject() || !t.HasMember("id") || !t["id"].IsString())
            throw InputError(at + ": needs a string 'id'");
        if (!t.HasMember("related_bills")) continue;
        if (!t["related_bills"].IsArray())
            throw InputError(at + ": 'related_bills' must be an array of bill ids");
        for (const auto& b : t["related_bills"].GetArray()) {
            if (!b.IsString()) throw InputError(at + ": 'related_bills' must be an array of bill ids");
            bill.bind(1, std::string_view(b.GetString()));
            bool known = bill.step();
            bill.reset();
            if (!known)
                throw InputError(at + ": related bill '" + b.GetString() +
                                 "' is not in the snapshot's bills.csv");
        }
    }
    auto ins = db.prepare("INSERT INTO documents (name, body) VALUES ('toolkits', ?1)");
    ins.bind(1, text);
    ins.run();
    return n;
}

void write_meta(Database& db) {
    db.exec(R"SQL(
        -- The hand-kept alias table is not data about the state of the world: it does not date it.
        INSERT INTO meta (key, value) SELECT 'snapshot_as_of', max(as_of) FROM sources
            WHERE id != 'masscivic-place-aliases';
        INSERT INTO meta (key, value) SELECT 'sources', group_concat(id, ',') FROM
            (SELECT id FROM sources ORDER BY id);
    )SQL");
    auto st = db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?1)");
    st.bind(1, static_cast<std::int64_t>(db.user_version()));
    st.run();
}

// A build killed with SIGKILL leaves its temporary file behind; remove those whose
// process is gone so repeated failures do not fill the disk.
void remove_stale_temporaries(const std::filesystem::path& db_path) {
    auto dir = db_path.parent_path().empty() ? std::filesystem::path(".") : db_path.parent_path();
    auto prefix = db_path.filename().string() + ".building.";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        auto name = entry.path().filename().string();
        if (!name.starts_with(prefix)) continue;
        // <db>.building.<pid>, or SQLite's <db>.building.<pid>-journal beside it.
        auto pid_text = name.substr(prefix.size());
        pid_text = pid_text.substr(0, pid_text.find_first_not_of("0123456789"));
        if (pid_text.empty() || pid_text.size() > 9) continue;
        auto pid = static_cast<pid_t>(std::stol(pid_text));
        if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH)
            std::filesystem::remove(entry.path(), ec);
    }
}

}  // namespace

std::filesystem::path toolkits_file(const std::filesystem::path& snapshot_dir) {
    auto dir = std::filesystem::absolute(snapshot_dir).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "datasets/ma/"
    return dir.parent_path() / "toolkits.json";
}

BuildSummary build_database(const std::filesystem::path& snapshot_dir,
                            const std::filesystem::path& db_path, const Progress& progress) {
    auto started = std::chrono::steady_clock::now();
    if (!std::filesystem::is_directory(snapshot_dir))
        throw InputError(snapshot_dir.string() + ": snapshot directory not found");
    auto parent = db_path.parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    remove_stale_temporaries(db_path);
    auto tmp = db_path;
    tmp += ".building." + std::to_string(::getpid());
    std::filesystem::remove(tmp);

    BuildSummary summary;
    try {
        auto db = Database::open(tmp.string(), Database::Mode::ReadWriteCreate);
        // The temporary file is thrown away on failure, so durability inside it is moot.
        db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
        db.exec(std::string(schema_sql()));
        Transaction tx(db);
        for (const auto& table : snapshot_tables()) {
            progress("loading " + table);
            summary.counts[table] = load_table(db, snapshot_dir, table);
        }
        for (const auto& layer : boundary_layers()) {
            progress("loading boundaries/" + layer);
            summary.counts["boundaries." + layer] = load_boundaries(db, snapshot_dir, layer);
        }
        progress("loading " + toolkits_file(snapshot_dir).string());
        summary.counts["toolkits"] = load_toolkits_document(db, toolkits_file(snapshot_dir));
        // Hand-kept nicknames ("JP", "the Cape") beside the snapshot, when the snapshot has them.
        if (auto aliases = place_aliases_file(snapshot_dir); std::filesystem::exists(aliases)) {
            progress("loading place aliases");
            summary.counts["place_aliases"] = load_place_aliases(db, aliases);
        }
        progress("building search indexes");
        build_name_index(db);
        build_street_names(db);
        build_officials_fts(db);
        write_meta(db);
        tx.commit();
        auto fk = db.prepare("PRAGMA foreign_key_check");
        if (fk.step())
            throw InputError("foreign key violation in table " + fk.text(0) + " (rowid " +
                             fk.text(1) + ")");
        db.exec("PRAGMA journal_mode = DELETE; ANALYZE; VACUUM;");
    } catch (...) {
        std::filesystem::remove(tmp);
        throw;
    }
    // fsync is not needed for correctness of the swap: rename is atomic on POSIX.
    std::filesystem::rename(tmp, db_path);
    summary.bytes = std::filesystem::file_size(db_path);
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace masscivic::import
