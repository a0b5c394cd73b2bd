// The review queue: archive passes (keyset pages shared by worker threads, each with its own
// tallies, merged at the end), the per-save refresh, and editors' decisions, each decision one
// unit of work.
#include "review/review.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "core/slug.h"
#include "core/workers.h"

namespace marquee::review {
namespace {

Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// Workers take keyset pages of published stories in turn; reading a page is serialised (one
// cursor), what a worker does with its page is not. work(worker, page) runs on the workers.
template <typename Work>
std::size_t for_each_page(Store& store, const ArchiveOptions& options, Work&& work) {
  const unsigned threads = std::max(1u, options.threads);
  const int page_size = std::max(1, options.page_size);
  std::mutex cursor;
  Id after = 0;
  bool done = false;
  std::size_t stories = 0;
  auto next_page = [&]() -> std::vector<StoryTextRow> {
    std::lock_guard lock(cursor);
    if (done) return {};
    auto page = store.articles().published_texts(after, page_size);
    if (static_cast<int>(page.size()) < page_size) done = true;
    if (!page.empty()) after = page.back().id;
    stories += page.size();
    return page;
  };
  auto run = [&](unsigned worker) {
    for (auto page = next_page(); !page.empty(); page = next_page()) work(worker, page);
  };
  run_workers(threads, run, [&] {
    std::lock_guard stop(cursor);
    done = true;
  });
  return stories;
}

EntityProposal to_proposal(const DiscoveredEntity& d) {
  EntityProposal p;
  p.name = d.entity.name;
  p.key = proposal_key(d.entity.name);
  p.kind = d.entity.kind;
  p.slug = d.entity.slug;
  p.confidence = d.confidence;
  p.story_count = static_cast<int>(d.story_count);
  p.stories = d.stories;
  p.evidence = {static_cast<int>(d.quoted), static_cast<int>(d.with_role),
                static_cast<int>(d.short_refs), static_cast<int>(d.cued),
                static_cast<int>(d.marked)};
  return p;
}

StoredSuggestion to_stored(Id story_id, const RelationSuggestion& s) {
  StoredSuggestion r;
  r.article_id = story_id;
  r.subject = {s.subject.name, s.subject.entity_id, s.subject.kind};
  r.predicate = s.predicate;
  r.object = {s.object.name, s.object.entity_id, s.object.kind};
  r.qualifiers = s.qualifiers;
  r.sentence = s.sentence;
  r.confidence = s.confidence;
  return r;
}

int record_suggestions(Repositories& repositories, Id story_id,
                       const std::vector<RelationSuggestion>& found) {
  int added = 0;
  for (const auto& s : found)
    added += repositories.review().add_suggestion(to_stored(story_id, s)).second;
  return added;
}

void count_story(Repositories& repositories, const GraphSnapshot& graph, const Article& story,
                 const Enrichment* enrichment, const DiscoveryOptions& options) {
  DiscoveryOptions one = options;
  one.min_stories = 1;  // this story alone: what it says of each name, whatever its score
  one.min_confidence = 0;
  EntityDiscovery discovery(graph, one);
  discovery.add_story(story.id, {story.headline, story.dek, story.body}, enrichment);
  for (const DiscoveredEntity& found : discovery.proposals()) {
    const std::string key = proposal_key(found.entity.name);
    if (key.empty()) continue;
    auto counted = repositories.review().tally(key, story.id);
    if (!counted) {
      EntityProposal p = to_proposal(found);
      const bool proposed = options.min_stories <= 1 && p.confidence >= options.min_confidence;
      p.status = proposed ? ProposalStatus::pending : ProposalStatus::candidate;
      repositories.review().save_proposal(p);
      continue;
    }
    if (counted->status != ProposalStatus::pending &&
        counted->status != ProposalStatus::candidate) {
      continue;
    }
    if (counted->has_story) continue;
    // Past the stories kept, evidence is saturated long since: one more changes nothing.
    if (static_cast<std::size_t>(counted->stories_kept) >= options.max_story_ids) continue;
    ++counted->story_count;
    counted->evidence.quoted += static_cast<int>(found.quoted);
    counted->evidence.with_role += static_cast<int>(found.with_role);
    counted->evidence.short_refs += static_cast<int>(found.short_refs);
    counted->evidence.cued += static_cast<int>(found.cued);
    counted->evidence.marked += static_cast<int>(found.marked);
    DiscoveredEntity tally;
    tally.entity.kind = counted->kind;
    tally.story_count = static_cast<std::size_t>(counted->story_count);
    tally.quoted = static_cast<std::size_t>(counted->evidence.quoted);
    tally.with_role = static_cast<std::size_t>(counted->evidence.with_role);
    tally.short_refs = static_cast<std::size_t>(counted->evidence.short_refs);
    tally.cued = static_cast<std::size_t>(counted->evidence.cued);
    tally.marked = static_cast<std::size_t>(counted->evidence.marked);
    const double confidence = proposal_confidence(tally, options);
    const bool proposed = static_cast<std::size_t>(counted->story_count) >= options.min_stories &&
                          confidence >= options.min_confidence;
    repositories.review().count_story(
        *counted, confidence, proposed ? ProposalStatus::pending : ProposalStatus::candidate,
        story.id);
  }
}

// A slug free in the graph: the wanted one, then with the kind, then numbered.
std::string free_slug(Repositories& repositories, const std::string& wanted, EntityKind kind) {
  std::string base = wanted.empty() ? "entity" : wanted;
  auto taken = [&](const std::string& s) {
    return repositories.graph().entity_by_slug(s).has_value();
  };
  std::string slug = base;
  if (taken(slug)) slug = base + "-" + to_string(kind);
  for (int n = 2; taken(slug); ++n) slug = base + "-" + std::to_string(n);
  return slug;
}

EntityProposal pending_proposal(Repositories& repositories, Id proposal_id) {
  auto p = repositories.review().proposal(proposal_id);
  if (!p) throw Refusal(Refusal::Why::missing, "no proposal " + std::to_string(proposal_id));
  if (p->status != ProposalStatus::pending) {
    throw Refusal(Refusal::Why::decided,
                  "proposal " + std::to_string(proposal_id) + " is " + to_string(p->status));
  }
  return *p;
}

StoredSuggestion pending_suggestion(Repositories& repositories, Id suggestion_id) {
  auto s = repositories.review().suggestion(suggestion_id);
  if (!s) throw Refusal(Refusal::Why::missing, "no suggestion " + std::to_string(suggestion_id));
  if (s->status != SuggestionStatus::pending) {
    throw Refusal(Refusal::Why::decided,
                  "suggestion " + std::to_string(suggestion_id) + " is " + to_string(s->status));
  }
  return *s;
}

// The end's entity: the one named when it is still there, else one with the name's slug, else
// a new one of the kind the sentence gave.
Entity resolve_end(Repositories& repositories, const SuggestionEnd& end) {
  if (end.entity_id) {
    if (auto e = repositories.graph().entity(*end.entity_id)) return *e;
  }
  if (auto e = repositories.graph().entity_by_slug(slugify(end.name))) return *e;
  if (!end.kind) {
    throw Refusal(Refusal::Why::invalid, "\"" + end.name +
                                             "\" is not in the knowledge graph and the sentence "
                                             "does not say what it is; add it first");
  }
  Entity e;
  e.kind = *end.kind;
  e.name = end.name;
  e.slug = free_slug(repositories, slugify(end.name), e.kind);
  return repositories.graph().save_entity(e);
}

void claim(bool decided, const char* what, Id id) {
  // Someone decided between our read and our write: the unit of work rolls back.
  if (!decided) {
    throw Refusal(Refusal::Why::decided,
                  std::string(what) + " " + std::to_string(id) + " was decided meanwhile");
  }
}

}  // namespace

std::string proposal_key(const std::string& name) {
  return slugify(name);
}

DiscoveryRun discover_archive(Store& store, const GraphSnapshot& graph,
                              const ArchiveOptions& options) {
  std::vector<EntityDiscovery> workers;
  for (unsigned t = 0; t < std::max(1u, options.threads); ++t)
    workers.emplace_back(graph, options.discovery);
  const std::size_t stories = for_each_page(store, options, [&](unsigned worker, const auto& page) {
    for (const StoryTextRow& row : page)
      workers[worker].add_story(row.id, {row.headline, row.dek, row.body});
  });
  for (std::size_t t = 1; t < workers.size(); ++t) workers[0].merge(std::move(workers[t]));
  DiscoveryRun run = record_proposals(store, workers[0]);
  run.stories = stories;
  return run;
}

DiscoveryRun record_proposals(Store& store, const EntityDiscovery& gathered) {
  DiscoveryRun run;
  run.stories = gathered.stories_seen();
  std::vector<DiscoveredEntity> found = gathered.proposals();
  // One proposal per key: the most confident of names that fold alike.
  std::vector<EntityProposal> rows;
  std::unordered_set<std::string> keys;
  std::vector<DiscoveredEntity> kept;
  for (auto& d : found) {
    EntityProposal p = to_proposal(d);
    if (p.key.empty() || !keys.insert(p.key).second) continue;
    rows.push_back(std::move(p));
    kept.push_back(std::move(d));
  }
  run.counts = store.review().replace_proposals(rows);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    auto stored = store.review().proposal_by_key(rows[i].key);
    if (stored && stored->status == ProposalStatus::pending)
      run.pending.push_back(std::move(kept[i]));
  }
  return run;
}

