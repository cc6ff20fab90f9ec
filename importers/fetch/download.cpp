#include "fetch/download.hpp"

// HTTPS for the real upstreams: Debian's cpp-httplib.pc turns on its OpenSSL support.
#include <httplib.h>

#include <rapidjson/document.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>

#include "csv.hpp"

namespace masscivic::import::fetch {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxFileBytes = 512ull << 20;  // no raw file comes near this

struct Url {
    std::string origin, path;  // "https://host[:port]", "/a/b"
};

Url split_url(const std::string& url) {
    auto start = url.find("://") + 3;
    auto slash = url.find('/', start);
    if (slash == std::string::npos) return {url, "/"};
    return {url.substr(0, slash), url.substr(slash)};
}

// Percent-encodes what may not appear in a URL path (file names with spaces and the like).
std::string encode_path(const std::string& rel) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : rel) {
        if (std::isalnum(c) || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos)
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// One client per origin, kept alive across the files of a source.
class Downloader {
public:
    std::string get(const std::string& url, const fs::path& to) {
        auto [origin, path] = split_url(url);
        auto& client = clients_[origin];
        if (!client) {
            client = std::make_unique<httplib::Client>(origin);
            client->set_connection_timeout(10);
            client->set_read_timeout(60);
            client->set_follow_location(true);
            client->set_keep_alive(true);
        }
        std::ofstream out(to, std::ios::binary);
        std::uintmax_t got = 0;
        bool too_big = false;
        auto res = client->Get(path, [&](const char* data, size_t n) {
            got += n;
            if (got > kMaxFileBytes) return !(too_big = true);
            out.write(data, static_cast<std::streamsize>(n));
            return true;
        });
        out.close();
        if (too_big) return "larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
        if (!res) return "download failed (" + httplib::to_string(res.error()) + ")";
        if (res->status != 200) return "HTTP " + std::to_string(res->status);
        if (!out) return "cannot write " + to.string();
        return "";
    }

private:
    std::map<std::string, std::unique_ptr<httplib::Client>> clients_;
};

std::string first_line(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    return line;
}

bool looks_like_html(const std::string& head) {
    auto h = head.substr(0, 64);
    for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return h.find("<!doctype html") != std::string::npos || h.find("<html") != std::string::npos;
}

std::string extension(const fs::path& p) {
    auto e = p.extension().string();
    for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

// PROVENANCE.md, LICENSE*, README*: written with the copy (or renamed upstream files), not data.
bool is_our_documentation(const fs::path& rel) {
    auto name = rel.filename().string();
    return rel.has_parent_path() ? false
                                 : name == "PROVENANCE.md" || name.rfind("LICENSE", 0) == 0 ||
                                       name.rfind("README", 0) == 0;
}

// Hard links when the trees share a file system (raw files are never changed in place: a
// fetch writes new ones), a copy otherwise.
void carry_over(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::create_hard_links, ec);
    if (!ec) return;
    fs::remove_all(to);
    fs::copy(from, to, fs::copy_options::recursive);
}

}  // namespace

std::string check_file(const fs::path& fresh, const fs::path& current) {
    auto size = fs::file_size(fresh), before = fs::file_size(current);
    if (size == 0) return "empty";
    if (size * 2 < before) return "shrank from " + std::to_string(before) + " to " + std::to_string(size) + " bytes";
    if (size > before * 5 + 4096) return "grew from " + std::to_string(before) + " to " + std::to_string(size) + " bytes";
    auto head = first_line(fresh);
    if (looks_like_html(head) && !looks_like_html(first_line(current))) return "an HTML page instead of data";
    auto ext = extension(fresh);
    try {
        if (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
            if (head != first_line(current)) return "header line changed: " + head.substr(0, 120);
        } else if (ext == ".json" || ext == ".geojson") {
            rapidjson::Document d;
            auto text = read_file(fresh);
            if (d.Parse(text.data(), text.size()).HasParseError()) return "not valid JSON";
        } else if (ext == ".yml" || ext == ".yaml") {
            YAML::LoadFile(fresh.string());
        }
    } catch (const std::exception& e) {
        return std::string("does not parse: ") + e.what();
    }
    return "";
}

DownloadReport download_sources(const std::vector<ManifestEntry>& manifest, const DownloadOptions& o) {
    DownloadReport report;
    fs::create_directories(o.new_raw.parent_path());
    fs::create_directory(o.new_raw);  // throws when it exists: every fetch gets a new tree
    std::map<std::string, const ManifestEntry*> wanted;
    for (const auto& e : manifest) wanted[e.source] = &e;
    Downloader http;
    for (const auto& dir : fs::directory_iterator(o.current_raw)) {
        if (!dir.is_directory()) continue;
        auto source = dir.path().filename().string();
        auto it = wanted.find(source);
        if (it == wanted.end()) {  // not refreshed: the current copy goes into the new tree
            carry_over(dir.path(), o.new_raw / source);
            continue;
        }
        for (const auto& f : fs::recursive_directory_iterator(dir.path())) {
            if (!f.is_regular_file()) continue;
            auto rel = fs::relative(f.path(), dir.path());
            auto to = o.new_raw / source / rel;
            fs::create_directories(to.parent_path());
            if (is_our_documentation(rel)) {
                fs::copy_file(f.path(), to);
                continue;
            }
            auto url = (o.mirror ? *o.mirror + "/" + source : it->second->base_url) + "/" +
                       encode_path(rel.generic_string());
            auto why = http.get(url, to);
            if (why.empty()) why = check_file(to, f.path());
            if (!why.empty()) {
                report.problems.push_back(source + "/" + rel.generic_string() + ": " + why);
                continue;
            }
            ++report.files;
            report.bytes += fs::file_size(to);
        }
        wanted.erase(it);
    }
    for (const auto& [source, e] : wanted)
        report.problems.push_back(source + ": listed in the manifest (line " + std::to_string(e->line) +
                                  ") but not in the current raw tree " + o.current_raw.string());
    return report;
}

}  // namespace masscivic::import::fetch
