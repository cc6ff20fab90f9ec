// Small helpers shared by the municipal and district importers: required raw files,
// JSON documents with line-numbered errors, phone formatting, and GeoJSON geometry
// validation + deterministic re-serialisation.
#pragma once

#include "snapshot.hpp"

#include <rapidjson/document.h>

#include <filesystem>
#include <functional>
#include <map>
#include <vector>
#include <optional>
#include <string>
#include <string_view>

namespace masscivic::import::geo {

// The path of a raw file; InputError naming it when it is missing.
std::filesystem::path require_file(const Snapshot& snap, const std::string& relative);

// Registers a raw folder as a snapshot source; the folder's PROVENANCE.md must exist
// (it is where the title, URL, license and date below were taken from).
void add_folder_source(Snapshot& snap, SourceInfo info);

// Parses a whole JSON file; a syntax error names file:line.
rapidjson::Document read_json(const std::filesystem::path& file);

// Calls fn(at, properties, geometry) for each feature of a GeoJSON FeatureCollection file,
// in order; `at` names the file and the feature number for errors. A file that is no
// FeatureCollection, or a feature without properties or geometry, is an InputError.
void for_each_feature(const std::filesystem::path& file,
                      const std::function<void(const std::string& at, const rapidjson::Value& properties,
                                               const rapidjson::Value& geometry)>& fn);

// String member of a JSON object, or InputError naming `where`.
std::string json_string(const rapidjson::Value& obj, const char* member, const std::string& where);

// "+17819822112" -> "781-982-2112"; "+14137438300x176" -> "413-743-8300 x176".
// nullopt when the text is not a 10-digit North American number.
std::optional<std::string> format_phone(std::string_view e164);

// The clerk list's addresses were title-cased by a scraper: "Town Clerk’S Office, 367 Main St,
// 1St Fl,, Hyannis, Ma 02601" -> "Town Clerk's Office, 367 Main St, 1st Fl, Hyannis, MA 02601".
// Repairs only those artefacts (possessive 'S, ordinals, doubled commas and spaces, the state
// code, "Po Box"); everything else is kept as published.
std::string tidy_title_cased_address(std::string_view address);

// Non-negative decimal integer (digits only), or nullopt.
std::optional<long> parse_count(std::string_view text);

// True when text is exactly n ASCII digits.
bool all_digits(std::string_view text, std::size_t n);

// Validates a GeoJSON Polygon/MultiPolygon in lon/lat degrees inside a box around
// Massachusetts and re-serialises it with coordinates rounded to 6 decimals, so the
// output does not depend on how the input spelled its numbers. InputError naming
// `where` otherwise.
std::string geometry_json(const rapidjson::Value& geometry, const std::string& where);

// Rows a documented precedence rule skips, counted per rule; flush() turns each rule
// into one snap.warn() with the count and the first few examples.
class SkipLog {
public:
    explicit SkipLog(std::string file) : file_(std::move(file)) {}
    void skip(const std::string& rule, const std::string& example);
    // A row kept but decided by a fallback rule worth telling about.
    void note(const std::string& rule, const std::string& example);
    std::size_t count(const std::string& rule) const;
    void flush(Snapshot& snap);

private:
    std::string file_;
    std::map<std::string, std::pair<std::size_t, std::vector<std::string>>> rules_, notes_;
};

}  // namespace masscivic::import::geo
