// What the site knows beside its stories: the compiled knowledge graph and the related-reading
// index. Both are swapped whole when reloaded (after a graph import, or when another process
// wrote to the store); between reloads the newsroom updates the index story by story. Shared by
// the public pages (readers) and the newsroom (writers).
#pragma once

#include <memory>
#include <mutex>

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

  // Recompiles the graph after entities or relations changed.
  void reload_graph();
  // Recompiles the graph and rebuilds the related index from the store.
  void reload_all();

 private:
  std::shared_ptr<RelatedIndex> build_related_index();

  Store& store_;
  mutable std::mutex mutex_;
  GraphSnapshot graph_;
  std::shared_ptr<RelatedIndex> related_;
};

}  // namespace marquee::newsroom
