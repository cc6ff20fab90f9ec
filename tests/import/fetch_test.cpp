// `masscivic-import fetch` pieces on tiny files: the manifest's errors, the checks a downloaded
// file must pass against the current copy, and the snapshot diff with its alarms. The whole
// fetch against a local HTTP server runs in tests/deploy/fetch.sh.
#include "csv.hpp"
#include "fetch/download.hpp"
#include "fetch/manifest.hpp"
#include "fetch/snapshot_diff.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace masscivic;
using namespace masscivic::import::fetch;
using masscivic::testing::TempDir;
namespace fs = std::filesystem;

namespace {

fs::path put(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

const std::string kOfficialsHeader =
    "id,name,level,office,title,division_id,phone,source,as_of\n";

}  // namespace

TEST(FetchManifest, ReadsSourcesAndRejectsBadLines) {
    TempDir t;
    auto ok = put(t.path() / "ok.tsv", "# comment\n\nopenstates\thttps://example.org/data/ma/\n"
                                       "congress\thttp://127.0.0.1:1\n");
    auto m = read_manifest(ok);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].source, "openstates");
    EXPECT_EQ(m[0].base_url, "https://example.org/data/ma");  // trailing slash dropped
    for (const char* bad : {"one-column\n", "a\tftp://x\n", "../up\thttps://x\n", "a\thttps://x\tmore\n",
                            "a\thttps://x\na\thttps://y\n", "# only a comment\n"}) {
        auto f = put(t.path() / "bad.tsv", bad);
        EXPECT_THROW(read_manifest(f), InputError) << bad;
    }
    EXPECT_THROW(read_manifest(t.path() / "missing.tsv"), InputError);
}

TEST(FetchCheck, AcceptsAFileLikeTheCurrentOne) {
    TempDir t;
    auto cur = put(t.path() / "cur/a.csv", "id,name\n1,Ann\n2,Bo\n");
    EXPECT_EQ(check_file(put(t.path() / "new/a.csv", "id,name\n1,Ann\n2,Bob\n"), cur), "");
    auto yml = put(t.path() / "cur/p.yml", "id: x\nname: Ann\n");
    EXPECT_EQ(check_file(put(t.path() / "new/p.yml", "id: x\nname: Anne\n"), yml), "");
    auto json = put(t.path() / "cur/b.geojson", R"({"type":"FeatureCollection","features":[]})");
    EXPECT_EQ(check_file(put(t.path() / "new/b.geojson", R"({"type":"FeatureCollection","features":[ ]})"), json), "");
}

TEST(FetchCheck, RejectsWhatABrokenUpstreamServes) {
    TempDir t;
    auto cur = put(t.path() / "cur/a.csv", "id,name\n" + std::string(400, 'x') + "\n");
    EXPECT_EQ(check_file(put(t.path() / "n1/a.csv", ""), cur), "empty");
    EXPECT_NE(check_file(put(t.path() / "n2/a.csv", "id,name\n1\n"), cur).find("shrank"), std::string::npos);
    EXPECT_NE(check_file(put(t.path() / "n3/a.csv", "id,name\n" + std::string(9000, 'x')), cur).find("grew"),
              std::string::npos);
    EXPECT_EQ(check_file(put(t.path() / "n4/a.csv", "<!DOCTYPE html><html>" + std::string(400, ' ')), cur),
              "an HTML page instead of data");
    EXPECT_NE(check_file(put(t.path() / "n5/a.csv", "id,full_name\n" + std::string(400, 'x')), cur)
                  .find("header line changed"),
              std::string::npos);
    auto json = put(t.path() / "cur/b.json", R"({"a": [1, 2, 3], "b": "some text here"})");
    EXPECT_EQ(check_file(put(t.path() / "n6/b.json", R"({"a": [1, 2, 3], "b": "some text her)"), json),
              "not valid JSON");
    auto yml = put(t.path() / "cur/p.yml", "id: x\nname: Ann\nroles:\n- a\n");
    EXPECT_NE(check_file(put(t.path() / "n7/p.yml", "id: x\nname: [Ann\nroles:\n- a\n"), yml).find("does not parse"),
              std::string::npos);
}

TEST(FetchDiff, DescribesChangesInWords) {
    TempDir t;
    put(t.path() / "a/officials.csv",
        kOfficialsHeader + "p1,Ann Lee,state,state_representative,State Representative,d1,617-1,os,2026-01-01\n"
                           "p2,Bo Ray,local,select_board_member,Select Board Member,t1,,cm,2026-01-01\n"
                           "p3,Cy Fox,state,state_senator,State Senator,d2,617-3,os,2026-01-01\n");
    put(t.path() / "b/officials.csv",
        kOfficialsHeader + "p1,Ann Lee,state,state_representative,State Representative,d1,617-9,os,2026-02-01\n"
                           "p2,Bo Ray,local,select_board_member,Select Board Member,t1,,cm,2026-02-01\n"
                           "p3,Cy Fox,state,state_senator,State Senator,d2,617-3,os,2026-02-01\n"
                           "p4,Di Orr,local,town_clerk,Town Clerk,t1,,cm,2026-02-01\n");
    put(t.path() / "a/vacancies.csv", "division_id,office,since,note,source,as_of\nd9,state_representative,2026-01-01,,os,x\n");
    put(t.path() / "b/vacancies.csv", "division_id,office,since,note,source,as_of\n");
    auto d = diff_snapshots(t.path() / "a", t.path() / "b", 0.10);
    auto text = joined(d.lines);
    EXPECT_NE(text.find("1 legislator changed: Ann Lee (phone)"), std::string::npos) << text;
    EXPECT_NE(text.find("1 local official added: Di Orr (Town Clerk)"), std::string::npos) << text;
    EXPECT_NE(text.find("1 vacancy filled: state_representative of d9"), std::string::npos) << text;
    EXPECT_EQ(text.find("Cy Fox"), std::string::npos) << "only the as_of date changed: " << text;
    EXPECT_TRUE(d.alarms.empty()) << joined(d.alarms);
    EXPECT_TRUE(diff_snapshots(t.path() / "a", t.path() / "a", 0.10).unchanged());
}

TEST(FetchDiff, RaisesTheAlarmWhenOfficialsVanish) {
    TempDir t;
    std::string many = kOfficialsHeader, fewer = kOfficialsHeader;
    for (int i = 0; i < 20; ++i) {
        auto row = "p" + std::to_string(i) + ",N" + std::to_string(i) + ",local,mayor,Mayor,t,,cm,x\n";
        many += row;
        if (i >= 3) fewer += row;  // 3 of 20 gone: 15%
    }
    put(t.path() / "a/officials.csv", many);
    put(t.path() / "b/officials.csv", fewer);
    auto d = diff_snapshots(t.path() / "a", t.path() / "b", 0.10);
    ASSERT_EQ(d.alarms.size(), 1u) << joined(d.alarms);
    EXPECT_NE(d.alarms[0].find("3 of 20 officials would be gone"), std::string::npos) << d.alarms[0];
    EXPECT_NE(joined(d.lines).find("3 local officials gone: N0 (Mayor); N1 (Mayor); N2 (Mayor)"), std::string::npos)
        << joined(d.lines);
    EXPECT_TRUE(diff_snapshots(t.path() / "a", t.path() / "b", 0.20).alarms.empty());
}
