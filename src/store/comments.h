// Readers' comments kept from a site moved in (a WordPress import): read-only, shown under their
// story as "From the archive". New comments are not taken; these are the record of what readers
// said on the old site, threaded as they were.
#pragma once

#include <string>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

struct ArchiveComment {
  long long external_id = 0;      // its id on the old site
  long long parent_external = 0;  // the comment it answers there; 0 at the top of the thread
  std::string author;
  Time posted_at{};
  std::string text;  // plain text, paragraphs separated by blank lines
};

class CommentRepository {
 public:
  explicit CommentRepository(Scope& scope) : scope_(scope) {}

  // The story's comments become exactly these, in this order (an empty list removes them all).
  void replace(Id article_id, const std::vector<ArchiveComment>& comments);
  // In the order they were given.
  std::vector<ArchiveComment> of_story(Id article_id);

 private:
  Scope& scope_;
};

}  // namespace marquee
