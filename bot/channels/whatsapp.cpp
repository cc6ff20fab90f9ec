#include "whatsapp.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <functional>

#include "crypto.hpp"
#include "render_text.hpp"

namespace masscivic::bot {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string text_of(const rapidjson::Value& obj, const char* name) {
    const auto* v = member(obj, name);
    return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : "";
}

void put(JsonWriter& w, const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// WhatsApp's limits: button titles 20 characters, list row titles 24, ids 256 (UTF-8 safe cut).
std::string cut(const std::string& s, std::size_t max_chars) {
    std::size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == max_chars) break;
    }
    return s.substr(0, i);
}

WhatsAppMessage parse_message(const rapidjson::Value& m, const std::string& phone_number_id) {
    WhatsAppMessage msg;
    msg.phone_number_id = phone_number_id;
    msg.from = text_of(m, "from");
    msg.id = text_of(m, "id");
    auto ts = text_of(m, "timestamp");  // a string of digits in Meta's payloads
    if (!ts.empty() && ts.size() < 19 && ts.find_first_not_of("0123456789") == std::string::npos)
        msg.timestamp = std::stoll(ts);
    auto type = text_of(m, "type");
    if (type == "text") {
        if (const auto* t = member(m, "text")) msg.text = text_of(*t, "body");
    } else if (type == "interactive") {
        const auto* i = member(m, "interactive");
        for (const char* kind : {"button_reply", "list_reply"})
            if (const auto* r = i ? member(*i, kind) : nullptr) msg.text = text_of(*r, "id");
    } else if (type == "button") {  // a template's quick-reply button
        if (const auto* b = member(m, "button")) msg.text = text_of(*b, "payload");
    } else if (type == "location") {
        const auto* l = member(m, "location");
        const auto* la = l ? member(*l, "latitude") : nullptr;
        const auto* lo = l ? member(*l, "longitude") : nullptr;
        if (la && lo && la->IsNumber() && lo->IsNumber()) msg.location = GeoPoint{la->GetDouble(), lo->GetDouble()};
    }
    msg.unsupported = msg.text.empty() && !msg.location;
    return msg;
}

std::string message_json(const std::string& to, const std::function<void(JsonWriter&)>& fill) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    put(w, "messaging_product", "whatsapp");
    put(w, "recipient_type", "individual");
    put(w, "to", to);
    fill(w);
    w.EndObject();
    return buf.GetString();
}

}  // namespace

std::optional<std::string> whatsapp_handshake(const FormFields& query, const std::string& verify_token) {
    if (verify_token.empty() || form_value(query, "hub.mode") != "subscribe") return std::nullopt;
    if (!constant_time_equal(form_value(query, "hub.verify_token"), verify_token)) return std::nullopt;
    auto challenge = form_value(query, "hub.challenge");
    // Echoed as the body: accept only what Meta sends (digits), never markup.
    if (challenge.empty() || challenge.size() > 64 ||
        challenge.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return challenge;
}

Verdict verify_whatsapp(const std::string& app_secret, const std::string& raw_body,
                        const std::string& header_value) {
    const std::string prefix = "sha256=";
    if (header_value.empty()) return Verdict::missing;
    if (header_value.rfind(prefix, 0) != 0) return Verdict::forged;
    auto expected = prefix + hmac_sha256_hex(app_secret, raw_body);
    return constant_time_equal(expected, header_value) ? Verdict::ok : Verdict::forged;
}

std::vector<WhatsAppMessage> parse_whatsapp(const rapidjson::Value& body) {
    std::vector<WhatsAppMessage> out;
    if (text_of(body, "object") != "whatsapp_business_account") return out;
    const auto* entries = member(body, "entry");
    if (!entries || !entries->IsArray()) return out;
    for (const auto& entry : entries->GetArray()) {
        const auto* changes = member(entry, "changes");
        if (!changes || !changes->IsArray()) continue;
        for (const auto& change : changes->GetArray()) {
            if (text_of(change, "field") != "messages") continue;
            const auto* value = member(change, "value");
            if (!value) continue;
            const auto* meta = member(*value, "metadata");
            std::string phone_number_id = meta ? text_of(*meta, "phone_number_id") : "";
            const auto* messages = member(*value, "messages");
            if (!messages || !messages->IsArray()) continue;  // e.g. delivery statuses
            for (const auto& m : messages->GetArray()) {
                auto msg = parse_message(m, phone_number_id);
                if (!msg.from.empty() && !msg.id.empty()) out.push_back(std::move(msg));
            }
        }
    }
    return out;
}

bool within_service_window(std::int64_t message_time, std::int64_t now) {
    constexpr std::int64_t kWindow = 24 * 3600;
    return message_time > 0 && now - message_time < kWindow;
}

std::vector<std::string> render_whatsapp(const std::string& to, const Outgoing& out,
                                         const std::string& choose_label,
                                         const std::string& location_label) {
    std::vector<Button> choices;
    bool wants_location = false;
    for (const auto& r : out.replies)
        for (const auto& b : r.buttons) {
            if (b.request_location) wants_location = true;
            else choices.push_back(b);
        }
    TextStyle style;
    style.numbered_choices = false;  // WhatsApp shows real buttons
    style.max_chars = 4000;          // a text body may hold 4,096 characters
    Outgoing text_only = out;
    for (auto& r : text_only.replies) r.buttons.clear();
    std::string text = render_text(text_only, style, "", "…");
    std::vector<std::string> calls;
    if (!text.empty()) {
        calls.push_back(message_json(to, [&](JsonWriter& w) {
            put(w, "type", "text");
            w.Key("text");
            w.StartObject();
            w.Key("preview_url");
            w.Bool(false);
            put(w, "body", text);
            w.EndObject();
        }));
    }
    if (!choices.empty()) {
        bool buttons = choices.size() <= 3;
        calls.push_back(message_json(to, [&](JsonWriter& w) {
            put(w, "type", "interactive");
            w.Key("interactive");
            w.StartObject();
            put(w, "type", buttons ? "button" : "list");
            w.Key("body");
            w.StartObject();
            put(w, "text", choose_label);
            w.EndObject();
            w.Key("action");
            w.StartObject();
            if (buttons) {
                w.Key("buttons");
                w.StartArray();
                for (const auto& b : choices) {
                    w.StartObject();
                    put(w, "type", "reply");
                    w.Key("reply");
                    w.StartObject();
                    put(w, "id", cut(b.payload, 256));
                    put(w, "title", cut(b.label, 20));
                    w.EndObject();
                    w.EndObject();
                }
                w.EndArray();
            } else {
                put(w, "button", cut(choose_label, 20));
                w.Key("sections");
                w.StartArray();
                w.StartObject();
                w.Key("rows");
                w.StartArray();
                for (std::size_t i = 0; i < choices.size() && i < 10; ++i) {
                    w.StartObject();
                    put(w, "id", cut(choices[i].payload, 200));
                    put(w, "title", cut(choices[i].label, 24));
                    w.EndObject();
                }
                w.EndArray();
                w.EndObject();
                w.EndArray();
            }
            w.EndObject();
            w.EndObject();
        }));
    }
    if (wants_location) {
        calls.push_back(message_json(to, [&](JsonWriter& w) {
            put(w, "type", "interactive");
            w.Key("interactive");
            w.StartObject();
            put(w, "type", "location_request_message");
            w.Key("body");
            w.StartObject();
            put(w, "text", location_label);
            w.EndObject();
            w.Key("action");
            w.StartObject();
            put(w, "name", "send_location");
            w.EndObject();
            w.EndObject();
        }));
    }
    return calls;
}

}  // namespace masscivic::bot
