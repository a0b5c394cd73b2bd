// Bad input never crashes the enricher: empty text, invalid UTF-8, binary noise, huge text,
// unbalanced quotes and Markdown.
#include <gtest/gtest.h>

#include <random>

#include "fixture.h"

namespace marquee {
namespace {

using testing::small_graph;

void expect_sane(const Enrichment& r, std::string_view body) {
  for (const auto& m : r.mentions) {
    EXPECT_GE(m.offset, 0);
    EXPECT_GT(m.length, 0);
    if (m.field == StoryField::body) {
      EXPECT_LE(static_cast<std::size_t>(m.offset + m.length), body.size());
    }
    EXPECT_GE(m.confidence, 0.0);
    EXPECT_LE(m.confidence, 1.0);
  }
  for (const auto& q : r.quotes) {
    EXPECT_GE(q.position, 0);
    EXPECT_LE(static_cast<std::size_t>(q.position), body.size());
  }
}

TEST(Robustness, OddInputs) {
  const std::string cases[] = {
      "",
      " ",
      "\n\n\n",
      "\"",
      "\xE2\x80\x9C",
      "\xE2\x80",
      "\xE2",
      "Kristen Stewart\xE2",
      "\xff\xfe\xfd Kristen Stewart \xc3\x28 said \"\xa0\xa1\"",
      "\"\"\"\"\"\"\",,,,said said said\"\"",
      "```\nKristen Stewart\n",
      "[Kristen Stewart](",
      "<a href=\"x\"",
      "'s 's ' s Stewart's's",
      std::string(1000, '"'),
      std::string("\0Kristen Stewart\0", 17),
  };
  for (const auto& body : cases) {
    auto r = enrich_story(*small_graph(), {body, body, body});
    expect_sane(r, body);
    EXPECT_NO_THROW(repair_glued_text(*small_graph(), body));
  }
}

TEST(Robustness, RandomBytes) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 200; ++round) {
    std::string body(static_cast<std::size_t>(round * 7), '\0');
    for (auto& c : body) c = static_cast<char>(byte(rng));
    if (round % 2) body += " \"Hi there folks,\" Kristen Stewart said. Stewart's \xE2\x80\x9D";
    auto r = enrich_story(*small_graph(), {{}, {}, body});
    expect_sane(r, body);
    repair_glued_text(*small_graph(), body);
  }
}

TEST(Robustness, HugeTextIsCappedAndStillLinked) {
  std::string body;
  while (body.size() < 3'000'000)
    body += "Kristen Stewart met Dakota Fanning. \"Hello there,\" she said. ";
  EnrichOptions options;
  options.max_field_bytes = 1 << 20;
  auto r = enrich_story(*small_graph(), {{}, {}, body}, options);
  ASSERT_FALSE(r.mentions.empty());
  for (const auto& m : r.mentions) EXPECT_LE(m.offset + m.length, 1 << 20);
  EXPECT_EQ(r.links.size(), 2u);
  EXPECT_FALSE(r.quotes.empty());
}

}  // namespace
}  // namespace marquee
