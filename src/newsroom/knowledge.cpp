// Knowledge: see knowledge.h.
#include "newsroom/knowledge.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

namespace marquee::newsroom {

Knowledge::Knowledge(Store& store, Related related)
    : store_(store), related_(std::make_shared<RelatedIndex>()) {
  if (related == Related::from_store) {
    reload_all();
  } else {
    reload_graph();
  }
}

GraphSnapshot Knowledge::graph() const {
  std::lock_guard lock(mutex_);
  return graph_;
}

std::shared_ptr<RelatedIndex> Knowledge::related() const {
  std::lock_guard lock(mutex_);
  return related_;
}

void Knowledge::reload_graph() {
  auto compiled = KnowledgeGraph::compile(store_.graph().entities(), store_.graph().relations());
  std::lock_guard lock(mutex_);
  graph_ = std::move(compiled);
}

void Knowledge::put_related(Id article_id, Time published,
                            const std::vector<ArticleEntity>& links) {
  std::lock_guard lock(mutex_);
  related_->put(article_id, published, links);
  if (changes_while_building_) changes_while_building_->push_back({article_id, published, links});
}

void Knowledge::remove_related(Id article_id) {
  std::lock_guard lock(mutex_);
  related_->remove(article_id);
  if (changes_while_building_) changes_while_building_->push_back({article_id, std::nullopt, {}});
}

namespace {
struct BuildStopped {};
}  // namespace

std::shared_ptr<RelatedIndex> Knowledge::build_related_index(std::stop_token stop) {
  auto index = std::make_shared<RelatedIndex>();
  // The links come by story: each story goes in when the next one begins.
  std::vector<ArticleEntity> links;
  Time published{};
  std::size_t read = 0;
  try {
    store_.links().each_published([&](const ArticleEntity& link, Time at) {
      if (++read % 4096 == 0 && stop.stop_requested()) throw BuildStopped{};
      if (!links.empty() && links.front().article_id != link.article_id) {
        index->put(links.front().article_id, published, links);
        links.clear();
      }
      links.push_back(link);
      published = at;
    });
  } catch (const BuildStopped&) {
    return nullptr;
  }
  if (!links.empty()) index->put(links.front().article_id, published, links);
  return index;
}

void Knowledge::rebuild_related(std::stop_token stop) {
  std::lock_guard one_build(build_mutex_);
  {
    std::lock_guard lock(mutex_);
    changes_while_building_.emplace();
  }
  std::shared_ptr<RelatedIndex> index;
  try {
    index = build_related_index(stop);
  } catch (...) {
    std::lock_guard lock(mutex_);
    changes_while_building_.reset();
    throw;
  }
  std::lock_guard lock(mutex_);
  if (index) {
    // Saves made while the links were read, in the order they were made, then the swap.
    for (const Change& c : *changes_while_building_) {
      if (c.published)
        index->put(c.article_id, *c.published, c.links);
      else
        index->remove(c.article_id);
    }
    related_ = std::move(index);
  }
  changes_while_building_.reset();
}

void Knowledge::reload_all() {
  auto started = std::chrono::steady_clock::now();
  reload_graph();
  rebuild_related({});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  spdlog::info("knowledge graph: {} entities, {} relations; related index: {} stories ({} ms)",
               graph()->entity_count(), graph()->relation_count(), related()->size(), ms);
}

Knowledge::Build Knowledge::build_related_in_background(std::function<void()> ready) {
  return Build(std::jthread([this, ready = std::move(ready)](std::stop_token stop) {
    auto started = std::chrono::steady_clock::now();
    try {
      rebuild_related(stop);
    } catch (const std::exception& e) {
      spdlog::error("related index: {}", e.what());
      return;
    }
    if (stop.stop_requested()) return;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    spdlog::info("related index: {} stories ({} ms, built while serving)", related()->size(), ms);
    if (ready) ready();
  }));
}

}  // namespace marquee::newsroom
