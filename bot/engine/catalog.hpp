// Message catalogs: every text the bot says, plus the words it listens for, per language.
// Files live in bot/messages/<lang>.json so translators edit data, not code.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace masscivic::bot {

using Vars = std::map<std::string, std::string>;

struct LanguagePack {
    std::string code;  // "en"
    std::string name;  // "English", written in the language itself
    std::map<std::string, std::string> messages;
    // keyword group ("intent.help", "office.governor", ...) -> phrases, each already tokenised.
    std::map<std::string, std::vector<std::vector<std::string>>> keywords;
    std::set<std::string> markers;       // words typical of this language (for detection)
    std::set<std::string> stopwords;     // words that are never part of a place name
    std::set<std::string> prepositions;  // "in", "en", "em": a place name usually follows
    // Single words of a class ("ward", "precinct", "pronoun", "street"), from "words" in the file.
    std::map<std::string, std::set<std::string>> word_classes;
};

class Catalog {
public:
    // Loads every *.json in `dir`; throws std::runtime_error naming the file on bad input.
    static Catalog load_dir(const std::filesystem::path& dir);
    // Parses one catalog document (used by load_dir and by tests).
    void add(const std::string& json_text, const std::string& origin);

    // The text for `key` in `lang` with {placeholders} filled; falls back to English,
    // then to the key itself so a missing translation is visible but never fatal.
    std::string text(const std::string& lang, const std::string& key, const Vars& vars = {}) const;
    bool has(const std::string& lang, const std::string& key) const;

    const LanguagePack* pack(const std::string& lang) const;
    std::vector<std::string> languages() const;

    // Every keyword phrase of every language, longest first (built once, after loading).
    struct Phrase {
        std::vector<std::string> words;
        std::string group;
    };
    const std::vector<Phrase>& phrases() const { return phrases_; }
    // Keyword phrases of `lang` that no other language lists ("olvidame", "quem e"), by their
    // first word: evidence of the language for detection (built once, after loading).
    using OwnPhrases = std::map<std::string, std::vector<std::vector<std::string>>>;
    const OwnPhrases& own_phrases(const std::string& lang) const {
        static const OwnPhrases none;
        auto it = own_phrases_.find(lang);
        return it == own_phrases_.end() ? none : it->second;
    }
    bool is_stopword(const std::string& token) const { return stopwords_.count(token) > 0; }
    bool is_preposition(const std::string& token) const { return prepositions_.count(token) > 0; }
    // True when `token` is in word class `cls` of any language.
    bool is_word(const std::string& cls, const std::string& token) const {
        auto it = word_classes_.find(cls);
        return it != word_classes_.end() && it->second.count(token) > 0;
    }

private:
    void index();
    void index_own_phrases();
    std::map<std::string, LanguagePack> packs_;
    std::vector<Phrase> phrases_;
    std::map<std::string, OwnPhrases> own_phrases_;  // language -> its own phrases
    std::set<std::string> stopwords_, prepositions_;
    std::map<std::string, std::set<std::string>> word_classes_;
};

// Lower case, accents folded, punctuation to spaces, split on spaces.
std::vector<std::string> tokenize(std::string_view text);

}  // namespace masscivic::bot
