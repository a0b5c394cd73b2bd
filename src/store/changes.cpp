// Cross-node change notices. PostgreSQL: NOTIFY on a short-lived announcing connection, LISTEN
// on a dedicated one that wait() polls with select(). SQLite: a small table in a file beside the
// store's (so notices never wait on the store's writer), polled by id.
#include "store/changes.h"

#include <sys/select.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "store/postgres/connection.h"
#include "store/sqlite/database.h"
#include "store/store.h"

namespace marquee {

ChangeFeed::~ChangeFeed() = default;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// --- PostgreSQL

constexpr const char* kChannel = "marquee_changes";
// NOTIFY payloads must be shorter than 8000 bytes.
constexpr std::size_t kMaxPayload = 7000;
constexpr milliseconds kFirstBackoff{100};
constexpr milliseconds kMaxBackoff{5000};

class PostgresChangeFeed final : public ChangeFeed {
 public:
  explicit PostgresChangeFeed(std::string location) : location_(std::move(location)) {
    listener_ = listen();  // a bad location fails here, not in the first wait()
  }

  void announce(std::string_view payload) override {
    if (payload.size() > kMaxPayload) payload = kEverything;
    std::lock_guard lock(announce_mutex_);
    // One retry on a fresh connection: the old one may have died since the last notice.
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!announcer_ || !announcer_->healthy()) {
          announcer_ = std::make_unique<postgres::Connection>(location_);
        }
        announcer_->run("SELECT pg_notify($1, $2)", kChannel, payload);
        return;
      } catch (const StoreError&) {
        if (attempt == 1 || (announcer_ && announcer_->healthy())) throw;
        announcer_.reset();
      }
    }
  }

  std::vector<std::string> wait(milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    std::vector<std::string> out;
    for (;;) {
      if (!listener_ && !reconnect(deadline)) return out;
      if (missed_) {
        missed_ = false;
        out.emplace_back(kEverything);
      }
      if (!drain(out)) {
        lost();
        continue;
      }
      if (!out.empty()) return out;
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return out;
      if (!wait_readable(left)) {
        lost();
        continue;
      }
    }
  }

 private:
  std::unique_ptr<postgres::Connection> listen() {
    auto conn = std::make_unique<postgres::Connection>(location_);
    conn->exec(std::string("LISTEN ") + kChannel);
    return conn;
  }

  void lost() {
    listener_.reset();
    next_attempt_ = Clock::now();  // the first retry is immediate; later ones back off
    backoff_ = kFirstBackoff;
  }

  // Tries to connect again until the deadline; true once listening (and kEverything owed).
  bool reconnect(Clock::time_point deadline) {
    for (;;) {
      const auto now = Clock::now();
      if (now >= next_attempt_) {
        try {
          listener_ = listen();
          missed_ = true;
          backoff_ = kFirstBackoff;
          return true;
        } catch (const StoreError&) {
          next_attempt_ = Clock::now() + backoff_;
          backoff_ = std::min(backoff_ * 2, kMaxBackoff);
        }
      }
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_until(std::min(next_attempt_, deadline));
    }
  }

  // Reads what arrived; false when the connection is gone.
  bool drain(std::vector<std::string>& out) {
    PGconn* conn = listener_->raw();
    if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) return false;
    while (PGnotify* notice = PQnotifies(conn)) {
      out.emplace_back(notice->extra);
      PQfreemem(notice);
    }
    return true;
  }

  // Waits for the listener's socket; false when it is unusable.
  bool wait_readable(milliseconds left) {
    const int fd = PQsocket(listener_->raw());
    if (fd < 0) return false;
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(fd, &readable);
    timeval tv{static_cast<time_t>(left.count() / 1000),
               static_cast<suseconds_t>((left.count() % 1000) * 1000)};
    return select(fd + 1, &readable, nullptr, nullptr, &tv) >= 0 || errno == EINTR;
  }

  std::string location_;
  std::unique_ptr<postgres::Connection> listener_;  // used by wait() only
  bool missed_ = false;
  Clock::time_point next_attempt_{};
  milliseconds backoff_ = kFirstBackoff;

  std::mutex announce_mutex_;
  std::unique_ptr<postgres::Connection> announcer_;
};

// --- SQLite

constexpr milliseconds kPollInterval{50};
// Notices older than this are removed; a listener idle longer than half of it drops everything.
constexpr std::chrono::seconds kRetention{300};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class SqliteChangeFeed final : public ChangeFeed {
 public:
  explicit SqliteChangeFeed(const std::filesystem::path& file)
      : db_(file, sqlite::Database::Mode::read_write) {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS change_notices ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, at INTEGER NOT NULL)");
    auto q = db_.prepare("SELECT coalesce(max(id), 0) FROM change_notices");
    q.step();
    last_seen_ = q.int64(0);
    last_poll_ = Clock::now();
  }

  void announce(std::string_view payload) override {
    std::lock_guard lock(mutex_);
    db_.prepare("INSERT INTO change_notices (payload, at) VALUES (?, ?)")
        .bind_all(payload, unix_now())
        .run();
    db_.prepare("DELETE FROM change_notices WHERE at < ?")
        .bind(1, unix_now() - kRetention.count())
        .run();
  }

  std::vector<std::string> wait(milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    std::vector<std::string> out;
    if (Clock::now() - last_poll_ > kRetention / 2) out.emplace_back(kEverything);
    for (;;) {
      poll(out);
      last_poll_ = Clock::now();
      if (!out.empty() || Clock::now() >= deadline) return out;
      std::this_thread::sleep_until(std::min(Clock::now() + kPollInterval, deadline));
    }
  }

 private:
  void poll(std::vector<std::string>& out) {
    std::lock_guard lock(mutex_);
    try {
      auto q = db_.prepare("SELECT id, payload FROM change_notices WHERE id > ? ORDER BY id");
      q.bind(1, last_seen_);
      while (q.step()) {
        last_seen_ = q.int64(0);
        out.push_back(q.text(1));
      }
    } catch (const StoreError&) {
      // Busy or briefly unreadable: whatever was missed, the cache must not trust itself.
      out.emplace_back(kEverything);
    }
  }

  std::mutex mutex_;  // one connection, shared by announce() and wait()
  sqlite::Database db_;
  std::int64_t last_seen_ = 0;
  Clock::time_point last_poll_;
};

// The store file a location names, as open_store() reads it.
std::filesystem::path sqlite_file_of(const std::string& location) {
  constexpr std::string_view prefix = "sqlite:";
  if (location.starts_with(prefix)) {
    std::string_view rest = std::string_view(location).substr(prefix.size());
    if (rest.starts_with("//")) rest.remove_prefix(2);
    if (rest.empty()) throw StoreError("store location " + location + " has no file");
    return std::filesystem::path(rest);
  }
  return std::filesystem::path(location) / "marquee.db";
}

}  // namespace

std::unique_ptr<ChangeFeed> open_change_feed(const std::string& location) {
  if (location.empty()) throw StoreError("no store location given");
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return std::make_unique<PostgresChangeFeed>(location);
  }
  if (location.find("://") != std::string::npos && !location.starts_with("sqlite:")) {
    throw StoreError("unknown kind of store location: " + location);
  }
  // Beside the store's file, not in it: notices never queue behind the store's writer.
  std::filesystem::path store_file = sqlite_file_of(location);
  return std::make_unique<SqliteChangeFeed>(store_file.string() + ".changes");
}

}  // namespace marquee
