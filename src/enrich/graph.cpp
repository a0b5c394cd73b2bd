// Compiling a KnowledgeGraph: every name, alias and person's surname into one Aho-Corasick
// automaton over folded tokens, plus the relation adjacency used by disambiguation.
#include <algorithm>
#include <array>

#include "enrich/graph_impl.h"

namespace marquee {

using namespace enrich_detail;

namespace {

constexpr std::array<std::string_view, 6> kNameSuffixes = {"jr", "sr", "ii", "iii", "iv", "v"};

class Builder {
 public:
  explicit Builder(KnowledgeGraph::Impl& g) : g_(g) {
    g_.nodes.emplace_back();  // the root
  }

  // Adds one written form of an entity's name.
  void add(std::string_view form, std::uint32_t entity, bool short_form, bool first_name = false) {
    Tokens t = tokenize(form);
    if (t.list.empty() || t.list.size() > 0xFFFF) return;
    std::uint32_t node = 0;
    for (const Token& tok : t.list) node = child(node, intern(t.fold(tok)));
    std::uint32_t& pattern = g_.nodes[node].pattern;
    if (pattern == kNone) {
      pattern = static_cast<std::uint32_t>(pending_.size());
      pending_.emplace_back();
      g_.patterns.push_back({0, 0, static_cast<std::uint16_t>(t.list.size())});
    }
    auto& list = pending_[pattern];
    for (auto& c : list) {
      if (c.entity != entity) continue;
      if (c.short_form && !short_form) c = make(t, form, entity, false);  // full form wins
      if (c.first_name && !first_name) c.first_name = false;  // a surname too: "Taylor Taylor"
      return;
    }
    list.push_back(make(t, form, entity, short_form));
    list.back().first_name = first_name;
  }

  void finish() {
    for (std::size_t p = 0; p < pending_.size(); ++p) {
      g_.patterns[p].candidates_begin = static_cast<std::uint32_t>(g_.candidates.size());
      g_.patterns[p].candidates_count = static_cast<std::uint32_t>(pending_[p].size());
      g_.candidates.insert(g_.candidates.end(), pending_[p].begin(), pending_[p].end());
    }
    link_failures();
  }

 private:
  Candidate make(const Tokens& t, std::string_view form, std::uint32_t entity, bool short_form) {
    Candidate c{entity, static_cast<std::uint32_t>(g_.case_tokens.size()), short_form};
    for (const Token& tok : t.list)
      g_.case_tokens.emplace_back(form.substr(tok.begin, tok.end - tok.begin));
    return c;
  }

  std::uint32_t intern(std::string_view folded) {
    auto it = g_.vocabulary.find(folded);
    if (it != g_.vocabulary.end()) return it->second;
    g_.vocabulary_store.emplace_back(folded);
    auto id = static_cast<std::uint32_t>(g_.vocabulary.size());
    g_.vocabulary.emplace(g_.vocabulary_store.back(), id);
    return id;
  }

  std::uint32_t child(std::uint32_t node, std::uint32_t token) {
    auto key = (static_cast<std::uint64_t>(node) << 32) | token;
    auto [it, fresh] = g_.edges.emplace(key, static_cast<std::uint32_t>(g_.nodes.size()));
    if (fresh) {
      g_.nodes.emplace_back();
      edge_list_.push_back({node, token, it->second});
    }
    return it->second;
  }

  // Breadth-first over the trie: each node's failure link is the longest proper suffix of its
  // token path that is also a path from the root.
  void link_failures() {
    const std::size_t n = g_.nodes.size();
    std::vector<std::uint32_t> first(n + 1, 0);
    for (const auto& e : edge_list_) ++first[e.parent + 1];
    for (std::size_t i = 0; i < n; ++i) first[i + 1] += first[i];
    std::vector<std::pair<std::uint32_t, std::uint32_t>> kids(edge_list_.size());
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const auto& e : edge_list_) kids[fill[e.parent]++] = {e.token, e.child};

