// Reading story summaries from a result row, shared by the list queries (articles.cpp) and
// search (search.cpp) so that both return the same thing. Private to store/postgres/.
#pragma once

#include <vector>

#include "core/types.h"
#include "store/postgres/connection.h"

namespace marquee::postgres {

// The columns read_summary() expects first, from the articles table aliased as "a".
inline constexpr const char* kSummaryColumns =
    "a.id, a.slug, a.headline, a.dek, a.section, a.publish_at, a.updated_at, a.lead_media_id, "
    "a.exclusive, a.featured";
inline constexpr int kSummaryColumnCount = 10;  // a query's own columns start here

ArticleSummary read_summary(const Result& r, int row);
// Author ids come from a join table: filled in for the whole page in one query.
void fill_authors(Connection& conn, std::vector<ArticleSummary>& summaries);

}  // namespace marquee::postgres
