// The knowledge graph in PostgreSQL (entities with aliases, relations) and what enrichment found
// in stories (entity links with editors' decisions, quotes).
#include <string>
#include <unordered_map>

#include "store/postgres/common.h"
#include "store/postgres/postgres_store.h"

namespace marquee::postgres {
namespace {

constexpr const char* kEntityColumns =
    "id, kind, name, slug, description, start_date, end_date, prior";

Entity read_entity(const Result& r, int row) {
  Entity e;
  e.id = r.int64(row, 0);
  e.kind = entity_kind_from(r.text(row, 1));
  e.name = r.text(row, 2);
  e.slug = r.text(row, 3);
  e.description = r.text(row, 4);
  e.start_date = r.text(row, 5);
  e.end_date = r.text(row, 6);
  e.prior = r.real(row, 7);
  return e;
}

template <typename Key>
std::optional<Entity> load_entity(Connection& conn, const char* where, const Key& key) {
  auto r = conn.run(std::string("SELECT ") + kEntityColumns + " FROM entities WHERE " + where, key);
  if (r.rows() == 0) return std::nullopt;
  Entity e = read_entity(r, 0);
  auto aliases =
      conn.run("SELECT alias FROM entity_aliases WHERE entity_id = $1 ORDER BY position", e.id);
  for (int i = 0; i < aliases.rows(); ++i) e.aliases.push_back(aliases.text(i, 0));
  return e;
}

constexpr const char* kRelationColumns = "id, subject_id, predicate, object_id, qualifiers";

Relation read_relation(const Result& r, int row) {
  return {r.int64(row, 0), r.int64(row, 1), r.text(row, 2), r.int64(row, 3),
          qualifiers_from_json(r.text(row, 4))};
}

constexpr const char* kLinkColumns =
    "ae.article_id, ae.entity_id, ae.mentions, ae.salience, ae.confidence, ae.first_offset, "
    "ae.source, ae.state";

ArticleEntity read_link(const Result& r, int row) {
  ArticleEntity l;
  l.article_id = r.int64(row, 0);
  l.entity_id = r.int64(row, 1);
  l.mentions = r.int32(row, 2);
  l.salience = r.real(row, 3);
  l.confidence = r.real(row, 4);
  l.first_offset = r.int32(row, 5);
  l.source = link_source_from(r.text(row, 6));
  l.state = link_state_from(r.text(row, 7));
  return l;
}

constexpr const char* kQuoteColumns =
    "q.id, q.article_id, q.speaker_id, q.text, q.position, q.confidence";

Quote read_quote(const Result& r, int row) {
  Quote quote;
  quote.id = r.int64(row, 0);
  quote.article_id = r.int64(row, 1);
  quote.speaker_id = r.optional_int64(row, 2);
  quote.text = r.text(row, 3);
  quote.position = r.int32(row, 4);
  quote.confidence = r.real(row, 5);
  return quote;
}

Entity upsert_entity(Connection& conn, const Entity& entity) {
  if (entity.slug.empty()) throw ConstraintError("an entity needs a slug");
  if (entity.name.empty()) throw ConstraintError("an entity needs a name");
  {
    auto r =
        conn.run("SELECT id FROM entities WHERE slug = $1 AND id <> $2", entity.slug, entity.id);
    if (r.rows() > 0) {
      throw ConstraintError("entity slug '" + entity.slug + "' is already used by entity " +
                            std::to_string(r.int64(0, 0)));
    }
  }
  Entity saved = entity;
  if (has_row_with_id(conn, "entities", entity.id)) {
    conn.run(
        "UPDATE entities SET kind = $2, name = $3, slug = $4, description = $5, "
        "start_date = $6, end_date = $7, prior = $8 WHERE id = $1",
        entity.id, to_string(entity.kind), entity.name, entity.slug, entity.description,
        entity.start_date, entity.end_date, entity.prior);
  } else {
    auto r = conn.run(std::string("INSERT INTO entities (") + kEntityColumns + ") VALUES (" +
                          id_or_next("entities") + ", $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                      id_or_null(entity.id), to_string(entity.kind), entity.name, entity.slug,
                      entity.description, entity.start_date, entity.end_date, entity.prior);
    saved.id = r.int64(0, 0);
    if (entity.id != 0) identity_past(conn, "entities", entity.id);
  }
  conn.run("DELETE FROM entity_aliases WHERE entity_id = $1", saved.id);
  for (std::size_t i = 0; i < entity.aliases.size(); ++i) {
    conn.run("INSERT INTO entity_aliases (entity_id, position, alias) VALUES ($1, $2, $3)",
             saved.id, static_cast<int>(i), entity.aliases[i]);
  }
  return saved;
}

// The relation as stored, and whether this call added it.
std::pair<Relation, bool> upsert_relation(Connection& conn, const Relation& relation) {
  if (relation.predicate.empty()) throw ConstraintError("a relation needs a predicate");
  Relation saved = relation;
  const std::string qualifiers = qualifiers_to_json(relation.qualifiers);
  {
    auto r = conn.run(
        "SELECT id FROM relations WHERE subject_id = $1 AND predicate = $2 AND object_id = $3 "
        "AND qualifiers = $4",
        relation.subject_id, relation.predicate, relation.object_id, qualifiers);
    if (r.rows() > 0) {
      saved.id = r.int64(0, 0);
      return {saved, false};
    }
  }
  const bool exists = has_row_with_id(conn, "relations", relation.id);
  if (exists) {
    conn.run(
        "UPDATE relations SET subject_id = $2, predicate = $3, object_id = $4, qualifiers = $5 "
        "WHERE id = $1",
        relation.id, relation.subject_id, relation.predicate, relation.object_id, qualifiers);
  } else {
    auto r = conn.run(std::string("INSERT INTO relations (") + kRelationColumns + ") VALUES (" +
                          id_or_next("relations") + ", $2, $3, $4, $5) RETURNING id",
                      id_or_null(relation.id), relation.subject_id, relation.predicate,
                      relation.object_id, qualifiers);
    saved.id = r.int64(0, 0);
    if (relation.id != 0) identity_past(conn, "relations", relation.id);
  }
  return {saved, !exists};
}

}  // namespace

// --- entities

std::optional<Entity> PostgresStore::entity(Id id) {
  return read([&](Connection& conn) { return load_entity(conn, "id = $1", id); });
}

std::optional<Entity> PostgresStore::entity_by_slug(std::string_view slug) {
  return read([&](Connection& conn) { return load_entity(conn, "slug = $1", slug); });
}

std::vector<Entity> PostgresStore::entities() {
  return read([](Connection& conn) {
    std::vector<Entity> out;
    std::unordered_map<Id, std::size_t> index_of;
    // Byte order, as SQLite sorts, whatever the database's collation.
    auto r = conn.run(std::string("SELECT ") + kEntityColumns +
                      " FROM entities ORDER BY name COLLATE \"C\", id");
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back(read_entity(r, i));
      index_of.emplace(out.back().id, out.size() - 1);
    }
    // All aliases in one pass: the linker loads the whole graph.
    auto aliases =
        conn.run("SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, position");
    for (int i = 0; i < aliases.rows(); ++i) {
      auto found = index_of.find(aliases.int64(i, 0));
      if (found != index_of.end()) out[found->second].aliases.push_back(aliases.text(i, 1));
    }
    return out;
  });
}

