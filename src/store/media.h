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
  // Those of these items that exist, in no set order, without a clip's captions: one query
  // for a page's worth (a sitemap's photos).
  std::vector<Media> find_many(const std::vector<Id>& ids);
  // The item whose original has the stored name `file` ("<32 hex>.jpg").
  std::optional<Media> find_by_file(std::string_view file);
  // id 0 inserts; an update keeps created_at and the stored crop renditions (only
  // replace_crop_renditions changes those).
  Media save(const Media& media);
  // Newest first; nullopt lists both kinds.
  std::vector<Media> list(std::optional<MediaKind> kind, int limit, int offset);
  // Items of one kind whose caption, alt text, credit or file name hold every word of `words`
  // (any case), newest first; no words lists the newest.
  std::vector<Media> search(MediaKind kind, std::string_view words, int limit);
  // Replaces the photo's crop renditions with `crops`, made for `made_for`'s focal point and
  // windows; false (nothing written) when the photo is gone or its point or windows changed since.
  bool replace_crop_renditions(const Media& made_for, const std::vector<Rendition>& crops);
  // Photos with ids above `after`, by id: a keyset walk of the library.
  std::vector<Media> photos_after(Id after, int limit);
  // Stories and entities that used it lose the reference (lead or clip) without a new version or
  // revision.
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
