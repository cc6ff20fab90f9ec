#include "snapshot.hpp"

#include "schema.hpp"
#include "snapshot_to_db.hpp"
#include "sqlite.hpp"
#include "text.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <stdexcept>

namespace masscivic::import {

const char* chamber_code(Chamber c) {
    switch (c) {
    case Chamber::House: return "house";
    case Chamber::Senate: return "senate";
    case Chamber::Congress: return "congress";
    case Chamber::GovernorsCouncil: return "governors_council";
    }
    return "?";
}

Snapshot::Snapshot(std::filesystem::path raw_dir) : raw_dir_(std::move(raw_dir)) {
    // The snapshot's columns are the schema's columns: read them from an in-memory copy.
    auto db = Database::open(":memory:", Database::Mode::ReadWriteCreate);
    db.exec(std::string(schema_sql()));
    for (const auto& name : snapshot_tables()) {
        auto st = db.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
        st.bind(1, name);
        Table t;
        while (st.step()) t.columns.push_back(st.text(0));
        tables_[name] = std::move(t);
    }
}

void Snapshot::add_source(SourceInfo info) {
    auto id = info.id;
    sources_[id] = info;
    add("sources", {{"id", info.id},
                    {"title", info.title},
                    {"upstream_url", info.upstream_url},
                    {"license", info.license},
                    {"as_of", info.as_of},
                    {"note", info.note}});
}

const SourceInfo& Snapshot::source(const std::string& id) const {
    auto it = sources_.find(id);
    if (it == sources_.end()) throw std::logic_error("source not registered: " + id);
    return it->second;
}

Snapshot::Table& Snapshot::table(const std::string& name) {
    auto it = tables_.find(name);
    if (it == tables_.end()) throw std::logic_error("no snapshot table " + name);
    return it->second;
}

const Snapshot::Table& Snapshot::table(const std::string& name) const {
    auto it = tables_.find(name);
    if (it == tables_.end()) throw std::logic_error("no snapshot table " + name);
    return it->second;
}

void Snapshot::add(const std::string& name,
                   std::initializer_list<std::pair<const char*, std::string>> values) {
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : values) m[k] = v;
    add(name, m);
}

void Snapshot::add(const std::string& name, const std::map<std::string, std::string>& values) {
    auto& t = table(name);
    std::vector<std::string> row(t.columns.size());
    std::size_t used = 0;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        auto it = values.find(t.columns[i]);
        if (it != values.end()) {
            row[i] = trim(it->second);
            ++used;
        }
    }
    if (used != values.size()) {
        for (const auto& [k, v] : values)
            if (std::find(t.columns.begin(), t.columns.end(), k) == t.columns.end())
                throw std::logic_error("table " + name + " has no column " + k);
    }
    t.rows.push_back(std::move(row));
}

std::size_t Snapshot::count(const std::string& name) const { return table(name).rows.size(); }

std::size_t Snapshot::count(const std::string& name, const std::string& source) const {
    const auto& t = table(name);
    auto col = std::find(t.columns.begin(), t.columns.end(), "source");
    if (col == t.columns.end()) return 0;
    auto idx = static_cast<std::size_t>(col - t.columns.begin());
    return static_cast<std::size_t>(std::count_if(
        t.rows.begin(), t.rows.end(), [&](const auto& r) { return r[idx] == source; }));
}

std::vector<Snapshot::BoundaryFeature> Snapshot::boundary_features() const {
    std::vector<BoundaryFeature> out;
    for (const auto& [layer, features] : boundaries_)
        for (const auto& f : features) out.push_back({layer, f.id, f.geometry});
    return out;
}

std::vector<std::map<std::string, std::string>> Snapshot::rows(const std::string& name) const {
    const auto& t = table(name);
    std::vector<std::map<std::string, std::string>> out;
    out.reserve(t.rows.size());
    for (const auto& r : t.rows) {
        std::map<std::string, std::string> m;
        for (std::size_t i = 0; i < t.columns.size(); ++i) m[t.columns[i]] = r[i];
        out.push_back(std::move(m));
    }
    return out;
}

void Snapshot::add_boundary(const std::string& layer, const std::string& id,
                            const std::string& name, std::string geometry_json) {
    const auto& layers = boundary_layers();
    if (std::find(layers.begin(), layers.end(), layer) == layers.end())
        throw std::logic_error("unknown boundary layer " + layer);
    boundaries_[layer].push_back({id, name, std::move(geometry_json)});
}

void Snapshot::register_town_name(const std::string& name, const std::string& geoid) {
    auto key = name_key(name);
    if (key.empty()) return;
    auto [it, inserted] = town_keys_.emplace(key, geoid);
    if (!inserted && it->second != geoid)
        throw InputError("town name '" + name + "' names two municipalities (" + it->second +
                         ", " + geoid + ")");
    town_names_.emplace(geoid, name);  // the first name registered is the official one
}

