// One SQLite connection as a sql::Session: statements prepared once per connection and cached,
// typed binding and reading, SQLite errors turned into StoreError / ConstraintError. A Database
// is used by one thread at a time; the pool in connection_pool.h hands them out.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/session.h"

namespace marquee::sqlite {

// Throws ConstraintError for SQLITE_CONSTRAINT, StoreError for anything else.
[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context);

// SQLite's side of the SQL layer.
extern const sql::Dialect kDialect;

class Database final : public sql::Session {
 public:
  enum class Mode { read_write, read_only };

  // Opens the file and applies the connection settings (WAL, foreign keys, busy timeout,
  // synchronous=NORMAL). Throws StoreError naming the path when the file cannot be used.
  Database(const std::filesystem::path& file, Mode mode);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() override;

  sql::Statement prepare(const std::string& sql) override;
  const sql::Dialect& dialect() const override { return kDialect; }
  std::string id_or_next(std::string_view table, int parameter) const override;
  void identity_past(std::string_view, Id) override {}  // rowids move past given ids themselves

  // Runs one or more statements with no parameters (schema changes, pragmas).
  void exec(const char* sql);

  sqlite3* handle() const { return db_.get(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  std::filesystem::path path_;
  std::unique_ptr<sqlite3, CloseDb> db_;
  // Declared after db_ so that statements are finalized before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<sql::Cursor>> statements_;
};

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
