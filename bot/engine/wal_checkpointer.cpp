#include "wal_checkpointer.hpp"

#include <chrono>
#include <utility>

#include "sqlite.hpp"

namespace masscivic::bot {
namespace {
// Often enough that the log stays a few MB in a burst; rare enough to cost nothing when idle.
constexpr auto kInterval = std::chrono::seconds(1);
}  // namespace

WalCheckpointer::WalCheckpointer(std::string path)
    : path_(std::move(path)), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void WalCheckpointer::run() {
    try {
        auto db = Database::open(path_, Database::Mode::ReadWriteCreate);
        auto checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
        std::unique_lock lock(mu_);
        while (!wake_.wait_for(lock, kInterval, [&] { return stopping_; })) {
            lock.unlock();
            try {
                checkpoint.run();
            } catch (const std::exception&) {
                checkpoint.reset();  // busy or failed this time; the log just waits for the next
            }
            lock.lock();
        }
    } catch (const std::exception&) {
        // No second connection: the log then grows until the store's connection closes,
        // which checkpoints it; the bot keeps answering either way.
    }
}

}  // namespace masscivic::bot
