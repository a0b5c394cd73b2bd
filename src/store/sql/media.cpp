// Photos and clips, written once for both engines: one row per item with its renditions as JSON
// text, the media library's newest-first list, and deletion that leaves the stories using an
// item without it.
#include "store/media.h"

#include <algorithm>
#include <cctype>
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
    "video_codec, audio_codec, bytes, renditions, uploaded_by, created_at, focus_x, focus_y, crops";

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
  m.focus_x = q.real(17);
  m.focus_y = q.real(18);
  m.crops = sql::crops_from_json(q.text(19));
  return m;
}

// Clips carry their caption tracks; photos have none, so lists of photos cost no more.
Media with_captions(Session& s, Media m) {
  if (m.kind != MediaKind::video) return m;
  auto q = s.query("SELECT lang, label, file FROM media_captions WHERE media_id = ? ORDER BY lang",
                   m.id);
  while (q.step()) m.captions.push_back({q.text(0), q.text(1), q.text(2)});
  return m;
}

void check_media(const Media& media) {
  if (media.file.empty()) throw ConstraintError("a media item needs a file");
  if (media.bytes < 0) throw ConstraintError("a media item cannot have a negative size");
  for (const Rendition& r : media.renditions) {
    if (r.file.empty()) throw ConstraintError("a rendition of " + media.file + " needs a file");
  }
  // Also false for NaN.
  if (!(media.focus_x >= 0 && media.focus_x <= 1 && media.focus_y >= 0 && media.focus_y <= 1)) {
    throw ConstraintError("a focal point is a place in the photo: 0 to 1 across and down");
  }
  for (const auto& [ratio, rect] : media.crops) {
    if (!(rect.x >= 0 && rect.y >= 0 && rect.width > 0 && rect.height > 0 &&
          rect.x + rect.width <= 1.000001 && rect.y + rect.height <= 1.000001)) {
      throw ConstraintError("the " + ratio + " crop of " + media.file + " is not inside the photo");
    }
  }
}

}  // namespace

std::optional<Media> MediaRepository::find(Id id) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<Media> {
    auto q = s.query(std::string("SELECT ") + kMediaColumns + " FROM media WHERE id = ?", id);
    if (!q.step()) return std::nullopt;
    return with_captions(s, read_media(q));
  });
}

std::vector<Media> MediaRepository::find_many(const std::vector<Id>& ids) {
  if (ids.empty()) return {};
  return scope_.run(Access::read, [&](Session& s) {
    auto q = s.query(std::string("SELECT ") + kMediaColumns + " FROM media WHERE id " +
                         std::string(s.dialect().in_id_list),
                     sql::id_list(s.dialect(), ids));
    std::vector<Media> out;
    while (q.step()) out.push_back(read_media(q));
    return out;
  });
}

std::optional<Media> MediaRepository::find_by_file(std::string_view file) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<Media> {
    auto q = s.query(std::string("SELECT ") + kMediaColumns + " FROM media WHERE file = ?",
                     std::string(file));
    if (!q.step()) return std::nullopt;
    return read_media(q);
  });
}

Media MediaRepository::save(const Media& media) {
  check_media(media);
  return scope_.run(Access::write, [&](Session& s) {
    Media saved = media;
    saved.captions.clear();  // as stored: save does not write them
    std::string renditions = sql::renditions_to_json(media.renditions);
    const std::string crops = sql::crops_to_json(media.crops);
    // An uploader who is gone is "unknown", as the foreign key's ON DELETE SET NULL would say.
    const std::optional<Id> uploader = sql::id_or_null(media.uploaded_by);
    // created_at is when the item was first stored; it does not move on edits.
    std::optional<Time> created;
    if (media.id != 0) {
      auto q = s.query("SELECT created_at, renditions FROM media WHERE id = ?" +
                           std::string(s.dialect().lock_rows),
                       media.id);
      if (q.step()) {
        created = q.time(0);
        // Crops are the renderer's (replace_crop_renditions): an edit made from a record read
        // before new crops arrived must not bring back the old ones, whose files are gone.
        saved.renditions.clear();
        for (auto& r : media.renditions) {
          if (r.crop.empty()) saved.renditions.push_back(r);
        }
        for (auto& r : sql::renditions_from_json(q.text(1))) {
          if (!r.crop.empty()) saved.renditions.push_back(std::move(r));
        }
        renditions = sql::renditions_to_json(saved.renditions);
      }
    }
    if (created) {
      saved.created_at = *created;
      s.run(
          "UPDATE media SET kind = ?2, file = ?3, mime = ?4, width = ?5, height = ?6, "
          "duration_seconds = ?7, caption = ?8, credit = ?9, alt = ?10, poster = ?11, "
          "video_codec = ?12, audio_codec = ?13, bytes = ?14, renditions = ?15, "
          "uploaded_by = ?16, focus_x = ?17, focus_y = ?18, crops = ?19 WHERE id = ?1",
          media.id, sql::to_string(media.kind), media.file, media.mime, media.width, media.height,
          media.duration_seconds, media.caption, media.credit, media.alt, media.poster,
          media.video_codec, media.audio_codec, media.bytes, renditions, uploader, media.focus_x,
          media.focus_y, crops);
    } else {
      if (saved.created_at == Time{}) saved.created_at = sql::now_seconds();
      saved.id =
          s.insert("media", kMediaColumns,
                   "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                   "?18, ?19, ?20",
                   media.id, sql::to_string(media.kind), media.file, media.mime, media.width,
                   media.height, media.duration_seconds, media.caption, media.credit, media.alt,
                   media.poster, media.video_codec, media.audio_codec, media.bytes, renditions,
                   uploader, saved.created_at, media.focus_x, media.focus_y, crops);
    }
    return with_captions(s, std::move(saved));
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
    for (auto& m : out) m = with_captions(s, std::move(m));
    return out;
  });
}

