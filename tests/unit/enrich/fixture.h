// Test fixture for enrich/: a small knowledge graph around The Runaways (2010), built from
// JSON Lines text with ids 1..n in file order, plus helpers to read enrichment results.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "enrich/enrich.h"
#include "importers/graph_jsonl.h"

namespace marquee::testing {

inline GraphSnapshot compile_jsonl(std::string_view jsonl) {
  auto parsed = parse_graph_jsonl(jsonl);
  if (!parsed.ok()) {
    for (const auto& e : parsed.errors) ADD_FAILURE() << "line " << e.line << ": " << e.reason;
    return KnowledgeGraph::compile({}, {});
  }
  auto entities = parsed.graph->entities;
  for (std::size_t i = 0; i < entities.size(); ++i) entities[i].id = static_cast<Id>(i + 1);
  auto relations = resolve_relations(entities, parsed.graph->relations);
  return KnowledgeGraph::compile(std::move(entities), std::move(relations));
}

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline const char* kSmallGraph = R"(
{"entity": "kristen-stewart", "kind": "person", "name": "Kristen Stewart", "aliases": ["K-Stew"]}
{"entity": "dakota-fanning", "kind": "person", "name": "Dakota Fanning"}
{"entity": "elle-fanning", "kind": "person", "name": "Elle Fanning", "prior": 0.4}
{"entity": "joan-jett", "kind": "person", "name": "Joan Jett"}
{"entity": "joan-jett-character", "kind": "character", "name": "Joan Jett", "prior": 0.3}
{"entity": "cherie-currie", "kind": "person", "name": "Cherie Currie"}
{"entity": "lita-ford", "kind": "person", "name": "Lita Ford"}
{"entity": "floria-sigismondi", "kind": "person", "name": "Floria Sigismondi"}
{"entity": "robert-pattinson", "kind": "person", "name": "Robert Pattinson"}
{"entity": "taylor-lautner", "kind": "person", "name": "Taylor Lautner"}
{"entity": "rod-stewart", "kind": "person", "name": "Rod Stewart", "prior": 0.5}
{"entity": "the-runaways-band", "kind": "band", "name": "The Runaways", "aliases": ["Runaways"], "prior": 1.0}
{"entity": "the-runaways-film", "kind": "film", "name": "The Runaways", "aliases": ["Runaways"], "prior": 0.9}
{"entity": "eclipse-film", "kind": "film", "name": "The Twilight Saga: Eclipse", "aliases": ["Eclipse"]}
{"entity": "eclipse-band", "kind": "band", "name": "Eclipse", "prior": 0.3}
{"entity": "cherry-bomb-song", "kind": "song", "name": "Cherry Bomb"}
{"entity": "cherry-bomb-documentary", "kind": "film", "name": "Cherry Bomb", "prior": 0.3}
{"entity": "dazed-and-confused", "kind": "film", "name": "Dazed and Confused"}
{"entity": "guns-n-roses", "kind": "band", "name": "Guns N' Roses"}
{"entity": "ac-dc", "kind": "band", "name": "AC/DC"}
{"entity": "beyonce", "kind": "person", "name": "Beyoncé"}
{"relation": "acted_in", "subject": "kristen-stewart", "object": "the-runaways-film", "qualifiers": {"character": "Joan Jett"}}
{"relation": "acted_in", "subject": "dakota-fanning", "object": "the-runaways-film", "qualifiers": {"character": "Cherie Currie"}}
{"relation": "acted_in", "subject": "kristen-stewart", "object": "eclipse-film"}
{"relation": "acted_in", "subject": "dakota-fanning", "object": "eclipse-film"}
{"relation": "acted_in", "subject": "robert-pattinson", "object": "eclipse-film"}
{"relation": "acted_in", "subject": "taylor-lautner", "object": "eclipse-film"}
{"relation": "directed", "subject": "floria-sigismondi", "object": "the-runaways-film"}
{"relation": "member_of", "subject": "joan-jett", "object": "the-runaways-band"}
{"relation": "member_of", "subject": "cherie-currie", "object": "the-runaways-band"}
{"relation": "member_of", "subject": "lita-ford", "object": "the-runaways-band"}
{"relation": "performed", "subject": "the-runaways-band", "object": "cherry-bomb-song"}
{"relation": "featured_in", "subject": "cherry-bomb-song", "object": "dazed-and-confused"}
{"relation": "portrays", "subject": "joan-jett-character", "object": "joan-jett"}
)";

inline const GraphSnapshot& small_graph() {
  static const GraphSnapshot g = compile_jsonl(kSmallGraph);
  return g;
}

inline Id id_of(const KnowledgeGraph& g, std::string_view slug) {
  const Entity* e = g.entity_by_slug(slug);
  return e ? e->id : 0;
}

inline std::string slug_of(const KnowledgeGraph& g, Id id) {
  const Entity* e = g.entity(id);
  return e ? e->slug : "?";
}

// "surface=slug" for every body mention at or above the threshold, in order.
inline std::vector<std::string> linked(const KnowledgeGraph& g, const Enrichment& r,
                                       StoryField field = StoryField::body,
                                       double threshold = 0.5) {
  std::vector<std::string> out;
  for (const auto& m : r.mentions)
    if (m.field == field && m.confidence >= threshold)
      out.push_back(m.surface + "=" + slug_of(g, m.entity_id));
  return out;
}

inline std::vector<std::string> link_body(std::string_view body, std::string_view headline = {}) {
  const auto& g = *small_graph();
  return linked(g, enrich_story(g, {headline, {}, body}));
}

}  // namespace marquee::testing
