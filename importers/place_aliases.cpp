#include "place_aliases.hpp"

#include <sqlite3.h>

#include <string>
#include <vector>

#include "csv.hpp"

namespace masscivic::import {

std::filesystem::path place_aliases_file(const std::filesystem::path& snapshot_dir) {
    return (snapshot_dir / ".." / "place_aliases.csv").lexically_normal();
}

long load_place_aliases(Database& db, const std::filesystem::path& csv_file) {
    auto csv = CsvTable::read(csv_file);
    for (const char* col : {"alias", "municipality", "kind", "source_url"}) csv.column(col);
    const std::string source = "masscivic-place-aliases";
    const std::string as_of = "2026-12-02";
    auto src = db.prepare(
        "INSERT INTO sources (id, title, upstream_url, license, as_of, note) VALUES (?1,?2,?3,?4,?5,?6)");
    src.bind(1, source)
        .bind(2, std::string("Names people use for Massachusetts places (masscivic, hand-kept)"))
        .bind(3, std::string("datasets/place_aliases.csv"))
        .bind(4, std::string("CC0 (project data); each row cites its source"))
        .bind(5, as_of)
        .bind(6, std::string("nicknames of neighborhoods and regions; every row names its source_url"));
    src.run();
    auto town = db.prepare("SELECT geoid FROM municipalities WHERE name = ?1");
    auto ins = db.prepare(
        "INSERT OR IGNORE INTO place_names (name, geoid, kind, source, as_of) VALUES (?1,?2,?3,?4,?5)");
    long added = 0;
    for (const auto& r : csv.records()) {
        const auto& kind = csv.get(r, "kind");
        if (kind != "village" && kind != "alternate" && kind != "region")
            throw InputError(csv.where(r) + ": kind must be village, alternate or region");
        if (csv.get(r, "source_url").rfind("https://", 0) != 0)
            throw InputError(csv.where(r) + ": source_url must be an https address");
        town.reset();
        town.bind(1, csv.get(r, "municipality"));
        if (!town.step())
            throw InputError(csv.where(r) + ": no municipality called " + csv.get(r, "municipality"));
        auto geoid = town.text(0);
        // "The Cape" is also said (and, once "the" is dropped as filler, looked up) as "Cape".
        std::vector<std::string> names = {csv.get(r, "alias")};
        if (names[0].rfind("The ", 0) == 0) names.push_back(names[0].substr(4));
        for (const auto& name : names) {
            ins.reset();
            ins.bind(1, name).bind(2, geoid)
                .bind(3, kind == "region" ? std::string("alternate") : kind)
                .bind(4, source).bind(5, as_of);
            ins.run();
            added += sqlite3_changes(db.handle());
        }
    }
    return added;
}

}  // namespace masscivic::import
