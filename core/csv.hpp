// CSV reading (RFC 4180, via libcsv) with file and line numbers for error messages,
// and CSV writing with minimal quoting so snapshot files diff cleanly.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace masscivic {

// An error in an input file: names the file and the line so a person can fix it.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string where(const std::filesystem::path& file, std::size_t line);

struct CsvRecord {
    std::size_t line = 0;  // 1-based physical line where the record starts
    std::vector<std::string> fields;
};

class CsvTable {
public:
    // Reads a whole file. Strips a UTF-8 BOM, rejects invalid UTF-8, malformed quoting,
    // a missing header and records whose field count differs from the header's.
    static CsvTable read(const std::filesystem::path& file);
    static CsvTable parse(std::string_view text, const std::filesystem::path& name);

    const std::filesystem::path& file() const { return file_; }
    const std::vector<std::string>& header() const { return header_; }
    const std::vector<CsvRecord>& records() const { return records_; }
    bool has_column(std::string_view name) const;
    // Throws InputError naming the file when the column is absent.
    std::size_t column(std::string_view name) const;
    // Field of a record by column name.
    const std::string& get(const CsvRecord& r, std::string_view column_name) const;
    std::string where(const CsvRecord& r) const;

private:
    std::filesystem::path file_;
    std::vector<std::string> header_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<CsvRecord> records_;
};

class CsvWriter {
public:
    explicit CsvWriter(std::vector<std::string> header);
    void add(std::vector<std::string> row);
    std::size_t size() const { return rows_.size(); }
    // Sorts rows (all columns, lexicographically) so output does not depend on input order.
    void sort();
    std::string str() const;
    // Writes atomically (temporary file + rename).
    void write(const std::filesystem::path& file) const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

std::string csv_escape(std::string_view field);

// Reads a whole file; throws InputError when missing or unreadable.
std::string read_file(const std::filesystem::path& file);
// Writes via a temporary file in the same directory and rename(2), so readers never
// see a half-written file.
void write_file_atomic(const std::filesystem::path& file, std::string_view content);

}  // namespace masscivic
