// Reader lists on a large store (MARQUEE_BENCH_DATA, made by `marquee bench-data`): each page
// rendered uncached through Site::handle as a request would go (the page cache is emptied before
// every request), with p50 and p99 over repeated requests: home, a section's first page and its
// page 5,000 (or its last page when it has fewer), an author's first and deep pages, the topic
// page of the entity with the most stories, a tag's first and deep pages, feeds and sitemaps.
// The reference, measured in the same run: the cached story page, a hit of the page cache.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/urls.h"
#include "latency.h"
#include "newsroom/newsroom.h"
#include "site/site.h"
#include "store/store.h"
#include "web/http.h"

namespace {

using namespace marquee;

constexpr int kDeepPage = 5000;  // the deep page: 100,000 stories in at 20 a page

struct Case {
  std::string label;
  std::string path;
  std::string query;  // without "?"
};

struct Fixture {
  std::unique_ptr<Store> store;
  std::unique_ptr<newsroom::Knowledge> knowledge;
  std::unique_ptr<site::Site> site;
  std::vector<Case> cases;
  std::string story_path;
};

web::Request get(const std::string& path, const std::string& query) {
  web::Request request;
  request.method = "GET";
  request.path = path;
  request.query_string = query;
  request.target = query.empty() ? path : path + "?" + query;
  return request;
}

// The id of the story that ends the page before page `page` of a list, or of the list's last
// page when it is shorter: where a reader following "Older stories" that far would be.
std::string cursor_at(Store& store, ArticleQuery q, int page_size, int page, int& reached) {
  q.limit = 1;
  q.offset = (page - 1) * page_size - 1;
  auto found = store.articles().list(q);
  if (found.empty()) {
    const int total = store.articles().count(q);
    q.offset = std::max(0, (total - 1) / page_size * page_size - 1);
    found = store.articles().list(q);
    reached = q.offset / page_size + 2;
  } else {
    reached = page;
  }
  return found.empty() ? "" : "after=" + std::to_string(found.front().id);
}

std::vector<Case> make_cases(Store& store, site::Site& site, int page_size) {
  std::vector<Case> cases = {{"home", "/", ""}, {"site feed (RSS)", "/feeds/rss.xml", ""}};
  ArticleQuery newest;
  newest.limit = 1;
  auto latest = store.articles().list(newest);
  if (latest.empty()) throw std::runtime_error("the store has no published story");
  const auto& story = latest.front();

  ArticleQuery in_section;
  in_section.section = story.section;
  int reached = 0;
  cases.push_back({"section, page 1", "/" + story.section, ""});
  std::string deep = cursor_at(store, in_section, page_size, kDeepPage, reached);
  cases.push_back({"section, page " + std::to_string(reached), "/" + story.section, deep});
  cases.push_back({"section feed", "/" + story.section + "/rss.xml", ""});

  if (!story.author_ids.empty()) {
    auto author = store.users().find(story.author_ids.front());
    ArticleQuery by;
    by.author_id = author->id;
    cases.push_back({"author, page 1", "/authors/" + author->slug, ""});
    deep = cursor_at(store, by, page_size, kDeepPage, reached);
    cases.push_back({"author, page " + std::to_string(reached), "/authors/" + author->slug, deep});
  }

  // The entity most stories are linked to.
  std::vector<Id> ids;
  for (const auto& entity : store.graph().entities()) ids.push_back(entity.id);
  auto counts = store.links().story_counts(ids);
  auto top = std::max_element(counts.begin(), counts.end(),
                              [](const auto& a, const auto& b) { return a.stories < b.stories; });
  if (top != counts.end()) {
    auto entity = store.graph().entity(top->entity_id);
    const std::string path = entity_path(*entity);
    cases.push_back({"topic of " + std::to_string(top->stories) + " stories, page 1", path, ""});
    ArticleQuery about;
    about.entity_id = entity->id;
    deep = cursor_at(store, about, page_size, kDeepPage, reached);
    cases.push_back({"topic, page " + std::to_string(reached), path, deep});
    cases.push_back({"topic feed", path + "/rss.xml", ""});
  }

  // The section names are tags on a third of the stories: the largest tag pages.
  ArticleQuery tagged;
  for (const auto& section : store.sections().all()) {
    if (section.slug == story.section) tagged.tag = section.name;
  }
  if (!tagged.tag) tagged.tag = story.section;
  const std::string tag_path = "/tags/" + web::percent_encode(*tagged.tag);
  cases.push_back({"tag, page 1", tag_path, ""});
  deep = cursor_at(store, tagged, page_size, kDeepPage, reached);
  cases.push_back({"tag, page " + std::to_string(reached), tag_path, deep});

  cases.push_back({"sitemap index", "/sitemap.xml", ""});
  // The newest story file, as the index names it first (a busy month's newest part), the
  // largest file it names, and that file's whole month in one file, as it was before months
  // were split.
  const std::string index(site.handle(get("/sitemap.xml", "")).payload());
  std::vector<std::string> files;
  for (auto at = index.find("/sitemaps/stories-"); at != std::string::npos;
       at = index.find("/sitemaps/stories-", at + 1)) {
    files.push_back(index.substr(at, index.find(".xml", at) + 4 - at));
  }
  auto urls_in = [&](const std::string& file) {
    const std::string body(site.handle(get(file, "")).payload());
    std::size_t urls = 0;
    for (auto at = body.find("<url>"); at != std::string::npos; at = body.find("<url>", at + 1))
      ++urls;
    return urls;
  };
  if (!files.empty()) {
    cases.push_back({"newest story sitemap (" + files.front().substr(10) + ")", files.front(), ""});
    std::string largest;
    std::size_t most = 0;
    for (const auto& file : files) {
      if (auto urls = urls_in(file); urls > most) most = urls, largest = file;
    }
    cases.push_back({"largest story sitemap (" + std::to_string(most) + " stories)", largest, ""});
    const std::string whole =
        largest.substr(0, std::string("/sitemaps/stories-2010-07").size()) + ".xml";
    cases.push_back({"its whole month as one file (" + std::to_string(urls_in(whole)) + " stories)",
                     whole, ""});
  }
  cases.push_back({"news sitemap", "/sitemaps/news.xml", ""});
  cases.push_back({"pages sitemap (topics, authors, sections)", "/sitemaps/pages.xml", ""});
  return cases;
}

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
    made.cases = make_cases(*made.store, *made.site, config.page_size);
    ArticleQuery latest;
    latest.limit = 1;
    made.story_path = made.site->story_path(made.store->articles().list(latest).front());
    return made;
  }();
  return f;
}

