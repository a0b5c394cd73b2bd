// Stories, written once for both engines: loading and saving whole stories (with authors, tags,
// redirects and revisions), the list queries behind home, section, author and topic pages, and
// scheduling that several nodes can run at once (each story flips exactly once).
#include "store/articles.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/errors.h"
#include "store/redirects.h"
#include "store/sql/article_json.h"
#include "store/sql/article_rows.h"
#include "store/sql/codec.h"
#include "store/sql/gallery_rows.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

constexpr const char* kArticleColumns =
    "id, slug, headline, dek, body, body_html, section, status, publish_at, created_at, "
    "updated_at, lead_media_id, clip_media_id, exclusive, featured, seo_title, seo_description, "
    "version, kind, live_ended_at, body_html_key";

// The columns of kArticleColumns, in its order, from the current row.
Article read_article_row(const Statement& q) {
  Article a;
  a.id = q.int64(0);
  a.slug = q.text(1);
  a.headline = q.text(2);
  a.dek = q.text(3);
  a.body = q.text(4);
  a.body_html = q.text(5);
  a.section = q.text(6);
  a.status = sql::article_status_from(q.text(7));
  a.publish_at = q.optional_time(8);
  a.created_at = q.time(9);
  a.updated_at = q.time(10);
  a.lead_media_id = q.optional_int64(11);
  a.clip_media_id = q.optional_int64(12);
  a.exclusive = q.boolean(13);
  a.featured = q.boolean(14);
  a.seo_title = q.text(15);
  a.seo_description = q.text(16);
  a.version = q.int32(17);
  a.kind = sql::article_kind_from(q.text(18));
  a.live_ended_at = q.optional_time(19);
  a.body_html_key = q.text(20);
  return a;
}

