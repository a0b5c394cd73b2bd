// The small SQL layer both engines stand behind: a session is one connection inside one
// transaction; statements are prepared once per connection and cached, values are bound by type
// and rows read by column. SQL is written once with `?` (or `?N`) placeholders; the engine
// translates them once per statement. The few real differences between SQLite and PostgreSQL
// are named in Dialect. Private to store/: repositories use it, nothing outside store/ does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.h"

namespace marquee::sql {

// What differs between the engines in the SQL the repositories write.
struct Dialect {
  std::string_view greatest;    // the larger of two values: max / greatest
  std::string_view least;       // the smaller of two values: min / least
  std::string_view lock_rows;   // after a SELECT, locks its rows until commit: "" / " FOR UPDATE"
  std::string_view byte_order;  // after ORDER BY a text column, byte order: "" / " COLLATE \"C\""
  // A list of ids as one parameter: "column IN (...)" for a value made by id_list().
  std::string_view
      in_id_list;            // SQLite: IN (SELECT value FROM json_each(?)); PG: = ANY(?::bigint[])
  bool json_id_list = true;  // the id list's text form: [1,2] (SQLite) or {1,2} (PostgreSQL)
  // After a table's name, asks for one of its indexes by name (SQLite's INDEXED BY, where the
  // planner would otherwise take a narrower one that does not cover the query); empty on
  // PostgreSQL, whose planner weighs them from its statistics.
  std::string_view indexed_by;
  // The names of a table's stored columns, for the table's name as the one parameter.
  std::string_view table_columns;
  // Takes a lock on a text key (the one parameter) until the transaction ends; empty where write
  // transactions never overlap (SQLite's single writer).
  std::string_view lock_text_key;
  // The same list as a table "m" of one column, value, to drive a join from (after FROM).
  std::string_view id_list_table;
  // A condition on the stories aliased "a" that their headline, dek or body match the one
  // parameter (the engine's full-text index: FTS5 / tsvector), tested row by row, and how a
  // person's words become that parameter (empty when they hold no word).
  std::string_view story_text_match;
  std::string (*story_text_query)(std::string_view words) = nullptr;
  // The ids of the stories matching the first parameter, newest (highest id) first, at most the
  // second parameter; and the same oldest first.
  std::string_view story_text_ids;
  std::string_view story_text_ids_oldest;
};

// The engine's side of one prepared statement. Parameters and columns are numbered as in SQL
// (parameters from 1, columns from 0).
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_real(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_bool(int index, bool value) = 0;
  // True while a row is there; false when the statement is done. Throws StoreError.
  virtual bool step() = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual bool boolean(int column) const = 0;
  // Rows inserted, updated or deleted, once the statement is done.
  virtual int affected() const = 0;
  // Ready for the next use: rows dropped, bindings cleared.
  virtual void reset() = 0;
};

// A cached statement in use. Values bind in order (bind(a, b) binds ?1 and ?2); it resets the
// cursor when it goes out of scope, so the next caller of the same SQL finds it ready.
class Statement {
 public:
  explicit Statement(Cursor& cursor) : cursor_(&cursor) {}
  Statement(Statement&& other) noexcept
      : cursor_(std::exchange(other.cursor_, nullptr)), next_(other.next_) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (cursor_) cursor_->reset();
  }

  template <typename... Values>
  Statement& bind(const Values&... values) {
    (bind_one(values), ...);
    return *this;
  }

  bool step() { return cursor_->step(); }
  // Runs to the end; returns the rows it changed.
  int run() {
    while (cursor_->step()) {
    }
    return cursor_->affected();
  }

