// Synthetic content for benchmarks: many plausible stories spread over sections, authors and
// dates, so that page renders and queries run at a realistic scale.
#pragma once

#include <cstdint>
#include <string>

#include "store/store.h"

namespace marquee::cli {

struct BenchDataOptions {
  int stories = 1000;
  std::uint32_t seed = 42;
  // "realistic" (bench_corpus.h: a large vocabulary, a knowledge graph, links and quotes) or
  // "simple" (a 40-word vocabulary and 24 names, no links: the corpus of the first figures).
  std::string corpus = "realistic";
};

// Adds the sections and authors it needs, then the stories; returns how many it stored.
// Throws std::invalid_argument for an unknown corpus.
int make_bench_data(Store& store, const BenchDataOptions& options);

}  // namespace marquee::cli
