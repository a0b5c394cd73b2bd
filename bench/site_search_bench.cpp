// Reader search on a large store (MARQUEE_BENCH_DATA, made by `marquee bench-data`): the store's
// ranked query with snippets, and the whole /search page through Site::handle. Reports p50 and
// p99 latency over a fixed mix of queries (common and rare words, names, prefixes, filters, and
// text that would be syntax to FTS5).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>

#include "site/site.h"
#include "store/store.h"

namespace {

using namespace marquee;

struct Fixture {
  std::unique_ptr<Store> store;
  std::unique_ptr<newsroom::Knowledge> knowledge;
  std::unique_ptr<site::Site> site;
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
    return made;
  }();
  return f;
}

struct Case {
  const char* text;
  const char* section;  // empty: all
};

// What readers type: a very common word (the worst case: nearly every story matches), names and
// titles from the synthetic vocabulary, two-word queries, a prefix, nothing found, a section
// filter, and operator text that must be read as plain words.
constexpr Case kCases[] = {
    {"the", ""},
    {"premiere", ""},
    {"Ava Marlowe", ""},
    {"Midnight Harbor", ""},
    {"festival trailer", ""},
    {"sequ", ""},
    {"zyxwvut", ""},
    {"album tour", "music"},
    {"\"the cast\" AND NOT(", ""},
    {"Neon Tide premiere", ""},
};

void report(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) {
    return micros[std::min(micros.size() - 1, static_cast<std::size_t>(q * micros.size()))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
}

void BM_StoreSearch(benchmark::State& state) {
  auto& f = fixture();
  std::vector<double> micros;
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    const Case& c = kCases[i++ % std::size(kCases)];
    SearchQuery q;
    q.text = c.text;
    if (*c.section) q.section = c.section;
    auto start = std::chrono::steady_clock::now();
    auto results = f.store->search().find(q);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    hits += results.hits.size();
  }
  report(state, micros);
  state.counters["hits_per_query"] =
      static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StoreSearch)->Unit(benchmark::kMicrosecond)->Iterations(50);

// One query of the mix, repeated: shows which kind of query costs what.
void BM_StoreSearchCase(benchmark::State& state) {
  auto& f = fixture();
  const Case& c = kCases[static_cast<std::size_t>(state.range(0))];
  state.SetLabel(std::string(c.text) +
                 (*c.section ? std::string(" in ") + c.section : std::string()));
  int total = 0;
  for (auto _ : state) {
    SearchQuery q;
    q.text = c.text;
    if (*c.section) q.section = c.section;
    total = f.store->search().find(q).total;
  }
  state.counters["matches"] = total;
}
BENCHMARK(BM_StoreSearchCase)
    ->DenseRange(0, std::size(kCases) - 1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

void BM_SearchPage(benchmark::State& state) {
  auto& f = fixture();
  std::vector<double> micros;
  std::size_t i = 0;
  for (auto _ : state) {
    const Case& c = kCases[i++ % std::size(kCases)];
    web::Request request;
    request.method = "GET";
    request.path = "/search";
    request.query_string = "q=" + web::percent_encode(c.text);
    if (*c.section) {
      request.query_string += "&section=";
      request.query_string += c.section;
    }
    auto start = std::chrono::steady_clock::now();
    auto response = f.site->handle(request);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (response.status != 200) state.SkipWithError("search page did not render");
  }
  report(state, micros);
}
BENCHMARK(BM_SearchPage)->Unit(benchmark::kMicrosecond)->Iterations(50);

}  // namespace

BENCHMARK_MAIN();
