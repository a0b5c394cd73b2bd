// Cost of compressing a cached page: gzip level 9 and brotli at several qualities on a synthetic
// story page of about 100 KB, to choose the brotli quality that web/compress.cpp uses.
#include <benchmark/benchmark.h>
#include <brotli/encode.h>

#include <random>
#include <string>

#include "web/http.h"

namespace {

// An HTML page with navigation, repeated markup and varied prose, about `size` bytes.
std::string story_page(std::size_t size) {
  static const char* kWords[] = {
      "premiere", "studio", "director", "sequel",  "trailer", "festival", "album",   "tour",
      "casting",  "box",    "office",   "weekend", "critics", "season",   "episode", "finale",
      "band",     "single", "chart",    "award",   "red",     "carpet",   "the",     "a",
      "of",       "and",    "in",       "with",    "to",      "for",      "said",    "new"};
  std::mt19937 rng(2010);
  std::uniform_int_distribution<std::size_t> word(0, std::size(kWords) - 1);
  std::string page =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story</title>"
      "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><header><nav>";
  for (int i = 0; i < 12; ++i)
    page += "<a class=\"nav-link\" href=\"/section/" + std::to_string(i) + "\">Section</a>";
  page += "</nav></header><main><article>";
  while (page.size() < size) {
    page += "<p>";
    for (int w = 0; w < 60; ++w) {
      page += kWords[word(rng)];
      page += ' ';
    }
    page += "<a href=\"/people/" + std::to_string(rng() % 500) + "\">Name</a>.</p>\n";
  }
  page += "</article></main></body></html>";
  return page;
}

const std::string& page() {
  static const std::string p = story_page(100 * 1024);
  return p;
}

void BM_Gzip(benchmark::State& state) {
  std::size_t out = 0;
  for (auto _ : state) out = marquee::web::gzip_compress(page()).size();
  state.counters["ratio"] = static_cast<double>(out) / static_cast<double>(page().size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page().size()));
}
BENCHMARK(BM_Gzip)->Unit(benchmark::kMillisecond);

void BM_BrotliAsShipped(benchmark::State& state) {
  std::size_t out = 0;
  for (auto _ : state) out = marquee::web::brotli_compress(page()).size();
  state.counters["ratio"] = static_cast<double>(out) / static_cast<double>(page().size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page().size()));
}
BENCHMARK(BM_BrotliAsShipped)->Unit(benchmark::kMillisecond);

void BM_BrotliQuality(benchmark::State& state) {
  const int quality = static_cast<int>(state.range(0));
  std::string out(BrotliEncoderMaxCompressedSize(page().size()), '\0');
  std::size_t size = 0;
  for (auto _ : state) {
    size = out.size();
    BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, page().size(),
                          reinterpret_cast<const std::uint8_t*>(page().data()), &size,
                          reinterpret_cast<std::uint8_t*>(out.data()));
  }
  state.counters["ratio"] = static_cast<double>(size) / static_cast<double>(page().size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page().size()));
}
BENCHMARK(BM_BrotliQuality)->Arg(5)->Arg(9)->Arg(10)->Arg(11)->Unit(benchmark::kMillisecond);

void BM_NegotiateCoding(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(marquee::web::negotiate_coding("gzip, deflate, br, zstd"));
  }
}
BENCHMARK(BM_NegotiateCoding);

}  // namespace

BENCHMARK_MAIN();
