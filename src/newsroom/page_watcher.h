// What the newsroom tells whoever keeps rendered pages (site::Site, with its page cache and the
// other nodes behind its change feed) after a write has committed. The newsroom knows stories,
// not pages: the watcher decides which cached pages show what changed.
#pragma once

#include <vector>

#include "core/types.h"

namespace marquee::newsroom {

class PageWatcher {
 public:
  virtual ~PageWatcher() = default;

  // A story was saved or went live: every page that shows it, as it was or is now (its page,
  // home, its sections, its authors, the topic pages of the entities it was or is linked to).
  virtual void story_changed(const Article& before, const Article& after,
                             const std::vector<Id>& entity_ids) = 0;
  // An editor decided one of a story's links: its text for readers changed (body_html), its
  // fields and times did not. The pages that show the body and the entity's topic page.
  virtual void story_body_changed(const Article& story, Id entity_id) = 0;
  // A live story's entries changed (posted, edited, deleted): its page and feed of entries,
  // and the topic pages of the entities whose links or quotes came or went with the change.
  // Readers' event streams hear of it through the change feed, not from here.
  virtual void live_entries_changed(const Article& story, const std::vector<Id>& entity_ids) = 0;
  // Names and topic pages can appear anywhere (the knowledge graph changed).
  virtual void everything_changed() = 0;
};

}  // namespace marquee::newsroom
