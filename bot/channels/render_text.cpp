#include "render_text.hpp"

namespace masscivic::bot {
namespace {

// Cuts at the last line break that fits, never inside a UTF-8 sequence.
std::string clip(const std::string& text, std::size_t max_chars, const std::string& note) {
    if (max_chars == 0 || text.size() <= max_chars) return text;
    std::size_t room = max_chars > note.size() + 1 ? max_chars - note.size() - 1 : 0;
    std::size_t cut = text.rfind('\n', room);
    if (cut == std::string::npos || cut < room / 2) {
        cut = room;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    return text.substr(0, cut) + "\n" + note;
}

}  // namespace

std::string render_text(const Outgoing& out, const TextStyle& style, const std::string& reply_with,
                        const std::string& truncated) {
    std::string body, choices;
    int n = 0;
    for (const auto& r : out.replies) {
        if (!body.empty()) body += "\n";
        body += r.text + "\n";
        for (const auto& l : r.links) {
            if (style.show_link_urls) body += "- " + l.title + ": " + l.url + "\n";
        }
        for (const auto& b : r.buttons) {
            if (b.request_location || !style.numbered_choices) continue;
            choices += std::to_string(++n) + ") " + b.label + "\n";
        }
    }
    if (!choices.empty()) choices = "\n" + reply_with + "\n" + choices;
    // Choices matter more than the tail of a long answer: keep them, clip the body.
    std::size_t budget = style.max_chars == 0 ? 0
                         : style.max_chars > choices.size() + 40 ? style.max_chars - choices.size()
                                                                 : 40;
    std::string text = clip(body, budget, truncated) + choices;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

}  // namespace masscivic::bot
