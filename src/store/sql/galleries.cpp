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
          "INSERT INTO gallery_people (article_id, media_id, entity_id, position, ordinal, state, "
          "confidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
          a.id, photo.media_id, person.entity_id, position, static_cast<int>(j),
          to_string(person.state), person.confidence);
    }
  }
}

}  // namespace sql

namespace {

struct Cursor {
  Id article_id = 0;
  int position = 0;
};

// "12.3": the gallery and the stored position of the last photo a page showed.
Cursor parse_cursor(std::string_view text) {
  Cursor c;
  const auto dot = text.find('.');
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [after_id, e1] = std::from_chars(begin, end, c.article_id);
  bool ok = e1 == std::errc() && dot != std::string_view::npos && after_id == begin + dot &&
            c.article_id > 0;
  if (ok) {
    auto [after_position, e2] = std::from_chars(after_id + 1, end, c.position);
    ok = e2 == std::errc() && after_position == end && c.position >= 0;
  }
  if (!ok) throw ConstraintError("not a cursor of a photos page: '" + std::string(text) + "'");
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
        "SELECT g.article_id, g.position, p.media_id, p.caption, p.credit, p.alt, "
        "(SELECT count(*) FROM gallery_photos o WHERE o.article_id = g.article_id AND "
        "o.position < g.position) + 1 "
        "FROM gallery_people g "
        "JOIN gallery_photos p ON p.article_id = g.article_id AND p.media_id = g.media_id "
        "JOIN articles a ON a.id = g.article_id "
        "WHERE g.entity_id = ? AND g.state = 'confirmed' AND a.status = 'published' "
        "AND a.kind = 'gallery'";
    if (from) sql += " AND (g.article_id < ? OR (g.article_id = ? AND g.position > ?))";
    sql += " ORDER BY g.article_id DESC, g.position LIMIT ?";
    auto q = s.prepare(sql);
    q.bind(entity_id);
    if (from) q.bind(from->article_id, from->article_id, from->position);
    q.bind(limit + 1);  // one more than shown tells whether a next page exists
    PhotoOfPage page;
    std::vector<int> positions;
    while (q.step()) {
      PhotoOf item;
      item.article_id = q.int64(0);
      positions.push_back(q.int32(1));
      item.photo.media_id = q.int64(2);
      item.photo.caption = q.text(3);
      item.photo.credit = q.text(4);
      item.photo.alt = q.text(5);
      item.number = q.int32(6);
      page.photos.push_back(std::move(item));
    }
    if (static_cast<int>(page.photos.size()) > limit) {
      page.photos.resize(limit);
      const auto& last = page.photos.back();
      page.next = std::to_string(last.article_id) + "." + std::to_string(positions[limit - 1]);
    }
    return page;
  });
}

}  // namespace marquee
