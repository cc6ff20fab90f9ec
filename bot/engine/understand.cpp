#include "understand.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "text.hpp"

namespace masscivic::bot {
namespace {

struct Match {
    std::string group;
    std::size_t begin, end;  // token range
};

bool is_number(const std::string& tok) {
    return !tok.empty() && std::all_of(tok.begin(), tok.end(), [](unsigned char c) {
               return std::isdigit(c);
           });
}

// Finds keyword phrases, longest first, without letting two matches share a token.
std::vector<Match> find_keywords(const std::vector<std::string>& toks, const Catalog& catalog) {
    std::vector<bool> used(toks.size(), false);
    std::vector<Match> out;
    for (const auto& ph : catalog.phrases()) {
        const auto& w = ph.words;
        for (std::size_t i = 0; i + w.size() <= toks.size(); ++i) {
            if (toks[i] != w[0]) continue;
            bool hit = true;
            for (std::size_t k = 0; k < w.size() && hit; ++k) hit = !used[i + k] && toks[i + k] == w[k];
            if (!hit) continue;
            for (std::size_t k = 0; k < w.size(); ++k) used[i + k] = true;
            out.push_back({ph.group, i, i + w.size()});
        }
    }
    return out;
}

bool is_stopword(const std::string& tok, const Catalog& catalog) {
    return is_number(tok) || catalog.is_stopword(tok);
}

bool is_preposition(const std::string& tok, const Catalog& catalog) {
    return catalog.is_preposition(tok);
}

std::string join(const std::vector<std::string>& toks, std::size_t b, std::size_t e) {
    std::string out;
    for (std::size_t i = b; i < e; ++i) out += (out.empty() ? "" : " ") + toks[i];
    return out;
}

// Trims stopwords from both ends of [b, e); a name like "manchester by the sea" keeps its middle.
std::string trimmed_segment(const std::vector<std::string>& toks, std::size_t b, std::size_t e,
                            const Catalog& catalog) {
    while (b < e && is_stopword(toks[b], catalog)) ++b;
    while (e > b && is_stopword(toks[e - 1], catalog)) --e;
    return join(toks, b, e);
}

// The place the message names, if any: preferably what follows the last preposition
// ("... in Jamaica Plain"), else the longest run of words that are neither keywords nor stopwords.
std::string find_place(const std::vector<std::string>& toks, const std::vector<bool>& claimed,
                       const Catalog& catalog) {
    std::vector<std::pair<std::size_t, std::size_t>> segments;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= toks.size(); ++i) {
        if (i == toks.size() || claimed[i]) {
            if (i > start) segments.emplace_back(start, i);
            start = i + 1;
        }
    }
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
        for (std::size_t i = it->second; i-- > it->first;) {
            if (!is_preposition(toks[i], catalog)) continue;
            auto tail = trimmed_segment(toks, i + 1, it->second, catalog);
            if (!tail.empty()) return tail;
        }
    }
    std::string best;
    for (const auto& [b, e] : segments) {
        auto s = trimmed_segment(toks, b, e, catalog);
        if (s.size() > best.size()) best = s;
    }
    return best;
}

void apply_command(const std::string& text, Parsed& p) {
    // Button payloads: "/place Worcester", "/lang es", "/ask represent state_senator", ...
    auto space = text.find(' ');
    std::string cmd = text.substr(1, space == std::string::npos ? std::string::npos : space - 1);
    std::string arg = space == std::string::npos ? "" : trim(text.substr(space + 1));
    auto first = arg.substr(0, arg.find(' '));
    auto rest = arg.find(' ') == std::string::npos ? "" : trim(arg.substr(arg.find(' ') + 1));
    if (cmd == "start" || cmd == "help") p.intent = Intent::help;
    else if (cmd == "restart") p.intent = Intent::start_over;
    else if (cmd == "stop") p.intent = Intent::stop;
    else if (cmd == "forget") p.intent = Intent::forget;
    else if (cmd == "lang") { p.intent = Intent::language; p.lang_choice = first; }
    else if (cmd == "place") {
        p.intent = arg.empty() ? Intent::change_place : Intent::none;
        // Same normal form as typed text, so a button and typing the name ask the same thing.
        auto toks = tokenize(arg);
        p.place_text = toks.empty() ? "" : join(toks, 0, toks.size());
        p.place_only = !p.place_text.empty();
    } else if (cmd == "ask") {
        p.intent = intent_from_name(first);
        if (p.intent == Intent::represent) p.office = rest;
        else p.toolkit = rest;
    }
}

}  // namespace

std::string intent_name(Intent intent) {
    switch (intent) {
        case Intent::help: return "help";
        case Intent::start_over: return "start_over";
        case Intent::stop: return "stop";
        case Intent::forget: return "forget";
        case Intent::language: return "language";
        case Intent::change_place: return "change_place";
        case Intent::represent: return "represent";
        case Intent::govern: return "govern";
        case Intent::toolkit: return "toolkit";
        case Intent::campaign: return "campaign";
        case Intent::sponsor: return "sponsor";
        case Intent::none: break;
    }
    return "none";
}

