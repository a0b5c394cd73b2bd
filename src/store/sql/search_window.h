// Bounded ranking for reader search, the same on either engine: the full-text index finds the
// newest matches (story ids grow with time), only a window of them is ranked, with the newest
// headline matches added so that an older story that names the query in its headline is not
// lost behind a window of passing mentions, and the total is counted while it fits the window
// and estimated past it. A word in every story then costs what a rare one does.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/types.h"
#include "store/search.h"

namespace marquee::sql {

// One match found by an engine: its score in (0, 1), higher better, and its date.
struct SearchCandidate {
  Id id = 0;
  double score = 0;
  std::optional<Time> publish_at;
};

struct RankedPage {
  std::vector<SearchCandidate> page;  // best first: score, then newest
  int total = 0;
  bool total_is_estimate = false;
  int ranked = 0;  // candidates ranked, of which page is a slice
};

// The ids between which every match of a date-filtered search lies (see published_id_span in
// article_rows.h); first > last when none can.
struct IdSpan {
  Id first = 0;
  Id last = 0;
};

// newest: the engine's newest matches, newest first, at most window + 1 of them (one more than
// the window says whether there are more). headline: the newest headline matches, asked for only
// when there are more; a story in both keeps its score from newest. The page is
// [offset, offset + limit) of the merged ranking. ids: a date filter's span, whose lowest id
// bounds the estimated total.
RankedPage rank_window(std::vector<SearchCandidate> newest, int window,
                       std::vector<SearchCandidate> headline, int offset, int limit,
                       const std::optional<IdSpan>& ids = std::nullopt);

// The ids of the page's stories, best first: what an engine reads summaries and snippets of.
std::vector<Id> page_ids(const RankedPage& ranked);

// The results of a ranked page: its totals, and each candidate with its summary (one deleted
// meanwhile is left out) and its snippet.
SearchResults search_results(const RankedPage& ranked, std::vector<ArticleSummary> stories,
                             std::unordered_map<Id, std::string>& snippets);

// Matches down to first_id (the whole archive by default), from how densely the window's matches
// (newest first) fill the ids they span, rounded to three significant figures ("about 12,400").
int estimate_total(const std::vector<SearchCandidate>& window, Id first_id = 1);

}  // namespace marquee::sql
