// Plain-language explanations of how local law is made in a municipality, chosen by its
// legislative body (open / representative town meeting, city / town council).
#pragma once

#include "types.hpp"

#include <string>

namespace masscivic::server {

std::string how_local_laws_pass(const Municipality& m);
std::string how_to_petition(const Municipality& m);
// The body that would adopt an ordinance/bylaw such as an advocacy toolkit's, and how.
LocalBody local_body_for_ordinance(const Municipality& m);

} // namespace masscivic::server