  bool is_null(int column) const { return cursor_->is_null(column); }
  std::int64_t int64(int column) const { return cursor_->int64(column); }
  int int32(int column) const { return static_cast<int>(cursor_->int64(column)); }
  double real(int column) const { return cursor_->real(column); }
  std::string text(int column) const { return cursor_->text(column); }
  bool boolean(int column) const { return cursor_->boolean(column); }
  std::optional<std::int64_t> optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
  }
  Time time(int column) const { return Time(std::chrono::seconds(int64(column))); }
  std::optional<Time> optional_time(int column) const {
    if (is_null(column)) return std::nullopt;
    return time(column);
  }

 private:
  void bind_one(std::int64_t v) { cursor_->bind_int(++next_, v); }
  void bind_one(int v) { cursor_->bind_int(++next_, v); }
  void bind_one(bool v) { cursor_->bind_bool(++next_, v); }
  void bind_one(double v) { cursor_->bind_real(++next_, v); }
  void bind_one(std::string_view v) { cursor_->bind_text(++next_, v); }
  void bind_one(const std::string& v) { cursor_->bind_text(++next_, v); }
  void bind_one(const char* v) { cursor_->bind_text(++next_, v); }
  void bind_one(Time t) { cursor_->bind_int(++next_, t.time_since_epoch().count()); }
  void bind_one(std::nullopt_t) { cursor_->bind_null(++next_); }
  template <typename T>
  void bind_one(const std::optional<T>& v) {
    if (v) {
      bind_one(*v);
    } else {
      cursor_->bind_null(++next_);
    }
  }

  Cursor* cursor_;
  int next_ = 0;
};

// 0 is "no row" in the domain types; NULL in the database.
inline std::optional<Id> id_or_null(Id id) {
  if (id == 0) return std::nullopt;
  return id;
}

// One connection inside one open transaction.
class Session {
 public:
  virtual ~Session() = default;

  // The statement for sql, prepared on first use on this connection.
  virtual Statement prepare(const std::string& sql) = 0;
  virtual const Dialect& dialect() const = 0;

  // The value of an INSERT's id column, from parameter ?N (numbered, as the rest of that
  // statement's parameters must be) bound to the given id or NULL: NULL takes the next id.
  virtual std::string id_or_next(std::string_view table, int parameter) const = 0;
  // After a row was inserted with a given id: later inserts without one never meet it.
  virtual void identity_past(std::string_view table, Id id) = 0;

  template <typename... Values>
  Statement query(const std::string& sql, const Values&... values) {
    Statement statement = prepare(sql);
    statement.bind(values...);
    return statement;
  }
  // Runs a statement that returns no rows; returns the rows it changed.
  template <typename... Values>
  int run(const std::string& sql, const Values&... values) {
    return query(sql, values...).run();
  }
  // True when the query returns a row.
  template <typename... Values>
  bool exists(const std::string& sql, const Values&... values) {
    return query(sql, values...).step();
  }
  // Inserts one row into table and returns its id: the given one (the table's identity then moves
  // past it), or the next when given is 0. values are the SQL for the columns after id, with
  // placeholders ?2, ?3, ... for the values that follow.
  template <typename... Values>
  Id insert(std::string_view table, std::string_view columns, std::string_view values, Id given,
            const Values&... rest) {
    Statement statement =
        query("INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES (" +
                  id_or_next(table, 1) + ", " + std::string(values) + ") RETURNING id",
              id_or_null(given), rest...);
    statement.step();
    const Id id = statement.int64(0);
    statement.run();
    if (given != 0) identity_past(table, given);
    return id;
  }
  // The first column of the first row, if there is one.
  template <typename... Values>
  std::optional<std::int64_t> first_int(const std::string& sql, const Values&... values) {
    Statement statement = query(sql, values...);
    if (!statement.step()) return std::nullopt;
    return statement.int64(0);
  }
};

// A list of ids in the text form Dialect::in_id_list reads.
std::string id_list(const Dialect& dialect, const std::vector<Id>& ids);

// True when table has a row with this id (0 never does). table is a fixed name, never input.
bool has_row_with_id(Session& session, std::string_view table, Id id);

// Turns `?` placeholders into `$1, $2, ...` and `?N` into `$N`, outside quoted text.
std::string dollar_placeholders(std::string_view sql);

}  // namespace marquee::sql
