#include "fetch/manifest.hpp"

#include <fstream>
#include <set>

#include "csv.hpp"  // InputError

namespace masscivic::import::fetch {

std::vector<ManifestEntry> read_manifest(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path.string() + ": cannot open the fetch manifest");
    std::vector<ManifestEntry> out;
    std::set<std::string> seen;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.empty() || text[0] == '#') continue;
        auto where = path.string() + ":" + std::to_string(line);
        auto tab = text.find('\t');
        if (tab == std::string::npos || text.find('\t', tab + 1) != std::string::npos)
            throw InputError(where + ": want SOURCE<TAB>BASE_URL");
        ManifestEntry e{text.substr(0, tab), text.substr(tab + 1), line};
        if (e.source.empty() || e.source.find('/') != std::string::npos || e.source[0] == '.')
            throw InputError(where + ": bad source name '" + e.source + "'");
        if (e.base_url.rfind("http://", 0) != 0 && e.base_url.rfind("https://", 0) != 0)
            throw InputError(where + ": base URL must be http(s)://...");
        while (!e.base_url.empty() && e.base_url.back() == '/') e.base_url.pop_back();
        if (!seen.insert(e.source).second) throw InputError(where + ": source listed twice");
        out.push_back(std::move(e));
    }
    if (out.empty()) throw InputError(path.string() + ": the fetch manifest lists no source");
    return out;
}

}  // namespace masscivic::import::fetch
