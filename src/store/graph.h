// The knowledge graph: entities with their aliases, and the relations between them; importing a
// whole graph file, merging a duplicate entity into the one that stays.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

// A relation that names its entities by slug, as knowledge-graph files do.
struct RelationBySlug {
  std::string subject;
  std::string predicate;
  std::string object;
  std::map<std::string, std::string> qualifiers;
};

struct GraphImportCounts {
  int entities_added = 0;
  int entities_updated = 0;
  int relations_added = 0;
};

class GraphRepository {
 public:
  explicit GraphRepository(Scope& scope) : scope_(scope) {}

  std::optional<Entity> entity(Id id);
  std::optional<Entity> entity_by_slug(std::string_view slug);
  std::vector<Entity> entities();                    // all, by name
  Entity save_entity(const Entity& entity);          // id 0 inserts
  std::vector<Relation> relations_of(Id entity_id);  // as subject or object
  std::vector<Relation> relations();
  // Inserts, or returns the existing relation with the same subject, predicate, object and
  // qualifiers.
  Relation save_relation(const Relation& relation);
  void delete_relation(Id relation_id);
  // Saves a whole knowledge-graph file at once, so a failure writes nothing. Entities are
  // matched by slug (an existing one is updated and keeps its id; ids given are ignored);
  // relations are added unless the same one exists; a relation naming an unknown slug is a
  // ConstraintError.
  GraphImportCounts import(const std::vector<Entity>& entities,
                           const std::vector<RelationBySlug>& relations);
  // Moves every link, quote, relation and alias of `merged` to `keep` (adding merged's name as
  // an alias of keep) and deletes `merged`, at once. A story linked to both keeps one link:
  // mentions added, the higher salience and confidence, the earlier offset, and an editor's
  // decision over a suggestion (confirmed over rejected). Relations that would repeat one of
  // keep's, or point keep at itself, are dropped. keep's empty description, dates and pronouns are
  // filled from merged's. Unknown ids, or keep == merged, are a ConstraintError.
  void merge(Id keep, Id merged);
  void delete_entity(Id id);  // with its relations, links and quote speakers

 private:
  Scope& scope_;
};

}  // namespace marquee
