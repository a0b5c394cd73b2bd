// An FTS5 ranking function that, unlike bm25(), reads nothing but the row at hand. bm25()
// counts every story that contains each phrase before it scores the first row, which is a pass
// over the whole archive for a common word; a bounded search ranks a window of matches and
// brings its own estimate of how common each phrase is (see search.cpp).
#pragma once

struct sqlite3;

namespace marquee::sqlite {

// Registers marquee_terms(article_search, weight_0, weight_1, ...) on a connection: for the
// current row, a blob of one double per phrase of the MATCH, the BM25F term part
// tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average)), with tf and the lengths summed
// over the columns times their weights (k1 = 1.2, b = 0.75). A caller multiplies each by the
// phrase's inverse document frequency and sums. Throws StoreError when FTS5 is missing.
void register_rank_function(sqlite3* db);

}  // namespace marquee::sqlite
