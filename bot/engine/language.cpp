#include "language.hpp"

#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace masscivic::bot {
namespace {

// The only languages the bot answers in; CLD2 knows ~80, and a short Spanish message often
// scores as Galician or Catalan, so anything else is mapped to "no opinion".
std::string bot_code(CLD2::Language l) {
    switch (l) {
        case CLD2::ENGLISH: return "en";
        case CLD2::SPANISH: return "es";
        case CLD2::PORTUGUESE: return "pt";
        default: return {};
    }
}

CLD2::Language cld_language(const std::string& code) {
    if (code == "es") return CLD2::SPANISH;
    if (code == "pt") return CLD2::PORTUGUESE;
    if (code == "en") return CLD2::ENGLISH;
    return CLD2::UNKNOWN_LANGUAGE;
}

bool is_word(const std::string& tok) {
    return std::any_of(tok.begin(), tok.end(), [](unsigned char c) { return std::isalpha(c); });
}

}  // namespace

namespace {

LanguageGuess cld2_call(std::string_view text, const std::string& hint, int flags,
                        bool* reliable_other = nullptr) {
    CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, cld_language(hint)};
    CLD2::Language top3[3];
    int percent3[3];
    double scores3[3];
    int text_bytes = 0;
    bool reliable = false;
    CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()), true, &hints, flags,
                                   top3, percent3, scores3, nullptr, &text_bytes, &reliable);
    // The first of CLD2's top three that is one of ours (e.g. Galician 60%, Portuguese 40%).
    for (int i = 0; i < 3; ++i) {
        auto code = bot_code(top3[i]);
        if (!code.empty() && percent3[i] > 0) return {code, reliable && i == 0};
    }
    if (reliable_other) *reliable_other = reliable && top3[0] != CLD2::UNKNOWN_LANGUAGE;
    return {};
}

// Keyword phrases of `lang` found in the message that no other language lists ("olvidame",
// "quem e"): the catalogs' own vocabulary is evidence too. Only phrases starting with one of
// the message's words can be in it; each counts once however often it occurs.
int own_phrases(const std::vector<std::string>& toks, const Catalog& catalog, const std::string& lang) {
    auto contains = [&](const std::vector<std::string>& w) {
        if (w.size() > toks.size()) return false;
        for (std::size_t i = 0; i + w.size() <= toks.size(); ++i)
            if (std::equal(w.begin(), w.end(), toks.begin() + static_cast<std::ptrdiff_t>(i))) return true;
        return false;
    };
    const auto& own = catalog.own_phrases(lang);
    std::set<std::string> words(toks.begin(), toks.end());
    int n = 0;
    for (const auto& first : words) {
        auto it = own.find(first);
        if (it == own.end()) continue;
        for (const auto& w : it->second)
            if (contains(w)) ++n;
    }
    return n;
}

}  // namespace

LanguageGuess cld2_language(std::string_view text, const std::string& hint) {
    // CLD2's normal mode declines short text; its best-effort mode answers anyway, but
    // such an answer is only a hint (it reads "o que é o kit de câmeras" as English).
    bool other = false;  // sure it is some other language: a best effort would only be noise
    auto sure = cld2_call(text, hint, 0, &other);
    if (!sure.lang.empty() || other) return sure;
    auto guess = cld2_call(text, hint, CLD2::kCLDFlagBestEffort);
    guess.strong = false;
    return guess;
}

LanguageGuess detect_language(std::string_view text, const std::vector<std::string>& tokens,
                              const Catalog& catalog, const std::string& session_lang) {
    std::size_t words = std::count_if(tokens.begin(), tokens.end(), is_word);
    if (words == 0) return {};
    std::map<std::string, double> score;
    for (const auto& lang : catalog.languages()) {
        const auto* p = catalog.pack(lang);
        for (const auto& t : tokens) score[lang] += p->markers.count(t) ? 1.0 : 0.0;
        score[lang] += own_phrases(tokens, catalog, lang);
    }
    // CLD2 reads character n-grams, so it knows words no list has; on a few words it is a
    // vote among others, on a sentence it decides.
    auto cld = cld2_language(text, session_lang);
    // On one to three words (often just a place name, which CLD2 reads as English) CLD2 is
    // only a hint, and the conversation's language counts as much as one marker word.
    bool short_text = words <= 3;
    if (!cld.lang.empty()) score[cld.lang] += cld.strong && !short_text ? 2.5 : 0.75;
    if (short_text && score.count(session_lang)) score[session_lang] += 1.0;

    std::string best;
    double best_score = 0;
    bool tie = false;
    for (const auto& [lang, s] : score) {
        if (s > best_score) best = lang, best_score = s, tie = false;
        else if (s == best_score && s > 0) tie = true;
    }
    if (tie || best_score < 0.75) return {};
    return {best, cld.strong && cld.lang == best && words >= 4};
}

}  // namespace masscivic::bot
