// Reader search over published stories with SQLite's FTS5, bounded for large archives (see
// store/sql/search_window.h): the newest matches are ranked with BM25F (the headline weighted
// above the dek above the body), each word's rarity estimated from how densely its own newest
// matches fill the ids, then the list filters, a total, and a marked snippet for the page.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "store/sql/article_rows.h"
#include "store/sql/codec.h"
#include "store/sql/search_window.h"
#include "store/sqlite/engine.h"
#include "store/sqlite/search_text.h"

namespace marquee::sqlite {
namespace {

// marquee_terms() (rank.h) with weights per column of article_search (headline, dek, body): a
// word in the headline says far more about what a story is about than the same word deep in
// the body.
constexpr const char* kTermsExpression = "marquee_terms(article_search, 10.0, 4.0, 1.0)";
// Column numbers of article_search, for snippet().
constexpr int kDekColumn = 1;
constexpr int kBodyColumn = 2;
// Words of context in a snippet.
constexpr int kSnippetWords = 32;
// How many of a word's newest matches tell how common it is.
constexpr int kRaritySample = 64;
constexpr double kMinimumRarity = 1e-3;
// Headline matches older than the window scored one seek of the full index each (about 0.1 ms
// a seek at 1,000,000 stories); more are scored in one walk over the ids between them.
constexpr std::size_t kSeekedHeadlines = 24;

// A date filter's span of ids is put on the index's own rowid, which FTS5 seeks to.
std::string filter_sql(const SearchQuery& query, const std::optional<sql::IdSpan>& ids) {
  return " WHERE article_search MATCH ?" +
         sql::search_filter_sql(query, ids, "article_search.rowid");
}

void bind_filters(sql::Statement& q, const SearchQuery& query,
                  const std::optional<sql::IdSpan>& ids, const std::string& expression) {
  q.bind(expression);
  sql::bind_search_filters(q, query, ids);
}

// CROSS JOIN keeps the full-text index as the outer loop: left to itself, SQLite's planner may
// walk every published story by the status index and run one FTS lookup per story. The
// covering index holds the columns the filters read, which in the table come after the body.
constexpr const char* kFrom =
    " FROM article_search CROSS JOIN articles a INDEXED BY articles_search_filter"
    " ON a.id = article_search.rowid";
// Pages are a handful among the stories: from them (their partial index), each looked up in the
// full-text index by rowid, rather than from every match of the words.
constexpr const char* kFromPages =
    " FROM articles a CROSS JOIN article_search ON article_search.rowid = a.id";

// The body around its best match; the dek when only it matched; when only the headline did,
// the opening of the dek (or of the body when there is no dek), as a reminder of the story.
std::string snippet_html(const std::string& body, const std::string& dek) {
  if (has_match(body)) return snippet_to_html(body);
  if (has_match(dek) || !dek.empty()) return snippet_to_html(dek);
  return snippet_to_html(body);
}

// Each phrase's inverse document frequency, BM25's, from an estimate of how many stories
// contain it; all ones for a single phrase, where it would not change the order.
std::vector<double> rarity(Database& db, const std::vector<std::string>& phrases) {
  std::vector<double> idf(phrases.size(), 1.0);
  if (phrases.size() < 2) return idf;
  auto newest = db.prepare("SELECT max(rowid) FROM article_search");
  const double stories = newest.step() ? static_cast<double>(newest.int64(0)) : 0;
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    auto q = db.prepare(
        "SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid DESC "
        "LIMIT ?");
    q.bind(phrases[i], kRaritySample + 1);
    std::vector<sql::SearchCandidate> sample;
    while (q.step()) sample.push_back({q.int64(0), 0, {}});
    const bool more = static_cast<int>(sample.size()) > kRaritySample;
    if (more) sample.pop_back();
    const double found = more ? sql::estimate_total(sample) : static_cast<double>(sample.size());
    // An estimate can overshoot the archive; a word in every story still weighs a little.
    idf[i] = std::max(kMinimumRarity, std::log((stories - found + 0.5) / (found + 0.5) + 1.0));
  }
  return idf;
}

// A row's marquee_terms() blob weighted by the phrases' rarity, onto (0, 1).
double score_of(const std::string& terms, const std::vector<double>& idf) {
  double sum = 0;
  for (std::size_t i = 0; i < idf.size() && (i + 1) * sizeof(double) <= terms.size(); ++i) {
    double part = 0;
    std::memcpy(&part, terms.data() + i * sizeof(double), sizeof(double));
    sum += idf[i] * part;
  }
  return sum / (1.0 + sum);
}

// The newest matches of expression, newest first, with their scores: FTS5 walks its index in
// descending rowid order and stops at the limit, so this costs the limit, not the matches.
std::vector<sql::SearchCandidate> newest_matches(Database& db, const SearchQuery& query,
                                                 const std::optional<sql::IdSpan>& ids,
                                                 const std::string& expression,
                                                 const std::vector<double>& idf, int limit) {
  auto q = db.prepare(std::string("SELECT article_search.rowid, ") + kTermsExpression +
                      ", a.publish_at" + (query.kinds == KindSet::pages ? kFromPages : kFrom) +
                      filter_sql(query, ids) + " ORDER BY article_search.rowid DESC LIMIT ?");
  bind_filters(q, query, ids, expression);
  q.bind(limit);
  std::vector<sql::SearchCandidate> out;
  while (q.step()) out.push_back({q.int64(0), score_of(q.text(1), idf), q.optional_time(2)});
  return out;
}

// Phrases ANDed into one MATCH expression.
std::string joined(const std::vector<std::string>& phrases) {
  std::string expression;
  for (const auto& phrase : phrases) {
    if (!expression.empty()) expression += ' ';
    expression += phrase;
  }
  return expression;
}

// The same words, found in headlines only.
std::string in_headlines(const std::string& expression) {
  return "{headline} : (" + expression + ")";
}

// The newest matches of expression in headlines, newest first, with the scores the full index
// gives them, as the window's have. They come from the headlines' own index, whose lists are
// short: the full index's column filter would walk every match of each word in every column.
// A match at or above window_oldest is in the window already, with its score, and is left out;
// each older one is scored by one seek of the full index. A prefix would be merged again at each
// seek, so words ending in one are found through the column filter instead.
std::vector<sql::SearchCandidate> newest_headline_matches(Database& db, const SearchQuery& query,
                                                          const std::optional<sql::IdSpan>& ids,
                                                          const std::string& expression,
                                                          const std::vector<double>& idf, int limit,
                                                          Id window_oldest) {
  if (expression.ends_with('*'))
    return newest_matches(db, query, ids, in_headlines(expression), idf, limit);
  auto found = db.prepare(
      "SELECT article_headline_search.rowid FROM article_headline_search CROSS JOIN articles a "
      "INDEXED BY articles_search_filter ON a.id = article_headline_search.rowid "
      "WHERE article_headline_search MATCH ?" +
      sql::search_filter_sql(query, ids, "article_headline_search.rowid") +
      " ORDER BY article_headline_search.rowid DESC LIMIT ?");
  bind_filters(found, query, ids, expression);
  found.bind(limit);
  std::vector<Id> older;
  while (found.step()) {
    if (found.int64(0) < window_oldest) older.push_back(found.int64(0));
  }
  std::vector<sql::SearchCandidate> out;
  if (older.size() <= kSeekedHeadlines) {
    for (Id id : older) {
      auto q = db.prepare(std::string("SELECT ") + kTermsExpression + ", a.publish_at" + kFrom +
                          " WHERE article_search MATCH ? AND article_search.rowid = ?");
      q.bind(expression, id);
      if (q.step()) out.push_back({id, score_of(q.text(0), idf), q.optional_time(1)});
    }
    return out;
  }
  // Many: one walk of the full index over the ids between them (they are the newest headline
  // matches, so close together when there are this many), each kept by the list.
  nlohmann::json list = older;
  auto q = db.prepare(std::string("SELECT article_search.rowid, ") + kTermsExpression +
                      ", a.publish_at" + kFrom +
                      " WHERE article_search MATCH ? AND article_search.rowid BETWEEN ? AND ? "
                      "AND +article_search.rowid IN (SELECT value FROM json_each(?))");
  q.bind(expression, older.back(), older.front(), list.dump());
  while (q.step()) out.push_back({q.int64(0), score_of(q.text(1), idf), q.optional_time(2)});
  return out;
}

// Snippets for the stories of one page, by id. The page's stories from the ranked window are
// walked in one pass of the index over the ids between them (bounded by the window); an older
// headline match is looked up over its own id alone, so that its distance from the window is
// never walked, unless the words end in a prefix: each lookup would merge every word the prefix
// begins again, which one pass does once. A lookup by a list of ids would do the same per
// story, which the unary + prevents.
std::unordered_map<Id, std::string> snippets_for(Database& db, const std::string& expression,
                                                 const std::vector<Id>& ids, Id window_oldest) {
  std::unordered_map<Id, std::string> snippets;
  auto walk = [&](const std::vector<Id>& group) {
    if (group.empty()) return;
    const auto [lowest, highest] = std::minmax_element(group.begin(), group.end());
    nlohmann::json list = group;
    auto q = db.query(
        "SELECT rowid, snippet(article_search, ?1, ?2, ?3, '…', ?4), "
        "snippet(article_search, ?5, ?2, ?3, '…', ?4) "
        "FROM article_search WHERE article_search MATCH ?6 AND rowid BETWEEN ?7 AND ?8 "
        "AND +rowid IN (SELECT value FROM json_each(?9))",
        kBodyColumn, kMatchOpen, kMatchClose, kSnippetWords, kDekColumn, expression, *lowest,
        *highest, list.dump());
    while (q.step()) snippets[q.int64(0)] = snippet_html(q.text(1), q.text(2));
  };
  const bool prefix = expression.ends_with('*');
  std::vector<Id> in_window;
  for (Id id : ids) {
    if (id >= window_oldest || prefix) {
      in_window.push_back(id);
    } else {
      walk({id});
    }
  }
  walk(in_window);
  return snippets;
}

}  // namespace

