// Checkpoints the session store's write-ahead log from a thread of its own, on a connection
// of its own. SQLite's automatic checkpoint runs inside whichever save crosses 1,000 WAL
// pages, fsyncs while that save holds the store's lock, and so stalls every turn: in a
// 1,000-session burst 8 such saves held the lock 10-18 ms each (74 ms of the 159 ms it was
// held in all). A passive checkpoint here never blocks the writer.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace masscivic::bot {

class WalCheckpointer {
public:
    explicit WalCheckpointer(std::string path);  // starts the thread
    ~WalCheckpointer();                           // stops and joins it
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

private:
    void run();

    std::string path_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace masscivic::bot
