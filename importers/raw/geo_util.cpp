#include "geo_util.hpp"

#include <cctype>

#include "csv.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>

namespace masscivic::import::geo {

std::filesystem::path require_file(const Snapshot& snap, const std::string& relative) {
    auto path = snap.raw(relative);
    if (!std::filesystem::is_regular_file(path))
        throw InputError(path.string() + ": required raw file is missing");
    return path;
}

void add_folder_source(Snapshot& snap, SourceInfo info) {
    require_file(snap, info.id + "/PROVENANCE.md");
    // Another importer may read the same folder; one source row per folder.
    if (!snap.has_source(info.id)) snap.add_source(std::move(info));
}

rapidjson::Document read_json(const std::filesystem::path& file) {
    auto text = read_file(file);
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) {
        auto offset = std::min(doc.GetErrorOffset(), text.size());
        auto line = 1 + static_cast<std::size_t>(
                            std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
        throw InputError(where(file, line) + ": invalid JSON: " +
                         rapidjson::GetParseError_En(doc.GetParseError()));
    }
    return doc;
}

void for_each_feature(const std::filesystem::path& file,
                      const std::function<void(const std::string& at, const rapidjson::Value& properties,
                                               const rapidjson::Value& geometry)>& fn) {
    auto doc = read_json(file);
    if (!doc.IsObject() || !doc.HasMember("features") || !doc["features"].IsArray())
        throw InputError(file.string() + ": not a GeoJSON FeatureCollection");
    const auto& features = doc["features"];
    for (rapidjson::SizeType i = 0; i < features.Size(); ++i) {
        auto at = file.string() + ": feature " + std::to_string(i + 1);
        const auto& f = features[i];
        if (!f.IsObject() || !f.HasMember("properties") || !f.HasMember("geometry"))
            throw InputError(at + ": missing properties or geometry");
        fn(at, f["properties"], f["geometry"]);
    }
}

std::string json_string(const rapidjson::Value& obj, const char* member, const std::string& at) {
    if (!obj.IsObject() || !obj.HasMember(member) || !obj[member].IsString())
        throw InputError(at + ": missing string field '" + member + "'");
    return {obj[member].GetString(), obj[member].GetStringLength()};
}

std::optional<std::string> format_phone(std::string_view e164) {
    std::string_view ext;
    if (auto x = e164.find('x'); x != std::string_view::npos) {
        ext = e164.substr(x + 1);
        e164 = e164.substr(0, x);
        if (ext.empty() || !std::all_of(ext.begin(), ext.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
    }
    if (e164.starts_with("+1")) e164.remove_prefix(2);
    if (!all_digits(e164, 10)) return std::nullopt;
    std::string out = std::string(e164.substr(0, 3)) + "-" + std::string(e164.substr(3, 3)) + "-" +
                      std::string(e164.substr(6));
    if (!ext.empty()) out += " x" + std::string(ext);
    return out;
}

std::string tidy_title_cased_address(std::string_view address) {
    std::string s(address);
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
            s.replace(pos, from.size(), to);
    };
    replace_all("\xE2\x80\x99", "'");  // typographic apostrophe (U+2019)
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool word_end = i + 1 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 1]));
        // "Clerk'S" -> "Clerk's"
        if (c == 'S' && i > 0 && s[i - 1] == '\'' && word_end) c = 's';
        // "1St", "2Nd", "3Rd", "4Th" -> "1st", ...
        if (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1])) && i + 1 < s.size() &&
            std::isupper(static_cast<unsigned char>(c))) {
            std::string two = {static_cast<char>(std::tolower(c)), static_cast<char>(std::tolower(s[i + 1]))};
            bool ends = i + 2 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 2]));
            if (ends && (two == "st" || two == "nd" || two == "rd" || two == "th")) {
                out += two;
                ++i;
                continue;
            }
        }
        if (c == ',' && !out.empty() && out.back() == ',') continue;  // ",," -> ","
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += c;
    }
    s = out;
    replace_all("Po Box", "PO Box");
    replace_all("P O Box", "PO Box");
    // ", Ma 02601" at the end -> ", MA 02601"
    if (auto pos = s.rfind(", Ma "); pos != std::string::npos && pos + 5 < s.size() &&
        std::isdigit(static_cast<unsigned char>(s[pos + 5])))
        s.replace(pos, 5, ", MA ");
    return s;
}

