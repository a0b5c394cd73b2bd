// Enrichment benchmarks: compiling a 100,000-entity graph, linker throughput in MB/s over
// synthetic prose, enrichment of a typical 800-word story, and related-reading latency with
// 1,000,000 stories in the index (p50/p99 reported as counters).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "enrich/enrich.h"

namespace marquee {
namespace {

constexpr int kEntities = 100'000;

// Made-up names from syllables, so that names are distinct and look like names.
std::string word(std::mt19937& rng, int syllables) {
  static const char* const kParts[] = {"ka",  "lo",  "mi", "ren", "sa",  "tor", "vi",  "bel", "dan",
                                       "fi",  "gor", "ha", "jul", "ne",  "pra", "qui", "ru",  "ste",
                                       "wen", "xa",  "yo", "zel", "mar", "con", "lis", "tha"};
  std::uniform_int_distribution<int> pick(0, 25);
  std::string w;
  for (int i = 0; i < syllables; ++i) w += kParts[pick(rng)];
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

struct Synthetic {
  std::vector<Entity> entities;
  std::vector<Relation> relations;
  GraphSnapshot graph;
};

const Synthetic& synthetic() {
  static const Synthetic s = [] {
    Synthetic out;
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> syl(2, 3), kind(0, 8), other(1, kEntities);
    out.entities.reserve(kEntities);
    for (int i = 1; i <= kEntities; ++i) {
      Entity e;
      e.id = i;
      e.kind = static_cast<EntityKind>(kind(rng));
      std::string first = word(rng, syl(rng)), last = word(rng, syl(rng));
      e.name = e.kind == EntityKind::person ? first + " " + last : "The " + first + " " + last;
      e.slug = std::string("e").append(std::to_string(i));
      // Three aliases each: 300,000 aliases, 400,000 names in all.
      e.aliases = {first + " " + last + " " + word(rng, 1), word(rng, 3) + " " + last,
                   word(rng, 2) + word(rng, 2)};
      out.entities.push_back(std::move(e));
    }
    for (int i = 1; i <= kEntities; ++i)
      for (int k = 0; k < 3; ++k) out.relations.push_back({0, i, "acted_in", other(rng), {}});
    out.graph = KnowledgeGraph::compile(out.entities, out.relations);
    return out;
  }();
  return s;
}

// Prose with a known name every ~25 words, plus surnames and quotes.
std::string prose(std::size_t words, unsigned seed) {
  const auto& s = synthetic();
  std::mt19937 rng(seed);
  static const char* const kWords[] = {"the",   "film", "said",  "she",   "was",   "on",
                                       "tour",  "with", "a",     "band",  "and",   "new",
                                       "album", "in",   "2010",  "star",  "night", "stage",
                                       "crowd", "sang", "after", "their", "of"};
  std::uniform_int_distribution<int> w(0, 22), e(0, kEntities - 1), gap(0, 24);
  std::string out;
  for (std::size_t i = 0; i < words; ++i) {
    if (gap(rng) == 0) {
      out += s.entities[static_cast<std::size_t>(e(rng))].name;
    } else {
      out += kWords[w(rng)];
    }
    out += (i % 17 == 16) ? ". " : (i % 90 == 89) ? ".\n\n\"Quoted words here,\" she said. " : " ";
  }
  return out;
}

void BM_CompileGraph100k(benchmark::State& state) {
  const auto& s = synthetic();
  for (auto _ : state) {
    auto g = KnowledgeGraph::compile(s.entities, s.relations);
    benchmark::DoNotOptimize(g);
    state.counters["names"] = static_cast<double>(g->name_count());
  }
}
BENCHMARK(BM_CompileGraph100k)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_LinkerThroughput(benchmark::State& state) {
  const auto& g = *synthetic().graph;
  std::string body = prose(200'000, 1);  // about 1.2 MB
  EnrichOptions options;
  options.max_field_bytes = body.size();
  std::size_t mentions = 0;
  for (auto _ : state) {
    auto r = enrich_story(g, {{}, {}, body}, options);
    mentions = r.mentions.size();
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["mentions"] = static_cast<double>(mentions);
}
BENCHMARK(BM_LinkerThroughput)->Unit(benchmark::kMillisecond);

void BM_Enrich800WordStory(benchmark::State& state) {
  const auto& g = *synthetic().graph;
  std::string body = prose(800, 2);
  std::string headline = synthetic().entities[42].name + " Returns to the Stage";
  for (auto _ : state) {
    auto r = enrich_story(g, {headline, "A dek line about the tour.", body});
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_Enrich800WordStory)->Unit(benchmark::kMicrosecond);

void BM_Related1M(benchmark::State& state) {
  constexpr int kStories = 1'000'000;
  static double load_seconds = 0;
  static RelatedIndex* index = [] {
    static RelatedIndex idx;
    std::mt19937 rng(3);
    // Entity popularity is skewed: a few entities appear in many stories.
    std::exponential_distribution<double> popular(1.0 / 3000.0);
    std::uniform_real_distribution<double> sal(0.2, 1.0);
    const Time start = Time{} + std::chrono::days(14000);
    std::vector<RelatedIndex::Entry> entries(kStories);
    for (int i = 1; i <= kStories; ++i) {
      auto& e = entries[static_cast<std::size_t>(kStories - i)];  // newest first
      e.article_id = i;
      // Ten years of stories.
      e.published = start + std::chrono::seconds(static_cast<std::int64_t>(i) * 315);
      e.links.resize(5);
      for (auto& l : e.links) {
        l.entity_id = 1 + static_cast<Id>(std::min<double>(kEntities - 1, popular(rng)));
        l.salience = sal(rng);
        l.state = LinkState::confirmed;
      }
    }
    auto t0 = std::chrono::steady_clock::now();
    idx.put_all(entries);
    load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return &idx;
  }();
  std::mt19937 rng(9);
  std::uniform_int_distribution<Id> story(1, kStories);
  // Wall time includes being descheduled on a busy machine; thread CPU time does not.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
  };
  std::vector<double> wall, cpu;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu_now();
    auto r = index->related(story(rng));
    double c1 = cpu_now();
    auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(r);
    wall.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    cpu.push_back(c1 - c0);
  }
  auto at = [](std::vector<double>& v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  state.counters["p50_us"] = at(wall, 0.50);
  state.counters["p99_us"] = at(wall, 0.99);
  state.counters["p50_cpu_us"] = at(cpu, 0.50);
  state.counters["p99_cpu_us"] = at(cpu, 0.99);
  state.counters["stories"] = static_cast<double>(index->size());
  state.counters["bulk_load_s"] = load_seconds;
}
BENCHMARK(BM_Related1M)->Unit(benchmark::kMicrosecond)->Iterations(5000);

}  // namespace
}  // namespace marquee

BENCHMARK_MAIN();
