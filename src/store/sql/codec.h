// How domain values are written to columns and read back: times as Unix seconds, enums as
// their text form (a text the build does not know is a StoreError, not a silent default).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace marquee::sql {

inline std::int64_t to_unix(Time t) {
  return t.time_since_epoch().count();
}
inline Time from_unix(std::int64_t seconds) {
  return Time(std::chrono::seconds(seconds));
}
// Now, to the second: the resolution every stored time has.
Time now_seconds();

const char* to_string(MediaKind kind);

ArticleStatus article_status_from(std::string_view text);
ArticleKind article_kind_from(std::string_view text);
Role role_from(std::string_view text);
EntityKind entity_kind_from(std::string_view text);
MediaKind media_kind_from(std::string_view text);
LinkSource link_source_from(std::string_view text);
LinkState link_state_from(std::string_view text);

// Relation qualifiers as a JSON object with sorted keys (std::map order), so that equal maps
// are equal text and the unique index can compare them.
std::string qualifiers_to_json(const std::map<std::string, std::string>& qualifiers);
std::map<std::string, std::string> qualifiers_from_json(std::string_view json);

// A media item's renditions as a JSON array of {width, height, mime, file}, in their order.
std::string renditions_to_json(const std::vector<Rendition>& renditions);
std::vector<Rendition> renditions_from_json(std::string_view json);
// A photo's crop windows by ratio as one JSON object: {"16:9": [x, y, width, height]}.
std::string crops_to_json(const std::map<std::string, CropRect>& crops);
std::map<std::string, CropRect> crops_from_json(std::string_view json);

}  // namespace marquee::sql
