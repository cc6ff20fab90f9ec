// The real Outbox: POSTs JSON to chat platforms over HTTP(S) with a few bounded retries.
#pragma once

#include "channels/routes.hpp"

namespace masscivic::bot {

class HttpOutbox : public Outbox {
public:
    void post_json(const std::string& url, const std::string& json,
                   const std::vector<std::pair<std::string, std::string>>& headers) override;
};

}  // namespace masscivic::bot
