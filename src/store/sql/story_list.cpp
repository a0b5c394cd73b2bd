// The newsroom's story list, written once for both engines: filters, one sort column and keyset
// pages. A page is "the rows after (or before) this key in this order", found by a seek in the
// order's index, so a deep page costs what the first one does; nothing counts the archive.
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/articles.h"
#include "store/errors.h"
#include "store/sql/article_rows.h"
#include "store/sql/codec.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

// The sort key of an order: its expressions, most significant first, then a.id. Each matches an
// index of migration 10 (SQLite) / 9 (PostgreSQL) expression for expression, with and without
// status in front, so that the planner walks the index instead of sorting.
struct OrderKey {
  std::vector<std::string> expressions;
  std::vector<bool> is_text;
};

OrderKey order_key(StoryOrder order, const sql::Dialect& dialect) {
  const std::string bytes(dialect.byte_order);
  switch (order) {
    case StoryOrder::updated:
      return {{"a.updated_at"}, {false}};
    case StoryOrder::published:
      // Never published (no time) sorts as the oldest.
      return {{"coalesce(a.publish_at, 0)"}, {false}};
    case StoryOrder::headline:
      return {{"lower(a.headline)" + bytes}, {true}};
    case StoryOrder::section:
      return {{"a.section" + bytes, "a.updated_at"}, {true, false}};
  }
  return {{"a.updated_at"}, {false}};
}

// A cursor is the key of one row as a JSON array: its values in key order, then its id.
using KeyValue = std::variant<std::int64_t, std::string>;

std::vector<KeyValue> parse_cursor(const std::string& cursor, const OrderKey& key) {
  auto broken = [] { return ConstraintError("that page link is out of date or broken"); };
  auto parsed = nlohmann::json::parse(cursor, nullptr, false);
  if (!parsed.is_array() || parsed.size() != key.expressions.size() + 1) throw broken();
  std::vector<KeyValue> values;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const bool text = i < key.is_text.size() && key.is_text[i];
    if (text) {
      if (!parsed[i].is_string()) throw broken();
      values.emplace_back(parsed[i].get<std::string>());
    } else {
      if (!parsed[i].is_number_integer()) throw broken();
      values.emplace_back(parsed[i].get<std::int64_t>());
    }
  }
  return values;
}

std::string make_cursor(const std::vector<KeyValue>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) {
    if (std::holds_alternative<std::string>(v)) {
      out.push_back(std::get<std::string>(v));
    } else {
      out.push_back(std::get<std::int64_t>(v));
    }
  }
  return out.dump();
}

// The filters of a query; the SQL depends only on which are set, so each shape is prepared once.
// bind_list_filters binds in the same order.
std::string list_filter_sql(const StoryListQuery& q, const sql::Dialect& dialect) {
  std::string sql = " WHERE 1 = 1";
  if (q.kind) sql += " AND a.kind = ?";
  if (q.status) sql += " AND a.status = ?";
  if (q.section) sql += " AND a.section = ?";
  if (q.author_id) sql += " AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = ?)";
  if (q.entity_id) {
    sql +=
        " AND a.id IN (SELECT article_id FROM article_entities WHERE entity_id = ? AND "
        "state <> ?)";
  }
  const char* date = q.date == StoryDate::updated ? "a.updated_at" : "a.publish_at";
  if (q.from) sql += std::string(" AND ") + date + " >= ?";
  if (q.to) sql += std::string(" AND ") + date + " < ?";
  if (!q.text.empty()) sql += " AND " + std::string(dialect.story_text_match);
  return sql;
}

void bind_list_filters(Statement& s, const StoryListQuery& q, const std::string& text_query) {
  if (q.kind) s.bind(to_string(*q.kind));
  if (q.status) s.bind(to_string(*q.status));
  if (q.section) s.bind(*q.section);
  if (q.author_id) s.bind(*q.author_id);
  if (q.entity_id) s.bind(*q.entity_id, to_string(LinkState::rejected));
  if (q.from) s.bind(*q.from);
  if (q.to) s.bind(*q.to);
  if (!q.text.empty()) s.bind(text_query);
}

std::string row_tuple(const OrderKey& key) {
  std::string sql = "(";
  for (const auto& e : key.expressions) sql += e + ", ";
  return sql + "a.id)";
}

