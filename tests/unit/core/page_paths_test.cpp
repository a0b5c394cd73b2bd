// The syntax of a page's path: what is normalised, what is refused and why, and the parent,
// leaf and ancestry of nested paths.
#include "core/page_paths.h"

#include <gtest/gtest.h>

namespace marquee {
namespace {

TEST(PagePaths, SlashesAroundAPathAreDroppedAndNothingElse) {
  const std::pair<const char*, const char*> kCases[] = {
      {"/about/", "about"},
      {"about", "about"},
      {"//about/team//", "about/team"},
      {"/About", "About"},  // refused below, never guessed at
      {"/", ""},
      {"", ""},
  };
  for (const auto& [given, want] : kCases) EXPECT_EQ(normalize_page_path(given), want) << given;
}

TEST(PagePaths, OnlySlugSegmentsUpToTheDepthLimitAreAPath) {
  const std::pair<std::string, bool> kCases[] = {
      {"about", true},
      {"about/team", true},
      {"a/b/c/d", true},
      {"a/b/c/d/e", false},  // deeper than kMaxPageDepth, and the shape of a story address
      {"", false},
      {"About", false},
      {"about//team", false},
      {"about/", false},
      {"about-us--now", false},
      {"about us", false},
      {"about/../admin", false},
      {"caf\xc3\xa9", false},
      {std::string(kMaxPagePathLength + 1, 'a'), false},
  };
  for (const auto& [path, ok] : kCases) {
    auto error = page_path_syntax_error(path);
    EXPECT_EQ(!error.has_value(), ok) << path << ": " << error.value_or("");
    if (error) {
      EXPECT_FALSE(error->empty());
    }
  }
}

TEST(PagePaths, ParentLeafJoinAndUrl) {
  EXPECT_EQ(page_parent_path("about/team/masthead"), "about/team");
  EXPECT_EQ(page_parent_path("about"), "");
  EXPECT_EQ(page_leaf("about/team"), "team");
  EXPECT_EQ(page_leaf("about"), "about");
  EXPECT_EQ(join_page_path("about", "team"), "about/team");
  EXPECT_EQ(join_page_path("", "about"), "about");
  EXPECT_EQ(page_url_path("about/team"), "/about/team");
}

TEST(PagePaths, UnderMeansBelowAWholeSegment) {
  EXPECT_TRUE(is_page_path_under("about/team", "about"));
  EXPECT_TRUE(is_page_path_under("about/team/masthead", "about"));
  EXPECT_FALSE(is_page_path_under("about", "about"));
  EXPECT_FALSE(is_page_path_under("aboutus/team", "about"));
  EXPECT_FALSE(is_page_path_under("about", ""));
}

}  // namespace
}  // namespace marquee
