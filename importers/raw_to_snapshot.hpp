// raw public sources (../shared/datasets/raw) -> normalized snapshot (datasets/ma).
#pragma once

#include "snapshot.hpp"
#include "snapshot_to_db.hpp"

#include <filesystem>

namespace masscivic::import {

// Each source family fills the snapshot; they run in this order because later ones
// resolve towns and districts registered by earlier ones.
void import_municipal(Snapshot& snap, const Progress& progress);  // raw/municipal.cpp
void import_districts(Snapshot& snap, const Progress& progress);  // raw/districts.cpp
void import_people(Snapshot& snap, const Progress& progress);     // raw/people.cpp
void import_local_actions(Snapshot& snap, const Progress& progress);  // raw/local_actions.cpp
// Precinct polygons (Cambridge only), after the districts importer (it checks them against the
// crosswalk) and before the address importer (which cuts address runs at precinct lines).
void import_precinct_polygons(Snapshot& snap, const Progress& progress);  // raw/precinct_polygons.cpp
// The boundary id of a precinct polygon: "2501711000:1-2A" (ward and precinct of the
// crosswalk row), "<GEOID>:<precinct>" in a town without wards.
std::string precinct_boundary_id(const std::string& geoid, const std::string& ward,
                                 const std::string& precinct);

struct SnapshotSummary {
    std::map<std::string, std::size_t> counts;
    std::size_t warnings = 0;
    double seconds = 0;
};

// Reads every raw source and writes the snapshot files into snapshot_dir. Throws
// InputError naming file and line/record on bad input; nothing is written then.
SnapshotSummary build_snapshot(const std::filesystem::path& raw_dir,
                               const std::filesystem::path& snapshot_dir,
                               const Progress& progress);

}  // namespace masscivic::import
