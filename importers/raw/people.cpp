// Everyone who holds office: state legislators and vacant seats, statewide executives,
// the Governor's Council, Congress, legislative committees, local officials and bill
// sponsors. Each source has its own file (raw/people_*.cpp); conflicts between sources
// follow the precedence rules in datasets/rules/people.md.
#include "people_common.hpp"
#include "raw_to_snapshot.hpp"

namespace masscivic::import {

namespace {

// As-of dates are the upstream dates recorded in each folder's PROVENANCE.md.
void register_sources(Snapshot& snap) {
    using people::ensure_source;
    ensure_source(snap, {people::kOpenStates, "Open States people: Massachusetts legislators, "
                         "committees, statewide executives",
                         "https://github.com/openstates/people", "CC0-1.0", "2026-06-04",
                         "legislators 2026-06-04, committees 2026-04-02, executives 2026-06-17"});
    ensure_source(snap, {people::kOpenStatesMunicipal, "Open States people: Massachusetts mayors",
                         "https://github.com/openstates/people", "CC0-1.0", "2026-05-04",
                         "11 mayors; several role end dates already past"});
    ensure_source(snap, {people::kCongress, "unitedstates/congress-legislators (MA members)",
                         "https://github.com/unitedstates/congress-legislators", "CC0-1.0",
                         "2026-06-15", "photo URLs derived from bioguide ids"});
    ensure_source(snap, {people::kCivicMirror, "CivicMirror Civic-Data: MA municipal office-holders",
                         "https://github.com/CivicMirror/Civic-Data", "CC0-1.0", "2026-08-21",
                         "machine-extracted, not human-reviewed: every official verified=0"});
    ensure_source(snap, {people::kActOnMass, "Act on Mass: sponsors of 46 priority bills",
                         "https://github.com/actonmass/actonmass.org", "none stated",
                         "2025-01-08", "191st-193rd sessions only; not the current session"});
    ensure_source(snap, {people::kElections, "Massachusetts general-election results 1990-2026 "
                         "(bwbensonjr/ma-election-db, from electionstats.state.ma.us)",
                         "https://github.com/bwbensonjr/ma-election-db",
                         "none stated (official results, public records)", "2026-03-24",
                         "contests of the 2021 district plans (2022 on) imported; "
                         "latest contest 2026-03-03"});
    ensure_source(snap, {people::kMassGis, "MassGIS 2021 district plans (via bwbensonjr/mapoli)",
                         "https://github.com/bwbensonjr/mapoli", "none stated (MassGIS public data)",
                         "2024-09-03", "Governor's Council members as of the layer date"});
}

}  // namespace

void import_people(Snapshot& snap, const Progress& progress) {
    register_sources(snap);
    people::Registry reg;
    progress("people: state legislators and vacancies");
    people::import_legislators(snap, reg);
    progress("people: statewide executives and Governor's Council");
    people::import_executives(snap, reg);
    auto elections = people::read_elections(snap);
    people::import_governors_council(snap, reg, elections);
    progress("people: members of Congress");
    people::import_congress(snap, reg);
    progress("people: election results cross-check");
    people::import_election_results(snap, reg, elections);
    progress("people: legislative committees");
    people::import_committees(snap, reg);
    progress("people: local officials");
    people::import_local_officials(snap, reg);
    progress("people: bills and sponsors");
    people::import_bills(snap, reg);
    progress("people: 194th-session bills and roll calls");
    people::import_scorecard(snap, reg);
    reg.write(snap);
}

}  // namespace masscivic::import
