// Related reading from an inverted index entity -> stories. A query walks only the posting
// lists of the story's own entities, nearest in time first and at most a fixed number each,
// so its cost does not grow with the number of stories.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>

#include "enrich/enrich.h"

namespace marquee {

namespace {

struct Posting {
  std::int64_t time;  // seconds since the epoch
  Id article;
  float salience;
  bool operator<(const Posting& o) const {
    return time != o.time ? time < o.time : article < o.article;
  }
};

struct StoryEntry {
  std::int64_t time = 0;
  std::vector<std::pair<Id, float>> entities;  // entity, salience
};

}  // namespace

struct RelatedIndex::Impl {
  // glibc's shared_mutex lets a steady stream of readers starve a writer; a writer holds
  // `turnstile` while it waits, and readers pass through it first, so writers get their turn.
  mutable std::mutex turnstile;
  mutable std::shared_mutex mutex;

  std::unique_lock<std::shared_mutex> write_lock() const {
    std::lock_guard gate(turnstile);
    return std::unique_lock(mutex);
  }
  std::shared_lock<std::shared_mutex> read_lock() const {
    { std::lock_guard gate(turnstile); }
    return std::shared_lock(mutex);
  }

  std::unordered_map<Id, StoryEntry> stories;
  std::unordered_map<Id, std::vector<Posting>> postings;  // sorted by time, then article

  void erase_locked(Id article) {
    auto it = stories.find(article);
    if (it == stories.end()) return;
    for (const auto& [entity, salience] : it->second.entities) {
      auto p = postings.find(entity);
      if (p == postings.end()) continue;
      auto& list = p->second;
      auto at = std::lower_bound(list.begin(), list.end(), Posting{it->second.time, article, 0});
      if (at != list.end() && at->article == article) list.erase(at);
      if (list.empty()) postings.erase(p);
    }
    stories.erase(it);
  }

