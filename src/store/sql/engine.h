// What an engine (store/sqlite/, store/postgres/) gives the one Store: transactions on its
// connections, the change notice inside a transaction, full-text search and the schema
// version. Everything else is written once, in the repositories over sql::Session.
#pragma once

#include <functional>
#include <string_view>

#include "store/scope.h"
#include "store/search.h"
#include "store/sql/session.h"

namespace marquee::sql {

class Engine {
 public:
  virtual ~Engine() = default;

  // Runs work in one transaction (a read snapshot, or the write transaction) on a pooled
  // connection: committed when work returns, rolled back when it throws.
  virtual void transact(Access access, const std::function<void(Session&)>& work) = 0;
  // Tells every node of the change when the transaction commits, and never if it rolls back.
  virtual void notify(Session& session, std::string_view payload) = 0;

  virtual SearchResults search(const SearchQuery& query) = 0;
  virtual int schema_version() = 0;
  virtual int latest_schema_version() const = 0;
};

}  // namespace marquee::sql