SuggestionRun suggest_archive(Store& store, const GraphSnapshot& graph,
                              const ArchiveOptions& options) {
  std::mutex tally;
  SuggestionRun run;
  run.stories = for_each_page(store, options, [&](unsigned, const auto& page) {
    std::vector<std::pair<Id, std::vector<RelationSuggestion>>> found;
    for (const StoryTextRow& row : page) {
      auto s = suggest_relations(*graph, {row.headline, row.dek, row.body});
      if (!s.empty()) found.emplace_back(row.id, std::move(s));
    }
    // One write per page, not per suggestion.
    int stated = 0;
    int added = store.write([&](UnitOfWork& unit) {
      int n = 0;
      for (const auto& [id, list] : found) {
        stated += static_cast<int>(list.size());
        n += record_suggestions(unit, id, list);
      }
      return n;
    });
    std::lock_guard lock(tally);
    run.found += stated;
    run.added += added;
  });
  return run;
}

void refresh_story(Repositories& repositories, const GraphSnapshot& graph, const Article& story,
                   const Enrichment* enrichment, const DiscoveryOptions& options) {
  if (!story.is_published() || story.id == 0 || !graph) return;
  replace_suggestions(
      repositories, story.id,
      suggest_relations(*graph, {story.headline, story.dek, story.body}, enrichment));
  count_story(repositories, graph, story, enrichment, options);
}

