#include "understand.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <set>

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

// An office word typed one letter off ("mayer", "senater", "goverenor"), when nothing else in
// the message names an office: the one-word office phrase of 5 letters or more that the token
// is one edit from, if exactly one group's is. Real words one edit from an office word are
// not typos of it.
std::optional<std::pair<std::size_t, std::string>> misspelled_office(const std::vector<std::string>& toks,
                                                                     const std::vector<bool>& claimed,
                                                                     const Catalog& catalog) {
    static const std::set<std::string> real_words = {"major", "manor", "maior", "governo", "clark", "mayors"};
    for (std::size_t i = 0; i < toks.size(); ++i) {
        const auto& t = toks[i];
        if (claimed[i] || t.size() < 5 || real_words.contains(t) || catalog.is_stopword(t)) continue;
        std::string group;
        bool several = false;
        for (const auto& ph : catalog.phrases()) {
            if (ph.words.size() != 1 || ph.words[0].size() < 5 || ph.group.rfind("office.", 0) != 0) continue;
            if (ph.words[0] == t) {  // a phrase word itself (of another phrase): not a typo
                several = true;
                break;
            }
            if (edit_distance(ph.words[0], t, 1) != 1 || group == ph.group) continue;
            several = several || !group.empty();
            group = ph.group;
        }
        if (!group.empty() && !several) return std::pair{i, group};
    }
    return std::nullopt;
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
                       const Catalog& catalog, bool& guessed) {
    guessed = false;
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
    guessed = !best.empty();
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
    } else if (cmd == "more") {
        p.intent = Intent::about, p.about = "more";
    } else if (cmd == "about" || cmd == "tell") {
        // "/about 2 email": the second official of the last answer; "/tell 2": draft a message.
        p.intent = cmd == "about" ? Intent::about : Intent::tell;
        if (!first.empty() && first.size() <= 2 && is_number(first)) p.about_index = std::stoi(first);
        p.about = rest;
    } else if (cmd == "ask") {
        p.intent = intent_from_name(first);
        if (p.intent == Intent::represent) p.office = rest;
        else p.toolkit = rest;
    }
}


