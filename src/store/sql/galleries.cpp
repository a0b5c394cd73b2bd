// Galleries, written once for both engines: a gallery's photos with the people in them, saved
// and loaded with the story, and the photos of one person across published galleries.
#include <charconv>
#include <string>

#include "store/errors.h"
#include "store/galleries.h"
#include "store/sql/codec.h"
#include "store/sql/gallery_rows.h"

namespace marquee {
namespace sql {

std::vector<GalleryPhoto> read_gallery_photos(Session& s, Id article_id) {
  std::vector<GalleryPhoto> photos;
  {
    auto q = s.query(
        "SELECT media_id, caption, credit, alt FROM gallery_photos WHERE article_id = ? "
        "ORDER BY position",
        article_id);
    while (q.step()) {
      GalleryPhoto photo;
      photo.media_id = q.int64(0);
      photo.caption = q.text(1);
      photo.credit = q.text(2);
      photo.alt = q.text(3);
      photos.push_back(std::move(photo));
    }
  }
  if (photos.empty()) return photos;
  auto q = s.query(
      "SELECT media_id, entity_id, state, confidence FROM gallery_people WHERE article_id = ? "
      "ORDER BY position, ordinal",
      article_id);
  while (q.step()) {
    const Id media_id = q.int64(0);
    for (auto& photo : photos) {
      if (photo.media_id != media_id) continue;
      photo.people.push_back({q.int64(1), link_state_from(q.text(2)), q.real(3)});
    }
  }
  return photos;
}

void write_gallery_photos(Session& s, const Article& a) {
  // The people go with their photos (foreign key ON DELETE CASCADE).
  s.run("DELETE FROM gallery_photos WHERE article_id = ?", a.id);
  const std::int64_t published = a.publish_at ? a.publish_at->time_since_epoch().count() : 0;
  for (std::size_t i = 0; i < a.photos.size(); ++i) {
    const GalleryPhoto& photo = a.photos[i];
    const int position = static_cast<int>(i);
    s.run(
        "INSERT INTO gallery_photos (article_id, position, media_id, caption, credit, alt) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        a.id, position, photo.media_id, photo.caption, photo.credit, photo.alt);
    for (std::size_t j = 0; j < photo.people.size(); ++j) {
      const PhotoPerson& person = photo.people[j];
      s.run(
          "INSERT INTO gallery_people (article_id, media_id, entity_id, position, ordinal, "
          "published_at, state, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          a.id, photo.media_id, person.entity_id, position, static_cast<int>(j), published,
          to_string(person.state), person.confidence);
    }
  }
}

}  // namespace sql

namespace {

struct Cursor {
  std::int64_t published_at = 0;
  Id article_id = 0;
  std::int64_t position = 0;
};

// "1268400600.12.3": the gallery's time and id and the stored position of the last photo a page
// showed. Three non-negative numbers joined by dots, nothing else.
Cursor parse_cursor(std::string_view text) {
  Cursor c;
  std::int64_t* parts[] = {&c.published_at, &c.article_id, &c.position};
  const char* at = text.data();
  const char* end = at + text.size();
  bool ok = true;
  for (std::size_t i = 0; i < 3 && ok; ++i) {
    auto [next, error] = std::from_chars(at, end, *parts[i]);
    ok = error == std::errc() && next != at && *parts[i] >= 0 &&
         (i == 2 ? next == end : next != end && *next == '.');
    at = next + 1;
  }
  if (!ok || c.article_id == 0) {
    throw ConstraintError("not a cursor of a photos page: '" + std::string(text) + "'");
  }
  return c;
}

}  // namespace

PhotoOfPage GalleryRepository::photos_of(Id entity_id, std::string_view after, int limit) {
  std::optional<Cursor> from;
  if (!after.empty()) from = parse_cursor(after);
  return scope_.run(Access::read, [&](sql::Session& s) {
    // One seek on gallery_people_by_entity; the photo's number counts the photos before it
    // (its gallery's primary key), so a photo deleted from the library leaves no hole.
    std::string sql =
        "SELECT g.article_id, g.position, g.published_at, p.media_id, p.caption, p.credit, p.alt, "
        "(SELECT count(*) FROM gallery_photos o WHERE o.article_id = g.article_id AND "
        "o.position < g.position) + 1 "
        "FROM gallery_people g "
        "JOIN gallery_photos p ON p.article_id = g.article_id AND p.media_id = g.media_id "
        "JOIN articles a ON a.id = g.article_id "
        "WHERE g.entity_id = ? AND g.state = 'confirmed' AND a.status = 'published' "
        "AND a.kind = 'gallery'";
    if (from) {
      sql +=
          " AND (g.published_at < ? OR (g.published_at = ? AND (g.article_id < ? OR "
          "(g.article_id = ? AND g.position > ?))))";
    }
    sql += " ORDER BY g.published_at DESC, g.article_id DESC, g.position LIMIT ?";
    auto q = s.prepare(sql);
    q.bind(entity_id);
    if (from) {
      q.bind(from->published_at, from->published_at, from->article_id, from->article_id,
             from->position);
    }
    q.bind(limit + 1);  // one more than shown tells whether a next page exists
    PhotoOfPage page;
    std::vector<std::string> cursors;
    while (q.step()) {
      PhotoOf item;
      item.article_id = q.int64(0);
      cursors.push_back(std::to_string(q.int64(2)) + "." + std::to_string(item.article_id) + "." +
                        std::to_string(q.int64(1)));
      item.photo.media_id = q.int64(3);
      item.photo.caption = q.text(4);
      item.photo.credit = q.text(5);
      item.photo.alt = q.text(6);
      item.number = q.int32(7);
      page.photos.push_back(std::move(item));
    }
    if (static_cast<int>(page.photos.size()) > limit) {
      page.photos.resize(limit);
      page.next = cursors[limit - 1];
    }
    return page;
  });
}

}  // namespace marquee