SearchResults search(Database& db, const SearchQuery& query) {
  auto phrases = fts5_match_phrases(query.text);
  if (phrases.empty()) return {};
  // A lookup by rowid expands a prefix into every word it begins, once per page: pages are
  // found by whole words.
  if (query.kinds == KindSet::pages && phrases.back().ends_with('*')) phrases.back().pop_back();
  const auto idf = rarity(db, phrases);
  const auto ids = sql::search_id_span(db, query);
  const int window = std::max(query.limits.window, 1);
  // The last word as typed first: when it alone fills the window ("the", "premiere"), its
  // longer forms would add nothing to the ranking but the cost of merging every word it begins,
  // which for a short common prefix is most of the index.
  std::vector<sql::SearchCandidate> newest;
  std::string expression;
  if (phrases.back().ends_with('*')) {
    auto exact = phrases;
    exact.back().pop_back();
    expression = joined(exact);
    newest = newest_matches(db, query, ids, expression, idf, window + 1);
  }
  if (static_cast<int>(newest.size()) <= window) {
    expression = joined(phrases);
    newest = newest_matches(db, query, ids, expression, idf, window + 1);
  }
  std::vector<sql::SearchCandidate> headline;
  Id window_oldest = 0;  // past the window, the headline matches are older than this
  if (static_cast<int>(newest.size()) > window) {
    window_oldest = newest[static_cast<std::size_t>(window) - 1].id;
    headline = newest_headline_matches(db, query, ids, expression, idf,
                                       query.limits.headline_window, window_oldest);
  }
  auto ranked = sql::rank_window(std::move(newest), window, std::move(headline), query.offset,
                                 query.limit, ids);
  const auto page = sql::page_ids(ranked);
  // Snippets only for the page shown: snippet() over the window would read every story's text.
  auto snippets = snippets_for(db, expression, page, window_oldest);
  return sql::search_results(ranked, sql::summaries_by_id(db, page), snippets);
}

}  // namespace marquee::sqlite
