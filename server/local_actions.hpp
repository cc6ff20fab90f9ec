// What towns already did on the toolkit topics (compiled, not official): shared by
// /v1/local-actions, /v1/municipalities/{name}, /v1/toolkits?town= and /v1/sponsors.
// Private to server/.
#pragma once

#include "lookup_data.hpp"
#include "result.hpp"

#include <string>
#include <vector>

namespace masscivic::server {

// The action topics a toolkit covers: sanctuary -> sanctuary_trust; ccops -> ccops and
// face_surveillance; body-cameras -> body_cameras. Empty for an unknown toolkit.
std::vector<std::string> toolkit_topics(const std::string& toolkit_id);
// A town's actions on the given topics (all topics when empty), oldest first.
std::vector<LocalAction> town_local_actions(const Data& d, const std::string& geoid,
                                            const std::vector<std::string>& topics);
// One sentence for the top of an answer: what the town already did on these topics, or
// that we found nothing (which is "not found", never "never").
std::string local_history_note(const Municipality& m, const std::vector<LocalAction>& actions,
                               const std::vector<std::string>& topics);
// Where the rows come from and how far to trust them.
std::string local_actions_caveat(const Municipality* m);

} // namespace masscivic::server
