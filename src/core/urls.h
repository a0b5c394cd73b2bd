// Public URL shapes, in one place so that pages, links in story bodies and feeds agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"

namespace marquee {

// "people", "films", "bands", ... : the first path segment of an entity's topic page.
const char* topic_prefix(EntityKind kind);
std::optional<EntityKind> kind_for_topic_prefix(std::string_view prefix);
// "/people/kristen-stewart"
std::string entity_path(const Entity& entity);
// The file readers get for a photo: its widest JPEG rendition of the crop `crop` ("16:9"; empty:
// the whole photo), with its size; the whole photo's when there is no such crop (yet).
// Originals keep their camera metadata and are never served, so a photo without renditions has
// none.
struct PublicPhoto {
  std::string file;
  int width = 0;
  int height = 0;
};
std::optional<PublicPhoto> public_photo(const Media& photo, std::string_view crop = {});
// A clip's poster for a player up to `max_width` pixels wide: the widest JPEG rendition of its
// poster frame not wider than that (the narrowest when all are), else the full poster frame at
// the clip's size (clips stored before posters had renditions); nullopt without a poster.
std::optional<PublicPhoto> clip_poster(const Media& clip, int max_width);

// First path segments that sections may not use, since the site's own pages live there.
bool is_reserved_segment(std::string_view segment);

}  // namespace marquee