int replace_suggestions(Repositories& repositories, Id story_id,
                        const std::vector<RelationSuggestion>& found) {
  repositories.review().forget_pending_suggestions(story_id);
  return record_suggestions(repositories, story_id, found);
}

Decision accept_proposal(Store& store, Id proposal_id, Id user_id, std::optional<EntityKind> kind,
                         const std::string& slug) {
  if (!slug.empty() && !is_valid_slug(slug)) {
    throw Refusal(Refusal::Why::invalid, "bad slug \"" + slug + "\"");
  }
  return store.write([&](UnitOfWork& unit) {
    EntityProposal p = pending_proposal(unit, proposal_id);
    Entity e;
    e.kind = kind.value_or(p.kind);
    e.name = p.name;
    if (!slug.empty() && unit.graph().entity_by_slug(slug)) {
      throw Refusal(Refusal::Why::invalid, "the slug \"" + slug + "\" is taken");
    }
    e.slug = slug.empty() ? free_slug(unit, p.slug.empty() ? p.key : p.slug, e.kind) : slug;
    Entity saved = unit.graph().save_entity(e);
    claim(unit.review().decide_proposal(p.id, ProposalStatus::accepted, saved.id, user_id, now()),
          "proposal", p.id);
    return Decision{saved, std::nullopt, p.stories};
  });
}

Decision merge_proposal(Store& store, Id proposal_id, Id entity_id, Id user_id) {
  return store.write([&](UnitOfWork& unit) {
    EntityProposal p = pending_proposal(unit, proposal_id);
    auto e = unit.graph().entity(entity_id);
    if (!e) throw Refusal(Refusal::Why::invalid, "no entity " + std::to_string(entity_id));
    if (e->name != p.name &&
        std::find(e->aliases.begin(), e->aliases.end(), p.name) == e->aliases.end()) {
      e->aliases.push_back(p.name);
    }
    Entity saved = unit.graph().save_entity(*e);
    claim(unit.review().decide_proposal(p.id, ProposalStatus::merged, saved.id, user_id, now()),
          "proposal", p.id);
    return Decision{saved, std::nullopt, p.stories};
  });
}

Decision dismiss_proposal(Store& store, Id proposal_id, Id user_id) {
  return store.write([&](UnitOfWork& unit) {
    EntityProposal p = pending_proposal(unit, proposal_id);
    claim(unit.review().decide_proposal(p.id, ProposalStatus::dismissed, std::nullopt, user_id,
                                        now()),
          "proposal", p.id);
    return Decision{};
  });
}

Decision confirm_suggestion(Store& store, Id suggestion_id, Id user_id) {
  return store.write([&](UnitOfWork& unit) {
    StoredSuggestion s = pending_suggestion(unit, suggestion_id);
    Entity subject = resolve_end(unit, s.subject);
    Entity object = resolve_end(unit, s.object);
    if (subject.id == object.id) {
      throw Refusal(Refusal::Why::invalid, "both ends are " + subject.name);
    }
    Relation relation =
        unit.graph().save_relation({0, subject.id, s.predicate, object.id, s.qualifiers});
    claim(unit.review().decide_suggestion(s.id, SuggestionStatus::confirmed, relation.id, user_id,
                                          now()),
          "suggestion", s.id);
    return Decision{std::nullopt, relation, {s.article_id}};
  });
}

Decision dismiss_suggestion(Store& store, Id suggestion_id, Id user_id) {
  return store.write([&](UnitOfWork& unit) {
    StoredSuggestion s = pending_suggestion(unit, suggestion_id);
    claim(unit.review().decide_suggestion(s.id, SuggestionStatus::dismissed, std::nullopt, user_id,
                                          now()),
          "suggestion", s.id);
    return Decision{};
  });
}

}  // namespace marquee::review