  RelatedReading query_locked(const std::vector<std::pair<Id, float>>& entities, std::int64_t time,
                              Id exclude, const RelatedOptions& options,
                              const KnowledgeGraph* graph) const;
};

RelatedIndex::RelatedIndex() : impl_(std::make_unique<Impl>()) {}
RelatedIndex::~RelatedIndex() = default;

namespace {

StoryEntry make_entry(Time published, std::span<const ArticleEntity> links) {
  StoryEntry entry;
  entry.time = published.time_since_epoch().count();
  for (const auto& l : links)
    if (l.state != LinkState::rejected && l.salience > 0)
      entry.entities.emplace_back(l.entity_id, static_cast<float>(std::min(1.0, l.salience)));
  std::sort(entry.entities.begin(), entry.entities.end());
  entry.entities.erase(std::unique(entry.entities.begin(), entry.entities.end(),
                                   [](const auto& a, const auto& b) { return a.first == b.first; }),
                       entry.entities.end());
  return entry;
}

}  // namespace

void RelatedIndex::put_all(std::span<const Entry> entries) {
  std::unordered_map<Id, const Entry*> latest;  // a story given twice: the last one counts
  latest.reserve(entries.size());
  for (const Entry& e : entries) latest[e.article_id] = &e;
  auto lock = impl_->write_lock();
  for (const auto& [article, e] : latest) impl_->erase_locked(article);  // lists still sorted
  std::unordered_set<Id> touched;
  for (const auto& [article, e] : latest) {
    StoryEntry entry = make_entry(e->published, e->links);
    for (const auto& [entity, salience] : entry.entities) {
      impl_->postings[entity].push_back({entry.time, article, salience});
      touched.insert(entity);
    }
    impl_->stories.emplace(article, std::move(entry));
  }
  for (Id entity : touched) {
    auto& list = impl_->postings[entity];
    std::sort(list.begin(), list.end());
  }
}

void RelatedIndex::put(Id article_id, Time published, std::span<const ArticleEntity> links) {
  StoryEntry entry = make_entry(published, links);
  auto lock = impl_->write_lock();
  impl_->erase_locked(article_id);
  for (const auto& [entity, salience] : entry.entities) {
    auto& list = impl_->postings[entity];
    Posting p{entry.time, article_id, salience};
    list.insert(std::upper_bound(list.begin(), list.end(), p), p);  // appends when newest
  }
  impl_->stories.emplace(article_id, std::move(entry));
}

void RelatedIndex::remove(Id article_id) {
  auto lock = impl_->write_lock();
  impl_->erase_locked(article_id);
}

std::size_t RelatedIndex::size() const {
  auto lock = impl_->read_lock();
  return impl_->stories.size();
}

std::size_t RelatedIndex::story_count(Id entity_id) const {
  auto lock = impl_->read_lock();
  auto it = impl_->postings.find(entity_id);
  return it == impl_->postings.end() ? 0 : it->second.size();
}

std::vector<RelatedIndex::CoMention> RelatedIndex::co_mentioned(Id entity_id, std::size_t limit,
                                                                std::size_t window) const {
  std::vector<CoMention> out;
  if (limit == 0 || window == 0) return out;
  std::unordered_map<Id, int> counts;
  {
    auto lock = impl_->read_lock();
    auto p = impl_->postings.find(entity_id);
    if (p == impl_->postings.end()) return out;
    const auto& list = p->second;  // oldest first
    const auto newest =
        list.size() > window ? list.end() - static_cast<std::ptrdiff_t>(window) : list.begin();
    for (auto at = newest; at != list.end(); ++at) {
      auto story = impl_->stories.find(at->article);
      if (story == impl_->stories.end()) continue;
      for (const auto& [other, salience] : story->second.entities)
        if (other != entity_id) ++counts[other];
    }
  }
  out.reserve(counts.size());
  for (const auto& [other, stories] : counts) out.push_back({other, stories});
  auto first = [](const CoMention& a, const CoMention& b) {
    return a.stories != b.stories ? a.stories > b.stories : a.entity_id < b.entity_id;
  };
  const std::size_t shown = std::min(limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(shown), out.end(),
                    first);
  out.resize(shown);
  return out;
}

RelatedReading RelatedIndex::related(Id article_id, const RelatedOptions& options,
                                     const KnowledgeGraph* graph) const {
  auto lock = impl_->read_lock();
  auto it = impl_->stories.find(article_id);
  if (it == impl_->stories.end()) return {};
  return impl_->query_locked(it->second.entities, it->second.time, article_id, options, graph);
}

RelatedReading RelatedIndex::related_to(std::span<const ArticleEntity> links, Time published,
                                        Id exclude_article, const RelatedOptions& options,
                                        const KnowledgeGraph* graph) const {
  std::vector<std::pair<Id, float>> entities;
  for (const auto& l : links)
    if (l.state != LinkState::rejected && l.salience > 0)
      entities.emplace_back(l.entity_id, static_cast<float>(std::min(1.0, l.salience)));
  auto lock = impl_->read_lock();
  return impl_->query_locked(entities, published.time_since_epoch().count(), exclude_article,
                             options, graph);
}

RelatedReading RelatedIndex::Impl::query_locked(const std::vector<std::pair<Id, float>>& entities,
                                                std::int64_t time, Id exclude,
                                                const RelatedOptions& options,
                                                const KnowledgeGraph* graph) const {
  // Contributions go into one flat vector, grouped by story afterwards: cheaper than a hash
  // map per query at a few thousand postings.
  struct Part {
    Id article;
    double contribution;
    Id entity;
  };
  std::vector<Part> parts;
  const double n = static_cast<double>(std::max<std::size_t>(1, stories.size()));
  const double seconds_per_half = std::max(1.0, options.half_life_days) * 86400.0;

  for (const auto& [entity, salience] : entities) {
    if (salience < options.min_salience) continue;
    auto p = postings.find(entity);
    if (p == postings.end()) continue;
    const auto& list = p->second;
    const double idf = std::log(1.0 + n / static_cast<double>(list.size()));
    // Walk outward from the story's own time: the nearest stories count most.
    auto hi = std::lower_bound(list.begin(), list.end(), Posting{time, 0, 0});
    auto lo = hi;
    for (std::size_t taken = 0; taken < options.max_postings_per_entity;) {
      bool has_lo = lo != list.begin(), has_hi = hi != list.end();
      if (!has_lo && !has_hi) break;
      const Posting* post;
      if (has_hi && (!has_lo || hi->time - time <= time - std::prev(lo)->time)) {
        post = &*hi++;
      } else {
        post = &*--lo;
      }
      if (post->article == exclude || post->salience < options.min_salience) continue;
      ++taken;
      double age = std::abs(static_cast<double>(post->time - time));
      double contribution = idf * salience * post->salience * std::exp2(-age / seconds_per_half);
      parts.push_back({post->article, contribution, entity});
    }
  }

  std::sort(parts.begin(), parts.end(),
            [](const Part& a, const Part& b) { return a.article < b.article; });
  struct Ranked {
    double score;
    Id article;
    std::size_t begin, end;  // its parts
  };
  std::vector<Ranked> ranked;
  for (std::size_t i = 0; i < parts.size();) {
    std::size_t j = i;
    double total = 0;
    for (; j < parts.size() && parts[j].article == parts[i].article; ++j)
      total += parts[j].contribution;
    ranked.push_back({total, parts[i].article, i, j});
    i = j;
  }
  std::size_t k = std::min(options.limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k), ranked.end(),
                    [](const Ranked& a, const Ranked& b) {
                      return a.score != b.score ? a.score > b.score : a.article > b.article;
                    });

  RelatedReading out;
  std::unordered_map<Id, double> people;
  for (std::size_t i = 0; i < k; ++i) {
    const Ranked& r = ranked[i];
    std::sort(parts.begin() + static_cast<std::ptrdiff_t>(r.begin),
              parts.begin() + static_cast<std::ptrdiff_t>(r.end),
              [](const Part& a, const Part& b) { return a.contribution > b.contribution; });
    RelatedStory story{r.article, r.score, {}};
    for (std::size_t j = r.begin; j < r.end; ++j) {
      story.shared_entities.push_back(parts[j].entity);
      if (graph) {
        const Entity* ent = graph->entity(parts[j].entity);
        if (ent && ent->kind == EntityKind::person)
          people[parts[j].entity] += parts[j].contribution;
      }
    }
    out.stories.push_back(std::move(story));
  }
  std::vector<std::pair<double, Id>> by_weight;
  for (const auto& [e, w] : people) by_weight.emplace_back(w, e);
  std::sort(by_weight.begin(), by_weight.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t i = 0; i < by_weight.size() && i < options.heading_people; ++i)
    out.shared_people.push_back(by_weight[i].second);
  return out;
}

std::string related_heading(const KnowledgeGraph& graph, const RelatedReading& reading) {
  std::vector<std::string> names;
  for (Id id : reading.shared_people)
    if (const Entity* e = graph.entity(id)) names.push_back(e->name);
  if (names.empty()) return {};
  std::sort(names.begin(), names.end());  // a stable, readable order for the heading
  std::string out = "Read on for more ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " & " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace marquee
