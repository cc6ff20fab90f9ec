// Downloading the raw sources of the fetch manifest into a new raw directory, and checking
// each file against the current raw copy before anything is built from it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fetch/manifest.hpp"

namespace masscivic::import::fetch {

struct DownloadOptions {
    std::filesystem::path current_raw;  // the raw tree in use (file list, sizes, shapes)
    std::filesystem::path new_raw;      // where the downloads go (created; must not exist)
    std::optional<std::string> mirror;  // fetch MIRROR/SOURCE/FILE instead of BASE_URL/FILE
};

struct DownloadReport {
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
    std::vector<std::string> problems;  // "source/file: why"; empty = every file is fine
};

// Downloads every file of every manifest source, checks it (see check_file) and copies each
// source's PROVENANCE.md and every source not in the manifest from the current raw tree, so
// the new tree is complete. Never throws for a bad download: it is listed in problems.
DownloadReport download_sources(const std::vector<ManifestEntry>& manifest, const DownloadOptions& o);

// Why the downloaded file does not look like the current one, or "" when it does: not
// empty, between half and five times the current size, no HTML error page in place of data,
// CSV/TSV with the same header line, JSON/GeoJSON and YAML that parse.
std::string check_file(const std::filesystem::path& fresh, const std::filesystem::path& current);

}  // namespace masscivic::import::fetch
