// Newsroom::reindex_archive: the whole archive linked again in keyset pages, on worker threads,
// one unit of work per page (see newsroom.h).
#include <algorithm>
#include <mutex>
#include <thread>

#include "core/workers.h"
#include "enrich/discover.h"
#include "enrich/suggest.h"
#include "newsroom/newsroom.h"
#include "review/review.h"

namespace marquee::newsroom {

ReindexRun Newsroom::reindex_archive(
    const ReindexOptions& options,
    const std::function<void(std::size_t done, std::size_t total)>& progress) {
  ArticleQuery all;
  all.status.reset();
  all.kinds = KindSet::all;
  const auto total = static_cast<std::size_t>(store_.articles().count(all));
  const GraphSnapshot graph = knowledge_.graph();
  const unsigned threads = std::max(1u, options.threads);
  const int page_size = std::max(1, options.batch_size);

  std::vector<EntityDiscovery> discovery;
  for (unsigned t = 0; t < threads; ++t) discovery.emplace_back(graph);

  // Pages are taken in turn (one cursor); linking a page and writing it is each worker's own.
  std::mutex cursor_lock;
  Id after = 0;
  bool done = false;
  auto next_page = [&]() -> std::vector<Id> {
    std::lock_guard lock(cursor_lock);
    if (done) return {};
    auto page = store_.articles().ids_after(after, page_size);
    if (static_cast<int>(page.size()) < page_size) done = true;
    if (!page.empty()) after = page.back();
    return page;
  };

  std::mutex tally_lock;
  ReindexRun run;
  std::size_t read = 0;
  std::vector<Id> one_by_one;  // galleries (their photos' people) and live stories (entries)

  struct Relinked {
    Article story;
    Linked linked;
    std::vector<RelationSuggestion> suggestions;
  };
  auto work = [&](unsigned worker) {
    for (auto page = next_page(); !page.empty(); page = next_page()) {
      std::vector<Relinked> batch;
      std::vector<Id> later;
      for (Id id : page) {
        auto story = store_.articles().find(id);
        if (!story) continue;  // deleted since the page was read
        const StoryText text{story->headline, story->dek, story->body};
        if (story->is_published()) discovery[worker].add_story(id, text);
        if (story->kind == ArticleKind::live || !story->photos.empty()) {
          later.push_back(id);
          continue;
        }
        Relinked r{*story, link_story(*story, store_.links().of_story(id), *graph), {}};
        if (story->is_published())
          r.suggestions = suggest_relations(*graph, text, &r.linked.enrichment);
        batch.push_back(std::move(r));
      }
      std::size_t linked = 0;
      const int added = store_.write([&](UnitOfWork& unit) {
        int n = 0;
        linked = 0;
        for (auto& r : batch) {
          const Id id = r.story.id;
          // A save since the read linked the story itself, over its own text.
          if (!unit.articles().replace_body_html(id, r.story.version, r.linked.draft.body_html))
            continue;
          for (auto& link : r.linked.enrichment.links) link.article_id = id;
          for (auto& quote : r.linked.enrichment.quotes) quote.article_id = id;
          unit.links().replace(id, r.linked.enrichment.links, r.linked.enrichment.quotes);
          if (r.story.is_published()) n += review::replace_suggestions(unit, id, r.suggestions);
          ++linked;
        }
        return n;
      });
      std::lock_guard lock(tally_lock);
      run.stories += linked;
      run.suggestions_added += added;
      one_by_one.insert(one_by_one.end(), later.begin(), later.end());
      read += page.size();
      if (progress) progress(read, std::max(total, read));
    }
  };

  run_workers(threads, work, [&] {
    std::lock_guard stop(cursor_lock);
    done = true;
  });

  for (Id id : one_by_one) {
    if (relink(id)) ++run.stories, ++run.one_by_one;
  }
  for (std::size_t t = 1; t < discovery.size(); ++t) discovery[0].merge(std::move(discovery[t]));
  run.proposals = review::record_proposals(store_, discovery[0]).pending.size();
  if (pages_) pages_->everything_changed();
  return run;
}

}  // namespace marquee::newsroom
