// The address parser: free text as people type a street address, split into house
// number, street, unit, town, state and ZIP.
//
//   "44 Front St, Worcester, MA 01608"   "44 front street worcester"   "12 Main St 01002"
//   "Apt 3, 12 Elm St, Amherst"          "12 Elm St Apt 3, Amherst"    "12-14 Elm St"
//   "12A Elm St"   "12 1/2 Elm St"   "One Main St"   "12 Main St, Hyannis" (a village)
//
// Why a parser of our own: libpostal, the usual choice, is not packaged in Debian (and needs
// a ~2 GB model download at build time, which the project rules forbid); no other Debian
// package parses US addresses. Massachusetts addresses are regular enough for rules:
// a house number, a street ending in a USPS suffix, then town / state / ZIP. The town is
// told apart from the street by the caller's list of place names (official names,
// villages, postal names), which the parser asks through `is_place`.
#pragma once

#include "street.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace masscivic::geocode {

struct HouseNumber {
    long low = 0, high = 0;  // "12-14" -> 12, 14; "12A" -> 12, 12
    std::string text;        // as written, upper case: "12-14", "12A", "12 1/2", "1"
};

struct ParsedAddress {
    HouseNumber number;
    std::string street;      // the street words as typed, upper case: "FRONT STREET"
    StreetName street_name;  // normalize_street(street): key "FRONT ST", core "FRONT"
    std::string unit;        // "APT 3", or empty
    std::string town;        // the town / village words, upper case, or empty
    std::string zip;         // five digits, or empty
};

// Whether some words (upper case, single spaces) name a place: the caller's name index.
using PlaceTest = std::function<bool(std::string_view words)>;

// Longest text accepted, in bytes.
inline constexpr std::size_t kMaxAddressLength = 200;

// The address, or nullopt when the text does not read as a street address (no house
// number in front of a street, or nothing but a number and a place name).
std::optional<ParsedAddress> parse_address(std::string_view text, const PlaceTest& is_place);

// "12" -> {12,12}; "12A" / "12-A" -> {12,12}; "12-14" -> {12,14}; "ONE" -> {1,1};
// nullopt for anything else (including 0, and numbers above 999999).
std::optional<HouseNumber> parse_house_number(std::string_view word);

}  // namespace masscivic::geocode
