// Shared by the scraped-text and HTML story tests: fixture files, the site's clock, a glue
// repair that knows a handful of names, and helpers to unwrap results.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/site_time.h"
#include "importers/scraped_story.h"

namespace marquee::scrape_test {

inline std::string read_fixture(const std::string& name) {
  const std::string path = std::string(MARQUEE_TEST_DATA) + "/import/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline const SiteTime& eastern() {
  static const SiteTime site = *SiteTime::load("America/New_York");
  return site;
}

// A stand-in for enrich's repair_glued_text over a small graph: a space goes in wherever one of
// these names touches a letter. Enough to show that the readers call it on the right pieces.
inline std::string repair_known_names(std::string_view text) {
  static const std::vector<std::string> kNames = {"The Twilight Saga: Eclipse",
                                                  "The Runaways",
                                                  "Kristen Stewart",
                                                  "Dakota Fanning",
                                                  "Joan Jett",
                                                  "Cherie Currie"};
  const auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto name = std::find_if(kNames.begin(), kNames.end(), [&](const std::string& n) {
      return text.substr(i).starts_with(n);
    });
    if (name == kNames.end()) {
      out += text[i++];
      continue;
    }
    if (!out.empty() && is_letter(out.back())) out += ' ';
    out += *name;
    i += name->size();
    if (i < text.size() && is_letter(text[i])) out += ' ';
  }
  return out;
}

inline const GlueRepair& known_names() {
  static const GlueRepair repair = repair_known_names;
  return repair;
}

inline ScrapedStory story_or_fail(ScrapedStoryResult result, std::string_view what) {
  if (auto* error = std::get_if<StoryFileError>(&result)) {
    ADD_FAILURE() << what << " refused: " << to_string(*error);
    return {};
  }
  return std::get<ScrapedStory>(std::move(result));
}

inline StoryFileError error_or_fail(ScrapedStoryResult result, std::string_view what) {
  if (auto* story = std::get_if<ScrapedStory>(&result)) {
    ADD_FAILURE() << what << " was accepted, headline: " << story->story.article.headline;
    return {};
  }
  return std::get<StoryFileError>(std::move(result));
}

inline Time utc(int y, unsigned m, unsigned d, int h, int min) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min};
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace marquee::scrape_test
