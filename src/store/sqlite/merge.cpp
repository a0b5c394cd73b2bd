// Cleaning up the knowledge graph: merging a duplicate entity into the one that stays (its
// links, quotes, relations, names) and deleting an entity with everything that hangs off it.
#include <algorithm>
#include <string>
#include <vector>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace marquee::sqlite {
namespace {

struct NamedEntity {
  std::string name;
  std::string description;
  std::string start_date;
  std::string end_date;
};

NamedEntity entity_or_throw(Database& db, Id id) {
  auto q = db.prepare("SELECT name, description, start_date, end_date FROM entities WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) throw ConstraintError("no entity " + std::to_string(id) + " to merge");
  return {q.text(0), q.text(1), q.text(2), q.text(3)};
}

std::vector<std::string> aliases_of(Database& db, Id id) {
  std::vector<std::string> aliases;
  auto q = db.prepare("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY position");
  q.bind(1, id);
  while (q.step()) aliases.push_back(q.text(0));
  return aliases;
}

// Both entities' links to one story become one: the counts of both, the stronger scores, the
// earlier mention, and an editor's word over the linker's (a confirmation over a rejection,
// since it says the story does name the entity under one of its names).
void move_links(Database& db, Id keep, Id merged) {
  db.prepare(
        "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
        "first_offset, source, state) "
        "SELECT article_id, ?1, mentions, salience, confidence, first_offset, source, state "
        "FROM article_entities WHERE entity_id = ?2 "
        "ON CONFLICT (article_id, entity_id) DO UPDATE SET "
        "mentions = article_entities.mentions + excluded.mentions, "
        "salience = max(article_entities.salience, excluded.salience), "
        "confidence = max(article_entities.confidence, excluded.confidence), "
        "first_offset = CASE "
        " WHEN article_entities.first_offset < 0 THEN excluded.first_offset "
        " WHEN excluded.first_offset < 0 THEN article_entities.first_offset "
        " ELSE min(article_entities.first_offset, excluded.first_offset) END, "
        "source = CASE WHEN ?3 IN (article_entities.source, excluded.source) THEN ?3 "
        " ELSE article_entities.source END, "
        "state = CASE WHEN ?4 IN (article_entities.state, excluded.state) THEN ?4 "
        " WHEN ?5 IN (article_entities.state, excluded.state) THEN ?5 "
        " ELSE article_entities.state END")
      .bind_all(keep, merged, to_string(LinkSource::editor), to_string(LinkState::confirmed),
                to_string(LinkState::rejected))
      .run();
  db.prepare("DELETE FROM article_entities WHERE entity_id = ?").bind(1, merged).run();
}

// Each of merged's relations is repointed at keep unless it would then point keep at itself
// or repeat a relation keep already has; those are dropped with merged.
void move_relations(Database& db, Id keep, Id merged) {
  struct Moved {
    Id id;
    Id subject;
    std::string predicate;
    Id object;
    std::string qualifiers;
  };
  std::vector<Moved> moved;
  {
    auto q = db.prepare(
        "SELECT id, subject_id, predicate, object_id, qualifiers FROM relations "
        "WHERE subject_id = ?1 OR object_id = ?1 ORDER BY id");
    q.bind(1, merged);
    while (q.step()) moved.push_back({q.int64(0), q.int64(1), q.text(2), q.int64(3), q.text(4)});
  }
  for (Moved& r : moved) {
    if (r.subject == merged) r.subject = keep;
    if (r.object == merged) r.object = keep;
    if (r.subject == r.object) continue;
    auto same = db.prepare(
        "SELECT 1 FROM relations WHERE subject_id = ? AND predicate = ? AND object_id = ? "
        "AND qualifiers = ?");
    same.bind_all(r.subject, r.predicate, r.object, r.qualifiers);
    if (same.step()) continue;
    db.prepare("UPDATE relations SET subject_id = ?, object_id = ? WHERE id = ?")
        .bind_all(r.subject, r.object, r.id)
        .run();
  }
}

// merged's name, then its aliases, after keep's own, each once and never keep's name itself.
void move_aliases(Database& db, Id keep, const NamedEntity& kept, Id merged,
                  const NamedEntity& gone) {
  std::vector<std::string> aliases = aliases_of(db, keep);
  const std::size_t first_new = aliases.size();
  std::vector<std::string> incoming = aliases_of(db, merged);
  incoming.insert(incoming.begin(), gone.name);
  for (std::string& alias : incoming) {
    if (alias == kept.name || std::find(aliases.begin(), aliases.end(), alias) != aliases.end()) {
      continue;
    }
    aliases.push_back(std::move(alias));
  }
  // Positions continue from keep's last, whatever gaps its numbering has.
  int position = 0;
  {
    auto q = db.prepare(
        "SELECT coalesce(max(position), -1) + 1 FROM entity_aliases WHERE entity_id = ?");
    q.bind(1, keep);
    q.step();
    position = q.int32(0);
  }
  for (std::size_t i = first_new; i < aliases.size(); ++i) {
    db.prepare("INSERT INTO entity_aliases (entity_id, position, alias) VALUES (?, ?, ?)")
        .bind_all(keep, position++, aliases[i])
        .run();
  }
}

void fill_empty_details(Database& db, Id keep, const NamedEntity& kept, const NamedEntity& gone) {
  auto pick = [](const std::string& mine, const std::string& theirs) {
    return mine.empty() ? theirs : mine;
  };
  db.prepare("UPDATE entities SET description = ?, start_date = ?, end_date = ? WHERE id = ?")
      .bind_all(pick(kept.description, gone.description), pick(kept.start_date, gone.start_date),
                pick(kept.end_date, gone.end_date), keep)
      .run();
}

}  // namespace

void SqliteStore::merge_entities(Id keep, Id merged) {
  if (keep == merged) {
    throw ConstraintError("entity " + std::to_string(keep) + " cannot be merged into itself");
  }
  write([&](Database& db) {
    const NamedEntity kept = entity_or_throw(db, keep);
    const NamedEntity gone = entity_or_throw(db, merged);
    move_links(db, keep, merged);
    db.prepare("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?")
        .bind_all(keep, merged)
        .run();
    move_relations(db, keep, merged);
    move_aliases(db, keep, kept, merged, gone);
    fill_empty_details(db, keep, kept, gone);
    // What was not moved (duplicate and self relations, merged's aliases) goes with it.
    db.prepare("DELETE FROM entities WHERE id = ?").bind(1, merged).run();
  });
}

void SqliteStore::delete_entity(Id id) {
  write([&](Database& db) {
    // Said outright rather than left to the foreign keys' ON DELETE clauses, so that the
    // meaning does not hang on a schema detail: quotes stay, without a speaker.
    db.prepare("UPDATE quotes SET speaker_id = NULL WHERE speaker_id = ?").bind(1, id).run();
    db.prepare("DELETE FROM article_entities WHERE entity_id = ?").bind(1, id).run();
    db.prepare("DELETE FROM relations WHERE subject_id = ?1 OR object_id = ?1").bind(1, id).run();
    db.prepare("DELETE FROM entity_aliases WHERE entity_id = ?").bind(1, id).run();
    db.prepare("DELETE FROM entities WHERE id = ?").bind(1, id).run();
  });
}

}  // namespace marquee::sqlite
