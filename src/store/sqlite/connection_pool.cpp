// The writer connection behind its mutex and the pool of read-only connections.
#include "store/sqlite/connection_pool.h"

namespace marquee::sqlite {

ConnectionPool::Lease::~Lease() {
  if (pool_) pool_->give_back(db_);
}

ConnectionPool::ConnectionPool(const std::filesystem::path& file, std::size_t max_readers)
    : file_(file),
      max_readers_(max_readers == 0 ? 1 : max_readers),
      writer_(std::make_unique<Database>(file, Database::Mode::read_write)) {}

ConnectionPool::Lease ConnectionPool::writer() {
  std::unique_lock lock(writer_mutex_);
  return Lease(nullptr, writer_.get(), std::move(lock));
}

ConnectionPool::Lease ConnectionPool::reader() {
  std::unique_lock lock(readers_mutex_);
  reader_returned_.wait(
      lock, [this] { return !idle_readers_.empty() || reserved_readers_ < max_readers_; });
  if (!idle_readers_.empty()) {
    Database* db = idle_readers_.back();
    idle_readers_.pop_back();
    return Lease(this, db, {});
  }
  // Opening takes a moment: reserve the slot, then open without holding the lock.
  ++reserved_readers_;
  lock.unlock();
  std::unique_ptr<Database> fresh;
  try {
    fresh = std::make_unique<Database>(file_, Database::Mode::read_only);
  } catch (...) {
    lock.lock();
    --reserved_readers_;
    lock.unlock();
    reader_returned_.notify_one();  // a waiter may take the freed slot
    throw;
  }
  lock.lock();
  readers_.push_back(std::move(fresh));
  return Lease(this, readers_.back().get(), {});
}

void ConnectionPool::give_back(Database* reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(reader);
  }
  reader_returned_.notify_one();
}

}  // namespace marquee::sqlite