std::vector<Media> MediaRepository::search(MediaKind kind, std::string_view words, int limit) {
  if (limit <= 0) return {};
  // Each word must appear in the caption, alt text, credit or file name (any case). The media
  // library is small next to the archive: a scan of one kind, newest first, is enough.
  std::vector<std::string> patterns;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string pattern = "%";
    for (char c : word) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    patterns.push_back(pattern + "%");
    word.clear();
  };
  for (char c : words) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      flush();
    } else {
      word += c;
    }
    if (patterns.size() >= 8) break;
  }
  flush();
  return scope_.run(Access::read, [&](Session& s) {
    std::string sql = std::string("SELECT ") + kMediaColumns + " FROM media WHERE kind = ?";
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      sql += " AND lower(caption || ' ' || alt || ' ' || credit || ' ' || file) LIKE ? ESCAPE '\\'";
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
    auto q = s.prepare(sql);
    q.bind(sql::to_string(kind));
    for (const auto& p : patterns) q.bind(p);
    q.bind(limit);
    std::vector<Media> out;
    while (q.step()) out.push_back(read_media(q));
    return out;
  });
}

bool MediaRepository::replace_crop_renditions(const Media& made_for,
                                              const std::vector<Rendition>& crops) {
  return scope_.run(Access::write, [&](Session& s) {
    auto q = s.query(std::string("SELECT ") + kMediaColumns + " FROM media WHERE id = ?" +
                         std::string(s.dialect().lock_rows),
                     made_for.id);
    if (!q.step()) return false;
    Media now = read_media(q);
    // Made for a focal point or windows since changed: a newer job brings the right ones.
    if (now.focus_x != made_for.focus_x || now.focus_y != made_for.focus_y ||
        now.crops != made_for.crops) {
      return false;
    }
    std::vector<Rendition> renditions;
    for (auto& r : now.renditions) {
      if (r.crop.empty()) renditions.push_back(std::move(r));
    }
    renditions.insert(renditions.end(), crops.begin(), crops.end());
    s.run("UPDATE media SET renditions = ? WHERE id = ?", sql::renditions_to_json(renditions),
          made_for.id);
    return true;
  });
}

std::vector<Media> MediaRepository::photos_after(Id after, int limit) {
  if (limit <= 0) return {};
  return scope_.run(Access::read, [&](Session& s) {
    auto q = s.query(std::string("SELECT ") + kMediaColumns +
                         " FROM media WHERE kind = 'image' AND id > ? ORDER BY id LIMIT ?",
                     after, limit);
    std::vector<Media> out;
    while (q.step()) out.push_back(read_media(q));
    return out;
  });
}

void MediaRepository::remove(Id id) {
  scope_.run(Access::write, [&](Session& s) {
    s.run("UPDATE entities SET image_media_id = NULL WHERE image_media_id = ?", id);
    // Said outright rather than left to ON DELETE SET NULL, so the intent survives a schema
    // without that clause. Stories keep their version: nothing an editor wrote has changed.
    s.run("UPDATE articles SET lead_media_id = NULL WHERE lead_media_id = ?", id);
    s.run("UPDATE articles SET clip_media_id = NULL WHERE clip_media_id = ?", id);
    s.run("DELETE FROM media WHERE id = ?", id);
  });
}

std::optional<std::string> MediaRepository::set_captions(Id clip_id, const CaptionTrack& track) {
  if (track.lang.empty() || track.label.empty() || track.file.empty()) {
    throw ConstraintError("a caption track needs a language, a label and a file");
  }
  return scope_.run(Access::write, [&](Session& s) -> std::optional<std::string> {
    {
      auto clip = s.query(
          "SELECT kind FROM media WHERE id = ?" + std::string(s.dialect().lock_rows), clip_id);
      if (!clip.step() || sql::media_kind_from(clip.text(0)) != MediaKind::video) {
        throw ConstraintError("captions belong to a clip, and there is no clip " +
                              std::to_string(clip_id));
      }
    }
    std::optional<std::string> replaced;
    {
      auto old = s.query("SELECT file FROM media_captions WHERE media_id = ? AND lang = ?", clip_id,
                         track.lang);
      if (old.step()) replaced = old.text(0);
    }
    if (replaced) {
      s.run("UPDATE media_captions SET label = ?, file = ? WHERE media_id = ? AND lang = ?",
            track.label, track.file, clip_id, track.lang);
    } else {
      s.run("INSERT INTO media_captions (media_id, lang, label, file) VALUES (?, ?, ?, ?)", clip_id,
            track.lang, track.label, track.file);
    }
    return replaced;
  });
}

std::optional<std::string> MediaRepository::remove_captions(Id clip_id, std::string_view lang) {
  return scope_.run(Access::write, [&](Session& s) -> std::optional<std::string> {
    auto q = s.query("DELETE FROM media_captions WHERE media_id = ? AND lang = ? RETURNING file",
                     clip_id, std::string(lang));
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

}  // namespace marquee
