#include "raw_to_snapshot.hpp"

namespace masscivic::import {

void import_municipal(Snapshot& snap, const Progress& progress) {
    (void)snap;
    progress("municipal: not implemented yet");
}

}  // namespace masscivic::import
