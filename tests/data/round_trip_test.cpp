// Re-importing the raw sources must reproduce the committed snapshot byte for byte.
#include "csv.hpp"
#include "raw_to_snapshot.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace masscivic;

TEST(RoundTrip, RawSourcesReproduceCommittedSnapshot) {
    // The raw sources sit beside the checkout (../shared); MASSCIVIC_RAW_DIR overrides.
    const char* env = std::getenv("MASSCIVIC_RAW_DIR");
    const std::filesystem::path raw = env ? env : MASSCIVIC_RAW_DIR;
    if (!std::filesystem::is_directory(raw))
        GTEST_SKIP() << "raw sources not found at " << raw << " (../shared absent); skipping";
    const std::filesystem::path committed = std::filesystem::path(MASSCIVIC_SOURCE_DIR) / "datasets/ma";
    masscivic::testing::TempDir out;
    import::build_snapshot(raw, out.path(), [](const std::string&) {});

    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(out.path())) {
        if (!entry.is_regular_file()) continue;
        auto rel = std::filesystem::relative(entry.path(), out.path());
        ASSERT_TRUE(std::filesystem::exists(committed / rel)) << "not committed: " << rel;
        EXPECT_TRUE(read_file(entry.path()) == read_file(committed / rel))
            << rel << " differs from the committed snapshot; re-run the importer and commit";
        ++compared;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(committed)) {
        if (!entry.is_regular_file()) continue;
        auto rel = std::filesystem::relative(entry.path(), committed);
        EXPECT_TRUE(std::filesystem::exists(out.path() / rel)) << "stale committed file: " << rel;
    }
    EXPECT_GE(compared, 20u);
}
