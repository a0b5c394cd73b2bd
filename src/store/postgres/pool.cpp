// The connection pool: a mutex-guarded idle list, a count of open connections, and a wait with
// a deadline when all are in use.
#include "store/postgres/pool.h"

#include "store/errors.h"

namespace marquee::postgres {

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

Pool::Pool(std::string location, PoolOptions options)
    : location_(std::move(location)), options_(options) {
  if (options_.max_connections == 0) options_.max_connections = 1;
  idle_.push_back(std::make_unique<Connection>(location_));
  open_ = 1;
}

Pool::Lease Pool::lease() {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + options_.wait_for_connection;
  for (;;) {
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->healthy()) return Lease(this, std::move(conn));
      --open_;  // broken while idle: drop it and look again
      continue;
    }
    if (open_ < options_.max_connections) {
      ++open_;
      lock.unlock();  // connecting takes a round trip; others may use the pool meanwhile
      try {
        return Lease(this, std::make_unique<Connection>(location_));
      } catch (...) {
        lock.lock();
        --open_;
        returned_.notify_one();
        throw;
      }
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_connections) {
      throw StoreError("no PostgreSQL connection free after " +
                       std::to_string(options_.wait_for_connection.count()) + " ms (pool of " +
                       std::to_string(options_.max_connections) + ")");
    }
  }
}

void Pool::drop_idle() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(idle_);
    open_ -= closing.size();
  }
  returned_.notify_all();
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
  std::unique_ptr<Connection> closing;
  {
    std::lock_guard lock(mutex_);
    // A connection left inside a transaction (an exception between BEGIN and ROLLBACK that
    // could not roll back) is as good as broken.
    if (conn->healthy() && PQtransactionStatus(conn->raw()) == PQTRANS_IDLE) {
      idle_.push_back(std::move(conn));
    } else {
      closing = std::move(conn);
      --open_;
    }
  }
  returned_.notify_one();
}

}  // namespace marquee::postgres
