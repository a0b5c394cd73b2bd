// The newsroom's story list, written once for both engines: filters, one sort column and keyset
// pages. A page is "the rows after (or before) this key in this order", found by a seek in the
// order's index, so a deep page costs what the first one does; nothing counts the archive.
// Words in the stories take one of three ways, chosen by how many stories match (see TextPlan).
#include <algorithm>
#include <limits>
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

// How the rows of a page are held to the words searched for (TextMatchLimits). The engine's
// index gives the matches newest first and cheaply, but the list's order is another: a page
// cannot be read off it. By how many stories match:
// - few (all within id_window): the page is read from those stories alone (ids), a row lookup
//   each;
// - many, and dense at both ends of the archive (probe_density): the order's index is walked and
//   each row is looked up in the text index (probe); a page needs few lookups;
// - many but sparse: every match is read into memory, in id order, and the order's index is
//   walked testing each row against them (members), without the text index's per-row cost.
// Measured at 1,000,000 stories on SQLite (docs/PERFORMANCE.md): a row lookup about 5 us, a probe
// about 0.1 ms, reading matches about 0.05 us each.
struct TextPlan {
  enum class Way { none, ids, probe, members } way = Way::none;
  std::string query;        // the engine's text query (probe)
  std::string ids;          // the matching ids as one parameter (ids)
  std::vector<Id> members;  // every matching id, ascending (members)
};

std::vector<Id> matching_ids(Session& s, const std::string& text_query, int limit,
                             bool oldest_first = false) {
  auto q = s.prepare(
      std::string(oldest_first ? s.dialect().story_text_ids_oldest : s.dialect().story_text_ids));
  q.bind(text_query, limit);
  std::vector<Id> ids;
  while (q.step()) ids.push_back(q.int64(0));
  return ids;
}

// words: as typed. Way::none when they hold no word (nothing matches).
TextPlan plan_text(Session& s, const std::string& words, const TextMatchLimits& limits) {
  const auto& dialect = s.dialect();
  TextPlan plan;
  std::string text_query = dialect.story_text_query(words);
  if (text_query.empty()) return plan;
  const std::size_t window = std::max<std::size_t>(limits.id_window, 1);
  // The last word as typed first (a trailing space ends it), as reader search does: when it alone
  // fills the window, its longer forms are not looked for. Merging every word a prefix begins is
  // what costs, in each probe above all.
  const std::string finished = dialect.story_text_query(words + " ");
  bool prefix = finished != text_query;
  const int window_rows = static_cast<int>(window) + 1;
  std::vector<Id> newest;
  if (prefix) {
    newest = matching_ids(s, finished, window_rows);
    if (newest.size() > window) {
      text_query = finished;
      prefix = false;
    } else {
      newest = matching_ids(s, text_query, window_rows);
    }
  } else {
    newest = matching_ids(s, text_query, window_rows);
  }
  if (newest.size() <= window) {
    plan.way = TextPlan::Way::ids;
    plan.ids = sql::id_list(dialect, newest);
    return plan;
  }
  // The share of ids that match at each end of the archive: the window's matches over the span
  // of ids from the last of them to that end. A name in the news of one season is dense at one end
  // only, and sparse along an order by headline: only a word dense at both ends is probed.
  auto oldest = matching_ids(s, text_query, static_cast<int>(window), true);
  const Id highest = s.first_int("SELECT max(id) FROM articles").value_or(newest.front());
  const Id lowest = s.first_int("SELECT min(id) FROM articles").value_or(oldest.front());
  const double span =
      static_cast<double>(std::max(std::max(highest, newest.front()) - newest[window - 1],
                                   oldest.back() - std::min(lowest, oldest.front())) +
                          1);
  if (!prefix && static_cast<double>(window) / span >= limits.probe_density) {
    plan.way = TextPlan::Way::probe;
    plan.query = text_query;
    return plan;
  }
  plan.way = TextPlan::Way::members;
  plan.members = matching_ids(s, text_query, std::numeric_limits<int>::max());
  std::sort(plan.members.begin(), plan.members.end());
  return plan;
}

// The filters of a query; the SQL depends only on which are set, so each shape is prepared once.
// bind_list_filters binds in the same order.
std::string list_filter_sql(const StoryListQuery& q, const TextPlan& text,
                            const sql::Dialect& dialect) {
  std::string sql = " WHERE 1 = 1";
  if (text.way == TextPlan::Way::ids) sql += " AND a.id = m.value";
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
  if (text.way == TextPlan::Way::probe) sql += " AND " + std::string(dialect.story_text_match);
  return sql;
}

