// The masscivic-server executable itself: starts on a free port, reloads on SIGHUP, and
// exits cleanly on SIGTERM.
#include "server_fixture.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

using namespace masscivic::testing;

namespace {

class ServerProcess {
  public:
    explicit ServerProcess(const std::filesystem::path& db) {
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], STDERR_FILENO);
            close(fds[0]);
            close(fds[1]);
            std::string bin = std::string(MASSCIVIC_BIN_DIR) + "/masscivic-server";
            std::string db_s = db.string();
            // From the database's own directory, with nothing but the database: the server
            // must not depend on files relative to the working directory (toolkits included).
            if (chdir(db.parent_path().c_str()) != 0) _exit(126);
            execl(bin.c_str(), bin.c_str(), "--db", db_s.c_str(), "--port", "0", "--threads", "2",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        log_ = fdopen(fds[0], "r");
        port_ = wait_for("listening on http://127.0.0.1:");
    }
    ~ServerProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (log_) fclose(log_);
    }
    // Reads log lines until one contains `needle`; returns the number after it (or 0).
    int wait_for(const std::string& needle) {
        char line[1024];
        while (fgets(line, sizeof line, log_)) {
            std::string s(line);
            auto at = s.find(needle);
            if (at != std::string::npos) return std::atoi(s.c_str() + at + needle.size());
        }
        return -1;
    }
    int stop(int sig) {
        kill(pid_, sig);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    pid_t pid() const { return pid_; }
    int port() const { return port_; }

  private:
    pid_t pid_ = -1;
    FILE* log_ = nullptr;
    int port_ = -1;
};

} // namespace

TEST(ServerBinary, ServesReloadsOnSighupAndStopsOnSigterm) {
    TempDir dir;
    std::filesystem::copy_file(mini_db_path(), dir / "db.db");
    ServerProcess proc(dir / "db.db");
    ASSERT_GT(proc.port(), 0);
    httplib::Client c("127.0.0.1", proc.port());
    auto r = c.Get("/v1/lookup?town=Acton");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    auto tk = c.Get("/v1/toolkits");
    ASSERT_TRUE(tk);
    EXPECT_EQ(tk->status, 200) << tk->body;
    auto etag = r->get_header_value("ETag");

    // A new import replaces the file; SIGHUP swaps it in and the ETag changes.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::filesystem::copy_file(mini_db_path(), dir / "db.new");
    std::filesystem::rename(dir / "db.new", dir / "db.db");
    kill(proc.pid(), SIGHUP);
    EXPECT_GE(proc.wait_for("reload done"), 0);
    auto after = c.Get("/v1/lookup?town=Acton");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200);
    EXPECT_NE(after->get_header_value("ETag"), etag);

    EXPECT_EQ(proc.stop(SIGTERM), 0);
}

TEST(ServerBinary, StartsWithoutADatabaseAndAnswers503) {
    TempDir dir;
    ServerProcess proc(dir / "missing.db");
    ASSERT_GT(proc.port(), 0);
    httplib::Client c("127.0.0.1", proc.port());
    auto r = c.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(proc.stop(SIGINT), 0);
}