bool is_precinct_value(const std::string& t) {
    // "12", "12a", or a single letter ("precinct a" in Springfield, Lowell, ...).
    if (t.empty() || t.size() > 3) return false;
    if (t.size() == 1 && std::isalpha(static_cast<unsigned char>(t[0]))) return true;
    std::size_t d = 0;
    while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
    return d > 0 && (d == t.size() || (d + 1 == t.size() && std::isalpha(static_cast<unsigned char>(t[d]))));
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// "ward 8 precinct a", "precinto 12", "wd 3 pct 2". The ward/precinct words are always
// claimed, with or without a value, so they can never be read as (part of) a place name.
void find_ward_precinct(const std::vector<std::string>& toks, std::vector<bool>& claimed,
                        const Catalog& catalog, Parsed& p) {
    for (std::size_t i = 0; i < toks.size(); ++i) {
        bool ward = catalog.is_word("ward", toks[i]);
        bool precinct = catalog.is_word("precinct", toks[i]);
        if (!ward && !precinct) continue;
        claimed[i] = true;
        if (i + 1 >= toks.size()) continue;
        const auto& v = toks[i + 1];
        if (ward && is_number(v) && v.size() <= 2) {
            p.ward = v, claimed[i + 1] = true;
        } else if (precinct && is_precinct_value(v)) {
            p.precinct = upper(v), claimed[i + 1] = true;
            // "precinct 8 a": the letter is part of the precinct.
            if (i + 2 < toks.size() && is_number(v) && toks[i + 2].size() == 1 &&
                std::isalpha(static_cast<unsigned char>(toks[i + 2][0]))) {
                p.precinct += upper(toks[i + 2]), claimed[i + 2] = true;
            }
        }
    }
    // A ward alone is kept: it picks the ward councillor, and the whole ward's districts when
    // they agree (the server asks for the precinct otherwise).
}

// The whole message is "12", "8A", "8-A", "8 a", "2-1" or "2/1".
void find_bare_ward_precinct(const std::string& text, Parsed& p) {
    static const std::regex bare_re(R"(^\s*(\d{1,2})\s*(?:[-/,. ]\s*)?([A-Za-z]|\d{1,2}[A-Za-z]?)?\s*[.!]?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, bare_re)) return;
    p.bare_first = m[1].str();
    p.bare_second = upper(m[2].str());
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
        case Intent::about: return "about";
        case Intent::tell: return "tell";
        case Intent::who_is: return "who_is";
        case Intent::chair: return "chair";
        case Intent::thanks: return "thanks";
        case Intent::unsupported: return "unsupported";
        case Intent::none: break;
    }
    return "none";
}

Intent intent_from_name(const std::string& name) {
    for (auto i : {Intent::help, Intent::start_over, Intent::stop, Intent::forget, Intent::language,
                   Intent::change_place, Intent::represent, Intent::govern, Intent::toolkit,
                   Intent::campaign, Intent::sponsor, Intent::about, Intent::tell, Intent::who_is, Intent::chair,
                   Intent::thanks, Intent::unsupported}) {
        if (intent_name(i) == name) return i;
    }
    return Intent::none;
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
    std::vector<bool> claimed(toks.size(), false);
    find_bare_ward_precinct(text, p);
    find_ward_precinct(toks, claimed, catalog, p);
    for (std::size_t i = 0; i < toks.size(); ++i) {
        const auto& t = toks[i];
        if (!claimed[i] && t.size() == 5 && is_number(t) && t[0] == '0') p.zip = t, claimed[i] = true;
    }

    std::set<std::string> groups;
    for (const auto& k : find_keywords(toks, catalog)) {
        for (auto i = k.begin; i < k.end; ++i) claimed[i] = true;
        groups.insert(k.group);
        if (k.group.rfind("office.", 0) == 0 && p.office.empty()) p.office = k.group.substr(7);
        if (k.group.rfind("toolkit.", 0) == 0 && p.toolkit.empty()) p.toolkit = k.group.substr(8);
        if (k.group.rfind("lang.", 0) == 0) p.lang_choice = k.group.substr(5);
        if (k.group.rfind("about.", 0) == 0 && p.about.empty()) p.about = k.group.substr(6);
    }
    if (p.office.empty())
        if (auto typo = misspelled_office(toks, claimed, catalog)) {
            claimed[typo->first] = true;
            groups.insert(typo->second);
            p.office = typo->second.substr(7);
        }
    // The street address after the keywords, so "who represents me" ends it; its words are then
    // never read as a place name, and the ZIP inside it belongs to it.
    if (auto addr = find_street_address(toks, claimed, catalog); !addr.text.empty()) {
        p.address = addr.text;
        for (auto i = addr.begin; i < addr.end; ++i) claimed[i] = true;
        p.zip.clear();
    }
    for (std::size_t i = 0; i < toks.size(); ++i)
        if (!claimed[i] && catalog.is_word("pronoun", toks[i])) {
            p.pronoun = true;
            claimed[i] = true;
            p.plural = p.plural || catalog.is_word("pronoun_plural", toks[i]);
        }
    auto has = [&](const char* g) { return groups.count(g) > 0; };
    if (p.about.empty() && has("intent.contact")) p.about = "contact";

    if (has("intent.forget")) p.intent = Intent::forget;
    else if (has("intent.stop")) p.intent = Intent::stop;
    else if (has("intent.start_over")) p.intent = Intent::start_over;
    else if (!p.lang_choice.empty() && toks.size() <= 4) p.intent = Intent::language;
    else if (has("intent.change_place")) p.intent = Intent::change_place;
    else if (has("intent.sponsor")) p.intent = Intent::sponsor;
    else if (!p.toolkit.empty() && has("intent.campaign")) p.intent = Intent::campaign;
    else if (!p.toolkit.empty()) p.intent = Intent::toolkit;  // "what is a body camera ordinance"
    else if (has("intent.unsupported")) p.intent = Intent::unsupported;
    else if (has("intent.govern")) p.intent = Intent::govern;
    else if (has("intent.campaign")) p.intent = Intent::campaign;
    else if (p.pronoun && !p.about.empty() && p.office.empty()) p.intent = Intent::about;
    else if (has("intent.chair")) p.intent = Intent::chair;
    else if (!p.office.empty() || has("intent.represent") || has("intent.contact"))
        p.intent = Intent::represent;
    else if (has("intent.toolkit")) p.intent = Intent::toolkit;
    else if (has("intent.who_is")) p.intent = Intent::who_is;
    else if (has("intent.help")) p.intent = Intent::help;
    else if (has("intent.thanks")) p.intent = Intent::thanks;
    if (p.intent == Intent::none && p.pronoun && !p.about.empty()) p.intent = Intent::about;

    p.place_text = p.bare_first.empty() ? find_place(toks, claimed, catalog, p.place_guessed) : "";
    // "how do I contact them?" with no place, office or "who represents": about the people just named.
    if (p.intent == Intent::represent && p.office.empty() && !has("intent.represent") &&
        !p.about.empty() && !p.has_place())
        p.intent = Intent::about;
    p.place_only = p.intent == Intent::none;
    if (p.place_only) p.place_guessed = false;  // a message that is only a name means a place
    return p;
}

}  // namespace masscivic::bot
