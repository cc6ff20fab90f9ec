#include "session_writer.hpp"

#include <exception>
#include <iostream>
#include <utility>

namespace masscivic::bot {

SessionWriter::SessionWriter(std::function<void(const std::vector<SessionRow>&)> commit)
    : commit_(std::move(commit)), thread_([this] { run(); }) {}

SessionWriter::~SessionWriter() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SessionWriter::write(SessionRow row) {
    {
        std::lock_guard lock(mu_);
        auto k = key(row.channel, row.user);
        queued_.insert_or_assign(std::move(k), std::move(row));
    }
    wake_.notify_one();
}

std::optional<SessionRow> SessionWriter::read_queued(const std::string& channel, const std::string& user) {
    auto k = key(channel, user);
    std::lock_guard lock(mu_);
    if (auto it = queued_.find(k); it != queued_.end()) return it->second;
    if (auto it = committing_.find(k); it != committing_.end()) return it->second;
    return std::nullopt;
}

void SessionWriter::flush() {
    std::unique_lock lock(mu_);
    wake_.notify_one();
    idle_.wait(lock, [&] { return queued_.empty() && committing_.empty(); });
}

void SessionWriter::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
        if (queued_.empty()) break;  // stopping, and nothing left to write
        // Let the rest of a burst queue up; stopping cuts the wait short.
        if (!stopping_) wake_.wait_for(lock, kWindow, [&] { return stopping_; });
        committing_.swap(queued_);
        std::vector<SessionRow> rows;
        rows.reserve(committing_.size());
        for (const auto& [k, row] : committing_) rows.push_back(row);
        lock.unlock();
        try {
            commit_(rows);
        } catch (const std::exception& e) {
            // The turns were answered already; their users continue from their previous
            // saved turn. Nothing is retried: a failing disk should not fill the memory.
            std::cerr << "masscivic-bot: session save failed (" << rows.size()
                      << " sessions): " << e.what() << "\n";
        }
        lock.lock();
        committing_.clear();
        idle_.notify_all();
    }
    idle_.notify_all();
}

}  // namespace masscivic::bot
