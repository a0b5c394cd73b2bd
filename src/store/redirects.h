// Old addresses that still answer: a story's former slugs, kept when a save renames it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/scope.h"

namespace marquee {

class RedirectRepository {
 public:
  explicit RedirectRepository(Scope& scope) : scope_(scope) {}

  // The current slug of a story that once had old_slug, if any.
  std::optional<std::string> current_slug(std::string_view old_slug);

 private:
  Scope& scope_;
};

}  // namespace marquee
