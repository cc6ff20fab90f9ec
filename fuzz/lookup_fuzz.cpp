// Fuzzes the whole Lookup facade (query-parameter validation, name resolution, ZIPs,
// coordinates, sponsors) on the small fixture database. Input: newline-separated values for
// town, ward, precinct, zip, lat, lon, q, toolkit, bill; an empty line means "absent".
#include "lookup.hpp"
#include "snapshot_to_db.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace {
std::shared_ptr<const masscivic::server::Lookup> g_lookup;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const std::filesystem::path src = MASSCIVIC_SOURCE_DIR;
    auto db = std::filesystem::temp_directory_path() /
              ("masscivic-fuzz-" + std::to_string(::getpid()) + ".db");
    masscivic::import::build_database(src / "tests/fixtures/mini", db, [](const std::string&) {});
    g_lookup = masscivic::server::Lookup::open({db, src / "datasets/toolkits.json"});
    std::filesystem::remove(db);  // the open connection keeps the file alive
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<masscivic::server::Text> v;
    std::size_t start = 0;
    while (v.size() < 9) {
        auto nl = text.find('\n', start);
        auto part = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        v.push_back(part.empty() ? masscivic::server::Text() : masscivic::server::Text(part));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    v.resize(9);
    masscivic::server::LookupRequest r{v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
    (void)g_lookup->lookup(r);
    if (v[0]) {
        (void)g_lookup->municipality(*v[0]);
        (void)g_lookup->sponsors({v[7], v[0], v[8]});
        (void)g_lookup->toolkits(v[0]);
    }
    if (v[6]) (void)g_lookup->district(*v[6]);
    return 0;
}
