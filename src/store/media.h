// Photos and clips: one record per item with its renditions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
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
  // Items of one kind whose caption, alt text, credit or file name hold every word of `words`
  // (any case), newest first; no words lists the newest.
  std::vector<Media> search(MediaKind kind, std::string_view words, int limit);
  // Stories that used it lose the reference (lead or clip) without a new version or revision.
  void remove(Id id);

  // A clip's captions: `save` leaves them alone, these change them. Adds the track or replaces
  // the clip's track of the same language, and returns the file of the track replaced (for the
  // caller to delete once this has committed). ConstraintError for no such clip or a track
  // without a language, label or file.
  std::optional<std::string> set_captions(Id clip_id, const CaptionTrack& track);
  // Takes the clip's track of that language away; returns its file, nullopt when there was none.
  std::optional<std::string> remove_captions(Id clip_id, std::string_view lang);

 private:
  Scope& scope_;
};

}  // namespace marquee
