// Move-only RAII wrappers over the SQLite C API. Prepared statements only:
// every value that comes from outside is bound, never spliced into SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace masscivic {

struct SqliteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Statement;

class Database {
public:
    enum class Mode { ReadOnly, ReadWriteCreate };

    // Throws SqliteError when the file cannot be opened.
    static Database open(const std::string& path, Mode mode);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements that take no parameters (schema, pragmas).
    void exec(const std::string& sql);
    Statement prepare(std::string_view sql) const;
    std::int64_t user_version() const;
    sqlite3* handle() const { return db_; }

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind_null(int index);
    // Empty text binds NULL: the snapshot writes a missing value as an empty field.
    Statement& bind_or_null(int index, std::string_view text);

    // Returns true while a row is available.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    int column_count() const;
    bool is_null(int col) const;
    std::string text(int col) const;
    std::optional<std::string> optional_text(int col) const;
    std::int64_t integer(int col) const;
    double real(int col) const;
    std::string column_name(int col) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

// Commits on commit(); rolls back if destroyed first (an exception escaped).
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace masscivic