void bind_list_filters(Statement& s, const StoryListQuery& q, const TextPlan& text) {
  if (q.kind) s.bind(to_string(*q.kind));
  if (q.status) s.bind(to_string(*q.status));
  if (q.section) s.bind(*q.section);
  if (q.author_id) s.bind(*q.author_id);
  if (q.entity_id) s.bind(*q.entity_id, to_string(LinkState::rejected));
  if (q.from) s.bind(*q.from);
  if (q.to) s.bind(*q.to);
  if (text.way == TextPlan::Way::probe) s.bind(text.query);
}

std::string row_tuple(const OrderKey& key) {
  std::string sql = "(";
  for (const auto& e : key.expressions) sql += e + ", ";
  return sql + "a.id)";
}

using KeyedRows = std::vector<std::pair<StoryListRow, std::vector<KeyValue>>>;

// Reads up to limit rows walking the order forward (descending as asked) or backward, after the
// cursor when one is given. Returns each row with its key; with keys_only, the rows hold only
// their id.
KeyedRows walk(Session& s, const StoryListQuery& query, const OrderKey& key, bool forward,
               const std::vector<KeyValue>* from, int limit, const TextPlan& text,
               bool keys_only = false) {
  const bool descending = forward ? query.descending : !query.descending;
  const char* direction = descending ? " DESC" : " ASC";
  std::string sql = keys_only ? std::string("SELECT a.id")
                              : std::string("SELECT ") + sql::kSummaryColumns + ", a.status";
  for (const auto& e : key.expressions) sql += ", " + e;
  // Driven by the list of ids: CROSS JOIN keeps SQLite's planner on it, not on an order index
  // that the few matches would leave mostly unread.
  sql += text.way == TextPlan::Way::ids
             ? " FROM " + std::string(s.dialect().id_list_table) + " CROSS JOIN articles a"
             : std::string(" FROM articles a");
  sql += list_filter_sql(query, text, s.dialect());
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
  if (text.way == TextPlan::Way::ids) q.bind(text.ids);
  bind_list_filters(q, query, text);
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
  KeyedRows out;
  const int first = keys_only ? 1 : sql::kSummaryColumnCount + 1;
  while (q.step()) {
    StoryListRow row;
    if (keys_only) {
      row.story.id = q.int64(0);
    } else {
      row.story = sql::read_summary(q);
      row.status = sql::article_status_from(q.text(sql::kSummaryColumnCount));
    }
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

// The page's rows when the matches are in memory: the order is walked walk_chunk rows at a time
// until limit rows are among the matches (or the order ends), then those rows are read whole.
KeyedRows walk_members(Session& s, const StoryListQuery& query, const OrderKey& key, bool forward,
                       const std::vector<KeyValue>* from, int limit, const TextPlan& text) {
  const TextPlan no_text;
  std::vector<Id> found;
  std::vector<KeyValue> cursor;
  const std::vector<KeyValue>* after = from;
  const int chunk_rows = std::max(query.text_limits.walk_chunk, 1);
  while (static_cast<int>(found.size()) < limit) {
    auto chunk = walk(s, query, key, forward, after, chunk_rows, no_text, true);
    for (const auto& [row, values] : chunk) {
      if (std::binary_search(text.members.begin(), text.members.end(), row.story.id)) {
        found.push_back(row.story.id);
        if (static_cast<int>(found.size()) == limit) break;
      }
    }
    if (static_cast<int>(chunk.size()) < chunk_rows) break;
    cursor = chunk.back().second;
    after = &cursor;
  }
  if (found.empty()) return {};
  TextPlan chosen;
  chosen.way = TextPlan::Way::ids;
  chosen.ids = sql::id_list(s.dialect(), found);
  return walk(s, query, key, forward, from, limit, chosen);
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
    TextPlan text;
    if (!query.text.empty()) {
      text = plan_text(s, query.text, query.text_limits);
      if (text.way == TextPlan::Way::none) return page;  // no words: nothing matches
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
    const auto* from = has_cursor ? &cursor : nullptr;
    auto rows = text.way == TextPlan::Way::members
                    ? walk_members(s, query, key, !backward, from, query.limit + 1, text)
                    : walk(s, query, key, !backward, from, query.limit + 1, text);
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
