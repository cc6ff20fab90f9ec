#include "fetch/fetch.hpp"

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "csv.hpp"
#include "fetch/download.hpp"
#include "fetch/manifest.hpp"
#include "fetch/snapshot_diff.hpp"
#include "raw_to_snapshot.hpp"
#include "snapshot_to_db.hpp"

namespace masscivic::import::fetch {
namespace fs = std::filesystem;
namespace {

constexpr const char* kUsage =
    "usage: masscivic-import fetch --manifest FILE --raw-root DIR --snapshot DIR [--db PATH]\n"
    "         [--apply] [--notify URL]... [--mirror URL] [--max-loss PERCENT] [--quiet]\n"
    "  --manifest FILE  sources to download (datasets/fetch.tsv: SOURCE<TAB>BASE_URL)\n"
    "  --raw-root DIR   raw trees live here: DIR/current (the one in use, a symlink) and one\n"
    "                   new DIR/raw-<UTC time> per fetch\n"
    "  --snapshot DIR   the current snapshot (compared against; replaced by --apply)\n"
    "  --db PATH        the database the servers read (replaced atomically by --apply)\n"
    "  --apply          put the new data in service (otherwise only download, build, compare)\n"
    "  --notify URL     POST here after --apply (each server's /admin/reload); repeatable\n"
    "  --mirror URL     download SOURCE/FILE from URL instead of the upstream (tests, mirrors)\n"
    "  --max-loss N     refuse when more than N% of officials or of any table's rows would\n"
    "                   vanish (default 10)\n";

struct Options {
    fs::path manifest, raw_root, snapshot, db;
    bool apply = false, quiet = false;
    std::vector<std::string> notify;
    std::optional<std::string> mirror;
    double max_loss = 0.10;
};

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        std::optional<std::string> v;
        if (a == "--apply") o.apply = true;
        else if (a == "--quiet") o.quiet = true;
        else if (a == "--manifest" && (v = value())) o.manifest = *v;
        else if (a == "--raw-root" && (v = value())) o.raw_root = *v;
        else if (a == "--snapshot" && (v = value())) o.snapshot = *v;
        else if (a == "--db" && (v = value())) o.db = *v;
        else if (a == "--notify" && (v = value())) o.notify.push_back(*v);
        else if (a == "--mirror" && (v = value())) o.mirror = *v;
        else if (a == "--max-loss" && (v = value())) {
            try {
                o.max_loss = std::stod(*v) / 100;
            } catch (const std::exception&) {
                o.max_loss = -1;
            }
            if (o.max_loss < 0 || o.max_loss > 1) return std::nullopt;
        } else return std::nullopt;
    }
    if (o.manifest.empty() || o.raw_root.empty() || o.snapshot.empty() || (o.apply && o.db.empty()))
        return std::nullopt;
    return o;
}

std::string utc_stamp() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

// Replaces DIR/current (a symlink) with one to `target`, atomically.
void point_current(const fs::path& raw_root, const fs::path& target) {
    auto tmp = raw_root / ".current.new";
    fs::remove(tmp);
    fs::create_directory_symlink(target.filename(), tmp);
    fs::rename(tmp, raw_root / "current");
}

// Raw trees pile up (one per fetch): keep the new current one and the one before it.
void prune_raw_trees(const fs::path& raw_root, const fs::path& keep_new, const fs::path& keep_old) {
    for (const auto& e : fs::directory_iterator(raw_root)) {
        auto name = e.path().filename().string();
        if (name.rfind("raw-", 0) != 0 || !e.is_directory() || e.is_symlink()) continue;
        if (e.path().filename() == keep_new.filename() || e.path().filename() == keep_old.filename()) continue;
        fs::remove_all(e.path());
    }
}

// The new snapshot replaces the current one; the current one is kept as DIR.previous.
void swap_snapshot(const fs::path& current, const fs::path& fresh) {
    auto previous = fs::path(current.string() + ".previous");
    fs::remove_all(previous);
    if (fs::exists(current)) fs::rename(current, previous);
    fs::rename(fresh, current);
}

