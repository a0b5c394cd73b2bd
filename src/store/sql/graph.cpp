// The knowledge graph, written once for both engines: entities with aliases, relations, whole
// graph files, and cleaning up (merging a duplicate into the entity that stays, deleting one
// with everything that hangs off it).
#include "store/graph.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "store/errors.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

constexpr const char* kEntityColumns =
    "id, kind, name, slug, description, start_date, end_date, prior, pronouns, image_media_id";
constexpr const char* kRelationColumns = "id, subject_id, predicate, object_id, qualifiers";

Entity read_entity(const Statement& q) {
  Entity e;
  e.id = q.int64(0);
  e.kind = sql::entity_kind_from(q.text(1));
  e.name = q.text(2);
  e.slug = q.text(3);
  e.description = q.text(4);
  e.start_date = q.text(5);
  e.end_date = q.text(6);
  e.prior = q.real(7);
  e.pronouns = q.text(8);
  e.image_media_id = q.optional_int64(9);
  return e;
}

std::vector<std::string> aliases_of(Session& s, Id id) {
  std::vector<std::string> aliases;
  auto q = s.query("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY position", id);
  while (q.step()) aliases.push_back(q.text(0));
  return aliases;
}

template <typename Key>
std::optional<Entity> load_entity(Session& s, const char* where, const Key& key) {
  Entity e;
  {
    auto q =
        s.query(std::string("SELECT ") + kEntityColumns + " FROM entities WHERE " + where, key);
    if (!q.step()) return std::nullopt;
    e = read_entity(q);
  }
  e.aliases = aliases_of(s, e.id);
  return e;
}

Relation read_relation(const Statement& q) {
  return {q.int64(0), q.int64(1), q.text(2), q.int64(3), sql::qualifiers_from_json(q.text(4))};
}

Entity upsert_entity(Session& s, const Entity& entity) {
  if (entity.slug.empty()) throw ConstraintError("an entity needs a slug");
  if (entity.name.empty()) throw ConstraintError("an entity needs a name");
  if (auto other = s.first_int("SELECT id FROM entities WHERE slug = ? AND id <> ?", entity.slug,
                               entity.id)) {
    throw ConstraintError("entity slug '" + entity.slug + "' is already used by entity " +
                          std::to_string(*other));
  }
  Entity saved = entity;
  const std::optional<Id> image = entity.image_media_id;
  if (image && !sql::has_row_with_id(s, "media", *image)) {
    throw ConstraintError("entity '" + entity.slug + "' names photo " + std::to_string(*image) +
                          ", which is not in the media library");
  }
  if (sql::has_row_with_id(s, "entities", entity.id)) {
    s.run(
        "UPDATE entities SET kind = ?2, name = ?3, slug = ?4, description = ?5, "
        "start_date = ?6, end_date = ?7, prior = ?8, pronouns = ?9, image_media_id = ?10 "
        "WHERE id = ?1",
        entity.id, to_string(entity.kind), entity.name, entity.slug, entity.description,
        entity.start_date, entity.end_date, entity.prior, entity.pronouns, image);
  } else {
    saved.id =
        s.insert("entities", kEntityColumns, "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10", entity.id,
                 to_string(entity.kind), entity.name, entity.slug, entity.description,
                 entity.start_date, entity.end_date, entity.prior, entity.pronouns, image);
  }
  s.run("DELETE FROM entity_aliases WHERE entity_id = ?", saved.id);
  for (std::size_t i = 0; i < entity.aliases.size(); ++i) {
    s.run("INSERT INTO entity_aliases (entity_id, position, alias) VALUES (?, ?, ?)", saved.id,
          static_cast<int>(i), entity.aliases[i]);
  }
  return saved;
}

