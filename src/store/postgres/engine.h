// The store's engine on PostgreSQL 15: reads in REPEATABLE READ READ ONLY (a story and its parts
// from one snapshot), writes in READ COMMITTED with row locks, change notices by NOTIFY inside
// the write's transaction, tsvector search. Several nodes may share one database.
// Private to store/: the rest of Marquee reaches it through open_store() in store.h.
#pragma once

#include <memory>
#include <string>

#include "store/postgres/connection.h"
#include "store/postgres/pool.h"
#include "store/search.h"
#include "store/sql/engine.h"

namespace marquee::postgres {

// Connects to location (a postgresql:// URL) and migrates the database to the newest schema.
std::unique_ptr<sql::Engine> open_engine(const std::string& location, PoolOptions options = {});

// One connection inside its transaction, as a sql::Session (session.cpp).
class Session final : public sql::Session {
 public:
  explicit Session(Connection& conn) : conn_(conn) {}
  sql::Statement prepare(const std::string& sql) override;
  const sql::Dialect& dialect() const override;
  std::string id_or_next(std::string_view table, int parameter) const override;
  void identity_past(std::string_view table, Id id) override;
  Connection& connection() { return conn_; }

 private:
  Connection& conn_;
};

// Reader search with tsvector, in the read transaction open on session (search.cpp).
SearchResults search(Session& session, const SearchQuery& query);

// The channel every node listens on for change notices.
inline constexpr const char* kChangeChannel = "marquee_changes";
// NOTIFY payloads must be shorter than 8000 bytes; a longer notice is sent as "drop everything".
inline constexpr std::size_t kMaxNoticePayload = 7000;

}  // namespace marquee::postgres
