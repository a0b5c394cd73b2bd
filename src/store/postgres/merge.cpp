// Cleaning up the knowledge graph in PostgreSQL: merging a duplicate entity into the one that
// stays (its links, quotes, relations, names) and deleting an entity with what hangs off it.
#include <algorithm>
#include <string>
#include <vector>

#include "store/postgres/common.h"
#include "store/postgres/postgres_store.h"

namespace marquee::postgres {
namespace {

struct NamedEntity {
  std::string name;
  std::string description;
  std::string start_date;
  std::string end_date;
};

// Locks the row too, so a concurrent edit of either entity waits for the merge.
NamedEntity entity_or_throw(Connection& conn, Id id) {
  auto r = conn.run(
      "SELECT name, description, start_date, end_date FROM entities WHERE id = $1 FOR UPDATE", id);
  if (r.rows() == 0) throw ConstraintError("no entity " + std::to_string(id) + " to merge");
  return {r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3)};
}

std::vector<std::string> aliases_of(Connection& conn, Id id) {
  std::vector<std::string> aliases;
  auto r = conn.run("SELECT alias FROM entity_aliases WHERE entity_id = $1 ORDER BY position", id);
  for (int i = 0; i < r.rows(); ++i) aliases.push_back(r.text(i, 0));
  return aliases;
}

// Both entities' links to one story become one: the counts of both, the stronger scores, the
// earlier mention, and an editor's word over the linker's (a confirmation over a rejection).
void move_links(Connection& conn, Id keep, Id merged) {
  conn.run(
      "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
      "first_offset, source, state) "
      "SELECT article_id, $1, mentions, salience, confidence, first_offset, source, state "
      "FROM article_entities WHERE entity_id = $2 "
      "ON CONFLICT (article_id, entity_id) DO UPDATE SET "
      "mentions = article_entities.mentions + excluded.mentions, "
      "salience = greatest(article_entities.salience, excluded.salience), "
      "confidence = greatest(article_entities.confidence, excluded.confidence), "
      "first_offset = CASE "
      " WHEN article_entities.first_offset < 0 THEN excluded.first_offset "
      " WHEN excluded.first_offset < 0 THEN article_entities.first_offset "
      " ELSE least(article_entities.first_offset, excluded.first_offset) END, "
      "source = CASE WHEN $3::text IN (article_entities.source, excluded.source) THEN $3 "
      " ELSE article_entities.source END, "
      "state = CASE WHEN $4::text IN (article_entities.state, excluded.state) THEN $4 "
      " WHEN $5::text IN (article_entities.state, excluded.state) THEN $5 "
      " ELSE article_entities.state END",
      keep, merged, to_string(LinkSource::editor), to_string(LinkState::confirmed),
      to_string(LinkState::rejected));
  conn.run("DELETE FROM article_entities WHERE entity_id = $1", merged);
}

// Each of merged's relations is repointed at keep unless it would then point keep at itself or
// repeat a relation keep already has; those go with merged.
void move_relations(Connection& conn, Id keep, Id merged) {
  auto r = conn.run(
      "SELECT id, subject_id, predicate, object_id, qualifiers FROM relations "
      "WHERE subject_id = $1 OR object_id = $1 ORDER BY id",
      merged);
  for (int i = 0; i < r.rows(); ++i) {
    Id id = r.int64(i, 0);
    Id subject = r.int64(i, 1);
    Id object = r.int64(i, 3);
    if (subject == merged) subject = keep;
    if (object == merged) object = keep;
    if (subject == object) continue;
    auto same = conn.run(
        "SELECT 1 FROM relations WHERE subject_id = $1 AND predicate = $2 AND object_id = $3 "
        "AND qualifiers = $4",
        subject, r.text(i, 2), object, r.text(i, 4));
    if (same.rows() > 0) continue;
    conn.run("UPDATE relations SET subject_id = $1, object_id = $2 WHERE id = $3", subject, object,
             id);
  }
}

// merged's name, then its aliases, after keep's own, each once and never keep's name itself.
void move_aliases(Connection& conn, Id keep, const NamedEntity& kept, Id merged,
                  const NamedEntity& gone) {
  std::vector<std::string> aliases = aliases_of(conn, keep);
  const std::size_t first_new = aliases.size();
  std::vector<std::string> incoming = aliases_of(conn, merged);
  incoming.insert(incoming.begin(), gone.name);
  for (std::string& alias : incoming) {
    if (alias == kept.name || std::find(aliases.begin(), aliases.end(), alias) != aliases.end()) {
      continue;
    }
    aliases.push_back(std::move(alias));
  }
  int position =
      conn.run("SELECT coalesce(max(position), -1) + 1 FROM entity_aliases WHERE entity_id = $1",
               keep)
          .int32(0, 0);
  for (std::size_t i = first_new; i < aliases.size(); ++i) {
    conn.run("INSERT INTO entity_aliases (entity_id, position, alias) VALUES ($1, $2, $3)", keep,
             position++, aliases[i]);
  }
}

void fill_empty_details(Connection& conn, Id keep, const NamedEntity& kept,
                        const NamedEntity& gone) {
  auto pick = [](const std::string& mine, const std::string& theirs) {
    return mine.empty() ? theirs : mine;
  };
  conn.run("UPDATE entities SET description = $1, start_date = $2, end_date = $3 WHERE id = $4",
           pick(kept.description, gone.description), pick(kept.start_date, gone.start_date),
           pick(kept.end_date, gone.end_date), keep);
}

}  // namespace

void PostgresStore::merge_entities(Id keep, Id merged) {
  if (keep == merged) {
    throw ConstraintError("entity " + std::to_string(keep) + " cannot be merged into itself");
  }
  write([&](Connection& conn) {
    // Always lock the lower id first, so two opposite merges cannot deadlock.
    const NamedEntity first = entity_or_throw(conn, std::min(keep, merged));
    const NamedEntity second = entity_or_throw(conn, std::max(keep, merged));
    const NamedEntity& kept = keep < merged ? first : second;
    const NamedEntity& gone = keep < merged ? second : first;
    move_links(conn, keep, merged);
    conn.run("UPDATE quotes SET speaker_id = $1 WHERE speaker_id = $2", keep, merged);
    move_relations(conn, keep, merged);
    move_aliases(conn, keep, kept, merged, gone);
    fill_empty_details(conn, keep, kept, gone);
    conn.run("DELETE FROM entities WHERE id = $1", merged);
  });
}

void PostgresStore::delete_entity(Id id) {
  write([&](Connection& conn) {
    // Quotes stay, without a speaker.
    conn.run("UPDATE quotes SET speaker_id = NULL WHERE speaker_id = $1", id);
    conn.run("DELETE FROM article_entities WHERE entity_id = $1", id);
    conn.run("DELETE FROM relations WHERE subject_id = $1 OR object_id = $1", id);
    conn.run("DELETE FROM entity_aliases WHERE entity_id = $1", id);
    conn.run("DELETE FROM entities WHERE id = $1", id);
  });
}

}  // namespace marquee::postgres