    std::vector<std::uint32_t> queue;
    queue.reserve(n);
    queue.push_back(0);
    for (std::size_t q = 0; q < queue.size(); ++q) {
      std::uint32_t u = queue[q];
      for (std::uint32_t k = first[u]; k < first[u + 1]; ++k) {
        auto [token, v] = kids[k];
        std::uint32_t f = 0;
        if (u != 0) {
          f = g_.nodes[u].fail;
          while (f != 0 && g_.step(f, token) == kNone) f = g_.nodes[f].fail;
          std::uint32_t s = g_.step(f, token);
          f = s == kNone ? 0 : s;
        }
        g_.nodes[v].fail = f;
        g_.nodes[v].output = g_.nodes[v].pattern != kNone ? v : g_.nodes[f].output;
        queue.push_back(v);
      }
    }
  }

  struct Edge {
    std::uint32_t parent, token, child;
  };
  KnowledgeGraph::Impl& g_;
  std::vector<std::vector<Candidate>> pending_;
  std::vector<Edge> edge_list_;
};

// The surname of a person's full name ("Kristen Stewart" -> "Stewart"), or empty.
std::string_view surname(std::string_view name) {
  Tokens t = tokenize(name);
  int words = 0;
  for (const auto& tok : t.list) words += tok.has(kWord);
  if (words < 2) return {};
  for (auto it = t.list.rbegin(); it != t.list.rend(); ++it) {
    if (!it->has(kWord)) continue;
    std::string_view f = t.fold(*it);
    if (std::find(kNameSuffixes.begin(), kNameSuffixes.end(), f) != kNameSuffixes.end()) continue;
    if (!it->has(kCapitalized) || it->end - it->begin < 2 || it == t.list.rend() - 1) return {};
    return name.substr(it->begin, it->end - it->begin);
  }
  return {};
}

// The first name of a person's full name ("Taylor Swift" -> "Taylor"), or empty: titles and
// initials are not first names.
std::string_view first_name(std::string_view name) {
  constexpr std::array<std::string_view, 7> kTitles = {"dr",  "sir", "dame", "mr",
                                                       "mrs", "ms",  "lord"};
  Tokens t = tokenize(name);
  int words = 0;
  for (const auto& tok : t.list) words += tok.has(kWord);
  if (words < 2 || t.list.empty()) return {};
  const Token& first = t.list.front();
  if (!first.has(kWord) || !first.has(kCapitalized) || first.end - first.begin < 2) return {};
  if (t.list.size() > 1 && !t.list[1].has(kWord)) return {};  // "J. K.", "Jean-Luc"
  if (std::find(kTitles.begin(), kTitles.end(), t.fold(first)) != kTitles.end()) return {};
  return name.substr(first.begin, first.end - first.begin);
}

}  // namespace

bool KnowledgeGraph::Impl::linked(std::uint32_t a, std::uint32_t b) const {
  const auto& n = neighbours[a];
  return std::binary_search(n.begin(), n.end(), b);
}

std::vector<const Relation*> KnowledgeGraph::relations_of(Id id) const {
  std::vector<const Relation*> out;
  auto it = impl_->index_of_id.find(id);
  if (it == impl_->index_of_id.end()) return out;
  for (std::uint32_t at : impl_->relations_of[it->second]) out.push_back(&impl_->relations[at]);
  return out;
}

KnowledgeGraph::KnowledgeGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KnowledgeGraph::~KnowledgeGraph() = default;