void BM_ListUncached(benchmark::State& state) {
  auto& f = fixture();
  const auto index = static_cast<std::size_t>(state.range(0));
  if (index >= f.cases.size()) {
    state.SkipWithError("no such case for this store");
    for (auto _ : state) {
    }
    return;
  }
  const Case& c = f.cases[index];
  state.SetLabel(c.label);
  std::vector<double> micros;
  for (auto _ : state) {
    state.PauseTiming();
    f.site->cache().clear();
    auto request = get(c.path, c.query);
    state.ResumeTiming();
    auto start = std::chrono::steady_clock::now();
    auto response = f.site->handle(request);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (response.status != 200) {
      state.SkipWithError(("status " + std::to_string(response.status) + " for " + c.path).c_str());
      break;
    }
  }
  bench::report_latency(state, micros);
}
// The lists, then the sitemaps (fewer rounds: an index over the whole archive is slow).
BENCHMARK(BM_ListUncached)->DenseRange(0, 11)->Unit(benchmark::kMicrosecond)->Iterations(50);
BENCHMARK(BM_ListUncached)->DenseRange(12, 17)->Unit(benchmark::kMicrosecond)->Iterations(5);

// The reference: the newest story's page from the page cache.
void BM_CachedStoryPage(benchmark::State& state) {
  auto& f = fixture();
  auto request = get(f.story_path, "");
  f.site->handle(request);
  std::vector<double> micros;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto response = f.site->handle(request);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    benchmark::DoNotOptimize(response);
  }
  bench::report_latency(state, micros);
}
BENCHMARK(BM_CachedStoryPage)->Unit(benchmark::kMicrosecond)->Iterations(2000);

}  // namespace

BENCHMARK_MAIN();
