// Moving a whole site from one store to another (`marquee migrate --from sqlite:PATH --to
// postgresql://...`): every table, ids kept, then each table counted and checksummed on both
// sides. Re-running is safe: the target becomes an exact copy of the source again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace marquee {

// One table on both sides after a copy: row counts and SHA-256 (hex) of a canonical JSON dump
// of the rows in key order, in which integers, reals, booleans and text read the same from
// either store.
struct TableCheck {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
  std::string source_sha256;
  std::string target_sha256;
  bool matches() const { return source_rows == target_rows && source_sha256 == target_sha256; }
};

struct CopyReport {
  std::vector<TableCheck> tables;  // in copy order
  bool verified() const {
    for (const auto& t : tables) {
      if (!t.matches()) return false;
    }
    return !tables.empty();
  }
};

// Opens both locations (as open_store() does, migrating each to the newest schema), replaces
// everything in the target with the source's rows in one transaction, and checks every table.
// The source is a directory, sqlite:/file.db or a postgresql:// URL; the target must be a
// postgresql:// URL. Throws StoreError when a store cannot be used, when a table has a column
// this build does not know (nothing is copied then), or when a row cannot be written (the
// target is left as it was). A report that is not verified() means the copy is not to be trusted.
CopyReport copy_store(const std::string& from_location, const std::string& to_location);

// The same checks without copying: whether two stores hold the same site.
CopyReport compare_stores(const std::string& from_location, const std::string& to_location);

}  // namespace marquee
