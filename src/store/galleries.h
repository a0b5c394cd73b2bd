// Galleries: the photos of a gallery are part of its story (Article::photos, saved and loaded with
// it by ArticleRepository); this repository answers the questions asked across galleries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

// One photo of a published gallery in which someone was confirmed by an editor.
struct PhotoOf {
  Id article_id = 0;  // the gallery
  int number = 0;     // the photo's place in its gallery, from 1 (its page: .../photos/<number>)
  GalleryPhoto photo;
};

struct PhotoOfPage {
  std::vector<PhotoOf> photos;
  std::string next;  // cursor of the page after, empty when this one is the last
};

class GalleryRepository {
 public:
  explicit GalleryRepository(Scope& scope) : scope_(scope) {}

  // The photos of published galleries in which entity_id is a confirmed person: newest gallery
  // first (by its publishing time, then id), each gallery's photos in order. A keyset page:
  // `after` is a cursor a page gave ("1268400600.12.3"), empty for the first; one that is not
  // of that shape is a ConstraintError.
  PhotoOfPage photos_of(Id entity_id, std::string_view after, int limit);

 private:
  Scope& scope_;
};

}  // namespace marquee
