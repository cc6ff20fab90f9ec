// Bulk export: whoever builds on masscivic can take the whole dataset, as Open States
// users can. Both forms come from the read-only connection this dataset pins, so they
// always match the answers (and the ETag) of the same dataset, even after a reload has
// replaced the file on disk.
#include "lookup.hpp"
#include "lookup_data.hpp"

#include "csv.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace masscivic::server {

const std::vector<std::string>& Lookup::export_tables() {
    // The snapshot's tables (importers' snapshot_tables(); a test keeps the two equal):
    // all of them public data, each row with its source.
    static const std::vector<std::string> tables = {
        "sources",          "municipalities",      "clerk_offices",    "place_names",
        "zip_codes",        "districts",           "district_names",   "precincts",
        "precinct_crosscheck", "officials",        "official_offices", "official_links",
        "vacancies",        "committees",          "committee_members", "bills",
        "bill_sponsors",    "roll_calls",          "roll_call_votes",  "election_results", "local_actions",       "address_district_sets", "address_streets",
        "address_ranges"};
    return tables;
}

namespace {

// The table as CSV: its columns in schema order, rows in rowid order, NULL as an empty
// field (the snapshot's convention).
std::string table_csv(const Database& db, const std::string& table) {
    // `table` is one of export_tables(), never text from a request.
    auto st = db.prepare("SELECT * FROM " + table + " ORDER BY rowid");
    std::vector<std::string> header;
    for (int c = 0; c < st.column_count(); ++c)
        header.push_back(st.column_name(c));
    CsvWriter w(header);
    while (st.step()) {
        std::vector<std::string> row;
        for (int c = 0; c < st.column_count(); ++c)
            row.push_back(st.is_null(c) ? "" : st.text(c));
        w.add(row);
    }
    return w.str();
}

std::string database_bytes(const Database& db) {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db.handle(), "main", &size, 0);
    if (!bytes) throw SqliteError("sqlite3_serialize failed");
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    return out;
}

} // namespace

Result<std::shared_ptr<const std::string>> Lookup::export_csv(std::string_view table) const {
    const auto& tables = export_tables();
    if (std::find(tables.begin(), tables.end(), table) == tables.end())
        return not_found("No public table " + std::string(table).substr(0, 60) +
                         "; see /openapi.json for the list.");
    std::lock_guard lock(d_->export_mutex);
    auto& slot = d_->exports[std::string(table)];
    if (!slot) {
        std::lock_guard db_lock(d_->db_mutex);
        slot = std::make_shared<const std::string>(table_csv(*d_->db, std::string(table)));
    }
    return slot;
}

std::shared_ptr<const std::string> Lookup::export_database() const {
    std::lock_guard lock(d_->export_mutex);
    auto& slot = d_->exports[""];
    if (!slot) {
        std::lock_guard db_lock(d_->db_mutex);
        slot = std::make_shared<const std::string>(database_bytes(*d_->db));
    }
    return slot;
}

} // namespace masscivic::server