std::optional<long> parse_count(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    long v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

bool all_digits(std::string_view text, std::size_t n) {
    return text.size() == n &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

// A generous box around the Commonwealth, islands and coastal water included.
constexpr double kMinLon = -73.6, kMaxLon = -69.5, kMinLat = 41.0, kMaxLat = 43.0;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_position(const rapidjson::Value& pos, Writer& w, const std::string& at) {
    if (!pos.IsArray() || pos.Size() < 2 || !pos[0].IsNumber() || !pos[1].IsNumber())
        throw InputError(at + ": coordinate is not a [lon, lat] pair");
    double lon = pos[0].GetDouble(), lat = pos[1].GetDouble();
    if (!(lon >= kMinLon && lon <= kMaxLon && lat >= kMinLat && lat <= kMaxLat))
        throw InputError(at + ": coordinate " + std::to_string(lon) + "," + std::to_string(lat) +
                         " is outside Massachusetts (need WGS84 lon/lat degrees)");
    w.StartArray();
    // Round first (the writer only truncates), then let the writer drop float noise.
    w.Double(std::round(lon * 1e6) / 1e6);
    w.Double(std::round(lat * 1e6) / 1e6);
    w.EndArray();
}

void write_ring(const rapidjson::Value& ring, Writer& w, const std::string& at) {
    if (!ring.IsArray() || ring.Size() < 4)
        throw InputError(at + ": polygon ring needs at least 4 positions");
    if (ring[0] != ring[ring.Size() - 1]) throw InputError(at + ": polygon ring is not closed");
    w.StartArray();
    for (const auto& pos : ring.GetArray()) write_position(pos, w, at);
    w.EndArray();
}

void write_polygon(const rapidjson::Value& rings, Writer& w, const std::string& at) {
    if (!rings.IsArray() || rings.Empty()) throw InputError(at + ": polygon has no rings");
    w.StartArray();
    for (const auto& ring : rings.GetArray()) write_ring(ring, w, at);
    w.EndArray();
}

}  // namespace

std::string geometry_json(const rapidjson::Value& geometry, const std::string& at) {
    auto type = json_string(geometry, "type", at + ": geometry");
    if (!geometry.HasMember("coordinates"))
        throw InputError(at + ": geometry has no coordinates");
    const auto& coords = geometry["coordinates"];
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.SetMaxDecimalPlaces(6);
    w.StartObject();
    w.Key("type");
    w.String(type.c_str(), static_cast<rapidjson::SizeType>(type.size()));
    w.Key("coordinates");
    if (type == "Polygon") {
        write_polygon(coords, w, at);
    } else if (type == "MultiPolygon") {
        if (!coords.IsArray() || coords.Empty()) throw InputError(at + ": empty MultiPolygon");
        w.StartArray();
        for (const auto& poly : coords.GetArray()) write_polygon(poly, w, at);
        w.EndArray();
    } else {
        throw InputError(at + ": geometry type " + type + " (want Polygon or MultiPolygon)");
    }
    w.EndObject();
    return buf.GetString();
}

namespace {

void count_example(std::pair<std::size_t, std::vector<std::string>>& entry, const std::string& example) {
    ++entry.first;
    if (entry.second.size() < 8) entry.second.push_back(example);
}

}  // namespace

void SkipLog::skip(const std::string& rule, const std::string& example) {
    count_example(rules_[rule], example);
}

void SkipLog::note(const std::string& rule, const std::string& example) {
    count_example(notes_[rule], example);
}

std::size_t SkipLog::count(const std::string& rule) const {
    auto it = rules_.find(rule);
    return it == rules_.end() ? 0 : it->second.first;
}

void SkipLog::flush(Snapshot& snap) {
    for (auto [entries, verb] : {std::pair{&rules_, " skipped: "}, std::pair{&notes_, " noted: "}}) {
        for (const auto& [rule, entry] : *entries) {
            std::string msg = file_ + ": " + std::to_string(entry.first) + verb + rule + " (";
            for (std::size_t i = 0; i < entry.second.size(); ++i)
                msg += (i ? "; " : "") + entry.second[i];
            msg += entry.first > entry.second.size() ? "; ...)" : ")";
            snap.warn(msg);
        }
        entries->clear();
    }
}

}  // namespace masscivic::import::geo
