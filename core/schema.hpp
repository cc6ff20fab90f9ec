#pragma once
#include <string_view>

namespace masscivic {
// The database schema (core/schema.sql), compiled in so the importer needs no source tree.
std::string_view schema_sql();
// The schema version the code expects (PRAGMA user_version in schema.sql).
constexpr int kSchemaVersion = 7;
}  // namespace masscivic
