// Old addresses that still answer: a story's former slugs, kept when a save renames it, and the
// addresses of a site that came before (a WordPress permalink, category or feed), each leading to
// a story or to a fixed path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

// One old address of a site moved in. It leads to a story (article_id, whose current address the
// site works out when asked) or, when article_id is 0, to the fixed path in target.
struct AddressRedirect {
  std::string old_path;  // "/2025/11/01/some-slug", "/?p=1313", "/category/movies"
  Id article_id = 0;
  std::string target;  // "/movies", "/authors/mara-quell", "/feeds/rss.xml"
  std::string origin;  // what made it: "wordpress"
  Time created_at{};
};

struct AddressRedirectQuery {
  std::string contains;  // in the old path or the target, case-insensitive; empty: all
  int limit = 50;
  int offset = 0;
};

class RedirectRepository {
 public:
  explicit RedirectRepository(Scope& scope) : scope_(scope) {}

  // The current slug of a story that once had old_slug, if any.
  std::optional<std::string> current_slug(std::string_view old_slug);

  // Where an old address leads, if it is known.
  std::optional<AddressRedirect> address(std::string_view old_path);
  // Adds or replaces the redirect of redirect.old_path (created_at: now when not given). An empty
  // path, a path not starting with '/', or neither a story nor a target is a ConstraintError.
  void put_address(const AddressRedirect& redirect);
  // By old path, in byte order.
  std::vector<AddressRedirect> addresses(const AddressRedirectQuery& query);
  int count_addresses(const AddressRedirectQuery& query);

 private:
  Scope& scope_;
};

}  // namespace marquee
