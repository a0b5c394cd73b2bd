// Private to enrich/: the inside of a compiled KnowledgeGraph. Entities are addressed by their
// index in `entities` (a dense uint32), names by pattern index in the token automaton.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "enrich/enrich.h"
#include "enrich/tokenize.h"

namespace marquee::enrich_detail {

inline constexpr std::uint32_t kNone = UINT32_MAX;

// One entity a pattern may stand for, with the original-case tokens of the name or alias.
struct Candidate {
  std::uint32_t entity = 0;      // index into entities
  std::uint32_t case_begin = 0;  // tokens of the written form, in Impl::case_tokens
  bool short_form = false;       // a person's surname, valid only after the full name
  bool first_name = false;       // a short form that is the first name ("Taylor")
};

struct Pattern {
  std::uint32_t candidates_begin = 0;
  std::uint32_t candidates_count = 0;
  std::uint16_t tokens = 0;  // length in tokens
};

struct Node {
  std::uint32_t fail = 0;
  std::uint32_t output = kNone;   // nearest node on the fail chain (or this) ending a pattern
  std::uint32_t pattern = kNone;  // pattern ending exactly here
};

}  // namespace marquee::enrich_detail

namespace marquee {

struct KnowledgeGraph::Impl {
  std::vector<Entity> entities;
  std::vector<Relation> relations;
  std::unordered_map<Id, std::uint32_t> index_of_id;
  std::unordered_map<std::string_view, std::uint32_t> index_of_slug;
  std::vector<std::vector<std::uint32_t>> neighbours;    // sorted entity indices, both directions
  std::vector<std::vector<std::uint32_t>> relations_of;  // indices into relations, per entity
  std::vector<std::string> first_names;  // folded first name of each person, else empty

  // Token automaton (Aho-Corasick over folded tokens).
  std::deque<std::string> vocabulary_store;
  std::unordered_map<std::string_view, std::uint32_t> vocabulary;
  std::vector<enrich_detail::Node> nodes;
  std::unordered_map<std::uint64_t, std::uint32_t> edges;  // (node << 32 | token) -> node
  std::vector<enrich_detail::Pattern> patterns;
  std::vector<enrich_detail::Candidate> candidates;
  std::vector<std::string> case_tokens;  // written tokens of every candidate's form

  // Exact written names (four bytes or more) for glued-text repair, and their lengths.
  std::unordered_set<std::string_view> exact_names;
  std::vector<std::size_t> exact_name_lengths;         // distinct, longest first
  std::unordered_set<std::uint32_t> exact_name_heads;  // first four bytes, a cheap pre-check

  static std::uint32_t head_of(std::string_view s) {  // s has at least four bytes
    std::uint32_t h = 0;
    for (int i = 0; i < 4; ++i) h = (h << 8) | static_cast<unsigned char>(s[i]);
    return h;
  }

  std::uint32_t token_id(std::string_view folded) const {
    auto it = vocabulary.find(folded);
    return it == vocabulary.end() ? enrich_detail::kNone : it->second;
  }
  std::uint32_t step(std::uint32_t node, std::uint32_t token) const {
    auto it = edges.find((static_cast<std::uint64_t>(node) << 32) | token);
    return it == edges.end() ? enrich_detail::kNone : it->second;
  }
  bool linked(std::uint32_t a, std::uint32_t b) const;
};

}  // namespace marquee
