// `masscivic-import fetch`: fresh upstream data into a running service, or nothing at all.
//   1. download every source of the manifest into a new raw directory, checking each file
//      against the current raw copy (download.hpp);
//   2. build a snapshot from it in a temporary directory (the usual raw -> snapshot import);
//   3. print what changed against the current snapshot (snapshot_diff.hpp);
//   4. with --apply: import it into a new database file renamed over --db, make it the
//      current snapshot and raw tree, and ask every server to reload (POST --notify URLs).
// A failed download, a failed import or a suspicious difference stops before step 4 and
// leaves everything as it was; the exit status is then non-zero.
#pragma once

namespace masscivic::import::fetch {

// argv[0] is "fetch". Returns the process exit status (0 ok, 2 usage, 3 fetch or import
// failed, 4 suspicious difference, 5 applied but a server did not confirm the reload).
int fetch_main(int argc, char** argv);

}  // namespace masscivic::import::fetch
