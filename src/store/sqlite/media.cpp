// Photos and clips in SQLite: one row per item with its renditions as JSON text, the media
// library's newest-first list, and deletion that leaves the stories using an item without it.
#include <algorithm>
#include <string>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace marquee::sqlite {
namespace {

constexpr const char* kMediaColumns =
    "id, kind, file, mime, width, height, duration_seconds, caption, credit, alt, poster, "
    "video_codec, audio_codec, bytes, renditions, uploaded_by, created_at";

Media read_media(const Statement& q) {
  Media m;
  m.id = q.int64(0);
  m.kind = media_kind_from(q.text(1));
  m.file = q.text(2);
  m.mime = q.text(3);
  m.width = q.int32(4);
  m.height = q.int32(5);
  m.duration_seconds = q.real(6);
  m.caption = q.text(7);
  m.credit = q.text(8);
  m.alt = q.text(9);
  m.poster = q.text(10);
  m.video_codec = q.text(11);
  m.audio_codec = q.text(12);
  m.bytes = q.int64(13);
  m.renditions = renditions_from_json(q.text(14));
  m.uploaded_by = q.optional_int64(15).value_or(0);
  m.created_at = from_unix(q.int64(16));
  return m;
}

void check_media(const Media& media) {
  if (media.file.empty()) throw ConstraintError("a media item needs a file");
  if (media.bytes < 0) throw ConstraintError("a media item cannot have a negative size");
  for (const Rendition& r : media.renditions) {
    if (r.file.empty()) throw ConstraintError("a rendition of " + media.file + " needs a file");
  }
}

}  // namespace

std::optional<Media> SqliteStore::media(Id id) {
  return read([&](Database& db) -> std::optional<Media> {
    auto q = db.prepare(std::string("SELECT ") + kMediaColumns + " FROM media WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_media(q);
  });
}

Media SqliteStore::save_media(const Media& media) {
  check_media(media);
  return write([&](Database& db) {
    Media saved = media;
    const std::string renditions = renditions_to_json(media.renditions);
    if (has_row_with_id(db, "media", media.id)) {
      // created_at is when the item was first stored; it does not move on edits.
      auto created = db.prepare("SELECT created_at FROM media WHERE id = ?");
      created.bind(1, media.id);
      created.step();
      saved.created_at = from_unix(created.int64(0));
      db.prepare(
            "UPDATE media SET kind = ?2, file = ?3, mime = ?4, width = ?5, height = ?6, "
            "duration_seconds = ?7, caption = ?8, credit = ?9, alt = ?10, poster = ?11, "
            "video_codec = ?12, audio_codec = ?13, bytes = ?14, renditions = ?15, "
            "uploaded_by = ?16 WHERE id = ?1")
          .bind_all(media.id, to_string(media.kind), media.file, media.mime, media.width,
                    media.height, media.duration_seconds, media.caption, media.credit, media.alt,
                    media.poster, media.video_codec, media.audio_codec, media.bytes, renditions,
                    id_or_null(media.uploaded_by))
          .run();
    } else {
      if (saved.created_at == Time{}) saved.created_at = now_seconds();
      db.prepare(std::string("INSERT INTO media (") + kMediaColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind_all(id_or_null(media.id), to_string(media.kind), media.file, media.mime,
                    media.width, media.height, media.duration_seconds, media.caption, media.credit,
                    media.alt, media.poster, media.video_codec, media.audio_codec, media.bytes,
                    renditions, id_or_null(media.uploaded_by), to_unix(saved.created_at))
          .run();
      saved.id = db.last_insert_id();
    }
    return saved;
  });
}

std::vector<Media> SqliteStore::media_list(std::optional<MediaKind> kind, int limit, int offset) {
  if (limit <= 0) return {};
  return read([&](Database& db) {
    std::vector<Media> out;
    // Two fixed shapes, so each is prepared once and each has its index.
    auto q = db.prepare(std::string("SELECT ") + kMediaColumns + " FROM media" +
                        (kind ? " WHERE kind = ?" : "") +
                        " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
    int index = 0;
    if (kind) q.bind(++index, to_string(*kind));
    q.bind(++index, limit);
    q.bind(++index, std::max(offset, 0));
    while (q.step()) out.push_back(read_media(q));
    return out;
  });
}

void SqliteStore::delete_media(Id id) {
  write([&](Database& db) {
    // Said outright rather than left to ON DELETE SET NULL, so the intent survives a schema
    // without that clause. Stories keep their version: nothing an editor wrote has changed.
    db.prepare("UPDATE articles SET lead_media_id = NULL WHERE lead_media_id = ?")
        .bind(1, id)
        .run();
    db.prepare("UPDATE articles SET clip_media_id = NULL WHERE clip_media_id = ?")
        .bind(1, id)
        .run();
    db.prepare("DELETE FROM media WHERE id = ?").bind(1, id).run();
  });
}

}  // namespace marquee::sqlite