Entity PostgresStore::save_entity(const Entity& entity) {
  return write([&](Connection& conn) { return upsert_entity(conn, entity); });
}

// --- relations

std::vector<Relation> PostgresStore::relations_of(Id entity_id) {
  return read([&](Connection& conn) {
    std::vector<Relation> out;
    auto r = conn.run(std::string("SELECT ") + kRelationColumns +
                          " FROM relations WHERE subject_id = $1 OR object_id = $1 ORDER BY id",
                      entity_id);
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_relation(r, i));
    return out;
  });
}

std::vector<Relation> PostgresStore::relations() {
  return read([](Connection& conn) {
    std::vector<Relation> out;
    auto r = conn.run(std::string("SELECT ") + kRelationColumns + " FROM relations ORDER BY id");
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_relation(r, i));
    return out;
  });
}

Relation PostgresStore::save_relation(const Relation& relation) {
  return write([&](Connection& conn) { return upsert_relation(conn, relation).first; });
}

GraphImportCounts PostgresStore::import_graph(const std::vector<Entity>& entities,
                                              const std::vector<RelationBySlug>& relations) {
  return write([&](Connection& conn) {
    GraphImportCounts counts;
    std::unordered_map<std::string, Id> ids;
    for (Entity entity : entities) {
      entity.id = 0;
      auto r = conn.run("SELECT id FROM entities WHERE slug = $1", entity.slug);
      if (r.rows() > 0) entity.id = r.int64(0, 0);
      ++(entity.id ? counts.entities_updated : counts.entities_added);
      ids[entity.slug] = upsert_entity(conn, entity).id;
    }
    auto id_of = [&](const std::string& slug) {
      auto it = ids.find(slug);
      if (it != ids.end()) return it->second;
      auto r = conn.run("SELECT id FROM entities WHERE slug = $1", slug);
      if (r.rows() == 0) throw ConstraintError("no entity with slug '" + slug + "'");
      return ids[slug] = r.int64(0, 0);
    };
    for (const auto& rel : relations) {
      Relation relation{0, id_of(rel.subject), rel.predicate, id_of(rel.object), rel.qualifiers};
      if (upsert_relation(conn, relation).second) ++counts.relations_added;
    }
    return counts;
  });
}

void PostgresStore::delete_relation(Id relation_id) {
  write([&](Connection& conn) { conn.run("DELETE FROM relations WHERE id = $1", relation_id); });
}

// --- enrichment

