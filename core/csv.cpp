#include "csv.hpp"

#include "text.hpp"

#include <csv.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace masscivic {

std::string where(const std::filesystem::path& file, std::size_t line) {
    return file.string() + ":" + std::to_string(line);
}

namespace {

struct ParseState {
    std::vector<CsvRecord> records;
    CsvRecord current;
    std::size_t feeding_line = 1;  // the physical line being fed to libcsv
};

void on_field(void* data, std::size_t len, void* user) {
    auto& s = *static_cast<ParseState*>(user);
    if (s.current.fields.empty()) s.current.line = s.feeding_line;
    // libcsv passes NULL for an empty unquoted field (CSV_EMPTY_IS_NULL is not set here,
    // but guard anyway).
    s.current.fields.emplace_back(data ? static_cast<const char*>(data) : "", data ? len : 0);
}

void on_record(int, void* user) {
    auto& s = *static_cast<ParseState*>(user);
    if (s.current.fields.empty()) s.current.line = s.feeding_line;
    s.records.push_back(std::move(s.current));
    s.current = {};
}

}  // namespace

CsvTable CsvTable::read(const std::filesystem::path& file) {
    return parse(read_file(file), file);
}

CsvTable CsvTable::parse(std::string_view text, const std::filesystem::path& name) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (auto bad = first_invalid_utf8(text))
        throw InputError(masscivic::where(
                             name, 1 + static_cast<std::size_t>(std::count(
                                           text.begin(), text.begin() + *bad, '\n'))) +
                         ": invalid UTF-8");

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        throw InputError(name.string() + ": cannot initialise CSV parser");
    ParseState state;
    // Fed line by line so each record can be tagged with the line it is on.
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        end = end == std::string_view::npos ? text.size() : end + 1;
        std::size_t fed =
            csv_parse(&parser, text.data() + pos, end - pos, on_field, on_record, &state);
        if (fed != end - pos) {
            std::string msg = csv_strerror(csv_error(&parser));
            csv_free(&parser);
            throw InputError(masscivic::where(name, state.feeding_line) + ": malformed CSV (" +
                             msg + ")");
        }
        pos = end;
        ++state.feeding_line;
    }
    if (csv_fini(&parser, on_field, on_record, &state) != 0) {
        std::string msg = csv_strerror(csv_error(&parser));
        csv_free(&parser);
        throw InputError(masscivic::where(name, state.feeding_line) +
                         ": malformed CSV at end of file (" + msg + ")");
    }
    csv_free(&parser);

    CsvTable table;
    table.file_ = name;
    if (state.records.empty()) throw InputError(name.string() + ": empty file, no CSV header");
    table.header_ = std::move(state.records.front().fields);
    for (std::size_t i = 0; i < table.header_.size(); ++i) table.index_[table.header_[i]] = i;
    for (std::size_t i = 1; i < state.records.size(); ++i) {
        CsvRecord r = std::move(state.records[i]);
        if (r.fields.size() != table.header_.size())
            throw InputError(masscivic::where(name, r.line) + ": expected " +
                             std::to_string(table.header_.size()) + " fields, found " +
                             std::to_string(r.fields.size()));
        table.records_.push_back(std::move(r));
    }
    return table;
}

bool CsvTable::has_column(std::string_view name) const { return index_.contains(name); }

std::size_t CsvTable::column(std::string_view name) const {
    auto it = index_.find(name);
    if (it == index_.end())
        throw InputError(file_.string() + ": missing column '" + std::string(name) + "'");
    return it->second;
}

const std::string& CsvTable::get(const CsvRecord& r, std::string_view column_name) const {
    return r.fields[column(column_name)];
}

std::string CsvTable::where(const CsvRecord& r) const { return masscivic::where(file_, r.line); }

std::string csv_escape(std::string_view field) {
    bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

CsvWriter::CsvWriter(std::vector<std::string> header) : header_(std::move(header)) {}

void CsvWriter::add(std::vector<std::string> row) {
    if (row.size() != header_.size())
        throw std::logic_error("CsvWriter: row has " + std::to_string(row.size()) +
                               " fields, header has " + std::to_string(header_.size()));
    rows_.push_back(std::move(row));
}

void CsvWriter::sort() { std::sort(rows_.begin(), rows_.end()); }

std::string CsvWriter::str() const {
    std::string out;
    auto line = [&out](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out += ',';
            out += csv_escape(fields[i]);
        }
        out += '\n';
    };
    line(header_);
    for (const auto& r : rows_) line(r);
    return out;
}

void CsvWriter::write(const std::filesystem::path& file) const { write_file_atomic(file, str()); }

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string() + ": cannot open (missing or unreadable)");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw InputError(file.string() + ": read error");
    return std::move(ss).str();
}

void write_file_atomic(const std::filesystem::path& file, std::string_view content) {
    auto tmp = file;
    tmp += ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw InputError(tmp.string() + ": cannot create");
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp);
            throw InputError(tmp.string() + ": write failed");
        }
    }
    std::filesystem::rename(tmp, file);
}

}  // namespace masscivic
