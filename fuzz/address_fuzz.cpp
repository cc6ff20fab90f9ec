// Fuzzes the street-address parser and street normaliser (geocode/) behind
// /v1/lookup?address= and q=: no crash, no hang, and what it accepts is consistent.
#include "address.hpp"
#include "street.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // A toy place list: the last word "AMHERST" or "NORTH ANDOVER" names a town.
    auto is_place = [](std::string_view w) { return w == "AMHERST" || w == "NORTH ANDOVER"; };
    auto parsed = masscivic::geocode::parse_address(text, is_place);
    if (parsed) {
        if (parsed->number.low <= 0 || parsed->number.high < parsed->number.low) __builtin_trap();
        if (parsed->street_name.key.empty() || parsed->street.size() > size) __builtin_trap();
        // Normalising a key again gives the same key.
        if (masscivic::geocode::street_key(parsed->street_name.key) != parsed->street_name.key) __builtin_trap();
    }
    auto name = masscivic::geocode::normalize_street(text);
    (void)masscivic::geocode::display_street(name.key);
    (void)masscivic::geocode::parse_house_number(text);
    return 0;
}
