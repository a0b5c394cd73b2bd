// Live coverage: the entries of live stories. Each change to an entry (posted, edited, deleted)
// takes the story's next event number (LiveEntry::seq) under the story's row lock, so numbers
// grow in commit order on both engines and a reader that saw event N asks for what came after
// N and misses nothing. The story row itself is only locked, never written: posting an entry
// bumps no version.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

class LiveEntryRepository {
 public:
  explicit LiveEntryRepository(Scope& scope) : scope_(scope) {}

  // Stores a new entry (its id is ignored) with the story's next seq; posted_at and updated_at
  // are now when not given. Returns it as stored. ConstraintError when the story is gone.
  LiveEntry add(const LiveEntry& entry);
  // Replaces an entry's text, photo or clip and flags with the next seq; updated_at now.
  // nullopt when there is no such entry of that story, or it was deleted.
  std::optional<LiveEntry> update(const LiveEntry& entry);
  // Leaves a tombstone (no text, no media) with the next seq; false when there was no entry.
  bool remove(Id article_id, Id entry_id);

  std::optional<LiveEntry> find(Id entry_id);
  // A story's entries that are not deleted, newest first (posted_at, then id), at most limit.
  std::vector<LiveEntry> of_story(Id article_id, int limit = 1000);
  // Every entry of the story whose last change is after `after_seq`, deleted ones included,
  // oldest change first, at most limit: what a reader's stream missed.
  std::vector<LiveEntry> changed_since(Id article_id, std::int64_t after_seq, int limit = 500);
  // The story's latest event number (0 when it has none yet).
  std::int64_t last_seq(Id article_id);

 private:
  Scope& scope_;
};

}  // namespace marquee
