// The SQL layer on libpq: cursors over prepared statements that send every value as a text
// parameter, and the PostgreSQL dialect.
#include <charconv>
#include <cstring>

#include "store/errors.h"
#include "store/postgres/engine.h"
#include "store/postgres/search_words.h"

namespace marquee::postgres {
namespace {

const sql::Dialect kDialect{
    .greatest = "greatest",
    .least = "least",
    .lock_rows = " FOR UPDATE",
    .byte_order = " COLLATE \"C\"",  // as SQLite sorts, whatever the database's collation
    .in_id_list = "= ANY(CAST(? AS bigint[]))",
    .json_id_list = false,
    .indexed_by = "",
    .table_columns =
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? AND is_generated = 'NEVER'",
    .lock_text_key = "SELECT pg_advisory_xact_lock(hashtext(?))",
    .id_list_table = "unnest(CAST(? AS bigint[])) AS m(value)",
    .story_text_match = "a.search @@ to_tsquery('marquee_search', ?)",
    .story_text_query = tsquery_text,
    .story_text_ids =
        "SELECT id FROM articles WHERE search @@ to_tsquery('marquee_search', ?) ORDER BY id DESC "
        "LIMIT ?",
    .story_text_ids_oldest =
        "SELECT id FROM articles WHERE search @@ to_tsquery('marquee_search', ?) ORDER BY id LIMIT "
        "?",
};

class Cursor final : public sql::Cursor {
 public:
  Cursor(Connection& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

  void bind_null(int index) override { slot(index) = std::nullopt; }
  void bind_int(int index, std::int64_t value) override { slot(index) = param(value); }
  void bind_real(int index, double value) override { slot(index) = param(value); }
  void bind_text(int index, std::string_view value) override { slot(index) = param(value); }
  void bind_bool(int index, bool value) override { slot(index) = param(value); }

  bool step() override {
    if (!result_) {
      result_.emplace(conn_.query(sql_, params_));
      row_ = -1;
    }
    return ++row_ < result_->rows();
  }
  bool is_null(int column) const override { return result_->is_null(row_, column); }
  std::int64_t int64(int column) const override { return result_->int64(row_, column); }
  double real(int column) const override { return result_->real(row_, column); }
  std::string text(int column) const override { return result_->text(row_, column); }
  bool boolean(int column) const override { return result_->boolean(row_, column); }
  int affected() const override { return result_ ? result_->affected() : 0; }
  void reset() override {
    result_.reset();
    params_.clear();
  }

 private:
  Param& slot(int index) {
    if (static_cast<std::size_t>(index) > params_.size()) params_.resize(index);
    return params_[index - 1];
  }

  Connection& conn_;
  std::string sql_;  // with $n placeholders
  std::vector<Param> params_;
  std::optional<Result> result_;
  int row_ = -1;
};

}  // namespace

sql::Statement Session::prepare(const std::string& sql) {
  auto& cursors = conn_.cursors();
  auto found = cursors.find(sql);
  if (found == cursors.end()) {
    found =
        cursors.emplace(sql, std::make_unique<Cursor>(conn_, sql::dollar_placeholders(sql))).first;
  }
  return sql::Statement(*found->second);
}

const sql::Dialect& Session::dialect() const {
  return kDialect;
}

std::string Session::id_or_next(std::string_view table, int parameter) const {
  return "coalesce(CAST(?" + std::to_string(parameter) +
         " AS bigint), nextval(pg_get_serial_sequence('" + std::string(table) + "', 'id')))";
}

void Session::identity_past(std::string_view table, Id id) {
  conn_.run(std::string("SELECT setval(s, $1) FROM (SELECT pg_get_serial_sequence('") +
                std::string(table) +
                "', 'id')::regclass AS s) seq WHERE $1 > coalesce(pg_sequence_last_value(s), 0)",
            id);
}

}  // namespace marquee::postgres
