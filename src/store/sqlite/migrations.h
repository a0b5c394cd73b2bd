// The schema as an ordered list of numbered steps. Opening a store applies every step newer
// than the database, each in its own transaction, and records it in schema_migrations.
// Steps are never edited once released; a change to the schema is a new step at the end.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite/database.h"

namespace marquee::sqlite {

struct Migration {
  int version;  // 1, 2, 3, ... in order, no gaps
  std::string_view name;
  const char* sql;
};

std::span<const Migration> migrations();
// Change notices live in the store's own file, so that a write and its notice commit together.
// Ids follow commit order with no gaps (one writer, and pruning never removes the newest), so
// a listener that finds a gap knows it missed notices. No AUTOINCREMENT and no index: a notice
// adds one page to a save, not three. IF NOT EXISTS: a change feed opened before the store
// migrated makes the table itself.
inline constexpr const char* kChangeNotices = R"sql(
CREATE TABLE IF NOT EXISTS change_notices (
  id INTEGER PRIMARY KEY,
  payload TEXT NOT NULL,
  at INTEGER NOT NULL
);
)sql";
int latest_schema_version();

// The highest step recorded in the database; 0 for a new, empty file.
int current_schema_version(Database& db);

// Applies the steps after the current version up to target (the newest by default). Throws
// StoreError when the database is newer than this build knows, or when a step fails (that step
// is rolled back; the ones before it stay).
void migrate(Database& db, int target = latest_schema_version());

}  // namespace marquee::sqlite