// The relation as stored, and whether this call added it.
std::pair<Relation, bool> upsert_relation(Session& s, const Relation& relation) {
  if (relation.predicate.empty()) throw ConstraintError("a relation needs a predicate");
  Relation saved = relation;
  const std::string qualifiers = sql::qualifiers_to_json(relation.qualifiers);
  if (auto same = s.first_int(
          "SELECT id FROM relations WHERE subject_id = ? AND predicate = ? AND object_id = ? "
          "AND qualifiers = ?",
          relation.subject_id, relation.predicate, relation.object_id, qualifiers)) {
    saved.id = *same;
    return {saved, false};
  }
  const bool exists = sql::has_row_with_id(s, "relations", relation.id);
  if (exists) {
    s.run(
        "UPDATE relations SET subject_id = ?2, predicate = ?3, object_id = ?4, qualifiers = ?5 "
        "WHERE id = ?1",
        relation.id, relation.subject_id, relation.predicate, relation.object_id, qualifiers);
  } else {
    saved.id = s.insert("relations", kRelationColumns, "?2, ?3, ?4, ?5", relation.id,
                        relation.subject_id, relation.predicate, relation.object_id, qualifiers);
  }
  return {saved, !exists};
}

// --- merging

struct NamedEntity {
  std::string name;
  std::string description;
  std::string start_date;
  std::string end_date;
  std::string pronouns;
};

// Locks the row too (PostgreSQL), so a concurrent edit of either entity waits for the merge.
NamedEntity entity_or_throw(Session& s, Id id) {
  auto q = s.query(
      "SELECT name, description, start_date, end_date, pronouns FROM entities "
      "WHERE id = ?" +
          std::string(s.dialect().lock_rows),
      id);
  if (!q.step()) throw ConstraintError("no entity " + std::to_string(id) + " to merge");
  return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)};
}

// Both entities' links to one story become one: the counts of both, the stronger scores, the
// earlier mention, and an editor's word over the linker's (a confirmation over a rejection,
// since it says the story does name the entity under one of its names).
void move_links(Session& s, Id keep, Id merged) {
  const std::string greatest(s.dialect().greatest);
  const std::string least(s.dialect().least);
  s.run(
      "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
      "first_offset, source, state) "
      "SELECT article_id, ?1, mentions, salience, confidence, first_offset, source, state "
      "FROM article_entities WHERE entity_id = ?2 "
      "ON CONFLICT (article_id, entity_id) DO UPDATE SET "
      "mentions = article_entities.mentions + excluded.mentions, "
      "salience = " +
          greatest + "(article_entities.salience, excluded.salience), confidence = " + greatest +
          "(article_entities.confidence, excluded.confidence), "
          "first_offset = CASE "
          " WHEN article_entities.first_offset < 0 THEN excluded.first_offset "
          " WHEN excluded.first_offset < 0 THEN article_entities.first_offset "
          " ELSE " +
          least +
          "(article_entities.first_offset, excluded.first_offset) END, "
          "source = CASE WHEN CAST(?3 AS TEXT) IN (article_entities.source, excluded.source) "
          " THEN ?3 ELSE article_entities.source END, "
          "state = CASE WHEN CAST(?4 AS TEXT) IN (article_entities.state, excluded.state) THEN ?4 "
          " WHEN CAST(?5 AS TEXT) IN (article_entities.state, excluded.state) THEN ?5 "
          " ELSE article_entities.state END",
      keep, merged, to_string(LinkSource::editor), to_string(LinkState::confirmed),
      to_string(LinkState::rejected));
  s.run("DELETE FROM article_entities WHERE entity_id = ?", merged);
}

