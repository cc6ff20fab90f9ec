// What flows in and out of the conversation engine: plain structs, no platform types.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace masscivic::bot {

struct Link {
    std::string title;
    std::string url;
};

// A quick-reply choice. `payload` is what the engine receives when it is chosen; it is a
// normal message ("/place Worcester"), so typed text and buttons share one code path.
struct Button {
    std::string label;
    std::string payload;
    bool request_location = false;  // channels that can share a location show a location button
};

// One block of an answer (a paragraph, or one official with their contact links).
struct Reply {
    std::string text;
    std::vector<Link> links;
    std::vector<Button> buttons;
    // A picture under the text, for channels that show one (the web chat): a path on the
    // bot's own origin (e.g. a district map, /maps/districts/...svg); `text` describes it.
    std::string image{};
};

struct GeoPoint {
    double lat = 0;
    double lon = 0;
};

struct Incoming {
    std::string channel;  // "web", "telegram", "slack", "sms", "repl"
    std::string user_id;  // channel-specific id; never a phone number in logs
    std::string text;
    std::optional<GeoPoint> location;
};

struct Outgoing {
    std::string lang;  // language the replies are written in
    std::vector<Reply> replies;
    bool silent = false;  // nothing should be sent (e.g. after SMS STOP)
};

}  // namespace masscivic::bot
