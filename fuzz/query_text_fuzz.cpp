// Fuzzes the free-text place parser behind /v1/lookup?q= and the civicinfo address=.
#include "query_text.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = masscivic::server::parse_free_text(text, "q");
    // Accepted input never yields fields longer than the input itself.
    if (parsed.ok() && parsed->place.size() > size) __builtin_trap();
    (void)masscivic::server::normalize_precinct_label(text);
    (void)masscivic::server::is_zip(text);
    return 0;
}
