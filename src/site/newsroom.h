// The write path for stories: every save (editor, import, API, demo) goes through here, so the
// body is rendered, sanitised and linked, the knowledge-graph links and quotes are refreshed,
// the related-reading index follows, and exactly the cached pages that show the story drop.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "site/knowledge.h"
#include "store/store.h"

namespace marquee::site {

class Site;

class Newsroom {
 public:
  // site may be null (command-line tools with no server running).
  Newsroom(Store& store, Knowledge& knowledge, Site* site);

  // Single-line fields (headline, dek, SEO fields, tags) lose control characters. Enriches,
  // renders story.body into body_html (first mentions linked), saves (ConflictError
  // on a stale version) and refreshes everything that depends on the story. Returns the story
  // as stored. saved_at, when given, is the time of the save (imports keep their own times).
  Article save(const Article& story, Id editor_id, std::optional<Time> saved_at = std::nullopt);

  // Deletes a story for good (its revisions, links and old slugs with it), in one unit of work
  // with the notice to the other nodes; its pages and related reading drop. False when there
  // was no such story.
  bool remove(Id article_id);

  // An editor confirms or rejects one entity link of a story; the decision survives every later
  // enrichment, and the story's page is re-rendered to match.
  void decide_link(Id article_id, Id entity_id, LinkState state, Id editor_id);

  // Runs enrichment again over every story (after the knowledge graph changed); returns how
  // many stories it saved.
  int reenrich_all();

  // Recompiles the knowledge graph after entities or relations changed, and drops every cached
  // page (names and topic pages can appear anywhere).
  void graph_changed();

  // Publishes scheduled stories whose time has come; returns how many.
  int publish_due(Time now);

  // Another node saved this story: bring this node's related-reading index up to date.
  void refresh_related(Id article_id);

 private:
  std::string render_body(const Article& story, const Enrichment& enrichment,
                          const std::vector<ArticleEntity>& decided,
                          const KnowledgeGraph& graph) const;
  void refresh_related(const Article& story);

  Store& store_;
  Knowledge& knowledge_;
  Site* site_;
};

}  // namespace marquee::site
