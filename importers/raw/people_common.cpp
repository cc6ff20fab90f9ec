#include "people_common.hpp"

#include "csv.hpp"
#include "text.hpp"

#include <algorithm>
#include <set>

namespace masscivic::import::people {

YAML::Node load_yaml(const std::filesystem::path& file) {
    auto content = read_file(file);
    if (auto bad = first_invalid_utf8(content))
        throw InputError(file.string() + ": invalid UTF-8 at byte " + std::to_string(*bad));
    try {
        return YAML::Load(content);
    } catch (const YAML::Exception& e) {
        // yaml-cpp's message carries line and column (0-based); keep it as is.
        throw InputError(file.string() + ": malformed YAML: " + e.what());
    }
}

std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir))
        throw InputError(dir.string() + ": directory not found");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string text(const YAML::Node& node, const std::string& key, const std::string& where) {
    if (!node.IsMap()) throw InputError(where + ": expected a mapping");
    auto v = node[key];
    if (!v || v.IsNull()) return "";
    if (!v.IsScalar()) throw InputError(where + ": '" + key + "' is not a single value");
    return trim(v.Scalar());
}

std::string required_text(const YAML::Node& node, const std::string& key,
                          const std::string& where) {
    auto v = text(node, key, where);
    if (v.empty()) throw InputError(where + ": '" + key + "' is missing");
    return v;
}

namespace {

bool digits_at(const std::string& s, std::size_t from, std::size_t n) {
    if (from + n > s.size()) return false;
    for (std::size_t i = from; i < from + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

}  // namespace

bool is_date(const std::string& s, bool allow_partial) {
    bool year = digits_at(s, 0, 4);
    bool month = year && s.size() >= 7 && s[4] == '-' && digits_at(s, 5, 2);
    bool day = month && s.size() == 10 && s[7] == '-' && digits_at(s, 8, 2);
    if (day) return true;
    return allow_partial && ((year && s.size() == 4) || (month && s.size() == 7));
}

std::string date_text(const YAML::Node& node, const std::string& key, const std::string& where,
                      bool allow_partial) {
    auto v = text(node, key, where);
    if (v.empty() || is_date(v, allow_partial)) return v;
    throw InputError(where + ": '" + key + "' is not a date: '" + v + "'");
}

std::vector<YAML::Node> sequence(const YAML::Node& node, const std::string& key,
                                 const std::string& where) {
    if (!node.IsMap()) throw InputError(where + ": expected a mapping");
    auto v = node[key];
    std::vector<YAML::Node> out;
    if (!v || v.IsNull() || (v.IsScalar() && trim(v.Scalar()).empty())) return out;
    if (!v.IsSequence()) throw InputError(where + ": '" + key + "' is not a list");
    for (const auto& item : v) out.push_back(item);
    return out;
}

bool role_current(const std::string& end_date, const std::string& as_of) {
    // Partial dates ("2027-04") compare correctly as strings against full ones.
    return end_date.empty() || end_date >= as_of;
}

std::string party_name(const std::string& raw) {
    auto key = name_key(raw);
    if (key == "d" || key == "democrat" || key == "democratic") return "Democratic";
    if (key == "r" || key == "republican") return "Republican";
    if (key == "i" || key == "u" || key == "independent" || key == "unenrolled")
        return "Independent";
    return raw;
}

std::optional<std::string> profile_member_code(const std::string& url) {
    static const std::string marker = "malegislature.gov/Legislators/Profile/";
    auto at = url.find(marker);
    if (at == std::string::npos) return std::nullopt;
    auto rest = url.substr(at + marker.size());
    auto slash = rest.find('/');
    if (slash != std::string::npos) rest = rest.substr(0, slash);
    std::string code;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest.compare(i, 3, "%20") == 0) {
            code += ' ';
            i += 2;
        } else {
            code += rest[i];
        }
    }
    if (code.empty() || code.find('.') != std::string::npos) return std::nullopt;
    return code;
}

void Registry::add_official(Row row, const std::string& where) {
    for (const char* col : {"id", "name", "office", "level", "title", "division_id", "verified",
                            "source", "as_of"})
        if (row[col].empty())
            throw std::logic_error(where + ": official row without " + std::string(col));
    auto id = row["id"];
    if (!officials_.emplace(id, std::move(row)).second)
        throw InputError(where + ": official " + id + " appears twice (two current roles?)");
}

const Row* Registry::find(const std::string& id) const {
    auto it = officials_.find(id);
    return it == officials_.end() ? nullptr : &it->second;
}

void Registry::write(Snapshot& snap) const {
    for (const auto& [id, row] : officials_) snap.add("officials", row);
    for (const auto& row : offices_)
        if (has(row.at("official_id"))) snap.add("official_offices", row);
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    for (const auto& row : links_) {
        if (!has(row.at("official_id"))) continue;
        if (seen.emplace(row.at("official_id"), row.at("kind"), row.at("value")).second)
            snap.add("official_links", row);
    }
}

void ensure_source(Snapshot& snap, SourceInfo info) {
    if (!snap.has_source(info.id)) snap.add_source(std::move(info));
}

std::string arcgis_mod_date(const std::filesystem::path& xml) {
    auto content = read_file(xml);
    static const std::string open = "<ModDate>";
    auto at = content.find(open);
    if (at != std::string::npos) {
        auto d = content.substr(at + open.size(), 8);
        auto iso = d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : "";
        if (is_date(iso, false) && content.compare(at + open.size() + 8, 10, "</ModDate>") == 0)
            return iso;
    }
    throw InputError(xml.string() + ": no <ModDate>YYYYMMDD</ModDate> in the metadata");
}

}  // namespace masscivic::import::people