Intent intent_from_name(const std::string& name) {
    for (auto i : {Intent::help, Intent::start_over, Intent::stop, Intent::forget, Intent::language,
                   Intent::change_place, Intent::represent, Intent::govern, Intent::toolkit,
                   Intent::campaign, Intent::sponsor}) {
        if (intent_name(i) == name) return i;
    }
    return Intent::none;
}

std::string detect_language(const std::vector<std::string>& tokens, const Catalog& catalog) {
    std::string best;
    int best_score = 0;
    bool tie = false;
    for (const auto& lang : catalog.languages()) {
        const auto* p = catalog.pack(lang);
        int score = 0;
        for (const auto& t : tokens) score += p->markers.count(t) ? 1 : 0;
        if (score > best_score) {
            best = lang, best_score = score, tie = false;
        } else if (score == best_score && score > 0) {
            tie = true;
        }
    }
    return tie ? "" : best;
}

Parsed understand(std::string_view raw, const Catalog& catalog) {
    Parsed p;
    std::string text = trim(raw);
    if (!text.empty() && text[0] == '/') {
        apply_command(text, p);
        if (p.intent != Intent::none || p.place_only) return p;
    }

    // Entities that have a fixed shape come first, from the raw text.
    static const std::regex coords_re(R"((-?\d{1,2}\.\d{2,})\s*[,; ]\s*(-?\d{1,3}\.\d{2,}))");
    std::smatch m;
    if (std::regex_search(text, m, coords_re)) {
        double lat = std::stod(m[1].str()), lon = std::stod(m[2].str());
        if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) p.coords = GeoPoint{lat, lon};
        text = m.prefix().str() + " " + m.suffix().str();
    }
    auto toks = tokenize(text);
    p.detected_lang = detect_language(toks, catalog);
    std::vector<bool> claimed(toks.size(), false);

    for (std::size_t i = 0; i < toks.size(); ++i) {
        const auto& t = toks[i];
        if (t.size() == 5 && is_number(t) && (t[0] == '0')) {
            p.zip = t, claimed[i] = true;
        } else if (i + 1 < toks.size() && (t == "ward" || t == "wd") && is_number(toks[i + 1])) {
            p.ward = toks[i + 1], claimed[i] = claimed[i + 1] = true;
        } else if (i + 1 < toks.size() &&
                   (t == "precinct" || t == "precinto" || t == "pct" || t == "prec") &&
                   !toks[i + 1].empty() && std::isdigit(static_cast<unsigned char>(toks[i + 1][0]))) {
            p.precinct = toks[i + 1], claimed[i] = claimed[i + 1] = true;
        }
    }
    if (p.ward.empty() != p.precinct.empty()) p.ward.clear(), p.precinct.clear();

    std::set<std::string> groups;
    for (const auto& k : find_keywords(toks, catalog)) {
        for (auto i = k.begin; i < k.end; ++i) claimed[i] = true;
        groups.insert(k.group);
        if (k.group.rfind("office.", 0) == 0 && p.office.empty()) p.office = k.group.substr(7);
        if (k.group.rfind("toolkit.", 0) == 0 && p.toolkit.empty()) p.toolkit = k.group.substr(8);
        if (k.group.rfind("lang.", 0) == 0) p.lang_choice = k.group.substr(5);
    }
    auto has = [&](const char* g) { return groups.count(g) > 0; };

    if (has("intent.forget")) p.intent = Intent::forget;
    else if (has("intent.stop")) p.intent = Intent::stop;
    else if (has("intent.start_over")) p.intent = Intent::start_over;
    else if (!p.lang_choice.empty() && toks.size() <= 4) p.intent = Intent::language;
    else if (has("intent.change_place")) p.intent = Intent::change_place;
    else if (has("intent.sponsor")) p.intent = Intent::sponsor;
    else if (!p.toolkit.empty() && has("intent.campaign")) p.intent = Intent::campaign;
    else if (!p.toolkit.empty()) p.intent = Intent::toolkit;  // "what is a body camera ordinance"
    else if (has("intent.govern")) p.intent = Intent::govern;
    else if (has("intent.campaign")) p.intent = Intent::campaign;
    else if (!p.office.empty() || has("intent.represent") || has("intent.contact"))
        p.intent = Intent::represent;
    else if (has("intent.toolkit")) p.intent = Intent::toolkit;
    else if (has("intent.help")) p.intent = Intent::help;

    p.place_text = find_place(toks, claimed, catalog);
    p.place_only = p.intent == Intent::none;
    return p;
}

}  // namespace masscivic::bot
