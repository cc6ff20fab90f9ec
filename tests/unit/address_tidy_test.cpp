// The clerk list's scraper title-cased every address; the importer repairs those artefacts.
#include <gtest/gtest.h>

#include "raw/geo_util.hpp"

using masscivic::import::geo::tidy_title_cased_address;

TEST(TidyAddress, RepairsTitleCasingArtefacts) {
    EXPECT_EQ(tidy_title_cased_address("Town Clerk\xE2\x80\x99S Office, 4 Boltwood Ave, Amherst, Ma 01002"),
              "Town Clerk's Office, 4 Boltwood Ave, Amherst, MA 01002");
    EXPECT_EQ(tidy_title_cased_address("Town Clerk & Bd Of Regis., 367 Main St, 1St Fl,, Hyannis, Ma 02601"),
              "Town Clerk & Bd Of Regis., 367 Main St, 1st Fl, Hyannis, MA 02601");
    EXPECT_EQ(tidy_title_cased_address("Town Clerk'S Office, 24 Town Hall Rd, Po Box 2012, Truro, Ma 02666-2012"),
              "Town Clerk's Office, 24 Town Hall Rd, PO Box 2012, Truro, MA 02666-2012");
    EXPECT_EQ(tidy_title_cased_address("Town Clerk, 350 Main St  Suite 3, Webster, Ma 01570"),
              "Town Clerk, 350 Main St Suite 3, Webster, MA 01570");
    // Untouched: a word that merely starts with "Ma", a street called "2Nd" is still fixed.
    EXPECT_EQ(tidy_title_cased_address("Town Hall, 12 Mason St, Marion, Ma 02738"),
              "Town Hall, 12 Mason St, Marion, MA 02738");
    EXPECT_EQ(tidy_title_cased_address("City Hall, 2Nd Floor, Lynn, Ma 01901"), "City Hall, 2nd Floor, Lynn, MA 01901");
}
