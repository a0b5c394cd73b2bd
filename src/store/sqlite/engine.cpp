// The SQLite engine: transactions on pooled connections, notices committed with the write.
#include "store/sqlite/engine.h"

#include <chrono>

#include "store/sqlite/connection_pool.h"
#include "store/sqlite/migrations.h"

namespace marquee::sqlite {
namespace {

// Enough for the HTTP server's io threads plus a background job; more would only wait on disk.
constexpr std::size_t kMaxReaders = 4;
// The newest notices kept; a listener further behind finds a gap and drops everything.
constexpr Id kKeptNotices = 20000;
// Pruning on every notice would rewrite the table's first pages with every save.
constexpr Id kPruneEvery = 64;

class SqliteEngine final : public sql::Engine {
 public:
  explicit SqliteEngine(const std::filesystem::path& file) : pool_(file, kMaxReaders) {
    migrate(*pool_.writer());
  }

  void transact(Access access, const std::function<void(sql::Session&)>& work) override {
    auto db = access == Access::read ? pool_.reader() : pool_.writer();
    Transaction tx(*db,
                   access == Access::read ? Transaction::Kind::read : Transaction::Kind::write);
    work(*db);
    tx.commit();
  }

  void notify(sql::Session& session, std::string_view payload) override {
    add_change_notice(static_cast<Database&>(session), payload);
  }

  SearchResults search(const SearchQuery& query) override {
    auto db = pool_.reader();
    Transaction tx(*db, Transaction::Kind::read);
    SearchResults results = sqlite::search(*db, query);
    tx.commit();
    return results;
  }

  int schema_version() override {
    auto db = pool_.reader();
    return current_schema_version(*db);
  }
  int latest_schema_version() const override { return sqlite::latest_schema_version(); }

 private:
  ConnectionPool pool_;
};

}  // namespace

std::unique_ptr<sql::Engine> open_engine(const std::filesystem::path& file) {
  return std::make_unique<SqliteEngine>(file);
}

void add_change_notice(Database& db, std::string_view payload) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const Id id = *db.first_int("INSERT INTO change_notices (payload, at) VALUES (?, ?) RETURNING id",
                              payload, now);
  if (id % kPruneEvery == 0) db.run("DELETE FROM change_notices WHERE id <= ?", id - kKeptNotices);
}

}  // namespace marquee::sqlite
