// The PostgreSQL engine: transactions on pooled connections, NOTIFY inside them.
#include "store/postgres/engine.h"

#include "store/errors.h"
#include "store/postgres/migrations.h"

namespace marquee::postgres {
namespace {

class PostgresEngine final : public sql::Engine {
 public:
  PostgresEngine(const std::string& location, PoolOptions options) : pool_(location, options) {
    auto conn = pool_.lease();
    migrate(*conn);
  }

  // work runs between BEGIN and COMMIT; an exception rolls back. A pooled connection found dead
  // at BEGIN (nothing sent yet) is replaced and the work started on a fresh one.
  void transact(Access access, const std::function<void(sql::Session&)>& work) override {
    auto conn = begin(access);
    try {
      Session session(*conn);
      work(session);
      conn->exec("COMMIT");
    } catch (...) {
      conn->rollback();
      throw;
    }
  }

  void notify(sql::Session& session, std::string_view payload) override {
    if (payload.size() > kMaxNoticePayload) payload = "*";
    static_cast<Session&>(session).connection().run("SELECT pg_notify($1, $2)", kChangeChannel,
                                                    payload);
  }

  SearchResults search(const SearchQuery& query) override {
    SearchResults results;
    transact(Access::read, [&](sql::Session& session) {
      results = postgres::search(static_cast<Session&>(session), query);
    });
    return results;
  }

  int schema_version() override {
    auto conn = pool_.lease();
    return current_schema_version(*conn);
  }
  int latest_schema_version() const override { return postgres::latest_schema_version(); }

 private:
  Pool::Lease begin(Access access) {
    // Read-only snapshot reads never fail to serialise; writes lock what they change.
    const char* sql =
        access == Access::read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN";
    // Every idle connection may have died together (server restart): try each, then a new one.
    for (int attempt = 0;; ++attempt) {
      auto conn = pool_.lease();
      try {
        conn->exec(sql);
        return conn;
      } catch (const StoreError&) {
        if (conn->healthy() || attempt > 16) throw;
      }
    }
  }

  Pool pool_;
};

}  // namespace

std::unique_ptr<sql::Engine> open_engine(const std::string& location, PoolOptions options) {
  return std::make_unique<PostgresEngine>(location, options);
}

}  // namespace marquee::postgres
