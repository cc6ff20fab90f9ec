#include "text.hpp"

#include <gtest/gtest.h>

using namespace masscivic;

TEST(NameKey, FoldsCasePunctuationAndAmpersand) {
    EXPECT_EQ(name_key("Manchester-by-the-Sea"), "manchester by the sea");
    EXPECT_EQ(name_key("  JAMAICA   plain "), "jamaica plain");
    EXPECT_EQ(name_key("Martha's Vineyard"), "marthas vineyard");
    EXPECT_EQ(name_key("Barnstable, Dukes & Nantucket"), "barnstable dukes and nantucket");
    EXPECT_EQ(name_key("Peñíta"), "penita");
    EXPECT_EQ(name_key("\xC3\x9Fy\xC3\xBF"), "syy");  // last letters of the Latin-1 block
    EXPECT_EQ(name_key("---"), "");
}

TEST(Ordinals, WordsBecomeNumbers) {
    EXPECT_EQ(ordinal_word_to_number("First"), "1st");
    EXPECT_EQ(ordinal_word_to_number("Second"), "2nd");
    EXPECT_EQ(ordinal_word_to_number("Thirteenth"), "13th");
    EXPECT_EQ(ordinal_word_to_number("Twentieth"), "20th");
    EXPECT_EQ(ordinal_word_to_number("Thirty-Seventh"), "37th");
    EXPECT_EQ(ordinal_word_to_number("twenty-second"), "22nd");
    EXPECT_FALSE(ordinal_word_to_number("Middlesex").has_value());
}

TEST(DistrictKey, MatchesAcrossSpellings) {
    EXPECT_EQ(district_key("Thirty-Seventh Middlesex"), district_key("37th Middlesex"));
    EXPECT_EQ(district_key("First Plymouth & Norfolk"), "1st plymouth and norfolk");
    EXPECT_EQ(district_key("37TH MIDDLESEX"), "37th middlesex");
    EXPECT_EQ(ocd_district_slug("Second Essex and Middlesex"), "2nd_essex_and_middlesex");
    EXPECT_EQ(ocd_district_slug("Berkshire, Hampden, Franklin and Hampshire"),
              "berkshire_hampden_franklin_and_hampshire");
    EXPECT_EQ(ocd_district_slug("Barnstable, Dukes & Nantucket"), "barnstable_dukes_and_nantucket");
}

TEST(Utf8, DetectsInvalidBytes) {
    EXPECT_FALSE(first_invalid_utf8("plain ascii").has_value());
    EXPECT_FALSE(first_invalid_utf8("S\xC3\xA3o Paulo").has_value());
    EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);
    EXPECT_EQ(first_invalid_utf8("ab\xC3"), 2u);            // truncated sequence
    EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);          // overlong
    EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);      // surrogate
}

TEST(LineBreaks, FindsCrOrLfAnywhere) {
    EXPECT_FALSE(has_line_break(""));
    EXPECT_FALSE(has_line_break("W/\"2026-12-02-abc\""));
    EXPECT_TRUE(has_line_break("a\r\nSet-Cookie: x"));
    EXPECT_TRUE(has_line_break("\n"));
    EXPECT_TRUE(has_line_break("trailing\r"));
    EXPECT_TRUE(has_line_break(std::string("nul\0then\n", 10)));
}

TEST(EditDistance, CapsEarly) {
    EXPECT_EQ(edit_distance("worcester", "worchester", 3), 1u);
    EXPECT_EQ(edit_distance("abc", "abc", 2), 0u);
    EXPECT_EQ(edit_distance("a", "abcdef", 2), 3u);
}

TEST(NameKey, InvalidAndUnusualBytesSeparateWords) {
    // Found by fuzz_text: 0xC3 followed by a non-continuation byte.
    EXPECT_EQ(name_key("S\xC3\xA3o No\xA9s\xC3 @\xE2\x80\x99s"), "sao no s s");
    EXPECT_EQ(name_key("Ware\xE2\x80\x93River"), "ware river");  // en dash separates
    EXPECT_EQ(name_key("O\xE2\x80\x99" "Brien"), "obrien");          // curly apostrophe joins
    EXPECT_EQ(name_key("a\xC3\x97" "b"), "a b");                  // multiplication sign
    for (std::string s : {"\xC3", "x\xE2\x80", "\xE2", "&&", "\xC3\xC3\xA9"})
        EXPECT_EQ(name_key(name_key(s)), name_key(s)) << s;
}

TEST(Text, FoldTextForms) {
    using masscivic::fold_text_forms;
    EXPECT_EQ(fold_text_forms("Mashpe\xCC\x81" "e"), "Mashpee");             // NFD accent
    EXPECT_EQ(fold_text_forms("Fox\xC2\xAD" "borough"), "Foxborough");        // soft hyphen
    EXPECT_EQ(fold_text_forms("by\xE2\x80\x91the"), "by-the");                // U+2011
    EXPECT_EQ(fold_text_forms("\xEF\xBC\xA2\xEF\xBD\x8F\xEF\xBC\x92"), "Bo2"); // fullwidth
    EXPECT_EQ(fold_text_forms("a\xC2\xA0" "b\xE3\x80\x80" "c"), "a b c");     // NBSP, U+3000
    EXPECT_EQ(fold_text_forms("Worcester \xC3\xA9"), "Worcester \xC3\xA9");   // composed kept
    EXPECT_EQ(fold_text_forms("bad \xFF\xFE"), "bad \xFF\xFE");               // invalid kept
    EXPECT_EQ(masscivic::name_key("Manchester\xE2\x80\x91" "by\xE2\x80\x91the\xE2\x80\x91Sea"),
              "manchester by the sea");
    EXPECT_EQ(masscivic::name_key("Mashpe\xCC\x81" "e"), masscivic::name_key("Mashp\xC3\xA9" "e"));
}
