// masscivic-import: raw public sources -> normalized snapshot -> SQLite database.
//
//   masscivic-import --raw DIR --snapshot datasets/ma      (raw -> snapshot)
//   masscivic-import --snapshot datasets/ma --db PATH      (snapshot -> database)
//   both at once when --raw, --snapshot and --db are all given.
//   masscivic-import fetch ...                             (fresh upstream data, see --help)
#include "csv.hpp"
#include "fetch/fetch.hpp"
#include "raw_to_snapshot.hpp"
#include "snapshot_to_db.hpp"
#include "sqlite.hpp"

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

namespace {

void usage(std::FILE* out) {
    std::fputs(
        "usage: masscivic-import [--raw DIR] --snapshot DIR [--db PATH] [--quiet]\n"
        "  --raw DIR       read the raw public sources (default ../shared/datasets/raw when\n"
        "                  --db is not given) and write the normalized snapshot to --snapshot\n"
        "  --snapshot DIR  the normalized snapshot directory (e.g. datasets/ma)\n"
        "  --db PATH       build the SQLite database at PATH from the snapshot (atomic)\n"
        "  --quiet         no progress output\n",
        out);
}

}  // namespace

int main(int argc, char** argv) {
    // masscivic-import fetch ...: fresh upstream data (importers/fetch/fetch.hpp).
    if (argc > 1 && std::string(argv[1]) == "fetch") return masscivic::import::fetch::fetch_main(argc - 1, argv + 1);
    std::optional<std::string> raw, snapshot, db;
    bool quiet = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::optional<std::string>& dst) {
            if (i + 1 >= argc) {
                std::cerr << "masscivic-import: " << a << " needs a value\n";
                std::exit(2);
            }
            dst = argv[++i];
        };
        if (a == "--raw") value(raw);
        else if (a == "--snapshot") value(snapshot);
        else if (a == "--db") value(db);
        else if (a == "--quiet") quiet = true;
        else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else {
            std::cerr << "masscivic-import: unknown argument '" << a << "'\n";
            usage(stderr);
            return 2;
        }
    }
    if (!snapshot) {
        std::cerr << "masscivic-import: --snapshot is required\n";
        usage(stderr);
        return 2;
    }
    if (!raw && !db) raw = "../shared/datasets/raw";
    auto progress = [quiet](const std::string& msg) {
        if (!quiet) std::cerr << "  " << msg << "\n";
    };
    try {
        if (raw) {
            std::cerr << "masscivic-import: reading " << *raw << " -> " << *snapshot << "\n";
            auto s = masscivic::import::build_snapshot(*raw, *snapshot, progress);
            for (const auto& [table, n] : s.counts) std::cerr << "  " << table << ": " << n << "\n";
            std::cerr << "masscivic-import: snapshot written in " << s.seconds << " s ("
                      << s.warnings << " warnings, listed in SOURCES.md)\n";
        }
        if (db) {
            std::cerr << "masscivic-import: building " << *db << " from " << *snapshot << "\n";
            auto s = masscivic::import::build_database(*snapshot, *db, progress);
            for (const auto& [table, n] : s.counts) std::cerr << "  " << table << ": " << n << "\n";
            std::cerr << "masscivic-import: wrote " << *db << " (" << s.bytes << " bytes) in "
                      << s.seconds << " s\n";
        }
    } catch (const masscivic::InputError& e) {
        std::cerr << "masscivic-import: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "masscivic-import: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
