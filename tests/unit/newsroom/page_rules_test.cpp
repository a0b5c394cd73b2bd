// Where a page may live, against a real SQLite store: never over a section, one of the site's
// own routes, another page or a story; under a parent page only when it exists; and a page with
// pages under it is not moved out from over them.
#include "newsroom/page_rules.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace marquee::newsroom {
namespace {

namespace fs = std::filesystem;

class PageRules : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "marquee-pages-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(pattern.data()));
    dir = pattern;
    store = open_store(dir.string());
    store->sections().save({0, "movies", "Movies", 0});
    about = page("about", "About us");
    team = page("about/team", "Our team");
    Article story;
    story.slug = "tour-dates";
    story.headline = "Tour dates";
    story.section = "movies";
    store->articles().save(story, 0);
  }
  void TearDown() override {
    store.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  Article page(const std::string& path, const std::string& headline) {
    Article p;
    p.kind = ArticleKind::page;
    p.slug = path;
    p.headline = headline;
    return store->articles().save(p, 0);
  }

  fs::path dir;
  std::unique_ptr<Store> store;
  Article about, team;
};

TEST_F(PageRules, EachRefusalSaysWhy) {
  struct Case {
    std::string path;
    Id page_id;
    std::string reason_has;  // empty: allowed
  };
  const std::vector<Case> kCases = {
      {"contact", 0, ""},
      {"about/masthead", 0, ""},
      {"about/team/masthead", 0, ""},
      {"about", about.id, ""},  // saving a page where it is
      {"", 0, "needs a path"},
      {"About", 0, "lower-case"},
      {"a/b/c/d/e", 0, "levels deep"},
      {"admin", 0, "belongs to the site"},
      {"api/help", 0, "belongs to the site"},
      {"search", 0, "belongs to the site"},
      {"feed", 0, "belongs to the site"},
      {"feeds", 0, "belongs to the site"},
      {"media", 0, "belongs to the site"},
      {"static", 0, "belongs to the site"},
      {"people", 0, "belongs to the site"},
      {"films/eclipse", 0, "belongs to the site"},
      {"authors", 0, "belongs to the site"},
      {"movies", 0, "Movies section"},
      {"movies/guide", 0, "Movies section"},
      {"careers/jobs", 0, "no page at /careers"},
      {"about", 0, "already the page \"About us\""},
      {"about/team", 0, "already the page \"Our team\""},
      {"tour-dates", 0, "used by the story \"Tour dates\""},
      {"about-us", about.id, "pages under it (/about/team)"},
      {"about/team/deeper", team.id, "no page at /about/team"},
  };
  for (const auto& c : kCases) {
    auto refusal = page_path_refusal(*store, c.path, c.page_id);
    if (c.reason_has.empty()) {
      EXPECT_FALSE(refusal) << c.path << ": " << refusal.value_or("");
    } else {
      ASSERT_TRUE(refusal) << c.path;
      EXPECT_NE(refusal->find(c.reason_has), std::string::npos) << c.path << ": " << *refusal;
    }
  }
}

TEST_F(PageRules, ALeafPageMovesFreely) {
  EXPECT_FALSE(page_path_refusal(*store, "team", team.id));
  EXPECT_FALSE(page_path_refusal(*store, "about/people-here", team.id));
}

}  // namespace
}  // namespace marquee::newsroom
