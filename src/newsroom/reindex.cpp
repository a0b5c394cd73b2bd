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
namespace {

// Whether replacing the stored links with the linker's (LinkRepository::replace) would leave
// them as they are: every undecided automatic link found again with the same figures, and every
// found link stored with them (an editor's decision keeps its state but takes the figures).
bool same_links(const std::vector<ArticleEntity>& stored, const std::vector<ArticleEntity>& found) {
  std::size_t undecided = 0;
  for (const auto& link : stored) {
    if (link.source == LinkSource::automatic && link.state == LinkState::suggested) ++undecided;
  }
  std::size_t undecided_found = 0;
  for (const auto& link : found) {
    auto same = std::find_if(stored.begin(), stored.end(),
                             [&](const ArticleEntity& s) { return s.entity_id == link.entity_id; });
    if (same == stored.end() || same->mentions != link.mentions ||
        same->salience != link.salience || same->confidence != link.confidence ||
        same->first_offset != link.first_offset) {
      return false;
    }
    if (same->source == LinkSource::automatic && same->state == LinkState::suggested)
      ++undecided_found;
  }
  return undecided_found == undecided;
}

bool same_quotes(const std::vector<Quote>& stored, const std::vector<Quote>& found) {
  return std::equal(stored.begin(), stored.end(), found.begin(), found.end(),
                    [](const Quote& a, const Quote& b) {
                      return a.speaker_id == b.speaker_id && a.text == b.text &&
                             a.position == b.position && a.confidence == b.confidence;
                    });
}

}  // namespace

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

  struct Tally {
    std::size_t linked = 0, rendered = 0, links_written = 0;
  };
  std::mutex tally_lock;
  ReindexRun run;
  std::size_t read = 0;
  std::vector<Id> one_by_one;  // galleries (their photos' people) and live stories (entries)

  struct Relinked {
    Article story;
    Linked linked;
    std::vector<RelationSuggestion> suggestions;
    bool links_changed = true;
  };
  const BodyRender render = options.render_all ? BodyRender::always : BodyRender::when_changed;
  auto work = [&](unsigned worker) {
    for (auto page = next_page(); !page.empty(); page = next_page()) {
      std::vector<Relinked> batch;
      std::vector<Id> later;
      for (Id id : page) {
        auto story = store_.articles().find(id);
        if (!story) continue;  // deleted since the page was read
        const StoryText text{story->headline, story->dek, story->body};
        if (story->kind == ArticleKind::live || !story->photos.empty()) {
          if (story->is_published()) discovery[worker].add_story(id, text);
          later.push_back(id);
          continue;
        }
        const auto stored_links = store_.links().of_story(id);
        Relinked r{*story, link_story(*story, stored_links, *graph, render), {}};
        r.links_changed =
            !same_links(stored_links, r.linked.enrichment.links) ||
            !same_quotes(store_.links().quotes_of_story(id), r.linked.enrichment.quotes);
        if (story->is_published()) {
          // Both read the tokens the linker split the text into.
          discovery[worker].add_story(id, text, &r.linked.enrichment);
          r.suggestions = suggest_relations(*graph, text, &r.linked.enrichment);
        }
        batch.push_back(std::move(r));
      }
      Tally page_tally;
      const int added = store_.write([&](UnitOfWork& unit) {
        int n = 0;
        page_tally = {};
        for (auto& r : batch) {
          const Id id = r.story.id;
          const Article& draft = r.linked.draft;
          // A save since the read linked the story itself, over its own text. A body that stays
          // as it was is not written again (nor are links and quotes that stay).
          const bool current = r.linked.body_rendered
                                   ? unit.articles().replace_body_html(
                                         id, r.story.version, draft.body_html, draft.body_html_key)
                                   : unit.articles().at_version(id, r.story.version);
          if (!current) continue;
          if (r.links_changed) {
            for (auto& link : r.linked.enrichment.links) link.article_id = id;
            for (auto& quote : r.linked.enrichment.quotes) quote.article_id = id;
            unit.links().replace(id, r.linked.enrichment.links, r.linked.enrichment.quotes);
          }
          if (r.story.is_published()) n += review::replace_suggestions(unit, id, r.suggestions);
          ++page_tally.linked;
          if (r.linked.body_rendered) ++page_tally.rendered;
          if (r.links_changed) ++page_tally.links_written;
        }
        return n;
      });
      std::lock_guard lock(tally_lock);
      run.stories += page_tally.linked;
      run.bodies_rendered += page_tally.rendered;
      run.links_written += page_tally.links_written;
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
