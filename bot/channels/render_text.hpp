// Plain-text rendering of replies for channels without rich messages (SMS, terminal).
#pragma once

#include <cstddef>
#include <string>

#include "reply.hpp"

namespace masscivic::bot {

struct TextStyle {
    bool numbered_choices = true;   // "1) Worcester" so the user can answer with a number
    bool show_link_urls = true;     // print the address after the title
    std::size_t max_chars = 0;      // 0: no limit; else cut at a paragraph boundary
};

// `reply_with` introduces the numbered choices; `truncated` is appended when cut.
std::string render_text(const Outgoing& out, const TextStyle& style, const std::string& reply_with,
                        const std::string& truncated);

}  // namespace masscivic::bot
