#include "raw_to_snapshot.hpp"

namespace masscivic::import {

void import_people(Snapshot& snap, const Progress& progress) {
    (void)snap;
    progress("people: not implemented yet");
}

}  // namespace masscivic::import