const std::string* Snapshot::find_town(std::string_view name) const {
    auto it = town_keys_.find(name_key(name));
    return it == town_keys_.end() ? nullptr : &it->second;
}

std::string Snapshot::resolve_town(std::string_view name, const std::string& where) const {
    if (const auto* g = find_town(name)) return *g;
    throw InputError(where + ": unmatched town '" + std::string(name) + "'");
}

const std::string& Snapshot::town_name(const std::string& geoid) const {
    auto it = town_names_.find(geoid);
    if (it == town_names_.end()) throw std::logic_error("unknown GEOID " + geoid);
    return it->second;
}

void Snapshot::register_district_name(Chamber chamber, const std::string& name,
                                      const std::string& ocd_id) {
    auto key = std::string(chamber_code(chamber)) + "|" + district_key(name);
    auto [it, inserted] = district_keys_.emplace(key, ocd_id);
    if (!inserted && it->second != ocd_id)
        throw InputError("district name '" + name + "' names two districts (" + it->second +
                         ", " + ocd_id + ")");
}

std::string Snapshot::resolve_district(Chamber chamber, std::string_view name,
                                       const std::string& where) const {
    auto it = district_keys_.find(std::string(chamber_code(chamber)) + "|" + district_key(name));
    if (it != district_keys_.end()) return it->second;
    throw InputError(where + ": unknown " + chamber_code(chamber) + " district '" +
                     std::string(name) + "'");
}

void Snapshot::warn(const std::string& message) { warnings_.push_back(message); }

void Snapshot::report(const std::string& section, const std::string& line) {
    reports_[section].push_back(line);
}

std::string Snapshot::sources_markdown() const {
    std::string md =
        "# Sources of this snapshot\n\n"
        "Generated by `masscivic-import --raw ... --snapshot ...`; do not edit by hand.\n"
        "Every row of every file names its source (`source`) and as-of date (`as_of`).\n\n"
        "| source | title | upstream | license | as of | records |\n"
        "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& [id, s] : sources_) {
        std::string counts;
        for (const auto& [name, t] : tables_) {
            if (name == "sources") continue;
            if (auto n = count(name, id)) counts += (counts.empty() ? "" : ", ") + name + " " +
                                                    std::to_string(n);
        }
        md += "| " + id + " | " + s.title + " | " + s.upstream_url + " | " + s.license + " | " +
              s.as_of + " | " + (counts.empty() ? "cross-check only" : counts) + " |\n";
    }
    md += "\n## Files\n\n| file | rows |\n| --- | --- |\n";
    for (const auto& [name, t] : tables_)
        md += "| " + name + ".csv | " + std::to_string(t.rows.size()) + " |\n";
    for (const auto& [layer, fs] : boundaries_)
        md += "| boundaries/" + layer + ".geojson | " + std::to_string(fs.size()) + " |\n";
    for (const auto& [section, lines] : reports_) {
        md += "\n## " + section + "\n\n";
        for (const auto& l : lines) md += "- " + l + "\n";
    }
    md += "\n## Import notes (" + std::to_string(warnings_.size()) +
          " rows skipped or overridden by precedence rules)\n\n";
    auto sorted = warnings_;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& w : sorted) md += "- " + w + "\n";
    return md;
}

void Snapshot::write(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir / "boundaries");
    for (const auto& [name, t] : tables_) {
        CsvWriter w(t.columns);
        for (const auto& r : t.rows) w.add(r);
        w.sort();
        w.write(dir / (name + ".csv"));
    }
    // Every layer, even one no importer filled (as every table is written): the loader reads them all.
    for (const auto& layer : boundary_layers()) {
        auto found = boundaries_.find(layer);
        auto sorted = found == boundaries_.end() ? std::vector<Feature>{} : found->second;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Feature& a, const Feature& b) { return a.id < b.id; });
        std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            rapidjson::StringBuffer props;
            rapidjson::Writer<rapidjson::StringBuffer> w(props);
            w.StartObject();
            w.Key("id");
            w.String(sorted[i].id.c_str(), static_cast<rapidjson::SizeType>(sorted[i].id.size()));
            w.Key("name");
            w.String(sorted[i].name.c_str(),
                     static_cast<rapidjson::SizeType>(sorted[i].name.size()));
            w.EndObject();
            out += std::string("{\"type\":\"Feature\",\"properties\":") + props.GetString() +
                   ",\"geometry\":" + sorted[i].geometry + "}" +
                   (i + 1 < sorted.size() ? ",\n" : "\n");
        }
        out += "]}\n";
        write_file_atomic(dir / "boundaries" / (layer + ".geojson"), out);
    }
    write_file_atomic(dir / "SOURCES.md", sources_markdown());
}

}  // namespace masscivic::import