// where is a condition on one parameter, e.g. "id = ?".
template <typename Key>
std::optional<Article> load_article(Session& s, const char* where, const Key& key) {
  Article a;
  {
    auto q =
        s.query(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE " + where, key);
    if (!q.step()) return std::nullopt;
    a = read_article_row(q);
  }
  {
    auto q =
        s.query("SELECT user_id FROM article_authors WHERE article_id = ? ORDER BY position", a.id);
    while (q.step()) a.author_ids.push_back(q.int64(0));
  }
  {
    auto q = s.query("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY position", a.id);
    while (q.step()) a.tags.push_back(q.text(0));
  }
  if (a.kind == ArticleKind::gallery) a.photos = sql::read_gallery_photos(s, a.id);
  return a;
}

// Several stories in three statements (rows, bylines, tags) and one more per gallery.
std::vector<Article> load_articles(Session& s, const std::vector<Id>& ids) {
  std::unordered_map<Id, Article> found;
  const std::string in = " WHERE article_id " + std::string(s.dialect().in_id_list);
  const std::string list = sql::id_list(s.dialect(), ids);
  {
    auto q = s.query(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id " +
                         std::string(s.dialect().in_id_list),
                     list);
    while (q.step()) {
      Article a = read_article_row(q);
      found.emplace(a.id, std::move(a));
    }
  }
  {
    auto q = s.query(
        "SELECT article_id, user_id FROM article_authors" + in + " ORDER BY article_id, position",
        list);
    while (q.step()) found[q.int64(0)].author_ids.push_back(q.int64(1));
  }
  {
    auto q = s.query(
        "SELECT article_id, tag FROM article_tags" + in + " ORDER BY article_id, position", list);
    while (q.step()) found[q.int64(0)].tags.push_back(q.text(1));
  }
  std::vector<Article> out;
  out.reserve(found.size());
  for (Id id : ids) {
    auto it = found.find(id);
    if (it == found.end() || it->second.id == 0) continue;  // gone (or named twice: taken once)
    if (it->second.kind == ArticleKind::gallery)
      it->second.photos = sql::read_gallery_photos(s, it->second.id);
    out.push_back(std::move(it->second));
    found.erase(it);
  }
  return out;
}

// LIKE treats % and _ as wildcards; a headline search means the literal text.
std::string like_pattern(std::string_view needle) {
  std::string pattern = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

// The kinds as a literal condition (one shape each), so that the partial index of pages can
// serve a page list and is never taken for the news.
const char* kind_set_sql(KindSet kinds) {
  switch (kinds) {
    case KindSet::news:
      return " AND a.kind <> 'page'";
    case KindSet::pages:
      return " AND a.kind = 'page'";
    case KindSet::all:
      return "";
  }
  return "";
}

// The WHERE clause of an ArticleQuery; the SQL text depends only on which filters are set, so
// each shape is prepared once. bind_filters binds in the same order.
std::string filter_sql(const ArticleQuery& query) {
  std::string sql = std::string(" WHERE 1 = 1") + kind_set_sql(query.kinds);
  if (query.kind) sql += " AND a.kind = ?";
  if (query.status) sql += " AND a.status = ?";
  if (query.section) sql += " AND a.section = ?";
  // IN (subquery) lets the planner start from the join table's index for author and topic pages.
  if (query.author_id) {
    sql += " AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = ?)";
  }
  if (query.entity_id) {
    sql +=
        " AND a.id IN (SELECT article_id FROM article_entities WHERE entity_id = ? AND state <> "
        "'rejected')";
  }
  if (query.tag) sql += " AND a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)";
  if (query.clip_media_id) sql += " AND a.clip_media_id = ?";
  if (query.headline_contains) sql += " AND lower(a.headline) LIKE lower(?) ESCAPE '\\'";
  if (query.published_from) sql += " AND a.publish_at >= ?";
  if (query.published_before) sql += " AND a.publish_at < ?";
  if (query.after_id) {
    sql +=
        " AND (a.publish_at, a.updated_at, a.id) < (SELECT k.publish_at, k.updated_at, k.id FROM "
        "articles k WHERE k.id = ?)";
  }
  return sql;
}

// A published list of the news through one join table (an author's, a tag's or a topic's
// stories) and nothing else: read off that table's index of listed stories (migration 17 on
// SQLite, 15 on PostgreSQL), newest first by publish time and id, so that page 1 and page 5,000
// cost the same and neither reads the stories it skips (an offset, which only the API's numbered
// pages use, walks index entries alone). nullopt for any other list.
struct JoinList {
  const char* table;
  const char* key_sql;  // the join table's condition on the list's key
};

std::optional<JoinList> join_list(const ArticleQuery& q) {
  if (q.kinds != KindSet::news || q.status != ArticleStatus::published || q.section ||
      q.clip_media_id || q.headline_contains || q.published_from || q.published_before) {
    return std::nullopt;
  }
  const int keys = (q.author_id ? 1 : 0) + (q.entity_id ? 1 : 0) + (q.tag ? 1 : 0);
  if (keys != 1) return std::nullopt;
  // Of one kind: only a topic's link rows repeat the kind (a topic page's galleries).
  if (q.kind && !q.entity_id) return std::nullopt;
  if (q.author_id) return JoinList{"article_authors", "j.user_id = ?"};
  if (q.tag) return JoinList{"article_tags", "j.tag = ?"};
  if (q.kind) {
    return JoinList{"article_entities",
                    "j.entity_id = ? AND j.listed_kind = ? AND j.state <> 'rejected'"};
  }
  return JoinList{"article_entities", "j.entity_id = ? AND j.state <> 'rejected'"};
}

std::vector<ArticleSummary> list_through_join(Session& s, const ArticleQuery& query,
                                              const JoinList& join) {
  std::vector<ArticleSummary> out;
  // Where the page before ended: that story's publish time and id. A story no longer listed
  // (unpublished since) still has its time, so the page goes on from where it was.
  std::optional<Time> after_at;
  if (query.after_id) {
    auto k = s.query("SELECT publish_at FROM articles WHERE id = ?", *query.after_id);
    if (!k.step() || !k.optional_time(0)) return out;
    after_at = k.optional_time(0);
  }
  std::string sql = std::string("SELECT ") + sql::kSummaryColumns + " FROM (SELECT j.article_id, " +
                    "j.listed_at FROM " + join.table + " j WHERE " + join.key_sql +
                    " AND j.listed_at IS NOT NULL";
  // A row value, which both engines read as one range of the index.
  if (after_at) sql += " AND (j.listed_at, j.article_id) < (?, ?)";
  sql +=
      " ORDER BY j.listed_at DESC, j.article_id DESC LIMIT ? OFFSET ?) k JOIN articles a ON a.id = "
      "k.article_id ORDER BY k.listed_at DESC, k.article_id DESC";
  auto q = s.prepare(sql);
  if (query.author_id) q.bind(*query.author_id);
  if (query.tag) q.bind(*query.tag);
  if (query.entity_id) q.bind(*query.entity_id);
  if (query.entity_id && query.kind) q.bind(to_string(*query.kind));
  if (after_at) q.bind(*after_at, *query.after_id);
  // The API's numbered pages (an offset in the same order, so its pages never skip or repeat).
  q.bind(query.limit, std::max(query.offset, 0));
  while (q.step()) out.push_back(sql::read_summary(q));
  sql::fill_authors(s, out);
  return out;
}

void bind_filters(Statement& q, const ArticleQuery& query) {
  if (query.kind) q.bind(to_string(*query.kind));
  if (query.status) q.bind(to_string(*query.status));
  if (query.section) q.bind(*query.section);
  if (query.author_id) q.bind(*query.author_id);
  if (query.entity_id) q.bind(*query.entity_id);
  if (query.tag) q.bind(*query.tag);
  if (query.clip_media_id) q.bind(*query.clip_media_id);
  if (query.headline_contains) q.bind(like_pattern(*query.headline_contains));
  if (query.published_from) q.bind(*query.published_from);
  if (query.published_before) q.bind(*query.published_before);
  if (query.after_id) q.bind(*query.after_id);
}

void insert_revision(Session& s, const Article& stored, Id editor_id, Time saved_at) {
  s.run(
      "INSERT INTO revisions (article_id, version, editor_id, saved_at, article_json) "
      "VALUES (?, ?, ?, ?, ?)",
      stored.id, stored.version, sql::id_or_null(editor_id), saved_at, article_to_json(stored));
}

// Inserts or updates the row; returns the id (new on insert).
Id write_article_row(Session& s, const Article& a, bool exists) {
  if (!exists) {
    return s.insert(
        "articles", kArticleColumns,
        "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
        "?21",
        a.id, a.slug, a.headline, a.dek, a.body, a.body_html, a.section, to_string(a.status),
        a.publish_at, a.created_at, a.updated_at, a.lead_media_id, a.clip_media_id, a.exclusive,
        a.featured, a.seo_title, a.seo_description, a.version, to_string(a.kind), a.live_ended_at,
        a.body_html_key);
  }
  s.run(
      "UPDATE articles SET slug = ?2, headline = ?3, dek = ?4, body = ?5, body_html = ?6, "
      "section = ?7, status = ?8, publish_at = ?9, created_at = ?10, updated_at = ?11, "
      "lead_media_id = ?12, clip_media_id = ?13, exclusive = ?14, featured = ?15, "
      "seo_title = ?16, seo_description = ?17, version = ?18, kind = ?19, live_ended_at = ?20, "
      "body_html_key = ?21 WHERE id = ?1",
      a.id, a.slug, a.headline, a.dek, a.body, a.body_html, a.section, to_string(a.status),
      a.publish_at, a.created_at, a.updated_at, a.lead_media_id, a.clip_media_id, a.exclusive,
      a.featured, a.seo_title, a.seo_description, a.version, to_string(a.kind), a.live_ended_at,
      a.body_html_key);
  return a.id;
}

void write_authors_and_tags(Session& s, const Article& a) {
  s.run("DELETE FROM article_authors WHERE article_id = ?", a.id);
  for (std::size_t i = 0; i < a.author_ids.size(); ++i) {
    s.run("INSERT INTO article_authors (article_id, position, user_id) VALUES (?, ?, ?)", a.id,
          static_cast<int>(i), a.author_ids[i]);
  }
  s.run("DELETE FROM article_tags WHERE article_id = ?", a.id);
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    s.run("INSERT INTO article_tags (article_id, position, tag) VALUES (?, ?, ?)", a.id,
          static_cast<int>(i), a.tags[i]);
  }
}

// The old slug keeps answering (as a redirect); the live slug is never itself a redirect, even
// when it was once another story's old slug.
void update_redirects(Session& s, const Article& stored, const std::string& previous_slug) {
  if (!previous_slug.empty() && previous_slug != stored.slug) {
    s.run(
        "INSERT INTO redirects (old_slug, article_id) VALUES (?, ?) "
        "ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id",
        previous_slug, stored.id);
  }
  s.run("DELETE FROM redirects WHERE old_slug = ?", stored.slug);
}

Article save_article(Session& s, const Article& article, Id editor_id, Time saved_at) {
  if (article.slug.empty()) throw ConstraintError("a story needs a slug");
  const std::string id_text = std::to_string(article.id);

  // What is stored now: its version is the one the caller must have started from. The row lock
  // (PostgreSQL) makes racing editors of one version queue here; the second then sees the first
  // one's version and gets a conflict.
  int stored_version = 0;
  std::string previous_slug;
  std::optional<Time> created_at;
  if (article.id != 0) {
    auto q = s.query("SELECT version, slug, created_at FROM articles WHERE id = ?" +
                         std::string(s.dialect().lock_rows),
                     article.id);
    if (q.step()) {
      stored_version = q.int32(0);
      previous_slug = q.text(1);
      created_at = q.time(2);
    }
  }
  const bool exists = created_at.has_value();
  if (article.id != 0 && article.version != stored_version) {
    throw ConflictError(exists ? "story " + id_text + " was saved by someone else (now version " +
                                     std::to_string(stored_version) + ", this edit started from " +
                                     std::to_string(article.version) + ")"
                               : "story " + id_text + " no longer exists");
  }
  if (auto other = s.first_int("SELECT id FROM articles WHERE slug = ? AND id <> ?", article.slug,
                               article.id)) {
    throw ConstraintError("slug '" + article.slug + "' is already used by story " +
                          std::to_string(*other));
  }

  Article stored = article;
  stored.version = stored_version + 1;
  stored.created_at = exists ? *created_at : saved_at;
  stored.updated_at = saved_at;
  // A published story always has a time, so that it lists and shows as published.
  if (stored.status == ArticleStatus::published && !stored.publish_at) {
    stored.publish_at = saved_at;
  }

  stored.id = write_article_row(s, stored, exists);
  write_authors_and_tags(s, stored);
  sql::write_gallery_photos(s, stored);
  update_redirects(s, stored, previous_slug);
  insert_revision(s, stored, editor_id, saved_at);
  return stored;
}

}  // namespace

