// The street matcher (geocode/address_index.hpp): exact, same name, village qualifiers,
// did-you-mean; never a silent guess.
#include "address_index.hpp"

#include <gtest/gtest.h>

using namespace masscivic::geocode;

namespace {

AddressIndex town_index() {
    AddressIndex index;
    index.add_set(1, {"h1", "s1", "c1", "g1"});
    for (const char* key : {"MAIN ST", "ELM ST", "ELM AVE", "PLEASANT ST", "MAIN ST (HYANNIS)",
                            "MAIN ST (COTUIT)", "N MAIN ST"})
        index.add_street("T", key, key, 2012, 1);
    index.add_street("U", "OAK ST", "Oak St", 2011, 1);
    index.finish();
    return index;
}

}  // namespace

TEST(StreetMatcher, ExactSameNameSuggestions) {
    auto index = town_index();
    EXPECT_EQ(index.match("T", normalize_street("MAIN ST")).kind, StreetMatch::Kind::Exact);
    auto pleasant = index.match("T", normalize_street("PLEASANT"));  // no suffix typed, one street of that name
    EXPECT_EQ(pleasant.kind, StreetMatch::Kind::SameName);
    EXPECT_EQ(pleasant.street->key, "PLEASANT ST");
    auto elm = index.match("T", normalize_street("ELM"));  // Elm St and Elm Ave: ask
    EXPECT_EQ(elm.kind, StreetMatch::Kind::Suggestions);
    EXPECT_EQ(elm.suggestions.size(), 2u);
    auto pleasant_ave = index.match("T", normalize_street("PLEASANT AVE"));  // another suffix: ask
    EXPECT_EQ(pleasant_ave.kind, StreetMatch::Kind::Suggestions);
    auto typo = index.match("T", normalize_street("PLEASNT ST"));
    ASSERT_EQ(typo.kind, StreetMatch::Kind::Suggestions);
    EXPECT_EQ(typo.suggestions.front()->key, "PLEASANT ST");
    auto swapped = index.match("T", normalize_street("MIAN ST"));
    ASSERT_EQ(swapped.kind, StreetMatch::Kind::Suggestions);
    EXPECT_EQ(swapped.suggestions.front()->key, "MAIN ST");
    EXPECT_EQ(index.match("T", normalize_street("OAK ST")).kind, StreetMatch::Kind::NotFound);  // other town
    EXPECT_EQ(index.match("T", normalize_street("ZZYZX RD")).kind, StreetMatch::Kind::NotFound);
    EXPECT_FALSE(index.covers("V"));
    EXPECT_EQ(index.match("V", normalize_street("OAK ST")).kind, StreetMatch::Kind::NotCovered);
    EXPECT_TRUE(index.covers("U"));
}

TEST(StreetMatcher, VillageTypedPicksTheAssessorsQualifiedStreet) {
    auto index = town_index();
    auto m = index.match("T", normalize_street("MAIN ST"), "HYANNIS");
    ASSERT_EQ(m.kind, StreetMatch::Kind::SameName);
    EXPECT_EQ(m.street->key, "MAIN ST (HYANNIS)");
    EXPECT_EQ(index.match("T", normalize_street("MAIN ST"), "OSTERVILLE").kind, StreetMatch::Kind::Exact);
    EXPECT_EQ(index.match("T", normalize_street("ELM ST"), "HYANNIS").kind, StreetMatch::Kind::Exact);
}
