// The street-address step of the raw import (raw/addresses.cpp).
#pragma once

#include "snapshot.hpp"
#include "snapshot_to_db.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace masscivic::import {

// For the held-out accuracy test: every `every`-th numbered address point is left out of
// the ranges and recorded here with the districts of its own point.
struct HeldOutAddress {
    std::string geoid, street, number;  // street and number as the assessor wrote them
    long low = 0;
    std::string house_id, senate_id;
};
struct AddressHoldout {
    std::size_t every = 0;
    std::vector<HeldOutAddress> points;
};

// Needs the municipal and district importers to have run (towns, boundaries).
void import_addresses(Snapshot& snap, const Progress& progress, AddressHoldout* holdout = nullptr);

}  // namespace masscivic::import