namespace sql {

ArticleSummary read_summary(const Statement& q) {
  ArticleSummary s;
  s.id = q.int64(0);
  s.slug = q.text(1);
  s.headline = q.text(2);
  s.dek = q.text(3);
  s.section = q.text(4);
  s.publish_at = q.optional_time(5);
  s.updated_at = q.time(6);
  s.lead_media_id = q.optional_int64(7);
  s.exclusive = q.boolean(8);
  s.featured = q.boolean(9);
  s.kind = article_kind_from(q.text(10));
  s.live_ended_at = q.optional_time(11);
  s.clip_media_id = q.optional_int64(12);
  return s;
}

std::string search_filter_sql(const SearchQuery& query, const std::optional<IdSpan>& ids,
                              const char* id_column) {
  std::string sql = std::string(" AND a.status = ?") + kind_set_sql(query.kinds);
  if (query.section) sql += " AND a.section = ?";
  if (query.entity_id) {
    sql +=
        " AND a.id IN (SELECT article_id FROM article_entities WHERE entity_id = ? AND "
        "state <> ?)";
  }
  if (query.from) sql += " AND a.publish_at >= ?";
  if (query.to) sql += " AND a.publish_at < ?";
  if (ids) sql += std::string(" AND ") + id_column + " BETWEEN ? AND ?";
  return sql;
}

void bind_search_filters(Statement& q, const SearchQuery& query, const std::optional<IdSpan>& ids) {
  q.bind(to_string(ArticleStatus::published));
  if (query.section) q.bind(*query.section);
  if (query.entity_id) q.bind(*query.entity_id, to_string(LinkState::rejected));
  if (query.from) q.bind(*query.from);
  if (query.to) q.bind(*query.to);
  if (ids) q.bind(ids->first, ids->last);
}

std::optional<IdSpan> published_id_span(Session& session, std::optional<Time> from,
                                        std::optional<Time> to) {
  // UTC days, as the table keeps them: the day of `from`, and the day of the last second
  // before `to`. Open ends reach past any day a story can have.
  constexpr std::int64_t kFarDay = std::int64_t{1} << 40;
  auto day_of = [](Time t) {
    return static_cast<std::int64_t>(
        std::chrono::floor<std::chrono::days>(t).time_since_epoch().count());
  };
  const std::int64_t first_day = from ? day_of(*from) : -kFarDay;
  const std::int64_t last_day = to ? day_of(*to - std::chrono::seconds(1)) : kFarDay;
  auto q = session.query(
      "SELECT min(first_id), max(last_id), count(*), count(first_id) + count(last_id) "
      "FROM published_days WHERE day BETWEEN ? AND ?",
      first_day, last_day);
  if (!q.step()) return std::nullopt;
  const std::int64_t days = q.int64(2);
  if (days == 0) return IdSpan{1, 0};
  if (q.int64(3) != 2 * days) return std::nullopt;
  return IdSpan{q.int64(0), q.int64(1)};
}

std::optional<IdSpan> search_id_span(Session& session, const SearchQuery& query) {
  if ((!query.from && !query.to) || query.kinds != KindSet::news) return std::nullopt;
  return published_id_span(session, query.from, query.to);
}

std::vector<ArticleSummary> summaries_by_id(Session& session, const std::vector<Id>& ids) {
  std::vector<ArticleSummary> out;
  out.reserve(ids.size());
  for (Id id : ids) {
    auto q = session.query(
        std::string("SELECT ") + kSummaryColumns + " FROM articles a WHERE a.id = ?", id);
    if (q.step()) out.push_back(read_summary(q));
  }
  fill_authors(session, out);
  return out;
}

void fill_authors(Session& session, std::vector<ArticleSummary>& summaries) {
  if (summaries.empty()) return;
  std::vector<Id> ids;
  std::unordered_map<Id, std::vector<ArticleSummary*>> by_id;
  for (auto& s : summaries) {
    if (by_id[s.id].empty()) ids.push_back(s.id);
    by_id[s.id].push_back(&s);
  }
  auto q = session.query("SELECT article_id, user_id FROM article_authors WHERE article_id " +
                             std::string(session.dialect().in_id_list) +
                             " ORDER BY article_id, position",
                         id_list(session.dialect(), ids));
  while (q.step()) {
    for (ArticleSummary* s : by_id[q.int64(0)]) s->author_ids.push_back(q.int64(1));
  }
}

}  // namespace sql

