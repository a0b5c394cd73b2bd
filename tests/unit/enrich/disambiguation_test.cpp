// Disambiguation: one name, several entities; cue words, co-mentioned entities and relations,
// and the prior decide, and a weak decision is kept as a low-confidence suggestion.
#include <gtest/gtest.h>

#include "fixture.h"

namespace marquee {
namespace {

using testing::small_graph;

struct SenseCase {
  const char* name;
  const char* body;
  const char* surface;   // the ambiguous mention to check (its first occurrence)
  const char* expected;  // slug
};

void PrintTo(const SenseCase& c, std::ostream* os) {
  *os << c.name;
}

class Sense : public ::testing::TestWithParam<SenseCase> {};

TEST_P(Sense, PicksTheEntityTheContextPointsTo) {
  const auto& g = *small_graph();
  const auto& c = GetParam();
  auto r = enrich_story(g, {{}, {}, c.body});
  const Mention* found = nullptr;
  for (const auto& m : r.mentions)
    if (m.surface == c.surface) {
      found = &m;
      break;
    }
  ASSERT_NE(found, nullptr) << c.body;
  EXPECT_EQ(testing::slug_of(g, found->entity_id), c.expected) << c.body;
}

const SenseCase kSenseCases[] = {
    {"band_cue_group", "Joan Jett formed the group The Runaways in 1975 with a drummer.",
     "The Runaways", "the-runaways-band"},
    {"band_cue_tour", "The Runaways toured Japan in 1977, where the band drew huge crowds.",
     "The Runaways", "the-runaways-band"},
    {"film_cue_star", "Kristen Stewart will star in The Runaways, out in March.", "The Runaways",
     "the-runaways-film"},
    {"film_cue_adjacent", "Critics liked The Runaways biopic more than expected.", "The Runaways",
     "the-runaways-film"},
    {"film_cue_director", "Floria Sigismondi, director of The Runaways, shot it in Los Angeles.",
     "The Runaways", "the-runaways-film"},
    {"film_by_relation_only",
     "Dakota Fanning and Kristen Stewart were seen leaving The Runaways "
     "premiere party.",
     "The Runaways", "the-runaways-film"},
    {"band_by_relation_only", "Cherie Currie and Lita Ford remember The Runaways fondly.",
     "The Runaways", "the-runaways-band"},
    {"song_cue", "The song Cherry Bomb still opens every set.", "Cherry Bomb", "cherry-bomb-song"},
    {"song_by_relation", "The Runaways band recorded Cherry Bomb in 1976.", "Cherry Bomb",
     "cherry-bomb-song"},
    {"documentary_cue", "The documentary film Cherry Bomb premiered at a small festival.",
     "Cherry Bomb", "cherry-bomb-documentary"},
    {"eclipse_film_cue", "Robert Pattinson returns in Eclipse, the third film.", "Eclipse",
     "eclipse-film"},
    {"eclipse_band_cue", "The band Eclipse played a loud gig downtown.", "Eclipse", "eclipse-band"},
    {"character_as", "Kristen Stewart stars as Joan Jett in the film.", "Joan Jett",
     "joan-jett-character"},
    {"person_says", "Joan Jett said she was proud of the film.", "Joan Jett", "joan-jett"},
    {"prior_without_cues", "We talked about The Runaways.", "The Runaways", "the-runaways-band"},
    {"italic_title_is_a_work", "We talked about *The Runaways*.", "The Runaways",
     "the-runaways-film"},
    {"surname_beats_other_people", "Elle Fanning and Dakota Fanning arrived. Fanning waved.",
     "Fanning", "dakota-fanning"},
};

INSTANTIATE_TEST_SUITE_P(Cases, Sense, ::testing::ValuesIn(kSenseCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Disambiguation, BothSensesInOneStory) {
  const auto& g = *small_graph();
  auto r = enrich_story(g, {{},
                            {},
                            "Joan Jett formed the band The Runaways in 1975.\n\n"
                            "Decades later Kristen Stewart played her in the film The Runaways."});
  std::vector<std::string> slugs;
  for (const auto& m : r.mentions)
    if (m.surface == "The Runaways") slugs.push_back(testing::slug_of(g, m.entity_id));
  EXPECT_EQ(slugs, (std::vector<std::string>{"the-runaways-band", "the-runaways-film"}));
}

TEST(Disambiguation, WeakEvidenceLowersConfidence) {
  const auto& g = *small_graph();
  auto strong = enrich_story(g, {{}, {}, "Joan Jett formed the band The Runaways in 1975."});
  auto weak = enrich_story(g, {{}, {}, "We talked about The Runaways."});
  ASSERT_EQ(weak.mentions.size(), 1u);
  double strong_conf = 0;
  for (const auto& m : strong.mentions)
    if (m.surface == "The Runaways") strong_conf = m.confidence;
  EXPECT_GT(strong_conf, weak.mentions[0].confidence);
  EXPECT_LT(weak.mentions[0].confidence, 0.9);
  EXPECT_GT(weak.mentions[0].confidence, 0.0);  // kept, not dropped
}

}  // namespace
}  // namespace marquee
