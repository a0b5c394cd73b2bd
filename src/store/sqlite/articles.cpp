// Stories in SQLite: loading and saving whole stories (with authors, tags, redirects and
// revisions), the list queries behind home, section, author and topic pages, and scheduling.
#include <string>

#include "store/article_json.h"
#include "store/sqlite/article_rows.h"
#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace marquee::sqlite {
namespace {

constexpr const char* kArticleColumns =
    "id, slug, headline, dek, body, body_html, section, status, publish_at, created_at, "
    "updated_at, lead_media_id, clip_media_id, exclusive, featured, seo_title, seo_description, "
    "version";

std::vector<Id> author_ids_of(Database& db, Id article_id) {
  std::vector<Id> ids;
  auto q = db.prepare("SELECT user_id FROM article_authors WHERE article_id = ? ORDER BY position");
  q.bind(1, article_id);
  while (q.step()) ids.push_back(q.int64(0));
  return ids;
}

std::vector<std::string> tags_of(Database& db, Id article_id) {
  std::vector<std::string> tags;
  auto q = db.prepare("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY position");
  q.bind(1, article_id);
  while (q.step()) tags.push_back(q.text(0));
  return tags;
}

// where is a condition on one parameter, e.g. "id = ?".
template <typename Key>
std::optional<Article> load_article(Database& db, const char* where, const Key& key) {
  Article a;
  {
    auto q = db.prepare(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE " + where);
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    a.id = q.int64(0);
    a.slug = q.text(1);
    a.headline = q.text(2);
    a.dek = q.text(3);
    a.body = q.text(4);
    a.body_html = q.text(5);
    a.section = q.text(6);
    a.status = article_status_from(q.text(7));
    a.publish_at = from_unix(q.optional_int64(8));
    a.created_at = from_unix(q.int64(9));
    a.updated_at = from_unix(q.int64(10));
    a.lead_media_id = q.optional_int64(11);
    a.clip_media_id = q.optional_int64(12);
    a.exclusive = q.int64(13) != 0;
    a.featured = q.int64(14) != 0;
    a.seo_title = q.text(15);
    a.seo_description = q.text(16);
    a.version = q.int32(17);
  }
  a.author_ids = author_ids_of(db, a.id);
  a.tags = tags_of(db, a.id);
  return a;
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

// The WHERE clause of an ArticleQuery; the SQL text depends only on which filters are set, so
// each shape is prepared once. Parameters are bound in the same order by bind_filters.
std::string filter_sql(const ArticleQuery& query) {
  std::string sql = " WHERE 1 = 1";
  if (query.status) sql += " AND a.status = ?";
  if (query.section) sql += " AND a.section = ?";
  // IN (subquery) lets SQLite start from the join table's index for author and topic pages.
  if (query.author_id) {
    sql += " AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = ?)";
  }
  if (query.entity_id) {
    sql +=
        " AND a.id IN (SELECT article_id FROM article_entities WHERE entity_id = ? AND state <> "
        "'rejected')";
  }
  if (query.tag) sql += " AND a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)";
  if (query.headline_contains) sql += " AND lower(a.headline) LIKE lower(?) ESCAPE '\\'";
  return sql;
}

int bind_filters(Statement& q, const ArticleQuery& query) {
  int index = 0;
  if (query.status) q.bind(++index, to_string(*query.status));
  if (query.section) q.bind(++index, *query.section);
  if (query.author_id) q.bind(++index, *query.author_id);
  if (query.entity_id) q.bind(++index, *query.entity_id);
  if (query.tag) q.bind(++index, *query.tag);
  if (query.headline_contains) q.bind(++index, like_pattern(*query.headline_contains));
  return index;
}

void insert_revision(Database& db, const Article& stored, Id editor_id, Time saved_at) {
  db.prepare(
        "INSERT INTO revisions (article_id, version, editor_id, saved_at, article_json) "
        "VALUES (?, ?, ?, ?, ?)")
      .bind_all(stored.id, stored.version, id_or_null(editor_id), to_unix(saved_at),
                article_to_json(stored))
      .run();
}

void write_article_row(Database& db, const Article& a, bool exists) {
  const char* sql =
      exists ? "UPDATE articles SET slug = ?2, headline = ?3, dek = ?4, body = ?5, body_html = ?6, "
               "section = ?7, status = ?8, publish_at = ?9, created_at = ?10, updated_at = ?11, "
               "lead_media_id = ?12, clip_media_id = ?13, exclusive = ?14, featured = ?15, "
               "seo_title = ?16, seo_description = ?17, version = ?18 WHERE id = ?1"
             : "INSERT INTO articles (id, slug, headline, dek, body, body_html, section, status, "
               "publish_at, created_at, updated_at, lead_media_id, clip_media_id, exclusive, "
               "featured, seo_title, seo_description, version) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
               "?17, ?18)";
  db.prepare(sql)
      .bind_all(id_or_null(a.id), a.slug, a.headline, a.dek, a.body, a.body_html, a.section,
                to_string(a.status), to_unix(a.publish_at), to_unix(a.created_at),
                to_unix(a.updated_at), a.lead_media_id, a.clip_media_id, a.exclusive ? 1 : 0,
                a.featured ? 1 : 0, a.seo_title, a.seo_description, a.version)
      .run();
}

void write_authors_and_tags(Database& db, const Article& a) {
  db.prepare("DELETE FROM article_authors WHERE article_id = ?").bind(1, a.id).run();
  for (std::size_t i = 0; i < a.author_ids.size(); ++i) {
    db.prepare("INSERT INTO article_authors (article_id, position, user_id) VALUES (?, ?, ?)")
        .bind_all(a.id, static_cast<int>(i), a.author_ids[i])
        .run();
  }
  db.prepare("DELETE FROM article_tags WHERE article_id = ?").bind(1, a.id).run();
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    db.prepare("INSERT INTO article_tags (article_id, position, tag) VALUES (?, ?, ?)")
        .bind_all(a.id, static_cast<int>(i), a.tags[i])
        .run();
  }
}

// The old slug keeps answering (as a redirect); the live slug is never itself a redirect, even
// when it was once another story's old slug.
void update_redirects(Database& db, const Article& stored, const std::string& previous_slug) {
  if (!previous_slug.empty() && previous_slug != stored.slug) {
    db.prepare(
          "INSERT INTO redirects (old_slug, article_id) VALUES (?, ?) "
          "ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id")
        .bind_all(previous_slug, stored.id)
        .run();
  }
  db.prepare("DELETE FROM redirects WHERE old_slug = ?").bind(1, stored.slug).run();
}

}  // namespace

ArticleSummary read_summary(const Statement& q) {
  ArticleSummary s;
  s.id = q.int64(0);
  s.slug = q.text(1);
  s.headline = q.text(2);
  s.dek = q.text(3);
  s.section = q.text(4);
  s.publish_at = from_unix(q.optional_int64(5));
  s.updated_at = from_unix(q.int64(6));
  s.lead_media_id = q.optional_int64(7);
  s.exclusive = q.int64(8) != 0;
  s.featured = q.int64(9) != 0;
  return s;
}

void fill_authors(Database& db, std::vector<ArticleSummary>& summaries) {
  for (auto& s : summaries) s.author_ids = author_ids_of(db, s.id);
}

std::optional<Article> SqliteStore::article(Id id) {
  return read([&](Database& db) { return load_article(db, "id = ?", id); });
}

std::optional<Article> SqliteStore::article_by_slug(std::string_view slug) {
  return read([&](Database& db) { return load_article(db, "slug = ?", slug); });
}

std::optional<std::string> SqliteStore::slug_redirect(std::string_view old_slug) {
  return read([&](Database& db) -> std::optional<std::string> {
    auto q = db.prepare(
        "SELECT a.slug FROM redirects r JOIN articles a ON a.id = r.article_id "
        "WHERE r.old_slug = ?");
    q.bind(1, old_slug);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

Article SqliteStore::save_article(const Article& article, Id editor_id) {
  return save_article(article, editor_id, now_seconds());
}

Article SqliteStore::save_article(const Article& article, Id editor_id, Time saved_at) {
  return write([&](Database& db) {
    if (article.slug.empty()) throw ConstraintError("a story needs a slug");
    const std::string id_text = std::to_string(article.id);

    // What is stored now: its version is the one the caller must have started from.
    int stored_version = 0;
    std::string previous_slug;
    std::optional<Time> created_at;
    if (article.id != 0) {
      auto q = db.prepare("SELECT version, slug, created_at FROM articles WHERE id = ?");
      q.bind(1, article.id);
      if (q.step()) {
        stored_version = q.int32(0);
        previous_slug = q.text(1);
        created_at = from_unix(q.int64(2));
      }
    }
    const bool exists = created_at.has_value();
    if (article.id != 0 && article.version != stored_version) {
      throw ConflictError(exists
                              ? "story " + id_text + " was saved by someone else (now version " +
                                    std::to_string(stored_version) + ", this edit started from " +
                                    std::to_string(article.version) + ")"
                              : "story " + id_text + " no longer exists");
    }
    {
      auto q = db.prepare("SELECT id FROM articles WHERE slug = ? AND id <> ?");
      q.bind_all(article.slug, article.id);
      if (q.step()) {
        throw ConstraintError("slug '" + article.slug + "' is already used by story " +
                              std::to_string(q.int64(0)));
      }
    }

    const Time now = saved_at;
    Article stored = article;
    stored.version = stored_version + 1;
    stored.created_at = exists ? *created_at : now;
    stored.updated_at = now;
    // A published story always has a time, so that it lists and shows as published.
    if (stored.status == ArticleStatus::published && !stored.publish_at) stored.publish_at = now;

    write_article_row(db, stored, exists);
    if (stored.id == 0) stored.id = db.last_insert_id();
    write_authors_and_tags(db, stored);
    update_redirects(db, stored, previous_slug);
    insert_revision(db, stored, editor_id, now);
    return stored;
  });
}

std::vector<ArticleSummary> SqliteStore::articles(const ArticleQuery& query) {
  if (query.limit <= 0) return {};
  return read([&](Database& db) {
    std::vector<ArticleSummary> out;
    auto q = db.prepare(std::string("SELECT ") + kSummaryColumns + " FROM articles a" +
                        filter_sql(query) +
                        " ORDER BY a.publish_at DESC, a.updated_at DESC, a.id DESC"
                        " LIMIT ? OFFSET ?");
    int index = bind_filters(q, query);
    q.bind(++index, query.limit);
    q.bind(++index, std::max(query.offset, 0));
    while (q.step()) out.push_back(read_summary(q));
    fill_authors(db, out);
    return out;
  });
}

int SqliteStore::count_articles(const ArticleQuery& query) {
  return read([&](Database& db) {
    auto q = db.prepare("SELECT count(*) FROM articles a" + filter_sql(query));
    bind_filters(q, query);
    q.step();
    return q.int32(0);
  });
}

std::vector<ArticleSummary> SqliteStore::article_summaries(const std::vector<Id>& ids) {
  return read([&](Database& db) {
    std::vector<ArticleSummary> out;
    out.reserve(ids.size());
    for (Id id : ids) {
      auto q =
          db.prepare(std::string("SELECT ") + kSummaryColumns + " FROM articles a WHERE a.id = ?");
      q.bind(1, id);
      if (q.step()) out.push_back(read_summary(q));
    }
    fill_authors(db, out);
    return out;
  });
}

std::vector<Revision> SqliteStore::revisions(Id article_id) {
  return read([&](Database& db) {
    std::vector<Revision> out;
    auto q = db.prepare(
        "SELECT id, article_id, version, editor_id, saved_at, article_json FROM revisions "
        "WHERE article_id = ? ORDER BY version DESC");
    q.bind(1, article_id);
    while (q.step()) {
      Revision r;
      r.id = q.int64(0);
      r.article_id = q.int64(1);
      r.version = q.int32(2);
      r.editor_id = q.optional_int64(3).value_or(0);
      r.saved_at = from_unix(q.int64(4));
      r.article = article_from_json(q.text(5));
      out.push_back(std::move(r));
    }
    return out;
  });
}

std::vector<Id> SqliteStore::publish_due(Time now) {
  return write([&](Database& db) {
    std::vector<Id> due;
    {
      auto q = db.prepare(
          "SELECT id FROM articles WHERE status = ? AND publish_at <= ? ORDER BY publish_at, id");
      q.bind_all(to_string(ArticleStatus::scheduled), to_unix(now));
      while (q.step()) due.push_back(q.int64(0));
    }
    for (Id id : due) {
      // A new version, so that an editor still holding the scheduled copy gets a conflict
      // instead of silently unpublishing it. updated_at stays: going live is not an edit.
      auto story = load_article(db, "id = ?", id);
      story->status = ArticleStatus::published;
      story->version += 1;
      db.prepare("UPDATE articles SET status = ?, version = ? WHERE id = ?")
          .bind_all(to_string(story->status), story->version, id)
          .run();
      insert_revision(db, *story, 0, now);
    }
    return due;
  });
}

}  // namespace marquee::sqlite
