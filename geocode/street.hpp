// Street names to one canonical key, so that the assessors' spellings ("MASSACHUSETTS AV",
// "MASS AVE") and what people type ("Massachusetts Avenue") meet:
//   - upper case, punctuation dropped ("O'BRIEN" -> "OBRIEN", "ST." -> "ST");
//   - the suffix (last word, or the word before a trailing directional or EXT) to its
//     USPS Publication 28 standard abbreviation: AVENUE/AV/AVE -> AVE;
//   - a directional before or after the name to its USPS abbreviation, and moved to the
//     front: "MAIN ST NORTH" / "NORTH MAIN ST" / "NO MAIN ST" -> "N MAIN ST"; a directional
//     that is the whole name stays a word ("NORTH ST");
//   - "ST"/"MT"/"FT" at the start of a longer name is Saint/Mount/Fort: "ST JAMES AVE" ->
//     "SAINT JAMES AVE";
//   - spelled ordinals to digits: "FIRST ST" -> "1ST ST";
//   - the Massachusetts aliases (data/ma_aliases.csv): "MASS AVE" -> "MASSACHUSETTS AVE";
//   - a parenthesised qualifier (Barnstable's assessors name the village: "MAIN STREET
//     (HYANNIS)") stays part of the key, after the name: "MAIN ST (HYANNIS)", because each
//     village's Main St is a street of its own; "(REAR)", "(R)", "(LOWER)"... are dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace masscivic::geocode {

struct StreetName {
    std::string key;   // "N MAIN ST", "MAIN ST (HYANNIS)"
    std::string core;  // the key without suffix, directionals and qualifier: "MAIN"
    std::string qualifier;  // "HYANNIS", or empty
    bool has_suffix = false;
};

StreetName normalize_street(std::string_view street);

// Convenience: normalize_street(street).key.
std::string street_key(std::string_view street);

// Display form of a key: "N MAIN ST" -> "N Main St", "1ST ST" -> "1st St",
// "MCGRATH HWY" -> "Mcgrath Hwy" (assessor data has no case to restore).
std::string display_street(std::string_view key);

// Words of upper-cased text split at spaces and punctuation (apostrophes removed).
std::vector<std::string> street_words(std::string_view text);

// Whether a street qualifier ("W BARN", "HYANNIS", "OST") abbreviates a village name as
// typed ("WEST BARNSTABLE", "HYANNIS", "OSTERVILLE"): word by word, each a prefix.
bool qualifier_matches(std::string_view qualifier, std::string_view village);

// True when the (upper-case) word is a USPS suffix spelling or standard abbreviation.
bool is_street_suffix(std::string_view word);
// True when the (upper-case) word is a directional spelling ("NORTH", "N", "NO").
bool is_directional(std::string_view word);

}  // namespace masscivic::geocode
