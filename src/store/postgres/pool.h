// A small thread-safe pool of PostgreSQL connections to one location. Connections open on
// demand up to a limit; one that broke (killed backend, server restart) is dropped when it comes
// back, and the next borrower gets a fresh one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/connection.h"

namespace marquee::postgres {

struct PoolOptions {
  std::size_t max_connections = 8;  // enough for the io threads and a background job
  std::chrono::milliseconds wait_for_connection{30000};  // then StoreError
};

class Pool {
 public:
  // A connection on loan; it goes back to the pool (or is dropped, when broken) at scope end.
  class Lease {
   public:
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Opens one connection at once, so that a bad location fails here and not on first use.
  Pool(std::string location, PoolOptions options = {});
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Lease lease();
  // Closes every idle connection (e.g. after the server restarted); leased ones close on return.
  void drop_idle();
  const std::string& location() const { return location_; }

 private:
  void give_back(std::unique_ptr<Connection> conn);

  std::string location_;
  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle, leased, or being opened
};

}  // namespace marquee::postgres
