// The knowledge graph in SQLite (entities with aliases, relations) and what enrichment found in
// stories (entity links with editors' decisions, quotes).
#include <string>
#include <unordered_map>

#include "store/sqlite/codec.h"
#include "store/sqlite/sqlite_store.h"

namespace marquee::sqlite {
namespace {

constexpr const char* kEntityColumns =
    "id, kind, name, slug, description, start_date, end_date, prior";

Entity read_entity(const Statement& q) {
  Entity e;
  e.id = q.int64(0);
  e.kind = entity_kind_from(q.text(1));
  e.name = q.text(2);
  e.slug = q.text(3);
  e.description = q.text(4);
  e.start_date = q.text(5);
  e.end_date = q.text(6);
  e.prior = q.real(7);
  return e;
}

template <typename Key>
std::optional<Entity> load_entity(Database& db, const char* where, const Key& key) {
  Entity e;
  {
    auto q = db.prepare(std::string("SELECT ") + kEntityColumns + " FROM entities WHERE " + where);
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    e = read_entity(q);
  }
  auto q = db.prepare("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY position");
  q.bind(1, e.id);
  while (q.step()) e.aliases.push_back(q.text(0));
  return e;
}

Relation read_relation(const Statement& q) {
  return {q.int64(0), q.int64(1), q.text(2), q.int64(3), qualifiers_from_json(q.text(4))};
}

constexpr const char* kLinkColumns =
    "ae.article_id, ae.entity_id, ae.mentions, ae.salience, ae.confidence, ae.first_offset, "
    "ae.source, ae.state";

ArticleEntity read_link(const Statement& q) {
  ArticleEntity l;
  l.article_id = q.int64(0);
  l.entity_id = q.int64(1);
  l.mentions = q.int32(2);
  l.salience = q.real(3);
  l.confidence = q.real(4);
  l.first_offset = q.int32(5);
  l.source = link_source_from(q.text(6));
  l.state = link_state_from(q.text(7));
  return l;
}

constexpr const char* kQuoteColumns =
    "q.id, q.article_id, q.speaker_id, q.text, q.position, q.confidence";

Quote read_quote(const Statement& q) {
  Quote quote;
  quote.id = q.int64(0);
  quote.article_id = q.int64(1);
  quote.speaker_id = q.optional_int64(2);
  quote.text = q.text(3);
  quote.position = q.int32(4);
  quote.confidence = q.real(5);
  return quote;
}

}  // namespace

// --- entities

std::optional<Entity> SqliteStore::entity(Id id) {
  return read([&](Database& db) { return load_entity(db, "id = ?", id); });
}

std::optional<Entity> SqliteStore::entity_by_slug(std::string_view slug) {
  return read([&](Database& db) { return load_entity(db, "slug = ?", slug); });
}

std::vector<Entity> SqliteStore::entities() {
  return read([](Database& db) {
    std::vector<Entity> out;
    std::unordered_map<Id, std::size_t> index_of;
    {
      auto q =
          db.prepare(std::string("SELECT ") + kEntityColumns + " FROM entities ORDER BY name, id");
      while (q.step()) {
        out.push_back(read_entity(q));
        index_of.emplace(out.back().id, out.size() - 1);
      }
    }
    // All aliases in one pass rather than one query per entity: the linker loads the whole graph.
    auto q = db.prepare("SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position");
    while (q.step()) {
      auto found = index_of.find(q.int64(0));
      if (found != index_of.end()) out[found->second].aliases.push_back(q.text(1));
    }
    return out;
  });
}

namespace {

Entity upsert_entity(Database& db, const Entity& entity) {
  if (entity.slug.empty()) throw ConstraintError("an entity needs a slug");
  if (entity.name.empty()) throw ConstraintError("an entity needs a name");
  {
    auto q = db.prepare("SELECT id FROM entities WHERE slug = ? AND id <> ?");
    q.bind_all(entity.slug, entity.id);
    if (q.step()) {
      throw ConstraintError("entity slug '" + entity.slug + "' is already used by entity " +
                            std::to_string(q.int64(0)));
    }
  }
  const bool exists = has_row_with_id(db, "entities", entity.id);
  Entity saved = entity;
  if (exists) {
    db.prepare(
          "UPDATE entities SET kind = ?2, name = ?3, slug = ?4, description = ?5, "
          "start_date = ?6, end_date = ?7, prior = ?8 WHERE id = ?1")
        .bind_all(entity.id, to_string(entity.kind), entity.name, entity.slug, entity.description,
                  entity.start_date, entity.end_date, entity.prior)
        .run();
  } else {
    db.prepare(std::string("INSERT INTO entities (") + kEntityColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(id_or_null(entity.id), to_string(entity.kind), entity.name, entity.slug,
                  entity.description, entity.start_date, entity.end_date, entity.prior)
        .run();
    saved.id = db.last_insert_id();
  }
  db.prepare("DELETE FROM entity_aliases WHERE entity_id = ?").bind(1, saved.id).run();
  for (std::size_t i = 0; i < entity.aliases.size(); ++i) {
    db.prepare("INSERT INTO entity_aliases (entity_id, position, alias) VALUES (?, ?, ?)")
        .bind_all(saved.id, static_cast<int>(i), entity.aliases[i])
        .run();
  }
  return saved;
}

// The relation as stored, and whether this call added it.
std::pair<Relation, bool> upsert_relation(Database& db, const Relation& relation) {
  if (relation.predicate.empty()) throw ConstraintError("a relation needs a predicate");
  Relation saved = relation;
  const std::string qualifiers = qualifiers_to_json(relation.qualifiers);
  {
    auto q = db.prepare(
        "SELECT id FROM relations WHERE subject_id = ? AND predicate = ? AND object_id = ? "
        "AND qualifiers = ?");
    q.bind_all(relation.subject_id, relation.predicate, relation.object_id, qualifiers);
    if (q.step()) {
      saved.id = q.int64(0);
      return {saved, false};
    }
  }
  const bool exists = has_row_with_id(db, "relations", relation.id);
  if (exists) {
    db.prepare(
          "UPDATE relations SET subject_id = ?2, predicate = ?3, object_id = ?4, "
          "qualifiers = ?5 WHERE id = ?1")
        .bind_all(relation.id, relation.subject_id, relation.predicate, relation.object_id,
                  qualifiers)
        .run();
  } else {
    db.prepare(
          "INSERT INTO relations (id, subject_id, predicate, object_id, qualifiers) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind_all(id_or_null(relation.id), relation.subject_id, relation.predicate,
                  relation.object_id, qualifiers)
        .run();
    saved.id = db.last_insert_id();
  }
  return {saved, !exists};
}

}  // namespace

Entity SqliteStore::save_entity(const Entity& entity) {
  return write([&](Database& db) { return upsert_entity(db, entity); });
}

// --- relations

std::vector<Relation> SqliteStore::relations_of(Id entity_id) {
  return read([&](Database& db) {
    std::vector<Relation> out;
    auto q = db.prepare(
        "SELECT id, subject_id, predicate, object_id, qualifiers FROM relations "
        "WHERE subject_id = ?1 OR object_id = ?1 ORDER BY id");
    q.bind(1, entity_id);
    while (q.step()) out.push_back(read_relation(q));
    return out;
  });
}

std::vector<Relation> SqliteStore::relations() {
  return read([](Database& db) {
    std::vector<Relation> out;
    auto q = db.prepare(
        "SELECT id, subject_id, predicate, object_id, qualifiers FROM relations ORDER BY id");
    while (q.step()) out.push_back(read_relation(q));
    return out;
  });
}

Relation SqliteStore::save_relation(const Relation& relation) {
  return write([&](Database& db) { return upsert_relation(db, relation).first; });
}

GraphImportCounts SqliteStore::import_graph(const std::vector<Entity>& entities,
                                            const std::vector<RelationBySlug>& relations) {
  return write([&](Database& db) {
    GraphImportCounts counts;
    std::unordered_map<std::string, Id> ids;
    for (Entity entity : entities) {
      entity.id = 0;
      {
        auto q = db.prepare("SELECT id FROM entities WHERE slug = ?");
        q.bind(1, entity.slug);
        if (q.step()) entity.id = q.int64(0);
      }
      ++(entity.id ? counts.entities_updated : counts.entities_added);
      ids[entity.slug] = upsert_entity(db, entity).id;
    }
    auto id_of = [&](const std::string& slug) {
      auto it = ids.find(slug);
      if (it != ids.end()) return it->second;
      auto q = db.prepare("SELECT id FROM entities WHERE slug = ?");
      q.bind(1, slug);
      if (!q.step()) throw ConstraintError("no entity with slug '" + slug + "'");
      return ids[slug] = q.int64(0);
    };
    for (const auto& r : relations) {
      Relation relation{0, id_of(r.subject), r.predicate, id_of(r.object), r.qualifiers};
      if (upsert_relation(db, relation).second) ++counts.relations_added;
    }
    return counts;
  });
}

void SqliteStore::delete_relation(Id relation_id) {
  write([&](Database& db) {
    db.prepare("DELETE FROM relations WHERE id = ?").bind(1, relation_id).run();
  });
}

// --- enrichment

void SqliteStore::replace_enrichment(Id article_id, const std::vector<ArticleEntity>& links,
                                     const std::vector<Quote>& quotes) {
  write([&](Database& db) {
    {
      auto q = db.prepare("SELECT 1 FROM articles WHERE id = ?");
      q.bind(1, article_id);
      if (!q.step()) throw ConstraintError("no story " + std::to_string(article_id));
    }
    // Undecided automatic links are the linker's to replace; anything an editor touched stays.
    db.prepare("DELETE FROM article_entities WHERE article_id = ? AND source = ? AND state = ?")
        .bind_all(article_id, to_string(LinkSource::automatic), to_string(LinkState::suggested))
        .run();
    for (const ArticleEntity& link : links) {
      db.prepare(
            "INSERT INTO article_entities (article_id, entity_id, mentions, salience, "
            "confidence, first_offset, source, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = excluded.mentions, "
            "salience = excluded.salience, confidence = excluded.confidence, "
            "first_offset = excluded.first_offset")
          .bind_all(article_id, link.entity_id, link.mentions, link.salience, link.confidence,
                    link.first_offset, to_string(link.source), to_string(link.state))
          .run();
    }
    db.prepare("DELETE FROM quotes WHERE article_id = ?").bind(1, article_id).run();
    for (const Quote& quote : quotes) {
      db.prepare(
            "INSERT INTO quotes (article_id, speaker_id, text, position, confidence) "
            "VALUES (?, ?, ?, ?, ?)")
          .bind_all(article_id, quote.speaker_id, quote.text, quote.position, quote.confidence)
          .run();
    }
  });
}

void SqliteStore::set_link_state(Id article_id, Id entity_id, LinkState state) {
  write([&](Database& db) {
    // An editor adding a link the linker missed is sure of it: full confidence, no counts yet.
    db.prepare(
          "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
          "first_offset, source, state) VALUES (?, ?, 0, 0, 1, -1, ?, ?) "
          "ON CONFLICT (article_id, entity_id) DO UPDATE SET state = excluded.state")
        .bind_all(article_id, entity_id, to_string(LinkSource::editor), to_string(state))
        .run();
  });
}

std::vector<ArticleEntity> SqliteStore::article_links(Id article_id) {
  return read([&](Database& db) {
    std::vector<ArticleEntity> out;
    auto q = db.prepare(std::string("SELECT ") + kLinkColumns +
                        " FROM article_entities ae WHERE ae.article_id = ?"
                        " ORDER BY ae.salience DESC, ae.entity_id");
    q.bind(1, article_id);
    while (q.step()) out.push_back(read_link(q));
    return out;
  });
}

std::vector<ArticleEntity> SqliteStore::published_links() {
  return read([](Database& db) {
    std::vector<ArticleEntity> out;
    auto q = db.prepare(std::string("SELECT ") + kLinkColumns +
                        " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
                        " WHERE a.status = ? AND ae.state <> ?"
                        " ORDER BY ae.article_id, ae.salience DESC, ae.entity_id");
    q.bind_all(to_string(ArticleStatus::published), to_string(LinkState::rejected));
    while (q.step()) out.push_back(read_link(q));
    return out;
  });
}

std::vector<Quote> SqliteStore::article_quotes(Id article_id) {
  return read([&](Database& db) {
    std::vector<Quote> out;
    auto q = db.prepare(std::string("SELECT ") + kQuoteColumns +
                        " FROM quotes q WHERE q.article_id = ? ORDER BY q.position, q.id");
    q.bind(1, article_id);
    while (q.step()) out.push_back(read_quote(q));
    return out;
  });
}

std::vector<Quote> SqliteStore::speaker_quotes(Id entity_id, int limit) {
  if (limit <= 0) return {};
  return read([&](Database& db) {
    std::vector<Quote> out;
    auto q = db.prepare(std::string("SELECT ") + kQuoteColumns +
                        " FROM quotes q JOIN articles a ON a.id = q.article_id"
                        " WHERE q.speaker_id = ? AND a.status = ?"
                        " ORDER BY a.publish_at DESC, a.updated_at DESC, a.id DESC, q.position"
                        " LIMIT ?");
    q.bind_all(entity_id, to_string(ArticleStatus::published), limit);
    while (q.step()) out.push_back(read_quote(q));
    return out;
  });
}

std::vector<EntityCount> SqliteStore::co_mentioned(Id entity_id, int limit) {
  if (limit <= 0) return {};
  return read([&](Database& db) {
    std::vector<EntityCount> out;
    // One row per (story, other entity) thanks to the primary key, so count(*) counts stories.
    auto q = db.prepare(
        "SELECT other.entity_id, count(*) AS stories"
        " FROM article_entities self"
        " JOIN articles a ON a.id = self.article_id"
        " JOIN article_entities other ON other.article_id = self.article_id"
        "  AND other.entity_id <> self.entity_id"
        " WHERE self.entity_id = ?1 AND a.status = ?2 AND self.state <> ?3 AND other.state <> ?3"
        " GROUP BY other.entity_id ORDER BY stories DESC, other.entity_id LIMIT ?4");
    q.bind_all(entity_id, to_string(ArticleStatus::published), to_string(LinkState::rejected),
               limit);
    while (q.step()) out.push_back({q.int64(0), q.int32(1)});
    return out;
  });
}

}  // namespace marquee::sqlite
