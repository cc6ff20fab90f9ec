// The real database, built once per test run from the committed snapshot (datasets/ma).
#pragma once

#include "snapshot_to_db.hpp"
#include "sqlite.hpp"
#include "temp_dir.hpp"

#include <memory>
#include <string>

namespace masscivic::testing {

inline const std::filesystem::path& real_db_path() {
    static TempDir dir;
    static const std::filesystem::path path = [] {
        auto p = dir / "masscivic.db";
        import::build_database(std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "datasets/ma", p,
                               [](const std::string&) {});
        return p;
    }();
    return path;
}

inline Database open_real_db() {
    return Database::open(real_db_path().string(), Database::Mode::ReadOnly);
}

// Runs a query that returns one integer (SQL is a test constant; values are bound).
inline long long scalar(Database& db, const std::string& sql, const std::string& arg = "") {
    auto st = db.prepare(sql);
    if (!arg.empty()) st.bind(1, arg);
    return st.step() ? st.integer(0) : -1;
}

}  // namespace masscivic::testing
