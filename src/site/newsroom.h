// The write path for stories: every save (editor, import, API, demo) goes through here, so the
// body is rendered, sanitised and linked, the knowledge-graph links and quotes are refreshed,
// and exactly the cached pages that show the story are dropped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "store/store.h"

namespace marquee::site {

class Site;

class Newsroom {
 public:
  // site may be null (command-line tools with no server running).
  Newsroom(Store& store, Site* site);

  // Renders story.body into body_html, saves (ConflictError on a stale version) and refreshes
  // everything that depends on the story. Returns the story as stored.
  Article save(const Article& story, Id editor_id);

  // Publishes scheduled stories whose time has come; returns how many.
  int publish_due(Time now);

 private:
  Store& store_;
  Site* site_;
};

}  // namespace marquee::site
