// Photos and clips in PostgreSQL: one row per item with its renditions as JSON text, the media
// library's newest-first list, and deletion that leaves the stories using an item without it.
#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "store/postgres/common.h"
#include "store/postgres/postgres_store.h"

namespace marquee::postgres {
namespace {

constexpr const char* kMediaColumns =
    "id, kind, file, mime, width, height, duration_seconds, caption, credit, alt, poster, "
    "video_codec, audio_codec, bytes, renditions, uploaded_by, created_at";

// Renditions as a JSON array of {width, height, mime, file}, in their order.
std::string renditions_json(const std::vector<Rendition>& renditions) {
  auto list = nlohmann::json::array();
  for (const Rendition& r : renditions) {
    list.push_back({{"width", r.width}, {"height", r.height}, {"mime", r.mime}, {"file", r.file}});
  }
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<Rendition> renditions_of(const std::string& text) {
  std::vector<Rendition> out;
  try {
    auto list = nlohmann::json::parse(text);
    if (!list.is_array()) throw StoreError("media renditions are not a JSON array");
    for (const auto& r : list) {
      out.push_back({r.value("width", 0), r.value("height", 0), r.value("mime", std::string()),
                     r.value("file", std::string())});
    }
  } catch (const nlohmann::json::exception& e) {
    throw StoreError(std::string("unreadable media renditions: ") + e.what());
  }
  return out;
}

Media read_media(const Result& r, int row) {
  Media m;
  m.id = r.int64(row, 0);
  m.kind = media_kind_from(r.text(row, 1));
  m.file = r.text(row, 2);
  m.mime = r.text(row, 3);
  m.width = r.int32(row, 4);
  m.height = r.int32(row, 5);
  m.duration_seconds = r.real(row, 6);
  m.caption = r.text(row, 7);
  m.credit = r.text(row, 8);
  m.alt = r.text(row, 9);
  m.poster = r.text(row, 10);
  m.video_codec = r.text(row, 11);
  m.audio_codec = r.text(row, 12);
  m.bytes = r.int64(row, 13);
  m.renditions = renditions_of(r.text(row, 14));
  m.uploaded_by = r.optional_int64(row, 15).value_or(0);
  m.created_at = time_at(r, row, 16);
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

std::optional<Media> PostgresStore::media(Id id) {
  return read([&](Connection& conn) -> std::optional<Media> {
    auto r = conn.run(std::string("SELECT ") + kMediaColumns + " FROM media WHERE id = $1", id);
    if (r.rows() == 0) return std::nullopt;
    return read_media(r, 0);
  });
}

Media PostgresStore::save_media(const Media& media) {
  check_media(media);
  return write([&](Connection& conn) {
    Media saved = media;
    const std::string renditions = renditions_json(media.renditions);
    // An uploader who is gone is "unknown", as the foreign key's ON DELETE SET NULL would say.
    std::optional<Id> uploader = id_or_null(media.uploaded_by);
    auto existing = conn.run("SELECT created_at FROM media WHERE id = $1 FOR UPDATE", media.id);
    if (existing.rows() > 0) {
      // created_at is when the item was first stored; it does not move on edits.
      saved.created_at = time_at(existing, 0, 0);
      conn.run(
          "UPDATE media SET kind = $2, file = $3, mime = $4, width = $5, height = $6, "
          "duration_seconds = $7, caption = $8, credit = $9, alt = $10, poster = $11, "
          "video_codec = $12, audio_codec = $13, bytes = $14, renditions = $15, "
          "uploaded_by = $16 WHERE id = $1",
          media.id, to_string(media.kind), media.file, media.mime, media.width, media.height,
          media.duration_seconds, media.caption, media.credit, media.alt, media.poster,
          media.video_codec, media.audio_codec, media.bytes, renditions, uploader);
    } else {
      if (saved.created_at == Time{}) saved.created_at = now_seconds();
      auto r = conn.run(std::string("INSERT INTO media (") + kMediaColumns + ") VALUES (" +
                            id_or_next("media") +
                            ", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                            "$17) RETURNING id",
                        id_or_null(media.id), to_string(media.kind), media.file, media.mime,
                        media.width, media.height, media.duration_seconds, media.caption,
                        media.credit, media.alt, media.poster, media.video_codec, media.audio_codec,
                        media.bytes, renditions, uploader, to_unix(saved.created_at));
      saved.id = r.int64(0, 0);
      if (media.id != 0) identity_past(conn, "media", media.id);
    }
    return saved;
  });
}

std::vector<Media> PostgresStore::media_list(std::optional<MediaKind> kind, int limit, int offset) {
  if (limit <= 0) return {};
  return read([&](Connection& conn) {
    std::vector<Media> out;
    auto r = conn.run(std::string("SELECT ") + kMediaColumns +
                          " FROM media WHERE ($1::text IS NULL OR kind = $1)"
                          " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
                      kind ? std::optional<std::string>(to_string(*kind)) : std::nullopt, limit,
                      std::max(offset, 0));
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_media(r, i));
    return out;
  });
}

void PostgresStore::delete_media(Id id) {
  write([&](Connection& conn) {
    // Stories keep their version: nothing an editor wrote has changed.
    conn.run("UPDATE articles SET lead_media_id = NULL WHERE lead_media_id = $1", id);
    conn.run("UPDATE articles SET clip_media_id = NULL WHERE clip_media_id = $1", id);
    conn.run("DELETE FROM media WHERE id = $1", id);
  });
}

}  // namespace marquee::postgres
