// Text helpers shared by importers and server: UTF-8 checks, name keys for
// case- and punctuation-insensitive matching, and district-name normalisation.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace masscivic {

// Offset of the first byte that is not part of valid UTF-8, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// Whether the text holds a CR or LF: such a value would split an HTTP head it is written into.
bool has_line_break(std::string_view text);

std::string trim(std::string_view s);
std::string ascii_lower(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);

// Text forms that should match like their plain forms, folded for matching (never for
// display): fullwidth ASCII (U+FF01..U+FF5E) and the ideographic space -> ASCII; the soft
// hyphen, zero-width characters and the BOM dropped; non-breaking and other Unicode
// hyphens and dashes -> "-"; non-breaking spaces -> " "; combining accents (the
// decomposed, NFD, form of "é") dropped, so "Mashpe\u0301e" reads as "Mashpee" as the
// composed "é" does in name_key. Invalid UTF-8 is left as it is.
std::string fold_text_forms(std::string_view text);

// Lookup key for place names: lower case, accents on Latin-1 letters folded,
// "&" -> "and", "st."/"mt." kept as words, every run of other punctuation or
// space collapsed to one space, trimmed. "Manchester-by-the-Sea" -> "manchester by the sea".
std::string name_key(std::string_view name);

// Spelled-out ordinals ("Thirty-Seventh", "First") -> "37th", "1st"; nullopt if not one.
std::optional<std::string> ordinal_word_to_number(std::string_view word);

// Canonical district key used to match names across sources:
// "Thirty-Seventh Middlesex" / "37th Middlesex" -> "37th middlesex";
// "First Plymouth & Norfolk" -> "1st plymouth and norfolk"; commas dropped.
std::string district_key(std::string_view name);

// The OCD id suffix for a legislative district name ("Second Essex and Middlesex" ->
// "2nd_essex_and_middlesex"), per the Open Civic Data normalisation.
std::string ocd_district_slug(std::string_view name);

// Levenshtein distance, capped: returns cap+1 as soon as the distance exceeds cap.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);

}  // namespace masscivic
