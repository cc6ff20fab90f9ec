#include "routes.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>

#include "crypto.hpp"
#include "render_text.hpp"
#include "signatures.hpp"
#include "text.hpp"
#include "whatsapp.hpp"

namespace masscivic::bot {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void put(JsonWriter& w, const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

WebResponse json_response(int status, std::string body) {
    WebResponse r;
    r.status = status;
    r.content_type = "application/json";
    r.body = std::move(body);
    return r;
}

WebResponse error_response(int status, const std::string& code, const std::string& message) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    w.Key("error");
    w.StartObject();
    put(w, "code", code);
    put(w, "message", message);
    w.EndObject();
    w.EndObject();
    return json_response(status, buf.GetString());
}

WebResponse unauthorized(Verdict v) {
    const char* why = v == Verdict::missing ? "missing signature"
                      : v == Verdict::stale ? "stale timestamp"
                                            : "bad signature";
    return error_response(401, "unauthorized", why);
}

std::string member_string(const rapidjson::Value& obj, const char* name) {
    if (!obj.IsObject()) return {};
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd()) return {};
    if (it->value.IsString()) return {it->value.GetString(), it->value.GetStringLength()};
    if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
    return {};
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
    if (!obj.IsObject()) return nullptr;
    auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string slack_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

// Platform ids we splice into JSON or URLs: letters, digits, '-', '_', '.' only.
bool safe_id(const std::string& s) {
    return !s.empty() && s.size() <= 128 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

bool is_keyword(const std::string& text, std::initializer_list<const char*> words) {
    auto t = ascii_lower(trim(text));
    for (const char* w : words)
        if (t == w) return true;
    return false;
}

// GET /maps/districts/{ocd-id}.svg[?lat=&lon=]: the lookup server's district map, passed
// through so the chat page shows it from its own origin (its CSP allows images from 'self'
// only). Only a percent-encoded OCD id and numeric lat/lon go on to the server.
WebResponse district_map(LookupClient& client, const WebRequest& req) {
    const std::string prefix = "/maps/districts/", suffix = ".svg";
    std::string id = req.path.substr(prefix.size());
    bool ok = id.size() > suffix.size() && id.size() < 300 &&
              id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (ok) id.resize(id.size() - suffix.size());
    for (char c : id)
        ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '%' || c == '-' ||
                    c == '_' || c == '.' || c == '~');
    if (!ok) return error_response(404, "not_found", "no such map");
    std::string query;
    bool marked = false;
    auto number = [](const std::string& v) {
        return !v.empty() && v.size() < 20 &&
               v.find_first_not_of("0123456789.-") == std::string::npos;
    };
    auto fields = parse_form(req.query);
    if (!fields.empty()) {
        auto lat = form_value(fields, "lat"), lon = form_value(fields, "lon");
        if (fields.size() != 2 || !number(lat) || !number(lon))
            return error_response(400, "bad_parameter", "a map takes lat and lon only");
        query = "?lat=" + lat + "&lon=" + lon;
        marked = true;
    }
    auto res = client.get_raw("/v1/maps/districts/" + id + suffix + query);
    if (res.status == 404 || res.status == 400)
        return error_response(404, "not_found", "no such district");
    if (res.status != 200) return error_response(503, "unavailable", "the map is unavailable");
    WebResponse r;
    r.content_type = "image/svg+xml";
    r.body = std::move(res.body);
    r.headers.push_back({"Cache-Control", marked ? "private, no-store" : "public, max-age=300"});
    r.headers.push_back({"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"});
    r.headers.push_back({"X-Content-Type-Options", "nosniff"});
    return r;
}

}  // namespace

std::string render_web_json(const Outgoing& out) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    put(w, "type", "reply");
    put(w, "lang", out.lang);
    w.Key("messages");
    w.StartArray();
    for (const auto& r : out.replies) {
        w.StartObject();
        put(w, "text", r.text);
        w.Key("links");
        w.StartArray();
        for (const auto& l : r.links) {
            w.StartObject();
            put(w, "title", l.title);
            put(w, "url", l.url);
            w.EndObject();
        }
        w.EndArray();
        w.Key("buttons");
        w.StartArray();
        for (const auto& b : r.buttons) {
            w.StartObject();
            put(w, "label", b.label);
            put(w, "payload", b.payload);
            w.Key("location");
            w.Bool(b.request_location);
            w.EndObject();
        }
        w.EndArray();
        if (!r.image.empty()) put(w, "image", r.image);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return buf.GetString();
}