std::shared_ptr<const KnowledgeGraph> KnowledgeGraph::compile(std::vector<Entity> entities,
                                                              std::vector<Relation> relations) {
  auto g = std::make_unique<Impl>();
  g->entities.reserve(entities.size());
  g->index_of_id.reserve(entities.size());
  for (auto& e : entities) {
    if (e.id == 0 || g->index_of_id.count(e.id)) continue;
    if (!(e.prior > 0)) e.prior = 1.0;
    g->index_of_id.emplace(e.id, static_cast<std::uint32_t>(g->entities.size()));
    g->entities.push_back(std::move(e));
  }
  g->index_of_slug.reserve(g->entities.size());
  for (std::uint32_t i = 0; i < g->entities.size(); ++i)
    g->index_of_slug.emplace(g->entities[i].slug, i);

  g->neighbours.resize(g->entities.size());
  g->relations_of.resize(g->entities.size());
  for (auto& r : relations) {
    auto s = g->index_of_id.find(r.subject_id), o = g->index_of_id.find(r.object_id);
    if (s == g->index_of_id.end() || o == g->index_of_id.end()) continue;
    g->neighbours[s->second].push_back(o->second);
    g->neighbours[o->second].push_back(s->second);
    const auto at = static_cast<std::uint32_t>(g->relations.size());
    g->relations_of[s->second].push_back(at);
    if (o->second != s->second) g->relations_of[o->second].push_back(at);
    g->relations.push_back(std::move(r));
  }
  for (auto& n : g->neighbours) {
    std::sort(n.begin(), n.end());
    n.erase(std::unique(n.begin(), n.end()), n.end());
  }

  Builder builder(*g);
  g->nodes.reserve(g->entities.size() * 4);
  g->edges.reserve(g->entities.size() * 4);
  for (std::uint32_t i = 0; i < g->entities.size(); ++i) {
    const Entity& e = g->entities[i];
    builder.add(e.name, i, false);
    for (const auto& a : e.aliases) builder.add(a, i, false);
  }
  // Surnames last, so that a registered alias of the same text stays a full form.
  for (std::uint32_t i = 0; i < g->entities.size(); ++i) {
    const Entity& e = g->entities[i];
    if (e.kind != EntityKind::person) continue;
    if (auto s = surname(e.name); !s.empty()) builder.add(s, i, true);
  }
  // First names after surnames: a word that is someone's surname stays a surname reading.
  g->first_names.resize(g->entities.size());
  for (std::uint32_t i = 0; i < g->entities.size(); ++i) {
    const Entity& e = g->entities[i];
    if (e.kind != EntityKind::person) continue;
    if (auto f = first_name(e.name); !f.empty()) {
      builder.add(f, i, true, true);
      Tokens t = tokenize(f);
      g->first_names[i] = std::string(t.fold(t.list.front()));
    }
  }
  builder.finish();

  std::unordered_set<std::size_t> lengths;
  for (const auto& e : g->entities) {
    auto add = [&](std::string_view form) {
      if (form.size() < 4) return;
      g->exact_names.insert(form);
      g->exact_name_heads.insert(Impl::head_of(form));
      lengths.insert(form.size());
    };
    add(e.name);
    for (const auto& a : e.aliases) add(a);
  }
  g->exact_name_lengths.assign(lengths.begin(), lengths.end());
  std::sort(g->exact_name_lengths.rbegin(), g->exact_name_lengths.rend());
  // The constructor is private; a local subclass lets make_shared reach it.
  struct Built : KnowledgeGraph {
    explicit Built(std::unique_ptr<Impl> impl) : KnowledgeGraph(std::move(impl)) {}
  };
  return std::make_shared<const Built>(std::move(g));
}

std::size_t KnowledgeGraph::entity_count() const {
  return impl_->entities.size();
}
std::size_t KnowledgeGraph::relation_count() const {
  return impl_->relations.size();
}
std::size_t KnowledgeGraph::name_count() const {
  return impl_->patterns.size();
}

const Entity* KnowledgeGraph::entity(Id id) const {
  auto it = impl_->index_of_id.find(id);
  return it == impl_->index_of_id.end() ? nullptr : &impl_->entities[it->second];
}

const Entity* KnowledgeGraph::entity_by_slug(std::string_view slug) const {
  auto it = impl_->index_of_slug.find(slug);
  return it == impl_->index_of_slug.end() ? nullptr : &impl_->entities[it->second];
}

const std::vector<Entity>& KnowledgeGraph::entities() const {
  return impl_->entities;
}

bool KnowledgeGraph::related(Id a, Id b) const {
  auto x = impl_->index_of_id.find(a), y = impl_->index_of_id.find(b);
  if (x == impl_->index_of_id.end() || y == impl_->index_of_id.end()) return false;
  return impl_->linked(x->second, y->second);
}

}  // namespace marquee