std::optional<Article> ArticleRepository::find(Id id) {
  return scope_.run(Access::read, [&](Session& s) { return load_article(s, "id = ?", id); });
}

std::vector<Article> ArticleRepository::find_many(const std::vector<Id>& ids) {
  if (ids.empty()) return {};
  return scope_.run(Access::read, [&](Session& s) { return load_articles(s, ids); });
}

std::optional<Article> ArticleRepository::find_by_slug(std::string_view slug) {
  return scope_.run(Access::read, [&](Session& s) { return load_article(s, "slug = ?", slug); });
}

Article ArticleRepository::save(const Article& article, Id editor_id,
                                std::optional<Time> saved_at) {
  const Time at = saved_at.value_or(sql::now_seconds());
  return scope_.run(Access::write,
                    [&](Session& s) { return save_article(s, article, editor_id, at); });
}

bool ArticleRepository::replace_body_html(Id id, int version, const std::string& body_html,
                                          const std::string& body_html_key) {
  return scope_.run(Access::write, [&](Session& s) {
    auto q = s.query(
        "UPDATE articles SET body_html = ?, body_html_key = ? WHERE id = ? AND version = ? "
        "RETURNING id",
        body_html, body_html_key, id, version);
    return q.step();
  });
}

bool ArticleRepository::at_version(Id id, int version) {
  return scope_.run(Access::write, [&](Session& s) {
    return s.exists(
        "SELECT 1 FROM articles WHERE id = ? AND version = ?" + std::string(s.dialect().lock_rows),
        id, version);
  });
}