// POSTs each URL; returns how many did not answer 200.
int notify_servers(const std::vector<std::string>& urls) {
    int failed = 0;
    for (const auto& url : urls) {
        auto start = url.find("://");
        auto slash = start == std::string::npos ? std::string::npos : url.find('/', start + 3);
        httplib::Client client(url.substr(0, slash));
        client.set_connection_timeout(5);
        client.set_read_timeout(60);  // a reload loads the whole database
        auto res = client.Post(slash == std::string::npos ? "/" : url.substr(slash), "", "application/json");
        bool ok = res && res->status == 200;
        std::cout << "  reload " << url << ": " << (ok ? "done" : res ? "HTTP " + std::to_string(res->status) : "no answer") << "\n";
        failed += ok ? 0 : 1;
    }
    return failed;
}

int run(const Options& o) {
    auto manifest = read_manifest(o.manifest);
    auto current_raw = o.raw_root / "current";
    // A symlink, so that --apply can repoint it atomically (checked before anything changes).
    if (!fs::is_symlink(current_raw) || !fs::is_directory(current_raw))
        throw InputError(current_raw.string() + ": want a symlink to the raw tree in use (docs/DEPLOY.md, section 2)");
    auto new_raw = o.raw_root / ("raw-" + utc_stamp());
    auto work = fs::path(o.snapshot.string() + ".fetch-" + utc_stamp());  // next to it: rename works
    auto discard = [&] { fs::remove_all(new_raw); fs::remove_all(work); };

    std::cout << "masscivic-import fetch: " << manifest.size() << " sources into " << new_raw.string() << "\n";
    auto got = download_sources(manifest, {fs::canonical(current_raw), new_raw, o.mirror});
    if (!got.problems.empty()) {
        std::cout << "fetch failed, nothing changed:\n";
        for (const auto& p : got.problems) std::cout << "  " << p << "\n";
        discard();
        return 3;
    }
    std::cout << "  " << got.files << " files, " << got.bytes / 1024 << " KiB, all look like the current copies\n";
    try {
        auto quiet = [](const std::string&) {};
        build_snapshot(new_raw, work, quiet);
    } catch (const std::exception& e) {
        std::cout << "the new data does not import, nothing changed: " << e.what() << "\n";
        discard();
        return 3;
    }
    auto diff = diff_snapshots(o.snapshot, work, o.max_loss);
    std::cout << (diff.unchanged() ? "no change against " : "changes against ") << o.snapshot.string() << ":\n";
    for (const auto& line : diff.lines) std::cout << "  " << line << "\n";
    if (!diff.alarms.empty()) {
        std::cout << "suspicious difference, nothing changed:\n";
        for (const auto& a : diff.alarms) std::cout << "  " << a << "\n";
        discard();
        return 4;
    }
    if (!o.apply) {
        std::cout << "dry run: new raw tree kept in " << new_raw.string() << "; --apply puts the data in service\n";
        fs::remove_all(work);
        return 0;
    }
    auto built = build_database(work, o.db, [](const std::string&) {});  // temp file + rename
    swap_snapshot(o.snapshot, work);
    auto old_current = fs::read_symlink(current_raw);
    point_current(o.raw_root, new_raw);
    prune_raw_trees(o.raw_root, new_raw, old_current);
    std::cout << "applied: " << o.db.string() << " (" << built.bytes / 1024 << " KiB), snapshot "
              << o.snapshot.string() << ", raw tree " << new_raw.string() << "\n";
    return notify_servers(o.notify) == 0 ? 0 : 5;
}

}  // namespace

int fetch_main(int argc, char** argv) {
    auto o = parse(argc, argv);
    if (!o) {
        std::cerr << kUsage;
        return 2;
    }
    try {
        return run(*o);
    } catch (const std::exception& e) {
        std::cerr << "masscivic-import fetch: error: " << e.what() << "\n";
        return 3;
    }
}

}  // namespace masscivic::import::fetch
