// Knowledge: see knowledge.h.
#include "newsroom/knowledge.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

namespace marquee::newsroom {

Knowledge::Knowledge(Store& store, Related related) : store_(store) {
  if (related == Related::from_store) {
    reload_all();
  } else {
    reload_graph();
    related_ = std::make_shared<RelatedIndex>();
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

std::shared_ptr<RelatedIndex> Knowledge::build_related_index() {
  auto index = std::make_shared<RelatedIndex>();
  // The links come by story: each story goes in when the next one begins.
  std::vector<ArticleEntity> links;
  Time published{};
  store_.links().each_published([&](const ArticleEntity& link, Time at) {
    if (!links.empty() && links.front().article_id != link.article_id) {
      index->put(links.front().article_id, published, links);
      links.clear();
    }
    links.push_back(link);
    published = at;
  });
  if (!links.empty()) index->put(links.front().article_id, published, links);
  return index;
}

void Knowledge::reload_all() {
  auto started = std::chrono::steady_clock::now();
  reload_graph();
  auto index = build_related_index();
  {
    std::lock_guard lock(mutex_);
    related_ = std::move(index);
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  spdlog::info("knowledge graph: {} entities, {} relations; related index: {} stories ({} ms)",
               graph()->entity_count(), graph()->relation_count(), related()->size(), ms);
}

}  // namespace marquee::newsroom
