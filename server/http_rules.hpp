// HTTP rules the service applies itself, as pure functions (no socket or library types):
// gzip by content type and Accept-Encoding q-values, If-None-Match lists, Date, and the
// input checks that keep NUL bytes and broken percent-escapes out of parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace masscivic::server {

// RFC 9110 13.1.2 with the weak comparison: a list of entity tags or "*". True when the
// header matches `etag` (which may itself be weak).
bool if_none_match_matches(std::string_view header, std::string_view etag);

// Whether the client accepts gzip (RFC 9110 12.5.3: q=0 refuses; "*" counts unless gzip
// is named with q=0).
bool accepts_gzip(std::string_view accept_encoding);

// Worth compressing: JSON (any parameters, +json), text/*, JavaScript.
bool is_compressible(std::string_view content_type);

// gzip of `data` (zlib), or nullopt on a zlib failure.
std::optional<std::string> gzip(std::string_view data);

// Every "%" in the raw request target is followed by two hex digits.
bool valid_percent_escapes(std::string_view target);

// A control character (C0, DEL, or a UTF-8-encoded C1) in decoded text.
bool has_control_characters(std::string_view text);

// IMF-fixdate of now: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date_now();

} // namespace masscivic::server