// Each of merged's relations is repointed at keep unless it would then point keep at itself
// or repeat a relation keep already has; those are dropped with merged.
void move_relations(Session& s, Id keep, Id merged) {
  struct Moved {
    Id id;
    Id subject;
    std::string predicate;
    Id object;
    std::string qualifiers;
  };
  std::vector<Moved> moved;
  {
    auto q = s.query(std::string("SELECT ") + kRelationColumns +
                         " FROM relations WHERE subject_id = ?1 OR object_id = ?1 ORDER BY id",
                     merged);
    while (q.step()) moved.push_back({q.int64(0), q.int64(1), q.text(2), q.int64(3), q.text(4)});
  }
  for (Moved& r : moved) {
    if (r.subject == merged) r.subject = keep;
    if (r.object == merged) r.object = keep;
    if (r.subject == r.object) continue;
    if (s.exists("SELECT 1 FROM relations WHERE subject_id = ? AND predicate = ? AND "
                 "object_id = ? AND qualifiers = ?",
                 r.subject, r.predicate, r.object, r.qualifiers)) {
      continue;
    }
    s.run("UPDATE relations SET subject_id = ?, object_id = ? WHERE id = ?", r.subject, r.object,
          r.id);
  }
}

// merged's name, then its aliases, after keep's own, each once and never keep's name itself.
void move_aliases(Session& s, Id keep, const NamedEntity& kept, Id merged,
                  const NamedEntity& gone) {
  std::vector<std::string> aliases = aliases_of(s, keep);
  const std::size_t first_new = aliases.size();
  std::vector<std::string> incoming = aliases_of(s, merged);
  incoming.insert(incoming.begin(), gone.name);
  for (std::string& alias : incoming) {
    if (alias == kept.name || std::find(aliases.begin(), aliases.end(), alias) != aliases.end()) {
      continue;
    }
    aliases.push_back(std::move(alias));
  }
  // Positions continue from keep's last, whatever gaps its numbering has.
  int position = static_cast<int>(
      *s.first_int("SELECT coalesce(max(position), -1) + 1 FROM entity_aliases WHERE "
                   "entity_id = ?",
                   keep));
  for (std::size_t i = first_new; i < aliases.size(); ++i) {
    s.run("INSERT INTO entity_aliases (entity_id, position, alias) VALUES (?, ?, ?)", keep,
          position++, aliases[i]);
  }
}

void fill_empty_details(Session& s, Id keep, const NamedEntity& kept, const NamedEntity& gone) {
  auto pick = [](const std::string& mine, const std::string& theirs) {
    return mine.empty() ? theirs : mine;
  };
  s.run(
      "UPDATE entities SET description = ?, start_date = ?, end_date = ?, pronouns = ? "
      "WHERE id = ?",
      pick(kept.description, gone.description), pick(kept.start_date, gone.start_date),
      pick(kept.end_date, gone.end_date), pick(kept.pronouns, gone.pronouns), keep);
}

}  // namespace

std::optional<Entity> GraphRepository::entity(Id id) {
  return scope_.run(Access::read, [&](Session& s) { return load_entity(s, "id = ?", id); });
}

std::optional<Entity> GraphRepository::entity_by_slug(std::string_view slug) {
  return scope_.run(Access::read, [&](Session& s) { return load_entity(s, "slug = ?", slug); });
}

std::vector<Entity> GraphRepository::entities() {
  return scope_.run(Access::read, [](Session& s) {
    std::vector<Entity> out;
    std::unordered_map<Id, std::size_t> index_of;
    {
      // Byte order on both engines, whatever the database's collation.
      auto q = s.prepare(std::string("SELECT ") + kEntityColumns + " FROM entities ORDER BY name" +
                         std::string(s.dialect().byte_order) + ", id");
      while (q.step()) {
        out.push_back(read_entity(q));
        index_of.emplace(out.back().id, out.size() - 1);
      }
    }
    // All aliases in one pass rather than one query per entity: the linker loads the whole graph.
    auto q = s.prepare("SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position");
    while (q.step()) {
      auto found = index_of.find(q.int64(0));
      if (found != index_of.end()) out[found->second].aliases.push_back(q.text(1));
    }
    return out;
  });
}

Entity GraphRepository::save_entity(const Entity& entity) {
  return scope_.run(Access::write, [&](Session& s) { return upsert_entity(s, entity); });
}