std::string render_slack_json(const Outgoing& out, bool ephemeral) {
    std::string text;
    for (const auto& r : out.replies) {
        if (!text.empty()) text += "\n\n";
        text += slack_escape(r.text);
        for (const auto& l : r.links) text += "\n• <" + l.url + "|" + slack_escape(l.title) + ">";
    }
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    put(w, "response_type", ephemeral ? "ephemeral" : "in_channel");
    put(w, "text", text);
    w.Key("blocks");
    w.StartArray();
    w.StartObject();
    put(w, "type", "section");
    w.Key("text");
    w.StartObject();
    put(w, "type", "mrkdwn");
    // A section's text is limited to 3000 characters; the full text is in "text" as well.
    put(w, "text", text.size() > 2900 ? text.substr(0, 2900) + "…" : text);
    w.EndObject();
    w.EndObject();
    int n = 0;
    w.StartObject();
    put(w, "type", "actions");
    w.Key("elements");
    w.StartArray();
    for (const auto& r : out.replies) {
        for (const auto& b : r.buttons) {
            if (b.request_location || ++n > 5) continue;
            w.StartObject();
            put(w, "type", "button");
            w.Key("text");
            w.StartObject();
            put(w, "type", "plain_text");
            put(w, "text", b.label);
            w.EndObject();
            put(w, "value", b.payload);
            put(w, "action_id", "choice" + std::to_string(n));
            w.EndObject();
        }
    }
    w.EndArray();
    w.EndObject();
    w.EndArray();
    w.EndObject();
    std::string json = buf.GetString();
    // Slack rejects an actions block without elements: drop it when there are no buttons.
    if (n == 0) {
        auto pos = json.find(",{\"type\":\"actions\",\"elements\":[]}");
        if (pos != std::string::npos) json.erase(pos, std::string(",{\"type\":\"actions\",\"elements\":[]}").size());
    }
    return json;
}

std::string render_twiml(const std::string& text) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>";
    if (!text.empty()) xml += "<Message>" + xml_escape(text) + "</Message>";
    return xml + "</Response>";
}

std::string render_telegram_json(const std::string& chat_id, const Outgoing& out,
                                 const std::string& reply_with) {
    TextStyle style;
    style.numbered_choices = false;  // Telegram shows real buttons
    style.max_chars = 4000;          // Bot API limit is 4096
    std::string text = render_text(out, style, reply_with, "…");
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    put(w, "method", "sendMessage");
    w.Key("chat_id");
    w.RawValue(chat_id.c_str(), chat_id.size(), rapidjson::kNumberType);
    put(w, "text", text.empty() ? "…" : text);
    w.Key("disable_web_page_preview");
    w.Bool(true);
    bool location = false;
    std::vector<const Button*> choices;
    for (const auto& r : out.replies)
        for (const auto& b : r.buttons) {
            if (b.request_location) location = true;
            else if (b.payload.size() <= 64) choices.push_back(&b);  // callback_data limit
        }
    if (!choices.empty()) {
        w.Key("reply_markup");
        w.StartObject();
        w.Key("inline_keyboard");
        w.StartArray();
        for (const auto* b : choices) {
            w.StartArray();
            w.StartObject();
            put(w, "text", b->label);
            put(w, "callback_data", b->payload);
            w.EndObject();
            w.EndArray();
        }
        w.EndArray();
        w.EndObject();
    } else if (location) {
        // Only a reply keyboard can ask for the user's location.
        w.Key("reply_markup");
        w.StartObject();
        w.Key("keyboard");
        w.StartArray();
        w.StartArray();
        w.StartObject();
        std::string label;
        for (const auto& r : out.replies)
            for (const auto& b : r.buttons)
                if (b.request_location && label.empty()) label = b.label;
        put(w, "text", label);
        w.Key("request_location");
        w.Bool(true);
        w.EndObject();
        w.EndArray();
        w.EndArray();
        w.Key("one_time_keyboard");
        w.Bool(true);
        w.Key("resize_keyboard");
        w.Bool(true);
        w.EndObject();
    }
    w.EndObject();
    return buf.GetString();
}

