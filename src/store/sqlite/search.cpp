// Reader search over published stories with SQLite's FTS5: BM25 ranking with the headline
// weighted above the dek above the body, the list filters, a total, and a marked snippet.
#include <algorithm>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "store/sql/article_rows.h"
#include "store/sql/codec.h"
#include "store/sqlite/engine.h"
#include "store/sqlite/search_text.h"

namespace marquee::sqlite {
namespace {

// bm25() weights per column of article_search (headline, dek, body): a word in the headline
// says far more about what a story is about than the same word deep in the body.
constexpr const char* kRankExpression = "bm25(article_search, 10.0, 4.0, 1.0)";
// Column numbers of article_search, for snippet().
constexpr int kDekColumn = 1;
constexpr int kBodyColumn = 2;
// Words of context in a snippet.
constexpr int kSnippetWords = 32;

std::string filter_sql(const SearchQuery& query) {
  return " WHERE article_search MATCH ?" + sql::search_filter_sql(query);
}

void bind_filters(sql::Statement& q, const SearchQuery& query, const std::string& expression) {
  q.bind(expression);
  sql::bind_search_filters(q, query);
}

// CROSS JOIN keeps the full-text index as the outer loop: left to itself, SQLite's planner may
// walk every published story by the status index and run one FTS lookup per story.
constexpr const char* kFrom =
    " FROM article_search CROSS JOIN articles a ON a.id = article_search.rowid";

// BM25 from FTS5 is negative, more negative for a better match; this maps it onto (0, 1),
// higher better, keeping the order.
double normalised_score(double bm25) {
  const double relevance = std::max(-bm25, 0.0);
  return relevance / (1.0 + relevance);
}

// The body around its best match; the dek when only it matched; when only the headline did,
// the opening of the dek (or of the body when there is no dek), as a reminder of the story.
std::string snippet_html(const std::string& body, const std::string& dek) {
  if (has_match(body)) return snippet_to_html(body);
  if (has_match(dek) || !dek.empty()) return snippet_to_html(dek);
  return snippet_to_html(body);
}

// Snippets for the stories of one page, by id, in one pass over the matches. Looking each story
// up by rowid instead would expand a prefix word into all its terms once per story; the unary
// + keeps SQLite from handing the id list to FTS5 as such lookups.
std::unordered_map<Id, std::string> snippets_for(Database& db, const std::string& expression,
                                                 const std::vector<ArticleSummary>& stories) {
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& story : stories) ids.push_back(story.id);
  auto q = db.query(
      "SELECT rowid, snippet(article_search, ?1, ?2, ?3, '…', ?4), "
      "snippet(article_search, ?5, ?2, ?3, '…', ?4) "
      "FROM article_search WHERE article_search MATCH ?6 "
      "AND +rowid IN (SELECT value FROM json_each(?7))",
      kBodyColumn, kMatchOpen, kMatchClose, kSnippetWords, kDekColumn, expression, ids.dump());
  std::unordered_map<Id, std::string> snippets;
  while (q.step()) snippets[q.int64(0)] = snippet_html(q.text(1), q.text(2));
  return snippets;
}

}  // namespace

SearchResults search(Database& db, const SearchQuery& query) {
  const std::string expression = fts5_match_expression(query.text);
  if (expression.empty()) return {};
  SearchResults results;
  {
    auto q = db.prepare(std::string("SELECT count(*)") + kFrom + filter_sql(query));
    bind_filters(q, query, expression);
    q.step();
    results.total = q.int32(0);
  }
  if (query.limit <= 0 || results.total == 0) return results;
  std::vector<ArticleSummary> stories;
  {
    // Ordered by the column's alias, so that bm25() runs once per match.
    auto q = db.prepare(std::string("SELECT ") + sql::kSummaryColumns + ", " + kRankExpression +
                        " AS rank_score" + kFrom + filter_sql(query) +
                        " ORDER BY rank_score, a.publish_at DESC, a.id DESC LIMIT ? OFFSET ?");
    bind_filters(q, query, expression);
    q.bind(query.limit, std::max(query.offset, 0));
    while (q.step()) {
      stories.push_back(sql::read_summary(q));
      results.hits.push_back({{}, normalised_score(q.real(sql::kSummaryColumnCount)), {}});
    }
  }
  sql::fill_authors(db, stories);
  // Snippets only for the page shown: snippet() in the ranked query would run for every match.
  auto snippets = snippets_for(db, expression, stories);
  for (std::size_t i = 0; i < stories.size(); ++i) {
    results.hits[i].snippet_html = std::move(snippets[stories[i].id]);
    results.hits[i].story = std::move(stories[i]);
  }
  return results;
}

}  // namespace marquee::sqlite