// Reads up to limit rows walking the order forward (descending as asked) or backward, after the
// cursor when one is given. Returns each row with its key.
std::vector<std::pair<StoryListRow, std::vector<KeyValue>>> walk(
    Session& s, const StoryListQuery& query, const OrderKey& key, bool forward,
    const std::vector<KeyValue>* from, int limit, const std::string& text_query) {
  const bool descending = forward ? query.descending : !query.descending;
  const char* direction = descending ? " DESC" : " ASC";
  std::string sql = std::string("SELECT ") + sql::kSummaryColumns + ", a.status";
  for (const auto& e : key.expressions) sql += ", " + e;
  sql += " FROM articles a" + list_filter_sql(query, s.dialect());
  if (from) {
    // The bound on the first expression alone says the same as the row comparison after it, but
    // SQLite seeks an expression index only on a plain comparison, not on a row value.
    sql += " AND " + key.expressions.front() + (descending ? " <= ?" : " >= ?");
    sql += " AND " + row_tuple(key) + (descending ? " < (" : " > (");
    for (std::size_t i = 0; i < key.expressions.size(); ++i) sql += "?, ";
    sql += "?)";
  }
  sql += " ORDER BY ";
  for (const auto& e : key.expressions) sql += e + direction + ", ";
  sql += std::string("a.id") + direction + " LIMIT ?";

  auto q = s.prepare(sql);
  bind_list_filters(q, query, text_query);
  auto bind_value = [&](const KeyValue& v) {
    if (std::holds_alternative<std::string>(v)) {
      q.bind(std::get<std::string>(v));
    } else {
      q.bind(std::get<std::int64_t>(v));
    }
  };
  if (from) {
    bind_value(from->front());
    for (const auto& v : *from) bind_value(v);
  }
  q.bind(limit);
  std::vector<std::pair<StoryListRow, std::vector<KeyValue>>> out;
  const int first = sql::kSummaryColumnCount + 1;
  while (q.step()) {
    StoryListRow row;
    row.story = sql::read_summary(q);
    row.status = sql::article_status_from(q.text(sql::kSummaryColumnCount));
    std::vector<KeyValue> values;
    for (std::size_t i = 0; i < key.expressions.size(); ++i) {
      const int column = first + static_cast<int>(i);
      if (key.is_text[i]) {
        values.emplace_back(q.text(column));
      } else {
        values.emplace_back(q.int64(column));
      }
    }
    values.emplace_back(row.story.id);
    out.emplace_back(std::move(row), std::move(values));
  }
  return out;
}

}  // namespace

const char* to_string(StoryOrder order) {
  switch (order) {
    case StoryOrder::updated:
      return "updated";
    case StoryOrder::published:
      return "published";
    case StoryOrder::headline:
      return "headline";
    case StoryOrder::section:
      return "section";
  }
  return "updated";
}

std::optional<StoryOrder> parse_story_order(std::string_view text) {
  for (auto order :
       {StoryOrder::updated, StoryOrder::published, StoryOrder::headline, StoryOrder::section}) {
    if (text == to_string(order)) return order;
  }
  return std::nullopt;
}

StoryListPage ArticleRepository::list_page(const StoryListQuery& query) {
  return scope_.run(Access::read, [&](Session& s) {
    StoryListPage page;
    if (query.limit <= 0) return page;
    const OrderKey key = order_key(query.order, s.dialect());
    std::string text_query;
    if (!query.text.empty()) {
      text_query = s.dialect().story_text_query(query.text);
      if (text_query.empty()) return page;  // no words: nothing matches
    }
    const bool backward = !query.before.empty();
    std::vector<KeyValue> cursor;
    if (backward) {
      cursor = parse_cursor(query.before, key);
    } else if (!query.after.empty()) {
      cursor = parse_cursor(query.after, key);
    }
    const bool has_cursor = !cursor.empty();
    // One row more than a page says whether there is a page beyond it.
    auto rows =
        walk(s, query, key, !backward, has_cursor ? &cursor : nullptr, query.limit + 1, text_query);
    const bool more = static_cast<int>(rows.size()) > query.limit;
    if (more) rows.pop_back();
    if (backward) std::reverse(rows.begin(), rows.end());
    if (!rows.empty()) {
      // Forward: more rows after, and rows before when this page followed a cursor. Backward:
      // more rows before, and the cursor's own row (at least) after.
      const bool before_exists = backward ? more : has_cursor;
      const bool after_exists = backward ? true : more;
      if (before_exists) page.previous = make_cursor(rows.front().second);
      if (after_exists) page.next = make_cursor(rows.back().second);
    }
    std::vector<ArticleSummary> summaries;
    summaries.reserve(rows.size());
    for (auto& [row, values] : rows) summaries.push_back(row.story);
    sql::fill_authors(s, summaries);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      rows[i].first.story = std::move(summaries[i]);
      page.rows.push_back(std::move(rows[i].first));
    }
    return page;
  });
}

bool ArticleRepository::remove(Id id) {
  return scope_.run(Access::write, [&](Session& s) {
    // Revisions, authors, tags, links, quotes, old slugs and queue rows go with it (ON DELETE
    // CASCADE); the full-text index follows by trigger (SQLite) or generated column (PostgreSQL).
    return s.run("DELETE FROM articles WHERE id = ?", id) > 0;
  });
}

}  // namespace marquee
