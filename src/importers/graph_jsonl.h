// The knowledge-graph file format (JSON Lines, see docs/knowledge-graph.md): parse it into
// entities and slug-keyed relations, and write the same format back. Pure functions, no I/O.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace marquee {

// A relation as written in the file: entities are named by slug, not yet by id.
struct GraphRelation {
  std::string subject;  // slug
  std::string predicate;
  std::string object;  // slug
  std::map<std::string, std::string> qualifiers;
};

// An entity's photo as written in the file: a new photo to store (`file`, a path relative to the
// graph file) with its words, or one already in the media library (`media`, its stored name).
struct GraphImage {
  std::string file;
  std::string media;
  std::string caption;
  std::string credit;
  std::string alt;
  bool operator==(const GraphImage&) const = default;
};

struct GraphFile {
  std::vector<Entity> entities;  // ids are 0: the store assigns them
  std::vector<GraphRelation> relations;
  std::map<std::string, GraphImage> images;  // by entity slug
};

struct GraphError {
  int line = 0;  // 1-based line of the file
  std::string reason;
};

// All-or-nothing: `graph` is set only when `errors` is empty.
struct GraphParseResult {
  std::optional<GraphFile> graph;
  std::vector<GraphError> errors;  // in line order, at most kMaxGraphErrors
  bool ok() const { return graph.has_value(); }
};

inline constexpr std::size_t kMaxGraphErrors = 100;

// Slugs defined outside the file (already in the store) that relations may refer to.
using KnownSlug = std::function<bool(std::string_view slug)>;

GraphParseResult parse_graph_jsonl(std::string_view text, const KnownSlug& known = {});

// One line per entity (in the given order), then one per relation. Optional fields that are
// empty (and a prior of exactly 1) are left out, so that parse(write(g)) == g.
std::string write_graph_jsonl(const GraphFile& graph);

// An entity's photo as the file names it (its stored name, caption, credit, alt), or nullopt.
using ImageOf = std::function<std::optional<GraphImage>(Id media_id)>;

// From store rows (ids) to file rows (slugs); relations naming an id not in `entities` are
// skipped; with `image_of`, entities' photos are written by their stored names.
GraphFile to_graph_file(const std::vector<Entity>& entities, const std::vector<Relation>& relations,
                        const ImageOf& image_of = {});

// From file rows to store rows, given entities whose ids are assigned; relations naming an
// unknown slug are skipped (parse_graph_jsonl has already reported them).
std::vector<Relation> resolve_relations(const std::vector<Entity>& entities,
                                        const std::vector<GraphRelation>& relations);

}  // namespace marquee
