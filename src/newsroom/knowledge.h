// What the site knows beside its stories: the compiled knowledge graph and the related-reading
// index. Both are swapped whole when reloaded (after a graph import, or when another process
// wrote to the store); between reloads the newsroom updates the index story by story. Shared by
// the public pages (readers) and the newsroom (writers).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "enrich/enrich.h"
#include "store/store.h"

namespace marquee::newsroom {

class Knowledge {
 public:
  enum class Related { from_store, empty };
  // Compiles the graph and fills the related index from the store. A command-line tool that
  // only writes stories passes Related::empty: servers rebuild their own index when they hear
  // of its writes, so reading every published link here would be wasted.
  explicit Knowledge(Store& store, Related related = Related::from_store);

  GraphSnapshot graph() const;
  std::shared_ptr<RelatedIndex> related() const;
  // A story's links in the related index, or the story out of it. While an index is being
  // built, each change is also kept and made again on the new index before it is used, so that
  // no save made meanwhile is lost.
  void put_related(Id article_id, Time published, const std::vector<ArticleEntity>& links);
  void remove_related(Id article_id);

  // Recompiles the graph after entities or relations changed.
  void reload_graph();
  // Recompiles the graph and rebuilds the related index from the store.
  void reload_all();

  // The related index built on a thread of its own, so that a server with a large archive
  // serves pages at once (without related reading until it is ready). ready() is called on
  // that thread once the new index is in use. Destroying the handle stops the build (the index
  // stays as it was) and waits for the thread. The Knowledge must outlive the handle.
  class Build {
   public:
    Build() = default;
    explicit Build(std::jthread thread) : thread_(std::move(thread)) {}

   private:
    std::jthread thread_;
  };
  [[nodiscard]] Build build_related_in_background(std::function<void()> ready);

 private:
  struct Change {
    Id article_id = 0;
    std::optional<Time> published;  // none: the story leaves the index
    std::vector<ArticleEntity> links;
  };
  // Reads every published story's links; null when stop ended it early.
  std::shared_ptr<RelatedIndex> build_related_index(std::stop_token stop);
  void rebuild_related(std::stop_token stop);

  Store& store_;
  mutable std::mutex mutex_;
  GraphSnapshot graph_;
  std::shared_ptr<RelatedIndex> related_;
  std::mutex build_mutex_;  // one build at a time (start-up's, and a reload another node asked)
  // Changes made while an index is being built (none when no build runs).
  std::optional<std::vector<Change>> changes_while_building_;
};

}  // namespace marquee::newsroom
