// Our one-line contact addresses -> Google's structured address (line1, line2, line3,
// city, state, zip), as clients of the Civic Information API read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace masscivic::server {

struct PostalAddress {
    std::string line1, line2, line3, city, state, zip;
};

// "Room 478, State House 24 Beacon St., Boston, MA 02133" ->
//   {line1 "Room 478", line2 "State House 24 Beacon St.", city "Boston", state "MA",
//    zip "02133"}.
// The forms in our data: comma (or semicolon) separated parts ending in "City, ST ZIP",
// and congress-legislators' "... Building Washington DC 20515" without commas.
// Nothing to show (no street line, e.g. just "MA") -> nullopt. Text we cannot split is
// kept whole in line1 rather than guessed at.
std::optional<PostalAddress> parse_postal_address(std::string_view text);

} // namespace masscivic::server
