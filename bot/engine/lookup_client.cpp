#include "lookup_client.hpp"

#include <cctype>
#include <string>
#include <utility>

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

namespace {

ApiResult::Kind kind_of(int status, bool json) {
    if (status == 200) return json ? ApiResult::Kind::ok : ApiResult::Kind::bad_response;
    if (status == 404) return ApiResult::Kind::not_found;
    if (status == 400 || status == 413 || status == 414) return ApiResult::Kind::bad_request;
    return ApiResult::Kind::unavailable;  // 429, 5xx, anything unexpected
}

ApiResult finish(int status, std::shared_ptr<const rapidjson::Document> doc) {
    ApiResult r;
    r.status = status;
    bool json = !doc->HasParseError() && doc->IsObject();
    if (json) r.json = std::move(doc);
    r.kind = kind_of(status, json);
    return r;
}

// A body and the document parsed in place inside it, freed together.
struct InSitu {
    std::string body;
    rapidjson::Document doc;
};

}  // namespace

ApiResult make_result(int status, std::string_view body) {
    auto doc = std::make_shared<rapidjson::Document>();
    doc->Parse(body.data(), body.size());
    return finish(status, std::move(doc));
}

ApiResult make_result_in_place(int status, std::string&& body) {
    auto holder = std::make_shared<InSitu>();
    holder->body = std::move(body);
    holder->doc.ParseInsitu(holder->body.data());  // std::string's buffer ends in '\0'
    return finish(status, std::shared_ptr<const rapidjson::Document>(holder, &holder->doc));
}

}  // namespace masscivic::bot
