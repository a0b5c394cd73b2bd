// Identity helpers of the PostgreSQL store. Table names here are the store's own constants,
// never input; values always travel as parameters.
#include "store/postgres/common.h"

namespace marquee::postgres {

std::string id_or_next(const char* table, int n) {
  return "coalesce($" + std::to_string(n) + "::bigint, nextval(pg_get_serial_sequence('" + table +
         "', 'id')))";
}

bool has_row_with_id(Connection& conn, const char* table, Id id) {
  if (id == 0) return false;
  return conn.run(std::string("SELECT 1 FROM ") + table + " WHERE id = $1", id).rows() > 0;
}

void identity_past(Connection& conn, const char* table, Id id) {
  conn.run(std::string("SELECT setval(s, $1) FROM (SELECT pg_get_serial_sequence('") + table +
               "', 'id')::regclass AS s) seq WHERE $1 > coalesce(pg_sequence_last_value(s), 0)",
           id);
}

}  // namespace marquee::postgres
