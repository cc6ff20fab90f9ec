// Fuzzes the name and district normalisers that every user-typed place name passes through.
#include "text.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto key = masscivic::name_key(text);
    // A key is idempotent: normalising it again changes nothing.
    if (masscivic::name_key(key) != key) __builtin_trap();
    (void)masscivic::district_key(text);
    (void)masscivic::ocd_district_slug(text);
    (void)masscivic::first_invalid_utf8(text);
    auto half = text.substr(0, size / 2);
    if (masscivic::edit_distance(half, text.substr(size / 2), 4) > 5) __builtin_trap();
    return 0;
}
