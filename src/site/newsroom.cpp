// Newsroom: see newsroom.h.
#include "site/newsroom.h"

#include "site/site.h"
#include "text/text.h"

namespace marquee::site {

Newsroom::Newsroom(Store& store, Site* site) : store_(store), site_(site) {}

Article Newsroom::save(const Article& story, Id editor_id) {
  std::optional<Article> before;
  if (story.id != 0) before = store_.article(story.id);
  Article draft = story;
  draft.body_html = text::markdown_to_html(draft.body);
  Article saved = store_.save_article(draft, editor_id);
  if (site_) {
    std::vector<Id> entities;
    for (const auto& link : store_.article_links(saved.id)) entities.push_back(link.entity_id);
    site_->invalidate_story(before.value_or(saved), saved, entities);
  }
  return saved;
}

int Newsroom::publish_due(Time now) {
  auto ids = store_.publish_due(now);
  if (site_) {
    for (Id id : ids) {
      if (auto story = store_.article(id)) {
        std::vector<Id> entities;
        for (const auto& link : store_.article_links(id)) entities.push_back(link.entity_id);
        site_->invalidate_story(*story, *story, entities);
      }
    }
  }
  return static_cast<int>(ids.size());
}

}  // namespace marquee::site
