// The knowledge graph's review queue: what the stories teach the graph (entities discovery
// proposes, relations the text states), found over the whole archive or story by story as
// stories are saved, and an editor's decisions on it. Knows the store and enrich/, nothing of
// HTTP or pages; the caller recompiles the graph and re-links stories after a decision.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "enrich/discover.h"
#include "enrich/enrich.h"
#include "enrich/suggest.h"
#include "store/store.h"

namespace marquee::review {

struct ArchiveOptions {
  DiscoveryOptions discovery;  // thresholds: min_stories 2, min_confidence 0.5
  int page_size = 500;         // stories read from the store at a time
  unsigned threads = 2;        // workers reading stories; each keeps its own tallies
};

// One pass of discovery over every published story, recorded as the queue's pending
// proposals (decided names stay as decided).
struct DiscoveryRun {
  std::vector<DiscoveredEntity> pending;  // what the queue now proposes, most confident first
  ProposalRunCounts counts;
  std::size_t stories = 0;
};
DiscoveryRun discover_archive(Store& store, const GraphSnapshot& graph,
                              const ArchiveOptions& options = {});

// Relation suggestions of every published story, recorded as pending unless already there.
struct SuggestionRun {
  std::size_t stories = 0;
  int found = 0;  // suggestions stated, across stories
  int added = 0;  // new to the queue
};
SuggestionRun suggest_archive(Store& store, const GraphSnapshot& graph,
                              const ArchiveOptions& options = {});

// For a pass that reads the stories itself (reindex): what its discovery gathered, written as
// the queue's proposals as discover_archive writes them (stories_seen() stories read)...
DiscoveryRun record_proposals(Store& store, const EntityDiscovery& gathered);
// ...and a story's pending suggestions replaced by those found again, in the caller's scope.
// Returns how many are new to the queue.
int replace_suggestions(Repositories& repositories, Id story_id,
                        const std::vector<RelationSuggestion>& found);

// After one story is saved, in the save's own scope (its unit of work): the story's pending
// suggestions are found again, and the names it gives are counted on the proposals they match
// (or become candidates, proposed once they reach the thresholds). A story already counted in
// a proposal is not counted again. Drafts teach nothing until they are published.
void refresh_story(Repositories& repositories, const GraphSnapshot& graph, const Article& story,
                   const Enrichment* enrichment = nullptr, const DiscoveryOptions& options = {});

// Why a decision was refused.
class Refusal : public std::runtime_error {
 public:
  enum class Why { missing, decided, invalid };
  Refusal(Why why, const std::string& what) : std::runtime_error(what), why_(why) {}
  Why why() const { return why_; }

 private:
  Why why_;
};

// What a decision changed: the entity made or grown, the relation made, and the stories to
// re-link once the graph is recompiled.
struct Decision {
  std::optional<Entity> entity;
  std::optional<Relation> relation;
  std::vector<Id> stories;
};

// Each runs in one unit of work and throws Refusal (nothing written) when the proposal or
// suggestion is gone, decided already, or cannot be applied. user_id 0 is the system.
// Accept: the proposal becomes an entity (its kind and slug unless given; a slug taken since is
// made unique).
Decision accept_proposal(Store& store, Id proposal_id, Id user_id,
                         std::optional<EntityKind> kind = std::nullopt,
                         const std::string& slug = "");
// Merge: the proposal's name becomes an alias of an existing entity.
Decision merge_proposal(Store& store, Id proposal_id, Id entity_id, Id user_id);
Decision dismiss_proposal(Store& store, Id proposal_id, Id user_id);
// Confirm: the relation is added with its qualifiers; an end the graph lacks is created with
// the kind its sentence gives (or matched by slug when it has been created since).
Decision confirm_suggestion(Store& store, Id suggestion_id, Id user_id);
Decision dismiss_suggestion(Store& store, Id suggestion_id, Id user_id);

// The queue's key of a name: its slug, so "Mara Quinlan" and "MARA QUINLAN" are one proposal.
std::string proposal_key(const std::string& name);

}  // namespace marquee::review
