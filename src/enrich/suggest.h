// Relation suggestions: relations a story states in so many words ("X plays Y in Z", "Z,
// directed by X", "X joined Y in 1975"), each citing its sentence, for an editor to confirm.
// Pure functions over core types, no storage.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "enrich/enrich.h"

namespace marquee {

// One end of a suggested relation: a graph entity when the name is known, else just the name.
struct SuggestedEnd {
  std::string name;
  std::optional<Id> entity_id;
  std::optional<EntityKind> kind;  // what the sentence says it is, for names not in the graph
};

// A relation the text states, for an editor to confirm: "Kristen Stewart plays Joan Jett in
// The Runaways" -> acted_in(Kristen Stewart, The Runaways){character: Joan Jett}.
struct RelationSuggestion {
  SuggestedEnd subject;
  std::string predicate;  // acted_in, directed, member_of, performed, released
  SuggestedEnd object;
  std::map<std::string, std::string> qualifiers;  // character, year
  StoryField field = StoryField::body;
  int sentence_offset = 0;  // bytes into the field: where the cited sentence starts
  std::string sentence;     // the sentence that states it, as written
  double confidence = 0;
  bool known = false;  // the graph already has this relation (same ends and predicate)
};

struct SuggestOptions {
  bool include_known = false;   // also return relations the graph already has
  double min_confidence = 0.5;  // suggestions below are left out
};

// Relations stated in one story, in text order. `enrichment` is the story's enrich_story()
// result against the same graph (the known names); pass it when it is at hand.
std::vector<RelationSuggestion> suggest_relations(const KnowledgeGraph& graph,
                                                  const StoryText& story,
                                                  const Enrichment* enrichment = nullptr,
                                                  const SuggestOptions& options = {});

}  // namespace marquee
