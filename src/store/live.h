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

// Which of a story's entries a list takes.
enum class EntryFilter { all, pinned, unpinned, key_moments };

// A key moment and where the reader's page shows it: the page of unpinned entries that starts
// after `page_after` (0: the first page, where pinned entries and the newest are).
struct LiveKeyMoment {
  LiveEntry entry;
  Id page_after = 0;
};

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
  // A story's entries that are not deleted, newest first (posted_at, then id), at most limit;
  // those the filter takes, and with older_than, only those after (older than) that entry.
  std::vector<LiveEntry> of_story(Id article_id, int limit = 1000,
                                  EntryFilter filter = EntryFilter::all, Id older_than = 0);
  // The story's key moments, newest first, at most limit, each with the page it is on when the
  // unpinned entries are shown newest first: the entry just newer than it (none when it is
  // pinned or the newest).
  std::vector<LiveKeyMoment> key_moments(Id article_id, int limit);
  // Every entry of the story whose last change is after `after_seq`, deleted ones included,
  // oldest change first, at most limit: what a reader's stream missed.
  std::vector<LiveEntry> changed_since(Id article_id, std::int64_t after_seq, int limit = 500);
  // The story's latest event number (0 when it has none yet).
  std::int64_t last_seq(Id article_id);

 private:
  Scope& scope_;
};

}  // namespace marquee
