// How both page readers date the story they read (private to importers/).
#pragma once

#include <optional>

#include "core/types.h"

namespace marquee::importers_detail {

// A page with a publication time gives a published story, updated no earlier than published;
// without one the story is a draft that keeps the page's update time, if it gave one.
inline void date_story(Article& article, std::optional<Time> published,
                       std::optional<Time> updated) {
  if (published) {
    article.status = ArticleStatus::published;
    article.publish_at = published;
    article.created_at = *published;
    article.updated_at = updated && *updated > *published ? *updated : *published;
  } else {
    article.status = ArticleStatus::draft;
    if (updated) article.updated_at = *updated;
  }
}

}  // namespace marquee::importers_detail
