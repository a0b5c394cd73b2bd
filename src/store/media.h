// Photos and clips: one record per item with its renditions.
#pragma once

#include <optional>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

class MediaRepository {
 public:
  explicit MediaRepository(Scope& scope) : scope_(scope) {}

  std::optional<Media> find(Id id);
  Media save(const Media& media);  // id 0 inserts; an update keeps created_at
  // Newest first; nullopt lists both kinds.
  std::vector<Media> list(std::optional<MediaKind> kind, int limit, int offset);
  // Stories that used it lose the reference (lead or clip) without a new version or revision.
  void remove(Id id);

 private:
  Scope& scope_;
};

}  // namespace marquee
