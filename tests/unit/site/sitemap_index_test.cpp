// The sitemap index's months in the site's zone (US Eastern by default), from the published
// archive's UTC days: a day that straddles two months names a month only when that month has
// stories of its own.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>

#include "newsroom/knowledge.h"
#include "site/site.h"
#include "store/store.h"

namespace marquee::site {
namespace {

Time utc(long long seconds) {
  return Time{std::chrono::seconds(seconds)};
}

class SitemapIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "marquee-sitemaps-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
    store = open_store(dir.string());
    store->sections().save({0, "movies", "Movies", 1});
    SiteConfig config;
    config.base_url = "https://news.example.com";
    config.theme_dir = std::filesystem::path(MARQUEE_SOURCE_DIR) / "themes/default";
    knowledge = std::make_unique<newsroom::Knowledge>(*store);
    site = std::make_unique<Site>(config, *store, *knowledge);
  }
  void TearDown() override {
    site.reset();
    knowledge.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  void publish(const std::string& slug, Time at) {
    Article a;
    a.slug = slug;
    a.headline = slug;
    a.section = "movies";
    a.body = "Text.\n";
    a.status = ArticleStatus::published;
    a.publish_at = at;
    store->articles().save(a, 0, at);
  }

  // The index's story sitemaps with their lastmod, newest first.
  std::vector<std::string> months() {
    site->drop_cached_pages();  // the stories were written to the store, not through the newsroom
    web::Request request;
    request.method = "GET";
    request.path = request.target = "/sitemap.xml";
    auto response = site->handle(request);
    EXPECT_EQ(response.status, 200);
    const std::string body(response.payload());
    std::vector<std::string> out;
    static const std::regex entry(
        R"(<loc>https://news\.example\.com/sitemaps/(stories-[0-9-]+)\.xml</loc>\s*<lastmod>([^<]+)</lastmod>)");
    for (std::sregex_iterator it(body.begin(), body.end(), entry), end; it != end; ++it)
      out.push_back((*it)[1].str() + " " + (*it)[2].str());
    return out;
  }

  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<newsroom::Knowledge> knowledge;
  std::unique_ptr<Site> site;
};

TEST_F(SitemapIndex, MonthsAreTheSiteZonesAndStraddlingDaysNameNoEmptyMonth) {
  publish("mid-july", utc(1279195200));    // 2010-07-15 12:00 UTC
  publish("july-night", utc(1280628000));  // 2010-08-01 02:00 UTC: July 31, 22:00 Eastern
  publish("august-end", utc(1283310000));  // 2010-09-01 03:00 UTC: August 31, 23:00 Eastern
  // The UTC days of the last two straddle July/August and August/September in Eastern time;
  // September has no story of its own and is not listed.
  EXPECT_EQ(months(), (std::vector<std::string>{"stories-2010-08 2010-09-01T03:00:00Z",
                                                "stories-2010-07 2010-08-01T02:00:00Z"}));
  publish("september", utc(1283400000));  // 2010-09-02 04:00 UTC
  auto listed = months();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0], "stories-2010-09 2010-09-02T04:00:00Z");
}

}  // namespace
}  // namespace marquee::site