BotRoutes::BotRoutes(Engine& engine, Outbox& outbox, ChannelSettings settings,
                     std::map<std::string, StaticFile> files)
    : engine_(engine), outbox_(outbox), settings_(std::move(settings)), files_(std::move(files)) {
    if (!settings_.now) {
        settings_.now = [] {
            return std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
}

std::map<std::string, StaticFile> BotRoutes::load_web_dir(const std::string& dir) {
    std::map<std::string, StaticFile> files;
    const std::map<std::string, std::string> types = {
        {"index.html", "text/html; charset=utf-8"},
        {"chat.js", "text/javascript; charset=utf-8"},
        {"chat.css", "text/css; charset=utf-8"},
        {"embed.js", "text/javascript; charset=utf-8"},
        {"favicon.svg", "image/svg+xml"}};
    for (const auto& [name, type] : types) {
        std::ifstream in(dir + "/" + name, std::ios::binary);
        if (!in) continue;
        std::stringstream ss;
        ss << in.rdbuf();
        files["/" + name] = StaticFile{type, ss.str()};
    }
    if (files.count("/index.html")) files["/"] = files["/index.html"];
    // Browsers ask for /favicon.ico on their own; the SVG answers it (they sniff the type).
    if (files.count("/favicon.svg")) files["/favicon.ico"] = files["/favicon.svg"];
    return files;
}

WebResponse BotRoutes::handle(const WebRequest& req) {
    if (req.method == "GET" || req.method == "HEAD") {
        if (req.path == "/healthz") return json_response(200, R"({"status":"ok"})");
        if (req.path == "/whatsapp/webhook") return whatsapp_verify(req);
        if (req.path.rfind("/maps/districts/", 0) == 0) return district_map(engine_.client(), req);
        auto it = files_.find(req.path);
        if (it == files_.end()) return error_response(404, "not_found", "no such page");
        WebResponse r;
        r.content_type = it->second.content_type;
        r.body = it->second.body;
        // The page may be embedded by organisations in an iframe; scripts only from us.
        r.headers.push_back({"Content-Security-Policy",
                             "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:"});
        r.headers.push_back({"X-Content-Type-Options", "nosniff"});
        return r;
    }
    if (req.method != "POST") return error_response(405, "method_not_allowed", "use GET or POST");
    if (req.path == "/slack/events") return slack_events(req);
    if (req.path == "/slack/command") return slack_command(req);
    if (req.path == "/slack/interactive") return slack_interactive(req);
    if (req.path == "/twilio/sms") return twilio_sms(req);
    if (req.path == "/telegram/webhook") return telegram_webhook(req);
    if (req.path == "/whatsapp/webhook") return whatsapp_webhook(req);
    return error_response(404, "not_found", "no such endpoint");
}

std::string BotRoutes::handle_ws_frame(const std::string& user, const std::string& frame,
                                       bool binary) {
    auto refuse = [&](const std::string& key) {
        Outgoing out{"en", {Reply{engine_.text("en", key), {}, {}}}, false};
        if (auto st = engine_.store().load("web", user)) {
            out.lang = st->lang;
            out.replies[0].text = engine_.text(st->lang, key);
        }
        return render_web_json(out);
    };
    if (binary) return refuse("channel.binary");
    if (frame.size() > settings_.max_frame_bytes) return refuse("channel.too_big");
    rapidjson::Document doc;
    doc.Parse(frame.c_str(), frame.size());
    if (doc.HasParseError() || !doc.IsObject()) return refuse("error.not_text");
    Incoming in{"web", user, member_string(doc, "text"), std::nullopt};
    auto lat = member(doc, "lat"), lon = member(doc, "lon");
    if (lat && lon && lat->IsNumber() && lon->IsNumber())
        in.location = GeoPoint{lat->GetDouble(), lon->GetDouble()};
    if (in.text.empty() && !in.location) return refuse("error.not_text");
    return render_web_json(engine_.handle(in));
}

WebResponse BotRoutes::check_slack(const WebRequest& req, bool& ok) {
    ok = false;
    if (settings_.slack_signing_secret.empty())
        return error_response(503, "not_configured", "Slack is not configured");
    auto v = verify_slack(settings_.slack_signing_secret, req.header("x-slack-request-timestamp"),
                          req.body, req.header("x-slack-signature"), settings_.now());
    if (v != Verdict::ok) return unauthorized(v);
    ok = true;
    return {};
}

void BotRoutes::post_slack_answer(const std::string& response_url, const std::string& user,
                                  const std::string& text) {
    auto out = engine_.handle(Incoming{"slack", user, text, std::nullopt});
    outbox_.post_json(response_url, render_slack_json(out, true), {});
}

WebResponse BotRoutes::slack_command(const WebRequest& req) {
    bool ok;
    auto denied = check_slack(req, ok);
    if (!ok) return denied;
    auto form = parse_form(req.body);
    std::string user = form_value(form, "team_id") + ":" + form_value(form, "user_id");
    std::string text = form_value(form, "text");
    std::string response_url = form_value(form, "response_url");
    if (form_value(form, "user_id").empty() || response_url.rfind(settings_.slack_response_prefix, 0) != 0)
        return error_response(400, "bad_request", "user_id and a Slack response_url are required");
    if (text.empty()) text = "/help";
    // Slack wants an answer within 3 s; the lookup may take longer, so acknowledge now and
    // post the full answer to response_url after the response is sent.
    auto lang = engine_.store().load("slack", user).value_or(SessionState{}).lang;
    auto r = json_response(200, "{\"response_type\":\"ephemeral\",\"text\":\"" +
                                    engine_.text(lang, "channel.slack_ack") + "\"}");
    r.after = [this, response_url, user, text] { post_slack_answer(response_url, user, text); };
    return r;
}

WebResponse BotRoutes::slack_interactive(const WebRequest& req) {
    bool ok;
    auto denied = check_slack(req, ok);
    if (!ok) return denied;
    auto payload = form_value(parse_form(req.body), "payload");
    rapidjson::Document doc;
    doc.Parse(payload.c_str(), payload.size());
    if (doc.HasParseError() || !doc.IsObject())
        return error_response(400, "bad_request", "payload is not JSON");
    std::string user = member_string(doc.HasMember("team") ? doc["team"] : doc, "id") + ":" +
                       member_string(doc.HasMember("user") ? doc["user"] : doc, "id");
    std::string response_url = member_string(doc, "response_url");
    const auto* actions = member(doc, "actions");
    if (!actions || !actions->IsArray() || actions->Empty() ||
        response_url.rfind(settings_.slack_response_prefix, 0) != 0)
        return error_response(400, "bad_request", "no action or response_url");
    std::string value = member_string((*actions)[0], "value");
    WebResponse r;
    r.after = [this, response_url, user, value] { post_slack_answer(response_url, user, value); };
    return r;
}

WebResponse BotRoutes::slack_events(const WebRequest& req) {
    bool ok;
    auto denied = check_slack(req, ok);
    if (!ok) return denied;
    rapidjson::Document doc;
    doc.Parse(req.body.c_str(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject()) return error_response(400, "bad_request", "body is not JSON");
    auto type = member_string(doc, "type");
    if (type == "url_verification") {
        rapidjson::StringBuffer buf;
        JsonWriter w(buf);
        w.StartObject();
        put(w, "challenge", member_string(doc, "challenge"));
        w.EndObject();
        return json_response(200, buf.GetString());
    }
    WebResponse ack;  // 200, empty: Slack only needs to know we got it
    if (type != "event_callback") return ack;
    auto event_id = member_string(doc, "event_id");
    const auto* event = member(doc, "event");
    if (event_id.empty() || !event) return error_response(400, "bad_request", "event_id and event required");
    // Slack retries when we are slow; answer each event once.
    if (!engine_.store().first_delivery("slack", event_id)) return ack;
    auto etype = member_string(*event, "type");
    // Our own (and other bots') messages must not start a loop.
    if ((etype != "message" && etype != "app_mention") || member(*event, "bot_id") ||
        !member_string(*event, "subtype").empty())
        return ack;
    std::string user = member_string(doc, "team_id") + ":" + member_string(*event, "user");
    std::string channel = member_string(*event, "channel");
    std::string text = member_string(*event, "text");
    // Mentions arrive as "<@U123> question": drop the mention.
    if (auto close = text.find('>'); text.rfind("<@", 0) == 0 && close != std::string::npos)
        text = trim(text.substr(close + 1));
    if (!safe_id(channel) || settings_.slack_bot_token.empty()) return ack;
    ack.after = [this, user, channel, text] {
        auto out = engine_.handle(Incoming{"slack", user, text, std::nullopt});
        std::string json = render_slack_json(out, false);
        json.insert(1, "\"channel\":\"" + channel + "\",");
        outbox_.post_json(settings_.slack_api + "/chat.postMessage", json,
                          {{"Authorization", "Bearer " + settings_.slack_bot_token}});
    };
    return ack;
}

std::string BotRoutes::sms_user_key(const std::string& from) const {
    // Phone numbers are personal data: keep only a keyed hash as the session key.
    return hmac_sha256_hex(settings_.twilio_auth_token, "sms-user:" + from).substr(0, 32);
}

WebResponse BotRoutes::twilio_sms(const WebRequest& req) {
    if (settings_.twilio_auth_token.empty())
        return error_response(503, "not_configured", "Twilio is not configured");
    auto form = parse_form(req.body);
    std::string url = settings_.public_url + req.path + (req.query.empty() ? "" : "?" + req.query);
    auto v = verify_twilio(settings_.twilio_auth_token, url, form, req.header("x-twilio-signature"));
    if (v != Verdict::ok) return unauthorized(v);
    WebResponse r;
    r.content_type = "text/xml; charset=utf-8";
    auto sid = form_value(form, "MessageSid");
    if (!sid.empty() && !engine_.store().first_delivery("sms", sid)) {
        r.body = render_twiml("");
        return r;
    }
    std::string user = sms_user_key(form_value(form, "From"));
    std::string body = form_value(form, "Body");
    auto& store = engine_.store();
    auto st = store.load("sms", user).value_or(SessionState{});
    auto reply = [&](const std::string& key) {
        r.body = render_twiml(engine_.text(st.lang, key));
        return r;
    };
    // Carrier keywords, as Twilio and US carriers expect them to behave.
    if (is_keyword(body, {"stop", "stopall", "unsubscribe", "cancel", "end", "quit"})) {
        st.opted_out = true;
        store.save("sms", user, st);
        return reply("sms.stopped");
    }
    if (is_keyword(body, {"start", "unstop", "yes"})) {
        st.opted_out = false;
        store.save("sms", user, st);
        return reply("sms.started");
    }
    if (is_keyword(body, {"help", "info", "ayuda", "ajuda"})) return reply("sms.help");
    if (st.opted_out) {
        r.body = render_twiml("");
        return r;
    }
    auto out = engine_.handle(Incoming{"sms", user, body, std::nullopt});
    TextStyle style;
    style.show_link_urls = true;
    style.max_chars = 1500;  // Twilio splits long bodies; keep it to a few segments at most
    r.body = render_twiml(render_text(out, style, engine_.text(out.lang, "sms.reply_with"),
                                      engine_.text(out.lang, "sms.truncated")));
    return r;
}

std::string BotRoutes::telegram_reply(const rapidjson::Value& update, bool& callback_answered) {
    callback_answered = false;
    const rapidjson::Value* msg = member(update, "message");
    std::string text, chat_id, user;
    std::optional<GeoPoint> location;
    if (const auto* cb = member(update, "callback_query"); cb && cb->IsObject()) {
        text = member_string(*cb, "data");
        user = member(*cb, "from") ? member_string(*member(*cb, "from"), "id") : "";
        const auto* m = member(*cb, "message");
        const auto* chat = m ? member(*m, "chat") : nullptr;
        chat_id = chat ? member_string(*chat, "id") : "";
        callback_answered = true;
    } else if (msg && msg->IsObject()) {
        const auto* chat = member(*msg, "chat");
        const auto* from = member(*msg, "from");
        chat_id = chat ? member_string(*chat, "id") : "";
        user = from ? member_string(*from, "id") : chat_id;
        text = member_string(*msg, "text");
        if (const auto* loc = member(*msg, "location"); loc && loc->IsObject()) {
            const auto* la = member(*loc, "latitude");
            const auto* lo = member(*loc, "longitude");
            if (la && lo && la->IsNumber() && lo->IsNumber())
                location = GeoPoint{la->GetDouble(), lo->GetDouble()};
        }
    } else {
        return "";  // edited messages, channel posts...: nothing to answer
    }
    // chat_id goes into JSON as a raw number: accept only an integer.
    static const std::string digits = "-0123456789";
    if (chat_id.empty() || user.empty() || chat_id.find_first_not_of(digits) != std::string::npos)
        return "";
    Outgoing out;
    if (text.empty() && !location) {
        auto lang = engine_.store().load("telegram", user).value_or(SessionState{}).lang;
        out = Outgoing{lang, {Reply{engine_.text(lang, "channel.binary"), {}, {}}}, false};
    } else {
        out = engine_.handle(Incoming{"telegram", user, text, location});
    }
    return render_telegram_json(chat_id, out, engine_.text(out.lang, "sms.reply_with"));
}

WebResponse BotRoutes::telegram_webhook(const WebRequest& req) {
    if (settings_.telegram_webhook_secret.empty())
        return error_response(503, "not_configured", "Telegram webhook secret is not configured");
    auto v = verify_telegram(settings_.telegram_webhook_secret,
                             req.header("x-telegram-bot-api-secret-token"));
    if (v != Verdict::ok) return unauthorized(v);
    rapidjson::Document doc;
    doc.Parse(req.body.c_str(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject()) return error_response(400, "bad_request", "body is not JSON");
    auto update_id = member_string(doc, "update_id");
    if (update_id.empty()) return error_response(400, "bad_request", "update_id required");
    WebResponse ack;
    if (!engine_.store().first_delivery("telegram", update_id)) return ack;
    bool callback = false;
    auto call = telegram_reply(doc, callback);
    if (call.empty()) return ack;
    // Telegram lets a webhook answer with one Bot API call in the response body.
    auto r = json_response(200, call);
    auto id = callback ? member_string(doc["callback_query"], "id") : "";
    if (callback && safe_id(id) && !settings_.telegram_token.empty()) {
        r.after = [this, id] {
            outbox_.post_json(settings_.telegram_api + "/bot" + settings_.telegram_token +
                                  "/answerCallbackQuery",
                              "{\"callback_query_id\":\"" + id + "\"}", {});
        };
    }
    return r;
}

WebResponse BotRoutes::whatsapp_verify(const WebRequest& req) {
    auto challenge = whatsapp_handshake(parse_form(req.query), settings_.whatsapp_verify_token);
    if (!challenge) return error_response(403, "forbidden", "verify token does not match");
    WebResponse r;
    r.body = *challenge;
    return r;
}

WebResponse BotRoutes::whatsapp_webhook(const WebRequest& req) {
    if (settings_.whatsapp_app_secret.empty() || settings_.whatsapp_token.empty())
        return error_response(503, "not_configured", "WhatsApp is not configured");
    auto v = verify_whatsapp(settings_.whatsapp_app_secret, req.body, req.header("x-hub-signature-256"));
    if (v != Verdict::ok) return unauthorized(v);
    rapidjson::Document doc;
    doc.Parse(req.body.c_str(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject()) return error_response(400, "bad_request", "body is not JSON");
    // Meta wants a quick 200; the answers go out through the Graph API after it.
    std::vector<std::pair<std::string, std::vector<std::string>>> sends;  // phone number id, bodies
    std::int64_t now = settings_.now ? settings_.now()
                                     : std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch()).count();
    for (const auto& msg : parse_whatsapp(doc)) {
        if (!engine_.store().first_delivery("whatsapp", msg.id)) continue;  // a retried delivery
        // Outside the 24-hour window only paid templates may be sent: stay silent.
        if (!within_service_window(msg.timestamp, now)) continue;
        static const std::string digits = "0123456789";
        if (msg.phone_number_id.empty() || msg.phone_number_id.find_first_not_of(digits) != std::string::npos)
            continue;
        std::string user = hmac_sha256_hex(settings_.whatsapp_app_secret, "whatsapp-user:" + msg.from).substr(0, 32);
        Outgoing out;
        if (msg.unsupported) {
            auto lang = engine_.store().load("whatsapp", user).value_or(SessionState{}).lang;
            out = Outgoing{lang, {Reply{engine_.text(lang, "channel.binary"), {}, {}}}, false};
        } else {
            out = engine_.handle(Incoming{"whatsapp", user, msg.text, msg.location});
        }
        if (out.silent) continue;
        sends.emplace_back(msg.phone_number_id,
                           render_whatsapp(msg.from, out, engine_.text(out.lang, "whatsapp.choose"),
                                           engine_.text(out.lang, "whatsapp.share_location")));
    }
    WebResponse ack = json_response(200, R"({"status":"ok"})");
    if (!sends.empty()) {
        ack.after = [this, sends = std::move(sends)] {
            for (const auto& [from_id, bodies] : sends)
                for (const auto& body : bodies)
                    outbox_.post_json(settings_.whatsapp_api + "/" + from_id + "/messages", body,
                                      {{"Authorization", "Bearer " + settings_.whatsapp_token}});
        };
    }
    return ack;
}

}  // namespace masscivic::bot
