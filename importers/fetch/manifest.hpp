// The fetch manifest (datasets/fetch.tsv): which raw sources `masscivic-import fetch` downloads
// and from where. One line per source directory of the raw tree:
//   SOURCE <TAB> BASE_URL
// Every data file of the current raw copy of SOURCE is downloaded from BASE_URL/<path
// relative to the source directory> (PROVENANCE.md, LICENSE* and README* at the top of the
// source directory are carried over). Blank lines and lines
// starting with '#' are ignored.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace masscivic::import::fetch {

struct ManifestEntry {
    std::string source;    // directory name under the raw root, e.g. "openstates-people-ma"
    std::string base_url;  // http(s)://...; files are BASE_URL/<relative path>
    int line = 0;
};

// Throws InputError naming the file and line for a malformed line or a duplicate source.
std::vector<ManifestEntry> read_manifest(const std::filesystem::path& path);

}  // namespace masscivic::import::fetch
