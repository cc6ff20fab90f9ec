#include "address_points.hpp"

#include "geo_util.hpp"
#include "text.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace masscivic::import::addresses {

namespace {

// "NORTH ATTLEBOROUGH" / "northattleborough" -> "northattleborough": how csv/ file names
// spell towns.
std::string compact(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    }
    return out;
}

struct MassgisTown {
    std::string geoid;
    int fiscal_year = 0;
};

// massgis_urls.csv: town_id (M001) assess_townID town_name "fiscal year" ...
std::map<std::string, MassgisTown> read_massgis_towns(const Snapshot& snap) {
    std::map<std::string, std::string> geoid_by_id;
    for (const auto& m : snap.rows("municipalities"))
        if (!m.at("massgis_town_id").empty()) geoid_by_id[m.at("massgis_town_id")] = m.at("geoid");
    auto file = geo::require_file(snap, std::string(kParcels) + "/massgis_urls.csv");
    auto text = read_file(file);
    std::map<std::string, MassgisTown> towns;
    std::size_t line_no = 0;
    for (const auto& line : split(text, '\n')) {
        ++line_no;
        if (line_no == 1 || trim(line).empty()) continue;
        auto f = split(line, '\t');
        if (f.size() < 4) throw InputError(where(file, line_no) + ": want 6 TAB-separated fields");
        auto id = geo::parse_count(f[1]);
        auto year = geo::parse_count(f[3]);
        if (!id || !year || *year < 2000 || *year > 2030)
            throw InputError(where(file, line_no) + ": bad town id or fiscal year");
        auto g = geoid_by_id.find(std::to_string(*id));
        if (g == geoid_by_id.end())
            throw InputError(where(file, line_no) + ": MassGIS town id " + f[1] + " is no municipality");
        towns[compact(f[2])] = {g->second, static_cast<int>(*year)};
    }
    return towns;
}

bool parse_metres(std::string_view s, double& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string unquote(std::string_view s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return trim(s);
}

}  // namespace

std::vector<TownFile> list_town_files(const Snapshot& snap) {
    auto towns = read_massgis_towns(snap);
    std::vector<TownFile> files;
    for (const char* folder : {"csv", "not_needed"}) {
        auto dir = snap.raw(std::string(kParcels) + "/" + folder);
        if (!std::filesystem::is_directory(dir)) throw InputError(dir.string() + ": folder missing");
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            auto name = entry.path().filename().string();
            if (!name.starts_with("us-ma-") || !name.ends_with(".csv")) continue;
            auto town = name.substr(6, name.size() - 10);
            auto it = towns.find(town);
            if (it == towns.end())
                throw InputError(entry.path().string() + ": town '" + town + "' not in massgis_urls.csv");
            files.push_back({entry.path(), it->second.geoid, it->second.fiscal_year,
                             std::string_view(folder) == "not_needed"});
        }
    }
    std::sort(files.begin(), files.end(), [](const TownFile& a, const TownFile& b) { return a.path < b.path; });
    return files;
}

std::vector<RawPoint> read_town_file(const TownFile& file) {
    auto text = read_file(file.path);
    // csv/:        LOC_ID FULL_STR ADDR_NUM _SITE_ADDR x y
    // not_needed/: town_id assess_townID town_name "fiscal year" x_meters y_meters LOC_ID FULL_STR ADDR_NUM used_SITE_ADDR
    const std::size_t fields = file.alternate_layout ? 10 : 6;
    const std::size_t street = file.alternate_layout ? 7 : 1, number = file.alternate_layout ? 8 : 2;
    const std::size_t x = 4, y = 5;  // the same place in both layouts
    std::vector<RawPoint> points;
    std::size_t line_no = 0, begin = 0;
    std::vector<std::string_view> f;
    while (begin < text.size()) {
        auto end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + begin, end - begin);
        begin = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line_no == 1 || line.empty()) continue;
        f.clear();
        for (std::size_t p = 0;;) {
            auto t = line.find('\t', p);
            f.push_back(line.substr(p, t == std::string_view::npos ? std::string_view::npos : t - p));
            if (t == std::string_view::npos) break;
            p = t + 1;
        }
        if (f.size() != fields)
            throw InputError(where(file.path, line_no) + ": want " + std::to_string(fields) +
                             " TAB-separated fields, found " + std::to_string(f.size()));
        RawPoint p;
        if (!parse_metres(f[x], p.x) || !parse_metres(f[y], p.y))
            throw InputError(where(file.path, line_no) + ": x/y are not numbers");
        p.street = unquote(f[street]);
        p.number = unquote(f[number]);
        points.push_back(std::move(p));
    }
    return points;
}

}  // namespace masscivic::import::addresses
