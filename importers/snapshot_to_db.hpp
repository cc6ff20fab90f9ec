// Builds the SQLite database from the normalized snapshot (datasets/ma). Needs
// nothing but the snapshot: this is what the server's default run uses.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace masscivic::import {

using Progress = std::function<void(const std::string&)>;

struct BuildSummary {
    std::map<std::string, long> counts;  // table -> rows
    double seconds = 0;
    std::uintmax_t bytes = 0;
};

// The base tables, in load order (parents before children). Each has a snapshot file
// <name>.csv whose header equals the table's columns.
const std::vector<std::string>& snapshot_tables();
// Boundary layers, each in boundaries/<layer>.geojson.
const std::vector<std::string>& boundary_layers();

// The toolkits file read with a snapshot: datasets/toolkits.json beside datasets/ma.
std::filesystem::path toolkits_file(const std::filesystem::path& snapshot_dir);

// Writes the database to a temporary file next to db_path and renames it over db_path
// only when complete: a failed or killed build leaves any previous database untouched.
// Also stores toolkits_file(snapshot_dir), when present, checking that every bill it names
// is in the snapshot. Throws InputError / SqliteError naming the file and line of bad input.
BuildSummary build_database(const std::filesystem::path& snapshot_dir,
                            const std::filesystem::path& db_path, const Progress& progress);

}  // namespace masscivic::import
