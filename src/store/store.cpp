// The Store and its unit of work: the repositories run in a transaction of their own, or in the
// one a unit of work holds open.
#include "store/store.h"

#include "store/sql/engine.h"

namespace marquee {
namespace {

// The store whose unit of work this thread is inside, if any. A second transaction on the same
// thread would wait forever on the writer it already holds (SQLite), or read around the unit's
// uncommitted writes: both are bugs, so they are refused loudly.
thread_local const Store* open_unit_of = nullptr;

class UnitGuard {
 public:
  explicit UnitGuard(const Store* store) : previous_(std::exchange(open_unit_of, store)) {}
  UnitGuard(const UnitGuard&) = delete;
  UnitGuard& operator=(const UnitGuard&) = delete;
  ~UnitGuard() { open_unit_of = previous_; }

 private:
  const Store* previous_;
};

}  // namespace

void UnitOfWork::notify(std::string_view payload) {
  engine_.notify(session_, payload);
}

void UnitOfWork::transact(Access, const std::function<void(sql::Session&)>& work) {
  work(session_);
}

Store::Store(std::unique_ptr<sql::Engine> engine)
    : Repositories(static_cast<Scope&>(*this)), engine_(std::move(engine)), search_(*engine_) {}

Store::~Store() = default;

void Store::transact(Access access, const std::function<void(sql::Session&)>& work) {
  if (open_unit_of == this) {
    throw StoreError("the store was used directly inside one of its units of work");
  }
  if (access == Access::read) {
    engine_->transact(access, work);
    return;
  }
  engine_->transact(access, [&](sql::Session& session) {
    UnitGuard guard(this);
    work(session);
  });
}

int Store::schema_version() {
  return engine_->schema_version();
}

int Store::latest_schema_version() {
  return engine_->latest_schema_version();
}

SearchResults SearchRepository::find(const SearchQuery& query) {
  return engine_.search(query);
}

}  // namespace marquee
