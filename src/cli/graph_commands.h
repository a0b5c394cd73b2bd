// Subcommands of the knowledge graph's review queue: discovery over the archive, relation
// suggestions over the archive, and the list of pending suggestions. Each returns the exit
// status; a file that cannot be written is status 2 with the reason on stderr.
#pragma once

#include <string>

#include "store/changes.h"
#include "store/store.h"

namespace marquee::cli {

struct DiscoverOptions {
  int min_stories = 2;          // a name must appear in this many stories
  double min_confidence = 0.5;  // proposals below are left out
  std::string out;              // JSON Lines file; empty or "-" for standard output
  unsigned threads = 2;         // workers reading the archive
};

int discover_entities(Store& store, ChangeFeed* feed, const DiscoverOptions& options);
int suggest_relations_over_archive(Store& store, ChangeFeed* feed, unsigned threads);
int list_pending_relations(Store& store, int limit);

}  // namespace marquee::cli
