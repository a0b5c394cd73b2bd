// Photos and clips, written once for both engines: one row per item with its renditions as JSON
// text, the media library's newest-first list, and deletion that leaves the stories using an
// item without it.
#include "store/media.h"

#include <algorithm>
#include <string>

#include "store/errors.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

constexpr const char* kMediaColumns =
    "id, kind, file, mime, width, height, duration_seconds, caption, credit, alt, poster, "
    "video_codec, audio_codec, bytes, renditions, uploaded_by, created_at";

Media read_media(const Statement& q) {
  Media m;
  m.id = q.int64(0);
  m.kind = sql::media_kind_from(q.text(1));
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
  m.renditions = sql::renditions_from_json(q.text(14));
  m.uploaded_by = q.optional_int64(15).value_or(0);
  m.created_at = q.time(16);
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

std::optional<Media> MediaRepository::find(Id id) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<Media> {
    auto q = s.query(std::string("SELECT ") + kMediaColumns + " FROM media WHERE id = ?", id);
    if (!q.step()) return std::nullopt;
    return read_media(q);
  });
}

Media MediaRepository::save(const Media& media) {
  check_media(media);
  return scope_.run(Access::write, [&](Session& s) {
    Media saved = media;
    const std::string renditions = sql::renditions_to_json(media.renditions);
    // An uploader who is gone is "unknown", as the foreign key's ON DELETE SET NULL would say.
    const std::optional<Id> uploader = sql::id_or_null(media.uploaded_by);
    // created_at is when the item was first stored; it does not move on edits.
    std::optional<Time> created;
    if (media.id != 0) {
      auto q =
          s.query("SELECT created_at FROM media WHERE id = ?" + std::string(s.dialect().lock_rows),
                  media.id);
      if (q.step()) created = q.time(0);
    }
    if (created) {
      saved.created_at = *created;
      s.run(
          "UPDATE media SET kind = ?2, file = ?3, mime = ?4, width = ?5, height = ?6, "
          "duration_seconds = ?7, caption = ?8, credit = ?9, alt = ?10, poster = ?11, "
          "video_codec = ?12, audio_codec = ?13, bytes = ?14, renditions = ?15, "
          "uploaded_by = ?16 WHERE id = ?1",
          media.id, sql::to_string(media.kind), media.file, media.mime, media.width, media.height,
          media.duration_seconds, media.caption, media.credit, media.alt, media.poster,
          media.video_codec, media.audio_codec, media.bytes, renditions, uploader);
    } else {
      if (saved.created_at == Time{}) saved.created_at = sql::now_seconds();
      saved.id = s.insert("media", kMediaColumns,
                          "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17",
                          media.id, sql::to_string(media.kind), media.file, media.mime, media.width,
                          media.height, media.duration_seconds, media.caption, media.credit,
                          media.alt, media.poster, media.video_codec, media.audio_codec,
                          media.bytes, renditions, uploader, saved.created_at);
    }
    return saved;
  });
}

std::vector<Media> MediaRepository::list(std::optional<MediaKind> kind, int limit, int offset) {
  if (limit <= 0) return {};
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<Media> out;
    // Two fixed shapes, so each is prepared once and each has its index.
    auto q = s.prepare(std::string("SELECT ") + kMediaColumns + " FROM media" +
                       (kind ? " WHERE kind = ?" : "") +
                       " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
    if (kind) q.bind(sql::to_string(*kind));
    q.bind(limit, std::max(offset, 0));
    while (q.step()) out.push_back(read_media(q));
    return out;
  });
}

void MediaRepository::remove(Id id) {
  scope_.run(Access::write, [&](Session& s) {
    // Said outright rather than left to ON DELETE SET NULL, so the intent survives a schema
    // without that clause. Stories keep their version: nothing an editor wrote has changed.
    s.run("UPDATE articles SET lead_media_id = NULL WHERE lead_media_id = ?", id);
    s.run("UPDATE articles SET clip_media_id = NULL WHERE clip_media_id = ?", id);
    s.run("DELETE FROM media WHERE id = ?", id);
  });
}

}  // namespace marquee
