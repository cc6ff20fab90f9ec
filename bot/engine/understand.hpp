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
    tell,       // draft an email + call script to an official just named
    about,      // a follow-up about an official just named ("what's her email?")
    who_is,     // a named person ("who is Marjorie Decker?")
    chair,      // who chairs a committee
    thanks,     // politeness: "thanks!", "obrigado"
    unsupported,  // a civic question we have no data for (elections, polling places, taxes)
};

std::string intent_name(Intent intent);
Intent intent_from_name(const std::string& name);

struct Parsed {
    Intent intent = Intent::none;
    std::string office;       // office code, or a group of them (model.hpp is_office_group)
    std::string toolkit;      // "sanctuary" | "ccops" | "body-cameras"
    std::string lang_choice;  // set with Intent::language
    std::string place_text;   // free text to resolve through /v1/lookup?q=
    std::string zip;
    std::string ward, precinct;
    // A bare "12", "8A", "8-A" or "2-1": ward and precinct, or a precinct, depending on whether
    // the town has wards, which only the conversation knows.
    std::string bare_first, bare_second;
    std::string address;    // a street address to resolve through /v1/lookup?address=
    std::string about;      // with Intent::about: contact | email | phone | committees
    int about_index = -1;   // which official of the last answer (1-based), from a button
    bool pronoun = false;   // "her", "him", "su", "dela": refers back to an official just named
    bool plural = false;    // the pronoun is "them", "their", "ellos", "deles": to several of them
    std::optional<GeoPoint> coords;
    bool place_only = false;  // the message was just a place (answers a pending question)
    // place_text is only the longest run of unknown words (no "in ..." marked it as a place):
    // when it names no place, the question is answered as if no place was given.
    bool place_guessed = false;

    bool has_place() const {
        return !place_text.empty() || !zip.empty() || coords || !ward.empty() ||
               !precinct.empty() || !address.empty();
    }
};

// Intent and entities only: the message's language is detect_language's (language.hpp), which
// the engine calls once per turn.
Parsed understand(std::string_view text, const Catalog& catalog);

// The street address in a message, from its house number on ("1 main st, amherst ma"), or
// empty. `claimed` marks tokens that keywords took (they end the address).
struct AddressSpan {
    std::string text;
    std::size_t begin = 0, end = 0;  // token range it covers
};
AddressSpan find_street_address(const std::vector<std::string>& toks,
                                const std::vector<bool>& claimed, const Catalog& catalog);

}  // namespace masscivic::bot
