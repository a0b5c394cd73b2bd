// Where a repository's work runs: in a transaction of its own (a repository reached from the
// Store), or in the unit of work already open (one reached from a UnitOfWork). Repositories are
// written once against this, whatever the engine and whichever of the two.
#pragma once

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace marquee {

namespace sql {
class Session;
}

enum class Access { read, write };

class Scope {
 public:
  // Runs work(session) and returns what it returns; a throw rolls back whatever it wrote (the
  // whole unit of work, when one is open).
  template <typename Work>
  auto run(Access access, Work&& work) -> std::invoke_result_t<Work&, sql::Session&> {
    using Result = std::invoke_result_t<Work&, sql::Session&>;
    if constexpr (std::is_void_v<Result>) {
      transact(access, [&](sql::Session& session) { work(session); });
    } else {
      std::optional<Result> result;
      transact(access, [&](sql::Session& session) { result.emplace(work(session)); });
      return std::move(*result);
    }
  }

 protected:
  ~Scope() = default;
  // The two-reference lambdas above fit std::function's inline buffer: no allocation per call.
  virtual void transact(Access access, const std::function<void(sql::Session&)>& work) = 0;
};

}  // namespace marquee
