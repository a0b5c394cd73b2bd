// Private to newsroom/: how the write path reads a live story, shared by a story's save
// (newsroom.cpp) and an entry's (live.cpp).
#pragma once

#include <string>

#include "core/types.h"
#include "enrich/enrich.h"
#include "store/store.h"

namespace marquee::newsroom {

// Quotes come from the Markdown source: its wrapped lines joined, emphasis markers dropped.
std::string tidy_quote(const std::string& raw);

// A live story as enrichment and the review queue read it: its body followed by every entry's
// text, oldest first, read in the unit of work (under the story's row lock, so that no entry
// posted meanwhile is left out); and what enrichment finds there, as automatic suggestions.
struct LiveReading {
  Article text;
  Enrichment enrichment;
};
LiveReading read_live_story(Repositories& unit, const KnowledgeGraph& graph, const Article& story);

}  // namespace marquee::newsroom
