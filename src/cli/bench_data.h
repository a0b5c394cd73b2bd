// Synthetic content for benchmarks: many plausible stories spread over sections, authors and
// dates, so that page renders and queries run at a realistic scale.
#pragma once

#include <cstdint>

#include "store/store.h"

namespace marquee::cli {

struct BenchDataOptions {
  int stories = 1000;
  std::uint32_t seed = 42;
};

// Adds the sections and authors it needs, then the stories; returns how many it stored.
int make_bench_data(Store& store, const BenchDataOptions& options);

}  // namespace marquee::cli
