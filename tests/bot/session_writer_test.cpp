// Saves written behind the turn (session_writer.hpp): the bot reads its queued rows at once,
// a burst shares transactions, "forget me" is not undone by a save still queued, and the rows
// reach the file (also when the store closes right after).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

#include "session_store.hpp"
#include "session_writer.hpp"

namespace masscivic::bot {
namespace {

TEST(SessionWriter, ABurstSharesTransactionsAndFlushWaitsForThem) {
    std::mutex mu;
    std::vector<std::string> committed;
    std::atomic<int> transactions{0};
    SessionWriter writer([&](const std::vector<SessionRow>& rows) {
        std::lock_guard lock(mu);
        for (const auto& r : rows) committed.push_back(r.user);
        ++transactions;
    });
    for (int i = 0; i < 200; ++i) writer.write(SessionRow{"web", "u" + std::to_string(i), "{}", 1, false});
    ASSERT_TRUE(writer.read_queued("web", "u7") || !committed.empty());
    writer.flush();
    EXPECT_EQ(committed.size(), 200u);
    EXPECT_LT(transactions.load(), 10);
    EXPECT_FALSE(writer.read_queued("web", "u7")) << "written, so no longer queued";
}

TEST(SessionWriter, AFailedCommitIsLoggedAndTheWriterGoesOn) {
    std::atomic<int> calls{0};
    SessionWriter writer([&](const std::vector<SessionRow>&) {
        if (++calls == 1) throw std::runtime_error("disk full");
    });
    writer.write(SessionRow{"web", "a", "{}", 1, false});
    writer.flush();
    writer.write(SessionRow{"web", "b", "{}", 1, false});
    writer.flush();
    EXPECT_EQ(calls.load(), 2);
}

class FileStore : public ::testing::Test {
protected:
    FileStore()
        : dir(std::filesystem::temp_directory_path() / ("masscivic-writer-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(dir);
        path = (dir / "sessions.db").string();
    }
    ~FileStore() override { std::filesystem::remove_all(dir); }
    std::filesystem::path dir;
    std::string path;
};

TEST_F(FileStore, ReadsItsOwnSavesAtOnceAndForgetIsFinal) {
    SessionStore store(path, std::chrono::hours(1));
    SessionState st;
    st.place.municipality = "Acton";
    store.save("web", "a", st);
    ASSERT_TRUE(store.load("web", "a"));
    EXPECT_EQ(store.load("web", "a")->place.municipality, "Acton");
    store.erase("web", "a");
    EXPECT_FALSE(store.load("web", "a")) << "forgotten at once";
    EXPECT_EQ(store.count(), 0) << "and in the file";
    store.save("web", "b", st);
    store.erase("web", "b");  // both queued together: the delete wins
    EXPECT_EQ(store.count(), 0);
}

TEST_F(FileStore, ConcurrentTurnsAllReachTheFileEvenWhenClosedAtOnce) {
    {
        SessionStore store(path, std::chrono::hours(1));
        std::vector<std::thread> turns;
        for (int i = 0; i < 8; ++i) {
            turns.emplace_back([&, i] {
                for (int k = 0; k < 25; ++k) {
                    SessionState st;
                    st.place.municipality = "Town" + std::to_string(k);
                    auto user = "u" + std::to_string(i) + "-" + std::to_string(k);
                    store.save("web", user, st);
                    auto back = store.load("web", user);
                    ASSERT_TRUE(back);
                    EXPECT_EQ(back->place.municipality, st.place.municipality);
                }
            });
        }
        for (auto& t : turns) t.join();
    }  // closed with saves possibly still queued
    SessionStore reopened(path, std::chrono::hours(1));
    EXPECT_EQ(reopened.count(), 200);
    ASSERT_TRUE(reopened.load("web", "u3-24"));
    EXPECT_EQ(reopened.load("web", "u3-24")->place.municipality, "Town24");
}

}  // namespace
}  // namespace masscivic::bot
