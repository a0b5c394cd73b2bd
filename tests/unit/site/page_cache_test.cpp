#include "site/page_cache.h"

#include <gtest/gtest.h>

#include "web/http.h"

namespace marquee::site {
namespace {

CachedPage page(std::string body, std::vector<std::string> tags) {
  CachedPage p;
  p.identity = std::make_shared<const std::string>(std::move(body));
  p.tags = std::move(tags);
  return p;
}

TEST(PageCache, StoresAndServesWithAStrongEtag) {
  PageCache cache(1 << 20);
  EXPECT_EQ(cache.get("/a"), nullptr);
  auto stored = cache.put("/a", page("<p>hello</p>", {"home"}), cache.generation());
  auto hit = cache.get("/a");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit->identity, "<p>hello</p>");
  EXPECT_EQ(hit->etag, stored->etag);
  EXPECT_EQ(hit->etag.size(), 34u);
  EXPECT_EQ(hit->etag.front(), '"');
  EXPECT_EQ(PageCache::etag_of("<p>hello</p>"), hit->etag);
  EXPECT_NE(PageCache::etag_of("<p>hello!</p>"), hit->etag);
}

TEST(PageCache, InvalidationDropsExactlyTheTaggedPages) {
  PageCache cache(1 << 20);
  cache.put("/story", page("s", {"article:1", "entity:5"}), cache.generation());
  cache.put("/people/x", page("p", {"entity:5"}), cache.generation());
  cache.put("/movies", page("m", {"section:movies"}), cache.generation());
  cache.invalidate({"entity:5"});
  EXPECT_EQ(cache.get("/story"), nullptr);
  EXPECT_EQ(cache.get("/people/x"), nullptr);
  EXPECT_NE(cache.get("/movies"), nullptr);
  cache.invalidate({"nothing-has-this"});
  EXPECT_NE(cache.get("/movies"), nullptr);
  cache.clear();
  EXPECT_EQ(cache.get("/movies"), nullptr);
}

TEST(PageCache, APageRenderedBeforeAnInvalidationIsNotKept) {
  PageCache cache(1 << 20);
  auto generation = cache.generation();  // a render starts reading the store...
  cache.invalidate({"article:1"});       // ...a write lands meanwhile...
  auto served = cache.put("/story", page("stale", {"article:1"}), generation);
  EXPECT_EQ(*served->identity, "stale");    // the render is still answered once
  EXPECT_EQ(cache.get("/story"), nullptr);  // but never kept
}

TEST(PageCache, StaysWithinItsBudget) {
  PageCache cache(64 * 1024, false);
  for (int i = 0; i < 100; ++i) {
    cache.put("/p" + std::to_string(i), page(std::string(4096, 'x'), {"t"}), cache.generation());
  }
  auto stats = cache.stats();
  EXPECT_LE(stats.bytes, 64u * 1024);
  EXPECT_GT(stats.entries, 5u);
  EXPECT_NE(cache.get("/p99"), nullptr);  // the newest survive
  EXPECT_EQ(cache.get("/p0"), nullptr);   // the oldest went first
}

TEST(PageCache, CompressedVariantsFollowAndMatch) {
  PageCache cache(1 << 20);
  std::string html;
  for (int i = 0; i < 200; ++i) html += "<p>Kristen Stewart plays Joan Jett.</p>\n";
  cache.put("/story", page(html, {"article:1"}), cache.generation());
  cache.wait_for_compression();
  auto hit = cache.get("/story");
  ASSERT_NE(hit, nullptr);
  ASSERT_NE(hit->gzip, nullptr);
  ASSERT_NE(hit->brotli, nullptr);
  EXPECT_LT(hit->gzip->size(), html.size() / 4);
  EXPECT_LT(hit->brotli->size(), hit->gzip->size());
  EXPECT_EQ(web::gzip_decompress(*hit->gzip), html);
}

TEST(PageCache, ConcurrentReadersAndWriters) {
  PageCache cache(1 << 20);
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        if (auto hit = cache.get("/p1")) {
          EXPECT_FALSE(hit->identity->empty());
        }
      }
    });
  }
  for (int i = 0; i < 2000; ++i) {
    // Built with append: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
    std::string key = std::string("/p").append(std::to_string(i % 10));
    std::string body = std::string("body ").append(std::to_string(i));
    std::string tag = std::string("t").append(std::to_string(i % 3));
    cache.put(key, page(body, {tag}), cache.generation());
    if (i % 7 == 0) cache.invalidate({"t1"});
  }
  stop = true;
  for (auto& r : readers) r.join();
  SUCCEED();
}

}  // namespace
}  // namespace marquee::site
