#include "lookup_client.hpp"

#include <cctype>

namespace masscivic::bot {

std::string url_encode(std::string_view value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

ApiResult make_result(int status, std::string_view body) {
    ApiResult r;
    r.status = status;
    auto doc = std::make_shared<rapidjson::Document>();
    doc->Parse(body.data(), body.size());
    bool json = !doc->HasParseError() && doc->IsObject();
    if (json) r.json = doc;
    if (status == 200) r.kind = json ? ApiResult::Kind::ok : ApiResult::Kind::bad_response;
    else if (status == 404) r.kind = ApiResult::Kind::not_found;
    else if (status == 400 || status == 413 || status == 414) r.kind = ApiResult::Kind::bad_request;
    else r.kind = ApiResult::Kind::unavailable;  // 429, 5xx, anything unexpected
    return r;
}

}  // namespace masscivic::bot
