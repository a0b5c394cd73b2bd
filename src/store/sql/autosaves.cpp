// The story editor's drafts, written once for both engines.
#include "store/autosaves.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {

bool AutosaveRepository::put(const Autosave& draft) {
  return scope_.run(Access::write, [&](sql::Session& s) {
    // The version is read under the row lock a save takes, so a save and a draft never cross.
    auto version = s.first_int(
        "SELECT version FROM articles WHERE id = ?" + std::string(s.dialect().lock_rows),
        draft.article_id);
    if (!version || *version != draft.base_version) return false;
    const Time at = draft.saved_at == Time{} ? sql::now_seconds() : draft.saved_at;
    s.run(
        "INSERT INTO autosaves (article_id, user_id, base_version, saved_at, fields) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, user_id) DO UPDATE SET "
        "base_version = excluded.base_version, saved_at = excluded.saved_at, "
        "fields = excluded.fields",
        draft.article_id, draft.user_id, draft.base_version, at, draft.fields);
    return true;
  });
}

std::optional<Autosave> AutosaveRepository::find(Id article_id, Id user_id) {
  return scope_.run(Access::read, [&](sql::Session& s) -> std::optional<Autosave> {
    auto q = s.query(
        "SELECT base_version, saved_at, fields FROM autosaves WHERE article_id = ? AND "
        "user_id = ?",
        article_id, user_id);
    if (!q.step()) return std::nullopt;
    return Autosave{article_id, user_id, q.int32(0), q.time(1), q.text(2)};
  });
}

void AutosaveRepository::remove(Id article_id, Id user_id) {
  scope_.run(Access::write, [&](sql::Session& s) {
    s.run("DELETE FROM autosaves WHERE article_id = ? AND user_id = ?", article_id, user_id);
  });
}

}  // namespace marquee
