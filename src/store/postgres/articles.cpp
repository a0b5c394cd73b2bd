// Stories in PostgreSQL: loading and saving whole stories (with authors, tags, redirects and
// revisions), the list queries behind home, section, author and topic pages, and scheduling
// that several nodes can run at once (each story flips exactly once).
#include <algorithm>
#include <string>

#include "store/article_json.h"
#include "store/postgres/article_rows.h"
#include "store/postgres/common.h"
#include "store/postgres/postgres_store.h"

namespace marquee::postgres {
namespace {

constexpr const char* kArticleColumns =
    "id, slug, headline, dek, body, body_html, section, status, publish_at, created_at, "
    "updated_at, lead_media_id, clip_media_id, exclusive, featured, seo_title, seo_description, "
    "version";

std::vector<Id> author_ids_of(Connection& conn, Id article_id) {
  std::vector<Id> ids;
  auto r = conn.run("SELECT user_id FROM article_authors WHERE article_id = $1 ORDER BY position",
                    article_id);
  for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
  return ids;
}

std::vector<std::string> tags_of(Connection& conn, Id article_id) {
  std::vector<std::string> tags;
  auto r =
      conn.run("SELECT tag FROM article_tags WHERE article_id = $1 ORDER BY position", article_id);
  for (int i = 0; i < r.rows(); ++i) tags.push_back(r.text(i, 0));
  return tags;
}

// where is a condition on $1, e.g. "id = $1".
template <typename Key>
std::optional<Article> load_article(Connection& conn, const char* where, const Key& key) {
  auto r =
      conn.run(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE " + where, key);
  if (r.rows() == 0) return std::nullopt;
  Article a;
  a.id = r.int64(0, 0);
  a.slug = r.text(0, 1);
  a.headline = r.text(0, 2);
  a.dek = r.text(0, 3);
  a.body = r.text(0, 4);
  a.body_html = r.text(0, 5);
  a.section = r.text(0, 6);
  a.status = article_status_from(r.text(0, 7));
  a.publish_at = optional_time_at(r, 0, 8);
  a.created_at = time_at(r, 0, 9);
  a.updated_at = time_at(r, 0, 10);
  a.lead_media_id = r.optional_int64(0, 11);
  a.clip_media_id = r.optional_int64(0, 12);
  a.exclusive = r.boolean(0, 13);
  a.featured = r.boolean(0, 14);
  a.seo_title = r.text(0, 15);
  a.seo_description = r.text(0, 16);
  a.version = r.int32(0, 17);
  a.author_ids = author_ids_of(conn, a.id);
  a.tags = tags_of(conn, a.id);
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

// The WHERE clause of an ArticleQuery and its parameters, numbered from $1.
struct Filter {
  std::string sql = " WHERE true";
  std::vector<Param> params;

  std::string next(Param value) {
    params.push_back(std::move(value));
    // Built in steps: GCC 12 misreports "literal" + std::string&& as overlapping (-Wrestrict).
    std::string placeholder = "$";
    placeholder += std::to_string(params.size());
    return placeholder;
  }
};

Filter filter_of(const ArticleQuery& query) {
  Filter f;
  if (query.status) f.sql += " AND a.status = " + f.next(param(to_string(*query.status)));
  if (query.section) f.sql += " AND a.section = " + f.next(param(*query.section));
  if (query.author_id) {
    f.sql += " AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = " +
             f.next(param(*query.author_id)) + ")";
  }
  if (query.entity_id) {
    f.sql += " AND a.id IN (SELECT article_id FROM article_entities WHERE entity_id = " +
             f.next(param(*query.entity_id)) + " AND state <> 'rejected')";
  }
  if (query.tag) {
    f.sql += " AND a.id IN (SELECT article_id FROM article_tags WHERE tag = " +
             f.next(param(*query.tag)) + ")";
  }
  if (query.headline_contains) {
    f.sql += " AND lower(a.headline) LIKE lower(" +
             f.next(param(like_pattern(*query.headline_contains))) + ") ESCAPE '\\'";
  }
  return f;
}

void insert_revision(Connection& conn, const Article& stored, Id editor_id, Time saved_at) {
  conn.run(
      "INSERT INTO revisions (article_id, version, editor_id, saved_at, article_json) "
      "VALUES ($1, $2, $3, $4, $5)",
      stored.id, stored.version, id_or_null(editor_id), to_unix(saved_at), article_to_json(stored));
}

// Inserts or updates the row; returns the id (new on insert).
Id write_article_row(Connection& conn, const Article& a, bool exists) {
  const std::string sql =
      exists ? "UPDATE articles SET slug = $2, headline = $3, dek = $4, body = $5, "
               "body_html = $6, section = $7, status = $8, publish_at = $9, created_at = $10, "
               "updated_at = $11, lead_media_id = $12, clip_media_id = $13, exclusive = $14, "
               "featured = $15, seo_title = $16, seo_description = $17, version = $18 "
               "WHERE id = $1 RETURNING id"
             : "INSERT INTO articles (id, slug, headline, dek, body, body_html, section, status, "
               "publish_at, created_at, updated_at, lead_media_id, clip_media_id, exclusive, "
               "featured, seo_title, seo_description, version) VALUES (" +
                   id_or_next("articles") +
                   ", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
                   "$18) RETURNING id";
  auto r = conn.run(sql, id_or_null(a.id), a.slug, a.headline, a.dek, a.body, a.body_html,
                    a.section, to_string(a.status), to_unix(a.publish_at), to_unix(a.created_at),
                    to_unix(a.updated_at), a.lead_media_id, a.clip_media_id, a.exclusive,
                    a.featured, a.seo_title, a.seo_description, a.version);
  return r.int64(0, 0);
}

void write_authors_and_tags(Connection& conn, const Article& a) {
  conn.run("DELETE FROM article_authors WHERE article_id = $1", a.id);
  for (std::size_t i = 0; i < a.author_ids.size(); ++i) {
    conn.run("INSERT INTO article_authors (article_id, position, user_id) VALUES ($1, $2, $3)",
             a.id, static_cast<int>(i), a.author_ids[i]);
  }
  conn.run("DELETE FROM article_tags WHERE article_id = $1", a.id);
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    conn.run("INSERT INTO article_tags (article_id, position, tag) VALUES ($1, $2, $3)", a.id,
             static_cast<int>(i), a.tags[i]);
  }
}

// The old slug keeps answering (as a redirect); the live slug is never itself a redirect.
void update_redirects(Connection& conn, const Article& stored, const std::string& previous_slug) {
  if (!previous_slug.empty() && previous_slug != stored.slug) {
    conn.run(
        "INSERT INTO redirects (old_slug, article_id) VALUES ($1, $2) "
        "ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id",
        previous_slug, stored.id);
  }
  conn.run("DELETE FROM redirects WHERE old_slug = $1", stored.slug);
}

}  // namespace

ArticleSummary read_summary(const Result& r, int row) {
  ArticleSummary s;
  s.id = r.int64(row, 0);
  s.slug = r.text(row, 1);
  s.headline = r.text(row, 2);
  s.dek = r.text(row, 3);
  s.section = r.text(row, 4);
  s.publish_at = optional_time_at(r, row, 5);
  s.updated_at = time_at(r, row, 6);
  s.lead_media_id = r.optional_int64(row, 7);
  s.exclusive = r.boolean(row, 8);
  s.featured = r.boolean(row, 9);
  return s;
}

// All authors of a page of summaries in one round trip.
void fill_authors(Connection& conn, std::vector<ArticleSummary>& summaries) {
  if (summaries.empty()) return;
  std::string ids = "{";
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    if (i) ids += ',';
    ids += std::to_string(summaries[i].id);
  }
  ids += '}';
  auto r = conn.run(
      "SELECT article_id, user_id FROM article_authors WHERE article_id = ANY($1::bigint[]) "
      "ORDER BY article_id, position",
      ids);
  for (int i = 0; i < r.rows(); ++i) {
    Id article = r.int64(i, 0);
    for (auto& s : summaries) {
      if (s.id == article) s.author_ids.push_back(r.int64(i, 1));
    }
  }
}

std::optional<Article> PostgresStore::article(Id id) {
  return read([&](Connection& conn) { return load_article(conn, "id = $1", id); });
}

std::optional<Article> PostgresStore::article_by_slug(std::string_view slug) {
  return read([&](Connection& conn) { return load_article(conn, "slug = $1", slug); });
}

std::optional<std::string> PostgresStore::slug_redirect(std::string_view old_slug) {
  return read([&](Connection& conn) -> std::optional<std::string> {
    auto r = conn.run(
        "SELECT a.slug FROM redirects r JOIN articles a ON a.id = r.article_id "
        "WHERE r.old_slug = $1",
        old_slug);
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  });
}

Article PostgresStore::save_article(const Article& article, Id editor_id) {
  return save_article(article, editor_id, now_seconds());
}

Article PostgresStore::save_article(const Article& article, Id editor_id, Time saved_at) {
  return write([&](Connection& conn) {
    if (article.slug.empty()) throw ConstraintError("a story needs a slug");
    const std::string id_text = std::to_string(article.id);

    // The row lock makes racing editors of one version queue here; the second then sees the
    // first one's version and gets a conflict.
    int stored_version = 0;
    std::string previous_slug;
    std::optional<Time> created_at;
    if (article.id != 0) {
      auto r = conn.run("SELECT version, slug, created_at FROM articles WHERE id = $1 FOR UPDATE",
                        article.id);
      if (r.rows() > 0) {
        stored_version = r.int32(0, 0);
        previous_slug = r.text(0, 1);
        created_at = time_at(r, 0, 2);
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
      auto r = conn.run("SELECT id FROM articles WHERE slug = $1 AND id <> $2", article.slug,
                        article.id);
      if (r.rows() > 0) {
        throw ConstraintError("slug '" + article.slug + "' is already used by story " +
                              std::to_string(r.int64(0, 0)));
      }
    }

    const Time now = saved_at;
    Article stored = article;
    stored.version = stored_version + 1;
    stored.created_at = exists ? *created_at : now;
    stored.updated_at = now;
    if (stored.status == ArticleStatus::published && !stored.publish_at) stored.publish_at = now;

    stored.id = write_article_row(conn, stored, exists);
    write_authors_and_tags(conn, stored);
    update_redirects(conn, stored, previous_slug);
    insert_revision(conn, stored, editor_id, now);
    return stored;
  });
}

std::vector<ArticleSummary> PostgresStore::articles(const ArticleQuery& query) {
  if (query.limit <= 0) return {};
  return read([&](Connection& conn) {
    std::vector<ArticleSummary> out;
    Filter f = filter_of(query);
    std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM articles a" + f.sql;
    // NULLS LAST: SQLite sorts NULL lowest, so undated stories come last in a DESC list there.
    sql += " ORDER BY a.publish_at DESC NULLS LAST, a.updated_at DESC, a.id DESC LIMIT " +
           f.next(param(query.limit)) + " OFFSET " + f.next(param(std::max(query.offset, 0)));
    auto r = conn.query(sql, f.params);
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_summary(r, i));
    fill_authors(conn, out);
    return out;
  });
}

int PostgresStore::count_articles(const ArticleQuery& query) {
  return read([&](Connection& conn) {
    Filter f = filter_of(query);
    return conn.query("SELECT count(*) FROM articles a" + f.sql, f.params).int32(0, 0);
  });
}

std::vector<ArticleSummary> PostgresStore::article_summaries(const std::vector<Id>& ids) {
  return read([&](Connection& conn) {
    std::vector<ArticleSummary> out;
    out.reserve(ids.size());
    for (Id id : ids) {
      auto r = conn.run(
          std::string("SELECT ") + kSummaryColumns + " FROM articles a WHERE a.id = $1", id);
      if (r.rows() > 0) out.push_back(read_summary(r, 0));
    }
    fill_authors(conn, out);
    return out;
  });
}

std::vector<Revision> PostgresStore::revisions(Id article_id) {
  return read([&](Connection& conn) {
    std::vector<Revision> out;
    auto r = conn.run(
        "SELECT id, article_id, version, editor_id, saved_at, article_json FROM revisions "
        "WHERE article_id = $1 ORDER BY version DESC",
        article_id);
    for (int i = 0; i < r.rows(); ++i) {
      Revision rev;
      rev.id = r.int64(i, 0);
      rev.article_id = r.int64(i, 1);
      rev.version = r.int32(i, 2);
      rev.editor_id = r.optional_int64(i, 3).value_or(0);
      rev.saved_at = time_at(r, i, 4);
      rev.article = article_from_json(r.text(i, 5));
      out.push_back(std::move(rev));
    }
    return out;
  });
}

std::vector<Id> PostgresStore::publish_due(Time now) {
  return write([&](Connection& conn) {
    // One statement claims the due stories: a node running this at the same moment waits on the
    // row locks, then re-checks the status and skips what this one flipped.
    auto r = conn.run(
        "UPDATE articles SET status = $1, version = version + 1 "
        "WHERE status = $2 AND publish_at <= $3 RETURNING id, publish_at",
        to_string(ArticleStatus::published), to_string(ArticleStatus::scheduled), to_unix(now));
    std::vector<std::pair<std::int64_t, Id>> flipped;
    for (int i = 0; i < r.rows(); ++i) flipped.emplace_back(r.int64(i, 1), r.int64(i, 0));
    std::sort(flipped.begin(), flipped.end());
    std::vector<Id> due;
    for (const auto& [when, id] : flipped) {
      // A new version and a revision, so that an editor still holding the scheduled copy gets a
      // conflict. updated_at stays: going live is not an edit.
      auto story = load_article(conn, "id = $1", id);
      insert_revision(conn, *story, 0, now);
      due.push_back(id);
    }
    return due;
  });
}

}  // namespace marquee::postgres