std::vector<Relation> GraphRepository::relations_of(Id entity_id) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<Relation> out;
    auto q = s.query(std::string("SELECT ") + kRelationColumns +
                         " FROM relations WHERE subject_id = ?1 OR object_id = ?1 ORDER BY id",
                     entity_id);
    while (q.step()) out.push_back(read_relation(q));
    return out;
  });
}

std::vector<Relation> GraphRepository::relations() {
  return scope_.run(Access::read, [](Session& s) {
    std::vector<Relation> out;
    auto q = s.prepare(std::string("SELECT ") + kRelationColumns + " FROM relations ORDER BY id");
    while (q.step()) out.push_back(read_relation(q));
    return out;
  });
}

Relation GraphRepository::save_relation(const Relation& relation) {
  return scope_.run(Access::write, [&](Session& s) { return upsert_relation(s, relation).first; });
}

void GraphRepository::delete_relation(Id relation_id) {
  scope_.run(Access::write,
             [&](Session& s) { s.run("DELETE FROM relations WHERE id = ?", relation_id); });
}

GraphImportCounts GraphRepository::import(const std::vector<Entity>& entities,
                                          const std::vector<RelationBySlug>& relations) {
  return scope_.run(Access::write, [&](Session& s) {
    GraphImportCounts counts;
    std::unordered_map<std::string, Id> ids;
    for (Entity entity : entities) {
      entity.id = s.first_int("SELECT id FROM entities WHERE slug = ?", entity.slug).value_or(0);
      ++(entity.id ? counts.entities_updated : counts.entities_added);
      ids[entity.slug] = upsert_entity(s, entity).id;
    }
    auto id_of = [&](const std::string& slug) {
      auto it = ids.find(slug);
      if (it != ids.end()) return it->second;
      auto found = s.first_int("SELECT id FROM entities WHERE slug = ?", slug);
      if (!found) throw ConstraintError("no entity with slug '" + slug + "'");
      return ids[slug] = *found;
    };
    for (const auto& r : relations) {
      Relation relation{0, id_of(r.subject), r.predicate, id_of(r.object), r.qualifiers};
      if (upsert_relation(s, relation).second) ++counts.relations_added;
    }
    return counts;
  });
}

void GraphRepository::merge(Id keep, Id merged) {
  if (keep == merged) {
    throw ConstraintError("entity " + std::to_string(keep) + " cannot be merged into itself");
  }
  scope_.run(Access::write, [&](Session& s) {
    // Always lock the lower id first, so two opposite merges cannot deadlock.
    const NamedEntity first = entity_or_throw(s, std::min(keep, merged));
    const NamedEntity second = entity_or_throw(s, std::max(keep, merged));
    const NamedEntity& kept = keep < merged ? first : second;
    const NamedEntity& gone = keep < merged ? second : first;
    move_links(s, keep, merged);
    s.run("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", keep, merged);
    move_relations(s, keep, merged);
    move_aliases(s, keep, kept, merged, gone);
    fill_empty_details(s, keep, kept, gone);
    // What was not moved (duplicate and self relations, merged's aliases) goes with it.
    s.run("DELETE FROM entities WHERE id = ?", merged);
  });
}

void GraphRepository::delete_entity(Id id) {
  scope_.run(Access::write, [&](Session& s) {
    // Said outright rather than left to the foreign keys' ON DELETE clauses, so that the
    // meaning does not hang on a schema detail: quotes stay, without a speaker.
    s.run("UPDATE quotes SET speaker_id = NULL WHERE speaker_id = ?", id);
    s.run("DELETE FROM article_entities WHERE entity_id = ?", id);
    s.run("DELETE FROM relations WHERE subject_id = ?1 OR object_id = ?1", id);
    s.run("DELETE FROM entity_aliases WHERE entity_id = ?", id);
    s.run("DELETE FROM entities WHERE id = ?", id);
  });
}

}  // namespace marquee
