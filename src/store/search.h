// Reader search over published stories (headline, dek, body), best first. The engines rank with
// their own full-text index (SQLite FTS5, PostgreSQL tsvector); this is the one door to either.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace marquee {

namespace sql {
class Engine;
}

// How much of a large archive one search ranks. The full-text index finds every match, newest
// first; only the newest `window` of them are ranked, together with the newest
// `headline_window` matches in headlines (so an older story that names the query in its
// headline still competes), which bounds the cost of a word found in every story. Past the
// window the total is an estimate. Results pages reach as far as the ranked matches.
struct SearchLimits {
  int window = 1000;
  int headline_window = 200;
};

struct SearchQuery {
  std::string text;  // what the reader typed; any characters, never a syntax error
  // The news by default; a search for pages (About, Contact) asks for them.
  KindSet kinds = KindSet::news;
  std::optional<std::string> section;
  std::optional<Id> entity_id;
  std::optional<Time> from;  // publish_at >= from
  std::optional<Time> to;    // publish_at < to
  int limit = 20;
  int offset = 0;
  SearchLimits limits;
};

struct SearchHit {
  ArticleSummary story;
  double score = 0;          // in (0, 1), higher is better (BM25 or ts_rank, normalised)
  std::string snippet_html;  // body (or dek) text around the best match, HTML-escaped, with
                             // the matched words wrapped in <mark>
};

struct SearchResults {
  std::vector<SearchHit> hits;
  // All matching stories, whatever the limit and offset: exact while they fit the ranked
  // window, else an estimate (three significant figures) and total_is_estimate is set.
  int total = 0;
  bool total_is_estimate = false;
  int ranked = 0;  // how many matches were ranked, and so how far pages reach (total when exact)
};

class SearchRepository {
 public:
  explicit SearchRepository(sql::Engine& engine) : engine_(engine) {}
  // Every word of the text is searched for, none is ever syntax. The last word is also a prefix
  // ("eclip" finds "Eclipse") when it has three characters or more and the text does not end in
  // a space. No words, no hits.
  SearchResults find(const SearchQuery& query);

 private:
  sql::Engine& engine_;
};

}  // namespace marquee
