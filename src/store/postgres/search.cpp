// Reader search over published stories on PostgreSQL: a stored tsvector weighted A headline,
// B dek, C body (accents folded, no stemming, like the SQLite store's FTS5), bounded for large
// archives (see store/sql/search_window.h): the newest matches ranked with ts_rank_cd, the list
// filters, a total, and a marked snippet for the page.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "store/postgres/engine.h"
#include "store/postgres/search_words.h"
#include "store/sql/article_rows.h"
#include "store/sql/search_window.h"
#include "store/sqlite/search_text.h"

namespace marquee::postgres {
namespace {

// Weights of D, C (body), B (dek), A (headline); normalisation 32 maps rank r to r / (r + 1),
// so scores fall in (0, 1) as the interface asks.
constexpr const char* kRankExpression =
    "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::real[], a.search, q.query, 32)";

// Words of context in a snippet, as in the SQLite store.
constexpr int kSnippetWords = 32;

std::string filter_sql(const SearchQuery& query, const std::optional<sql::IdSpan>& ids) {
  return " FROM articles a, (SELECT to_tsquery('marquee_search', ?) AS query) q"
         " WHERE a.search @@ q.query" +
         sql::search_filter_sql(query, ids, "a.id");
}

void bind_filters(sql::Statement& q, const SearchQuery& query,
                  const std::optional<sql::IdSpan>& ids, const std::string& tsquery) {
  q.bind(tsquery);
  sql::bind_search_filters(q, query, ids);
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

// The newest matches of tsquery, newest first, with their scores. Ordered by id with a limit,
// PostgreSQL either walks the primary key backwards testing each story (a common word: it stops
// after the limit) or collects the matches from the GIN index and keeps the newest (a rare
// one), whichever its statistics say is cheaper; either way only the window is ranked.
std::vector<sql::SearchCandidate> newest_matches(Session& session, const SearchQuery& query,
                                                 const std::optional<sql::IdSpan>& ids,
                                                 const std::string& tsquery, int limit) {
  auto q = session.prepare(std::string("SELECT a.id, ") + kRankExpression + ", a.publish_at" +
                           filter_sql(query, ids) + " ORDER BY a.id DESC LIMIT ?");
  bind_filters(q, query, ids, tsquery);
  q.bind(limit);
  std::vector<sql::SearchCandidate> out;
  while (q.step()) {
    // A match always scores above zero, even one ts_rank_cd finds no cover for.
    out.push_back({q.int64(0), std::clamp(q.real(1), 1e-6, 1.0 - 1e-6), q.optional_time(2)});
  }
  return out;
}

}  // namespace

SearchResults search(Session& session, const SearchQuery& query) {
  std::string text = query.text;
  if (tsquery_text(text).empty()) return {};
  const int window = std::max(query.limits.window, 1);
  const auto ids = sql::search_id_span(session, query);
  // The last word as typed first (a trailing space ends it), as the SQLite store does: when it
  // alone fills the window, its longer forms are not ranked.
  std::vector<sql::SearchCandidate> newest;
  const std::string finished = text + " ";
  if (tsquery_text(finished) != tsquery_text(text)) {
    newest = newest_matches(session, query, ids, tsquery_text(finished), window + 1);
    if (static_cast<int>(newest.size()) > window) text = finished;
  }
  if (text != finished)
    newest = newest_matches(session, query, ids, tsquery_text(text), window + 1);
  std::vector<sql::SearchCandidate> headline;
  if (static_cast<int>(newest.size()) > window) {
    headline = newest_matches(session, query, ids, headline_tsquery_text(text),
                              query.limits.headline_window);
  }
  auto ranked = sql::rank_window(std::move(newest), window, std::move(headline), query.offset,
                                 query.limit, ids);
  const auto page = sql::page_ids(ranked);
  // Snippets only for the page shown: the marking re-parses the whole text each time.
  const std::string any_word = any_word_tsquery_text(text);
  Connection& conn = session.connection();
  std::unordered_map<Id, std::string> snippets;
  for (Id id : page) snippets[id] = snippet_for(conn, any_word, id);
  return sql::search_results(ranked, sql::summaries_by_id(session, page), snippets);
}

}  // namespace marquee::postgres
