// Cross-node change notices. PostgreSQL: NOTIFY on a short-lived announcing connection, LISTEN
// on a dedicated one that wait() polls with select(). SQLite: a small table in a file beside the
// store's (so notices never wait on the store's writer), polled by id.
#include "store/changes.h"

#include <sys/select.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "store/errors.h"
#include "store/locations.h"
#include "store/postgres/engine.h"
#include "store/sqlite/engine.h"
#include "store/sqlite/migrations.h"

namespace marquee {

ChangeFeed::~ChangeFeed() = default;

std::string ChangeNotice::payload() const {
  switch (kind) {
    case Kind::everything:
      return std::string(ChangeFeed::kEverything);
    case Kind::story:
      return "story:" + std::to_string(story_id);
    case Kind::live:
      return "live:" + std::to_string(story_id) + ":" + std::to_string(seq);
    case Kind::tags:
      break;
  }
  std::string text = "tags:";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i) text += ',';
    text += tags[i];
  }
  return text;
}

std::optional<ChangeNotice> ChangeNotice::parse(std::string_view payload) {
  if (payload == ChangeFeed::kEverything) return everything();
  if (payload.starts_with("tags:")) {
    std::vector<std::string> tags;
    std::string_view rest = payload.substr(5);
    while (!rest.empty()) {
      auto comma = rest.find(',');
      tags.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return of_tags(std::move(tags));
  }
  // A positive whole number that is all of text.
  const auto positive = [](std::string_view text) -> std::optional<std::int64_t> {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
  };
  if (payload.starts_with("story:")) {
    if (auto id = positive(payload.substr(6))) return of_story(*id);
  }
  if (payload.starts_with("live:")) {
    std::string_view rest = payload.substr(5);
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto id = positive(rest.substr(0, colon));
    auto seq = positive(rest.substr(colon + 1));
    if (id && seq) return of_live(*id, *seq);
  }
  return std::nullopt;
}

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// --- PostgreSQL

using postgres::kChangeChannel;
constexpr milliseconds kFirstBackoff{100};
constexpr milliseconds kMaxBackoff{5000};

class PostgresChangeFeed final : public ChangeFeed {
 public:
  explicit PostgresChangeFeed(std::string location) : location_(std::move(location)) {
    listener_ = listen();  // a bad location fails here, not in the first wait()
  }

  void announce(std::string_view payload) override {
    if (payload.size() > postgres::kMaxNoticePayload) payload = kEverything;
    std::lock_guard lock(announce_mutex_);
    // One retry on a fresh connection: the old one may have died since the last notice.
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!announcer_ || !announcer_->healthy()) {
          announcer_ = std::make_unique<postgres::Connection>(location_);
        }
        announcer_->run("SELECT pg_notify($1, $2)", kChangeChannel, payload);
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
    conn->exec(std::string("LISTEN ") + kChangeChannel);
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
// A listener idle longer than this drops everything rather than trust what it may have missed
// (a long pause can outlast the notices kept, see sqlite/engine.cpp).
constexpr std::chrono::seconds kIdleLimit{150};

class SqliteChangeFeed final : public ChangeFeed {
 public:
  explicit SqliteChangeFeed(const std::filesystem::path& file)
      : db_(file, sqlite::Database::Mode::read_write) {
    db_.exec(sqlite::kChangeNotices);
    last_seen_ = *db_.first_int("SELECT coalesce(max(id), 0) FROM change_notices");
    last_poll_ = Clock::now();
  }

  void announce(std::string_view payload) override {
    std::lock_guard lock(mutex_);
    sqlite::add_change_notice(db_, payload);
  }

  std::vector<std::string> wait(milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    std::vector<std::string> out;
    if (Clock::now() - last_poll_ > kIdleLimit) out.emplace_back(kEverything);
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
      auto q =
          db_.query("SELECT id, payload FROM change_notices WHERE id > ? ORDER BY id", last_seen_);
      bool first = true;
      while (q.step()) {
        const std::int64_t id = q.int64(0);
        // Ids have no gaps but where the oldest notices were pruned: then some were missed.
        if (first && id != last_seen_ + 1) out.emplace_back(kEverything);
        first = false;
        last_seen_ = id;
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

}  // namespace

std::unique_ptr<ChangeFeed> open_change_feed(const std::string& location) {
  if (is_postgres_location(location)) return std::make_unique<PostgresChangeFeed>(location);
  // In the store's own file: a write and its notice commit together.
  return std::make_unique<SqliteChangeFeed>(sqlite_store_file(location, false));
}

}  // namespace marquee