void PostgresStore::replace_enrichment(Id article_id, const std::vector<ArticleEntity>& links,
                                       const std::vector<Quote>& quotes) {
  write([&](Connection& conn) {
    // Locks the story, so two re-enrichments of it take turns.
    if (conn.run("SELECT 1 FROM articles WHERE id = $1 FOR UPDATE", article_id).rows() == 0) {
      throw ConstraintError("no story " + std::to_string(article_id));
    }
    // Undecided automatic links are the linker's to replace; anything an editor touched stays.
    conn.run("DELETE FROM article_entities WHERE article_id = $1 AND source = $2 AND state = $3",
             article_id, to_string(LinkSource::automatic), to_string(LinkState::suggested));
    for (const ArticleEntity& link : links) {
      conn.run(
          "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
          "first_offset, source, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
          "ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = excluded.mentions, "
          "salience = excluded.salience, confidence = excluded.confidence, "
          "first_offset = excluded.first_offset",
          article_id, link.entity_id, link.mentions, link.salience, link.confidence,
          link.first_offset, to_string(link.source), to_string(link.state));
    }
    conn.run("DELETE FROM quotes WHERE article_id = $1", article_id);
    for (const Quote& quote : quotes) {
      conn.run(
          "INSERT INTO quotes (article_id, speaker_id, text, position, confidence) "
          "VALUES ($1, $2, $3, $4, $5)",
          article_id, quote.speaker_id, quote.text, quote.position, quote.confidence);
    }
  });
}

void PostgresStore::set_link_state(Id article_id, Id entity_id, LinkState state) {
  write([&](Connection& conn) {
    // An editor adding a link the linker missed is sure of it: full confidence, no counts yet.
    conn.run(
        "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
        "first_offset, source, state) VALUES ($1, $2, 0, 0, 1, -1, $3, $4) "
        "ON CONFLICT (article_id, entity_id) DO UPDATE SET state = excluded.state",
        article_id, entity_id, to_string(LinkSource::editor), to_string(state));
  });
}

std::vector<ArticleEntity> PostgresStore::article_links(Id article_id) {
  return read([&](Connection& conn) {
    std::vector<ArticleEntity> out;
    auto r = conn.run(std::string("SELECT ") + kLinkColumns +
                          " FROM article_entities ae WHERE ae.article_id = $1"
                          " ORDER BY ae.salience DESC, ae.entity_id",
                      article_id);
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_link(r, i));
    return out;
  });
}

std::vector<ArticleEntity> PostgresStore::published_links() {
  return read([](Connection& conn) {
    std::vector<ArticleEntity> out;
    auto r = conn.run(std::string("SELECT ") + kLinkColumns +
                          " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
                          " WHERE a.status = $1 AND ae.state <> $2"
                          " ORDER BY ae.article_id, ae.salience DESC, ae.entity_id",
                      to_string(ArticleStatus::published), to_string(LinkState::rejected));
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_link(r, i));
    return out;
  });
}

std::vector<Quote> PostgresStore::article_quotes(Id article_id) {
  return read([&](Connection& conn) {
    std::vector<Quote> out;
    auto r = conn.run(std::string("SELECT ") + kQuoteColumns +
                          " FROM quotes q WHERE q.article_id = $1 ORDER BY q.position, q.id",
                      article_id);
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_quote(r, i));
    return out;
  });
}

std::vector<Quote> PostgresStore::speaker_quotes(Id entity_id, int limit) {
  if (limit <= 0) return {};
  return read([&](Connection& conn) {
    std::vector<Quote> out;
    auto r = conn.run(
        std::string("SELECT ") + kQuoteColumns +
            " FROM quotes q JOIN articles a ON a.id = q.article_id"
            " WHERE q.speaker_id = $1 AND a.status = $2"
            " ORDER BY a.publish_at DESC NULLS LAST, a.updated_at DESC, a.id DESC, q.position"
            " LIMIT $3",
        entity_id, to_string(ArticleStatus::published), limit);
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_quote(r, i));
    return out;
  });
}

std::vector<EntityCount> PostgresStore::co_mentioned(Id entity_id, int limit) {
  if (limit <= 0) return {};
  return read([&](Connection& conn) {
    std::vector<EntityCount> out;
    auto r = conn.run(
        "SELECT other.entity_id, count(*) AS stories"
        " FROM article_entities self"
        " JOIN articles a ON a.id = self.article_id"
        " JOIN article_entities other ON other.article_id = self.article_id"
        "  AND other.entity_id <> self.entity_id"
        " WHERE self.entity_id = $1 AND a.status = $2 AND self.state <> $3 AND other.state <> $3"
        " GROUP BY other.entity_id ORDER BY stories DESC, other.entity_id LIMIT $4",
        entity_id, to_string(ArticleStatus::published), to_string(LinkState::rejected), limit);
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.int32(i, 1)});
    return out;
  });
}

}  // namespace marquee::postgres
