// URL shapes: see urls.h.
#include "core/urls.h"

#include <array>

namespace marquee {
namespace {

constexpr std::array<const char*, 9> kPrefixes = {"people",     "films",         "shows",
                                                  "bands",      "songs",         "albums",
                                                  "characters", "organizations", "events"};
constexpr std::array<const char*, 14> kReserved = {
    "authors", "static", "healthz",     "api",        "admin", "search",   "feeds",
    "media",   "topics", "sitemap.xml", "robots.txt", "clips", "sitemaps", "tags"};

}  // namespace

const char* topic_prefix(EntityKind kind) {
  return kPrefixes.at(static_cast<std::size_t>(kind));
}

std::optional<EntityKind> kind_for_topic_prefix(std::string_view prefix) {
  for (std::size_t i = 0; i < kPrefixes.size(); ++i) {
    if (prefix == kPrefixes[i]) return static_cast<EntityKind>(i);
  }
  return std::nullopt;
}

std::string entity_path(const Entity& entity) {
  return std::string("/") + topic_prefix(entity.kind) + "/" + entity.slug;
}

std::optional<PublicPhoto> public_photo(const Media& photo, std::string_view crop) {
  const auto widest = [&](std::string_view of) {
    const Rendition* best = nullptr;
    for (const auto& r : photo.renditions) {
      if (r.mime == "image/jpeg" && r.crop == of && (!best || r.width > best->width)) best = &r;
    }
    return best;
  };
  const Rendition* best = widest(crop);
  if (!best && !crop.empty()) best = widest({});
  if (!best) return std::nullopt;
  return PublicPhoto{best->file, best->width, best->height};
}

std::optional<PublicPhoto> clip_poster(const Media& clip, int max_width) {
  const Rendition* best = nullptr;
  for (const auto& r : clip.renditions) {
    if (r.mime != "image/jpeg") continue;
    const bool fits = r.width <= max_width;
    if (!best || (fits && (best->width > max_width || r.width > best->width)) ||
        (!fits && best->width > max_width && r.width < best->width)) {
      best = &r;
    }
  }
  if (best) return PublicPhoto{best->file, best->width, best->height};
  if (clip.poster.empty()) return std::nullopt;
  return PublicPhoto{clip.poster, clip.width, clip.height};
}

bool is_reserved_segment(std::string_view segment) {
  if (kind_for_topic_prefix(segment)) return true;
  for (const char* reserved : kReserved) {
    if (segment == reserved) return true;
  }
  return false;
}

}  // namespace marquee
