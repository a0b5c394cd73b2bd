// SQLite connection, cached statements and transactions, with errors mapped to the store's
// exception types.
#include "store/sqlite/database.h"

#include <cassert>
#include <string>

#include "store/errors.h"
#include "store/sqlite/rank.h"
#include "store/sqlite/search_text.h"

namespace marquee::sqlite {

const sql::Dialect kDialect{
    .greatest = "max",
    .least = "min",
    .lock_rows = "",  // one writer at a time: the write transaction is the lock
    .byte_order = "",
    .in_id_list = "IN (SELECT value FROM json_each(?))",
    .json_id_list = true,
    .indexed_by = " INDEXED BY ",
    .table_columns = "SELECT name FROM pragma_table_info(?)",
    .lock_text_key = "",
    .id_list_table = "json_each(?) m",
    // One lookup of the story's id in the index per row (about 0.1 ms at 1,000,000 stories):
    // used only when matches are dense enough that a page needs few (store/sql/story_list.cpp).
    .story_text_match =
        "EXISTS (SELECT 1 FROM article_search WHERE article_search MATCH ? AND rowid = a.id)",
    .story_text_query = fts5_match_expression,
    .story_text_ids =
        "SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid DESC LIMIT ?",
    .story_text_ids_oldest =
        "SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid LIMIT ?",
};

namespace {

constexpr int kBusyTimeoutMs = 5000;
// Reads go through a memory map of the file (as far as SQLite's own cap allows) rather than a
// read() call and a copy per page: a search looks up a window of matches on pages spread over
// the index, and every connection shares the same mapped pages instead of a private cache.
constexpr const char* kMemoryMap = "PRAGMA mmap_size=1099511627776";
// Debian's SQLite caps the map at 2 GB, so a large store's later pages (the newest stories, their
// index entries) are read with pread() into each connection's page cache: 64 MB each (SQLite's
// default is 2 MB) keeps a front page's stories there between requests instead of copying them
// from the kernel again (at 1,000,000 stories, 41% of a section feed's time). At most 320 MB
// for the four readers and the writer, and only as pages are read.
constexpr const char* kPageCache = "PRAGMA cache_size=-65536";

std::string open_failure(const std::filesystem::path& file, std::string_view reason) {
  return "cannot open store at " + file.string() + ": " + std::string(reason);
}

class Cursor final : public sql::Cursor {
 public:
  explicit Cursor(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor() override { sqlite3_finalize(stmt_); }

  void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }
  void bind_int(int index, std::int64_t value) override {
    check(sqlite3_bind_int64(stmt_, index, value));
  }
  void bind_real(int index, double value) override {
    check(sqlite3_bind_double(stmt_, index, value));
  }
  void bind_text(int index, std::string_view value) override {
    // A null data pointer would bind SQL NULL; an empty string must stay an empty string.
    const char* data = value.data() ? value.data() : "";
    check(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_bool(int index, bool value) override { bind_int(index, value ? 1 : 0); }

  bool step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(sqlite3_db_handle(stmt_), rc, "store");
  }
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::string text(int column) const override {
    const auto* data = sqlite3_column_text(stmt_, column);
    if (!data) return {};
    return std::string(reinterpret_cast<const char*>(data),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  bool boolean(int column) const override { return int64(column) != 0; }
  int affected() const override { return sqlite3_changes(sqlite3_db_handle(stmt_)); }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool busy() const { return sqlite3_stmt_busy(stmt_) != 0; }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw_error(sqlite3_db_handle(stmt_), rc, "bind");
  }
  sqlite3_stmt* stmt_;
};

}  // namespace

void throw_error(sqlite3* db, int code, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if ((code & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
  throw StoreError(message);
}

Database::Database(const std::filesystem::path& file, Mode mode) : path_(file) {
  int flags = SQLITE_OPEN_NOMUTEX;  // one thread at a time per connection, by construction
  flags |=
      mode == Mode::read_write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // SQLite may hand back a handle even on failure; it must still be closed
  if (rc != SQLITE_OK) {
    throw StoreError(open_failure(file, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  if (mode == Mode::read_write && sqlite3_db_readonly(raw, "main") == 1) {
    throw StoreError(open_failure(file, "the file is read-only"));
  }
  try {
    // The first statement reads the header, so this is where a file that is not a database
    // (or is corrupt) shows up.
    if (mode == Mode::read_write) {
      auto journal = prepare("PRAGMA journal_mode=WAL");
      if (!journal.step() || journal.text(0) != "wal") {
        throw StoreError("write-ahead logging is not available");
      }
    } else {
      prepare("SELECT count(*) FROM sqlite_schema").run();
    }
    exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
    exec(kMemoryMap);
    exec(kPageCache);
    register_rank_function(raw);
  } catch (const StoreError& e) {
    statements_.clear();
    throw StoreError(open_failure(file, e.what()));
  }
}

Database::~Database() = default;

sql::Statement Database::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size() + 1),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    auto cursor = std::make_unique<Cursor>(raw);  // finalizes raw even when preparing failed
    if (rc != SQLITE_OK) throw_error(db_.get(), rc, "prepare");
    found = statements_.emplace(sql, std::move(cursor)).first;
  }
  // One user of a cached statement at a time: a second would reset the first mid-way.
  assert(!static_cast<Cursor&>(*found->second).busy());
  return sql::Statement(*found->second);
}

std::string Database::id_or_next(std::string_view, int parameter) const {
  // NULL into an INTEGER PRIMARY KEY takes the next id. Built in steps: GCC 12 misreports
  // "literal" + std::string&& as overlapping (-Wrestrict).
  std::string placeholder = "?";
  placeholder += std::to_string(parameter);
  return placeholder;
}

void Database::exec(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError("store: " + message);
    throw StoreError("store: " + message);
  }
}

// BEGIN and COMMIT run as cached statements: every call of a repository is a transaction, and
// parsing the two each time cost 4% of a pass over the archive (sqlite3_exec prepares anew).
Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  db_.prepare(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
  if (!open_) return;
  // Nothing sensible to do if the rollback itself fails: SQLite rolls back on close anyway.
  sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.prepare("COMMIT").run();
  open_ = false;
}

}  // namespace marquee::sqlite
