// SQLite connection, cached statements and transactions, with errors mapped to the store's
// exception types.
#include "store/sqlite/database.h"

#include <cassert>
#include <string>

#include "store/store.h"

namespace marquee::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;

std::string open_failure(const std::filesystem::path& file, std::string_view reason) {
  return "cannot open store at " + file.string() + ": " + std::string(reason);
}

}  // namespace

void throw_error(sqlite3* db, int code, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if ((code & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
  throw StoreError(message);
}

// --- Statement

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) throw_error(sqlite3_db_handle(stmt_), rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) throw_error(sqlite3_db_handle(stmt_), rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // A null data pointer would bind SQL NULL; an empty string must stay an empty string.
  const char* data = value.data() ? value.data() : "";
  int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) throw_error(sqlite3_db_handle(stmt_), rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) throw_error(sqlite3_db_handle(stmt_), rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_error(sqlite3_db_handle(stmt_), rc, "store");
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  if (!data) return {};
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

// --- Database

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
  } catch (const StoreError& e) {
    statements_.clear();
    throw StoreError(open_failure(file, e.what()));
  }
}

Database::~Database() = default;

Statement Database::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size() + 1),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) throw_error(db_.get(), rc, "prepare");
    found = statements_.emplace(sql, std::move(stmt)).first;
  }
  // One user of a cached statement at a time: a second would reset the first mid-way.
  assert(!sqlite3_stmt_busy(found->second.get()));
  return Statement(found->second.get());
}

void Database::exec(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    std::string context = "store";
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(context + ": " + message);
    throw StoreError(context + ": " + message);
  }
}

bool has_row_with_id(Database& db, std::string_view table, std::int64_t id) {
  if (id == 0) return false;
  auto q = db.prepare("SELECT 1 FROM " + std::string(table) + " WHERE id = ?");
  q.bind(1, id);
  return q.step();
}

// --- Transaction

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  db_.exec(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (!open_) return;
  // Nothing sensible to do if the rollback itself fails: SQLite rolls back on close anyway.
  sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace marquee::sqlite
