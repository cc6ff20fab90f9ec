#include "raw_to_snapshot.hpp"

#include "raw/addresses.hpp"

#include <chrono>

namespace masscivic::import {

SnapshotSummary build_snapshot(const std::filesystem::path& raw_dir,
                               const std::filesystem::path& snapshot_dir,
                               const Progress& progress) {
    auto started = std::chrono::steady_clock::now();
    if (!std::filesystem::is_directory(raw_dir))
        throw InputError(raw_dir.string() + ": raw data directory not found");
    Snapshot snap(raw_dir);
    import_municipal(snap, progress);
    import_districts(snap, progress);
    import_precinct_polygons(snap, progress);
    import_people(snap, progress);
    import_local_actions(snap, progress);
    import_addresses(snap, progress);
    // Only after every source parsed cleanly is anything written.
    progress("writing snapshot to " + snapshot_dir.string());
    snap.write(snapshot_dir);
    SnapshotSummary s;
    for (const auto& t : snapshot_tables()) s.counts[t] = snap.count(t);
    s.warnings = snap.warnings().size();
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return s;
}

}  // namespace masscivic::import
