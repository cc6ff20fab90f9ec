// Database file -> Lookup::Data (lookup_load.cpp). Private to server/.
#pragma once

#include "lookup_data.hpp"

namespace masscivic::server {

// Opens options.db_path read-only and loads everything a Lookup answers from (plus the
// toolkits file). Throws std::runtime_error / SqliteError with a readable message.
void load_dataset(const Lookup::Options& options, Data& d);

} // namespace masscivic::server
