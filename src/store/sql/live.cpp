// Live stories' entries, written once for both engines: see store/live.h.
#include "store/live.h"

#include <string>

#include "store/errors.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {
namespace {

using sql::Session;

constexpr const char* kEntryColumns =
    "id, article_id, author_id, posted_at, updated_at, body, body_html, media_id, key_moment, "
    "pinned, deleted, seq";
constexpr int kEntryColumnCount = 12;  // a query's own columns start here

LiveEntry read_entry(const sql::Statement& q) {
  LiveEntry e;
  e.id = q.int64(0);
  e.article_id = q.int64(1);
  e.author_id = q.optional_int64(2).value_or(0);
  e.posted_at = q.time(3);
  e.updated_at = q.time(4);
  e.body = q.text(5);
  e.body_html = q.text(6);
  e.media_id = q.optional_int64(7);
  e.key_moment = q.boolean(8);
  e.pinned = q.boolean(9);
  e.deleted = q.boolean(10);
  e.seq = q.int64(11);
  return e;
}

// Locks the story's row until commit (a no-op lock on SQLite, whose writer is single) and
// returns its next event number: changes to one story's entries are numbered in commit order.
std::optional<std::int64_t> next_seq(Session& s, Id article_id) {
  if (!s.first_int("SELECT id FROM articles WHERE id = ?" + std::string(s.dialect().lock_rows),
                   article_id)) {
    return std::nullopt;
  }
  return *s.first_int("SELECT coalesce(max(seq), 0) + 1 FROM live_entries WHERE article_id = ?",
                      article_id);
}

std::optional<LiveEntry> load(Session& s, Id entry_id) {
  auto q =
      s.query(std::string("SELECT ") + kEntryColumns + " FROM live_entries WHERE id = ?", entry_id);
  if (!q.step()) return std::nullopt;
  return read_entry(q);
}

}  // namespace

LiveEntry LiveEntryRepository::add(const LiveEntry& entry) {
  return scope_.run(Access::write, [&](Session& s) {
    auto seq = next_seq(s, entry.article_id);
    if (!seq) throw ConstraintError("no story " + std::to_string(entry.article_id));
    const Time now = sql::now_seconds();
    LiveEntry stored = entry;
    stored.posted_at = entry.posted_at == Time{} ? now : entry.posted_at;
    stored.updated_at = entry.updated_at == Time{} ? stored.posted_at : entry.updated_at;
    stored.deleted = false;
    stored.seq = *seq;
    stored.id =
        s.insert("live_entries", kEntryColumns, "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12", 0,
                 stored.article_id, sql::id_or_null(stored.author_id), stored.posted_at,
                 stored.updated_at, stored.body, stored.body_html, stored.media_id,
                 stored.key_moment, stored.pinned, false, stored.seq);
    return stored;
  });
}

std::optional<LiveEntry> LiveEntryRepository::update(const LiveEntry& entry) {
  return scope_.run(Access::write, [&](Session& s) -> std::optional<LiveEntry> {
    auto seq = next_seq(s, entry.article_id);
    if (!seq) return std::nullopt;
    auto before = load(s, entry.id);
    if (!before || before->article_id != entry.article_id || before->deleted) return std::nullopt;
    LiveEntry stored = entry;
    stored.author_id = before->author_id;
    stored.posted_at = before->posted_at;
    stored.updated_at = sql::now_seconds();
    stored.seq = *seq;
    stored.deleted = false;
    s.run(
        "UPDATE live_entries SET updated_at = ?2, body = ?3, body_html = ?4, media_id = ?5, "
        "key_moment = ?6, pinned = ?7, seq = ?8 WHERE id = ?1",
        stored.id, stored.updated_at, stored.body, stored.body_html, stored.media_id,
        stored.key_moment, stored.pinned, stored.seq);
    return stored;
  });
}

bool LiveEntryRepository::remove(Id article_id, Id entry_id) {
  return scope_.run(Access::write, [&](Session& s) {
    auto seq = next_seq(s, article_id);
    if (!seq) return false;
    return s.run(
               "UPDATE live_entries SET deleted = ?3, body = '', body_html = '', media_id = NULL, "
               "key_moment = ?4, pinned = ?4, updated_at = ?5, seq = ?6 "
               "WHERE id = ?1 AND article_id = ?2 AND deleted = ?4",
               entry_id, article_id, true, false, sql::now_seconds(), *seq) > 0;
  });
}

std::optional<LiveEntry> LiveEntryRepository::find(Id entry_id) {
  return scope_.run(Access::read, [&](Session& s) { return load(s, entry_id); });
}

std::vector<LiveEntry> LiveEntryRepository::of_story(Id article_id, int limit, EntryFilter filter,
                                                     Id older_than) {
  return scope_.run(Access::read, [&](Session& s) {
    std::string sql = std::string("SELECT ") + kEntryColumns +
                      " FROM live_entries e WHERE article_id = ? AND deleted = ?";
    if (filter == EntryFilter::pinned || filter == EntryFilter::unpinned) sql += " AND pinned = ?";
    if (filter == EntryFilter::key_moments) sql += " AND key_moment = ?";
    if (older_than) {
      sql +=
          " AND (posted_at, id) < (SELECT o.posted_at, o.id FROM live_entries o WHERE o.id = ? "
          "AND o.article_id = e.article_id)";
    }
    sql += " ORDER BY posted_at DESC, id DESC LIMIT ?";
    auto q = s.prepare(sql);
    q.bind(article_id, false);
    if (filter != EntryFilter::all) q.bind(filter != EntryFilter::unpinned);
    if (older_than) q.bind(older_than);
    q.bind(limit);
    std::vector<LiveEntry> out;
    while (q.step()) out.push_back(read_entry(q));
    return out;
  });
}

std::vector<LiveKeyMoment> LiveEntryRepository::key_moments(Id article_id, int limit) {
  return scope_.run(Access::read, [&](Session& s) {
    // The entry's own columns are unqualified: the subquery's names do not reach the outer list.
    auto q =
        s.query(std::string("SELECT ") + kEntryColumns +
                    ", CASE WHEN e.pinned THEN NULL ELSE (SELECT n.id FROM live_entries n "
                    "WHERE n.article_id = e.article_id AND n.deleted = ? AND n.pinned = ? AND "
                    "(n.posted_at, n.id) > (e.posted_at, e.id) ORDER BY n.posted_at, n.id "
                    "LIMIT 1) END FROM live_entries e WHERE e.article_id = ? AND e.deleted = ? "
                    "AND e.key_moment = ? ORDER BY e.posted_at DESC, e.id DESC LIMIT ?",
                false, false, article_id, false, true, limit);
    std::vector<LiveKeyMoment> out;
    while (q.step())
      out.push_back({read_entry(q), q.optional_int64(kEntryColumnCount).value_or(0)});
    return out;
  });
}

std::vector<LiveEntry> LiveEntryRepository::changed_since(Id article_id, std::int64_t after_seq,
                                                          int limit) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<LiveEntry> out;
    auto q = s.query(std::string("SELECT ") + kEntryColumns +
                         " FROM live_entries WHERE article_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                     article_id, after_seq, limit);
    while (q.step()) out.push_back(read_entry(q));
    return out;
  });
}

std::int64_t LiveEntryRepository::last_seq(Id article_id) {
  return scope_.run(Access::read, [&](Session& s) {
    return *s.first_int("SELECT coalesce(max(seq), 0) FROM live_entries WHERE article_id = ?",
                        article_id);
  });
}

}  // namespace marquee
