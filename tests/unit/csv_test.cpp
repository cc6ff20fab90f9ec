#include "csv.hpp"

#include <gtest/gtest.h>

using namespace masscivic;

TEST(Csv, ParsesQuotedFieldsAndTracksLines) {
    auto t = CsvTable::parse("\xEF\xBB\xBFname,note\nA,\"x, y\"\nB,\"two\nlines\"\nC,\n", "t.csv");
    ASSERT_EQ(t.header().size(), 2u);
    ASSERT_EQ(t.records().size(), 3u);
    EXPECT_EQ(t.get(t.records()[0], "note"), "x, y");
    EXPECT_EQ(t.get(t.records()[1], "note"), "two\nlines");
    EXPECT_EQ(t.records()[0].line, 2u);
    EXPECT_EQ(t.records()[2].line, 5u);
    EXPECT_EQ(t.get(t.records()[2], "note"), "");
}

TEST(Csv, RejectsWrongFieldCountWithLine) {
    try {
        CsvTable::parse("a,b\n1,2\n3\n", "bad.csv");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.csv:3"), std::string::npos) << e.what();
    }
}

TEST(Csv, RejectsInvalidUtf8AndBadQuotes) {
    EXPECT_THROW(CsvTable::parse("a\n\xFF\n", "u.csv"), InputError);
    EXPECT_THROW(CsvTable::parse("a,b\n\"unterminated,1\n", "q.csv"), InputError);
    EXPECT_THROW(CsvTable::parse("", "empty.csv"), InputError);
}

TEST(Csv, MissingColumnIsNamed) {
    auto t = CsvTable::parse("a\n1\n", "m.csv");
    EXPECT_THROW(t.column("b"), InputError);
}

TEST(Csv, WriterRoundTrips) {
    CsvWriter w({"k", "v"});
    w.add({"b", "has \"quote\", comma"});
    w.add({"a", " lead"});
    w.sort();
    auto t = CsvTable::parse(w.str(), "w.csv");
    ASSERT_EQ(t.records().size(), 2u);
    EXPECT_EQ(t.get(t.records()[0], "k"), "a");
    EXPECT_EQ(t.get(t.records()[0], "v"), " lead");
    EXPECT_EQ(t.get(t.records()[1], "v"), "has \"quote\", comma");
}
