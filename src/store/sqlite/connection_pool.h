// Connections to one SQLite file shared by many threads: one writer behind a mutex (SQLite
// allows a single writer anyway) and a pool of read-only connections that WAL lets run beside it.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "store/sqlite/database.h"

namespace marquee::sqlite {

class ConnectionPool {
 public:
  // A connection on loan: a reader goes back to the pool, the writer's lock is released, when
  // the lease ends.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          db_(other.db_),
          writer_lock_(std::move(other.writer_lock_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, Database* db, std::unique_lock<std::mutex> writer_lock)
        : pool_(pool), db_(db), writer_lock_(std::move(writer_lock)) {}
    ConnectionPool* pool_;  // set for a reader lease only
    Database* db_;
    std::unique_lock<std::mutex> writer_lock_;  // held by the writer's lease only
  };

  // Opens the writer at once (so that open errors surface here); readers open on demand, at
  // most max_readers of them.
  ConnectionPool(const std::filesystem::path& file, std::size_t max_readers);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  Lease writer();
  Lease reader();

 private:
  void give_back(Database* reader);

  std::filesystem::path file_;
  std::size_t max_readers_;

  std::mutex writer_mutex_;
  std::unique_ptr<Database> writer_;

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Database>> readers_;  // every reader opened so far
  std::vector<Database*> idle_readers_;
  std::size_t reserved_readers_ = 0;  // opened or being opened
};

}  // namespace marquee::sqlite
