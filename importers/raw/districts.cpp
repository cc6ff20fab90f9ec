#include "raw_to_snapshot.hpp"

namespace masscivic::import {

void import_districts(Snapshot& snap, const Progress& progress) {
    (void)snap;
    progress("districts: not implemented yet");
}

}  // namespace masscivic::import
