// The snapshot being built from raw sources: one table of rows per snapshot file
// (columns taken from core/schema.sql, so the two cannot drift), boundary layers,
// the town and district resolvers every source shares, and counted warnings.
#pragma once

#include "csv.hpp"

#include <filesystem>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace masscivic::import {

struct SourceInfo {
    std::string id;  // the raw folder name, e.g. "openstates-people-ma"
    std::string title;
    std::string upstream_url;
    std::string license;
    std::string as_of;  // YYYY-MM-DD
    std::string note;
};

enum class Chamber { House, Senate, Congress, GovernorsCouncil };
const char* chamber_code(Chamber c);  // "house", "senate", "congress", "governors_council"

class Snapshot {
public:
    explicit Snapshot(std::filesystem::path raw_dir);

    const std::filesystem::path& raw_dir() const { return raw_dir_; }
    std::filesystem::path raw(const std::string& relative) const { return raw_dir_ / relative; }

    void add_source(SourceInfo info);
    const SourceInfo& source(const std::string& id) const;
    bool has_source(const std::string& id) const { return sources_.count(id) != 0; }

    // Adds a row to a snapshot table by column name; columns not given are empty
    // (NULL in the database). An unknown table or column is a programming error.
    void add(const std::string& table,
             std::initializer_list<std::pair<const char*, std::string>> values);
    void add(const std::string& table, const std::map<std::string, std::string>& values);
    std::size_t count(const std::string& table) const;
    std::size_t count(const std::string& table, const std::string& source) const;
    // Copies of a table's rows as column -> value, for importers that build on rows
    // added by earlier ones (e.g. the people importer reads districts and municipalities).
    std::vector<std::map<std::string, std::string>> rows(const std::string& table) const;

    // Boundary features (WGS84 GeoJSON geometry as serialized JSON text) per layer.
    void add_boundary(const std::string& layer, const std::string& id, const std::string& name,
                      std::string geometry_json);
    struct BoundaryFeature {
        std::string layer, id, geometry_json;
    };
    // Every boundary feature added so far (the address importer places points with them).
    std::vector<BoundaryFeature> boundary_features() const;

    // Towns: registered by the municipalities importer (official names and alternate
    // spellings); resolve_town() throws InputError ("unmatched town") with the location.
    void register_town_name(const std::string& name, const std::string& geoid);
    std::string resolve_town(std::string_view name, const std::string& where) const;
    const std::string* find_town(std::string_view name) const;  // nullptr if unknown
    const std::string& town_name(const std::string& geoid) const;

    // Districts: registered by the districts importer with every spelling seen;
    // resolve_district() throws InputError ("unknown district") with the location.
    void register_district_name(Chamber chamber, const std::string& name,
                                const std::string& ocd_id);
    std::string resolve_district(Chamber chamber, std::string_view name,
                                 const std::string& where) const;

    // A counted warning: a row skipped or overridden by a precedence rule.
    void warn(const std::string& message);
    const std::vector<std::string>& warnings() const { return warnings_; }
    // A line of a named cross-check section of SOURCES.md (e.g. "Election cross-check"):
    // findings a reader should see even when nothing was skipped.
    void report(const std::string& section, const std::string& line);

    // Writes every table (rows sorted), boundaries/<layer>.geojson and SOURCES.md.
    void write(const std::filesystem::path& dir) const;

private:
    struct Table {
        std::vector<std::string> columns;
        std::vector<std::vector<std::string>> rows;
    };
    Table& table(const std::string& name);
    const Table& table(const std::string& name) const;
    std::string sources_markdown() const;

    std::filesystem::path raw_dir_;
    std::map<std::string, Table> tables_;
    std::map<std::string, SourceInfo> sources_;
    struct Feature {
        std::string id, name, geometry;
    };
    std::map<std::string, std::vector<Feature>> boundaries_;
    std::map<std::string, std::string> town_keys_;      // name_key -> geoid
    std::map<std::string, std::string> town_names_;     // geoid -> official name
    std::map<std::string, std::string> district_keys_;  // chamber + '|' + district_key -> ocd id
    std::vector<std::string> warnings_;
    std::map<std::string, std::vector<std::string>> reports_;  // section -> lines
};

}  // namespace masscivic::import
