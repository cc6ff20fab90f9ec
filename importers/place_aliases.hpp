// The names people use for places that no official list has ("JP", "Southie", "the Cape"):
// a hand-kept table, datasets/place_aliases.csv, with a source for each row. The database build
// loads it into place_names, so the server (and through it the bot) resolves them like any
// other village or alternate name: one artefact, one way.
#pragma once

#include <filesystem>

#include "sqlite.hpp"

namespace masscivic::import {

// Where the table sits for a snapshot: beside the snapshot directory (datasets/ for datasets/ma).
std::filesystem::path place_aliases_file(const std::filesystem::path& snapshot_dir);

// Loads the aliases into place_names (kind village, alternate; "region" rows become alternate
// names shared by several towns) under the source "masscivic-place-aliases". Throws InputError
// naming the row for an unknown municipality or kind. Returns the number of names added.
long load_place_aliases(Database& db, const std::filesystem::path& csv_file);

}  // namespace masscivic::import
