// Story-page rendering on a large store (MARQUEE_BENCH_DATA, made by `marquee bench-data`):
// the first, uncached render, and a cached hit, both through Site::handle as a request would go;
// and the newsroom's save (enrich, render, one unit of work) on the same store.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <memory>

#include "newsroom/newsroom.h"
#include "site/site.h"
#include "store/store.h"

namespace {

using namespace marquee;

struct Fixture {
  std::unique_ptr<Store> store;
  std::unique_ptr<newsroom::Knowledge> knowledge;
  std::unique_ptr<site::Site> site;
  std::vector<std::string> paths;
};

Fixture& fixture() {
  static Fixture f = [] {
    Fixture made;
    const char* data = std::getenv("MARQUEE_BENCH_DATA");
    if (!data)
      throw std::runtime_error("set MARQUEE_BENCH_DATA to a folder made by marquee bench-data");
    made.store = open_store(data);
    site::SiteConfig config;
    config.theme_dir = std::string(MARQUEE_SOURCE_DIR) + "/themes/default";
    config.resources_dir = MARQUEE_SOURCE_DIR;
    made.knowledge = std::make_unique<newsroom::Knowledge>(*made.store);
    made.site = std::make_unique<site::Site>(config, *made.store, *made.knowledge);
    ArticleQuery latest;
    latest.limit = 200;
    for (const auto& story : made.store->articles().list(latest))
      made.paths.push_back(made.site->story_path(story));
    return made;
  }();
  return f;
}

web::Request get(const std::string& path) {
  web::Request request;
  request.method = "GET";
  request.target = path;
  request.path = path;
  return request;
}

void BM_StoryFirstRender(benchmark::State& state) {
  auto& f = fixture();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    f.site->cache().clear();
    auto request = get(f.paths[i++ % f.paths.size()]);
    state.ResumeTiming();
    auto response = f.site->handle(request);
    if (response.status != 200) state.SkipWithError("story page did not render");
    bytes += response.payload().size();
  }
  state.counters["page_bytes"] =
      static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StoryFirstRender)->Unit(benchmark::kMicrosecond);

void BM_StoryCachedHit(benchmark::State& state) {
  auto& f = fixture();
  auto request = get(f.paths.front());
  f.site->handle(request);
  for (auto _ : state) {
    auto response = f.site->handle(request);
    benchmark::DoNotOptimize(response);
  }
}
BENCHMARK(BM_StoryCachedHit)->Unit(benchmark::kMicrosecond);

// One story saved as the newsroom saves it: enrichment, rendering, and the write of the story,
// its revision, links, quotes and change notice. Drafts in a section of their own, so the pages
// the other benchmarks read do not change.
void BM_NewsroomSave(benchmark::State& state) {
  auto& f = fixture();
  newsroom::Newsroom newsroom(*f.store, *f.knowledge, f.site.get());
  const std::string run =
      std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  std::size_t i = 0;
  for (auto _ : state) {
    Article story;
    story.slug = "bench-write-" + run + "-" + std::to_string(i++);
    story.headline = "Kristen Stewart and Dakota Fanning talk about The Runaways";
    story.section = "bench-writes";
    story.body =
        "Kristen Stewart plays Joan Jett in The Runaways. \"It was loud,\" Stewart said.\n\n"
        "Dakota Fanning, who plays Cherie Currie, joined her at the premiere.";
    benchmark::DoNotOptimize(newsroom.save(newsroom::Actor::system(), story));
  }
  state.counters["writes_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NewsroomSave)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
