// Reading the MassGIS Level 3 parcel address points (raw folder
// massgis-l3-parcel-addresses-2011-2014, see its PROVENANCE.md): one file per town, in two
// layouts (csv/ and not_needed/ order their columns differently).
#pragma once

#include "snapshot.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace masscivic::import::addresses {

inline constexpr const char* kParcels = "massgis-l3-parcel-addresses-2011-2014";

struct RawPoint {
    std::string street;  // FULL_STR as written: "MASSACHUSETTS AVE"
    std::string number;  // ADDR_NUM as written: "12-14", "12A", "", "0"
    double x = 0, y = 0;  // EPSG:26986 metres
};

struct TownFile {
    std::filesystem::path path;
    std::string geoid;
    int fiscal_year = 0;
    bool alternate_layout = false;  // not_needed/: town_id ... x_meters y_meters LOC_ID FULL_STR ADDR_NUM
};

// Every town file, matched to its municipality through massgis_urls.csv (MassGIS town id
// -> municipalities.massgis_town_id) with the town's fiscal year; InputError when a file
// names no known town. Sorted by path.
std::vector<TownFile> list_town_files(const Snapshot& snap);

// The points of one file. The files are TAB-separated ASCII without embedded tabs or
// newlines, so lines are split on tabs (and FULL_STR's quotes dropped); a line with the
// wrong field count or unreadable x/y is an InputError naming file:line.
std::vector<RawPoint> read_town_file(const TownFile& file);

}  // namespace masscivic::import::addresses
