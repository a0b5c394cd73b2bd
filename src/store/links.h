// What enrichment found in stories: their links to entities (with editors' decisions) and their
// attributed quotes, and the questions topic pages and related reading ask of them.
#pragma once

#include <functional>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

// An entity together with the number of published stories linked to it.
struct EntityCount {
  Id entity_id = 0;
  int stories = 0;
};

class LinkRepository {
 public:
  explicit LinkRepository(Scope& scope) : scope_(scope) {}

  // Replaces the automatic links and the quotes of one story. Links an editor confirmed or
  // rejected are kept as they are; a new automatic link for the same entity updates their
  // counts, salience and offset but not their state or source.
  void replace(Id article_id, const std::vector<ArticleEntity>& links,
               const std::vector<Quote>& quotes);
  // An editor's decision on one link (creates it with source editor when absent). It changes
  // neither the story's version nor its times: a decision is not an edit.
  void decide(Id article_id, Id entity_id, LinkState state);
  std::vector<ArticleEntity> of_story(Id article_id);  // by salience
  // Links of published stories (not pages), not rejected, by story id then salience.
  std::vector<ArticleEntity> published();
  // The same, one at a time with its story's publish time, off the link table alone (its copy
  // of the time, `listed_at`): the related-reading index is built from it at start, without
  // reading a story or holding the whole list.
  void each_published(const std::function<void(const ArticleEntity&, Time)>& visit);
  std::vector<Quote> quotes_of_story(Id article_id);  // by position
  // Quotes by one speaker in published stories (not pages), newest story first.
  std::vector<Quote> quotes_by(Id entity_id, int limit);
  // For each of the entities, the stories (any status) linked to it and not rejected, in the
  // order of entity_ids; how editors tell look-alikes apart.
  std::vector<EntityCount> story_counts(const std::vector<Id>& entity_ids);

 private:
  Scope& scope_;
};

}  // namespace marquee
