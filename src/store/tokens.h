// API tokens: only their hashes are kept, each with a role never above its user's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;               // what the token is for, shown in the admin
  std::string token_hash;         // only the hash is stored
  Role role = Role::contributor;  // never above its user's role
  Time created_at{};
  std::optional<Time> last_used_at;
  bool revoked = false;
};

class TokenRepository {
 public:
  explicit TokenRepository(Scope& scope) : scope_(scope) {}

  // Id 0 inserts (created_at now when zero); an update keeps created_at. The hash must be
  // unique and the role at most the user's: otherwise ConstraintError. Lookups return revoked
  // tokens too, so the caller checks `revoked`.
  ApiToken save(const ApiToken& token);
  std::optional<ApiToken> find(std::string_view token_hash);
  std::vector<ApiToken> of_user(Id user_id);  // oldest first

 private:
  Scope& scope_;
};

}  // namespace marquee
