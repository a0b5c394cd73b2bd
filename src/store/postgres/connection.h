// libpq behind RAII: a connection (PGconn) and a query result (PGresult) that free themselves,
// and queries that always send their values as parameters (PQexecParams), never inside the SQL.
// Private to store/: the rest of Marquee reaches PostgreSQL through open_store() in store.h.
#pragma once

#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/types.h"
#include "store/sql/session.h"

namespace marquee::postgres {

// One query parameter in PostgreSQL's text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;

inline Param param(std::string_view s) {
  return std::string(s);
}
inline Param param(const std::string& s) {
  return s;
}
inline Param param(const char* s) {
  return std::string(s);
}
inline Param param(bool b) {
  return std::string(b ? "true" : "false");
}
inline Param param(std::int64_t n) {
  return std::to_string(n);
}
inline Param param(int n) {
  return std::to_string(n);
}
// Shortest text that reads back as the same double.
Param param(double d);
inline Param param(std::nullopt_t) {
  return std::nullopt;
}
template <typename T>
Param param(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return param(*value);
}

// The rows of one statement. Column values are read by row and column index.
class Result {
 public:
  explicit Result(PGresult* raw) : raw_(raw) {}
  int rows() const { return PQntuples(raw_.get()); }
  bool is_null(int row, int col) const { return PQgetisnull(raw_.get(), row, col) != 0; }
  std::string text(int row, int col) const {
    return std::string(PQgetvalue(raw_.get(), row, col),
                       static_cast<std::size_t>(PQgetlength(raw_.get(), row, col)));
  }
  std::int64_t int64(int row, int col) const;
  int int32(int row, int col) const { return static_cast<int>(int64(row, col)); }
  double real(int row, int col) const;
  bool boolean(int row, int col) const { return PQgetvalue(raw_.get(), row, col)[0] == 't'; }
  std::optional<std::int64_t> optional_int64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return int64(row, col);
  }
  // Rows changed by an INSERT, UPDATE or DELETE.
  int affected() const;

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> raw_;
};

// One session with the server. Not thread-safe: one thread at a time (the pool sees to that).
class Connection {
 public:
  // conninfo: a postgresql:// URL or key=value string. Throws StoreError when the server
  // cannot be reached, naming the location without its password.
  explicit Connection(const std::string& conninfo);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement (or several, for migrations) that take no values.
  void exec(const std::string& sql);
  // Runs one statement with values as $1, $2, ... Errors become ConstraintError (unique or
  // foreign-key violations) or StoreError.
  Result query(const std::string& sql, const std::vector<Param>& params = {});
  template <typename... Values>
  Result run(const std::string& sql, const Values&... values) {
    return query(sql, {param(values)...});
  }

  // Ends a failed transaction; errors are ignored (a broken connection has none left to end).
  void rollback() noexcept;

  // False once the server went away (killed backend, restart, network).
  bool healthy() const { return PQstatus(raw_.get()) == CONNECTION_OK; }
  PGconn* raw() const { return raw_.get(); }

  // The sql::Session cursors of statements used on this connection, by their SQL as written.
  std::unordered_map<std::string, std::unique_ptr<sql::Cursor>>& cursors() { return cursors_; }

 private:
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  Result check(PGresult* result, const std::string& sql);
  std::unique_ptr<PGconn, Finish> raw_;
  // Statements prepared on this session, by their SQL: the server plans each once, not on
  // every call (planning costs more than running the short queries of a page).
  std::unordered_map<std::string, std::string> prepared_;
  // Declared last, so that cursors (which may hold results) go first.
  std::unordered_map<std::string, std::unique_ptr<sql::Cursor>> cursors_;
};

// The location with any password replaced by "***", for messages and logs.
std::string redact(const std::string& location);

}  // namespace marquee::postgres
