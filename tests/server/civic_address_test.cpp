// Our one-line contact addresses -> Google's structured address, on every form in the data.
#include "civic_address.hpp"

#include <gtest/gtest.h>

using masscivic::server::parse_postal_address;

TEST(CivicAddress, CommaSeparatedWithRoomAndCity) {
    auto a = parse_postal_address("Room 478, State House 24 Beacon St., Boston, MA 02133");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->line1, "Room 478");
    EXPECT_EQ(a->line2, "State House 24 Beacon St.");
    EXPECT_EQ(a->city, "Boston");
    EXPECT_EQ(a->state, "MA");
    EXPECT_EQ(a->zip, "02133");
}

TEST(CivicAddress, CongressWithoutCommas) {
    auto a = parse_postal_address("1524 Longworth House Office Building Washington DC 20515-2104");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->line1, "1524 Longworth House Office Building");
    EXPECT_EQ(a->city, "Washington");
    EXPECT_EQ(a->state, "DC");
    EXPECT_EQ(a->zip, "20515-2104");
}

TEST(CivicAddress, SemicolonsAndMoreThanThreeLines) {
    auto a = parse_postal_address("215 Pleasant Street, 4th Floor;Malden, MA 02148");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->line1, "215 Pleasant Street");
    EXPECT_EQ(a->line2, "4th Floor");
    EXPECT_EQ(a->city, "Malden");
    auto b = parse_postal_address("A, B, C, D, Quincy, MA 02169");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->line3, "C, D");
    EXPECT_EQ(b->city, "Quincy");
}

TEST(CivicAddress, NothingToShowOrUnknownForm) {
    EXPECT_FALSE(parse_postal_address("MA"));
    EXPECT_FALSE(parse_postal_address(""));
    EXPECT_FALSE(parse_postal_address("Boston, MA 02133")); // no street line
    EXPECT_EQ(parse_postal_address("1 Main St,Acton,MA 01720")->city, "Acton");
    auto odd = parse_postal_address("Town Hall, Main Street");
    ASSERT_TRUE(odd);
    EXPECT_EQ(odd->line1, "Town Hall, Main Street"); // kept whole, not guessed at
    EXPECT_TRUE(odd->city.empty());
}
