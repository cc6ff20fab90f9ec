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

    std::string place_label() const {
        return st.place.label.empty() ? st.place.municipality : st.place.label;
    }
};

}  // namespace masscivic::bot
