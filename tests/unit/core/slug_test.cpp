#include "core/slug.h"

#include <gtest/gtest.h>

namespace marquee {
namespace {

TEST(Slug, Cases) {
  const std::pair<const char*, const char*> cases[] = {
      {"Kristen Stewart's 'Runaways' Clip!", "kristen-stewarts-runaways-clip"},
      {"The Twilight Saga: Eclipse", "the-twilight-saga-eclipse"},
      {"  leading and trailing  ", "leading-and-trailing"},
      {"Beyoncé & Jay-Z", "beyonce-jay-z"},
      {"Dvořák, Łódź, Žižek", "dvorak-lodz-zizek"},
      {"Straße", "strasse"},
      {"Cherie Currie’s “Cherry Bomb”", "cherie-curries-cherry-bomb"},
      {"2010: A Year", "2010-a-year"},
      {"!!!", ""},
      {"日本語", ""},
      {"\xff\xfe broken utf8", "broken-utf8"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(slugify(in), out) << in;
}

TEST(Slug, LengthIsCappedOnAWordBoundary) {
  std::string long_title;
  for (int i = 0; i < 40; ++i) long_title += "word ";
  auto slug = slugify(long_title, 30);
  EXPECT_LE(slug.size(), 30u);
  EXPECT_NE(slug.back(), '-');
  EXPECT_TRUE(is_valid_slug(slug));
}

TEST(Slug, Validity) {
  EXPECT_TRUE(is_valid_slug("the-runaways-2010"));
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("-a"));
  EXPECT_FALSE(is_valid_slug("a--b"));
  EXPECT_FALSE(is_valid_slug("A"));
  EXPECT_FALSE(is_valid_slug("a/b"));
  EXPECT_FALSE(is_valid_slug("../etc"));
}

}  // namespace
}  // namespace marquee
