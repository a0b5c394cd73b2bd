// PostgreSQL's schema as numbered steps, the same tables as the SQLite store in PostgreSQL's
// dialect. Two nodes starting at once migrate once: each step runs under an advisory lock.
#pragma once

#include <span>

#include "store/postgres/connection.h"

namespace marquee::postgres {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

std::span<const Migration> migrations();
int latest_schema_version();
// 0 for a database Marquee never touched.
int current_schema_version(Connection& conn);
// Applies every step up to target that the database lacks, each in its own transaction.
void migrate(Connection& conn, int target = latest_schema_version());

}  // namespace marquee::postgres
