// Reading story summaries from a row, shared by the list queries (articles.cpp) and the search
// of both engines, so that all of them return the same thing the same way. Private to store/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "store/search.h"
#include "store/sql/search_window.h"
#include "store/sql/session.h"

namespace marquee::sql {

// The columns read_summary() expects first, from the articles table aliased as "a".
inline constexpr const char* kSummaryColumns =
    "a.id, a.slug, a.headline, a.dek, a.section, a.publish_at, a.updated_at, a.lead_media_id, "
    "a.exclusive, a.featured, a.kind, a.live_ended_at, a.clip_media_id";
inline constexpr int kSummaryColumnCount = 13;  // a query's own columns start here

ArticleSummary read_summary(const Statement& row);
// Author ids come from a join table, so they are filled in after the rows are read: all of a
// page's in one query.
void fill_authors(Session& session, std::vector<ArticleSummary>& summaries);
// The summaries of stories by id, in the order of ids (missing ones left out), with authors.
std::vector<ArticleSummary> summaries_by_id(Session& session, const std::vector<Id>& ids);

// The ids between which every published story (not a page) of a date filter lies, from the
// table of published days: a superset, since a day's bounds only ever widen. first > last when
// nothing was published then; nullopt when a day has no bounds recorded.
std::optional<IdSpan> published_id_span(Session& session, std::optional<Time> from,
                                        std::optional<Time> to);

// The conditions of a search beyond its full-text match, after the engine's own `WHERE <match>`:
// published stories, then each filter that is set, then the span of ids a date filter allows
// (on `id_column`, the one the engine's full-text index can seek by). The SQL depends only on
// which filters are set, so each shape is prepared once; bind_search_filters binds in the same
// order, after the match's own parameter.
std::string search_filter_sql(const SearchQuery& query, const std::optional<IdSpan>& ids,
                              const char* id_column);
void bind_search_filters(Statement& q, const SearchQuery& query, const std::optional<IdSpan>& ids);
// The span of ids a search's date filter allows, when it has one and searches the news only
// (pages are not among the published days).
std::optional<IdSpan> search_id_span(Session& session, const SearchQuery& query);

}  // namespace marquee::sql
