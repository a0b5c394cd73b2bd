// Reader search on a large store (MARQUEE_BENCH_DATA, made by `marquee bench-data`): the store's
// ranked query with snippets, and the whole /search page through Site::handle. Reports p50 and
// p99 latency over a mix of queries drawn from the store (common words, names of much and
// little covered entities, two-word queries, prefixes, filters, and text that would be syntax
// to FTS5), and each query of the mix alone.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "latency.h"
#include "site/site.h"
#include "store/store.h"

namespace {

using namespace marquee;

struct Case {
  std::string label;  // what kind of query it is, for the per-case table
  std::string text;
  std::string section;  // empty: all
  std::optional<Time> from, to;
};

// What readers type, drawn from the store itself so that the mix fits whichever corpus made it:
// very common words, words of the trade, two-word queries, the names of the most covered
// entities and of rarely covered ones, prefixes, filtered queries, a word found nowhere, and
// operator text that must be read as plain words.
std::vector<Case> make_cases(Store& store) {
  std::vector<Case> cases = {
      {"common word", "the", "", {}, {}},
      {"common word", "said", "", {}, {}},
      {"trade word", "premiere", "", {}, {}},
      {"trade word", "trailer", "", {}, {}},
      {"two words", "red carpet", "", {}, {}},
      {"two words", "festival trailer", "", {}, {}},
      {"prefix", "prem", "", {}, {}},
      {"no match", "zyxwvut", "", {}, {}},
      {"operators", "\"the cast\" AND NOT(", "", {}, {}},
      {"filtered: section", "album tour", "music", {}, {}},
      {"filtered: section", "the", "tv", {}, {}},
  };
  std::vector<Entity> entities = store.graph().entities();
  std::erase_if(entities, [](const Entity& e) { return e.kind != EntityKind::person; });
  std::vector<Id> ids;
  for (const auto& e : entities) ids.push_back(e.id);
  std::map<Id, int> stories;
  for (const auto& c : store.links().story_counts(ids)) stories[c.entity_id] = c.stories;
  std::erase_if(entities, [&](const Entity& e) { return stories[e.id] == 0; });
  std::sort(entities.begin(), entities.end(), [&](const Entity& a, const Entity& b) {
    return stories[a.id] != stories[b.id] ? stories[a.id] > stories[b.id] : a.id < b.id;
  });
  if (entities.empty()) return cases;
  auto name_case = [&](const char* label, const Entity& e) {
    cases.push_back({label, e.name, "", {}, {}});
  };
  for (std::size_t i = 0; i < std::min<std::size_t>(3, entities.size()); ++i)
    name_case("most covered name", entities[i]);
  name_case("name, median coverage", entities[entities.size() / 2]);
  for (std::size_t i = 0; i < std::min<std::size_t>(3, entities.size()); ++i)
    name_case("rarely covered name", entities[entities.size() - 1 - i]);
  const Entity& top = entities.front();
  cases.push_back({"prefix", top.name.substr(0, 4), "", {}, {}});
  cases.push_back({"name and a word", top.name + " premiere", "", {}, {}});
  cases.push_back({"filtered: section", top.name, "movies", {}, {}});
  // One year in the middle of the archive.
  const std::chrono::seconds year{365LL * 24 * 3600};
  auto newest = store.articles().list(ArticleQuery{.limit = 1});
  if (!newest.empty() && newest[0].publish_at) {
    const Time end = *newest[0].publish_at - 5 * year;
    cases.push_back({"filtered: dates", top.name, "", end - year, end});
    cases.push_back({"filtered: dates", "the", "", end - year, end});
  }
  return cases;
}

struct Fixture {
  std::unique_ptr<Store> store;
  std::unique_ptr<newsroom::Knowledge> knowledge;
  std::unique_ptr<site::Site> site;
  std::vector<Case> cases;
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
    made.cases = make_cases(*made.store);
    return made;
  }();
  return f;
}

// MARQUEE_SEARCH_WINDOW=N ranks N matches instead of the default window, to measure its cost.
SearchLimits limits() {
  SearchLimits limits;
  if (const char* window = std::getenv("MARQUEE_SEARCH_WINDOW")) {
    limits.window = std::max(1, std::atoi(window));
    limits.headline_window = std::max(1, limits.window / 5);
  }
  return limits;
}

SearchQuery query_of(const Case& c) {
  SearchQuery q;
  q.limits = limits();
  q.text = c.text;
  if (!c.section.empty()) q.section = c.section;
  q.from = c.from;
  q.to = c.to;
  return q;
}

void BM_StoreSearch(benchmark::State& state) {
  auto& f = fixture();
  std::vector<double> micros;
  std::size_t i = 0, hits = 0;
  for (auto _ : state) {
    const Case& c = f.cases[i++ % f.cases.size()];
    auto q = query_of(c);
    auto start = std::chrono::steady_clock::now();
    auto results = f.store->search().find(q);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    hits += results.hits.size();
  }
  bench::report_latency(state, micros);
  state.counters["hits_per_query"] =
      static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StoreSearch)->Unit(benchmark::kMicrosecond)->Iterations(200);

// One query of the mix, repeated: shows which kind of query costs what.
void BM_StoreSearchCase(benchmark::State& state) {
  auto& f = fixture();
  const auto index = static_cast<std::size_t>(state.range(0));
  if (index >= f.cases.size()) {
    state.SkipWithError("no such case in this store's mix");
    for (auto _ : state) {
    }
    return;
  }
  const Case& c = f.cases[index];
  state.SetLabel(c.label + ": " + c.text + (c.section.empty() ? "" : " in " + c.section) +
                 (c.from ? " (one year)" : ""));
  SearchResults found;
  for (auto _ : state) found = f.store->search().find(query_of(c));
  state.counters["total"] = found.total;
  state.counters["estimated"] = found.total_is_estimate ? 1 : 0;
}
BENCHMARK(BM_StoreSearchCase)->DenseRange(0, 22)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_SearchPage(benchmark::State& state) {
  auto& f = fixture();
  std::vector<double> micros;
  std::size_t i = 0;
  for (auto _ : state) {
    const Case& c = f.cases[i++ % f.cases.size()];
    web::Request request;
    request.method = "GET";
    request.path = "/search";
    request.query_string = "q=" + web::percent_encode(c.text);
    if (!c.section.empty()) request.query_string += "&section=" + c.section;
    auto start = std::chrono::steady_clock::now();
    auto response = f.site->handle(request);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (response.status != 200) state.SkipWithError("search page did not render");
  }
  bench::report_latency(state, micros);
}
BENCHMARK(BM_SearchPage)->Unit(benchmark::kMicrosecond)->Iterations(200);

}  // namespace

BENCHMARK_MAIN();
