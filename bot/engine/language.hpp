// Which of the bot's languages (en/es/pt) a message is written in. CLD2 (Compact Language
// Detector 2, Debian libcld2) reads the text; the catalogs' marker words and the session's
// language decide when the message is too short for CLD2 to be sure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace masscivic::bot {

struct LanguageGuess {
    std::string lang;     // "en" | "es" | "pt"; empty when the message gives no sign
    bool strong = false;  // enough text that it may override a language the user chose
};

// `session_lang` is the conversation's language so far: a short, unclear message stays in it.
LanguageGuess detect_language(std::string_view text, const std::vector<std::string>& tokens,
                              const Catalog& catalog, const std::string& session_lang);

// CLD2 alone, restricted to en/es/pt: the language and CLD2's own reliability flag.
LanguageGuess cld2_language(std::string_view text, const std::string& hint);

}  // namespace masscivic::bot
