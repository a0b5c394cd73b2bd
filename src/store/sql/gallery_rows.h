// A gallery's photos as rows (gallery_photos, gallery_people), read and written with its story
// by articles.cpp in the story's own transaction. Private to store/.
#pragma once

#include <vector>

#include "core/types.h"
#include "store/sql/session.h"

namespace marquee::sql {

std::vector<GalleryPhoto> read_gallery_photos(Session& session, Id article_id);
// Replaces the story's photos and their people with article.photos (none for other kinds).
void write_gallery_photos(Session& session, const Article& article);

}  // namespace marquee::sql
