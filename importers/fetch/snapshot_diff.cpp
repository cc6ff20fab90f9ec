#include "fetch/snapshot_diff.hpp"

#include <map>
#include <set>
#include <sstream>

#include "csv.hpp"
#include "snapshot_to_db.hpp"

namespace masscivic::import::fetch {
namespace fs = std::filesystem;
namespace {

using Row = std::map<std::string, std::string>;
// Columns that change with every fetch without the facts changing.
const std::set<std::string> kBookkeeping = {"as_of", "source", "source_url"};

std::map<std::string, Row> rows_by(const fs::path& file, const std::vector<std::string>& key) {
    std::map<std::string, Row> out;
    if (!fs::exists(file)) return out;
    auto t = CsvTable::read(file);
    for (const auto& r : t.records()) {
        Row row;
        for (std::size_t i = 0; i < t.header().size(); ++i) row[t.header()[i]] = r.fields[i];
        std::string k;
        for (const auto& c : key) k += (k.empty() ? "" : " ") + row[c];
        out[k] = std::move(row);
    }
    return out;
}

// "legislators" (state and federal), "local officials", "other officials".
std::string group_of(const Row& official) {
    const auto& office = official.at("office");
    if (office == "state_representative" || office == "state_senator" || office == "us_representative" ||
        office == "us_senator")
        return "legislators";
    if (official.at("level") == "local") return "local officials";
    return "other officials";
}

std::string changed_fields(const Row& a, const Row& b) {
    std::string out;
    for (const auto& [col, value] : a) {
        if (kBookkeeping.count(col)) continue;
        auto it = b.find(col);
        if (it == b.end() || it->second != value) out += (out.empty() ? "" : ", ") + col;
    }
    return out;
}

std::string percent(double share) {
    std::ostringstream s;
    s << share * 100 << "%";
    return s.str();
}

std::string listing(const std::vector<std::string>& items) {
    constexpr std::size_t kShown = 5;
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < kShown; ++i) out += (i ? "; " : "") + items[i];
    if (items.size() > kShown) out += "; and " + std::to_string(items.size() - kShown) + " more";
    return out;
}

void say(std::vector<std::string>& lines, std::size_t n, const std::string& what,
         const std::string& verb, const std::vector<std::string>& items) {
    if (n == 0) return;
    std::string noun = what;
    if (n == 1 && noun.back() == 's') noun.pop_back();  // "1 legislator", "1 local official"
    lines.push_back(std::to_string(n) + " " + noun + " " + verb + ": " + listing(items));
}

void diff_officials(const fs::path& before, const fs::path& after, double max_loss, SnapshotDiff& d) {
    auto old_rows = rows_by(before / "officials.csv", {"id"});
    auto new_rows = rows_by(after / "officials.csv", {"id"});
    std::map<std::string, std::map<std::string, std::vector<std::string>>> by_group;  // group -> verb -> items
    for (const auto& [id, row] : new_rows) {
        auto old = old_rows.find(id);
        if (old == old_rows.end())
            by_group[group_of(row)]["added"].push_back(row.at("name") + " (" + row.at("title") + ")");
        else if (auto fields = changed_fields(old->second, row); !fields.empty())
            by_group[group_of(row)]["changed"].push_back(row.at("name") + " (" + fields + ")");
    }
    std::size_t gone = 0;
    for (const auto& [id, row] : old_rows) {
        if (new_rows.count(id)) continue;
        ++gone;
        by_group[group_of(row)]["gone"].push_back(row.at("name") + " (" + row.at("title") + ")");
    }
    for (const auto& [group, verbs] : by_group)
        for (const auto& verb : {"changed", "added", "gone"})
            if (auto it = verbs.find(verb); it != verbs.end()) say(d.lines, it->second.size(), group, verb, it->second);
    if (!old_rows.empty() && static_cast<double>(gone) > max_loss * static_cast<double>(old_rows.size()))
        d.alarms.push_back(std::to_string(gone) + " of " + std::to_string(old_rows.size()) +
                           " officials would be gone (more than " + percent(max_loss) + ")");
}

void diff_vacancies(const fs::path& before, const fs::path& after, SnapshotDiff& d) {
    auto old_rows = rows_by(before / "vacancies.csv", {"division_id", "office"});
    auto new_rows = rows_by(after / "vacancies.csv", {"division_id", "office"});
    std::vector<std::string> filled, opened;
    for (const auto& [k, row] : old_rows)
        if (!new_rows.count(k)) filled.push_back(row.at("office") + " of " + row.at("division_id"));
    for (const auto& [k, row] : new_rows)
        if (!old_rows.count(k)) opened.push_back(row.at("office") + " of " + row.at("division_id"));
    say(d.lines, filled.size(), filled.size() == 1 ? "vacancy" : "vacancies", "filled", filled);
    say(d.lines, opened.size(), opened.size() == 1 ? "vacancy" : "vacancies", "opened", opened);
}

std::size_t row_count(const fs::path& file) {
    return fs::exists(file) ? CsvTable::read(file).records().size() : 0;
}

void diff_table_sizes(const fs::path& before, const fs::path& after, double max_loss, SnapshotDiff& d) {
    for (const auto& table : snapshot_tables()) {
        if (table == "officials" || table == "vacancies") continue;  // described above
        auto file = table + ".csv";
        auto a = row_count(before / file), b = row_count(after / file);
        if (a != b) d.lines.push_back(table + ": " + std::to_string(a) + " -> " + std::to_string(b) + " rows");
        if (a > 0 && static_cast<double>(a - std::min(a, b)) > max_loss * static_cast<double>(a))
            d.alarms.push_back(table + " would lose " + std::to_string(a - b) + " of " + std::to_string(a) +
                               " rows (more than " + percent(max_loss) + ")");
    }
    for (const auto& layer : boundary_layers()) {
        auto file = fs::path("boundaries") / (layer + ".geojson");
        if (fs::exists(before / file) && !fs::exists(after / file))
            d.alarms.push_back("boundary layer " + layer + " would be missing");
    }
}

}  // namespace

SnapshotDiff diff_snapshots(const fs::path& before, const fs::path& after, double max_loss) {
    SnapshotDiff d;
    diff_officials(before, after, max_loss, d);
    diff_vacancies(before, after, d);
    diff_table_sizes(before, after, max_loss, d);
    return d;
}

}  // namespace masscivic::import::fetch
