// A thin RAII layer over one SQLite connection: prepared statements cached per connection,
// typed binding and reading, and SQLite errors turned into StoreError / ConstraintError.
// A Database is used by one thread at a time; the pool in connection_pool.h hands them out.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace marquee::sqlite {

// Throws ConstraintError for SQLITE_CONSTRAINT, StoreError for anything else.
[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context);

// A cached statement in use: bind, step, read columns. Resets itself (and clears its bindings)
// when it goes out of scope, so the cached statement is ready for the next caller.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is by 1-based parameter index, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Binds every argument in order starting at parameter 1.
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // True while a row is available; false when done. Throws on error.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const { return static_cast<int>(int64(column)); }
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  enum class Mode { read_write, read_only };

  // Opens the file and applies the connection settings (WAL, foreign keys, busy timeout,
  // synchronous=NORMAL). Throws StoreError naming the path when the file cannot be used.
  Database(const std::filesystem::path& file, Mode mode);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // A statement for sql, prepared once per connection and reused.
  Statement prepare(const std::string& sql);
  // Runs one or more statements with no parameters (schema changes, pragmas).
  void exec(const char* sql);

  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }
  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  struct FinalizeStmt {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  using StmtPtr = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

  std::filesystem::path path_;
  std::unique_ptr<sqlite3, CloseDb> db_;
  // Declared after db_ so that statements are finalized before the connection closes.
  std::unordered_map<std::string, StmtPtr> statements_;
};

// True when table has a row with this id (0 never does). table is a fixed name, never input.
bool has_row_with_id(Database& db, std::string_view table, std::int64_t id);

// One transaction on one connection: commits on commit(), rolls back if destroyed before that
// (an exception midway leaves nothing behind).
class Transaction {
 public:
  enum class Kind { read, write };
  Transaction(Database& db, Kind kind);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace marquee::sqlite
