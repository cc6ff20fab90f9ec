// WhatsApp Cloud API: the webhook handshake, X-Hub-Signature-256 verification, the inbound
// message shapes (text, interactive button/list replies, location) and the Graph API
// `messages` calls that answer them. Pure functions over plain structs; routes.cpp wires them.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reply.hpp"
#include "signatures.hpp"
#include "web_types.hpp"

namespace masscivic::bot {

// GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C: the challenge when T matches.
std::optional<std::string> whatsapp_handshake(const FormFields& query, const std::string& verify_token);

// X-Hub-Signature-256: "sha256=" + hex(HMAC-SHA256(app secret, raw body)).
Verdict verify_whatsapp(const std::string& app_secret, const std::string& raw_body,
                        const std::string& header_value);

struct WhatsAppMessage {
    std::string phone_number_id;  // our business number (metadata), where replies go from
    std::string from;             // the user's WhatsApp id (phone number)
    std::string id;               // wamid..., for answering a retried delivery once
    std::int64_t timestamp = 0;   // unix seconds, when the user wrote
    std::string text;             // typed text, or the chosen button/list row id
    std::optional<GeoPoint> location;
    bool unsupported = false;     // an image, sticker, voice note...
};

// Every user message in a webhook body (statuses and other changes are skipped).
std::vector<WhatsAppMessage> parse_whatsapp(const rapidjson::Value& body);

// The customer-service window: free-form replies only within 24 hours of the user's message.
bool within_service_window(std::int64_t message_time, std::int64_t now);

// Graph API message bodies answering `to`: the text, then the choices as reply buttons (up to
// 3) or a list (up to 10), and a location request when a reply offers one.
std::vector<std::string> render_whatsapp(const std::string& to, const Outgoing& out,
                                         const std::string& choose_label,
                                         const std::string& location_label);

}  // namespace masscivic::bot
