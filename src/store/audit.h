// The audit log: who did what to which thing, kept after the users it names are gone.
#pragma once

#include <string>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

struct AuditEntry {
  Id id = 0;
  Time at{};
  Id user_id = 0;       // 0: the system or an API token without a user
  std::string action;   // "story.publish", "user.login", "entity.merge", ...
  std::string subject;  // "article:12", "user:3"
  std::string detail;   // free text or JSON
  std::string address;  // client address
};

class AuditRepository {
 public:
  explicit AuditRepository(Scope& scope) : scope_(scope) {}

  // An entry needs an action; a zero `at` means now.
  void append(const AuditEntry& entry);
  std::vector<AuditEntry> list(int limit, int offset);  // newest first

 private:
  Scope& scope_;
};

}  // namespace marquee