std::vector<ArticleSummary> ArticleRepository::list(const ArticleQuery& query) {
  if (query.limit <= 0) return {};
  return scope_.run(Access::read, [&](Session& s) {
    if (auto join = join_list(query)) return list_through_join(s, query, *join);
    std::vector<ArticleSummary> out;
    // NULLS LAST is SQLite's own order for DESC; PostgreSQL has to be told.
    auto q = s.prepare(std::string("SELECT ") + sql::kSummaryColumns + " FROM articles a" +
                       filter_sql(query) +
                       " ORDER BY a.publish_at DESC NULLS LAST, a.updated_at DESC, a.id DESC"
                       " LIMIT ? OFFSET ?");
    bind_filters(q, query);
    q.bind(query.limit, std::max(query.offset, 0));
    while (q.step()) out.push_back(sql::read_summary(q));
    sql::fill_authors(s, out);
    return out;
  });
}

int ArticleRepository::count(const ArticleQuery& query) {
  return scope_.run(Access::read, [&](Session& s) {
    auto q = s.prepare("SELECT count(*) FROM articles a" + filter_sql(query));
    bind_filters(q, query);
    q.step();
    return q.int32(0);
  });
}

std::vector<PublishedDay> ArticleRepository::published_days() {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<PublishedDay> out;
    auto q = s.query("SELECT day, stories, last_change FROM published_days ORDER BY day DESC");
    while (q.step()) out.push_back({q.int64(0), q.int64(1), q.time(2)});
    return out;
  });
}

