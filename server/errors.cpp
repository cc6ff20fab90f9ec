#include "result.hpp"

namespace masscivic::server {

const ErrorInfo& error_info(ErrorCode code) {
    // The one table: error code -> HTTP status and the code string clients see.
    static const ErrorInfo table[] = {
        {ErrorCode::BadParameter, 400, "bad_parameter"},
        {ErrorCode::NotFound, 404, "not_found"},
        {ErrorCode::Forbidden, 403, "forbidden"},
        {ErrorCode::MethodNotAllowed, 405, "method_not_allowed"},
        {ErrorCode::PayloadTooLarge, 413, "payload_too_large"},
        {ErrorCode::UriTooLong, 414, "uri_too_long"},
        {ErrorCode::HeadersTooLarge, 431, "headers_too_large"},
        {ErrorCode::RateLimited, 429, "rate_limited"},
        {ErrorCode::Internal, 500, "internal"},
        {ErrorCode::NoDatabase, 503, "no_database"},
    };
    for (const auto& e : table)
        if (e.code == code) return e;
    return table[8]; // internal
}

} // namespace masscivic::server
