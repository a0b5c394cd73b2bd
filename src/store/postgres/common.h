// Helpers shared by the PostgreSQL store's files: column codecs (the same text forms as the
// SQLite store, so that a copy between them is exact) and identity handling for given ids.
#pragma once

#include <string>

#include "store/postgres/connection.h"
#include "store/sqlite/codec.h"

namespace marquee::postgres {

using marquee::to_string;
using sqlite::article_status_from;
using sqlite::entity_kind_from;
using sqlite::from_unix;
using sqlite::id_or_null;
using sqlite::link_source_from;
using sqlite::link_state_from;
using sqlite::media_kind_from;
using sqlite::now_seconds;
using sqlite::qualifiers_from_json;
using sqlite::qualifiers_to_json;
using sqlite::role_from;
using sqlite::to_string;
using sqlite::to_unix;

inline Time time_at(const Result& r, int row, int col) {
  return from_unix(r.int64(row, col));
}
inline std::optional<Time> optional_time_at(const Result& r, int row, int col) {
  return from_unix(r.optional_int64(row, col));
}

// The id expression of an INSERT whose id is parameter $n: the given id, or the next one.
std::string id_or_next(const char* table, int n = 1);
bool has_row_with_id(Connection& conn, const char* table, Id id);
// After a row was inserted with a given id: moves the table's identity past it, so that later
// inserts without an id do not collide with it.
void identity_past(Connection& conn, const char* table, Id id);

}  // namespace marquee::postgres
