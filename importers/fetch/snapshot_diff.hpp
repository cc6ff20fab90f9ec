// What changed between two snapshots, in words a person checks before new data goes live
// ("2 legislators changed: ...", "1 vacancy filled: ...", "14 local officials added: ..."),
// and whether the change looks like a broken upstream rather than news.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace masscivic::import::fetch {

struct SnapshotDiff {
    std::vector<std::string> lines;   // the human-readable summary, one change per line
    std::vector<std::string> alarms;  // why it looks suspicious; empty = plausible
    bool unchanged() const { return lines.empty(); }
};

// `max_loss`: the share of officials (or of the rows of any snapshot table) that may vanish
// before the difference counts as suspicious (0.10 = 10%).
SnapshotDiff diff_snapshots(const std::filesystem::path& before, const std::filesystem::path& after,
                            double max_loss);

}  // namespace masscivic::import::fetch
