// Free text as people type it ("Ward 2 Precinct 1, Cambridge", "02139", "42.37,-71.11",
// "24 Beacon St Boston MA") split into the structured lookup it stands for.
#pragma once

#include "result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace masscivic::server {

struct ParsedQuery {
    enum class Kind { Point, Zip, WardPrecinct, Address, Name };
    Kind kind = Kind::Name;
    std::string lat, lon;       // Point
    std::string zip;            // Zip, or a ZIP found at the end of an address / name
    std::string ward, precinct; // WardPrecinct (either may be empty)
    std::string place;          // the place-name part (Name, WardPrecinct)
    // Address: the words after the house number; the town is found among the last ones.
    std::vector<std::string> address_words;
};

// Longest accepted free-text query, in bytes.
inline constexpr std::size_t kMaxQueryLength = 200;

// Errors name the parameter `param` ("q" or "address").
Result<ParsedQuery> parse_free_text(std::string_view text, const std::string& param);

// "02" -> "2", "2a" -> "2A": ward and precinct labels as the crosswalk writes them.
std::string normalize_precinct_label(std::string_view label);

// True for "12345" or "12345-6789".
bool is_zip(std::string_view text);

} // namespace masscivic::server
