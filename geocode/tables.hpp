// The normalisation tables (geocode/data/*.csv) as compiled-in text: '#' comment lines,
// a header line, then "standard,spelling,spelling..." rows.
#pragma once

#include <string_view>

namespace masscivic::geocode {
std::string_view usps_suffix_csv();       // data/usps_suffixes.csv
std::string_view usps_directional_csv();  // data/usps_directionals.csv
std::string_view ma_alias_csv();          // data/ma_aliases.csv
}  // namespace masscivic::geocode
