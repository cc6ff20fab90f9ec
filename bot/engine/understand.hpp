// Turns one chat message into an intent and entities, using the catalogs' word lists
// for every language at once (people mix languages; detection picks the reply language).
#pragma once

#include <optional>
#include <string>

#include "catalog.hpp"
#include "reply.hpp"

namespace masscivic::bot {

enum class Intent {
    none,
    help,
    start_over,
    stop,
    forget,
    language,
    change_place,
    represent,  // who represents me (all, or `office`)
    govern,     // how does my town govern / pass a bylaw
    toolkit,    // what is the X toolkit
    campaign,   // how do I start a local campaign
    sponsor,    // who could sponsor X here
};

std::string intent_name(Intent intent);
Intent intent_from_name(const std::string& name);

struct Parsed {
    Intent intent = Intent::none;
    std::string office;       // office code, or "local_leaders"
    std::string toolkit;      // "sanctuary" | "ccops" | "body-cameras"
    std::string lang_choice;  // set with Intent::language
    std::string detected_lang;
    std::string place_text;   // free text to resolve through /v1/lookup?q=
    std::string zip;
    std::string ward, precinct;
    std::optional<GeoPoint> coords;
    bool place_only = false;  // the message was just a place (answers a pending question)

    bool has_place() const {
        return !place_text.empty() || !zip.empty() || coords || !ward.empty();
    }
};

Parsed understand(std::string_view text, const Catalog& catalog);

// Guesses the language of `text`; empty when the message gives no clear sign.
std::string detect_language(const std::vector<std::string>& tokens, const Catalog& catalog);

}  // namespace masscivic::bot
