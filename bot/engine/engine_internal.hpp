// Private to the engine's .cpp files: the state of one turn and the server-down signal.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "engine.hpp"
#include "model.hpp"

namespace masscivic::bot {

// Thrown when the lookup server cannot answer; caught once in Engine::handle.
struct ServerUnavailable : std::runtime_error {
    ServerUnavailable() : std::runtime_error("lookup server unavailable") {}
};

// Everything one message needs while it is being answered.
struct Engine::Turn {
    const Incoming& in;
    SessionState st;
    Outgoing out;
    std::optional<LookupAnswer> lookup;  // the place's lookup, fetched at most once per turn
    std::optional<Municipality> town;    // likewise for /v1/municipalities
    std::string data_version;            // of the server's last answer in this turn ("" none yet)
    // The street address this turn placed, as the server read it ("19 Donnell St, Cambridge,
    // MA (Ward 10, Precinct 3)"): shown in this turn's answer, never kept in the session.
    std::string placed_address;

    std::string place_label() const {
        if (!placed_address.empty()) return placed_address;
        return st.place.label.empty() ? st.place.municipality : st.place.label;
    }
};

// Offices whose holders are the same for every town (governor, U.S. senators, ...).
bool is_statewide_office(const std::string& office);
// True when `a` names the holder of `office` with certainty (no split district for it).
bool answers_office(const LookupAnswer& a, const std::string& office);
// Keeps the officials an answer named, so follow-ups ("her email?") can refer to them.
void remember_officials(SessionState& st, const std::vector<Official>& people);
// Adds to them (an answer listing possible members after the certain ones).
void remember_also(SessionState& st, const std::vector<Official>& people);
// Remembers which dataset the server answered from, so cached towns of another are not used.
void note_data_version(Engine::Turn& t, const ApiResult& res);
// The town's facts (fetched at most once per turn, and kept in `cache` between turns while
// the server's data version and max-age allow); a lookup failure throws ServerUnavailable.
const Municipality& town_info(Engine::Turn& t, LookupClient& client, TownCache& cache);

}  // namespace masscivic::bot
