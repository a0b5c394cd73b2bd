// What the stories propose to the knowledge graph, waiting for an editor: entities discovery
// found (accept, merge into an entity, dismiss) and relations the text states (confirm,
// dismiss). Decisions are kept, so a dismissed proposal never comes back on a later run.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

// candidate: seen in a story saved after the last full run, below the thresholds so far (not
// shown); pending: waits for an editor; the other three are an editor's decision.
enum class ProposalStatus { candidate, pending, accepted, merged, dismissed };
const char* to_string(ProposalStatus status);
std::optional<ProposalStatus> parse_proposal_status(std::string_view text);

// The stories with each kind of discovery evidence (see enrich/discover.h).
struct ProposalEvidence {
  int quoted = 0, with_role = 0, short_refs = 0, cued = 0, marked = 0;
};

struct EntityProposal {
  Id id = 0;
  std::string name;
  std::string key;  // the name folded to a slug: one proposal per key, whatever the case
  EntityKind kind = EntityKind::person;
  std::string slug;  // proposed slug for the entity
  double confidence = 0;
  int story_count = 0;      // every story it was counted in
  std::vector<Id> stories;  // the first stories, in the order seen (at most what was kept)
  ProposalEvidence evidence;
  ProposalStatus status = ProposalStatus::pending;
  std::optional<Id> entity_id;  // the entity it became or was merged into
  std::optional<Id> decided_by;
  std::optional<Time> decided_at;
};

// What one full discovery run changed in the queue.
struct ProposalRunCounts {
  int added = 0;    // names new to the queue
  int updated = 0;  // pending (or candidate) names counted again
  int decided = 0;  // found again but decided already: left as the editor left them
  int removed = 0;  // pending or candidate names the run no longer proposes
};

// What counting one more story on a proposal needs, without reading its stories.
struct ProposalTally {
  Id id = 0;
  ProposalStatus status = ProposalStatus::pending;
  EntityKind kind = EntityKind::person;
  int story_count = 0;
  ProposalEvidence evidence;
  int stories_kept = 0;    // rows of example stories held
  bool has_story = false;  // the story asked about is one of them
};

enum class SuggestionStatus { pending, confirmed, dismissed };
const char* to_string(SuggestionStatus status);
std::optional<SuggestionStatus> parse_suggestion_status(std::string_view text);

// One end of a suggested relation: a graph entity, or a name with the kind the text implies.
struct SuggestionEnd {
  std::string name;
  std::optional<Id> entity_id;
  std::optional<EntityKind> kind;
};

// One relation a story states, cited by its sentence. One row per relation (same ends by name,
// predicate and qualifiers): the first story that stated it is the one cited.
struct StoredSuggestion {
  Id id = 0;
  Id article_id = 0;
  SuggestionEnd subject;
  std::string predicate;
  SuggestionEnd object;
  std::map<std::string, std::string> qualifiers;
  std::string sentence;
  double confidence = 0;
  SuggestionStatus status = SuggestionStatus::pending;
  std::optional<Id> relation_id;  // the relation a confirmation made
  std::optional<Id> decided_by;
  std::optional<Time> decided_at;
};

class ReviewRepository {
 public:
  explicit ReviewRepository(Scope& scope) : scope_(scope) {}

  // --- entity proposals
  // The result of a full run over the archive, at once: each found name is added or, when
  // pending or a candidate, replaced; a decided one is left alone; pending and candidate
  // names not found are removed.
  ProposalRunCounts replace_proposals(const std::vector<EntityProposal>& found);
  // Inserts (id 0) or replaces one proposal with its stories; ConstraintError when its key is
  // another proposal's.
  EntityProposal save_proposal(const EntityProposal& proposal);
  std::optional<EntityProposal> proposal(Id id);
  std::optional<EntityProposal> proposal_by_key(std::string_view key);
  std::optional<ProposalTally> tally(std::string_view key, Id story_id);
  // One more story counted: the tally's counts, the new confidence and status, and the story
  // kept after the others.
  void count_story(const ProposalTally& counted, double confidence, ProposalStatus status,
                   Id story_id);
  // By status, most confident first.
  std::vector<EntityProposal> proposals(ProposalStatus status, int limit, int offset = 0);
  int count_proposals(ProposalStatus status);
  // An editor's decision on a pending proposal; false (and nothing written) when it is not
  // pending any more (decided meanwhile) or does not exist.
  bool decide_proposal(Id id, ProposalStatus decision, std::optional<Id> entity_id, Id user_id,
                       Time at);

  // --- relation suggestions
  // Adds the suggestion unless the same relation is already there (in any status); returns the
  // stored row's id and whether this call added it.
  std::pair<Id, bool> add_suggestion(const StoredSuggestion& suggestion);
  // Pending suggestions citing the story go (before its suggestions are found again); decided
  // ones stay.
  int forget_pending_suggestions(Id article_id);
  std::optional<StoredSuggestion> suggestion(Id id);
  // By status, most confident first, then by id.
  std::vector<StoredSuggestion> suggestions(SuggestionStatus status, int limit, int offset = 0);
  int count_suggestions(SuggestionStatus status);
  // Same rule as decide_proposal.
  bool decide_suggestion(Id id, SuggestionStatus decision, std::optional<Id> relation_id,
                         Id user_id, Time at);

 private:
  Scope& scope_;
};

}  // namespace marquee