std::vector<ArticleSummary> ArticleRepository::published_locations(Time from, Time before,
                                                                   int limit) {
  return scope_.run(Access::read, [&](Session& s) {
    auto q = s.query(
        // The status is written out, not bound: a planner takes a partial index only for a
        // condition it can see implies the index's own. SQLite still prefers the list index,
        // which has the status in its key, and is told.
        "SELECT id, kind, slug, section, publish_at, updated_at, lead_media_id FROM articles" +
            (s.dialect().indexed_by.empty()
                 ? std::string()
                 : std::string(s.dialect().indexed_by) + "articles_published_locations") +
            " WHERE status = 'published' AND publish_at >= ? AND publish_at < ? AND kind <> ? "
            "ORDER BY publish_at DESC, id DESC LIMIT ?",
        from, before, to_string(ArticleKind::page), limit);
    std::vector<ArticleSummary> out;
    while (q.step()) {
      ArticleSummary a;
      a.id = q.int64(0);
      a.kind = parse_article_kind(q.text(1)).value_or(ArticleKind::article);
      a.slug = q.text(2);
      a.section = q.text(3);
      a.publish_at = q.optional_time(4);
      a.updated_at = q.time(5);
      a.lead_media_id = q.optional_int64(6);
      out.push_back(std::move(a));
    }
    return out;
  });
}

std::vector<ArticleSummary> ArticleRepository::summaries(const std::vector<Id>& ids) {
  return scope_.run(Access::read, [&](Session& s) { return sql::summaries_by_id(s, ids); });
}

std::vector<StoryTextRow> ArticleRepository::published_texts(Id after_id, int limit) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<StoryTextRow> out;
    // The status test is wrapped in a CASE so that neither planner takes the status index: it
    // would sort every published story for each page. By the primary key, a page is a seek.
    auto q = s.query(
        "SELECT id, headline, dek, body FROM articles "
        "WHERE id > ? AND (CASE WHEN status = ? THEN 1 ELSE 0 END) = 1 ORDER BY id LIMIT ?",
        after_id, to_string(ArticleStatus::published), limit);
    while (q.step()) out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3)});
    return out;
  });
}

std::vector<Id> ArticleRepository::ids_after(Id after_id, int limit) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<Id> out;
    auto q = s.query("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", after_id, limit);
    while (q.step()) out.push_back(q.int64(0));
    return out;
  });
}

std::vector<Revision> ArticleRepository::revisions(Id article_id) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<Revision> out;
    auto q = s.query(
        "SELECT id, article_id, version, editor_id, saved_at, article_json FROM revisions "
        "WHERE article_id = ? ORDER BY version DESC",
        article_id);
    while (q.step()) {
      Revision r;
      r.id = q.int64(0);
      r.article_id = q.int64(1);
      r.version = q.int32(2);
      r.editor_id = q.optional_int64(3).value_or(0);
      r.saved_at = q.time(4);
      r.article = article_from_json(q.text(5));
      out.push_back(std::move(r));
    }
    return out;
  });
}

std::vector<Id> ArticleRepository::publish_due(Time now) {
  return scope_.run(Access::write, [&](Session& s) {
    // One statement claims the due stories: a node running this at the same moment waits on the
    // row locks, then re-checks the status and skips what this one flipped.
    std::vector<std::pair<std::int64_t, Id>> flipped;
    {
      auto q = s.query(
          "UPDATE articles SET status = ?, version = version + 1 "
          "WHERE status = ? AND publish_at <= ? RETURNING id, publish_at",
          to_string(ArticleStatus::published), to_string(ArticleStatus::scheduled), now);
      while (q.step()) flipped.emplace_back(q.int64(1), q.int64(0));
    }
    std::sort(flipped.begin(), flipped.end());
    std::vector<Id> due;
    for (const auto& [when, id] : flipped) {
      // A new version and a revision, so that an editor still holding the scheduled copy gets a
      // conflict instead of silently unpublishing it. updated_at stays: going live is not an edit.
      auto story = load_article(s, "id = ?", id);
      insert_revision(s, *story, 0, now);
      due.push_back(id);
    }
    return due;
  });
}

std::optional<std::string> RedirectRepository::current_slug(std::string_view old_slug) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<std::string> {
    auto q = s.query(
        "SELECT a.slug FROM redirects r JOIN articles a ON a.id = r.article_id "
        "WHERE r.old_slug = ?",
        old_slug);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

}  // namespace marquee
