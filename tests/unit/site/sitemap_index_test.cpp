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
    config.base_url = "https://news.example.com";
    config.theme_dir = std::filesystem::path(MARQUEE_SOURCE_DIR) / "themes/default";
    knowledge = std::make_unique<newsroom::Knowledge>(*store);
    site = std::make_unique<Site>(config, *store, *knowledge);
  }
  void split_months_over(int stories) {
    config.sitemap_file_stories = stories;
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

  std::pair<int, std::string> get(const std::string& path) {
    site->drop_cached_pages();  // the stories were written to the store, not through the newsroom
    web::Request request;
    request.method = "GET";
    request.path = request.target = path;
    auto response = site->handle(request);
    return {response.status, std::string(response.payload())};
  }

  // The stories a story sitemap lists, by slug, newest first; empty when it answers 404.
  std::vector<std::string> listed_in(const std::string& file) {
    auto [status, body] = get("/sitemaps/" + file);
    std::vector<std::string> out;
    if (status == 404) return out;
    EXPECT_EQ(status, 200) << file;
    static const std::regex loc(
        R"(<loc>https://news\.example\.com/[a-z]+/\d{4}/\d\d/\d\d/([a-z0-9-]+)</loc>)");
    for (std::sregex_iterator it(body.begin(), body.end(), loc), end; it != end; ++it)
      out.push_back((*it)[1].str());
    return out;
  }

  // The index's story sitemaps with their lastmod, newest first.
  std::vector<std::string> months() {
    auto [status, body] = get("/sitemap.xml");
    EXPECT_EQ(status, 200);
    std::vector<std::string> out;
    static const std::regex entry(
        R"(<loc>https://news\.example\.com/sitemaps/(stories-[0-9-]+)\.xml</loc>\s*<lastmod>([^<]+)</lastmod>)");
    for (std::sregex_iterator it(body.begin(), body.end(), entry), end; it != end; ++it)
      out.push_back((*it)[1].str() + " " + (*it)[2].str());
    return out;
  }

  std::filesystem::path dir;
  SiteConfig config;
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

TEST_F(SitemapIndex, ABusyMonthIsListedInPartsOfWholeDays) {
  const long long july_1 = 1277985600;  // 2010-07-01 12:00 UTC, 8 a.m. Eastern
  auto day = [&](int d, int hour) { return utc(july_1 + (d - 1) * 86400LL + hour * 3600LL); };
  publish("third-a", day(3, 0));
  publish("third-b", day(3, 1));
  publish("fifth-a", day(5, 0));
  publish("fifth-b", day(5, 1));
  publish("twentieth", day(20, 0));
  publish("august", utc(july_1 + 40 * 86400LL));
  // Under the limit, a month is one file.
  EXPECT_EQ(months(), (std::vector<std::string>{"stories-2010-08 2010-08-10T12:00:00Z",
                                                "stories-2010-07 2010-07-20T12:00:00Z"}));
  split_months_over(3);
  // July's five stories: days 1-4 hold two, and day 5's two would make four, so a part starts
  // there and runs to the month's end (three). August's one story stays a month file. A part's
  // last change is the newest of the UTC days that touch its days: the 5th's touches the 4th.
  EXPECT_EQ(months(), (std::vector<std::string>{"stories-2010-08 2010-08-10T12:00:00Z",
                                                "stories-2010-07-05-31 2010-07-20T12:00:00Z",
                                                "stories-2010-07-01-04 2010-07-05T13:00:00Z"}));
  EXPECT_EQ(listed_in("stories-2010-07-01-04.xml"),
            (std::vector<std::string>{"third-b", "third-a"}));
  EXPECT_EQ(listed_in("stories-2010-07-05-31.xml"),
            (std::vector<std::string>{"twentieth", "fifth-b", "fifth-a"}));
  // The whole month and any range of its days still answer.
  EXPECT_EQ(listed_in("stories-2010-07.xml").size(), 5u);
  EXPECT_EQ(listed_in("stories-2010-07-04-05.xml"),
            (std::vector<std::string>{"fifth-b", "fifth-a"}));
  EXPECT_EQ(get("/sitemaps/stories-2010-07-06-19.xml").first, 404);  // no story on those days
  for (const char* bad :
       {"stories-2010-07-00-04.xml", "stories-2010-07-05-04.xml", "stories-2010-07-01-32.xml",
        "stories-2010-02-01-30.xml", "stories-2010-13-01-02.xml", "stories-2010-07-1-04.xml",
        "stories-2010-07-01-04.xmlx", "stories-2010-07-+1-04.xml"}) {
    EXPECT_EQ(get(std::string("/sitemaps/") + bad).first, 404) << bad;
  }
}

TEST_F(SitemapIndex, APartOnlyAStraddlingDayNamesIsNotListed) {
  publish("second", utc(1278072000));  // 2010-07-02 12:00 UTC
  // 2010-07-05 02:00 UTC is July 4, 22:00 Eastern: its UTC day touches July 4 and 5, and its
  // noon falls on the 5th, so the 5th is counted for these two stories of the 4th.
  publish("fourth-late", utc(1278295200));
  publish("fourth-late-2", utc(1278295260));
  publish("twentieth", utc(1279627200));  // 2010-07-20 12:00 UTC
  split_months_over(1);
  // The parts are days 1-4, 5 and 6-31; the 5th has no story of its own and is not listed.
  const auto listed = months();
  EXPECT_EQ(listed, (std::vector<std::string>{"stories-2010-07-06-31 2010-07-20T12:00:00Z",
                                              "stories-2010-07-01-04 2010-07-05T02:01:00Z"}));
  std::vector<std::string> stories;
  for (const auto& line : listed) {
    for (auto& slug : listed_in(line.substr(0, line.find(' ')) + ".xml")) stories.push_back(slug);
  }
  EXPECT_EQ(stories,
            (std::vector<std::string>{"twentieth", "fourth-late-2", "fourth-late", "second"}));
}

}  // namespace
}  // namespace marquee::site
