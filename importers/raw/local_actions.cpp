// What municipalities already did on the toolkit topics (sanctuary/Trust, CCOPS, face
// surveillance, body cameras), from a table compiled from public pages for this project.
// Every row keeps its page and quotation; none is official, so all are verified=0.
// Rules: datasets/rules/local_actions.md.
#include "raw_to_snapshot.hpp"

#include "csv.hpp"

#include <set>

namespace masscivic::import {

namespace {

constexpr const char* kSource = "compiled-ma-local-civil-liberties-actions";

const std::set<std::string>& topics() {
    static const std::set<std::string> t = {"sanctuary_trust", "ccops", "face_surveillance",
                                            "body_cameras"};
    return t;
}

const std::set<std::string>& statuses() {
    static const std::set<std::string> s = {"passed", "failed", "pending", "funded"};
    return s;
}

std::string required(const CsvTable& csv, const CsvRecord& r, const char* column) {
    const auto& v = csv.get(r, column);
    if (v.empty()) throw InputError(csv.where(r) + ": empty " + column);
    return v;
}

std::string one_of(const CsvTable& csv, const CsvRecord& r, const char* column,
                   const std::set<std::string>& allowed) {
    auto v = required(csv, r, column);
    if (!allowed.count(v)) throw InputError(csv.where(r) + ": unknown " + column + " '" + v + "'");
    return v;
}

}  // namespace

void import_local_actions(Snapshot& snap, const Progress& progress) {
    progress("local actions: compiled civil-liberties actions of municipalities");
    snap.add_source({kSource,
                     "Local civil-liberties actions of Massachusetts municipalities (compiled "
                     "from public pages)",
                     "compiled for this project; see each row's source_url",
                     "facts from public pages; quotations of at most 25 words", "2026-12-02",
                     "not official: compiled from news, advocacy and municipal pages; a town "
                     "without a row is 'not found', never 'never'"});
    auto csv = CsvTable::read(snap.raw(std::string(kSource) + "/ma_local_actions.csv"));
    for (const auto& r : csv.records()) {
        auto town = required(csv, r, "municipality");
        snap.add("local_actions", {{"geoid", snap.resolve_town(town, csv.where(r))},
                                   {"topic", one_of(csv, r, "topic", topics())},
                                   {"action", required(csv, r, "action")},
                                   {"status", one_of(csv, r, "status", statuses())},
                                   {"date", required(csv, r, "date")},
                                   {"binding", required(csv, r, "binding")},
                                   {"body", required(csv, r, "body")},
                                   {"source_url", required(csv, r, "source_url")},
                                   {"evidence", required(csv, r, "evidence")},
                                   {"verified", "0"},
                                   {"source", kSource},
                                   {"as_of", "2026-12-02"}});
    }
}

}  // namespace masscivic::import
