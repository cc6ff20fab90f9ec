// Fuzzes the CSV reader used on every raw and snapshot file: any byte string must
// parse or raise InputError, never crash or hang.
#include "csv.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto table = masscivic::CsvTable::parse(text, "fuzz.csv");
        for (const auto& r : table.records())
            if (r.fields.size() != table.header().size()) __builtin_trap();
    } catch (const masscivic::InputError&) {
    }
    return 0;
}
