// What the site knows beside its stories: the compiled knowledge graph (swapped whole when
// entities change) and the related-reading index (updated story by story). Shared by the
// public pages (readers) and the newsroom (writers).
#pragma once

#include <memory>
#include <mutex>

#include "enrich/enrich.h"
#include "store/store.h"

namespace marquee::site {

class Knowledge {
 public:
  // Compiles the graph and fills the related index from the store.
  explicit Knowledge(Store& store);

  GraphSnapshot graph() const;
  // Recompiles the graph after entities or relations changed.
  void reload_graph();

  RelatedIndex& related() { return related_; }
  const RelatedIndex& related() const { return related_; }

 private:
  Store& store_;
  mutable std::mutex mutex_;
  GraphSnapshot graph_;
  RelatedIndex related_;
};

}  // namespace marquee::site
