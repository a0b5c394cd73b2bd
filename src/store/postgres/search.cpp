// Reader search over published stories on PostgreSQL: a stored tsvector weighted A headline,
// B dek, C body (accents folded, no stemming, like the SQLite store's FTS5), ranked with
// ts_rank_cd, the list filters, a total, and a marked snippet.
#include <algorithm>
#include <string>

#include "store/postgres/engine.h"
#include "store/postgres/search_words.h"
#include "store/sql/article_rows.h"
#include "store/sqlite/search_text.h"

namespace marquee::postgres {
namespace {

// Weights of D, C (body), B (dek), A (headline); normalisation 32 maps rank r to r / (r + 1),
// so scores fall in (0, 1) as the interface asks.
constexpr const char* kRankExpression =
    "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::real[], a.search, q.query, 32)";

// Words of context in a snippet, as in the SQLite store.
constexpr int kSnippetWords = 32;

std::string filter_sql(const SearchQuery& query) {
  return " FROM articles a, (SELECT to_tsquery('marquee_search', ?) AS query) q"
         " WHERE a.search @@ q.query" +
         sql::search_filter_sql(query);
}

void bind_filters(sql::Statement& q, const SearchQuery& query, const std::string& tsquery) {
  q.bind(tsquery);
  sql::bind_search_filters(q, query);
}

// text marked where PostgreSQL's own parser (the one that built the index) finds a word matching
// any of the reader's words: ts_headline would drop markup and cut punctuation, so the cutting
// and marking happen here, with the same markers as the SQLite store's snippet().
std::string marked(Connection& conn, const std::string& any_word, const std::string& text) {
  if (text.empty()) return {};
  auto r = conn.run(
      "SELECT d.token, d.lexemes IS NOT NULL AND d.alias NOT IN ('asciihword', 'hword', "
      "'numhword', 'url'), coalesce(to_tsvector('marquee_search', d.token) @@ "
      "to_tsquery('marquee_search', $2), false) "
      "FROM ts_debug('marquee_search', translate($1, '<>', '  ')) WITH ORDINALITY d "
      "ORDER BY d.ordinality",
      text, any_word);
  std::vector<ParsedToken> tokens;
  tokens.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    tokens.push_back({r.text(i, 0), r.boolean(i, 1), r.boolean(i, 2)});
  return marked_snippet(text, tokens, sqlite::kMatchOpen, sqlite::kMatchClose, kSnippetWords);
}

// The body around its best match; the dek when only it matched; when only the headline did,
// the opening of the dek (or of the body when there is no dek).
std::string snippet_for(Connection& conn, const std::string& any_word, Id id) {
  auto r = conn.run("SELECT body, dek FROM articles WHERE id = $1", id);
  if (r.rows() == 0) return {};
  const std::string body = marked(conn, any_word, r.text(0, 0));
  const std::string dek = marked(conn, any_word, r.text(0, 1));
  if (sqlite::has_match(body)) return sqlite::snippet_to_html(body);
  if (sqlite::has_match(dek) || !dek.empty()) return sqlite::snippet_to_html(dek);
  return sqlite::snippet_to_html(body);
}

}  // namespace

SearchResults search(Session& session, const SearchQuery& query) {
  const std::string tsquery = tsquery_text(query.text);
  if (tsquery.empty()) return {};
  const std::string any_word = any_word_tsquery_text(query.text);
  Connection& conn = session.connection();
  SearchResults results;
  {
    auto q = session.prepare("SELECT count(*)" + filter_sql(query));
    bind_filters(q, query, tsquery);
    q.step();
    results.total = q.int32(0);
  }
  if (query.limit <= 0 || results.total == 0) return results;
  std::vector<ArticleSummary> stories;
  {
    auto q = session.prepare(std::string("SELECT ") + sql::kSummaryColumns + ", " +
                             kRankExpression + " AS score" + filter_sql(query) +
                             " ORDER BY score DESC, a.publish_at DESC NULLS LAST, a.id DESC"
                             " LIMIT ? OFFSET ?");
    bind_filters(q, query, tsquery);
    q.bind(query.limit, std::max(query.offset, 0));
    while (q.step()) {
      stories.push_back(sql::read_summary(q));
      // A match always scores above zero, even one ts_rank_cd finds no cover for.
      double score = std::clamp(q.real(sql::kSummaryColumnCount), 1e-6, 1.0 - 1e-6);
      results.hits.push_back({{}, score, {}});
    }
  }
  sql::fill_authors(session, stories);
  // Snippets only for the page shown: ts_headline re-parses the whole text each time.
  for (std::size_t i = 0; i < stories.size(); ++i) {
    results.hits[i].snippet_html = snippet_for(conn, any_word, stories[i].id);
    results.hits[i].story = std::move(stories[i]);
  }
  return results;
}

}  // namespace marquee::postgres
