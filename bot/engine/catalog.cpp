#include "catalog.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "text.hpp"

namespace masscivic::bot {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read message catalog " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::set<std::string> word_set(const rapidjson::Value& doc, const char* name) {
    std::set<std::string> out;
    auto it = doc.FindMember(name);
    if (it == doc.MemberEnd() || !it->value.IsArray()) return out;
    for (const auto& w : it->value.GetArray()) {
        if (!w.IsString()) continue;
        for (auto& tok : tokenize(w.GetString())) out.insert(tok);
    }
    return out;
}

}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
    // name_key folds case and accents and turns punctuation into single spaces.
    return split(name_key(text), ' ');
}

void Catalog::add(const std::string& json_text, const std::string& origin) {
    rapidjson::Document doc;
    doc.Parse(json_text.c_str(), json_text.size());
    if (doc.HasParseError() || !doc.IsObject()) {
        throw std::runtime_error(origin + ": not a JSON object (" +
                                 rapidjson::GetParseError_En(doc.GetParseError()) + ")");
    }
    LanguagePack pack;
    auto code = doc.FindMember("lang");
    auto name = doc.FindMember("language_name");
    auto messages = doc.FindMember("messages");
    if (code == doc.MemberEnd() || !code->value.IsString() || name == doc.MemberEnd() ||
        !name->value.IsString() || messages == doc.MemberEnd() || !messages->value.IsObject()) {
        throw std::runtime_error(origin + ": needs \"lang\", \"language_name\" and \"messages\"");
    }
    pack.code = code->value.GetString();
    pack.name = name->value.GetString();
    for (const auto& m : messages->value.GetObject()) {
        if (!m.value.IsString()) throw std::runtime_error(origin + ": message " +
                                                          m.name.GetString() + " is not text");
        pack.messages[m.name.GetString()] = m.value.GetString();
    }
    auto keywords = doc.FindMember("keywords");
    if (keywords != doc.MemberEnd() && keywords->value.IsObject()) {
        for (const auto& group : keywords->value.GetObject()) {
            if (!group.value.IsArray()) continue;
            auto& phrases = pack.keywords[group.name.GetString()];
            for (const auto& p : group.value.GetArray()) {
                if (!p.IsString()) continue;
                auto toks = tokenize(p.GetString());
                if (!toks.empty() && !toks.front().empty()) phrases.push_back(std::move(toks));
            }
        }
    }
    pack.markers = word_set(doc, "markers");
    pack.stopwords = word_set(doc, "stopwords");
    pack.prepositions = word_set(doc, "prepositions");
    auto words = doc.FindMember("words");
    if (words != doc.MemberEnd() && words->value.IsObject()) {
        for (const auto& cls : words->value.GetObject())
            pack.word_classes[cls.name.GetString()] = word_set(words->value, cls.name.GetString());
    }
    packs_[pack.code] = std::move(pack);
    index();
}

void Catalog::index() {
    phrases_.clear();
    stopwords_.clear();
    prepositions_.clear();
    word_classes_.clear();
    for (const auto& [code, p] : packs_) {
        for (const auto& [cls, set] : p.word_classes) word_classes_[cls].insert(set.begin(), set.end());
        for (const auto& [group, list] : p.keywords)
            for (const auto& words : list) phrases_.push_back({words, group});
        stopwords_.insert(p.stopwords.begin(), p.stopwords.end());
        stopwords_.insert(p.prepositions.begin(), p.prepositions.end());
        prepositions_.insert(p.prepositions.begin(), p.prepositions.end());
    }
    std::stable_sort(phrases_.begin(), phrases_.end(), [](const Phrase& a, const Phrase& b) {
        return a.words.size() > b.words.size();
    });
    index_own_phrases();
}

// Once here rather than per message: detection used to search every other language's lists
// for every phrase of the message (language.cpp).
void Catalog::index_own_phrases() {
    own_phrases_.clear();
    auto listed_elsewhere = [&](const std::string& lang, const std::vector<std::string>& w) {
        for (const auto& [other, p] : packs_) {
            if (other == lang) continue;
            for (const auto& [group, phrases] : p.keywords)
                if (std::find(phrases.begin(), phrases.end(), w) != phrases.end()) return true;
        }
        return false;
    };
    for (const auto& [code, p] : packs_) {
        auto& own = own_phrases_[code];
        for (const auto& [group, phrases] : p.keywords)
            for (const auto& w : phrases)
                if (!listed_elsewhere(code, w)) own[w.front()].push_back(w);
    }
}

Catalog Catalog::load_dir(const std::filesystem::path& dir) {
    Catalog c;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".json") c.add(read_file(entry.path()), entry.path().string());
    }
    if (ec) throw std::runtime_error("cannot list message catalogs in " + dir.string());
    if (!c.pack("en")) throw std::runtime_error("no English catalog (en.json) in " + dir.string());
    return c;
}

const LanguagePack* Catalog::pack(const std::string& lang) const {
    auto it = packs_.find(lang);
    return it == packs_.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::languages() const {
    std::vector<std::string> out;
    for (const auto& [code, _] : packs_) out.push_back(code);
    return out;
}

bool Catalog::has(const std::string& lang, const std::string& key) const {
    const auto* p = pack(lang);
    return p && p->messages.count(key);
}

std::string Catalog::text(const std::string& lang, const std::string& key, const Vars& vars) const {
    const std::string* tmpl = nullptr;
    for (const auto* p : {pack(lang), pack("en")}) {
        if (!p) continue;
        auto it = p->messages.find(key);
        if (it != p->messages.end()) {
            tmpl = &it->second;
            break;
        }
    }
    if (!tmpl) return "[" + key + "]";
    std::string out;
    out.reserve(tmpl->size() + 32);
    for (std::size_t i = 0; i < tmpl->size(); ++i) {
        char c = (*tmpl)[i];
        auto close = c == '{' ? tmpl->find('}', i) : std::string::npos;
        if (close != std::string::npos) {
            auto var = vars.find(tmpl->substr(i + 1, close - i - 1));
            if (var != vars.end()) {
                out += var->second;
                i = close;
                continue;
            }
        }
        out += c;
    }
    return out;
}

}  // namespace masscivic::bot
