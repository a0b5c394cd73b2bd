// The store's engine on one SQLite file: reads on a pool of read-only connections, writes on the
// single writer (BEGIN IMMEDIATE), change notices in a table of the same file, FTS5 search.
// Private to store/: the rest of Marquee reaches it through open_store() in store.h.
#pragma once

#include <filesystem>
#include <memory>

#include "store/search.h"
#include "store/sql/engine.h"
#include "store/sqlite/database.h"

namespace marquee::sqlite {

// Opens (creating if needed) the file and migrates it to the newest schema.
std::unique_ptr<sql::Engine> open_engine(const std::filesystem::path& file);

// Reader search with FTS5, in the read transaction open on db (search.cpp).
SearchResults search(Database& db, const SearchQuery& query);

// Adds a change notice in the transaction open on db; the oldest are dropped on the way, so a
// listener whose last notice is gone sees a gap in the ids.
void add_change_notice(Database& db, std::string_view payload);

}  // namespace marquee::sqlite
