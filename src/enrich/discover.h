// Entity discovery: people, works and bands the stories name that the knowledge graph does not
// know yet, proposed for an editor to review. Evidence accumulates story by story (one archive
// pass, or one add_story per save) and proposals() is one cheap pass over what was gathered.
// Pure functions over core types, no storage.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "enrich/enrich.h"

namespace marquee {

struct DiscoveryOptions {
  std::size_t min_stories = 2;      // a name must appear in at least this many stories
  double min_confidence = 0.5;      // proposals below are left out
  std::size_t max_story_ids = 100;  // story ids kept per proposal; all are counted
  // A one-word name must appear away from the start of a sentence in at least this share of
  // its stories: capitals that only open sentences say nothing.
  double min_mid_sentence_share = 0.25;
  // Evidence weights: each is added once per story that shows the evidence, and the sum s
  // becomes the confidence s / (1 + s).
  double story_weight = 0.5;      // each story beyond the first
  double quoted_weight = 1.0;     // a person said something ("..., Priya Castellanos said")
  double role_weight = 1.0;       // a person with a role ("director Mara Quinlan", ", who plays")
  double short_ref_weight = 0.8;  // a person named again by surname in the same story
  double cue_weight =
      1.2;  // a work or band named with its kind ("the film X", "X, the 1975 album")
  double mark_weight = 0.6;  // a title set in italics or quotation marks
};

// One proposed entity: an Entity in the knowledge-graph format (id 0, a slug unique against
// the graph and the other proposals), the stories it appears in and a confidence in 0..1.
struct DiscoveredEntity {
  Entity entity;
  std::vector<Id> stories;      // first stories seen, at most max_story_ids
  std::size_t story_count = 0;  // every story it appears in
  double confidence = 0;
  // Stories with each kind of evidence.
  std::size_t quoted = 0, with_role = 0, short_refs = 0, cued = 0, marked = 0;
};

// Accumulates names from stories. One writer at a time; to use several threads, give each its
// own EntityDiscovery and merge() them. Add each story once: a re-saved story is counted again.
class EntityDiscovery {
 public:
  // The graph says which names are known already; it is held, not copied.
  explicit EntityDiscovery(GraphSnapshot graph, DiscoveryOptions options = {});
  ~EntityDiscovery();
  EntityDiscovery(EntityDiscovery&&) noexcept;
  EntityDiscovery& operator=(EntityDiscovery&&) noexcept;

  // enrichment: the story's enrich_story() result over the same text, when it is at hand (its
  // tokens are read instead of splitting the text again); the result is the same either way.
  void add_story(Id story_id, const StoryText& story, const Enrichment* enrichment = nullptr);
  void merge(EntityDiscovery&& other);  // other must share this graph and options
  std::size_t stories_seen() const;
  std::size_t candidate_count() const;  // names held, before any threshold

  // The proposals, most confident first. One pass over the names held; can be called at any
  // time and again after more stories.
  std::vector<DiscoveredEntity> proposals() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The confidence proposals() gives a name of d.entity.kind with d's story count and evidence
// counts; for a proposal kept elsewhere (the review queue) and counted on story by story.
double proposal_confidence(const DiscoveredEntity& d, const DiscoveryOptions& options = {});

// Proposals as knowledge-graph JSON Lines (docs/knowledge-graph.md): entity lines with two
// more fields that import ignores, "confidence" and "stories" (the story ids).
std::string write_discovered_jsonl(std::span<const DiscoveredEntity> proposals);

}  // namespace marquee
